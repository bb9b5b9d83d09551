"""Hostile text in a user's areas file: shown as text everywhere, never run.

Every string field of the areas (name, name_ar, note, method, source, confidence is checked by the loader)
carries a script tag, an ``<img onerror>``, a template literal and an Angular-style template. The page is
served with ``ZONEMAP_ZONES`` pointing at that file; every area is hovered and clicked in Chromium. Then the
HTML and SVG exports of the same file are checked: the HTML in the browser, the SVG by parsing it.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from geo import data
from geo.cli import main
from tests.e2e.conftest import serve_app
from tests.e2e.test_page import MAP_FRAME, open_page

pytestmark = pytest.mark.e2e
expect = pytest.importorskip("playwright.sync_api").expect

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "${window.__pwned=1}",
    "{{constructor.constructor('window.__pwned=1')()}}",
]
ALL = " ".join(PAYLOADS)


def hostile_areas() -> dict:
    """The bundled shapes with every text property replaced by payloads (ids kept: they pick the colours)."""
    doc = json.loads(data.AREAS.read_text(encoding="utf-8"))
    for i, feature in enumerate(doc["features"]):
        props = feature["properties"]
        props.update(name=f"Area {i} {PAYLOADS[i % 4]}", name_ar=PAYLOADS[(i + 1) % 4], note=f"Note {ALL}",
                     method=f"Method {PAYLOADS[(i + 2) % 4]}", source=f"Source {PAYLOADS[(i + 3) % 4]}")
    return doc


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.geojson"
    path.write_text(json.dumps(hostile_areas(), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_url(hostile_file, tmp_path_factory, chromium_path):
    yield from (s.url for s in serve_app(tmp_path_factory.mktemp("app") / "hostile.log",
                                         {"ZONEMAP_ZONES": str(hostile_file)}))


def inside_points(path: Path) -> dict[str, tuple[float, float]]:
    """A (lat, lon) inside each area, away from its edges where possible."""
    from geo import load

    areas = load.load_areas(path)
    return {i: (p.y, p.x) for i, p in zip(areas["id"], areas.geometry.representative_point(), strict=True)}


def pixel_of(page, map_element, lat: float, lon: float) -> tuple[float, float]:
    """Centre the Leaflet map on (lat, lon) and return that point's position in the page."""
    offset = {"x": 0, "y": 0}
    if map_element is not None:  # the map is in the st_folium iframe
        offset = page.locator(MAP_FRAME).bounding_box()
        frame = page.frame_locator(MAP_FRAME)
        target = frame.locator(".leaflet-container").first
    else:
        target = page.locator(".leaflet-container").first
    point = target.evaluate(
        """(el, ll) => {
            const map = window.map || Object.values(window).find(v => v instanceof L.Map);
            map.setView(ll, Math.max(map.getZoom(), 9), {animate: false});  // close enough for the thin belt
            const p = map.latLngToContainerPoint(ll);
            const r = el.getBoundingClientRect();
            return {x: r.left + p.x, y: r.top + p.y};
        }""",
        [lat, lon],
    )
    return offset["x"] + point["x"], offset["y"] + point["y"]


def assert_nothing_ran(page) -> None:
    for frame in page.frames:
        assert frame.evaluate("typeof window.__pwned") == "undefined", f"a payload ran in {frame.url}"
        assert frame.evaluate("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0


def test_hostile_names_on_the_page_are_text(page, hostile_url, hostile_file):
    features = [f["properties"] for f in hostile_areas()["features"]]
    points = inside_points(hostile_file)
    open_page(page, hostile_url)
    frame = page.frame_locator(MAP_FRAME)
    for props in features:
        x, y = pixel_of(page, MAP_FRAME, *points[props["id"]])
        page.mouse.move(x, y)
        expect(frame.locator(".leaflet-tooltip", has_text=props["name"]).first).to_be_visible()  # literal text
        assert_nothing_ran(page)
        page.mouse.click(x, y)
        heading = page.locator(".st-key-details h2")
        if props["id"] != "idlib_security_zone":  # the belt overlaps Idlib's edge: either may be picked
            expect(heading).to_have_text(props["name"], timeout=15_000)
            details = page.locator(".st-key-details")
            for field in ("name_ar", "method", "source", "note"):
                expect(details).to_contain_text(props[field])
        assert_nothing_ran(page)
    assert page.locator(".st-key-details script, .st-key-details img").count() == 0
    assert page.context.blocked == []


@pytest.fixture
def hostile_exports(hostile_file, tmp_path) -> dict[str, Path]:
    out = {}
    for fmt in ("html", "svg"):
        out[fmt] = tmp_path / f"map.{fmt}"
        assert main(["export", "--zones", str(hostile_file), "-o", str(out[fmt]), "--zone", "idlib"]) == 0
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_hostile_names_in_the_html_export_are_text(page, hostile_exports, hostile_file):
    handler = functools.partial(_QuietHandler, directory=str(hostile_exports["html"].parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/map.html")
        features = [f["properties"] for f in hostile_areas()["features"]]
        names = [p["name"] for p in features]
        points = inside_points(hostile_file)
        expect(page.locator("path.zonemap-area")).to_have_count(len(features))
        for props in features:
            x, y = pixel_of(page, None, *points[props["id"]])
            page.mouse.move(x, y)
            expect(page.locator(".leaflet-tooltip", has_text=props["name"]).first).to_be_visible()
            page.mouse.click(x, y)
            assert_nothing_ran(page)
        expect(page.locator(".zonemap-title")).to_contain_text(f"{names[0]} — selected")
        expect(page.locator(".zonemap-legend")).to_contain_text(names[3])
        assert page.title() == f"{names[0]} — selected · zonemap"
    finally:
        server.shutdown()
        server.server_close()


def test_hostile_names_in_the_svg_export_are_escaped_text(hostile_exports):
    raw = hostile_exports["svg"].read_text(encoding="utf-8")
    root = ET.fromstring(raw)
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert "script" not in tags and "foreignObject" not in tags
    handlers = [(el.tag, a) for el in root.iter() for a in el.attrib if a.lower().startswith("on")]
    assert handlers == []
    text = "".join("".join(root.itertext()).split())  # legend labels are wrapped over lines
    names = [f["properties"]["name"] for f in hostile_areas()["features"]]
    for name in names:
        assert "".join(name.split()) in text  # legend entries and the title, as text
    assert "<script>" not in raw and "<img" not in raw  # only as &lt;script&gt;
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in raw
