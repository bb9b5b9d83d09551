"""Colours shared by the interactive map and the static exports. Nothing here names an area: areas take
the palette in the order they appear in their file; zones take their kind's colour from the schema."""

from __future__ import annotations

__all__ = ["AREA_PALETTE", "GROUP_PALETTE", "ZONE_DEFAULT", "DIMMED", "CONTEXT", "OUTLINE", "GOVERNORATE",
           "LAND", "NEIGHBOUR", "SEA", "MARKER", "POST", "ROAD", "OCCUPIED", "EVENT"]

# Okabe–Ito: safe for colour-blind readers; the four areas of the bundled file take the first four.
AREA_PALETTE = ("#D55E00", "#0072B2", "#CC79A7", "#009E73", "#E69F00", "#56B4E9")
# One colour per group of places in a provision filter (where provisions apply differently).
GROUP_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
ZONE_DEFAULT = "#444444"  # a zone whose kind gives no colour
DIMMED = "#BDBDBD"
CONTEXT = "#8C8C8C"
OUTLINE = "#222222"
GOVERNORATE = "#7F7F7F"
LAND = "#FFFFFF"
NEIGHBOUR = "#ECEAE4"
SEA = "#DCE9F2"
OCCUPIED = "#7F7F7F"
MARKER = "#111111"
POST = "#C00000"
ROAD = "#5A5A5A"
EVENT = "#B2182B"
