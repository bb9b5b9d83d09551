"""geo.render: the folium map of a scene. The map's data is decoded out of the rendered HTML and compared with
what the user must see — every tooltip is the escaped form of its name, nothing in a name runs as HTML or as a
template — and the page's two parts (base map, scene layer) make up the whole map."""

from __future__ import annotations

import html as html_lib
import json
import re

import pytest

from geo import offline, render
from geo.atlas import Sources, load_atlas
from geo.scene import View, resolve
from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection
from tests.hostile import NAMES, write

HOSTILE, HOSTILE_AR = NAMES["area"], NAMES["area_ar"]  # markup, a Jinja expression; a Jinja loop


@pytest.fixture(scope="module")
def hostile_atlas(tmp_path_factory):
    path = write(tmp_path_factory.mktemp("hostile") / "areas.geojson", collection(
        area_feature("north", IDLIB_SQUARE, name=HOSTILE, name_ar=HOSTILE_AR, confidence="low"),
        area_feature("south", DARAA_SQUARE, name="South & sons")))
    return load_atlas(Sources(areas=str(path)))


def rendered(scene, tiles=None) -> str:
    return render.build_map(scene, tiles=tiles).get_root().render()


def geojson_layers(page: str) -> list[dict]:
    """Every GeoJSON FeatureCollection the map's script adds, decoded as the browser will."""
    decoder = json.JSONDecoder()
    out = []
    for match in re.finditer(r"_add\(", page):
        try:
            doc, _ = decoder.raw_decode(page, match.end())
        except json.JSONDecodeError:
            continue
        if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
            out.append(doc)
    return out


def shapes_layer(page: str) -> dict:
    return next(layer for layer in geojson_layers(page) if any("tip_html" in f["properties"] for f in layer["features"]))


def test_every_tooltip_is_the_escaped_form_of_its_name(hostile_atlas):
    scene = resolve(hostile_atlas.at(), View())
    page = rendered(scene)
    tips = {f["properties"]["id"]: f["properties"]["tip_html"] for f in shapes_layer(page)["features"]}
    for fid, lines in zip(scene.shapes["id"], scene.shapes["tip"], strict=True):
        assert tips[fid] == "<br>".join(render.html(line) for line in lines)
        # What the browser shows after decoding the references is the name itself, as text.
        assert html_lib.unescape(tips[fid].split("<br>")[0]) == lines[0]
    assert "<img" not in tips["north"] and "&lt;img src=x" in tips["north"]


def test_nothing_in_a_name_runs_as_a_template(hostile_atlas):
    page = rendered(resolve(hostile_atlas.at(), View(selected="north")))
    decoded = html_lib.unescape(page.replace("\\u0026", "&"))
    assert "LOOPLOOP" not in decoded and "> 49 " not in decoded  # branca's second Jinja pass ran nothing
    assert decoded.count("{{ 7*7 }}") >= 3  # the name, shown as written: tooltip, label, legend


def test_legend_and_title_controls_hold_the_scene(atlas):
    scene = resolve(atlas.at(), View(provisions=(atlas.provision(5),)))
    page = rendered(scene)
    contents = [json.loads(m) for m in re.findall(r"div\.innerHTML = (\"(?:[^\"\\]|\\.)*\");", page)]
    legend = next(c for c in contents if c.startswith('<details open><summary data-show=" (show)">Legend</summary>'))
    for entry in scene.legend:
        assert render.html(entry.label) in legend
    title = next(c for c in contents if c.startswith(f"<b>{render.html(scene.title)}</b>"))
    assert "As of 15 September 2017" in title


def test_the_whole_country_is_filled_only_for_a_provision_about_syria(atlas):
    country = '"className": "zonemap-country"'
    assert country in rendered(resolve(atlas.at(), View(provisions=(atlas.provision(4),))))
    assert country not in rendered(resolve(atlas.at(), View(provisions=(atlas.provision(5),))))


def test_hidden_layers_are_not_drawn(atlas):
    scene = resolve(atlas.at(), View(layers=frozenset({"areas"})))
    ids = {f["properties"]["id"] for f in shapes_layer(rendered(scene))["features"]}
    assert ids == {"idlib", "northern_homs", "eastern_ghouta", "southern"}
    base = render.base_map(atlas, frozenset({"areas"})).get_root().render()
    assert not any(f["properties"].get("name") == "Idlib" for layer in geojson_layers(base) for f in layer["features"])


def test_the_map_moves_to_a_selection_once(atlas):
    page = rendered(resolve(atlas.at(), View(selected="eastern_ghouta")))
    token = re.search(r"window.zonemapFrame !== (\"[^\"]+\")", page).group(1)
    assert json.loads(token) == "selected:eastern_ghouta"
    bounds = json.loads(re.search(r"map.fitBounds\((\[\[.*?\]\])", page).group(1))
    (south, west), (north, east) = bounds
    assert north - south < 0.5 and east - west < 0.6  # Eastern Ghouta fills the frame, not a speck


def test_no_request_leaves_the_machine_unless_tiles_are_chosen(atlas):
    scene = resolve(atlas.at(), View())
    page = offline.offline_assets(render.build_map(scene)).get_root().render()
    assert offline.external_urls(page) == []
    assert "tile.openstreetmap.org" in rendered(scene, tiles="OpenStreetMap")


def test_no_default_marker_image_is_requested(atlas):
    page = rendered(resolve(atlas.at(), View()))
    assert "L.marker(" in page and "L.Icon.Default" not in page  # labels are div icons made in one script


def test_the_legend_uses_the_names_of_a_users_file(hostile_atlas):
    scene = resolve(hostile_atlas.at(), View())
    labels = [e.label for e in scene.legend]
    assert HOSTILE in labels and "South & sons" in labels and "Eastern Ghouta" not in labels


# --- issue 20: hatching as in the exports, tiles that show, posts that answer a click -----------------------------


def styles(page: str) -> set[str]:
    return set(re.findall(r'"fill(?:Color|Opacity)": [^,}]+', page))


def test_with_a_basemap_our_fills_give_way_to_the_tiles(atlas):
    plain = styles(render.base_map(atlas, frozenset({"areas"})).get_root().render())
    tiled = styles(render.base_map(atlas, frozenset({"areas"}), "OpenStreetMap").get_root().render())
    assert '"fillOpacity": 1' in plain and '"fillColor": "#FFFFFF"' in plain  # land and neighbours, opaque
    assert '"fillOpacity": 1' not in tiled and '"fillColor": "#FFFFFF"' not in tiled  # nothing opaque over tiles
    assert '"fillOpacity": 0' in tiled  # the neighbours keep their outlines only


def test_zones_are_hatched_in_their_colour_as_in_the_exports(atlas):
    scene = resolve(atlas.at("2018-10-01"), View(provisions=(atlas.provision("sochi-2018:3"),)))
    page = rendered(scene)
    hatch = next(layer for layer in geojson_layers(page) if all("pattern" in f["properties"] for f in layer["features"]))
    assert {f["properties"]["id"] for f in hatch["features"]} == {"idlib_dmz"}
    pattern = hatch["features"][0]["properties"]["pattern"]
    assert f'"fillColor": "url(#{pattern})"' in page
    zone_colour = scene.shapes.set_index("id").loc["idlib_dmz", "fill"]
    patterns = json.loads(re.search(r"(\[\[\"zm-hatch-.*?\]\])\.forEach", page).group(1))
    assert [pattern, [0], zone_colour, -45] in patterns  # the schema's "\\\\" hatch, in the zone's own colour


def test_every_post_is_a_clickable_marker_with_its_facts(atlas):
    scene = resolve(atlas.at("2018-10-01"), View(selected="op_salwa"))
    page = rendered(scene)
    for post_id in scene.posts["id"]:
        assert f"zonemap-post zonemap-post-{post_id}" in page
    assert "zonemap-post zonemap-post-op_salwa zonemap-selected" in page
    tip = "Salwa<br>صلوة<br>Turkey observation post<br>under Astana joint statement<br>set up 2017-10-13"  # posts.geojson
    assert tip in html_lib.unescape(page.replace("\\u003c", "<").replace("\\u003e", ">"))


def test_the_areas_button_frames_the_areas_of_the_date(atlas):
    page = rendered(resolve(atlas.at("2020-03-10"), View()))
    (south, west), (north, east) = json.loads(re.search(r"window.zonemapAreas = (\[\[.*?\]\]);", page).group(1))
    assert south > 35.0 and north - south < 2.0  # Idlib of 2020, not every area that ever was
    assert "window.zonemapAreas ||" in page  # the button reads it


def test_the_legend_folds_on_a_narrow_map(atlas):
    page = rendered(resolve(atlas.at(), View()))
    assert f"map.getSize().x < {render.FOLD_BELOW}" in page and "folds.open = false" in page


def test_the_events_line_of_the_legend_is_whole(atlas):
    scene = resolve(atlas.at("2018-03-01"), View(layers=frozenset({"areas", "events"}), events_days=730))
    assert scene.events_note.endswith("circle area ∝ deaths")
    assert render.html(scene.events_note) in render.legend_html(scene.legend)  # it was cut at "circle area ∝…"
