"""Dates of events as day numbers (days since 1970-01-01): a column of dates, timestamps or text in three
forms read at once; a date or a date range given by a caller."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from geo.base.errors import InputError, one_line

from .values import plain, short

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)  # a date outside these years is a bad date
EPOCH = date(1970, 1, 1)  # day 0
NO_DAY = np.iinfo(np.int64).min  # the day number of a bad date

DateLike = date | str

_ISO = (r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_DMY = r"^\s*(?P<d>\d{1,2})[ -](?P<m>[A-Za-z]{3,9})\.?[ -](?P<y>\d{4})\s*$"
_MONTHS = {"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
           "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
           "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12}


def days_of(column: pa.Array) -> np.ndarray:
    """Days since 1970-01-01 (int64) for a column of dates, timestamps or text; :data:`NO_DAY` where bad.

    Text may be ``2017-05-04``, ``2017-05-04 00:00:00.000`` (the time is ignored) or ACLED's
    ``04 May 2017``. Nothing is normalised: 2017-02-30 is a bad date, not 2 March.
    """
    column = plain(column)
    kind = column.type
    if pa.types.is_timestamp(kind) or pa.types.is_date64(kind):
        column = pc.cast(column, pa.date32(), safe=False)
        kind = column.type
    if pa.types.is_date32(kind):
        days = column.cast(pa.int32()).to_numpy(zero_copy_only=False)
        days = np.where(column.is_null().to_numpy(zero_copy_only=False), NO_DAY, days).astype(np.int64)
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        try:  # the common case, strict: a whole block of YYYY-MM-DD
            return days_of(pc.cast(column, pa.date32()))
        except pa.ArrowInvalid:
            days = _text_days(column)
    else:
        return np.full(len(column), NO_DAY, dtype=np.int64)
    lo, hi = (d.toordinal() - EPOCH.toordinal() for d in (EARLIEST, LATEST))
    days[(days < lo) | (days > hi)] = NO_DAY
    return days


def _text_days(column: pa.Array) -> np.ndarray:
    """Days for text dates in any of the accepted forms; :data:`NO_DAY` where a value is none of them."""
    n = len(column)
    year = np.zeros(n, np.int64)
    month = np.zeros(n, np.int64)
    day = np.zeros(n, np.int64)
    for pattern in (_ISO, _DMY):
        parts = pc.extract_regex(column, pattern)
        ok = parts.is_valid().to_numpy(zero_copy_only=False) & (year == 0)
        if not ok.any():
            continue
        fields = {k: parts.field(k).to_numpy(zero_copy_only=False) for k in ("y", "m", "d")}
        year[ok] = fields["y"][ok].astype(np.int64)
        day[ok] = fields["d"][ok].astype(np.int64)
        if pattern is _ISO:
            month[ok] = fields["m"][ok].astype(np.int64)
        else:
            month[ok] = [_MONTHS.get(str(m).lower(), 0) for m in fields["m"][ok]]
    good = (year > 0) & (month >= 1) & (month <= 12) & (day >= 1)
    months = np.where(good, (year - 1970) * 12 + month - 1, 0)
    start = months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)
    length = (months + 1).astype("datetime64[M]").astype("datetime64[D]").astype(np.int64) - start
    good &= day <= length
    return np.where(good, start + day - 1, NO_DAY)


def day_number(d: date) -> int:
    """Days since 1970-01-01."""
    return d.toordinal() - EPOCH.toordinal()


def as_date(value: DateLike, what: str) -> date:
    """A date given as a date, a pandas Timestamp or YYYY-MM-DD text; ``what`` names it in the error."""
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(one_line(f"{what} is {short(value)} — expected YYYY-MM-DD")) from None


def wanted_range(date_range) -> tuple[int | None, int | None]:
    """(first, last) day numbers of a (first, last) pair of dates, both inclusive, None for an open end."""
    if date_range is None:
        return None, None
    try:
        lo, hi = date_range
    except (TypeError, ValueError):
        raise InputError(f"date range is {date_range!r} — expected (first, last)") from None
    first = day_number(as_date(lo, "date range")) if lo not in (None, "") else None
    last = day_number(as_date(hi, "date range")) if hi not in (None, "") else None
    if first is not None and last is not None and first > last:
        raise InputError(f"date range {lo} to {hi} ends before it begins")
    return first, last
