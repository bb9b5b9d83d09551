"""Peak memory and time of the worst small files of issue 14, and of the hostile inputs of issue 21 (streams,
devices, dates, export sizes), at growing sizes: both must stay linear in the input and bounded by the budgets
(the team's ceiling for any case: 20 s and 700 MB).

Each case runs ``zonemap`` in a fresh process (tests/hostile.measure): the time is the command's own, imports
excluded; the memory is the process's peak resident size (VmHWM), imports included, and its growth over the
imports. Every case runs twice where a budget decides: with the default budgets (refused early: flat in size)
and with the budget raised by its environment variable (the work done: linear in size).

    .venv/bin/python bench/hostile.py            # every size (a few minutes)
    .venv/bin/python bench/hostile.py --quick    # the smallest size of each case
    .venv/bin/python bench/hostile.py --only 21  # issue 21's cases only
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import (  # noqa: E402
    DRIVER,
    Run,
    empty_objects,
    long_name,
    measure,
    null_features,
    sparse_keys,
    star,
    syria_areas,
    write,
    zigzag,
)
from tests.hostile_input import dates_text, events_csv, many_points  # noqa: E402

RAISED = "1000000000"

# (case, sizes, unit, writer(size) -> content, file name, argv, env)
CASES = [
    ("sparse property names", (1_000, 5_000, 20_000), "features", sparse_keys, "sparse.geojson", ["validate"], {}),
    ("sparse property names, keys budget raised", (1_000, 5_000, 20_000), "features", sparse_keys, "sparse.geojson",
     ["validate"], {"ZONEMAP_MAX_KEYS": RAISED, "ZONEMAP_MAX_FEATURES": RAISED}),
    ("sparse property names as governorates (all properties kept), raised", (1_000, 5_000), "features", sparse_keys,
     "sparse.geojson", ["governorates", "--governorates"], {"ZONEMAP_MAX_KEYS": RAISED}),
    ("495 property names in turn as governorates: the widest the defaults allow", (1_000, 5_000, 10_000), "features",
     lambda n: sparse_keys(n, 495), "sparse.geojson", ["governorates", "--governorates"], {}),
    ("self-intersecting ring (saw)", (10_000, 50_000, 100_000), "vertices", zigzag, "ring.geojson", ["validate"], {}),
    ("self-intersecting ring (saw), repair budget raised", (10_000, 50_000, 100_000), "vertices", zigzag,
     "ring.geojson", ["validate"], {"ZONEMAP_MAX_REPAIR_VERTICES": RAISED}),
    ("star ring (every edge crosses every other)", (401, 1_601, 6_401), "vertices", star, "star.geojson",
     ["validate"], {}),
    ("null features", (10_000, 100_000, 400_000), "features", null_features, "nulls.geojson", ["validate"], {}),
    ("null features, feature budget raised", (10_000, 100_000, 400_000), "features", null_features, "nulls.geojson",
     ["validate"], {"ZONEMAP_MAX_FEATURES": RAISED}),
    ("empty JSON objects", (1_000_000, 4_000_000, 16_000_000), "objects", empty_objects, "empty.geojson",
     ["validate"], {}),
    ("CSV line without a newline", (1_000_000, 10_000_000, 50_000_000), "bytes",
     lambda n: "name,lat,lon\n" + "x" * n, "long.csv", ["locate", "--zones", "areas.geojson"], {}),
    ("long name, PNG export, text budget raised", (10_000, 1_000_000), "characters", long_name, "long.geojson",
     ["export", "--zone", "eastern_ghouta", "-o", "map.png", "--force", "--zones"], {"ZONEMAP_MAX_TEXT": RAISED}),
    ("long name, HTML export, text budget raised", (10_000, 1_000_000), "characters", long_name, "long.geojson",
     ["export", "--zone", "eastern_ghouta", "-o", "map.html", "--force", "--zones"], {"ZONEMAP_MAX_TEXT": RAISED}),
]



# --- issue 21: streams, devices, dates, export sizes -------------------------------------------------------------
# (case, sizes, unit, setup(work, size) -> (argv, env, standard input: a path or None))


def _link_zero(work: Path, size: int):
    (work / "zero.csv").unlink(missing_ok=True)
    os.symlink("/dev/zero", work / "zero.csv")
    return ["locate", "zero.csv", "-o", "out.csv"], {}, None


def _stdin_csv(work: Path, megabytes: int):
    rows = megabytes * 1_000_000 // 25
    write(work / "stdin.csv", many_points(rows))
    return ["locate", "-", "-o", "out.csv", "--force"], {}, work / "stdin.csv"


def _points(work: Path, rows: int) -> None:
    path = work / "points.csv"
    if not path.exists() or path.stat().st_size // 25 != rows:
        write(path, many_points(rows))


def _dates(rows: int | None, dates: int, env: dict | None = None, step: int = 3):
    def setup(work: Path, size: int):
        n_rows, n_dates = (size, dates) if rows is None else (rows, size)
        _points(work, n_rows)
        return (["locate", "points.csv", "-o", "out.csv", "--force", "--dates", dates_text(n_dates, step=step)],
                env or {}, None)
    return setup


def _export(suffix: str, aspect: float = 1.0):
    def setup(work: Path, size: int):
        return (["export", "-o", f"map.{suffix}", "--force", "--width", str(size), "--height",
                 str(max(200, round(size / aspect)))], {}, None)
    return setup


def _each(work: Path, size: int):
    return ["export", "--each", "provision", "-o", f"atlas{size}/", "--force", "--width", str(size), "--height",
            str(size * 3 // 4)], {}, None


def _events_field(megabytes: int, env: dict | None = None):
    def setup(work: Path, size: int):
        write(work / "ev.csv", events_csv(2, note="x" * (size * 1_000_000)))
        return ["events", "--events", "ev.csv", "--format", "csv"], env or {}, None
    return setup


def _fifo(work: Path, size: int):
    if not (work / "events.csv").exists():
        os.mkfifo(work / "events.csv")
    return ["events", "--events", "events.csv"], {}, None


def _mark(work: Path, size: int):
    return ["export", "-o", "map.png", "--force", "--mark", "M" + "a" * (size - 3) + "ri"], {}, None


RAISED_LINE = {"ZONEMAP_MAX_LINE": "100000000"}
CASES_21 = [
    ("locate: a link to /dev/zero", (1,), "link", _link_zero),
    ("locate -: /dev/zero on standard input", (1,), "stream", lambda w, s: (["locate", "-"], {}, Path("/dev/zero"))),
    ("locate -: /dev/urandom on standard input", (1,), "stream",
     lambda w, s: (["locate", "-"], {}, Path("/dev/urandom"))),
    ("locate -: a CSV on standard input (budget 50 MB)", (5, 45, 100), "MB", _stdin_csv),
    ("locate --dates: 100,000 rows, growing dates", (4, 50, 400), "dates", _dates(100_000, 0)),
    ("locate --dates: 16 dates, growing rows", (100_000, 1_000_000, 3_000_000), "rows", _dates(None, 16)),
    ("locate --dates: 3,000,000 rows × 50 dates, cells budget raised", (50,), "dates",
     _dates(3_000_000, 0, {"ZONEMAP_MAX_CELLS": "1000000000"})),
    ("locate --dates: over the 500 columns of a CSV", (1_000,), "dates", _dates(3, 0, step=1)),
    ("export PNG, square", (2000, 4000, 8000), "px a side", _export("png")),
    ("export SVG, square", (2000, 8000), "px a side", _export("svg")),
    ("export PDF, square", (2000, 8000), "px a side", _export("pdf")),
    ("export PNG, 40:1", (8000,), "px wide", _export("png", 40)),
    ("export --each provision (14 maps), 4:3", (800, 1600, 2400, 3000), "px wide", _each),
    ("events: one huge quoted field", (3, 30), "MB", _events_field(0)),
    ("events: one huge quoted field, line budget raised", (3, 30), "MB", _events_field(0, RAISED_LINE)),
    ("events: a FIFO as the events file", (1,), "pipe", _fifo),
    ("export --mark with a long name", (1_000, 100_000), "characters", _mark),
]
HEADER_21 = ["| case | size | outcome | lines | time (command) | peak memory | over imports |",
             "|---|---:|---|---:|---:|---:|---:|"]


def measure_stdin(argv: list[str], cwd: Path, env: dict[str, str], stdin: Path | None, timeout: float = 600) -> Run:
    """tests/hostile.measure, with standard input read from ``stdin`` (a file or a device)."""
    report = cwd / ".zonemap-measure.json"
    environment = {**os.environ, "ZONEMAP_TEST_ARGV": json.dumps(argv), "ZONEMAP_TEST_REPORT": str(report),
                   "PYTHONPATH": str(ROOT), "TMPDIR": str(cwd / "spool"), **env}
    with open(stdin or os.devnull, "rb") as source:
        done = subprocess.run([sys.executable, "-c", DRIVER], cwd=cwd, env=environment, stdin=source,
                              capture_output=True, timeout=timeout)
    figures = json.loads(report.read_text())
    report.unlink()
    return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"),
               figures["seconds"], figures["peak_kb"] / 1024, figures["imports_kb"] / 1024)


def row_21(name: str, size: int, unit: str, run: Run, left: int) -> str:
    verdict = "" if run.seconds <= 20 and run.peak_mb <= 700 and "Traceback" not in run.err else " **over**"
    behind = f", {left} left in TMPDIR" if left else ""
    return (f"| {name} | {size:,} {unit} | {outcome(run)}{behind}{verdict} | {len(run.err_lines)} | "
            f"{run.seconds:.2f} s | {run.peak_mb:.0f} MB | {run.peak_mb - run.imports_mb:.0f} MB |")


def main_21(work: Path, quick: bool) -> None:
    print("\n## Issue 21: streams, devices, dates, export sizes (ceiling: 20 s and 700 MB)\n")
    print("\n".join(HEADER_21))
    (work / "spool").mkdir(exist_ok=True)
    for name, sizes, unit, setup in CASES_21:
        for size in sizes[:1] if quick else sizes:
            argv, env, stdin = setup(work, size)
            run = measure_stdin(argv, work, env, stdin)
            left = len(list((work / "spool").iterdir()))
            print(row_21(name, size, unit, run, left), flush=True)


HEADER = ["| case | size | file | outcome | lines | time (command) | peak memory | over imports |",
          "|---|---:|---:|---|---:|---:|---:|---:|"]


def row(name: str, size: int, unit: str, path: Path, run) -> str:
    """One line of the table under :data:`HEADER`: a case at one size, its file (``path``, still there) and its
    run (tests/hostile.measure)."""
    return (f"| {name} | {size:,} {unit} | {path.stat().st_size / 1e6:.2f} MB | {outcome(run)} | "
            f"{len(run.err_lines)} | {run.seconds:.2f} s | {run.peak_mb:.0f} MB | {run.peak_mb - run.imports_mb:.0f} MB |")


def outcome(run) -> str:
    errors = [line for line in run.err_lines if line.startswith("error:")]
    if run.code == 0:
        warned = sum(line.startswith("warning:") for line in run.err_lines)
        done = "written" if any(line.startswith("wrote") for line in run.err_lines) else "accepted"
        return done + (f", {warned} warning" if warned else "")
    budget = re.search(r"set (ZONEMAP_MAX_\w+) to raise it", errors[0]) if errors else None
    if len(errors) == 1 and budget:
        return f"refused ({budget.group(1)})"
    what = errors[0].split(": ", 2)[-1].split(" — ")[0] if errors else "?"
    return f"refused: {what[:45]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the smallest size of each case only")
    parser.add_argument("--only", choices=("14", "21"), help="only the cases of issue 14 or of issue 21")
    args = parser.parse_args()
    print(f"# zonemap: hostile files (Python {platform.python_version()}, {platform.machine()}, "
          f"load {os.getloadavg()[0]:.2f})\n")
    with tempfile.TemporaryDirectory(prefix="zonemap-bench-hostile-") as folder:
        work = Path(folder)
        write(work / "areas.geojson", syria_areas())
        if args.only != "14":
            main_21(work, args.quick)
        if args.only == "21":
            return
        print("\n## Issue 14: the worst small files\n")
        print("\n".join(HEADER))
        for name, sizes, unit, make, file_name, argv, env in CASES:
            for size in sizes[:1] if args.quick else sizes:
                path = write(work / file_name, make(size))
                print(row(name, size, unit, path, measure([*argv, file_name], work, env, timeout=1200)), flush=True)
                path.unlink()


if __name__ == "__main__":
    main()
