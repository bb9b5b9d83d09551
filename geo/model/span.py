"""The days the data describes, and the check that a date asked for lies among them.

The span runs from the first day an area or zone holds (its earliest ``valid_from``), or the first agreement's
date if that is earlier (the ceasefire of 29 Dec 2016 came before the areas: its provisions are answered, with no
area drawn), to the last day any layer names: an area's or zone's ``valid_from`` or ``valid_to``, an agreement's
date, an observation post's ``established`` or ``withdrawn``, a road's dates. Before the first day neither an area
nor an agreement existed; after the last the data is silent (an open ``valid_to`` says a shape held as far as the sources tell, not for ever), so a date outside
the span is refused with the span in the message rather than answered with an empty or a guessed map. An
atlas whose layers name no date at all has no span: every date gets the same map.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from geo.base.errors import InputError

from .load import OPEN_END, OPEN_START

__all__ = ["data_span", "check_day"]


def data_span(atlas) -> tuple[date, date] | None:
    """(first, last) day the atlas describes, both included; None when no layer names a date."""
    starts = _days(atlas.areas, "start")
    named = [starts, _days(atlas.areas, "end"), _days(atlas.posts, "start"), _days(atlas.posts, "end"),
             _days(atlas.roads, "start"), _days(atlas.roads, "end"),
             np.array([np.datetime64(a.date, "D") for a in atlas.agreements], dtype="datetime64[D]")]
    every = np.concatenate(named)
    if not every.size:
        return None
    first = min(starts.min(), named[-1].min()) if starts.size and named[-1].size else \
        starts.min() if starts.size else every.min()
    return _date(first), _date(every.max())


def check_day(atlas, day: date, option: str = "--date") -> date:
    """``day`` if the data describes it, else an InputError giving the span."""
    span = data_span(atlas)
    if span is None:
        return day
    first, last = span
    if day < first:
        where = f"before the first day the data describes ({first.isoformat()}: the first area or agreement)"
    elif day > last:
        where = f"after the last day the data describes ({last.isoformat()})"
    else:
        return day
    raise InputError(f"{option} {day.isoformat()} is {where} — give a date from {first.isoformat()} to "
                     f"{last.isoformat()}")


def _days(frame, column: str) -> np.ndarray:
    if frame is None or column not in getattr(frame, "columns", ()):
        return np.array([], dtype="datetime64[D]")
    days = np.asarray(frame[column].to_numpy(), dtype="datetime64[D]")
    return days[(days != OPEN_START) & (days != OPEN_END) & ~np.isnat(days)]


def _date(day: np.datetime64) -> date:
    return day.astype("datetime64[D]").astype(object)
