"""Tests of the data of issue 12 ("Time"): the later agreements, the Turkish posts, the M4 and the
dated states of the Idlib area drawn by zones/draw/timeline.py.

Fast and self-contained: everything is read from zones/ (no ../shared). The geometries are
generated from the bundled 2017 shapes with ``timeline_features`` and written to a temporary
GeoJSON file, which the place checks then read, as a user of the file would.
"""

from __future__ import annotations

import itertools
import json
import re
from datetime import date
from pathlib import Path

import pytest
import shapely
from shapely.geometry import LineString, Point, shape

from zones.draw import build, timeline, timeline_data

ZONES = Path(__file__).resolve().parents[1] / "zones"
AREA_IDS = {"idlib", "northern_homs", "eastern_ghouta", "southern", "idlib_security_zone", "idlib_dmz", "m4_corridor"}
KINDS = {
    **dict.fromkeys(("idlib", "northern_homs", "eastern_ghouta", "southern"), "de-escalation area"),
    "idlib_security_zone": "security zone",
    "idlib_dmz": "demilitarized zone",
    "m4_corridor": "security corridor",
    **{f"{a}_agreed": "area as agreed" for a in ("idlib", "northern_homs", "eastern_ghouta", "southern")},
}
PART_OF = {fid: ("idlib" if kind not in ("de-escalation area", "area as agreed") else
                 fid.removesuffix("_agreed") if kind == "area as agreed" else "") for fid, kind in KINDS.items()}
PROPERTY_ORDER = [
    "id",
    "kind",
    "name",
    "name_ar",
    "governorates",
    "source",
    "method",
    "confidence",
    "note",
    "valid_from",
    "valid_to",
    "part_of",
    "fate",
    "agreement",
]
CONFIDENCE = {"high", "medium", "low"}
STATUSES = {"verbatim", "partial", "reported", "summary"}
AGREEMENT_STATUSES = {"verbatim", "partial", "fragments", "reports"}
# Category keys this work adds; they must also go into provisions.json's map (through the lead).
NEW_CATEGORIES = {"refugees"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
GAP = "…"  # marks a gap in a partial text; every piece between gaps is verbatim
FOOTNOTE = re.compile(r"\s*\[\d+\]")  # the Voltaire Network's footnote markers in the 2020 text


def _iso(value: str) -> bool:
    if not ISO.match(value):
        return False
    date.fromisoformat(value)
    return True


def _normal(text: str) -> str:  # a backslash before a quote mark is a copy's escape, not a word
    return " ".join(FOOTNOTE.sub("", text.replace('\\"', '"')).split())


# ---------------------------------------------------------------------------
# Agreements
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def agreements() -> list[dict]:
    return json.loads((ZONES / "agreements.json").read_text(encoding="utf-8"))["agreements"]


@pytest.fixture(scope="module")
def category_keys() -> set[str]:
    doc = json.loads((ZONES / "provisions.json").read_text(encoding="utf-8"))
    return set(doc["categories"]) | NEW_CATEGORIES


def _provisions(agreements):
    for ag in agreements:
        for prov in ag["provisions"]:
            yield ag, prov


def test_agreements_ids_dates_and_fields(agreements):
    by_id = {a["id"]: a for a in agreements}  # issue 12's three; issue 24 added the rest of the process
    assert [(by_id[i]["date"], by_id[i]["pax_id"]) for i in ("memorandum-2017", "sochi-2018", "moscow-2020")] == [
        ("2017-05-04", 2093), ("2018-09-17", 2169), ("2020-03-05", 2273)]
    assert [a["date"] for a in agreements] == sorted(a["date"] for a in agreements)
    for ag in agreements:
        for key in ("title", "short_title", "source", "text_file", "text_status"):
            assert isinstance(ag[key], str) and ag[key].strip(), (ag["id"], key)
        assert isinstance(ag["place"], str)  # "" where the sources do not say
        assert ag["parties"] and all(isinstance(p, str) for p in ag["parties"])
        assert ag["text_status"] in AGREEMENT_STATUSES
        assert (ZONES / ag["text_file"]).is_file(), ag["text_file"]
    assert "S/2018/852" in by_id["sochi-2018"]["source"]


def test_text_files_keep_their_provenance_headers(agreements):
    for ag in agreements:
        text = (ZONES / ag["text_file"]).read_text(encoding="utf-8")
        first = text.splitlines()[0]
        assert first.startswith("# ") and "STATUS:" in text and "http" in text, ag["text_file"]


def test_provisions_are_well_formed(agreements, category_keys):
    for ag in agreements:
        numbers = [p["number"] for p in ag["provisions"]]
        assert numbers == sorted(set(numbers)), ag["id"]
    for ag, prov in _provisions(agreements):
        where = f"{ag['id']}:{prov['number']}"
        assert isinstance(prov["number"], int) and prov["number"] >= 0, where
        for key in ("title", "text", "rationale", "source"):
            assert isinstance(prov[key], str) and prov[key].strip(), (where, key)
        assert prov["text_status"] in STATUSES, where
        assert prov["categories"] and set(prov["categories"]) <= category_keys, (where, prov["categories"])
        scope = prov["scope"]
        assert scope in ("syria", "procedural", "elsewhere") or (isinstance(scope, list) and scope and set(scope) <= AREA_IDS), (
            where,
            scope,
        )
        if prov["text_status"] == "verbatim":
            assert GAP not in prov["text"], where
        if prov["text_status"] == "summary":
            assert not prov["text"].lower().startswith("summary"), where  # the page labels it


def test_the_issue_joins(agreements):
    by_key = {f"{ag['id']}:{p['number']}": p for ag, p in _provisions(agreements)}
    assert by_key["sochi-2018:3"]["scope"] == ["idlib_dmz"]
    assert by_key["moscow-2020:2"]["scope"] == ["m4_corridor"]
    assert by_key["moscow-2020:3"]["scope"] == ["m4_corridor"]
    assert by_key["memorandum-2017:2"]["text_status"] == "verbatim"
    assert by_key["sochi-2018:10"]["text_status"] == "summary"


def test_verbatim_and_partial_texts_are_in_their_source(agreements):
    for ag, prov in _provisions(agreements):
        if prov["text_status"] == "summary":
            continue
        source = _normal((ZONES / (prov.get("text_file") or ag["text_file"])).read_text(encoding="utf-8"))
        pieces = [_normal(piece) for piece in prov["text"].split(GAP)]
        pieces = [piece for piece in pieces if piece]
        assert pieces, f"{ag['id']}:{prov['number']}"
        for piece in pieces:
            assert piece in source, f"{ag['id']}:{prov['number']}: not in {ag['text_file']}: {piece[:80]!r}"


def test_summaries_are_not_in_the_sources(agreements):
    """A summary is our wording: it must not be a copy of a source's sentence either."""
    for ag, prov in _provisions(agreements):
        if prov["text_status"] != "summary":
            continue
        source = _normal((ZONES / (prov.get("text_file") or ag["text_file"])).read_text(encoding="utf-8"))
        assert _normal(prov["text"]) not in source, f"{ag['id']}:{prov['number']}"


# ---------------------------------------------------------------------------
# The road (the posts: tests/test_posts.py)
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def syria():
    doc = json.loads((ZONES / "syria.geojson").read_text(encoding="utf-8"))
    return next(shape(f["geometry"]) for f in doc["features"] if f["properties"]["kind"] == "country")


def test_m4_road(syria):
    doc = json.loads((ZONES / "roads.geojson").read_text(encoding="utf-8"))
    assert doc["features"] == json.loads(json.dumps(timeline.road_features(), ensure_ascii=False))
    (m4,) = doc["features"]
    assert m4["properties"]["id"] == "m4" and m4["properties"]["kind"] == "road"
    line = shape(m4["geometry"])
    assert isinstance(line, LineString) and syria.covers(line)
    metric = build.to_metric(line)
    for town in ("Latakia", "Ariha", "Saraqib", "Aleppo", "Muhambal"):
        lon, lat, _ = timeline_data.PLACES[town]
        assert metric.distance(build.to_metric(Point(lon, lat))) < 2500, town
    jisr = timeline_data.PLACES["Jisr al-Shughur"]
    assert metric.distance(build.to_metric(Point(jisr[:2]))) < 4500


# ---------------------------------------------------------------------------
# The dated states
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def inputs():
    return timeline.bundled_inputs()


@pytest.fixture(scope="module")
def states(inputs) -> list[dict]:
    """Every bundled state (zones/areas.parquet), as GeoJSON feature dicts."""
    return inputs["features"]


def _holding(states, fid: str, day: str) -> list[dict]:
    return [f for f in states if f["properties"]["id"] == fid and timeline.holds(f, day)]


def _inside(states, fid: str, day: str, place: str) -> bool:
    lon, lat, _ = timeline_data.PLACES[place]
    return any(shape(f["geometry"]).covers(Point(lon, lat)) for f in _holding(states, fid, day))


def test_properties_as_in_the_contract(states, inputs):
    for f in states:
        p = f["properties"]
        assert list(p) == PROPERTY_ORDER, f["id"]
        assert f["id"] == f"{p['id']}@{p['valid_from']}"
        assert p["kind"] == KINDS[p["id"]]
        assert p["part_of"] == PART_OF[p["id"]]
        assert bool(p["agreement"]) == (p["kind"] == "area as agreed")
        assert p["confidence"] in CONFIDENCE
        assert _iso(p["valid_from"]) and (p["valid_to"] == "" or _iso(p["valid_to"]))
        assert p["valid_to"] == "" or p["valid_from"] < p["valid_to"]
        if p["kind"] != "area as agreed":  # an area as agreed ends with its area (whose fate says why)
            assert (p["fate"] == "") == (p["valid_to"] == ""), f["id"]
        assert p["governorates"] and set(p["governorates"]) <= set(inputs["names"].values())
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert all(p[k].strip() for k in ("name", "name_ar", "source", "method", "note"))


def test_states_lie_on_land_and_zones_in_their_area(states, inputs):
    land = inputs["land"]
    for f in states:
        geom = shape(f["geometry"])
        assert geom.is_valid, f["id"]
        assert build.area_km2(shapely.difference(geom, land)) < 1.0, f["id"]
    for f in states:
        if f["properties"]["id"] != "idlib_dmz":
            continue
        (area,) = _holding(states, "idlib", f["properties"]["valid_from"])
        assert build.area_km2(shapely.difference(shape(f["geometry"]), shape(area["geometry"]))) < 1.0


def test_periods_of_one_id_never_overlap_nor_leave_a_gap(states):
    by_id: dict[str, list[tuple[str, str]]] = {}
    for f in states:
        p = f["properties"]
        by_id.setdefault(p["id"], []).append((p["valid_from"], p["valid_to"] or "9999-12-31"))
    for fid, periods in by_id.items():
        for (a0, a1), (b0, b1) in itertools.combinations(sorted(set(periods)), 2):
            assert a1 <= b0 or b1 <= a0, (fid, (a0, a1), (b0, b1))
        assert len(periods) == len(set(periods)), fid
        runs = sorted(periods)
        assert all(a1 == b0 for (_, a1), (b0, _) in zip(runs, runs[1:])), fid  # day after day, no gap


def test_one_idlib_state_on_every_later_date(states):
    for day in (
        "2018-02-14",
        "2018-07-19",
        "2018-09-17",
        "2019-08-30",
        "2019-08-31",
        "2020-03-05",
        "2020-03-06",
        "2024-01-01",
    ):
        assert len(_holding(states, "idlib", day)) == 1, day


@pytest.mark.parametrize(
    ("place", "day", "expected"),
    [
        ("Khan Shaykhun", "2019-01-01", True),
        ("Khan Shaykhun", "2019-09-01", False),
        ("Maarat al-Numan", "2019-12-01", True),
        ("Saraqib", "2019-12-01", True),
        ("Maarat al-Numan", "2020-03-10", False),
        ("Saraqib", "2020-03-10", False),
        ("Morek", "2019-01-01", True),
        ("Morek", "2019-09-01", False),
        ("Kafranbel", "2019-12-01", True),
        ("Kafranbel", "2020-03-10", False),
        ("Khan Tuman", "2020-03-10", False),
        ("Anadan", "2020-03-10", False),
        ("Ariha", "2020-03-10", True),
        ("Jisr al-Shughur", "2020-03-10", True),
        ("al-Fu'ah", "2018-03-01", False),
        ("al-Fu'ah", "2018-10-01", True),
    ],
)
def test_known_places_by_date(states, place, day, expected):
    assert _inside(states, "idlib", day, place) is expected


@pytest.mark.parametrize(
    "day",
    ["2018-02-14", "2018-09-17", "2019-01-01", "2019-09-01", "2019-12-01", "2020-03-06", "2020-03-10", "2024-01-01"],
)
def test_idlib_city_inside_and_abu_al_duhur_outside(states, day):
    assert _inside(states, "idlib", day, "Idlib")
    assert not _inside(states, "idlib", day, "Abu al-Duhur")
    assert not _inside(states, "idlib", day, "Sinjar")


def test_every_place_on_its_side(states, inputs):
    assert timeline.check_sides(states, base=inputs["idlib_2017"]) == []


def test_losses_take_and_leave_what_they_say(inputs):
    for loss in timeline_data.LOSSES:
        ring = shapely.geometry.Polygon(loss["ring"])
        assert ring.is_valid, loss["id"]
        for name in loss["takes"]:
            assert ring.covers(Point(timeline_data.PLACES[name][:2])), (loss["id"], name)
        for name in loss["leaves"]:
            assert not ring.covers(Point(timeline_data.PLACES[name][:2])), (loss["id"], name)


def test_dmz_and_corridor(states):
    assert _inside(states, "idlib_dmz", "2018-10-01", "Khan Shaykhun")
    assert not _inside(states, "idlib_dmz", "2018-10-01", "Idlib")
    assert not _holding(states, "idlib_dmz", "2018-09-16")
    assert not _holding(states, "m4_corridor", "2020-03-04")
    # A point on the M4 near Ariha (on the segment from Urum al-Jawz to Ariha).
    route = {name: (lon, lat) for name, lon, lat, _ in timeline_data.M4_ROUTE}
    (x0, y0), (x1, y1) = route["Urum al-Jawz"], route["Ariha"]
    near_ariha = Point((x0 + 3 * x1) / 4, (y0 + 3 * y1) / 4)
    (corridor,) = _holding(states, "m4_corridor", "2020-03-10")
    assert shape(corridor["geometry"]).covers(near_ariha)
    assert not shape(corridor["geometry"]).covers(Point(timeline_data.PLACES["Idlib"][:2]))


def test_the_security_zone_runs_from_the_statement_to_sochi_on_each_idlib_state(states):
    zones = sorted((f["properties"]["valid_from"], f["properties"]["valid_to"], shape(f["geometry"]))
                   for f in states if f["properties"]["id"] == "idlib_security_zone")
    assert (zones[0][0], zones[-1][1]) == ("2017-09-15", "2018-09-17")
    for start, _, zone in zones:  # each day's band hugs that day's edge: the area's edge lies inside the band
        (area,) = _holding(states, "idlib", start)
        edge = shapely.union_all([LineString(p.exterior.coords) for p in shapely.get_parts(shape(area["geometry"]))])
        inner = shapely.difference(edge, build.buffer_km(inputs_syria_border(), 5.0))
        covered = shapely.intersection(inner, zone.buffer(1e-4)).length / inner.length
        assert build.area_km2(zone) > 1000 and covered > 0.95, (start, covered)


def inputs_syria_border():
    return timeline.bundled_inputs()["syria"].boundary


def test_the_dmz_is_one_band_clipped_to_each_later_state(states):
    dmz = sorted((f["properties"]["valid_from"], shape(f["geometry"])) for f in states
                 if f["properties"]["id"] == "idlib_dmz")
    assert dmz[0][0] == "2018-09-17"
    band = dmz[0][1]  # drawn on the area of 17 Sep 2018
    for start, later in dmz[1:]:
        (area,) = _holding(states, "idlib", start)
        expected = shapely.intersection(band, shape(area["geometry"]))
        assert build.area_km2(shapely.symmetric_difference(expected, later)) < 5.0, start


def test_the_areas_as_agreed(states):
    agreed = {(f["properties"]["id"], f["properties"]["valid_from"]): f for f in states
              if f["properties"]["kind"] == "area as agreed"}
    assert {(k, v) for k, v in agreed} == {
        ("idlib_agreed", "2017-05-04"), ("idlib_agreed", "2018-09-17"), ("idlib_agreed", "2020-03-06"),
        ("northern_homs_agreed", "2017-05-04"), ("eastern_ghouta_agreed", "2017-05-04"),
        ("southern_agreed", "2017-05-04")}
    assert [agreed[("idlib_agreed", d)]["properties"]["agreement"] for d in ("2017-05-04", "2018-09-17", "2020-03-06")] \
        == ["statement-2017", "sochi-2018", "moscow-2020"]
    for (fid, day), f in agreed.items():  # each is the held part of its area on the day the agreement took effect
        (held,) = _holding(states, f["properties"]["part_of"], day)
        assert shape(held["geometry"]).equals(shape(f["geometry"])), (fid, day)
    # Khan Shaykhun: inside the area as agreed in 2017 and at Sochi, taken on 21 Aug 2019, outside the Moscow line.
    lon, lat, _ = timeline_data.PLACES["Khan Shaykhun"]
    assert shape(agreed[("idlib_agreed", "2018-09-17")]["geometry"]).covers(Point(lon, lat))
    assert not shape(agreed[("idlib_agreed", "2020-03-06")]["geometry"]).covers(Point(lon, lat))
