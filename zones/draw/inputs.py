"""Hand-written drawing inputs: names, the Alpha line, the neighbours' labels and the parameters.

Everything a reviewer may want to argue with is here or in the two CSV tables next to this file:

* ``localities.csv``: labelled places added to the control points (the inner towns of eastern
  Ghouta and the government-held places around it, the two halves of Daraa city, Kafriya...),
  each with its side, its source and why it is needed;
* ``edits.csv``: hand edits of the drawn areas (polygons added or removed), each with its reason.

Coordinates are ``(lon, lat)`` in WGS84 unless a name says otherwise.
"""

from __future__ import annotations

LonLat = tuple[float, float]

# ---------------------------------------------------------------------------
# Governorates: OCHA p-code -> the project's id, familiar English name and Arabic name
# ---------------------------------------------------------------------------
GOVERNORATES: dict[str, dict[str, str]] = {
    "SY01": {"id": "damascus", "name": "Damascus", "name_ar": "دمشق"},
    "SY02": {"id": "aleppo", "name": "Aleppo", "name_ar": "حلب"},
    "SY03": {"id": "rif_dimashq", "name": "Rif Dimashq", "name_ar": "ريف دمشق"},
    "SY04": {"id": "homs", "name": "Homs", "name_ar": "حمص"},
    "SY05": {"id": "hama", "name": "Hama", "name_ar": "حماة"},
    "SY06": {"id": "latakia", "name": "Latakia", "name_ar": "اللاذقية"},
    "SY07": {"id": "idlib", "name": "Idlib", "name_ar": "إدلب"},
    "SY08": {"id": "al_hasakah", "name": "Al-Hasakah", "name_ar": "الحسكة"},
    "SY09": {"id": "deir_ez_zor", "name": "Deir ez-Zor", "name_ar": "دير الزور"},
    "SY10": {"id": "tartus", "name": "Tartus", "name_ar": "طرطوس"},
    "SY11": {"id": "ar_raqqah", "name": "Ar-Raqqah", "name_ar": "الرقة"},
    "SY12": {"id": "daraa", "name": "Daraa", "name_ar": "درعا"},
    "SY13": {"id": "as_suwayda", "name": "As-Suwayda", "name_ar": "السويداء"},
    "SY14": {"id": "quneitra", "name": "Quneitra", "name_ar": "القنيطرة"},
}

# Tolerance of shapely.coverage_simplify (Visvalingam-Whyatt, in degrees: roughly the side of
# the largest triangle removed). 0.002 deg is about 200 m; measured agreement with the
# unsimplified OCHA file is printed by the build.
GOVERNORATE_SIMPLIFY_DEG = 0.002

# Random points for the governorate check: seed, how many are measured at build time and how
# many are written to tests/data/governorate_check_points.csv.
CHECK_SEED = 20170915
CHECK_POINTS_MEASURED = 50_000
CHECK_POINTS_WRITTEN = 2_000

# ---------------------------------------------------------------------------
# The occupied Golan: the 1974 Alpha line (Israeli side = west)
# ---------------------------------------------------------------------------
# North to south, from the Lebanese border on the Hermon to the Yarmouk. Majdal Shams, Mas'ada
# and Buq'ata lie west (Israeli-held); Hadar, Jubata al-Khashab, Khan Arnabah, Jaba and old
# Quneitra lie east (Syrian side and the UNDOF area of separation, not part of the feature).
# v0.2: the southern third was moved west (up to 4 km) so that the Yarmouk Basin villages that
# the control points place on the Syrian side (ISIL-held Ma'arriyah, Beit Ara; rebel-held Sayda
# al-Golan) are not drawn as occupied.
ALPHA_LINE: list[LonLat] = [
    (35.785, 33.345), (35.80, 33.31), (35.81, 33.28), (35.815, 33.24),
    (35.81, 33.20), (35.80, 33.16), (35.805, 33.125), (35.82, 33.09),
    (35.845, 33.05), (35.86, 33.00), (35.875, 32.95), (35.875, 32.90),
    # South of al-Rafid the line follows the Raqqad valley down to the Yarmouk, west of the
    # Syrian-side villages of the Yarmouk Basin (Sayda al-Golan, Jamla, Beit Ara, Ma'arriyah).
    (35.855, 32.87), (35.83, 32.83), (35.80, 32.80), (35.785, 32.77),
    (35.78, 32.73), (35.775, 32.69),
]

# ---------------------------------------------------------------------------
# Neighbours and sea (zones/neighbours.geojson)
# ---------------------------------------------------------------------------
# The map frame: lon 34-43.5, lat 31.5-38 (west, south, east, north).
FRAME = (34.0, 31.5, 43.5, 38.0)

# Natural Earth NAME -> (ISO3 id, English name, Arabic name, label lon, label lat). The source
# copy strips spaces from some names ("SaudiArabia", "N.Cyprus"); the names here are ours.
# Northern Cyprus is drawn as part of Cyprus. Countries with no land in the frame are left out.
NEIGHBOURS: dict[str, tuple[str, str, str, float, float]] = {
    "Turkey": ("TUR", "Turkey", "تركيا", 37.9, 37.55),
    "Lebanon": ("LBN", "Lebanon", "لبنان", 35.85, 33.95),
    "Israel": ("ISR", "Israel", "إسرائيل", 34.98, 32.55),
    "Palestine": ("PSE", "Palestine", "فلسطين", 35.25, 31.95),
    "Jordan": ("JOR", "Jordan", "الأردن", 36.9, 31.8),
    "Iraq": ("IRQ", "Iraq", "العراق", 42.3, 34.6),
    "SaudiArabia": ("SAU", "Saudi Arabia", "السعودية", 39.4, 31.7),
    "Cyprus": ("CYP", "Cyprus", "قبرص", 34.35, 35.55),
    "N.Cyprus": ("CYP", "Cyprus", "قبرص", 34.35, 35.55),
    "Egypt": ("EGY", "Egypt", "مصر", 34.2, 31.2),
    "Iran": ("IRN", "Iran", "إيران", 45.0, 35.0),
}
SEA = ("sea_med", "Mediterranean Sea", "البحر الأبيض المتوسط", 34.8, 34.5)
# Land pieces of Natural Earth's Syria that lie outside OCHA's Syria (and gaps between the two)
# go to the nearest neighbour or to the sea: the boundary points of each candidate within this
# distance of Syria are the Voronoi seeds, spaced this far apart (km).
SLIVER_SEARCH_KM = 40.0
SLIVER_SEED_SPACING_KM = 0.5

# ---------------------------------------------------------------------------
# De-escalation areas (zones/areas.geojson), as of 15 September 2017
# ---------------------------------------------------------------------------
# Control points' nearest_area -> area id.
AREA_OF = {
    "Idlib": "idlib",
    "Northern Homs": "northern_homs",
    "Eastern Ghouta": "eastern_ghouta",
    "South (Daraa/Quneitra)": "southern",
}
AREA_IDS = ("idlib", "northern_homs", "eastern_ghouta", "southern")

# Kind and names of every id of zones/areas.geojson (the 2017 areas and the zones drawn in them).
AREA_NAMES: dict[str, dict[str, str]] = {
    "idlib": {"kind": "de-escalation area", "name": "Idlib and neighbouring areas", "name_ar": "إدلب والمناطق المجاورة"},
    "northern_homs": {"kind": "de-escalation area", "name": "Northern Homs", "name_ar": "ريف حمص الشمالي"},
    "eastern_ghouta": {"kind": "de-escalation area", "name": "Eastern Ghouta", "name_ar": "الغوطة الشرقية"},
    "southern": {"kind": "de-escalation area", "name": "Southern Syria", "name_ar": "جنوب سوريا"},
    "idlib_security_zone": {"kind": "security zone", "name": "Idlib security zone", "name_ar": "المنطقة الأمنية في إدلب"},
    "idlib_dmz": {"kind": "demilitarized zone", "name": "Idlib demilitarized zone", "name_ar": "المنطقة منزوعة السلاح في إدلب"},
    "m4_corridor": {"kind": "security corridor", "name": "M4 security corridor", "name_ar": "الممر الأمني على طريق M4"},
    # The areas as agreed (zones/draw/states.py): the shapes the agreements described, kept apart from the
    # held part of each area on each day.
    "idlib_agreed": {"kind": "area as agreed", "name": "Idlib and neighbouring areas, as agreed",
                     "name_ar": "إدلب والمناطق المجاورة (بحسب الاتفاق)"},
    "northern_homs_agreed": {"kind": "area as agreed", "name": "Northern Homs, as agreed",
                             "name_ar": "ريف حمص الشمالي (بحسب الاتفاق)"},
    "eastern_ghouta_agreed": {"kind": "area as agreed", "name": "Eastern Ghouta, as agreed",
                              "name_ar": "الغوطة الشرقية (بحسب الاتفاق)"},
    "southern_agreed": {"kind": "area as agreed", "name": "Southern Syria, as agreed",
                        "name_ar": "جنوب سوريا (بحسب الاتفاق)"},
}

# An opposition-held point whose note contains one of these texts is held by the opposition but
# is in no de-escalation area, so it counts as "outside" when the areas are drawn.
NOT_IN_ANY_AREA = (
    "Euphrates Shield",  # Turkish-backed area north-east of Aleppo: not in the Idlib area
    "Eastern Qalamoun",  # truce towns north-east of Damascus: not part of eastern Ghouta
    "Beit Jinn",  # pocket on the Hermon: not part of the southern area
)

# The tessellation (see areas.py). Chosen by 2-fold cross-validation (python -m
# zones.draw.crossval), not on the points the shapes are drawn from.
CELL_RADIUS_KM = 10.0  # a point speaks for land up to this far, and no farther
SMOOTH_KM = 3.0  # morphological closing then opening of each area, in km
EDGE_SIMPLIFY_M = 100.0  # Douglas-Peucker on the final line, metres
MIN_PIECE_KM2 = 0.5  # smaller pieces (and holes) of every drawn shape are dropped
# A gap between an area and the border (or a hole in an area) that no point speaks for is given
# to the area when at most this share of its edge touches land drawn for the other side.
ENCLOSED_MAX_OTHER_SHARE = 0.10

# The hand-added places of these areas speak for less land than a control point: the inner
# towns of eastern Ghouta are 1-3 km apart and its edge is farmland.
LOCALITY_RADIUS_KM = {"eastern_ghouta": 2.5}
# Connectivity: an area also takes the land inside the concave hull of its own points, except the core
# of every point of the other side inside that hull (its cell within CORE_KM). The hull is the union of
# the Delaunay triangles of the area's points whose edges are all at most HULL_EDGE_KM long, holes filled
# (a concave hull "by length"). v0.2 used shapely.concave_hull with ratio 0.1, whose edge limit depends
# on the longest edge of the whole point set, so that taking one village could change the hull 50 km
# away; the lengths here are the ones that ratio gave each area's points of July 2017, fixed, so that a
# change of hands only moves the hull around the place taken. 0 (HULL_SCALE) turns this off.
HULL_EDGE_KM = {"idlib": 5.8, "northern_homs": 3.9, "eastern_ghouta": 1.6, "southern": 6.1}
HULL_SCALE = 1.0
# Labelled points stay on their side: where smoothing left a point of an area outside it, the part of its
# cell within KEEP_KM is put back (0: the whole cell, as in v0.2).
KEEP_KM = 0.0
# The localities of the dated captures that no control point stands for speak for the land up to this far
# (0: CELL_RADIUS_KM, as a control point). They are only the places that changed hands, mostly on one side
# of the front, so at full radius they pull the line toward the other side. Chosen by cross-validation.
CAPTURE_RADIUS_KM = 0.0
CORE_KM = 2.0

# The security zone: +/- this many km around the Idlib area's edge, except where the edge runs
# along (within BORDER_EXCLUSION_KM of) the Syrian border, which faces Turkey.
SECURITY_ZONE_HALF_WIDTH_KM = 10.0
BORDER_EXCLUSION_KM = 2.0
