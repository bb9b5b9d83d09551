"""Counting events per area, ring and the rest of Syria (:func:`count_events`, :func:`summarise`), and the events
kept by the same rules as points for a map layer (:func:`event_points`): the stages of this package in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from geo.base.errors import InputError, one_line

from .dates import DateLike, wanted_range
from .keep import DEFAULT_PRECISION, REASONS, check_options, counted
from .periods import EventCounts, KeyDates
from .read import BLOCK_BYTES, MAX_BYTES, Source, open_events
from .shapes import COUNTED_KINDS, dated_shapes
from .tally import Part

CAVEAT = (
    "What these counts cannot tell. They are events and deaths that were reported: media coverage differs "
    "between areas and between periods (a siege or an offensive is reported more closely than a quiet "
    "month), so a change may be partly a change in reporting. This UCDP release (Syria 652.1601.1911) "
    "includes inactive dyads, so its counts differ from UCDP's global GED. Events placed only at a "
    "district, province or country centroid are left out by the precision cut (where_prec 1-2 kept), so the "
    "totals are lower than all of Syria's. Deaths are estimates: best, with a low-high range; 101 events in "
    "this release break low <= best <= high, and their range is widened to include best. The areas are "
    "approximate shapes: an event near an edge may fall on the wrong side."
)
"""Shown beside every chart and printed as comment lines above every CSV."""


def count_events(
    events_source: Source,
    areas,
    outline,
    *,
    precision: int | None = DEFAULT_PRECISION,
    date_range: tuple[DateLike | None, DateLike | None] | None = None,
    ring_km: float = 10,
    kinds: Sequence[str] | None = COUNTED_KINDS,
    block_bytes: int = BLOCK_BYTES,
    max_bytes: int = MAX_BYTES,
) -> EventCounts:
    """Read the events (bundled when ``events_source`` is None) and count them per zone per day.

    ``areas``: a GeoDataFrame with ``id``, ``kind``, ``valid_from``, ``valid_to`` ("" or missing = open)
    and a geometry, several rows per id for dated periods; only ``kinds`` are counted (None: every row).
    ``outline``: Syria (a GeoDataFrame, whose ``kind == "country"`` rows are used when it has a ``kind``,
    or a shapely geometry). ``precision``: keep ``where_prec`` ≤ this (None keeps all; see
    :data:`DEFAULT_PRECISION`). ``date_range``: (first, last), both inclusive, either None for open,
    clipped to the dates of the file's events (which are the range by default).
    """
    check_options(precision, ring_km)
    shapes = dated_shapes(areas, outline, float(ring_km), kinds)
    wanted = wanted_range(date_range)
    reader = open_events(events_source, block_bytes, max_bytes)
    part = Part(len(shapes.zone_ids))
    for block in reader.blocks:
        part.add(block, shapes, precision, wanted)
    return part.counts(shapes, reader.where, reader.columns, wanted, precision, ring_km)


@dataclass(frozen=True, eq=False)
class EventSummary:
    """A table of :func:`summarise`, the counts it came from, and the lines to print above it."""

    table: pd.DataFrame
    counts: EventCounts
    caveat: str = CAVEAT

    def header_lines(self, width: int = 100) -> list[str]:
        """The caveat and what was read and left out, as ``# `` comment lines for a CSV."""
        import textwrap

        text = textwrap.wrap(self.caveat, width - 2) + self.counts.lines()
        return ["# " + line for line in text]


def summarise(
    events_source: Source,
    areas,
    outline,
    by: Literal["month", "period"] = "month",
    key_dates: KeyDates | None = None,
    precision: int | None = DEFAULT_PRECISION,
    date_range: tuple[DateLike | None, DateLike | None] | None = None,
    ring_km: float = 10,
    *,
    zones: Sequence[str] | None = None,
    kinds: Sequence[str] | None = COUNTED_KINDS,
    block_bytes: int = BLOCK_BYTES,
    max_bytes: int = MAX_BYTES,
) -> EventSummary:
    """Events and deaths per area, ring and the rest of Syria, per month or per period between key dates.

    :func:`count_events` then :meth:`EventCounts.by_month` or :meth:`EventCounts.by_period`; see them
    for the arguments and the columns.
    """
    if by not in ("month", "period"):
        raise InputError(f"by is {by!r} — expected 'month' or 'period'")
    counts = count_events(events_source, areas, outline, precision=precision, date_range=date_range,
                          ring_km=ring_km, kinds=kinds, block_bytes=block_bytes, max_bytes=max_bytes)
    table = counts.by_month(zones) if by == "month" else counts.by_period(key_dates, zones)
    return EventSummary(table, counts)


def event_points(
    events_source: Source = None,
    *,
    precision: int | None = DEFAULT_PRECISION,
    date_range: tuple[DateLike | None, DateLike | None] | None = None,
    max_events: int = 1_000_000,
) -> pd.DataFrame:
    """The events kept by the same rules as the counts (but not clipped to Syria), for a map layer.

    Columns: ``date`` (datetime64), ``latitude``, ``longitude``, ``precision`` (NaN when the file has
    none), ``best``, ``low``, ``high``. Holds every kept event in memory: refuses more than ``max_events``.
    """
    check_options(precision, 1)
    wanted = wanted_range(date_range)
    reader = open_events(events_source)
    left = dict.fromkeys(REASONS, 0)
    seen = [np.iinfo(np.int64).max, np.iinfo(np.int64).min]
    parts, total = [], 0
    for block in reader.blocks:
        keep = counted(block, precision, wanted, None, left, seen)
        total += keep.size
        if total > max_events:
            raise InputError(one_line(f"{reader.where}: more than {max_events:,} events to draw — "
                                      "choose a shorter date range or a stricter precision"))
        parts.append(pd.DataFrame({
            "date": (block.day[keep]).astype("datetime64[D]"),
            "latitude": block.lat[keep],
            "longitude": block.lon[keep],
            "precision": block.precision[keep] if block.precision is not None else np.nan,
            "best": block.best[keep], "low": block.low[keep], "high": block.high[keep],
        }))
    if not parts:
        raise InputError(one_line(f"{reader.where}: no events — the file has a header but no rows"))
    return pd.concat(parts, ignore_index=True)
