"""Tabular views of the layers, and their rendering for the command line: a table that fits the terminal,
CSV, or JSON (lists stay lists).

Every cell printed to a terminal passes through :func:`geo.text.one_line` (no control or bidi character
reaches the terminal), in a table and in CSV alike: a line break in a name cannot start a line of its own;
every CSV cell that a spreadsheet would run as a formula is neutralised with a leading quote (``--raw-csv``
writes the cells as they are).
"""

from __future__ import annotations

import json
import shutil
from typing import Any

import pandas as pd

from .agreements import provision_label
from .details import shares_text, where_text
from .text import clip, csv_cell, one_line

__all__ = ["zones_summary", "provisions_view", "render", "CLIP"]

CLIP = 120  # characters of a long text shown in a table without --full


def zones_summary(dated, lang: str = "en") -> pd.DataFrame:
    """One row per area and zone valid on the date: id, kind, names, km², governorates with shares, dates.
    In another ``lang`` than English the names, kinds, governorates, confidences and fates are said in it (the
    ids, the columns and the dates stay as they are)."""
    from .details import governorate_names
    from .i18n import translator
    from .scene import local_kind

    shapes = dated.shapes
    frame = pd.DataFrame(shapes.drop(columns=["geometry", "start", "end"]))
    frame["km2"] = [int(round(dated.km2.get(i, 0.0))) for i in frame["id"]]
    t = translator(lang)
    govs = governorate_names(dated.atlas, t.lang)
    frame["governorates"] = [shares_text(dated.shares, i, t, govs) for i in frame["id"]]
    if t.lang != "en":
        frame["name"] = [t.name(n, a) for n, a in zip(frame["name"], frame["name_ar"], strict=True)]
        frame["kind"] = [local_kind(dated.atlas, k, t.lang) for k in frame["kind"]]
        frame["confidence"] = [t.data("confidence", c) for c in frame["confidence"]]
        frame["fate"] = [t.data("fate", f) for f in frame["fate"]]
    cols = ["id", "kind", "name", "name_ar", "km2", "governorates", "confidence", "valid_from", "valid_to", "part_of",
            "method", "source", "note", "fate"]
    return frame[cols].reset_index(drop=True)


def provisions_view(provisions: pd.DataFrame, names: dict[str, str], words: dict[str, str],
                    default_agreement: str, grounds: dict[str, dict] | None = None, lang: str = "en") -> pd.DataFrame:
    """Provisions as shown to a reader: key, agreement, number, title, status, categories, scope, where, text (and
    its language, our translation of a text in another language, which copy the words are). In another ``lang``
    the titles and places are said in it (``names`` in that language); the texts stay the agreements' own words."""
    from .i18n import translator

    t = translator(lang)
    cols = ["key", "agreement", "number", "title", "text_status", "categories", "scope", "rationale", "text"]
    extra = [c for c in ("lang", "translation", "version", "ground") if c in provisions.columns]
    frame = provisions[cols + extra].copy()
    grounds = grounds or {}
    frame["where"] = [where_text(s, g, names, words, grounds, t)
                      for s, g in zip(frame["scope"], frame.get("ground", [""] * len(frame)), strict=True)]
    frame["title"] = [t.data("provision title", v) for v in frame["title"]]
    frame["key"] = [provision_label(k, default_agreement) for k in frame["key"]]
    return frame.reset_index(drop=True)


def render(frame: pd.DataFrame, fmt: str, full: bool = False, columns: list[str] | None = None,
           raw_csv: bool = False) -> str:
    """``table`` (fits the terminal), ``csv`` or ``json`` (a list of records, lists kept)."""
    if fmt == "json":
        return json.dumps(frame.to_dict(orient="records"), ensure_ascii=False, indent=2, default=_plain)
    flat = frame.copy()
    for col in flat.columns:
        flat[col] = [("; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v) for v in flat[col]]
    if fmt == "csv":  # one line per row: a line break in a cell is escaped, as in a table (unless --raw-csv)
        if not raw_csv:
            for col in flat.columns:
                flat[col] = [csv_cell(one_line(v)) if isinstance(v, str) else v for v in flat[col]]
            flat.columns = [csv_cell(one_line(c)) for c in flat.columns]
        return flat.to_csv(index=False)
    return _table(flat[columns] if columns else flat, full)


def _table(frame: pd.DataFrame, full: bool) -> str:
    import tabulate

    width = shutil.get_terminal_size((120, 24)).columns
    cells = [[one_line(_text(v, full)) for v in row] for row in frame.itertuples(index=False)]
    headers = [str(c) for c in frame.columns]
    widths = _column_widths(headers, cells, width)
    padding, tabulate.MIN_PADDING = tabulate.MIN_PADDING, 0  # the widths are ours: no extra room for headers
    try:
        return tabulate.tabulate(cells, headers=headers, tablefmt="simple", maxcolwidths=widths,
                                 disable_numparse=True)
    finally:
        tabulate.MIN_PADDING = padding


def _column_widths(headers: list[str], cells: list[list[str]], width: int) -> list[int]:
    """Widths that fit ``width`` characters: columns narrower than a common cap keep their size, wider ones
    wrap at the largest cap that fits (never narrower than their header)."""
    natural = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(headers)]
    budget = width - 2 * (len(headers) - 1)  # tabulate's "simple" format puts two spaces between columns
    if sum(natural) <= budget:
        return natural

    def capped(cap: int) -> list[int]:
        return [min(n, max(cap, len(h))) for n, h in zip(natural, headers, strict=True)]

    cap = max(natural)
    while cap > 1 and sum(capped(cap)) > budget:
        cap -= 1
    return capped(cap)


def _text(value: Any, full: bool) -> str:
    text = " ".join(str(value).split()) if value is not None else ""
    return text if full else clip(text, CLIP)


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    return str(value)
