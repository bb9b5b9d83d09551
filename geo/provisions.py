"""The statement's provisions, and their join with the areas: what applies where."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from . import data
from .errors import DataError, Problem

__all__ = [
    "SYRIA",
    "PROCEDURAL",
    "load_provisions",
    "join",
    "provisions_for_area",
    "areas_for_provisions",
    "filter_provisions",
]

SYRIA = "syria"
PROCEDURAL = "procedural"
MAX_BYTES = 5 * 1024 * 1024
FIELDS = ("number", "title", "text", "categories", "scope", "rationale")


def load_provisions(path: str | Path | None = None, area_ids: Iterable[str] | None = None) -> pd.DataFrame:
    """Provisions as a frame indexed by number; ``scope`` checked against ``area_ids`` if given."""
    path = Path(path) if path else data.PROVISIONS
    where = str(path)
    items = _read(path)
    known = set(area_ids) if area_ids is not None else None
    problems: list[Problem] = []
    seen: set[int] = set()
    rows = []
    for n, item in enumerate(items, start=1):
        item_problems = _check_item(item, n, where, known, seen)
        problems += item_problems
        if not item_problems:
            rows.append(_normalise(item))
    if problems:
        raise DataError(problems)
    frame = pd.DataFrame(rows, columns=FIELDS).set_index("number", drop=False).sort_index()
    frame.index.name = None
    return frame


def join(areas: pd.DataFrame, provisions: pd.DataFrame) -> pd.DataFrame:
    """The long table: one row per (area, provision) that applies there.

    An area-scoped provision applies to the areas it names; a provision scoped to the
    whole of Syria applies to every area too (each area is in Syria); procedural ones to none.
    """
    area_ids = [i for i, k in zip(areas["id"], areas["kind"]) if k == "de-escalation area"]
    names = dict(zip(areas["id"], areas["name"]))
    rows = []
    for p in provisions.itertuples(index=False):
        targets = _targets(p.scope, area_ids)
        for area_id in targets:
            rows.append(
                {"area_id": area_id, "area_name": names[area_id], "number": p.number, "title": p.title,
                 "text": p.text, "categories": p.categories, "scope": _scope_label(p.scope)}
            )
    return pd.DataFrame(rows, columns=["area_id", "area_name", "number", "title", "text", "categories", "scope"])


def provisions_for_area(table: pd.DataFrame, area_id: str) -> pd.DataFrame:
    """Rows of the joined table that apply to one area, in the statement's order."""
    return table[table["area_id"] == area_id].sort_values("number").reset_index(drop=True)


def areas_for_provisions(provisions: pd.DataFrame, numbers: Iterable[int]) -> tuple[set[str], bool]:
    """Area ids named by the given provisions, and whether any of them covers all of Syria."""
    chosen = provisions[provisions["number"].isin(list(numbers))]
    ids: set[str] = set()
    whole = False
    for scope in chosen["scope"]:
        if scope == SYRIA:
            whole = True
        elif isinstance(scope, list):
            ids.update(scope)
    return ids, whole


def filter_provisions(
    provisions: pd.DataFrame, numbers: Iterable[int] = (), categories: Iterable[str] = ()
) -> pd.DataFrame:
    """Provisions matching any given number and any given category (no filter = all)."""
    mask = pd.Series(True, index=provisions.index)
    numbers, categories = list(numbers), set(categories)
    if numbers:
        mask &= provisions["number"].isin(numbers)
    if categories:
        mask &= provisions["categories"].map(lambda cs: bool(categories.intersection(cs)))
    return provisions[mask]


def categories_of(provisions: pd.DataFrame) -> list[str]:
    """Every category used, sorted."""
    return sorted({c for cs in provisions["categories"] for c in cs})


# --- helpers -------------------------------------------------------------------------------


def _read(path: Path) -> list[Any]:
    where = str(path)
    if path.suffix.lower() != ".json":
        raise DataError(Problem(where, f"unsupported file type {path.suffix or '(none)'!r}", "provisions are a .json file"))
    if path.is_dir():
        raise DataError(Problem(where, "is a folder, not a file", "give the path of one provisions .json file"))
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError(Problem(where, f"file is {size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:.0f} MB limit",
                                    "a provisions file is a few kilobytes: is it the right file?"))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(Problem(where, "file not found", "check the path")) from None
    except OSError as exc:
        raise DataError(Problem(where, f"cannot be read: {exc.strerror or exc}", "check the file's permissions")) from None
    if not raw.strip():
        raise DataError(Problem(where, "file is empty", "expected {\"provisions\": [...]}"))
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DataError(Problem(where, f"not UTF-8 text (byte {exc.start})", "is it a binary file?")) from None
    except json.JSONDecodeError as exc:
        cut_short = exc.pos >= len(exc.doc.rstrip()) or exc.msg.startswith("Unterminated")
        raise DataError(Problem(where, f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                                "the file looks cut short" if cut_short else "check the file is JSON")) from None
    except RecursionError:
        raise DataError(Problem(where, "JSON is nested too deeply", "expected {\"provisions\": [...]}")) from None
    items = doc.get("provisions") if isinstance(doc, dict) else doc
    if isinstance(doc, dict) and doc.get("type") in ("FeatureCollection", "Feature", "Topology"):
        raise DataError(Problem(where, f"is a {doc['type']} (areas?), not a provisions file",
                                "pass areas with --zones and provisions with --provisions"))
    if not isinstance(items, list) or not items:
        raise DataError(Problem(where, "no provisions", "expected {\"provisions\": [...]} or a list"))
    return items


def _check_item(item: Any, n: int, where: str, known: set[str] | None, seen: set[int]) -> list[Problem]:
    if not isinstance(item, dict):
        return [Problem(where, f"provision #{n} is not an object",
                        "each provision is {\"number\": …, \"title\": …, \"text\": …, \"scope\": …}")]
    number = item.get("number")
    label = f"provision {number}" if isinstance(number, int) and not isinstance(number, bool) else f"provision #{n}"
    out = []

    def bad(message: str, hint: str = "") -> None:
        out.append(Problem(where, f"{label}: {message}", hint))

    if isinstance(number, bool) or not isinstance(number, int):
        bad(f"number is {_short(number)}", "a whole number")
    elif number in seen:
        bad("duplicate number", "each provision number once")
    else:
        seen.add(number)
    for key in ("title", "text"):
        if not isinstance(item.get(key), str) or not item.get(key, "").strip():
            bad(f"{key} is missing or empty", "expected text")
    cats = item.get("categories", [])
    if not isinstance(cats, list) or not all(isinstance(c, str) for c in cats):
        bad(f"categories is {_short(cats)}", "a list of category names, e.g. [\"humanitarian\"]")
    scope = item.get("scope")
    if scope in (SYRIA, PROCEDURAL):
        pass
    elif isinstance(scope, list) and scope and all(isinstance(s, str) for s in scope):
        unknown = [s for s in scope if known is not None and s not in known]
        if unknown:
            allowed = ", ".join(sorted(known or [])) or "none"
            bad(f"scope names unknown area {', '.join(_short(u) for u in unknown)}", f"known areas: {allowed}")
    else:
        bad(f"scope is {_short(scope)}", f"a list of area ids, {SYRIA!r} or {PROCEDURAL!r}")
    return out


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _normalise(item: dict) -> dict:
    return {
        "number": item["number"],
        "title": item["title"].strip(),
        "text": item["text"].strip(),
        "categories": list(item.get("categories", [])),
        "scope": item["scope"],
        "rationale": str(item.get("rationale", "")),
    }


def _targets(scope: Any, area_ids: list[str]) -> list[str]:
    if scope == SYRIA:
        return list(area_ids)
    if scope == PROCEDURAL:
        return []
    return [a for a in area_ids if a in scope]


def _scope_label(scope: Any) -> str:
    return scope if isinstance(scope, str) else ", ".join(scope)
