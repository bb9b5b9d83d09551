"""The printable atlas: one A4 page per provision (or per area), with its map and its words.

Each page has a heading (the provision's number and title, the agreement, whether the text is the
agreement's own words), the map of that provision drawn exactly as an export would draw it, where the
provision applies and why, and its full text, wrapped; a text too long for one page goes on to the next.
An area's page has its facts (kind, size, dates, how the shape was drawn) and the provisions that apply.
"""

from __future__ import annotations

from dataclasses import replace
from typing import BinaryIO

from ..output import Output
from ..scene import long_date, resolve, short_date
from ..text import clip
from . import arabic as arabic_text
from . import compose, layout
from .furniture import wrap
from .presets import PRESETS

__all__ = ["write", "PAGE"]

PAGE = (8.27, 11.69)  # A4, inches
MARGIN = 0.6
MAP_H = 5.7
DPI = 150  # for the layout's measures; the PDF itself is vector
GREY = "#555555"


def write(out: BinaryIO, atlas, plan, arabic: bool = False, progress=None) -> None:
    """Write the handout of ``plan`` (a list of :class:`geo.export.Item`) as one PDF to ``out``.

    ``progress(done, total)``, when given, is called after each map's pages are written (and once before the
    first), so a page can show how far the drawing is and stop it there."""
    from matplotlib.backends.backend_pdf import PdfPages

    mpl = layout.matplotlib()
    title = _atlas_title(atlas, plan)
    if progress is not None:
        progress(0, len(plan))
    with mpl.rc_context(layout.RC):
        with PdfPages(out, metadata=layout.metadata("pdf", title)) as pdf:
            for n, item in enumerate(plan, start=1):  # each page written as it is made: memory stays at one
                for fig in _item_pages(atlas, item, n, len(plan), title, arabic):
                    pdf.savefig(fig)
                if progress is not None:
                    progress(n, len(plan))


def _atlas_title(atlas, plan) -> str:
    if plan and plan[0].moment is not None:
        return "zonemap atlas: the de-escalation areas over time"
    if plan and plan[0].key is not None:
        return "zonemap atlas: the provisions and where they apply"
    return "zonemap atlas: the areas and zones, and the provisions that apply to each"


def _item_pages(atlas, item, n: int, total: int, title: str, arabic: bool) -> list:
    scene = resolve(atlas.at(item.view.date), item.view)
    fig = _page()
    renderer = fig.canvas.get_renderer()
    width = PAGE[0] - 2 * MARGIN
    top = PAGE[1] - MARGIN
    _text(fig, MARGIN, top, f"{title} · as of {long_date(scene.date)}", 7.5, color=GREY)
    _text(fig, PAGE[0] - MARGIN, top, f"{n} / {total}", 7.5, color=GREY, ha="right")
    top -= 0.3
    if item.moment is not None:
        heading, subline, blocks = _moment(atlas, scene, item)
    elif item.key is not None:
        heading, subline, blocks = _provision(atlas, scene, item)
    else:
        heading, subline, blocks = _area(atlas, scene, item, arabic)
    lines = wrap(renderer, heading, 13, width * DPI, "bold", max_lines=3)
    _text(fig, MARGIN, top, "\n".join(lines), 13, weight="bold", linespacing=1.15)
    top -= 13 / 72 * 1.2 * (1 + 1.15 * (len(lines) - 1)) + 0.06
    lines = wrap(renderer, subline, 8.5, width * DPI, max_lines=3)
    _text(fig, MARGIN, top, "\n".join(lines), 8.5, color="#333333", linespacing=1.25)
    top -= 8.5 / 72 * 1.2 * (1 + 1.25 * (len(lines) - 1)) + 0.12
    preset = replace(PRESETS["page"], width_in=width)
    map_h = MAP_H if item.area is None else MAP_H - 1.0  # an area's page has more to say under its map
    compose(fig, scene, Output("pdf", int(width * DPI), int(map_h * DPI), preset, arabic),
            (MARGIN - preset.margin_in, top - map_h, width + 2 * preset.margin_in, map_h))
    top -= map_h + 0.2
    pages = [fig]
    bottom = MARGIN + 0.35
    _footer(fig)
    for block in blocks:
        if block[0] == "columns":  # a list in two columns, one line per item, going on to the next page
            _, size, colour, items = block
            step = size / 72 * 1.2 * 1.25
            col_w = (width - 0.25) / 2
            items = list(items)
            while items:
                fit = int((top - bottom) / step)
                if fit < 2:
                    fig, renderer, top = _continued(pages, heading)
                    continue
                chunk, items = items[:2 * fit], items[2 * fit:]
                rows = -(-len(chunk) // 2)
                for i, item in enumerate(chunk):
                    line = wrap(renderer, item, size, col_w * DPI, max_lines=1)[0]
                    x = MARGIN + (0 if i < rows else col_w + 0.25)
                    _text(fig, x, top - step * (i % rows), line, size, color=colour)
                top -= step * rows + 0.1
            continue
        size, style, colour, text = block
        for para in text.split("\n"):
            lines = wrap(renderer, para, size, width * DPI, max_lines=400) if para.strip() else [""]
            step = size / 72 * 1.2 * 1.32
            for line in lines:
                if top - step < bottom:
                    fig, renderer, top = _continued(pages, heading)
                _text(fig, MARGIN, top, line, size, style=style, color=colour)
                top -= step
        top -= 0.1
    return pages


def _provision(atlas, scene, item):
    row = atlas.provisions.loc[item.key]
    agreement = next((a for a in atlas.agreements if a.id == row["agreement"]), None)
    statuses = atlas.schema.text_statuses
    status = str(row.get("text_status") or "verbatim")
    heading = f"Provision {atlas.label(item.key)}: {row['title']}"
    where = agreement.title if agreement else str(row["agreement"])
    if agreement is not None:
        where += f", {agreement.place + ', ' if agreement.place else ''}{long_date(agreement.date)}"
    subline = f"{where}. Text: {statuses.get(status, status)}."
    from ..details import where_text

    applies = where_text(row["scope"], str(row.get("ground") or ""), atlas.names, atlas.schema.scope_words,
                         atlas.schema.grounds)
    blocks = [(9, "italic", "#333333", f"Where it applies: {applies}." +
               (f" {row['rationale']}" if str(row.get("rationale") or "").strip() else ""))]
    version = str(row.get("version") or "").strip()
    label = "Text" if status == "verbatim" else f"Text ({status}: {statuses.get(status, status)})"
    blocks.append((8.5, "normal", GREY, label + (f" — {version}" if version else "")))
    blocks.append((10, "normal", "#111111", arabic_text.display(str(row["text"]), "pdf")))
    lang = str(row.get("lang") or "en")
    if lang != "en" and str(row.get("translation") or "").strip():
        language = atlas.schema.languages.get(lang, lang)
        blocks.append((9.5, "italic", "#333333", f"Our translation from {language}: {row['translation']}"))
    if str(row.get("source") or "").strip():
        blocks.append((7.5, "normal", GREY, f"Source: {row['source']}"))
    return heading, subline, blocks


def _continued(pages: list, heading: str):
    """A new page for text that runs on: appended to ``pages``; returns it, its renderer and where text starts."""
    fig = _page()
    pages.append(fig)
    _footer(fig)
    top = PAGE[1] - MARGIN
    _text(fig, MARGIN, top, f"{clip(heading, 90)} (continued)", 8, color=GREY)
    return fig, fig.canvas.get_renderer(), top - 0.35


def _moment(atlas, scene, item):
    """A key date's page: what happened, the agreements in force, every area and zone on the map with its size."""
    dated = scene.dated
    heading = f"{long_date(dated.date)}: {item.moment}"
    agreements = ", ".join(f"{a.short_title} ({short_date(a.date)})" for a in dated.agreements)
    subline = f"Agreements in force: {agreements or 'none yet'}"
    lines = [f"{name} ({atlas.schema.kind_label(kind).lower()}): about {dated.km2.get(fid, 0.0):,.0f} km²"
             for fid, name, kind in zip(dated.shapes["id"], dated.shapes["name"], dated.shapes["kind"], strict=True)]
    ended = atlas.areas[atlas.areas["valid_to"] == dated.date.isoformat()]
    blocks = [(8.5, "normal", GREY, "On the map that day:"), ("columns", 8.5, "#111111", lines)]
    for name, fate in zip(ended["name"], ended["fate"], strict=True):
        if fate:
            blocks.append((9, "normal", "#222222", f"{name}: {fate}"))
    return heading, subline, blocks


def _area(atlas, scene, item, arabic: bool):
    from ..details import applying, period_text

    dated = scene.dated
    rows = dated.shapes[dated.shapes["id"] == item.area]
    row = rows.iloc[0]
    name = str(row["name"])
    name_ar = str(row.get("name_ar") or "").strip()
    heading = name + (f" — {arabic_text.display(name_ar, 'pdf')}" if arabic and name_ar else "")
    kind = atlas.schema.kind_label(row["kind"])
    km2 = dated.km2.get(item.area, 0.0)
    subline = (f"{kind} · about {km2:,.0f} km² · shape confidence: {row.get('confidence') or 'not given'} · "
               f"{period_text(str(row.get('valid_from') or ''), str(row.get('valid_to') or ''))}")
    blocks = []
    for label, key in (("How the shape was drawn", "method"), ("Note", "note")):
        value = str(row.get(key) or "").strip()
        if value:
            blocks.append((9, "normal", "#222222", f"{label}: {value}"))
    shown = applying(dated, item.area)
    blocks.append((8.5, "normal", GREY, f"Provisions that apply on {long_date(dated.date)}: {len(shown)}"))
    blocks.append(("columns", 8.5, "#111111",
                   [f"{atlas.label(key)}. {title}" for key, title in zip(shown["key"], shown["title"], strict=True)]))
    return heading, subline, blocks


def _page():
    fig = layout.figure(*PAGE, DPI)
    return fig


def _footer(fig) -> None:
    _text(fig, MARGIN, MARGIN * 0.6, "Approximate shapes: no official map of the areas was published. "
          "Made with zonemap; sources on each map.", 7, color=GREY, va="bottom")


def _text(fig, x: float, y: float, text: str, size: float, weight: str = "normal", style: str = "normal",
          color: str = "#111111", ha: str = "left", va: str = "top", linespacing: float = 1.2) -> None:
    fig.text(x / PAGE[0], y / PAGE[1], text, fontsize=size, fontweight=weight, fontstyle=style, color=color, ha=ha,
             va=va, linespacing=linespacing)
