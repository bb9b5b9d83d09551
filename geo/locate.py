"""``zonemap locate``: the area (on one or several dates) and governorate of every row of a CSV, or of a place.

The CSV streams through in blocks, so memory stays bounded however long the file is; a file or ``-``
(standard input) or a pipe is read, a file or standard output written, a file whole or not at all. Columns
the command would add are never silently replaced: the input is refused, or ``--replace`` overwrites them
and says so. Cells a spreadsheet would run as formulas are neutralised unless ``--raw-csv``.
"""

from __future__ import annotations

import os
import shutil
import stat
import sys
import warnings
from collections.abc import Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import BinaryIO

import numpy as np

from .csvcheck import coordinate_columns, read_header
from .errors import InputError
from .io import atomic_write
from .io.write import temporary_file
from .text import FORMULA_START, NUMBER, STREAM_UNSAFE, clip, one_line, printable

__all__ = ["added_columns", "build_locator", "located", "locate_csv", "place_report", "BLOCK_BYTES"]

BLOCK_BYTES = 1 << 24  # 16 MiB of CSV per block: about 400,000 rows of a four-column file
WHOLE_NUMBER = f"^{NUMBER}$"  # a cell that is a number (RE2: \d is an ASCII digit, as geo.text means it)
UNSAFE = "[" + "".join(f"\\x{{{c:04x}}}" for c in STREAM_UNSAFE) + "]"  # RE2: what printable escapes
MAX_PLACE = 60  # letters of a place name, as the page allows


def added_columns(dates: Sequence[date], several: bool) -> list[str]:
    """The columns ``locate`` adds: ``zone_id, zone_name, governorate`` for one date, or one
    ``zone_id_<date>`` per date and ``governorate`` for several (``--dates``)."""
    if not several:
        return ["zone_id", "zone_name", "governorate"]
    return [f"zone_id_{d.isoformat()}" for d in dates] + ["governorate"]


def locate_csv(src: str, dst: str | None, atlas, dates: Sequence[date], several: bool = False, force: bool = False,
               replace: bool = False, raw_csv: bool = False, out: BinaryIO | None = None, lang: str = "en") -> int:
    """Locate every row of ``src`` (a path, or ``-`` for standard input) on ``dates``; write ``dst`` atomically,
    or ``out`` (standard output) when ``dst`` is None. Returns the number of rows. ``lang``: the language of the
    names written (zone_name, governorate); the ids and the columns stay as they are."""
    locator = build_locator(atlas, dates, lang)
    columns = added_columns(dates, several)
    with _readable(src) as (path, where):
        reader = _open_csv(path, where)
        plan = _Plan(reader.schema.names, columns, where, replace, names=not several, raw_csv=raw_csv)
        if dst is None:  # printed: escaped like everything zonemap prints, unless --raw-csv
            plan.escape = not raw_csv
            return _stream(reader, locator, plan, out or sys.stdout.buffer)
        rows = []
        atomic_write(Path(dst), lambda tmp: rows.append(_stream(reader, locator, plan, str(tmp))), force=force)
        return rows[0]


def build_locator(atlas, dates: Sequence[date], lang: str = "en"):
    """The locator of ``dates``' areas and the governorates (their names in ``lang``): every engine locates with
    this one."""
    from .analysis import Locator

    return Locator.build_many([_named(atlas.at(d).shapes, lang) for d in dates], _named(atlas.governorates, lang),
                              atlas.schema.area_kinds)


def located(table, locator, plan: _Plan):
    """One block of rows (a pyarrow Table) with the added columns, in the output's order, and how many rows had
    bad coordinates: what the single-process engine does to each block and the dask engine to each partition."""
    table, n_bad = _locate_block(table, locator, plan)
    return table.select([n for n in table.column_names if n in plan.keep] + plan.added), n_bad


def _named(frame, lang: str):
    """``frame`` with its names as ``lang`` writes them (``name_ar`` in Arabic, where there is one)."""
    if lang == "en" or "name_ar" not in frame.columns:
        return frame
    from .i18n import translator

    t = translator(lang)
    out = frame.copy()
    out["name"] = [t.name(n, a) for n, a in zip(frame["name"], frame["name_ar"], strict=True)]
    return out


def place_report(name: str, atlas, day: date, lang: str = "en") -> str:
    """A few lines: the place found, its coordinates, its area and governorate on ``day`` (names in ``lang``)."""
    from .details import governorate_names
    from .gazetteer import local_name, lookup, normalise
    from .scene import local_names

    if len(name.strip()) > 2 * MAX_PLACE or len(normalise(name)) > MAX_PLACE:
        raise InputError(f"place name {clip(name, 40)!r} has {len(name):,} characters, longer than any place "
                         f"name — give at most {MAX_PLACE} letters")
    match = lookup(name)
    place = match.place
    dated = atlas.at(day)
    labels = dated.locator.labels(np.array([place.lon]), np.array([place.lat])).iloc[0]
    found = "" if match.exact else f" (closest spelling to {clip(name, 60)!r})"
    zone_name = local_names(atlas, lang).get(labels["zone_id"], labels["zone_name"])
    area = f"{zone_name} ({labels['zone_id']})" if labels["zone_id"] else "none"
    governorate = governorate_names(atlas, lang).get(labels["governorate"], labels["governorate"])
    lines = [f"place: {local_name(place, lang)}{found}", f"lat, lon: {place.lat:.4f}, {place.lon:.4f} ({place.source})",
             f"date: {day.isoformat()}", f"area: {area}",
             f"governorate: {governorate or _no_governorate(dated, place)}"]
    if place.note:
        lines.append(f"note: {place.note}")
    return "\n".join(one_line(line) for line in lines)


def _no_governorate(dated, place) -> str:
    """Why a place has no governorate: outside Syria, or outside every governorate of the layer in use."""
    import shapely

    if shapely.contains_xy(dated.atlas.country, place.lon, place.lat):
        return "none (inside Syria, outside every governorate of the layer in use)"
    return "outside Syria"


# --- reading ------------------------------------------------------------------------------


@contextmanager
def _readable(src: str):
    """A seekable path for ``src``: the file itself, or a temporary copy of standard input or a pipe."""
    if src != "-":
        path = Path(src)
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = 0
        if not mode or stat.S_ISREG(mode) or stat.S_ISDIR(mode):
            yield path, str(path)
            return
        stream = open(path, "rb")  # noqa: SIM115 - closed below
        where = str(path)
    else:
        stream, where = sys.stdin.buffer, "standard input"
    with temporary_file("zonemap-locate-", ".csv") as copy:
        try:
            with open(copy, "wb") as tmp:
                shutil.copyfileobj(stream, tmp, 1 << 20)
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()
        yield copy, where


def _open_csv(path: Path, where: str):
    """A streaming reader that keeps every value as the string it is in the file."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    names, skipped = read_header(path, where)
    try:
        return pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=True, block_size=BLOCK_BYTES, skip_rows=skipped),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputError(_unreadable(where, exc)) from None


class _Plan:
    """Which input columns are kept, which are replaced, and where lat/lon are."""

    def __init__(self, columns: list[str], added: list[str], where: str, replace: bool, *, names: bool = True,
                 raw_csv: bool = False):
        clash = [c for c in added if c in columns]
        if clash and not replace:
            raise InputError(f"{where}: already has a column {clash[0]!r} that locate adds — rename it, "
                             "or pass --replace to overwrite it")
        if clash:
            warnings.warn(f"{where}: replaced the input's {', '.join(map(repr, clash))} column"
                          f"{'s' if len(clash) > 1 else ''}", stacklevel=3)
        self.where, self.added, self.names, self.raw_csv = where, added, names, raw_csv
        self.lat, self.lon = coordinate_columns(columns, where)
        self.keep = [n for n in columns if n not in added]
        self.escape = False  # escape control and bidi characters in cells (standard output)


def _stream(reader, locator, plan: _Plan, sink) -> int:
    """Locate every block of ``reader`` and write it to ``sink`` (a path or a binary file); returns rows."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    schema = pa.schema([f for f in reader.schema if f.name in plan.keep] + [(n, pa.string()) for n in plan.added])
    rows = bad = 0
    with pacsv.CSVWriter(sink, schema) as writer:
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
                raise InputError(_unreadable(plan.where, exc)) from None
            table, n_bad = located(pa.Table.from_batches([batch]), locator, plan)
            writer.write_table(table)
            rows += batch.num_rows
            bad += n_bad
    if bad:
        warnings.warn(f"{plan.where}: {bad:,} of {rows:,} rows have missing or bad coordinates; "
                      "they are kept with an empty zone", stacklevel=3)
    return rows


def _locate_block(table, locator, plan: _Plan):
    """The block with the added columns, and how many rows had bad coordinates."""
    lat = _numbers(table.column(plan.lat))
    lon = _numbers(table.column(plan.lon))
    bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    n_bad = int(np.count_nonzero(bad))
    if n_bad:
        lat[bad] = np.nan
        lon[bad] = np.nan
    for name in plan.added:
        if name in table.column_names:
            table = table.drop_columns([name])
    for name, column in zip(plan.added, locator.label_arrays(lon, lat, names=plan.names), strict=True):
        table = table.append_column(name, column)
    if not plan.raw_csv:
        table = _neutralised(table)
    if plan.escape:
        table = _escaped(table)
    return table, n_bad


def _escaped(table):
    """Control, C1 and bidi characters written as escapes (only columns that hold one are converted)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in table.columns:
        if not pc.any(pc.match_substring_regex(column, UNSAFE)).as_py():
            columns.append(column)
            continue
        columns.append(pa.array([None if v is None else printable(v) for v in column.to_pylist()], pa.string()))
    return pa.table(columns, names=table.column_names)


def _neutralised(table):
    """Cells that a spreadsheet would run as formulas get a leading quote (numbers are left alone)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    columns = []
    for column in table.columns:
        starts = pc.starts_with(column, FORMULA_START[0])
        for prefix in FORMULA_START[1:]:
            starts = pc.or_(starts, pc.starts_with(column, prefix))
        if not pc.any(starts).as_py():
            columns.append(column)
            continue
        risky = pc.and_(starts, pc.invert(pc.match_substring_regex(pc.utf8_trim_whitespace(column), WHOLE_NUMBER)))
        columns.append(pc.if_else(risky, pc.binary_join_element_wise(pa.scalar("'"), column, ""), column))
    return pa.table(columns, names=table.column_names)


def _numbers(column) -> np.ndarray:
    """Float64 values of a string column; NaN where a value is not a number (no per-row Python)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_integer(column.type) or pa.types.is_floating(column.type) or pa.types.is_decimal(column.type):
        return pc.cast(column, pa.float64()).to_numpy(zero_copy_only=False).astype("float64", copy=True)
    text = pc.utf8_trim_whitespace(column)
    try:
        values = pc.cast(text, pa.float64())
    except pa.ArrowInvalid:
        ok = pc.match_substring_regex(text, WHOLE_NUMBER)
        values = pc.cast(pc.if_else(ok, text, pa.scalar(None, pa.string())), pa.float64())
    return values.to_numpy(zero_copy_only=False).astype("float64", copy=True)


def _unreadable(where, exc: Exception) -> str:
    first = str(exc).splitlines()[0] if str(exc).strip() else type(exc).__name__
    return (f"{where}: not a readable CSV: {clip(first, 160)} — every row needs as many values as the header, "
            "quotes closed")
