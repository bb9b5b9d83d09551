"""Legibility presets: how big the text and lines are, and what is labelled, for where the map will be seen.

A preset fixes the figure's width in inches; the image's pixel width then sets the resolution. Text sizes
are in points of that figure, so a ``column`` map (a 4.2 in wide figure) has text about twice as large,
relative to the map, as a ``page`` map (8 in), and an 800 px column image prints sharp at about 190 dpi.

- ``page``: a full-width figure in a report or on a web page; every town and the governorate names.
- ``column``: one or two newspaper columns (or a phone screen); the main towns only, larger text.
- ``slide``: seen from across a room; large text, few labels.

Below about 100 px per inch of figure (a 400 px thumbnail) the map keeps what a thumbnail can show: the
title, the areas with their names, the insets of the small areas, a short credit line — no legend, no towns.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

__all__ = ["Preset", "PRESETS", "choose"]


@dataclass(frozen=True)
class Preset:
    """Sizes in points of a figure ``width_in`` inches wide, and what is drawn."""

    name: str
    width_in: float
    title: float
    subtitle: float
    area: float  # area names on the map
    city: float  # rank-1 towns
    town: float  # other towns
    country: float  # neighbouring countries, the sea
    governorate: float
    legend: float
    credits: float
    inset: float  # inset titles, the locator's labels
    line: float = 1.0  # line widths are multiplied by this
    town_rank: int = 3  # towns of this rank and below are marked (1 cities, 2 key towns, 3 the rest)
    governorate_labels: bool = True
    north_arrow: bool = True
    legend_shown: bool = True
    thumb: bool = False

    @property
    def margin_in(self) -> float:
        return 0.1 * self.width_in / 8 + 0.04


PRESETS: dict[str, Preset] = {
    "page": Preset("page", 8.0, title=14, subtitle=8, area=8, city=7, town=6.3, country=7, governorate=5.4,
                   legend=6.9, credits=5.4, inset=6.4, line=1.0, town_rank=3),
    "column": Preset("column", 4.2, title=10.5, subtitle=6.4, area=6.6, city=6.2, town=5.8, country=5.8,
                     governorate=5.0, legend=5.9, credits=4.6, inset=5.6, line=0.75, town_rank=2,
                     governorate_labels=False, north_arrow=False),
    "slide": Preset("slide", 6.4, title=15, subtitle=8.6, area=8.6, city=7.6, town=7.0, country=7.2,
                    governorate=6.0, legend=7.6, credits=5.4, inset=7.0, line=1.2, town_rank=2,
                    governorate_labels=False, north_arrow=False),
}
PAGE_FROM_PX = 1200  # the default preset: page from this width up, column below
THUMB_DPI = 100  # below this many pixels per figure inch, draw a thumbnail


def choose(name: str | None, width: int, height: int) -> Preset:
    """The preset called ``name`` (page, column or slide), or the one that suits ``width`` when None."""
    if name is None:
        name = "page" if width >= PAGE_FROM_PX else "column"
    if name not in PRESETS:
        from geo.base.errors import InputError

        raise InputError(f"preset was {name!r} but must be one of {', '.join(PRESETS)}")
    preset = PRESETS[name]
    if width / preset.width_in < THUMB_DPI:
        # A thumbnail: a smaller figure (larger text per pixel), only what a thumbnail can show.
        width_in = max(width / THUMB_DPI, 2.4)
        k = width_in / preset.width_in
        preset = replace(preset, width_in=width_in, title=max(preset.title * k, 9.5), subtitle=max(preset.subtitle * k, 6.2),
                         area=max(preset.area * k, 6.2), credits=max(preset.credits * k, 4.4), inset=max(preset.inset * k, 5.2),
                         country=max(preset.country * k, 5.2), line=preset.line * max(k, 0.6), town_rank=0,
                         governorate_labels=False, north_arrow=False, legend_shown=False, thumb=True)
    return preset
