"""What the browser tests do the way a person does: open the page, find where a shape is drawn on screen
(reading the map, never moving it), click or tap there, and wait for what the person would see.

Every wait follows the page — an element appearing, a text changing, the map frame holding what it should — with
one generous ceiling (:data:`TIMEOUT`, also Playwright's default for ``expect`` and for every action, set in
``conftest.py``): a slow, loaded machine makes a test slower, never red. No test sleeps.
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
TIMEOUT = 180_000  # ms: the one ceiling of every wait (ten sessions at once on a loaded two-core machine included)
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def open_page(page, url: str) -> float:
    """Open the page and wait for the map's areas; returns the seconds it took (checked every frame)."""
    start = time.perf_counter()
    page.goto(url)
    page.wait_for_function(
        """frame => {
            const doc = document.querySelector(frame)?.contentDocument;
            return !!doc && !!doc.querySelector("path.zonemap-area");
        }""",
        arg=MAP_FRAME, polling="raf", timeout=TIMEOUT)
    return time.perf_counter() - start


def wait_map_settled(page) -> None:
    """Wait until the map has applied its frame (the scene layer's one-off move)."""
    page.frame_locator(MAP_FRAME).locator("#map_div").evaluate(
        "el => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def screen_point(page, lat: float, lon: float) -> tuple[float, float]:
    """Where (lat, lon) is drawn on the screen now: read from the map, which is left where it is."""
    box = page.locator(MAP_FRAME).bounding_box()
    point = page.frame_locator(MAP_FRAME).locator("#map_div").evaluate(
        "(el, ll) => { const p = window.map.latLngToContainerPoint(ll); return {x: p.x, y: p.y}; }", [lat, lon])
    return box["x"] + point["x"], box["y"] + point["y"]


def scrolled(page) -> tuple[int, int]:
    """How far the page is scrolled: the window, and Streamlit's main pane (which scrolls on its own)."""
    return tuple(page.evaluate("""() => [Math.round(window.scrollY),
        Math.round(document.querySelector('[data-testid="stMain"]')?.scrollTop || 0)]"""))


def visible(page, x: float, y: float) -> bool:
    """True when (x, y) is inside both the window and the map frame."""
    box = page.locator(MAP_FRAME).bounding_box()
    size = page.viewport_size
    return (box["x"] < x < box["x"] + box["width"] and box["y"] < y < box["y"] + box["height"]
            and 0 <= x < size["width"] and 0 <= y < size["height"])


def click_point(page, lat: float, lon: float) -> None:
    """Click where (lat, lon) is drawn, as a person would: it must be on screen already."""
    x, y = screen_point(page, lat, lon)
    assert visible(page, x, y), f"({lat}, {lon}) is not on screen at {page.viewport_size}: ({x:.0f}, {y:.0f})"
    page.mouse.click(x, y)


def wait_details(page, name: str, timeout: int = TIMEOUT) -> float:
    """Seconds until the details panel's heading reads ``name`` (checked every animation frame)."""
    start = time.perf_counter()
    page.wait_for_function(
        """name => {
            const h = document.querySelector(".st-key-details h2");
            return !!h && h.innerText.trim() === name;
        }""",
        arg=name, polling="raf", timeout=timeout)
    return time.perf_counter() - start


def area_states(page) -> dict[str, str]:
    """Every drawn shape's id and state, read from its CSS classes."""
    import re

    classes = page.frame_locator(MAP_FRAME).locator("path.zonemap-area").evaluate_all(
        "els => els.map(e => e.getAttribute('class'))")
    out = {}
    for cls in classes:
        shape_id = re.search(r"zonemap-id-(\S+)", cls).group(1)
        out[shape_id] = re.search(r"zonemap-(highlighted|dimmed|selected|context)", cls).group(1)
    return out


def fills(page) -> dict[str, str]:
    """Every drawn shape's fill colour, as the browser paints it."""
    import re

    pairs = page.frame_locator(MAP_FRAME).locator("path.zonemap-area").evaluate_all(
        "els => els.map(e => [e.getAttribute('class'), e.getAttribute('fill')])")
    return {re.search(r"zonemap-id-(\S+)", c).group(1): f.upper() for c, f in pairs}


def inside_points(day: str = "2017-09-15") -> dict[str, tuple[float, float]]:
    """A (lat, lon) well inside each shape drawn on ``day``, away from the other shapes drawn on top."""
    import shapely

    from geo.model.atlas import load_atlas
    from geo.scene.scene import View, resolve

    atlas = load_atlas()
    scene = resolve(atlas.at(day), View())
    out = {}
    shapes = list(zip(scene.shapes["id"], scene.shapes.geometry, strict=True))
    # The posts' markers sit on top of the shapes: a point under one would hover (and a click would pick) the post.
    # Kept 0.15° clear of them where the shape allows, else 0.09° (eastern Ghouta, ringed by its crossings: about
    # 8 px at the zoom the page opens with, more than a marker's radius).
    clear = [shapely.union_all([g.buffer(d) for g in scene.posts.geometry]) for d in (0.15, 0.09)
             ] if not scene.posts.empty else []
    for k, (shape_id, geom) in enumerate(shapes):
        on_top = [g for _, g in shapes[k + 1:]]
        free = geom
        for other in on_top:
            free = free.difference(other)
        for markers in clear:
            if not free.difference(markers).buffer(-0.01).is_empty:
                free = free.difference(markers)
                break
        core = free.buffer(-0.01) if not free.buffer(-0.01).is_empty else free
        point = core.representative_point()
        out[shape_id] = (point.y, point.x)
    return out


def wait_drawn(page, counts: dict[str, int | None], timeout: int = TIMEOUT) -> float:
    """Seconds until the map frame holds, for each CSS selector, exactly that many elements (None: at least one),
    checked every animation frame; e.g. ``{"path.zonemap-id-m4_corridor": None, "path.zonemap-event": 0}``."""
    start = time.perf_counter()
    page.wait_for_function(
        """([frame, counts]) => {
            const doc = document.querySelector(frame)?.contentDocument;
            if (!doc) return false;
            return Object.entries(counts).every(([sel, n]) => {
                const found = doc.querySelectorAll(sel).length;
                return n === null ? found > 0 : found === n;
            });
        }""",
        arg=[MAP_FRAME, counts], polling="raf", timeout=timeout)
    return time.perf_counter() - start


@contextmanager
def visitor(browser, width: int, height: int, touch: bool = False):
    """A page in a new offline context of that window size (a phone's taps with ``touch``), checked as the ``page``
    fixture checks its page: nothing tried to leave the machine, no console error, no uncaught exception."""
    from tests.e2e.conftest import new_offline_context, watch_errors

    context = new_offline_context(browser, {"width": width, "height": height}, touch=touch)
    try:
        page = context.new_page()
        page.touch = touch
        errors: list[str] = []
        watch_errors(page, errors)
        yield page
        assert context.blocked == [], f"requests tried to leave the machine: {context.blocked}"
        assert errors == [], "the page logged errors:\n" + "\n".join(errors)
    finally:
        context.close()


def tap_point(page, lat: float, lon: float) -> None:
    """Tap where (lat, lon) is drawn, as a person does on a phone (it must be on screen already)."""
    x, y = screen_point(page, lat, lon)
    assert visible(page, x, y), f"({lat}, {lon}) is not on screen at {page.viewport_size}: ({x:.0f}, {y:.0f})"
    page.touchscreen.tap(x, y)


def press_point(page, lat: float, lon: float) -> None:
    """A click on a laptop, a tap on a phone (a context made with touch)."""
    if getattr(page, "touch", False):
        tap_point(page, lat, lon)
    else:
        click_point(page, lat, lon)


def open_sidebar(page) -> None:
    """On a phone the sidebar starts folded: open it as a person does, with its button."""
    button = page.locator('[data-testid="stExpandSidebarButton"]')
    if button.count() and button.first.is_visible():
        button.first.click()
    page.locator('section[data-testid="stSidebar"][data-collapsed="false"]').wait_for()


def heading(page):
    """The page's title (its date)."""
    return page.locator("h1").first


def legend_entries(page) -> list[tuple[str, str]]:
    """The map legend's rows as drawn: (label, the swatch's colour as #RRGGBB). A legend folded on a narrow map
    is first unfolded, as a person would, with its summary line."""
    legend = page.frame_locator(MAP_FRAME).locator(".zonemap-legend details")
    if legend.evaluate("d => !d.open"):
        legend.locator("summary").click()
    rows = page.frame_locator(MAP_FRAME).locator(".zonemap-legend .zonemap-entry").evaluate_all(
        """els => els.map(e => { const i = e.querySelector('i'); const s = getComputedStyle(i);
            const c = s.backgroundColor !== 'rgba(0, 0, 0, 0)' ? s.backgroundColor : (s.color || s.borderTopColor);
            return [e.innerText.trim(), c]; })""")
    return [(label, _hex(colour)) for label, colour in rows]


def _hex(rgb: str) -> str:
    parts = [int(float(v)) for v in re.findall(r"[\d.]+", rgb)[:3]]
    return "#" + "".join(f"{v:02X}" for v in parts) if len(parts) == 3 else rgb


def fill_opacities(page) -> dict[str, float]:
    """Every drawn shape's fill opacity, as the browser paints it."""
    pairs = page.frame_locator(MAP_FRAME).locator("path.zonemap-area").evaluate_all(
        "els => els.map(e => [e.getAttribute('class'), e.getAttribute('fill-opacity')])")
    return {re.search(r"zonemap-id-(\S+)", c).group(1): float(o) for c, o in pairs}


def element_at(page, x: float, y: float) -> str:
    """The classes of what a person would hit at screen point (x, y) inside the map frame."""
    box = page.locator(MAP_FRAME).bounding_box()
    return page.frame_locator(MAP_FRAME).locator("#map_div").evaluate(
        """(el, p) => { const e = document.elementFromPoint(p[0], p[1]);
            return e ? (e.getAttribute('class') || e.tagName) : ''; }""", [x - box["x"], y - box["y"]])


def in_window(page, locator) -> bool:
    """True when the element's top lies inside the window, where a person sees it without scrolling."""
    box = locator.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"] - 20
