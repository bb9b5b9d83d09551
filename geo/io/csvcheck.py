"""Check a user's CSV of places before ``zonemap locate`` reads it, so every broken file gets one clear line.

The checks are cheap (one pass of UTF-8 decoding in 1 MB chunks, the header row): a missing, empty, binary,
non-UTF-8 file, a folder, a pipe or device given as a file path, an unreadable file, a line longer than the line
budget, a header with more columns than the budget of property names, without lat/lon columns or with a
repeated column name. Blank lines before the header are skipped, as pyarrow skips them. Standard input (or a
pipe) gets the same checks while it is copied, within the byte budget (:func:`copy_checked`).
"""

from __future__ import annotations

import codecs
import csv
import os
import select
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from geo.base.errors import InputError
from geo.base.text import clip, one_line

from .budget import ENV, Budget, mb

__all__ = ["CsvInfo", "read_header", "copy_checked", "coordinate_columns"]

LAT_NAMES = ("lat", "latitude")
LON_NAMES = ("lon", "longitude", "lng")
CHUNK = 1_000_000  # bytes read at a time; never more than the line budget


@dataclass(frozen=True)
class CsvInfo:
    """What one pass over a CSV found: the header's column names, the blank lines before it, the lines after
    it (an upper bound of the rows: a quoted value may hold a line break) and the bytes read."""

    columns: list[str]
    skipped: int
    rows: int
    size: int


def read_header(path: str | Path, where: str | None = None) -> CsvInfo:
    """Every check below on the file at ``path``, in one pass of 1 MB chunks: memory stays at a chunk whatever
    the file holds, and a line longer than the line budget (a binary file, a file without line breaks) or a
    header wider than the budget of property names is refused before pyarrow reads it."""
    from .source import NOT_REGULAR, open_regular

    path = Path(path)
    where = one_line(where or str(path))
    budget = Budget.from_env()
    if not path.exists():
        raise InputError(f"{where}: file not found — check the path")
    if path.is_dir():
        raise InputError(f"{where}: is a folder, not a CSV file — give the path of one .csv file")
    scan = _Scan(where, budget)
    try:
        fh = open_regular(path)
        if fh is None:
            raise InputError(f"{where}: {NOT_REGULAR} — give the path of one .csv file, or - for standard input")
        with fh:
            while chunk := fh.read(scan.chunk_size):
                scan.feed(chunk)
    except OSError as exc:
        raise InputError(f"{where}: cannot be read: {exc.strerror or exc} — check the file's permissions") from None
    return scan.finish()


def copy_checked(stream: BinaryIO, sink: BinaryIO, where: str, limit: int) -> CsvInfo:
    """Copy ``stream`` (standard input, a pipe, a device) into ``sink`` with every check of :func:`read_header`
    made on the way, and never more than ``limit`` bytes: a stream that is not a CSV (``/dev/zero``,
    ``/dev/urandom``) is refused within its first chunk, and an endless one at the budget."""
    where = one_line(where)
    scan = _Scan(where, Budget.from_env())
    try:
        while chunk := _read(stream, scan.chunk_size):
            if scan.size + len(chunk) > limit:
                raise InputError(f"{where}: longer than {mb(limit)}, the budget for standard input or a pipe (a file "
                                 f"is read whatever its size) — save it to a file and give its path, or set "
                                 f"{ENV['bytes']} to raise it")
            scan.feed(chunk)
            sink.write(chunk)
    except OSError as exc:
        raise InputError(f"{where}: cannot be read: {exc.strerror or exc}") from None
    return scan.finish()


def _read(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes of ``stream`` (b"" at its end), waiting in short steps: a Ctrl-C that the system
    hands to another thread of the process (a library's worker) is acted on within a step, where one long
    wait on a silent pipe would never end."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return stream.read(size)
    while not select.select([fd], [], [], 0.2)[0]:
        pass
    return os.read(fd, size)


def coordinate_columns(columns: list[str], where: str) -> tuple[str, str]:
    """The lat and lon column names, or an error that lists the columns found."""
    lower = {c.strip().lower(): c for c in columns}
    lat = next((lower[n] for n in LAT_NAMES if n in lower), None)
    lon = next((lower[n] for n in LON_NAMES if n in lower), None)
    if lat is None or lon is None:
        found = clip(", ".join(columns), 200) if any(c.strip() for c in columns) else "none"
        raise InputError(f"{where}: no lat/lon columns (found: {found}) — "
                         "name them lat and lon, or latitude and longitude")
    return lat, lon


class _Scan:
    """The checks of one pass over a CSV, fed chunk by chunk: UTF-8 (a BOM is allowed), no NUL byte, no line
    longer than the line budget; the first non-blank line is the header.

    A line ends at LF, CRLF or a lone CR (old Mac files: pyarrow reads them too). A chunk is at most
    ``CHUNK`` bytes and ``CHUNK`` is at most the line budget, so only a line that crosses a chunk boundary can
    be too long: a few ``find`` calls per chunk check it, whatever the number of lines.
    """

    def __init__(self, where: str, budget: Budget):
        self.where, self.budget = where, budget
        self.chunk_size = min(CHUNK, budget.line)
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.size = 0  # bytes fed
        self.breaks = 0  # line breaks seen
        self.running = 0  # bytes since the last line break
        self.cr = False  # the last chunk ended with CR (a CRLF may straddle two chunks)
        self.head = b""  # the start of the file, from the first line that is not blank, until it is complete
        self.header: str | None = None
        self.columns: list[str] = []
        self.skipped = 0  # blank lines before the header
        self.header_breaks = 0  # line breaks up to and including the header's
        self.data = False  # something not blank after the header

    def feed(self, chunk: bytes) -> None:
        where = self.where
        try:
            self.decoder.decode(chunk, final=False)
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: not UTF-8 text (byte {self.size + exc.start:,}) — "
                             "save the CSV as UTF-8 (e.g. “CSV UTF-8” in a spreadsheet)") from None
        if b"\x00" in chunk:
            raise InputError(f"{where}: holds NUL bytes: is it a binary file? — expected a UTF-8 CSV")
        first = min((i for i in (chunk.find(b"\n"), chunk.find(b"\r")) if i >= 0), default=-1)
        last = max(chunk.rfind(b"\n"), chunk.rfind(b"\r"))
        if self.running + (len(chunk) if first < 0 else first) > self.budget.line:
            raise InputError(f"{where}: line {self.breaks + 1:,} is longer than {mb(self.budget.line)}, the budget "
                             f"for one line: is it a CSV? — set {ENV['line']} to raise it")
        self.running = self.running + len(chunk) if last < 0 else len(chunk) - last - 1
        breaks = chunk.count(b"\n") + chunk.count(b"\r") - chunk.count(b"\r\n")
        self.breaks += breaks - (1 if self.cr and chunk.startswith(b"\n") else 0)
        if self.header is None:
            self.head += chunk[len(codecs.BOM_UTF8):] if self.size == 0 and chunk.startswith(codecs.BOM_UTF8) else chunk
            self._find_header(final=False)
        elif not self.data and chunk.strip():
            self.data = True
        self.cr = chunk.endswith(b"\r")
        self.size += len(chunk)

    def finish(self) -> CsvInfo:
        where = self.where
        try:
            self.decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InputError(f"{where}: not UTF-8 text (byte {self.size - 1:,}: the file ends inside a character) — "
                             "save the CSV as UTF-8 (e.g. “CSV UTF-8” in a spreadsheet)") from None
        if self.header is None:
            self._find_header(final=True)
        if self.header is None:
            raise InputError(f"{where}: file is empty — expected a header row with lat and lon columns")
        lines = self.breaks + (1 if self.running else 0)  # the last line may lack its line break
        rows = max(lines - self.header_breaks, 0) if self.data else 0
        return CsvInfo(self.columns, self.skipped, rows, self.size)

    def _find_header(self, final: bool) -> None:
        """The first non-blank line of ``head`` once it is complete (or the stream has ended)."""
        head, start = self.head, 0
        while True:
            ends = [i for i in (head.find(b"\n", start), head.find(b"\r", start)) if i >= 0]
            end = min(ends) if ends else -1
            line = head[start:] if end < 0 else head[start:end]
            if end >= 0 and head[end:end + 2] == b"\r\n":
                end += 1
            if line.strip():
                if end < 0 and not final:
                    self.head = head[start:]
                    return
                self.header = line.decode("utf-8")
                self.columns = _columns(self.header, self.where, self.budget)  # a stream without one stops here
                self.header_breaks = self.skipped + (1 if end >= 0 else 0)
                self.data = end >= 0 and bool(head[end + 1:].strip())
                self.head = b""
                return
            if end < 0:
                self.head = head[start:]
                return
            start = end + 1
            self.skipped += 1


def _columns(header: str, where: str, budget: Budget) -> list[str]:
    """The header's column names, checked: readable, within the budget of names, none repeated, lat and lon."""
    try:
        columns = next(csv.reader([header]))
    except csv.Error as exc:
        raise InputError(f"{where}: the header row cannot be read as CSV ({exc}) — check the quotes in the first line") from None
    if len(columns) > budget.keys:
        raise InputError(f"{where}: the header has {len(columns):,} columns, over the budget of {budget.keys:,} — "
                         f"set {ENV['keys']} to raise it")
    repeated = sorted({c for c in columns if columns.count(c) > 1}) if len(columns) > 1 else []
    if repeated:
        raise InputError(f"{where}: column {clip(repeated[0], 40)!r} appears more than once in the header — "
                         "give every column its own name")
    coordinate_columns(columns, where)
    return columns
