"""Making an invalid polygon valid, at a cost bounded by the budget.

What a repair costs is not the number of vertices but the number of places where edges cross: GEOS's
``make_valid`` nodes every crossing, and a ring of 1,600 vertices whose every edge crosses every other (a
"star" drawn across a circle) has 640,000 crossings and takes over a minute and gigabytes. So before repairing,
zonemap counts the pairs of edges that may cross (their bounding boxes overlap; neighbours along a ring
excepted) with an R-tree, stopping as soon as the count passes what is left of the budget. A file may spend
``budget.repair_vertices`` (ZONEMAP_MAX_REPAIR_VERTICES) on repairs: one unit per vertex repaired and one per
such pair. A real outline with a few bow-ties costs its vertices and a few dozen pairs (the bundled shapes have
about one pair per 25 vertices); beyond the budget, fixing the file in a GIS is the user's call, not a wait on
the server. The repair itself uses the "structure" method (the shell's area minus the holes' areas, the rule a
reader expects of a drawn outline).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
import shapely.errors

__all__ = ["Repair", "repair", "crossing_pairs"]

class Repair:
    """What one file has spent on repairs so far, so the whole file stays within its budget."""

    def __init__(self, limit: int):
        self.limit = limit
        self.used = 0

    def __call__(self, geom: Any) -> tuple[Any, str, tuple[str, str] | None]:
        return repair(geom, self)


def repair(geom: Any, spent: Repair) -> tuple[Any, str, tuple[str, str] | None]:
    """Make ``geom`` valid, keeping only its areal part.

    Returns (geometry, warning, failure): a warning says what was repaired; a failure (message, hint)
    means nothing usable is left, or the repair would cost more than the budget allows.
    """
    try:
        if geom.is_valid:
            return geom, "", None
        reason = shapely.is_valid_reason(geom)
        size = int(shapely.get_num_coordinates(geom))
        left = spent.limit - spent.used
        hint = "repair it in a GIS (e.g. ogr2ogr -makevalid), or set ZONEMAP_MAX_REPAIR_VERTICES to raise it"
        if size > left:
            return geom, "", (f"geometry is invalid ({reason}) and has {size:,} vertices, over what is left of the "
                              f"repair budget ({left:,} of {spent.limit:,} per file)", hint)
        pairs = crossing_pairs(geom, left - size)
        if size + pairs > left:
            return geom, "", (f"geometry is invalid ({reason}); repairing its {size:,} vertices and over {pairs:,} "
                              f"places where its edges may cross costs more than the repair budget left ({left:,} of "
                              f"{spent.limit:,} per file)", hint)
        spent.used += size + pairs
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


def crossing_pairs(geom: Any, cap: int) -> int:
    """How many pairs of edges of ``geom`` have overlapping bounding boxes (edges next to each other on one
    ring excepted), counted up to just past ``cap``: an upper bound on the crossings a repair must node.

    The count stops as soon as it passes ``cap``, so its cost is bounded too: an R-tree of the edges, queried
    in growing chunks.
    """
    edges, ring_of, index_in_ring, ring_size = _edges(geom)
    n = len(edges)
    if n < 3:
        return 0
    tree = shapely.STRtree(edges)
    total, start, chunk = 0, 0, 64
    while start < n:
        a, b = tree.query(edges[start:start + chunk])
        a = a + start
        keep = a < b  # each pair once
        a, b = a[keep], b[keep]
        same = ring_of[a] == ring_of[b]
        gap = np.abs(index_in_ring[a] - index_in_ring[b])
        neighbours = same & ((gap == 1) | (gap == ring_size[a] - 1))
        total += int(np.count_nonzero(~neighbours))
        if total > cap:
            return total
        start += chunk
        chunk = min(chunk * 2, 4096)
    return total


def _edges(geom: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every edge of every ring (the R-tree indexes their bounding boxes), with its ring, its place on the ring
    and the ring's size."""
    rings = [ring for poly in getattr(geom, "geoms", [geom]) if poly.geom_type == "Polygon"
             for ring in (poly.exterior, *poly.interiors)]
    starts, ends, ring_of, index, sizes = [], [], [], [], []
    for r, ring in enumerate(rings):
        xy = shapely.get_coordinates(ring)
        if len(xy) < 2:
            continue
        m = len(xy) - 1
        starts.append(xy[:-1])
        ends.append(xy[1:])
        ring_of.append(np.full(m, r))
        index.append(np.arange(m))
        sizes.append(np.full(m, m))
    if not starts:
        empty = np.array([], dtype=int)
        return np.array([], dtype=object), empty, empty, empty
    edges = shapely.linestrings(np.stack([np.concatenate(starts), np.concatenate(ends)], axis=1))
    return edges, np.concatenate(ring_of), np.concatenate(index), np.concatenate(sizes)
