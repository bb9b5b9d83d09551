"""Numbers from a column of an events file: coordinates, precisions and deaths as numpy arrays, and values
as a message quotes them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from geo.base.errors import InputError, one_line
from geo.base.text import NUMBER

MAX_DEATHS = 10_000_000  # deaths of one event: more is a broken value (and sums stay far from overflowing)


def deaths(column: pa.Array, name: str, where: str, place) -> np.ndarray:
    """Deaths as int64; raises naming ``place(i)`` of the first that is not a whole number from 0 to
    :data:`MAX_DEATHS`."""
    values = floats(column)
    with np.errstate(invalid="ignore"):
        bad = ~(np.isfinite(values) & (values >= 0) & (values <= MAX_DEATHS) & (values == np.floor(values)))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raw = _value(column, i)
        what = "is empty" if raw is None or str(raw).strip() == "" else f"is {shown(column, i)}"
        raise InputError(one_line(f"{where}: {place(i)}, column {name}: {what} — deaths must be a whole number "
                                  f"of 0 or more (at most {MAX_DEATHS:,} in one event)"))
    return values.astype(np.int64)


_OUT_OF_RANGE = object()


def _value(column: pa.Array | pa.ChunkedArray, i: int) -> Any:
    """Value ``i`` of a column, or a marker for one Python cannot hold (a date in the year 300,000)."""
    try:
        return column[i].as_py()
    except (OverflowError, ValueError, pa.ArrowException):
        return _OUT_OF_RANGE


def shown(column: pa.Array | pa.ChunkedArray, i: int) -> str:
    """Value ``i`` of a column as a message shows it."""
    value = _value(column, i)
    return f"a {column.type} value out of range" if value is _OUT_OF_RANGE else short(value)


_WHOLE_NUMBER = f"^{NUMBER}$"  # a decimal number as people write one; anything else is not a number


def floats(column: pa.Array) -> np.ndarray:
    """Float64 values of a column of numbers or of text; NaN where empty or not a number."""
    column = plain(column)
    kind = column.type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_decimal(kind):
        values = pc.cast(column, pa.float64(), safe=False)  # 2^63 - 1 becomes 9.2e18: a value, then judged
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        text = pc.utf8_trim_whitespace(column)
        try:
            values = pc.cast(text, pa.float64())
        except pa.ArrowInvalid:
            ok = pc.match_substring_regex(text, _WHOLE_NUMBER)
            values = pc.cast(pc.if_else(ok, text, pa.scalar(None, kind)), pa.float64())
    else:
        return np.full(len(column), np.nan)
    return values.to_numpy(zero_copy_only=False).astype(np.float64, copy=True)


def plain(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One array, dictionary-encoded columns decoded."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    return column


def short(value: Any, most: int = 40) -> str:
    """A value quoted in a message, cut at ``most`` characters."""
    text = str(value)
    return repr(text if len(text) <= most else text[:most] + "…")
