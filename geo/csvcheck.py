"""Check a user's CSV of places before ``zonemap locate`` reads it, so every broken file gets one clear line.

The checks are cheap (one pass of UTF-8 decoding, the header row): a missing, empty, binary, non-UTF-8
file, a folder, an unreadable file, a header without lat/lon columns or with a repeated column name.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path

from .errors import InputError
from .text import clip, one_line

__all__ = ["check_csv", "coordinate_columns"]

LAT_NAMES = ("lat", "latitude")
LON_NAMES = ("lon", "longitude", "lng")
CHUNK = 1 << 20


def check_csv(path: str | Path, where: str | None = None) -> list[str]:
    """Raise :class:`InputError` naming the file and the problem; return the header's column names."""
    path = Path(path)
    where = one_line(where or str(path))
    if not path.exists():
        raise InputError(f"{where}: file not found")
    if path.is_dir():
        raise InputError(f"{where}: is a folder, not a CSV file — give the path of one .csv file")
    try:
        with open(path, "rb") as fh:
            header = _check_utf8(fh, where)
    except OSError as exc:
        raise InputError(f"{where}: cannot be read: {exc.strerror or exc} — check the file's permissions") from None
    if not header.strip():
        raise InputError(f"{where}: file is empty — expected a header row with lat and lon columns")
    try:
        columns = next(csv.reader([header]))
    except csv.Error as exc:
        raise InputError(f"{where}: the header row cannot be read as CSV ({exc})") from None
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise InputError(f"{where}: column {clip(repeated[0], 40)!r} appears more than once in the header — "
                         "give every column its own name")
    coordinate_columns(columns, where)
    return columns


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


def _check_utf8(fh, where: str) -> str:
    """Decode the whole file as UTF-8 (a BOM is allowed); return its first non-blank line."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    offset = 0
    first = ""
    while True:
        chunk = fh.read(CHUNK)
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            raise InputError(f"{where}: not UTF-8 text (byte {offset + exc.start}) — "
                             "save the CSV as UTF-8 (e.g. “CSV UTF-8” in a spreadsheet)") from None
        if "\x00" in text:
            raise InputError(f"{where}: holds NUL bytes: is it a binary file? — expected a UTF-8 CSV")
        if not first.strip() or "\n" not in first.lstrip():
            first += text
        offset += len(chunk)
        if not chunk:
            break
    lines = [line for line in first.splitlines() if line.strip()]
    return lines[0] if lines else ""
