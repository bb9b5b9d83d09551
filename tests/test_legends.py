"""The page and the exports draw and name the same key (issue 20): for the same view, the legend of the page's map
and the key of the PNG and of the SVG have the same rows, in the same order, with the same names and colours.

The page's rows are read from the map's HTML (the legend control's swatches and labels), the exports' from the
key matplotlib drew (its texts and handles): two renderers checked against each other, row by row.
"""

from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest

from geo import static
from geo.output import output
from geo.render import build_map
from geo.scene import Marker, View, resolve

VIEWS = {
    "plain": dict(),
    "Idlib selected in 2018": dict(day="2018-10-01", selected="idlib"),
    "provision 5": dict(provisions=("statement-2017:5",)),
    "provisions 5 and 2": dict(provisions=("statement-2017:5", "statement-2017:2")),
    "category security": dict(categories=("security",)),
    "a filter and a selection": dict(day="2018-10-01", provisions=("sochi-2018:3",), selected="idlib"),
    "a zone selected": dict(selected="idlib_security_zone"),
    "an area as agreed beyond the held part": dict(day="2019-09-01"),
    "events and a marked place": dict(day="2018-03-01", marker=Marker("Douma", 33.5718, 36.4027),
                                      layers=frozenset({"areas", "zones", "events"})),
}


def scene_for(atlas, day: str = "2017-09-15", **view):
    return resolve(atlas.at(day), View(date=date.fromisoformat(day), **view))


def page_legend(scene) -> list[tuple[str, str]]:
    """The legend of the page's map: each row's label and the first colour of its swatch's style."""
    html = build_map(scene).get_root().render()
    content = next(json.loads(m) for m in re.findall(r"div\.innerHTML = (\"(?:[^\"\\]|\\.)*\");", html)
                   if ">Legend</summary>" in json.loads(m))  # the legend box, by its title
    rows = re.findall(r'<span class="zonemap-entry"><i[^>]*style="([^"]*)"[^>]*></i>(.*?)</span>', content)
    from html import unescape

    return [(" ".join(unescape(label).split()), re.search(r"#[0-9A-Fa-f]{6}", style).group(0).upper())
            for style, label in rows]


def export_legend(scene, fmt: str) -> list[tuple[str, str]]:
    plan = static.draw(scene, output(fmt, 1600, 1200, None, False, None), io.BytesIO())
    return plan.legend


@pytest.mark.parametrize("name", list(VIEWS))
def test_the_page_and_the_png_and_svg_show_the_same_key(atlas, name):
    scene = scene_for(atlas, **VIEWS[name])
    page = page_legend(scene)
    assert len(page) == len(scene.legend) >= 3
    for fmt in ("png", "svg"):
        assert export_legend(scene, fmt) == page, f"{fmt} key differs from the page's legend ({name})"


def test_a_filtered_selection_names_the_selected_area_in_every_key(atlas):
    """With a filter and Idlib selected, Idlib is coloured on the map: its row is in the key (it was missing from
    the exports' key)."""
    scene = scene_for(atlas, **VIEWS["a filter and a selection"])
    labels = [label for label, _ in export_legend(scene, "svg")]
    assert any(label.startswith(atlas.names["idlib"]) for label in labels)
    idlib_fill = scene.shapes.set_index("id").loc["idlib", "fill"].upper()
    assert (next(label for label in labels if label.startswith(atlas.names["idlib"])), idlib_fill) in page_legend(scene)


def test_the_area_as_agreed_has_the_same_dashed_line_in_every_key(atlas):
    """Sochi's Idlib reached beyond the held part on 1 Sep 2019 (Khan Shaykhun fell on 21 Aug): the page's legend
    and the exports' keys show its line in its colour, drawn with the dashes of the line on the map."""
    scene = scene_for(atlas, **VIEWS["an area as agreed beyond the held part"])
    label = "Area as agreed (Sochi memorandum, 17 Sep 2018)"
    colour = atlas.schema.colour("area as agreed", "").upper()
    assert (label, colour) in page_legend(scene)
    for fmt in ("png", "svg"):
        assert (label, colour) in export_legend(scene, fmt)
    html = build_map(scene).get_root().render()
    look = re.search(r'"zonemap-agreed",[^}]*"dashArray": "([\d.]+) ([\d.]+)"', html)
    on, off = (float(v) for v in look.groups())
    assert (on, off) == tuple(atlas.schema.kinds["area as agreed"]["dash"])  # zones/schema.json
    assert f"currentColor 0 {on:g}px,transparent {on:g}px {on + off:g}px" in html  # the legend's swatch
