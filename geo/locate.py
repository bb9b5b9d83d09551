"""``zonemap locate``: the area and governorate of every row of a CSV, or of a named place."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np

from .csvcheck import check_csv, coordinate_columns
from .errors import InputError
from .files import atomic_write

__all__ = ["locate_csv", "locate_table", "place_report", "locator"]

ADDED = ("zone_id", "zone_name", "governorate")


def locator(zones: str | None = None, governorates: str | None = None):
    """A :class:`~geo.analysis.Locator` over the chosen (or bundled) layers."""
    from .analysis import Locator
    from .load import load_areas, load_governorates

    return Locator.build(load_areas(zones), load_governorates(governorates))


def locate_csv(src: Path, dst: Path | None, zones: str | None = None, governorates: str | None = None,
               force: bool = False) -> bytes | None:
    """Read ``src``, add the three columns, write ``dst`` atomically (or return the CSV bytes).

    The CSV streams through in blocks of about :data:`BLOCK_BYTES`, so memory stays bounded however
    long the file is; ``dst`` appears whole or not at all.
    """
    if dst is not None and dst.exists() and not force:
        raise InputError(f"{dst}: already exists — use --force to overwrite it")
    reader = _open_csv(src)
    loc = locator(zones, governorates)
    if dst is None:
        buf = io.BytesIO()
        _stream(reader, loc, str(src), buf)
        return buf.getvalue()
    atomic_write(dst, lambda tmp: _stream(reader, loc, str(src), str(tmp)), force=force)
    return None


def locate_table(table, loc, where: str = "input"):
    """Append ``zone_id``, ``zone_name``, ``governorate`` to a pyarrow table of strings."""
    lat_col, lon_col = coordinate_columns(table.column_names, where)
    out, bad = _locate_block(table, loc, lat_col, lon_col)
    if bad:
        _warn_bad(where, bad, table.num_rows)
    return out


BLOCK_BYTES = 1 << 24  # 16 MiB of CSV per block: about 400,000 rows of a four-column file


def _stream(reader, loc, where: str, sink) -> None:
    """Locate every block of ``reader`` and write it to ``sink`` (a path or a binary file)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    lat_col, lon_col = coordinate_columns(reader.schema.names, where)
    schema = pa.schema([f for f in reader.schema if f.name not in ADDED] + [(n, pa.string()) for n in ADDED])
    rows = bad = 0
    with pacsv.CSVWriter(sink, schema) as writer:
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
                raise InputError(_unreadable(where, exc)) from None
            out, n_bad = _locate_block(pa.Table.from_batches([batch]), loc, lat_col, lon_col)
            writer.write_table(out)
            rows += batch.num_rows
            bad += n_bad
    if bad:
        _warn_bad(where, bad, rows)


def _locate_block(table, loc, lat_col: str, lon_col: str):
    """The table with the three columns appended, and how many rows had bad coordinates."""
    lat = _numbers(table.column(lat_col))
    lon = _numbers(table.column(lon_col))
    bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    n_bad = int(np.count_nonzero(bad))
    if n_bad:
        lat[bad] = np.nan
        lon[bad] = np.nan
    for name, column in zip(ADDED, loc.label_arrays(lon, lat), strict=True):
        if name in table.column_names:
            table = table.drop_columns([name])
        table = table.append_column(name, column)
    return table, n_bad


def _warn_bad(where: str, bad: int, rows: int) -> None:
    warnings.warn(f"{where}: {bad} of {rows} rows have missing or bad coordinates; "
                  "they are kept with an empty zone", stacklevel=3)


def place_report(name: str, zones: str | None = None, governorates: str | None = None) -> str:
    """A few lines: the place found, its coordinates, its area and governorate."""
    from .gazetteer import lookup

    match = lookup(name)
    place = match.place
    labels = locator(zones, governorates).labels(np.array([place.lon]), np.array([place.lat])).iloc[0]
    found = "" if match.exact else f" (closest spelling to {name!r})"
    return "\n".join([
        f"place: {place.name}{found}",
        f"lat, lon: {place.lat:.4f}, {place.lon:.4f} ({place.source})",
        f"area: {labels['zone_name'] + ' (' + labels['zone_id'] + ')' if labels['zone_id'] else 'none'}",
        f"governorate: {labels['governorate'] or 'outside Syria'}",
    ])


def _read_csv(src: Path):
    """The whole CSV as a pyarrow table of strings."""
    reader = _open_csv(src)
    try:
        return reader.read_all()
    except (ValueError, UnicodeDecodeError) as exc:  # pa.ArrowInvalid is a ValueError
        raise InputError(_unreadable(src, exc)) from None


def _open_csv(src: Path):
    """A streaming reader over ``src`` that keeps every value as the string it is in the file."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names = check_csv(src)
    try:
        return pacsv.open_csv(
            src,
            read_options=pacsv.ReadOptions(use_threads=True, block_size=BLOCK_BYTES),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputError(_unreadable(src, exc)) from None


# A decimal number as pandas.to_numeric reads one; anything else is a bad coordinate.
NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


def _numbers(column) -> np.ndarray:
    """Float64 values of a string column; NaN where a value is not a number (no per-row Python)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.utf8_trim_whitespace(column)
    try:
        values = pc.cast(text, pa.float64())
    except pa.ArrowInvalid:
        ok = pc.match_substring_regex(text, NUMBER)
        values = pc.cast(pc.if_else(ok, text, pa.scalar(None, pa.string())), pa.float64())
    return values.to_numpy(zero_copy_only=False).astype("float64", copy=True)


def _unreadable(where, exc: Exception) -> str:
    first = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{where}: not a readable CSV: {first} — every row needs as many values as the header, quotes closed"
