"""``zonemap locate``: the area (on one or several dates) and governorate of every row of a CSV, or of a place.

The CSV streams through in blocks, so memory stays bounded however long the file is; a file or ``-``
(standard input) or a pipe is read, a file or standard output written, a file whole or not at all. Columns
the command would add are never silently replaced: the input is refused, or ``--replace`` overwrites them
and says so. Cells a spreadsheet would run as formulas are neutralised unless ``--raw-csv``.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import warnings
from collections.abc import Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import BinaryIO

import numpy as np

from .csvcheck import CsvInfo, coordinate_columns, copy_checked, read_header
from .errors import InputError
from .io import atomic_write
from .io.budget import ENV, Budget
from .text import FORMULA_START, LINE_UNSAFE, NUMBER, clip, one_line

__all__ = ["added_columns", "build_locator", "located", "locate_csv", "place_report", "BLOCK_BYTES"]

BLOCK_BYTES = 1 << 24  # 16 MiB of CSV per block: about 400,000 rows of a four-column file
WHOLE_NUMBER = f"^{NUMBER}$"  # a cell that is a number (RE2: \d is an ASCII digit, as geo.text means it)
UNSAFE = "[" + "".join(f"\\x{{{c:04x}}}" for c in LINE_UNSAFE) + "]"  # RE2: what one_line escapes


def added_columns(dates: Sequence[date], several: bool) -> list[str]:
    """The columns ``locate`` adds: ``zone_id, zone_name, agreed_id, governorate`` for one date, or
    ``zone_id_<date>, agreed_id_<date>`` per date and ``governorate`` for several (``--dates``).

    ``zone_id`` is the area whose held part holds the point on the date; ``agreed_id`` the area whose shape as
    agreed (the last agreement before the date) holds it."""
    if not several:
        return ["zone_id", "zone_name", "agreed_id", "governorate"]
    return [c for d in dates for c in (f"zone_id_{d.isoformat()}", f"agreed_id_{d.isoformat()}")] + ["governorate"]


def locate_csv(src: str, dst: str | None, atlas, dates: Sequence[date], several: bool = False, force: bool = False,
               replace: bool = False, raw_csv: bool = False, out: BinaryIO | None = None, lang: str = "en") -> int:
    """Locate every row of ``src`` (a path, or ``-`` for standard input) on ``dates``; write ``dst`` atomically,
    or ``out`` (standard output) when ``dst`` is None. Returns the number of rows. ``lang``: the language of the
    names written (zone_name, governorate); the ids and the columns stay as they are."""
    columns = added_columns(dates, several)
    with _readable(src) as (source, where, info):
        _check_dates(dates, info, where)
        reader = _open_csv(source, where, info)
        plan = _Plan(reader.schema.names, columns, where, replace, names=not several, raw_csv=raw_csv)
        locator = build_locator(atlas, dates, lang)
        if dst is None:  # printed: escaped like everything zonemap prints, unless --raw-csv
            plan.escape = not raw_csv
            return _stream(reader, locator, plan, out or sys.stdout.buffer)
        rows = []
        atomic_write(Path(dst), lambda tmp: rows.append(_stream(reader, locator, plan, str(tmp))), force=force)
        return rows[0]


def build_locator(atlas, dates: Sequence[date], lang: str = "en") -> _DateLayers:
    """The locator of ``dates``' areas and the governorates (their names in ``lang``): every engine locates with
    this one. Each different map among the dates is located once (:class:`_DateLayers`)."""
    check_date_list(dates)
    return _DateLayers(atlas, dates, lang)


def check_date_list(dates: Sequence[date]) -> None:
    """No date twice, and no more dates than a CSV may have columns (``--dates``)."""
    budget = Budget.from_env()
    seen: set[date] = set()
    for day in dates:
        if day in seen:
            raise InputError(f"--dates gives {day.isoformat()} twice — give each date once (one column each)")
        seen.add(day)
    if len(dates) > budget.keys:
        raise InputError(f"--dates gives {len(dates):,} dates, over the budget of {budget.keys:,} columns in a "
                         f"CSV — set {ENV['keys']} to raise it")


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
    from .gazetteer import local_name, lookup
    from .history import place_history
    from .scene import local_names

    match = lookup(name)  # a name longer than any place name is refused there
    place = match.place
    dated = atlas.at(day)
    labels = dated.locator.labels(np.array([place.lon]), np.array([place.lat])).iloc[0]
    found = "" if match.exact else f" (closest spelling to {clip(name, 60)!r})"
    zone_name = local_names(atlas, lang).get(labels["zone_id"], labels["zone_name"])
    area = f"{zone_name} ({labels['zone_id']})" if labels["zone_id"] else "none"
    agreed = labels.get("agreed_id", "") or "none"
    governorate = governorate_names(atlas, lang).get(labels["governorate"], labels["governorate"])
    lines = [f"place: {local_name(place, lang)}{found}", f"lat, lon: {place.lat:.4f}, {place.lon:.4f} ({place.source})",
             f"date: {day.isoformat()}", f"area: {area}", f"area as agreed: {agreed}",
             f"governorate: {governorate or _no_governorate(dated, place)}"]
    story = place_history(atlas, place.lon, place.lat, day, lang).text
    if story:
        lines.append(f"history: {story}")
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
    """``(source, where, info)``: a path or a seekable file for ``src``, its name in messages, and what the checks
    of :mod:`geo.csvcheck` found. A regular file is read where it is, whatever its size (it streams); standard
    input, a pipe or a device is copied, checked on the way and within the byte budget, into an anonymous
    temporary file: it has no name in the temporary folder, so it is gone however the command ends."""
    if src != "-":
        path = Path(src)
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = 0
        if not mode or stat.S_ISREG(mode) or stat.S_ISDIR(mode):
            yield path, str(path), read_header(path, str(path))
            return
        where = str(path)
        try:
            stream = open(path, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise InputError(f"{one_line(where)}: cannot be read: {exc.strerror or exc} — check the file's "
                             "permissions") from None
    else:
        stream, where = sys.stdin.buffer, "standard input"
    try:
        with tempfile.TemporaryFile(prefix="zonemap-locate-", suffix=".csv") as copy:
            info = copy_checked(stream, copy, where, Budget.from_env().bytes)
            copy.seek(0)
            yield copy, where, info
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()


def _open_csv(source, where: str, info: CsvInfo):
    """A streaming reader that keeps every value as the string it is in the file."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if not info.rows:  # a header and nothing after it (with or without its line break): no rows to read
        return _NoRows(pa.schema([(n, pa.string()) for n in info.columns]))
    try:
        return pacsv.open_csv(
            source,
            read_options=pacsv.ReadOptions(use_threads=True, block_size=BLOCK_BYTES, skip_rows=info.skipped),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in info.columns},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputError(_unreadable(where, exc)) from None


class _NoRows:
    """The reader of a CSV that has a header and no rows."""

    def __init__(self, schema):
        self.schema = schema

    def read_next_batch(self):
        raise StopIteration


def _check_dates(dates: Sequence[date], info: CsvInfo, where: str) -> None:
    """``--dates``: the dates themselves (:func:`check_date_list`), and rows × dates within the budget: counted
    before any row is located (the checks' pass over the file counted its lines)."""
    check_date_list(dates)
    budget = Budget.from_env()
    cells = info.rows * len(dates)
    if len(dates) > 1 and cells > budget.cells:
        raise InputError(f"{one_line(where)}: {info.rows:,} rows × {len(dates):,} dates is {cells:,} answers, over the "
                         f"budget of {budget.cells:,} — give fewer dates or split the file, or set {ENV['cells']} to "
                         "raise it")


class _DateLayers:
    """The areas of every date, located once per distinct set of shapes: dates that share their shapes (and their
    areas as agreed) share their columns (one array in memory), so the work and memory of a block grow with the
    shapes, not the dates."""

    def __init__(self, atlas, dates: Sequence[date], lang: str = "en"):
        from .analysis import Locator

        distinct: dict[tuple, int] = {}
        frames, agreed, self.which = [], [], []
        for day in dates:
            dated = atlas.at(day)
            shapes, as_agreed = dated.shapes, dated.agreed
            key = (tuple(zip(shapes["id"], map(id, shapes.geometry), strict=True)),
                   tuple(zip(as_agreed["id"], map(id, as_agreed.geometry), strict=True)))
            if key not in distinct:
                distinct[key] = len(frames)
                frames.append(shapes)
                agreed.append(as_agreed)
            self.which.append(distinct[key])
        self.locator = Locator.build_many([_named(f, lang) for f in frames], _named(atlas.governorates, lang),
                                          atlas.schema.area_kinds, agreed=agreed)

    def label_arrays(self, lon: np.ndarray, lat: np.ndarray, names: bool = True) -> list:
        """As :meth:`geo.analysis.Locator.label_arrays`, one date after another in the order given."""
        arrays = self.locator.label_arrays(lon, lat, names=names)
        per = 1 + bool(names) + bool(self.locator.agreed)
        return [array for k in self.which for array in arrays[k * per:(k + 1) * per]] + [arrays[-1]]


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
    import pyarrow as pa

    lat = _numbers(table.column(plan.lat))
    lon = _numbers(table.column(plan.lon))
    bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    n_bad = int(np.count_nonzero(bad))
    if n_bad:
        lat[bad] = np.nan
        lon[bad] = np.nan
    kept = [table.column(name) for name in plan.keep]
    added = locator.label_arrays(lon, lat, names=plan.names)
    safe: dict[int, object] = {}  # a column shared by several dates is made safe once
    columns = [_safe(column, plan, safe) for column in kept + added]
    return pa.table(columns, names=plan.keep + plan.added), n_bad


def _safe(column, plan: _Plan, done: dict):
    """A column as written: formula cells neutralised (unless --raw-csv), control characters escaped (stdout)."""
    if id(column) in done:
        return done[id(column)]
    out = column
    if not plan.raw_csv:
        out = _neutralised(out)
    if plan.escape:
        out = _escaped(out)
    done[id(column)] = out
    return out


def _escaped(column):
    """Control (line breaks too: one line per row), C1 and bidi characters written as escapes (a column that
    holds none is left as it is)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pc.any(pc.match_substring_regex(column, UNSAFE)).as_py():
        return column
    return pa.array([None if v is None else one_line(v) for v in column.to_pylist()], pa.string())


def _neutralised(column):
    """Cells that a spreadsheet would run as formulas get a leading quote (numbers are left alone)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    starts = pc.starts_with(column, FORMULA_START[0])
    for prefix in FORMULA_START[1:]:
        starts = pc.or_(starts, pc.starts_with(column, prefix))
    if not pc.any(starts).as_py():
        return column
    risky = pc.and_(starts, pc.invert(pc.match_substring_regex(pc.utf8_trim_whitespace(column), WHOLE_NUMBER)))
    return pc.if_else(risky, pc.binary_join_element_wise(pa.scalar("'"), column, ""), column)


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
