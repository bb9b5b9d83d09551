"""The atlas of PNGs — one map per provision — against folium maps screenshotted in headless Chromium.

    .venv/bin/python bench/atlas_vs_folium.py [--runs 3] [--date YYYY-MM-DD] [--agreements PATH] [--skip-per-map]

Three variants, each a whole process (imports, data and browser start-up included), same 1600×1200 size:

- ours: ``zonemap export --each provision -o DIR/`` — every provision's PNG in one process;
- folium, one browser: one Python process builds each provision's folium map with the page's own renderer
  (``geo.draw.render.build_map``, Leaflet inlined so no network is needed), and one headless Chromium loads and
  screenshots them one by one, waiting only until the drawn paths are there (no fixed delay) — the fair
  baseline: the best a screenshot pipeline could do;
- folium, one process per map: the same recipe run once per provision, as a user would script it.

The verdict is against the fair baseline: the atlas must be at least 6× faster. The single image is timed
the same way beside it: ``zonemap export -o x.png --provision 5`` against the fair recipe for that one map.
Wall time is what a user waits; CPU time (user + system, every child process included: Chromium's too) is
reported beside it, because on a shared machine the wall time of a single-threaded process suffers more
from other load than that of a browser's many processes.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from proc import CHROMIUM, ROOT, chromium_argv, env_with_root, zonemap  # noqa: E402

WIDTH, HEIGHT = 1600, 1200
TARGET = 6.0

RECIPE = r'''
import sys, time, json
from pathlib import Path
from playwright.sync_api import sync_playwright
from geo.model.atlas import Sources, load_atlas
from geo.draw.export import items
from geo.draw.offline import offline_assets
from geo.draw.render import build_map
from geo.scene.scene import resolve

chromium, flags = sys.argv[1], json.loads(sys.argv[2])
out_dir, width, height, agreements, day = Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6], sys.argv[7]
only = sys.argv[8] if len(sys.argv) > 8 else ""
atlas = load_atlas(Sources(agreements=agreements or None))
plan = items(atlas, "provision", day or None)
if only:
    plan = [i for i in plan if i.name == only]
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=flags)
    page = browser.new_page(viewport={"width": width, "height": height})
    for item in plan:
        scene = resolve(atlas.at(item.view.date), item.view)
        html = out_dir / f"{item.name}.html"
        offline_assets(build_map(scene)).save(str(html))
        page.goto(html.as_uri(), wait_until="domcontentloaded")
        page.wait_for_selector("path.leaflet-interactive")  # the drawn areas: no fixed delay
        page.screenshot(path=str(out_dir / f"{item.name}.png"))
    browser.close()
'''

OURS = "zonemap export --each provision (one process)"
FAIR = "folium + Chromium, one browser, wait for paths"
EACH = "folium + Chromium, one process per map"
ONE_OURS = "one map: zonemap export -o x.png"
ONE_FAIR = "one map: folium + Chromium, wait for paths"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each variant (median reported)")
    parser.add_argument("--date", default="", help="provisions in force on this date (default: the statement's 14)")
    parser.add_argument("--agreements", default="", help="agreements file (default: the bundled one)")
    parser.add_argument("--skip-per-map", action="store_true", help="skip the slow one-process-per-map variant")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Chromium is missing ({CHROMIUM}): cannot time the folium recipe", file=sys.stderr)
        return 1
    times, cpu, count = measure(args)
    report(times, cpu, count, args.runs)
    ratio = statistics.median(times[FAIR]) / statistics.median(times[OURS])
    return 0 if ratio >= TARGET else 1


def measure(args) -> tuple[dict[str, list[float]], dict[str, list[float]], int]:
    """Wall and CPU seconds of each variant, ``args.runs`` times each, interleaved, after one untimed warm-up."""
    with tempfile.TemporaryDirectory(prefix="zonemap-bench-") as tmp:
        tmp_path = Path(tmp)
        recipe = tmp_path / "folium_recipe.py"
        recipe.write_text(RECIPE, encoding="utf-8")
        ours_dir, folium_dir = tmp_path / "ours", tmp_path / "folium"
        folium_dir.mkdir()
        data = (["--agreements", args.agreements] if args.agreements else []) + (["--date", args.date] if args.date else [])
        ours = [zonemap(), "export", "--each", "provision", "-o", f"{ours_dir}/", "--force",
                "--width", str(WIDTH), "--height", str(HEIGHT), *data]
        fair = [sys.executable, str(recipe), *chromium_argv(), str(folium_dir), str(WIDTH), str(HEIGHT), args.agreements,
                args.date]
        _run(ours)  # warm-up: the file cache, not the code; also gives the list of maps
        names = sorted(p.stem for p in ours_dir.glob("*.png"))
        if "provision-05" not in names:
            raise SystemExit("the statement's provision 5 is not among the maps: choose a date on which it is in force")
        variants = {
            OURS: [ours],
            FAIR: [fair],
            ONE_OURS: [[zonemap(), "export", "-o", str(tmp_path / "one.png"), "--force", "--width", str(WIDTH),
                        "--height", str(HEIGHT), "--provision", "5", *data]],
            ONE_FAIR: [[*fair, "provision-05"]],
        }
        if not args.skip_per_map:
            variants[EACH] = [[*fair, name] for name in names]
        for commands in variants.values():
            _run(commands[0])
        times: dict[str, list[float]] = {name: [] for name in variants}
        cpu: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.runs):  # interleaved, so drift in machine load hits every variant alike
            for name, commands in variants.items():
                before = _children_cpu()
                start = time.perf_counter()
                for command in commands:
                    _run(command)
                times[name].append(time.perf_counter() - start)
                cpu[name].append(_children_cpu() - before)
        _check(ours_dir, folium_dir, names)
    return times, cpu, len(names)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(command: list[str]) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env_with_root())
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])}… failed:\n{result.stderr[-2000:]}")


def _check(ours: Path, folium: Path, names: list[str]) -> None:
    from PIL import Image

    for name in names:
        for folder in (ours, folium):
            size = Image.open(folder / f"{name}.png").size
            if size != (WIDTH, HEIGHT):
                raise SystemExit(f"{folder / name}.png is {size}, expected {(WIDTH, HEIGHT)}")


def report(times: dict[str, list[float]], cpu: dict[str, list[float]], count: int, runs: int) -> None:
    width = max(map(len, times))
    print(f"{count} PNGs of {WIDTH}×{HEIGHT}, whole processes, {runs} runs each, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'variant':<{width}}  wall: median    min    max   CPU: median")
    for name, values in times.items():
        print(f"{name:<{width}}        {statistics.median(values):6.2f} {min(values):6.2f} {max(values):6.2f}"
              f"        {statistics.median(cpu[name]):6.2f}")
    for label, ours, fair in (("atlas", OURS, FAIR), ("one map", ONE_OURS, ONE_FAIR)):
        wall = statistics.median(times[fair]) / statistics.median(times[ours])
        work = statistics.median(cpu[fair]) / statistics.median(cpu[ours])
        print(f"{label}: the fair baseline takes {wall:.2f}× the wall time and {work:.2f}× the CPU time of zonemap")
    fair = statistics.median(times[FAIR]) / statistics.median(times[OURS])
    print(f"target: the fair baseline at least {TARGET}× slower than the atlas — "
          f"{'met' if fair >= TARGET else 'MISSED'} ({fair:.2f}×)")


if __name__ == "__main__":
    sys.exit(main())
