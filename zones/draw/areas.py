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
from shapely.geometry import MultiPoint, Point
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
MARGIN_KM = 0.25
MARGIN_CORE_KM = 1.0
MARGIN_AREAS = ("idlib", "northern_homs", "southern")


@dataclass(frozen=True)
class Labelled:
    """A place whose side is known: ``area`` is an area id for opposition points in an area."""

    name: str
    lon: float
    lat: float
    status: str  # government, opposition, ISIL, SDF/YPG
    area: str  # "" unless the point belongs to an area
    origin: str  # "control" or "locality"

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
    hull_ratio: float = inputs.HULL_RATIO
    core_km: float = inputs.CORE_KM
    margin_km: float = MARGIN_KM
    margin_core_km: float = MARGIN_CORE_KM


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
    return shapely.intersection(edge, other.buffer(1.0, quad_segs=2)).length


def draw(points: list[Labelled], land: BaseGeometry, params: Params = Params(),
         hand_edits: list[Edit] | None = None) -> dict[str, BaseGeometry]:
    """The four areas (WGS84) drawn from ``points`` inside ``land`` (Syria minus the Golan, WGS84)."""
    land_m = build.to_metric(land)
    radius = params.cell_radius_km * 1000.0

    # 1. Points in metres, one per position (the first listed wins), in a stable order.
    xs, ys = build.xy_metric([p.lon for p in points], [p.lat for p in points])
    seen: dict[tuple[float, float], int] = {}
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        seen.setdefault((round(float(x), 1), round(float(y), 1)), i)
    keys = sorted(seen)
    pts = [points[seen[k]] for k in keys]

    # 2. Voronoi cells, clipped to a disc around each point and to the land.
    frame = land_m.envelope.buffer(100_000)
    voronoi = shapely.voronoi_polygons(MultiPoint(keys), extend_to=frame, ordered=True)
    radii = np.full(len(pts), radius)
    for i, p in enumerate(pts):
        if p.origin == "locality" and p.area in inputs.LOCALITY_RADIUS_KM:
            radii[i] = inputs.LOCALITY_RADIUS_KM[p.area] * 1000.0
    discs = shapely.buffer(shapely.points(np.array(keys)), radii, quad_segs=8)
    cells = shapely.intersection(shapely.intersection(np.array(list(voronoi.geoms), dtype=object), discs), land_m)

    # 3. Dissolve by side and area.
    raw = {a: shapely.union_all([c for p, c in zip(pts, cells) if p.area == a]) for a in inputs.AREA_IDS}
    other = shapely.union_all([c for p, c in zip(pts, cells) if not p.inside])

    # 3b. Margin: each area's line moves MARGIN_KM toward the other side, never into the core
    # (the cell within MARGIN_CORE_KM) of a point of the other side.
    if params.margin_km > 0:
        for a in MARGIN_AREAS:
            if raw[a].is_empty:
                continue
            cores = shapely.union_all([
                shapely.intersection(c, Point(k).buffer(params.margin_core_km * 1000.0, quad_segs=8))
                for k, p, c in zip(keys, pts, cells)
                if p.area != a
            ])
            grow = shapely.intersection(raw[a].buffer(params.margin_km * 1000.0, quad_segs=8), land_m)
            raw[a] = shapely.union(raw[a], shapely.difference(grow, cores))
        other = shapely.difference(other, shapely.union_all(list(raw.values())))

    # 4. Land no point speaks for: give enclosed pieces to the area that encloses them.
    unknown = shapely.difference(land_m, shapely.union_all(list(cells)))
    for comp in build.polygons(unknown):
        edge = comp.boundary
        touch_other = _shared(edge, other)
        touch = {a: _shared(edge, g) for a, g in raw.items()}
        best = max(sorted(touch), key=lambda a: touch[a])
        if touch[best] > 0 and touch_other <= params.enclosed_max_other_share * edge.length:
            raw[best] = shapely.union(raw[best], comp)

    # 4b. Connectivity: land inside the concave hull of an area's points is the area's, except
    # the core (cell within CORE_KM) of every point of the other side in it.
    if params.hull_ratio > 0:
        for a in inputs.AREA_IDS:
            own = [k for k, p in zip(keys, pts) if p.area == a]
            if len(own) < 3:
                continue
            hull = shapely.concave_hull(MultiPoint(own), ratio=params.hull_ratio)
            hull = shapely.intersection(hull, land_m)
            cores = [
                shapely.intersection(c, Point(k).buffer(params.core_km * 1000.0, quad_segs=8))
                for k, p, c in zip(keys, pts, cells)
                if p.area != a and hull.intersects(Point(k))
            ]
            others = shapely.union_all([raw[b] for b in inputs.AREA_IDS if b != a])
            add = shapely.difference(hull, shapely.union_all(cores + [others]))
            raw[a] = shapely.union(raw[a], add)

    # 5. Smooth: closing then opening, the land outside Syria counting as the area's side.
    outside = shapely.difference(frame, land_m)
    smooth = {}
    s = params.smooth_km * 1000.0
    for a, geom in raw.items():
        if s > 0 and not geom.is_empty:
            near = shapely.intersection(outside, geom.buffer(3 * s, quad_segs=4))
            grown = shapely.union(geom, near)
            geom = grown.buffer(s, quad_segs=8).buffer(-2 * s, quad_segs=8).buffer(s, quad_segs=8)
            geom = shapely.intersection(geom, land_m)
        if params.edge_simplify_m > 0:
            geom = shapely.simplify(geom, params.edge_simplify_m)
        smooth[a] = geom

    # 6. Labelled points back on their side (their own cell, as in step 2).
    for p, cell in zip(pts, cells):
        if p.inside and not smooth[p.area].contains(Point(*build.xy_metric(p.lon, p.lat))):
            smooth[p.area] = shapely.union(smooth[p.area], cell)
    for p, cell in zip(pts, cells):
        xy = Point(*build.xy_metric(p.lon, p.lat))
        for a in inputs.AREA_IDS:
            if a != p.area and smooth[a].intersects(xy):
                smooth[a] = shapely.difference(smooth[a], cell.buffer(1.0, quad_segs=2))

    # 7. Hand edits, clip, clean; no two areas overlap (earlier ids win).
    for e in hand_edits or []:
        g = build.to_metric(e.geometry)
        targets = inputs.AREA_IDS if e.area == "*" else (e.area,)
        for a in targets:
            smooth[a] = shapely.union(smooth[a], g) if e.action == "add" else shapely.difference(smooth[a], g)
    taken = shapely.Polygon()
    out = {}
    for a in inputs.AREA_IDS:
        geom = shapely.difference(shapely.intersection(smooth[a], land_m), taken)
        geom = build.drop_small(shapely.make_valid(geom), params.min_piece_km2)
        taken = shapely.union(taken, geom)
        out[a] = build.to_wgs84(geom)
    return out


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
