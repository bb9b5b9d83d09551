"""The printable atlas: one A4 page per provision (or per area), with its map and its words.

Each page has a heading (the provision's number and title, the agreement, whether the text is the
agreement's own words), the map of that provision drawn exactly as an export would draw it, where the
provision applies and why, and its full text, wrapped; a text too long for one page goes on to the next.
An area's page has its facts (kind, size, dates, how the shape was drawn) and the provisions that apply.
"""

from __future__ import annotations

from dataclasses import replace
from typing import BinaryIO

from geo.base.i18n import NP_, Translator, translator
from geo.base.text import clip
from geo.model.local import local_kind, local_label, local_names
from geo.scene.scene import resolve

from . import arabic as arabic_text
from . import compose, layout
from .furniture import wrap
from .layers import Drawing
from .output import Output
from .presets import PRESETS

__all__ = ["write", "PAGE"]

PAGE = (8.27, 11.69)  # A4, inches
MARGIN = 0.6
MAP_H = 5.7
DPI = 150  # for the layout's measures; the PDF itself is vector
GREY = "#555555"
STATUS_WORDS = (NP_("text status word", "verbatim"), NP_("text status word", "partial"),
                NP_("text status word", "reported"), NP_("text status word", "summary"))


def write(out: BinaryIO, atlas, plan, arabic: bool = False, lang: str = "en", progress=None) -> None:
    """Write the handout of ``plan`` (a list of :class:`geo.draw.export.Item`) as one PDF to ``out``, in ``lang``.

    ``progress(done, total)``, when given, is called after each map's pages are written (and once before the
    first), so a page can show how far the drawing is and stop it there."""
    from matplotlib.backends.backend_pdf import PdfPages

    mpl = layout.matplotlib()
    t = translator(lang)
    title = _atlas_title(plan, t)
    if progress is not None:
        progress(0, len(plan))
    with mpl.rc_context(layout.rc(t.lang)):
        with PdfPages(out, metadata=layout.metadata("pdf", title)) as pdf:
            for n, item in enumerate(plan, start=1):  # each page written as it is made: memory stays at one
                for fig in _item_pages(atlas, item, n, len(plan), title, arabic, t):
                    pdf.savefig(fig)
                if progress is not None:
                    progress(n, len(plan))


def _atlas_title(plan, t: Translator) -> str:
    if plan and plan[0].moment is not None:
        return t._("zonemap atlas: the de-escalation areas over time")
    if plan and plan[0].key is not None:
        return t._("zonemap atlas: the provisions and where they apply")
    return t._("zonemap atlas: the areas and zones, and the provisions that apply to each")


def _item_pages(atlas, item, n: int, total: int, title: str, arabic: bool, t: Translator) -> list:
    scene = resolve(atlas.at(item.view.date), item.view)
    fig = _page()
    renderer = fig.canvas.get_renderer()
    width = PAGE[0] - 2 * MARGIN
    top = PAGE[1] - MARGIN
    start, end = (PAGE[0] - MARGIN, MARGIN) if t.rtl else (MARGIN, PAGE[0] - MARGIN)  # right to left: mirrored
    ha = "right" if t.rtl else "left"
    _text(fig, start, top, t._("%(title)s · as of %(date)s", title=title, date=t.long_date(scene.date)), 7.5,
          color=GREY, ha=ha)
    _text(fig, end, top, f"{n} / {total}", 7.5, color=GREY, ha="left" if t.rtl else "right")
    top -= 0.3
    if item.moment is not None:
        heading, subline, blocks = _moment(atlas, scene, item, t)
    elif item.key is not None:
        heading, subline, blocks = _provision(atlas, scene, item, t)
    else:
        heading, subline, blocks = _area(atlas, scene, item, arabic, t)
    lines = wrap(renderer, heading, 13, width * DPI, "bold", max_lines=3)
    _text(fig, start, top, "\n".join(lines), 13, weight="bold", linespacing=1.15, ha=ha)
    top -= 13 / 72 * 1.2 * (1 + 1.15 * (len(lines) - 1)) + 0.06
    lines = wrap(renderer, subline, 8.5, width * DPI, max_lines=3)
    _text(fig, start, top, "\n".join(lines), 8.5, color="#333333", linespacing=1.25, ha=ha)
    top -= 8.5 / 72 * 1.2 * (1 + 1.25 * (len(lines) - 1)) + 0.12
    preset = replace(PRESETS["page"], width_in=width)
    map_h = MAP_H if item.area is None else MAP_H - 1.0  # an area's page has more to say under its map
    compose(fig, Drawing.of(scene, Output("pdf", int(width * DPI), int(map_h * DPI), preset, arabic)),
            (MARGIN - preset.margin_in, top - map_h, width + 2 * preset.margin_in, map_h))
    top -= map_h + 0.2
    pages = [fig]
    bottom = MARGIN + 0.35
    _footer(fig, t)
    for block in blocks:
        if block[0] == "columns":  # a list in two columns, one line per item, going on to the next page
            _, size, colour, items = block
            step = size / 72 * 1.2 * 1.25
            col_w = (width - 0.25) / 2
            items = list(items)
            while items:
                fit = int((top - bottom) / step)
                if fit < 2:
                    fig, renderer, top = _continued(pages, heading, t)
                    continue
                chunk, items = items[:2 * fit], items[2 * fit:]
                rows = -(-len(chunk) // 2)
                for i, item in enumerate(chunk):
                    line = wrap(renderer, item, size, col_w * DPI, max_lines=1)[0]
                    shift = 0 if i < rows else col_w + 0.25
                    _text(fig, start - shift if t.rtl else start + shift, top - step * (i % rows), line, size,
                          color=colour, ha=ha)
                top -= step * rows + 0.1
            continue
        size, style, colour, text = block[:4]
        # A text in another language than the page's (the English of an agreement on an Arabic page) is set in
        # its own direction.
        block_ha = ("right" if t.rtl else "left") if len(block) < 5 or block[4] == t.lang else \
            ("right" if block[4] == "ar" else "left")
        x = PAGE[0] - MARGIN if block_ha == "right" else MARGIN
        for para in text.split("\n"):
            lines = wrap(renderer, para, size, width * DPI, max_lines=400) if para.strip() else [""]
            step = size / 72 * 1.2 * 1.32
            for line in lines:
                if top - step < bottom:
                    fig, renderer, top = _continued(pages, heading, t)
                _text(fig, x, top, line, size, style=style, color=colour, ha=block_ha)
                top -= step
        top -= 0.1
    return pages


def _provision(atlas, scene, item, t: Translator):
    row = atlas.provisions.loc[item.key]
    agreement = next((a for a in atlas.agreements if a.id == row["agreement"]), None)
    statuses = atlas.schema.text_statuses
    status = str(row.get("text_status") or "verbatim")
    heading = t._("Provision %(label)s: %(title)s", label=local_label(atlas, item.key, t.lang),
                  title=t.data("provision title", row["title"]))
    where = t.data("agreement", agreement.title) if agreement else str(row["agreement"])
    if agreement is not None:
        parts = [where] + ([t.place(agreement.place)] if agreement.place else []) + [t.long_date(agreement.date)]
        where = t.p_("list", ", ").join(parts)
    subline = t._("%(agreement)s. Text: %(status)s.", agreement=where,
                  status=t.data("text status", statuses.get(status, status)))
    from geo.scene.details import where_text

    applies = where_text(row["scope"], str(row.get("ground") or ""), local_names(atlas, t.lang),
                         atlas.schema.scope_words, atlas.schema.grounds, t)
    where_line = t._("Where it applies: %(where)s.", where=applies)
    rationale = str(row.get("rationale") or "").strip()
    blocks = [(9, "italic", "#333333", f"{where_line} {rationale}" if rationale and t.lang == "en" else where_line)]
    if rationale and t.lang != "en":  # zonemap's own reasoning is in English only: said so
        blocks.append((8.5, "normal", GREY, t._("Why it applies (zonemap's note, in English):")))
        blocks.append((9, "italic", "#333333", rationale, "en"))
    text_lang = str(row.get("lang") or "en")
    version = str(row.get("version") or "").strip()
    label = t._("Text") if status == "verbatim" else \
        t._("Text (%(status)s: %(meaning)s)", status=t.p_("text status word", status),
            meaning=t.data("text status", statuses.get(status, status)))
    label += f" — {version}" if version else ""
    if text_lang != t.lang:
        label += " · " + (t._("The English text: no text in this language was found.") if text_lang == "en" else
                          t._("The original text, in %(language)s.", language=t.language(text_lang)))
    blocks.append((8.5, "normal", GREY, label))
    blocks.append((10, "normal", "#111111", str(row["text"]), text_lang))
    if text_lang != "en" and str(row.get("translation") or "").strip():
        blocks.append((9.5, "italic", "#333333", t._("Our translation from %(language)s: %(text)s",
                                                      language=t.language(text_lang), text=row["translation"]), "en"))
    if str(row.get("source") or "").strip():
        blocks.append((7.5, "normal", GREY, t._("Source: %(source)s", source=row["source"]), "en"))
    return heading, subline, blocks


def _continued(pages: list, heading: str, t: Translator):
    """A new page for text that runs on: appended to ``pages``; returns it, its renderer and where text starts."""
    fig = _page()
    pages.append(fig)
    _footer(fig, t)
    top = PAGE[1] - MARGIN
    _text(fig, PAGE[0] - MARGIN if t.rtl else MARGIN, top, t._("%(heading)s (continued)", heading=clip(heading, 90)),
          8, color=GREY, ha="right" if t.rtl else "left")
    return fig, fig.canvas.get_renderer(), top - 0.35


def _moment(atlas, scene, item, t: Translator):
    """A key date's page: what happened, the agreements in force, every area and zone on the map with its size."""
    dated = scene.dated
    heading = t._("%(date)s: %(what)s", date=t.long_date(dated.date), what=item.moment)
    agreements = t.p_("list", ", ").join(
        t._("%(agreement)s (%(date)s)", agreement=t.data("agreement", a.short_title), date=t.short_date(a.date))
        for a in dated.agreements)
    subline = t._("Agreements in force: %(agreements)s", agreements=agreements or t._("none yet"))
    names = local_names(atlas, t.lang)
    lines = [t._("%(name)s (%(kind)s): about %(km2)s km²", name=names.get(fid, name),
                 kind=local_kind(atlas, kind, t.lang).lower(), km2=t.number(dated.km2.get(fid, 0.0)))
             for fid, name, kind in zip(dated.shapes["id"], dated.shapes["name"], dated.shapes["kind"], strict=True)]
    ended = atlas.areas[atlas.areas["valid_to"] == dated.date.isoformat()]
    blocks = [(8.5, "normal", GREY, t._("On the map that day:")), ("columns", 8.5, "#111111", lines)]
    for fid, name, fate in zip(ended["id"], ended["name"], ended["fate"], strict=True):
        if fate:
            blocks.append((9, "normal", "#222222", t._("%(name)s: %(fate)s", name=names.get(fid, name),
                                                       fate=t.data("fate", fate)),
                           t.lang if t.has("fate", fate) else "en"))
    return heading, subline, blocks


def _area(atlas, scene, item, arabic: bool, t: Translator):
    from geo.model.provisions import applying
    from geo.scene.details import period_text

    dated = scene.dated
    rows = dated.shapes[dated.shapes["id"] == item.area]
    row = rows.iloc[0]
    name_en = str(row["name"])
    name_ar = str(row.get("name_ar") or "").strip()
    name = t.name(name_en, name_ar)
    other = name_ar if t.lang == "en" else (name_en if name_en != name else "")
    heading = name + (f" — {arabic_text.display(other, 'pdf')}" if arabic and other else "")
    kind = local_kind(atlas, row["kind"], t.lang)
    km2 = dated.km2.get(item.area, 0.0)
    confidence = str(row.get("confidence") or "")
    subline = t._("%(kind)s · about %(km2)s km² · shape confidence: %(confidence)s · %(period)s", kind=kind,
                  km2=t.number(km2), confidence=t.data("confidence", confidence) if confidence else t._("not given"),
                  period=period_text(str(row.get("valid_from") or ""), str(row.get("valid_to") or ""), t))
    blocks = []
    for label, key in ((t._("How the shape was drawn"), "method"), (t._("Note"), "note")):
        value = str(row.get(key) or "").strip()
        if value and t.lang == "en":
            blocks.append((9, "normal", "#222222", t._("%(label)s: %(text)s", label=label, text=value)))
        elif value:  # the data's own prose is in English: said so, and set as English
            blocks.append((8.5, "normal", GREY, t._("%(label)s (in English):", label=label)))
            blocks.append((9, "normal", "#222222", value, "en"))
    shown = applying(dated, item.area)
    blocks.append((8.5, "normal", GREY, t._("Provisions that apply on %(date)s: %(n)s", date=t.long_date(dated.date),
                                            n=len(shown))))
    blocks.append(("columns", 8.5, "#111111",
                   [t._("%(label)s. %(title)s", label=local_label(atlas, key, t.lang),
                        title=t.data("provision title", title))
                    for key, title in zip(shown["key"], shown["title"], strict=True)]))
    return heading, subline, blocks


def _page():
    fig = layout.figure(*PAGE, DPI)
    return fig


def _footer(fig, t: Translator | None = None) -> None:
    t = t or translator()
    _text(fig, PAGE[0] - MARGIN if t.rtl else MARGIN, MARGIN * 0.6,
          t._("Approximate shapes: no official map of the areas was published. Made with zonemap; sources on each map."),
          7, color=GREY, va="bottom", ha="right" if t.rtl else "left")


def _text(fig, x: float, y: float, text: str, size: float, weight: str = "normal", style: str = "normal",
          color: str = "#111111", ha: str = "left", va: str = "top", linespacing: float = 1.2) -> None:
    fig.text(x / PAGE[0], y / PAGE[1], text, fontsize=size, fontweight=weight, fontstyle=style, color=color, ha=ha,
             va=va, linespacing=linespacing)
