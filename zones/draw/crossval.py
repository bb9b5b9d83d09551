"""Cross-validation of the area drawing: ``python -m zones.draw.crossval [--margins | --grid]``.

The control points are split into ``k`` parts by a seeded shuffle. The areas are drawn from all
parts but one (plus the hand-added places of ``localities.csv`` and the hand edits), and scored
on the part left out, for each part in turn. The figures are the honest estimate of how the
shapes do on points they were not drawn from; every parameter of the method was chosen on them.

Three designs are printed: 10 folds (draw from 90 %: the closest to how the shapes drawn from
all the points do on another sample of the same map, and the guide), 5 folds repeated with
several seeds (the spread between seeds shows the noise of one split), and 2 folds (draw from
half the points: pessimistic). Scores, summed over the folds:

* ``opp``: opposition points of an area (by ``nearest_area``) that fall inside that area;
* ``other``: government, ISIL and SDF/YPG points (and opposition points in no area) within
  15 km of a drawn area, inside included, that fall outside every area.

The 10-fold figures come with a 95 % Wilson interval (binomial: the points are few, 23 in
northern Homs). ``--rules`` compares other interpolation rules point by point (kernel
density ratio, k-nearest vote, multiplicative weights). ``--margins`` prints the trade-off curve of the margin (``areas.MARGIN_KM``):
opposition inside against others outside. Like ``python -m zones.draw`` this reads
``../shared/data`` (build time only).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import math

import numpy as np
import shapely

from zones.draw import areas, boundaries, build, captures, front, inputs, sources

SEED = 20170915
REPEAT_SEEDS = (1, 2, 3, 4, 5)  # the repeated 5-fold design
MARGINS = (0.0, 0.25, 0.5, 0.75, 1.0)  # km, the trade-off curve of --margins
SCORED = ("idlib", "northern_homs", "southern")  # areas with opposition control points


def folds(n: int, seed: int = SEED, k: int = 2) -> list[np.ndarray]:
    """Indices of ``k`` parts of ``n`` points, by a seeded shuffle."""
    order = np.random.default_rng(seed).permutation(n)
    return [np.sort(order[i::k]) for i in range(k)]


def land() -> shapely.Geometry:
    govs = boundaries.governorates(sources.ocha_governorates())
    syria = boundaries.outline(govs)
    return shapely.difference(syria, boundaries.occupied_golan(syria))


def capture_points(control) -> list[areas.Labelled]:
    """The localities of the dated captures that no labelled point stands for, with their side before their
    first capture: the points the 2017 shapes are drawn from besides the control points and localities.csv."""
    govs = boundaries.governorates(sources.ocha_governorates())
    syria = boundaries.outline(govs)
    found = captures.read(syria, boundaries.occupied_golan(syria))
    fr = front.build_front(areas.labelled_points(control), found)
    return [t.point for t in fr.tracks if t.point.origin == "capture"]


EXTRA: list[areas.Labelled] = []  # the capture points, when --captures is given (main)


def crossvalidate(params: areas.Params, land_geom, control, seed: int = SEED, k: int = 2) -> dict:
    """Scores summed over the ``k`` folds: {"opp": {area: (hit, n)}, "other": {"all": (hit, n)}}."""
    labelled = areas.from_control(control)
    extra = areas.localities() + EXTRA
    edits = areas.edits()
    parts = folds(len(labelled), seed, k)
    total: dict = {"opp": {}, "other": {}}
    for test in parts:
        train = np.setdiff1d(np.arange(len(labelled)), test)
        shapes = areas.draw([labelled[i] for i in train] + extra, land_geom, params, edits)
        got = areas.score(shapes, [labelled[i] for i in test])
        for group in ("opp", "other"):
            for key, (hit, n) in got[group].items():
                h0, n0 = total[group].get(key, (0, 0))
                total[group][key] = (h0 + hit, n0 + n)
    return total


def wilson(hit: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95 % Wilson score interval of a proportion, in %."""
    if n == 0:
        return (0.0, 100.0)
    p = hit / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (100 * (centre - half), 100 * (centre + half))


def _rates(result: dict) -> dict[str, float]:
    out = {key: 100 * h / n for key, (h, n) in result["opp"].items() if n}
    h, n = result["other"]["all"]
    out["other"] = 100 * h / n
    return out


COLUMNS = ("all", *SCORED, "other")


def fmt(result: dict, ci: bool = False) -> str:
    def pct(hit_n):
        hit, n = hit_n
        if not n:
            return "   - (0/0)"
        text = f"{100 * hit / n:5.1f}% ({hit}/{n})"
        if ci:
            lo, hi = wilson(hit, n)
            text += f" [{lo:.0f}-{hi:.0f}]"
        return text

    opp = result["opp"]
    parts = [f"opp {pct(opp['all'])}"]
    parts += [f"{a} {pct(opp[a])}" for a in SCORED]
    parts.append(f"other {pct(result['other']['all'])}")
    return " | ".join(parts)


def repeated(params: areas.Params, land_geom, control, k: int = 5, seeds=REPEAT_SEEDS) -> str:
    """Mean and range over seeds of the ``k``-fold rates: 'opp 89.1 (88.6-89.7) | ...'."""
    rates = [_rates(crossvalidate(params, land_geom, control, seed=s, k=k)) for s in seeds]
    parts = []
    for col in COLUMNS:
        vals = np.array([r[col] for r in rates])
        name = "opp" if col == "all" else col
        parts.append(f"{name} {vals.mean():5.1f} ({vals.min():.1f}-{vals.max():.1f})")
    return " | ".join(parts)


def pointwise_rules(control, seeds=REPEAT_SEEDS, k: int = 10) -> None:
    """Other interpolation rules, scored point by point (no drawing, so no smoothing or hull).

    Each held-out point is classed from the training points alone: by the nearest point with
    an additive margin (the margin of step 3b), a multiplicative weight (Apollonius circles), a
    Gaussian kernel density ratio, or a distance-weighted k-nearest vote. "other" counts the
    held-out government/ISIL/SDF points within 12 km of a training point of an area. Printed
    to show the trade-off of each family; the rule of the drawing is the first.
    """
    pts = areas.from_control(control) + areas.localities()
    n = len(control)
    ids = list(inputs.AREA_IDS) + [""]
    cls = np.array([ids.index(p.area) for p in pts])
    xs, ys = build.xy_metric([p.lon for p in pts], [p.lat for p in pts])
    xy = np.column_stack([xs, ys]) / 1000.0
    dist = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    rules = [(f"nearest, margin {m:g} km", "add", m) for m in (0.0, 0.25, 0.5)]
    rules += [(f"nearest, weight x{w:g}", "mul", w) for w in (1.1, 1.2)]
    rules += [(f"kernel ratio, h {h:g} km", "kern", h) for h in (1.0, 2.0)]
    rules += [(f"{q} nearest, 1/d^2 vote", "knn", q) for q in (3, 5)]
    for label, rule, v in rules:
        hit = np.zeros(len(ids)); tot = np.zeros(len(ids)); oh = on = 0  # noqa: E702
        for seed in seeds:
            for test in folds(n, seed, k):
                train = np.setdiff1d(np.arange(len(pts)), test)
                c = cls[train]
                for i in test:
                    d = dist[i, train]
                    near = [d[c == a].min() if (c == a).any() else np.inf for a in range(len(ids))]
                    if rule == "add":
                        score = -np.array(near) + np.where(np.arange(len(ids)) < 4, 2 * v, 0.0)
                    elif rule == "mul":
                        score = -np.array(near) / np.where(np.arange(len(ids)) < 4, v, 1.0)
                    elif rule == "kern":
                        score = np.bincount(c, weights=np.exp(-0.5 * (d / v) ** 2), minlength=len(ids))
                    else:
                        o = np.argsort(d)[: int(v)]
                        score = np.bincount(c[o], weights=1.0 / np.maximum(d[o], 0.3) ** 2, minlength=len(ids))
                    got = int(np.argmax(score)) if min(near[:4]) < areas.Params().cell_radius_km else 4
                    if cls[i] < 4:
                        hit[cls[i]] += got == cls[i]
                        tot[cls[i]] += 1
                    elif min(near[:4]) < 12:
                        oh += got == 4
                        on += 1
        per = " | ".join(f"{ids[a]} {100 * hit[a] / tot[a]:5.1f}" for a in range(4) if tot[a])
        print(f"{label:<28} opp {100 * hit.sum() / tot.sum():5.1f} | {per} | other {100 * oh / on:5.1f}", flush=True)


# ---------------------------------------------------------------------------
# The front: towns before and after their capture (python -m zones.draw.crossval --front)
# ---------------------------------------------------------------------------
BEFORE_DAYS, AFTER_DAYS = 4, 7  # the test: inside 4 days before the capture, outside 7 days after
NAMED = ("Qal'at al-Madiq", "Maarat al-Numan", "Saraqib", "Khan Shaykhun", "Douma", "Harasta", "Kafr Nabudah",
         "Kafranbel", "Morek", "al-Tamanah", "al-Habit", "Rastan", "Talbiseh", "Daraa al-Balad", "Nawa",
         "Abu al-Duhur airbase", "Sinjar", "Jarjanaz", "al-Eis", "Tell Tuqan", "Khan Tuman", "Hish")


def front_checks(k: int = 10, seed: int = SEED) -> None:
    """Each dated capture (high or medium confidence) checked as the issue asks: the town inside its area
    ``BEFORE_DAYS`` before the capture and outside ``AFTER_DAYS`` after (or the other way round for a town the
    opposition took), on the side its own rows give it on those days. In sample (the bundled states, drawn with
    the town) and held out (the town's point and rows left out of the drawing, ``k`` folds of localities)."""
    from datetime import date, timedelta

    govs = boundaries.governorates(sources.ocha_governorates())
    syria = boundaries.outline(govs)
    golan = boundaries.occupied_golan(syria)
    land_geom = shapely.difference(syria, golan)
    found = captures.read(syria, golan)
    fr = front.build_front(areas.labelled_points(sources.control_points()), found)
    edits = areas.edits()
    shift = lambda d, n: (date.fromisoformat(d) + timedelta(days=n)).isoformat()  # noqa: E731
    checks = []  # (track index, row, day before, day after)
    for i, t in enumerate(fr.tracks):
        for c in t.changes:
            row = c.capture
            if row is not None and row.confidence in ("high", "medium") and front.END.get(row.area, "9999") > shift(
                    row.date, AFTER_DAYS):
                checks.append((i, row, shift(row.date, -BEFORE_DAYS), shift(row.date, AFTER_DAYS)))

    def judge(inside_before: bool, inside_after: bool, i: int, row, before: str, after: str) -> tuple[bool, bool]:
        want_before = fr.tracks[i].on(before).area == row.area
        want_after = fr.tracks[i].on(after).area == row.area
        ok = inside_before == want_before and inside_after == want_after
        early = want_before and not inside_before  # outside before its capture
        return ok, early

    def inside(geoms: dict, day: str, area: str, row) -> bool:
        if (day, area) not in geoms:
            return False
        return shapely.contains_xy(geoms[(day, area)], row.lon, row.lat)

    # In sample: the bundled states.
    dated = front.draw_states(fr, land_geom, areas.Params(), edits)
    def state_on(area, day):
        for s in dated[area]:
            if s.start <= day and (not s.end or day < s.end):
                return s.geom
        return shapely.Polygon()
    results = {"in sample": [], "held out": []}
    for i, row, before, after in checks:
        results["in sample"].append((row, *judge(state_on(row.area, before).covers(shapely.Point(row.lon, row.lat)),
                                                 state_on(row.area, after).covers(shapely.Point(row.lon, row.lat)),
                                                 i, row, before, after)))
    # Held out: localities in k folds; a fold's tracks (and the points they stand for) are left out.
    localities = sorted({fr.tracks[i].locality for i, *_ in checks})
    parts = folds(len(localities), seed, k)
    for part in parts:
        out = {localities[j] for j in part}
        keep = [t for t in fr.tracks if t.locality not in out]
        tess = areas.tessellate([t.point for t in keep], land_geom, areas.Params(),
                                {a: [t.point.area == a or any(c.area == a for c in t.changes) for t in keep]
                                 for a in inputs.AREA_IDS})
        mine = [(i, row, before, after) for i, row, before, after in checks if fr.tracks[i].locality in out]
        geoms = {}
        for day, area in sorted({(d, row.area) for _, row, before, after in mine for d in (before, after)}):
            labels = tess.labels([t.on(day) for t in keep])
            geoms[(day, area)] = build.to_wgs84(areas.draw_area(tess, labels, area, edits))
        for i, row, before, after in mine:
            results["held out"].append((row, *judge(inside(geoms, before, row.area, row),
                                                    inside(geoms, after, row.area, row), i, row, before, after)))
    for name, rows in results.items():
        print(f"{name}: {sum(ok for _, ok, _ in rows)}/{len(rows)} = {100 * sum(ok for _, ok, _ in rows) / len(rows):.1f}% "
              f"of captures (high/medium) on their side {BEFORE_DAYS} days before and {AFTER_DAYS} days after; "
              f"outside before their capture: {sum(e for _, _, e in rows)}")
        for offensive in sorted({r.offensive for r, _, _ in rows}):
            sel = [(ok, e) for r, ok, e in rows if r.offensive == offensive]
            print(f"  {offensive:<20} {sum(o for o, _ in sel)}/{len(sel)} = {100 * sum(o for o, _ in sel) / len(sel):.1f}%"
                  f"; outside before: {sum(e for _, e in sel)}")
        named = [(r, ok, e) for r, ok, e in rows if r.name in NAMED]
        print(f"  the named towns: {sum(ok for _, ok, _ in named)}/{len(named)}; wrong: "
              + ("; ".join(f"{r.name} {r.date}" + (" (outside before)" if e else "") for r, ok, e in named if not ok)
                 or "none"))
        wrong = [f"{r.name} {r.date}" + (" (outside before)" if e else "") for r, ok, e in rows if not ok]
        print(f"  wrong ({len(wrong)}): " + "; ".join(wrong))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--margins", action="store_true", help="the trade-off curve of the margin")
    parser.add_argument("--grid", action="store_true", help="try a grid of radius and smoothing values")
    parser.add_argument("--rules", action="store_true", help="other interpolation rules, point by point")
    parser.add_argument("--no-captures", action="store_true",
                        help="draw from the control points and localities.csv only (as before the captures)")
    parser.add_argument("--front", action="store_true",
                        help="the dated captures: each town on its side 4 days before and 7 days after")
    args = parser.parse_args(argv)
    if args.front:
        front_checks()
        return
    control = sources.control_points()
    if not args.no_captures:
        EXTRA[:] = capture_points(control)
        print(f"drawn with {len(EXTRA)} localities of the dated captures besides the control points and "
              "localities.csv (--no-captures: without them)")
    if args.rules:
        pointwise_rules(control)
        return
    land_geom = land()
    if args.margins:
        for m in MARGINS:
            params = dataclasses.replace(areas.Params(), margin_km=m)
            print(f"margin {m:4.2f} km, 10 folds:      ", fmt(crossvalidate(params, land_geom, control, k=10)),
                  flush=True)
            print(f"margin {m:4.2f} km, 5 folds x {len(REPEAT_SEEDS)}:  ",
                  repeated(params, land_geom, control), flush=True)
        return
    if args.grid:
        for radius, smooth in itertools.product((6.0, 8.0, 10.0, 12.0), (1.5, 3.0, 4.0, 5.0)):
            params = dataclasses.replace(areas.Params(), cell_radius_km=radius, smooth_km=smooth)
            for k in (2, 10):
                print(f"radius {radius:4.1f} km smooth {smooth:3.1f} km, {k:2d} folds:",
                      fmt(crossvalidate(params, land_geom, control, k=k)), flush=True)
        return
    params = areas.Params()
    print(f"Parameters: radius {params.cell_radius_km:g} km, margin {params.margin_km:g} km "
          f"(core {params.margin_core_km:g} km), smoothing {params.smooth_km:g} km")
    print("10 folds (95 % Wilson interval):")
    print(" ", fmt(crossvalidate(params, land_geom, control, k=10), ci=True), flush=True)
    print(f"5 folds, repeated with seeds {REPEAT_SEEDS} (mean, range over seeds):")
    print(" ", repeated(params, land_geom, control), flush=True)
    print("2 folds:")
    print(" ", fmt(crossvalidate(params, land_geom, control, k=2)), flush=True)


if __name__ == "__main__":
    main()
