"""What a place went through: the area as agreed it lay in, and since when, and by whom, it was held.

"Was Khan Shaykhun inside the Idlib area when it was bombed?" has two answers, and users ask both: inside the
area *as agreed* (the shape an agreement described) and inside the part the opposition *held* that day.
:func:`place_history` gives both for one point and one day, from the atlas's dated states and its captures::

    inside the area as agreed in Sep 2017 (Astana joint statement); held by the government since 21 Aug 2019

Nothing here names an area: the areas as agreed are the atlas's (kinds the schema marks "agreed", each
``part_of`` its area), the held parts are the states of that area, the sides come from the captures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely

from .i18n import NP_, translator
from .schema import parse_date
from .words import say

__all__ = ["PlaceHistory", "place_history", "steps", "STEP_COLUMNS"]

SIDES = (NP_("side", "government"), NP_("side", "opposition"), NP_("side", "ISIL"))  # the captures' sides
NEAR_KM = 10.0  # a capture this close to the place, on the day it left the held part, says who took it


@dataclass(frozen=True)
class PlaceHistory:
    """The answer of :func:`place_history`; ``text`` is empty when no area as agreed ever held the place."""

    area: str = ""  # the area whose shape as agreed holds the place (its id)
    agreement: str = ""  # the id of the agreement that described that shape
    agreed_on: date | None = None  # that agreement's date
    ended: date | None = None  # the day the area ended, if it had by the date asked
    held: bool = False  # inside the area's held part on the date
    since: date | None = None  # the first day of the run (held or not) that includes the date
    side: str = ""  # who held it: the opposition when held, else the side that took it ("" when not known)
    text: str = ""


def place_history(atlas, lon: float, lat: float, day: date, lang: str = "en") -> PlaceHistory:
    """The area as agreed that holds (``lon``, ``lat``) on ``day`` (or last held it, if its area had ended), and
    whether, since when and by whom the place was held that day; ``text`` says it in ``lang``."""
    agreed = atlas.agreed
    if agreed.empty or not (np.isfinite(lon) and np.isfinite(lat)):
        return PlaceHistory()
    when = np.datetime64(day, "D")
    started = agreed[agreed["start"].to_numpy() <= when]
    hits = started[shapely.contains_xy(np.asarray(started.geometry.values, dtype=object), lon, lat)]
    if hits.empty:
        return PlaceHistory()
    current = hits[hits["end"].to_numpy() > when]
    row = (current if not current.empty else hits).sort_values("start").iloc[-1]
    area = row["part_of"]
    titles = {a.id: a for a in atlas.agreements}
    signed = titles[row["agreement"]].date if row["agreement"] in titles else parse_date(row["valid_from"])
    held, since, ended = _run(atlas, area, lon, lat, when)
    side = "opposition" if held else _taker(atlas, area, lon, lat, since)
    t = translator(lang)
    words = say("history_agreed_in", lang, month=t.month_year(signed)) if signed else say("history_agreed", lang)
    if row["agreement"] in titles:
        words += say("history_agreement", lang, agreement=t.data("agreement", titles[row["agreement"]].short_title))
    if ended is not None:
        words += say("history_ended", lang, date=t.short_date(ended))
    if since is None:
        rest = ""
    elif held:
        rest = say("history_held_since" if since > _first(atlas, area) else "history_held_throughout", lang,
                   date=t.short_date(since))
    else:
        rest = (say("history_taken_since", lang, side=t.data("side", side), date=t.short_date(since)) if side
                else say("history_outside_since", lang, date=t.short_date(since)))
    text = t.p_("list", "; ").join(part for part in (words, rest) if part)
    return PlaceHistory(area, row["agreement"], signed, ended, held, since, side, text)


def _states(atlas, area: str):
    rows = atlas.areas[atlas.areas["id"] == area].sort_values("start")
    return rows


def _first(atlas, area: str) -> date:
    return _date(_states(atlas, area)["start"].to_numpy().min())


def _run(atlas, area: str, lon: float, lat: float, when) -> tuple[bool, date | None, date | None]:
    """(held on the day, first day of the run that includes it, the area's end if it had ended by then)."""
    rows = _states(atlas, area)
    rows = rows[rows["start"].to_numpy() <= when]
    if rows.empty:
        return False, None, None
    inside = shapely.contains_xy(np.asarray(rows.geometry.values, dtype=object), lon, lat)
    starts = rows["start"].to_numpy()
    ends = rows["end"].to_numpy()
    ended = ends[-1] <= when  # no state on the day: the area had ended
    held = bool(inside[-1]) and not ended
    if ended and inside[-1]:  # held to the last: lost when the area ended
        return False, _date(ends[-1]), _date(ends[-1])
    k = len(rows) - 1
    while k > 0 and inside[k - 1] == inside[k]:
        k -= 1
    return held, _date(starts[k]), (_date(ends[-1]) if ended else None)


def _date(value) -> date:
    """A numpy or pandas day as a ``datetime.date``."""
    return np.datetime64(value, "D").astype(object)


def _taker(atlas, area: str, lon: float, lat: float, since: date | None) -> str:
    """The side that took the place on ``since``: the nearest capture of the area that day (then the nearest
    within ``NEAR_KM`` before it) that left a locality to a side other than the opposition."""
    caps = atlas.captures
    if since is None or caps.empty:
        return ""
    rows = caps[(caps["area"] == area) & (caps["to_side"] != "opposition")]
    rows = rows[[d <= since for d in rows["date"]]]
    if rows.empty:
        return ""
    km = np.hypot((rows["lat"].to_numpy() - lat) * 111.2,
                  (rows["lon"].to_numpy() - lon) * 111.2 * np.cos(np.radians(lat)))
    same_day = np.array([d == since for d in rows["date"]])
    for pool in (same_day, km <= NEAR_KM):
        if pool.any():
            return str(rows["to_side"].to_numpy()[pool][np.argmin(km[pool])])
    return ""


STEP_COLUMNS = ["id", "kind", "offensive", "valid_from", "valid_to", "km2", "change_km2", "lost", "lost_to", "gained",
                "confidence", "note", "fate"]


def steps(atlas, ids: list[str] | None = None):
    """The timeline as steps: one row per dated state of each area (or of each id in ``ids``, zones included),
    with the offensive it belongs to, its km² and the change from the state before, and the localities that
    moved while it held: ``lost`` (left the opposition, taken by ``lost_to``) and ``gained`` (taken by the
    opposition), from the captures. Lists stay lists (CSV writes them ``a; b``)."""
    import pandas as pd

    from .crs import area_km2

    shapes = atlas.areas
    chosen = shapes[shapes["id"].isin(ids)] if ids else shapes[shapes["kind"].isin(atlas.schema.area_kinds)]
    km2 = dict(zip(chosen.index, area_km2(chosen), strict=True))
    caps, offensives = atlas.captures, atlas.offensives
    rows = []
    for fid, group in chosen.groupby("id", sort=False):
        before = None
        for index, row in group.sort_values("start").iterrows():
            start = _day(row["start"])
            end = _day(row["end"])
            during = np.array([start <= d and (end is None or d < end) for d in caps["date"]], dtype=bool)
            moved = caps[(caps["area"] == fid).to_numpy() & during]
            lost = moved[moved["to_side"] != "opposition"]
            gained = moved[moved["to_side"] == "opposition"]
            inside = np.array([w0 <= start <= w1 for w0, w1 in zip(offensives["window_start"],
                                                                    offensives["window_end"], strict=True)], dtype=bool)
            war = offensives[(offensives["area"] == fid).to_numpy() & inside]
            rows.append({
                "id": fid, "kind": row["kind"], "offensive": war["id"].iloc[0] if not war.empty else "",
                "valid_from": row["valid_from"], "valid_to": row["valid_to"], "km2": int(round(km2[index])),
                "change_km2": int(round(km2[index] - before)) if before is not None else 0,
                "lost": sorted(dict.fromkeys(lost["name"])), "lost_to": sorted(set(lost["to_side"])),
                "gained": sorted(dict.fromkeys(gained["name"])), "confidence": row["confidence"],
                "note": row["note"], "fate": row["fate"],
            })
            before = km2[index]
    return pd.DataFrame(rows, columns=STEP_COLUMNS)


def _day(value) -> date | None:
    """A numpy day of the atlas's ``start``/``end`` columns as a date; None for the open end."""
    from .load import OPEN_END

    if np.datetime64(value, "D") == OPEN_END:
        return None
    return _date(value)
