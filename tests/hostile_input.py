"""The hostile corpus of issue 21, generated small: files and streams aimed at what version 0.2 added.

Shared by ``tests/test_bounded_input.py``, ``tests/test_hostile_cli.py`` and ``bench/hostile.py`` (which grows
the sizes). Every place is a real one, with its coordinates; every expected value in the tests comes from the
bundled files read here as plain JSON, or from a published fact — never from zonemap's own code.
"""

from __future__ import annotations

import copy
import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.hostile import INSIDE, ROOT, collection, feature, square, syria_areas

# (name, lat, lon) of towns whose area a reader of the README can check
DOUMA = ("Douma", "33.5718", "36.4027")  # eastern Ghouta until 14 Apr 2018
SARAQIB = ("Saraqib", "35.8645", "36.8059")  # Idlib area
DAMASCUS = ("Damascus", "33.5138", "36.2765")  # in no area

EVENT_HEADER = "id,date_start,latitude,longitude,where_prec,best,low,high"


def points_csv(rows=(DOUMA, SARAQIB, DAMASCUS), newline: str = "\n", header: str = "name,lat,lon") -> str:
    """A CSV of places, with the line break given (``"\\r"`` for an old Mac file)."""
    return newline.join([header, *(",".join(r) for r in rows)]) + newline


def many_points(n: int) -> str:
    """``n`` rows cycling through Douma, Saraqib and Damascus."""
    rows = [DOUMA, SARAQIB, DAMASCUS]
    return "name,lat,lon\n" + "".join(",".join(rows[i % 3]) + "\n" for i in range(n))


def dates_text(n: int, start: date = date(2017, 5, 4), step: int = 1) -> str:
    """``n`` different dates from ``start``, ``step`` days apart, as ``--dates`` takes them."""
    return ",".join(date.fromordinal(start.toordinal() + i * step).isoformat() for i in range(n))


def areas_with(*changes: dict) -> dict:
    """The small valid areas of tests.hostile.syria_areas, with each change applied to one more copy of the
    first feature (e.g. ``{"id": "idlib "}``) appended at the end."""
    doc = syria_areas()
    for change in changes:
        extra = copy.deepcopy(doc["features"][0])
        extra["properties"].update(change)
        doc["features"].append(extra)
    return doc


def areas_without(*ids: str) -> dict:
    """The small valid areas without the areas ``ids``."""
    doc = syria_areas()
    doc["features"] = [f for f in doc["features"] if f["properties"]["id"] not in ids]
    return doc


def named_area(name: str) -> dict:
    """One valid area around Palmyra with the name given."""
    return collection([feature("palmyra_area", square(*INSIDE["palmyra"]), name=name)])


def events_csv(rows: int = 2, note: str | None = None) -> str:
    """A small UCDP-like CSV of events in Idlib in October 2017; ``note`` adds a quoted column."""
    header = EVENT_HEADER + (",note" if note is not None else "")
    extra = "" if note is None else ',"' + note.replace('"', '""') + '"'
    body = "".join(f"{i},2017-10-{i % 28 + 1:02d},35.93,36.63,1,1,1,1{extra}\n" for i in range(rows))
    return header + "\n" + body


def bundled_dates() -> tuple[date, date]:
    """(first, last) day the bundled data names, read from the files as plain JSON: the earliest valid_from
    of an area or agreement date, and the latest date any layer gives (areas, agreements, posts, roads)."""
    zones = ROOT / "zones"

    def days(path: Path, keys: tuple[str, ...]) -> list[date]:
        doc = json.loads(path.read_text(encoding="utf-8"))
        out = []
        for f in doc.get("features", []):
            for key in keys:
                value = (f.get("properties") or {}).get(key)
                if isinstance(value, str) and len(value) == 10:
                    out.append(date.fromisoformat(value))
        return out

    import pyarrow.parquet as pq  # the areas: zones/areas.parquet, its columns read as plain strings

    areas = pq.read_table(zones / "areas.parquet", columns=["valid_from", "valid_to"]).to_pydict()
    starts = [date.fromisoformat(v) for v in areas["valid_from"] if isinstance(v, str) and len(v) == 10]
    named = starts + [date.fromisoformat(v) for v in areas["valid_to"] if isinstance(v, str) and len(v) == 10]
    named += days(zones / "posts.geojson", ("established", "withdrawn"))
    if (zones / "roads.geojson").exists():
        named += days(zones / "roads.geojson", ("valid_from", "valid_to"))
    agreements = json.loads((zones / "agreements.json").read_text(encoding="utf-8"))
    signed = [date.fromisoformat(a["date"]) for a in agreements["agreements"]]
    named += signed
    return min(starts + signed), max(named)  # an agreement before the first area opens the span (issue 24)


ENTRY = "geo.cli"  # python -m geo.cli; the installed ``zonemap`` script runs geo.__main__ (python -m geo)


def command(argv: list[str], cwd: Path, env: dict[str, str] | None = None, entry: str = ENTRY,
            **kwargs) -> subprocess.Popen:
    """Start the real command (``python -m geo.cli``, or ``entry``) without waiting."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen([sys.executable, "-m", entry, *argv], cwd=cwd, env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def interrupt(child: subprocess.Popen) -> bool:
    """Send Ctrl-C to ``child`` if it still runs; whether it was sent."""
    if child.poll() is not None:
        return False
    child.send_signal(signal.SIGINT)
    return True


def mapped(pid: int, name: str) -> bool:
    """Whether process ``pid`` has loaded a shared library whose path holds ``name`` (e.g. "proj")."""
    try:
        return name in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False
