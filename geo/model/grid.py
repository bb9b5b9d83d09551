"""Which polygon holds each of many points: a coarse grid whose cells know their answer, shapely for the rest.

Testing a million points against polygons of thousands of vertices costs seconds; most points are far from
any edge. :class:`Grid` cuts the polygons' extent into :data:`CELLS` × :data:`CELLS` cells and works out, once
per set of polygons, which cells have a certain answer: no polygon touches the cell, or exactly one polygon
holds the whole closed cell in its interior. A point in such a cell takes the cell's answer; only the points
of the cells an edge crosses (:data:`MIXED`, a few percent of them) are tested exactly
(:func:`first_containing`, :func:`contains`). Below :data:`MIN_POINTS` points the grid costs more than it
saves and callers test every point exactly.

A point's cell may be off by one at an edge through rounding; that is safe, because a certain cell never
shares an edge or a corner with a certain cell of another answer (both would touch the same polygon).

Used by :class:`geo.model.analysis.Locator` (``zonemap locate``: the first polygon of a layer holding each point)
and by ``geo.model.events`` (whether each zone holds each event; zones may overlap, so one polygon at a time).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely

__all__ = ["CELLS", "MIN_POINTS", "MIXED", "Grid", "contains", "first_containing"]

CELLS = 128  # cells per side: over Syria about 0.06°, 5 km; builds in ~20 ms, leaves ~5 % of the points to test
MIN_POINTS = 20_000  # below this many points, building a grid costs more than it saves
MIXED = -2  # a cell's answer when an edge crosses it: its points are tested exactly


@dataclass
class Grid:
    """Cells over the extent ``x0, y0`` + ``n`` × (``dx``, ``dy``); cell number ``i * n + j`` (column i, row j),
    and ``n * n`` for a point off the grid (or NaN)."""

    x0: float
    y0: float
    dx: float
    dy: float
    n: int
    _boxes: Any = field(default=None, init=False, repr=False, compare=False)  # the cells' STRtree, when needed

    @classmethod
    def over(cls, geoms, n: int = CELLS) -> Grid:
        """A grid over the bounds of one geometry or of an array of them (every answer "none" when empty)."""
        x0, y0, x1, y1 = shapely.total_bounds(geoms)
        if not np.isfinite([x0, y0, x1, y1]).all():  # no polygon at all
            x0, y0, x1, y1 = 0.0, 0.0, 1.0, 1.0
        return cls(float(x0), float(y0), (x1 - x0) / n or 1.0, (y1 - y0) / n or 1.0, n)

    def cells(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Each point's cell number; ``n * n`` (the "off the grid" slot) off the grid or for NaN."""
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

    def answers(self, geoms) -> np.ndarray:
        """Per cell (and a last slot, off the grid: -1), the index in ``geoms`` of the one polygon holding the
        whole cell, -1 when no polygon touches it, else :data:`MIXED`. The smallest integer type that holds the
        indices (the events keep one such array per zone and per state of the areas)."""
        geoms = np.atleast_1d(np.asarray(geoms, dtype=object))
        kind = np.int8 if len(geoms) < 127 else np.int16 if len(geoms) < 32_767 else np.int64
        out = np.full(self.n * self.n + 1, -1, dtype=kind)
        if len(geoms):
            if self._boxes is None:
                i, j = np.divmod(np.arange(self.n * self.n), self.n)
                self._boxes = shapely.STRtree(shapely.box(self.x0 + i * self.dx, self.y0 + j * self.dy,
                                                          self.x0 + (i + 1) * self.dx, self.y0 + (j + 1) * self.dy))
            _, b_touch = self._boxes.query(geoms, predicate="intersects")
            out[b_touch] = MIXED
            g_in, b_in = self._boxes.query(geoms, predicate="contains_properly")
            if len(geoms) > 1:  # a cell inside one polygon but touched by another stays mixed
                alone = np.bincount(b_touch, minlength=self.n * self.n)[b_in] == 1
                g_in, b_in = g_in[alone], b_in[alone]
            out[b_in] = g_in
        return out

    @staticmethod
    def first(geoms, answers: np.ndarray, cells: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """For each point, the index of the first of ``geoms`` holding it, else -1: its cell's answer
        (``answers``: :meth:`answers` of these ``geoms``), tested exactly in mixed cells."""
        out = answers[cells].astype(np.int64)
        mixed = np.flatnonzero(out == MIXED)
        if mixed.size:
            out[mixed] = first_containing(geoms, x[mixed], y[mixed])
        return out

    @staticmethod
    def inside(geom, answers: np.ndarray, cells: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Whether each point is in the one polygon ``geom`` (``answers``: :meth:`answers` of ``[geom]``)."""
        answer = answers[cells]
        out = answer == 0
        mixed = np.flatnonzero(answer == MIXED)
        if mixed.size:
            out[mixed] = shapely.contains_xy(geom, x[mixed], y[mixed])
        return out


def first_containing(geoms, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """For each point, the index of the first geometry that contains it, else -1 (no grid: each polygon's
    bounding box first, then shapely for the points in it)."""
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


def contains(geom, x: np.ndarray, y: np.ndarray, bounds: np.ndarray | None = None) -> np.ndarray:
    """Whether each point is in ``geom`` (no grid): its bounding box (``bounds`` if given) first, then shapely."""
    x0, y0, x1, y1 = geom.bounds if bounds is None else bounds
    near = np.flatnonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
    out = np.zeros(x.size, dtype=bool)
    if near.size:
        out[near] = shapely.contains_xy(geom, x[near], y[near])
    return out
