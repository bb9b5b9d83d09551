"""Measure and query the layers: areas in km², shares per governorate, locating points."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    with a bounding-box test first so each polygon only looks at nearby points. For many points
    a coarse grid answers first (:class:`_Grid`): only points in cells that a boundary crosses
    are tested against the polygons, a few percent of them.
    """

    area_ids: list[str]
    area_names: list[str]
    area_geoms: np.ndarray
    governorate_names: list[str]
    governorate_geoms: np.ndarray
    _grid: _Grid | None = field(default=None, init=False, repr=False, compare=False)

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
        if lon.size < GRID_MIN_POINTS or lon.ndim != 1:
            return _first_containing(self.area_geoms, lon, lat), _first_containing(self.governorate_geoms, lon, lat)
        if self._grid is None:
            self._grid = _Grid.build((self.area_geoms, self.governorate_geoms))
        cells = self._grid.cells(lon, lat)
        return tuple(self._grid.answer(k, geoms, cells, lon, lat)
                     for k, geoms in enumerate((self.area_geoms, self.governorate_geoms)))

    def labels(self, lon: np.ndarray, lat: np.ndarray) -> pd.DataFrame:
        """``zone_id``, ``zone_name``, ``governorate`` for each point ("" when none)."""
        area_idx, gov_idx = self.locate(lon, lat)
        ids = np.array(self.area_ids + [""], dtype=object)
        names = np.array(self.area_names + [""], dtype=object)
        govs = np.array(self.governorate_names + [""], dtype=object)
        return pd.DataFrame({"zone_id": ids[area_idx], "zone_name": names[area_idx], "governorate": govs[gov_idx]})

    def label_arrays(self, lon: np.ndarray, lat: np.ndarray) -> tuple:
        """The same three labels as :meth:`labels`, as pyarrow string arrays (no Python object per row).

        Each column is its few distinct names taken by index: the cost is one gather per column.
        """
        import pyarrow as pa

        area_idx, gov_idx = self.locate(lon, lat)
        out = []
        for values, idx in ((self.area_ids, area_idx), (self.area_names, area_idx), (self.governorate_names, gov_idx)):
            dictionary = pa.array([str(v) for v in values] + [""], type=pa.string())
            out.append(dictionary.take(pa.array(np.where(idx < 0, len(values), idx))))
        return tuple(out)


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


GRID_MIN_POINTS = 20_000  # below this, building the grid costs more than it saves
GRID_CELLS = 128  # cells per side: about 0.06° here; builds in ~20 ms, leaves ~5% of points to test
MIXED = -2


@dataclass
class _Grid:
    """A grid over the layers' extent that knows, per cell and layer, the answer for every point in it.

    A cell's answer is certain when no polygon of the layer touches the cell (-1), or exactly one
    polygon touches it and holds the whole closed cell in its interior (that polygon's index).
    Otherwise the cell is :data:`MIXED` and its points are tested exactly. A point's cell may be off by
    one at an edge through rounding; that is safe, because a certain cell never shares an edge or a
    corner with a certain cell of another answer (both would touch the same polygon).
    """

    x0: float
    y0: float
    dx: float
    dy: float
    n: int
    answers: list[np.ndarray]  # per layer: n*n answers, and -1 for the "outside the grid" slot

    @classmethod
    def build(cls, layers: tuple[np.ndarray, ...], n: int = GRID_CELLS) -> _Grid:
        every = np.concatenate([np.asarray(g, dtype=object) for g in layers])
        x0, y0, x1, y1 = shapely.total_bounds(every)
        if not np.isfinite([x0, y0, x1, y1]).all():  # no polygon at all: every answer is "none"
            x0, y0, x1, y1 = 0.0, 0.0, 1.0, 1.0
        dx, dy = (x1 - x0) / n or 1.0, (y1 - y0) / n or 1.0
        i, j = np.divmod(np.arange(n * n), n)
        boxes = shapely.box(x0 + i * dx, y0 + j * dy, x0 + (i + 1) * dx, y0 + (j + 1) * dy)
        tree = shapely.STRtree(boxes)
        answers = []
        for geoms in layers:
            answer = np.full(n * n + 1, -1, dtype=np.int64)
            if len(geoms):
                g_touch, b_touch = tree.query(geoms, predicate="intersects")
                touching = np.bincount(b_touch, minlength=n * n)
                answer[:-1][touching > 0] = MIXED
                g_in, b_in = tree.query(geoms, predicate="contains_properly")
                alone = touching[b_in] == 1
                answer[b_in[alone]] = g_in[alone]
            answers.append(answer)
        return cls(float(x0), float(y0), float(dx), float(dy), n, answers)

    def cells(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Each point's cell number; ``n*n`` (the "outside" slot) off the grid or for NaN."""
        fx = x - self.x0
        fx *= 1 / self.dx
        np.floor(fx, out=fx)
        fy = y - self.y0
        fy *= 1 / self.dy
        np.floor(fy, out=fy)
        with np.errstate(invalid="ignore"):  # NaN casts to a negative number: off the grid below
            cell = fx.astype(np.int64)
            row = fy.astype(np.int64)
        off = (cell < 0) | (cell >= self.n) | (row < 0) | (row >= self.n)
        cell *= self.n
        cell += row
        cell[off] = self.n * self.n
        return cell

    def answer(self, layer: int, geoms: np.ndarray, cells: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        out = self.answers[layer][cells]
        mixed = np.flatnonzero(out == MIXED)
        if mixed.size:
            out[mixed] = _first_containing(geoms, x[mixed], y[mixed])
        return out
