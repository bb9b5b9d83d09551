"""Measure and query the layers: areas in km², shares per governorate, locating points."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .load import AREA_KIND

__all__ = ["EQUAL_AREA", "area_km2", "governorate_shares", "Locator", "area_at"]

EQUAL_AREA = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global: equal-area, metres


def area_km2(gdf: gpd.GeoDataFrame) -> pd.Series:
    """Area of each feature in km², computed in an equal-area projection."""
    return gdf.geometry.to_crs(EQUAL_AREA).area / 1e6


def governorate_shares(areas: gpd.GeoDataFrame, governorates: gpd.GeoDataFrame) -> pd.DataFrame:
    """For each area, its km² in each governorate and that part's share of the area.

    Columns: ``id``, ``governorate``, ``km2``, ``share`` (0–1); largest part first per area.
    """
    left = areas[["id", "geometry"]].to_crs(EQUAL_AREA)
    right = governorates[["name", "geometry"]].rename(columns={"name": "governorate"}).to_crs(EQUAL_AREA)
    parts = gpd.overlay(left, right, how="intersection", keep_geom_type=True)
    parts["km2"] = parts.geometry.area / 1e6
    parts = parts[parts["km2"] > 0.01]
    totals = left.set_index("id").geometry.area / 1e6
    parts["share"] = parts["km2"] / parts["id"].map(totals)
    table = pd.DataFrame(parts[["id", "governorate", "km2", "share"]])
    return table.sort_values(["id", "km2"], ascending=[True, False]).reset_index(drop=True)


@dataclass
class Locator:
    """Classify many points at once against the areas and the governorates.

    Built once; :meth:`locate` is vectorised (prepared polygons and ``shapely.contains_xy``),
    with a bounding-box test first so each polygon only looks at nearby points.
    """

    area_ids: list[str]
    area_names: list[str]
    area_geoms: np.ndarray
    governorate_names: list[str]
    governorate_geoms: np.ndarray

    @classmethod
    def build(cls, areas: gpd.GeoDataFrame, governorates: gpd.GeoDataFrame) -> Locator:
        only = areas[areas["kind"] == AREA_KIND]
        area_geoms = np.asarray(only.geometry.values, dtype=object)
        gov_geoms = np.asarray(governorates.geometry.values, dtype=object)
        shapely.prepare(area_geoms)
        shapely.prepare(gov_geoms)
        return cls(list(only["id"]), list(only["name"]), area_geoms,
                   list(governorates["name"]), gov_geoms)

    def locate(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index of the containing area and governorate for each point (-1 when none or NaN)."""
        lon = np.asarray(lon, dtype="float64")
        lat = np.asarray(lat, dtype="float64")
        return _first_containing(self.area_geoms, lon, lat), _first_containing(self.governorate_geoms, lon, lat)

    def labels(self, lon: np.ndarray, lat: np.ndarray) -> pd.DataFrame:
        """``zone_id``, ``zone_name``, ``governorate`` for each point ("" when none)."""
        area_idx, gov_idx = self.locate(lon, lat)
        ids = np.array(self.area_ids + [""], dtype=object)
        names = np.array(self.area_names + [""], dtype=object)
        govs = np.array(self.governorate_names + [""], dtype=object)
        return pd.DataFrame({"zone_id": ids[area_idx], "zone_name": names[area_idx], "governorate": govs[gov_idx]})


def area_at(areas: gpd.GeoDataFrame, lat: float, lon: float) -> str | None:
    """Id of the feature at a clicked point: an area first, else the security zone, else None."""
    x, y = np.array([lon], dtype="float64"), np.array([lat], dtype="float64")
    if not (np.isfinite(x[0]) and np.isfinite(y[0])):
        return None
    for kind_first in (True, False):
        subset = areas[(areas["kind"] == AREA_KIND) == kind_first]
        hit = _first_containing(np.asarray(subset.geometry.values, dtype=object), x, y)[0]
        if hit >= 0:
            return str(subset["id"].iloc[hit])
    return None


def _first_containing(geoms: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """For each point, the index of the first geometry that contains it, else -1."""
    out = np.full(x.shape, -1, dtype=np.int64)
    if x.size == 0:
        return out
    for i, geom in enumerate(geoms):
        x0, y0, x1, y1 = geom.bounds
        near = np.flatnonzero((out < 0) & (x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
        if near.size:
            inside = shapely.contains_xy(geom, x[near], y[near])
            out[near[inside]] = i
    return out
