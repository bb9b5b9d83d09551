"""Page logic without Streamlit: a click becomes the shape the person clicked (what is drawn on top wins, its
outline included); the URL round-trips the view, dates and searches included."""

from __future__ import annotations

import math
from datetime import date

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo import clicks

SARAQIB = {"lat": 35.86, "lng": 36.80}


@pytest.fixture(scope="module")
def shapes() -> gpd.GeoDataFrame:
    """Two areas and a belt drawn on top of the first one's edge, in drawing order."""
    rows = [
        ("idlib", box(36.2, 35.3, 37.2, 36.3), ("Idlib area", "De-escalation area · shape confidence: medium")),
        ("southern", box(35.85, 32.5, 36.5, 33.2), ("Southern", "De-escalation area · shape confidence: low")),
        ("zone", box(36.1, 35.2, 37.3, 35.45), ("Belt", "Security zone · shape confidence: low")),
    ]
    return gpd.GeoDataFrame({"id": [r[0] for r in rows], "tip": [r[2] for r in rows]},
                            geometry=[r[1] for r in rows], crs="EPSG:4326")


def returned(lat, lng, tooltip=None, on_layer=True):
    point = {"lat": lat, "lng": lng}
    return {"last_clicked": point, "last_object_clicked": point if on_layer else None,
            "last_object_clicked_tooltip": tooltip}


def test_the_path_under_the_pointer_wins(shapes):
    # The browser reports the clicked path's tooltip text (table cells flattened, <br> gone).
    assert clicks.selection_from_click(shapes, returned(35.4, 36.7, "BeltSecurity zone · shape confidence: low")) == "zone"
    # On the outline of Idlib, a hair outside its polygon: the stroke is part of the path.
    assert clicks.selection_from_click(shapes, returned(36.3005, 36.7, "Idlib area\nDe-escalation area · shape "
                                                                        "confidence: medium")) == "idlib"


def test_the_background_falls_back_to_the_topmost_shape_or_clears(shapes):
    assert clicks.selection_from_click(shapes, returned(35.4, 36.7, on_layer=False)) == "zone"  # overlap: zone on top
    assert clicks.selection_from_click(shapes, returned(35.9, 36.7, on_layer=False)) == "idlib"
    assert clicks.selection_from_click(shapes, returned(35.0, 41.0, on_layer=False)) is None
    # A stale tooltip from an earlier click does not count when this click was on the background.
    assert clicks.selection_from_click(shapes, returned(35.0, 41.0, "Southern…", on_layer=False)) is None


def test_an_earlier_click_on_a_shape_does_not_decide_a_click_on_the_background(shapes):
    # streamlit-folium keeps the last object clicked (and its tooltip) until another object is clicked.
    earlier, now = {"lat": 35.4, "lng": 36.7}, {"lat": 32.85, "lng": 36.05}
    stale = {"last_clicked": now, "last_object_clicked": earlier,
             "last_object_clicked_tooltip": "BeltSecurity zone · shape confidence: low"}
    assert clicks.selection_from_click(shapes, stale) == "southern"


def test_of_two_shapes_with_the_same_tooltip_the_one_drawn_on_top_wins():
    tip = ("Box", "De-escalation area · shape confidence: low")  # e.g. an upload naming two features alike
    two = gpd.GeoDataFrame({"id": ["lower", "upper"], "tip": [tip, tip]},
                           geometry=[box(36.0, 35.0, 37.0, 36.0), box(36.4, 35.4, 36.6, 35.6)], crs="EPSG:4326")
    assert clicks.selection_from_click(two, returned(35.5, 36.5, "Box De-escalation area · shape confidence: low")) == "upper"


def test_lat_and_lng_are_not_swapped(shapes):
    assert clicks.selection_from_click(shapes, returned(32.85, 36.05, on_layer=False)) == "southern"
    assert clicks.selection_from_click(shapes, returned(36.05, 32.85, on_layer=False)) is None


@pytest.mark.parametrize("bad", [None, {}, {"lat": "x", "lng": 1}, {"lat": math.nan, "lng": 36}, [35, 36]])
def test_unusable_clicks_select_nothing(shapes, bad):
    assert clicks.click_point(bad) is None
    assert clicks.selection_from_click(shapes, {"last_clicked": bad}) is None
    assert not clicks.is_new_click(bad, None)


def test_the_same_click_is_handled_once():
    assert clicks.is_new_click(SARAQIB, None)
    assert not clicks.is_new_click(dict(SARAQIB), SARAQIB)
    assert clicks.is_new_click({"lat": 35.0, "lng": 41.0}, SARAQIB)


def test_url_round_trip_with_date_place_and_keys(atlas):
    state = clicks.UrlState(date(2018, 10, 1), "idlib", ("statement-2017:5", "sochi-2018:3"), ("humanitarian",),
                            "Saraqib")
    params = clicks.to_params(state, atlas.schema.default_date, atlas.schema.default_agreement)
    assert params == {"date": "2018-10-01", "area": "idlib", "provision": ["5", "sochi-2018:3"],
                      "category": ["humanitarian"], "place": "Saraqib"}
    assert clicks.parse_params(params, atlas) == state
    default = clicks.UrlState(atlas.schema.default_date)
    assert clicks.to_params(default, atlas.schema.default_date, atlas.schema.default_agreement) == {}


def test_unknown_url_values_are_warnings_not_errors(atlas):
    state = clicks.parse_params({"area": "atlantis", "provision": ["5", "99", "x"], "category": "nope",
                                 "date": "yesterday"}, atlas)
    assert state.area is None and state.provisions == ("statement-2017:5",) and state.categories == ()
    assert state.date is None
    assert len(state.warnings) == 5
    assert any("'atlantis'" in w for w in state.warnings) and any("'yesterday'" in w for w in state.warnings)


def test_a_linked_date_outside_the_data_is_a_warning_not_an_empty_map(atlas):
    """The areas begin with the Astana memorandum (4 May 2017) and no layer runs past 2021: a link to 1999 or 9999
    shows the default date and says why, as a typed date does."""
    for raw in ("1999-01-01", "9999-12-31"):
        state = clicks.parse_params({"date": raw}, atlas)
        assert state.date is None and len(state.warnings) == 1
        assert raw in state.warnings[0] and "outside the days the data describes" in state.warnings[0]
    assert clicks.parse_params({"date": "2018-10-01"}, atlas).date == date(2018, 10, 1)


def test_comma_separated_provisions_are_accepted(atlas):
    assert clicks.parse_params({"provision": "5,9"}, atlas).provisions == ("statement-2017:5", "statement-2017:9")


def test_of_two_shapes_that_look_alike_the_one_under_the_pointer_wins():
    twins = gpd.GeoDataFrame({"id": ["lower", "upper"], "tip": [("Box", "low"), ("Box", "low")]},
                             geometry=[box(36.0, 35.0, 37.0, 36.0), box(36.8, 35.8, 37.5, 36.5)], crs="EPSG:4326")
    assert clicks.selection_from_click(twins, returned(35.2, 36.2, "Boxlow")) == "lower"
    assert clicks.selection_from_click(twins, returned(35.9, 36.9, "Boxlow")) == "upper"  # on top where both are


def test_a_click_on_a_shape_with_a_very_long_name_selects_it(write_json):
    """The map clips a long tooltip line; the click is matched against the same clipped text, not the point."""
    import html

    import folium

    from geo import render
    from geo.atlas import Sources, load_atlas
    from geo.scene import View, resolve
    from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection

    name = "North " + "x" * 194
    path = write_json("areas.geojson", collection(area_feature("north", IDLIB_SQUARE, name=name),
                                                  area_feature("south", DARAA_SQUARE)))
    scene = resolve(load_atlas(Sources(areas=str(path))).at(), View())
    drawn = next(c for c in render.scene_layer(scene)._children.values() if isinstance(c, folium.GeoJson))
    tip = next(f["properties"]["tip_html"] for f in drawn.data["features"] if f["properties"]["id"] == "north")
    shown = html.unescape(tip.replace("<br>", "\n"))  # the tooltip's text, as the browser reports it
    # On north's outline, a hair outside its polygon: only the tooltip tells which path was clicked.
    assert clicks.selection_from_click(scene.shapes, returned(36.0005, 36.7, shown)) == "north"


def test_a_click_on_a_post_selects_the_post(shapes):
    from shapely.geometry import Point

    posts = gpd.GeoDataFrame({"id": ["op_a", "op_b"],
                              "tip": [("Salwa", "Turkey observation post", "set up 2017-10-20"),
                                      ("Morek", "Turkey observation post", "set up 2018-04-07")]},
                             geometry=[Point(36.7, 35.4), Point(36.6, 35.35)], crs="EPSG:4326")
    # The browser flattens the tooltip's lines; the post is drawn over the belt and the area.
    tip = "MorekTurkey observation postset up 2018-04-07"
    assert clicks.selection_from_click(shapes, returned(35.35, 36.6, tip), posts=posts) == "op_b"
    # A click on a shape's path, posts or not, still selects the shape.
    belt = "BeltSecurity zone · shape confidence: low"
    assert clicks.selection_from_click(shapes, returned(35.4, 36.7, belt), posts=posts) == "zone"
    # A post's stale tooltip does not decide a click on the background.
    stale = {"last_clicked": {"lat": 32.85, "lng": 36.05}, "last_object_clicked": {"lat": 35.35, "lng": 36.6},
             "last_object_clicked_tooltip": tip}
    assert clicks.selection_from_click(shapes, stale, posts=posts) == "southern"


def test_a_selected_post_round_trips_through_the_url(atlas):
    state = clicks.UrlState(date(2018, 10, 1), None, (), (), "", post="op_salwa")
    params = clicks.to_params(state, date(2017, 9, 15))
    assert params == {"date": "2018-10-01", "post": "op_salwa"}
    back = clicks.parse_params(params, atlas)
    assert back.post == "op_salwa" and back.area is None
    unknown = clicks.parse_params({"post": "op_<b>x</b>"}, atlas)
    assert unknown.post is None and unknown.warnings


def test_the_language_is_kept_in_the_url_with_the_rest_of_the_view(atlas):
    """``?lang=ar`` opens the page in Arabic and stays in the link beside the date and the selection; English,
    the default, is left out, as the default date is."""
    state = clicks.UrlState(date(2018, 10, 1), "idlib", lang="ar")
    params = clicks.to_params(state, atlas.schema.default_date, atlas.schema.default_agreement)
    assert params == {"lang": "ar", "date": "2018-10-01", "area": "idlib"}
    assert clicks.parse_params(params, atlas) == state
    assert "lang" not in clicks.to_params(clicks.UrlState(lang="en"), atlas.schema.default_date)


def test_an_unknown_language_in_the_url_is_a_warning_and_english(atlas):
    got = clicks.parse_params({"lang": "xx", "date": "2018-13-40"}, atlas)
    assert got.lang == "en" and "Unknown language 'xx'" in got.warnings[0] and "ar" in got.warnings[0]


def test_a_link_in_arabic_warns_in_arabic(atlas):
    """The link's other warnings are said in its language (the Arabic catalogue's own words)."""
    from babel.messages.pofile import read_po

    from geo.i18n import LOCALE_DIR

    with open(LOCALE_DIR / "ar" / "LC_MESSAGES" / "zonemap.po", "rb") as fh:
        catalogue = read_po(fh)
    template = catalogue.get("Unknown area %(value)s in the link, ignored (known: %(known)s).").string
    got = clicks.parse_params({"lang": "ar", "area": "atlantis"}, atlas)
    assert got.lang == "ar" and got.area is None
    assert got.warnings == (template % {"value": "'atlantis'", "known": ", ".join(atlas.names)},)
