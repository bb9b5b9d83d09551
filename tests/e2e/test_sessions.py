"""Ten people at once on one server: each keeps their own filter, selection and uploaded areas.

Ten browser contexts (separate cookies, separate Streamlit sessions) open the page together; six choose
different filters or areas through the URL, four upload their own areas file with a name of their own.
Then every page is checked again: it shows its own state and nothing of the others'. The server's
resident memory is read before and after; the cost per extra session is printed with the timings.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection
from tests.e2e.test_page import MAP_FRAME, open_page

pytestmark = pytest.mark.e2e
expect = pytest.importorskip("playwright.sync_api").expect

# (query string, highlighted ids, dimmed ids): what each URL-only session must see.
URL_SESSIONS = [
    ("?provision=5", {"idlib", "idlib_security_zone"}, {"northern_homs", "eastern_ghouta", "southern"}),
    ("?area=southern", {"southern"}, set()),
    ("?area=eastern_ghouta", {"eastern_ghouta"}, set()),
    ("?provision=4", {"idlib", "northern_homs", "eastern_ghouta", "southern"}, set()),
    ("?area=northern_homs&provision=5", set(), {"northern_homs"}),
    ("", {"idlib", "northern_homs", "eastern_ghouta", "southern", "idlib_security_zone"}, set()),
]
UPLOADS = 4


def upload_doc(k: int) -> dict:
    return collection(area_feature(f"user{k}_north", IDLIB_SQUARE, name=f"User {k} north"),
                      area_feature(f"user{k}_south", DARAA_SQUARE, name=f"User {k} south"))


def area_classes(page) -> dict[str, str]:
    """Every drawn area's id and state (highlighted, dimmed, selected), read from its CSS classes."""
    classes = page.frame_locator(MAP_FRAME).locator("path.zonemap-area").evaluate_all(
        "els => els.map(e => e.getAttribute('class'))")
    out = {}
    for cls in classes:
        area_id = re.search(r"zonemap-id-(\S+)", cls).group(1)
        out[area_id] = re.search(r"zonemap-(highlighted|dimmed|selected)", cls).group(1)
    return out


def test_ten_sessions_do_not_see_each_other(browser, app_server, tmp_path, timings):
    contexts, pages = [], []
    warm = browser.new_context()
    open_page(warm.new_page(), app_server.url)  # the server's data and caches are loaded once, before measuring
    rss_before = app_server.rss_mb()
    try:
        for query, _, _ in URL_SESSIONS:
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            contexts.append(ctx)
            page = ctx.new_page()
            pages.append(page)
            open_page(page, app_server.url + "/" + query)
        for k in range(UPLOADS):
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            contexts.append(ctx)
            page = ctx.new_page()
            pages.append(page)
            open_page(page, app_server.url)
            path = tmp_path / f"user{k}.geojson"
            path.write_text(json.dumps(upload_doc(k)), encoding="utf-8")
            page.locator(".st-key-upload input[type=file]").set_input_files(path)
            expect(page.get_by_text(f"Showing the areas of your file user{k}.geojson")).to_be_visible(timeout=20_000)
        # Every session is open at once; check each again now that all the others have acted.
        for page, (query, lit, dim) in zip(pages, URL_SESSIONS):
            frame = page.frame_locator(MAP_FRAME)
            expect(frame.locator("path.zonemap-area")).to_have_count(5)
            states = area_classes(page)
            selected = re.search(r"area=(\w+)", query)
            for area_id in lit:
                assert states[area_id] in ("highlighted", "selected"), (query, states)
            for area_id in dim:
                assert states[area_id] in ("dimmed", "selected"), (query, states)
            if selected:
                assert states[selected.group(1)] == "selected", (query, states)
                expect(page.locator(".st-key-details h2").first).not_to_have_text("Provisions")
            assert not any(i.startswith("user") for i in states), (query, states)
            expect(page.get_by_text("Showing the areas of your file")).to_have_count(0)
        for k, page in enumerate(pages[len(URL_SESSIONS):]):
            frame = page.frame_locator(MAP_FRAME)
            expect(frame.locator("path.zonemap-area")).to_have_count(2)
            assert set(area_classes(page)) == {f"user{k}_north", f"user{k}_south"}
            expect(page.get_by_text(f"Showing the areas of your file user{k}.geojson")).to_be_visible()
            for other in range(UPLOADS):
                if other != k:
                    expect(page.get_by_text(f"user{other}.geojson")).to_have_count(0)
        rss_after = app_server.rss_mb()
        per_session = (rss_after - rss_before) / len(pages)
        timings[f"server RSS before {len(pages)} sessions (MB)"] = rss_before
        timings[f"server RSS after {len(pages)} sessions (MB)"] = rss_after
        timings["memory per extra session (MB, 6 URL + 4 upload sessions)"] = per_session
        assert per_session < 100, f"each session costs {per_session:.0f} MB"
    finally:
        for ctx in contexts:
            ctx.close()
        warm.close()
