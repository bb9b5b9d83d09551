"""The dated captures: who took which locality, and when (issue 19), read and checked for the build.

The research tables live in ``zones/draw/captures/``: ``offensives.csv`` (one row per offensive: its id,
name, the days it ran, the window its rows may fall in, its area, its sources) and one CSV per offensive
(``<offensive id>.csv``, the columns of :data:`COLUMNS`, described in ``zones/SOURCES.md``). Any subset of
the offensives' files may be present: an offensive without a file simply has no rows yet.

:func:`read` checks every row (columns, sides, dates inside the offensive's window, a source, coordinates
inside Syria, sides that alternate at each locality) and raises ``SystemExit`` listing every problem, one
line each (``zones.draw: captures/idlib_2019.csv: line 7 (Kafr Nabudah): …``). :func:`write` writes the
bundled, derived ``zones/captures.csv`` and ``zones/offensives.csv``: sorted, deterministic.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import shapely

from zones.draw import build, inputs

HERE = Path(__file__).resolve().parent / "captures"
OFFENSIVES_CSV = HERE / "offensives.csv"
COLUMNS = ("name", "name_ar", "lat", "lon", "coord_source", "date", "date_other", "from_side", "to_side", "area",
           "offensive", "source", "confidence", "note")
OFFENSIVE_COLUMNS = ("id", "name", "start", "end", "window_start", "window_end", "area", "sources")
SIDES = ("government", "opposition", "ISIL", "SDF/YPG")
CONFIDENCES = ("high", "medium", "low")
COORD_SOURCES = ("CP ", "GN ", "UCDP ", "hand:")
# Rows of one name within this distance are one locality (its changes of hands must alternate); farther
# apart, two places that share a name.
SAME_PLACE_KM = 3.0
# Two localities of different names closer than this are reported (the same place spelled twice?).
CLOSE_KM = 0.3
DECIMALS = 5
BORDER_KM = 1.0  # a locality may lie this far outside Syria's (simplified) outline

# The bundled, derived tables (zones/), their columns.
BUNDLED = build.ZONES_DIR / "captures.csv"
BUNDLED_OFFENSIVES = build.ZONES_DIR / "offensives.csv"
BUNDLED_COLUMNS = ("date", "area", "offensive", "locality", "name", "name_ar", "lat", "lon", "from_side", "to_side",
                   "date_other", "confidence", "source", "coord_source", "note")


@dataclass(frozen=True)
class Offensive:
    id: str
    name: str
    start: str
    end: str
    window_start: str
    window_end: str
    area: str
    sources: str


@dataclass(frozen=True)
class Capture:
    """One change of hands at one locality (a row of a captures file)."""

    name: str
    name_ar: str
    lat: float
    lon: float
    coord_source: str
    date: str
    date_other: str
    from_side: str
    to_side: str
    area: str
    offensive: str
    source: str
    confidence: str
    note: str
    where: str = field(default="", compare=False)  # "captures/idlib_2019.csv: line 7", for messages
    locality: str = ""  # a stable id of the locality, shared by all its rows (see ``localities``)


@dataclass(frozen=True)
class Captures:
    offensives: dict[str, Offensive]
    rows: list[Capture]
    files: list[str]  # the capture files read, by name
    notes: list[str]  # things worth a look that are not errors


def read(syria, golan, folder: Path = HERE) -> Captures:
    """Every offensive and every capture row in ``folder``, checked against Syria's outline and the occupied
    Golan (WGS84). Raises SystemExit with one line per problem."""
    problems: list[str] = []
    land = _Land(syria, golan)
    offensives = _offensives(folder / OFFENSIVES_CSV.name, problems)
    rows: list[Capture] = []
    files = []
    for path in sorted(folder.glob("*.csv")):
        if path.name == OFFENSIVES_CSV.name:
            continue
        files.append(path.name)
        if path.stem not in offensives:
            problems.append(f"captures/{path.name}: no offensive {path.stem!r} in {OFFENSIVES_CSV.name} "
                            f"(known: {', '.join(offensives)})")
            continue
        rows += _rows(path, offensives[path.stem], land, problems)
    rows, notes = localities(rows, problems)
    if problems:
        raise SystemExit("\n".join(f"zones.draw: {p}" for p in problems))
    return Captures(offensives, rows, files, notes)


def localities(rows: list[Capture], problems: list[str]) -> tuple[list[Capture], list[str]]:
    """The rows with their ``locality`` id, and notes; a problem where a locality's sides do not alternate.

    Rows of the same name (letters and digits, case and accents folded) within ``SAME_PLACE_KM`` of the
    locality's first row are one locality; its rows, by date, must each start from the side the one before
    ended with, on different days.
    """
    groups: dict[str, list[list[Capture]]] = {}
    for row in sorted(rows, key=_order):
        places = groups.setdefault(_fold(row.name), [])
        for place in places:
            if _km(place[0], row) <= SAME_PLACE_KM:
                place.append(row)
                break
        else:
            places.append([row])
    out: list[Capture] = []
    for key in sorted(groups):
        for n, place in enumerate(groups[key], start=1):
            ident = _slug(place[0].name) + (f"-{n}" if n > 1 else "")
            for before, after in zip(place, place[1:]):
                if after.date == before.date:
                    problems.append(f"{after.where} ({after.name}): changes hands twice on {after.date} "
                                    f"(also {before.where}) — one row per day")
                elif after.from_side != before.to_side:
                    problems.append(f"{after.where} ({after.name}): from_side {after.from_side} on {after.date}, but "
                                    f"{before.where} left it to the {before.to_side} on {before.date} — the sides "
                                    "must alternate")
            out += [_with(row, locality=ident) for row in place]
    notes = []
    firsts = {row.locality: row for row in sorted(out, key=_order)}
    listed = sorted(firsts.values(), key=lambda r: (r.lat, r.lon))
    for i, a in enumerate(listed):
        for b in listed[i + 1:]:
            if b.lat - a.lat > CLOSE_KM / 100:
                break
            if _fold(a.name) != _fold(b.name) and _km(a, b) < CLOSE_KM:
                notes.append(f"{a.name} ({a.where}) and {b.name} ({b.where}) are {1000 * _km(a, b):.0f} m apart: "
                             "one place under two names?")
    return sorted(out, key=_order), notes


def write(captures: Captures) -> None:
    """zones/captures.csv (sorted by date, area, name) and zones/offensives.csv (by start)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(BUNDLED_COLUMNS)
    for r in sorted(captures.rows, key=lambda r: (r.date, r.area, r.name, r.locality)):
        writer.writerow([r.date, r.area, r.offensive, r.locality, r.name, r.name_ar, f"{r.lat:.5f}", f"{r.lon:.5f}",
                         r.from_side, r.to_side, r.date_other, r.confidence, r.source, r.coord_source, r.note])
    BUNDLED.write_text(out.getvalue(), encoding="utf-8")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OFFENSIVE_COLUMNS)
    for o in sorted(captures.offensives.values(), key=lambda o: (o.start, o.id)):
        writer.writerow([getattr(o, c) for c in OFFENSIVE_COLUMNS])
    BUNDLED_OFFENSIVES.write_text(out.getvalue(), encoding="utf-8")


# --- reading -------------------------------------------------------------------------------------------


def _offensives(path: Path, problems: list[str]) -> dict[str, Offensive]:
    where = f"captures/{path.name}"
    if not path.exists():
        raise SystemExit(f"zones.draw: {where} not found: the offensives' windows are data")
    out: dict[str, Offensive] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != OFFENSIVE_COLUMNS:
            raise SystemExit(f"zones.draw: {where}: columns must be {', '.join(OFFENSIVE_COLUMNS)}")
        for line, row in enumerate(reader, start=2):
            here = f"{where}: line {line} ({row['id']})"
            days = {k: _day(row[k]) for k in ("start", "end", "window_start", "window_end")}
            if None in days.values():
                bad = next(k for k, v in days.items() if v is None)
                problems.append(f"{here}: {bad} {row[bad]!r} is not a date YYYY-MM-DD")
                continue
            if not (days["window_start"] <= days["start"] <= days["end"] <= days["window_end"]):
                problems.append(f"{here}: expected window_start <= start <= end <= window_end")
            if row["area"] not in inputs.AREA_IDS:
                problems.append(f"{here}: area {row['area']!r} is none of {', '.join(inputs.AREA_IDS)}")
            if not row["name"].strip() or not row["sources"].strip():
                problems.append(f"{here}: a name and sources are needed")
            if row["id"] in out:
                problems.append(f"{here}: id {row['id']!r} is listed twice")
            out[row["id"]] = Offensive(**{k: row[k].strip() for k in OFFENSIVE_COLUMNS})
    return out


def _rows(path: Path, offensive: Offensive, land, problems: list[str]) -> list[Capture]:
    where = f"captures/{path.name}"
    text = path.read_bytes().decode("utf-8", errors="strict")
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    if header != COLUMNS:
        problems.append(f"{where}: columns must be, in this order: {', '.join(COLUMNS)} (found: {', '.join(header)})")
        return []
    out = []
    for line, row in enumerate(reader, start=2):
        here = f"{where}: line {line}"
        if None in row or any(v is None for v in row.values()):
            problems.append(f"{here}: expected {len(COLUMNS)} values")
            continue
        row = {k: v.strip() for k, v in row.items()}
        name = row["name"] or "?"
        said = f"{here} ({name})"
        errors = _row_problems(row, offensive, land)
        problems += [f"{said}: {e}" for e in errors]
        if errors:
            continue
        out.append(Capture(**{**row, "lat": float(row["lat"]), "lon": float(row["lon"])}, where=here))
    return out


def _row_problems(row: dict, offensive: Offensive, land) -> list[str]:
    out = []
    if not row["name"]:
        out.append("name is empty")
    coords = []
    for key, low, high in (("lat", 32.0, 37.5), ("lon", 35.5, 42.5)):
        try:
            value = float(row[key])
        except ValueError:
            out.append(f"{key} {row[key]!r} is not a number")
            continue
        decimals = len(row[key].partition(".")[2])
        if not (low <= value <= high):
            out.append(f"{key} {value} is not in Syria ({low} to {high})")
        elif decimals > DECIMALS:
            out.append(f"{key} {row[key]} has {decimals} decimals (at most {DECIMALS})")
        coords.append(value)
    if len(coords) == 2 and not out:
        out += land.problems(coords[1], coords[0])
    if not row["coord_source"].startswith(COORD_SOURCES) or len(row["coord_source"]) <= 5:
        out.append(f"coord_source {row['coord_source']!r} must start with one of: "
                   + ", ".join(s.strip() for s in COORD_SOURCES))
    elif row["coord_source"].startswith("hand:") and row["confidence"] == "high":
        out.append("a hand-placed locality can be of medium confidence at most")
    day = _day(row["date"])
    if day is None:
        out.append(f"date {row['date']!r} is not a date YYYY-MM-DD")
    elif not (offensive.window_start <= row["date"] <= offensive.window_end):
        out.append(f"date {row['date']} is outside the window of {offensive.id} "
                   f"({offensive.window_start} to {offensive.window_end})")
    if row["date_other"] and (_day(row["date_other"]) is None or row["date_other"] == row["date"]):
        out.append(f"date_other {row['date_other']!r} must be another date YYYY-MM-DD, or empty")
    for key in ("from_side", "to_side"):
        if row[key] not in SIDES:
            out.append(f"{key} {row[key]!r} is none of {', '.join(SIDES)}")
    if row["from_side"] == row["to_side"]:
        out.append(f"from_side and to_side are both {row['to_side']}")
    if row["area"] != offensive.area:
        out.append(f"area {row['area']!r}: the rows of {offensive.id} move the edge of {offensive.area}")
    if row["offensive"] != offensive.id:
        out.append(f"offensive {row['offensive']!r}: the file holds the rows of {offensive.id}")
    if not row["source"]:
        out.append("no source: every row names the report(s) that date it")
    if row["confidence"] not in CONFIDENCES:
        out.append(f"confidence {row['confidence']!r} is none of {', '.join(CONFIDENCES)}")
    return out


# --- helpers -------------------------------------------------------------------------------------------


class _Land:
    """Where a locality may lie: in Syria (or within ``BORDER_KM`` of its simplified outline: the border
    posts of the control points sit on it) and not in the occupied Golan."""

    def __init__(self, syria, golan):
        self.syria_m = build.to_metric(syria)
        self.golan = golan
        shapely.prepare(self.syria_m)
        shapely.prepare(self.golan)

    def problems(self, lon: float, lat: float) -> list[str]:
        if shapely.contains_xy(self.golan, lon, lat):
            return [f"{lat}, {lon} lies in the occupied Golan"]
        x, y = build.xy_metric(lon, lat)
        if not shapely.dwithin(self.syria_m, shapely.Point(float(x), float(y)), BORDER_KM * 1000.0):
            return [f"{lat}, {lon} lies outside Syria (more than {BORDER_KM:g} km beyond its outline)"]
        return []



def _day(text: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or ""):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _order(row: Capture) -> tuple:
    return (row.date, row.offensive, row.where)


def _fold(name: str) -> str:
    """A name for matching: accents, case, the article and everything but letters and digits removed."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"\b(al|el|ad|ar|as|at|az|an|ash|ath)[-\s]", "", text)
    return re.sub(r"[^a-z0-9]", "", text)


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "place"


def _km(a, b) -> float:
    """Distance in km between two things with lat and lon (an equirectangular approximation, good here)."""
    dy = (a.lat - b.lat) * 111.2
    dx = (a.lon - b.lon) * 111.2 * np.cos(np.radians((a.lat + b.lat) / 2))
    return float(np.hypot(dx, dy))


def _with(row: Capture, **changes) -> Capture:
    from dataclasses import replace

    return replace(row, **changes)
