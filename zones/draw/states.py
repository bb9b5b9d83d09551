"""The features of ``zones/areas.geojson`` (contract of the README) from the front's dated states.

* every held part of every area, one feature per state (``front.draw_states``);
* the zones cut with their area: the Idlib security zone (the band of ``build.security_zone`` on each
  Idlib state from the joint statement of 15 Sep 2017 until the Sochi memorandum), the demilitarized zone
  (the Sochi band, drawn once on the area of 17 Sep 2018 and clipped to each later state) and the M4
  corridor (from 5 Mar 2020);
* the areas **as agreed**, kind ``area as agreed``, each ``part_of`` the area it is the agreed shape of and
  carrying the ``agreement`` that described it: the four areas of 2017 (the memorandum of 4 May 2017; for
  Idlib, the borders the joint statement of 15 Sep 2017 set), the Idlib area the Sochi memorandum preserved
  (the held part on 17 Sep 2018) and the Moscow line (the held part on 6 Mar 2020).
"""

from __future__ import annotations

from datetime import date

from shapely.geometry.base import BaseGeometry

from zones.draw import areas, build, front, inputs, timeline
from zones.draw import timeline_data as data

METHOD_DOC = "zones/SOURCES.md"
STATEMENT = "2017-09-15"
SOCHI = "2018-09-17"
MOSCOW = "2020-03-06"  # the Moscow protocol's ceasefire began at 00:01 on 6 Mar 2020
AGREED_KIND = "area as agreed"
NAMES_SHOWN = 8  # towns named in a state's note before "and N more"

AREA_SOURCE = (
    "Wikipedia contributors, 'Module:Syrian Civil War detailed map', CC BY-SA 3.0 (1,529 control points, "
    "late July 2017); localities of zones/draw/localities.csv (domain notes: WP, press, GeoNames); the dated "
    "captures of zones/captures.csv ({rows} rows, each with its own sources); outline: OCHA COD-AB"
)
AREA_METHOD = (
    "The part of the area the opposition held on the state's first day. Voronoi cells (UTM 37N) of {n:,} "
    "labelled points (control points of late July 2017, {m} hand-added places and {c} localities of the dated "
    "captures), each with its side on that day, each clipped to {r:g} km around its point and to Syria minus "
    "the occupied Golan; opposition cells dissolved by area{margin}, land enclosed by the area and the border "
    "added, the area's concave hull added except near points of the other side; closing/opening of {s:g} km; "
    "every labelled point kept on its side{edits}. A new state begins on each day a locality changed hands "
    "and the shape changed. Details: " + METHOD_DOC + "."
)

FIRST = {  # the first state of each area (its shape of 15 Sep 2017 as the control points of July 2017 give it)
    "idlib": {
        "confidence": "medium",
        "note": (
            "Includes the countryside east of the Hama-Aleppo railway and in eastern Hama that the "
            "opposition held in mid-2017. Government-held al-Fu'ah and Kafriya are a hole; the "
            "Afrin canton (SDF) and the Euphrates Shield area (Turkish-backed, in no area) are "
            "outside."
        ),
    },
    "northern_homs": {
        "confidence": "low",
        "note": (
            "The Rastan-Talbiseh-Houla pocket and the southern Hama villages; the points inside "
            "it are sparse, so its edges are good to a few km. The army's figure of May 2018 is "
            "about 1,200 km²."
        ),
    },
    "eastern_ghouta": {
        "confidence": "medium",
        "note": (
            "Drawn from the enclave's towns (domain notes) and the government positions around "
            "it; the government's gains of summer 2017 at Jobar and Ayn Tarma are cut out. "
            "'Just over 100 km²' was reported in early 2018, after the first losses."
        ),
    },
    "southern": {
        "confidence": "medium",
        "note": (
            "A mosaic: the government corridor along the Damascus-Daraa road (al-Sanamayn, Izraa, "
            "Daraa al-Mahatta), the ISIL-held Yarmouk Basin and the Beit Jinn pocket are outside."
        ),
    },
}
ENDED = {  # what ended each area that ended
    "northern_homs": "Handed over to the government under the deal of 2 May 2018; the army took control on 15–16 May 2018.",
    "eastern_ghouta": "Taken by the government by 14 Apr 2018 (offensive from 18 Feb 2018).",
    "southern": "Taken by the government in the offensive of 18 Jun – 31 Jul 2018 (the Yarmouk Basin last).",
}
AGREED = {  # area id -> the agreements whose shapes are drawn, in order: (valid_from, agreement id, words)
    "idlib": [
        ("2017-05-04", "statement-2017", "the area of the memorandum of 4 May 2017 with the borders the joint "
         "statement of 15 Sep 2017 set (the Ankara maps of 8 Sep 2017 were not published)"),
        (SOCHI, "sochi-2018", "the Idlib area the Sochi memorandum of 17 Sep 2018 kept (point 1): the held part "
         "on that day"),
        (MOSCOW, "moscow-2020", "the line of contact on which the Moscow protocol of 5 Mar 2020 stopped the "
         "fighting (ceasefire from 00:01 on 6 Mar 2020, point 1): the held part on 6 Mar 2020"),
    ],
    "northern_homs": [("2017-05-04", "memorandum-2017", "the area the memorandum of 4 May 2017 named")],
    "eastern_ghouta": [("2017-05-04", "memorandum-2017", "the area the memorandum of 4 May 2017 named")],
    "southern": [("2017-05-04", "memorandum-2017", "the area the memorandum of 4 May 2017 named")],
}


def features(states: dict[str, list[front.State]], fr: front.Front, n_rows: int, land: BaseGeometry,
             syria: BaseGeometry, govs: dict, names: dict, edits: list[areas.Edit]) -> list[dict]:
    """Every feature of zones/areas.geojson, in the file's order: held parts (idlib, northern_homs,
    eastern_ghouta, southern), the zones, the areas as agreed."""
    counts = {origin: sum(t.point.origin == origin for t in fr.tracks) for origin in ("control", "locality", "capture")}
    out = []
    for a in inputs.AREA_IDS:
        own = [e for e in edits if e.area in (a, "*")]
        method = AREA_METHOD.format(
            n=len(fr.tracks), m=counts["locality"], c=sum(bool(t.locality) for t in fr.tracks),
            r=inputs.CELL_RADIUS_KM, s=inputs.SMOOTH_KM,
            margin=(f", the line moved {areas.MARGIN_KM:g} km toward the other side (not within "
                    f"{areas.MARGIN_CORE_KM:g} km of its points; chosen by cross-validation)"
                    if a in areas.MARGIN_AREAS else ""),
            edits=f"; {len(own)} hand edit(s) from zones/draw/edits.csv" if own else "",
        )
        source = AREA_SOURCE.format(rows=n_rows)
        for i, state in enumerate(states[a]):
            nxt = states[a][i + 1] if i + 1 < len(states[a]) else None
            props = {"id": a, "source": source, "method": method, "confidence": _confidence(a, state),
                     "note": _note(a, state), "valid_from": state.start, "valid_to": state.end, "part_of": "",
                     "fate": _fate(a, state, nxt)}
            out.append(build.area_feature(props, state.geom, govs, names))
    out += zone_features(states["idlib"], land, syria, govs, names)
    out += agreed_features(states, govs, names)
    return out


def zone_features(idlib: list[front.State], land, syria, govs, names) -> list[dict]:
    """The security zone, the demilitarized zone and the M4 corridor, state by state."""
    out = []
    for state in _during(idlib, STATEMENT, SOCHI):
        start, end = max(state.start, STATEMENT), min(state.end or SOCHI, SOCHI)
        props = {"id": "idlib_security_zone", **_security_zone_props(start), "valid_from": start, "valid_to": end}
        out.append(build.area_feature(props, build.security_zone(state.geom, syria, land), govs, names))
    (sochi,) = _during(idlib, SOCHI, _next_day(SOCHI))
    band = timeline.dmz_band(sochi.geom, syria)
    for state in _during(idlib, SOCHI, "9999-12-31"):
        start = max(state.start, SOCHI)
        geom = timeline._clip(band, state.geom)
        if geom.is_empty:
            continue
        props = {"id": "idlib_dmz", **_dmz_props(start, state.end), "valid_from": start, "valid_to": state.end}
        out.append(build.area_feature(props, geom, govs, names))
    corridor = {"id": "m4_corridor", **timeline._corridor_props(), "valid_from": timeline.CORRIDOR_DATE,
                "valid_to": ""}
    out.append(build.area_feature(corridor, timeline.corridor(land), govs, names))
    return out


def agreed_features(states: dict[str, list[front.State]], govs, names) -> list[dict]:
    """The areas as agreed: each agreement's shape, until the next agreement's or the area's end."""
    out = []
    for a in inputs.AREA_IDS:
        end = states[a][-1].end
        steps = AGREED[a]
        for k, (start, agreement, words) in enumerate(steps):
            (state,) = _during(states[a], start, _next_day(start))
            valid_to = steps[k + 1][0] if k + 1 < len(steps) else end
            props = {
                "id": f"{a}_agreed", "source": _agreed_source(a, agreement),
                "method": (f"The held part of the area on {_words_date(start)} (its state of that day in this file), "
                           "kept as the shape the agreement described: " + words + "."),
                "confidence": FIRST[a]["confidence"] if k == 0 else "medium",
                "note": ("No map of the areas was published: this is the project's drawing of what the opposition "
                         "held when the agreement was made, not a line the parties signed."),
                "valid_from": start, "valid_to": valid_to, "part_of": a,
                "fate": (f"Replaced on {_words_date(valid_to)} by the shape of the next agreement." if k + 1 < len(steps)
                         else (ENDED.get(a, "") if valid_to else "")),
                "agreement": agreement,
            }
            out.append(build.area_feature(props, state.geom, govs, names))
    return out


# --- texts ---------------------------------------------------------------------------------------------


def _names(names: list[str]) -> str:
    names = sorted(dict.fromkeys(names))
    more = len(names) - NAMES_SHOWN
    return ", ".join(names[:NAMES_SHOWN]) + (f" and {more} more" if more > 0 else "")


def _moved(changes: list[tuple[front.Track, front.Change]]) -> str:
    """'the government took Khan Shaykhun, al-Tamanah; the opposition took Kafr Nabudah' (a day's changes), and
    the places that fell without a dated capture (fallbacks)."""
    by_side: dict[str, list[str]] = {}
    undated = []
    for track, change in changes:
        if change.capture is None:
            undated.append(track.point.name)
        else:
            by_side.setdefault(change.status, []).append(change.capture.name)
    parts = [f"{'ISIL' if side == 'ISIL' else 'the ' + side} took {_names(names)}"
             for side, names in sorted(by_side.items(), key=lambda kv: (kv[0] == "opposition", kv[0]))]
    if undated:
        parts.append(f"{len(undated)} place(s) with no dated capture in the land the offensive took "
                     f"({_names(undated)}) are drawn taken on the ceasefire that ended it")
    return "; ".join(parts)


def _note(area: str, state: front.State) -> str:
    if not state.changes:
        return FIRST[area]["note"]
    return f"Held part from {_words_date(state.start)}: {_moved(state.changes)}."


def _fate(area: str, state: front.State, nxt: front.State | None) -> str:
    if nxt is not None:
        return f"{_words_date(nxt.start)}: {_moved(nxt.changes)}."
    if state.end:
        return ENDED.get(area, f"The opposition held none of it from {_words_date(state.end)}.")
    return ""


def _confidence(area: str, state: front.State) -> str:
    first = FIRST[area]["confidence"]
    if not state.changes:
        return first
    weak = all(c.capture is None or c.capture.confidence == "low" for _, c in state.changes)
    return "low" if weak or first == "low" else "medium"


def _security_zone_props(start: str) -> dict:
    if start == STATEMENT:
        return {
            "source": ("Joint statement of 15 Sep 2017 (provision 5), memorandum of 4 May 2017 (provision 3); "
                       "drawn on the Idlib area of this file"),
            "method": (f"Band of +/-{inputs.SECURITY_ZONE_HALF_WIDTH_KM:g} km (UTM 37N) around the Idlib area's "
                       "edge where it faces government- or Kurdish-held land (not the Turkish border), clipped "
                       "to Syria minus the occupied Golan."),
            "confidence": "low",
            "note": ("The Ankara maps of 8 Sep 2017 were never published; the band only shows where the "
                     "guarantors' posts went (12 Turkish, 10 Russian, 7 Iranian by May 2018)."),
            "part_of": "idlib",
            "fate": "Moved with the area's edge as the front moved; replaced by the Sochi demilitarized zone on "
                    "17 Sep 2018.",
        }
    return {
        "source": ("Memorandum of 4 May 2017 (point 3) and joint statement of 15 Sep 2017 (point 5); Turkish "
                   "observation posts of Feb-May 2018 (zones/posts.geojson)"),
        "method": (f"build.security_zone on the held part of the Idlib area from {_words_date(start)}: a band of "
                   f"+/-{inputs.SECURITY_ZONE_HALF_WIDTH_KM:g} km on both sides of its edge, except where the edge "
                   "runs along the Turkish border, in UTM 37N, clipped to Syria minus the occupied Golan."),
        "confidence": "low",
        "note": ("The zone follows the area's edge as the front moved: the Turkish posts of Feb-May 2018 (al-Eis, "
                 "Tell Tuqan, Surman, Anadan, Morek, Rashidin, Shir Mughar, Ishtabraq) were set up along the "
                 "new edge. No map of the zone was published."),
        "part_of": "idlib",
        "fate": "Moved with the area's edge; replaced by the Sochi demilitarized zone on 17 Sep 2018.",
    }


def _dmz_props(start: str, end: str) -> dict:
    return {
        "source": ("Sochi memorandum of 17 Sep 2018, points 3-6 (UN doc. S/2018/852; PA-X 2169), English text "
                   "leaked to the Turkish press (Turkish Minute, 19 Sep 2018)"),
        "method": (f"The part of the Idlib area of 17 Sep 2018 within {data.DMZ_DEPTH_KM:g} km (the midpoint of the "
                   "agreed 15-20 km) of its edge facing government-held land, measured in UTM 37N; the edges along "
                   "the Turkish border and the Afrin district (held by Turkey from Mar 2018) are left out; clipped "
                   f"to the held part of the area from {_words_date(start)}."),
        "confidence": "low",
        "note": ("The exact lines were left to further consultations (point 4) and were never published: the band "
                 "shows the depth the text gives, not an agreed map. Heavy weapons were to leave it by 10 Oct and "
                 "radical groups by 15 Oct 2018."),
        "part_of": "idlib",
        "fate": f"Cut with the area from {_words_date(end)}." if end else "",
    }


def _agreed_source(area: str, agreement: str) -> str:
    what = {"memorandum-2017": "Memorandum of 4 May 2017 (PA-X 2093)",
            "statement-2017": "Memorandum of 4 May 2017 (PA-X 2093) and joint statement of 15 Sep 2017 (PA-X 2094)",
            "sochi-2018": "Sochi memorandum of 17 Sep 2018, point 1 (PA-X 2169)",
            "moscow-2020": "Additional Protocol of 5 Mar 2020 (Moscow; PA-X 2273), point 1"}[agreement]
    return what + "; the held part of this file on that day (its sources)"


# --- helpers -------------------------------------------------------------------------------------------


def _during(states: list[front.State], start: str, end: str) -> list[front.State]:
    """The states that hold on some day of [start, end)."""
    return [s for s in states if s.start < end and (not s.end or s.end > start)]


def _next_day(day: str) -> str:
    return date.fromordinal(date.fromisoformat(day).toordinal() + 1).isoformat()


def _words_date(day: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.day} {d:%b %Y}"
