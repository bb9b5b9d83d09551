"""Where everything goes: the figure, the map's box and extent, the insets of the small areas and the locator.

All sizes are in inches of a figure whose width the preset fixes. The map's box holds the scene's frame
(western Syria by default), fitted to the box's height; a strip along the box's right side, east of the frame
(the desert, where no area lies), holds the locator map of the whole country and an inset for each area too
small to read at the map's scale (eastern Ghouta and northern Homs in the default view). The strip only ever
covers ground beyond the frame, never the frame itself.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field

import numpy as np

from geo.base.crs import METRIC as CRS  # UTM 37N: metres, true to scale across Syria
from geo.scene.scene import Scene

from .layers import Drawing

__all__ = ["CRS", "RC", "rc", "Slot", "Plan", "fit_map", "figure", "metadata", "matplotlib", "projected_frame"]

FONT = "DejaVu Sans"
RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "text.parse_math": False,  # a "$" in a user's area name is a dollar sign, not mathtext (which could fail)
    "svg.fonttype": "none",  # text stays text: names are searchable and editable in the SVG
    "svg.hashsalt": "zonemap",  # stable ids: the same view gives the same SVG
    "pdf.fonttype": 42,  # TrueType fonts embedded in the PDF (type 3 fonts print badly and cannot be edited)
    "hatch.linewidth": 0.8,
    "path.simplify": True,
    "text.hinting": "none",  # glyphs unhinted: as sharp at print resolutions, and laid out much faster
}


def rc(lang: str = "en") -> dict:
    """matplotlib's settings for a map in ``lang``: :data:`RC`, with the bundled Arabic font first for a
    right-to-left language (Latin letters fall back to DejaVu Sans)."""
    from geo.base.i18n import RTL

    from .fonts import families

    if lang not in RTL:
        return RC
    from .arabic import native_shaping

    if not native_shaping():  # the furniture hands matplotlib logical text: only libraqm joins and orders it
        from geo.base.errors import ExportError

        raise ExportError("a map in Arabic needs matplotlib 3.11 or later (built with libraqm, which joins the "
                          "letters and sets them right to left)")
    return {**RC, "font.family": families(True)}


INSET_MIN_PX_PER_1600 = 80  # an area whose equivalent diameter is under this (per 1600 px of width) gets an inset
MAX_INSETS = 3
FRAME_PAD = 0.035


@dataclass
class Slot:
    """An inset (one small area, enlarged) or the locator (the whole country), in the strip."""

    kind: str  # "inset" | "locator"
    area_id: str | None
    title: str
    extent: tuple[float, float, float, float]  # x0, x1, y0, y1 in metres
    rect: tuple[float, float, float, float] = (0, 0, 0, 0)  # axes: left, bottom, width, height in inches

    @property
    def aspect(self) -> float:
        x0, x1, y0, y1 = self.extent
        return (x1 - x0) / (y1 - y0)


@dataclass
class Plan:
    """The layout of one map: figure size, the map's box and extent, the strip's slots."""

    width_in: float
    height_in: float
    dpi: float
    box: tuple[float, float, float, float] = (0, 0, 1, 1)  # map axes: left, bottom, width, height (inches)
    extent: tuple[float, float, float, float] = (0, 1, 0, 1)  # x0, x1, y0, y1 in metres
    strip: tuple[float, float, float, float] | None = None
    slots: list[Slot] = field(default_factory=list)
    legend_at: tuple[float, float] | None = None  # upper left corner of the legend (inches)
    legend_size: tuple[float, float] = (0.0, 0.0)  # inches: the room the legend column has
    placed: dict = field(default_factory=dict)  # names placed on the main map, by kind (areas, towns, …)
    legend: list = field(default_factory=list)  # the key as drawn: (label, swatch colour #RRGGBB) per row
    drawn: object = None  # what was drawn (geo.draw.static.Drawn), when it was

    @property
    def metres_per_inch(self) -> float:
        return (self.extent[1] - self.extent[0]) / self.box[2]

    def fraction(self, rect) -> tuple[float, float, float, float]:
        x, y, w, h = rect
        return (x / self.width_in, y / self.height_in, w / self.width_in, h / self.height_in)

    def inches(self, x: float, y: float, slot: Slot | None = None) -> tuple[float, float]:
        """Where map coordinates (metres) fall in the figure, in inches from its lower left."""
        extent, rect = (slot.extent, slot.rect) if slot else (self.extent, self.box)
        x0, x1, y0, y1 = extent
        return rect[0] + rect[2] * (x - x0) / (x1 - x0), rect[1] + rect[3] * (y - y0) / (y1 - y0)

    def pixel_of(self, lon: float, lat: float, slot: Slot | None = None) -> tuple[int, int]:
        """(column, row) from the top left of the picture of a longitude and latitude."""
        from .layers import to_map

        x, y = to_map(lon, lat)
        xi, yi = self.inches(x, y, slot)
        return int(xi * self.dpi), int((self.height_in - yi) * self.dpi)

    def slot(self, area_id: str) -> Slot | None:
        return next((s for s in self.slots if s.area_id == area_id), None)

    @property
    def locator(self) -> Slot | None:
        return next((s for s in self.slots if s.kind == "locator"), None)


def projected_frame(scene: Scene) -> tuple[float, float, float, float]:
    """The scene's frame (lon/lat) in the drawing CRS: (x0, y0, x1, y1)."""
    from .layers import to_map

    w, s, e, n = scene.frame
    lons = np.array([w, e, w, e, (w + e) / 2, (w + e) / 2])
    lats = np.array([s, s, n, n, s, n])
    x, y = to_map(lons, lats)
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


def fit_map(plan: Plan, d: Drawing, area: tuple[float, float, float, float],
            legend: tuple[float, float], inset_title_in: float, width_px: int, locator_with_insets: bool = False) -> None:
    """Lay out the map, the legend, the locator and the insets in ``area`` (inches).

    A frame taller than wide (western Syria) gets the map at the left, as wide as the frame needs and a
    little more, and a panel at its right: the legend with the locator beside it, and the insets below. A
    wide frame (the whole country, a selected area) gets the legend at the right and a strip of insets and
    locator inside the map's box, east of the frame.
    """
    scene, preset = d.scene, d.preset
    ax0, ay0, aw, ah = area
    lw, lh = legend
    fx0, fy0, fx1, fy1 = projected_frame(scene)
    pad_x, pad_y = (fx1 - fx0) * FRAME_PAD, (fy1 - fy0) * FRAME_PAD
    fx0, fx1, fy0, fy1 = fx0 - pad_x, fx1 + pad_x, fy0 - pad_y, fy1 + pad_y
    fw, fh = max(fx1 - fx0, 1.0), max(fy1 - fy0, 1.0)
    frame = (fx0, fy0, fx1, fy1)
    country = _country_bounds(scene)
    gap = preset.margin_in  # the gap between the map, the legend and the insets
    shows_country = (fw * fh) >= 0.6 * (country[2] - country[0]) * (country[3] - country[1])
    want_locator = not shows_country and not preset.thumb
    locator = Slot("locator", None, "", _padded_extent(country, 0.04)) if want_locator else None
    threshold = INSET_MIN_PX_PER_1600 * width_px / 1600

    scale = fh / ah  # the frame fills the height
    insets = _small_areas(scene, plan.dpi / scale, threshold, frame)
    if locator_with_insets and locator is not None and insets:  # the locator heads the insets' column
        insets, locator = [locator, *insets], None
    s, heights = _inset_column(insets, ah, inset_title_in, gap, (0.22 if preset.thumb else 0.27) * aw)
    legend_col = lw + gap if lw else 0.0
    map_w = aw - legend_col - (s + gap if insets else 0.0)
    if map_w >= fw / scale and (lw or insets):
        plan.box = (ax0, ay0, map_w, ah)
        plan.extent = _centred(frame, map_w, ah, scale)
        plan.legend_at = (ax0 + map_w + gap, ay0 + ah)
        x = ax0 + aw - s
        top = ay0 + ah
        for slot, h in zip(insets, heights, strict=True):
            top -= inset_title_in if slot.kind == "inset" else 0.0
            slot.extent = _to_aspect(slot.extent, s / h)
            slot.rect = (x, top - h, s, h)
            top -= h + gap
        plan.slots = list(insets)
        if locator is not None and lw:
            aspect = _slot_aspect(locator)
            room = ah - lh - 2.5 * gap
            h = min(lw / aspect, room)
            if h * aspect >= 0.55 * preset.width_in / 8 + 0.3:
                locator.extent = _to_aspect(locator.extent, aspect)
                locator.rect = (ax0 + map_w + gap, ay0 + ah - lh - 2 * gap - h, h * aspect, h)
                plan.slots.insert(0, locator)
        return
    _strip_layout(plan, scene, preset, (ax0, ay0, aw - legend_col, ah), frame, locator, inset_title_in, gap,
                  threshold)
    plan.legend_at = (ax0 + aw - lw, ay0 + ah)


def _inset_column(insets: list[Slot], ah: float, title_in: float, gap: float, max_w: float):
    """Width of the column of insets and each one's height, filling ``ah`` at most."""
    if not insets:
        return 0.0, []
    aspects = [_slot_aspect(i) for i in insets]
    room = ah - sum(title_in for i in insets if i.kind == "inset") - (len(insets) - 1) * gap
    s = min(max_w, room / sum(1 / a for a in aspects))
    return s, [s / a for a in aspects]


def _centred(frame, w_in: float, h_in: float, scale: float):
    fx0, fy0, fx1, fy1 = frame
    cx, cy = (fx0 + fx1) / 2, (fy0 + fy1) / 2
    return (cx - w_in / 2 * scale, cx + w_in / 2 * scale, cy - h_in / 2 * scale, cy + h_in / 2 * scale)


def _strip_layout(plan: Plan, scene: Scene, preset, box, frame, locator: Slot | None, inset_title_in: float,
                  gap: float, threshold: float) -> None:
    """The map takes ``box``; the locator and the insets stand in a strip at its right, beyond the frame."""
    bx, by, bw, bh = box
    fx0, fy0, fx1, fy1 = frame
    fw, fh = fx1 - fx0, fy1 - fy0
    plan.box = box
    bar = 0 if preset.thumb else 0.3 * preset.width_in / 8 + 0.1

    def extent_for(s: float):
        left = bw - (s + gap if s else 0)
        scale = max(fw / left, fh / bh)
        cx, cy = (fx0 + fx1) / 2, (fy0 + fy1) / 2
        x0 = cx - left / 2 * scale
        return (x0, x0 + bw * scale, cy - bh / 2 * scale, cy + bh / 2 * scale), scale

    _, scale = extent_for(0.25 * bw)
    insets = _small_areas(scene, plan.dpi / scale, threshold, frame)
    slots = ([locator] if locator is not None else []) + insets
    if not slots:
        plan.extent, _ = extent_for(0.0)
        return
    if not insets:  # the locator alone: in the map's upper right corner, the frame keeps the whole box
        plan.extent, _ = extent_for(0.0)
        aspect = _slot_aspect(locator)
        w = min(0.27 * bw, 0.38 * bh * aspect)
        locator.extent = _to_aspect(locator.extent, aspect)
        locator.rect = (bx + bw - w - gap / 2, by + bh - w / aspect - gap / 2, w, w / aspect)
        plan.strip = (locator.rect[0] - gap / 2, locator.rect[1] - gap / 2, w + gap, w / aspect + gap)
        plan.slots = [locator]
        return
    inv = sum(1 / _slot_aspect(x) for x in slots)
    fixed = inset_title_in * len(insets) + gap * (len(slots) - 1) + bar + gap
    free = bw - fw / (fh / bh) - gap
    s = max(min(0.36 * bw, (bh - fixed) / inv, max(free, 0.25 * bw)), 0.0)
    if s < 0.5 * preset.width_in / 8 + 0.3 and locator is not None:  # too narrow: drop the locator
        slots = insets
        if not slots:
            plan.extent, _ = extent_for(0.0)
            return
        inv = sum(1 / _slot_aspect(x) for x in slots)
        fixed = inset_title_in * len(insets) + gap * (len(slots) - 1) + bar + gap
        s = max(min(0.36 * bw, (bh - fixed) / inv, max(free, 0.25 * bw)), 0.0)
    plan.extent, scale = extent_for(s)
    plan.strip = (bx + bw - s - gap / 2, by, s + gap / 2, bh)
    top = by + bh - gap / 2
    for slot in slots:
        aspect = _slot_aspect(slot)
        slot.extent = _to_aspect(slot.extent, aspect)
        h = s / aspect
        if slot.kind == "inset":
            top -= inset_title_in
        slot.rect = (bx + bw - s - gap / 4, top - h, s - gap / 4, h)
        top -= h + gap
    plan.slots = slots


def _small_areas(scene: Scene, px_per_m: float, threshold: float, visible) -> list[Slot]:
    """Insets for the areas in the frame that are smaller than ``threshold`` pixels across (smallest first)."""
    import shapely

    from .labels import TOWNS
    from .layers import to_map

    shapes = scene.shapes[scene.shapes["is_area"]]
    found = []
    vx0, vy0, vx1, vy1 = visible
    town_xy = {name: to_map(lon, lat) for name, (lat, lon, rank) in TOWNS.items() if rank == 1}
    for row in shapes.drop_duplicates("id").itertuples(index=False):
        geom = row.geometry
        if geom is None or geom.is_empty:
            continue
        xy = shapely.get_coordinates(geom)
        x, y = to_map(xy[:, 0], xy[:, 1])
        x0, x1, y0, y1 = float(x.min()), float(x.max()), float(y.min()), float(y.max())
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if not (vx0 <= cx <= vx1 and vy0 <= cy <= vy1):
            continue
        diameter = math.sqrt(max(row.km2, 0.0)) * 1000 if row.km2 else max(x1 - x0, y1 - y0)
        if diameter * px_per_m >= threshold:
            continue
        # Take in the towns just outside (Homs beside the northern Homs pocket, Damascus beside Ghouta).
        reach = 10_000
        for tx, ty in town_xy.values():
            if x0 - reach <= tx <= x1 + reach and y0 - reach <= ty <= y1 + reach:
                x0, x1, y0, y1 = min(x0, tx), max(x1, tx), min(y0, ty), max(y1, ty)
        size = max(x1 - x0, y1 - y0, 16_000)
        pad = max(0.12 * size, 5_000)
        extent = ((x0 + x1) / 2 - max(x1 - x0, 0.55 * size) / 2 - pad, (x0 + x1) / 2 + max(x1 - x0, 0.55 * size) / 2 + pad,
                  (y0 + y1) / 2 - max(y1 - y0, 0.55 * size) / 2 - pad, (y0 + y1) / 2 + max(y1 - y0, 0.55 * size) / 2 + pad)
        found.append((diameter, cy, Slot("inset", row.id, str(row.name), extent)))
    found.sort(key=lambda t: t[0])
    chosen = found[:MAX_INSETS]
    chosen.sort(key=lambda t: -t[1])  # north to south, as on the map
    return [t[2] for t in chosen]


def _slot_aspect(slot: Slot) -> float:
    if slot.kind == "locator":
        return min(max(slot.aspect, 1.0), 1.35)
    return min(max(slot.aspect, 0.95), 1.55)


def _to_aspect(extent, aspect: float):
    x0, x1, y0, y1 = extent
    w, h = x1 - x0, y1 - y0
    if w / h < aspect:
        grow = h * aspect - w
        return (x0 - grow / 2, x1 + grow / 2, y0, y1)
    grow = w / aspect - h
    return (x0, x1, y0 - grow / 2, y1 + grow / 2)


def _padded_extent(bounds, fraction: float):
    x0, y0, x1, y1 = bounds
    dx, dy = (x1 - x0) * fraction, (y1 - y0) * fraction
    return (x0 - dx, x1 + dx, y0 - dy, y1 + dy)


def _country_bounds(scene: Scene):
    from .layers import to_map

    w, s, e, n = (float(v) for v in scene.atlas.outline.total_bounds)
    x, y = to_map(np.array([w, e, w, e]), np.array([s, s, n, n]))
    return float(x.min()), float(y.min()), float(x.max()), float(y.max())


def matplotlib():
    import matplotlib as mpl

    from .fonts import register

    if "matplotlib.pyplot" not in sys.modules:
        mpl.use("Agg")
    register()
    return mpl


def figure(width_in: float, height_in: float, dpi: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def metadata(fmt: str, title: str) -> dict:
    from geo.base.text import clip

    title = clip(title, 200)  # a user's area name can be any length; the file's metadata need not hold it all
    if fmt == "png":
        return {"Title": title, "Software": "zonemap"}
    if fmt == "svg":
        return {"Title": title, "Date": None, "Creator": "zonemap"}
    return {"Title": title, "Creator": "zonemap", "Producer": "zonemap", "CreationDate": None, "ModDate": None}
