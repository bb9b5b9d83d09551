"""The posts of ``zones/posts.geojson`` (written by ``zones/draw/posts.py``): the twelve Turkish observation posts
with the Turkish army's own numbers, the Russian military-police points of the northern Homs deal and the eastern
Ghouta crossings; their dates on the map, and what a click on one says (``geo.posts.post_details``).

Expected positions and dates are the published facts the issues cite (UCDP GED place coordinates, Wikipedia's,
the dates of issue 19's check), not values read back from the code.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import LineString, Point, shape

from geo.scene.details import post_details
from zones.draw import build
from zones.draw import posts as posts_data

ZONES = Path(__file__).resolve().parents[1] / "zones"
POST_KEYS = ["id", "name", "name_ar", "operator", "kind", "number", "order", "agreement", "established",
             "established_to", "encircled", "encircled_to", "withdrawn", "withdrawn_alt", "location_confidence",
             "date_confidence", "source", "note"]
CONFIDENCE = {"high", "medium", "low"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BASILICA = (36.3343, 36.8437)  # the basilica of St Simeon (lat, lon)


def _iso(value: str) -> bool:
    if not ISO.match(value):
        return False
    date.fromisoformat(value)
    return True


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in km between two (lat, lon) points, in UTM 37N."""
    pa, pb = (build.to_metric(Point(lon, lat)) for lat, lon in (a, b))
    return pa.distance(pb) / 1000


def latlon(post: dict) -> tuple[float, float]:
    lon, lat = post["geometry"]["coordinates"]
    return lat, lon


@pytest.fixture(scope="module")
def syria():
    doc = json.loads((ZONES / "syria.geojson").read_text(encoding="utf-8"))
    return next(shape(f["geometry"]) for f in doc["features"] if f["properties"]["kind"] == "country")


@pytest.fixture(scope="module")
def posts() -> list[dict]:
    return json.loads((ZONES / "posts.geojson").read_text(encoding="utf-8"))["features"]


@pytest.fixture(scope="module")
def by_id(posts) -> dict[str, dict]:
    return {p["id"]: p["properties"] for p in posts}


@pytest.fixture(scope="module")
def area_ends() -> dict[str, str]:
    """Each area's last day on the map (its last ``valid_to``), from the areas file (read without zonemap)."""
    from tests.conftest import bundled_area_features

    ends: dict[str, str] = {}
    for f in bundled_area_features():
        p = f["properties"]
        if p["valid_to"]:
            ends[p["id"]] = max(ends.get(p["id"], ""), p["valid_to"])
    return ends


def test_posts_file_is_what_the_code_writes(posts):
    assert posts == json.loads(json.dumps(posts_data.post_features(), ensure_ascii=False))


def test_every_post_follows_the_contract(posts):
    agreements = {a["id"] for a in json.loads((ZONES / "agreements.json").read_text(encoding="utf-8"))["agreements"]}
    agreements.add(json.loads((ZONES / "provisions.json").read_text(encoding="utf-8"))["agreement"]["id"])
    assert len({p["id"] for p in posts}) == len(posts)
    for post in posts:
        p = post["properties"]
        assert list(p) == POST_KEYS and p["id"] == post["id"], p["id"]
        assert p["operator"] in {"Turkey", "Russia", "Faylaq al-Rahman"}, p["id"]
        assert p["kind"] in {"observation post", "military-police point", "crossing"}, p["id"]
        assert p["agreement"] in agreements, p["id"]  # a click shows the deal: it must exist
        assert p["location_confidence"] in CONFIDENCE and p["date_confidence"] in CONFIDENCE
        assert all(_iso(p[k]) for k in POST_KEYS[8:14] if p[k]), p["id"]
        chain = [p[k] for k in ("established", "established_to", "encircled", "encircled_to", "withdrawn") if p[k]]
        assert chain == sorted(chain) and p["established"], p["id"]
        assert p["source"].strip() and p["note"].strip() and post["geometry"]["type"] == "Point"


def test_twelve_turkish_posts_with_the_armys_numbers(by_id):
    turkish = {i: p for i, p in by_id.items() if p["operator"] == "Turkey"}
    assert len(turkish) == 12
    assert sorted(int(p["order"]) for p in turkish.values()) == list(range(1, 13))
    assert all("2017-10-01" <= p["established"] <= "2018-06-01" for p in turkish.values())
    # the Turkish army's own numbers, as AA (May 2018), Karar (Jan 2018), Hürriyet/Duvar and issue 19 give them
    numbers = {"op_qalat_siman": "1", "op_anadan": "4", "op_al_eis": "6", "op_tell_tuqan": "7", "op_surman": "8",
               "op_morek": "9", "op_shir_mughar": "10", "op_ishtabraq": "11", "op_zaytuna": "12"}
    assert {i: turkish[i]["number"] for i in numbers} == numbers
    assert all(turkish[i]["number"] == "" for i in set(turkish) - set(numbers))  # not found: none invented


def test_posts_are_inside_syria(posts, syria):
    for post in posts:
        assert syria.covers(shape(post["geometry"])), post["id"]


def test_issue_19_positions(posts):
    where = {p["id"]: latlon(p) for p in posts}
    assert km(where["op_shir_mughar"], (35.5497, 36.4028)) < 0.2  # UCDP GED: Sheir Maghar village
    assert km(where["op_qalat_siman"], (36.276, 36.823)) < 0.5  # Sheikh Barakat
    assert 6.0 < km(where["op_qalat_siman"], BASILICA) < 7.5  # 6.7 km from the basilica
    assert km(where["op_ishtabraq"], (35.793, 36.292)) < 0.5


def test_issue_19_dates(by_id):
    assert by_id["op_qalat_siman"]["established"] == "2017-10-13"
    assert by_id["op_al_eis"]["encircled"] == "2020-02-08"
    assert by_id["op_tell_tuqan"]["encircled"] == "2020-02-05"
    assert (by_id["op_rashidin"]["encircled"], by_id["op_rashidin"]["encircled_to"]) == ("2020-01-29", "2020-02-08")
    assert by_id["op_shir_mughar"]["encircled"] == "2020-02-26"
    assert by_id["op_morek"]["withdrawn"] == "2020-10-19"
    assert by_id["op_sheikh_aqil"]["withdrawn"] == "2020-11-11"
    tuqan = by_id["op_tell_tuqan"]  # the sources disagree on its withdrawal: both dates kept, and said
    assert tuqan["withdrawn"] and tuqan["withdrawn_alt"] and tuqan["withdrawn"] != tuqan["withdrawn_alt"]
    assert "disagree" in tuqan["note"]
    assert "not in GeoNames or UCDP" not in by_id["op_shir_mughar"]["note"]


def test_the_russian_points_of_the_northern_homs_deal(posts, by_id, area_ends):
    # clause 4 names each point by two villages; UCDP GED (Ashrafiya, Mushrifa, Jabburin, Kafr Nan) and Wikipedia
    # (Ghawr Gharbiyah) place them
    pairs = {"ru_ashrafiya_mushrifa": ((34.81993, 36.75635), (34.83299, 36.8534)),
             "ru_jabburin_kafr_nan": ((34.846666, 36.676111), (34.886389, 36.648056)),
             "ru_akrad_dasniya_ghour": ((34.84583, 36.54639), (34.84583, 36.54639))}
    where = {p["id"]: latlon(p) for p in posts}
    for pid, (a, b) in pairs.items():
        p = by_id[pid]
        assert (p["operator"], p["kind"], p["agreement"]) == ("Russia", "military-police point", "cairo-north-homs-2017")
        road = build.to_metric(LineString([(a[1], a[0]), (b[1], b[0])]) if a != b else Point(a[1], a[0]))
        point = build.to_metric(Point(where[pid][1], where[pid][0]))
        assert road.distance(point) < 2000, pid
        assert p["established"] == "2017-08-04"  # the day after the ceasefire of 3 Aug 2017
        assert p["withdrawn"] == area_ends["northern_homs"], pid  # ended with the area


def test_the_eastern_ghouta_crossings(posts, by_id, area_ends):
    wafidin = by_id["ru_wafidin"]
    assert (wafidin["operator"], wafidin["kind"], wafidin["agreement"]) == ("Russia", "crossing", "cairo-ghouta-2017")
    assert km(latlon(next(p for p in posts if p["id"] == "ru_wafidin")), (33.594915, 36.431701)) < 1  # UCDP: the camp
    faylaq = [p for p in by_id.values() if p["agreement"] == "geneva-ghouta-2017"]
    assert {p["name"] for p in faylaq} == {"Ain Tarma crossing", "Harasta crossing"}
    assert all(p["location_confidence"] == "low" for p in faylaq)
    for p in (wafidin, *faylaq):
        assert p["withdrawn"] == area_ends["eastern_ghouta"]


def test_the_posts_on_the_map_follow_their_dates(atlas):
    def ids(day):
        return set(atlas.at(day).posts["id"])

    homs = {"ru_ashrafiya_mushrifa", "ru_jabburin_kafr_nan", "ru_akrad_dasniya_ghour"}
    assert homs <= ids("2017-08-10") and not any(i.startswith("op_") for i in ids("2017-08-10"))
    assert homs | {"ru_wafidin", "fr_ain_tarma"} <= ids("2017-09-15")
    assert not any(i.startswith(("ru_", "fr_")) for i in ids("2018-06-01"))
    assert homs <= ids("2018-05-15") and not homs & ids("2018-05-16")  # the area ended on 16 May 2018
    assert "op_sheikh_aqil" in ids("2020-11-10") and "op_sheikh_aqil" not in ids("2020-11-11")


def test_a_click_on_a_post_shows_its_deal_and_history(atlas):
    point = post_details(atlas.at("2017-09-15"), "ru_jabburin_kafr_nan")
    assert point.agreement == "Cairo deal, northern Homs (31 Jul 2017)"  # zones/agreements.json: signed 31 Jul 2017
    assert (point.operator, point.kind) == ("Russia", "military-police point")
    assert (point.established, point.withdrawn) == ("4 Aug 2017", "16 May 2018")
    rashidin = post_details(atlas.at("2019-06-01"), "op_rashidin")
    assert rashidin.encircled == "between 29 Jan 2020 and 8 Feb 2020"
    tuqan = post_details(atlas.at("2020-06-01"), "op_tell_tuqan")
    assert tuqan.number == "7" and tuqan.agreement == "Astana joint statement (15 Sep 2017)"
    assert tuqan.withdrawn == "12 Jan 2021 (another source: 8 Feb 2020)"
    assert post_details(atlas.at("2017-09-15"), "op_atlantis") is None
    assert post_details(atlas.at("2018-06-01"), "ru_jabburin_kafr_nan") is None  # the area ended on 16 May 2018


def test_the_legend_names_crossings_when_there_are_some(atlas):
    from geo.scene.scene import View, resolve

    def label(day):
        scene = resolve(atlas.at(day), View(date=date.fromisoformat(day)))
        return next(e.label for e in scene.legend if e.swatch == "point")

    assert label("2017-09-15") == "Post or crossing (Faylaq al-Rahman, Russia)"
    assert label("2018-06-01") == "Observation post (Turkey)"


def test_the_map_says_what_a_post_is_and_its_deal_on_hover_and_click(atlas):
    """The marker's tooltip (Leaflet opens it on hover and on a click or tap) names the deal, and a click whose
    tooltip text is a post's (as streamlit-folium returns it: the text without tags or line breaks) selects that
    post, not the area under it."""
    import folium

    from geo.draw import render
    from geo.scene.clicks import selection_from_click
    from geo.scene.scene import View, resolve

    scene = resolve(atlas.at(date(2017, 9, 15)), View(date=date(2017, 9, 15)))
    folium_map = folium.Map()
    render.scene_layer(scene).add_to(folium_map)
    page = folium_map.get_root().render()
    assert "under Cairo deal, northern Homs" in page and "Russia military-police point" in page
    row = scene.posts[scene.posts["id"] == "ru_jabburin_kafr_nan"].iloc[0]
    text = "".join(row["tip"])  # what the browser's textContent gives: the lines without their breaks
    assert text.startswith("Jabburin") and "under Cairo deal, northern Homs" in text
    point = {"lat": row.geometry.y + 0.0001, "lng": row.geometry.x}
    clicked = {"last_clicked": point, "last_object_clicked": point, "last_object_clicked_tooltip": text}
    assert selection_from_click(scene.shapes, clicked, posts=scene.posts) == "ru_jabburin_kafr_nan"
    assert selection_from_click(scene.shapes, {**clicked, "last_object_clicked_tooltip": "Northern Homs"},
                                posts=scene.posts) != "ru_jabburin_kafr_nan"


def test_a_posts_text_is_escaped_on_the_map(atlas):
    """A post's name and deal from a file reach the map as text (tests/test_escaping.py runs the whole hostile list)."""
    from dataclasses import replace

    import folium

    from geo.draw import render
    from geo.scene.scene import View, resolve

    posts = atlas.posts.copy()
    posts.loc[posts["id"] == "op_salwa", "name"] = "<script>x</script>"
    changed = replace(atlas, posts=posts, _dated={})
    scene = resolve(changed.at(date(2018, 6, 1)), View(date=date(2018, 6, 1)))
    folium_map = folium.Map()
    render.scene_layer(scene).add_to(folium_map)
    page = folium_map.get_root().render()
    assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
