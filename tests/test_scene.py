"""geo.scene.scene: one rule for what is lit, on every date; titles and legends that say what is drawn; and the folium
map and the static map drawing the same scene (a matrix of views rendered both ways)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import scene_of

AREAS = {"idlib", "northern_homs", "eastern_ghouta", "southern"}


def states(scene) -> dict[str, str]:
    return dict(zip(scene.shapes["id"], scene.shapes["state"], strict=True))


def fills(scene) -> dict[str, str]:
    return dict(zip(scene.shapes["id"], scene.shapes["fill"], strict=True))


def test_no_filter_draws_every_area_in_its_own_colour(atlas):
    scene = scene_of(atlas)
    assert states(scene) == {i: "highlighted" for i in AREAS | {"idlib_security_zone"}}
    assert len({fills(scene)[i] for i in AREAS}) == 4
    assert scene.title == "The de-escalation areas of Syria"
    assert scene.subtitle.startswith("As of 15 September 2017")
    assert [e.label for e in scene.legend if e.swatch == "fill"] == [atlas.names[i] for i in
                                                                     ("idlib", "northern_homs", "eastern_ghouta", "southern")]
    assert not any("Not covered" in e.label or "Not selected" in e.label for e in scene.legend)


def test_provision_5_lights_the_zone_it_names_and_idlib_only_as_context(atlas):
    scene = scene_of(atlas, provisions=(5,))
    s = states(scene)
    assert s["idlib_security_zone"] == "highlighted" and s["idlib"] == "context"
    assert {s[i] for i in ("northern_homs", "eastern_ghouta", "southern")} == {"dimmed"}
    assert scene.title == "Astana joint statement 5 — where it applies"
    assert any(e.label == "Not covered by the filter" for e in scene.legend)


def test_provisions_for_the_areas_and_for_syria_look_different(atlas):
    scene = scene_of(atlas, provisions=(9, 10))
    assert scene.country_fill is not None
    assert {fills(scene)[i] for i in AREAS} == {scene.groups[0].colour}
    assert scene.groups[0].colour != scene.country_fill
    labels = [e.label for e in scene.legend[:2]]
    assert labels[0].startswith("Astana joint statement 9: ") and labels[1] == "Astana joint statement 10: Syria as a whole"


def test_a_category_with_two_place_sets_gets_two_colours(atlas):
    scene = scene_of(atlas, provisions=tuple(atlas.provisions.index[atlas.provisions["agreement"] == "statement-2017"]),
                     categories=("humanitarian",))  # the statement's 9 and 10: two sets of places
    assert len(scene.groups) == 2 and len({g.colour for g in scene.groups}) == 2


def test_procedural_provisions_have_no_place_and_the_title_says_so(atlas):
    scene = scene_of(atlas, provisions=(13, 14))
    assert scene.procedural == ("statement-2017:13", "statement-2017:14")
    assert scene.title.endswith("procedural, no place")
    assert set(states(scene).values()) == {"dimmed"}


def test_a_selection_keeps_its_parts_in_colour_and_dims_the_rest(atlas):
    scene = scene_of(atlas, selected="idlib")
    s = states(scene)
    assert s["idlib"] == "selected" and s["idlib_security_zone"] == "context"
    assert s["southern"] == "dimmed"
    assert scene.frame_token == "selected:idlib"
    w, south, e, n = scene.frame
    assert 35.5 < w < 36.5 and 37.2 < e < 38.5 and 34.5 < south < 35.5 and 36.0 < n < 36.9  # zoomed to Idlib
    assert "statement-2017:5" in set(scene.provisions["key"])  # names its security zone
    assert "statement-2017:13" not in set(scene.provisions["key"])


def test_the_date_decides_what_is_drawn(atlas):
    before = set(scene_of(atlas, "2018-01-01").shapes["id"])
    after = set(scene_of(atlas, "2018-10-01").shapes["id"])
    moscow = set(scene_of(atlas, "2020-03-10").shapes["id"])
    assert {"eastern_ghouta", "northern_homs", "southern"} <= before
    assert after == {"idlib", "idlib_dmz"}
    assert moscow == {"idlib", "idlib_dmz", "m4_corridor"}
    sochi = scene_of(atlas, "2018-10-01", provisions=("sochi-2018:3",))
    assert states(sochi) == {"idlib_dmz": "highlighted", "idlib": "context"}
    assert "As of 1 October 2018" in sochi.subtitle and "Sochi" in sochi.subtitle
    gone = scene_of(atlas, "2018-10-01", provisions=(2,))
    assert gone.title.startswith("Astana joint statement 2 — where it applies")  # Idlib is still there; the others are not
    assert set(gone.shapes.loc[gone.shapes["state"] == "highlighted", "id"]) == {"idlib"}


def test_the_legend_lists_only_what_is_on_the_map(atlas):
    layers = frozenset({"areas"})
    scene = scene_of(atlas, layers=layers)
    labels = [e.label for e in scene.legend]
    assert "Governorate boundary" not in labels and "Idlib security zone" not in labels
    assert not any(e.swatch == "point" for e in scene.legend)
    with_posts = scene_of(atlas, "2018-06-01")
    assert any(e.swatch == "point" and "Observation post" in e.label for e in with_posts.legend)
    assert len(with_posts.posts) == 12
    without_posts = scene_of(atlas, "2018-06-01", layers=layers)
    assert without_posts.posts.empty and not any(e.swatch == "point" for e in without_posts.legend)


def test_a_selection_lists_in_the_legend_only_what_stays_in_colour(atlas):
    scene = scene_of(atlas, selected="idlib")
    shown = [e.label for e in scene.legend if e.swatch in ("fill", "hatch")]
    assert shown == [atlas.names["idlib"], atlas.names["idlib_security_zone"], "Not selected"]


def test_a_post_is_drawn_until_the_day_it_was_withdrawn(atlas):
    assert "op_morek" in set(scene_of(atlas, "2020-10-18").posts["id"])
    assert "op_morek" not in set(scene_of(atlas, "2020-10-19").posts["id"])  # withdrawn 19 Oct 2020


def test_a_tooltip_gives_the_english_and_arabic_names_the_kind_and_the_confidence(atlas):
    scene = scene_of(atlas)
    tips = dict(zip(scene.shapes["id"], scene.shapes["tip"], strict=True))
    assert tips["idlib"] == (atlas.names["idlib"], "إدلب والمناطق المجاورة",
                             "De-escalation area · shape confidence: medium")


# --- the same scene, drawn by folium and by matplotlib -----------------------------------------

MATRIX = [
    {},
    {"provisions": (5,)},
    {"provisions": (5,), "selected": "southern"},
    {"provisions": (4, 9)},
    {"selected": "idlib_security_zone"},
    {"categories": ("humanitarian",)},
]


def folium_states(scene) -> dict[str, tuple[str, str]]:
    """Each drawn shape's state and fill colour, read back from the folium map's HTML."""
    from geo.draw.render import build_map

    html = build_map(scene).get_root().render()
    found = {}
    pattern = r'"className": "zonemap-area zonemap-(\w+) zonemap-id-(\w+)"[^}]*?"fillColor": "(#[0-9A-Fa-f]{6})"'
    for state, shape_id, fill in re.findall(pattern, html):
        found[shape_id] = (state, fill.upper())
    return found


@pytest.mark.parametrize("view", MATRIX, ids=[json.dumps(v) for v in MATRIX])
def test_folium_and_static_maps_draw_the_same_scene(atlas, view):
    from geo.draw import export

    scene = scene_of(atlas, **dict(view))
    expected = {i: (s, f.upper()) for i, s, f in zip(scene.shapes["id"], scene.shapes["state"], scene.shapes["fill"],
                                                       strict=True)}
    assert folium_states(scene) == expected
    svg = export.render_bytes("svg", scene, 800, 600).decode("utf-8")
    for entry in scene.legend:
        first_line = entry.label.split("\n")[0][:30]
        assert _svg_text(first_line) in svg, f"legend entry {entry.label!r} missing from the SVG"


def _svg_text(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(text)


def test_the_events_layer_has_one_legend_line(atlas):
    scene = scene_of(atlas, "2018-03-01", layers=frozenset({"areas", "events"}))
    lines = [e for e in scene.legend if e.swatch == "event"]
    assert len(lines) == 1 and lines[0].label.startswith("Violent events, 2 Dec 2017 – 1 Mar 2018 (UCDP): ")  # 90 days, both ends
    assert scene.events is not None and int(scene.events["events"].sum()) > 0


def test_the_events_layer_counts_ucdps_best_estimate_of_deaths(atlas):
    """The layer and its legend for the 90 days up to 1 Mar 2018, against the bundled UCDP rows read with plain
    pandas: the events located to the place or near it (where_prec 1–2, as the README says), their deaths
    summed from the best estimate (4,184) — not the low one (4,116 once low ≤ best)."""
    import pandas as pd

    from geo.draw import render

    rows = pd.read_parquet(Path(__file__).resolve().parents[1] / "zones" / "events.parquet")
    day = pd.to_datetime(rows["date_start"])
    kept = rows[(day >= "2017-12-02") & (day <= "2018-03-01") & (rows["where_prec"] <= 2)]
    best, low = int(kept["best"].sum()), int(kept[["low", "best"]].min(axis=1).sum())
    assert (best, low) == (4184, 4116)  # the figures: the check can tell the two apart
    scene = scene_of(atlas, "2018-03-01", layers=frozenset({"areas", "events"}))
    assert int(scene.events["deaths"].sum()) == best and int(scene.events["events"].sum()) == len(kept)
    (line,) = [e.label for e in scene.legend if e.swatch == "event"]
    assert f"{len(kept):,} events, {best:,} deaths" in line
    legend = render.legend_html(scene.legend)
    assert f"{best:,} deaths" in legend  # what the map's legend says


# --- colours that hold, what is lit, the frame of the date (issue 20) ----------------------------------------


def test_a_provision_keeps_its_colour_whatever_else_is_chosen(atlas):
    def zone_colour(scene):
        return fills(scene)["idlib_security_zone"]

    alone = zone_colour(scene_of(atlas, provisions=(5,)))
    for others in ((5, 2), (5, 4), (5, 2, 4), (5, 9, 10, 6), (2, 5), (4, 9, 5)):
        scene = scene_of(atlas, provisions=others)
        assert zone_colour(scene) == alone, others
        assert len({g.colour for g in scene.groups}) == len(scene.groups)  # every group its own colour
    later = scene_of(atlas, provisions=(2, 5))  # 5 chosen second: the first-chosen keeps its colour
    assert fills(later)["idlib"] == fills(scene_of(atlas, provisions=(2,)))["idlib"]


def test_what_is_lit_is_stronger_than_its_context_and_shows_its_own_colour(atlas):
    scene = scene_of(atlas, provisions=(5,))
    shapes = scene.shapes.set_index("id")
    assert shapes.loc["idlib_security_zone", "fill_opacity"] > shapes.loc["idlib", "fill_opacity"]
    zone, idlib = shapes.geometry["idlib_security_zone"], shapes.geometry["idlib"]
    assert idlib.intersection(zone).area < 1e-9  # the context is cut away under the lit zone: no mixed colour
    whole = atlas.at().shapes.set_index("id").geometry["idlib"]
    assert abs(idlib.area + whole.intersection(zone).area - whole.area) < 1e-6  # and nothing else is cut
    plain = scene_of(atlas).shapes.set_index("id")
    assert plain.geometry["idlib"].equals(whole)  # unfiltered, nothing is cut


def test_legend_labels_carry_their_own_agreement(atlas):
    scene = scene_of(atlas, categories=("security",))
    labels = [e.label for e in scene.legend]
    zone = next(label for label in labels if label.endswith(": Idlib security zone"))
    country = next(label for label in labels if label.endswith(": Syria as a whole"))
    assert "Astana memorandum 3" in zone and "Astana joint statement 5" in zone
    assert "Astana memorandum 4" in country and "Astana joint statement 7" in country
    assert not any("memorandum 3, 5" in label or "memorandum 4, 7" in label for label in labels)


def test_filters_that_exclude_each_other_say_so(atlas):
    scene = scene_of(atlas, provisions=(2, 4, 5), categories=("humanitarian",))
    assert scene.provisions.empty
    assert scene.title.endswith("no provision is in both: the two filters combine")


def test_the_frame_follows_the_shapes_of_the_date(atlas):
    early, late = scene_of(atlas).frame, scene_of(atlas, "2020-03-10").frame
    shapes = atlas.at("2020-03-10").shapes
    w, s, e, n = shapes[shapes["kind"] == "de-escalation area"].total_bounds
    assert late[0] <= w and late[1] <= s and late[2] >= e and late[3] >= n  # Idlib of 2020 in full
    assert late[1] > 35.0 and late[3] - late[1] < 2.0  # and nothing of the south of 2017
    assert early[1] < 33.0  # 2017: the southern area is in the frame
    assert scene_of(atlas, "2020-03-10").frame_token != scene_of(atlas).frame_token  # so the page reframes
    posts = atlas.at("2018-10-01").posts
    frame = scene_of(atlas, "2018-10-01").frame
    assert all(frame[0] <= p.x <= frame[2] and frame[1] <= p.y <= frame[3] for p in posts.geometry)


def test_a_selected_post_is_framed_and_named(atlas):
    scene = scene_of(atlas, "2018-10-01", selected="op_salwa")
    assert scene.selected_post == "op_salwa" and scene.frame_token == "post:op_salwa"
    assert scene.title == "Salwa observation post — selected"
    salwa = scene.posts.set_index("id").geometry["op_salwa"]
    w, s, e, n = scene.frame
    assert w < salwa.x < e and s < salwa.y < n and e - w < 1.0
    assert scene_of(atlas, "2017-09-15", selected="op_salwa").selected_post is None  # set up in Oct 2017
