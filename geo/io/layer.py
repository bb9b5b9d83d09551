"""One entry point for a layer file of any format: :func:`read_layer`.

The caller says what it accepts (polygons, points or lines) and which properties it wants; the file is
opened once within its budget, parsed (GeoJSON here, other formats through GDAL), and returned as a
GeoDataFrame in EPSG:4326 with every problem found. :func:`check_within` is the place check that the areas
loader applies with Syria's outline.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any, NamedTuple

import geopandas as gpd
import numpy as np
import shapely

from geo.base.errors import Problem

from .budget import Budget
from .gdal import SUFFIXES as GDAL_SUFFIXES
from .gdal import parse_gdal
from .geojson import features_of, id_text, parse_features
from .parquet import SUFFIXES as PARQUET_SUFFIXES
from .parquet import parse_parquet
from .source import check_nodes, check_path, read_bytes, read_json

__all__ = ["GEOJSON_SUFFIXES", "SUFFIXES", "Layer", "read_layer", "check_within", "empty_layer"]

GEOJSON_SUFFIXES = (".geojson", ".json")
SUFFIXES = GEOJSON_SUFFIXES + GDAL_SUFFIXES + PARQUET_SUFFIXES
PLACE = "Syria"  # where every shape checked by check_within must lie
TOLERANCE_KM = 2.0  # how far a shape may cross the border (simplified borders)


class Layer(NamedTuple):
    """A layer as read: the features (geometry None where a feature is unusable) and every problem."""

    frame: gpd.GeoDataFrame
    problems: list[Problem]


def read_layer(path: str | Path, where: str | None = None, accept: str = "polygon",
               fields: Collection[str] | None = None, budget: Budget | None = None) -> Layer:
    """Read ``path`` (GeoJSON or any GDAL format zonemap knows), keeping the ``fields`` asked for."""
    from geo.base.errors import DataError

    path = Path(path)
    where = where or str(path)
    budget = budget or Budget.for_file(path)
    try:
        if path.suffix.lower() in GEOJSON_SUFFIXES:
            raw = read_bytes(path, where, SUFFIXES, budget, "data")
            check_nodes(raw, where, budget)
            doc = read_json(raw, where, "check the file is GeoJSON")
            del raw
            rows, shapes, problems = parse_features(features_of(doc, where, accept), where, accept, fields, budget)
        else:
            problem = check_path(path, where, SUFFIXES, budget, "data")
            if problem:
                return Layer(empty_layer(), [problem])
            parse = parse_parquet if path.suffix.lower() in PARQUET_SUFFIXES else parse_gdal
            rows, shapes, problems = parse(path, where, accept, fields, budget)
    except DataError as exc:
        return Layer(empty_layer(), exc.problems)
    frame = gpd.GeoDataFrame(rows, geometry=shapes, crs="EPSG:4326") if rows else empty_layer()
    if frame.empty and not problems:
        problems.append(Problem(where, "no features", "the file must hold at least one feature"))
    return Layer(frame, problems)


def check_within(frame: gpd.GeoDataFrame, region: Any, where: str,
                 excluded: tuple[tuple[Any, str], ...] = ()) -> list[Problem]:
    """A problem for every shape that lies outside ``region`` (Syria's outline, a shapely geometry in lon/lat)
    or crosses it, or covers one of the ``excluded`` (geometry, name) places, e.g. the occupied Golan.

    ``TOLERANCE_KM`` allows for simplified borders. Swapped and projected coordinates get their own hint.
    """
    if frame.empty:
        return []
    inside = shapely.buffer(region, TOLERANCE_KM / 100)  # degrees, about 1 km per 0.01° here
    shapely.prepare(inside)
    problems = []
    for n, (idx, geom) in enumerate(frame.geometry.items(), start=1):
        if geom is None or geom.is_empty:
            continue
        fid = id_text(frame.at[idx, "id"]) if "id" in frame.columns else None
        problem = _place_problem(geom, inside, region, excluded)
        if problem:
            problems.append(Problem(where, *problem, n, fid))
    return problems


def _place_problem(geom: Any, inside: Any, region: Any,
                   excluded: tuple[tuple[Any, str], ...]) -> tuple[str, str] | None:
    for other, name in excluded:
        if geom.intersection(other).area > (TOLERANCE_KM / 100) ** 2:
            return f"shape covers the {name}", f"zonemap's areas leave the {name} out"
    if shapely.contains(inside, geom):
        return None
    x0, y0, x1, y1 = geom.bounds
    box = f"[{x0:.4g}, {y0:.4g}, {x1:.4g}, {y1:.4g}]"
    if max(abs(x0), abs(x1)) > 180 or max(abs(y0), abs(y1)) > 90:
        return f"shape lies outside {PLACE} (bounds {box})", "coordinates look projected (metres?): GeoJSON must be WGS84 lon/lat"
    if shapely.contains(inside, shapely.transform(geom, lambda xy: xy[:, ::-1])):  # it would fit, lat and lon swapped
        return f"shape lies outside {PLACE} (bounds {box})", "latitude and longitude look swapped: GeoJSON wants [lon, lat]"
    if not geom.intersects(region):
        return f"shape lies outside {PLACE} (bounds {box})", f"is this a shape of {PLACE}?"
    return f"shape crosses the border of {PLACE} by more than {TOLERANCE_KM:g} km", f"clip it to {PLACE}'s outline"


def empty_layer() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": np.array([], dtype=object)}, geometry=[], crs="EPSG:4326")
