"""Peak memory and time of the worst small files of issue 14, at growing sizes: both must stay linear in the
file and bounded by the budgets.

Each case runs ``zonemap`` in a fresh process (tests/hostile.measure): the time is the command's own, imports
excluded; the memory is the process's peak resident size (VmHWM), imports included, and its growth over the
imports. Every case runs twice where a budget decides: with the default budgets (refused early: flat in size)
and with the budget raised by its environment variable (the work done: linear in size).

    .venv/bin/python bench/hostile.py            # every size (a few minutes)
    .venv/bin/python bench/hostile.py --quick    # the smallest size of each case
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import (  # noqa: E402
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
    args = parser.parse_args()
    print(f"# zonemap: hostile files (Python {platform.python_version()}, {platform.machine()}, "
          f"load {os.getloadavg()[0]:.2f})\n")
    print("\n".join(HEADER))
    with tempfile.TemporaryDirectory(prefix="zonemap-bench-hostile-") as folder:
        work = Path(folder)
        write(work / "areas.geojson", syria_areas())
        for name, sizes, unit, make, file_name, argv, env in CASES:
            for size in sizes[:1] if args.quick else sizes:
                path = write(work / file_name, make(size))
                print(row(name, size, unit, path, measure([*argv, file_name], work, env, timeout=1200)), flush=True)
                path.unlink()


if __name__ == "__main__":
    main()
