"""Regenerate zones/{governorates,syria,neighbours}.geojson, zones/areas.parquet (every dated state of the
areas and zones, and the areas as agreed), zones/captures.csv, zones/offensives.csv and the derived test data.

Usage (from the repository root; reads ../shared/data at build time only)::

    python -m zones.draw

Prints the area of every shape in km² (EPSG:6933), the governorate agreement with the unsimplified OCHA
file, how many control points fall on their side of the 2017 shapes, the front (captures read, localities
matched or added, conflicts, every fallback point, the states of each area), the time each step took and
the file sizes. The output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import csv
import time

import shapely
from shapely.geometry import shape

from zones.draw import areas, boundaries, build, captures, front, inputs, sources, states

TESTS_DATA = build.ZONES_DIR.parent / "tests" / "data"
CHECK_POINTS_CSV = TESTS_DATA / "governorate_check_points.csv"
CONTROL_POINTS_CSV = TESTS_DATA / "control_points_2017-07.csv"
OUTPUTS = ("governorates.geojson", "syria.geojson", "neighbours.geojson", "areas.parquet", "captures.csv",
           "offensives.csv")


# ---------------------------------------------------------------------------
# governorates.geojson, syria.geojson, neighbours.geojson
# ---------------------------------------------------------------------------
def governorate_features(raw: list[sources.Governorate], govs: dict) -> list[dict]:
    """The 14 features of zones/governorates.geojson, in p-code order."""
    features = []
    for g in raw:
        meta = inputs.GOVERNORATES[g.pcode]
        props = {
            "id": meta["id"],
            "kind": "governorate",
            "name": meta["name"],
            "name_ar": meta["name_ar"],
            "name_ocha": g.name_en,
            "pcode": g.pcode,
            "source": sources.OCHA,
            "method": (
                "OCHA COD-AB v02 governorate, simplified together with the other 13 as one coverage "
                f"(shapely.coverage_simplify, {inputs.GOVERNORATE_SIMPLIFY_DEG:g} deg), so that "
                "neighbours share their borders exactly; coordinates rounded to 5 decimals."
            ),
            "confidence": "high",
        }
        features.append(build.feature(props, govs[g.pcode], snap=False))
    return features


def country_features(syria, golan) -> list[dict]:
    """The two features of zones/syria.geojson."""
    return [
        build.feature(
            {
                "id": "SY",
                "kind": "country",
                "name": "Syria",
                "name_ar": "سوريا",
                "source": sources.OCHA,
                "method": "Union of the 14 simplified OCHA governorates of governorates.geojson.",
                "confidence": "high",
                "note": (
                    "Internationally recognised outline, including the Israeli-occupied Golan "
                    "(part of Quneitra governorate in OCHA's data); not for boundary use."
                ),
            },
            syria,
            snap=False,
        ),
        build.feature(
            {
                "id": "golan_occupied",
                "kind": "occupied territory",
                "name": "Israeli-occupied Golan",
                "name_ar": "الجولان المحتل",
                "source": "1974 Agreement on Disengagement (Alpha line) as drawn by zonemap; outline: "
                + sources.OCHA,
                "method": (
                    "The outline west of a hand-drawn 1974 Alpha line (west of old Quneitra and of "
                    "the Yarmouk Basin villages, east of Majdal Shams and Mas'ada)."
                ),
                "confidence": "medium",
                "note": (
                    "Syrian territory held by Israel since 1967; the UNDOF area of separation east "
                    "of the Alpha line is not included. The line is placed to within 1-2 km."
                ),
            },
            golan,
        ),
    ]


def neighbour_features(nbrs) -> list[dict]:
    """zones/neighbours.geojson: the countries around Syria, then the sea."""
    features = []
    for (ident, name, name_ar, lon, lat), geom in nbrs:
        props = {
            "id": ident,
            "kind": "sea" if ident.startswith("sea_") else "country",
            "name": name,
            "name_ar": name_ar,
            "label_lon": lon,
            "label_lat": lat,
            "source": (
                sources.NATURAL_EARTH + "; Syria's outline (OCHA COD-AB, CC BY 3.0 IGO) cut out; "
                "names by zonemap"
                if ident != inputs.SEA[0]
                else "The map frame minus all land (Natural Earth and Syria's OCHA outline)"
            ),
        }
        features.append(build.feature(props, geom))
    return features


# ---------------------------------------------------------------------------
# Test data derived from the control points
# ---------------------------------------------------------------------------
def write_control_fixture(control: list[sources.ControlPoint], shapes: dict, syria, golan) -> list[str]:
    """tests/data/control_points_2017-07.csv: name, lat, lon, status, nearest_area, note.

    A point that cannot be on its side of the drawn lines gets an ``exception:`` note with the
    reason (for now: it lies outside Syria's outline or in the occupied Golan). Returns the
    names of points on the wrong side for any other reason (the build reports them).
    """
    unexplained = []
    TESTS_DATA.mkdir(parents=True, exist_ok=True)
    syria_m = build.to_metric(syria)
    with CONTROL_POINTS_CSV.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["name", "lat", "lon", "status", "nearest_area", "note"])
        for p in control:
            expected = areas.area_of_control_point(p)
            pt = shapely.Point(p.lon, p.lat)
            got = next((a for a in inputs.AREA_IDS if shapes[a].contains(pt)), "")
            note = p.note
            if got != expected:
                if not syria.contains(pt):
                    metres = syria_m.distance(shapely.Point(*build.xy_metric(p.lon, p.lat)))
                    why = f"exception: {metres:,.0f} m outside Syria's OCHA outline, so in no area"
                elif golan.contains(pt):
                    why = "exception: inside the occupied Golan as drawn, so in no area"
                else:
                    why = ""
                    unexplained.append(f"{p.name} ({p.status}, expected {expected or 'none'}, got {got or 'none'})")
                if why:
                    note = f"{note}; {why}" if note else why
            writer.writerow([p.name, f"{p.lat:g}", f"{p.lon:g}", p.status, p.nearest_area, note])
    return unexplained


# ---------------------------------------------------------------------------
def main() -> None:
    clock = Clock()
    raw = sources.ocha_governorates()
    govs = boundaries.governorates(raw)
    syria = boundaries.outline(govs)
    golan = boundaries.occupied_golan(syria)
    agreement = boundaries.governorate_check(raw, govs, CHECK_POINTS_CSV)
    nbrs = boundaries.neighbours(syria)
    build.write_collection(build.ZONES_DIR / "governorates.geojson", governorate_features(raw, govs))
    build.write_collection(build.ZONES_DIR / "syria.geojson", country_features(syria, golan))
    build.write_collection(build.ZONES_DIR / "neighbours.geojson", neighbour_features(nbrs))
    clock.lap("boundaries")

    # The areas are drawn on the boundaries as written (rounded), so that the tests can redraw them.
    syria, golan, govs = build.read_boundaries()
    control = sources.control_points()
    found, fr, dated, area_features = draw_areas(control, syria, golan, govs, clock)
    shapes = {a: dated[a][0].geom for a in inputs.AREA_IDS}  # 15 Sep 2017: the first state of each area
    build.write_parquet(build.ZONES_DIR / "areas.parquet", area_features)
    captures.write(found)
    unexplained = write_control_fixture(control, shapes, syria, golan)
    clock.lap("writing")

    report(raw, govs, syria, golan, nbrs, shapes, area_features, control, agreement, unexplained)
    report_front(found, fr, dated, area_features)
    print("time: " + ", ".join(f"{step} {seconds:.1f} s" for step, seconds in clock.laps)
          + f"; total {sum(s for _, s in clock.laps):.1f} s")


def draw_areas(control: list[sources.ControlPoint], syria, golan, govs: dict, clock: Clock | None = None):
    """The captures, the front's tracks, every dated state and the features of zones/areas.parquet, from the
    control points, Syria's outline, the occupied Golan and the governorates (as the build writes them)."""
    clock = clock or Clock()
    land = shapely.difference(syria, golan)
    edits = areas.edits()
    found = captures.read(syria, golan)
    fr = front.build_front(areas.labelled_points(control), found)
    clock.lap("captures and tracks")
    dated = front.draw_states(fr, land, areas.Params(), edits)
    clock.lap("states")
    names = {code: inputs.GOVERNORATES[code]["name"] for code in govs}
    area_features = states.features(dated, fr, len(found.rows), land, syria, govs, names, edits)
    clock.lap("features")
    return found, fr, dated, area_features


class Clock:
    def __init__(self) -> None:
        self.laps: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.laps.append((step, now - self._last))
        self._last = now


def report_front(found: captures.Captures, fr: front.Front, dated: dict, features: list[dict]) -> None:
    """What the front was drawn from, and every fallback: the lines a reviewer reads after a rebuild."""
    print(f"captures: {len(found.rows)} rows from {len(found.files)} files ({', '.join(found.files) or 'none'}); "
          f"{len({r.locality for r in found.rows})} localities: {len(fr.matched)} matched to a labelled point, "
          f"{len(fr.added)} added")
    for line in found.notes:
        print("  note:", line)
    for line in fr.conflicts:
        print("  conflict:", line)
    print(f"fallbacks (a point in the land an Idlib offensive took, no capture row: taken on the ceasefire "
          f"date): {len(fr.fallbacks)}")
    for line in fr.fallbacks:
        print("  fallback:", line)
    for a in inputs.AREA_IDS:
        runs = dated[a]
        print(f"{a:<22}{len(runs):>4} states, {runs[0].start} → {runs[-1].end or 'open'}; "
              f"km2 {build.area_km2(runs[0].geom):,.0f} → {build.area_km2(runs[-1].geom):,.0f}")
    by_id: dict[str, int] = {}
    for f in features:
        by_id[f["properties"]["id"]] = by_id.get(f["properties"]["id"], 0) + 1
    print(f"areas.parquet: {len(features)} features (" + ", ".join(f"{k} {v}" for k, v in by_id.items()) + ")")


def report(raw, govs, syria, golan, nbrs, shapes, area_features, control, agreement, unexplained) -> None:
    print(f"{'shape':<22}{'km2':>10}")
    print(f"{'SY (Syria)':<22}{build.area_km2(syria):>10,.0f}")
    print(f"{'golan_occupied':<22}{build.area_km2(golan):>10,.0f}")
    for g in raw:
        print(f"  {inputs.GOVERNORATES[g.pcode]['name']:<20}{build.area_km2(govs[g.pcode]):>10,.0f}"
              f"   (OCHA unsimplified {build.area_km2(g.geometry):,.0f})")
    for a in inputs.AREA_IDS:
        print(f"{a:<22}{build.area_km2(shapes[a]):>10,.1f}")
    zone = next(f for f in area_features if f["id"] == f"idlib_security_zone@{states.STATEMENT}")
    zone_km2 = build.area_km2(shape(zone["geometry"]))
    print(f"{'idlib_security_zone':<22}{zone_km2:>10,.1f}")
    for (ident, name, *_), geom in nbrs:
        print(f"  {ident:<8}{name:<14}{build.area_km2(geom):>10,.0f}")
    print(f"governorate agreement with unsimplified OCHA: {100 * agreement:.3f}% "
          f"of {inputs.CHECK_POINTS_MEASURED:,} random points")
    score = areas.score(shapes, areas.from_control(control))
    for a, (hit, n) in score["opp"].items():
        if n:
            print(f"control points, opposition inside their area, {a:<15} {hit}/{n} = {100 * hit / n:.1f}%")
    hit, n = score["other"]["all"]
    print(f"control points, government/ISIL/SDF within 15 km of an area, outside every area: "
          f"{hit}/{n} = {100 * hit / n:.1f}%")
    for name in OUTPUTS:
        print(f"{name:<24}{(build.ZONES_DIR / name).stat().st_size / 1000:>8.1f} KB")
    if unexplained:
        print("points on the wrong side without a listed reason:", "; ".join(unexplained))


if __name__ == "__main__":
    main()
