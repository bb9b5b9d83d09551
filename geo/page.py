"""What the page says, without Streamlit: labels for widgets, the answer to a place search, the notes on an
upload, the violence table. ``app.py`` shows these; tests check them without a browser. The sentences
themselves are in :mod:`geo.words`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import InputError
from .i18n import NP_, translator
from .text import clip, markdown
from .words import plural, say

__all__ = ["provision_option", "date_label", "date_caption", "read_date", "date_error", "PlaceAnswer", "find_place",
           "upload_summary", "upload_title", "violence_chart", "violence_csv", "violence_table", "period_label",
           "NEIGHBOUR_PLACES"]

# Places users look up that lie outside Syria: answered by country, never with a near Syrian spelling.
NEIGHBOUR_PLACES = {
    "beirut": "Lebanon", "tripoli": "Lebanon", "baalbek": "Lebanon", "hermel": "Lebanon", "arsal": "Lebanon",
    "amman": "Jordan", "irbid": "Jordan", "mafraq": "Jordan", "ramtha": "Jordan", "zaatari": "Jordan",
    "ankara": "Turkey", "istanbul": "Turkey", "gaziantep": "Turkey", "kilis": "Turkey", "reyhanli": "Turkey",
    "antakya": "Turkey", "hatay": "Turkey", "sanliurfa": "Turkey", "sochi": "Russia", "moscow": "Russia",
    "astana": "Kazakhstan", "nur-sultan": "Kazakhstan", "geneva": "Switzerland", "baghdad": "Iraq", "mosul": "Iraq",
    "qaim": "Iraq", "al-qaim": "Iraq", "tehran": "Iran", "jerusalem": "Israel/Palestine", "tel aviv": "Israel",
    "haifa": "Israel", "nicosia": "Cyprus", "cairo": "Egypt",
}
# Their countries, for the catalogue (shown through t.place).
_COUNTRIES = (NP_("place", "Lebanon"), NP_("place", "Jordan"), NP_("place", "Turkey"), NP_("place", "Russia"),
              NP_("place", "Kazakhstan"), NP_("place", "Switzerland"), NP_("place", "Iraq"), NP_("place", "Iran"),
              NP_("place", "Israel/Palestine"), NP_("place", "Israel"), NP_("place", "Cyprus"),
              NP_("place", "Egypt"), NP_("place", "Palestine"), NP_("place", "Syria"))


def provision_option(key: str, provisions, atlas, lang: str = "en") -> str:
    """A provision as a widget option: "5 · Control forces in the Idlib security zone" (in ``lang``)."""
    from .scene import local_label

    t = translator(lang)
    return f"{local_label(atlas, key, t.lang)} · {t.data('provision title', provisions.loc[key, 'title'])}"


def date_label(day: date, lang: str = "en") -> str:
    """A date as the slider shows it, short enough to stay inside the sidebar: "17 Sep 2018" ("17 أيلول 2018")."""
    return translator(lang).short_date(day)


def date_caption(day: date, labels: dict[date, str], lang: str = "en") -> str:
    """What happened on a key date, under the slider: "17 Sep 2018: Sochi memorandum" (``labels`` in ``lang``:
    :meth:`geo.atlas.Atlas.key_dates_in`)."""
    t = translator(lang)
    if day in labels:
        return say("on_this_day", lang, date=t.short_date(day), what=clip(labels[day], 200))
    return say("not_a_key_date", lang, date=t.short_date(day))


def read_date(text: str, span: tuple[date, date] | None) -> date | None:
    """A typed date (YYYY-MM-DD) among the days the data describes (``span``, first and last included, from
    :func:`geo.span.data_span`; None: any date), or None."""
    from .schema import parse_date

    day = parse_date(clip(str(text).strip(), 40))
    return day if day is not None and (span is None or span[0] <= day <= span[1]) else None


def date_error(text: str, span: tuple[date, date] | None, day: date, lang: str = "en") -> str:
    """Why a typed date was not taken, naming the days the data describes (Markdown: ``text`` is escaped)."""
    t = translator(lang)
    if span is None:
        return say("bad_date_any", lang, text=markdown(text), date=t.long_date(day))
    return say("bad_date", lang, text=markdown(text), first=span[0].isoformat(), last=span[1].isoformat(),
               date=t.long_date(day))


@dataclass(frozen=True)
class PlaceAnswer:
    """The answer to a place search: found (with its area and governorate on the date), or a message."""

    found: bool
    name: str = ""
    lat: float = 0.0
    lon: float = 0.0
    area_id: str = ""
    area: str = ""
    governorate: str = ""
    exact: bool = True
    note: str = ""
    message: str = ""
    history: str = ""  # the area as agreed it lay in, and since when and by whom it was held (geo.history)


def find_place(query: str, dated, lang: str = "en") -> PlaceAnswer | None:
    """Look ``query`` up (None when it is blank); a place outside Syria is named as such, not matched to a near
    Syrian spelling; a name the gazetteer does not know gets a message saying what it knows. Names, messages and
    the place's history are in ``lang``; a note of the data (English prose) is said to be English."""
    from .details import governorate_names
    from .gazetteer import COUNTRIES, local_name, lookup, normalise, suggestions
    from .history import place_history
    from .scene import local_names

    t = translator(lang)
    query = clip(query.strip(), 100)
    if not query:
        return None
    country = NEIGHBOUR_PLACES.get(query.lower().strip()) or NEIGHBOUR_PLACES.get(query.lower().removeprefix("al-"))
    if country:
        return PlaceAnswer(False, message=say("place_abroad", lang, name=query, country=t.place(country)))
    if len(normalise(query)) > 60:
        return PlaceAnswer(False, message=say("place_too_long", lang))
    try:
        match = lookup(query)
    except InputError:
        hints = suggestions(query)
        if hints:
            return PlaceAnswer(False, message=say("place_unknown_hint", lang, query=query, hints=_or_list(hints, t)))
        return PlaceAnswer(False, message=say("place_unknown", lang, query=query))
    place = match.place
    labels = dated.locator.labels([place.lon], [place.lat]).iloc[0]
    if place.country != "SY" and not labels["governorate"]:
        return PlaceAnswer(False, message=say("place_abroad", lang, name=local_name(place, t.lang),
                                               country=t.place(COUNTRIES.get(place.country, place.country))))
    history = place_history(dated.atlas, place.lon, place.lat, dated.date, t.lang).text
    area = local_names(dated.atlas, t.lang).get(labels["zone_id"], labels["zone_name"]) if labels["zone_id"] else ""
    governorate = governorate_names(dated.atlas, t.lang).get(labels["governorate"], labels["governorate"])
    note = place.note
    if note and t.lang != "en":
        note = say("english_note", lang, text=note)
    return PlaceAnswer(True, local_name(place, t.lang), place.lat, place.lon, labels["zone_id"], area,
                       governorate, match.exact, note, history=history)


def _or_list(names: list[str], t) -> str:
    return names[0] if len(names) == 1 else t.p_("list", ", ").join(names[:-1]) + t.p_("list", " or ") + names[-1]


def violence_chart(found, lang: str = "en"):
    """Two Altair charts (Streamlit's own charts, offline), laid out and coloured as the downloaded chart: deaths
    per month in the area and its ring, with a band for the low–high range and a labelled rule at each key date;
    and under it, on its own scale, the rest of Syria. Each fills the column's width."""
    import altair as alt
    import pandas as pd

    from .chart import AREA_COLOUR, REST_COLOUR, RING_COLOUR

    t = translator(lang)
    monthly = found.monthly
    rest = monthly[monthly["series"] == "rest of Syria"]
    data = monthly[monthly["series"] != "rest of Syria"]
    x = alt.X("month:T", title=None, axis=_month_axis(t))
    base = alt.Chart(data).encode(x=x)
    series_names = {found.name: local_series(found, found.name, t.lang),
                    f"{found.ring_km:g} km ring": say("col_ring", lang, km=f"{found.ring_km:g}")}
    data = data.assign(series=[series_names.get(s, s) for s in data["series"]])
    base = alt.Chart(data).encode(x=x)
    band = base.transform_filter(alt.datum.zone_id == found.area_id).mark_area(opacity=0.2, color=AREA_COLOUR).encode(
        y="deaths_low:Q", y2="deaths_high:Q")
    series = list(dict.fromkeys(data["series"]))
    colours = [AREA_COLOUR if s == series_names[found.name] else RING_COLOUR for s in series]
    lines = base.mark_line().encode(y=alt.Y("deaths_best:Q", title=say("chart_deaths", lang)),
                                    color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top"),
                                                    scale=alt.Scale(domain=series, range=colours)))
    rules_data = pd.DataFrame({"date": pd.to_datetime([d for d, _ in found.key_dates]),
                               "label": [period_label(label, found, t.lang) for _, label in found.key_dates]})
    rules = alt.Chart(rules_data).mark_rule(strokeDash=[4, 3], color="#444").encode(x="date:T")
    labels = alt.Chart(rules_data).mark_text(angle=270, align="right", baseline="bottom", dx=-2, dy=-2, fontSize=10,
                                             color="#333").encode(x="date:T", y=alt.value(4), text="label:N")
    upper = (band + lines + rules + labels).properties(height=200)
    rest_line = alt.Chart(rest).encode(x=x).mark_line().encode(
        y=alt.Y("deaths_best:Q", title=say("chart_rest", lang)), color=alt.value(REST_COLOUR))
    lower = (rest_line + rules).properties(height=120)
    return upper, lower


def _month_axis(t):
    """The time axis in the page's language: a year at January, the month's name between (Vega's own labels are
    English)."""
    import json

    import altair as alt

    if t.lang == "en":
        return alt.Axis()
    months = json.dumps([t.month(m) for m in range(1, 13)], ensure_ascii=False)
    return alt.Axis(labelExpr=f"month(datum.value) == 0 ? '' + year(datum.value) : {months}[month(datum.value)]")


def violence_table(found, lang: str = "en") -> str:
    """The rates before and after each agreement as a small HTML table that fits a narrow column: the period (its
    dates under its name), deaths per 30 days in the area, its ring and the rest of Syria, and the events."""
    from html import escape

    t = translator(lang)
    heads = [say("col_period", lang), local_series(found, found.name, t.lang), say("col_ring", lang, km=f"{found.ring_km:g}"),
             say("col_rest", lang), say("col_events", lang)]
    rows = []
    for values in found.periods.itertuples(index=False):  # period, from, to, area, ring, rest, events
        period, start, end, area, ring, rest, events = values
        rows.append("<tr><td>" + escape(period_label(str(period), found, t.lang))
                    + f'<br><small>{escape(_iso_day(start, t))} – {escape(_iso_day(end, t))}</small></td>'
                    + "".join(f'<td class="n">{escape(_number(v))}</td>' for v in (area, ring, rest, events)) + "</tr>")
    head = "".join(f"<th>{escape(h)}</th>" for h in heads)
    return f'<table class="zonemap-rates"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def _number(value) -> str:
    value = float(value)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.1f}"


def violence_csv(found) -> bytes:
    """The before/after table as CSV, with the caveat and what was left out as # comment lines."""
    import textwrap

    from .tables import render

    header = [f"# {line}" for line in textwrap.wrap(found.caveat, 98) + list(found.notes)]
    return ("\n".join(header) + "\n" + render(found.periods, "csv")).encode("utf-8")


def upload_title(atlas, notes: list[str], lang: str = "en") -> str:
    """The heading of the notes on an upload: "Your areas: mine.geojson (1 feature, 2 notes)"."""
    extra = translator(lang).p_("list", ", ") + plural(len(notes), "notes", lang) if notes else ""
    return say("upload_used", lang, name=atlas.origin, features=plural(len(atlas.areas), "features", lang),
               notes=extra)


def upload_summary(atlas, bundled, lang: str = "en") -> list[str]:
    """Short notes on an upload, in words: repairs made, and the provisions that name places the file lacks (by
    their names and the agreement's, never by ids)."""
    notes = list(atlas.warnings)
    known = set(atlas.areas["id"])
    for key, scope in zip(bundled.provisions["key"], bundled.provisions["scope"], strict=True):
        if not isinstance(scope, list):
            continue
        missing = [s for s in scope if s not in known]
        if missing:
            from .scene import local_names, provisions_phrase

            names = [local_names(bundled, lang).get(m, m) for m in missing]
            notes.append(say("upload_names_missing", lang, provision=provisions_phrase([key], bundled, lang),
                             missing=translator(lang).join(names),
                             effect=say("upload_no_place" if len(missing) == len(scope) else "upload_partly", lang)))
    return notes


def local_series(found, name: str, lang: str) -> str:
    """The area's name as ``lang`` writes it (the violence chart and table name their series by it)."""
    from .scene import local_names

    return local_names(found.atlas, lang).get(found.area_id, name) if found.atlas is not None else name


def period_label(label: str, found, lang: str = "en") -> str:
    """A period of the violence table ("before Astana memorandum", "A → B", "after X / Y") or a key date's label
    in ``lang``: each key date is named as the atlas names it in ``lang`` (:meth:`geo.atlas.Atlas.key_dates_in`),
    matched by its day; a label with no match stays as it is."""
    if lang == "en" or found.atlas is None:
        return label
    t = translator(lang)
    local = _local_key_labels(found, lang)
    if label == "whole range":
        return t._("the whole range")
    if label.startswith("before "):
        return t._("before %(what)s", what=period_label(label[len("before "):], found, lang))
    if label.startswith("after "):
        return t._("after %(what)s", what=period_label(label[len("after "):], found, lang))
    if " → " in label:
        return " ← ".join(period_label(part, found, lang) for part in label.split(" → "))
    if " / " in label:
        return " / ".join(period_label(part, found, lang) for part in label.split(" / "))
    return local.get(label, label)


def _local_key_labels(found, lang: str) -> dict[str, str]:
    """English label of each of the area's key dates → the same day's label in ``lang``, part by part."""
    from .i18n import translator as tr
    from .scene import local_names

    t = tr(lang)
    atlas = found.atlas
    out = {a.short_title: t.data("agreement", a.short_title) for a in atlas.agreements}
    names = local_names(atlas, lang)
    for fid, name in atlas.names.items():
        out[f"{name} begins"] = t._("%(name)s begins", name=names.get(fid, name))
        out[f"{name} ends"] = t._("%(name)s ends", name=names.get(fid, name))
        out[f"{fid} ends"] = t._("%(name)s ends", name=names.get(fid, name))
    for row in atlas.offensives.itertuples(index=False):
        offensive = t.data("offensive", row.name)
        out[f"{row.name} begins"] = t._("%(name)s begins", name=offensive)
        out[f"{row.name} ends"] = t._("%(name)s ends", name=offensive)
    for day, label in found.key_dates:
        if label not in out and " redrawn " in label:
            name = label.split(" redrawn ")[0]
            fid = next((i for i, n in atlas.names.items() if n == name), name)
            out[label] = t._("%(name)s redrawn %(date)s", name=names.get(fid, name), date=t.short_date(day))
    return out


def _iso_day(value, t) -> str:
    from .schema import parse_date

    day = parse_date(str(value))
    return t.short_date(day) if day and t.lang != "en" else str(value)
