"""Read and validate the layers: de-escalation areas, the national outline, governorates.

Every problem found in a file is collected and raised together as one :class:`DataError`,
each problem naming the file, the feature and what is wrong.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import shape

from . import data
from .errors import DataError, Problem

__all__ = [
    "MAX_BYTES",
    "AREA_KIND",
    "ZONE_KIND",
    "CONTRACT",
    "load_areas",
    "load_outline",
    "load_governorates",
    "read_layer",
]

MAX_BYTES = 50 * 1024 * 1024
AREA_KIND = "de-escalation area"
ZONE_KIND = "security zone"
KINDS = (AREA_KIND, ZONE_KIND)
CONFIDENCES = ("high", "medium", "low")
CONTRACT = ("id", "kind", "name", "name_ar", "governorates", "source", "method", "confidence", "note")
REQUIRED = ("id", "kind", "name")
GEOJSON_SUFFIXES = (".geojson", ".json")
GDAL_SUFFIXES = (".gpkg", ".shp", ".zip", ".fgb", ".gml", ".kml")
# Syria lies within about 35.6–42.4 E, 32.3–37.4 N; a little slack for user shapes at the border.
SYRIA_BOUNDS = (35.0, 32.0, 43.0, 37.7)
NAME_FIELDS = ("name", "ADM1_EN", "shapeName", "NAME_1", "admin1Name", "NAME")


def load_areas(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """The de-escalation areas and the security zone, validated (bundled file by default)."""
    path = Path(path) if path else data.AREAS
    gdf, problems = read_layer(path)
    problems += _check_area_properties(gdf, path)
    if problems:
        raise DataError(problems)
    return _fill_contract(gdf)


def load_outline(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """The national outline of Syria and the occupied Golan (bundled)."""
    path = Path(path) if path else data.OUTLINE
    gdf, problems = read_layer(path)
    if problems:
        raise DataError(problems)
    return gdf


def load_governorates(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Governorates with a ``name`` column (bundled, or any file GDAL reads, e.g. OCHA COD-AB)."""
    path = Path(path) if path else data.GOVERNORATES
    gdf, problems = read_layer(path)
    if not problems:
        field = next((f for f in NAME_FIELDS if f in gdf.columns), None)
        if field is None:
            found = ", ".join(c for c in gdf.columns if c != "geometry") or "none"
            problems.append(
                Problem(str(path), f"no governorate name column (found: {found})",
                        f"expected one of {', '.join(NAME_FIELDS)}")
            )
        elif field != "name":
            gdf = gdf.rename(columns={field: "name"})
    if problems:
        raise DataError(problems)
    gdf["name"] = gdf["name"].astype(str)
    return gdf


def read_layer(path: Path) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read polygons from ``path`` in EPSG:4326, returning the frame and every problem found."""
    where = str(path)
    problem = _check_file(path)
    if problem:
        return _empty(), [problem]
    if path.suffix.lower() in GEOJSON_SUFFIXES:
        gdf, problems = _read_geojson(path)
    else:
        gdf, problems = _read_gdal(path)
    if gdf.empty and not problems:
        problems.append(Problem(where, "no features", "the file must hold at least one polygon"))
    problems += _check_extent(gdf, where)
    return gdf, problems


# --- reading -------------------------------------------------------------------------------


def _check_file(path: Path) -> Problem | None:
    where = str(path)
    suffix = path.suffix.lower()
    if suffix not in GEOJSON_SUFFIXES + GDAL_SUFFIXES:
        allowed = ", ".join(GEOJSON_SUFFIXES + GDAL_SUFFIXES)
        return Problem(where, f"unsupported file type {suffix or '(none)'!r}", f"use one of {allowed}")
    if not path.exists():
        return Problem(where, "file not found")
    if path.is_dir():
        return Problem(where, "is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        return Problem(where, "file is empty")
    if size > MAX_BYTES:
        return Problem(
            where,
            f"file is {size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit",
            "simplify the shapes (e.g. ogr2ogr -simplify 0.001) before loading",
        )
    return None


def _read_geojson(path: Path) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    where = str(path)
    try:
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError as exc:
        return _empty(), [Problem(where, f"not UTF-8 text (byte {exc.start})", "is it a binary file?")]
    except json.JSONDecodeError as exc:
        hint = "the file looks cut short" if exc.msg.startswith(("Expecting", "Unterminated")) else ""
        msg = f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        return _empty(), [Problem(where, msg, hint or "check the file is GeoJSON")]
    features, problem = _features_of(doc, where)
    if problem:
        return _empty(), [problem]
    rows, geoms, problems = [], [], []
    for n, feature in enumerate(features, start=1):
        props, geom, feature_problems = _parse_feature(feature, n, where)
        problems += feature_problems
        rows.append(props)
        geoms.append(None if feature_problems else geom)
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326"), problems


def _features_of(doc: Any, where: str) -> tuple[list, Problem | None]:
    if not isinstance(doc, dict):
        return [], Problem(where, f"top level is a JSON {type(doc).__name__}, not a GeoJSON object")
    kind = doc.get("type")
    if kind == "Topology":
        return [], Problem(where, "is TopoJSON, not GeoJSON", "convert it, e.g. with mapshaper -o format=geojson")
    if kind == "Feature":
        return [doc], None
    if kind != "FeatureCollection":
        return [], Problem(where, f"GeoJSON type is {kind!r}", "expected a FeatureCollection of polygons")
    features = doc.get("features")
    if not isinstance(features, list):
        return [], Problem(where, "'features' is missing or not a list")
    if not features:
        return [], Problem(where, "no features", "the FeatureCollection is empty")
    return features, None


def _parse_feature(feature: Any, n: int, where: str) -> tuple[dict, Any, list[Problem]]:
    if not isinstance(feature, dict):
        return {}, None, [Problem(where, "is not a GeoJSON Feature object", feature=n)]
    props = feature.get("properties") or {}
    if not isinstance(props, dict):
        return {}, None, [Problem(where, "'properties' is not an object", feature=n)]
    fid = props.get("id", feature.get("id"))
    fid = None if fid is None else str(fid)
    if fid is not None and "id" not in props:
        props = {**props, "id": fid}

    def problem(message: str, hint: str = "") -> list[Problem]:
        return [Problem(where, message, hint, n, fid)]

    geom = feature.get("geometry")
    if geom is None:
        return props, None, problem("geometry is null", "every feature needs a Polygon or MultiPolygon")
    if not isinstance(geom, dict):
        return props, None, problem("geometry is not a GeoJSON object")
    gtype = geom.get("type")
    if gtype == "GeometryCollection":
        return props, None, problem("geometry is a GeometryCollection", "split it into one Polygon or MultiPolygon per feature")
    if gtype not in ("Polygon", "MultiPolygon"):
        return props, None, problem(f"geometry is a {gtype}, not an area", "expected Polygon or MultiPolygon")
    coords = geom.get("coordinates")
    rings = [coords] if gtype == "Polygon" else coords
    bad = _check_rings(rings)
    if bad:
        return props, None, problem(*bad)
    geom_obj = shape(geom)
    if geom_obj.is_empty:
        return props, None, problem("geometry is empty", "every feature needs at least one ring")
    if shapely.has_z(geom_obj):
        geom_obj = shapely.force_2d(geom_obj)
    geom_obj, warning = _repair(geom_obj)
    if warning:
        warnings.warn(str(Problem(where, warning, "repaired with make_valid", n, fid)), stacklevel=2)
    return props, geom_obj, []


def _check_rings(polygons: Any) -> tuple[str, str] | None:
    if not isinstance(polygons, list) or not polygons:
        return ("geometry is empty", "every feature needs at least one ring")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return ("geometry is empty or malformed", "a polygon is a list of rings")
        for ring in polygon:
            if not isinstance(ring, list) or not all(isinstance(p, list) and len(p) >= 2 for p in ring):
                return ("coordinates are malformed", "a ring is a list of [lon, lat] positions")
            for point in ring:
                for value in point[:3]:
                    if isinstance(value, bool) or not isinstance(value, (int, float)):
                        return (f"coordinate {value!r} is not a number", "write coordinates as plain numbers")
                    if not math.isfinite(value):
                        return (f"coordinate {value!r} is not finite", "remove NaN and infinite values")
            if len(ring) < 4:
                return (f"a ring has {len(ring)} positions, fewer than 4", "a ring needs at least 3 corners and the closing point")
            if ring[0][:2] != ring[-1][:2]:
                return ("a ring is not closed (its last position differs from its first)", "repeat the first position at the end")
    return None


def _repair(geom: Any) -> tuple[Any, str]:
    """Make an invalid polygon valid, keeping only its areal part; say what was wrong."""
    if geom.is_valid:
        return geom, ""
    reason = shapely.is_valid_reason(geom)
    fixed = shapely.make_valid(geom)
    if fixed.geom_type == "GeometryCollection":
        parts = [g for g in fixed.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        fixed = shapely.union_all(parts) if parts else shapely.Polygon()
    return fixed, f"invalid geometry ({reason})"


def _read_gdal(path: Path) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    where = str(path)
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # GDAL raises many kinds; all mean the same to a user
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return _empty(), [Problem(where, f"cannot be read: {first}", "is it a valid GeoPackage, shapefile or zipped shapefile?")]
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        gdf = gdf.to_crs("EPSG:4326")
    problems = []
    for n, (idx, geom) in enumerate(gdf.geometry.items(), start=1):
        fid = str(gdf.at[idx, "id"]) if "id" in gdf.columns else None
        if geom is None or geom.is_empty:
            problems.append(Problem(where, "geometry is null or empty", "every feature needs a Polygon or MultiPolygon", n, fid))
        elif geom.geom_type not in ("Polygon", "MultiPolygon"):
            problems.append(Problem(where, f"geometry is a {geom.geom_type}, not an area", "expected Polygon or MultiPolygon", n, fid))
        elif not shapely.is_valid(geom):
            fixed, warning = _repair(shapely.force_2d(geom))
            warnings.warn(str(Problem(where, warning, "repaired with make_valid", n, fid)), stacklevel=2)
            gdf.at[idx, "geometry"] = fixed
    gdf.geometry = shapely.force_2d(gdf.geometry.values)
    return gdf, problems


def _check_extent(gdf: gpd.GeoDataFrame, where: str) -> list[Problem]:
    west, south, east, north = SYRIA_BOUNDS
    problems = []
    for n, (idx, geom) in enumerate(gdf.geometry.items(), start=1):
        if geom is None or geom.is_empty:
            continue
        x0, y0, x1, y1 = geom.bounds
        if x0 >= west and x1 <= east and y0 >= south and y1 <= north:
            continue
        fid = str(gdf.at[idx, "id"]) if "id" in gdf.columns else None
        if y0 >= west and y1 <= east and x0 >= south and x1 <= north:
            hint = "latitude and longitude look swapped: GeoJSON wants [lon, lat]"
        elif max(abs(x0), abs(x1)) > 180 or max(abs(y0), abs(y1)) > 90:
            hint = "coordinates look projected (metres?): GeoJSON must be WGS84 lon/lat"
        else:
            hint = "is this a shape of Syria?"
        box = f"[{x0:.4g}, {y0:.4g}, {x1:.4g}, {y1:.4g}]"
        problems.append(Problem(where, f"shape lies outside Syria (bounds {box})", hint, n, fid))
    return problems


# --- properties ----------------------------------------------------------------------------


def _check_area_properties(gdf: gpd.GeoDataFrame, path: Path) -> list[Problem]:
    where = str(path)
    problems: list[Problem] = []
    if gdf.empty:
        return problems
    seen: dict[str, int] = {}
    for n, (_, row) in enumerate(gdf.iterrows(), start=1):
        fid = row.get("id")
        fid = None if _missing(fid) else str(fid)
        missing = [k for k in REQUIRED if k not in gdf.columns or _missing(row.get(k))]
        if missing:
            problems.append(Problem(where, f"missing required properties: {', '.join(missing)}",
                                    f"every feature needs {', '.join(REQUIRED)}", n, fid))
        if fid is not None:
            if fid in seen:
                problems.append(Problem(where, f"duplicate id {fid!r} (also feature {seen[fid]})", "ids must be unique", n, fid))
            seen.setdefault(fid, n)
        kind = row.get("kind")
        if not _missing(kind) and kind not in KINDS:
            problems.append(Problem(where, f"kind is {kind!r}", f"expected one of {', '.join(map(repr, KINDS))}", n, fid))
        conf = row.get("confidence")
        if not _missing(conf) and conf not in CONFIDENCES:
            problems.append(Problem(where, f"confidence is {conf!r}", f"expected one of {', '.join(CONFIDENCES)}", n, fid))
    return problems


def _fill_contract(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give optional contract properties an explicit 'not given' rather than leaving them out."""
    gdf = gdf.copy()
    for key in CONTRACT:
        if key not in gdf.columns:
            gdf[key] = [[] for _ in range(len(gdf))] if key == "governorates" else "not given"
    gdf["id"] = gdf["id"].astype(str)
    gdf["governorates"] = [g if isinstance(g, list) else [] for g in gdf["governorates"]]
    for key in ("name_ar", "source", "method", "confidence", "note"):
        gdf[key] = gdf[key].fillna("not given").astype(str)
    return gdf.reset_index(drop=True)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _empty() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": []}, geometry=[], crs="EPSG:4326")
