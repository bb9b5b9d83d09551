"""Colours and labels shared by the interactive map and the static exports."""

from __future__ import annotations

__all__ = ["AREA_COLOURS", "SECURITY_ZONE", "DIMMED", "OUTLINE", "GOVERNORATE", "COUNTRY_HIGHLIGHT",
           "STATEMENT_DATE", "SOURCE_LINE", "area_colour"]

# One colour per area (colour-blind-safe, from the Okabe–Ito palette).
AREA_COLOURS = {
    "idlib": "#D55E00",
    "northern_homs": "#0072B2",
    "eastern_ghouta": "#CC79A7",
    "southern": "#009E73",
}
OTHER_AREA = "#E69F00"
SECURITY_ZONE = "#7A3B00"
DIMMED = "#BDBDBD"
OUTLINE = "#222222"
GOVERNORATE = "#7F7F7F"
COUNTRY_HIGHLIGHT = "#F0E442"

STATEMENT_DATE = "15 September 2017"
SOURCE_LINE = (
    "Shapes are approximate, drawn by zonemap from reported front lines and localities (GeoNames, press); "
    "no official map was published. Provisions: joint statement of Iran, Russia and Turkey, Astana, 15 Sep 2017."
)


def area_colour(area_id: str) -> str:
    """The area's own colour (a user's extra areas share one)."""
    return AREA_COLOURS.get(area_id, OTHER_AREA)
