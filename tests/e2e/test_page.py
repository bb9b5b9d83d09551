"""The page in a real Chromium, every non-local request blocked, at laptop and desktop window sizes.

A person opens the page and clicks where a shape is drawn — without moving the map first — and must get that
shape's details on the first try, whatever the window size, with or without a notice above the map, and the
page must not scroll. Filters, the date control and the place search are driven as a person drives them.
Timings (first map, click → details) are printed at the end of the run, never asserted; the benchmark
(bench/) measures them properly.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import playwright_api
from tests.e2e.pagekit import (
    MAP_FRAME,
    TIMEOUT,
    area_states,
    click_point,
    fills,
    inside_points,
    open_page,
    scrolled,
    visitor,
    wait_details,
    wait_map_settled,
)

pytestmark = pytest.mark.e2e
SIZES = [(1366, 768), (1400, 900), (1920, 1080)]


@pytest.fixture(scope="module")
def expect():
    return playwright_api().expect


@pytest.fixture(scope="module")
def points():
    return inside_points()


def test_the_map_draws_offline_and_fits_a_laptop_window(page, app_url, timings, expect):
    timings["first map, cold server"] = open_page(page, app_url)
    timings["first map, warm server"] = open_page(page, app_url)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".zonemap-legend")).to_contain_text("Idlib security zone")
    expect(frame.locator(".zonemap-note")).to_contain_text("Approximate")
    expect(frame.locator(".leaflet-control-scale")).to_be_visible()
    assert frame.locator("path.zonemap-area").count() == 5
    box = page.locator(MAP_FRAME).bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 768, f"the map frame runs off a 1366×768 window: {box}"
    assert box["width"] >= 560, f"the map is too narrow at 1366×768: {box['width']:.0f} px"
    details = page.locator(".st-key-details").bounding_box()
    assert details["x"] >= box["x"] + box["width"] - 5, "the details panel sits beside the map"
    legend = frame.locator(".zonemap-legend").bounding_box()
    assert legend["y"] + legend["height"] <= box["y"] + box["height"] + 1, "the legend is inside the visible map"
    assert page.context.blocked == [], f"requests tried to leave the machine: {page.context.blocked}"


@pytest.mark.parametrize("width,height", [SIZES[0], SIZES[2]], ids=["1366x768", "1920x1080"])
def test_every_shape_is_selected_by_its_first_click(browser, app_url, atlas, points, width, height, timings, expect):
    with visitor(browser, width, height) as page:
        for shape_id, (lat, lon) in points.items():
            open_page(page, app_url)  # a fresh page each time: the first click, on the framing it opens with
            wait_map_settled(page)
            before = scrolled(page)
            click_point(page, lat, lon)
            timings[f"click -> details ({shape_id}, {width}x{height})"] = wait_details(page, atlas.names[shape_id])
            assert scrolled(page) == before, "the click scrolled the page"
            expect(page).to_have_url(re.compile(rf"area={shape_id}"))
            assert area_states(page)[shape_id] == "selected"


def test_a_click_lands_with_a_notice_above_the_map_and_the_page_scrolled(browser, app_url, atlas, points):
    with visitor(browser, 1400, 900) as page:
        open_page(page, app_url)
        # A notice above the map (as a long warning would be), then the person scrolls down to the map.
        page.evaluate("""() => {
            const note = document.createElement('div');
            note.style.height = '260px'; note.textContent = 'A long notice above the map';
            const title = document.querySelector('h1');
            title.parentElement.insertBefore(note, title);
        }""")
        page.mouse.move(700, 120)  # over the notice, not the map (the wheel would zoom it) nor the details
        page.mouse.wheel(0, 220)
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').scrollTop > 0")
        lat, lon = points["southern"]
        before = scrolled(page)
        click_point(page, lat, lon)
        wait_details(page, atlas.names["southern"])
        assert scrolled(page) == before, "the click scrolled the page"


def test_the_outline_of_an_area_selects_it(page, app_url, atlas):
    open_page(page, app_url)
    wait_map_settled(page)
    idlib = atlas.at().shapes.set_index("id").geometry["idlib"]
    zone = atlas.at().shapes.set_index("id").geometry["idlib_security_zone"]
    # A point on Idlib's outline away from the belt drawn over it: its eastern edge at the Turkish border side.
    edge = idlib.boundary.difference(zone.buffer(0.02))
    point = edge.interpolate(0.5, normalized=True)
    click_point(page, point.y, point.x)
    wait_details(page, atlas.names["idlib"])


def test_provision_filters_show_where_each_applies(page, app_url, expect):
    open_page(page, app_url)
    box = page.locator(".st-key-provisions input")
    for number, text in ((9, "Humanitarian access"), (10, "International support")):  # the areas; Syria
        box.click()
        page.keyboard.type(text)
        page.get_by_role("option", name=re.compile(rf"^{number} · ")).click()
        page.keyboard.press("Escape")  # the choice is sent when the list closes
        expect(page).to_have_url(re.compile(rf"provision={number}(&|$)"))
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.zonemap-country")).to_have_count(1)
    country = frame.locator("path.zonemap-country").get_attribute("fill").upper()
    colours = fills(page)
    assert len({colours[i] for i in ("idlib", "northern_homs", "eastern_ghouta", "southern")}) == 1
    assert colours["idlib"] != country, "provision 9 (the areas) and 10 (Syria) must look different"
    legend = frame.locator(".zonemap-legend")
    expect(legend).to_contain_text("Astana joint statement 9:")
    expect(legend).to_contain_text("Astana joint statement 10: Syria as a whole")
    expect(page).to_have_url(re.compile(r"provision=9&provision=10"))
    expect(page.locator("section[data-testid='stSidebar']")).to_contain_text(
        "10 · International support: aid, demining, heritage, infrastructure")


def test_provision_5_lights_the_security_zone_with_idlib_as_context(page, app_url, expect):
    open_page(page, app_url + "/?provision=5")
    states = area_states(page)
    assert states["idlib_security_zone"] == "highlighted" and states["idlib"] == "context"
    assert {states[i] for i in ("northern_homs", "eastern_ghouta", "southern")} == {"dimmed"}
    expect(page.frame_locator(MAP_FRAME).locator(".zonemap-legend")).to_contain_text("Not covered by the filter")


def test_the_date_control_redraws_without_reloading_the_map(page, app_url, expect):
    open_page(page, app_url)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("#map_div").evaluate("el => { window.zonemapSameFrame = true; }")
    thumb = page.locator(".st-key-day_slider input[type='range']")
    thumb.focus()
    page.keyboard.press("End")  # the last key date: the Moscow protocol (5 Mar 2020) and its corridor
    expect(page).to_have_url(re.compile(r"date=2020-03-05"))
    expect(frame.locator("path.zonemap-id-m4_corridor")).to_have_count(1)
    expect(frame.locator("path.zonemap-id-eastern_ghouta")).to_have_count(0)
    assert frame.locator("#map_div").evaluate("el => window.zonemapSameFrame === true"), "the map frame reloaded"
    expect(frame.locator(".zonemap-title")).to_contain_text("As of 5 March 2020")


def test_search_zooms_and_centres_on_the_place(page, app_url, atlas, expect):
    for query in ("Saraqeb", "Douma", "Rastan"):
        open_page(page, app_url)
        box = page.locator(".st-key-place input")
        box.fill(query)
        box.press("Enter")
        found = page.locator(".st-key-details [data-testid='stAlertContentSuccess']")
        expect(found).to_contain_text("lay inside")  # the rerun has answered: the map got its marker in it
        marker = page.frame_locator(MAP_FRAME).locator(".zonemap-place")
        expect(marker).to_be_visible()
        dot = page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive[fill='#111111']")
        expect(dot).to_have_count(1)
        page.wait_for_function(  # the map has moved to the place: its dot stays still over two frames
            """frame => new Promise(done => {
                const doc = document.querySelector(frame).contentDocument;
                const at = () => JSON.stringify(doc.querySelector("path.leaflet-interactive[fill='#111111']")
                                                 ?.getBoundingClientRect());
                const first = at();
                requestAnimationFrame(() => requestAnimationFrame(() => done(first === at())));
            })""", arg=MAP_FRAME)
        frame = page.locator(MAP_FRAME).bounding_box()
        box = dot.bounding_box()
        cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        assert abs(cx - (frame["x"] + frame["width"] / 2)) < 40 and abs(cy - (frame["y"] + frame["height"] / 2)) < 40, \
            f"{query} is not centred"
        expect(page).to_have_url(re.compile(rf"place={query}"))
    assert page.context.blocked == []


@pytest.mark.parametrize("width,height", [(1366, 768), (390, 844)])
def test_a_click_on_a_russian_post_shows_its_deal(browser, app_url, atlas, width, height):
    """Issue 24: the Russian military-police points of the northern Homs deal are on the map of 15 Sep 2017, and a
    click on one shows, beside the map, what it is and the deal that set it up (Cairo, 31 Jul 2017)."""
    posts = atlas.at().posts.set_index("id")
    russian = posts[(posts["operator"] == "Russia") & (posts["kind"] == "military-police point")]
    assert len(russian) == 3
    point = russian.geometry["ru_jabburin_kafr_nan"]
    with visitor(browser, width, height) as page:
        open_page(page, app_url)
        wait_map_settled(page)
        click_point(page, point.y, point.x)  # markers close together: any of the three may be on top
        page.wait_for_function(
            """() => {
                const box = document.querySelector(".st-key-details");
                return !!box && box.innerText.includes("Cairo deal, northern Homs (31 Jul 2017)");
            }""", polling="raf", timeout=TIMEOUT)
        text = page.locator(".st-key-details").inner_text()
        assert "Military-police point · Russia" in text
        assert any(name in text for name in russian["name"]), text
        playwright_api().expect(page).to_have_url(re.compile(r"post=ru_"), timeout=TIMEOUT)  # set at the run's end
        assert "area=" not in page.url  # the click chose the post, not the area under it
