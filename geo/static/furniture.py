"""Title, subtitle, legend, provisions shown, scale bar, north arrow and credits around the static map."""

from __future__ import annotations

import textwrap

from .. import style
from ..scene import LegendEntry, Scene
from ..text import clip
from .layout import MAP_BOTTOM_IN, MAP_TOP_IN, SIDE_X, SOURCE_IN, SUBTITLE_IN, TITLE_IN, Box

__all__ = ["draw"]

TITLE_CHARS = 110  # longest title drawn (a user's area name can be any length)


def draw(fig, ax, scene: Scene, box: Box) -> None:
    fig_h = box.fig_h
    fig.text(0.015, 1 - TITLE_IN / fig_h, clip(scene.title, TITLE_CHARS), fontsize=13.5, fontweight="bold",
             va="top", color="#111111")
    fig.text(0.015, 1 - SUBTITLE_IN / fig_h, clip(scene.subtitle, 160), fontsize=7.6, va="top", color="#444444")
    credits = "Approximate shapes; no official map was published. " + ". ".join(scene.credits) + "."
    fig.text(0.015, SOURCE_IN / fig_h, textwrap.fill(credits, 170), fontsize=5.2, va="bottom", color="#555555",
             linespacing=1.35)
    bottom = _legend(fig, scene, fig_h)
    _provisions(fig, scene, bottom - 0.035)
    _scale_bar(ax)
    _north_arrow(ax)


def _legend(fig, scene: Scene, fig_h: float) -> float:
    """Draw the legend beside the map; return its bottom (figure fraction)."""
    handles = [_handle(e) for e in scene.legend]
    lowest = MAP_BOTTOM_IN / fig_h
    bottom = lowest
    for scale in (1.0, 0.85, 0.72, 0.6):  # a short, wide figure gets a smaller legend rather than an overlap
        legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(SIDE_X, 1 - (MAP_TOP_IN + 0.02) / fig_h),
                            frameon=False, fontsize=6.8 * scale, handlelength=1.9, handleheight=1.1, borderaxespad=0,
                            labelspacing=0.7 * scale, title="Legend", title_fontsize=7.8 * scale, alignment="left")
        legend.get_title().set_fontweight("bold")
        bottom = legend.get_window_extent(fig.canvas.get_renderer()).y0 / fig.bbox.height
        if bottom >= lowest or scale == 0.6:
            return bottom
        legend.remove()
    return bottom


def _handle(entry: LegendEntry):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    label = textwrap.fill(clip(entry.label, 120), 40, subsequent_indent="  ")
    c = entry.colour
    if entry.swatch == "fill":
        return Patch(facecolor=c, alpha=max(entry.opacity + 0.15, 0.35), edgecolor="#666666", linewidth=0.4, label=label)
    if entry.swatch == "country":
        return Patch(facecolor=c, alpha=0.45, edgecolor=style.OUTLINE, linewidth=0.8, label=label)
    if entry.swatch == "hatch":
        return Patch(facecolor="white", edgecolor=c, hatch=entry.hatch or "////", linewidth=0.6, label=label)
    if entry.swatch == "dash":
        return Patch(facecolor="#E5E5E5", edgecolor=c, linewidth=0.7, linestyle=(0, (3, 2)), label=label)
    if entry.swatch in ("point", "marker"):
        return Line2D([], [], marker="o", color=c, markeredgecolor="white", linestyle="none", markersize=4.5, label=label)
    return Line2D([], [], color=c, linewidth=1.2, label=label)


def _provisions(fig, scene: Scene, top: float) -> None:
    """Under the legend: the provisions a filter shows (titles), when there are a few."""
    shown = scene.provisions
    if not scene.view.filtered or shown.empty or len(shown) > 4:
        return
    lines = ["Provisions shown"] + [textwrap.fill(f"{scene.atlas.label(k)}. {clip(t, 80)}", 40, subsequent_indent="    ")
                                    for k, t in zip(shown["key"], shown["title"], strict=True)]
    text = fig.text(SIDE_X, top, "\n".join(lines), fontsize=6.3, va="top", color="#333333", linespacing=1.4)
    if text.get_window_extent(fig.canvas.get_renderer()).y0 < MAP_BOTTOM_IN * fig.dpi:
        text.remove()  # no room beside the map: the title already says what is shown


def _scale_bar(ax) -> None:
    from matplotlib_scalebar.scalebar import ScaleBar

    ax.add_artist(ScaleBar(1, units="m", location="lower right", length_fraction=0.22, font_properties={"size": 6},
                           box_alpha=0.7, border_pad=0.6, scale_loc="top", color="#222222"))


def _north_arrow(ax) -> None:
    ax.annotate("N", xy=(0.05, 0.95), xytext=(0.05, 0.855), xycoords="axes fraction", textcoords="axes fraction",
                ha="center", va="center", fontsize=8, fontweight="bold", color="#222222", zorder=9,
                arrowprops={"arrowstyle": "-|>,head_length=0.7,head_width=0.35", "color": "#222222",
                            "linewidth": 1.2, "shrinkA": 6, "shrinkB": 0})
