"""The page in a real Chromium, with every non-local request blocked.

What a person sees: the map draws without the internet; a click in Idlib lists provision 5 and a click
in the southern area does not; filtering by provision 5 leaves only Idlib lit; "Saraqib" is found in
the Idlib area. Timings (first map, click → details) are printed at the end of the run.
"""

from __future__ import annotations

import re
import time

import pytest

from geo import load, provisions

pytestmark = pytest.mark.e2e
expect = pytest.importorskip("playwright.sync_api").expect

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
SARAQIB = (35.86, 36.80)  # inside the Idlib area, away from the security zone's edge
NAWA = (32.85, 36.05)  # inside the southern area (Nawa/Tafas)
TIMEOUT = 20_000  # ms, for the first draw on a cold server


@pytest.fixture(scope="module")
def names() -> dict[str, str]:
    import os

    areas = load.load_areas(os.environ.get("ZONEMAP_ZONES"))
    return dict(zip(areas["id"], areas["name"], strict=True))


@pytest.fixture(scope="module")
def provision_5() -> str:
    provs = provisions.load_provisions()
    return f"5. {provs.loc[5, 'title']}"


def open_page(page, url):
    """Open the page and wait for the map's areas; returns the seconds it took.

    Timed by checking every animation frame (``expect`` polls ever more slowly, up to 1 s).
    """
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(
        """frame => {
            const doc = document.querySelector(frame)?.contentDocument;
            return !!doc && !!doc.querySelector("path.zonemap-area");
        }""",
        arg=MAP_FRAME, polling="raf", timeout=TIMEOUT)
    seconds = time.perf_counter() - start
    expect(page.frame_locator(MAP_FRAME).locator("path.zonemap-area").first).to_be_visible()
    return seconds


def wait_details(page, name: str) -> float:
    """Seconds until the details panel's first heading reads ``name`` (checked every frame)."""
    start = time.perf_counter()
    page.wait_for_function(
        """name => {
            const h = document.querySelector(".st-key-details h2");
            return !!h && h.innerText.trim() === name;
        }""",
        arg=name, polling="raf", timeout=10_000)
    return time.perf_counter() - start


def click_at(page, lat: float, lon: float) -> None:
    """Click the map at a coordinate: centre the map on it (clear of the controls), then click its pixel."""
    box = page.locator(MAP_FRAME).bounding_box()
    point = page.frame_locator(MAP_FRAME).locator("#map_div").evaluate(
        """(el, ll) => {
            window.map.setView(ll, window.map.getZoom(), {animate: false});
            const p = window.map.latLngToContainerPoint(ll);
            const r = el.getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }""",
        [lat, lon],
    )
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def details(page):
    return page.locator(".st-key-details")


def test_map_draws_offline(page, app_url, timings):
    timings["first map, cold server"] = open_page(page, app_url)
    timings["first map, warm server"] = open_page(page, app_url)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".leaflet-overlay-pane svg path").first).to_be_visible()
    expect(frame.locator(".zonemap-legend")).to_contain_text("Idlib security zone")
    expect(frame.locator(".zonemap-note")).to_contain_text("approximate")
    expect(frame.locator(".leaflet-control-scale")).to_be_visible()
    assert frame.locator("path.zonemap-area").count() == 5
    assert page.context.blocked == [], f"requests tried to leave the machine: {page.context.blocked}"
    assert timings["first map, warm server"] <= 2.0 * 2  # target 2 s; the hard limit leaves room for slow CI


def test_click_idlib_then_south(page, app_url, names, provision_5, timings):
    open_page(page, app_url)
    click_at(page, *SARAQIB)
    timings["click -> details (Idlib)"] = wait_details(page, names["idlib"])
    expect(details(page).get_by_role("heading", name=names["idlib"], exact=True)).to_be_visible()
    expect(details(page)).to_contain_text(provision_5)
    expect(page.frame_locator(MAP_FRAME).locator("path.zonemap-selected.zonemap-id-idlib")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"area=idlib"))

    click_at(page, *NAWA)
    timings["click -> details (south)"] = wait_details(page, names["southern"])
    expect(details(page).get_by_role("heading", name=names["southern"], exact=True)).to_be_visible()
    expect(details(page)).not_to_contain_text(provision_5)
    expect(details(page)).to_contain_text("9. ")  # humanitarian access applies to every area

    click_at(page, 35.0, 41.0)  # the desert east of Palmyra: in no area
    timings["click -> details cleared"] = wait_details(page, "Provisions")
    expect(details(page).get_by_role("heading", name="Provisions", exact=True)).to_be_visible()
    expect(page).not_to_have_url(re.compile("area="))
    assert page.context.blocked == []


def test_filter_by_provision_5(page, app_url, provision_5):
    open_page(page, app_url)
    page.locator(".st-key-provisions input").click()
    page.keyboard.type("Control forces")
    page.get_by_role("option", name=re.compile(r"^5\. ")).click()
    page.keyboard.press("Escape")
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.zonemap-area.zonemap-highlighted")).to_have_count(2)  # Idlib and its security zone
    expect(frame.locator("path.zonemap-highlighted.zonemap-id-idlib")).to_have_count(1)
    expect(frame.locator("path.zonemap-dimmed")).to_have_count(3)
    for other in ("northern_homs", "eastern_ghouta", "southern"):
        expect(frame.locator(f"path.zonemap-dimmed.zonemap-id-{other}")).to_have_count(1)
    expect(details(page)).to_contain_text(provision_5)
    expect(page).to_have_url(re.compile(r"provision=5(&|$)"))

    # The URL restores the view when shared.
    open_page(page, page.url)
    expect(frame.locator("path.zonemap-highlighted.zonemap-id-idlib")).to_have_count(1)
    expect(frame.locator("path.zonemap-dimmed")).to_have_count(3)


def test_search_saraqib(page, app_url, names):
    open_page(page, app_url)
    box = page.locator(".st-key-place input")
    box.fill("Saraqeb")
    box.press("Enter")
    found = page.get_by_text(re.compile(r"Saraqib.* lies inside the "))
    expect(found).to_contain_text(names["idlib"])
    expect(page.frame_locator(MAP_FRAME).locator(".zonemap-place")).to_contain_text("Saraqib")
    assert page.context.blocked == []
