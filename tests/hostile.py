"""Hostile input in one place: the hostile text every escaping test uses (unit and browser), hostile files
generated small, and a way to run ``zonemap`` in a fresh process and measure it.

Shared by ``tests/conftest.py`` (its ``write``), the escaping tests (``tests/test_escaping.py``,
``tests/test_render.py``, ``tests/test_output_safety.py``, ``tests/test_export.py``, ``tests/test_upload.py``,
``tests/e2e/test_hostile.py``), ``tests/test_bounded.py``, ``tests/test_writes.py``, ``tests/test_cli_errors.py``
and ``bench/hostile.py``. Every place is a real one, with its coordinates.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The one ceiling, in seconds, on waiting for a command run in a fresh process or a run of the page (AppTest):
# generous, for a loaded machine. No test asserts a time; this only stops a test that would hang.
CEILING = 300.0

# --- hostile text: the one list every escaping test uses -----------------------------------------------------
#
# What a user's file, a search box or an upload's name may hold to get out of where zonemap shows it: markup and
# script (HTML), Jinja (branca renders each script, then parses it again as a template), JavaScript template
# literals (folium writes tooltips between backticks) and escapes, character references, Markdown and LaTeX
# (st.markdown), spreadsheet formulas (CSV) and terminal controls (every printed line).

PWNED = "window.__pwned=1"  # what a payload runs if a browser runs it: a browser test looks for it
PAYLOADS = [  # each runs PWNED in a browser unless it is shown as text
    f"<script>{PWNED}</script>",
    f'<img src=x onerror="{PWNED}">',
    "${" + PWNED + "}",
    "{{constructor.constructor('" + PWNED + "')()}}",
]
# One hostile name for each thing a user names, each trying several ways out at once. (Where the map clips a
# name to 60 characters, a test compares with geo.base.text.clip of it.)
NAMES = {
    "area": "N <img src=x onerror=alert(1)> {{ 7*7 }} `+alert(2)+` ${3} C:\\u{zz}",
    "area_ar": "{% for x in range(3) %}LOOP{% endfor %} {# open",
    "zone": 'South <b>bold</b> & "sons" &amp; \'x\' </div><script>alert(4)</script>',
    "post": "Post <img src=x onerror=alert(6)> {{ 8*8 }} `${9}` &lt; \\x41",
    "agreement": "Pact <script>alert(7)</script> {{ 5*5 }} `${7}` **b** $x$",
    "provision": "Term <img src=x onerror=alert(8)> {% if 1 %}IF{% endif %} [a](http://e)",
    "place": "Place `+alert(5)+` \\x41 {{ 6*6 }} <i>it</i>",
    "upload": "<img src=x onerror=alert(9)> [a](javascript:x) *x* $y$ {{ 4*4 }}.geojson",  # no / in a file name
}
FORMULA = '=HYPERLINK("http://evil.example","click")'  # a spreadsheet runs a cell that starts with = + - @
FORMULAS = [FORMULA, "+cmd|' /C calc'!A0", "-2+3+cmd", "@SUM(A1)", "\t=1+1", "\r=1+1"]
# Terminal controls: a second line forged as an error, colour, a window title, C1, reversed text, a separator.
TERMINAL = "x\r\nerror: forged \x1b[31mred\x1b]0;owned\x07 \x9b2J \u202egnp.exe\u2066 \u2028end"
MARKDOWN = ("*bold* _it_ [link](http://x) ![img](y) `code` # head $x^2$ ~~s~~ | a | b | :red[colour] :smile: "
            "<b>x</b> \\*")
# Every hostile string, for the functions that escape any text; and a few that look hostile but are plain.
HOSTILE = [*NAMES.values(), *PAYLOADS, FORMULA, TERMINAL, MARKDOWN, "&#123; &lt; &amp;amp; \\`"]
PLAIN = ["", "plain Idlib", "إدلب {x}", "Maʿarrat al-Nuʿmān · معرة النعمان · 5,329 km²"]

# Places inside Syria (lon, lat), far from every border: small squares around them are areas any check accepts.
INSIDE = {
    "idlib": (36.633, 35.930),  # Idlib city
    "northern_homs": (36.740, 34.880),  # Rastan
    "eastern_ghouta": (36.400, 33.570),  # Douma
    "southern": (36.250, 32.850),  # Nawa
    "idlib_security_zone": (36.800, 35.860),  # Saraqib
    "idlib_dmz": (36.550, 35.600),  # Kafr Nabl
    "m4_corridor": (36.900, 35.750),  # near Nayrab on the M4
    "hama": (36.750, 35.130),  # Hama city
    "palmyra": (38.270, 34.550),  # Palmyra
}
# Real places outside the areas' land: (lon, lat) and where they are.
OUTSIDE = {
    "lebanon": ((36.211, 34.006), "Baalbek, Lebanon"),
    "turkey": ((37.383, 37.066), "Gaziantep, Turkey"),
    "jordan": ((35.850, 32.556), "Irbid, Jordan"),
    "iraq": ((43.130, 36.340), "Mosul, Iraq"),
    "israel": ((35.531, 32.794), "Tiberias, Israel"),
    "golan": ((35.690, 32.990), "Katzrin, the occupied Golan"),
    "sea": ((35.550, 35.300), "the Mediterranean off Jableh"),
}


def square(lon: float, lat: float, half: float = 0.03) -> list[list[float]]:
    """A closed square ring of side 2 × ``half`` degrees around (lon, lat)."""
    return [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half], [lon - half, lat + half],
            [lon - half, lat - half]]


def feature(fid, ring, kind: str = "de-escalation area", **props) -> dict:
    base = {"id": fid, "kind": kind, "name": str(fid).replace("_", " ").title()}
    base.update(props)
    return {"type": "Feature", "properties": base, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def collection(features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def scope_ids() -> list[str]:
    """Every area id the bundled provisions and agreements name (so an areas file with all of them loads with
    the bundled agreements)."""
    ids: set[str] = set()
    for name in ("provisions.json", "agreements.json"):
        doc = json.loads((ROOT / "zones" / name).read_text(encoding="utf-8"))
        groups = [doc.get("provisions", [])] + [a.get("provisions", []) for a in doc.get("agreements", [])]
        for items in groups:
            for item in items:
                if isinstance(item.get("scope"), list):
                    ids.update(item["scope"])
    return sorted(ids)


def syria_areas(**extra_props) -> dict:
    """A small valid areas file naming every id the bundled agreements use, each a square inside Syria."""
    ids = scope_ids()
    spare = iter([spot for name, spot in INSIDE.items() if name not in ids])
    spots = {fid: INSIDE.get(fid) or next(spare) for fid in ids}
    return collection(feature(fid, square(*spots[fid], 0.02), **extra_props) for fid in ids)


def write(path: Path, content) -> Path:
    """Write bytes, text or a JSON-able object (NaN allowed, as broken files have it) to ``path``."""
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


# --- the worst cases of issue 14, at any size ---------------------------------------------------------


def sparse_keys(n: int, names: int | None = None) -> dict:
    """``n`` features, each with one extra property: a name no other feature has, or one of ``names`` names in
    turn (500, the default budget, makes the widest table the defaults allow)."""
    lon, lat = INSIDE["palmyra"]
    return collection(feature(f"a{i}", square(lon, lat), **{f"extra_{i % (names or n)}": "x"}) for i in range(n))


def star(n: int) -> dict:
    """One ring of ``n`` vertices on a circle around Hama, each joined to the one almost opposite: every edge
    crosses almost every other (about n²/4 crossings), the worst case of a repair."""
    lon, lat = INSIDE["hama"]
    step = n // 2 - 1 if (n // 2 - 1) % 2 else n // 2 - 2
    ring, j = [], 0
    for _ in range(n):
        t = 2 * math.pi * j / n
        ring.append([round(lon + 0.2 * math.cos(t), 6), round(lat + 0.2 * math.sin(t), 6)])
        j = (j + step) % n
    return collection([feature("star", ring + [ring[0]])])


def zigzag(n: int) -> dict:
    """One self-intersecting ring of ``n`` vertices (a saw across Palmyra: each edge crosses its neighbours')."""
    lon, lat = INSIDE["palmyra"]
    ring = [[round(lon - 0.5 + i / n, 7), lat + (0.3 if i % 2 else 0.0)] for i in range(n - 1)]
    return collection([feature("saw", ring + [ring[0]])])


def null_features(n: int) -> str:
    """A FeatureCollection of ``n`` features without properties or geometry (written as text: fast)."""
    one = '{"type": "Feature", "properties": null, "geometry": null}'
    return '{"type": "FeatureCollection", "features": [' + ", ".join([one] * n) + "]}"


def empty_objects(n: int) -> str:
    """``n`` empty JSON objects as features: 3 bytes each, over 60 bytes each once parsed."""
    return '{"type": "FeatureCollection", "features": [' + ",".join(["{}"] * n) + "]}"


def long_name(size: int) -> dict:
    """The areas of :func:`syria_areas` with the first one named by ``size`` characters (Latin and Arabic)."""
    doc = syria_areas()
    words = ("Idlib " + "وادي الضيف " * (size // 10 + 1))[:size]
    doc["features"][0]["properties"].update(name=words, name_ar=words)
    return doc


# --- running zonemap in a fresh process, measured -------------------------------------------------------

DRIVER = r"""
import json, os, resource, sys, time
import geo.cli, geo.model.load, geo.model.atlas, geo.model.validate, geo.points.locate, geo.draw.export, geopandas, pyogrio, shapely

def peak_kb():
    # VmHWM: this process's own peak. ru_maxrss would also count the parent's memory at fork time (Linux
    # carries it across fork and exec), i.e. pytest's.
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

def cpu():  # this process's processor time, every thread (pyarrow reads in threads): work done, not waiting
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime

argv = json.loads(os.environ["ZONEMAP_TEST_ARGV"])
before = peak_kb()
start, cpu_start = time.perf_counter(), cpu()
try:
    code = geo.cli.main(argv)
finally:
    seconds, cpu_seconds = time.perf_counter() - start, cpu() - cpu_start
    with open(os.environ["ZONEMAP_TEST_REPORT"], "w") as fh:
        json.dump({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_kb": peak_kb(), "imports_kb": before}, fh)
sys.exit(code)
"""


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float  # the command itself, after the imports, by the clock (bench/ reports it; tests do not judge it)
    cpu_seconds: float  # the processor time the command itself used: its work, whatever the machine's load
    peak_mb: float  # the whole process's peak resident memory, imports included
    imports_mb: float  # resident memory after the imports, before the command

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()


def measure(argv: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = CEILING) -> Run:
    """Run ``zonemap ARGV`` in a new Python process (imports done first, not timed) and measure it."""
    report = cwd / ".zonemap-measure.json"
    environment = {**os.environ, "ZONEMAP_TEST_ARGV": json.dumps(argv), "ZONEMAP_TEST_REPORT": str(report),
                   "PYTHONPATH": str(ROOT), **(env or {})}
    done = subprocess.run([sys.executable, "-c", DRIVER], cwd=cwd, env=environment, capture_output=True,
                          timeout=timeout)
    figures = json.loads(report.read_text())
    report.unlink()
    return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"),
               figures["seconds"], figures["cpu_seconds"], figures["peak_kb"] / 1024, figures["imports_kb"] / 1024)


def zonemap(argv: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = CEILING,
            **kwargs) -> subprocess.CompletedProcess:
    """Run the real ``zonemap`` command (``python -m geo.cli``) as a user would."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "geo.cli", *argv], cwd=cwd, env=environment, timeout=timeout,
                          **{"capture_output": True, **kwargs})
