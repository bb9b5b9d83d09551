"""Read a layer file into polygons in EPSG:4326, collecting every problem on the way.

GeoJSON is parsed here, so that each problem can name the feature and the position; GeoPackages,
shapefiles (zipped or not) and other GDAL formats go through pyogrio. Nothing here knows about the
area contract: :mod:`geo.load` checks properties.
"""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
import shapely.errors

from .errors import Problem

__all__ = ["MAX_BYTES", "read_layer", "is_missing", "is_id", "id_text", "short", "clip_text", "first_line",
           "empty_layer"]

MAX_BYTES = 50 * 1024 * 1024
GEOJSON_SUFFIXES = (".geojson", ".json")
GDAL_SUFFIXES = (".gpkg", ".shp", ".zip", ".fgb", ".gml", ".kml")
# Syria lies within about 35.6–42.4 E, 32.3–37.4 N; a little slack for user shapes at the border.
SYRIA_BOUNDS = (35.0, 32.0, 43.0, 37.7)


def read_layer(path: Path, where: str | None = None) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read polygons from ``path`` in EPSG:4326, returning the frame and every problem found.

    ``where`` names the file in problems (default: the path).
    """
    path = Path(path)
    where = where or str(path)
    problem = _check_file(path, where)
    if problem:
        return empty_layer(), [problem]
    if path.suffix.lower() in GEOJSON_SUFFIXES:
        gdf, problems = _read_geojson(path, where)
    else:
        gdf, problems = _read_gdal(path, where)
    if gdf.empty and not problems:
        problems.append(Problem(where, "no features", "the file must hold at least one polygon"))
    problems += _check_extent(gdf, where)
    return gdf, problems

def _check_file(path: Path, where: str) -> Problem | None:
    suffix = path.suffix.lower()
    if suffix not in GEOJSON_SUFFIXES + GDAL_SUFFIXES:
        allowed = ", ".join(GEOJSON_SUFFIXES + GDAL_SUFFIXES)
        return Problem(where, f"unsupported file type {suffix or '(none)'!r}", f"use one of {allowed}")
    if not path.exists():
        return Problem(where, "file not found", "check the path")
    if path.is_dir():
        return Problem(where, "is a folder, not a file", "give the path of one data file")
    try:
        size = path.stat().st_size
    except OSError as exc:
        return Problem(where, f"cannot be read: {exc.strerror or exc}", "check the file's permissions")
    if size == 0:
        return Problem(where, "file is empty", "was it saved or downloaded completely?")
    if size > MAX_BYTES:
        return Problem(
            where,
            f"file is {size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit",
            "simplify the shapes (e.g. ogr2ogr -simplify 0.001) before loading",
        )
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        return Problem(where, f"cannot be read: {exc.strerror or exc}", "check the file's permissions")
    return None

def _read_geojson(path: Path, where: str) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    try:
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        return empty_layer(), [Problem(where, f"cannot be read: {exc.strerror or exc}", "check the file's permissions")]
    except RecursionError:
        return empty_layer(), [Problem(where, "JSON is nested too deeply", "check the file is GeoJSON")]
    except UnicodeDecodeError as exc:
        return empty_layer(), [Problem(where, f"not UTF-8 text (byte {exc.start})", "is it a binary file?")]
    except json.JSONDecodeError as exc:
        cut_short = exc.pos >= len(exc.doc.rstrip()) or exc.msg.startswith("Unterminated")
        hint = "the file looks cut short" if cut_short else ""
        msg = f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        return empty_layer(), [Problem(where, msg, hint or "check the file is GeoJSON")]
    features, problem = _features_of(doc, where)
    if problem:
        return empty_layer(), [problem]
    rows, geoms, problems = [], [], []
    for n, feature in enumerate(features, start=1):
        props, geom, feature_problems = _parse_feature(feature, n, where)
        problems += feature_problems
        rows.append(props)
        geoms.append(None if feature_problems else geom)
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326"), problems

def _features_of(doc: Any, where: str) -> tuple[list, Problem | None]:
    if not isinstance(doc, dict):
        return [], Problem(where, f"top level is a JSON {_json_type(doc)}, not a GeoJSON object",
                           "expected {\"type\": \"FeatureCollection\", \"features\": […]}")
    kind = doc.get("type")
    if kind == "Topology":
        return [], Problem(where, "is TopoJSON, not GeoJSON", "convert it, e.g. with mapshaper -o format=geojson")
    if kind == "Feature":
        return [doc], None
    if kind != "FeatureCollection":
        what = "missing" if kind is None else short(kind)
        return [], Problem(where, f"GeoJSON type is {what}", "expected a FeatureCollection of polygons")
    features = doc.get("features")
    if not isinstance(features, list):
        return [], Problem(where, "'features' is missing or not a list", "a FeatureCollection holds a list of features")
    if not features:
        return [], Problem(where, "no features", "the FeatureCollection is empty")
    return features, None

def _parse_feature(feature: Any, n: int, where: str) -> tuple[dict, Any, list[Problem]]:
    if not isinstance(feature, dict):
        return {}, None, [Problem(where, f"is a JSON {_json_type(feature)}, not a GeoJSON Feature object",
                                  "each feature is {\"type\": \"Feature\", \"properties\": {…}, \"geometry\": {…}}", n)]
    props = feature.get("properties")
    props = {} if props is None else props
    if not isinstance(props, dict):
        return {}, None, [Problem(where, f"'properties' is a JSON {_json_type(props)}, not an object",
                                  "properties are {\"name\": value, …}", n)]
    props = {str(k): v for k, v in props.items() if k != "geometry"}  # "geometry" would clash with the shape
    fid = props.get("id", feature.get("id"))
    fid = id_text(fid)
    if "id" not in props and feature.get("id") is not None:
        props["id"] = feature["id"]

    def problem(message: str, hint: str = "") -> list[Problem]:
        return [Problem(where, message, hint, n, fid)]

    geom = feature.get("geometry")
    if geom is None:
        return props, None, problem("geometry is null", "every feature needs a Polygon or MultiPolygon")
    if not isinstance(geom, dict):
        return props, None, problem(f"geometry is a JSON {_json_type(geom)}, not a GeoJSON geometry object",
                                    "expected {\"type\": \"Polygon\", \"coordinates\": […]}")
    gtype = geom.get("type")
    if gtype == "GeometryCollection":
        return props, None, problem("geometry is a GeometryCollection", "split it into one Polygon or MultiPolygon per feature")
    if gtype not in ("Polygon", "MultiPolygon"):
        return props, None, problem(f"geometry is a {clip_text(gtype)}, not an area", "expected Polygon or MultiPolygon")
    coords = geom.get("coordinates")
    polygons = [coords] if gtype == "Polygon" else coords
    bad = _check_rings(polygons)
    if bad:
        return props, None, problem(*bad)
    geom_obj = _polygon_of(polygons, gtype)
    if geom_obj.is_empty:
        return props, None, problem("geometry is empty", "every feature needs at least one ring")
    geom_obj, warning, failure = _repair(geom_obj)
    if failure:
        return props, None, problem(*failure)
    if warning:
        warnings.warn(str(Problem(where, warning, "repaired with make_valid", n, fid)), stacklevel=2)
    return props, geom_obj, []

def _check_rings(polygons: Any) -> tuple[str, str] | None:
    """What is wrong with a Polygon's or MultiPolygon's coordinates, as (message, hint); None if fine."""
    if not isinstance(polygons, list) or not polygons:
        return ("geometry is empty", "every feature needs at least one ring")
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return ("geometry is empty or malformed", "a polygon is a list of rings")
        for ring in polygon:
            if not isinstance(ring, list) or not all(isinstance(p, list) and len(p) >= 2 for p in ring):
                return ("coordinates are malformed", "a ring is a list of [lon, lat] positions")
            for point in ring:
                for value in point[:3]:  # a 4th value (e.g. a measure) is allowed and ignored
                    problem = _check_number(value)
                    if problem:
                        return problem
            if len(ring) < 4:
                return (f"a ring has {len(ring)} positions, fewer than 4", "a ring needs at least 3 corners and the closing point")
            if ring[0][:2] != ring[-1][:2]:
                return ("a ring is not closed (its last position differs from its first)", "repeat the first position at the end")
    return None

def _check_number(value: Any) -> tuple[str, str] | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return (f"coordinate {short(value)} is not a number", "write coordinates as plain numbers")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        finite = False
    if not finite:
        return (f"coordinate {short(value)} is not finite", "remove NaN, infinite and out-of-range values")
    return None

def _polygon_of(polygons: list, gtype: str) -> Any:
    """A 2D shapely (Multi)Polygon from checked coordinates; Z and any extra values are dropped."""
    parts = [shapely.Polygon([(float(p[0]), float(p[1])) for p in rings[0]],
                             [[(float(p[0]), float(p[1])) for p in hole] for hole in rings[1:]])
             for rings in polygons]
    return parts[0] if gtype == "Polygon" else shapely.MultiPolygon(parts)

def _repair(geom: Any) -> tuple[Any, str, tuple[str, str] | None]:
    """Make an invalid polygon valid, keeping only its areal part.

    Returns (geometry, warning, failure): a warning says what was repaired; a failure (message, hint)
    means nothing usable is left.
    """
    try:
        if geom.is_valid:
            return geom, "", None
        reason = shapely.is_valid_reason(geom)
        fixed = shapely.make_valid(geom)
        if fixed.geom_type == "GeometryCollection":
            parts = [g for g in fixed.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
            fixed = shapely.union_all(parts) if parts else shapely.Polygon()
    except shapely.errors.GEOSException as exc:
        return geom, "", (f"geometry cannot be repaired ({exc})", "redraw the shape")
    if fixed.is_empty or fixed.geom_type not in ("Polygon", "MultiPolygon") or fixed.area <= 0:
        return geom, "", (f"geometry encloses no area ({reason})",
                          "a ring needs at least 3 distinct corners not on one line")
    return fixed, f"invalid geometry ({reason})", None

def _read_gdal(path: Path, where: str) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    problem = _check_container(path, where)
    if problem:
        return empty_layer(), [problem]
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # GDAL raises many kinds; all mean the same to a user
        return empty_layer(), [Problem(where, f"cannot be read: {_gdal_message(exc, path, where)}",
                                  "is it a valid GeoPackage, shapefile or zipped shapefile?")]
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf.columns:
        return empty_layer(), [Problem(where, "has no geometry column", "the layer must hold polygons")]
    try:
        if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
            gdf = gdf.to_crs("EPSG:4326")
    except Exception as exc:  # pyproj: an unknown or broken CRS
        return empty_layer(), [Problem(where, f"its coordinate system cannot be converted to WGS84: {first_line(exc)}",
                                  "save it in EPSG:4326")]
    gdf = gdf.drop(columns=[c for c in gdf.columns if c != gdf.geometry.name and str(c).lower() == "geometry"])
    problems = []
    for n, (idx, geom) in enumerate(gdf.geometry.items(), start=1):
        fid = id_text(gdf.at[idx, "id"]) if "id" in gdf.columns else None
        if geom is None or geom.is_empty:
            problems.append(Problem(where, "geometry is null or empty", "every feature needs a Polygon or MultiPolygon", n, fid))
            continue
        if geom.geom_type not in ("Polygon", "MultiPolygon"):
            problems.append(Problem(where, f"geometry is a {geom.geom_type}, not an area", "expected Polygon or MultiPolygon", n, fid))
            continue
        flat = shapely.force_2d(geom)
        if not bool(np.isfinite(shapely.get_coordinates(flat)).all()):
            problems.append(Problem(where, "a coordinate is not finite", "remove NaN and infinite values", n, fid))
            continue
        fixed, warning, failure = _repair(flat)
        if failure:
            problems.append(Problem(where, *failure, n, fid))
            continue
        if warning:
            warnings.warn(str(Problem(where, warning, "repaired with make_valid", n, fid)), stacklevel=2)
        gdf.at[idx, gdf.geometry.name] = fixed
    if problems:
        return empty_layer(), problems
    gdf = gdf.rename_geometry("geometry") if gdf.geometry.name != "geometry" else gdf
    gdf.geometry = shapely.force_2d(gdf.geometry.values)
    return gdf, problems

def _check_container(path: Path, where: str) -> Problem | None:
    """Catch the common wrong files before GDAL does, with a message a user understands."""
    suffix = path.suffix.lower()
    if suffix == ".zip":
        import zipfile

        if not zipfile.is_zipfile(path):
            return Problem(where, "is not a zip archive (the bytes are corrupt or another format)",
                           "zip the shapefile's .shp, .shx, .dbf and .prj together")
        try:
            with zipfile.ZipFile(path) as archive:
                members = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            return Problem(where, f"is a damaged zip archive ({exc})", "zip the shapefile again")
        names = [m.filename for m in members if not m.is_dir()]
        if not any(n.lower().endswith(".shp") for n in names):
            found = ", ".join(names[:8]) + (", …" if len(names) > 8 else "") if names else "nothing"
            return Problem(where, f"the zip holds no shapefile (.shp) (found: {found})",
                           "zip the shapefile's .shp, .shx, .dbf and .prj together")
        unpacked = sum(m.file_size for m in members)
        if unpacked > MAX_BYTES:
            return Problem(where, f"the zip unpacks to {unpacked / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit",
                           "simplify the shapes before loading")
    elif suffix == ".gpkg":
        with open(path, "rb") as fh:
            head = fh.read(16)
        if head != b"SQLite format 3\x00":
            return Problem(where, "is not a GeoPackage (not an SQLite database)", "export it again as GeoPackage")
    return None

def _gdal_message(exc: Exception, path: Path, where: str) -> str:
    """GDAL's first sentence, with the internal path replaced by the file's name."""
    text = first_line(exc).split("; It might help", 1)[0]
    for internal in (f"/vsizip/{path}", str(path)):
        text = text.replace(internal, where)
    return text

def _check_extent(gdf: gpd.GeoDataFrame, where: str) -> list[Problem]:
    west, south, east, north = SYRIA_BOUNDS
    problems = []
    for n, (idx, geom) in enumerate(gdf.geometry.items(), start=1):
        if geom is None or geom.is_empty:
            continue
        x0, y0, x1, y1 = geom.bounds
        if x0 >= west and x1 <= east and y0 >= south and y1 <= north:
            continue
        fid = id_text(gdf.at[idx, "id"]) if "id" in gdf.columns else None
        if y0 >= west and y1 <= east and x0 >= south and x1 <= north:
            hint = "latitude and longitude look swapped: GeoJSON wants [lon, lat]"
        elif max(abs(x0), abs(x1)) > 180 or max(abs(y0), abs(y1)) > 90:
            hint = "coordinates look projected (metres?): GeoJSON must be WGS84 lon/lat"
        else:
            hint = "is this a shape of Syria?"
        box = f"[{x0:.4g}, {y0:.4g}, {x1:.4g}, {y1:.4g}]"
        problems.append(Problem(where, f"shape lies outside Syria (bounds {box})", hint, n, fid))
    return problems

def is_id(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        return True
    if isinstance(value, (int, np.integer)):
        return True
    return isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer()

def id_text(value: Any) -> str | None:
    """The id as text (1.0 → "1", as a GeoPackage stores whole numbers), or None when missing."""
    if is_missing(value):
        return None
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
        return str(int(value))
    return str(value) if is_id(value) else short(value)

def is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()

def short(value: Any, limit: int = 60) -> str:
    """A value as a user wrote it, clipped so that one bad value cannot flood the terminal."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"

def clip_text(value: Any, limit: int = 60) -> str:
    """Text as it is (clipped); anything else as its repr."""
    if not isinstance(value, str):
        return short(value, limit)
    return value if len(value) <= limit else value[: limit - 1] + "…"

def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null",
            int: "number", float: "number"}.get(type(value), type(value).__name__)

def first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

def empty_layer() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": []}, geometry=[], crs="EPSG:4326")
