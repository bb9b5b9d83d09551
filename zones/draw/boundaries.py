"""Governorates, outline, occupied Golan, neighbours and sea, derived from OCHA and Natural Earth.

* Governorates: OCHA COD-AB v02, simplified as one coverage (``shapely.coverage_simplify``), so
  neighbours keep sharing their borders vertex for vertex: no slivers, no gaps.
* Outline: the union of the simplified governorates.
* Occupied Golan: the outline west of the hand-drawn 1974 Alpha line (``inputs.ALPHA_LINE``).
* Neighbours: Natural Earth 1:50m countries in the map frame with Syria's outline cut out; land
  that Natural Earth gives to Syria but OCHA does not goes to the nearest neighbour (or to the
  sea), so no gap opens between Syria and its neighbours. The sea is the frame minus all land.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Polygon, box
from shapely.geometry.base import BaseGeometry

from zones.draw import build, inputs, sources

EQUAL_AREA_TO_WGS84 = (build.EQUAL_AREA, build.WGS84)


# ---------------------------------------------------------------------------
# Governorates and outline
# ---------------------------------------------------------------------------
def governorates(raw: list[sources.Governorate]) -> dict[str, BaseGeometry]:
    """The 14 governorates simplified as one coverage, coordinates rounded; keyed by p-code."""
    geoms = np.array([g.geometry for g in raw], dtype=object)
    simple = shapely.coverage_simplify(geoms, inputs.GOVERNORATE_SIMPLIFY_DEG)
    rounded = np.array([build.round_coords(g) for g in simple], dtype=object)
    bad = [raw[i].pcode for i, g in enumerate(rounded) if not g.is_valid]
    if bad or not shapely.coverage_is_valid(rounded):
        raise SystemExit(f"zones.draw: the simplified governorates are not a valid coverage ({bad})")
    return {g.pcode: geom for g, geom in zip(raw, rounded, strict=True)}


def outline(govs: dict[str, BaseGeometry]) -> BaseGeometry:
    """Syria: the union of the simplified governorates."""
    return shapely.coverage_union_all(np.array(list(govs.values()), dtype=object))


def occupied_golan(syria: BaseGeometry) -> BaseGeometry:
    """The Israeli-occupied Golan: Syria west of the 1974 Alpha line.

    Method: close the Alpha line with vertices far to the west (inside Israel and Lebanon) and
    intersect with the outline, so the western edge is the 1923 line of the outline itself.
    """
    line = inputs.ALPHA_LINE
    west = [(35.3, line[-1][1] - 0.2), (35.3, line[0][1] + 0.2)]
    ring = line + [(line[-1][0], line[-1][1] - 0.2)] + west + [(line[0][0], line[0][1] + 0.2)]
    return shapely.intersection(Polygon(ring), syria)


# ---------------------------------------------------------------------------
# Governorate agreement: random points inside Syria
# ---------------------------------------------------------------------------
def _label(geoms: list[BaseGeometry], lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Index of the polygon containing each point, -1 for none."""
    out = np.full(lon.size, -1)
    for i, geom in enumerate(geoms):
        shapely.prepare(geom)
        out[shapely.contains_xy(geom, lon, lat) & (out < 0)] = i
    return out


def random_points_in(geom: BaseGeometry, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points uniformly distributed by area inside ``geom`` (WGS84), seeded."""
    rng = np.random.default_rng(seed)
    ea = build.project(geom, build.WGS84, build.EQUAL_AREA)
    minx, miny, maxx, maxy = ea.bounds
    shapely.prepare(ea)
    xs, ys = [], []
    while sum(len(x) for x in xs) < n:
        x = rng.uniform(minx, maxx, 4 * n)
        y = rng.uniform(miny, maxy, 4 * n)
        keep = shapely.contains_xy(ea, x, y)
        xs.append(x[keep])
        ys.append(y[keep])
    x = np.concatenate(xs)[:n]
    y = np.concatenate(ys)[:n]
    lon, lat = build._transformer(*EQUAL_AREA_TO_WGS84).transform(x, y)
    return np.round(lon, 5), np.round(lat, 5)


def governorate_check(
    raw: list[sources.Governorate], govs: dict[str, BaseGeometry], out_csv: Path | None
) -> float:
    """Share of random points inside Syria whose simplified governorate is OCHA's.

    Measures ``inputs.CHECK_POINTS_MEASURED`` points; writes the first
    ``inputs.CHECK_POINTS_WRITTEN`` of them, with their OCHA governorate, to ``out_csv``.
    """
    syria_raw = shapely.union_all([g.geometry for g in raw])
    lon, lat = random_points_in(syria_raw, inputs.CHECK_POINTS_MEASURED, inputs.CHECK_SEED)
    ref = _label([g.geometry for g in raw], lon, lat)
    got = _label([govs[g.pcode] for g in raw], lon, lat)
    inside = ref >= 0
    agreement = float((ref[inside] == got[inside]).mean())
    if out_csv is not None:
        out_csv.parent.mkdir(parents=True, exist_ok=True)
        with out_csv.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(["lat", "lon", "pcode", "name_ocha", "expected_governorate"])
            rows = [i for i in range(lon.size) if ref[i] >= 0][: inputs.CHECK_POINTS_WRITTEN]
            for i in rows:
                g = raw[ref[i]]
                name = inputs.GOVERNORATES[g.pcode]["name"]
                writer.writerow([f"{lat[i]:.5f}", f"{lon[i]:.5f}", g.pcode, g.name_en, name])
    return agreement


# ---------------------------------------------------------------------------
# Neighbours and sea
# ---------------------------------------------------------------------------
def _seeds_along(geom_m: BaseGeometry, near_m: BaseGeometry, spacing_m: float) -> list:
    """Points every ``spacing_m`` along the boundary of ``geom_m`` inside ``near_m`` (metres)."""
    edge = shapely.intersection(geom_m.boundary, near_m)
    edge = shapely.segmentize(edge, spacing_m)
    return [tuple(c) for c in shapely.get_coordinates(edge)]


def neighbours(syria: BaseGeometry) -> list[tuple[tuple, BaseGeometry]]:
    """((id, name, name_ar, label lon, label lat), geometry) for every neighbour in the frame, then the sea."""
    frame = box(*inputs.FRAME)
    grouped: dict[tuple, list[BaseGeometry]] = defaultdict(list)
    ne_syria = Polygon()
    for name, geom in sources.natural_earth_countries():
        clipped = shapely.intersection(geom, frame)
        if name == "Syria":
            ne_syria = clipped
            continue
        if clipped.is_empty or clipped.area == 0:
            continue
        if name not in inputs.NEIGHBOURS:
            raise SystemExit(f"zones.draw: no name in inputs.NEIGHBOURS for Natural Earth's {name!r}")
        grouped[inputs.NEIGHBOURS[name]].append(clipped)
    land = {meta: shapely.difference(shapely.union_all(parts), syria) for meta, parts in grouped.items()}
    sea = shapely.difference(frame, shapely.union_all([ne_syria, syria, *grouped_parts(grouped)]))
    sea = shapely.union_all([p for p in build.polygons(sea) if build.area_km2(p) >= 1.0])

    # Natural Earth's Syria outside OCHA's: give every bit to the nearest neighbour or the sea.
    gap = shapely.difference(ne_syria, syria)
    syria_m = build.to_metric(syria)
    near = syria_m.buffer(inputs.SLIVER_SEARCH_KM * 1000.0, quad_segs=4)
    candidates = sorted(land.items()) + [(inputs.SEA, sea)]
    points, labels = [], []
    for k, (_meta, geom) in enumerate(candidates):
        seeds = _seeds_along(build.to_metric(geom), near, inputs.SLIVER_SEED_SPACING_KM * 1000.0)
        points += seeds
        labels += [k] * len(seeds)
    uniq: dict[tuple, int] = {}
    for p, k in zip(points, labels, strict=True):
        uniq.setdefault((round(p[0], 1), round(p[1], 1)), k)
    pts = sorted(uniq)
    cells = shapely.voronoi_polygons(MultiPoint(pts), extend_to=near.envelope.buffer(1e5), ordered=True)
    by_label: dict[int, list] = defaultdict(list)
    for p, cell in zip(pts, cells.geoms, strict=True):
        by_label[uniq[p]].append(cell)
    gap_m = build.to_metric(gap)
    extra = {k: build.to_wgs84(shapely.intersection(gap_m, shapely.union_all(c))) for k, c in by_label.items()}

    out = []
    for k, (meta, geom) in enumerate(candidates[:-1]):
        if k in extra:
            geom = shapely.union(geom, extra[k])
        out.append((meta, shapely.difference(geom, syria)))
    # The sea last, as the frame minus all land, so nothing is left unpainted.
    sea_final = shapely.difference(frame, shapely.union_all([g for _, g in out] + [syria]))
    out.append((inputs.SEA, sea_final))
    out = _merge_small_pieces(out, syria)
    for meta, geom in out:
        if not geom.contains(shapely.Point(meta[3], meta[4])):
            raise SystemExit(f"zones.draw: the label point of {meta[1]} is not inside it")
    return out


def _merge_small_pieces(features: list[tuple[tuple, BaseGeometry]], syria: BaseGeometry, min_km2: float = 1.0):
    """Give every piece under ``min_km2`` to the feature it shares the longest edge with.

    Slivers left where two sources disagree (a few metres wide, a few hundred metres long) are
    not countries of their own. A piece that touches no other feature (an island) stays.
    """
    geoms = [g for _, g in features]
    for i in range(len(geoms)):
        parts = build.polygons(geoms[i])
        small = [p for p in parts if build.area_km2(p) < min_km2]
        if not small or len(small) == len(parts):
            continue
        for piece in small:
            edge = piece.boundary
            shared = [
                shapely.intersection(edge, geoms[j].buffer(1e-7)).length if j != i else 0.0
                for j in range(len(geoms))
            ]
            best = int(np.argmax(shared))
            if shared[best] <= 0:
                continue
            geoms[i] = shapely.difference(geoms[i], piece)
            geoms[best] = shapely.difference(shapely.union(geoms[best], piece.buffer(1e-7)), syria)
    return [(meta, g) for (meta, _), g in zip(features, geoms, strict=True)]


def grouped_parts(grouped: dict[tuple, list[BaseGeometry]]) -> list[BaseGeometry]:
    return [g for parts in grouped.values() for g in parts]
