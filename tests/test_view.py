"""geo.view: a filter or a selection turns into highlighted areas and a title that says what is shown."""

from __future__ import annotations

import pytest

from geo import load, provisions
from geo.view import View, highlight


@pytest.fixture(scope="module")
def layers():
    areas = load.load_areas()
    return areas, provisions.load_provisions(None, areas["id"])


def test_no_filter_shows_every_area(layers):
    h = highlight(View(), *layers)
    assert h.area_ids == {"idlib", "northern_homs", "eastern_ghouta", "southern"}
    assert h.title == "The de-escalation areas of 15 September 2017"
    assert h.shown == tuple(range(1, 15))


def test_provision_5_highlights_idlib_alone(layers):
    h = highlight(View(provisions=(5,)), *layers)
    assert h.area_ids == {"idlib"} and not h.whole_country
    assert h.title == "Provision 5 — where it applies"


def test_a_syria_wide_provision_highlights_the_country(layers):
    h = highlight(View(provisions=(4,)), *layers)
    assert h.whole_country
    assert h.title == "Provision 4 — applies to Syria as a whole"


def test_mixed_scopes_say_so(layers):
    h = highlight(View(provisions=(4, 9)), *layers)
    assert h.title == "Provisions 4, 9 — where they apply (some to Syria as a whole)"


def test_procedural_provisions_have_no_place(layers):
    h = highlight(View(provisions=(13, 14)), *layers)
    assert not h.area_ids and h.procedural == (13, 14)
    assert h.title.endswith("procedural, no place")


def test_a_category_filter(layers):
    h = highlight(View(categories=("humanitarian",)), *layers)
    assert h.shown == (9, 10)


def test_a_selection_shows_the_provisions_that_apply_there(layers):
    h = highlight(View(selected="southern"), *layers)
    assert h.area_ids == {"southern"}
    assert 5 not in h.shown and 9 in h.shown and 13 not in h.shown
    assert h.title == "Southern Syria — selected"


def test_the_security_zone_is_lit_with_the_idlib_area(layers):
    from geo.view import feature_state

    areas, provs = layers
    for view, expected in [(View(), "highlighted"), (View(provisions=(5,)), "highlighted"),
                           (View(selected="southern"), "dimmed"), (View(selected="idlib_security_zone"), "selected")]:
        assert feature_state("idlib_security_zone", "security zone", highlight(view, areas, provs), view) == expected
    assert feature_state("southern", "de-escalation area", highlight(View(provisions=(5,)), areas, provs),
                         View(provisions=(5,))) == "dimmed"
