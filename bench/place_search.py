"""A place looked up by name: on the command line, and on the page of a freshly started server.

    .venv/bin/python bench/place_search.py [--runs 7] [--skip-page]

1. ``zonemap locate --place Saraqib`` against reading the areas with GeoPandas (``geopandas.read_parquet`` of
   ``zones/areas.parquet``, the least a GeoPandas script that answers the question does), each a whole process
   (start-up and imports included), interleaved, after one untimed warm-up (bench/proc.py). Targets: the lookup
   within 1.5× the time of the GeoPandas read, and under 250 MB of peak memory. Before the bundled gazetteer
   (zones/gazetteer.csv) the lookup parsed GeoNames' 80 MB cities500.json: 2.7 s and 507 MB against 0.48 s and
   161 MB.
2. The page (Chromium, 1366×768, outside requests blocked, started as the browser tests start it): the first
   place search a freshly started server answers (a new server per sample) against a later search on the same
   server (a new visitor), each from the Enter key to the answer on screen. The two searches look up two different
   towns, swapped from one server to the next (a search for the same town again would be answered from the page's
   cache of drawn scenes). Target: the first no slower than a later one (within 1.25×, the noise of one sample
   against another on a shared machine).

Prints a small Markdown table and writes it to bench/out/place_search.md. Exit status 0 when every target is met.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from proc import CHROMIUM, OUT, ROOT, interleaved, load, publish, zonemap  # noqa: E402

PLACE = "Saraqib"
TOWNS = ("Saraqib", "Rastan")  # the page's two searches, swapped from one server to the next
AREAS = ROOT / "zones" / "areas.parquet"
TIME_TARGET = 1.5
MEMORY_TARGET_MB = 250
PAGE_TARGET = 1.25


def command_line(runs: int) -> tuple[list[str], bool]:
    commands = {
        "ours": [zonemap(), "locate", "--place", PLACE],
        "geopandas": [sys.executable, "-c", f"import geopandas; geopandas.read_parquet({str(AREAS)!r})"],
    }
    got = interleaved(commands, runs)
    ours, theirs = got["ours"], got["geopandas"]
    t_ours, t_theirs = statistics.median(m.seconds for m in ours), statistics.median(m.seconds for m in theirs)
    peak = max(m.peak_mb for m in ours)
    ratio = t_ours / t_theirs
    ok = ratio <= TIME_TARGET and peak < MEMORY_TARGET_MB
    assert "area: Idlib and neighbouring areas" in ours[0].out, ours[0].out
    rows = [f"| `zonemap locate --place {PLACE}` (whole process) | {t_ours:.2f} s, peak {peak:.0f} MB | "
            f"{t_theirs:.2f} s, peak {max(m.peak_mb for m in theirs):.0f} MB (`geopandas.read_parquet` of the areas) | "
            f"{ratio:.2f}× | ≤ {TIME_TARGET}×, < {MEMORY_TARGET_MB} MB | {'yes' if ok else 'NO'} |"]
    return rows, ok


def page(runs: int) -> tuple[list[str], bool]:
    from playwright.sync_api import sync_playwright

    from tests.e2e import pagekit
    from tests.e2e.conftest import CHROMIUM_ARGS, LAPTOP, new_offline_context, serve_app

    serve = contextlib.contextmanager(serve_app)
    OUT.mkdir(parents=True, exist_ok=True)

    def search(browser, url: str, town: str) -> float:
        context = new_offline_context(browser, LAPTOP)
        try:
            tab = context.new_page()
            pagekit.open_page(tab, url)
            box = tab.locator(".st-key-place input")
            box.fill(town)
            start = time.perf_counter()
            box.press("Enter")
            tab.locator(".st-key-details [data-testid='stAlertContentSuccess']").wait_for()
            return time.perf_counter() - start
        finally:
            context.close()

    first, later = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for i in range(runs + 1):  # the first server warms the file cache and is not counted
            with serve(OUT / "streamlit-place.log") as server:
                one, two = TOWNS if i % 2 else TOWNS[::-1]
                took = search(browser, server.url, one)
                again = search(browser, server.url, two)
                if i:
                    first.append(took)
                    later.append(again)
        browser.close()
    f, g = statistics.median(first), statistics.median(later)
    ok = f <= g * PAGE_TARGET
    rows = [f"| page: Enter → answer, first search of a fresh server (a new server per sample) | {f:.2f} s | "
            f"{g:.2f} s (a later search, same server, new visitor) | {f / g:.2f}× | ≤ {PAGE_TARGET}× | "
            f"{'yes' if ok else 'NO'} |"]
    return rows, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (median reported)")
    parser.add_argument("--skip-page", action="store_true", help="the command line only")
    args = parser.parse_args()
    before = load()
    rows, ok = command_line(args.runs)
    if not args.skip_page:
        if not Path(CHROMIUM).exists():
            print(f"Chromium is missing ({CHROMIUM}): the page is not measured", file=sys.stderr)
            return 1
        more, page_ok = page(max(3, args.runs // 2))
        rows, ok = rows + more, ok and page_ok
    publish(["| measure | zonemap | the usual way | ratio | target | met? |", "|---|---|---|---|---|---|", *rows, ""],
            "place_search", before)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
