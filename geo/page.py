"""What the page says, without Streamlit: labels for widgets, the answer to a place search, the notes on an
upload, the violence table. ``app.py`` shows these; tests check them without a browser. The sentences
themselves are in :mod:`geo.words`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import InputError
from .scene import long_date, short_date
from .text import clip, markdown
from .words import plural, say

__all__ = ["provision_option", "date_label", "date_caption", "read_date", "date_error", "PlaceAnswer", "find_place",
           "upload_summary", "upload_title", "violence_chart", "violence_csv", "violence_table", "NEIGHBOUR_PLACES"]

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


def provision_option(key: str, provisions, atlas) -> str:
    """A provision as a widget option: "5 · Control forces in the Idlib security zone"."""
    return f"{atlas.label(key)} · {provisions.loc[key, 'title']}"


def date_label(day: date) -> str:
    """A date as the slider shows it, short enough to stay inside the sidebar: "17 Sep 2018"."""
    return short_date(day)


def date_caption(day: date, labels: dict[date, str]) -> str:
    """What happened on a key date, under the slider: "17 Sep 2018: Sochi memorandum"."""
    if day in labels:
        return say("on_this_day", date=short_date(day), what=clip(labels[day], 200))
    return say("not_a_key_date", date=short_date(day))


def read_date(text: str, span: tuple[date, date] | None) -> date | None:
    """A typed date (YYYY-MM-DD) among the days the data describes (``span``, first and last included, from
    :func:`geo.span.data_span`; None: any date), or None."""
    from .schema import parse_date

    day = parse_date(clip(str(text).strip(), 40))
    return day if day is not None and (span is None or span[0] <= day <= span[1]) else None


def date_error(text: str, span: tuple[date, date] | None, day: date) -> str:
    """Why a typed date was not taken, naming the days the data describes (Markdown: ``text`` is escaped)."""
    if span is None:
        return say("bad_date_any", text=markdown(text), date=long_date(day))
    return say("bad_date", text=markdown(text), first=span[0].isoformat(), last=span[1].isoformat(),
               date=long_date(day))


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


def find_place(query: str, dated) -> PlaceAnswer | None:
    """Look ``query`` up (None when it is blank); a place outside Syria is named as such, not matched to a near
    Syrian spelling; a name the gazetteer does not know gets a message saying what it knows."""
    from .gazetteer import COUNTRIES, lookup, normalise, suggestions
    from .history import place_history

    query = clip(query.strip(), 100)
    if not query:
        return None
    country = NEIGHBOUR_PLACES.get(query.lower().strip()) or NEIGHBOUR_PLACES.get(query.lower().removeprefix("al-"))
    if country:
        return PlaceAnswer(False, message=say("place_abroad", name=query, country=country))
    if len(normalise(query)) > 60:
        return PlaceAnswer(False, message=say("place_too_long"))
    try:
        match = lookup(query)
    except InputError:
        hints = suggestions(query)
        if hints:
            return PlaceAnswer(False, message=say("place_unknown_hint", query=query, hints=_or_list(hints)))
        return PlaceAnswer(False, message=say("place_unknown", query=query))
    place = match.place
    labels = dated.locator.labels([place.lon], [place.lat]).iloc[0]
    if place.country != "SY" and not labels["governorate"]:
        return PlaceAnswer(False, message=say("place_abroad", name=place.name,
                                               country=COUNTRIES.get(place.country, place.country)))
    history = place_history(dated.atlas, place.lon, place.lat, dated.date).text
    return PlaceAnswer(True, place.name, place.lat, place.lon, labels["zone_id"], labels["zone_name"],
                       labels["governorate"], match.exact, place.note, history=history)


def _or_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def violence_chart(found):
    """Two Altair charts (Streamlit's own charts, offline), laid out and coloured as the downloaded chart: deaths
    per month in the area and its ring, with a band for the low–high range and a labelled rule at each key date;
    and under it, on its own scale, the rest of Syria. Each fills the column's width."""
    import altair as alt
    import pandas as pd

    from .chart import AREA_COLOUR, REST_COLOUR, RING_COLOUR

    monthly = found.monthly
    rest = monthly[monthly["series"] == "rest of Syria"]
    data = monthly[monthly["series"] != "rest of Syria"]
    x = alt.X("month:T", title=None)
    base = alt.Chart(data).encode(x=x)
    band = base.transform_filter(alt.datum.zone_id == found.area_id).mark_area(opacity=0.2, color=AREA_COLOUR).encode(
        y="deaths_low:Q", y2="deaths_high:Q")
    series = list(dict.fromkeys(data["series"]))
    colours = [AREA_COLOUR if s == found.name else RING_COLOUR for s in series]
    lines = base.mark_line().encode(y=alt.Y("deaths_best:Q", title=say("chart_deaths")),
                                    color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top"),
                                                    scale=alt.Scale(domain=series, range=colours)))
    rules_data = pd.DataFrame({"date": pd.to_datetime([d for d, _ in found.key_dates]),
                               "label": [label for _, label in found.key_dates]})
    rules = alt.Chart(rules_data).mark_rule(strokeDash=[4, 3], color="#444").encode(x="date:T")
    labels = alt.Chart(rules_data).mark_text(angle=270, align="right", baseline="bottom", dx=-2, dy=-2, fontSize=10,
                                             color="#333").encode(x="date:T", y=alt.value(4), text="label:N")
    upper = (band + lines + rules + labels).properties(height=200)
    rest_line = alt.Chart(rest).encode(x=x).mark_line().encode(
        y=alt.Y("deaths_best:Q", title=say("chart_rest")), color=alt.value(REST_COLOUR))
    lower = (rest_line + rules).properties(height=120)
    return upper, lower


def violence_table(found) -> str:
    """The rates before and after each agreement as a small HTML table that fits a narrow column: the period (its
    dates under its name), deaths per 30 days in the area, its ring and the rest of Syria, and the events."""
    from html import escape

    heads = [say("col_period"), found.name, say("col_ring", km=f"{found.ring_km:g}"), say("col_rest"),
             say("col_events")]
    rows = []
    for values in found.periods.itertuples(index=False):  # period, from, to, area, ring, rest, events
        period, start, end, area, ring, rest, events = values
        rows.append("<tr><td>" + escape(str(period)) + f'<br><small>{escape(str(start))} – {escape(str(end))}</small></td>'
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


def upload_title(atlas, notes: list[str]) -> str:
    """The heading of the notes on an upload: "Your areas: mine.geojson (1 feature, 2 notes)"."""
    extra = ", " + plural(len(notes), "note", "notes") if notes else ""
    return say("upload_used", name=atlas.origin, features=plural(len(atlas.areas), "feature", "features"), notes=extra)


def upload_summary(atlas, bundled) -> list[str]:
    """Short notes on an upload, in words: repairs made, and the provisions that name places the file lacks (by
    their names and the agreement's, never by ids)."""
    notes = list(atlas.warnings)
    known = set(atlas.areas["id"])
    for key, scope in zip(bundled.provisions["key"], bundled.provisions["scope"], strict=True):
        if not isinstance(scope, list):
            continue
        missing = [s for s in scope if s not in known]
        if missing:
            from .scene import provisions_phrase

            names = [bundled.names.get(m, m) for m in missing]
            notes.append(say("upload_names_missing", provision=provisions_phrase([key], bundled),
                             missing=_and_list(names),
                             effect=say("upload_no_place" if len(missing) == len(scope) else "upload_partly")))
    return notes


def _and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
