"""Ten people at once on one server: each keeps their own filter, selection, date and uploaded areas.

Ten browser contexts (separate Streamlit sessions) act at the same time — opened, filtered and uploading
concurrently with asyncio, not one after another — then every page is checked: it shows its own state and
nothing of the others'. The server's resident memory is read before and after; the cost per extra session is
printed with the timings.
"""

from __future__ import annotations

import asyncio
import re

import pytest

from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection
from tests.e2e.conftest import CHROMIUM_ARGS, LAPTOP, new_offline_context_async, playwright_api, watch_errors
from tests.e2e.pagekit import MAP_FRAME, TIMEOUT
from tests.hostile import write

pytestmark = pytest.mark.e2e

# (query string, expected state per shape id): what each URL-only session must see.
URL_SESSIONS = [
    ("?provision=5", {"idlib_security_zone": "highlighted", "idlib": "context", "southern": "dimmed"}),
    ("?area=southern", {"southern": "selected", "idlib": "dimmed"}),
    ("?area=eastern_ghouta", {"eastern_ghouta": "selected"}),
    ("?provision=4", {"idlib": "context", "southern": "context"}),
    ("?date=2018-10-01&provision=sochi-2018:3", {"idlib_dmz": "highlighted", "idlib": "context"}),
    ("", {"idlib": "highlighted", "southern": "highlighted", "idlib_security_zone": "highlighted"}),
]
UPLOADS = 4
STATES = re.compile(r"zonemap-(highlighted|dimmed|selected|context) zonemap-id-(\S+)")


def upload_doc(k: int) -> dict:
    return collection(area_feature(f"user{k}_north", IDLIB_SQUARE, name=f"User {k} north"),
                      area_feature(f"user{k}_south", DARAA_SQUARE, name=f"User {k} south"))


async def open_async(page, url: str) -> None:
    await page.goto(url)
    await page.wait_for_function(
        """frame => !!document.querySelector(frame)?.contentDocument?.querySelector("path.zonemap-area")""",
        arg=MAP_FRAME, timeout=TIMEOUT)


async def states_async(page) -> dict[str, str]:
    classes = await page.frame_locator(MAP_FRAME).locator("path.zonemap-area").evaluate_all(
        "els => els.map(e => e.getAttribute('class'))")
    return {m.group(2): m.group(1) for m in (STATES.search(c) for c in classes) if m}


async def url_session(browser, url: str):
    """A new visitor (an offline context) whose console errors and uncaught exceptions go to ``page.errors``."""
    context = await new_offline_context_async(browser, LAPTOP)
    page = await context.new_page()
    page.errors = []
    watch_errors(page, page.errors)
    await open_async(page, url)
    return context, page


async def upload_session(browser, url: str, path):
    context, page = await url_session(browser, url)
    await page.locator(".st-key-upload input[type=file]").set_input_files(str(path))
    # The map frame is replaced (new areas, new base map): wait until the one on the page draws the upload.
    await page.wait_for_function(
        """([frame, cls]) => [...document.querySelectorAll(frame)].some(
               f => f.contentDocument && f.contentDocument.querySelector("path." + cls))""",
        arg=[MAP_FRAME, "zonemap-id-" + path.stem + "_north"], timeout=TIMEOUT)
    await page.wait_for_function("frame => document.querySelectorAll(frame).length === 1", arg=MAP_FRAME,
                                 timeout=TIMEOUT)
    return context, page


async def ten_at_once(chromium_path: str, url: str, tmp_path, server) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        warm = await url_session(browser, url)  # data and caches loaded once, before measuring
        rss_before = server.rss_mb()
        files = [write(tmp_path / f"user{k}.geojson", upload_doc(k)) for k in range(UPLOADS)]
        sessions = await asyncio.gather(
            *(url_session(browser, url + "/" + query) for query, _ in URL_SESSIONS),
            *(upload_session(browser, url, path) for path in files))
        seen = await asyncio.gather(*(states_async(page) for _, page in sessions))
        sidebars = await asyncio.gather(*(page.locator("section[data-testid='stSidebar']").inner_text()
                                          for _, page in sessions))
        rss_after = server.rss_mb()
        blocked = [u for context, _ in [warm, *sessions] for u in context.blocked]
        errors = [e for _, page in [warm, *sessions] for e in page.errors]
        for context, _ in [warm, *sessions]:
            await context.close()
        await browser.close()
    return {"seen": seen, "sidebars": sidebars, "rss_before": rss_before, "rss_after": rss_after,
            "blocked": blocked, "errors": errors}


def test_ten_sessions_at_once_do_not_see_each_other(chromium_path, app_server, tmp_path, timings):
    import threading

    playwright_api()
    out: dict = {}

    def run() -> None:  # its own thread: the sync Playwright of the other tests owns this thread's event loop
        out["result"] = asyncio.run(ten_at_once(chromium_path, app_server.url, tmp_path, app_server))

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=600)
    result = out["result"]
    assert result["blocked"] == [], f"requests tried to leave the machine: {result['blocked']}"
    assert result["errors"] == [], "the pages logged errors:\n" + "\n".join(result["errors"])
    for (query, expected), states in zip(URL_SESSIONS, result["seen"], strict=False):
        for shape_id, state in expected.items():
            assert states.get(shape_id) == state, (query, states)
        assert not any(i.startswith("user") for i in states), (query, states)
    for k, (states, sidebar) in enumerate(zip(result["seen"][len(URL_SESSIONS):], result["sidebars"][len(URL_SESSIONS):],
                                              strict=True)):
        assert set(states) == {f"user{k}_north", f"user{k}_south"}, states
        assert f"user{k}.geojson" in sidebar
        assert not any(f"user{other}.geojson" in sidebar for other in range(UPLOADS) if other != k)
    per_session = (result["rss_after"] - result["rss_before"]) / (len(URL_SESSIONS) + UPLOADS)
    timings["server RSS before 10 sessions (MB)"] = result["rss_before"]
    timings["server RSS after 10 sessions (MB)"] = result["rss_after"]
    timings["memory per extra session (MB)"] = per_session
    assert per_session < 100, f"each session costs {per_session:.0f} MB"
