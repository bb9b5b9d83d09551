"""Measure and query the layers: areas in km², shares per governorate, locating points."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.base.crs import EQUAL_AREA, area_km2

from . import grid

__all__ = ["area_km2", "governorate_shares", "Locator", "feature_at"]


def governorate_shares(areas: gpd.GeoDataFrame, governorates: gpd.GeoDataFrame) -> pd.DataFrame:
    """For each area, its km² in each governorate and that part's share of the area.

    Columns: ``id``, ``governorate``, ``km2``, ``share`` (0–1); largest part first per area.
    """
    columns = ["id", "governorate", "km2", "share"]
    if areas.empty or governorates.empty:
        return pd.DataFrame({c: [] for c in columns})
    left = areas[["id", "geometry"]].to_crs(EQUAL_AREA)
    right = governorates[["name", "geometry"]].rename(columns={"name": "governorate"}).to_crs(EQUAL_AREA)
    parts = gpd.overlay(left, right, how="intersection", keep_geom_type=True)
    if parts.empty:  # e.g. an area outside every governorate
        return pd.DataFrame({c: [] for c in columns})
    parts["km2"] = parts.geometry.area / 1e6
    parts = parts[parts["km2"] > 0.01].copy()
    totals = left.geometry.area.groupby(left["id"].to_numpy()).sum() / 1e6
    parts["share"] = parts["km2"].to_numpy(dtype=float) / parts["id"].map(totals).to_numpy(dtype=float)
    table = pd.DataFrame(parts[columns])
    return table.sort_values(["id", "km2"], ascending=[True, False]).reset_index(drop=True)


@dataclass(frozen=True)
class PointLayer:
    """Polygons that points are located in: ids, names and prepared shapes (one answer per point)."""

    ids: list[str]
    names: list[str]
    geoms: np.ndarray

    @classmethod
    def of(cls, gdf: gpd.GeoDataFrame, id_column: str = "id") -> PointLayer:
        geoms = np.asarray(gdf.geometry.values, dtype=object)
        shapely.prepare(geoms)
        return cls([str(v) for v in gdf[id_column]], [str(v) for v in gdf["name"]], geoms)


@dataclass
class Locator:
    """Classify many points at once against the governorates and the areas of one or more dates.

    Built once; :meth:`locate` is vectorised (prepared polygons and ``shapely.contains_xy``), with a
    bounding-box test first so each polygon only looks at nearby points. For many points a coarse grid
    answers first (:class:`geo.model.grid.Grid`): only points in cells that a boundary crosses are tested against
    the polygons, a few percent of them. The grid covers every layer, so several dates share one pass over
    the points for the cell numbers and the governorates.
    """

    governorates: PointLayer
    dated: list[PointLayer]
    agreed: list[PointLayer] = field(default_factory=list)  # per date, the areas as agreed (ids: their area's)
    _grid: grid.Grid | None = field(default=None, init=False, repr=False, compare=False)
    _answers: list[np.ndarray] = field(default_factory=list, init=False, repr=False, compare=False)  # per layer

    @classmethod
    def build(cls, areas: gpd.GeoDataFrame, governorates: gpd.GeoDataFrame, area_kinds: tuple[str, ...]) -> Locator:
        """A locator over the areas of ``area_kinds`` (zones are not areas: ``locate`` never answers with them)."""
        return cls.build_many([areas], governorates, area_kinds)

    @classmethod
    def build_many(cls, areas: list[gpd.GeoDataFrame], governorates: gpd.GeoDataFrame,
                   area_kinds: tuple[str, ...], agreed: list[gpd.GeoDataFrame] | None = None) -> Locator:
        """One locator for several dates: ``areas`` holds the shapes valid on each date, in order, and
        ``agreed`` (if given) the areas as agreed on each date, answered with the id of their area."""
        layers = [PointLayer.of(a[a["kind"].isin(area_kinds)]) for a in areas]
        agreed_layers = [PointLayer.of(a, id_column="part_of") for a in agreed or []]
        return cls(PointLayer.of(governorates, id_column="name"), layers, agreed_layers)

    def locate_all(self, lon: np.ndarray, lat: np.ndarray) -> list[np.ndarray]:
        """For each layer (governorates, each date's areas, then each date's areas as agreed): the index of the
        containing shape, -1 if none. Dates whose shapes are the same are answered once."""
        lon = np.asarray(lon, dtype="float64")
        lat = np.asarray(lat, dtype="float64")
        layers = [self.governorates, *self.dated, *self.agreed]
        keys = [tuple(map(id, layer.geoms)) for layer in layers]
        unique = list(dict.fromkeys(keys))
        distinct = [layers[keys.index(k)] for k in unique]
        if lon.size < grid.MIN_POINTS or lon.ndim != 1:
            answers = [grid.first_containing(layer.geoms, lon, lat) for layer in distinct]
        else:
            if self._grid is None:
                self._grid = grid.Grid.over(np.concatenate([layer.geoms for layer in distinct]))
                self._answers = [self._grid.answers(layer.geoms) for layer in distinct]
            cells = self._grid.cells(lon, lat)
            answers = [self._grid.first(layer.geoms, self._answers[k], cells, lon, lat)
                       for k, layer in enumerate(distinct)]
        return [answers[unique.index(k)] for k in keys]

    def locate(self, lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index of the containing area (first date) and governorate for each point (-1 when none or NaN)."""
        gov, area, *_ = self.locate_all(lon, lat)
        return area, gov

    def labels(self, lon: np.ndarray, lat: np.ndarray) -> pd.DataFrame:
        """``zone_id``, ``zone_name``, ``agreed_id`` (when the locator has areas as agreed) and ``governorate`` for
        each point ("" when none), on the first date."""
        gov_idx, area_idx, *rest = self.locate_all(lon, lat)
        layer = self.dated[0]
        ids = np.array(layer.ids + [""], dtype=object)
        names = np.array(layer.names + [""], dtype=object)
        govs = np.array(self.governorates.names + [""], dtype=object)
        out = {"zone_id": ids[area_idx], "zone_name": names[area_idx]}
        if self.agreed:
            agreed_idx = rest[len(self.dated) - 1]
            out["agreed_id"] = np.array(self.agreed[0].ids + [""], dtype=object)[agreed_idx]
        return pd.DataFrame({**out, "governorate": govs[gov_idx]})

    def label_arrays(self, lon: np.ndarray, lat: np.ndarray, names: bool = True) -> list:
        """pyarrow string arrays (no Python object per row): per date ``zone_id`` (and ``zone_name``) and, when the
        locator has areas as agreed, ``agreed_id``; then ``governorate``. Each column is its few distinct names
        taken by index: one gather per column."""
        import pyarrow as pa

        gov_idx, *located = self.locate_all(lon, lat)
        dated_idx, agreed_idx = located[:len(self.dated)], located[len(self.dated):]

        def take(values: list[str], idx: np.ndarray):
            dictionary = pa.array([str(v) for v in values] + [""], type=pa.string())
            return dictionary.take(pa.array(np.where(idx < 0, len(values), idx)))

        out = []
        for k, (layer, idx) in enumerate(zip(self.dated, dated_idx, strict=True)):
            out.append(take(layer.ids, idx))
            if names:
                out.append(take(layer.names, idx))
            if self.agreed:
                out.append(take(self.agreed[k].ids, agreed_idx[k]))
        out.append(take(self.governorates.names, gov_idx))
        return out


def feature_at(shapes: gpd.GeoDataFrame, lat: float, lon: float) -> str | None:
    """Id of the topmost shape at a point (``shapes`` in drawing order: the last drawn is on top), else None."""
    x, y = np.array([lon], dtype="float64"), np.array([lat], dtype="float64")
    if shapes.empty or not (np.isfinite(x[0]) and np.isfinite(y[0])):
        return None
    geoms = np.asarray(shapes.geometry.values, dtype=object)[::-1]
    hit = grid.first_containing(geoms, x, y)[0]
    return str(shapes["id"].iloc[len(geoms) - 1 - hit]) if hit >= 0 else None
