"""Names on the static map, placed greedily off each other: the marked place, the areas, the neighbouring
countries and the sea, the towns, and (on a page) the governorates.

Each label tries a few candidate positions in order and takes the first whose box is inside the map and
clear of every box already taken (town dots, other labels, the strip of insets, the scale bar). A town whose
name finds no room is left off, dot and all; an area's name goes inside the area when it fits, else beside
it with a short leader.

Town coordinates are GeoNames' (via :func:`geo.model.gazetteer.lookup`), kept here as data because loading the
whole GeoNames list costs seconds per export; a test checks they still agree with the gazetteer.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import shapely
from shapely import affinity
from shapely.ops import polylabel

from geo.base.i18n import NP_
from geo.base.text import clip
from geo.scene.scene import Scene

from . import arabic
from .layers import Drawing, to_map

__all__ = ["TOWNS", "Placer", "draw_main", "draw_inset", "draw_locator", "measure"]

# name shown: (lat, lon, rank) — 1 cities, 2 key towns in and at the edges of the areas, 3 other towns. The names
# are in the catalogue (context "place"): a map in another language shows them in it.
TOWNS: dict[str, tuple[float, float, int]] = {
    NP_("place", "Damascus"): (33.51020, 36.29128, 1),
    NP_("place", "Aleppo"): (36.20124, 37.16117, 1),
    NP_("place", "Homs"): (34.72405, 36.72559, 1),
    NP_("place", "Hama"): (35.13179, 36.75783, 1),
    NP_("place", "Idlib"): (35.93062, 36.63393, 1),
    NP_("place", "Latakia"): (35.53125, 35.79088, 1),
    NP_("place", "Daraa"): (32.61889, 36.10213, 1),
    NP_("place", "Deir ez-Zor"): (35.33588, 40.14084, 1),
    NP_("place", "Raqqa"): (35.95283, 39.00788, 1),
    NP_("place", "Qamishli"): (37.05215, 41.23142, 1),
    NP_("place", "Douma"): (33.57175, 36.40270, 2),
    NP_("place", "Rastan"): (34.92667, 36.73241, 2),
    NP_("place", "Talbiseh"): (34.84072, 36.73092, 2),
    NP_("place", "Saraqib"): (35.86447, 36.80591, 2),
    NP_("place", "Khan Shaykhun"): (35.44208, 36.65095, 2),
    NP_("place", "Maarat al-Numan"): (35.64830, 36.67693, 2),
    NP_("place", "Daraa al-Balad"): (32.61000, 36.10400, 2),
    NP_("place", "Jisr al-Shughur"): (35.81418, 36.31983, 2),
    NP_("place", "Quneitra"): (33.12595, 35.82461, 2),
    NP_("place", "Tartus"): (34.88902, 35.88659, 2),
    NP_("place", "Busra al-Sham"): (32.51740, 36.48163, 2),
    NP_("place", "Harasta"): (33.55869, 36.36515, 3),
    NP_("place", "Jobar"): (33.52800, 36.33200, 3),
    NP_("place", "Zamalka"): (33.52000, 36.35800, 3),
    NP_("place", "Houla"): (34.89469, 36.49582, 3),
    NP_("place", "Ghanto"): (34.82202, 36.69613, 3),
    NP_("place", "Ariha"): (35.81374, 36.60964, 3),
    NP_("place", "Kafr Nabl"): (35.61376, 36.56449, 3),
    NP_("place", "Morek"): (35.37615, 36.68970, 3),
    NP_("place", "Salqin"): (36.13865, 36.45244, 3),
    NP_("place", "Darat Izza"): (36.28247, 36.85216, 3),
    NP_("place", "Nawa"): (32.88646, 36.03905, 3),
    NP_("place", "Jasim"): (32.99125, 36.06093, 3),
    NP_("place", "Inkhil"): (33.01809, 36.12828, 3),
    NP_("place", "Tafas"): (32.73709, 36.06654, 3),
    NP_("place", "Izraa"): (32.86709, 36.25072, 3),
    NP_("place", "Mhardeh"): (35.24790, 36.57250, 3),
    NP_("place", "Salamiyah"): (35.01127, 37.05324, 3),
    NP_("place", "Afrin"): (36.51194, 36.86954, 3),
    NP_("place", "Azaz"): (36.58662, 37.04628, 3),
    NP_("place", "Palmyra"): (34.56240, 38.28402, 3),
}
CAPITAL = "Damascus"
TWIN_M = 2500  # towns closer than this (metres) share one dot
TEXT = "#1A1A1A"
TOWN_TEXT = "#262626"
COUNTRY_TEXT = "#8C877B"
SEA_TEXT = "#5F86A3"
GOVERNORATE_TEXT = "#6E6E6E"
# A light box behind labels, not a stroked halo: path effects would turn SVG/PDF text into outlines.
HALO = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.68}
# Candidate offsets of a town's name from its dot, as (dx, dy, ha, va) in units of the dot's radius.
TOWN_SPOTS = [(1.6, 0.0, "left", "center"), (1.2, 0.9, "left", "bottom"), (1.2, -0.9, "left", "top"),
              (-1.6, 0.0, "right", "center"), (-1.2, 0.9, "right", "bottom"), (-1.2, -0.9, "right", "top"),
              (0.0, 1.4, "center", "bottom"), (0.0, -1.4, "center", "top")]


def _town_xy() -> dict[str, tuple[float, float]]:
    global _TOWN_XY
    if _TOWN_XY is None:
        lats = np.array([v[0] for v in TOWNS.values()])
        lons = np.array([v[1] for v in TOWNS.values()])
        x, y = to_map(lons, lats)
        _TOWN_XY = {name: (float(a), float(b)) for name, a, b in zip(TOWNS, x, y, strict=True)}
    return _TOWN_XY


_TOWN_XY = None


# --- measuring and placing -------------------------------------------------------------------------


def measure(renderer, text: str, size: float, weight: str = "normal", style: str = "normal",
            linespacing: float = 1.2) -> tuple[float, float]:
    """Width and height in pixels of ``text`` (lines included) at ``size`` points."""
    px_per_pt = renderer.points_to_pixels(1.0)
    lines = text.split("\n")
    widths = [_width_pt(line or " ", round(size, 3), weight, style) * px_per_pt for line in lines]
    return max(widths), size * px_per_pt * (1 + linespacing * (len(lines) - 1)) * 1.02


def _width_pt(text: str, size: float, weight: str, style: str) -> float:
    """Width in points (independent of the resolution: measured at 72 dpi) in the fonts now in force."""
    import matplotlib as mpl

    family = mpl.rcParams["font.family"]
    return _width_in(text, size, weight, style, tuple(family) if isinstance(family, list) else (family,))


@lru_cache(maxsize=8192)
def _width_in(text: str, size: float, weight: str, style: str, family: tuple[str, ...]) -> float:
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    global _MEASURER
    if _MEASURER is None:
        _MEASURER = RendererAgg(1, 1, 72.0)
    prop = FontProperties(family=list(family), size=size * 10, weight=weight, style=style)  # large: little hinting
    return _MEASURER.get_text_width_height_descent(text, prop, ismath=False)[0] / 10


_MEASURER = None


@dataclass
class Placer:
    """Boxes taken, in display pixels, within the bounds where labels may go."""

    bounds: tuple[float, float, float, float]
    taken: list[tuple[float, float, float, float]] = field(default_factory=list)

    soft: list[tuple[float, float, float, float]] = field(default_factory=list)

    def free(self, box, pad: float = 2.0, ignore=None, hard: bool = False) -> bool:
        """No taken box within ``pad`` of ``box``; ``hard``: soft boxes (cities' dots) may be covered."""
        x0, y0, x1, y1 = box
        bx0, by0, bx1, by1 = self.bounds
        if x0 < bx0 + 1 or y0 < by0 + 1 or x1 > bx1 - 1 or y1 > by1 - 1:
            return False
        for taken in self.taken:
            a0, b0, a1, b1 = taken
            if x0 - pad < a1 and a0 < x1 + pad and y0 - pad < b1 and b0 < y1 + pad and taken != ignore:
                if hard and taken in self.soft:
                    continue
                return False
        return True

    def take(self, box, soft: bool = False) -> None:
        self.taken.append(tuple(box))
        if soft:
            self.soft.append(tuple(box))

    def overlaps(self, box, others) -> bool:
        x0, y0, x1, y1 = box
        return any(x0 < a1 and a0 < x1 and y0 < b1 and b0 < y1 for a0, b0, a1, b1 in others)


def _box(px: float, py: float, w: float, h: float, ha: str, va: str, pad: float = 0.0):
    x0 = {"left": px, "right": px - w, "center": px - w / 2}[ha]
    y0 = {"bottom": py, "top": py - h, "center": py - h / 2}[va]
    return (x0 - pad, y0 - pad, x0 + w + pad, y0 + h + pad)


@dataclass
class Ctx:
    """What the label functions share for one axes: the axes, the drawing (scene, output, the axes' layers)
    and the room taken."""

    ax: object
    renderer: object
    d: Drawing
    placer: Placer
    frames: list = field(default_factory=list)  # display boxes of the insets' frames on this map
    area_label_boxes: list = field(default_factory=list)

    @property
    def scene(self):
        return self.d.scene

    @property
    def preset(self):
        return self.d.preset

    @property
    def fmt(self) -> str:
        return self.d.output.fmt

    @property
    def arabic(self) -> bool:
        return self.d.output.arabic

    @property
    def lang(self) -> str:
        return self.d.scene.lang

    @property
    def t(self):
        return self.d.scene.t

    def show(self, text: str) -> str:
        """``text`` as matplotlib must be given it for this format (Arabic joined and ordered where needed)."""
        return arabic.display(text, self.fmt)

    def px(self, x, y):
        return self.ax.transData.transform((x, y))

    @property
    def pt(self) -> float:
        return self.renderer.points_to_pixels(1.0)


def _to_display_geom(ax, geom):
    """A geometry in display pixels (for 'does this label fit inside the area')."""
    (a, b), (c, d) = ax.transData.transform([(0, 0), (1, 1)])
    return affinity.affine_transform(geom, [c - a, 0, 0, d - b, a, b])


# --- the main map ----------------------------------------------------------------------------------


def draw_main(ctx: Ctx, view_box, town_box, inset_extents, obstacles, frames) -> dict:
    """Every label of the main map; returns what was placed (names by kind), for tests and the report.

    ``view_box`` is the part of the map not covered (x0, y0, x1, y1); towns are marked within ``town_box``;
    ``obstacles`` and the insets' ``frames`` are display boxes no label may cover (a city's dot may lie in a
    frame: Damascus beside Ghouta)."""
    for box in obstacles:
        ctx.placer.take(box)
    placed: dict[str, list[str]] = {"areas": [], "towns": [], "countries": [], "governorates": []}
    marker = _marker_dot(ctx)
    if marker is not None:  # the place the reader asked about is named first: every other name keeps off it
        _marker_label(ctx, marker)
    candidates = _town_candidates(ctx.scene, town_box, inset_extents, ctx.preset.town_rank)
    # Cities and key towns first (their dots are kept clear of the areas' names where it can be done), then
    # the areas' names, then the other towns where there is still room.
    towns: list[_Dot] = []
    for name, x, y, rank in candidates:
        if rank <= 2:
            dot = _town_dot(ctx, towns, name, x, y, rank, soft=True)
            if dot is not None:
                towns.append(dot)
    for box in frames:
        ctx.placer.take(box)
    ctx.frames = list(frames)
    _area_labels(ctx, placed)
    # A town whose dot an area's name had to cover is left off (the area's name matters more on this map).
    towns = [d for d in towns if not ctx.placer.overlaps(d.box, ctx.area_label_boxes)]
    for name, x, y, rank in candidates:
        if rank > 2:
            dot = _town_dot(ctx, towns, name, x, y, rank)
            if dot is not None:
                towns.append(dot)
    _neighbour_labels(ctx, view_box, placed, ctx.preset.country)
    _town_labels(ctx, towns, placed)
    if ctx.preset.governorate_labels and "governorates" in ctx.scene.layers:
        _governorate_labels(ctx, view_box, placed)
    return placed


def draw_inset(ctx: Ctx, extent) -> None:
    """Towns (every rank) and the marked place in an inset."""
    x0, x1, y0, y1 = extent
    marker = _marker_dot(ctx, extent)
    towns = []
    for name, (x, y) in _town_xy().items():
        if x0 <= x <= x1 and y0 <= y <= y1 and not _near_marker(ctx.scene, x, y):
            dot = _reserve(ctx, name, x, y, TOWNS[name][2], scale=0.9)
            if dot is not None:
                towns.append(dot)
    if marker is not None:
        _marker_label(ctx, marker, size=ctx.preset.inset)
    _town_labels(ctx, towns, {"towns": []}, size=ctx.preset.inset * 0.95)


def draw_locator(ctx: Ctx, extent) -> None:
    """The country's name and its neighbours' in the locator map, where they fit."""
    x0, x1, y0, y1 = extent
    layers = ctx.d.layers
    country = layers.outline[layers.outline["kind"] == "country"]
    if not country.empty:
        point = shapely.union_all(country.geometry.values).representative_point()
        _place_free_text(ctx, ctx.show(ctx.t._("SYRIA")), point.x, point.y, ctx.preset.inset * 0.95, weight="bold",
                         color="#555555", jitter=True)
    view = shapely.box(x0, y0, x1, y1)
    for row in layers.neighbours.itertuples(index=False):
        if row.kind == "sea":
            continue
        _neighbour_label(ctx, row, view, ctx.preset.inset * 0.85, {"countries": []})


# --- pieces ----------------------------------------------------------------------------------------


@dataclass
class _Dot:
    name: str
    x: float
    y: float
    rank: int
    radius_px: float
    size: float = 0.0
    k: float = 1.0
    box: tuple = ()
    shared: bool = False  # drawn by its twin


def _reserve(ctx: Ctx, name: str, x: float, y: float, rank: int, scale: float = 1.0, soft: bool = False) -> _Dot | None:
    """Take the room of a town's dot if it is free; the dot is drawn once its name has found a place."""
    k = ctx.preset.line * scale
    size = {1: 3.6, 2: 2.9, 3: 2.5}[rank] * k
    px, py = ctx.px(x, y)
    r = (size / 2 + 0.6 * k) * ctx.pt
    box = (px - r, py - r, px + r, py + r)
    if not ctx.placer.free(box, pad=0):
        return None
    ctx.placer.take(box, soft=soft)
    return _Dot(name, x, y, rank, r, size, k, box)


def _town_dot(ctx: Ctx, towns: list[_Dot], name: str, x: float, y: float, rank: int, soft: bool = False):
    twin = next((d for d in towns if abs(d.x - x) < TWIN_M and abs(d.y - y) < TWIN_M), None)
    return _twin(ctx, twin, name, rank) if twin is not None else _reserve(ctx, name, x, y, rank, soft=soft)


def _twin(ctx: Ctx, twin: _Dot, name: str, rank: int) -> _Dot:
    """A town that is part of another at this scale (Daraa al-Balad in Daraa): the same dot, its own name."""
    return _Dot(name, twin.x, twin.y, rank, twin.radius_px, twin.size, twin.k, twin.box, shared=True)


def _draw_dot(ctx: Ctx, dot: _Dot) -> None:
    if dot.shared:
        return
    if dot.name == CAPITAL:
        ctx.ax.plot([dot.x], [dot.y], marker="s", markersize=dot.size * 1.05, color="#111111", markeredgecolor="white",
                    markeredgewidth=0.6 * dot.k, linestyle="none", zorder=8)
    else:
        ctx.ax.plot([dot.x], [dot.y], marker="o", markersize=dot.size, color="#111111" if dot.rank == 1 else "#333333",
                    markeredgecolor="white", markeredgewidth=0.55 * dot.k, linestyle="none", zorder=8)


def _town_candidates(scene: Scene, view_box, inset_extents, rank_limit: int) -> list[tuple[str, float, float, int]]:
    x0, y0, x1, y1 = view_box
    out = []
    for name, (x, y) in _town_xy().items():
        rank = TOWNS[name][2]
        if rank > rank_limit or not (x0 <= x <= x1 and y0 <= y <= y1) or _near_marker(scene, x, y):
            continue
        if rank > 1 and any(e[0] <= x <= e[1] and e[2] <= y <= e[3] for e in inset_extents):
            continue  # shown in the inset; here it would crowd a speck
        out.append((name, x, y, rank))
    out.sort(key=lambda t: t[3])
    return out


def _town_labels(ctx: Ctx, towns: list[_Dot], placed: dict, size: float | None = None) -> None:
    for dot in sorted(towns, key=lambda d: d.rank):
        base = size or (ctx.preset.city if dot.rank == 1 else ctx.preset.town)
        weight = "bold" if dot.rank == 1 and size is None else "normal"
        px, py = ctx.px(dot.x, dot.y)
        name = ctx.show(ctx.t.place(dot.name))
        for fsize in (base, base * 0.88) if dot.rank == 1 else (base,):
            w, h = measure(ctx.renderer, name, fsize, weight)
            pad = 0.1 * fsize * ctx.pt
            spot = next(((ox, oy, ha, va) for ox, oy, ha, va in _spots(ctx, dot, px, py, pad + 2.5)
                         if ctx.placer.free(_box(px + ox, py + oy, w, h, ha, va, pad=pad), ignore=dot.box)), None)
            if spot is None:
                continue
            ox, oy, ha, va = spot
            ctx.placer.take(_box(px + ox, py + oy, w, h, ha, va, pad=pad))
            _draw_dot(ctx, dot)
            ctx.ax.annotate(name, (dot.x, dot.y), xytext=(ox / ctx.pt, oy / ctx.pt), textcoords="offset points",
                            ha=ha, va=va, fontsize=fsize, fontweight=weight, color=TOWN_TEXT, bbox=HALO,
                            annotation_clip=False, zorder=8.2)
            placed.setdefault("towns", []).append(dot.name)
            break


def _spots(ctx: Ctx, dot: _Dot, px: float, py: float, off: float = 3.0):
    """Offsets (px) and alignments to try for a town's name: around the dot, then just outside the frame of an
    inset that holds the dot (a city beside a small area)."""
    r = dot.radius_px
    for dx, dy, ha, va in TOWN_SPOTS:
        yield dx * r, dy * r, ha, va
    for x0, y0, x1, y1 in ctx.frames:
        if x0 <= px <= x1 and y0 <= py <= y1:
            sides = [(px - x0, (x0 - off - px, 0.0, "right", "center")), (x1 - px, (x1 + off - px, 0.0, "left", "center")),
                     (y1 - py, (0.0, y1 + off - py, "center", "bottom")), (py - y0, (0.0, y0 - off - py, "center", "top"))]
            for _, spot in sorted(sides, key=lambda t: t[0]):
                yield spot


def _near_marker(scene: Scene, x: float, y: float) -> bool:
    if scene.marker is None:
        return False
    mx, my = to_map(scene.marker.lon, scene.marker.lat)
    return abs(mx - x) < 1500 and abs(my - y) < 1500


def _marker_dot(ctx: Ctx, extent=None):
    scene = ctx.scene
    if scene.marker is None:
        return None
    x, y = to_map(scene.marker.lon, scene.marker.lat)
    if extent is not None and not (extent[0] <= x <= extent[1] and extent[2] <= y <= extent[3]):
        return None
    x0, x1 = ctx.ax.get_xlim()
    y0, y1 = ctx.ax.get_ylim()
    if not (x0 <= x <= x1 and y0 <= y <= y1):
        return None
    from geo.base import style

    k = ctx.preset.line
    ctx.ax.plot([x], [y], marker="*", markersize=9.5 * k, color=style.MARKER, markeredgecolor="white",
                markeredgewidth=0.8 * k, linestyle="none", zorder=9.5)
    px, py = ctx.px(x, y)
    r = 5.2 * k * ctx.pt
    ctx.placer.take((px - r, py - r, px + r, py + r))
    return _Dot(scene.marker.name, x, y, 0, r)


def _marker_label(ctx: Ctx, dot: _Dot, size: float | None = None) -> None:
    scene = ctx.scene
    name = clip(arabic.display(scene.marker.name, ctx.fmt), 40)
    fsize = (size or ctx.preset.city) * 1.1
    w, h = measure(ctx.renderer, name, fsize, "bold")
    px, py = ctx.px(dot.x, dot.y)
    spots = []
    for dx, dy, ha, va in TOWN_SPOTS:
        ox, oy = dx * dot.radius_px * 0.8, dy * dot.radius_px * 0.8
        spots.append((ox, oy, ha, va, _box(px + ox, py + oy, w, h, ha, va, pad=0.15 * fsize * ctx.pt)))
    # A free spot; else one at least inside the map (never over the title or the credits); else the first.
    bare = Placer(ctx.placer.bounds)
    ox, oy, ha, va, box = next((s for s in spots if ctx.placer.free(s[4])), None) or \
        next((s for s in spots if bare.free(s[4])), spots[0])
    ctx.placer.take(box)  # the marked place is always named, even if crowded
    ctx.ax.annotate(name, (dot.x, dot.y), xytext=(ox / ctx.pt, oy / ctx.pt), textcoords="offset points", ha=ha, va=va,
                    fontsize=fsize, fontweight="bold", color="#000000",
                    bbox={**HALO, "alpha": 0.85, "boxstyle": "square,pad=0.15"}, annotation_clip=False, zorder=9.6)


def _area_name(name: str, size_hint: int, fmt: str = "png") -> str:
    lines = textwrap.wrap(clip(str(name), 60), size_hint, break_long_words=False)
    return "\n".join(arabic.display(line, fmt) for line in lines) or " "


def _area_labels(ctx: Ctx, placed: dict) -> None:
    scene, layers = ctx.scene, ctx.d.layers
    """Each area's name: inside it when the name fits, else beside it with a leader line."""
    shapes = scene.shapes[scene.shapes["is_area"]].drop_duplicates("id")
    index = layers.area_index(scene.shapes)
    positions = dict(zip(scene.shapes["id"], index, strict=False)) if index else {}
    x0, x1 = ctx.ax.get_xlim()
    y0, y1 = ctx.ax.get_ylim()
    view = shapely.box(x0, y0, x1, y1)
    order = shapes.assign(_k=shapes["km2"]).sort_values("_k", ascending=False)
    drawn = []
    for row in order.itertuples(index=False):
        geom = layers.areas.geometry.iloc[positions[row.id]] if row.id in positions else None
        if geom is None:
            from .layers import _project_one

            geom = _project_one(row.geometry)
        drawn.append((row, geom.intersection(view) if not geom.within(view) else geom))
    area_px = [_to_display_geom(ctx.ax, g) for _, g in drawn]
    for (row, geom), gpx in zip(drawn, area_px, strict=True):
        if geom.is_empty:
            continue
        colour = TEXT  # the same in every state: an atlas's maps share their labels
        base = clip(str(row.name), 60)
        other = str(getattr(row, "name_other", row.name_ar) or "")  # the name in the other script
        ar = arabic.display(other, ctx.fmt) if ctx.arabic and other.strip() else ""
        if _area_label(ctx, gpx, area_px, base, ar, colour):
            placed["areas"].append(str(row.name))


def _area_label(ctx: Ctx, gpx, area_px, base: str, ar: str, colour: str) -> bool:
    """Inside the area, else beside it; first around the cities' dots, then over them if there is no other way."""
    for hard, share in ((False, 1.0), (False, 0.55), (True, 1.0), (True, 0.55)):
        for k in (1.0, 0.88):
            size = ctx.preset.area * k
            for wrap in (16, 11, 24):
                full = _area_name(base, wrap, ctx.fmt) + ("\n" + ar if ar else "")
                w, h = measure(ctx.renderer, full, size, "bold", linespacing=1.05)
                spot = _inside_spot(ctx, gpx, w, h, hard, share)
                if spot is not None:
                    px, py = spot
                    box = (px - w / 2, py - h / 2, px + w / 2, py + h / 2)
                    ctx.placer.take(box)
                    ctx.area_label_boxes.append(box)
                    x, y = ctx.ax.transData.inverted().transform((px, py))
                    ctx.ax.text(x, y, full, ha="center", va="center", fontsize=size, fontweight="bold", color=colour,
                                linespacing=1.05, bbox={**HALO, "alpha": 0.45}, zorder=8.1, multialignment="center")
                    return True
        if share < 1.0:
            continue
        best = None
        for wrap in (18, 11):  # the nearer of a long line and a short block
            size = ctx.preset.area
            full = _area_name(base, wrap, ctx.fmt) + ("\n" + ar if ar else "")
            w, h = measure(ctx.renderer, full, size, "bold", linespacing=1.05)
            spot = _outside_spot(ctx, gpx, w, h, area_px, hard)
            if spot is not None:
                (px, py), (ax_, ay_), ha = spot
                x_near = px if ha == "left" else px - w
                dist = np.hypot(max(x_near - ax_, ax_ - (x_near + w), 0), py - ay_)
                if best is None or dist < best[0] - 2:
                    best = (dist, full, w, h, spot)
        if best is not None:
            _, full, w, h, ((px, py), (ax_, ay_), ha) = best
            size = ctx.preset.area
            box = _box(px, py, w, h, ha, "center", pad=2)
            ctx.placer.take(box)
            ctx.area_label_boxes.append(box)
            x, y = ctx.ax.transData.inverted().transform((px, py))
            tx, ty = ctx.ax.transData.inverted().transform((ax_, ay_))
            ctx.ax.annotate(full, (tx, ty), xytext=(x, y), textcoords="data", ha=ha, va="center", fontsize=size,
                            fontweight="bold", color=colour, linespacing=1.05, bbox={**HALO, "alpha": 0.6},
                            multialignment="left" if ha == "left" else "right", annotation_clip=False,
                            arrowprops={"arrowstyle": "-", "color": "#333333", "linewidth": 0.6 * ctx.preset.line,
                                        "shrinkA": 1, "shrinkB": 0}, zorder=8.3)
            return True
    return False


def _inside_spot(ctx: Ctx, gpx, w: float, h: float, hard: bool = False, share: float = 1.0):
    """A point inside the area (display px) where a w × h box fits and is free; None if none.

    "Fits": the box's corners, edge midpoints and centre are all inside the area (grown by a hair); with
    ``share`` < 1, that share of them (a long name over a small area, as a last resort)."""
    if gpx.is_empty or gpx.area < w * h * 1.3 * share:
        return None
    parts = list(getattr(gpx, "geoms", [gpx]))
    parts.sort(key=lambda p: -p.area)
    fx = np.array([-0.5, 0.0, 0.5, -0.5, 0.0, 0.5, -0.5, 0.0, 0.5]) * w
    fy = np.array([-0.5, -0.5, -0.5, 0.0, 0.0, 0.0, 0.5, 0.5, 0.5]) * h
    for part in parts[:2]:
        if part.geom_type != "Polygon" or part.area < w * h * 1.3 * share:
            continue
        best = polylabel(part, tolerance=2.0)
        minx, miny, maxx, maxy = part.bounds
        step = max(min(w, h) / 3, 3.0)
        if share < 1.0:
            minx, maxx = minx - w / 2, maxx + w / 2
            miny, maxy = miny - h / 2, maxy + h / 2
        xs = np.arange(minx + w / 2, maxx - w / 2 + 0.1, step)
        ys = np.arange(miny + h / 2, maxy - h / 2 + 0.1, step)
        if not len(xs) or not len(ys):
            continue
        gx, gy = np.meshgrid(xs, ys)
        pts = np.column_stack([gx.ravel(), gy.ravel()])
        d = np.hypot(pts[:, 0] - best.x, pts[:, 1] - best.y)
        pts = np.vstack([[best.x, best.y], pts[np.argsort(d)]])[:600]
        grown = part.buffer(2.0)
        shapely.prepare(grown)
        inside = shapely.contains_xy(grown, (pts[:, 0:1] + fx).ravel(), (pts[:, 1:2] + fy).ravel()).reshape(len(pts), 9)
        fits = inside.all(axis=1) if share >= 1.0 else inside.mean(axis=1) >= share
        for (px, py), ok in zip(pts, fits, strict=True):
            if not ok:
                continue
            box = (px - w / 2, py - h / 2, px + w / 2, py + h / 2)
            if ctx.placer.free(box, hard=hard):
                return float(px), float(py)
    return None


def _outside_spot(ctx: Ctx, gpx, w: float, h: float, others, hard: bool = False):
    """Beside the area: a box right or left of it (then above or below), off every area and label."""
    minx, miny, maxx, maxy = gpx.bounds
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    gap = 9 * ctx.pt
    union = shapely.union_all([o for o in others if not o.is_empty])
    candidates = []
    for dist in (1.0, 2.5, 4.5):
        for dy in (0, 1, -1, 2, -2, 3, -3):
            yy = cy + dy * (h * 0.9)
            candidates.append(((maxx + gap * dist, yy), "left"))
            candidates.append(((minx - gap * dist, yy), "right"))
    for dist in (1.0, 2.0):
        candidates.append(((cx + gap, maxy + gap * dist + h / 2), "left"))
        candidates.append(((cx + gap, miny - gap * dist - h / 2), "left"))
        candidates.append(((cx - gap, maxy + gap * dist + h / 2), "right"))
        candidates.append(((cx - gap, miny - gap * dist - h / 2), "right"))
    for (px, py), ha in candidates:
        box = _box(px, py, w, h, ha, "center", pad=2)
        if ctx.placer.free(box, hard=hard) and not shapely.box(*box).intersects(union):
            from shapely.ops import nearest_points

            nearest = nearest_points(gpx, shapely.Point(px, py))[0]
            return (px, py), (nearest.x, nearest.y), ha
    return None


def _neighbour_labels(ctx: Ctx, view_box, placed: dict, size: float) -> None:
    layers = ctx.d.layers
    x0, y0, x1, y1 = view_box
    view = shapely.box(x0, y0, x1, y1)
    for row in layers.neighbours.itertuples(index=False):
        _neighbour_label(ctx, row, view, size, placed)


def _neighbour_label(ctx: Ctx, row, view, size: float, placed: dict) -> None:
    geom = row.geometry
    if geom is None or geom.is_empty or not geom.intersects(view):
        return
    sea = row.kind == "sea"
    name = ctx.t.name(row.name, getattr(row, "name_ar", ""))
    text = "\n".join(ctx.show(line) for line in textwrap.wrap(name, 14)) if sea else ctx.show(name.upper())
    style = "italic" if sea else "normal"
    w, h = measure(ctx.renderer, text, size, style=style)
    visible = geom.intersection(view)
    gpx = _to_display_geom(ctx.ax, visible)
    candidates = []
    lon, lat = getattr(row, "label_lon", None), getattr(row, "label_lat", None)
    if lon is not None and lat is not None and np.isfinite(lon) and np.isfinite(lat):
        candidates.append(tuple(ctx.px(*to_map(float(lon), float(lat)))))
    parts = sorted(getattr(gpx, "geoms", [gpx]), key=lambda p: -p.area)
    for part in parts[:2]:
        if part.geom_type != "Polygon" or part.area < w * h:
            continue
        best = polylabel(part, tolerance=2.0)
        candidates.append((best.x, best.y))
        minx, miny, maxx, maxy = part.bounds
        for fx in (0.5, 0.3, 0.7, 0.15, 0.85):
            for fy in (0.5, 0.3, 0.7, 0.15, 0.85):
                candidates.append((minx + fx * (maxx - minx), miny + fy * (maxy - miny)))
    body = gpx.buffer(0)
    for px, py in candidates:
        box = (px - w / 2, py - h / 2, px + w / 2, py + h / 2)
        if not ctx.placer.free(box, pad=3):
            continue
        inside = shapely.box(*box).intersection(body).area / max(w * h, 1)
        if inside < 0.92:
            continue
        ctx.placer.take(box)
        x, y = ctx.ax.transData.inverted().transform((px, py))
        ctx.ax.text(x, y, text, ha="center", va="center", fontsize=size, fontstyle=style,
                    color=SEA_TEXT if sea else COUNTRY_TEXT, linespacing=1.05, zorder=7, multialignment="center")
        placed.setdefault("countries", []).append(name)
        return


def _governorate_labels(ctx: Ctx, view_box, placed: dict) -> None:
    scene, layers = ctx.scene, ctx.d.layers
    """Governorate names (small, grey capitals) only where they touch no area, town or other label."""
    x0, y0, x1, y1 = view_box
    view = shapely.box(x0, y0, x1, y1)
    areas = [_to_display_geom(ctx.ax, g) for g in layers.areas.geometry.iloc[layers.area_index(scene.shapes)]] \
        if layers.area_index(scene.shapes) else []
    blocked = shapely.union_all(areas) if areas else shapely.Point()
    size = ctx.preset.governorate
    gov = layers.governorates
    local = [ctx.t.name(n, a) for n, a in zip(gov["name"], gov["name_ar"] if "name_ar" in gov.columns
                                                 else [""] * len(gov), strict=True)]
    for name, shown, geom in zip(gov["name"], local, gov.geometry, strict=True):
        if geom is None or geom.is_empty or not geom.intersects(view):
            continue
        text = ctx.show(clip(shown, 30).upper())
        w, h = measure(ctx.renderer, text, size, style="italic")
        part = _to_display_geom(ctx.ax, geom.intersection(view))
        parts = sorted(getattr(part, "geoms", [part]), key=lambda p: -p.area)
        if not parts or parts[0].geom_type != "Polygon" or parts[0].area < w * h * 3:
            continue
        poly = parts[0]
        best = polylabel(poly, tolerance=2.0)
        minx, miny, maxx, maxy = poly.bounds
        candidates = [(best.x, best.y)] + [(minx + fx * (maxx - minx), miny + fy * (maxy - miny))
                                          for fy in (0.5, 0.35, 0.65, 0.2, 0.8) for fx in (0.5, 0.35, 0.65, 0.2, 0.8)]
        inner = poly.buffer(-2)
        for px, py in candidates:
            box = (px - w / 2, py - h / 2, px + w / 2, py + h / 2)
            shape = shapely.box(*box)
            if ctx.placer.free(box, pad=3) and shape.within(inner) and not shape.intersects(blocked):
                ctx.placer.take(box)
                x, y = ctx.ax.transData.inverted().transform((px, py))
                ctx.ax.text(x, y, text, ha="center", va="center", fontsize=size, fontstyle="italic",
                            color=GOVERNORATE_TEXT, zorder=7)
                placed["governorates"].append(str(name))
                break


def _place_free_text(ctx: Ctx, text: str, x: float, y: float, size: float, weight: str = "normal",
                     color: str = TEXT, jitter: bool = False) -> bool:
    w, h = measure(ctx.renderer, text, size, weight)
    px, py = ctx.px(x, y)
    for dx, dy in ((0, 0), (0, h), (0, -h), (w / 2, 0), (-w / 2, 0)) if jitter else ((0, 0),):
        box = (px + dx - w / 2, py + dy - h / 2, px + dx + w / 2, py + dy + h / 2)
        if ctx.placer.free(box):
            ctx.placer.take(box)
            x, y = ctx.ax.transData.inverted().transform((px + dx, py + dy))
            ctx.ax.text(x, y, text, ha="center", va="center", fontsize=size, fontweight=weight, color=color, zorder=7)
            return True
    return False
