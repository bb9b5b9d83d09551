"""Adding the events up: daily sums per zone (:class:`Tally`), block by block and part by part (:class:`Part`),
into the :class:`~geo.model.events.periods.EventCounts` every engine returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np

from geo.base.errors import InputError, one_line

from .columns import EventColumns
from .dates import EPOCH
from .keep import REASONS, counted
from .periods import EventCounts
from .read import Block
from .shapes import Shapes


class Tally:
    """Daily sums per zone (events, deaths best, low, high) over the days seen so far, grown as needed."""

    def __init__(self, zones: int):
        self.zones = zones
        self.first = 0
        self.sums = np.zeros((4, zones, 0), dtype=np.int64)

    def add(self, zone: np.ndarray, day: np.ndarray, best: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
        if zone.size == 0:
            return
        self._cover(int(day.min()), int(day.max()))
        width = self.sums.shape[2]
        key = zone * width + (day - self.first)
        size = self.zones * width
        for k, weights in enumerate((None, best, low, high)):
            counts = np.bincount(key, weights=weights, minlength=size)
            self.sums[k] += np.rint(counts).astype(np.int64).reshape(self.zones, width)

    def _cover(self, lo: int, hi: int) -> None:
        width = self.sums.shape[2]
        if width and lo >= self.first and hi < self.first + width:
            return
        first = min(lo, self.first) if width else lo
        last = max(hi, self.first + width - 1) if width else hi
        grown = np.zeros((4, self.zones, last - first + 1), dtype=np.int64)
        if width:
            grown[:, :, self.first - first:self.first - first + width] = self.sums
        self.first, self.sums = first, grown

    def over(self, first: int, last: int) -> np.ndarray:
        """The sums for every day from ``first`` to ``last`` (inclusive), zeros where nothing was seen."""
        out = np.zeros((4, self.zones, last - first + 1), dtype=np.int64)
        width = self.sums.shape[2]
        lo, hi = max(first, self.first), min(last, self.first + width - 1)
        if width and lo <= hi:
            out[:, :, lo - first:hi - first + 1] = self.sums[:, :, lo - self.first:hi - self.first + 1]
        return out


@dataclass
class Part:
    """The counts of some blocks of events: what every engine adds up, block by block (:meth:`add`), and, for
    blocks counted apart (the dask engine's partitions), part by part (:meth:`merge`)."""

    zones: int
    tally: Tally = field(init=False)
    left: dict[str, int] = field(init=False)
    seen: list[int] = field(init=False)
    rows: int = 0
    kept: int = 0
    widened: int = 0
    first_bad: str = ""

    def __post_init__(self) -> None:
        self.tally = Tally(self.zones)
        self.left = dict.fromkeys(REASONS, 0)
        self.seen = [np.iinfo(np.int64).max, np.iinfo(np.int64).min]

    def add(self, block: Block, shapes: Shapes, precision: int | None, wanted: tuple[int | None, int | None]) -> None:
        """Filter one block, place its events in the zones as they stood on each event's day, and count them."""
        self.rows += len(block.day)
        self.widened += block.widened
        self.first_bad = self.first_bad or block.bad_date
        keep = counted(block, precision, wanted, shapes.in_syria, self.left, self.seen)
        self.kept += int(keep.size)
        zone, index = shapes.place(block.day[keep], block.lon[keep], block.lat[keep])
        chosen = keep[index]
        self.tally.add(zone, block.day[chosen], block.best[chosen], block.low[chosen], block.high[chosen])

    def merge(self, other: Part) -> Part:
        """This part and ``other`` (counted from later rows) together."""
        if other.tally.sums.shape[2]:
            first = other.tally.first
            self.tally._cover(first, first + other.tally.sums.shape[2] - 1)
            offset = first - self.tally.first
            self.tally.sums[:, :, offset:offset + other.tally.sums.shape[2]] += other.tally.sums
        for reason, n in other.left.items():
            self.left[reason] += n
        self.seen = [min(self.seen[0], other.seen[0]), max(self.seen[1], other.seen[1])]
        self.rows += other.rows
        self.kept += other.kept
        self.widened += other.widened
        self.first_bad = self.first_bad or other.first_bad
        return self

    def counts(self, shapes: Shapes, where: str, columns: EventColumns, wanted: tuple[int | None, int | None],
               precision: int | None, ring_km: float) -> EventCounts:
        first, last = _final_range(where, columns, self.rows, self.seen, wanted, self.first_bad)
        return EventCounts(
            area_ids=tuple(shapes.area_ids),
            first_day=EPOCH + timedelta(days=first),
            sums=self.tally.over(first, last),
            periods={a: tuple(p) for a, p in shapes.periods.items()},
            rows=self.rows,
            kept=self.kept,
            left_out=self.left,
            widened=self.widened,
            note=columns.note,
            precision=precision,
            ring_km=float(ring_km),
            first_bad_date=self.first_bad,
        )


def _final_range(where: str, columns: EventColumns, rows: int, seen: list[int],
                 wanted: tuple[int | None, int | None], first_bad: str) -> tuple[int, int]:
    """The days the tables cover: the file's own dates, clipped to the range asked for."""
    if rows == 0:
        raise InputError(one_line(f"{where}: no events — the file has a header but no rows"))
    if seen[0] > seen[1]:
        raise InputError(one_line(f"{where}: no readable date in column {columns.date} "
                                  f"(first: {first_bad}) — expected YYYY-MM-DD, 'YYYY-MM-DD hh:mm:ss' or "
                                  "'04 May 2017'"))
    lo, hi = wanted
    first = max(seen[0], lo) if lo is not None else seen[0]
    last = min(seen[1], hi) if hi is not None else seen[1]
    if first > last:
        raise InputError(one_line(f"{where}: no events in the date range asked for — the file's events "
                                  f"run from {EPOCH + timedelta(days=seen[0])} to "
                                  f"{EPOCH + timedelta(days=seen[1])}"))
    return first, last
