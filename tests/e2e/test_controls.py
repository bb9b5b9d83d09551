"""The controls around the map do what they say (issue 20), at a laptop's 1366×768 and a phone's 390×844.

Each test acts as a person does — types a date and presses Enter, moves the slider, clicks (on the phone, taps)
where a post or an area is drawn without moving the map first, chooses provisions in the sidebar — and checks
what that person would see: the date in the title, the post's history, a colour that holds, a legend that names
the right agreement, a table whose numbers are all on screen, the answer in view.
"""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import playwright_api
from tests.e2e.pagekit import (
    MAP_FRAME,
    element_at,
    fill_opacities,
    fills,
    heading,
    in_window,
    inside_points,
    legend_entries,
    open_page,
    open_sidebar,
    press_point,
    screen_point,
    visible,
    visitor,
    wait_details,
    wait_map_settled,
)

pytestmark = pytest.mark.e2e
SIZES = [pytest.param((1366, 768), id="1366x768"), pytest.param((390, 844), id="390x844")]


@pytest.fixture(scope="module")
def expect():
    return playwright_api().expect


@pytest.fixture(params=SIZES)
def person(request, browser):
    """A new visitor at that window size; on the phone's, a touch screen."""
    width, height = request.param
    with visitor(browser, width, height, touch=width < 600) as page:
        yield page


def type_date(page, text: str, then: str = "Enter") -> None:
    """Type a date into the date box as a person does (select what is there, type over it), then press Enter, or
    click elsewhere (``then="click"``: on the sidebar's "Date" heading)."""
    open_sidebar(page)
    page.get_by_label(re.compile("any date", re.I)).first.click()
    page.keyboard.press("ControlOrMeta+a")
    page.keyboard.type(text)
    if then == "Enter":
        page.keyboard.press("Enter")
    else:
        page.locator("section[data-testid='stSidebar'] h2", has_text="Date").click()


def slider(page):
    return page.get_by_role("slider", name="Key dates")


def thumb_label(page):
    return page.locator("section[data-testid='stSidebar'] [data-testid='stSliderThumbValue']").first


def choose(page, label: str, words: str, option: re.Pattern) -> None:
    """Pick an option of a multiselect in the sidebar, as a person does: click, type a few words, click it."""
    open_sidebar(page)
    box = page.locator(f".st-key-{label} input")
    box.click()
    page.keyboard.type(words)
    page.get_by_role("option", name=option).click()
    page.keyboard.press("Escape")  # the choice is sent when the list closes


def test_enter_applies_a_typed_date(person, app_url, expect):
    open_page(person, app_url)
    type_date(person, "2020-03-10")
    expect(heading(person)).to_have_text(re.compile(r"10 March 2020$"))  # Enter alone, no click elsewhere
    expect(person).to_have_url(re.compile(r"date=2020-03-10"))
    expect(person.frame_locator(MAP_FRAME).locator(".zonemap-title")).to_contain_text("As of 10 March 2020")
    expect(thumb_label(person)).to_have_text("10 Mar 2020")


def test_the_slider_after_a_typed_date_sets_the_date(person, app_url, expect):
    open_page(person, app_url)
    type_date(person, "2020-03-10", then="click")  # applied by leaving the box, as every version of the page does
    expect(heading(person)).to_have_text(re.compile(r"10 March 2020$"))
    expect(thumb_label(person)).to_have_text("10 Mar 2020")  # the slider shows the date a typed date set
    thumb = slider(person)
    thumb.focus()
    person.keyboard.press("Home")  # the first key date: the Russia–Turkey ceasefire, 29 Dec 2016 (the process's start)
    expect(heading(person)).to_have_text(re.compile(r"29 December 2016$"))
    expect(person.frame_locator(MAP_FRAME).locator(".zonemap-title")).to_contain_text("As of 29 December 2016")
    expect(person.get_by_label(re.compile("any date", re.I)).first).to_have_value("2016-12-29")  # one date, both
    expect(person).to_have_url(re.compile(r"date=2016-12-29"))
    label = thumb_label(person).bounding_box()
    sidebar = person.locator("section[data-testid='stSidebar']").bounding_box()
    assert sidebar["x"] <= label["x"] and label["x"] + label["width"] <= sidebar["x"] + sidebar["width"], \
        "the slider's date runs off the sidebar"


def test_a_click_on_a_post_selects_it_and_shows_its_history(person, app_url, atlas, expect):
    """On 1 Oct 2018 the twelve Turkish posts stand around Idlib; a click (a tap) on Salwa's selects the post, and
    every post lies where a person can reach it: on the map, under no box."""
    posts = atlas.at("2018-10-01").posts.set_index("id")
    open_page(person, app_url + "/?date=2018-10-01")
    wait_map_settled(person)
    salwa = posts.loc["op_salwa"].geometry
    press_point(person, salwa.y, salwa.x)
    wait_details(person, "Salwa")
    details = person.locator(".st-key-details")
    expect(details).to_contain_text("Observation post · Turkey")
    expect(details).to_contain_text("Set up: between 13 Oct 2017 and 20 Nov 2017")  # the first entry; AA: active
    expect(details).to_contain_text("Still standing")
    expect(person).to_have_url(re.compile(r"post=op_salwa"))
    assert in_window(person, person.locator(".st-key-details h2")), "the post's details are out of view"
    open_page(person, app_url + "/?date=2018-10-01")  # the map as it opens, for the others
    wait_map_settled(person)
    expect(person.frame_locator(MAP_FRAME).locator("path.zonemap-post")).to_have_count(len(posts))
    for post_id, row in posts.iterrows():
        x, y = screen_point(person, row.geometry.y, row.geometry.x)
        assert visible(person, x, y), f"{row['name']} is off the map at {person.viewport_size}"
        assert f"zonemap-post-{post_id}" in element_at(person, x, y), \
            f"{row['name']} is covered by {element_at(person, x, y)!r} at {person.viewport_size}"


def test_a_provision_keeps_its_colour_when_a_second_is_added(person, app_url, expect):
    open_page(person, app_url)
    choose(person, "provisions", "Control forces", re.compile(r"^5 · "))
    expect(person).to_have_url(re.compile(r"provision=5$"))
    frame = person.frame_locator(MAP_FRAME)
    expect(frame.locator("path.zonemap-id-idlib_security_zone.zonemap-highlighted")).to_have_count(1)
    alone = fills(person)["idlib_security_zone"]
    lit, context = fill_opacities(person)["idlib_security_zone"], fill_opacities(person)["idlib"]
    assert lit > context, f"the lit zone ({lit}) is fainter than its context ({context})"
    choose(person, "provisions", "Creation of the four", re.compile(r"^2 · "))
    expect(person).to_have_url(re.compile(r"provision=5&provision=2$"))
    expect(frame.locator("path.zonemap-id-southern.zonemap-highlighted")).to_have_count(1)
    colours = fills(person)
    assert colours["idlib_security_zone"] == alone, "provision 5's zone changed colour when provision 2 was added"
    assert colours["southern"] != alone, "provision 2 and provision 5 must look different"
    swatches = dict(legend_entries(person))  # the legend shows the colours the map draws
    assert swatches["Astana joint statement 5: Idlib security zone"] == alone
    assert swatches["Astana joint statement 2: all 4 de-escalation areas"] == colours["southern"]


def test_legend_labels_name_their_own_agreement(person, app_url, expect):
    """Category "security" on 15 Sep 2017: the memorandum's provision 3 and the statement's 5 name the security
    zone, the memorandum's 4 and the statement's 7 Syria as a whole. The memorandum has no provision 7."""
    open_page(person, app_url + "/?category=security")
    legend = person.frame_locator(MAP_FRAME).locator(".zonemap-legend")
    expect(legend).to_contain_text("Idlib security zone")
    folded = legend.locator("details:not([open]) summary")
    if folded.count():
        folded.click()  # the legend folds on a phone: a person opens it
    text = " ".join(legend.inner_text().split())
    assert "Astana memorandum 3" in text and "Astana joint statement 5" in text
    assert "Astana memorandum 4" in text and "Astana joint statement 7" in text
    assert "memorandum 3, 5" not in text and "memorandum 4, 7" not in text


def test_the_violence_table_shows_all_its_columns(person, app_url, expect):
    open_page(person, app_url + "/?area=eastern_ghouta")
    table = person.locator(".st-key-violence_table table")
    expect(table).to_be_visible()
    heads = table.locator("th")
    expect(heads).to_have_count(5)
    expect(table).to_contain_text("Rest of Syria")
    width = person.viewport_size["width"]
    holder = person.locator(".st-key-violence_table").bounding_box()
    for cell in [*heads.all(), *table.locator("tbody tr").first.locator("td").all()]:
        box = cell.bounding_box()
        assert box["x"] >= holder["x"] - 1 and box["x"] + box["width"] <= min(holder["x"] + holder["width"], width) + 1, \
            f"the column {cell.inner_text()!r} is cut at {person.viewport_size}"
    assert person.locator(".st-key-violence_table").evaluate("e => e.scrollWidth <= e.clientWidth + 1")


def test_the_answer_comes_into_view_after_a_tap_on_the_phone(browser, app_url, atlas, expect):
    points = inside_points()
    with visitor(browser, 390, 844, touch=True) as page:
        open_page(page, app_url)
        wait_map_settled(page)
        press_point(page, *points["southern"])
        wait_details(page, atlas.names["southern"])
        # The whole heading on screen, as a person reads it: the page scrolls to it (a part of it peeking in at the
        # window's bottom edge, where the details start below the phone's map, is not an answer in view).
        expect(page.locator(".st-key-details h2")).to_be_in_viewport(ratio=1)
        assert in_window(page, page.locator(".st-key-details h2"))
        open_page(page, app_url)
        open_sidebar(page)
        sidebar = page.locator("section[data-testid='stSidebar']").bounding_box()
        map_box = page.locator(MAP_FRAME).bounding_box()
        strip = map_box["x"] + map_box["width"] - (sidebar["x"] + sidebar["width"])
        assert strip >= 120, f"the open sidebar leaves {strip:.0f} px of the map"  # a third of a phone's width
        box = page.locator(".st-key-place input")
        box.fill("Saraqib")
        box.press("Enter")
        answer = page.locator(".st-key-details [data-testid='stAlertContentSuccess']")
        expect(answer).to_contain_text("lay inside")
        expect(page.locator("section[data-testid='stSidebar']")).to_have_attribute("data-collapsed", "true")
        expect(answer).to_be_in_viewport()
        header = page.locator("header[data-testid='stHeader']").bounding_box()
        assert answer.bounding_box()["y"] >= header["y"] + header["height"] - 1, "the answer is under the header"


def test_no_tooltip_is_left_away_from_the_pointer_after_a_click(page, app_url, atlas, expect):
    """A click on the security zone zooms the map to it: a tooltip still open must be the one under the pointer,
    beside it — not one left where a shape was before the map moved (it covered the Idlib label)."""
    points = inside_points()
    open_page(page, app_url)
    wait_map_settled(page)
    x, y = screen_point(page, *points["idlib_security_zone"])
    page.mouse.move(x, y)
    page.mouse.click(x, y)
    wait_details(page, atlas.names["idlib_security_zone"])
    wait_map_settled(page)
    frame = page.locator(MAP_FRAME).bounding_box()
    tips = page.frame_locator(MAP_FRAME).locator(".leaflet-tooltip:not(.zonemap-place)").evaluate_all(
        "els => els.filter(e => getComputedStyle(e).opacity > 0).map(e => e.getBoundingClientRect().toJSON())")
    for tip in tips:
        left, top = frame["x"] + tip["left"], frame["y"] + tip["top"]
        right, bottom = frame["x"] + tip["right"], frame["y"] + tip["bottom"]
        gap = max(left - x, x - right, 0) + max(top - y, y - bottom, 0)
        assert gap < 40, f"a tooltip at ({left:.0f}, {top:.0f}) is {gap:.0f} px from the pointer at ({x:.0f}, {y:.0f})"
