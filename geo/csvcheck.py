"""Check a user's CSV of places before ``zonemap locate`` reads it, so every broken file gets one clear line.

The checks are cheap (one pass of UTF-8 decoding in 1 MB chunks, the header row): a missing, empty, binary,
non-UTF-8 file, a folder, an unreadable file, a line longer than the line budget, a header with more columns
than the budget of property names, without lat/lon columns or with a repeated column name. Blank lines before
the header are skipped, as pyarrow skips them.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from .errors import InputError
from .io.budget import ENV, Budget, mb
from .text import clip, one_line

__all__ = ["read_header", "coordinate_columns"]

LAT_NAMES = ("lat", "latitude")
LON_NAMES = ("lon", "longitude", "lng")
CHUNK = 1_000_000  # bytes read at a time; never more than the line budget


def read_header(path: str | Path, where: str | None = None) -> tuple[list[str], int]:
    """The header's column names and the number of lines before it (blank ones), after every check below.

    One pass over the file in 1 MB chunks: memory stays at a chunk whatever the file holds, and a line longer
    than the line budget (a binary file, a file without newlines) or a header wider than the budget of
    property names is refused before pyarrow reads it.
    """
    path = Path(path)
    where = one_line(where or str(path))
    budget = Budget.from_env()
    if not path.exists():
        raise InputError(f"{where}: file not found — check the path")
    if path.is_dir():
        raise InputError(f"{where}: is a folder, not a CSV file — give the path of one .csv file")
    try:
        with open(path, "rb") as fh:
            header, skipped = _scan(fh, where, budget)
    except OSError as exc:
        raise InputError(f"{where}: cannot be read: {exc.strerror or exc} — check the file's permissions") from None
    if header is None:
        raise InputError(f"{where}: file is empty — expected a header row with lat and lon columns")
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
    return columns, skipped


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


def _scan(fh, where: str, budget: Budget) -> tuple[str | None, int]:
    """Check the whole file is UTF-8 (a BOM is allowed) without NUL bytes or over-long lines; return its first
    non-blank line (the header), or None when every line is blank, and the number of lines before it.

    A chunk is at most ``CHUNK`` bytes and ``CHUNK`` is at most the line budget, so only a line that crosses a
    chunk boundary can be too long: two ``find`` calls per chunk check it, whatever the number of lines.
    """
    chunk_size = min(CHUNK, budget.line)
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    offset = newlines = skipped = 0
    running = 0  # bytes since the last newline
    head = b""  # the start of the file, from the first line that is not blank, until it is complete
    header: str | None = None
    while True:
        chunk = fh.read(chunk_size)
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: not UTF-8 text (byte {offset + exc.start:,}) — "
                             "save the CSV as UTF-8 (e.g. “CSV UTF-8” in a spreadsheet)") from None
        if b"\x00" in chunk:
            raise InputError(f"{where}: holds NUL bytes: is it a binary file? — expected a UTF-8 CSV")
        first, last = chunk.find(b"\n"), chunk.rfind(b"\n")
        if running + (len(chunk) if first < 0 else first) > budget.line:
            raise InputError(f"{where}: line {newlines + 1:,} is longer than {mb(budget.line)}, the budget for one "
                             f"line: is it a CSV? — set {ENV['line']} to raise it")
        running = running + len(chunk) if last < 0 else len(chunk) - last - 1
        if header is None:
            head += chunk[len(codecs.BOM_UTF8):] if offset == 0 and chunk.startswith(codecs.BOM_UTF8) else chunk
            header, head, blank = _first_line(head, final=not chunk)
            skipped += blank
        newlines += chunk.count(b"\n")
        offset += len(chunk)
        if not chunk:
            return header, skipped


def _first_line(head: bytes, final: bool) -> tuple[str | None, bytes, int]:
    """The first non-blank line of ``head`` once it is complete (or the file has ended), else None and what is
    left of ``head`` after its blank lines; and the number of complete blank lines passed."""
    start = blank = 0
    while True:
        end = head.find(b"\n", start)
        line = head[start:] if end < 0 else head[start:end]
        if line.strip():
            if end < 0 and not final:
                return None, head[start:], blank
            return line.decode("utf-8").rstrip("\r"), b"", blank
        if end < 0:
            return None, head[start:], blank
        start = end + 1
        blank += 1
