"""The details of one area or zone on one date: what the page's details panel shows, without Streamlit.

Which provisions apply to a feature: those that name it, the area it is part of, one of its parts, or Syria
as a whole — each with the reason, so a reader sees why provision 5 is listed for the Idlib area (it names
the Idlib security zone, a part of the area).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from .agreements import filter_provisions, scope_ids
from .atlas import Dated
from .scene import short_date
from .schema import parse_date

__all__ = ["ProvisionLine", "Period", "Details", "details", "provision_lines", "absent_note", "applying", "scope_label",
           "where_text", "status_note", "shares_text", "period_text", "PostDetails", "post_details", "post_absent"]

# The posts' properties the details panel names one by one; any other property of the file is listed as it is.
POST_FIELDS = ("id", "name", "name_ar", "operator", "kind", "established", "established_to", "encircled",
               "encircled_to", "withdrawn", "withdrawn_alt", "location_confidence", "date_confidence", "source", "note",
               "agreement", "number", "order", "geometry", "start", "end", "tip")


@dataclass(frozen=True)
class ProvisionLine:
    key: str
    label: str
    title: str
    text: str
    text_status: str
    agreement: str
    why: str
    lang: str = "en"  # the language of ``text`` (an Arabic clause is quoted in Arabic)
    translation: str = ""  # our English translation of a text in another language ("" for English)
    language: str = "English"  # ``lang`` in words
    status_note: str = ""  # the text status and which copy of the words, in words ("" for an agreement's own words)
    known: str = ""  # how much of the agreement's text is known (geo.agreements.known_text)
    quotes: tuple[str, ...] = ()  # further quotes of the provision (another language or copy), each labelled


@dataclass(frozen=True)
class Period:
    valid_from: str
    valid_to: str
    km2: float
    fate: str


@dataclass(frozen=True)
class Details:
    id: str
    name: str
    name_ar: str
    kind: str
    km2: float
    shares: str
    method: str
    confidence: str
    source: str
    note: str
    period: str
    fate: str
    part_of: str | None
    parts: tuple[str, ...]
    agreements: tuple[str, ...]
    provisions: tuple[ProvisionLine, ...]
    history: tuple[Period, ...]
    shape_period: str = ""  # this day's shape: the state's own dates (an area drawn day by day has many)


@dataclass(frozen=True)
class PostDetails:
    """An observation post on one date: who ran it, its history, where it stood, and where the facts come from."""

    id: str
    name: str
    name_ar: str
    operator: str
    established: str  # "20 Oct 2017", or "between 29 Jan 2020 and 8 Feb 2020" where the sources give a range
    encircled: str
    withdrawn: str  # with "(another source: …)" where a second source gives another date
    agreement: str  # the deal it was set up under, when the data say
    area: str  # the area it stood in on the date ("" when in none)
    location_confidence: str
    date_confidence: str
    source: str
    note: str
    extra: tuple[tuple[str, str], ...]  # other properties of the posts file, as (name, value)
    kind: str = "observation post"  # or a crossing, a military-police point… as the file says
    number: str = ""  # the operator's own number for it, where a source gives one


def post_details(dated: Dated, post_id: str) -> PostDetails | None:
    """The details of the post ``post_id`` standing on the date; None when it is not standing then."""
    rows = dated.posts[dated.posts["id"] == post_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    atlas = dated.atlas

    def text(field: str) -> str:
        value = row.get(field, "")
        return "" if value is None or value != value else str(value)

    agreement = text("agreement")
    labels = dated.locator.labels([row.geometry.x], [row.geometry.y]).iloc[0]
    extra = tuple((k, text(k)) for k in rows.columns if k not in POST_FIELDS and text(k))
    withdrawn = _day(text("withdrawn"))
    if withdrawn and text("withdrawn_alt"):
        withdrawn += f" (another source: {_day(text('withdrawn_alt'))})"
    return PostDetails(
        id=post_id, name=text("name"), name_ar=text("name_ar"), operator=text("operator"),
        established=_range(text("established"), text("established_to")),
        encircled=_range(text("encircled"), text("encircled_to")), withdrawn=withdrawn,
        agreement=_deal(atlas, agreement), area=str(labels["zone_name"] or ""),
        location_confidence=text("location_confidence"), date_confidence=text("date_confidence"),
        source=text("source"), note=text("note"), extra=extra, kind=text("kind") or "observation post",
        number=text("number"))


def _deal(atlas, agreement_id: str) -> str:
    """The deal a post was set up under, in words with its date ("Cairo deal, northern Homs (31 Jul 2017)")."""
    deal = next((a for a in atlas.agreements if a.id == agreement_id), None)
    return f"{deal.short_title} ({short_date(deal.date)})" if deal else agreement_id


def post_absent(atlas, post_id: str, day: date) -> tuple[str, str, str] | None:
    """Why a known post is not on the map on ``day``: ("before", name, set-up date) or ("after", name, withdrawal
    date); None for an unknown id."""
    rows = atlas.posts[atlas.posts["id"] == post_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    start, end = parse_date(row["established"]), parse_date(row["withdrawn"])
    if start is not None and day < start:
        return "before", str(row["name"]), short_date(start)
    return "after", str(row["name"]), short_date(end) if end else ""


def _day(value: str) -> str:
    day = parse_date(value)
    return short_date(day) if day else value


def _range(first: str, last: str) -> str:
    """A date, or "between A and B" where the sources only narrow it down."""
    return f"between {_day(first)} and {_day(last)}" if first and last else _day(first)


def details(dated: Dated, feature_id: str, keys: tuple[str, ...] = (), categories: tuple[str, ...] = ()) -> Details | None:
    """The details of ``feature_id`` on the dated layers, its provisions filtered like the view; None if absent."""
    rows = dated.shapes[dated.shapes["id"] == feature_id]
    if rows.empty:
        return None
    row = rows.iloc[0]
    atlas = dated.atlas
    names = atlas.names
    parent = dated.parent(feature_id)
    parts = tuple(dated.parts(feature_id))
    chosen = applying(dated, feature_id)
    if keys or categories:
        chosen = filter_provisions(chosen, keys, categories)
    lines = tuple(_line(p, atlas, _why(p.scope, feature_id, parent, parts, names)) for p in chosen.itertuples(index=False))
    return Details(
        id=feature_id, name=row["name"], name_ar=row["name_ar"], kind=atlas.schema.kind_label(row["kind"]),
        km2=float(dated.km2.get(feature_id, 0.0)), shares=shares_text(dated.shares, feature_id),
        method=row["method"], confidence=row["confidence"], source=row["source"], note=row["note"],
        period=_life(atlas, feature_id), fate=row["fate"],
        shape_period=period_text(row["valid_from"], row["valid_to"]),
        part_of=names.get(parent) if parent else None, parts=tuple(names.get(p, p) for p in parts),
        agreements=tuple(f"{a.short_title} ({short_date(a.date)})" for a in dated.agreements),
        provisions=lines, history=_history(dated, feature_id))


def provision_lines(atlas, provisions: pd.DataFrame) -> tuple[ProvisionLine, ...]:
    """Provisions as listed when no area is selected: each with where it applies."""
    words, grounds = atlas.schema.scope_words, atlas.schema.grounds
    return tuple(_line(p, atlas, "applies to " + where_text(p.scope, getattr(p, "ground", ""), atlas.names, words, grounds))
                 for p in provisions.itertuples(index=False))


def absent_note(atlas, feature_id: str, day: date) -> str:
    """Why a known area is not on the map on ``day``: not yet drawn, or what ended it."""
    rows = atlas.areas[atlas.areas["id"] == feature_id]
    name = atlas.names.get(feature_id, feature_id)
    starts = [d for d in (parse_date(v) for v in rows["valid_from"]) if d]
    if starts and day < min(starts):
        return f"{name} is first drawn from {short_date(min(starts))}."
    ended = [(parse_date(t), f) for t, f in zip(rows["valid_to"], rows["fate"], strict=True) if parse_date(t)]
    before = [(t, f) for t, f in ended if t <= day]
    if before:
        end, fate = max(before, key=lambda tf: tf[0])
        return f"{name} ended on {short_date(end)}." + (f" {fate}" if fate else "")
    return f"{name} is not on the map on this date."


def applying(dated: Dated, feature_id: str) -> pd.DataFrame:
    """Provisions in force that apply to ``feature_id``: naming it, its parent or its parts, or all of Syria."""
    related = {feature_id, *(dated.parts(feature_id))}
    parent = dated.parent(feature_id)
    if parent:
        related.add(parent)
    provisions = dated.provisions
    keep = [scope == "syria" or bool(related.intersection(scope_ids(scope))) for scope in provisions["scope"]]
    return provisions[keep]


def scope_label(scope, names: dict[str, str], words: dict[str, str]) -> str:
    """Where a provision applies, in words: area names, or "Syria as a whole"."""
    if isinstance(scope, str):
        return words.get(scope, scope)
    return ", ".join(names.get(s, s) for s in scope)


def where_text(scope, ground: str, names: dict[str, str], words: dict[str, str], grounds: dict[str, dict]) -> str:
    """Where a provision applies, in words: the ground the deal names itself (``ground``), if any, and the areas
    that stand for it on the map ("south-west Syria: … (on this map: Southern Syria)")."""
    drawn = scope_label(scope, names, words)
    meta = grounds.get(ground) if ground else None
    if not isinstance(meta, dict):
        return drawn
    label = str(meta.get("label") or ground)
    if isinstance(scope, list):
        return f"{label} (on this map: {drawn})"
    return label if scope == "syria" else f"{label} ({drawn})"


def status_note(text_status: str, version: str, statuses: dict[str, str]) -> str:
    """A provision's text status and the copy its words come from, in words; "" for an agreement's own words
    in an official copy (a verbatim text with no version named)."""
    if text_status == "verbatim" and not version:
        return ""
    words = statuses.get(text_status, text_status)
    return words + (f" — {version}" if version else "")


def shares_text(shares: pd.DataFrame, feature_id: str) -> str:
    """'Idlib 71%; Hama 14%; …' for one area (largest first)."""
    part = shares[shares["id"] == feature_id]
    return "; ".join(f"{g} {s:.0%}" if s >= 0.005 else f"{g} <1%"
                     for g, s in zip(part["governorate"], part["share"], strict=True))


def period_text(valid_from: str, valid_to: str) -> str:
    """'from 4 May 2017 until 14 Apr 2018' (or 'from …, still in force at the end of the data')."""
    start, end = parse_date(valid_from), parse_date(valid_to)
    if start is None and end is None:
        return "no dates given"
    text = f"from {short_date(start)}" if start else "since before the first date"
    return text + (f" until {short_date(end)}" if end else " (no end recorded)")


# --- helpers -------------------------------------------------------------------------------


def _line(p, atlas, why: str) -> ProvisionLine:
    sch = atlas.schema
    lang = getattr(p, "lang", "") or "en"
    return ProvisionLine(key=p.key, label=atlas.label(p.key), title=p.title, text=p.text, text_status=p.text_status,
                         agreement=atlas.agreement_titles.get(p.agreement, p.agreement), why=why, lang=lang,
                         translation=getattr(p, "translation", "") or "", language=sch.languages.get(lang, lang),
                         status_note=status_note(p.text_status, getattr(p, "version", "") or "", sch.text_statuses),
                         known=atlas.known_texts.get(p.agreement, ""),
                         quotes=tuple(_quote(q, sch) for q in (getattr(p, "quotes", None) or ())))


def _quote(q: dict, sch) -> str:
    """One further quote, labelled: "Russian, verbatim (the Russian original): «…» — our translation: …"."""
    lang = str(q.get("lang", ""))
    status = str(q.get("text_status", ""))
    version = str(q.get("version", ""))
    head = f"{sch.languages.get(lang, lang)}, {status}" + (f" ({version})" if version else "")
    out = f"{head}: {q.get('text', '')}"
    if q.get("translation"):
        out += f" — our translation: {q['translation']}"
    return out


def _why(scope, feature_id: str, parent: str | None, parts: tuple[str, ...], names: dict[str, str]) -> str:
    """Why a provision applies to a feature: it names the feature, the area it is part of, or one of its parts."""
    ids = scope_ids(scope)
    if scope == "syria":
        return "applies to Syria as a whole"
    if feature_id in ids:
        return "names this " + ("area" if not parent else "zone")
    if parent and parent in ids:
        return f"names {names.get(parent, parent)}, which this zone is part of"
    named = [names.get(i, i) for i in ids if i in parts]
    return f"names {', '.join(named)}, part of this area"


def _life(atlas, feature_id: str) -> str:
    """'from 4 May 2017 until 27 Jul 2018': the first day of the area's first state to the end of its last."""
    rows = atlas.areas[atlas.areas["id"] == feature_id]
    starts = [d for d in (parse_date(v) for v in rows["valid_from"]) if d]
    ends = [parse_date(v) for v in rows["valid_to"]]
    first = min(starts).isoformat() if starts else ""
    last = "" if not ends or None in ends else max(ends).isoformat()
    return period_text(first, last)


HISTORY_STEPS = 12  # an area drawn day by day lists its states on the key dates, not every day's


def _history(dated: Dated, feature_id: str) -> tuple[Period, ...]:
    from .crs import area_km2

    rows = dated.atlas.areas[dated.atlas.areas["id"] == feature_id]
    if len(rows) > HISTORY_STEPS:  # the states in force on the key dates of the area's life, and its last
        import numpy as np

        days = [np.datetime64(d, "D") for d, _ in dated.atlas.key_dates]
        starts, ends = rows["start"].to_numpy(), rows["end"].to_numpy()
        keep = np.zeros(len(rows), dtype=bool)
        for day in days:
            keep |= (starts <= day) & (day < ends)
        keep[0] = keep[-1] = True
        rows = rows[keep]
    km2 = area_km2(rows)
    return tuple(Period(r.valid_from, r.valid_to, float(k), r.fate)
                 for r, k in zip(rows.itertuples(index=False), km2, strict=True))
