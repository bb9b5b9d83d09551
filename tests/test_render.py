"""The folium map of a View: colours follow the highlight, strings from files are escaped."""

from __future__ import annotations

import re

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo import offline, render, style
from geo.provisions import load_provisions
from geo.view import View

HOSTILE = '<img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def layers():
    boxes = {"idlib": (36.2, 35.3, 37.2, 36.3), "northern_homs": (36.45, 34.75, 36.8, 35.0),
             "eastern_ghouta": (36.33, 33.48, 36.5, 33.6), "southern": (35.85, 32.5, 36.5, 33.2)}
    rows = [{"id": i, "kind": "de-escalation area", "name": i.title(), "name_ar": "منطقة", "confidence": "low"}
            for i in boxes]
    rows[3]["name"] = "Southern " + HOSTILE
    geoms = [box(*b) for b in boxes.values()]
    rows.append({"id": "idlib_security_zone", "kind": "security zone", "name": "Zone", "name_ar": "", "confidence": "low"})
    geoms.append(box(36.1, 35.2, 37.3, 36.4).difference(box(36.2, 35.3, 37.2, 36.3)))
    areas = gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")
    outline = gpd.GeoDataFrame({"id": ["syria", "golan_occupied"], "name": ["Syria", "Golan"]},
                               geometry=[box(35.7, 32.3, 42.3, 37.3), box(35.7, 32.7, 35.85, 33.3)], crs="EPSG:4326")
    governorates = gpd.GeoDataFrame({"name": ["Idlib", "Dar'a " + HOSTILE]},
                                    geometry=[box(35.7, 35, 42.3, 37.3), box(35.7, 32.3, 42.3, 35)], crs="EPSG:4326")
    return areas, outline, governorates, load_provisions(area_ids=areas["id"])


def _html(layers, view: View | None = None, **kwargs) -> str:
    return render.build_map(*layers, view or View(), **kwargs).get_root().render()


def _states(html: str) -> dict[str, str]:
    return {i: s for s, i in re.findall(r"zonemap-(selected|highlighted|dimmed) zonemap-id-(\w+)", html)}


def test_strings_from_files_are_escaped(layers):
    html = _html(layers, marker=(35.86, 36.8, "Saraqib " + HOSTILE))
    assert HOSTILE not in html
    assert "&lt;img src=x" in html or "\\u0026lt;img" in html


def test_no_filter_lights_every_area(layers):
    states = _states(_html(layers))
    assert set(states) == {"idlib", "northern_homs", "eastern_ghouta", "southern", "idlib_security_zone"}
    assert set(states.values()) == {"highlighted"}


def test_provision_5_lights_only_idlib_and_its_zone(layers):
    html = _html(layers, View(provisions=(5,)))
    states = _states(html)
    assert {i for i, s in states.items() if s == "highlighted"} == {"idlib", "idlib_security_zone"}
    assert {i for i, s in states.items() if s == "dimmed"} == {"northern_homs", "eastern_ghouta", "southern"}
    assert "Provision 5 \\u2014 where it applies" in html  # tojson escapes the dash
    assert style.DIMMED in html and style.area_colour("idlib") in html


def test_selection_is_drawn_selected(layers):
    states = _states(_html(layers, View(selected="southern")))
    assert states["southern"] == "selected" and states["idlib"] == "dimmed"


def test_country_scope_fills_the_country(layers):
    html = _html(layers, View(provisions=(4,)))
    assert "zonemap-country" in html and style.COUNTRY_HIGHLIGHT in html
    assert "zonemap-country" not in _html(layers, View(provisions=(5,)))


def test_procedural_provision_says_it_has_no_place(layers):
    html = _html(layers, View(provisions=(13,)))
    assert "no place" in html
    assert set(_states(html).values()) == {"dimmed"}


def test_layers_can_be_hidden(layers):
    html = _html(layers, View(layers=frozenset({"areas"})))
    assert "idlib_security_zone" not in _states(html)
    assert "Governorate boundary" not in html and "Dar&#x27;a" not in html
    assert _states(_html(layers, View(layers=frozenset()))) == {}


def test_legend_note_scale_and_no_tiles_by_default(layers):
    html = _html(layers)
    for text in ("zonemap-legend", "zonemap-note", "Shapes are approximate", "Idlib security zone",
                 "Not covered by the filter", "Governorate boundary", "Israeli-occupied Golan"):
        assert text in html
    assert "control.scale" in html.lower() or "L.control.scale" in html
    assert "tile.openstreetmap.org" not in html
    assert "tile.openstreetmap.org" in _html(layers, tiles="OpenStreetMap")


def test_offline_map_makes_no_request(layers):
    m = offline.offline_assets(render.build_map(*layers, View(), marker=(35.86, 36.8, "Saraqib")))
    assert offline.external_urls(m.get_root().render()) == []


def test_page_parts_compose_the_whole_map(layers):
    areas, outline, governorates, provisions = layers
    base = render.base_map(outline, governorates, View().layers)
    render.view_layer(areas, outline, provisions, View(provisions=(5,)), (35.86, 36.8, "Saraqib")).add_to(base)
    states = _states(base.get_root().render())
    assert states["idlib"] == "highlighted" and states["southern"] == "dimmed"


def test_geojson_of_rounds_and_escapes(layers):
    _, _, governorates, _ = layers
    doc = render.geojson_of(governorates, ["name", "missing"])
    assert doc["features"][1]["properties"] == {"name": "Dar&#x27;a &lt;img src=x onerror=&quot;alert(1)&quot;&gt;"}
    ring = doc["features"][0]["geometry"]["coordinates"][0]
    assert all(isinstance(v, float) for pt in ring for v in pt)


def test_the_legend_lists_the_areas_that_are_loaded(two_areas):
    from geo import load

    mine = load.load_areas(two_areas)
    legend = render.legend_html(area_names=render.legend_names(mine))
    assert "North" in legend and "South" in legend
    assert "Eastern Ghouta" not in legend and "Idlib security zone" in legend
