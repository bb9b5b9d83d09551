"""Making an invalid polygon valid, at a cost bounded by the budget.

GEOS's default ``make_valid`` ("linework") is super-linear on self-intersecting rings: 5,000 vertices can
take seconds, 50,000 more than a minute. zonemap uses the "structure" method (the shell's area minus the
holes' areas, the rule a reader expects of a drawn outline), which is several times faster, and refuses to
repair more than ``budget.repair_vertices`` vertices in one file: beyond that, fixing the file in a GIS is
the user's call, not a wait on the server.
"""

from __future__ import annotations

from typing import Any

import shapely
import shapely.errors

__all__ = ["Repair", "repair"]


class Repair:
    """Counts the vertices repaired in one file, so the whole file stays within its budget."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0

    def __call__(self, geom: Any) -> tuple[Any, str, tuple[str, str] | None]:
        return repair(geom, self)


def repair(geom: Any, spent: Repair | None = None) -> tuple[Any, str, tuple[str, str] | None]:
    """Make ``geom`` valid, keeping only its areal part.

    Returns (geometry, warning, failure): a warning says what was repaired; a failure (message, hint)
    means nothing usable is left, or the repair would cost more than the budget allows.
    """
    try:
        if geom.is_valid:
            return geom, "", None
        reason = shapely.is_valid_reason(geom)
        size = shapely.get_num_coordinates(geom)
        if spent is not None:
            if spent.used + size > spent.limit:
                return geom, "", (f"geometry is invalid ({reason}) and has {size:,} vertices, over the repair "
                                  f"budget of {spent.limit:,} per file",
                                  "repair it in a GIS (e.g. ogr2ogr -makevalid) or set ZONEMAP_MAX_REPAIR_VERTICES")
            spent.used += size
        fixed = shapely.make_valid(geom, method="structure", keep_collapsed=False)
        if fixed.geom_type == "GeometryCollection":
            parts = [g for g in fixed.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
            fixed = shapely.union_all(parts) if parts else shapely.Polygon()
    except shapely.errors.GEOSException as exc:
        return geom, "", (f"geometry cannot be repaired ({exc})", "redraw the shape")
    if fixed.is_empty or fixed.geom_type not in ("Polygon", "MultiPolygon") or fixed.area <= 0:
        return geom, "", (f"geometry encloses no area ({reason})",
                          "a ring needs at least 3 distinct corners not on one line")
    return fixed, f"invalid geometry ({reason})", None
