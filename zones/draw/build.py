"""Shared geometry helpers for ``python -m zones.draw``: projections, km², output, the security zone.

Every metric operation (buffers, Voronoi cells, distances) is done in UTM 37N (EPSG:32637);
areas in km² are computed in the equal-area EPSG:6933, as the app does. Output is
deterministic: coordinates rounded to 5 decimals (about 1 m), rings oriented as RFC 7946
wants, one feature per line.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geo.base.crs import EQUAL_AREA, WGS84
from geo.base.crs import METRIC as UTM
from zones.draw import inputs

ZONES_DIR = Path(__file__).resolve().parents[1]
GRID = 1e-5  # 5 decimal places, about 1 m


# ---------------------------------------------------------------------------
# Projections
# ---------------------------------------------------------------------------
@cache
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(src, dst, always_xy=True)


def project(geom: BaseGeometry, src: str = WGS84, dst: str = UTM) -> BaseGeometry:
    """``geom`` reprojected from ``src`` to ``dst`` (vertex by vertex)."""
    tr = _transformer(src, dst)

    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    out = shapely.transform(geom, fn)
    if out.geom_type in ("Polygon", "MultiPolygon") and not out.is_valid:
        # Vertices a few centimetres apart can cross once projected; repair, keep the polygons.
        out = shapely.union_all(polygons(shapely.make_valid(out)))
    return out


def to_metric(geom: BaseGeometry) -> BaseGeometry:
    """A WGS84 geometry in UTM 37N (metres)."""
    return project(geom, WGS84, UTM)


def to_wgs84(geom: BaseGeometry) -> BaseGeometry:
    """A UTM 37N geometry back in WGS84."""
    return project(geom, UTM, WGS84)


def xy_metric(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """UTM 37N coordinates of arrays of longitudes and latitudes."""
    return _transformer(WGS84, UTM).transform(np.asarray(lon, float), np.asarray(lat, float))


def area_km2(geom: BaseGeometry) -> float:
    """Area of a WGS84 geometry in km², computed in EPSG:6933."""
    return project(geom, WGS84, EQUAL_AREA).area / 1e6


def buffer_km(geom: BaseGeometry, km: float) -> BaseGeometry:
    """Buffer a WGS84 geometry by ``km`` kilometres, in UTM 37N."""
    return to_wgs84(to_metric(geom).buffer(km * 1000.0, quad_segs=16))


# ---------------------------------------------------------------------------
# Polygons
# ---------------------------------------------------------------------------
def polygons(geom: BaseGeometry) -> list[Polygon]:
    """The polygons of a (Multi)Polygon or collection, however deeply nested (make_valid can return a
    collection holding a MultiPolygon)."""
    out = []
    for part in shapely.get_parts(geom):
        if isinstance(part, Polygon):
            if not part.is_empty:
                out.append(part)
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            out.extend(polygons(part))
    return out


def drop_small(geom: BaseGeometry, min_km2: float, holes: bool = True) -> BaseGeometry:
    """Drop pieces (and, with ``holes``, holes) smaller than ``min_km2``; ``geom`` in metres."""
    keep = []
    for poly in polygons(geom):
        if poly.area < min_km2 * 1e6:
            continue
        rings = [r for r in poly.interiors if not holes or Polygon(r).area >= min_km2 * 1e6]
        keep.append(Polygon(poly.exterior, rings))
    return shapely.union_all(keep) if keep else Polygon()


# ---------------------------------------------------------------------------
# The Idlib security zone (reused by later Idlib states: keep the signature)
# ---------------------------------------------------------------------------
def security_zone(idlib: BaseGeometry, syria: BaseGeometry, land: BaseGeometry) -> BaseGeometry:
    """The security zone of an Idlib area: a band along the edge that faces the other side.

    Method: take the exterior boundary of every piece of ``idlib`` (WGS84), drop the parts
    within ``inputs.BORDER_EXCLUSION_KM`` of the border of ``syria`` (they face Turkey, not
    government- or Kurdish-held land), buffer the rest by
    ``inputs.SECURITY_ZONE_HALF_WIDTH_KM`` on both sides in UTM 37N and clip to ``land``
    (Syria minus the occupied Golan). Pieces under ``inputs.MIN_PIECE_KM2`` are dropped.
    """
    edge = shapely.union_all([LineString(p.exterior.coords) for p in polygons(idlib)])
    edge_m = to_metric(edge)
    border_m = to_metric(syria.boundary).buffer(inputs.BORDER_EXCLUSION_KM * 1000.0, quad_segs=8)
    inner = shapely.difference(edge_m, border_m)
    band = inner.buffer(inputs.SECURITY_ZONE_HALF_WIDTH_KM * 1000.0, quad_segs=16)
    band = shapely.intersection(band, to_metric(land))
    return to_wgs84(drop_small(band, inputs.MIN_PIECE_KM2, holes=False))


def governorates_touched(geom: BaseGeometry, govs: dict[str, BaseGeometry], names: dict[str, str]) -> list[str]:
    """Names of the governorates sharing at least 1 km² with ``geom`` (all WGS84), sorted."""
    out = []
    for code, gov in govs.items():
        if area_km2(shapely.intersection(geom, gov)) >= 1.0:
            out.append(names[code])
    return sorted(out)


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------
def round_coords(geom: BaseGeometry) -> BaseGeometry:
    """Coordinates rounded to 5 decimals (identical input vertices stay identical)."""
    return shapely.transform(geom, lambda c: np.round(c, 5))


def finish(geom: BaseGeometry) -> BaseGeometry:
    """Snap to a 1e-5 degree grid (keeps validity) and orient rings as RFC 7946 wants."""
    return oriented(shapely.set_precision(shapely.make_valid(geom), GRID))


def oriented(geom: BaseGeometry) -> BaseGeometry:
    """Rings oriented as RFC 7946 wants, coordinates untouched (for already rounded coverages)."""
    polys = [orient(p, sign=1.0) for p in polygons(geom)]
    return polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)


# The properties of a feature of zones/areas.geojson, in the contract's order; an area as agreed also
# names the agreement that described it.
AREA_PROPERTIES = (
    "id", "kind", "name", "name_ar", "governorates", "source", "method", "confidence", "note",
    "valid_from", "valid_to", "part_of", "fate",
)
OPTIONAL_PROPERTIES = ("agreement",)


def area_feature(props: dict, geom: BaseGeometry, govs: dict[str, BaseGeometry], names: dict[str, str]) -> dict:
    """One feature of zones/areas.geojson, with the id ``<id>@<valid_from>``.

    ``props`` holds every property but the kind and names (from ``inputs.AREA_NAMES``) and the
    governorates (those ``geom`` touches, see ``governorates_touched``).
    """
    full = {**props, **inputs.AREA_NAMES[props["id"]], "governorates": governorates_touched(geom, govs, names)}
    if set(full) - set(OPTIONAL_PROPERTIES) != set(AREA_PROPERTIES):
        wrong = sorted((set(full) - set(OPTIONAL_PROPERTIES)) ^ set(AREA_PROPERTIES))
        raise ValueError(f"{props['id']}: properties {wrong} missing or unknown")
    keys = AREA_PROPERTIES + tuple(k for k in OPTIONAL_PROPERTIES if k in full)
    return feature({k: full[k] for k in keys}, geom, fid=f"{full['id']}@{full['valid_from']}")


def _round(coords):
    if isinstance(coords, (list, tuple)) and coords and isinstance(coords[0], (int, float)):
        return [round(float(c), 5) for c in coords]
    return [_round(c) for c in coords]


def feature(properties: dict, geom: BaseGeometry, fid: str | None = None, snap: bool = True) -> dict:
    """A GeoJSON feature with rounded coordinates; ``fid`` is the top-level id (default: ``id``)."""
    geom = finish(geom) if snap else oriented(geom)
    gj = mapping(geom)
    return {
        "type": "Feature",
        "id": fid if fid is not None else properties["id"],
        "properties": properties,
        "geometry": {"type": gj["type"], "coordinates": _round(gj["coordinates"])},
    }


def read_boundaries(zones_dir: Path = ZONES_DIR) -> tuple[BaseGeometry, BaseGeometry, dict[str, BaseGeometry]]:
    """Syria's outline, the occupied Golan and the governorates (by p-code) as written in ``zones_dir``."""
    from shapely.geometry import shape

    country = json.loads((zones_dir / "syria.geojson").read_text(encoding="utf-8"))["features"]
    syria = next(shape(f["geometry"]) for f in country if f["properties"]["kind"] == "country")
    golan = next(shape(f["geometry"]) for f in country if f["properties"]["id"] == "golan_occupied")
    govs = {f["properties"]["pcode"]: shape(f["geometry"])
            for f in json.loads((zones_dir / "governorates.geojson").read_text(encoding="utf-8"))["features"]}
    return syria, golan, govs


def write_collection(path: Path, features: list[dict]) -> None:
    """Write a FeatureCollection, one feature per line, UTF-8, stable."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    body = ",\n".join(lines)
    path.write_text('{"type":"FeatureCollection","features":[\n' + body + "\n]}\n", encoding="utf-8")


# The columns of zones/areas.parquet: the contract's properties, the agreement of an area as agreed, the shape.
PARQUET_VERSION = "1.1.0"  # GeoParquet


def write_parquet(path: Path, features: list[dict]) -> None:
    """Write ``features`` (GeoJSON feature dicts, as :func:`area_feature` makes them) as GeoParquet: one row
    per feature in the given order, the properties as columns (``governorates`` a list of text), the shape
    as WKB (coordinates as rounded in the feature), zstd. Deterministic: no pandas metadata, no timestamps
    (the same pyarrow version gives the same bytes)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    from shapely.geometry import shape

    columns = AREA_PROPERTIES + OPTIONAL_PROPERTIES
    values: dict[str, list] = {c: [] for c in columns}
    geoms = []
    for f in features:
        for c in columns:
            values[c].append(f["properties"].get(c, [] if c == "governorates" else ""))
        geoms.append(shapely.to_wkb(shape(f["geometry"]), byte_order=1))
    types = sorted({f["geometry"]["type"] for f in features})
    bounds = shapely.total_bounds([shape(f["geometry"]) for f in features]).tolist()
    geo = {"version": PARQUET_VERSION, "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": types, "bbox": bounds}}}
    fields = [(c, pa.list_(pa.string()) if c == "governorates" else pa.string()) for c in columns]
    schema = pa.schema([*fields, ("geometry", pa.binary())],
                       metadata={b"geo": json.dumps(geo, separators=(",", ":")).encode()})
    table = pa.Table.from_arrays([pa.array(values[c], t) for c, t in fields] + [pa.array(geoms, pa.binary())],
                                 schema=schema)
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(table, tmp, compression="zstd", compression_level=19, use_dictionary=True,
                   row_group_size=len(table) or 1, write_statistics=False, store_schema=True)
    tmp.replace(path)
