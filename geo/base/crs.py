"""Coordinate systems and measures shared by the library and ``zones/draw``.

Areas are always measured in an equal-area projection, never in degrees; buffers and distances in UTM 37N,
which is true to scale across Syria. Importing the names costs nothing: GeoPandas is loaded when a shape is
measured.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

__all__ = ["WGS84", "EQUAL_AREA", "METRIC", "area_km2"]

WGS84 = "EPSG:4326"
EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global: equal-area, metres
METRIC = "EPSG:32637"  # UTM zone 37N: metres, true to scale across Syria


def area_km2(shapes: gpd.GeoDataFrame | gpd.GeoSeries) -> pd.Series:
    """Area of each shape in km², computed in an equal-area projection (0 for a missing shape)."""
    import geopandas as gpd
    import numpy as np

    series = shapes.geometry if isinstance(shapes, gpd.GeoDataFrame) else shapes
    if series.crs is None:
        series = series.set_crs(WGS84)
    return (series.to_crs(EQUAL_AREA).area / 1e6).fillna(0.0).astype(np.float64)
