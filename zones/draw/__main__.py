"""Regenerate zones/{governorates,syria,neighbours,areas}.geojson and the derived test data.

Usage (from the repository root; reads ../shared/data at build time only)::

    python -m zones.draw

Prints the area of every shape in km² (EPSG:6933), the governorate agreement with the
unsimplified OCHA file, how many control points fall on their side, and the file sizes. The
output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import csv

import shapely

from zones.draw import areas, boundaries, build, inputs, sources, timeline

TESTS_DATA = build.ZONES_DIR.parent / "tests" / "data"
CHECK_POINTS_CSV = TESTS_DATA / "governorate_check_points.csv"
CONTROL_POINTS_CSV = TESTS_DATA / "control_points_2017-07.csv"
OUTPUTS = ("governorates.geojson", "syria.geojson", "neighbours.geojson", "areas.geojson")

METHOD_DOC = "zones/SOURCES.md"


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
# areas.geojson
# ---------------------------------------------------------------------------
AREA_SOURCE = (
    sources.CONTROL_POINTS + "; localities of zones/draw/localities.csv (domain notes: "
    "WP, press, GeoNames); outline: OCHA COD-AB"
)
AREA_METHOD = (
    "Voronoi cells (UTM 37N) of {n:,} labelled points (control points of late July 2017 plus "
    "{m} hand-added places), each clipped to {r:g} km around its point and to Syria minus the "
    "occupied Golan; opposition cells dissolved by area{margin}, land enclosed by the area and the "
    "border added, the area's concave hull added except near points of the other side; closing/opening "
    "of {s:g} km; every labelled point kept on its side{edits}. Details: " + METHOD_DOC + "."
)

AREAS_2017: dict[str, dict[str, str]] = {
    "idlib": {
        "confidence": "medium",
        "note": (
            "Includes the countryside east of the Hama-Aleppo railway and in eastern Hama that the "
            "opposition held in mid-2017. Government-held al-Fu'ah and Kafriya are a hole; the "
            "Afrin canton (SDF) and the Euphrates Shield area (Turkish-backed, in no area) are "
            "outside."
        ),
        "valid_to": "2018-02-14",
        "fate": (
            "Shrank when the government took the countryside east of the Hama–Aleppo railway and "
            "Abu al-Duhur (Oct 2017 – Feb 2018)."
        ),
    },
    "northern_homs": {
        "confidence": "low",
        "note": (
            "The Rastan-Talbiseh-Houla pocket and the southern Hama villages; the points inside "
            "it are sparse, so its edges are good to a few km. The army's figure of May 2018 is "
            "about 1,200 km²."
        ),
        "valid_to": "2018-05-16",
        "fate": "Handed over to the government under the deal of 2 May 2018; the army took control on 15–16 May 2018.",
    },
    "eastern_ghouta": {
        "confidence": "medium",
        "note": (
            "Drawn from the enclave's towns (domain notes) and the government positions around "
            "it; the government's gains of summer 2017 at Jobar and Ayn Tarma are cut out. "
            "'Just over 100 km²' was reported in early 2018, after the first losses."
        ),
        "valid_to": "2018-04-14",
        "fate": "Taken by the government by 14 Apr 2018 (offensive from 18 Feb 2018).",
    },
    "southern": {
        "confidence": "medium",
        "note": (
            "A mosaic: the government corridor along the Damascus-Daraa road (al-Sanamayn, Izraa, "
            "Daraa al-Mahatta), the ISIL-held Yarmouk Basin and the Beit Jinn pocket are outside."
        ),
        "valid_to": "2018-07-31",
        "fate": "Taken by the government in the offensive of 19 Jun – 31 Jul 2018 (the Yarmouk Basin last).",
    },
}

SECURITY_ZONE = {
    "source": (
        "Joint statement of 15 Sep 2017 (provision 5), memorandum of 4 May 2017 (provision 3); "
        "drawn on the Idlib area of this file"
    ),
    "method": (
        f"Band of +/-{inputs.SECURITY_ZONE_HALF_WIDTH_KM:g} km (UTM 37N) around the Idlib area's "
        "edge where it faces government- or Kurdish-held land (not the Turkish border), clipped "
        "to Syria minus the occupied Golan."
    ),
    "confidence": "low",
    "note": (
        "The Ankara maps of 8 Sep 2017 were never published; the band only shows where the "
        "guarantors' posts went (12 Turkish, 10 Russian, 7 Iranian by May 2018)."
    ),
    "valid_from": "2017-09-15",
    "valid_to": "2018-02-14",
    "fate": "Left behind by the government's winter offensive, which moved the Idlib line east and south (Oct 2017 – Feb 2018).",
}


def features_2017(shapes: dict, zone, govs: dict, names: dict, n_points: int, n_localities: int,
                  edits: list[areas.Edit]) -> list[dict]:
    """The four areas (valid from the memorandum, 4 May 2017) and the security zone of 15 Sep 2017."""
    out = []
    for area_id in inputs.AREA_IDS:
        own = [e for e in edits if e.area in (area_id, "*")]
        method = AREA_METHOD.format(
            n=n_points, m=n_localities, r=inputs.CELL_RADIUS_KM, s=inputs.SMOOTH_KM,
            margin=(
                f", the line moved {areas.MARGIN_KM:g} km toward the other side (not within "
                f"{areas.MARGIN_CORE_KM:g} km of its points; chosen by cross-validation)"
                if area_id in areas.MARGIN_AREAS else ""
            ),
            edits=f"; {len(own)} hand edit(s) from zones/draw/edits.csv" if own else "",
        )
        props = {"id": area_id, **AREAS_2017[area_id], "valid_from": "2017-05-04", "source": AREA_SOURCE,
                 "method": method, "part_of": ""}
        out.append(build.area_feature(props, shapes[area_id], govs, names))
    out.append(build.area_feature({"id": "idlib_security_zone", **SECURITY_ZONE, "part_of": "idlib"}, zone, govs, names))
    return out


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
    raw = sources.ocha_governorates()
    govs = boundaries.governorates(raw)
    syria = boundaries.outline(govs)
    golan = boundaries.occupied_golan(syria)
    land = shapely.difference(syria, golan)
    agreement = boundaries.governorate_check(raw, govs, CHECK_POINTS_CSV)
    nbrs = boundaries.neighbours(syria)

    control = sources.control_points()
    points = areas.labelled_points(control)
    edits = areas.edits()
    shapes = areas.draw(points, land, areas.Params(), edits)
    zone = build.security_zone(shapes["idlib"], syria, land)

    names = {code: inputs.GOVERNORATES[code]["name"] for code in govs}
    area_features = features_2017(shapes, zone, govs, names, len(points), len(points) - len(control), edits)
    area_features += timeline.timeline_features(shapes["idlib"], land, syria, govs, names)  # 2018-2020 states

    build.write_collection(build.ZONES_DIR / "governorates.geojson", governorate_features(raw, govs))
    build.write_collection(build.ZONES_DIR / "syria.geojson", country_features(syria, golan))
    build.write_collection(build.ZONES_DIR / "neighbours.geojson", neighbour_features(nbrs))
    build.write_collection(build.ZONES_DIR / "areas.geojson", area_features)
    unexplained = write_control_fixture(control, shapes, syria, golan)

    report(raw, govs, syria, golan, nbrs, shapes, zone, control, agreement, unexplained)


def report(raw, govs, syria, golan, nbrs, shapes, zone, control, agreement, unexplained) -> None:
    print(f"{'shape':<22}{'km2':>10}")
    print(f"{'SY (Syria)':<22}{build.area_km2(syria):>10,.0f}")
    print(f"{'golan_occupied':<22}{build.area_km2(golan):>10,.0f}")
    for g in raw:
        print(f"  {inputs.GOVERNORATES[g.pcode]['name']:<20}{build.area_km2(govs[g.pcode]):>10,.0f}"
              f"   (OCHA unsimplified {build.area_km2(g.geometry):,.0f})")
    for a in inputs.AREA_IDS:
        print(f"{a:<22}{build.area_km2(shapes[a]):>10,.1f}")
    print(f"{'idlib_security_zone':<22}{build.area_km2(zone):>10,.1f}")
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
