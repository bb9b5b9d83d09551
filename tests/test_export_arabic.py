"""Arabic names on the static map: joined letters, right to left, in the PNG and the PDF; logical order (so
searchable, and shaped by the viewer) in the SVG. Checked with a real name: الغوطة الشرقية (Eastern Ghouta)."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from geo.draw import export
from geo.draw.static import arabic, layout
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


# --- the whole map in Arabic (issue 23: zonemap export --lang ar) ------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "geo" / "draw" / "static" / "fonts"
# What an Arabic reader of the default map must find on it (our Arabic, written for the map; the area, country
# and sea names come from the data files themselves, read below).
AR_TITLE = "مناطق خفض التصعيد في سوريا"
AR_KEY = "مفتاح الخريطة"
AR_DATE = "15 أيلول 2017"


def _bundled_names(name: str, day: str = "2017-09-15", kind: str | None = None) -> dict[str, str]:
    """English → Arabic names of a bundled layer, read from its file (for the areas: those valid on ``day``)."""
    if name.endswith(".parquet"):  # read with pyarrow itself, not through zonemap's loader
        import pyarrow.parquet as pq

        table = pq.read_table(ROOT / "zones" / name, columns=["name", "name_ar", "kind", "valid_from", "valid_to"])
        # the areas as agreed are dashed outlines without a name of their own on the map
        features = [{"properties": row} for row in table.to_pylist() if row["kind"] != "area as agreed"]
    else:
        features = json.loads((ROOT / "zones" / name).read_text(encoding="utf-8"))["features"]
    out = {}
    for f in features:
        p = f["properties"]
        if (p.get("valid_from") or "") <= day < (p.get("valid_to") or "9999") and kind in (None, p.get("kind")):
            out[p["name"]] = p["name_ar"]
    return out


@pytest.fixture(scope="module")
def arabic_svg(tmp_path_factory):
    from geo.cli import main

    path = tmp_path_factory.mktemp("ar") / "map.svg"
    assert main(["export", "--lang", "ar", "-o", str(path)]) == 0
    return path.read_bytes()


def test_export_lang_ar_svg_holds_the_arabic_title_legend_and_names_as_text(arabic_svg):
    text = svg_text(arabic_svg)
    assert AR_TITLE in text and AR_KEY in text and AR_DATE in text
    shapes = _bundled_names("areas.parquet")
    areas = _bundled_names("areas.parquet", kind="de-escalation area")
    assert len(shapes) == 5 and len(areas) == 4  # the four areas and the Idlib security zone
    for english, arabic_name in shapes.items():
        assert text.count(arabic_name) >= (2 if english in areas else 1), arabic_name  # legend, and map or inset
        assert english not in text
    for english, arabic_name in _bundled_names("neighbours.geojson").items():
        if english in ("Lebanon", "Turkey", "Jordan"):
            assert arabic_name in text
    assert "كم" in text and "دمشق" in text and "سوريا" in text  # the scale, the capital, the locator
    # No English word of zonemap's own is left: the only Latin words are the sources' own names in the credits
    # (Wikipedia's module, OCHA, COD-AB, CC BY-SA, Natural Earth…).
    credits = json.loads((ROOT / "zones" / "credits.json").read_text(encoding="utf-8"))
    sources = set(re.findall(r"[A-Za-z]+", " ".join(v for k, v in credits.items() if not k.startswith("$"))))
    svg_words = set(re.findall(r"[A-Za-z]+", text)) - {"image", "svg", "xml", "zonemap", "stroke", "linejoin",
                                                        "round", "linecap", "butt"}
    assert svg_words - sources == set()
    for word in ("Key", "De", "Governorate", "National", "Damascus", "Idlib", "Lebanon"):
        assert word not in svg_words, word


def test_export_lang_ar_svg_is_set_right_to_left(arabic_svg):
    """The title and the legend's entries are set from the right (text-anchor end, near the right edge)."""
    root = ET.fromstring(arabic_svg)
    width = float(root.get("width").removesuffix("pt"))
    texts = {"".join(t.itertext()).strip(): t for t in root.iter("{http://www.w3.org/2000/svg}text")}
    title = texts[AR_TITLE]
    assert "text-anchor: end" in title.get("style") and float(title.get("x")) > 0.9 * width
    assert "Noto Naskh Arabic" in title.get("style")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_legend_swatches_stand_at_the_start_of_the_line(atlas, lang):  # noqa: F811
    """In Arabic each swatch is at the right of its label and the swatches line up on the right; in English at
    the left, lined up on the left."""
    from geo.draw.static import furniture
    from geo.draw.static.layers import Drawing
    from geo.draw.static.output import Output
    from geo.draw.static.presets import PRESETS

    mpl = layout.matplotlib()
    scene = scene_of(atlas, lang=lang)
    with mpl.rc_context(layout.rc(lang)):
        fig = layout.figure(8, 6, 100)
        renderer = fig.canvas.get_renderer()
        lg, w, _ = furniture.legend(fig, Drawing(scene, Output(preset=PRESETS["page"])), 5.5, 0.5, renderer)
        furniture.place_legend(fig, lg, 5.0, 5.5, w, scene.t.rtl)
        fig.canvas.draw()
        pairs = [(h.get_window_extent(renderer), t.get_window_extent(renderer))
                 for h, t in zip(lg.legend_handles, lg.get_texts(), strict=True)]
    assert len(pairs) == len(scene.legend) > 5
    centres = [(h.x0 + h.x1) / 2 for h, _ in pairs]  # a point's marker is centred on the swatches' column
    assert max(centres) - min(centres) < 2
    boxes = [h for (h, _), e in zip(pairs, scene.legend, strict=True) if e.swatch != "point"]
    if lang == "ar":
        assert all(h.x0 > t.x1 for h, t in pairs)
        assert abs(max(h.x1 for h in boxes) - (5.0 + w) * 100) < 3  # set against the column's right edge
    else:
        assert all(h.x1 < t.x0 for h, t in pairs)


def _ink_box(pixels: np.ndarray) -> tuple[int, int, int, int] | None:
    ink = pixels < 128
    cols, rows = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
    return (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1) if len(cols) else None


def _pieces(pixels: np.ndarray) -> int:
    """Separate runs of inked columns: a joined word is one, letters set apart are one each."""
    ink = np.append((pixels < 128).any(axis=0), False)
    return int(np.count_nonzero(ink[1:] & ~ink[:-1]) + ink[0])


def _ours(text: str, px: int, bold: bool = False) -> np.ndarray:
    """``text`` drawn as the maps draw Arabic: matplotlib with the map's Arabic settings (zonemap's own path)."""
    mpl = layout.matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with mpl.rc_context(layout.rc("ar")):
        fig = Figure(figsize=(12, 2), dpi=72)
        FigureCanvasAgg(fig)
        fig.text(0.95, 0.5, arabic.display(text, "png"), fontsize=px, ha="right", va="center",
                 fontweight="bold" if bold else "normal")
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba())[:, :, :3].min(axis=2)


def _pillow(text: str, px: int, bold: bool = False, shaped: bool = True) -> np.ndarray:
    """The reference: the same bundled font drawn by Pillow and FreeType, independently of matplotlib; shaped with
    Pillow's own libraqm layout, or not shaped at all (each letter in its isolated form)."""
    from PIL import ImageDraw, ImageFont

    engine = ImageFont.Layout.RAQM if shaped else ImageFont.Layout.BASIC
    font = ImageFont.truetype(str(FONTS / f"NotoNaskhArabic-{'Bold' if bold else 'Regular'}.ttf"), px,
                              layout_engine=engine)
    image = Image.new("L", (px * (len(text) + 4), px * 3), 255)
    ImageDraw.Draw(image).text((px, px), text, font=font, fill=0, direction="rtl" if shaped else None)
    return np.asarray(image)


def test_arabic_word_is_drawn_joined_in_the_bundled_font():
    """A known word drawn through zonemap's path has the width the font gives it shaped (Pillow, libraqm), and is
    clearly narrower than its letters in their isolated forms laid side by side."""
    from PIL import features

    word, px = "تلبيسة", 60  # Talbiseh: every letter joins the next, so the word is one piece of ink
    drawn = _ours(word, px)
    ours = _ink_box(drawn)
    width = ours[2] - ours[0]
    isolated = sum(b[2] - b[0] for b in (_ink_box(_pillow(c, px, shaped=False)) for c in word))
    assert width < 0.75 * isolated, (width, isolated)
    assert _pieces(drawn) == 1 and _pieces(_pillow(word, px, shaped=False)) >= 5
    if features.check("raqm"):
        ref = _ink_box(_pillow(word, px))
        assert abs(width - (ref[2] - ref[0])) <= 0.04 * (ref[2] - ref[0]) + 2, (width, ref)


def test_arabic_png_of_the_same_view_has_its_title_shaped(tmp_path):
    """In the PNG export, the title's ink is as wide as the title set shaped in the bundled bold font, and set
    against the right margin."""
    from geo.cli import main

    path = tmp_path / "map.png"
    assert main(["export", "--lang", "ar", "-o", str(path)]) == 0
    image = np.asarray(Image.open(path).convert("L"))
    height, width = image.shape
    from geo.draw.static.presets import PRESETS

    px = PRESETS["page"].title * (1600 / PRESETS["page"].width_in) / 72  # points at the figure's resolution
    band = image[: int(0.06 * height)]
    box = _ink_box(band)
    ref = _ink_box(_pillow(AR_TITLE, round(px), bold=True))
    assert abs((box[2] - box[0]) - (ref[2] - ref[0])) <= 0.05 * (ref[2] - ref[0]) + 3, (box, ref)
    assert box[2] > 0.95 * width and box[0] > 0.4 * width  # right-aligned, not across the page


def test_arabic_pdf_embeds_the_bundled_font(atlas):  # noqa: F811
    scene = scene_of(atlas, lang="ar")
    pdf = export.render_bytes("pdf", scene, 800, 600)
    assert pdf.startswith(b"%PDF-") and b"NotoNaskhArabic" in pdf


def test_arabic_needs_matplotlib_that_shapes(monkeypatch, atlas):  # noqa: F811
    from geo.base.errors import ExportError

    monkeypatch.setattr(arabic, "native_shaping", lambda: False)
    with pytest.raises(ExportError, match="needs matplotlib 3.11"):
        export.render_bytes("png", scene_of(atlas, lang="ar"), 400, 300)


def test_arabic_with_arabic_names_adds_the_english_names(atlas):  # noqa: F811
    """--lang ar --arabic: the other script's name under each area's (English under Arabic)."""
    scene = scene_of(atlas, lang="ar", selected="eastern_ghouta")
    text = svg_text(export.render_bytes("svg", scene, 1600, 1200, arabic=True))
    assert "Eastern Ghouta" in text and "Eastern Ghouta" not in svg_text(export.render_bytes("svg", scene, 1600, 1200))


def test_handout_in_arabic(atlas):  # noqa: F811
    """The printable atlas in Arabic: the pages of the English one for one area (its map, then its provisions of
    every document of the process), in the bundled font, said in Arabic."""
    from pypdf import PdfReader

    pdf = export.atlas_pdf(atlas, what="zone", zones=("eastern_ghouta",), lang="ar")
    english = export.atlas_pdf(atlas, what="zone", zones=("eastern_ghouta",), lang="en")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == len(PdfReader(io.BytesIO(english)).pages) and b"NotoNaskhArabic" in pdf
    assert "أطلس zonemap" in (reader.metadata.title or "")


def test_each_date_in_arabic_names_what_happened_in_arabic(atlas):  # noqa: F811
    plan = export.items(atlas, "date", lang="ar")
    english = export.items(atlas, "date")
    assert [i.name for i in plan] == [i.name for i in english]  # the same file names
    assert plan[1].label == "15 أيلول 2017: بيان أستانا المشترك" and all(i.view.lang == "ar" for i in plan)
