"""Organised violence in and around the areas, before and after each agreement: read events, count them.

Reading
    The bundled events (``zones/events.parquet``: UCDP GED, Syria release 652.1601.1911) or a user's CSV or
    Parquet file. UCDP GED and ACLED files are recognised by their columns (:func:`event_columns`); CSVs
    stream through in blocks of :data:`BLOCK_BYTES` and Parquet files by batches, so memory stays bounded
    however many events there are. A file that cannot be used raises :class:`~geo.errors.InputError` with one
    line naming the file, the line or row, the column and the problem. A row whose date cannot be read is
    not guessed at: it is left out and counted (with the first such value quoted).

Counting (:func:`count_events`, :func:`summarise`)
    Each kept event is placed by its ``date_start`` (ACLED: ``event_date``) and coordinates into

    - an **area**, as the area stood on the event's date: the period of that id whose ``valid_from`` is the
      latest one on or before the date. An event dated *before* an area's first ``valid_from`` counts
      against the area's first shape, and one dated *after* its last period ended (or in a gap between two
      periods) against the latest shape that began before it. So "before the memorandum" and "after the
      fall" compare the same place as the area itself, not an empty map;
    - its **ring**, id ``<id>_ring``: the band up to ``ring_km`` km outside the area's edge (buffered in
      EPSG:32637, metres), minus every area, inside Syria — the neighbourhood, as a comparison;
    - ``rest_of_syria``: inside Syria's outline and in no area and no ring — the national baseline.

    Areas of kinds other than those counted (by default only de-escalation areas: the security zones
    overlap them) are ignored. Rings of two areas may overlap; an event there counts for both rings.

Events left out, each counted once under the first reason that applies, in this order:
``bad date``, ``missing coordinates`` (empty, not a number, or off the globe), ``precision`` (see
:data:`DEFAULT_PRECISION`), ``outside date range``, ``outside Syria``.

Key dates (:func:`default_key_dates`, :meth:`EventCounts.by_period`)
    The periods are cut at each area's own dates (its first ``valid_from``, every redrawing, its end) and at
    the agreements' dates *given by the caller*: this module keeps no list of agreements, so the dates and
    their names always come from the atlas (``zones/agreements.json``, or a user's agreements file).
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import shapely

from .crs import METRIC, WGS84
from .errors import InputError, one_line
from .schema import schema
from .text import NUMBER

__all__ = [
    "BLOCK_BYTES",
    "CAVEAT",
    "DEFAULT_PRECISION",
    "MAX_BYTES",
    "REASONS",
    "REST",
    "WHY",
    "EventColumns",
    "EventCounts",
    "EventSummary",
    "bundled_citation",
    "bundled_events",
    "count_events",
    "default_key_dates",
    "event_columns",
    "event_points",
    "summarise",
]

BLOCK_BYTES = 1 << 24  # 16 MiB of CSV per block: about 130,000 rows of a UCDP GED file
PARQUET_ROWS = 1 << 17  # rows per Parquet batch
MAX_BYTES = 4 << 30  # an events file over 4 GiB is refused before it is read (10M UCDP rows: ~1.3 GB)
REST = "rest_of_syria"
RING = "_ring"
COUNTED_KINDS = schema().area_kinds  # counted by default: the schema's areas (zones overlap them)

DEFAULT_PRECISION = 2
"""Keep events with ``where_prec`` ≤ 2 by default: placed at a settlement or better.

UCDP's codes: 1 the exact place; 2 within about 25 km of a named place, which is then coded (in practice
the town or village the report names); 3 only the district (ADM2) is known and its centroid is coded;
4 only the province (ADM1), its centroid coded; 5 a stretch of road or river, or between places;
6 only the country; 7 sea or air. Codes 1–2 put an event where the reports put it, with an error of a
few km around a real place: the same order as the shapes' own uncertainty (3–8 km at the edges), so it
blurs counts at the edges but does not bias them. From 3 on the coordinates are a *centroid* chosen by
the coder, not the event's place: a district or province centre falls inside or outside an area by the
accident of where the centre is, so every event of that district lands on the same side, a systematic
error rather than noise; and the precision-6 events (21 % of all deaths in this release, often monthly
totals) sit at one point for the whole country. A cut at 1 would throw away 35 % of the events (5,786 in
this release) whose town is known. ACLED files use ``geo_precision`` (1 a town, 2 near a town or a part of
a region, 3 a larger region, at its centre) with the same cut-off: 1–2 kept.
"""

REASONS = ("bad date", "missing coordinates", "precision", "outside date range", "outside Syria")
WHY = {
    "bad date": "a date that cannot be read is not guessed at",
    "missing coordinates": "no usable latitude and longitude",
    "precision": "placed only at a district, province or country centroid, on a line or at sea: not the event's "
                 "own place",
    "outside date range": "outside the dates asked for",
    "outside Syria": "coordinates beyond Syria's outline (in a neighbouring country or at sea)",
}
"""Why each kind of event is left out, in a few words (printed beside the counts)."""

CAVEAT = (
    "What these counts cannot tell. They are events and deaths that were reported: media coverage differs "
    "between areas and between periods (a siege or an offensive is reported more closely than a quiet "
    "month), so a change may be partly a change in reporting. This UCDP release (Syria 652.1601.1911) "
    "includes inactive dyads, so its counts differ from UCDP's global GED. Events placed only at a "
    "district, province or country centroid are left out by the precision cut (where_prec 1-2 kept), so the "
    "totals are lower than all of Syria's. Deaths are estimates: best, with a low-high range; 101 events in "
    "this release break low <= best <= high, and their range is widened to include best. The areas are "
    "approximate shapes: an event near an edge may fall on the wrong side."
)
"""Shown beside every chart and printed as comment lines above every CSV."""

EARLIEST, LATEST = date(1900, 1, 1), date(2100, 12, 31)  # a date outside these years is a bad date
_EPOCH = date(1970, 1, 1)
_NO_DAY = np.iinfo(np.int64).min
_PARQUET_MAGIC = b"PAR1"

Source = str | Path | None
DateLike = date | str
KeyDates = Sequence[tuple[DateLike, str]] | Mapping[str, Sequence[tuple[DateLike, str]]]
Agreements = Sequence[Any]  # (date, label) pairs, or objects with .date and .short_title (geo.agreements.Agreement)


# --- reading --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventColumns:
    """Which columns of an events file are used, and as what."""

    form: Literal["UCDP GED", "ACLED"]
    date: str
    latitude: str
    longitude: str
    best: str
    low: str
    high: str
    precision: str | None

    @property
    def used(self) -> list[str]:
        """The file's column names that are read, each once."""
        names = [self.date, self.latitude, self.longitude, self.best, self.low, self.high, self.precision]
        return list(dict.fromkeys(n for n in names if n is not None))

    @property
    def note(self) -> str:
        """One line: the form recognised and the columns used."""
        if self.form == "ACLED":
            deaths = f"{self.best} (deaths: best, low and high alike)"
        elif self.low == self.best and self.high == self.best:
            deaths = f"{self.best} (deaths; no low/high columns: best used for both)"
        else:
            deaths = f"{self.best}, {self.low}, {self.high} (deaths: best, low, high)"
        precision = (f"{self.precision} (location precision)" if self.precision
                     else "no precision column (every event kept whatever the precision cut-off)")
        return one_line(f"{self.form} columns used: {self.date} (date), {self.latitude}, {self.longitude}, "
                        f"{deaths}, {precision}")


def event_columns(names: Sequence[str], where: str = "events") -> EventColumns:
    """Recognise a UCDP GED or ACLED file by its column names (case and spaces around them ignored).

    UCDP GED: ``latitude``, ``longitude``, ``date_start``, ``best`` and, when present, ``low``, ``high``,
    ``where_prec``. ACLED: ``latitude``, ``longitude``, ``event_date``, ``fatalities`` (used as best, low
    and high) and, when present, ``geo_precision``. Raises :class:`InputError` listing what was found.
    """
    lower: dict[str, str] = {}
    for name in names:
        lower.setdefault(name.strip().lower(), name)
    ucdp = ("latitude", "longitude", "date_start", "best")
    acled = ("latitude", "longitude", "event_date", "fatalities")
    if all(k in lower for k in ucdp):
        best = lower["best"]
        return EventColumns("UCDP GED", lower["date_start"], lower["latitude"], lower["longitude"], best,
                            lower.get("low", best), lower.get("high", best), lower.get("where_prec"))
    if all(k in lower for k in acled):
        deaths = lower["fatalities"]
        return EventColumns("ACLED", lower["event_date"], lower["latitude"], lower["longitude"], deaths, deaths,
                            deaths, lower.get("geo_precision"))
    missing_ucdp = [k for k in ucdp if k not in lower]
    missing_acled = [k for k in acled if k not in lower]
    missing = missing_ucdp if len(missing_ucdp) <= len(missing_acled) else missing_acled
    form = "UCDP GED" if missing is missing_ucdp else "ACLED"
    raise InputError(one_line(
        f"{where}: not a UCDP GED or ACLED events file: no {', '.join(missing)} column"
        f"{'s' if len(missing) > 1 else ''} for {form} (found: {_listing(names)}) — UCDP GED needs latitude, "
        "longitude, date_start, best; ACLED needs latitude, longitude, event_date, fatalities"))


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
class _Block:
    """One block of events, parsed: numpy arrays of one length."""

    day: np.ndarray  # int64 days since 1970-01-01; _NO_DAY for a bad date
    lat: np.ndarray
    lon: np.ndarray
    precision: np.ndarray | None  # float64, NaN when empty; None when the file has no such column
    best: np.ndarray  # int64
    low: np.ndarray
    high: np.ndarray
    bad_date: str = ""  # the first bad date of the block, with its place: "line 7: '2017-13-01'"
    widened: int = 0  # rows whose low-high range did not hold best


@dataclass
class _Reader:
    """An events file opened for streaming: its columns and an iterator of parsed blocks."""

    where: str
    columns: EventColumns
    blocks: Iterator[_Block]


def _open(source: Source, block_bytes: int = BLOCK_BYTES, max_bytes: int = MAX_BYTES) -> _Reader:
    """Check the file (exists, size, not empty), recognise its form and start reading it."""
    from .io.source import NOT_REGULAR, open_regular

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


def _open_parquet(path: Path, where: str) -> _Reader:
    import pyarrow.parquet as pq

    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise InputError(one_line(f"{where}: not a readable Parquet file: {_first_line(exc)}")) from None
    columns = event_columns(parquet.schema_arrow.names, where)
    if parquet.metadata.num_rows == 0:
        raise InputError(one_line(f"{where}: no events — the file has columns but no rows"))

    def blocks() -> Iterator[_Block]:
        row = 1
        try:
            for batch in parquet.iter_batches(batch_size=PARQUET_ROWS, columns=columns.used):
                yield _parse(batch, columns, where, "row", row)
                row += batch.num_rows
        except (pa.ArrowException, OSError) as exc:
            raise InputError(one_line(f"{where}: not a readable Parquet file: {_first_line(exc)}")) from None

    return _Reader(where, columns, blocks())


def _open_csv(path: Path, where: str, head: bytes, block_bytes: int) -> _Reader:
    """Read whole lines, about ``block_bytes`` at a time, and parse each piece with pyarrow.

    The file is cut into pieces here rather than by pyarrow's streaming reader, whose read-ahead holds
    tens of blocks at once: this way one piece (and its parsed columns) is in memory at a time. Pieces end
    at a line break outside quotes, so a quoted value may hold line breaks (line numbers in messages then
    count rows, not the lines of the file).
    """
    import pyarrow.csv as pacsv

    from .io.budget import ENV, Budget, mb

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

    def blocks() -> Iterator[_Block]:
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
            block = _parse(table, columns, where, "line", line) if table.num_rows else None
            del table  # the block holds numpy copies: nothing refers to the piece any more
            if block is not None:
                yield block

    return _Reader(where, columns, blocks())


def _csv_pieces(path: Path, where: str, size: int, line_budget: int = 1_000_000,
                cr_only: bool = False) -> Iterator[tuple[memoryview, int]]:
    """The file after its header in pieces of whole lines, checked as UTF-8, with each one's first line number.

    Every piece is a view into one buffer of ``size`` bytes, read into again for the next piece: memory
    stays at one buffer whatever the file's length (a row longer than the buffer makes it grow, up to the line
    budget: a longer one is refused). ``cr_only``: the file's lines end with CR alone, read as LF.
    """
    from .io.budget import ENV, mb

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


def _parse(batch: pa.RecordBatch | pa.Table, columns: EventColumns, where: str, unit: str, first: int) -> _Block:
    """Typed numpy arrays for one block; raises on deaths that are not whole numbers ≥ 0.

    ``unit`` and ``first`` name the block's first row in messages ("line 2" of a CSV, "row 1" of Parquet).
    """

    def place(i: int) -> str:
        return f"{unit} {first + i}"

    day = _days(batch.column(columns.date))
    bad_date = ""
    bad = np.flatnonzero(day == _NO_DAY)
    if bad.size:
        bad_date = one_line(f"{place(int(bad[0]))}: {_shown(batch.column(columns.date), int(bad[0]))}")
    deaths = {}
    for name in dict.fromkeys((columns.best, columns.low, columns.high)):
        deaths[name] = _deaths(batch.column(name), name, where, place)
    best, low, high = deaths[columns.best], deaths[columns.low], deaths[columns.high]
    widened = int(np.count_nonzero((low > best) | (high < best)))
    return _Block(
        day=day,
        lat=_floats(batch.column(columns.latitude)),
        lon=_floats(batch.column(columns.longitude)),
        precision=_floats(batch.column(columns.precision)) if columns.precision else None,
        best=best,
        low=np.minimum(low, best),
        high=np.maximum(high, best),
        bad_date=bad_date,
        widened=widened,
    )


MAX_DEATHS = 10_000_000  # deaths of one event: more is a broken value (and sums stay far from overflowing)


def _deaths(column: pa.Array, name: str, where: str, place) -> np.ndarray:
    values = _floats(column)
    with np.errstate(invalid="ignore"):
        bad = ~(np.isfinite(values) & (values >= 0) & (values <= MAX_DEATHS) & (values == np.floor(values)))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raw = _value(column, i)
        what = "is empty" if raw is None or str(raw).strip() == "" else f"is {_shown(column, i)}"
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


def _shown(column: pa.Array | pa.ChunkedArray, i: int) -> str:
    """Value ``i`` of a column as a message shows it."""
    value = _value(column, i)
    return f"a {column.type} value out of range" if value is _OUT_OF_RANGE else _short(value)


_WHOLE_NUMBER = f"^{NUMBER}$"  # a decimal number as people write one; anything else is not a number


def _floats(column: pa.Array) -> np.ndarray:
    """Float64 values of a column of numbers or of text; NaN where empty or not a number."""
    column = _plain(column)
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


_ISO = (r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_DMY = r"^\s*(?P<d>\d{1,2})[ -](?P<m>[A-Za-z]{3,9})\.?[ -](?P<y>\d{4})\s*$"
_MONTHS = {"jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
           "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9,
           "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12}


def _days(column: pa.Array) -> np.ndarray:
    """Days since 1970-01-01 (int64) for a column of dates, timestamps or text; :data:`_NO_DAY` where bad.

    Text may be ``2017-05-04``, ``2017-05-04 00:00:00.000`` (the time is ignored) or ACLED's
    ``04 May 2017``. Nothing is normalised: 2017-02-30 is a bad date, not 2 March.
    """
    column = _plain(column)
    kind = column.type
    if pa.types.is_timestamp(kind) or pa.types.is_date64(kind):
        column = pc.cast(column, pa.date32(), safe=False)
        kind = column.type
    if pa.types.is_date32(kind):
        days = column.cast(pa.int32()).to_numpy(zero_copy_only=False)
        days = np.where(column.is_null().to_numpy(zero_copy_only=False), _NO_DAY, days).astype(np.int64)
    elif pa.types.is_string(kind) or pa.types.is_large_string(kind):
        try:  # the common case, strict: a whole block of YYYY-MM-DD
            return _days(pc.cast(column, pa.date32()))
        except pa.ArrowInvalid:
            days = _text_days(column)
    else:
        return np.full(len(column), _NO_DAY, dtype=np.int64)
    lo, hi = (d.toordinal() - _EPOCH.toordinal() for d in (EARLIEST, LATEST))
    days[(days < lo) | (days > hi)] = _NO_DAY
    return days


def _text_days(column: pa.Array) -> np.ndarray:
    """Days for text dates in any of the accepted forms; :data:`_NO_DAY` where a value is none of them."""
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
    return np.where(good, start + day - 1, _NO_DAY)


def _plain(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One array, dictionary-encoded columns decoded."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_dictionary(column.type):
        column = column.dictionary_decode()
    return column


# --- the shapes, as they stood -------------------------------------------------------------------------

GRID_CELLS = 128  # cells per side over Syria: about 5 km; a few percent of the points fall in mixed cells
GRID_MIN_POINTS = 20_000  # below this many points, building a grid costs more than it saves
_OUT, _IN, _MIXED = 0, 1, 2


@dataclass
class _Grid:
    """Cells over Syria that know, for a shape, whether each whole cell is inside it, outside it, or mixed.

    Only the points in mixed cells are tested against the shape. A point's cell may be off by one at an
    edge through rounding; that is safe, because then the point lies on the closed cell it was given, and a
    cell is "inside" only when the shape's interior holds the closed cell, "outside" when they do not touch.
    """

    x0: float
    y0: float
    dx: float
    dy: float
    n: int
    _tree: Any = field(default=None, repr=False)

    @classmethod
    def over(cls, geom, n: int = GRID_CELLS) -> _Grid:
        x0, y0, x1, y1 = geom.bounds
        return cls(x0, y0, (x1 - x0) / n or 1.0, (y1 - y0) / n or 1.0, n)

    def states(self, geom) -> np.ndarray:
        """Per cell (and a last slot for points off the grid: outside), :data:`_OUT`, :data:`_IN` or :data:`_MIXED`."""
        if self._tree is None:
            i, j = np.divmod(np.arange(self.n * self.n), self.n)
            self._tree = shapely.STRtree(shapely.box(self.x0 + i * self.dx, self.y0 + j * self.dy,
                                                     self.x0 + (i + 1) * self.dx, self.y0 + (j + 1) * self.dy))
        out = np.full(self.n * self.n + 1, _OUT, dtype=np.uint8)
        out[self._tree.query(geom, predicate="intersects")] = _MIXED
        out[self._tree.query(geom, predicate="contains_properly")] = _IN
        return out

    def cells(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Each point's cell; ``n * n`` for a point off the grid."""
        with np.errstate(invalid="ignore"):  # NaN becomes a large negative number: off the grid
            i = np.floor((x - self.x0) / self.dx).astype(np.int64)
            j = np.floor((y - self.y0) / self.dy).astype(np.int64)
        cell = i * self.n + j
        cell[(i < 0) | (i >= self.n) | (j < 0) | (j >= self.n)] = self.n * self.n
        return cell


@dataclass
class _Epoch:
    """The zones as they stood from ``start`` (days since 1970) until the next epoch's start."""

    start: int
    geoms: list  # per zone: areas, then rings (shapely geometries, prepared)
    bounds: np.ndarray  # (zones, 4)
    states: list[np.ndarray] | None = None  # per zone, its cells on the grid (built when first needed)


@dataclass
class _Shapes:
    area_ids: list[str]
    epochs: list[_Epoch]
    outline: Any  # shapely geometry, prepared
    periods: dict[str, list[tuple[date | None, date | None]]]  # per id: (valid_from, valid_to), in order
    grid: _Grid = field(init=False)
    _outline_states: np.ndarray | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.grid = _Grid.over(self.outline)

    @property
    def zone_ids(self) -> list[str]:
        return self.area_ids + [a + RING for a in self.area_ids] + [REST]

    def in_syria(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Whether each point is inside the outline."""
        if x.size < GRID_MIN_POINTS:
            return shapely.contains_xy(self.outline, x, y)
        if self._outline_states is None:
            self._outline_states = self.grid.states(self.outline)
        return _inside(self.outline, self._outline_states, self.grid.cells(x, y), x, y)

    def place(self, day: np.ndarray, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(zone index, event index) pairs for events inside Syria, each in the zones of its date's epoch.

        An event is in every area and ring that holds it (they overlap only when areas or rings do), and in
        the rest of Syria when in none.
        """
        rest = 2 * len(self.area_ids)
        starts = np.array([e.start for e in self.epochs], dtype=np.int64)
        epoch_of = np.searchsorted(starts, day, side="right") - 1
        cells = self.grid.cells(x, y) if x.size >= GRID_MIN_POINTS else None
        zones, events = [], []
        order = np.argsort(epoch_of, kind="stable")  # the events of each epoch together: one pass, not one per epoch
        present, first = np.unique(epoch_of[order], return_index=True)
        bounds = np.append(first, order.size)
        for k, lo, hi in zip(present, bounds[:-1], bounds[1:], strict=True):
            epoch = self.epochs[k]
            index = np.sort(order[lo:hi])
            if cells is not None and epoch.states is None:
                epoch.states = [self.grid.states(g) for g in epoch.geoms]
            hit = np.zeros(index.size, dtype=bool)
            for z, geom in enumerate(epoch.geoms):
                if cells is None:
                    inside = np.flatnonzero(_inside_box(geom, epoch.bounds[z], x[index], y[index]))
                else:
                    inside = np.flatnonzero(_inside(geom, epoch.states[z], cells[index], x[index], y[index]))
                zones.append(np.full(inside.size, z, dtype=np.int64))
                events.append(index[inside])
                hit[inside] = True
            zones.append(np.full(int(np.count_nonzero(~hit)), rest, dtype=np.int64))
            events.append(index[~hit])
        if not zones:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(zones), np.concatenate(events)


def _inside(geom, states: np.ndarray, cells: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Whether each point is in ``geom``: answered by its cell, tested exactly only in mixed cells."""
    state = states[cells]
    out = state == _IN
    mixed = np.flatnonzero(state == _MIXED)
    if mixed.size:
        out[mixed] = shapely.contains_xy(geom, x[mixed], y[mixed])
    return out


def _inside_box(geom, bounds: np.ndarray, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Whether each point is in ``geom``: its bounding box first, then the shape for the points in the box."""
    x0, y0, x1, y1 = bounds
    near = np.flatnonzero((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1))
    out = np.zeros(x.size, dtype=bool)
    if near.size:
        out[near] = shapely.contains_xy(geom, x[near], y[near])
    return out


def _shapes(areas, outline, ring_km: float, kinds: Sequence[str] | None) -> _Shapes:
    """Every distinct state of the areas (one per ``valid_from`` that changes a shape), with rings."""
    areas = _in_wgs84(areas)
    if kinds is not None and "kind" in areas.columns:
        areas = areas[areas["kind"].isin(list(kinds))]
    if "id" not in areas.columns or areas.empty:
        raise InputError(f"areas: no area to count events in (kinds {', '.join(kinds or [])})")
    periods = _area_periods(areas)
    starts = sorted({f for rows in periods.values() for f, _, _ in rows if f is not None})
    choices: list[tuple[int, tuple[int, ...]]] = []
    for start in [None, *starts]:
        choice = tuple(_shape_on(rows, start) for rows in periods.values())
        if not choices or choices[-1][1] != choice:
            choices.append((_day_number(start) if start else _NO_DAY, choice))
    country = _country(outline)
    # Each shape buffered by the ring's width and cut to Syria once (not once per epoch), all in one projection.
    import geopandas as gpd

    distinct = list({id(g): g for rows in periods.values() for _, _, g in rows}.values())
    grown = gpd.GeoSeries(distinct, crs=WGS84).to_crs(METRIC).buffer(ring_km * 1000).to_crs(WGS84)
    buffers = {id(g): shapely.intersection(b, country) for g, b in zip(distinct, grown, strict=True)}
    rings: dict[tuple, Any] = {}  # a ring is the same in every epoch where its area and its neighbours are
    epochs = [_epoch(start, [rows[k][2] for rows, k in zip(periods.values(), choice)], buffers, rings)
              for start, choice in choices]
    return _Shapes(list(periods), epochs, country,
                   {a: [(f, t) for f, t, _ in rows] for a, rows in periods.items()})


def _area_periods(areas) -> dict[str, list[tuple[date | None, date | None, Any]]]:
    """Per id, in the file's order of ids: its periods (valid_from, valid_to, geometry) by valid_from."""
    out: dict[str, list[tuple[date | None, date | None, Any]]] = {}
    for n, (_, row) in enumerate(areas.iterrows(), start=1):
        ident = str(row["id"])
        start = _contract_date(row.get("valid_from"), "valid_from", n, ident)
        end = _contract_date(row.get("valid_to"), "valid_to", n, ident)
        out.setdefault(ident, []).append((start, end, row.geometry))
    for ident, rows in out.items():
        rows.sort(key=lambda r: r[0] or date.min)
        if len({r[0] for r in rows}) < len(rows):
            raise InputError(f"areas: id {ident!r} has {len(rows)} features but they do not all have their own "
                             "valid_from — give each period of an area its own valid_from")
    return out


def _contract_date(value: Any, key: str, n: int, ident: str) -> date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == "":
        return None
    if isinstance(value, date):  # a date, or a pandas Timestamp (a datetime)
        return value.date() if hasattr(value, "date") and callable(value.date) else value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(one_line(f"areas: feature {n} (id {ident}): {key} is {_short(value)} — "
                                  "expected YYYY-MM-DD, or empty")) from None


def _shape_on(rows: list[tuple[date | None, date | None, Any]], day: date | None) -> int:
    """Index of the period whose shape counts on ``day`` (None: before every date).

    The latest period that began on or before the day; before the first began, the first.
    """
    chosen = 0
    for k, (start, _, _) in enumerate(rows):
        if start is None or (day is not None and start <= day):
            chosen = k
    return chosen


def _epoch(start: int, shapes: list, buffers: dict[int, Any], rings: dict[tuple, Any]) -> _Epoch:
    """The zones of one epoch: its areas, then each area's ring (its buffer in Syria, minus every area near it)."""
    bounds = shapely.bounds(np.asarray(shapes, dtype=object))
    out = []
    for g in shapes:
        grown = buffers[id(g)]
        x0, y0, x1, y1 = grown.bounds
        near = [h for h, (a, b, c, d) in zip(shapes, bounds, strict=True) if a <= x1 and c >= x0 and b <= y1 and d >= y0]
        key = tuple(id(h) for h in near) + (id(g),)
        if key not in rings:
            rings[key] = shapely.difference(grown, shapely.union_all(near))
        out.append(rings[key])
    geoms = list(shapes) + out
    for g in geoms:
        shapely.prepare(g)
    return _Epoch(start, geoms, np.array([g.bounds for g in geoms], dtype=np.float64).reshape(-1, 4))


def _country(outline):
    """Syria as one geometry: a shapely geometry as given, or the country row(s) of a GeoDataFrame."""
    if isinstance(outline, shapely.Geometry):
        geom = outline
    else:
        frame = _in_wgs84(outline)
        if "kind" in frame.columns and (frame["kind"] == "country").any():
            frame = frame[frame["kind"] == "country"]
        geom = shapely.union_all(np.asarray(frame.geometry.values, dtype=object))
    shapely.prepare(geom)
    return geom


def _in_wgs84(frame):
    if getattr(frame, "crs", None) is not None and frame.crs.to_epsg() != 4326:
        return frame.to_crs(WGS84)
    return frame


# --- counting --------------------------------------------------------------------------------------------

class _Tally:
    """Daily sums per zone (events, deaths best, low, high) over the days seen so far, grown as needed."""

    def __init__(self, zones: int):
        self.zones = zones
        self.first = 0
        self.sums = np.zeros((4, zones, 0), dtype=np.int64)

    def add(self, zone: np.ndarray, day: np.ndarray, best: np.ndarray, low: np.ndarray, high: np.ndarray) -> None:
        if zone.size == 0:
            return
        self._cover(int(day.min()), int(day.max()))
        width = self.sums.shape[2]
        key = zone * width + (day - self.first)
        size = self.zones * width
        for k, weights in enumerate((None, best, low, high)):
            counts = np.bincount(key, weights=weights, minlength=size)
            self.sums[k] += np.rint(counts).astype(np.int64).reshape(self.zones, width)

    def _cover(self, lo: int, hi: int) -> None:
        width = self.sums.shape[2]
        if width and lo >= self.first and hi < self.first + width:
            return
        first = min(lo, self.first) if width else lo
        last = max(hi, self.first + width - 1) if width else hi
        grown = np.zeros((4, self.zones, last - first + 1), dtype=np.int64)
        if width:
            grown[:, :, self.first - first:self.first - first + width] = self.sums
        self.first, self.sums = first, grown

    def over(self, first: int, last: int) -> np.ndarray:
        """The sums for every day from ``first`` to ``last`` (inclusive), zeros where nothing was seen."""
        out = np.zeros((4, self.zones, last - first + 1), dtype=np.int64)
        width = self.sums.shape[2]
        lo, hi = max(first, self.first), min(last, self.first + width - 1)
        if width and lo <= hi:
            out[:, :, lo - first:hi - first + 1] = self.sums[:, :, lo - self.first:hi - self.first + 1]
        return out


@dataclass(frozen=True, eq=False)
class EventCounts:
    """Events and deaths per zone per day, and what was left out: the result of :func:`count_events`.

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


def count_events(
    events_source: Source,
    areas,
    outline,
    *,
    precision: int | None = DEFAULT_PRECISION,
    date_range: tuple[DateLike | None, DateLike | None] | None = None,
    ring_km: float = 10,
    kinds: Sequence[str] | None = COUNTED_KINDS,
    block_bytes: int = BLOCK_BYTES,
    max_bytes: int = MAX_BYTES,
) -> EventCounts:
    """Read the events (bundled when ``events_source`` is None) and count them per zone per day.

    ``areas``: a GeoDataFrame with ``id``, ``kind``, ``valid_from``, ``valid_to`` ("" or missing = open)
    and a geometry, several rows per id for dated periods; only ``kinds`` are counted (None: every row).
    ``outline``: Syria (a GeoDataFrame, whose ``kind == "country"`` rows are used when it has a ``kind``,
    or a shapely geometry). ``precision``: keep ``where_prec`` ≤ this (None keeps all; see
    :data:`DEFAULT_PRECISION`). ``date_range``: (first, last), both inclusive, either None for open,
    clipped to the dates of the file's events (which are the range by default).
    """
    _check_options(precision, ring_km)
    shapes = _shapes(areas, outline, float(ring_km), kinds)
    wanted = _wanted_range(date_range)
    reader = _open(events_source, block_bytes, max_bytes)
    part = _Part(len(shapes.zone_ids))
    for block in reader.blocks:
        part.add(block, shapes, precision, wanted)
    return part.counts(shapes, reader.where, reader.columns, wanted, precision, ring_km)


@dataclass
class _Part:
    """The counts of some blocks of events: what every engine adds up, block by block (:meth:`add`), and, for
    blocks counted apart (the dask engine's partitions), part by part (:meth:`merge`)."""

    zones: int
    tally: _Tally = field(init=False)
    left: dict[str, int] = field(init=False)
    seen: list[int] = field(init=False)
    rows: int = 0
    kept: int = 0
    widened: int = 0
    first_bad: str = ""

    def __post_init__(self) -> None:
        self.tally = _Tally(self.zones)
        self.left = dict.fromkeys(REASONS, 0)
        self.seen = [np.iinfo(np.int64).max, np.iinfo(np.int64).min]

    def add(self, block: _Block, shapes: _Shapes, precision: int | None, wanted: tuple[int | None, int | None]) -> None:
        """Filter one block, place its events in the zones as they stood on each event's day, and count them."""
        self.rows += len(block.day)
        self.widened += block.widened
        self.first_bad = self.first_bad or block.bad_date
        keep = _filter(block, precision, wanted, shapes.in_syria, self.left, self.seen)
        self.kept += int(keep.size)
        zone, index = shapes.place(block.day[keep], block.lon[keep], block.lat[keep])
        chosen = keep[index]
        self.tally.add(zone, block.day[chosen], block.best[chosen], block.low[chosen], block.high[chosen])

    def merge(self, other: _Part) -> _Part:
        """This part and ``other`` (counted from later rows) together."""
        if other.tally.sums.shape[2]:
            first = other.tally.first
            self.tally._cover(first, first + other.tally.sums.shape[2] - 1)
            offset = first - self.tally.first
            self.tally.sums[:, :, offset:offset + other.tally.sums.shape[2]] += other.tally.sums
        for reason, n in other.left.items():
            self.left[reason] += n
        self.seen = [min(self.seen[0], other.seen[0]), max(self.seen[1], other.seen[1])]
        self.rows += other.rows
        self.kept += other.kept
        self.widened += other.widened
        self.first_bad = self.first_bad or other.first_bad
        return self

    def counts(self, shapes: _Shapes, where: str, columns: EventColumns, wanted: tuple[int | None, int | None],
               precision: int | None, ring_km: float) -> EventCounts:
        first, last = _final_range(where, columns, self.rows, self.seen, wanted, self.first_bad)
        return EventCounts(
            area_ids=tuple(shapes.area_ids),
            first_day=_EPOCH + timedelta(days=first),
            sums=self.tally.over(first, last),
            periods={a: tuple(p) for a, p in shapes.periods.items()},
            rows=self.rows,
            kept=self.kept,
            left_out=self.left,
            widened=self.widened,
            note=columns.note,
            precision=precision,
            ring_km=float(ring_km),
            first_bad_date=self.first_bad,
        )


@dataclass(frozen=True, eq=False)
class EventSummary:
    """A table of :func:`summarise`, the counts it came from, and the lines to print above it."""

    table: pd.DataFrame
    counts: EventCounts
    caveat: str = CAVEAT

    def header_lines(self, width: int = 100) -> list[str]:
        """The caveat and what was read and left out, as ``# `` comment lines for a CSV."""
        import textwrap

        text = textwrap.wrap(self.caveat, width - 2) + self.counts.lines()
        return ["# " + line for line in text]


def summarise(
    events_source: Source,
    areas,
    outline,
    by: Literal["month", "period"] = "month",
    key_dates: KeyDates | None = None,
    precision: int | None = DEFAULT_PRECISION,
    date_range: tuple[DateLike | None, DateLike | None] | None = None,
    ring_km: float = 10,
    *,
    zones: Sequence[str] | None = None,
    kinds: Sequence[str] | None = COUNTED_KINDS,
    block_bytes: int = BLOCK_BYTES,
    max_bytes: int = MAX_BYTES,
) -> EventSummary:
    """Events and deaths per area, ring and the rest of Syria, per month or per period between key dates.

    :func:`count_events` then :meth:`EventCounts.by_month` or :meth:`EventCounts.by_period`; see them
    for the arguments and the columns.
    """
    if by not in ("month", "period"):
        raise InputError(f"by is {by!r} — expected 'month' or 'period'")
    counts = count_events(events_source, areas, outline, precision=precision, date_range=date_range,
                          ring_km=ring_km, kinds=kinds, block_bytes=block_bytes, max_bytes=max_bytes)
    table = counts.by_month(zones) if by == "month" else counts.by_period(key_dates, zones)
    return EventSummary(table, counts)


def default_key_dates(
    areas, agreements: Agreements, kinds: Sequence[str] | None = COUNTED_KINDS,
    names: Mapping[str, str] | None = None, events: Mapping[str, Sequence[tuple[DateLike, str]]] | None = None,
) -> dict[str, list[tuple[date, str]]]:
    """Key dates per area id: the agreements within its life, its own events, every ``valid_from`` and its end.

    ``agreements``: the agreements whose dates cut the periods, as (date, label) pairs or as
    :class:`~geo.agreements.Agreement` objects (their ``date`` and ``short_title``): the atlas's
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
    periods = {a: [(f, t) for f, t, _ in rows] for a, rows in _area_periods(areas).items()}
    return _default_dates(periods, agreements, names or {}, events or {})


def event_points(
    events_source: Source = None,
    *,
    precision: int | None = DEFAULT_PRECISION,
    date_range: tuple[DateLike | None, DateLike | None] | None = None,
    max_events: int = 1_000_000,
) -> pd.DataFrame:
    """The events kept by the same rules as the counts (but not clipped to Syria), for a map layer.

    Columns: ``date`` (datetime64), ``latitude``, ``longitude``, ``precision`` (NaN when the file has
    none), ``best``, ``low``, ``high``. Holds every kept event in memory: refuses more than ``max_events``.
    """
    _check_options(precision, 1)
    wanted = _wanted_range(date_range)
    reader = _open(events_source)
    left = dict.fromkeys(REASONS, 0)
    seen = [np.iinfo(np.int64).max, np.iinfo(np.int64).min]
    parts, total = [], 0
    for block in reader.blocks:
        keep = _filter(block, precision, wanted, None, left, seen)
        total += keep.size
        if total > max_events:
            raise InputError(one_line(f"{reader.where}: more than {max_events:,} events to draw — "
                                      "choose a shorter date range or a stricter precision"))
        parts.append(pd.DataFrame({
            "date": (block.day[keep]).astype("datetime64[D]"),
            "latitude": block.lat[keep],
            "longitude": block.lon[keep],
            "precision": block.precision[keep] if block.precision is not None else np.nan,
            "best": block.best[keep], "low": block.low[keep], "high": block.high[keep],
        }))
    if not parts:
        raise InputError(one_line(f"{reader.where}: no events — the file has a header but no rows"))
    return pd.concat(parts, ignore_index=True)


# --- helpers ---------------------------------------------------------------------------------------------

def _check_options(precision: int | None, ring_km: float) -> None:
    if precision is not None and (not isinstance(precision, int | np.integer) or isinstance(precision, bool)
                                  or not 1 <= precision <= 7):
        raise InputError(f"precision is {precision!r} — expected a whole number from 1 to 7")
    if not isinstance(ring_km, int | float) or not 0 < ring_km <= 100:
        raise InputError(f"ring_km is {ring_km!r} — expected a distance in km, more than 0 and at most 100")


def _filter(block: _Block, precision: int | None, wanted: tuple[int | None, int | None], in_syria,
            left: dict[str, int], seen: list[int]) -> np.ndarray:
    """Indices of the block's events that are counted; each other one added to ``left`` under one reason."""
    valid = block.day != _NO_DAY
    if valid.any():
        seen[0] = min(seen[0], int(block.day[valid].min()))
        seen[1] = max(seen[1], int(block.day[valid].max()))
    with np.errstate(invalid="ignore"):
        tests = [
            ("bad date", valid),
            ("missing coordinates", np.isfinite(block.lat) & np.isfinite(block.lon)
             & (np.abs(block.lat) <= 90) & (np.abs(block.lon) <= 180)),
        ]
        if precision is not None and block.precision is not None:
            tests.append(("precision", block.precision <= precision))
        lo, hi = wanted
        if lo is not None or hi is not None:
            tests.append(("outside date range", (block.day >= (lo if lo is not None else _NO_DAY + 1))
                          & (block.day <= (hi if hi is not None else np.iinfo(np.int64).max))))
    keep = np.ones(len(block.day), dtype=bool)
    for reason, ok in tests:
        left[reason] += int(np.count_nonzero(keep & ~ok))
        keep &= ok
    index = np.flatnonzero(keep)
    if in_syria is not None and index.size:
        inside = in_syria(block.lon[index], block.lat[index])
        left["outside Syria"] += int(index.size - np.count_nonzero(inside))
        index = index[inside]
    return index


def _wanted_range(date_range) -> tuple[int | None, int | None]:
    if date_range is None:
        return None, None
    try:
        lo, hi = date_range
    except (TypeError, ValueError):
        raise InputError(f"date range is {date_range!r} — expected (first, last)") from None
    first = _day_number(_as_date(lo, "date range")) if lo not in (None, "") else None
    last = _day_number(_as_date(hi, "date range")) if hi not in (None, "") else None
    if first is not None and last is not None and first > last:
        raise InputError(f"date range {lo} to {hi} ends before it begins")
    return first, last


def _final_range(where: str, columns: EventColumns, rows: int, seen: list[int],
                 wanted: tuple[int | None, int | None], first_bad: str) -> tuple[int, int]:
    """The days the tables cover: the file's own dates, clipped to the range asked for."""
    if rows == 0:
        raise InputError(one_line(f"{where}: no events — the file has a header but no rows"))
    if seen[0] > seen[1]:
        raise InputError(one_line(f"{where}: no readable date in column {columns.date} "
                                  f"(first: {first_bad}) — expected YYYY-MM-DD, 'YYYY-MM-DD hh:mm:ss' or "
                                  "'04 May 2017'"))
    lo, hi = wanted
    first = max(seen[0], lo) if lo is not None else seen[0]
    last = min(seen[1], hi) if hi is not None else seen[1]
    if first > last:
        raise InputError(one_line(f"{where}: no events in the date range asked for — the file's events "
                                  f"run from {_EPOCH + timedelta(days=seen[0])} to "
                                  f"{_EPOCH + timedelta(days=seen[1])}"))
    return first, last


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
        raise InputError(one_line(f"agreement is {_short(item)} — expected (date, label) or an Agreement")) from None
    return _key(d, label)


def _key(d: DateLike, label: str) -> tuple[date, str]:
    return _as_date(d, "key date"), str(label)


def _as_date(value: DateLike, what: str) -> date:
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(one_line(f"{what} is {_short(value)} — expected YYYY-MM-DD")) from None


def _day_number(d: date) -> int:
    return d.toordinal() - _EPOCH.toordinal()


def _listing(names: Sequence[str], most: int = 15) -> str:
    shown = [n for n in names if str(n).strip()]
    if not shown:
        return "none"
    text = ", ".join(str(n) for n in shown[:most])
    return text + (f", … ({len(shown)} in all)" if len(shown) > most else "")


def _short(value: Any, most: int = 40) -> str:
    text = str(value)
    return repr(text if len(text) <= most else text[:most] + "…")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
