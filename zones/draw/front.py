"""The front by the day (issue 19): each area's held part on every day on which something changed.

The points are the control points of late July 2017, the places of ``localities.csv`` and every locality
of the dated captures (``captures.py``). A capture's locality is the labelled point it names (``CP <name>``
in its coordinate source), else the nearest labelled point of the same name within ``NAME_MATCH_KM``,
else any labelled point within ``MATCH_KM``; otherwise it is added as a point of its own, with the side
it had before its first capture. Each point has a **track**: its side at the start and its changes of
side. On day D every point has its side on D, and the held part of each area is drawn from them with the
method of the 2017 shapes (``areas.draw_area``), on one tessellation shared by every day: a state is drawn
only on a day when a point of its area changed side, and kept only when its shape changed.

Where a point lies in the land an Idlib offensive took (the hand-drawn rings of v0.2,
``timeline_data.LOSSES``) but no capture row of that offensive dates its fall, it falls to the government
on the ceasefire that ended the offensive (the ring's ``state`` date) — a *fallback*, counted and listed
by the build.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from zones.draw import areas, build, inputs
from zones.draw import timeline_data as data
from zones.draw.captures import Capture, Captures, _fold

START = "2017-05-04"  # the memorandum: every area's first state begins here
# The day each area ended (the government held all of it), as published; an area also ends on the first
# day its held part is empty. Idlib is still there.
END = {"northern_homs": "2018-05-16", "eastern_ghouta": "2018-04-14", "southern": "2018-07-31"}
MATCH_KM = 0.75  # a capture's locality is any labelled point this close…
NAME_MATCH_KM = 3.0  # …or a labelled point of the same name this close
ATTACH_KM = 0.4  # …and every other labelled point of its side this close (the same place twice in the points)
GAIN_REACH_KM = 3.0  # a point the opposition takes brings back the drawing's land this far around its cell
SHADOW_KM = 0.05  # a locality this close to another's point is the same place: its rows join that point's
# The v0.2 loss rings and the offensives whose land they drew.
LOSS_OFFENSIVE = {
    "abu_al_duhur_2017_2018": "abu_al_duhur_2017",
    "khan_shaykhun_2019": "idlib_2019",
    "dawn_of_idlib_2_2019_2020": "idlib_2019_2020",
}


@dataclass(frozen=True)
class Change:
    day: str
    status: str
    area: str  # the area the point belongs to after the change ("" unless opposition in an area)
    capture: Capture | None  # None for a fallback


@dataclass
class Track:
    """A labelled point of the front: its side before any capture, then each change of side."""

    point: areas.Labelled
    changes: list[Change] = field(default_factory=list)
    locality: str = ""  # the capture locality it stands for, if any
    offensives: set[str] = field(default_factory=set)

    def on(self, day: str) -> areas.Labelled:
        """The point with its side on ``day``."""
        last = None
        for change in self.changes:
            if change.day <= day:
                last = change
        if last is None:
            return self.point
        return replace(self.point, status=last.status, area=last.area)


@dataclass
class Front:
    tracks: list[Track]
    matched: list[str]  # "locality → point" lines
    added: list[str]
    conflicts: list[str]
    fallbacks: list[str]

    @property
    def points(self) -> list[areas.Labelled]:
        """Every point with its side at the start (the 2017 drawing's points)."""
        return [t.point for t in self.tracks]

    def points_on(self, day: str) -> list[areas.Labelled]:
        return [t.on(day) for t in self.tracks]

    def changes(self) -> list[tuple[Track, Change]]:
        return sorted(((t, c) for t in self.tracks for c in t.changes), key=lambda tc: (tc[1].day, tc[0].point.name))


def build_front(base: list[areas.Labelled], captures: Captures) -> Front:
    """The tracks of ``base`` (control points, then hand-added places) and of the captures' localities.

    Matching, in passes so that a good match is never taken by a weaker one: (1) the control point a row's
    ``CP <name>`` names, or a labelled point of the same name within ``NAME_MATCH_KM``; (2) the nearest free
    labelled point within ``MATCH_KM``; (3) the locality also carries every other free labelled point of its
    name within ``NAME_MATCH_KM``, or within ``ATTACH_KM``, that had the side its first row starts from (the
    same town twice in the points: Kafr Nabl and Kafranbel); (4) a locality with no point is added, unless it
    lies within ``SHADOW_KM`` of another locality's point: then its rows join that point's (reported).
    """
    tracks = [Track(p) for p in base]
    xs, ys = build.xy_metric([p.lon for p in base], [p.lat for p in base])
    xy = np.column_stack([xs, ys])
    folded = [_fold(p.name) for p in base]
    claimed: dict[int, str] = {}
    matched, added, conflicts = [], [], []
    by_locality: dict[str, list[Capture]] = defaultdict(list)
    for row in captures.rows:
        by_locality[row.locality].append(row)
    order = sorted(by_locality, key=lambda k: (min(r.date for r in by_locality[k]), k))
    rows_of = {k: sorted(by_locality[k], key=lambda r: r.date) for k in order}
    dist = {}
    for k in order:
        here = np.array(build.xy_metric(rows_of[k][0].lon, rows_of[k][0].lat))
        dist[k] = np.hypot(xy[:, 0] - here[0], xy[:, 1] - here[1]) / 1000.0
    points: dict[str, list[int]] = {}
    for strict in (True, False):  # (1), then (2)
        for k in order:
            if k in points:
                continue
            j, how = _match(rows_of[k][0], base, folded, dist[k], claimed, strict)
            if j is not None:
                claimed[j] = k
                points[k] = [j]
                first = rows_of[k][0]
                matched.append(f"{first.name} ({first.where}) → {base[j].origin} point {base[j].name!r}, "
                               f"{1000 * dist[k][j]:.0f} m ({how})")
                if base[j].status != first.from_side:
                    conflicts.append(f"{first.name}: the {base[j].origin} point {base[j].name!r} is {base[j].status} "
                                     f"in Jul 2017, its first capture ({first.date}) is from the {first.from_side}")
    for k in order:  # (3)
        first = rows_of[k][0]
        near = (dist[k] <= ATTACH_KM) | ((dist[k] <= NAME_MATCH_KM) & np.array([f == _fold(first.name) for f in folded]))
        for j in np.flatnonzero(near):
            if j not in claimed and base[j].status == first.from_side:
                claimed[j] = k
                points.setdefault(k, []).append(int(j))
                matched.append(f"{first.name} ({first.where}) → also {base[j].origin} point {base[j].name!r}, "
                               f"{1000 * dist[k][j]:.0f} m")
    placed: list[tuple[np.ndarray, Track]] = []  # added points, for (4)
    for k in order:
        rows = rows_of[k]
        first = rows[0]
        if k in points:
            mine = [tracks[j] for j in points[k]]
        else:
            here = np.array(build.xy_metric(first.lon, first.lat))
            twin = next((t for xy_t, t in placed if np.hypot(*(xy_t - here)) / 1000.0 < SHADOW_KM), None)
            if twin is None:
                j = int(np.argmin(dist[k])) if len(base) else -1
                if j >= 0 and dist[k][j] < SHADOW_KM:
                    twin = tracks[j]
            if twin is not None:  # one place under two names: one track with every row
                conflicts.append(f"{first.name} ({first.where}) lies at the place of {twin.point.name!r} "
                                 f"({twin.locality or 'a labelled point'}): its rows join that place's")
                mine = [twin]
            else:
                area = first.area if first.from_side == "opposition" else ""
                track = Track(areas.Labelled(first.name, first.lon, first.lat, first.from_side, area, "capture",
                                             first.area))
                tracks.append(track)
                placed.append((here, track))
                added.append(f"{first.name} ({first.where}), {first.from_side} before {first.date}")
                mine = [track]
        for track in mine:
            track.locality = "+".join(filter(None, (track.locality, k))) if track.locality != k else k
            if track.point.origin != "capture" and not track.point.home:
                track.point = replace(track.point, home=first.area)
            for row in rows:
                track.changes.append(Change(row.date, row.to_side, row.area if row.to_side == "opposition" else "",
                                            row))
                track.offensives.add(row.offensive)
            track.changes.sort(key=lambda c: c.day)
    for track in tracks:  # rows joined at one place must still alternate
        sides = [track.point.status] + [c.status for c in track.changes]
        for before, change in zip(sides, track.changes):
            if change.capture is not None and change.capture.from_side != before and "+" in track.locality:
                conflicts.append(f"{track.point.name!r} ({track.locality}): on {change.day} {change.capture.name} "
                                 f"is taken from the {change.capture.from_side}, but the rows before leave it "
                                 f"{before}")
    front = Front(tracks, matched, added, conflicts, [])
    _fallbacks(front)
    return front


def _match(first: Capture, base, folded, dist: np.ndarray, claimed: dict, strict: bool) -> tuple[int | None, str]:
    free = np.array([j not in claimed for j in range(len(base))], dtype=bool)
    if strict:
        if first.coord_source.startswith("CP "):
            name = first.coord_source[3:].strip()
            named = [j for j in range(len(base)) if base[j].origin == "control" and base[j].name == name and free[j]]
            if named:
                j = min(named, key=lambda j: dist[j])
                if dist[j] <= 10.0:
                    return j, "named in coord_source"
        key = _fold(first.name)
        same = [j for j in np.flatnonzero((dist <= NAME_MATCH_KM) & free) if folded[j] == key]
        if same:
            return min(same, key=lambda j: dist[j]), "same name"
        return None, ""
    close = np.flatnonzero((dist <= MATCH_KM) & free)
    if close.size:
        return int(close[np.argmin(dist[close])]), "nearest"
    return None, ""


def _fallbacks(front: Front) -> None:
    """Points in a v0.2 loss ring without a capture row of its offensive fall on its ceasefire date."""
    for loss in sorted(data.LOSSES, key=lambda item: item["state"]):
        offensive = LOSS_OFFENSIVE[loss["id"]]
        ring = Polygon(loss["ring"])
        shapely.prepare(ring)
        day = loss["state"]
        before = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
        for track in front.tracks:
            if offensive in track.offensives:
                continue
            now = track.on(before)
            if now.area != "idlib" or not shapely.contains_xy(ring, track.point.lon, track.point.lat):
                continue
            track.changes.append(Change(day, "government", "", None))
            track.changes.sort(key=lambda c: c.day)
            front.fallbacks.append(f"{track.point.name} ({track.point.origin}, {track.point.lat:.4f} N "
                                   f"{track.point.lon:.4f} E): in the land {offensive} took, no capture row → {day}")


# ---------------------------------------------------------------------------
# The states
# ---------------------------------------------------------------------------
@dataclass
class State:
    """One held part of one area: from ``start`` until the day before ``end`` ("" while it lasts)."""

    area: str
    start: str
    end: str
    geom: BaseGeometry  # WGS84
    changes: list[tuple[Track, Change]]  # the changes of its first day (none for the first state)


def draw_states(front: Front, land: BaseGeometry, params: areas.Params | None = None,
                edits: list[areas.Edit] | None = None) -> dict[str, list[State]]:
    """Every state of every area, drawn on one tessellation of the front's points.

    The first state is the drawing of the points' sides at the start. On each later day the area is drawn
    again from the day's sides, and the new state is that drawing within the state before — land comes back
    only around the points the opposition took that day (their cells and ``GAIN_REACH_KM`` around them). So a
    state never grows on a day the opposition only lost ground, whatever the smoothing does far from the
    change, and a retaken town brings its surroundings back.
    """
    params = params or areas.Params()
    members = {a: [t.point.area == a or any(c.area == a for c in t.changes) for t in front.tracks]
               for a in inputs.AREA_IDS}
    tess = areas.tessellate(front.points, land, params, members)
    by_day: dict[str, list[tuple[Track, Change]]] = defaultdict(list)
    for track, change in front.changes():
        by_day[change.day].append((track, change))
    days = [START, *sorted(by_day)]
    every = np.array([tess.labels(front.points_on(day)) for day in days])
    for a in inputs.AREA_IDS:
        tess.hold_always(a, (every == a).all(axis=0))
    out: dict[str, list[State]] = {}
    held: dict[str, BaseGeometry] = {}  # each area's last state, UTM 37N
    for a in inputs.AREA_IDS:
        held[a] = areas.draw_area(tess, every[0], a, edits)
        out[a] = [State(a, START, END.get(a, ""), _finish(held[a]), [])]
    reach = GAIN_REACH_KM * 1000.0
    for k, day in enumerate(days[1:], start=1):
        labels, before = every[k], every[k - 1]
        touched = {a for track, change in by_day[day] for a in (change.area, _area_before(track, change)) if a}
        for a in sorted(touched):
            states = out[a]
            last = states[-1]
            if last.end and day >= last.end:
                continue  # the area has ended
            drawn = areas.draw_area(tess, labels, a, edits)
            kept = shapely.intersection(held[a], drawn)
            gained = (labels == a) & (before != a)
            if gained.any():
                around = shapely.union_all(list(tess.cells[gained])).buffer(reach, quad_segs=8)
                kept = shapely.union(kept, shapely.intersection(drawn, around))
            kept = build.drop_small(shapely.make_valid(kept), params.min_piece_km2)
            geom = _finish(kept)
            if geom.equals_exact(last.geom, 0.0):
                continue  # the same shape: nothing changed on the map
            held[a] = kept
            end = last.end
            last.end = day
            if not geom.is_empty:  # else the area ends here: the opposition holds none of it
                changes = [tc for tc in by_day[day] if a in (tc[1].area, _area_before(*tc))]
                states.append(State(a, day, end, geom, changes))
    return out


def _area_before(track: Track, change: Change) -> str:
    before = (date.fromisoformat(change.day) - timedelta(days=1)).isoformat()
    return track.on(before).area


def _finish(geom_m: BaseGeometry) -> BaseGeometry:
    """A state's shape in WGS84, on the 1e-5 degree grid of the output."""
    if geom_m.is_empty:
        return Polygon()
    return build.finish(build.to_wgs84(geom_m))
