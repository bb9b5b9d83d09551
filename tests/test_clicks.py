"""Page logic without Streamlit: a map click becomes a selection; the URL round-trips the view."""

from __future__ import annotations

import math

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo import clicks

SARAQIB = {"lat": 35.86, "lng": 36.80}


@pytest.fixture(scope="module")
def areas() -> gpd.GeoDataFrame:
    rows = [
        ("idlib", "de-escalation area", box(36.2, 35.3, 37.2, 36.3)),
        ("southern", "de-escalation area", box(35.85, 32.5, 36.5, 33.2)),
        ("idlib_security_zone", "security zone", box(36.1, 35.2, 37.3, 36.4).difference(box(36.2, 35.3, 37.2, 36.3))),
    ]
    return gpd.GeoDataFrame({"id": [r[0] for r in rows], "kind": [r[1] for r in rows]},
                            geometry=[r[2] for r in rows], crs="EPSG:4326")


def test_click_inside_an_area_selects_it(areas):
    assert clicks.selection_from_click(areas, SARAQIB) == "idlib"
    assert clicks.selection_from_click(areas, {"lat": 32.85, "lng": 36.05}) == "southern"


def test_click_outside_every_area_clears(areas):
    assert clicks.selection_from_click(areas, {"lat": 35.0, "lng": 41.0}) is None


def test_click_in_the_belt_selects_the_security_zone(areas):
    assert clicks.selection_from_click(areas, {"lat": 35.25, "lng": 36.7}) == "idlib_security_zone"


def test_hidden_layers_cannot_be_clicked(areas):
    assert clicks.selection_from_click(areas, SARAQIB, layers=["security_zone"]) is None
    assert clicks.selection_from_click(areas, {"lat": 35.25, "lng": 36.7}, layers=["areas"]) is None


@pytest.mark.parametrize("bad", [None, {}, {"lat": "x", "lng": 1}, {"lat": math.nan, "lng": 36}, [35, 36]])
def test_unusable_clicks_select_nothing(areas, bad):
    assert clicks.click_point(bad) is None
    assert clicks.selection_from_click(areas, bad) is None
    assert not clicks.is_new_click(bad, None)


def test_the_same_click_is_handled_once():
    assert clicks.is_new_click(SARAQIB, None)
    assert not clicks.is_new_click(dict(SARAQIB), SARAQIB)
    assert clicks.is_new_click({"lat": 35.0, "lng": 41.0}, SARAQIB)


def test_security_zone_takes_its_areas_provisions(areas):
    assert clicks.owner_area(areas, "idlib_security_zone") == "idlib"
    assert clicks.owner_area(areas, "southern") == "southern"


def test_url_round_trip():
    params = clicks.to_params("idlib", [9, 5, 5], ["humanitarian"])
    assert params == {"area": "idlib", "provision": ["5", "9"], "category": ["humanitarian"]}
    state = clicks.parse_params(params, ["idlib", "southern"], range(1, 15), ["humanitarian"])
    assert (state.area, state.provisions, state.categories, state.warnings) == ("idlib", (5, 9), ("humanitarian",), ())
    assert clicks.to_params(None) == {}


def test_unknown_url_values_are_warnings_not_errors():
    state = clicks.parse_params({"area": "atlantis", "provision": ["5", "99", "x"], "category": "nope"},
                                ["idlib"], range(1, 15), ["security"])
    assert state.area is None and state.provisions == (5,) and state.categories == ()
    assert len(state.warnings) == 4
    assert "'atlantis'" in state.warnings[0] and "'99'" in state.warnings[1]


def test_comma_separated_provisions_are_accepted():
    assert clicks.parse_params({"provision": "5,9"}, [], range(1, 15)).provisions == (5, 9)


def test_markdown_from_files_is_inert():
    assert clicks.md_escape("*a* [x](http://e) $1$ <b>") == r"\*a\* \[x\]\(http://e\) \$1\$ \<b\>"
