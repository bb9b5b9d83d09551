"""The bench's page part: the page in Chromium, from the first map to the events layer, and where time goes.

The page in Chromium (Playwright, /usr/bin/chromium), every outside request blocked, a 1366×768 window,
the app started by tests/e2e/conftest.py's ``serve_app`` as the tests start it: the first drawn map for the first
visitor of a freshly started server (a new server per sample), for a later visitor (a new browser context), click
→ details where a shape is drawn without moving the map, the date slider (End, ArrowDown) → the new shapes drawn, the events layer
on/off and its window → every event circle drawn; where the time goes (browser until the rerun request, server
until the script finished, browser until drawn) from the page's own websocket messages.

    .venv/bin/python bench/page.py [--quick]
"""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass

from page_vs_folium import switch_dates
from proc import CHROMIUM, OUT
from report import Report, Row, log, median, ms, run_parts, s, spread


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


def part(report: Report, quick: bool, runs: int) -> None:
    from playwright.sync_api import sync_playwright

    from geo.model.atlas import load_atlas
    from geo.scene.scene import View, resolve
    from tests.e2e import pagekit
    from tests.e2e.conftest import CHROMIUM_ARGS, LAPTOP, serve_app

    serve = contextlib.contextmanager(serve_app)
    atlas = load_atlas()
    switch = switch_dates(atlas)
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
                    key, _, count = switch[k % 2]  # the last key date (its corridor), the one before
                    thumb.focus()
                    start = time.perf_counter()
                    page.keyboard.press(key)
                    pagekit.wait_drawn(page, {"path.zonemap-area": count}, timeout=20_000)
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


if __name__ == "__main__":
    sys.exit(run_parts({"page": part}, __doc__.splitlines()[0], "page"))
