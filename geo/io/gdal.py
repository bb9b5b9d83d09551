"""GeoPackages, shapefiles (zipped or not) and other GDAL formats, read through pyogrio.

The common wrong files are caught before GDAL sees them, with a message a user understands: a zip
without a shapefile, or without its ``.shx``/``.dbf``, or with several; a GeoPackage that is not SQLite or
holds several layers. A shapefile inside a folder of the zip (what zipping a folder gives) is found.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Collection
from pathlib import Path, PurePosixPath
from typing import Any

import numpy as np
import shapely

from geo.base.errors import DataError, Problem
from geo.base.text import clip

from .budget import ENV, Budget, mb, over
from .geojson import GEOMETRY_TYPES, NOUN, id_text, long_text
from .repair import Repair

__all__ = ["SUFFIXES", "parse_gdal"]

SUFFIXES = (".gpkg", ".shp", ".zip", ".fgb", ".gml", ".kml")


def parse_gdal(path: Path, where: str, accept: str, fields: Collection[str] | None,
               budget: Budget) -> tuple[list[dict], list[Any], list[Problem]]:
    """Rows, shapes and problems of a GDAL file, in the same form as :func:`geo.io.geojson.parse_features`."""
    import pyogrio

    source = _source(path, where, budget)
    try:
        info = pyogrio.read_info(source)
    except Exception as exc:  # GDAL raises many kinds; all mean the same to a user
        raise DataError(Problem(where, f"cannot be read: {_gdal_message(exc, path, where)}",
                                "is it a valid GeoPackage, shapefile or zipped shapefile?")) from None
    if info.get("features", 0) > budget.features:
        raise DataError(over(where, "features", int(info["features"]), budget))
    if len(info.get("fields", ())) > budget.keys:
        raise DataError(over(where, "keys", len(info["fields"]), budget))
    columns = [c for c in info.get("fields", ()) if fields is None or c in fields or c == "id"]
    try:
        gdf = pyogrio.read_dataframe(source, columns=columns)
    except Exception as exc:
        raise DataError(Problem(where, f"cannot be read: {_gdal_message(exc, path, where)}",
                                "is it a valid GeoPackage, shapefile or zipped shapefile?")) from None
    gdf = _to_wgs84(gdf, where)
    return _rows_and_shapes(gdf, where, accept, budget)


# --- helpers -------------------------------------------------------------------------------


def _source(path: Path, where: str, budget: Budget) -> str:
    suffix = path.suffix.lower()
    if suffix == ".zip":
        return _zip_member(path, where, budget)
    if suffix == ".gpkg":
        _check_gpkg(path, where)
    return str(path)


def _zip_member(path: Path, where: str, budget: Budget) -> str:
    hint = "zip the shapefile's .shp, .shx, .dbf and .prj together"
    if not zipfile.is_zipfile(path):
        raise DataError(Problem(where, "is not a zip archive (the bytes are corrupt or another format)", hint))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DataError(Problem(where, f"is a damaged zip archive ({exc})", "zip the shapefile again")) from None
    names = [m.filename for m in members if not m.is_dir() and not PurePosixPath(m.filename).name.startswith("._")]
    unpacked = sum(m.file_size for m in members)
    if unpacked > budget.bytes:
        raise DataError(Problem(where, f"the zip unpacks to {mb(unpacked)}, over the budget of {mb(budget.bytes)}",
                                f"simplify the shapes, or set {ENV['bytes']} to raise it"))
    shapefiles = [n for n in names if n.lower().endswith(".shp")]
    if not shapefiles:
        found = ", ".join(clip(n, 40) for n in names[:8]) + (", …" if len(names) > 8 else "") if names else "nothing"
        raise DataError(Problem(where, f"the zip holds no shapefile (.shp) (found: {found})", hint))
    if len(shapefiles) > 1:
        listed = ", ".join(clip(n, 40) for n in shapefiles[:5])
        raise DataError(Problem(where, f"the zip holds {len(shapefiles)} shapefiles ({listed})",
                                "zip one layer per file"))
    stem = shapefiles[0][:-4]
    lower = {n.lower() for n in names}
    missing = [ext for ext in (".shx", ".dbf") if (stem + ext).lower() not in lower]
    if missing:
        raise DataError(Problem(where, f"the zip's shapefile {clip(shapefiles[0], 40)} has no "
                                f"{' or '.join(missing)} beside it", hint))
    return f"/vsizip/{path}/{shapefiles[0]}"


def _check_gpkg(path: Path, where: str) -> None:
    import pyogrio

    with open(path, "rb") as fh:
        head = fh.read(16)
    if head != b"SQLite format 3\x00":
        raise DataError(Problem(where, "is not a GeoPackage (not an SQLite database)", "export it again as GeoPackage"))
    try:
        layers = pyogrio.list_layers(path)
    except Exception as exc:
        raise DataError(Problem(where, f"cannot be read: {_gdal_message(exc, path, where)}",
                                "export it again as GeoPackage")) from None
    if len(layers) > 1:
        names = ", ".join(clip(str(name), 30) for name, _ in layers[:5])
        raise DataError(Problem(where, f"holds {len(layers)} layers ({names})",
                                "save the one layer to use in its own GeoPackage"))


def _to_wgs84(gdf, where: str):
    try:
        if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
            gdf = gdf.to_crs("EPSG:4326")
    except Exception as exc:  # pyproj: an unknown or broken CRS
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise DataError(Problem(where, f"its coordinate system cannot be converted to WGS84: {clip(first, 120)}",
                                "save it in EPSG:4326")) from None
    return gdf


def _rows_and_shapes(gdf, where: str, accept: str, budget: Budget) -> tuple[list[dict], list[Any], list[Problem]]:
    fix = Repair(budget.repair_vertices)
    total = int(shapely.get_num_coordinates(np.asarray(gdf.geometry.values, dtype=object)).sum())
    if total > budget.vertices:
        raise DataError(over(where, "vertices", total, budget))
    rows, shapes, problems = [], [], []
    props = gdf.drop(columns=gdf.geometry.name).to_dict(orient="records")
    for n, (row, geom) in enumerate(zip(props, gdf.geometry, strict=True), start=1):
        fid = id_text(row.get("id"))
        rows.append(row)
        shapes.append(None)
        too_long = long_text(row, where, budget, n, fid)
        if too_long:
            problems.append(too_long)
            continue
        shape, problem, warning = _checked(geom, accept, fix)
        if problem:
            problems.append(Problem(where, *problem, n, fid))
        else:
            shapes[-1] = shape
        if warning:
            warnings.warn(str(Problem(where, warning, "repaired with make_valid", n, fid)), stacklevel=2)
    return rows, shapes, problems


def _checked(geom: Any, accept: str, fix: Repair) -> tuple[Any, tuple[str, str] | None, str]:
    """(shape, problem, warning) for one GDAL geometry."""
    expected = " or ".join(GEOMETRY_TYPES[accept])
    if geom is None or geom.is_empty:
        return None, ("geometry is null or empty", f"every feature needs a {expected}"), ""
    if geom.geom_type not in GEOMETRY_TYPES[accept]:
        return None, (f"geometry is a {geom.geom_type}, not {NOUN[accept]}", f"expected {expected}"), ""
    flat = shapely.force_2d(geom)
    if not bool(np.isfinite(shapely.get_coordinates(flat)).all()):
        return None, ("a coordinate is not finite", "remove NaN and infinite values"), ""
    if accept != "polygon":
        return flat, None, ""
    fixed, warning, failure = fix(flat)
    return (None, failure, "") if failure else (fixed, None, warning)


# SQLite's own words for a damaged database, as GDAL passes them on (after the SQL statement that failed)
SQLITE_DAMAGE = {
    "file is not a database": "its SQLite header is damaged (the file is not a database)",
    "database disk image is malformed": "the database inside is damaged or cut short",
}


def _gdal_message(exc: Exception, path: Path, where: str) -> str:
    """GDAL's first sentence, with the internal path replaced by the file's name; never an SQL statement: a
    damaged GeoPackage is said in words (SQLITE_DAMAGE), other SQLite failures by SQLite's reason only."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    text = text.split("; It might help", 1)[0]
    if "sqlite3_" in text or "SELECT " in text.upper():
        reason = text.rsplit(" failed: ", 1)[-1] if " failed: " in text else text
        reason = reason.split(";")[0].strip()
        text = SQLITE_DAMAGE.get(reason, f"its database cannot be read ({clip(reason, 80)})" if "SELECT" not in
                                 reason.upper() else "its database cannot be read")
    for internal in (f"/vsizip/{path}", str(path)):
        text = text.replace(internal, where)
    return clip(text, 200)
