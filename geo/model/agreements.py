"""The agreements and their provisions: what each says, how sure we are of the words, and where it applies.

The statement of 15 Sep 2017 is ``zones/provisions.json`` (a user's ``--provisions`` file replaces its
provisions); the other agreements are ``zones/agreements.json``. Every provision has a key
``<agreement id>:<number>``; a bare number (``5``) means the default agreement's provision (the statement's),
as on the command line and in old links.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo.base import data
from geo.base.errors import DataError, InputError, Problem
from geo.base.text import clip, short
from geo.io import Budget, read_bytes, read_json
from geo.io.budget import ENV, raise_problems
from geo.io.source import check_nodes, check_texts

from .schema import check, parse_date, schema

__all__ = ["Agreement", "FIELDS", "load_agreements", "provision_key", "provision_label", "filter_provisions",
           "categories_of", "in_force", "scope_ids", "known_text", "status_label", "milestones"]

FIELDS = ("key", "agreement", "number", "title", "text", "text_status", "categories", "scope", "rationale", "source",
          "date", "lang", "translation", "version", "ground", "quotes", "text_file")
MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Agreement:
    """One agreement: what it is called, when and where it was signed, by whom, and where its words come from."""

    id: str
    title: str
    short_title: str
    date: date
    parties: tuple[str, ...]
    place: str = ""
    source: str = ""
    pax_id: int | None = None
    text_status: str = "verbatim"
    text_file: str = ""
    kind: str = ""
    in_force: date | None = None  # when it took effect, where that differs from ``date``
    lang: tuple[str, ...] = ()  # the languages of the words quoted from it
    pax_local_id: int | None = None  # PA-X's database of local agreements
    note: str = ""
    version: str = ""  # which copy of its words the quotes are, unless a provision says otherwise
    milestone: bool = True  # it cuts the periods of the violence counts (events --by period)


def load_agreements(provisions_path: str | Path | None = None, agreements_path: str | Path | None = None,
                    known_ids: Iterable[str] | None = None,
                    check_bundled: bool = True) -> tuple[tuple[Agreement, ...], pd.DataFrame, dict[str, str]]:
    """Every agreement (oldest first), one frame of their provisions indexed by key, and the categories.

    ``frame.attrs["statement"]`` is the id of the agreement whose provisions the provisions file holds.

    ``known_ids`` (the area and zone ids of the layer in use) is what a scope may name. A user's file must name
    known ids; the bundled files are checked only with ``check_bundled`` (not against a user's own areas, where
    a provision naming an absent area simply has no place on the map).
    """
    known = set(known_ids) if known_ids is not None else None
    statement_doc, budget = _read(Path(provisions_path) if provisions_path else data.PROVISIONS)
    bundled_statement = statement_doc if not provisions_path else _read(data.PROVISIONS)[0]
    meta = statement_doc.get("agreement") if isinstance(statement_doc, dict) else None
    meta = meta or bundled_statement.get("agreement")
    where = str(provisions_path or data.PROVISIONS)
    statement, problems = _agreement(meta, where)
    rows, found = _provisions(statement, _items(statement_doc, where, budget), where,
                              known if provisions_path or check_bundled else None)
    problems += found
    agreements = [statement]
    categories = dict(bundled_statement.get("categories", {}))
    if isinstance(statement_doc, dict) and isinstance(statement_doc.get("categories"), dict):
        categories.update(statement_doc["categories"])
    others_path = Path(agreements_path) if agreements_path else data.AGREEMENTS
    if agreements_path or others_path.exists():
        doc, others_budget = _read(others_path)
        where_others = str(others_path)
        entries = doc.get("agreements") if isinstance(doc, dict) else None
        if not isinstance(entries, list):
            raise DataError(Problem(where_others, "no agreements", "expected {\"agreements\": [...]}"))
        for entry in entries:
            agreement, bad = _agreement(entry, where_others)
            problems += bad
            if agreement.id in {a.id for a in agreements}:
                problems.append(Problem(where_others, f"agreement {clip(agreement.id)!r} appears twice", "ids are unique"))
                continue
            agreements.append(agreement)
            more, found = _provisions(agreement, _items(entry, where_others, others_budget), where_others,
                                      known if agreements_path or check_bundled else None)
            rows += more
            problems += found
    raise_problems(problems)
    frame = pd.DataFrame(rows, columns=FIELDS)
    frame["date"] = frame["date"].astype("datetime64[s]")
    frame = frame.set_index("key", drop=False)
    frame.index.name = None
    agreements.sort(key=lambda a: a.date)
    order = {a.id: i for i, a in enumerate(agreements)}
    frame = frame.iloc[np.lexsort((frame["number"].to_numpy(), frame["agreement"].map(order).to_numpy()))]
    frame.attrs["statement"] = statement.id  # the agreement the provisions file gives its provisions to
    return tuple(agreements), frame, categories


def provision_key(value: Any, provisions: pd.DataFrame, default: str | None = None) -> str:
    """The key of a provision written as ``5``, ``"5"`` or ``"sochi-2018:3"``; InputError naming the known ones."""
    default = default or schema().default_agreement
    text = str(value).strip()
    key = f"{default}:{int(text)}" if text.isdigit() else text
    if key not in provisions.index:  # the default agreement's first: a bare number means one of them
        keys = sorted(provisions.index, key=lambda k: not k.startswith(f"{default}:"))
        known = ", ".join(provision_label(k, default) for k in keys)
        raise InputError(f"unknown provision {clip(text)!r}; known: {clip(known, 400)}")
    return key


def provision_label(key: str, default: str | None = None) -> str:
    """How a provision is named to a reader: ``5`` for the statement's, ``sochi-2018:3`` for another's."""
    default = default or schema().default_agreement
    agreement, _, number = key.partition(":")
    return number if agreement == default else key


def filter_provisions(provisions: pd.DataFrame, keys: Iterable[str] = (), categories: Iterable[str] = ()) -> pd.DataFrame:
    """Provisions matching any given key and any given category (no filter = all)."""
    keys, wanted = list(keys), set(categories)
    mask = np.ones(len(provisions), dtype=bool)
    if keys:
        mask &= provisions["key"].isin(keys).to_numpy()
    if wanted:
        mask &= np.array([bool(wanted.intersection(cs)) for cs in provisions["categories"]], dtype=bool)
    return provisions[mask]


def in_force(provisions: pd.DataFrame, day: date) -> pd.DataFrame:
    """Provisions of the agreements signed on or before ``day``."""
    return provisions[provisions["date"].to_numpy() <= np.datetime64(day, "s")]


def categories_of(provisions: pd.DataFrame) -> list[str]:
    """Every category used, sorted."""
    return sorted({c for cs in provisions["categories"] for c in cs})


def scope_ids(scope: Any) -> list[str]:
    """The feature ids a scope names (none for ``syria``, ``procedural`` and ``elsewhere``)."""
    return list(scope) if isinstance(scope, list) else []


def milestones(agreements: Iterable[Agreement]) -> list[Agreement]:
    """The agreements that cut the periods of the violence counts (``milestone``: the four that made and remade
    the areas; a statement of a later round does not start a new period)."""
    return [a for a in agreements if a.milestone]


def status_label(status: str, statuses: dict[str, str] | None = None) -> str:
    """A provision's text status in words: "summary: a summary by zonemap (our words) …"."""
    statuses = statuses if statuses is not None else schema().text_statuses
    words = statuses.get(status)
    return f"{status}: {words}" if words else status


def known_text(agreement: Agreement, provisions: pd.DataFrame) -> str:
    """How much of an agreement's text is known, in one plain sentence (the page says it under the agreement).

    Counts its provisions by text status: the agreement's own words (whole or in part), words about it by
    others, and our summaries. Empty for an agreement whose whole text is known.
    """
    mine = provisions[provisions["agreement"] == agreement.id]
    counts = mine["text_status"].value_counts()
    quoted = int(counts.get("verbatim", 0) + counts.get("partial", 0))
    reported, summaries = int(counts.get("reported", 0)), int(counts.get("summary", 0))
    status = agreement.text_status
    if status == "verbatim" and not (reported or summaries):
        return ""
    lead = {
        "partial": "Only part of this text is known.",
        "fragments": "Only fragments of this text are known: the whole text was not found.",
        "reports": "None of this agreement's words are known: its text was never published.",
        "summary": "None of this agreement's words are known.",
    }.get(status, "Parts of this text are not known.")
    parts = []
    partial = int(counts.get("partial", 0))
    if quoted:
        cut = "" if not partial else " (cut short)" if quoted == 1 else " (all cut short)" if partial == quoted \
            else f" ({partial} of them cut short)"
        parts.append(f"{_count(quoted, 'passage')} in its own words{cut}")
    if reported:
        parts.append(f"{_count(reported, 'passage')} in others' words (officials, reports, unofficial copies)")
    if summaries:
        parts.append(f"{_count(summaries, 'summary', 'summaries')} in our words")
    shown = "Shown here: " + _and(parts) + "." if parts else "Nothing of it is shown here."
    return f"{lead} {shown}"


# --- helpers -------------------------------------------------------------------------------


def _read(path: Path) -> tuple[Any, Budget]:
    """The parsed document, and the budget it was read with."""
    where = str(path)
    budget = Budget.for_file(path, bytes=MAX_BYTES)
    raw = read_bytes(path, where, (".json",), budget, "provisions .json")
    check_nodes(raw, where, budget)
    doc = read_json(raw, where, "expected {\"provisions\": [...]}")
    check_texts(doc, where, budget)
    if isinstance(doc, dict) and doc.get("type") in ("FeatureCollection", "Feature", "Topology"):
        raise DataError(Problem(where, f"is a {doc['type']} (areas?), not a provisions file",
                                "pass areas with --zones and provisions with --provisions"))
    return doc, budget


def _items(doc: Any, where: str, budget: Budget) -> list:
    items = doc.get("provisions") if isinstance(doc, dict) else doc
    if not isinstance(items, list) or not items:
        raise DataError(Problem(where, "no provisions", "expected {\"provisions\": [...]} or a list"))
    if len(items) > budget.features:  # checked before each provision is
        raise DataError(Problem(where, f"file has {len(items):,} provisions, over the budget of {budget.features:,}",
                                f"set {ENV['features']} to raise it"))
    return items


def _agreement(meta: Any, where: str) -> tuple[Agreement, list[Problem]]:
    """The agreement of ``meta`` and the problems of its fields (a missing id or date raises at once)."""
    if not isinstance(meta, dict):
        raise DataError(Problem(where, "agreement is not an object", "see zones/agreements.json for the form"))
    day = parse_date(meta.get("date"))
    ident = meta.get("id")
    if not isinstance(ident, str) or not ident.strip() or day is None:
        raise DataError(Problem(where, f"agreement {short(ident)} needs an id and a date (YYYY-MM-DD)",
                                "see zones/agreements.json for the form"))
    fields = {k: v for k, v in meta.items() if k != "provisions"}
    problems = [Problem(where, f"agreement {clip(ident.strip())!r}: {message}", hint)
                for message, hint in check(fields, "agreement")]
    parties = meta.get("parties", ())
    langs = meta.get("lang", ())
    agreement = Agreement(
        id=ident.strip(), title=str(meta.get("title", ident)), short_title=str(meta.get("short_title") or meta.get("title", ident)),
        date=day, parties=tuple(str(p) for p in parties if isinstance(p, str)) if isinstance(parties, list) else (),
        place=str(meta.get("place", "")), source=str(meta.get("source", "")),
        pax_id=_whole(meta.get("pax_id")), text_status=str(meta.get("text_status", "verbatim")),
        text_file=str(meta.get("text_file", "")), kind=str(meta.get("kind", "")),
        in_force=parse_date(meta.get("in_force")),
        lang=tuple(str(x) for x in langs if isinstance(x, str)) if isinstance(langs, list) else (),
        pax_local_id=_whole(meta.get("pax_local_id")), note=str(meta.get("note", "")),
        version=str(meta.get("version", "")), milestone=meta.get("milestone") is not False)
    return agreement, problems


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _provisions(agreement: Agreement, items: list, where: str, known: set[str] | None) -> tuple[list[dict], list[Problem]]:
    rows, problems, seen = [], [], set()
    for n, item in enumerate(items, start=1):
        found = _check_item(item, n, where, known, seen, agreement.id)
        problems += found
        if not found:
            rows.append(_normalise(item, agreement))
    return rows, problems


def _check_item(item: Any, n: int, where: str, known: set[str] | None, seen: set[int], agreement: str) -> list[Problem]:
    prefix = "" if agreement == schema().default_agreement else f"{agreement}: "
    if not isinstance(item, dict):
        return [Problem(where, f"{prefix}provision #{n} is not an object",
                        "each provision is {\"number\": …, \"title\": …, \"text\": …, \"scope\": …}")]
    number = item.get("number")
    label = f"provision {number}" if isinstance(number, int) and not isinstance(number, bool) else f"provision #{n}"
    out = [Problem(where, f"{prefix}{label}: {message}", hint) for message, hint in check(item, "provision")]
    if isinstance(number, int) and not isinstance(number, bool):
        if number in seen:
            out.append(Problem(where, f"{prefix}{label}: duplicate number", "each provision number once"))
        seen.add(number)
    scope = item.get("scope")
    if isinstance(scope, list) and known is not None and all(isinstance(s, str) for s in scope):
        unknown = [s for s in scope if s not in known]
        if unknown:
            allowed = ", ".join(sorted(known)) or "none"
            out.append(Problem(where, f"{prefix}{label}: scope names unknown area {', '.join(short(u) for u in unknown)}",
                               f"known areas: {clip(allowed, 300)}"))
    return out


def _normalise(item: dict, agreement: Agreement) -> dict:
    return {
        "key": f"{agreement.id}:{item['number']}",
        "agreement": agreement.id,
        "number": int(item["number"]),
        "title": item["title"].strip(),
        "text": item["text"].strip(),
        "text_status": str(item.get("text_status") or "verbatim"),
        "categories": list(item.get("categories", [])),
        "scope": item["scope"],
        "rationale": str(item.get("rationale", "")),
        "source": str(item.get("source", "")),
        "date": np.datetime64(agreement.date, "s"),
        "lang": str(item.get("lang") or "en"),
        "translation": str(item.get("translation", "")),
        "version": str(item.get("version") or agreement.version),
        "ground": str(item.get("ground", "")),
        "quotes": [dict(q) for q in item.get("quotes", []) if isinstance(q, dict)],
        "text_file": str(item.get("text_file") or agreement.text_file),
    }
