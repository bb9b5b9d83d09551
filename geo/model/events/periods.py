"""The counts by month and by period between key dates (:class:`EventCounts`), and the key dates themselves.

The periods are cut at each area's own dates (its first ``valid_from``, every redrawing, its end) and at the
agreements' dates *given by the caller* (:func:`default_key_dates`): this package keeps no list of agreements,
so the dates and their names always come from the atlas (``zones/agreements.json``, or a user's agreements
file).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from geo.base.errors import InputError, one_line

from .dates import DateLike, as_date
from .keep import WHY
from .shapes import COUNTED_KINDS, REST, RING, area_periods
from .values import short

KeyDates = Sequence[tuple[DateLike, str]] | Mapping[str, Sequence[tuple[DateLike, str]]]
Agreements = Sequence[Any]  # (date, label) pairs, or objects with .date and .short_title (geo.model.agreements.Agreement)


@dataclass(frozen=True, eq=False)
class EventCounts:
    """Events and deaths per zone per day, and what was left out: the result of :func:`~geo.model.events.count.count_events`.

    :meth:`by_month` and :meth:`by_period` turn it into tables without reading anything again.
    """

    area_ids: tuple[str, ...]
    first_day: date
    sums: np.ndarray = field(repr=False)  # (4, zones, days): events, deaths best, low, high per day
    periods: Mapping[str, tuple[tuple[date | None, date | None], ...]]
    rows: int
    kept: int
    left_out: Mapping[str, int]
    widened: int
    note: str
    precision: int | None
    ring_km: float
    first_bad_date: str = ""

    @property
    def zone_ids(self) -> tuple[str, ...]:
        """Areas, then their rings, then ``rest_of_syria``: the order of :attr:`sums`."""
        return (*self.area_ids, *(a + RING for a in self.area_ids), REST)

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=self.sums.shape[2] - 1)

    def by_month(self, zones: Sequence[str] | None = None) -> pd.DataFrame:
        """One row per zone and calendar month, months without events as zeros.

        Columns: ``zone_id``, ``month`` (YYYY-MM), ``events``, ``deaths_best``, ``deaths_low``,
        ``deaths_high``, ``deaths_per_30_days`` (best × 30 / the month's days within the date range, so a
        partial first or last month is not understated). ``zones``: area ids (default all); each comes with
        its ring, and ``rest_of_syria`` comes last.
        """
        first = np.datetime64(self.first_day, "M")
        last = np.datetime64(self.last_day, "M")
        months = np.arange(first, last + 1)
        edges = np.clip((np.append(months, last + 1).astype("datetime64[D]") - np.datetime64(self.first_day))
                        .astype(np.int64), 0, self.sums.shape[2])
        labels = [str(m) for m in months]
        parts = [self._rows(z, edges[:-1], edges[1:], labels) for z in self._zone_rows(zones)]
        return pd.concat(parts, ignore_index=True).rename(columns={"label": "month"})[
            ["zone_id", "month", "events", "deaths_best", "deaths_low", "deaths_high", "deaths_per_30_days"]]

    def by_period(self, key_dates: KeyDates | None = None, zones: Sequence[str] | None = None) -> pd.DataFrame:
        """One row per zone and period between key dates, clipped to the date range.

        ``key_dates``: None for each area's own dates only (begins, redrawn, ends: this module keeps no
        list of agreements; pass :func:`default_key_dates` with the atlas's agreements to cut at them too);
        a list of (date, label) for every area (each area's end, its last ``valid_to``, is added as
        "<id> ends"); or a mapping from area id to its own list. A ring has its area's periods; ``rest_of_syria`` has the periods cut
        by every key date of the areas shown, so with one area in ``zones`` its periods are the area's.

        Columns: ``zone_id``, ``period`` (e.g. "before memorandum", "memorandum → statement",
        "after eastern_ghouta ends"), ``period_start`` and ``period_end`` (YYYY-MM-DD, half-open as
        ``valid_to``: ``period_end`` is the first day after the period), ``events``, ``deaths_best``,
        ``deaths_low``, ``deaths_high``, ``deaths_per_30_days``.
        """
        shown = self._zone_rows(zones)
        per_area = self._key_dates(key_dates)
        areas_shown = [z for z in shown if z in self.area_ids]
        parts = []
        for zone in shown:
            if zone == REST:
                dates = [d for a in areas_shown for d in per_area[a]]
            else:
                dates = per_area[zone.removesuffix(RING)]
            starts, ends, labels = self._periods(dates)
            part = self._rows(zone, starts, ends, labels)
            part.insert(2, "period_start", [str(self.first_day + timedelta(days=int(s))) for s in starts])
            part.insert(3, "period_end", [str(self.first_day + timedelta(days=int(e))) for e in ends])
            parts.append(part)
        return pd.concat(parts, ignore_index=True).rename(columns={"label": "period"})[
            ["zone_id", "period", "period_start", "period_end", "events", "deaths_best", "deaths_low",
             "deaths_high", "deaths_per_30_days"]]

    def lines(self) -> list[str]:
        """What was read and what was left out, a few plain lines (the CLI prints them as comments)."""
        out = [self.note,
               f"dates: {self.first_day} to {self.last_day}; precision: "
               + ("every event" if self.precision is None else f"where_prec <= {self.precision} kept")
               + f"; rings: {self.ring_km:g} km outside each area's edge"]
        left = ", ".join(f"{k} {v:,}" for k, v in self.left_out.items() if v)
        out.append(f"events: {self.kept:,} of {self.rows:,} counted" + (f"; left out: {left}" if left else ""))
        out += [f"left out for {k}: {WHY[k]}" for k, v in self.left_out.items() if v and k in WHY]
        if self.first_bad_date:
            out.append(f"first bad date: {self.first_bad_date} (accepted: YYYY-MM-DD, "
                       "'YYYY-MM-DD hh:mm:ss', '04 May 2017')")
        if self.widened:
            out.append(f"low-high range widened to include best in {self.widened:,} events")
        return out

    # helpers

    def _zone_rows(self, zones: Sequence[str] | None) -> list[str]:
        if zones is None:
            chosen = list(self.area_ids)
        else:
            unknown = [z for z in zones if z not in self.area_ids]
            if unknown:
                raise InputError(one_line(f"no area {unknown[0]!r} among the areas counted — expected one of "
                                          f"{', '.join(self.area_ids)}"))
            chosen = [a for a in self.area_ids if a in zones]
        return [z for a in chosen for z in (a, a + RING)] + [REST]

    def _rows(self, zone: str, starts: np.ndarray, ends: np.ndarray, labels: list[str]) -> pd.DataFrame:
        k = self.zone_ids.index(zone)
        total = np.concatenate([np.zeros((4, 1), np.int64), np.cumsum(self.sums[:, k, :], axis=1)], axis=1)
        sums = total[:, ends] - total[:, starts]
        days = np.maximum(ends - starts, 1)
        return pd.DataFrame({
            "zone_id": zone, "label": labels, "events": sums[0], "deaths_best": sums[1], "deaths_low": sums[2],
            "deaths_high": sums[3], "deaths_per_30_days": np.round(sums[1] * 30 / days, 2),
        })

    def _key_dates(self, key_dates: KeyDates | None) -> dict[str, list[tuple[date, str]]]:
        if key_dates is None:
            return _default_dates(self.periods, ())
        if isinstance(key_dates, Mapping):
            return {a: [_key(d, lab) for d, lab in key_dates.get(a, ())] for a in self.area_ids}
        common = [_key(d, lab) for d, lab in key_dates]
        out = {}
        for a in self.area_ids:
            end = self.periods[a][-1][1]
            out[a] = common + ([(end, f"{a} ends")] if end is not None else [])
        return out

    def _periods(self, dates: list[tuple[date, str]]) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """Day offsets of each period's start and end, and its label, for key dates inside the range."""
        length = self.sums.shape[2]
        labels: dict[int, list[str]] = {}
        for d, label in sorted(dates, key=lambda x: x[0]):
            offset = (d - self.first_day).days
            if 0 <= offset < length and label not in labels.setdefault(offset, []):
                labels[offset].append(label)
        opening = " / ".join(labels.pop(0, []))  # a key date on the first day names the first period's start
        cuts = sorted(labels)
        starts = np.array([0, *cuts], dtype=np.int64)
        ends = np.array([*cuts, length], dtype=np.int64)
        names = [" / ".join(labels[c]) for c in cuts]
        if not names:
            return starts, ends, [f"after {opening}" if opening else "whole range"]
        periods = [f"{opening} → {names[0]}" if opening else f"before {names[0]}"]
        periods += [f"{a} → {b}" for a, b in zip(names, names[1:])]
        periods.append(f"after {names[-1]}")
        return starts, ends, periods


def default_key_dates(
    areas, agreements: Agreements, kinds: Sequence[str] | None = COUNTED_KINDS,
    names: Mapping[str, str] | None = None, events: Mapping[str, Sequence[tuple[DateLike, str]]] | None = None,
) -> dict[str, list[tuple[date, str]]]:
    """Key dates per area id: the agreements within its life, its own events, every ``valid_from`` and its end.

    ``agreements``: the agreements whose dates cut the periods, as (date, label) pairs or as
    :class:`~geo.model.agreements.Agreement` objects (their ``date`` and ``short_title``): the atlas's
    ``atlas.agreements``. There is no default: the dates come from ``zones/agreements.json`` (or a user's
    agreements file), never from a list kept here. An empty sequence gives each area's own dates only.
    An area's life runs from its first ``valid_from`` to its last ``valid_to`` (open ends: always).
    Its first ``valid_from`` is labelled "<name> begins", a later one "<name> redrawn <date>", its last
    ``valid_to`` "<name> ends" (``names`` maps an id to its name; the id when none is given); where one of
    these falls on an agreement's date, the agreement's label is kept. ``events`` maps an area id to more
    (date, label) pairs of its own (the first and last day of each offensive against it: the atlas's
    offensives). An area drawn day by day (more than :data:`FEW_STATES` states) is not cut at each redrawing:
    its offensives say when the front moved.
    """
    if kinds is not None and "kind" in areas.columns:
        areas = areas[areas["kind"].isin(list(kinds))]
    periods = {a: [(f, t) for f, t, _ in rows] for a, rows in area_periods(areas).items()}
    return _default_dates(periods, agreements, names or {}, events or {})


FEW_STATES = 5  # an area with more states than this is drawn day by day: its redrawings are not key dates


def _default_dates(periods: Mapping[str, Sequence[tuple[date | None, date | None]]],
                   agreements: Sequence[tuple[DateLike, str]],
                   names: Mapping[str, str] | None = None,
                   events: Mapping[str, Sequence[tuple[DateLike, str]]] | None = None) -> dict[str, list[tuple[date, str]]]:
    names = names or {}
    out = {}
    for area_id, rows in periods.items():
        area = names.get(area_id, area_id)
        begin, end = rows[0][0], rows[-1][1]
        dates: dict[date, str] = {}
        for d, label in map(_agreement_date, agreements):
            if (begin is None or d >= begin) and (end is None or d < end):
                dates.setdefault(d, label)
        for k, (start, _) in enumerate(rows):
            if start is not None and (k == 0 or len(rows) <= FEW_STATES):
                dates.setdefault(start, f"{area} begins" if k == 0 else f"{area} redrawn {start}")
        if end is not None:
            dates.setdefault(end, f"{area} ends")
        for d, label in (_key(d, label) for d, label in (events or {}).get(area_id, ())):
            if (begin is None or d >= begin) and (end is None or d < end):
                dates.setdefault(d, label)
        out[area_id] = sorted(dates.items())
    return out


def _agreement_date(item: Any) -> tuple[date, str]:
    """(date, label) of an agreement given as a pair or as an object with ``date`` and ``short_title``."""
    if hasattr(item, "date") and hasattr(item, "short_title"):
        return _key(item.date, item.short_title)
    try:
        d, label = item
    except (TypeError, ValueError):
        raise InputError(one_line(f"agreement is {short(item)} — expected (date, label) or an Agreement")) from None
    return _key(d, label)


def _key(d: DateLike, label: str) -> tuple[date, str]:
    return as_date(d, "key date"), str(label)
