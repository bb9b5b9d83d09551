"""Colours shared by the interactive map and the static exports. Nothing here names an area: areas take
the palette in the order they appear in their file; zones take their kind's colour from the schema."""

from __future__ import annotations

__all__ = ["AREA_PALETTE", "GROUP_PALETTE", "provision_colour", "ZONE_DEFAULT", "DIMMED", "CONTEXT", "OUTLINE", "GOVERNORATE",
           "LAND", "NEIGHBOUR", "SEA", "MARKER", "POST", "ROAD", "OCCUPIED", "EVENT"]

# Okabe–Ito: safe for colour-blind readers; the four areas of the bundled file take the first four.
AREA_PALETTE = ("#D55E00", "#0072B2", "#CC79A7", "#009E73", "#E69F00", "#56B4E9")
# The colours of a provision filter: each provision has its own (by its key, whatever else is chosen); Okabe–Ito
# first, then Paul Tol's, all readable as a fill at half opacity on white.
GROUP_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#332288",
                 "#999933", "#44AA99")
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


def provision_colour(key: str) -> str:
    """A provision's own colour, from its key alone: the same on every date, in every filter and every export.

    Within one agreement, ten provisions in a row have ten different colours (``<agreement>:<number>``: the
    number picks the colour, from a start that depends on the agreement)."""
    import zlib

    agreement, _, number = key.rpartition(":")
    start = zlib.crc32(agreement.encode("utf-8"))
    step = int(number) if number.isdigit() else zlib.crc32(number.encode("utf-8"))
    return GROUP_PALETTE[(start + step) % len(GROUP_PALETTE)]
