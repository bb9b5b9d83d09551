"""Switching the page's language against switching its date (issue 23: a language switch costs no more than a date
switch).

    .venv/bin/python bench/language_switch.py [--runs 7]

The page is served as the browser tests serve it (tests/e2e/conftest.py's ``serve_app``) and opened in Chromium at
1366×768 with every outside request blocked. On one open page, in turn:

- **date switch**: the slider's End and ArrowDown keys (5 Mar 2020, 19 Dec 2019), from the key press until the map
  frame holds the new date's shapes (as bench/page_vs_folium.py measures it, with its ``switch_dates``);
- **language switch**: a click on the other language in the sidebar's switch (العربية, English), from the click
  until the map frame's legend and the page's title read in that language (their words read from the catalogue
  with Babel, not from the page's code).

Medians of ``--runs`` samples of each direction, reported with the ratio (target: ≤ 1.0×), and the same two changes
timed on the server alone (the script's rerun in Streamlit's AppTest). Writes
bench/out/language_switch.md. Not a test: timings belong here.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from page_vs_folium import drawn_count, switch_dates  # noqa: E402
from proc import CHROMIUM, OUT, ROOT, load, publish  # noqa: E402

FRAMES = 'iframe[title="streamlit_folium.st_folium"]'


def legend_reads(page, word: str) -> None:
    """Wait until the map frame's legend title reads ``word`` and the page's title has no Latin letter (Arabic) or
    has one (English)."""
    from tests.e2e.pagekit import TIMEOUT

    page.wait_for_function(
        """([frame, word]) => {
            const doc = document.querySelector(frame)?.contentDocument;
            const summary = doc && doc.querySelector('.zonemap-legend summary');
            const h1 = document.querySelector('h1');
            if (!summary || !h1) return false;
            const latin = /[A-Za-z]/.test(h1.innerText);
            return summary.innerText.trim() === word && latin === /[A-Za-z]/.test(word);
        }""", arg=[FRAMES, word], polling="raf", timeout=TIMEOUT)


def server_side(runs: int) -> dict[str, list[float]]:
    """Seconds of the page script's rerun on the server (Streamlit's AppTest, the caches warm) after the same two
    changes: the slider to 5 Mar 2020 / 19 Dec 2019, and the language to Arabic / English, in turn."""
    from datetime import date

    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    out: dict[str, list[float]] = {"date": [], "language": []}
    for k in range(runs * 2 + 1):  # the first of each is a warm-up, not counted
        for what in ("date", "language"):
            if what == "date":
                app.select_slider(key="day_slider").set_value((date(2020, 3, 5), date(2019, 12, 19))[k % 2])
            else:
                app.radio(key="lang").set_value(("ar", "en")[k % 2])
            start = time.perf_counter()
            app.run()
            if k:
                out[what].append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="samples of each direction (median reported)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Chromium is missing ({CHROMIUM})", file=sys.stderr)
        return 1
    from babel.messages.pofile import read_po
    from playwright.sync_api import sync_playwright

    from geo.model.atlas import load_atlas
    from tests.e2e.conftest import CHROMIUM_ARGS, LAPTOP, new_offline_context, serve_app

    with open(ROOT / "geo" / "base" / "locale" / "ar" / "LC_MESSAGES" / "zonemap.po", "rb") as fh:
        legend = {"ar": read_po(fh).get("Legend").string, "en": "Legend"}
    atlas = load_atlas()
    dates = switch_dates(atlas)
    OUT.mkdir(parents=True, exist_ok=True)
    before = load()
    results: dict[str, list[float]] = {"date": [], "language": []}
    with contextlib.ExitStack() as stack, sync_playwright() as playwright:
        url = stack.enter_context(contextlib.contextmanager(serve_app)(OUT / "streamlit-language.log")).url
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = new_offline_context(browser, LAPTOP)
        tab = context.new_page()
        tab.goto(url)
        drawn_count(tab, None, "path.zonemap-area")
        legend_reads(tab, legend["en"])
        thumb = tab.locator(".st-key-day_slider input[type='range']")
        switch = tab.locator(".st-key-lang")
        for k in range(args.runs * 2 + 1):  # the first of each is a warm-up, not counted
            key, _, count = dates[k % 2]
            thumb.focus()
            start = time.perf_counter()
            tab.keyboard.press(key)
            drawn_count(tab, count, "path.zonemap-area")
            if k:
                results["date"].append(time.perf_counter() - start)
            lang, label = ("ar", "العربية") if k % 2 == 0 else ("en", "English")
            option = switch.get_by_text(label, exact=True)
            start = time.perf_counter()
            option.click()
            legend_reads(tab, legend[lang])
            if k:
                results["language"].append(time.perf_counter() - start)
        context.close()
        browser.close()
    server = server_side(args.runs)
    med = {key: statistics.median(values) for key, values in results.items()}
    ratio = med["language"] / med["date"]
    on_server = {key: statistics.median(values) for key, values in server.items()}
    lines = [
        "| measure (Chromium, 1366×768, outside requests blocked) | median | spread |", "|---|---|---|",
        f"| date switch (slider key → the new date's shapes drawn) | {med['date']:.2f} s | "
        f"{min(results['date']):.2f}–{max(results['date']):.2f} s |",
        f"| language switch (click → legend and title in the language) | {med['language']:.2f} s | "
        f"{min(results['language']):.2f}–{max(results['language']):.2f} s |",
        "",
        f"Language switch / date switch: {ratio:.2f}× (target ≤ 1.0×). {args.runs * 2} samples of each.",
        f"On the server alone (the script's rerun, Streamlit's AppTest, caches warm): date {on_server['date']:.3f} s, "
        f"language {on_server['language']:.3f} s ({on_server['language'] / on_server['date']:.2f}×); the rest is the "
        "browser's: Streamlit's front end redraws the page with every label changed and lays it out the other way.",
    ]
    publish(lines, "language_switch", before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
