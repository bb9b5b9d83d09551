"""Arabic names on the static map: joined letters, right to left, in the PNG and the PDF; logical order (so
searchable, and shaped by the viewer) in the SVG. Checked with a real name: الغوطة الشرقية (Eastern Ghouta)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from geo import export
from geo.static import arabic, layout
from tests.conftest import scene_of
from tests.test_export import svg_text

GHOUTA = "الغوطة الشرقية"


def _ink_runs(text: str, fmt: str = "png") -> list[tuple[int, int, int]]:
    """Each horizontal run of inked columns of ``text`` drawn as the map draws it: (start, width, height)."""
    mpl = layout.matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with mpl.rc_context(layout.RC):
        fig = Figure(figsize=(4, 1), dpi=100)
        FigureCanvasAgg(fig)
        fig.text(0.05, 0.5, arabic.display(text, fmt), fontsize=28, va="center")
        fig.canvas.draw()
        ink = np.asarray(fig.canvas.buffer_rgba())[:, :, :3].min(axis=2) < 128
    columns = ink.any(axis=0)
    runs, start = [], None
    for x, on in enumerate(np.append(columns, False)):
        if on and start is None:
            start = x
        elif not on and start is not None:
            rows = np.flatnonzero(ink[:, start:x].any(axis=1))
            runs.append((start, x - start, int(rows.max() - rows.min() + 1)))
            start = None
    return runs


def test_arabic_is_drawn_joined_and_right_to_left():
    runs = _ink_runs(GHOUTA)
    # Joined: ا|لغو|طة and ا|لشر|قية — a handful of pieces, not one per letter (12 letters).
    assert 4 <= len(runs) <= 8, runs
    # Right to left: the first letter (an alef, tall and thin) is at the right end; the last word's end at the left.
    right, left = runs[-1], runs[0]
    assert right[1] < 0.45 * right[2], f"the rightmost piece is not the first alef: {runs}"
    assert left[1] > right[1]


def test_latin_text_is_left_alone():
    assert arabic.display("Eastern Ghouta") == "Eastern Ghouta"
    assert not arabic.has_arabic("Daraa al-Balad") and arabic.has_arabic(GHOUTA)


def test_without_native_shaping_the_letters_are_joined_and_put_in_visual_order():
    pytest.importorskip("arabic_reshaper")
    pytest.importorskip("bidi")
    shown = arabic.display(GHOUTA, "png", native=False)
    assert shown != GHOUTA and all("\ufe70" <= c <= "\ufeff" or c == " " for c in shown)  # presentation forms
    assert shown[-1] in "\ufe8d\ufe8e"  # the first letter, alef, comes last in visual (left-to-right) order
    assert arabic.display(GHOUTA, "png", native=True) == GHOUTA  # libraqm shapes it itself


def test_svg_keeps_arabic_in_logical_order_so_it_can_be_searched(atlas):  # noqa: F811
    assert arabic.display(GHOUTA, "svg", native=False) == GHOUTA
    scene = scene_of(atlas, selected="eastern_ghouta")
    svg = export.render_bytes("svg", scene, 1600, 1200, arabic=True)
    name_ar = scene.shapes.loc[scene.shapes["id"] == "eastern_ghouta", "name_ar"].iloc[0]
    assert name_ar and name_ar in svg_text(svg)
    assert name_ar not in svg_text(export.render_bytes("svg", scene, 1600, 1200))  # only when asked for


def test_arabic_names_render_in_png_and_pdf(atlas):  # noqa: F811
    scene = scene_of(atlas, selected="eastern_ghouta")
    png = export.render_bytes("png", scene, 800, 600, arabic=True)
    assert Image.open(io.BytesIO(png)).size == (800, 600)
    pdf = export.render_bytes("pdf", scene, 800, 600, arabic=True)
    assert pdf.startswith(b"%PDF-") and b"/FontFile2" in pdf
