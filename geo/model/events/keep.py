"""Which events are counted: each one left out is counted once, under the first reason that applies, in the order
of :data:`REASONS`: ``bad date``, ``missing coordinates`` (empty, not a number, or off the globe),
``precision`` (see :data:`DEFAULT_PRECISION`), ``outside date range``, ``outside Syria``."""

from __future__ import annotations

import numpy as np

from geo.base.errors import InputError

from .dates import NO_DAY
from .read import Block

DEFAULT_PRECISION = 2
"""Keep events with ``where_prec`` ≤ 2 by default: placed at a settlement or better.

UCDP's codes: 1 the exact place; 2 within about 25 km of a named place, which is then coded (in practice
the town or village the report names); 3 only the district (ADM2) is known and its centroid is coded;
4 only the province (ADM1), its centroid coded; 5 a stretch of road or river, or between places;
6 only the country; 7 sea or air. Codes 1–2 put an event where the reports put it, with an error of a
few km around a real place: the same order as the shapes' own uncertainty (3–8 km at the edges), so it
blurs counts at the edges but does not bias them. From 3 on the coordinates are a *centroid* chosen by
the coder, not the event's place: a district or province centre falls inside or outside an area by the
accident of where the centre is, so every event of that district lands on the same side, a systematic
error rather than noise; and the precision-6 events (21 % of all deaths in this release, often monthly
totals) sit at one point for the whole country. A cut at 1 would throw away 35 % of the events (5,786 in
this release) whose town is known. ACLED files use ``geo_precision`` (1 a town, 2 near a town or a part of
a region, 3 a larger region, at its centre) with the same cut-off: 1–2 kept.
"""


REASONS = ("bad date", "missing coordinates", "precision", "outside date range", "outside Syria")
WHY = {
    "bad date": "a date that cannot be read is not guessed at",
    "missing coordinates": "no usable latitude and longitude",
    "precision": "placed only at a district, province or country centroid, on a line or at sea: not the event's "
                 "own place",
    "outside date range": "outside the dates asked for",
    "outside Syria": "coordinates beyond Syria's outline (in a neighbouring country or at sea)",
}
"""Why each kind of event is left out, in a few words (printed beside the counts)."""


def check_options(precision: int | None, ring_km: float) -> None:
    """Raise on a precision cut-off or a ring width a caller should not give."""
    if precision is not None and (not isinstance(precision, int | np.integer) or isinstance(precision, bool)
                                  or not 1 <= precision <= 7):
        raise InputError(f"precision is {precision!r} — expected a whole number from 1 to 7")
    if not isinstance(ring_km, int | float) or not 0 < ring_km <= 100:
        raise InputError(f"ring_km is {ring_km!r} — expected a distance in km, more than 0 and at most 100")


def counted(block: Block, precision: int | None, wanted: tuple[int | None, int | None], in_syria,
            left: dict[str, int], seen: list[int]) -> np.ndarray:
    """Indices of the block's events that are counted; each other one added to ``left`` under one reason."""
    valid = block.day != NO_DAY
    if valid.any():
        seen[0] = min(seen[0], int(block.day[valid].min()))
        seen[1] = max(seen[1], int(block.day[valid].max()))
    with np.errstate(invalid="ignore"):
        tests = [
            ("bad date", valid),
            ("missing coordinates", np.isfinite(block.lat) & np.isfinite(block.lon)
             & (np.abs(block.lat) <= 90) & (np.abs(block.lon) <= 180)),
        ]
        if precision is not None and block.precision is not None:
            tests.append(("precision", block.precision <= precision))
        lo, hi = wanted
        if lo is not None or hi is not None:
            tests.append(("outside date range", (block.day >= (lo if lo is not None else NO_DAY + 1))
                          & (block.day <= (hi if hi is not None else np.iinfo(np.int64).max))))
    keep = np.ones(len(block.day), dtype=bool)
    for reason, ok in tests:
        left[reason] += int(np.count_nonzero(keep & ~ok))
        keep &= ok
    index = np.flatnonzero(keep)
    if in_syria is not None and index.size:
        inside = in_syria(block.lon[index], block.lat[index])
        left["outside Syria"] += int(index.size - np.count_nonzero(inside))
        index = index[inside]
    return index
