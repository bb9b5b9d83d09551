"""The speed benchmark: zonemap against what users would otherwise do, side by side in one run.

    .venv/bin/python bench/run.py                 # the full run (make bench): about 10 minutes
    .venv/bin/python bench/run.py --quick         # smaller sizes, fewer runs: a smoke test, under 3 minutes
    .venv/bin/python bench/run.py --only page     # one part (repeatable); --skip leaves one out

Prints one Markdown table (measure | zonemap | the usual way | ratio | target | met?), then the details of each
part and the machine it ran on, with the load average at the start and the end. Every figure is a median of
several runs after one untimed warm-up; commands run as whole processes (start-up and imports included), ours
and theirs in turn so a change in the machine's load hits both alike. Peak memory is each command's own
(``bench/proc.py``).

1. locate — ``zonemap locate`` on 1,000,000 random points against a GeoPandas ``sjoin`` script
   (bench/baseline_locate_geopandas.py), both outputs compared cell by cell on 100,000 points; 10k/100k/1M/5M
   points with peak memory; ``--dates`` with four dates against one date on 1M points.
2. export — one PNG 1600×1200 against folium + headless Chromium, waiting only for the drawn paths (the fair
   baseline) and with folium's fixed 3 s wait (the usual recipe) (bench/export_vs_folium.py); the atlas of one
   PNG per provision in one process against the folium maps screenshotted one by one (bench/atlas_vs_folium.py).
3. page — Chromium (Playwright, /usr/bin/chromium), every outside request blocked, a 1366×768 window, the app
   started by tests/e2e/conftest.py's ``serve_app`` as the tests start it: the first drawn map for the first
   visitor of a freshly started server (a new server per sample), for a later visitor (a new browser context),
   click → details where a shape is drawn without moving the map, the date slider → the new shapes drawn, the
   events layer on/off → every event circle drawn; where the time goes (browser until the rerun request, server
   until the script finished, browser until drawn) from the page's own websocket messages; and the server-side
   rerun after a filter change (Streamlit's AppTest).
4. events — ``zonemap events`` on 100k, 1M and 10M synthetic UCDP events (bench/events_scale.py).
5. hostile — the worst inputs of issue 14 at growing sizes (tests/hostile.py's generators), time and peak memory.

Generated files go to bench/out/ (git-ignored); the Markdown is also written there. Exit status 0 when every
target is met, 1 otherwise (the missed ones are named at the end).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[1])]

from proc import CHROMIUM, OUT, ROOT, interleaved, load, machine, measure, stamp, zonemap  # noqa: E402

BASELINE = ROOT / "bench" / "baseline_locate_geopandas.py"
DATES = ("2017-09-15", "2018-09-17", "2019-09-01", "2020-03-06")  # locate --dates: four states of the areas
QUICK_NOTE = " (judged on the full sizes only)"
PARTS = ("locate", "export", "atlas", "page", "rerun", "events", "hostile")


STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:5.0f} s] {message}", file=sys.stderr, flush=True)


@dataclass
class Row:
    measure: str
    ours: str
    theirs: str = "—"
    ratio: str = "—"
    target: str = "—"
    met: bool | None = None  # None: reported, no target


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # Markdown blocks printed after the table
    loads: list[tuple[str, float]] = field(default_factory=list)

    def add(self, *rows: Row) -> None:
        self.rows.extend(rows)

    def section(self, title: str, lines: list[str]) -> None:
        self.details += ["", f"### {title}", "", *lines]


def median(values) -> float:
    return statistics.median(list(values))


def s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def spread(values: list[float], unit=s) -> str:
    return f"{unit(min(values))}–{unit(max(values))}" if values else "—"


# --- 1. locate --------------------------------------------------------------------------------------------------


def points(n: int) -> Path:
    from make_points import write_points

    path = OUT / f"points_{n}.csv"
    if not path.exists():
        log(f"  writing {path.relative_to(ROOT)}…")
        write_points(n, path)
    return path


def ours_locate(src: Path, dst: Path, *extra: str) -> list[str]:
    return [zonemap(), "locate", str(src), "-o", str(dst), "--force", *extra]


def theirs_locate(src: Path, dst: Path) -> list[str]:
    return [sys.executable, str(BASELINE), str(src), str(dst)]


def same_output(n: int) -> str:
    """Both on ``n`` points; every cell compared as text. Returns the verdict line, raises when they differ."""
    import csv

    import pyarrow as pa
    import pyarrow.csv as pacsv

    src, a, b = points(n), OUT / f"ours_{n}.csv", OUT / f"theirs_{n}.csv"
    measure(ours_locate(src, a), capture=False)
    measure(theirs_locate(src, b), capture=False)

    def read(path: Path):
        with path.open(encoding="utf-8", newline="") as fh:
            names = next(csv.reader(fh))
        return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in names}, strings_can_be_null=False,
            quoted_strings_can_be_null=False))

    ta, tb = read(a), read(b)
    if ta.column_names != tb.column_names or ta.num_rows != tb.num_rows:
        raise RuntimeError(f"outputs differ: ours {ta.column_names} × {ta.num_rows}, GeoPandas {tb.column_names} "
                           f"× {tb.num_rows}")
    differ = {c: sum(x != y for x, y in zip(ta.column(c).to_pylist(), tb.column(c).to_pylist(), strict=True))
              for c in ta.column_names}
    if any(differ.values()):
        raise RuntimeError(f"outputs differ on {n:,} points: {differ}")
    inside = sum(1 for z in ta.column("zone_id").to_pylist() if z)
    in_syria = sum(1 for g in ta.column("governorate").to_pylist() if g)
    a.unlink()
    b.unlink()
    return (f"zonemap locate and the GeoPandas script give identical output on {n:,} points (every column, every "
            f"row, compared as text: {inside:,} in an area, {in_syria:,} in a governorate)")


def part_locate(report: Report, quick: bool, runs: int) -> None:
    n = 100_000 if quick else 1_000_000
    check = 10_000 if quick else 100_000
    log(f"locate: outputs compared on {check:,} points…")
    verdict = same_output(check)
    log(f"locate: zonemap vs GeoPandas on {n:,} points…")
    src, dst = points(n), OUT / "located.csv"
    times = interleaved({"ours": ours_locate(src, dst), "theirs": theirs_locate(src, dst)}, runs, capture=False)
    ours, theirs = median(m.seconds for m in times["ours"]), median(m.seconds for m in times["theirs"])
    report.add(Row(f"`zonemap locate`, {n:,} points (whole process) vs GeoPandas `sjoin` script", s(ours), s(theirs),
                   f"{theirs / ours:.1f}× faster", "≥ 3× faster" + QUICK_NOTE * quick,
                   None if quick else theirs / ours >= 3))

    log(f"locate: --dates (4 dates) vs one date on {n:,} points…")
    dated = interleaved({"one": ours_locate(src, dst), "four": ours_locate(src, dst, "--dates", ",".join(DATES))},
                        runs, capture=False)
    one, four = median(m.seconds for m in dated["one"]), median(m.seconds for m in dated["four"])
    report.add(Row(f"`zonemap locate --dates` with 4 dates, {n:,} points, vs one date ({s(one)})", s(four), "—",
                   f"{four / one:.2f}× one date", "≤ 2× one date" + QUICK_NOTE * quick,
                   None if quick else four / one <= 2))

    sizes = [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000, 5_000_000]
    log(f"locate: scaling {', '.join(f'{k:,}' for k in sizes)}…")
    scaling = []
    for k in sizes:
        if k == n:
            got = times["ours"]
        else:
            measure(ours_locate(points(k), dst), capture=False)
            got = [measure(ours_locate(points(k), dst), capture=False)
                   for _ in range(runs if k < 5_000_000 else max(2, runs - 2))]
        scaling.append((k, median(m.seconds for m in got), median(m.cpu for m in got), max(m.peak_mb for m in got)))
        log(f"  locate {k:>9,}: {scaling[-1][1]:.2f} s, peak {scaling[-1][3]:,.0f} MB")
    dst.unlink(missing_ok=True)
    base = scaling[0]
    lines = ["| points | median | CPU | µs per point | CPU µs per point beyond the start-up "
             f"({base[0]:,} points) | peak memory |", "|---:|---:|---:|---:|---:|---:|"]
    beyond = []
    for k, sec, cpu, peak in scaling:
        extra = "—"
        if k != base[0]:
            beyond.append((cpu - base[2]) / (k - base[0]))
            extra = f"{beyond[-1] * 1e6:.2f}"
        lines.append(f"| {k:,} | {s(sec)} | {s(cpu)} | {sec / k * 1e6:.2f} | {extra} | {peak:,.0f} MB |")
    top = scaling[-1]
    linear = len(beyond) < 2 or beyond[-1] <= 1.5 * max(beyond[-2], 1e-9)
    bounded = top[3] <= 2048
    report.add(Row(f"`zonemap locate` scaling {sizes[0]:,} → {top[0]:,} points: peak memory at {top[0]:,}; CPU per "
                   "point beyond the start-up at the largest size vs the size before", f"{top[3]:,.0f} MB",
                   ratio=(f"{beyond[-1] / max(beyond[-2], 1e-9):.2f}× per point" if len(beyond) > 1 else "—"),
                   target="≤ 2 GB at 5,000,000; ≤ 1.5× per point (linear)" + QUICK_NOTE * quick,
                   met=None if quick else linear and bounded))
    report.section("locate", [
        f"- {verdict}.",
        f"- 1 date vs 4 dates ({', '.join(DATES)}) on {n:,} points: {s(one)} ({spread([m.seconds for m in dated['one']])}) "
        f"vs {s(four)} ({spread([m.seconds for m in dated['four']])}); peak {max(m.peak_mb for m in dated['one']):,.0f} "
        f"MB vs {max(m.peak_mb for m in dated['four']):,.0f} MB.",
        f"- {n:,} points: zonemap {spread([m.seconds for m in times['ours']])}, peak "
        f"{max(m.peak_mb for m in times['ours']):,.0f} MB; GeoPandas {spread([m.seconds for m in times['theirs']])}, "
        f"peak {max(m.peak_mb for m in times['theirs']):,.0f} MB.", "", *lines])


# --- 2. export -------------------------------------------------------------------------------------------------


def part_export(report: Report, quick: bool, runs: int) -> None:
    import export_vs_folium as ev

    log("export: one PNG, zonemap vs folium + Chromium…")
    times = ev.measure(1 if quick else runs)
    ours, fair, usual = (median(times[k]) for k in (ev.OURS, ev.OPTIMISTIC, ev.USUAL))
    report.add(
        Row(f"`zonemap export` PNG {ev.WIDTH}×{ev.HEIGHT} (whole process) vs folium + headless Chromium, waiting "
            "only for the drawn paths (fair baseline)", s(ours), s(fair), f"{fair / ours:.2f}× faster",
            "— (reported)", None),
        Row("same PNG vs the usual recipe: folium + Chromium with folium's fixed 3 s wait (`Map._to_png`)", s(ours),
            s(usual), f"{usual / ours:.2f}× faster", f"≥ {ev.TARGET}× faster", usual / ours >= ev.TARGET))
    report.section("export", [f"- {name}: median {s(median(v))}, {spread(v)} over {len(v)} runs" for name, v in
                              times.items()])


# Where the time of `zonemap export` goes, in one fresh process: each step timed as the command runs it.
PHASES = r"""
import json, time
t = [time.perf_counter()]
import geo.cli  # noqa: F401 — what `zonemap` imports first
t.append(time.perf_counter())
import geo.draw.export, geo.draw.static, geo.draw.static.series, matplotlib.pyplot  # noqa: F401,E401 — what export then imports
t.append(time.perf_counter())
from geo.model.atlas import load_atlas
atlas = load_atlas()
t.append(time.perf_counter())
from geo.draw.export import items, render_bytes, view_for
from geo.scene.scene import resolve
view = view_for(atlas, (), (), None, None)
scene = resolve(atlas.at(view.date), view)
t.append(time.perf_counter())
render_bytes("png", scene, 1600, 1200)
t.append(time.perf_counter())
render_bytes("png", scene, 1600, 1200)
t.append(time.perf_counter())
plan = items(atlas, "provision", None)
scenes = [resolve(atlas.at(i.view.date), i.view) for i in plan]
t.append(time.perf_counter())
from geo.draw.static.output import Output
from geo.draw.static.series import render_pngs
count = len(list(render_pngs(scenes, Output())))
t.append(time.perf_counter())
names = ["import geo.cli", "import geo.draw.export, geo.draw.static, matplotlib", "load the atlas", "resolve the scene",
         "draw one PNG 1600x1200 (first)", "draw it again (warm)", f"resolve the {count} provisions' scenes",
         f"draw the {count} PNGs (render_pngs)"]
print(json.dumps({k: b - a for k, a, b in zip(names, t, t[1:])}))
"""


def phases(runs: int) -> list[str]:
    """The steps of `zonemap export` (one PNG, then the atlas) timed inside one fresh process; median of ``runs``."""
    got = [json.loads(measure([sys.executable, "-c", PHASES]).out) for _ in range(runs)]
    return [f"  - {name}: {ms(median(g[name] for g in got))}" for name in got[0]]


def part_atlas(report: Report, quick: bool, runs: int) -> None:
    from types import SimpleNamespace

    import atlas_vs_folium as av

    log("export: the atlas of PNGs, zonemap vs folium + Chromium…")
    times, cpu, count = av.measure(SimpleNamespace(runs=max(1, runs), date="", agreements="", skip_per_map=True))
    ours, fair = median(times[av.OURS]), median(times[av.FAIR])
    work = f"; CPU time {median(cpu[av.FAIR]) / median(cpu[av.OURS]):.2f}×" if cpu else ""
    report.add(Row(f"`zonemap export --each provision`: the atlas of {count} PNGs {av.WIDTH}×{av.HEIGHT} in one "
                   f"process vs {count} folium maps screenshotted in one headless Chromium, waiting only for the "
                   "paths", s(ours), s(fair), f"{fair / ours:.2f}× faster{work}", f"≥ {av.TARGET:.0f}× faster",
                   fair / ours >= av.TARGET))
    lines = [f"- {name}: median {s(median(v))}, {spread(v)} over {len(v)} runs"
             + (f"; CPU (user+sys, children) median {s(median(cpu[name]))}" if name in cpu else "")
             + (f"; {median(v) / count:.3f} s per map" if name in (av.OURS, av.FAIR) else "")
             for name, v in times.items()]
    report.section("atlas", lines + ["- the variant with one process per map (as a user would script it) is left "
                                     "out here to keep the run short: `bench/atlas_vs_folium.py` runs it.",
                                     "- where the time of `zonemap export` goes (each step timed inside one fresh "
                                     f"process, median of {1 if quick else 3}; the interpreter's own start-up not "
                                     "included):", *phases(1 if quick else 3)])


# --- 3. the page -----------------------------------------------------------------------------------------------


class Wire:
    """The page's websocket messages to and from Streamlit, with the time each was seen (perf_counter)."""

    def __init__(self, page):
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._back, self._forward = BackMsg, ForwardMsg
        self.seen: list[tuple[float, str]] = []
        page.on("websocket", self._socket)
        page.on("load", lambda *_: self.seen.append((time.perf_counter(), "load")))
        page.on("request", lambda r: self._component(r.url, "component"))
        page.on("requestfinished", lambda r: self._component(r.url, "component-js"))

    def _component(self, url: str, what: str) -> None:
        """The map component's frame (its index.html requested) and its script (main.*.js received)."""
        if "/component/" in url and (("index.html" in url) if what == "component" else url.endswith(".js")):
            self.seen.append((time.perf_counter(), what))

    def _socket(self, socket) -> None:
        self.seen.append((time.perf_counter(), "open"))
        socket.on("framesent", lambda payload: self._frame(payload, self._back, "sent"))
        socket.on("framereceived", lambda payload: self._frame(payload, self._forward, "recv"))

    def _frame(self, payload, kind, direction: str) -> None:
        now = time.perf_counter()
        try:
            message = kind.FromString(payload) if isinstance(payload, bytes) else None
            name = message.WhichOneof("type") if message is not None else "text"
            if name == "delta" and message.delta.WhichOneof("type") == "new_element" \
                    and message.delta.new_element.WhichOneof("type") == "component_instance":
                name = "map"  # the page's one component: st_folium, the whole map in one message
            elif name == "ref_hash":  # a large message the browser already holds, sent by its hash: the map is
                name = "map"  # the page's first large element (over Streamlit's 10 KB caching threshold)
        except Exception:  # noqa: BLE001 — a frame that is not a Streamlit message
            name = "other"
        self.seen.append((now, f"{direction}:{name}"))

    def first(self, what: str, after: float) -> float | None:
        return next((t for t, name in self.seen if t >= after and name == what), None)

    def finished_after(self, after: float, page, timeout: float = 20) -> float:
        """Wait (the page's event loop running) until the script run that a request after ``after`` started has
        finished — the run that sent the map, when one did (a widget may ask for two runs in a row); its time."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            sent = self.first("sent:rerun_script", after)
            got = self.first("recv:map", sent) if sent is not None else None
            done = self.first("recv:script_finished", got if got is not None else sent) if sent is not None else None
            if done is not None and (got is not None or time.perf_counter() > done + 1.0):
                return done
            page.wait_for_timeout(10)
        raise TimeoutError("no script run finished")


def offline_page(browser, laptop: dict):
    """A page in a new context (a new visitor) that aborts every request leaving the machine."""
    from tests.e2e.conftest import new_offline_context, watch_errors

    context = new_offline_context(browser, laptop)
    context.errors = []
    page = context.new_page()
    watch_errors(page, context.errors)
    return context, page, Wire(page)


@dataclass
class Split:
    """Where an interaction's time goes, in seconds from the action: the browser until it sent the rerun request,
    the server until the map's message arrived (the map is the page's first element), the script's end, and the
    time the browser had drawn what was waited for."""

    sent: float
    map: float
    finished: float
    drawn: float

    @classmethod
    def of(cls, wire: Wire, start: float, drawn: float, page) -> Split:
        finished = wire.finished_after(start, page)
        sent = wire.first("sent:rerun_script", start)
        got = wire.first("recv:map", sent)
        return cls(sent - start, (got if got is not None else float("nan")) - start, finished - start, drawn)


def split_line(name: str, splits: list[Split]) -> str:
    if not splits:
        return f"- {name}: no samples"
    sent, got, finished, drawn = (median(getattr(x, k) for x in splits) for k in ("sent", "map", "finished", "drawn"))
    return (f"- {name} (median of {len(splits)}, from the action): the browser sent the rerun request at {ms(sent)}; "
            f"the server's map message arrived at {ms(got)} (server {ms(got - sent)}); drawn at {ms(drawn)} (browser "
            f"{ms(drawn - got)} after the map message); the script run ended at {ms(finished)} (times of messages "
            "are taken as Playwright relays them: ±20 ms)")


def open_line(name: str, seconds: list[float], marks: list[dict]) -> str:
    at = {k: median(m[k] for m in marks) for k in marks[0]}
    drawn = median(seconds)
    return (f"- {name}: {spread(seconds)}; median from `goto`: page loaded (HTML + JS) {ms(at['load'])}, websocket "
            f"open {ms(at['open'])}, session started {ms(at['session'])}, the map's message arrived {ms(at['map'])} "
            f"(server: {ms(at['map'] - at['session'])} from the session's start), the map component's frame requested "
            f"{ms(at['component'])} and its script received {ms(at['component-js'])}, map drawn {ms(drawn)} "
            f"(browser: {ms(drawn - at['map'])} after the map's message), script run ended {ms(at['finished'])}")


def part_page(report: Report, quick: bool, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    from geo.model.atlas import load_atlas
    from geo.scene.scene import View, resolve
    from tests.e2e import pagekit
    from tests.e2e.conftest import CHROMIUM_ARGS, LAPTOP, serve_app

    serve = contextlib.contextmanager(serve_app)
    atlas = load_atlas()
    spots = pagekit.inside_points()
    order = list(spots)  # the five shapes of the default date, clicked in turn
    layers = frozenset(atlas.schema.default_layers) | {"events"}
    events_scenes = {days: resolve(atlas.at(), View(layers=layers, events_days=days)) for days in (90, 730)}
    cells = {days: len(scene.events) for days, scene in events_scenes.items()}
    fresh_runs = max(2, runs)
    first, first_marks, starts, later, later_marks, clicks, click_splits = [], [], [], [], [], [], []
    dates, date_splits, events_on, events_off, event_splits = [], [], [], [], []
    window, window_splits = {90: [], 730: []}, []
    problems: list[str] = []
    OUT.mkdir(parents=True, exist_ok=True)

    def visit(browser, url: str):
        context, page, wire = offline_page(browser, LAPTOP)
        start = time.perf_counter()
        seconds = pagekit.open_page(page, url)
        marks = {name: (wire.first(what, start) or float("nan")) - start for name, what in
                 (("load", "load"), ("open", "open"), ("session", "recv:new_session"), ("map", "recv:map"),
                  ("finished", "recv:script_finished"), ("component", "component"),
                  ("component-js", "component-js"))}
        return context, page, wire, seconds, marks

    def done_with(context) -> None:
        problems.extend(context.blocked + context.errors)
        context.close()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        log(f"page: first visitor of a fresh server, {fresh_runs} servers after a warm-up one…")
        for i in range(fresh_runs + 1):
            began = time.perf_counter()
            with serve(OUT / "streamlit.log") as server:
                if i:
                    starts.append(time.perf_counter() - began)
                context, page, wire, seconds, marks = visit(browser, server.url)
                done_with(context)
                if i:
                    first.append(seconds)
                    first_marks.append(marks)
                    log(f"  server {i}: first map {seconds:.2f} s")
                if i < fresh_runs:
                    continue
                # The last server is warm now: later visitors, clicks, the date, the events layer.
                log(f"page: later visitors and click → details, {runs} each…")
                for k in range(runs + 1):
                    context, page, wire, seconds, marks = visit(browser, server.url)
                    pagekit.wait_map_settled(page)
                    shape = order[k % len(order)]
                    x, y = pagekit.screen_point(page, *spots[shape])
                    if not pagekit.visible(page, x, y):
                        raise RuntimeError(f"{shape} is not on screen at 1366×768 ({x:.0f}, {y:.0f})")
                    start = time.perf_counter()
                    page.mouse.click(x, y)
                    pagekit.wait_details(page, atlas.names[shape])
                    took = time.perf_counter() - start
                    split = Split.of(wire, start, took, page)
                    done_with(context)
                    if k:  # the first is the warm-up
                        later.append(seconds)
                        later_marks.append(marks)
                        clicks.append(took)
                        click_splits.append(split)

                log(f"page: the date slider, {runs * 2} changes…")
                context, page, wire, _, _ = visit(browser, server.url)
                frame = page.frame_locator(pagekit.MAP_FRAME)
                frame.locator("#map_div").evaluate("el => { window.zonemapSameFrame = true; }")
                thumb = page.locator(".st-key-day_slider input[type='range']")
                for k in range(runs * 2 + 1):
                    key = "End" if k % 2 == 0 else "Home"  # the last key date (corridor), the first (four areas)
                    wanted = ({"path.zonemap-id-m4_corridor": None, "path.zonemap-id-eastern_ghouta": 0}
                              if key == "End" else
                              {"path.zonemap-id-m4_corridor": 0, "path.zonemap-id-eastern_ghouta": None})
                    thumb.focus()
                    start = time.perf_counter()
                    page.keyboard.press(key)
                    pagekit.wait_drawn(page, wanted, timeout=20_000)
                    took = time.perf_counter() - start
                    split = Split.of(wire, start, took, page)
                    if k:
                        dates.append(took)
                        date_splits.append(split)
                if not frame.locator("#map_div").evaluate("el => window.zonemapSameFrame === true"):
                    problems.append("the map frame reloaded on a date change")
                done_with(context)

                log(f"page: the events layer on/off and its window, {runs * 2} changes each…")
                context, page, wire, _, _ = visit(browser, server.url)
                box = page.locator(".st-key-layer_events label").first
                box.click()
                pagekit.wait_drawn(page, {"path.zonemap-event": cells[90]}, timeout=20_000)
                wire.finished_after(0, page)
                for k in range(runs * 2 + 2):
                    on = k % 2 == 1  # off first, then on: each pair after the first is timed
                    start = time.perf_counter()
                    box.click()
                    pagekit.wait_drawn(page, {"path.zonemap-event": cells[90] if on else 0,
                                              "path.zonemap-area": None}, timeout=20_000)
                    took = time.perf_counter() - start
                    split = Split.of(wire, start, took, page)
                    if k >= 2:
                        (events_on if on else events_off).append(took)
                        if on:
                            event_splits.append(split)
                for k in range((1 if quick else runs) * 2 + 1):
                    days = 730 if k % 2 == 0 else 90
                    page.locator(".st-key-events_days").click()
                    option = page.get_by_role("option", name=f"the {days} days up to the date")
                    option.wait_for()
                    start = time.perf_counter()
                    option.click()
                    pagekit.wait_drawn(page, {"path.zonemap-event": cells[days], "path.zonemap-area": None},
                                       timeout=20_000)
                    took = time.perf_counter() - start
                    split = Split.of(wire, start, took, page)
                    if k:
                        window[days].append(took)
                        window_splits.append(split)
                done_with(context)
        browser.close()

    if problems:
        report.section("page: problems seen", [f"- {p}" for p in problems[:20]])
    report.add(
        Row("Page: first drawn map, first visitor of a freshly started server (a new server per sample; Chromium, "
            "1366×768, outside requests blocked)", s(median(first)), target="≤ 2.0 s", met=median(first) <= 2.0),
        Row("Page: first drawn map, a later visitor (new browser context, warm server)", s(median(later)),
            target="≤ 1.2 s", met=median(later) <= 1.2),
        Row("Page: click where a shape is drawn (1366×768, map not moved) → its details shown", s(median(clicks)),
            target="≤ 0.4 s", met=median(clicks) <= 0.4),
        Row("Page: date slider key press → the new date's shapes drawn (same map frame)", s(median(dates)),
            target="≤ 0.5 s", met=median(dates) <= 0.5),
        Row(f"Page: events layer on → map redrawn with every circle of the default 90-day window ({cells[90]:,} "
            "cells); off → circles gone", f"on {s(median(events_on))}, off {s(median(events_off))}",
            target="≤ 0.5 s", met=max(median(events_on), median(events_off)) <= 0.5),
        Row(f"Page: events window 90 ↔ 730 days → map redrawn with every circle ({cells[730]:,} cells, the widest "
            "window)", f"730: {s(median(window[730]))}, 90: {s(median(window[90]))}", target="≤ 0.5 s",
            met=max(median(window[730]), median(window[90])) <= 0.5))
    note = events_scenes[730].events_note
    report.section("page: where the time goes", [
        f"- server start (serve.py loads and draws before it listens; until /_stcore/health answers): median "
        f"{s(median(starts))}, {spread(starts)}",
        open_line("first visitor of a fresh server", first, first_marks),
        open_line("a later visitor", later, later_marks),
        f"- later visitor: {spread(later)}; click → details: {spread(clicks)}; date: {spread(dates)}; events on: "
        f"{spread(events_on)}, off: {spread(events_off)}",
        split_line("click → details", click_splits),
        split_line("date slider → shapes drawn", date_splits),
        split_line("events layer on → circles drawn", event_splits),
        split_line("events window changed → circles drawn", window_splits),
        f"- the widest events window drawn: {note} (the page offers 30 to 730 days up to the date: it cannot show "
        "all of the bundled events at once)",
        "- turning the events layer off and on again resets its window to 90 days (the window's widget is not drawn "
        "while the layer is off, so Streamlit drops its state): measured as the page behaves"])


# Functions whose share of the script's rerun is reported: (label, file ending, function name).
RERUN_PARTS = (("st_folium: the map to HTML and the component call", "streamlit_folium/__init__.py", "st_folium"),
               ("render.base_map: the base layers rebuilt", "geo/draw/render.py", "base_map"),
               ("render.scene_layer: the scene's layer", "geo/draw/render.py", "scene_layer"),
               ("offline_assets: Leaflet inlined", "geo/draw/offline.py", "offline_assets"),
               ("details and provisions text", "geo/scene/details.py", "details"))


def part_rerun(report: Report, quick: bool, runs: int) -> None:
    """Seconds of the script's rerun when the provision filter changes (the caches warm), Streamlit's AppTest; the
    script's own run timed apart from AppTest's bookkeeping, and where it goes (cProfile in the script's thread)."""
    import cProfile
    import pstats

    import streamlit.runtime.scriptrunner.script_runner as script_runner
    from streamlit.testing.v1 import AppTest

    from geo.model.atlas import load_atlas

    log("page: server-side rerun after a filter change (AppTest)…")
    keys = list(load_atlas().at().provisions.index)
    filters = ([keys[11]], [keys[11], keys[15]], [], [keys[8], keys[11]])
    original = script_runner.exec_func_with_error_handling
    inside, profiler, profiling = [], cProfile.Profile(), [False]

    def timed(*args, **kwargs):  # the script's own run, in the script runner's thread
        start = time.perf_counter()
        if profiling[0]:
            profiler.enable()
        try:
            return original(*args, **kwargs)
        finally:
            if profiling[0]:
                profiler.disable()
            inside.append(time.perf_counter() - start)

    script_runner.exec_func_with_error_handling = timed
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        times = []
        count = max(runs * 4, 8)
        for i in range(count + 1):
            widget = at.multiselect(key="provisions").set_value(filters[i % len(filters)])
            start = time.perf_counter()
            widget.run()
            elapsed = time.perf_counter() - start
            if at.exception:
                raise RuntimeError(f"the page failed: {[e.value for e in at.exception]}")
            if i:
                times.append(elapsed)
        script = inside[-count:]
        profiling[0] = True
        for i in range(len(filters)):
            at.multiselect(key="provisions").set_value(filters[i]).run()
    finally:
        script_runner.exec_func_with_error_handling = original
    stats = pstats.Stats(profiler).stats
    total = max((ct for (file, _, name), (_, _, _, ct, _) in stats.items() if name == "code_to_exec"), default=0)
    shares = []
    for label, ending, function in RERUN_PARTS:
        spent = sum(ct for (file, _, name), (_, _, _, ct, _) in stats.items()
                    if name == function and file.endswith(ending))
        if total and spent:
            shares.append(f"{label} {spent / total:.0%}")
    report.add(Row("Page: server-side rerun after a provision filter change (AppTest; the script's own run in "
                   "brackets)", f"{ms(median(times))} ({ms(median(script))})", target="≤ 100 ms",
                   met=median(times) <= 0.100))
    report.section("rerun", [
        f"- {len(times)} reruns, filters {filters}: {spread(times, ms)}; the script's own run (timed in its thread): "
        f"median {ms(median(script))}, {spread(script, ms)}; AppTest's bookkeeping the rest",
        "- share of the script's run (cProfile over " + str(len(filters)) + " reruns in the script's thread; "
        "nested, so shares overlap): " + (", ".join(shares) or "not measured")])


# --- 4. events -------------------------------------------------------------------------------------------------


def part_events(report: Report, quick: bool, runs: int) -> None:
    import events_scale

    sizes = [100_000, 1_000_000] if quick else [100_000, 1_000_000, 10_000_000]
    log(f"events: zonemap events on {', '.join(f'{n:,}' for n in sizes)} events…")
    start, measured = events_scale.measure(sizes, 1 if quick else min(runs, 3), log=log)
    linear, bounded, why = events_scale.verdict(start, measured)
    top = measured[-1]
    report.add(Row(f"`zonemap events --by period` on {top.events:,} synthetic UCDP events (whole process): time, "
                   "peak memory", f"{s(top.seconds)}, {top.peak_mb:,.0f} MB",
                   target="linear (CPU per event beyond the start-up ≤ 1.5× that at the size before) and "
                          "bounded (peak ≤ 1.5× the size before + 100 MB), up to 10,000,000" + QUICK_NOTE * quick,
                   met=None if quick else linear and bounded))
    report.section("events", [*events_scale.table(start, measured), "", f"- {why}"])


# --- 5. hostile inputs -----------------------------------------------------------------------------------------

# Issue 14's own figures, by case name in bench/hostile.py: (size, seconds or None, peak MB or None, most lines
# printed or None, what the issue says). Every other case is held to "linear and bounded" only.
ISSUE_14 = {
    "sparse property names": (5_000, None, 300, None, "5,000 sparse-key features ≤ 300 MB"),
    "sparse property names, keys budget raised": (5_000, None, 300, None, "5,000 sparse-key features ≤ 300 MB"),
    "self-intersecting ring (saw)": (100_000, 5.0, None, None, "100,000-vertex ring ≤ 5 s or a clean refusal"),
    "null features": (100_000, 2.0, None, 25, "100,000 null features ≤ 2 s, ≤ 25 lines"),
}


def part_hostile(report: Report, quick: bool, runs: int) -> None:
    """bench/hostile.py's cases at growing sizes (the smallest alone with --quick), each size a fresh process
    measured by tests/hostile.py (the command's time after its imports; peak memory as VmHWM, the process's own)."""
    import tempfile

    try:
        import hostile as cases  # bench/hostile.py

        from tests.hostile import measure as run_zonemap
        from tests.hostile import syria_areas, write
    except Exception as exc:  # noqa: BLE001 — another helper's files, maybe changing: say so, run the rest
        report.add(Row("Hostile inputs (issue 14)", "not run", met=None))
        report.section("hostile", [f"- bench/hostile.py or tests/hostile.py cannot be used ({exc!r})"])
        return

    log("hostile: bench/hostile.py's worst cases at growing sizes…")
    lines = list(cases.HEADER)
    with tempfile.TemporaryDirectory(prefix="zonemap-bench-hostile-") as folder:
        work = Path(folder)
        write(work / "areas.geojson", syria_areas())
        first, others, verdicts = True, [], []
        for name, sizes, unit, make, file_name, argv, env in cases.CASES:
            results = []
            for size in sizes[:1] if quick else sizes:
                path = write(work / file_name, make(size))
                if first:  # one untimed warm-up: the file cache of the imports
                    run_zonemap([*argv, file_name], work, env, timeout=1200)
                    first = False
                got = [run_zonemap([*argv, file_name], work, env, timeout=1200)]
                while len(got) < (1 if quick else min(runs, 3)) and got[0].seconds < 2:
                    got.append(run_zonemap([*argv, file_name], work, env, timeout=1200))
                got.sort(key=lambda r: r.seconds)
                run = got[len(got) // 2]
                lines.append(cases.row(name, size, unit, path, run))
                path.unlink()
                results.append((size, run))
                log(f"  {name}, {size:,} {unit}: {cases.outcome(run)}, {run.seconds:.2f} s, {run.peak_mb:.0f} MB")
            row = _hostile_row(name, unit, results, cases.outcome)
            verdicts.append(f"- {name}: {row.ratio} — {'linear and bounded' if row.met else '**not met**'}")
            if name in ISSUE_14:
                report.add(row)
            else:
                others.append((name, row))
    if others:
        missed = [f"{name} ({row.ratio})" for name, row in others if not row.met]
        report.add(Row(f"Hostile: the other {len(others)} cases of bench/hostile.py at growing sizes",
                       f"{len(others) - len(missed)} of {len(others)} linear and bounded",
                       ratio="; ".join(missed) or "—", target="linear and bounded; no traceback", met=not missed))
    report.section("hostile", ["bench/hostile.py's cases, each size a fresh `zonemap` process (tests/hostile.py: "
                               "the command's time after its imports; peak memory VmHWM, the process's own, and its "
                               "growth over the imports). Linear: the time at the largest size at most 1.5× the "
                               "smallest's scaled by the size (+0.2 s); bounded: the memory over the imports at "
                               "most 1.5× the smallest's scaled by the size (+50 MB); no traceback.", "", *lines,
                               "", *verdicts])


def _hostile_row(name: str, unit: str, results: list, outcome) -> Row:
    (small, a), (size, b) = results[0], results[-1]
    grow = size / small
    linear = b.seconds <= 1.5 * a.seconds * grow + 0.2
    bounded = (b.peak_mb - b.imports_mb) <= 1.5 * max(a.peak_mb - a.imports_mb, 1) * grow + 50
    clean = not any("Traceback" in r.err for _, r in results)
    met, target = linear and bounded and clean, "linear and bounded; no traceback"
    issue = ISSUE_14.get(name)
    if issue is not None:
        at = dict(results).get(issue[0])
        if at is not None:
            _, seconds, peak, most, words = issue
            refused = at.code == 1 and len(at.err_lines) == 1
            met = met and (seconds is None or at.seconds <= seconds or (refused and "saw" in name)) \
                and (peak is None or at.peak_mb <= peak) and (most is None or len(at.err_lines) <= most)
            target = f"{words} (issue 14); {target}"
            if at is not b:
                target += f" — at {issue[0]:,}: {at.seconds:.2f} s, {at.peak_mb:.0f} MB, {outcome(at)}"
    return Row(f"Hostile: {name}, {size:,} {unit}", f"{b.seconds:.2f} s, {b.peak_mb:.0f} MB; {outcome(b)}",
               ratio=f"{grow:,.0f}× the size ({small:,}): {b.seconds / max(a.seconds, 1e-3):.1f}× the time, "
                     f"{(b.peak_mb - b.imports_mb) / max(a.peak_mb - a.imports_mb, 1):.1f}× the memory over imports",
               target=target, met=met)


# --- the run ---------------------------------------------------------------------------------------------------


def render(report: Report, runs: int, quick: bool, before: float, after: float, took: float) -> str:
    peak = max([before, after, *(value for _, value in report.loads)])
    lines = [f"# zonemap bench — {stamp()}{' (--quick)' if quick else ''}", "",
             f"Medians of {runs} runs after one untimed warm-up (fewer where a part says so); whole processes, "
             f"interleaved with the baseline. Load average (1 min) on {os.cpu_count()} cores: {before:.2f} at the "
             f"start, {after:.2f} at the end, {peak:.2f} at the busiest part's start"
             + (" — the machine was shared: every figure is slower and noisier than on a quiet machine." if peak > 1
                else "."), "",
             "| measure | zonemap | the usual way | ratio | target | met? |", "|---|---:|---:|---:|---|---|"]
    for r in report.rows:
        met = "—" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(f"| {r.measure} | {r.ours} | {r.theirs} | {r.ratio} | {r.target} | {met} |")
    lines += report.details
    lines += ["", "### machine", "", f"{machine()}.", "",
              "Load average (1 min) at each part's start: "
              + ", ".join(f"{name} {value:.2f}" for name, value in report.loads) + f"; at the end {after:.2f}.",
              f"The bench took {took / 60:.1f} minutes."]
    missed = [r.measure for r in report.rows if r.met is False]
    lines += ["", "Missed: " + "; ".join(missed) if missed else "Every target met."]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, 2 runs: a smoke test of the bench")
    parser.add_argument("--runs", type=int, help="timed runs of each measure (default 5; 2 with --quick)")
    parser.add_argument("--only", action="append", choices=PARTS, help="run only this part (repeatable)")
    parser.add_argument("--skip", action="append", default=[], choices=PARTS, help="leave a part out (repeatable)")
    args = parser.parse_args()
    runs = args.runs or (2 if args.quick else 5)
    OUT.mkdir(parents=True, exist_ok=True)
    if not Path(CHROMIUM).exists():
        log(f"Chromium is missing ({CHROMIUM}): the export and page parts will fail")
    report = Report()
    started, before = time.perf_counter(), load()
    parts = {"locate": part_locate, "export": part_export, "atlas": part_atlas, "page": part_page,
             "rerun": part_rerun, "events": part_events, "hostile": part_hostile}
    for name, run in parts.items():
        if name in args.skip or (args.only and name not in args.only):
            continue
        report.loads.append((name, load()))
        try:
            run(report, args.quick, runs if name not in ("atlas",) else max(1, runs - 2))
        except BaseException as exc:  # noqa: BLE001 — pytest.fail from serve_app is a BaseException
            if isinstance(exc, KeyboardInterrupt):
                raise
            log(traceback.format_exc())
            report.add(Row(f"{name}: the part failed", f"{type(exc).__name__}", target="runs", met=False))
            report.section(f"{name}: failure", ["```", str(exc)[-1500:], "```"])
    text = render(report, runs, args.quick, before, load(), time.perf_counter() - started)
    print(text)
    (OUT / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.md").write_text(text + "\n", encoding="utf-8")
    return 0 if all(r.met is not False for r in report.rows) else 1


if __name__ == "__main__":
    sys.exit(main())
