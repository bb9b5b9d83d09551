"""What goes into the catalogue of strings (``geo/locale/zonemap.pot``), for Babel.

Two kinds of message:

- the code's own words, marked with ``t._``, ``t.n_``, ``t.p_`` and ``N_`` in ``geo/`` and ``app.py`` (Babel's
  Python extractor, :data:`KEYWORDS`);
- the short texts of the bundled data that the page and the exports show as zonemap's own words — the kinds,
  layers, scope words and text statuses of ``zones/schema.json``, the credit lines, the agreements' titles and
  places, the provisions' titles, the areas' fates, the parties and operators — each under a context naming
  what it is (:func:`extract_data`, registered in ``babel.cfg``). Long prose of the data (how a shape was drawn,
  notes, sources, rationales) and the agreements' own words are not translated: in another language they are
  shown as they are, and said to be English.

``pybabel extract -F babel.cfg`` (``make catalogue``) and :func:`extract` give the same messages; the test of
the catalogues extracts afresh and checks that each language's ``.po`` translates every one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["KEYWORDS", "CODE", "DATA", "extract", "extract_data", "ROOT"]

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "n_": (1, 2), "p_": ((1, "c"), 2), "N_": None, "NP_": ((1, "c"), 2)}
CODE = ("geo", "app.py")  # where the code's words are
DATA = ("schema.json", "credits.json", "provisions.json", "agreements.json", "areas.geojson", "areas.parquet",
        "posts.geojson", "offensives.csv")  # those that exist

# What of each data file is shown as zonemap's own words, and under which context.
CONTEXTS = {"kind": "kind", "layer": "layer", "scope": "scope", "status": "text status", "credit": "credit",
            "agreement": "agreement", "place": "place", "title": "provision title", "category": "category",
            "fate": "fate", "confidence": "confidence", "offensive": "offensive", "post kind": "post kind",
            "ground": "ground"}


def extract_data(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extractor for zonemap's data files: (line, "p_", (context, text), comments)."""
    raw = fileobj.read()
    name = Path(getattr(fileobj, "name", "") or options.get("name", "")).name
    if name.endswith(".parquet"):
        yield from ((0, "p_", m, []) for m in _messages(name, _parquet_features(raw)))
        return
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    lines = text.splitlines()
    if name.endswith(".csv"):  # the offensives: their names
        import csv

        for row in csv.DictReader(lines):
            if row.get("name"):
                yield _line(lines, row["name"]), "p_", (CONTEXTS["offensive"], row["name"]), []
        return
    for context, message in _messages(name, json.loads(text)):
        yield _line(lines, message), "p_", (context, message), []


def _parquet_features(raw: bytes) -> dict:
    """A GeoParquet layer's properties as GeoJSON-like features (only what the catalogue reads). Of an area drawn
    day by day only its last state counts: the fates of the states between are generated day by day (who took
    which village), data prose shown as it is and said to be English, not short texts to translate."""
    import io

    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(raw), columns=None)
    keep = [c for c in ("id", "valid_from", "fate", "operator") if c in table.column_names]
    rows = table.select(keep).to_pylist()
    if "id" in keep and "valid_from" in keep:
        last: dict = {}
        for row in rows:
            if row["id"] not in last or str(row["valid_from"] or "") >= str(last[row["id"]]["valid_from"] or ""):
                last[row["id"]] = row
        rows = list(last.values())
    return {"features": [{"properties": row} for row in rows]}


def _messages(name: str, doc: Any) -> Iterator[tuple[str, str]]:
    c = CONTEXTS
    if name == "schema.json":
        for kind in doc.get("kinds", {}).values():
            yield c["kind"], kind["label"]
            yield c["kind"], kind["plural"]
        yield from ((c["layer"], v) for v in doc.get("layers", {}).values())
        yield from ((c["scope"], v) for v in doc.get("scope_words", {}).values())
        yield from ((c["status"], v) for v in doc.get("text_statuses", {}).values())
        yield from ((c["confidence"], v) for v in doc.get("confidences", ()))
        yield from ((c["ground"], g["label"]) for g in doc.get("grounds", {}).values()
                    if isinstance(g, dict) and g.get("label"))
    elif name == "credits.json":
        yield from ((c["credit"], v) for k, v in doc.items() if not k.startswith("$"))
    elif name in ("provisions.json", "agreements.json"):
        agreements = [doc["agreement"]] if name == "provisions.json" else doc.get("agreements", [])
        for agreement in agreements:
            for key in ("title", "short_title"):
                if agreement.get(key):
                    yield c["agreement"], agreement[key]
            if agreement.get("place"):
                yield c["place"], agreement["place"]
            yield from ((c["place"], p) for p in agreement.get("parties", ()))
        if name == "provisions.json":
            yield from ((c["category"], k) for k in doc.get("categories", {}))
        for agreement in agreements:
            for provision in (doc.get("provisions", []) if name == "provisions.json" else agreement["provisions"]):
                yield c["title"], provision["title"]
                yield from ((c["category"], k) for k in provision.get("categories", ()))
    elif name in ("areas.geojson", "areas.parquet", "posts.geojson"):
        for feature in doc.get("features", []):
            props = feature.get("properties") or {}
            if props.get("fate"):
                yield c["fate"], props["fate"]
            if props.get("operator"):
                yield c["place"], props["operator"]
            if props.get("kind") and name == "posts.geojson":
                yield c["post kind"], props["kind"]


def _line(lines: list[str], message: str) -> int:
    probe = json.dumps(message, ensure_ascii=False)[1:-1][:40]
    return next((i for i, line in enumerate(lines, start=1) if probe in line), 0)


def extract():
    """A fresh :class:`babel.messages.catalog.Catalog` of every message, as ``make catalogue`` extracts it."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_file

    catalog = Catalog(project="zonemap", domain="zonemap")
    for where in CODE:
        path = ROOT / where
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            rel = str(file.relative_to(ROOT))
            for lineno, message, comments, context in extract_from_file("python", file, keywords=KEYWORDS):
                catalog.add(message, None, [(rel, lineno)], auto_comments=comments, context=context)
    for name in DATA:
        if not (ROOT / "zones" / name).exists():
            continue
        with open(ROOT / "zones" / name, "rb") as fh:
            for lineno, _, (context, message), _ in extract_data(fh, KEYWORDS, [], {"name": name}):
                catalog.add(message, None, [(f"zones/{name}", lineno)], context=context)
    return catalog
