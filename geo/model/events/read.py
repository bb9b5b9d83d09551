"""Reading an events file in blocks: a CSV in pieces of whole lines, a Parquet file by batches, each parsed into
a :class:`Block` of numpy arrays, so memory stays bounded however many events there are.

A file that cannot be used raises :class:`~geo.base.errors.InputError` with one line naming the file, the line or
row, the column and the problem. A row whose date cannot be read is not guessed at: its day is
:data:`~geo.model.events.dates.NO_DAY`, and the block keeps the first such value to quote.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa

from geo.base.errors import InputError, one_line

from .columns import EventColumns, event_columns
from .dates import NO_DAY, days_of
from .values import deaths, floats, shown

BLOCK_BYTES = 1 << 24  # 16 MiB of CSV per block: about 130,000 rows of a UCDP GED file
PARQUET_ROWS = 1 << 17  # rows per Parquet batch
MAX_BYTES = 4 << 30  # an events file over 4 GiB is refused before it is read (10M UCDP rows: ~1.3 GB)
_PARQUET_MAGIC = b"PAR1"

Source = str | Path | None  # a file's path; None: the bundled events


def bundled_events() -> Path:
    """Path of the bundled events file (UCDP GED Syria, 2016-01-01..2019-11-30)."""
    return Path(str(resources.files("zones").joinpath("events.parquet")))


def bundled_citation() -> str:
    """The bundled events' release and the citation UCDP asks for, one line, as the file's metadata holds them."""
    import pyarrow.parquet as pq

    meta = pq.read_schema(bundled_events()).metadata or {}
    source = meta.get(b"source", b"").decode("utf-8", "replace").strip()
    citation = meta.get(b"citation", b"").decode("utf-8", "replace").strip()
    return one_line("; ".join(part for part in (f"Events: {source}" if source else "",
                                                 f"cite: {citation}" if citation else "") if part))


@dataclass
class Block:
    """One block of events, parsed: numpy arrays of one length."""

    day: np.ndarray  # int64 days since 1970-01-01; NO_DAY for a bad date
    lat: np.ndarray
    lon: np.ndarray
    precision: np.ndarray | None  # float64, NaN when empty; None when the file has no such column
    best: np.ndarray  # int64
    low: np.ndarray
    high: np.ndarray
    bad_date: str = ""  # the first bad date of the block, with its place: "line 7: '2017-13-01'"
    widened: int = 0  # rows whose low-high range did not hold best


@dataclass
class Reader:
    """An events file opened for streaming: its columns and an iterator of parsed blocks."""

    where: str
    columns: EventColumns
    blocks: Iterator[Block]


def open_events(source: Source, block_bytes: int = BLOCK_BYTES, max_bytes: int = MAX_BYTES) -> Reader:
    """Check the file (exists, size, not empty), recognise its form and start reading it."""
    from geo.io.source import NOT_REGULAR, open_regular

    path = Path(source) if source is not None else bundled_events()
    where = str(path)
    if not path.exists():
        raise InputError(one_line(f"{where}: file not found"))
    if path.is_dir():
        raise InputError(one_line(f"{where}: is a folder — give the path of one .csv or .parquet file"))
    try:
        fh = open_regular(path)  # a pipe or a device is refused without waiting for it
        if fh is None:
            raise InputError(one_line(f"{where}: {NOT_REGULAR} — give the path of one .csv or .parquet file"))
        with fh:
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(1 << 16)
    except OSError as exc:
        raise InputError(one_line(f"{where}: cannot be read: {exc.strerror or exc}")) from None
    if size > max_bytes:
        raise InputError(one_line(f"{where}: {size:,} bytes, over the limit of {max_bytes:,} for an events file "
                                  "— split it, or keep the rows and columns you need"))
    if size == 0 or not head.strip():
        raise InputError(one_line(f"{where}: file is empty — expected a header row and one row per event"))
    if head.startswith(_PARQUET_MAGIC):
        return _open_parquet(path, where)
    return _open_csv(path, where, head, block_bytes)


def _open_parquet(path: Path, where: str) -> Reader:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(one_line(f"{where}: not a readable Parquet file: {_first_line(exc)}")) from None
    columns = event_columns(parquet.schema_arrow.names, where)
    if parquet.metadata.num_rows == 0:
        raise InputError(one_line(f"{where}: no events — the file has columns but no rows"))

    def blocks() -> Iterator[Block]:
        row = 1
        try:
            for batch in parquet.iter_batches(batch_size=PARQUET_ROWS, columns=columns.used):
                yield parse(batch, columns, where, "row", row)
                row += batch.num_rows
        except (pa.ArrowException, OSError) as exc:
            raise InputError(one_line(f"{where}: not a readable Parquet file: {_first_line(exc)}")) from None

    return Reader(where, columns, blocks())


def _open_csv(path: Path, where: str, head: bytes, block_bytes: int) -> Reader:
    """Read whole lines, about ``block_bytes`` at a time, and parse each piece with pyarrow.

    The file is cut into pieces here rather than by pyarrow's streaming reader, whose read-ahead holds
    tens of blocks at once: this way one piece (and its parsed columns) is in memory at a time. Pieces end
    at a line break outside quotes, so a quoted value may hold line breaks (line numbers in messages then
    count rows, not the lines of the file).
    """
    import pyarrow.csv as pacsv

    from geo.io.budget import ENV, Budget, mb

    names = _csv_header(head, where)
    columns = event_columns(names, where)
    line_budget = Budget.from_env().line
    cr_only = b"\n" not in head and b"\r" in head  # old Mac line breaks: read as LF
    # a block holds whole rows: at least the longest row the line budget allows (pyarrow's "straddling object")
    read = pacsv.ReadOptions(column_names=names, use_threads=True,
                             block_size=max(min(block_bytes, 1 << 20), line_budget + 1))
    convert = pacsv.ConvertOptions(include_columns=columns.used, column_types={n: pa.string() for n in columns.used},
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)

    multiline = pacsv.ParseOptions(newlines_in_values=True)

    def blocks() -> Iterator[Block]:
        for piece, line in _csv_pieces(path, where, block_bytes, line_budget, cr_only):
            try:
                table = pacsv.read_csv(pa.py_buffer(piece), read_options=read, convert_options=convert)
            except pa.ArrowException:
                longest, at = _longest_line(piece)
                if longest > line_budget:  # a row pyarrow cannot hold in one block: said as the budget it breaks
                    raise InputError(one_line(
                        f"{where}: line {line + at:,} is longer than {mb(line_budget)}, the budget for one line — "
                        f"set {ENV['line']} to raise it")) from None
                try:  # a quoted value holding a line break (ACLED's notes may): the slower parser copes
                    table = pacsv.read_csv(pa.py_buffer(piece), read_options=read, parse_options=multiline,
                                           convert_options=convert)
                except pa.ArrowException as exc:
                    if "straddl" in str(exc):  # pyarrow: a row longer than a block
                        raise InputError(one_line(
                            f"{where}: a row after line {line:,} is longer than {mb(line_budget)}, the budget for "
                            f"one line (a quoted value spans many lines, or a quote is never closed) — check the "
                            f"quotes, or set {ENV['line']} to raise it")) from None
                    raise InputError(one_line(
                        f"{where}: not a readable CSV near line {line}: {_first_line(exc)} — every row needs as "
                        "many values as the header, quotes closed")) from None
            block = parse(table, columns, where, "line", line) if table.num_rows else None
            del table  # the block holds numpy copies: nothing refers to the piece any more
            if block is not None:
                yield block

    return Reader(where, columns, blocks())


def _csv_pieces(path: Path, where: str, size: int, line_budget: int = 1_000_000,
                cr_only: bool = False) -> Iterator[tuple[memoryview, int]]:
    """The file after its header in pieces of whole lines, checked as UTF-8, with each one's first line number.

    Every piece is a view into one buffer of ``size`` bytes, read into again for the next piece: memory
    stays at one buffer whatever the file's length (a row longer than the buffer makes it grow, up to the line
    budget: a longer one is refused). ``cr_only``: the file's lines end with CR alone, read as LF.
    """
    from geo.io.budget import ENV, mb

    buf = bytearray(max(size, 1 << 12))
    line, offset, start, header = 1, 0, 0, True
    with open(path, "rb") as fh:
        while True:
            n = fh.readinto(memoryview(buf)[start:])
            end = start + n
            if cr_only:
                buf[start:end] = buf[start:end].replace(b"\r", b"\n")
            cut = end if n == 0 else buf.rfind(b"\n", 0, end) + 1
            while cut and n and buf.count(b'"', 0, cut) % 2:  # that line break is inside a quoted value
                cut = buf.rfind(b"\n", 0, cut - 1) + 1
            if cut == 0 and n:  # no whole line yet: read on, with a larger buffer when this one is full
                if end > line_budget:
                    at = line + buf.count(b"\n", 0, end)
                    raise InputError(one_line(
                        f"{where}: line {at:,} is longer than {mb(line_budget)}, the "
                        f"budget for one line (or a quote is never closed): is it a CSV? — set {ENV['line']} to "
                        "raise it"))
                if end == len(buf):
                    buf = buf + bytes(len(buf))
                start = end
                continue
            skip = 0
            if header:  # the header was read already
                skip = buf.find(b"\n", 0, cut) + 1 or cut
                header = False
            _check_utf8(memoryview(buf)[:cut], where, line, offset)
            if cut > skip:
                yield memoryview(buf)[skip:cut], line + (1 if skip else 0)
            if n == 0:
                return
            line += buf.count(b"\n", 0, cut)
            offset += cut
            buf[:end - cut] = buf[cut:end]  # the start of the next line, moved to the front
            start = end - cut


def _longest_line(piece: memoryview) -> tuple[int, int]:
    """The length of the longest line of ``piece`` and its number within it (from 0)."""
    breaks = np.flatnonzero(np.frombuffer(piece, np.uint8) == 10)
    ends = np.append(breaks, len(piece))
    lengths = np.diff(np.concatenate([[-1], ends])) - 1
    i = int(np.argmax(lengths))
    return int(lengths[i]), i


def _check_utf8(data: memoryview, where: str, line: int, offset: int) -> None:
    """Raise with the line and byte offset of the first byte of ``data`` that is not UTF-8."""
    if not len(data) or np.frombuffer(data, np.uint8).max() < 0x80:  # ASCII: nothing to decode
        return
    try:
        codecs.utf_8_decode(data, "strict", True)
    except UnicodeDecodeError as exc:
        at = line + bytes(data[:exc.start]).count(b"\n")
        raise InputError(one_line(f"{where}: not UTF-8 text (line {at}, byte {offset + exc.start}) — save the "
                                  "file as UTF-8 (e.g. \"CSV UTF-8\" in a spreadsheet)")) from None


def _csv_header(head: bytes, where: str) -> list[str]:
    """The header row's column names; one-line errors for binary, non-UTF-8 or repeated names."""
    if b"\x00" in head:
        raise InputError(one_line(f"{where}: holds NUL bytes: is it a binary file? — expected a UTF-8 CSV "
                                  "or a Parquet file"))
    first = head.split(b"\n", 1)[0] if b"\n" in head else head.split(b"\r", 1)[0]
    if len(first) == len(head) == 1 << 16:
        raise InputError(one_line(f"{where}: the header row is longer than 64 KiB — is this a CSV file?"))
    try:
        text = codecs.decode(first, "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(one_line(f"{where}: not UTF-8 text (line 1, byte {exc.start}) — save the file as "
                                  "UTF-8 (e.g. \"CSV UTF-8\" in a spreadsheet)")) from None
    try:
        names = next(csv.reader([text.rstrip("\r")]))
    except (csv.Error, StopIteration) as exc:
        raise InputError(one_line(f"{where}: the header row cannot be read as CSV ({exc})")) from None
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise InputError(one_line(f"{where}: column {repeated[0]!r} appears more than once in the header — "
                                  "give every column its own name"))
    return names


def parse(batch: pa.RecordBatch | pa.Table, columns: EventColumns, where: str, unit: str, first: int) -> Block:
    """Typed numpy arrays for one block; raises on deaths that are not whole numbers ≥ 0.

    ``unit`` and ``first`` name the block's first row in messages ("line 2" of a CSV, "row 1" of Parquet).
    """

    def place(i: int) -> str:
        return f"{unit} {first + i}"

    day = days_of(batch.column(columns.date))
    bad_date = ""
    bad = np.flatnonzero(day == NO_DAY)
    if bad.size:
        bad_date = one_line(f"{place(int(bad[0]))}: {shown(batch.column(columns.date), int(bad[0]))}")
    by_name = {}
    for name in dict.fromkeys((columns.best, columns.low, columns.high)):
        by_name[name] = deaths(batch.column(name), name, where, place)
    best, low, high = by_name[columns.best], by_name[columns.low], by_name[columns.high]
    widened = int(np.count_nonzero((low > best) | (high < best)))
    return Block(
        day=day,
        lat=floats(batch.column(columns.latitude)),
        lon=floats(batch.column(columns.longitude)),
        precision=floats(batch.column(columns.precision)) if columns.precision else None,
        best=best,
        low=np.minimum(low, best),
        high=np.maximum(high, best),
        bad_date=bad_date,
        widened=widened,
    )


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
