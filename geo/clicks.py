"""Page logic kept out of Streamlit so it can be unit-tested: map clicks and URL state.

- :func:`selection_from_click` turns what streamlit-folium returns for a click into the id of the shape or the
  observation post the person clicked. The browser knows which path is under the pointer (the one drawn on
  top, its outline included), and tells us through the tooltip of the clicked path; a click on the map's
  background falls back to the same point-in-polygon code as ``zonemap locate`` (topmost shape first), or clears.
- :func:`is_new_click` guards against re-processing the same click on every rerun.
- :func:`parse_params` / :func:`to_params` map the URL query
  (``?date=2018-10-01&area=idlib&provision=5&provision=sochi-2018:3&place=Saraqib``, or ``post=op_salwa`` for a
  selected observation post) to the view and back;
  unknown values become warnings, never errors.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import geopandas as gpd

from .agreements import categories_of, provision_label
from .analysis import feature_at
from .errors import InputError
from .i18n import LANGS, SOURCE, check_lang, translator
from .schema import parse_date
from .span import data_span
from .text import clip

__all__ = ["click_point", "is_new_click", "selection_from_click", "UrlState", "parse_params", "to_params",
           "RETURNED"]

RETURNED = ["last_clicked", "last_object_clicked", "last_object_clicked_tooltip"]
_SPACE = re.compile(r"\s+")


def click_point(clicked: Any) -> tuple[float, float] | None:
    """(lat, lon) of a streamlit-folium ``last_clicked`` value, or None if it is not a usable point."""
    if not isinstance(clicked, Mapping):
        return None
    try:
        lat, lon = float(clicked["lat"]), float(clicked["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    return lat, lon


def is_new_click(clicked: Any, previous: Any) -> bool:
    """True when ``clicked`` is a point and differs from the click already handled."""
    point = click_point(clicked)
    return point is not None and point != click_point(previous)


def selection_from_click(shapes: gpd.GeoDataFrame, returned: Mapping[str, Any] | None,
                         posts: gpd.GeoDataFrame | None = None) -> str | None:
    """Id of the visible shape or post the person clicked; None on the background.

    ``shapes`` are the scene's shapes in drawing order with their ``tip`` lines, ``posts`` its posts (drawn on
    top of every shape) with theirs; ``returned`` is streamlit-folium's value (``last_clicked``,
    ``last_object_clicked``, ``last_object_clicked_tooltip``).
    """
    returned = returned or {}
    point = click_point(returned.get("last_clicked"))
    if point is None:
        return None
    on_layer = click_point(returned.get("last_object_clicked")) == point
    tip = returned.get("last_object_clicked_tooltip")
    if on_layer and isinstance(tip, str) and posts is not None and not posts.empty:
        hit = [str(i) for i, lines in zip(posts["id"], posts["tip"], strict=True) if _canon("".join(lines)) == _canon(tip)]
        if hit:
            return hit[0]
    if on_layer and isinstance(tip, str) and not shapes.empty:
        wanted = _canon(tip)
        matching = shapes[[_canon("".join(lines)) == wanted for lines in shapes["tip"]]]
        if len(matching) == 1:
            return str(matching["id"].iloc[0])
        if len(matching) > 1:  # two shapes look alike: the topmost of them under the pointer, or the topmost
            return feature_at(matching, *point) or str(matching["id"].iloc[-1])
    return feature_at(shapes, *point)


@dataclass(frozen=True)
class UrlState:
    """What the URL holds: the date, the selected area, the filters and the searched place."""

    date: date | None = None
    area: str | None = None
    provisions: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    place: str = ""
    warnings: tuple[str, ...] = field(default=(), compare=False)
    post: str | None = None  # a selected observation post (the URL's ``post``; then ``area`` is empty)
    lang: str = SOURCE  # the page's language (the URL's ``lang``; English is left out)


def parse_params(params: Mapping[str, Any], atlas) -> UrlState:
    """Read ``lang``, ``date``, ``area``, ``post``, ``provision`` (repeatable, or comma-separated), ``category`` and
    ``place``.

    Values may be strings or lists of strings. Unknown or malformed values are dropped with a warning, in the
    link's language.
    """
    warnings: list[str] = []
    lang = SOURCE
    raw_lang = (_values(params, "lang") or [""])[-1].strip()
    if raw_lang:
        try:
            lang = check_lang(raw_lang)
        except InputError:
            warnings.append(f"Unknown language {clip(raw_lang, 20)!r} in the link; the page is in English "
                            f"(known: {', '.join(LANGS)}).")
    t = translator(lang)
    day = None
    raw_date = (_values(params, "date") or [""])[-1].strip()
    if raw_date:
        day = parse_date(raw_date)
        if day is None:
            warnings.append(t._("The date %(value)s in the link is not YYYY-MM-DD; showing the default date.",
                                value=repr(clip(raw_date, 30))))
        elif (span := data_span(atlas)) is not None and not span[0] <= day <= span[1]:
            warnings.append(t._("The date %(day)s in the link is outside the days the data describes (%(first)s to "
                                "%(last)s); showing the default date.", day=day.isoformat(),
                                first=span[0].isoformat(), last=span[1].isoformat()))
            day = None
    area = None
    area_values = _values(params, "area")
    if area_values:
        value = area_values[-1].strip()
        if value in atlas.names:
            area = value
        elif value:
            warnings.append(t._("Unknown area %(value)s in the link, ignored (known: %(known)s).",
                                value=repr(clip(value, 40)), known=", ".join(atlas.names)))
    chosen: list[str] = []
    for raw in _values(params, "provision"):
        for part in raw.split(","):
            part = part.strip()
            if not part:
                continue
            try:
                key = atlas.provision(part)
            except InputError:
                warnings.append(t._("Unknown provision %(value)s in the link, ignored.", value=repr(clip(part, 40))))
                continue
            if key not in chosen:
                chosen.append(key)
    cats: list[str] = []
    known_cats = set(categories_of(atlas.provisions))
    for raw in _values(params, "category"):
        value = raw.strip()
        if value in known_cats:
            if value not in cats:
                cats.append(value)
        elif value:
            warnings.append(t._("Unknown category %(value)s in the link, ignored.", value=repr(clip(value, 40))))
    place = clip((_values(params, "place") or [""])[-1].strip(), 100)
    post = None
    post_values = _values(params, "post")
    if post_values:
        value = post_values[-1].strip()
        if value in set(atlas.posts["id"]):
            post = value
        elif value:
            warnings.append(t._("Unknown observation post %(value)s in the link, ignored.",
                                value=repr(clip(value, 40))))
    return UrlState(day, area, tuple(chosen), tuple(sorted(cats)), place, tuple(warnings), post, lang)


def to_params(state: UrlState, default_date: date | None = None, default_agreement: str | None = None) -> dict[str, Any]:
    """The query mapping for a state (empty keys and the default date left out; the default agreement's
    provisions by their bare number)."""
    out: dict[str, Any] = {}
    if state.lang and state.lang != SOURCE:
        out["lang"] = state.lang
    if state.date and state.date != default_date:
        out["date"] = state.date.isoformat()
    if state.area:
        out["area"] = state.area
    if state.post:
        out["post"] = state.post
    keys = [provision_label(k, default_agreement) for k in state.provisions]
    if keys:
        out["provision"] = keys
    if state.categories:
        out["category"] = sorted(set(state.categories))
    if state.place:
        out["place"] = state.place
    return out


def _values(params: Mapping[str, Any], key: str) -> list[str]:
    getter = getattr(params, "get_all", None)
    raw = getter(key) if callable(getter) else params.get(key)  # st.query_params.get_all: every repeated value
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    return [str(v) for v in raw]


def _canon(text: str) -> str:
    return _SPACE.sub("", text)
