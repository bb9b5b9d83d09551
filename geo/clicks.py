"""Page logic kept out of Streamlit so it can be unit-tested: map clicks and URL state.

- :func:`selection_from_click` turns streamlit-folium's ``last_clicked`` ({"lat", "lng"}) into the id
  of the clicked area with the same point-in-polygon code as ``zonemap locate``.
- :func:`is_new_click` guards against re-processing the same click on every rerun.
- :func:`parse_params` / :func:`to_params` map the URL query (``?area=idlib&provision=5&provision=9``)
  to the view's selection and filters and back; unknown values become warnings, never errors.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from .analysis import area_at
from .load import AREA_KIND, ZONE_KIND

__all__ = ["click_point", "is_new_click", "selection_from_click", "owner_area", "UrlState", "parse_params",
           "to_params", "md_escape"]

LAYER_KINDS = {"areas": AREA_KIND, "security_zone": ZONE_KIND}


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


def selection_from_click(areas: gpd.GeoDataFrame, clicked: Any,
                         layers: Iterable[str] = ("areas", "security_zone")) -> str | None:
    """Id of the visible area (or security zone) under the click; None outside all of them."""
    point = click_point(clicked)
    if point is None:
        return None
    kinds = {LAYER_KINDS[name] for name in layers if name in LAYER_KINDS}
    visible = areas[areas["kind"].isin(kinds)]
    if visible.empty:
        return None
    return area_at(visible, *point)


def owner_area(areas: gpd.GeoDataFrame, area_id: str) -> str:
    """The de-escalation area whose provisions apply to ``area_id``.

    An area is its own owner; a security zone belongs to the area it borders (nearest).
    """
    row = areas[areas["id"] == area_id]
    if row.empty or row["kind"].iloc[0] == AREA_KIND:
        return area_id
    candidates = areas[areas["kind"] == AREA_KIND]
    if candidates.empty:
        return area_id
    # Only the nearest matters (a belt touches its area), so plain degrees are enough here.
    distances = shapely.distance(np.asarray(candidates.geometry.values, dtype=object), row.geometry.iloc[0])
    return str(candidates["id"].iloc[int(np.argmin(distances))])


@dataclass(frozen=True)
class UrlState:
    """What the URL holds: the selected area and the provision/category filters."""

    area: str | None = None
    provisions: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=(), compare=False)


def parse_params(params: Mapping[str, Any], area_ids: Iterable[str], numbers: Iterable[int],
                 categories: Iterable[str] = ()) -> UrlState:
    """Read ``area``, ``provision`` (repeatable) and ``category`` (repeatable) from a query mapping.

    Values may be strings or lists of strings. Unknown or malformed values are dropped with a warning.
    """
    known_areas, known_numbers, known_cats = set(area_ids), set(int(n) for n in numbers), set(categories)
    warnings: list[str] = []
    area = None
    area_values = _values(params, "area")
    if area_values:
        value = area_values[-1].strip()
        if value in known_areas:
            area = value
        elif value:
            warnings.append(f"Unknown area {value!r} in the link, ignored (known: {', '.join(sorted(known_areas))}).")
    chosen: list[int] = []
    for raw in _values(params, "provision"):
        for part in raw.split(","):
            part = part.strip()
            if not part:
                continue
            if part.isdigit() and int(part) in known_numbers:
                if int(part) not in chosen:
                    chosen.append(int(part))
            else:
                warnings.append(f"Unknown provision {part!r} in the link, ignored "
                                f"(provisions are {min(known_numbers)}–{max(known_numbers)}).")
    cats: list[str] = []
    for raw in _values(params, "category"):
        value = raw.strip()
        if value in known_cats:
            if value not in cats:
                cats.append(value)
        elif value:
            warnings.append(f"Unknown category {value!r} in the link, ignored.")
    return UrlState(area, tuple(sorted(chosen)), tuple(sorted(cats)), tuple(warnings))


def to_params(area: str | None, provisions: Iterable[int] = (), categories: Iterable[str] = ()) -> dict[str, Any]:
    """The query mapping for a state: ``{"area": "idlib", "provision": ["5", "9"]}`` (empty keys left out)."""
    out: dict[str, Any] = {}
    if area:
        out["area"] = area
    numbers = [str(n) for n in sorted(set(int(n) for n in provisions))]
    if numbers:
        out["provision"] = numbers
    cats = sorted(set(categories))
    if cats:
        out["category"] = cats
    return out


def _values(params: Mapping[str, Any], key: str) -> list[str]:
    getter = getattr(params, "get_all", None)
    if callable(getter):  # st.query_params: get_all returns every repeated value
        raw = getter(key)
    else:
        raw = params.get(key)
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    return [str(v) for v in raw]


def md_escape(text: Any) -> str:
    """Text from a file made inert for ``st.markdown`` (no emphasis, links, HTML or LaTeX)."""
    out = str(text)
    for ch in "\\`*_{}[]()<>#+|~$!":
        out = out.replace(ch, "\\" + ch)
    return out
