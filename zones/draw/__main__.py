"""Regenerate zones/syria.geojson, zones/governorates.geojson and zones/areas.geojson.

Usage (from the repository root)::

    python -m zones.draw

Prints the area of every shape in km2 (EPSG:6933).
"""

from __future__ import annotations

import shapely

from zones.draw import build, inputs

SYRIA_SOURCE = (
    "Border turning points authored by zonemap (Turkish railway border, Tigris tripoint, "
    "Iraqi and Jordanian borders, 1923 line, Anti-Lebanon crest, coast); checked against "
    + build.GEONAMES
)


def country_features(syria, golan) -> list[dict]:
    """The two features of zones/syria.geojson."""
    return [
        build.feature(
            {
                "id": "syria",
                "kind": "country",
                "name": "Syria",
                "name_ar": "سوريا",
                "source": SYRIA_SOURCE,
                "method": (
                    "Hand-authored ring of about 200 border turning points plus the island of "
                    "Arwad; every Syrian GeoNames place is inside and every neighbouring one "
                    "outside (Israeli settlements in the occupied Golan excepted)."
                ),
                "confidence": "medium",
                "note": (
                    "Internationally recognised outline, including the Israeli-occupied Golan; "
                    "approximate (1-3 km), not for boundary use."
                ),
            },
            syria,
        ),
        build.feature(
            {
                "id": "golan_occupied",
                "kind": "occupied territory",
                "name": "Israeli-occupied Golan",
                "name_ar": "الجولان المحتل",
                "source": "1974 Agreement on Disengagement (Alpha line) as drawn by zonemap; "
                + build.GEONAMES,
                "method": (
                    "Syria outline west of a hand-drawn 1974 Alpha line (west of old Quneitra, "
                    "east of Majdal Shams and Mas'ada)."
                ),
                "confidence": "medium",
                "note": (
                    "Syrian territory held by Israel since 1967; the UNDOF area of separation east "
                    "of the Alpha line is not included."
                ),
            },
            golan,
        ),
    ]


def governorate_features(govs) -> list[dict]:
    """The 14 features of zones/governorates.geojson, in pcode order."""
    features = []
    for code, meta in sorted(inputs.GOVERNORATES.items(), key=lambda kv: kv[1]["pcode"]):
        method = (
            "Voronoi cells of the GeoNames places of this governorate and hand anchors, "
            "dissolved and clipped to the Syria outline; detached fragments merged into "
            "neighbours."
        )
        if code == "13":
            method = "Hand-drawn polygon of Damascus city (~105 km2), cut out of Rif Dimashq."
        elif code == "03":
            method += " The whole occupied Golan is added to it."
        features.append(
            build.feature(
                {
                    **meta,
                    "source": build.GEONAMES + "; hand anchors listed in zones/SOURCES.md",
                    "method": method,
                    "confidence": "low",
                },
                govs[code],
            )
        )
    return features


def area_shapes(syria, golan, govs) -> dict[str, shapely.Geometry]:
    """The four de-escalation areas and the Idlib security zone."""
    land = shapely.difference(syria, golan)
    not_south = shapely.union_all([govs["05"], govs["08"], govs["13"]])
    idlib = build.front_area(inputs.IDLIB_FRONT, land, holes=(inputs.FUAH_KAFRIYA,))
    return {
        "idlib": idlib,
        "northern_homs": build.front_area(inputs.NORTHERN_HOMS_FRONT, land),
        "eastern_ghouta": build.front_area(inputs.EASTERN_GHOUTA_FRONT, land),
        "southern": build.front_area(
            inputs.SOUTHERN_FRONT,
            land,
            holes=(
                inputs.SOUTHERN_GOVERNMENT_CORRIDOR,
                inputs.QUNEITRA_GOVERNMENT,
                inputs.YARMOUK_BASIN,
            ),
            minus=(not_south,),
        ),
        "idlib_security_zone": build.security_zone(idlib, syria, land),
    }


AREA_PROPERTIES: dict[str, dict[str, str]] = {
    "idlib": {
        "kind": "de-escalation area",
        "name": "Idlib and neighbouring areas",
        "name_ar": "إدلب والمناطق المجاورة",
        "source": "Astana memorandum of 4 May 2017 and joint statement of 15 Sep 2017; "
        + build.FRONT_SOURCES,
        "method": (
            "Hand-drawn front line of mid-September 2017 (Afrin canton, Nubl/Zahraa, western "
            "Aleppo, Abu al-Duhur, northern Hama, the Ghab, Jabal al-Akrad) clipped to Syria; "
            "al-Fu'ah/Kafriya cut out."
        ),
        "confidence": "medium",
        "note": (
            "Government-held al-Fu'ah and Kafriya are a hole; Afrin canton and the Euphrates "
            "Shield area are outside. Shrank from Oct 2017 (Abu al-Duhur) to Mar 2020."
        ),
    },
    "northern_homs": {
        "kind": "de-escalation area",
        "name": "Northern Homs",
        "name_ar": "ريف حمص الشمالي",
        "source": "Russian MoD (ceasefire of 3 Aug 2017); Syrian army statement of 16 May 2018; "
        + build.FRONT_SOURCES,
        "method": (
            "Hand-drawn line around the Rastan-Talbiseh-Houla pocket and the southern Hama "
            "villages around Harbnafsa, clipped to Syria."
        ),
        "confidence": "low",
        "note": (
            "Edges within about 5 km; smaller than the army's 1,200 km2 of May 2018. "
            "Handed over to the government 7-16 May 2018."
        ),
    },
    "eastern_ghouta": {
        "kind": "de-escalation area",
        "name": "Eastern Ghouta",
        "name_ar": "الغوطة الشرقية",
        "source": "Cairo (22 Jul 2017) and Geneva (Aug 2017) agreements; WP 'Siege of Eastern Ghouta'; "
        + build.FRONT_SOURCES,
        "method": (
            "Hand-drawn line around the besieged enclave from Jobar and Harasta to Douma and "
            "an-Nashabiyah, clipped to Syria."
        ),
        "confidence": "medium",
        "note": (
            "Includes the Jobar district of Damascus; the Harasta armoured vehicles base, Adra "
            "and al-Mleiha are outside. Retaken by the government by 14 Apr 2018."
        ),
    },
    "southern": {
        "kind": "de-escalation area",
        "name": "Southern Syria",
        "name_ar": "جنوب سوريا",
        "source": "US-Russia-Jordan memorandum of 7 Jul 2017; " + build.FRONT_SOURCES,
        "method": (
            "Hand-drawn envelope of opposition-held Daraa and Quneitra minus the government "
            "corridor (al-Sanamayn-Izraa-Sheikh Maskin-Daraa al-Mahatta), Baath City and the "
            "ISIL-held Yarmouk Basin; clipped to Syria minus the Golan and to Daraa/Quneitra."
        ),
        "confidence": "low",
        "note": (
            "A mosaic: government enclaves and the Jaysh Khalid ibn al-Walid (ISIL) pocket are "
            "excluded. Retaken by the government in Jun-Jul 2018."
        ),
    },
    "idlib_security_zone": {
        "kind": "security zone",
        "name": "Idlib security zone",
        "name_ar": "المنطقة الأمنية في إدلب",
        "source": "Joint statement of 15 Sep 2017 (provision 5), memorandum of 4 May 2017 "
        "(provision 3); Turkish observation posts per domain notes",
        "method": (
            f"Band of +/-{inputs.SECURITY_ZONE_HALF_WIDTH_KM:g} km (UTM 37N) around the Idlib "
            "area's edge where it faces government- or Kurdish-held land, clipped to Syria."
        ),
        "confidence": "low",
        "note": (
            "No map of the Ankara maps of 8 Sep 2017 was published; the band only shows where "
            "the guarantors' posts went (12 Turkish, 10 Russian, 7 Iranian by May 2018)."
        ),
    },
}


def main() -> None:
    """Build every shape and write the three GeoJSON files."""
    syria = build.syria_outline()
    golan = build.occupied_golan(syria)
    govs = build.governorates(syria, golan)
    areas = area_shapes(syria, golan, govs)

    build.write_collection(build.ZONES_DIR / "syria.geojson", country_features(syria, golan))
    build.write_collection(build.ZONES_DIR / "governorates.geojson", governorate_features(govs))
    area_features = []
    for area_id, geom in areas.items():
        props = {"id": area_id, **AREA_PROPERTIES[area_id]}
        props = {
            "id": area_id,
            "kind": props["kind"],
            "name": props["name"],
            "name_ar": props["name_ar"],
            "governorates": build.governorates_touched(geom, govs),
            "source": props["source"],
            "method": props["method"],
            "confidence": props["confidence"],
            "note": props["note"],
        }
        area_features.append(build.feature(props, geom))
    build.write_collection(build.ZONES_DIR / "areas.geojson", area_features)

    print(f"syria            {build.area_km2(syria):>10,.0f} km2")
    print(f"golan_occupied   {build.area_km2(golan):>10,.0f} km2")
    for code in sorted(govs, key=lambda c: inputs.GOVERNORATES[c]["pcode"]):
        print(f"  {inputs.GOVERNORATES[code]['name']:<14} {build.area_km2(govs[code]):>10,.0f} km2")
    for area_id, geom in areas.items():
        print(f"{area_id:<20} {build.area_km2(geom):>8,.0f} km2  {build.governorates_touched(geom, govs)}")


if __name__ == "__main__":
    main()
