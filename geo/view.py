"""What the user is looking at: the provision/category filter and the selected area.

The page, the folium renderer and the static exports all draw from one :class:`View`,
so an export is exactly what the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .load import ZONE_KIND
from .provisions import PROCEDURAL, SYRIA, filter_provisions

__all__ = ["View", "Highlight", "LAYERS", "highlight", "feature_state", "zone_lit"]

LAYERS = ("areas", "security_zone", "governorates")


@dataclass(frozen=True)
class View:
    provisions: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()
    selected: str | None = None
    layers: frozenset[str] = field(default_factory=lambda: frozenset(LAYERS))

    @property
    def filtered(self) -> bool:
        return bool(self.provisions or self.categories)


@dataclass(frozen=True)
class Highlight:
    """Which features to draw strongly, and a title that says what is shown."""

    area_ids: frozenset[str]
    whole_country: bool
    procedural: tuple[int, ...]
    shown: tuple[int, ...]
    title: str


def highlight(view: View, areas: pd.DataFrame, provisions: pd.DataFrame) -> Highlight:
    """Resolve a view into highlighted area ids, the country flag and a title."""
    all_ids = [i for i, k in zip(areas["id"], areas["kind"]) if k == "de-escalation area"]
    names = dict(zip(areas["id"], areas["name"]))
    if not view.filtered:
        ids = frozenset([view.selected]) if view.selected else frozenset(all_ids)
        title = f"{names.get(view.selected, view.selected)} — selected" if view.selected else \
            "The de-escalation areas of 15 September 2017"
        shown = provisions["number"] if not view.selected else [
            n for n, scope in zip(provisions["number"], provisions["scope"])
            if scope == SYRIA or (isinstance(scope, list) and view.selected in scope)]
        return Highlight(ids, False, (), tuple(int(n) for n in shown), title)
    chosen = filter_provisions(provisions, view.provisions, view.categories)
    ids: set[str] = set()
    whole = False
    procedural = []
    for number, scope in zip(chosen["number"], chosen["scope"]):
        if scope == SYRIA:
            whole = True
        elif scope == PROCEDURAL:
            procedural.append(int(number))
        else:
            ids.update(s for s in scope if s in names)
    if whole:
        ids.update(all_ids)
    return Highlight(frozenset(ids), whole, tuple(procedural), tuple(int(n) for n in chosen["number"]),
                     _title(view, chosen, whole, ids))


def feature_state(feature_id: str, kind: str, hl: Highlight, view: View) -> str:
    """``selected``, ``highlighted`` or ``dimmed`` for one feature under a view (every renderer uses this)."""
    if view.selected == feature_id:
        return "selected"
    if kind == ZONE_KIND:
        return "highlighted" if zone_lit(feature_id, hl, view) else "dimmed"
    return "highlighted" if feature_id in hl.area_ids else "dimmed"


def zone_lit(zone_id: str, hl: Highlight, view: View) -> bool:
    """The security zone belongs to the Idlib arrangement (provision 5): lit with the Idlib area, or itself."""
    return (not view.filtered and not view.selected) or bool(hl.area_ids & {"idlib", zone_id}) \
        or view.selected == zone_id


def _title(view: View, chosen: pd.DataFrame, whole: bool, ids: set[str]) -> str:
    numbers = [int(n) for n in chosen["number"]]
    if view.provisions and not view.categories:
        label = f"Provision {numbers[0]}" if len(numbers) == 1 else \
            "Provisions " + ", ".join(map(str, numbers))
    else:
        label = "Category " + ", ".join(view.categories)
        if view.provisions:
            label += " (provisions " + ", ".join(map(str, view.provisions)) + ")"
    if not numbers:
        return f"{label} — no provision matches"
    if whole and all(scope == SYRIA or scope == PROCEDURAL for scope in chosen["scope"]):
        return f"{label} — applies to Syria as a whole"
    if whole:
        return f"{label} — where they apply (some to Syria as a whole)"
    if not ids:
        return f"{label} — procedural, no place"
    return f"{label} — where it applies"
