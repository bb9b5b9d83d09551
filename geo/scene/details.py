"""The details of one area or zone on one date: what the page's details panel shows, without Streamlit.

Which provisions apply to a feature: those that name it, the area it is part of, one of its parts, or Syria
as a whole — each with the reason, so a reader sees why provision 5 is listed for the Idlib area (it names
the Idlib security zone, a part of the area).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from geo.base.i18n import NP_, Translator, translator
from geo.model.agreements import filter_provisions, scope_ids
from geo.model.atlas import Dated
from geo.model.local import local_kind, local_label, local_names
from geo.model.provisions import applying
from geo.model.schema import parse_date

__all__ = ["ProvisionLine", "Period", "Details", "details", "provision_lines", "absent_note", "scope_label",
           "where_text", "status_note", "shares_text", "period_text", "history_text", "governorate_names",
           "PostDetails", "post_details", "post_absent"]

POST_KIND = NP_("post kind", "observation post")  # a post whose file gives no kind

# The posts' properties the details panel names one by one; any other property of the file is listed as it is.
POST_FIELDS = ("id", "name", "name_ar", "operator", "kind", "established", "established_to", "encircled",
               "encircled_to", "withdrawn", "withdrawn_alt", "location_confidence", "date_confidence", "source", "note",
               "agreement", "number", "order", "geometry", "start", "end", "tip")


@dataclass(frozen=True)
class ProvisionLine:
    """A provision as a reader sees it. ``text`` is the agreement's words in the language they were found in
    (``text_lang``); ``text_note`` says so when that is not the reader's language ("the English text")."""

    key: str
    label: str
    title: str
    text: str
    text_status: str
    agreement: str
    why: str
    text_lang: str = "en"  # the language of ``text`` (an Arabic clause is quoted in Arabic)
    text_note: str = ""  # said where the text is not in the reader's language ("the English text: …")
    translation: str = ""  # our English translation of a text in another language ("" for English)
    language: str = "English"  # ``text_lang`` in words, in the reader's language
    status_note: str = ""  # the text status and which copy of the words, in words ("" for an agreement's own words)
    known: str = ""  # how much of the agreement's text is known (geo.model.agreements.known_text)
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
    lang: str = "en"  # the language of the words above; method, source and note are always as the data has them
    fate_lang: str = "en"  # the language ``fate`` is in (a fate the catalogue lacks stays English)
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
    kind: str = "observation post"  # or a crossing, a military-police point… as the file says (in the reader's language)
    kind_id: str = "observation post"  # the kind as the file writes it
    number: str = ""  # the operator's own number for it, where a source gives one


def _first(frame, feature_id: str):
    """The first row of ``frame`` with that id, or None."""
    rows = frame[frame["id"] == feature_id]
    return None if rows.empty else rows.iloc[0]


def post_details(dated: Dated, post_id: str, lang: str = "en") -> PostDetails | None:
    """The details of the post ``post_id`` standing on the date, in ``lang``; None when it is not standing then.
    Its source and note are the data's own words (English)."""
    row = _first(dated.posts, post_id)
    if row is None:
        return None
    atlas = dated.atlas
    t = translator(lang)

    def text(field: str) -> str:
        value = row.get(field, "")
        return "" if value is None or value != value else str(value)

    agreement = text("agreement")
    labels = dated.locator.labels([row.geometry.x], [row.geometry.y]).iloc[0]
    extra = tuple((k, text(k)) for k in row.index if k not in POST_FIELDS and text(k))
    withdrawn = _day(text("withdrawn"), t)
    if withdrawn and text("withdrawn_alt"):
        withdrawn += t._(" (another source: %(date)s)", date=_day(text("withdrawn_alt"), t))
    area = str(labels["zone_id"] or "")
    return PostDetails(
        id=post_id, name=t.name(text("name"), text("name_ar")), name_ar=text("name_ar") if t.lang == "en" else "",
        operator=t.place(text("operator")),
        established=_range(text("established"), text("established_to"), t),
        encircled=_range(text("encircled"), text("encircled_to"), t), withdrawn=withdrawn,
        agreement=_deal(atlas, agreement, t),
        area=local_names(atlas, t.lang).get(area, str(labels["zone_name"] or "")) if area else "",
        location_confidence=t.data("confidence", text("location_confidence")),
        date_confidence=t.data("confidence", text("date_confidence")),
        source=text("source"), note=text("note"), extra=extra,
        kind=t.data("post kind", text("kind") or POST_KIND), kind_id=text("kind") or POST_KIND, number=text("number"))


def _deal(atlas, agreement_id: str, t: Translator) -> str:
    """The deal a post was set up under, in words with its date ("Cairo deal, northern Homs (31 Jul 2017)")."""
    deal = next((a for a in atlas.agreements if a.id == agreement_id), None)
    if deal is None:
        return agreement_id
    return t._("%(agreement)s (%(date)s)", agreement=t.data("agreement", deal.short_title), date=t.short_date(deal.date))


def post_absent(atlas, post_id: str, day: date, lang: str = "en") -> tuple[str, str, str] | None:
    """Why a known post is not on the map on ``day``: ("before", name, set-up date) or ("after", name, withdrawal
    date), in ``lang``; None for an unknown id."""
    row = _first(atlas.posts, post_id)
    if row is None:
        return None
    t = translator(lang)
    name = t.name(row["name"], row.get("name_ar", ""))
    start, end = parse_date(row["established"]), parse_date(row["withdrawn"])
    if start is not None and day < start:
        return "before", name, t.short_date(start)
    return "after", name, t.short_date(end) if end else ""


def _day(value: str, t: Translator) -> str:
    day = parse_date(value)
    return t.short_date(day) if day else value


def _range(first: str, last: str, t: Translator) -> str:
    """A date, or "between A and B" where the sources only narrow it down."""
    if first and last:
        return t._("between %(first)s and %(last)s", first=_day(first, t), last=_day(last, t))
    return _day(first, t)


def details(dated: Dated, feature_id: str, keys: tuple[str, ...] = (), categories: tuple[str, ...] = (),
            lang: str = "en") -> Details | None:
    """The details of ``feature_id`` on the dated layers, its provisions filtered like the view, in ``lang``;
    None if absent."""
    row = _first(dated.shapes, feature_id)
    if row is None:
        return None
    atlas = dated.atlas
    t = translator(lang)
    names = local_names(atlas, t.lang)
    parent = dated.parent(feature_id)
    parts = tuple(dated.parts(feature_id))
    chosen = applying(dated, feature_id)
    if keys or categories:
        chosen = filter_provisions(chosen, keys, categories)
    lines = tuple(_line(p, atlas, _why(p.scope, feature_id, parent, parts, names, t), t)
                  for p in chosen.itertuples(index=False))
    return Details(
        id=feature_id, name=names.get(feature_id, row["name"]), name_ar=row["name_ar"] if t.lang == "en" else "",
        kind=local_kind(atlas, row["kind"], t.lang),
        km2=float(dated.km2.get(feature_id, 0.0)),
        shares=shares_text(dated.shares, feature_id, t, governorate_names(atlas, t.lang)),
        method=row["method"], confidence=t.data("confidence", row["confidence"]), source=row["source"],
        note=row["note"], period=_life(atlas, feature_id, t), fate=t.data("fate", row["fate"]),
        shape_period=period_text(row["valid_from"], row["valid_to"], t),
        part_of=names.get(parent) if parent else None, parts=tuple(names.get(p, p) for p in parts),
        agreements=tuple(t._("%(agreement)s (%(date)s)", agreement=t.data("agreement", a.short_title),
                             date=t.short_date(a.date)) for a in dated.agreements),
        provisions=lines, history=_history(dated, feature_id), lang=t.lang,
        fate_lang=t.lang if t.has("fate", row["fate"]) else "en")


def provision_lines(atlas, provisions: pd.DataFrame, lang: str = "en") -> tuple[ProvisionLine, ...]:
    """Provisions as listed when no area is selected: each with where it applies."""
    t = translator(lang)
    words, grounds = atlas.schema.scope_words, atlas.schema.grounds
    names = local_names(atlas, t.lang)
    return tuple(_line(p, atlas, t._("applies to %(where)s",
                                     where=where_text(p.scope, getattr(p, "ground", ""), names, words, grounds, t)), t)
                 for p in provisions.itertuples(index=False))


def absent_note(atlas, feature_id: str, day: date, lang: str = "en") -> str:
    """Why a known area is not on the map on ``day``: not yet drawn, or what ended it."""
    t = translator(lang)
    rows = atlas.areas[atlas.areas["id"] == feature_id]
    name = local_names(atlas, t.lang).get(feature_id, feature_id)
    starts = [d for d in (parse_date(v) for v in rows["valid_from"]) if d]
    if starts and day < min(starts):
        return t._("%(name)s is first drawn from %(date)s.", name=name, date=t.short_date(min(starts)))
    ended = [(parse_date(v), f) for v, f in zip(rows["valid_to"], rows["fate"], strict=True) if parse_date(v)]
    before = [(v, f) for v, f in ended if v <= day]
    if before:
        end, fate = max(before, key=lambda tf: tf[0])
        said = t._("%(name)s ended on %(date)s.", name=name, date=t.short_date(end))
        return said + (f" {t.data('fate', fate)}" if fate else "")
    return t._("%(name)s is not on the map on this date.", name=name)


def scope_label(scope, names: dict[str, str], words: dict[str, str], t: Translator | None = None) -> str:
    """Where a provision applies, in words: area names, or "Syria as a whole"."""
    t = t or translator()
    if isinstance(scope, str):
        return t.data("scope", words.get(scope, scope))
    return t.p_("list", ", ").join(names.get(s, s) for s in scope)


def where_text(scope, ground: str, names: dict[str, str], words: dict[str, str], grounds: dict[str, dict],
               t: Translator | None = None) -> str:
    """Where a provision applies, in words: the ground the deal names itself (``ground``), if any, and the areas
    that stand for it on the map ("south-west Syria: … (on this map: Southern Syria)")."""
    t = t or translator()
    drawn = scope_label(scope, names, words, t)
    meta = grounds.get(ground) if ground else None
    if not isinstance(meta, dict):
        return drawn
    label = t.data("ground", str(meta.get("label") or ground))
    if isinstance(scope, list):
        return t._("%(ground)s (on this map: %(areas)s)", ground=label, areas=drawn)
    return label if scope == "syria" else t._("%(ground)s (%(areas)s)", ground=label, areas=drawn)


def status_note(text_status: str, version: str, statuses: dict[str, str], t: Translator | None = None) -> str:
    """A provision's text status and the copy its words come from, in words; "" for an agreement's own words
    in an official copy (a verbatim text with no version named)."""
    if text_status == "verbatim" and not version:
        return ""
    t = t or translator()
    words = t.data("text status", statuses.get(text_status, text_status))
    if version and t.lang != "en":  # which copy: a source's own English words, said to be English
        version = t._("%(text)s (in English)", text=version)
    return words + (f" — {version}" if version else "")


def shares_text(shares: pd.DataFrame, feature_id: str, t: Translator | None = None,
                names: dict[str, str] | None = None) -> str:
    """'Idlib 71%; Hama 14%; …' for one area (largest first); ``names`` gives the governorates' names to show."""
    t = t or translator()
    names = names or {}
    part = shares[shares["id"] == feature_id]
    shown = [(names.get(g, g), f"{s:.0%}" if s >= 0.005 else "<1%")
             for g, s in zip(part["governorate"], part["share"], strict=True)]
    return t.p_("list", "; ").join(t._("%(governorate)s %(share)s", governorate=g, share=s) for g, s in shown)


def governorate_names(atlas, lang: str = "en") -> dict[str, str]:
    """The governorates' names as ``lang`` writes them (their Arabic names in Arabic)."""
    if lang == "en":
        return {}
    gov = atlas.governorates
    ar = gov["name_ar"] if "name_ar" in gov.columns else [""] * len(gov)
    t = translator(lang)
    return {n: t.name(n, a) for n, a in zip(gov["name"], ar, strict=True)}


def period_text(valid_from: str, valid_to: str, t: Translator | None = None) -> str:
    """'from 4 May 2017 until 14 Apr 2018' (or 'from …, still in force at the end of the data')."""
    t = t or translator()
    start, end = parse_date(valid_from), parse_date(valid_to)
    if start is None and end is None:
        return t._("no dates given")
    if start and end:
        return t._("from %(start)s until %(end)s", start=t.short_date(start), end=t.short_date(end))
    if start:
        return t._("from %(start)s (no end recorded)", start=t.short_date(start))
    return t._("since before the first date until %(end)s", end=t.short_date(end))


def history_text(history: tuple[Period, ...], lang: str = "en") -> str:
    """'4 May 2017 to 14 Feb 2018: 9,354 km²; …' — an area's dated shapes."""
    t = translator(lang)

    def day(value: str, missing: str) -> str:
        parsed = parse_date(value)
        return t.short_date(parsed) if parsed else missing

    return t.p_("list", "; ").join(
        t._("%(start)s to %(end)s: %(km2)s km²", start=day(p.valid_from, "…"), end=day(p.valid_to, t._("end")),
            km2=t.number(p.km2)) for p in history)


# --- helpers -------------------------------------------------------------------------------


def _line(p, atlas, why: str, t: Translator | None = None) -> ProvisionLine:
    t = t or translator()
    sch = atlas.schema
    text_lang = str(getattr(p, "lang", "") or "en")
    note = ""
    if text_lang != t.lang:
        note = t._("The English text: no text in this language was found.") if text_lang == "en" else \
            t._("The original text, in %(language)s.", language=t.language(text_lang))
    known = atlas.known_texts.get(p.agreement, "")
    return ProvisionLine(key=p.key, label=local_label(atlas, p.key, t.lang), title=t.data("provision title", p.title),
                         text=p.text, text_status=p.text_status,
                         agreement=t.data("agreement", atlas.agreement_titles.get(p.agreement, p.agreement)), why=why,
                         text_lang=text_lang, text_note=note, translation=getattr(p, "translation", "") or "",
                         language=t.language(text_lang),
                         status_note=status_note(p.text_status, getattr(p, "version", "") or "", sch.text_statuses, t),
                         known=(known if t.lang == "en" else t._("%(text)s (in English)", text=known)) if known else "",
                         quotes=tuple(_quote(q, t) for q in (getattr(p, "quotes", None) or ())))


def _quote(q: dict, t: Translator) -> str:
    """One further quote, labelled: "Russian, verbatim (the Russian original): «…» — our translation: …"."""
    lang = str(q.get("lang", ""))
    status = t.data("text status word", q.get("text_status", ""))  # marked in geo/draw/static/handout.py (STATUS_WORDS)
    version = str(q.get("version", ""))
    head = t._("%(language)s, %(status)s", language=t.language(lang), status=status) + (f" ({version})" if version else "")
    out = f"{head}: {q.get('text', '')}"
    if q.get("translation"):
        out += t._(" — our translation: %(text)s", text=q["translation"])
    return out


def _why(scope, feature_id: str, parent: str | None, parts: tuple[str, ...], names: dict[str, str],
         t: Translator | None = None) -> str:
    """Why a provision applies to a feature: it names the feature, the area it is part of, or one of its parts."""
    t = t or translator()
    ids = scope_ids(scope)
    if scope == "syria":
        return t._("applies to Syria as a whole")
    if feature_id in ids:
        return t._("names this area") if not parent else t._("names this zone")
    if parent and parent in ids:
        return t._("names %(area)s, which this zone is part of", area=names.get(parent, parent))
    named = [names.get(i, i) for i in ids if i in parts]
    return t._("names %(zones)s, part of this area", zones=t.p_("list", ", ").join(named))


def _life(atlas, feature_id: str, t: Translator | None = None) -> str:
    """'from 4 May 2017 until 27 Jul 2018': the first day of the area's first state to the end of its last."""
    rows = atlas.areas[atlas.areas["id"] == feature_id]
    starts = [d for d in (parse_date(v) for v in rows["valid_from"]) if d]
    ends = [parse_date(v) for v in rows["valid_to"]]
    first = min(starts).isoformat() if starts else ""
    last = "" if not ends or None in ends else max(ends).isoformat()
    return period_text(first, last, t)


HISTORY_STEPS = 12  # an area drawn day by day lists its states on the key dates, not every day's


def _history(dated: Dated, feature_id: str) -> tuple[Period, ...]:
    from geo.base.crs import area_km2

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
