"""What the page says, without Streamlit: labels for widgets, the answer to a place search, the notes on an
upload. ``app.py`` shows these; tests check them without a browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import InputError
from .scene import short_date
from .text import clip

__all__ = ["provision_option", "date_label", "PlaceAnswer", "find_place", "upload_summary", "NEIGHBOUR_PLACES"]

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


def date_label(day: date, labels: dict[date, str]) -> str:
    """A key date with what happened: "17 Sep 2018 — Sochi memorandum"."""
    text = short_date(day)
    return f"{text} — {clip(labels[day], 60)}" if day in labels else text


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
    Syrian spelling."""
    from .gazetteer import lookup, normalise
    from .history import place_history

    query = clip(query.strip(), 100)
    if not query:
        return None
    country = NEIGHBOUR_PLACES.get(query.lower().strip()) or NEIGHBOUR_PLACES.get(query.lower().removeprefix("al-"))
    if country:
        return PlaceAnswer(False, message=f"{query} is in {country}, outside Syria: the map covers Syria only.")
    if len(normalise(query)) > 60:
        return PlaceAnswer(False, message="That name is too long to be a place name.")
    try:
        match = lookup(query)
    except InputError as exc:
        return PlaceAnswer(False, message=str(exc))
    place = match.place
    labels = dated.locator.labels([place.lon], [place.lat]).iloc[0]
    history = place_history(dated.atlas, place.lon, place.lat, dated.date).text
    return PlaceAnswer(True, place.name, place.lat, place.lon, labels["zone_id"], labels["zone_name"],
                       labels["governorate"], match.exact, place.note, history=history)


def violence_chart(found):
    """An Altair chart (Streamlit's own charts, offline): deaths per month in the area and its ring, with a
    band for the low–high range and a labelled rule at each key date."""
    import altair as alt
    import pandas as pd

    data = found.monthly[found.monthly["series"] != "rest of Syria"]
    base = alt.Chart(data).encode(x=alt.X("month:T", title=None))
    band = base.transform_filter(alt.datum.zone_id == data["zone_id"].iloc[0]).mark_area(opacity=0.2).encode(
        y="deaths_low:Q", y2="deaths_high:Q")
    lines = base.mark_line().encode(y=alt.Y("deaths_best:Q", title="deaths per month"),
                                    color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top")))
    rules_data = pd.DataFrame({"date": pd.to_datetime([d for d, _ in found.key_dates]),
                               "label": [label for _, label in found.key_dates]})
    rules = alt.Chart(rules_data).mark_rule(strokeDash=[4, 3], color="#444").encode(x="date:T")
    labels = alt.Chart(rules_data).mark_text(angle=270, align="right", baseline="bottom", dx=-2, dy=-2, fontSize=10, color="#333").encode(
        x="date:T", y=alt.value(4), text="label:N")
    return (band + lines + rules + labels).properties(height=220)


def violence_csv(found) -> bytes:
    """The before/after table as CSV, with the caveat and what was left out as # comment lines."""
    import textwrap

    from .tables import render

    header = [f"# {line}" for line in textwrap.wrap(found.caveat, 98) + list(found.notes)]
    return ("\n".join(header) + "\n" + render(found.periods, "csv")).encode("utf-8")


def upload_summary(atlas, bundled) -> list[str]:
    """Short notes on an upload: ids the provisions do not know, repairs made (one line each)."""
    from .upload import provision_notes

    notes = list(atlas.warnings)
    notes += provision_notes(bundled.provisions, set(atlas.areas["id"]))
    return notes
