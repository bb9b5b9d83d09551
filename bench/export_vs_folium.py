"""A PNG of the map, as a whole process: `zonemap export` against the usual folium recipe.

The usual recipe (what folium's own ``Map._to_png`` does, with Chromium in place of Firefox):
build a folium map of the same layers (the areas in force on the export's default date, the outline, the
governorates), save it as HTML, open it in a headless browser, wait
for the page to load plus folium's fixed ``delay=3`` seconds, screenshot the map element.
Leaflet is inlined (geo.draw.offline) so the recipe can draw at all with no network; with folium's
default CDN links it would never render here. A second, optimistic variant waits for the
area paths to appear instead of the fixed delay: the best a screenshot recipe could do, and the fair
baseline (issue 11). ``measure(runs)`` is what ``bench/run.py`` calls.

    .venv/bin/python bench/export_vs_folium.py [--runs 5]

Each variant runs as its own process (imports and browser start-up included); the table
shows the median, min and max wall time and how many times slower than `zonemap export` it is.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from proc import CHROMIUM, ROOT, chromium_argv, env_with_root, zonemap  # noqa: E402

WIDTH, HEIGHT = 1600, 1200
TARGET = 2.5

RECIPE = r'''
import json, sys, time
import folium
import geopandas as gpd
from playwright.sync_api import sync_playwright
from geo.base import data
from geo.draw.offline import offline_assets
from geo.base.style import AREA_PALETTE, OUTLINE, GOVERNORATE

chromium, flags = sys.argv[1], json.loads(sys.argv[2])
out_html, out_png, width, height, mode = sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
DAY = "2017-09-15"  # zonemap export's default date: the shapes in force then, as the user would pick them
areas = gpd.read_parquet(data.AREAS)
areas = areas[(areas["valid_from"] <= DAY) & ((areas["valid_to"].fillna("") == "") | (areas["valid_to"] > DAY))]
colours = dict(zip(areas["id"].unique(), AREA_PALETTE * 3))
outline, governorates = gpd.read_file(data.OUTLINE), gpd.read_file(data.GOVERNORATES)
m = folium.Map(location=[34.8, 38.9], zoom_start=7, tiles=None)
folium.GeoJson(governorates[["name", "geometry"]].to_json(), style_function=lambda f: {"color": GOVERNORATE, "weight": 1, "fillOpacity": 0}).add_to(m)
folium.GeoJson(outline[["id", "geometry"]].to_json(), style_function=lambda f: {"color": OUTLINE, "weight": 2, "fill": False}).add_to(m)
folium.GeoJson(areas[["id", "name", "geometry"]].to_json(),
               style_function=lambda f: {"color": colours[f["properties"]["id"]], "fillOpacity": 0.6},
               tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
m.fit_bounds([[32.3, 35.6], [37.35, 42.4]])
offline_assets(m).save(out_html)
with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=flags)
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto("file://" + out_html, wait_until="load")
    if mode == "delay":
        time.sleep(3)  # folium Map._to_png(delay=3): a fixed wait for the map to draw
    else:
        page.wait_for_selector("path.leaflet-interactive")
    page.locator(".folium-map").screenshot(path=out_png)
    browser.close()
'''


OURS = "zonemap export -o x.png"
USUAL = "folium + Chromium, load + 3 s (folium _to_png)"
OPTIMISTIC = "folium + Chromium, wait for paths (optimistic)"


def measure(runs: int) -> dict[str, list[float]]:
    """Wall seconds of each variant, ``runs`` times each, interleaved, after one untimed warm-up."""
    with tempfile.TemporaryDirectory(prefix="zonemap-bench-") as tmp:
        tmp_path = Path(tmp)
        recipe = tmp_path / "folium_recipe.py"
        recipe.write_text(RECIPE, encoding="utf-8")
        html, png = str(tmp_path / "folium.html"), str(tmp_path / "folium.png")
        folium = [sys.executable, str(recipe), *chromium_argv(), html, png, str(WIDTH), str(HEIGHT)]
        variants = {
            OURS: [zonemap(), "export", "-o", str(tmp_path / "x.png"), "--force"],
            USUAL: [*folium, "delay"],
            OPTIMISTIC: [*folium, "paths"],
        }
        times: dict[str, list[float]] = {name: [] for name in variants}
        for command in variants.values():  # one untimed warm-up each: the file cache, not the code
            _run(command)
        for _ in range(runs):  # interleaved, so drift in machine load hits every variant alike
            for name, command in variants.items():
                times[name].append(_run(command))
        _check_png(tmp_path / "x.png")
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each variant (median reported)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Chromium is missing ({CHROMIUM}): cannot time the folium recipe", file=sys.stderr)
        return 1
    times = measure(args.runs)
    _report(times, args.runs)
    ours = statistics.median(times[OURS])
    usual = statistics.median(times[USUAL])
    return 0 if usual / ours >= TARGET else 1


def _run(command: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env_with_root())
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])}… failed:\n{result.stderr[-2000:]}")
    return elapsed


def _check_png(path: Path) -> None:
    from PIL import Image

    size = Image.open(path).size
    if size != (WIDTH, HEIGHT):
        raise SystemExit(f"zonemap export wrote {size}, expected {(WIDTH, HEIGHT)}")


def _report(times: dict[str, list[float]], runs: int) -> None:
    ours = statistics.median(next(iter(times.values())))
    width = max(map(len, times))
    print(f"PNG {WIDTH}×{HEIGHT}, whole process, {runs} runs each, {os.cpu_count()} CPUs")
    print(f"{'variant':<{width}}  median    min    max  × ours")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name:<{width}}  {median:6.2f} {min(values):6.2f} {max(values):6.2f}  {median / ours:5.2f}")
    usual = statistics.median(times[USUAL])
    verdict = "met" if usual / ours >= TARGET else "MISSED"
    print(f"target: the usual recipe at least {TARGET}× slower than zonemap export — {verdict} ({usual / ours:.2f}×)")


if __name__ == "__main__":
    sys.exit(main())
