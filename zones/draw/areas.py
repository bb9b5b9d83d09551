"""The four de-escalation areas as of 15 September 2017, drawn from labelled points.

Method (all in UTM 37N, metres; parameters in ``inputs.py``, hand data in ``localities.csv`` and
``edits.csv``):

1. **Points.** The control points of late July 2017, plus the places of ``localities.csv``. An
   opposition point belongs to the area named by its ``nearest_area``; an opposition point whose
   note puts it in no area (Euphrates Shield, eastern Qalamoun, Beit Jinn) counts as "other", as
   do the government, ISIL and SDF/YPG points.
2. **Cells.** A Voronoi tessellation of all the points, each cell clipped to a disc of
   ``CELL_RADIUS_KM`` around its point (a point speaks for the land near it, not for the desert
   beyond) and to Syria minus the occupied Golan.
3. **Dissolve.** The opposition cells of each area are merged.
3b. **Margin.** Each area (but eastern Ghouta, drawn from hand-placed towns) grows by ``MARGIN_KM`` toward the other side (an additively weighted
   Voronoi line, in effect), except into the core of any point of the other side (its cell
   within ``MARGIN_CORE_KM``). Chosen by cross-validation (``crossval.py --margins``).
4. **Enclosed gaps.** Land that no point speaks for (farther than the radius from every point)
   goes to an area when it is enclosed by that area and the border: at most
   ``ENCLOSED_MAX_OTHER_SHARE`` of its edge touches the other side's cells. So the areas run to
   the Turkish and Jordanian borders and to the Golan line, and holes inside them close, but the
   empty steppe between the two sides stays outside.
5. **Smoothing.** A morphological closing then opening of ``SMOOTH_KM`` (the border counts as
   the area's side, so edges along it stay put), then a Douglas-Peucker simplification of
   ``EDGE_SIMPLIFY_M``.
6. **Labelled points stay on their side.** Where smoothing moved a point across the line, the
   point's own cell is put back on its side (added to its area, or cut out of every area).
7. **Hand edits** from ``edits.csv`` (each with its reason), then clip to the land and drop
   pieces and holes under ``MIN_PIECE_KM2``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely import wkt
from shapely.geometry import MultiPoint
from shapely.geometry.base import BaseGeometry

from zones.draw import build, inputs, sources

HERE = Path(__file__).resolve().parent
LOCALITIES_CSV = HERE / "localities.csv"
EDITS_CSV = HERE / "edits.csv"

# The margin (step 3b): every area's line is moved this far toward the other side, as in an
# additively weighted Voronoi diagram (a place goes to the opposition when it is at most about
# 2 x MARGIN_KM farther from the nearest opposition point than from the nearest other point),
# but never into the core of a point of the other side (its cell within MARGIN_CORE_KM). Chosen
# by cross-validation (python -m zones.draw.crossval --margins): the largest margin that keeps
# 10-fold "others outside" at or above 92 %; see zones/SOURCES.md for the trade-off curve.
# Eastern Ghouta gets none: its line is drawn from hand-placed towns with their own radius
# (inputs.LOCALITY_RADIUS_KM), and no opposition control point there can measure a margin.
MARGIN_KM = 0.0
MARGIN_CORE_KM = 1.0
MARGIN_AREAS = ("idlib", "northern_homs", "southern")
CRUMB_KM2 = 0.01


@dataclass(frozen=True)
class Labelled:
    """A place whose side is known: ``area`` is an area id for opposition points in an area."""

    name: str
    lon: float
    lat: float
    status: str  # government, opposition, ISIL, SDF/YPG
    area: str  # "" unless the point belongs to an area
    origin: str  # "control", "locality" or "capture"
    home: str = ""  # the area a point of the front belongs to when the opposition holds it

    @property
    def inside(self) -> bool:
        return bool(self.area)


@dataclass(frozen=True)
class Params:
    cell_radius_km: float = inputs.CELL_RADIUS_KM
    smooth_km: float = inputs.SMOOTH_KM
    edge_simplify_m: float = inputs.EDGE_SIMPLIFY_M
    enclosed_max_other_share: float = inputs.ENCLOSED_MAX_OTHER_SHARE
    min_piece_km2: float = inputs.MIN_PIECE_KM2
    hull_scale: float = inputs.HULL_SCALE
    core_km: float = inputs.CORE_KM
    margin_km: float = MARGIN_KM
    margin_core_km: float = MARGIN_CORE_KM
    keep_km: float = inputs.KEEP_KM
    capture_radius_km: float = inputs.CAPTURE_RADIUS_KM


def area_of_control_point(p: sources.ControlPoint) -> str:
    """The area a control point belongs to, or "" when it is in none."""
    if p.status != "opposition":
        return ""
    if any(text in p.note for text in inputs.NOT_IN_ANY_AREA):
        return ""
    return inputs.AREA_OF[p.nearest_area]


def from_control(points: list[sources.ControlPoint]) -> list[Labelled]:
    return [Labelled(p.name, p.lon, p.lat, p.status, area_of_control_point(p), "control") for p in points]


def localities() -> list[Labelled]:
    """The hand-added places of ``localities.csv``."""
    with LOCALITIES_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        if r["side"] not in {"government", "opposition", "ISIL", "SDF/YPG"}:
            raise SystemExit(f"zones.draw: {LOCALITIES_CSV.name}: bad side {r['side']!r} for {r['name']}")
        if (r["side"] == "opposition") != bool(r["area"]) or r["area"] and r["area"] not in inputs.AREA_IDS:
            raise SystemExit(f"zones.draw: {LOCALITIES_CSV.name}: bad area {r['area']!r} for {r['name']}")
        out.append(Labelled(r["name"], float(r["lon"]), float(r["lat"]), r["side"], r["area"], "locality"))
    return out


@dataclass(frozen=True)
class Edit:
    area: str
    action: str  # "add" or "remove"
    name: str
    geometry: BaseGeometry  # WGS84
    reason: str


def edits() -> list[Edit]:
    """The hand edits of ``edits.csv`` (polygons as WKT, lon lat)."""
    with EDITS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        if r["action"] not in {"add", "remove"} or (r["area"] not in inputs.AREA_IDS and r["area"] != "*"):
            raise SystemExit(f"zones.draw: {EDITS_CSV.name}: bad row {r['name']!r}")
        out.append(Edit(r["area"], r["action"], r["name"], wkt.loads(r["wkt"]), r["reason"]))
    return out


# ---------------------------------------------------------------------------
# The drawing
# ---------------------------------------------------------------------------
def _shared(edge: BaseGeometry, other: BaseGeometry) -> float:
    """Length of ``edge`` lying on ``other`` (metres, 1 m tolerance)."""
    if other.is_empty:
        return 0.0
    x0, y0, x1, y1 = edge.bounds
    try:  # only what the edge can touch
        near = shapely.clip_by_rect(other, x0 - 10.0, y0 - 10.0, x1 + 10.0, y1 + 10.0)
    except shapely.errors.GEOSException:  # a degenerate ring at the clip's edge: measure on the whole shape
        near = other
    return shapely.intersection(edge, near.buffer(1.0, quad_segs=2)).length


def _difference(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    """``a`` minus ``b``; on GEOS's rare robustness failure, the same on a 1 cm grid."""
    try:
        return shapely.difference(a, b)
    except shapely.errors.GEOSException:
        return shapely.difference(a, b, grid_size=0.01)


def _union(geoms) -> BaseGeometry:
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    return shapely.union_all(geoms) if geoms else shapely.Polygon()


@dataclass
class Tessellation:
    """What the drawing needs from the points' *positions* alone, built once for many drawings.

    The cells, their cores and the land no point speaks for do not depend on who holds a point, so the
    dated states of the front (``zones/draw/front.py``) share one tessellation and only redraw the sides.
    ``pts`` holds one point per position (the first listed wins), ``index`` the position of every point
    given, in the order given.
    """

    pts: list[Labelled]
    index: np.ndarray
    keys: np.ndarray  # (n, 2) UTM 37N
    cells: np.ndarray  # Voronoi cell of each position, clipped to its disc and the land
    margin_cores: np.ndarray  # cell within params.margin_core_km of its point
    cores: np.ndarray  # cell within params.core_km of its point
    keeps: np.ndarray  # cell within params.keep_km of its point (what step 6 puts back)
    unknown: list  # pieces of land no cell covers
    land_m: BaseGeometry
    frame: BaseGeometry
    outside: BaseGeometry
    params: Params
    members: dict[str, np.ndarray]  # per area: the positions that belong to it on some day

    def __post_init__(self) -> None:
        self._triangles: dict[str, Triangles] = {}
        self.always: dict[str, tuple[np.ndarray, BaseGeometry]] = {}  # see hold_always
        self.cell_tree = shapely.STRtree(self.cells)
        self.margin_tree = shapely.STRtree(self.margin_cores)
        self.keep_tree = shapely.STRtree(self.keeps)
        self.unknown_tree = shapely.STRtree(self.unknown) if self.unknown else None
        self.edges = [comp.boundary for comp in self.unknown]
        self.grown = [comp.buffer(1.0, quad_segs=2) for comp in self.unknown]

    def triangles(self, area: str) -> Triangles:
        if area not in self._triangles:
            self._triangles[area] = Triangles.of(self.keys, self.members.get(area, np.zeros(len(self.pts), bool)))
        return self._triangles[area]

    def hold_always(self, area: str, always: np.ndarray) -> None:
        """Say which positions belong to ``area`` on every day it will be drawn: their cells are dissolved once
        (the dated states redraw an area hundreds of times; most of its points never change hands)."""
        self.always[area] = (always, _union(self.cells[always]))

    def labels(self, points: list[Labelled]) -> np.ndarray:
        """Each position's area ("" for the other side) from ``points`` (as many as the tessellation was
        built from, in the same order; where two share a position the first listed wins)."""
        out = np.full(len(self.pts), "", dtype=object)
        done = np.zeros(len(self.pts), dtype=bool)
        for i, p in zip(self.index, points, strict=True):
            if not done[i]:
                out[i] = p.area
                done[i] = True
        return out


def tessellate(points: list[Labelled], land: BaseGeometry, params: Params = Params(),
               members: dict[str, list[bool]] | None = None) -> Tessellation:
    """Steps 1-2 of the method, and the parts of steps 3b, 4 and 4b that depend on positions only.

    ``members``: per area, for each of ``points``, whether it belongs to the area on some day (the hull's
    triangulation is made of those); by default, whether it belongs to it now."""
    land_m = build.to_metric(land)
    radius = params.cell_radius_km * 1000.0

    # 1. Points in metres, one per position (the first listed wins), in a stable order.
    xs, ys = build.xy_metric([p.lon for p in points], [p.lat for p in points])
    seen: dict[tuple[float, float], int] = {}
    rounded = [(round(float(x), 1), round(float(y), 1)) for x, y in zip(xs, ys, strict=True)]
    for i, key in enumerate(rounded):
        seen.setdefault(key, i)
    keys = sorted(seen)
    position = {k: n for n, k in enumerate(keys)}
    pts = [points[seen[k]] for k in keys]
    index = np.array([position[k] for k in rounded], dtype=np.int64)

    # 2. Voronoi cells, clipped to a disc around each point and to the land.
    frame = land_m.envelope.buffer(100_000)
    voronoi = shapely.voronoi_polygons(MultiPoint(keys), extend_to=frame, ordered=True)
    radii = np.full(len(pts), radius)
    for i, p in enumerate(pts):
        home = p.area or p.home
        if p.origin in ("locality", "capture") and home in inputs.LOCALITY_RADIUS_KM:
            radii[i] = inputs.LOCALITY_RADIUS_KM[home] * 1000.0
        elif p.origin == "capture" and params.capture_radius_km:
            radii[i] = params.capture_radius_km * 1000.0
    centres = shapely.points(np.array(keys))
    discs = shapely.buffer(centres, radii, quad_segs=8)
    cells = shapely.intersection(shapely.intersection(np.array(list(voronoi.geoms), dtype=object), discs), land_m)
    margin_cores = shapely.intersection(cells, shapely.buffer(centres, params.margin_core_km * 1000.0, quad_segs=8))
    cores = shapely.intersection(cells, shapely.buffer(centres, params.core_km * 1000.0, quad_segs=8))
    keeps = (shapely.intersection(cells, shapely.buffer(centres, params.keep_km * 1000.0, quad_segs=8))
             if params.keep_km > 0 else cells)
    unknown = build.polygons(shapely.difference(land_m, shapely.union_all(list(cells))))
    ever = {}
    for a in inputs.AREA_IDS:
        flags = members[a] if members is not None and a in members else [p.area == a for p in points]
        ever[a] = np.zeros(len(pts), dtype=bool)
        ever[a][index[np.asarray(flags, dtype=bool)]] = True
    return Tessellation(pts, index, np.array(keys), cells, margin_cores, cores, keeps, unknown, land_m, frame,
                        shapely.difference(frame, land_m), params, ever)


def draw_area(tess: Tessellation, labels: np.ndarray, area: str,
              hand_edits: list[Edit] | None = None) -> BaseGeometry:
    """One area (UTM 37N, before the overlap with earlier areas is cut) from the positions whose label is
    ``area``; every other position, of whatever side or area, is the other side (steps 3-7)."""
    params = tess.params
    mine = labels == area
    cells = tess.cells

    # 3. Dissolve (the cells of the points that never change hands are dissolved once, see hold_always).
    if area in tess.always:
        always, dissolved = tess.always[area]
        raw = _union([dissolved, *cells[mine & ~always]])
    else:
        raw = _union(cells[mine])
    if raw.is_empty:
        return shapely.Polygon()

    # 3b. Margin: the line moves MARGIN_KM toward the other side, never into the core (the cell within
    # MARGIN_CORE_KM) of a point of the other side.
    if params.margin_km > 0 and area in MARGIN_AREAS:
        grow = shapely.intersection(raw.buffer(params.margin_km * 1000.0, quad_segs=8), tess.land_m)
        near = tess.margin_tree.query(grow, predicate="intersects")
        cores = _union(tess.margin_cores[near[~mine[near]]])
        raw = shapely.union(raw, shapely.difference(grow, cores))

    # 4. Land no point speaks for: enclosed pieces go to the area that encloses them.
    if tess.unknown_tree is not None:
        for k in sorted(tess.unknown_tree.query(raw, predicate="dwithin", distance=1.0)):
            edge = tess.edges[k]
            touch = _shared(edge, raw)
            if touch <= 0:
                continue
            near = tess.cell_tree.query(tess.grown[k], predicate="intersects")
            other = _difference(_union(cells[near[~mine[near]]]), raw)
            if _shared(edge, other) <= params.enclosed_max_other_share * edge.length:
                raw = shapely.union(raw, tess.unknown[k])

    # 4b. Connectivity: land inside the concave hull of the area's points is the area's, except the core
    # (cell within CORE_KM) of every point of the other side in it.
    if params.hull_scale > 0 and np.count_nonzero(mine) >= 3:
        hull = tess.triangles(area).hull(mine, params.hull_scale * inputs.HULL_EDGE_KM[area] * 1000.0)
        hull = shapely.intersection(hull, tess.land_m)
        shapely.prepare(hull)
        inside = shapely.intersects_xy(hull, tess.keys[:, 0], tess.keys[:, 1])
        raw = shapely.union(raw, shapely.difference(hull, _union(tess.cores[inside & ~mine])))

    # 5. Smooth: closing then opening, the land outside Syria counting as the area's side.
    s = params.smooth_km * 1000.0
    geom = raw
    if s > 0:
        near = shapely.intersection(tess.outside, geom.buffer(3 * s, quad_segs=4))
        grown = shapely.union(geom, near)
        eroded = grown.buffer(s, quad_segs=8).buffer(-2 * s, quad_segs=8)
        # Crumbs of a few m² that survive the erosion by rounding would grow into discs of the smoothing's
        # radius: they are dropped.
        eroded = build.drop_small(eroded, CRUMB_KM2, holes=False)
        geom = eroded.buffer(s, quad_segs=8)
        geom = shapely.intersection(geom, tess.land_m)
    if params.edge_simplify_m > 0:
        geom = shapely.simplify(geom, params.edge_simplify_m)

    # 6. Labelled points on their side: the part of every point's cell within KEEP_KM goes to the point's
    # side, whatever the smoothing did (so that one more point of a side never shrinks that side's land).
    if params.keep_km > 0:
        touching = tess.keep_tree.query(geom, predicate="intersects")
        crossing = tess.keep_tree.query(geom.boundary, predicate="intersects")
        missing = mine.copy()  # a point's core is inside unless it misses the shape or crosses its edge
        missing[touching] = False
        missing[crossing] = mine[crossing]
        if missing.any():
            geom = shapely.union(geom, _union(tess.keeps[missing]))
        near = tess.keep_tree.query(geom, predicate="intersects")
        geom = _difference(geom, _union(tess.keeps[near[~mine[near]]]))
    else:  # v0.2: a point smoothing moved across the line gets its whole cell back on its side
        shapely.prepare(geom)
        x, y = tess.keys[:, 0], tess.keys[:, 1]
        missing = mine & ~shapely.contains_xy(geom, x, y)
        if missing.any():
            geom = shapely.union(geom, _union(cells[missing]))
            shapely.prepare(geom)
        stray = ~mine & shapely.intersects_xy(geom, x, y)
        if stray.any():
            geom = shapely.difference(geom, _union([c.buffer(1.0, quad_segs=2) for c in cells[stray]]))

    # 7. Hand edits, then clip and clean.
    for e in hand_edits or []:
        if e.area in (area, "*"):
            g = build.to_metric(e.geometry)
            geom = shapely.union(geom, g) if e.action == "add" else shapely.difference(geom, g)
    geom = shapely.intersection(geom, tess.land_m)
    return build.drop_small(shapely.make_valid(geom), params.min_piece_km2)


@dataclass(frozen=True)
class Triangles:
    """The Delaunay triangles of the points that ever belong to one area (positions ``corners``, each
    triangle's longest edge in metres), for its concave hull on any day."""

    corners: np.ndarray  # (n, 3) position indices
    longest: np.ndarray  # (n,) metres
    shapes: np.ndarray  # (n,) polygons, UTM 37N

    @classmethod
    def of(cls, keys: np.ndarray, members: np.ndarray) -> Triangles:
        index = np.flatnonzero(members)
        if index.size < 3:
            return cls(np.zeros((0, 3), np.int64), np.zeros(0), np.zeros(0, dtype=object))
        shapes = shapely.get_parts(shapely.delaunay_triangles(MultiPoint(keys[index])))
        xy = shapely.get_coordinates(shapes).reshape(len(shapes), 4, 2)[:, :3]
        where = {(float(x), float(y)): int(i) for (x, y), i in zip(keys[index], index, strict=True)}
        corners = np.array([[where[(float(x), float(y))] for x, y in tri] for tri in xy], dtype=np.int64)
        longest = np.hypot(*np.moveaxis(np.diff(np.concatenate([xy, xy[:, :1]], axis=1), axis=1), 2, 0)).max(axis=1)
        return cls(corners, longest, shapes)

    def hull(self, mine: np.ndarray, max_edge_m: float) -> BaseGeometry:
        """The union of the triangles whose three corners are ``mine`` and whose edges are at most
        ``max_edge_m``, holes filled: a concave hull "by length" that only changes around a point that
        joins or leaves the area (a triangulation fixed once, not redone for each day)."""
        if not len(self.shapes):
            return shapely.Polygon()
        keep = mine[self.corners].all(axis=1) & (self.longest <= max_edge_m)
        if not keep.any():
            return shapely.Polygon()
        kept = shapely.coverage_union_all(self.shapes[keep])
        return _union([shapely.Polygon(p.exterior) for p in build.polygons(kept)])


def draw_labels(tess: Tessellation, labels: np.ndarray, hand_edits: list[Edit] | None = None,
                areas: tuple[str, ...] = inputs.AREA_IDS) -> dict[str, BaseGeometry]:
    """The ``areas`` (WGS84) from the positions' labels; where two overlap, the earlier id wins."""
    taken = shapely.Polygon()
    out = {}
    for a in areas:
        geom = shapely.difference(draw_area(tess, labels, a, hand_edits), taken)
        geom = build.drop_small(shapely.make_valid(geom), tess.params.min_piece_km2)
        taken = shapely.union(taken, geom)
        out[a] = build.to_wgs84(geom)
    return out


def draw(points: list[Labelled], land: BaseGeometry, params: Params = Params(),
         hand_edits: list[Edit] | None = None) -> dict[str, BaseGeometry]:
    """The four areas (WGS84) drawn from ``points`` inside ``land`` (Syria minus the Golan, WGS84)."""
    tess = tessellate(points, land, params)
    return draw_labels(tess, tess.labels(points), hand_edits)


def labelled_points(control: list[sources.ControlPoint]) -> list[Labelled]:
    """Everything the areas are drawn from: the control points, then the hand-added places."""
    return from_control(control) + localities()


# ---------------------------------------------------------------------------
# Scoring (used by the build's report and by crossval.py)
# ---------------------------------------------------------------------------
def score(areas: dict[str, BaseGeometry], points: list[Labelled], near_km: float = 15.0) -> dict:
    """How many labelled points fall on their side of the drawn lines.

    ``opp``: opposition points of an area inside that area (overall and per area).
    ``other``: government/ISIL/SDF points (and opposition points in no area) outside every
    area, counted among those within ``near_km`` of an area (inside included).
    """
    lon = np.array([p.lon for p in points])
    lat = np.array([p.lat for p in points])
    where = np.full(len(points), "", dtype=object)
    for a, geom in areas.items():
        shapely.prepare(geom)
        where[shapely.contains_xy(geom, lon, lat)] = a
    union_m = build.to_metric(shapely.union_all(list(areas.values())))
    xs, ys = build.xy_metric(lon, lat)
    dist = shapely.distance(union_m, shapely.points(xs, ys)) / 1000.0
    result: dict = {"opp": {}, "other": {}}
    for a in inputs.AREA_IDS + ("all",):
        sel = [i for i, p in enumerate(points) if p.inside and (a == "all" or p.area == a)]
        hit = sum(where[i] == points[i].area for i in sel)
        result["opp"][a] = (hit, len(sel))
    sel = [i for i, p in enumerate(points) if not p.inside and dist[i] <= near_km]
    hit = sum(where[i] == "" for i in sel)
    result["other"]["all"] = (hit, len(sel))
    return result
