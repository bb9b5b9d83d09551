"""The standalone HTML export draws in Chromium with every outside request blocked."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from geo import export, load
from geo.provisions import load_provisions
from geo.view import View
from tests.test_export import make_layer_files

pytestmark = pytest.mark.e2e
HOSTILE = 'Southern <img src=x onerror="window.pwned=1"> & Quneitra'


@pytest.fixture
def exported(tmp_path) -> Path:
    files = make_layer_files(tmp_path, {"southern": HOSTILE})
    areas = load.load_areas(files["areas"])
    return export.write(tmp_path / "map.html", None, View(provisions=(5,)), areas,
                        load.load_outline(files["outline"]), load.load_governorates(files["governorates"]),
                        load_provisions(None, areas["id"]))


@pytest.fixture
def served(exported):
    """The export's folder on a local HTTP server (the offline context lets only 127.0.0.1 through)."""
    handler = functools.partial(_QuietHandler, directory=str(exported.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{exported.name}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_html_export_draws_offline_with_escaped_tooltips(page, offline_context, served):
    from playwright.sync_api import expect

    page.goto(served)
    expect(page.locator(".leaflet-container")).to_be_visible()
    areas = page.locator("path.zonemap-area")
    expect(areas).to_have_count(5)
    expect(page.locator("path.zonemap-id-idlib.zonemap-highlighted")).to_have_count(1)
    expect(page.locator("path.zonemap-id-southern.zonemap-dimmed")).to_have_count(1)
    expect(page.locator(".zonemap-title")).to_contain_text("Provision 5 — where it applies")
    expect(page.locator(".zonemap-legend")).to_contain_text("Idlib security zone")
    expect(page.locator(".zonemap-note")).to_contain_text("Shapes are approximate")
    expect(page.locator(".leaflet-control-scale")).to_be_visible()
    assert page.title() == "Provision 5 — where it applies · zonemap"

    page.locator("path.zonemap-id-southern").hover()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(HOSTILE)  # shown as text, not parsed as markup
    assert tooltip.locator("img").count() == 0
    assert page.evaluate("window.pwned") is None
    assert offline_context.blocked == []
