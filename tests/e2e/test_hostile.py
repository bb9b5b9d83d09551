"""Hostile text in a user's areas file: shown as text everywhere, never run.

Every string field of the areas (name, name_ar, note, method, source, confidence is checked by the loader)
carries a script tag, an ``<img onerror>``, a template literal and an Angular-style template. The page is
served with ``ZONEMAP_ZONES`` pointing at that file; every area is hovered and clicked in Chromium. Then the
HTML and SVG exports of the same file are checked: the HTML in the browser, the SVG by parsing it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from geo.cli import main
from tests.conftest import bundled_area_features
from tests.e2e.conftest import playwright_api, serve_app
from tests.e2e.pagekit import MAP_FRAME, click_point, open_page, screen_point, wait_map_settled
from tests.hostile import PAYLOADS, write

pytestmark = pytest.mark.e2e

ALL = " ".join(PAYLOADS)  # the shared hostile list (tests/hostile.py): each sets window.__pwned if it runs


def hostile_areas() -> dict:
    """The bundled shapes of 15 Sep 2017 with every text property replaced by payloads (ids kept)."""
    doc = {"type": "FeatureCollection", "features": bundled_area_features()}
    doc["features"] = [f for f in doc["features"] if f["properties"]["valid_from"] <= "2017-09-15"
                       and (f["properties"]["valid_to"] or "9999") > "2017-09-15"
                       and f["properties"]["kind"] != "area as agreed"]  # the areas and zones the page selects
    for i, feature in enumerate(doc["features"]):
        props = feature["properties"]
        props.update(name=f"Area {i} {PAYLOADS[i % 4]}", name_ar=PAYLOADS[(i + 1) % 4], note=f"Note {ALL}",
                     method=f"Method {PAYLOADS[(i + 2) % 4]}", source=f"Source {PAYLOADS[(i + 3) % 4]}")
    return doc


@pytest.fixture(scope="module")
def hostile_file(tmp_path_factory) -> Path:
    return write(tmp_path_factory.mktemp("hostile") / "hostile.geojson", hostile_areas())


@pytest.fixture(scope="module")
def hostile_url(hostile_file, tmp_path_factory, chromium_path):
    yield from (s.url for s in serve_app(tmp_path_factory.mktemp("app") / "hostile.log",
                                         {"ZONEMAP_ZONES": str(hostile_file)}))


def export_point(page, lat: float, lon: float) -> tuple[float, float]:
    """Where (lat, lon) is drawn in a standalone HTML export (its map is left where it opened)."""
    return tuple(page.locator(".leaflet-container").first.evaluate(
        """(el, ll) => {
            const map = Object.values(window).find(v => v instanceof L.Map);
            const p = map.latLngToContainerPoint(ll);
            const r = el.getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""", [lat, lon]))


def assert_nothing_ran(page) -> None:
    for frame in page.frames:
        assert frame.evaluate("typeof window.__pwned") == "undefined", f"a payload ran in {frame.url}"
        assert frame.evaluate("document.querySelectorAll('img[src=\"x\"], img[onerror]').length") == 0


def test_hostile_names_on_the_page_are_text(page, hostile_url):
    from tests.e2e.pagekit import inside_points

    expect = playwright_api().expect
    features = [f["properties"] for f in hostile_areas()["features"]]
    points = inside_points()
    frame = page.frame_locator(MAP_FRAME)
    for props in features:
        open_page(page, hostile_url)
        wait_map_settled(page)
        x, y = screen_point(page, *points[props["id"]])
        page.mouse.move(x, y)
        expect(frame.locator(".leaflet-tooltip", has_text=props["name"]).first).to_be_visible()  # literal text
        assert_nothing_ran(page)
        click_point(page, *points[props["id"]])
        expect(page.locator(".st-key-details h2")).to_have_text(props["name"])
        details = page.locator(".st-key-details")
        details.get_by_text("How the shape was drawn").click()
        for field in ("name_ar", "method", "source", "note"):
            expect(details).to_contain_text(props[field])
        assert_nothing_ran(page)
    assert page.locator(".st-key-details script, .st-key-details img").count() == 0
    assert page.context.blocked == []


@pytest.fixture
def hostile_exports(hostile_file, tmp_path) -> dict[str, Path]:
    out = {}
    out["html"] = tmp_path / "map.html"  # Idlib selected: its name in the title
    assert main(["export", "--zones", str(hostile_file), "-o", str(out["html"]), "--zone", "idlib"]) == 0
    out["svg"] = tmp_path / "map.svg"  # nothing selected: every area named on the map
    assert main(["export", "--zones", str(hostile_file), "-o", str(out["svg"])]) == 0
    return out


def test_hostile_names_in_the_html_export_are_text(page, hostile_exports):
    from tests.e2e.pagekit import inside_points

    expect = playwright_api().expect
    page.goto(hostile_exports["html"].as_uri())
    features = [f["properties"] for f in hostile_areas()["features"]]
    names = {p["id"]: p["name"] for p in features}
    points = inside_points()
    expect(page.locator("path.zonemap-area")).to_have_count(len(features))
    page.locator(".zonemap-frame button[data-f='areas']").click()
    for props in features:
        x, y = export_point(page, *points[props["id"]])
        page.mouse.move(x, y)
        expect(page.locator(".leaflet-tooltip", has_text=props["name"]).first).to_be_visible()
        page.mouse.click(x, y)
        assert_nothing_ran(page)
    expect(page.locator(".zonemap-title")).to_contain_text(f"{names['idlib']} — selected")
    expect(page.locator(".zonemap-label", has_text=names["southern"])).to_have_count(1)  # its name, on the map
    assert page.title() == f"{names['idlib']} — selected · zonemap"


def test_hostile_names_in_the_svg_export_are_escaped_text(hostile_exports):
    raw = hostile_exports["svg"].read_text(encoding="utf-8")
    root = ET.fromstring(raw)
    tags = {el.tag.rsplit("}", 1)[-1] for el in root.iter()}
    assert "script" not in tags and "foreignObject" not in tags
    handlers = [(el.tag, a) for el in root.iter() for a in el.attrib if a.lower().startswith("on")]
    assert handlers == []
    text = "".join("".join(root.itertext()).split())  # legend labels are wrapped over lines
    names = [f["properties"]["name"] for f in hostile_areas()["features"] if f["properties"]["kind"] == "de-escalation area"]
    for name in names:
        assert "".join(name.split()) in text  # the title, the legend or the labels on the map, as text
    assert "<script>" not in raw and "<img" not in raw  # only as &lt;script&gt;
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in raw
