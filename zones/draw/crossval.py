"""Two-fold cross-validation of the area drawing: ``python -m zones.draw.crossval [--grid]``.

The control points are split in two halves by a seeded shuffle. The areas are drawn from one
half (plus the hand-added places of ``localities.csv`` and the hand edits), and scored on the
other half, then the other way round. The figures are the honest estimate of how the shapes
do on points they were not drawn from; the parameters in ``inputs.py`` were chosen on them.

Also run with 10 folds (train on 90 %), which is closer to how the shapes built from all the
points will do on another sample of the same map. Scores, summed over the folds:

* ``opp``: opposition points of an area (by ``nearest_area``) that fall inside that area;
* ``other``: government, ISIL and SDF/YPG points (and opposition points in no area) within
  15 km of a drawn area, inside included, that fall outside every area.

Like ``python -m zones.draw`` this reads ``../shared/data`` (build time only).
"""

from __future__ import annotations

import argparse
import itertools

import numpy as np
import shapely

from zones.draw import areas, boundaries, inputs, sources

SEED = 20170915


def folds(n: int, seed: int = SEED, k: int = 2) -> list[np.ndarray]:
    """Indices of ``k`` parts of ``n`` points, by a seeded shuffle."""
    order = np.random.default_rng(seed).permutation(n)
    return [np.sort(order[i::k]) for i in range(k)]


def land() -> shapely.Geometry:
    govs = boundaries.governorates(sources.ocha_governorates())
    syria = boundaries.outline(govs)
    return shapely.difference(syria, boundaries.occupied_golan(syria))


def crossvalidate(params: areas.Params, land_geom, control, seed: int = SEED, k: int = 2) -> dict:
    """Scores summed over the ``k`` folds: {"opp": {area: (hit, n)}, "other": {"all": (hit, n)}}."""
    labelled = areas.from_control(control)
    extra = areas.localities()
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


def fmt(result: dict) -> str:
    def pct(hit_n):
        hit, n = hit_n
        return f"{100 * hit / n:5.1f}% ({hit}/{n})" if n else "   - (0/0)"

    opp = result["opp"]
    parts = [f"opp {pct(opp['all'])}"]
    parts += [f"{a} {pct(opp[a])}" for a in inputs.AREA_IDS if opp[a][1]]
    parts.append(f"other {pct(result['other']['all'])}")
    return " | ".join(parts)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", action="store_true", help="try a grid of radius and smoothing values")
    args = parser.parse_args(argv)
    land_geom = land()
    control = sources.control_points()
    if not args.grid:
        for k in (2, 10):
            print(f"{k}-fold cross-validation, parameters of inputs.py:")
            print(" ", fmt(crossvalidate(areas.Params(), land_geom, control, k=k)), flush=True)
        return
    for radius, smooth in itertools.product((6.0, 8.0, 10.0, 12.0), (1.5, 3.0, 4.0, 5.0)):
        params = areas.Params(cell_radius_km=radius, smooth_km=smooth)
        for k in (2, 10):
            print(f"radius {radius:4.1f} km smooth {smooth:3.1f} km, {k:2d} folds:",
                  fmt(crossvalidate(params, land_geom, control, k=k)), flush=True)


if __name__ == "__main__":
    main()
