"""GeoParquet files (the bundled dated areas, or a user's areas in the same form), read within a budget.

The file's footer is read first: rows over the feature budget or columns over the key budget are refused
before any data is read; a file without GeoParquet's ``geo`` metadata, or whose shapes are not WKB, is
refused with a hint. Then only the columns asked for and the shapes are read, and every shape goes through
the same checks as a GeoPackage's (vertex budget, text budget, geometry type, repair).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from geo.base.errors import DataError, Problem
from geo.base.text import clip

from .budget import Budget, over

__all__ = ["SUFFIXES", "parse_parquet"]

SUFFIXES = (".parquet", ".geoparquet")
HINT = "save it as GeoParquet (e.g. GeoDataFrame.to_parquet), with its shapes in WGS84 longitude/latitude"
LONLAT = ("OGC:CRS84", "EPSG:4326")


def parse_parquet(path: Path, where: str, accept: str, fields: Collection[str] | None,
                  budget: Budget) -> tuple[list[dict], list[Any], list[Problem]]:
    """Rows, shapes and problems of a GeoParquet file, as :func:`geo.io.gdal.parse_gdal` gives them."""
    import geopandas as gpd
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely

    from .gdal import _rows_and_shapes, _to_wgs84

    try:
        meta = pq.ParquetFile(path)
        schema = meta.schema_arrow
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise DataError(Problem(where, f"cannot be read as Parquet: {_first(exc)}", HINT)) from None
    if meta.metadata.num_rows > budget.features:
        raise DataError(over(where, "features", meta.metadata.num_rows, budget))
    if len(schema.names) > budget.keys:
        raise DataError(over(where, "keys", len(schema.names), budget))
    column, crs = _geometry_column(schema, where)
    wanted = [c for c in schema.names if c != column and (fields is None or c in fields or c == "id")]
    try:
        table = meta.read(columns=[*wanted, column])
        shapes = shapely.from_wkb(table.column(column).to_numpy(zero_copy_only=False), on_invalid="raise")
    except (pa.ArrowException, OSError, ValueError, shapely.errors.GEOSException) as exc:
        raise DataError(Problem(where, f"cannot be read: {_first(exc)}", HINT)) from None
    frame = table.drop_columns([column]).to_pandas()
    for name in frame.columns:  # a list column comes as numpy arrays: as lists, like GeoJSON's
        if frame[name].dtype == object:
            frame[name] = [v.tolist() if hasattr(v, "tolist") and not isinstance(v, str) else v for v in frame[name]]
    gdf = _to_wgs84(gpd.GeoDataFrame(frame, geometry=list(shapes), crs=crs), where)
    return _rows_and_shapes(gdf, where, accept, budget)


def _geometry_column(schema, where: str) -> tuple[str, Any]:
    """The primary geometry column of GeoParquet's ``geo`` metadata and its CRS (WGS84 when none is given)."""
    raw = (schema.metadata or {}).get(b"geo")
    if raw is None:
        raise DataError(Problem(where, "is a Parquet file without GeoParquet's 'geo' metadata", HINT))
    try:
        geo = json.loads(raw)
        column = geo["primary_column"]
        spec = geo["columns"][column]
    except (ValueError, KeyError, TypeError):
        raise DataError(Problem(where, "its GeoParquet 'geo' metadata cannot be read", HINT)) from None
    if column not in schema.names:
        raise DataError(Problem(where, f"its geometry column {clip(str(column), 40)!r} is missing", HINT))
    if spec.get("encoding", "WKB") != "WKB":
        raise DataError(Problem(where, f"its shapes are encoded as {clip(str(spec.get('encoding')), 30)}, not WKB",
                                HINT))
    crs = spec.get("crs", "OGC:CRS84")
    return column, ("EPSG:4326" if crs is None or crs in LONLAT else crs)


def _first(exc: Exception) -> str:
    text = str(exc).strip()
    return clip(text.splitlines()[0] if text else type(exc).__name__, 160)
