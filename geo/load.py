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
import numpy as np
import shapely
import shapely.errors

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


def load_areas(path: str | Path | None = None, label: str | None = None) -> gpd.GeoDataFrame:
    """The de-escalation areas and the security zone, validated (bundled file by default).

    ``label`` names the file in messages instead of ``path`` (e.g. an upload's own name).
    """
    path = Path(path) if path else data.AREAS
    where = label or str(path)
    gdf, problems = read_layer(path, where)
    problems += _check_area_properties(gdf, where)
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.feature or 0))  # in file order; stable within a feature
    return _fill_contract(gdf)


def load_outline(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """The national outline of Syria and the occupied Golan (bundled)."""
    path = Path(path) if path else data.OUTLINE
    gdf, problems = read_layer(path)
    if problems:
        raise DataError(problems)
    return gdf


def load_governorates(path: str | Path | None = None, label: str | None = None) -> gpd.GeoDataFrame:
    """Governorates with a ``name`` column (bundled, or any file GDAL reads, e.g. OCHA COD-AB)."""
    path = Path(path) if path else data.GOVERNORATES
    where = label or str(path)
    gdf, problems = read_layer(path, where)
    if not problems:
        field = next((f for f in NAME_FIELDS if f in gdf.columns), None)
        if field is None:
            found = ", ".join(c for c in gdf.columns if c != "geometry") or "none"
            problems.append(
                Problem(where, f"no governorate name column (found: {found})",
                        f"expected one of {', '.join(NAME_FIELDS)}")
            )
        elif field != "name":
            gdf = gdf.rename(columns={field: "name"})
    if problems:
        raise DataError(problems)
    gdf["name"] = ["" if _missing(v) else str(v) for v in gdf["name"]]
    return gdf


def read_layer(path: Path, where: str | None = None) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Read polygons from ``path`` in EPSG:4326, returning the frame and every problem found.

    ``where`` names the file in problems (default: the path).
    """
    path = Path(path)
    where = where or str(path)
    problem = _check_file(path, where)
    if problem:
        return _empty(), [problem]
    if path.suffix.lower() in GEOJSON_SUFFIXES:
        gdf, problems = _read_geojson(path, where)
    else:
        gdf, problems = _read_gdal(path, where)
    if gdf.empty and not problems:
        problems.append(Problem(where, "no features", "the file must hold at least one polygon"))
    problems += _check_extent(gdf, where)
    return gdf, problems


# --- reading -------------------------------------------------------------------------------


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
        return _empty(), [Problem(where, f"cannot be read: {exc.strerror or exc}", "check the file's permissions")]
    except RecursionError:
        return _empty(), [Problem(where, "JSON is nested too deeply", "check the file is GeoJSON")]
    except UnicodeDecodeError as exc:
        return _empty(), [Problem(where, f"not UTF-8 text (byte {exc.start})", "is it a binary file?")]
    except json.JSONDecodeError as exc:
        cut_short = exc.pos >= len(exc.doc.rstrip()) or exc.msg.startswith("Unterminated")
        hint = "the file looks cut short" if cut_short else ""
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
        return [], Problem(where, f"top level is a JSON {_json_type(doc)}, not a GeoJSON object",
                           "expected {\"type\": \"FeatureCollection\", \"features\": […]}")
    kind = doc.get("type")
    if kind == "Topology":
        return [], Problem(where, "is TopoJSON, not GeoJSON", "convert it, e.g. with mapshaper -o format=geojson")
    if kind == "Feature":
        return [doc], None
    if kind != "FeatureCollection":
        what = "missing" if kind is None else _short(kind)
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
    fid = _id_of(fid)
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
        return props, None, problem(f"geometry is a {_label(gtype)}, not an area", "expected Polygon or MultiPolygon")
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
        return (f"coordinate {_short(value)} is not a number", "write coordinates as plain numbers")
    try:
        finite = math.isfinite(value)
    except OverflowError:  # an integer too large for a float
        finite = False
    if not finite:
        return (f"coordinate {_short(value)} is not finite", "remove NaN, infinite and out-of-range values")
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
        return _empty(), [problem]
    try:
        gdf = gpd.read_file(path, engine="pyogrio")
    except Exception as exc:  # GDAL raises many kinds; all mean the same to a user
        return _empty(), [Problem(where, f"cannot be read: {_gdal_message(exc, path, where)}",
                                  "is it a valid GeoPackage, shapefile or zipped shapefile?")]
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf.geometry.name not in gdf.columns:
        return _empty(), [Problem(where, "has no geometry column", "the layer must hold polygons")]
    try:
        if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
            gdf = gdf.to_crs("EPSG:4326")
    except Exception as exc:  # pyproj: an unknown or broken CRS
        return _empty(), [Problem(where, f"its coordinate system cannot be converted to WGS84: {_first_line(exc)}",
                                  "save it in EPSG:4326")]
    gdf = gdf.drop(columns=[c for c in gdf.columns if c != gdf.geometry.name and str(c).lower() == "geometry"])
    problems = []
    for n, (idx, geom) in enumerate(gdf.geometry.items(), start=1):
        fid = _id_of(gdf.at[idx, "id"]) if "id" in gdf.columns else None
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
        return _empty(), problems
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
    text = _first_line(exc).split("; It might help", 1)[0]
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
        fid = _id_of(gdf.at[idx, "id"]) if "id" in gdf.columns else None
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

TEXT_FIELDS = ("kind", "name", "name_ar", "source", "method", "confidence", "note")


def _check_area_properties(gdf: gpd.GeoDataFrame, where: str) -> list[Problem]:
    problems: list[Problem] = []
    if gdf.empty:
        return problems
    seen: dict[str, int] = {}
    for n, (_, row) in enumerate(gdf.iterrows(), start=1):
        raw_id = row.get("id")
        fid = _id_of(raw_id)

        def bad(message: str, hint: str = "", fid: str | None = fid, n: int = n) -> None:
            problems.append(Problem(where, message, hint, n, fid))

        missing = [k for k in REQUIRED if k not in gdf.columns or _missing(row.get(k))]
        if missing:
            bad(f"missing required properties: {', '.join(missing)}", f"every feature needs {', '.join(REQUIRED)}")
        if not _missing(raw_id) and not _is_id(raw_id):
            bad(f"id is {_short(raw_id)}", "an id is a short text such as \"idlib\" (or a whole number)")
        elif fid is not None:
            if fid in seen:
                bad(f"duplicate id {fid!r} (also feature {seen[fid]})", "ids must be unique")
            seen.setdefault(fid, n)
        for key in TEXT_FIELDS:
            value = row.get(key)
            if not _missing(value) and not isinstance(value, (str, int, float)) or isinstance(value, bool):
                bad(f"{key} is {_short(value)}", "expected text")
        kind = row.get("kind")
        if isinstance(kind, str) and kind not in KINDS:
            bad(f"kind is {_short(kind)}", f"expected one of {', '.join(map(repr, KINDS))}")
        conf = row.get("confidence")
        if isinstance(conf, str) and conf.strip() and conf not in CONFIDENCES:
            bad(f"confidence is {_short(conf)}", f"expected one of {', '.join(CONFIDENCES)}")
        govs = row.get("governorates")
        if not _missing(govs) and not isinstance(govs, str) and not (
                isinstance(govs, list) and all(isinstance(g, str) for g in govs)):
            bad(f"governorates is {_short(govs)}", "a list of governorate names, e.g. [\"Idlib\", \"Hama\"]")
    return problems


def _fill_contract(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give optional contract properties an explicit 'not given' rather than leaving them out."""
    gdf = gdf.copy()
    for key in CONTRACT:
        if key not in gdf.columns:
            gdf[key] = [[] for _ in range(len(gdf))] if key == "governorates" else "not given"
    gdf["id"] = [_id_of(v) for v in gdf["id"]]
    gdf["governorates"] = [_names_list(g) for g in gdf["governorates"]]
    for key in ("kind", "name"):
        gdf[key] = [str(v) for v in gdf[key]]
    for key in ("name_ar", "source", "method", "confidence", "note"):
        gdf[key] = ["not given" if _missing(v) else str(v) for v in gdf[key]]
    return gdf.reset_index(drop=True)


def _names_list(value: Any) -> list[str]:
    """Governorate names from a JSON list, or from text (a GeoPackage or shapefile cannot hold lists)."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return []


def _is_id(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        return True
    if isinstance(value, (int, np.integer)):
        return True
    return isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer()


def _id_of(value: Any) -> str | None:
    """The id as text (1.0 → "1", as a GeoPackage stores whole numbers), or None when missing."""
    if _missing(value):
        return None
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
        return str(int(value))
    return str(value) if _is_id(value) else _short(value)


def _missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (float, np.floating)) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _short(value: Any, limit: int = 60) -> str:
    """A value as a user wrote it, clipped so that one bad value cannot flood the terminal."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(value: Any, limit: int = 60) -> str:
    """Text as it is (clipped); anything else as its repr."""
    if not isinstance(value, str):
        return _short(value, limit)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _json_type(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null",
            int: "number", float: "number"}.get(type(value), type(value).__name__)


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _empty() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": []}, geometry=[], crs="EPSG:4326")
