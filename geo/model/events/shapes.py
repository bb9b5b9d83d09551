"""The zones events are placed in, as they stood on each day: every distinct state of the areas (an *epoch*),
each area with its ring, and the rest of Syria.

- an **area**, as the area stood on the event's date: the period of that id whose ``valid_from`` is the
  latest one on or before the date. An event dated *before* an area's first ``valid_from`` counts against
  the area's first shape, and one dated *after* its last period ended (or in a gap between two periods)
  against the latest shape that began before it;
- its **ring**, id ``<id>_ring``: the band up to ``ring_km`` km outside the area's edge (buffered in
  EPSG:32637, metres), minus every area, inside Syria;
- ``rest_of_syria``: inside Syria's outline and in no area and no ring.

Many points are placed with :class:`geo.model.grid.Grid`, a few with their bounding boxes: the same answers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import shapely

from geo.base.crs import METRIC, WGS84
from geo.base.errors import InputError, one_line

from .. import grid
from ..schema import schema
from .dates import NO_DAY, day_number
from .values import short

REST = "rest_of_syria"  # the zone of the events in Syria in no area and no ring
RING = "_ring"  # an area's ring is the zone "<id>_ring"
COUNTED_KINDS = schema().area_kinds  # counted by default: the schema's areas (zones overlap them)


@dataclass
class _Epoch:
    """The zones as they stood from ``start`` (days since 1970) until the next epoch's start."""

    start: int
    geoms: list  # per zone: areas, then rings (shapely geometries, prepared)
    bounds: np.ndarray  # (zones, 4)
    states: list[np.ndarray] | None = None  # per zone, its cells' answers on the grid (built when first needed)


@dataclass
class Shapes:
    """The zones in every state of the areas, Syria's outline, and each area's periods: what events are placed in."""

    area_ids: list[str]
    epochs: list[_Epoch]
    outline: Any  # shapely geometry, prepared
    periods: dict[str, list[tuple[date | None, date | None]]]  # per id: (valid_from, valid_to), in order
    grid: grid.Grid = field(init=False)
    _outline_states: np.ndarray | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.grid = grid.Grid.over(self.outline)

    @property
    def zone_ids(self) -> list[str]:
        return self.area_ids + [a + RING for a in self.area_ids] + [REST]

    def in_syria(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Whether each point is inside the outline."""
        if x.size < grid.MIN_POINTS:
            return shapely.contains_xy(self.outline, x, y)
        if self._outline_states is None:
            self._outline_states = self.grid.answers(self.outline)
        return self.grid.inside(self.outline, self._outline_states, self.grid.cells(x, y), x, y)

    def place(self, day: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(zone index, event index) pairs for events inside Syria, each in the zones of its date's epoch.

        An event is in every area and ring that holds it (they overlap only when areas or rings do), and in
        the rest of Syria when in none.
        """
        rest = 2 * len(self.area_ids)
        starts = np.array([e.start for e in self.epochs], dtype=np.int64)
        epoch_of = np.searchsorted(starts, day, side="right") - 1
        cells = self.grid.cells(x, y) if x.size >= grid.MIN_POINTS else None
        zones, events = [], []
        order = np.argsort(epoch_of, kind="stable")  # the events of each epoch together: one pass, not one per epoch
        present, first = np.unique(epoch_of[order], return_index=True)
        bounds = np.append(first, order.size)
        for k, lo, hi in zip(present, bounds[:-1], bounds[1:], strict=True):
            epoch = self.epochs[k]
            index = np.sort(order[lo:hi])
            if cells is not None and epoch.states is None:
                epoch.states = [self.grid.answers(g) for g in epoch.geoms]
            hit = np.zeros(index.size, dtype=bool)
            for z, geom in enumerate(epoch.geoms):
                if cells is None:
                    inside = np.flatnonzero(grid.contains(geom, x[index], y[index], epoch.bounds[z]))
                else:
                    inside = np.flatnonzero(self.grid.inside(geom, epoch.states[z], cells[index], x[index], y[index]))
                zones.append(np.full(inside.size, z, dtype=np.int64))
                events.append(index[inside])
                hit[inside] = True
            zones.append(np.full(int(np.count_nonzero(~hit)), rest, dtype=np.int64))
            events.append(index[~hit])
        if not zones:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(zones), np.concatenate(events)


def dated_shapes(areas, outline, ring_km: float, kinds: Sequence[str] | None) -> Shapes:
    """Every distinct state of the areas (one per ``valid_from`` that changes a shape), with rings."""
    areas = _in_wgs84(areas)
    if kinds is not None and "kind" in areas.columns:
        areas = areas[areas["kind"].isin(list(kinds))]
    if "id" not in areas.columns or areas.empty:
        raise InputError(f"areas: no area to count events in (kinds {', '.join(kinds or [])})")
    periods = area_periods(areas)
    starts = sorted({f for rows in periods.values() for f, _, _ in rows if f is not None})
    choices: list[tuple[int, tuple[int, ...]]] = []
    for start in [None, *starts]:
        choice = tuple(_shape_on(rows, start) for rows in periods.values())
        if not choices or choices[-1][1] != choice:
            choices.append((day_number(start) if start else NO_DAY, choice))
    country = _country(outline)
    # Each shape buffered by the ring's width and cut to Syria once (not once per epoch), all in one projection.
    import geopandas as gpd

    distinct = list({id(g): g for rows in periods.values() for _, _, g in rows}.values())
    grown = gpd.GeoSeries(distinct, crs=WGS84).to_crs(METRIC).buffer(ring_km * 1000).to_crs(WGS84)
    buffers = {id(g): shapely.intersection(b, country) for g, b in zip(distinct, grown, strict=True)}
    rings: dict[tuple, Any] = {}  # a ring is the same in every epoch where its area and its neighbours are
    epochs = [_epoch(start, [rows[k][2] for rows, k in zip(periods.values(), choice)], buffers, rings)
              for start, choice in choices]
    return Shapes(list(periods), epochs, country,
                   {a: [(f, t) for f, t, _ in rows] for a, rows in periods.items()})


def area_periods(areas) -> dict[str, list[tuple[date | None, date | None, Any]]]:
    """Per id, in the file's order of ids: its periods (valid_from, valid_to, geometry) by valid_from."""
    out: dict[str, list[tuple[date | None, date | None, Any]]] = {}
    for n, (_, row) in enumerate(areas.iterrows(), start=1):
        ident = str(row["id"])
        start = _contract_date(row.get("valid_from"), "valid_from", n, ident)
        end = _contract_date(row.get("valid_to"), "valid_to", n, ident)
        out.setdefault(ident, []).append((start, end, row.geometry))
    for ident, rows in out.items():
        rows.sort(key=lambda r: r[0] or date.min)
        if len({r[0] for r in rows}) < len(rows):
            raise InputError(f"areas: id {ident!r} has {len(rows)} features but they do not all have their own "
                             "valid_from — give each period of an area its own valid_from")
    return out


def _contract_date(value: Any, key: str, n: int, ident: str) -> date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == "":
        return None
    if isinstance(value, date):  # a date, or a pandas Timestamp (a datetime)
        return value.date() if hasattr(value, "date") and callable(value.date) else value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(one_line(f"areas: feature {n} (id {ident}): {key} is {short(value)} — "
                                  "expected YYYY-MM-DD, or empty")) from None


def _shape_on(rows: list[tuple[date | None, date | None, Any]], day: date | None) -> int:
    """Index of the period whose shape counts on ``day`` (None: before every date).

    The latest period that began on or before the day; before the first began, the first.
    """
    chosen = 0
    for k, (start, _, _) in enumerate(rows):
        if start is None or (day is not None and start <= day):
            chosen = k
    return chosen


def _epoch(start: int, shapes: list, buffers: dict[int, Any], rings: dict[tuple, Any]) -> _Epoch:
    """The zones of one epoch: its areas, then each area's ring (its buffer in Syria, minus every area near it)."""
    bounds = shapely.bounds(np.asarray(shapes, dtype=object))
    out = []
    for g in shapes:
        grown = buffers[id(g)]
        x0, y0, x1, y1 = grown.bounds
        near = [h for h, (a, b, c, d) in zip(shapes, bounds, strict=True) if a <= x1 and c >= x0 and b <= y1 and d >= y0]
        key = tuple(id(h) for h in near) + (id(g),)
        if key not in rings:
            rings[key] = shapely.difference(grown, shapely.union_all(near))
        out.append(rings[key])
    geoms = list(shapes) + out
    for g in geoms:
        shapely.prepare(g)
    return _Epoch(start, geoms, np.array([g.bounds for g in geoms], dtype=np.float64).reshape(-1, 4))


def _country(outline):
    """Syria as one geometry: a shapely geometry as given, or the country row(s) of a GeoDataFrame."""
    if isinstance(outline, shapely.Geometry):
        geom = outline
    else:
        frame = _in_wgs84(outline)
        if "kind" in frame.columns and (frame["kind"] == "country").any():
            frame = frame[frame["kind"] == "country"]
        geom = shapely.union_all(np.asarray(frame.geometry.values, dtype=object))
    shapely.prepare(geom)
    return geom


def _in_wgs84(frame):
    if getattr(frame, "crs", None) is not None and frame.crs.to_epsg() != 4326:
        return frame.to_crs(WGS84)
    return frame
