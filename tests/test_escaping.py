"""Text from a user's file reaches the map's HTML as inert text: HTML-escaped, and never evaluated by the
Jinja pass that branca runs over every element's rendered script (server-side template injection)."""

from __future__ import annotations

import json

import pytest

from geo import load, render
from geo.provisions import load_provisions
from geo.view import View
from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection

TEMPLATES = ["{{ 7*7 }}", "{% for x in range(3) %}LOOP{% endfor %}", "{# unclosed comment", "{{ cycler.__init__ }}"]


@pytest.mark.parametrize("payload", TEMPLATES)
def test_template_syntax_in_names_is_shown_not_run(tmp_path, payload):
    path = tmp_path / "areas.geojson"
    path.write_text(json.dumps(collection(
        area_feature("north", IDLIB_SQUARE, name=f"N {payload}", name_ar=payload),
        area_feature("south", DARAA_SQUARE, name="South <b>bold</b>"))), encoding="utf-8")
    areas = load.load_areas(path)
    provisions = load_provisions(None, None)
    html = render.build_map(areas, load.load_outline(), load.load_governorates(), provisions,
                            View(selected="north")).get_root().render()
    assert "N 49" not in html
    assert "LOOPLOOP" not in html and "function cycler" not in html
    shown = render.escape_text(f"N {payload}")  # character references, decoded by the browser
    assert shown.replace("&", "\\u0026") in html  # inside the map's script (Jinja's tojson escapes "&")
    assert "<b>bold</b>" not in html


def test_escape_text_leaves_no_markup_or_template_syntax():
    out = render.escape_text("<script>{{x}}{%y%}{#z#}</script>&")
    assert not any(ch in out for ch in "<>{}\"") and out.count("&") == out.count(";")
