"""The static map (PNG, SVG, PDF) of a :class:`~geo.scene.scene.Scene`: GeoPandas and Shapely for the layers,
matplotlib for the drawing. It decides nothing that the scene has decided (states, colours, legend, title,
credits); it decides how the map is laid out and labelled for the size it is drawn at.

- :mod:`.presets` — text sizes and what is labelled, for a page, a newspaper column or a slide;
- :mod:`.layout` — the figure, the map's box and extent, the insets of the small areas and the locator;
- :mod:`.layers` — land, neighbours, sea, the areas and zones, posts, roads (projected once per atlas);
  and the :class:`~.layers.Drawing` every step below :func:`draw` takes: the scene, its output and the layers
  of the axes at hand, in one frozen value (nothing travels beside it);
- :mod:`.labels` — area names, towns, neighbouring countries and governorates, placed off each other;
- :mod:`.furniture` — title, subtitle, legend, credits, scale bars, north arrow;
- :mod:`.arabic` — Arabic names joined and right to left;
- :mod:`.series` — many maps of one date (an atlas) drawn on one shared background;
- :mod:`.handout` — the printable atlas: one page per provision or area, its map and its text.

Drawing is in UTM zone 37N (EPSG:32637), so the scale bar in km is honest across Syria. Only the Agg canvas
and the SVG/PDF backends are used; pyplot is never imported (no global figure state).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, BinaryIO

import numpy as np

from geo.scene.scene import Scene

from . import furniture, labels, layers, layout, png
from .layers import Drawing
from .layout import CRS, Plan
from .output import Output
from .presets import PRESETS, Preset

__all__ = ["CRS", "PRESETS", "Preset", "Plan", "Drawing", "Reserve", "draw", "compose", "redraw", "plan"]

@dataclass(frozen=True)
class Reserve:
    """Room kept for the largest title and legend of several maps drawn on one layout."""

    title_lines: int = 0
    subtitle_lines: int = 0
    legend: tuple[float, float] = (0.0, 0.0)  # inches


@dataclass
class Drawn:
    """What :func:`compose` drew, for :func:`redraw` and the atlas renderer: the axes and their layers, and
    the artists that differ from one map of an atlas to the next."""

    main: Any = None
    main_drawing: Any = None  # the Drawing with the main map's layers
    slots: list = field(default_factory=list)  # (Slot, axes, Drawing with the slot's layers)
    variable: list = field(default_factory=list)
    panel: tuple = (0, 0, 1, 1)
    reserve: Reserve | None = None
    bottom: float = 0.0



def figure_for(width: int, height: int, p: Preset):
    dpi = width / p.width_in
    # A quarter pixel of slack: the canvas truncates its size to whole pixels.
    return layout.figure((width + 0.25) / dpi, (height + 0.25) / dpi, dpi)


def draw(scene: Scene, output: Output, out: BinaryIO) -> Plan:
    """Write the map of ``scene`` to ``out`` as ``output`` says (PNG, SVG or PDF; a PNG is exactly its width ×
    height in pixels). Returns the :class:`Plan` (where the map, its insets and its locator fell)."""
    mpl = layout.matplotlib()
    d = Drawing.of(scene, output)
    output = d.output
    with mpl.rc_context(layout.rc(scene.lang)):
        fig = figure_for(output.width, output.height, output.preset)
        result = compose(fig, d, (0.0, 0.0, fig.get_figwidth(), fig.get_figheight()))
        if output.fmt == "png":  # the canvas as it is, through the fast writer
            fig.canvas.draw()
            out.write(png.encode(np.asarray(fig.canvas.buffer_rgba()), layout.metadata("png", scene.title)))
        else:
            fig.savefig(out, format=output.fmt, dpi=fig.dpi, metadata=layout.metadata(output.fmt, scene.title),
                        facecolor="white")
    return result


def plan(scene: Scene, output: Output) -> Plan:
    """The layout a map of this scene gets at ``output``'s size, without drawing it."""
    mpl = layout.matplotlib()
    d = Drawing.of(scene, output)
    with mpl.rc_context(layout.rc(scene.lang)):
        fig = figure_for(d.output.width, d.output.height, d.preset)
        return compose(fig, d, (0.0, 0.0, fig.get_figwidth(), fig.get_figheight()), draw_map=False)



def compose(fig, d: Drawing, panel: tuple[float, float, float, float], draw_map: bool = True,
            reserve: Reserve | None = None) -> Plan:
    """Lay out and draw the whole map of ``d.scene`` (title to credits) inside ``panel`` (inches) of ``fig``.

    ``d.output``'s preset sets the text sizes, its width the pixels the map is laid out for."""
    scene, preset, width_px = d.scene, d.preset, d.output.width
    renderer = fig.canvas.get_renderer()
    result = Plan(width_in=fig.get_figwidth(), height_in=fig.get_figheight(), dpi=fig.dpi)
    drawn = Drawn(panel=panel, reserve=reserve)
    result.drawn = drawn
    towns = not preset.thumb or scene.marker is not None
    top, texts = furniture.header(fig, d, panel, renderer,
                                  (reserve.title_lines, reserve.subtitle_lines) if reserve else None)
    drawn.variable.extend(texts)
    m = preset.margin_in
    x0, y0, w, _ = panel
    inset_title_in = preset.inset / 72 * 1.45
    # The credits in the legend's column (under the locator, or with the locator over the insets) if they fit
    # there: the map then reaches the bottom. Else under everything, across the width.
    low = y0 + m * 0.7
    lg, lw, lh = furniture.legend(fig, d, top, low, renderer)
    if reserve is not None:
        lw, lh = max(lw, reserve.legend[0]), max(lh, reserve.legend[1])
    bottom = low
    for locator_with_insets in (False, True):
        _reset(result, drawn)
        layout.fit_map(result, d, (x0 + m, low, max(w - 2 * m, 0.5), max(top - low, 0.5)), (lw, lh),
                       inset_title_in, width_px, locator_with_insets)
        crowded = locator_with_insets and sum(s.kind == "inset" for s in result.slots) > 2
        if not crowded and _credits_in_column(fig, d, result, panel, (lw, lh), low, renderer, towns):
            break
    else:
        if lg is not None:
            lg.remove()
        bottom = furniture.footer(fig, d, panel, renderer, towns)
        lg, lw, lh = furniture.legend(fig, d, top, bottom, renderer)
        if reserve is not None:
            lw, lh = max(lw, reserve.legend[0]), max(lh, reserve.legend[1])
        _reset(result, drawn)
        layout.fit_map(result, d, (x0 + m, bottom, max(w - 2 * m, 0.5), max(top - bottom, 0.5)),
                       (lw, lh), inset_title_in, width_px)
    drawn.bottom = bottom
    result.legend_size = (lw, lh)
    if lg is not None:
        furniture.place_legend(fig, lg, *result.legend_at, result.legend_size[0], scene.t.rtl)
        result.legend = furniture.legend_entries(lg)
        drawn.variable.append(lg)
        drawn.variable.extend(_provisions(fig, d, result, lg, renderer))
    if not draw_map:
        return result
    _draw_main(fig, d, result, renderer)
    return result


def _reset(result: Plan, drawn: Drawn) -> None:
    fresh = Plan(width_in=result.width_in, height_in=result.height_in, dpi=result.dpi, drawn=drawn)
    result.__dict__.update(fresh.__dict__)


def _credits_in_column(fig, d: Drawing, result: Plan, panel, legend, low: float, renderer, towns: bool) -> bool:
    """Write the credits in the legend's column, under the locator, if the layout has such a column and they fit."""
    preset = d.preset
    if not legend[0] or result.strip is not None or result.legend_at is None:
        return False
    x = result.legend_at[0]
    gap = preset.margin_in  # the gap between the map, the legend and the insets
    right = min([s.rect[0] for s in result.slots if s.kind == "inset"] or [panel[0] + panel[2] - preset.margin_in]) - gap
    locator = result.locator
    ceiling = (locator.rect[1] if locator is not None and abs(locator.rect[0] - x) < 1e-6
               else result.legend_at[1] - legend[1]) - 1.5 * gap
    return furniture.credits_block(fig, d, x, ceiling, right - x, low, renderer, towns)


def redraw(fig, result: Plan, d: Drawing) -> None:
    """Replace what differs between maps of one layout (title, legend, areas' colours) with ``d.scene``'s."""
    scene = d.scene
    drawn = result.drawn
    for artist in drawn.variable:
        artist.remove()
    drawn.variable = []
    renderer = fig.canvas.get_renderer()
    r = drawn.reserve
    _, texts = furniture.header(fig, d, drawn.panel, renderer,
                                (r.title_lines, r.subtitle_lines) if r else None)
    drawn.variable.extend(texts)
    lg, _, _ = furniture.legend(fig, d, result.legend_at[1] if result.legend_at else 0, drawn.bottom,
                                renderer)
    if lg is not None:
        furniture.place_legend(fig, lg, *result.legend_at, result.legend_size[0], scene.t.rtl)
        drawn.variable.append(lg)
        drawn.variable.extend(_provisions(fig, d, result, lg, renderer))
    # The same axes and layers, this scene's shapes.
    drawn.variable.extend(layers.draw_shapes(drawn.main, replace(d, layers=drawn.main_drawing.layers), "main"))
    for slot, ax, there in drawn.slots:
        drawn.variable.extend(layers.draw_shapes(ax, replace(d, layers=there.layers), slot.kind))


def _provisions(fig, d: Drawing, result: Plan, lg, renderer) -> list:
    preset = d.preset
    locator = result.locator
    lh = lg.get_window_extent(renderer).height / fig.dpi
    floor = (locator.rect[1] + locator.rect[3] + 0.05 if locator and result.legend_at
             and locator.rect[0] >= result.legend_at[0] - 1e-6 else result.drawn.bottom)
    text = furniture.provisions(fig, d, result.legend_at[0], result.legend_at[1] - lh - preset.legend / 72,
                                floor, renderer, result.legend_size[0] * fig.dpi)
    return [text] if text is not None else []


def _tolerance(extent, width_in: float, dpi: float, fmt: str) -> float:
    metres_per_px = (extent[1] - extent[0]) / (width_in * dpi)
    return (0.5 if fmt == "png" else 0.15) * metres_per_px


def _draw_main(fig, d: Drawing, result: Plan, renderer) -> None:
    scene, output = d.scene, d.output
    preset, fmt = output.preset, output.fmt
    drawn = result.drawn
    ax = fig.add_axes(result.fraction(result.box))
    x0, x1, y0, y1 = result.extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    main = d.at(_tolerance(result.extent, result.box[2], result.dpi, fmt))
    drawn.main, drawn.main_drawing = ax, main
    layers.draw_base(ax, main, "main")
    drawn.variable.extend(layers.draw_shapes(ax, main, "main"))
    layers.draw_over(ax, main, "main")
    if output.tiles is not None:
        layers.add_tiles(ax, output.tiles)
    ax_box = ax.get_window_extent(renderer)
    placer = labels.Placer((ax_box.x0, ax_box.y0, ax_box.x1, ax_box.y1))
    obstacles = []
    view_x1 = x1
    if result.strip is not None:
        sx, sy, sw, sh = result.strip
        obstacles.append((sx * result.dpi, sy * result.dpi, (sx + sw) * result.dpi, (sy + sh) * result.dpi))
        if sh >= 0.9 * result.box[3]:  # a strip the height of the map: nothing is named beyond its edge
            view_x1 = x0 + (sx - result.box[0]) * result.metres_per_inch
    if preset.north_arrow:
        furniture.north_arrow(ax, preset, scene.lang)
        obstacles.append((ax_box.x0, ax_box.y1 - 0.13 * ax_box.height, ax_box.x0 + 0.09 * ax_box.width, ax_box.y1))
    bar_fraction = min(0.2, 0.9 * result.strip[2] / result.box[2]) if result.strip is not None else 0.3
    if not preset.thumb and result.strip is None:  # the scale bar's corner (lower right)
        bw_px = (bar_fraction + 0.06) * ax_box.width
        bh_px = preset.legend * 3.0 * renderer.points_to_pixels(1.0)
        obstacles.append((ax_box.x1 - bw_px, ax_box.y0, ax_box.x1, ax_box.y0 + bh_px))
    if not scene.posts.empty:  # the observation posts' dots: no name on them
        px, py = layers.to_map(scene.posts.geometry.x.to_numpy(), scene.posts.geometry.y.to_numpy())
        r = 2.6 * preset.line * renderer.points_to_pixels(1.0)
        for dx, dy in ax.transData.transform(list(zip(px, py, strict=True))):
            obstacles.append((dx - r, dy - r, dx + r, dy + r))
    insets = [s for s in result.slots if s.kind == "inset"]
    frames = []
    for slot in insets:  # the frames of the insets on the main map
        (a, b), (c, e) = ax.transData.transform([(slot.extent[0], slot.extent[2]), (slot.extent[1], slot.extent[3])])
        frames.append((a - 1, b - 1, c + 1, e + 1))
    fx0, fy0, fx1, fy1 = layout.projected_frame(scene)
    reach = 0.08 * max(fx1 - fx0, fy1 - fy0)
    town_box = (max(x0, fx0 - reach), max(y0, fy0 - reach), min(view_x1, fx1 + reach), min(y1, fy1 + reach))
    ctx = labels.Ctx(ax, renderer, main, placer)
    result.placed = labels.draw_main(ctx, (x0, y0, view_x1, y1), town_box,
                                     [s.extent for s in insets], obstacles, frames)
    if not preset.thumb:
        furniture.scale_bar(ax, preset, fraction=bar_fraction, lang=scene.lang)
    for slot in result.slots:
        _draw_slot(fig, ax, d, result, slot, renderer, (x0, view_x1, y0, y1))


def _draw_slot(fig, main_ax, d: Drawing, result: Plan, slot, renderer, view) -> None:
    scene, preset = d.scene, d.preset
    ax = fig.add_axes(result.fraction(slot.rect), zorder=20)
    x0, x1, y0, y1 = slot.extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    there = d.at(_tolerance(slot.extent, slot.rect[2], result.dpi, d.output.fmt))
    result.drawn.slots.append((slot, ax, there))
    ax_box = ax.get_window_extent(renderer)
    placer = labels.Placer((ax_box.x0, ax_box.y0, ax_box.x1, ax_box.y1))
    ctx = labels.Ctx(ax, renderer, there, placer)
    layers.draw_base(ax, there, slot.kind)
    result.drawn.variable.extend(layers.draw_shapes(ax, there, slot.kind))
    layers.draw_over(ax, there, slot.kind)
    if slot.kind == "locator":
        furniture.frame_rect(ax, view, preset, colour="#000000", width=0.9)
        labels.draw_locator(ctx, slot.extent)
        return
    furniture.frame_rect(main_ax, slot.extent, preset, width=0.6)
    furniture.inset_title(fig, slot, preset, slot.title, scene.t.rtl)
    if not preset.thumb:
        bar_h = preset.legend * 0.85 * 2.9 * renderer.points_to_pixels(1.0)
        placer.take((ax_box.x0, ax_box.y0, ax_box.x0 + 0.42 * ax_box.width, ax_box.y0 + bar_h))  # its scale bar
        labels.draw_inset(ctx, slot.extent)
        furniture.scale_bar(ax, preset, location="lower left", fraction=0.35, small=True, lang=scene.lang)
