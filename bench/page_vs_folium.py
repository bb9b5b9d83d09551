"""The page against a plain streamlit-folium page drawing the same shapes: the first map for a later visitor and a
date switch.

    .venv/bin/python bench/page_vs_folium.py [--runs 7]

Both pages run in Streamlit, served alike (tests/e2e/conftest.py's ``serve_app`` for ours; ``streamlit run`` with the
same flags for the plain one), and are opened in the same Chromium (1366×768, every outside request blocked, as the
browser tests open them). The plain page is what the streamlit-folium documentation teaches: the atlas loaded once
(``st.cache_resource``), a slider of the same key dates, and on every run a new ``folium.Map`` with one
``folium.GeoJson`` of the shapes of that date (with a tooltip) passed to ``st_folium`` — Leaflet inlined the way
zonemap does it, or it would not draw offline at all. No legend, labels, posts, governorates or details: it draws
less than the page does.

- **first map, a later visitor**: a new browser context opens the page of a warm server; from ``goto`` until the map
  frame holds the date's shapes. Interleaved, ours then theirs, after one untimed warm-up visit of each.
- **date switch**: on one open page, the slider's End and ArrowDown keys in turn (5 Mar 2020, the Moscow protocol:
  Idlib, its demilitarized zone and the M4 corridor; 19 Dec 2019, the offensive's first day: Idlib and its zone, drawn
  as held that day); from the key press until the map holds the new date's shapes (``switch_dates``).

Medians of ``--runs`` samples, reported side by side (issue 20 asks for the figures, not a target): the page's first
map was about 2.0 s at 1366×768 on a quiet machine before v0.3. Writes bench/out/page_vs_folium.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from proc import CHROMIUM, OUT, ROOT, load, publish  # noqa: E402

PLAIN_APP = r'''
import streamlit as st
import folium
from streamlit_folium import st_folium

from geo.model.atlas import load_atlas
from geo.draw.offline import offline_assets

atlas = st.cache_resource(load_atlas)()
days = [d for d, _ in atlas.key_dates]
day = st.select_slider("Key dates", options=days, value=atlas.schema.default_date, key="day")
shapes = atlas.at(day).shapes[["id", "name", "geometry"]]
w, s, e, n = atlas.frame
m = folium.Map(location=[(s + n) / 2, (w + e) / 2], zoom_start=7, tiles=None)
folium.GeoJson(shapes.to_json(), tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
st_folium(offline_assets(m), key="map", height=600, use_container_width=True, returned_objects=[])
'''
FRAMES = 'iframe[title="streamlit_folium.st_folium"]'


def switch_dates(atlas) -> list[tuple[str, object, int]]:
    """The date switch the page benches time, as (key, date, shapes drawn): the slider's End key (the last key date)
    and ArrowDown (the key date before it; ArrowLeft would go forward on the Arabic page, laid out right to left), in turn. Their shapes differ in number, so the frame's count tells when
    the new date is drawn. (Home would reach the first key date, 29 Dec 2016, before any area existed: a switch to an
    empty map, which times less than a redraw.)"""
    dates = [d for d, _ in atlas.key_dates]
    out = [(key, day, len(atlas.at(day).shapes)) for key, day in (("End", dates[-1]), ("ArrowDown", dates[-2]))]
    assert out[0][2] != out[1][2] and min(out[0][2], out[1][2]) > 0, out
    return out


def drawn_count(page, n: int | None, selector: str) -> None:
    """Wait until the one map frame on the page holds ``n`` elements matching ``selector`` (None: at least one)."""
    from tests.e2e.pagekit import TIMEOUT

    page.wait_for_function(
        """([frame, sel, n]) => {
            const frames = [...document.querySelectorAll(frame)];
            if (frames.length !== 1 || !frames[0].contentDocument) return false;
            const found = frames[0].contentDocument.querySelectorAll(sel).length;
            return n === null ? found > 0 : found === n;
        }""", arg=[FRAMES, selector, n], polling="raf", timeout=TIMEOUT)


@contextlib.contextmanager
def plain_server(log: Path):
    """The plain page, served on a free port like ours (headless, local, no file watcher); stopped at the end."""
    with tempfile.TemporaryDirectory(prefix="zonemap-plain-") as folder:
        app = Path(folder) / "plain.py"
        app.write_text(PLAIN_APP, encoding="utf-8")
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        command = [sys.executable, "-m", "streamlit", "run", str(app), "--server.headless", "true", "--server.port",
                   str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none",
                   "--browser.gatherUsageStats", "false"]
        with open(log, "wb") as out:
            proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                    env={**os.environ, "PYTHONPATH": str(ROOT)})
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 90
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError(f"the plain page did not start:\n{log.read_text()[-2000:]}") from None
                    time.sleep(0.1)
            yield url
        finally:
            proc.terminate()
            proc.wait(timeout=10)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="samples of each measure (median reported)")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"Chromium is missing ({CHROMIUM})", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    from geo.model.atlas import load_atlas
    from tests.e2e.conftest import CHROMIUM_ARGS, LAPTOP, new_offline_context, serve_app

    atlas = load_atlas()
    switch = switch_dates(atlas)
    first = len(atlas.at(atlas.schema.default_date).shapes)
    OUT.mkdir(parents=True, exist_ok=True)
    before = load()
    results = {("ours", "first"): [], ("plain", "first"): [], ("ours", "date"): [], ("plain", "date"): []}
    drawn = {"ours": "path.zonemap-area", "plain": "path.leaflet-interactive"}
    slider = {"ours": ".st-key-day_slider input[type='range']", "plain": ".st-key-day input[type='range']"}
    with contextlib.ExitStack() as stack, sync_playwright() as playwright:
        ours_url = stack.enter_context(contextlib.contextmanager(serve_app)(OUT / "streamlit-ours.log")).url
        plain_url = stack.enter_context(plain_server(OUT / "streamlit-plain.log"))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        urls = {"ours": ours_url, "plain": plain_url}

        def visit(name: str):
            context = new_offline_context(browser, LAPTOP)
            tab = context.new_page()
            start = time.perf_counter()
            tab.goto(urls[name])
            drawn_count(tab, first, drawn[name])
            return context, tab, time.perf_counter() - start

        for k in range(args.runs + 1):  # the first round warms both servers and is not counted
            for name in ("ours", "plain"):
                context, _, seconds = visit(name)
                context.close()
                if k:
                    results[(name, "first")].append(seconds)
        for name in ("ours", "plain"):
            context, tab, _ = visit(name)
            thumb = tab.locator(slider[name])
            for k in range(args.runs * 2 + 1):
                key, _, count = switch[k % 2]
                thumb.focus()
                start = time.perf_counter()
                tab.keyboard.press(key)
                drawn_count(tab, count, drawn[name])
                if k:
                    results[(name, "date")].append(time.perf_counter() - start)
            context.close()
        browser.close()
    med = {key: statistics.median(values) for key, values in results.items()}
    lines = [
        "| measure (Chromium, 1366×768, outside requests blocked) | zonemap's page | plain streamlit-folium page | "
        "ratio |", "|---|---|---|---|",
        f"| first map, a later visitor (warm server, new browser context) | {med[('ours', 'first')]:.2f} s | "
        f"{med[('plain', 'first')]:.2f} s | {med[('ours', 'first')] / med[('plain', 'first')]:.2f}× |",
        f"| date switch (slider key → the new date's shapes drawn) | {med[('ours', 'date')]:.2f} s | "
        f"{med[('plain', 'date')]:.2f} s | {med[('ours', 'date')] / med[('plain', 'date')]:.2f}× |",
        "",
        f"Medians of {args.runs} (first map) and {args.runs * 2} (date) samples; spreads: "
        + "; ".join(f"{a} {b}: {min(v):.2f}–{max(v):.2f} s" for (a, b), v in results.items()),
    ]
    publish(lines, "page_vs_folium", before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
