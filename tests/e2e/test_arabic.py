"""The page in Arabic (issue 23), at a laptop's 1366×768 and a phone's 390×844, opened from a link with ``?lang=ar``.

A reader of Arabic opens the link, sees a page laid out right to left with an Arabic title and headings, clicks
(taps) an area where it is drawn, without preparing the map, and reads its details in Arabic; the map's legend
reads in Arabic; and no English word is left on the page except names that have no Arabic.

What "Arabic" means here comes from outside the code under test: the Arabic catalogue itself
(``geo/base/locale/ar/LC_MESSAGES/zonemap.po``, read with Babel's own reader), the Arabic names in the bundled
``zones/areas.parquet`` (read with pyarrow), and the Levantine month name of September ("أيلول"). The Latin
words allowed are those the catalogue itself keeps in its Arabic (names such as UCDP, GeoJSON, OCHA, zonemap),
the names of the languages in the language switch, and Leaflet's credit; the agreements' own words (quoted,
in English where no Arabic text exists) and data prose the page says is English are checked to be said so.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.conftest import playwright_api
from tests.e2e.pagekit import (
    MAP_FRAME,
    heading,
    inside_points,
    legend_entries,
    open_page,
    open_sidebar,
    press_point,
    visitor,
    wait_details,
    wait_map_settled,
)

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SIZES = [pytest.param((1366, 768), id="1366x768"), pytest.param((390, 844), id="390x844")]
LATIN = re.compile(r"[A-Za-z][A-Za-z'’-]*")
ARABIC = re.compile("[\u0600-\u06ff]")
SEPTEMBER = "أيلول"  # the Levantine name of September, as Syrian newsrooms write it
MARCH = "آذار"  # and of March
# Names without Arabic that the page may show beside the catalogue's: the language switch names English in
# English (each language in its own words), the basemap's provider and the map library are named as they are.
OTHER_NAMES = {"English", "OpenStreetMap", "Leaflet"}


@pytest.fixture(scope="module")
def expect():
    return playwright_api().expect


@pytest.fixture(scope="module")
def po():
    """The Arabic catalogue, read with Babel's reader: English message → Arabic (the plain messages)."""
    from babel.messages.pofile import read_po

    with open(ROOT / "geo" / "base" / "locale" / "ar" / "LC_MESSAGES" / "zonemap.po", "rb") as fh:
        catalogue = read_po(fh)
    return catalogue


def arabic(po, message: str, context: str | None = None) -> str:
    found = po.get(message, context=context)
    assert found is not None and found.string, f"{message!r} is not translated in the Arabic catalogue"
    return found.string


@pytest.fixture(scope="module")
def names_ar() -> dict[str, str]:
    """Each bundled area's Arabic name, read with pyarrow from zones/areas.parquet."""
    import pyarrow.parquet as pq

    table = pq.read_table(ROOT / "zones" / "areas.parquet", columns=["id", "name_ar"]).to_pydict()
    return dict(zip(table["id"], table["name_ar"], strict=True))


@pytest.fixture(scope="module")
def allowed_latin(po) -> set[str]:
    """The Latin words the Arabic catalogue itself keeps (names: UCDP, GeoJSON, OCHA, zonemap, YYYY-MM-DD…)."""
    words = set(OTHER_NAMES)
    for message in po:
        if not message.id:  # the header (translator, tool), not a message
            continue
        strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
        for string in strings:
            words.update(LATIN.findall(string or ""))
    return words


@pytest.fixture(params=SIZES)
def reader(request, browser):
    width, height = request.param
    with visitor(browser, width, height, touch=width < 600) as page:
        yield page


# The text a reader sees (and a screen reader reads), with what is not a sentence set apart: the agreements'
# quoted words (blockquotes, checked apart), icon ligatures, and Streamlit's "running" status.
VISIBLE_TEXT = """root => {
    const skip = 'blockquote, [data-testid="stIconMaterial"], [data-testid="stStatusWidget"], ' +
                 'script, style, noscript';
    const parts = [];
    const walk = el => {
        if (el.matches && el.matches(skip)) return;
        const style = el.nodeType === 1 ? getComputedStyle(el) : null;
        if (style && (style.display === 'none' || style.visibility === 'hidden')) {
            if (!el.children.length) return;
        }
        for (const node of el.childNodes) {
            if (node.nodeType === 3) {
                const parent = node.parentElement;
                if (parent && getComputedStyle(parent).visibility !== 'hidden' && node.textContent.trim()) {
                    parts.push(node.textContent.trim());
                }
            } else if (node.nodeType === 1) { walk(node); }
        }
    };
    walk(root);
    return parts;
}"""


def english_left(texts: list[str], allowed: set[str], marker: str) -> list[str]:
    """Latin words not allowed, from texts that are not said to be English (``marker``: the catalogue's own
    "(in English)")."""
    left = []
    for text in texts:
        if marker in text:
            continue
        left.extend(w for w in LATIN.findall(text) if w not in allowed)
    return left


def test_the_page_reads_in_arabic_right_to_left(reader, app_url, po, names_ar, allowed_latin, expect):
    page = reader
    open_page(page, app_url + "/?lang=ar")
    wait_map_settled(page)

    # Laid out right to left, the title in Arabic with its Levantine date.
    expect(page.locator('[data-testid="stMain"]')).to_have_attribute("dir", "rtl")
    expect(page.locator('[data-testid="stSidebarContent"]')).to_have_attribute("dir", "rtl")
    title = arabic(po, "Syria's de-escalation areas · {date}").format(date=f"15 {SEPTEMBER} 2017")
    expect(heading(page)).to_have_text(title)
    for text in page.locator("h1, h2, h3").all_inner_texts():
        if text.strip():
            assert ARABIC.search(text) and not english_left([text], allowed_latin, "\0"), f"not in Arabic: {text!r}"

    # The map's title box and its legend are mirrored: at the map's left, the zoom buttons at its right.
    frame = page.frame_locator(MAP_FRAME)
    box = page.locator(MAP_FRAME).bounding_box()
    for selector in (".zonemap-title", ".zonemap-legend"):
        control = frame.locator(selector).bounding_box()
        assert control["x"] + control["width"] / 2 < box["x"] + box["width"] / 2, f"{selector} is not at the left"
    zoom = frame.locator(".leaflet-control-zoom").bounding_box()
    assert zoom["x"] > box["x"] + box["width"] / 2, "the zoom buttons are not at the right"

    # A click (a tap) where the southern area is drawn, on the map as it opened, shows its details in Arabic.
    point = inside_points()["southern"]
    press_point(page, *point)
    wait_details(page, names_ar["southern"])
    details = page.locator(".st-key-details")
    kind = arabic(po, "De-escalation area", context="kind")
    expect(details).to_contain_text(kind)
    expect(details).to_contain_text(arabic(po, "Provisions that apply here"))
    expect(details).to_contain_text(SEPTEMBER)

    # The legend reads in Arabic (read after the tap: unfolded on a phone, the mirrored legend lies over the
    # south): the selected area by its Arabic name, every line with Arabic and no stray English.
    labels = [label for label, _ in legend_entries(page)]
    assert names_ar["southern"] in labels, f"{names_ar['southern']} is not in the legend {labels}"
    for label in labels:
        assert ARABIC.search(label), f"a legend line with no Arabic: {label!r}"
    assert english_left(labels, allowed_latin, "\0") == [], labels

    # The agreements' words are quoted as found (English here) and each quote is said to be the English text.
    quotes = details.locator("blockquote")
    note = arabic(po, "The English text: no text in this language was found.")
    english = [q for q in quotes.all_inner_texts() if not ARABIC.search(q)]  # an Arabic original needs no note
    assert english
    assert details.get_by_text(note, exact=False).count() >= len(english)

    # No English word left outside names without Arabic; data prose said to be English is marked so.
    marker = arabic(po, "{text} (in English)").replace("{text}", "").strip()
    texts = page.locator("body").evaluate(VISIBLE_TEXT) + frame.locator("body").evaluate(VISIBLE_TEXT)
    left = english_left(texts, allowed_latin, marker)
    assert left == [], f"English words on the Arabic page: {sorted(set(left))[:30]}"


def test_a_language_switch_keeps_the_map_and_the_date(reader, app_url, expect):
    """A reader on 5 March 2020 switches to Arabic in the sidebar: the same map frame is redrawn in Arabic (no blank
    reload), and the date holds in the title, in the map's title box and on the slider."""
    page = reader
    open_page(page, app_url + "/?date=2020-03-05")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("#map_div").evaluate("el => { window.zonemapSameFrame = true; }")
    open_sidebar(page)
    page.locator(".st-key-lang").get_by_text("العربية", exact=True).click()
    march = re.compile(f"5 {MARCH} 2020")
    expect(page.locator('[data-testid="stMain"]')).to_have_attribute("dir", "rtl")
    expect(heading(page)).to_have_text(march)
    expect(frame.locator(".zonemap-title")).to_contain_text(march)
    expect(page.locator(".st-key-day_slider input[type='range']")).to_have_attribute("aria-valuetext", march)
    expect(page).to_have_url(re.compile(r"lang=ar.*date=2020-03-05|date=2020-03-05.*lang=ar"))
    assert frame.locator("#map_div").evaluate("el => window.zonemapSameFrame === true"), "the map frame reloaded"


# Where, on screen, two words of the first text node that holds both lie: their left edges (x), in pixels.
WORD_X = """([root, first, second]) => {
    const walk = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
    for (let node = walk.nextNode(); node; node = walk.nextNode()) {
        const at = node.data.indexOf(first + ' ' + second);
        if (at < 0) continue;
        const x = (start, length) => {
            const range = document.createRange();
            range.setStart(node, start);
            range.setEnd(node, start + length);
            return range.getBoundingClientRect().left;
        };
        return [x(at, first.length), x(at + first.length + 1, second.length)];
    }
    return null;
}"""


def test_english_prose_keeps_its_order_on_the_arabic_page(browser, app_url, expect):
    """The data's English sentences (said to be English) read left to right inside the right-to-left page: "20 Aug
    2019: the government took …" keeps its day before its month, not moved to the far end of the line."""
    with visitor(browser, 1366, 768) as page:
        open_page(page, app_url + "/?lang=ar&date=2019-08-17&area=idlib")
        details = page.locator(".st-key-details")
        expect(details).to_contain_text("the government took")
        day, month = page.evaluate(WORD_X, [".st-key-details", "20", "Aug"])
        assert day < month, "the English sentence is reordered by the right-to-left page"
