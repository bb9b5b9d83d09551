"""The standalone HTML export, opened the way a user opens it (a file:// page, no server), draws with every
outside request blocked; names from a file are shown as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.base.text import clip
from geo.cli import main
from geo.draw.render import LABEL_CHARS
from geo.scene.scene import TIP_CHARS
from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection
from tests.e2e.conftest import playwright_api
from tests.hostile import PAYLOADS, write

pytestmark = pytest.mark.e2e
HOSTILE = "Southern " + " ".join(PAYLOADS)  # the shared hostile list (tests/hostile.py): each sets window.__pwned


@pytest.fixture
def exported(tmp_path) -> Path:
    areas = write(tmp_path / "mine.geojson", collection(area_feature("north", IDLIB_SQUARE, name="North"),
                                                        area_feature("south", DARAA_SQUARE, name=HOSTILE)))
    target = tmp_path / "map.html"
    assert main(["export", "--zones", str(areas), "-o", str(target), "--zone", "north"]) == 0
    return target


def test_the_html_export_opened_as_a_file_draws_offline(page, offline_context, exported):
    expect = playwright_api().expect
    page.goto(exported.as_uri())
    expect(page.locator(".leaflet-container")).to_be_visible()
    expect(page.locator("path.zonemap-area")).to_have_count(2)
    expect(page.locator("path.zonemap-id-north.zonemap-selected")).to_have_count(1)
    expect(page.locator(".zonemap-title")).to_contain_text("North — selected")
    expect(page.locator(".zonemap-title")).to_contain_text("As of 15 September 2017")
    expect(page.locator(".zonemap-label", has_text=clip(HOSTILE, LABEL_CHARS))).to_have_count(1)  # as text
    expect(page.locator(".leaflet-control-scale")).to_be_visible()
    assert page.title() == "North — selected · zonemap"
    page.locator(".zonemap-frame button[data-f='areas']").click()  # the export opens on the selection
    page.locator("path.zonemap-id-south").hover()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(clip(HOSTILE, TIP_CHARS))  # shown as text, not parsed as markup
    assert tooltip.locator("img, script").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert offline_context.blocked == []
