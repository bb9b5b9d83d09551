"""Around the map: title, subtitle, legend, credits; on it: scale bars, north arrow, inset titles and frames."""

from __future__ import annotations

from typing import TYPE_CHECKING

from geo.base import style
from geo.base.text import clip
from geo.scene.scene import LegendEntry, Scene

from .labels import measure
from .layers import AREA_ALPHA, Drawing

if TYPE_CHECKING:
    from matplotlib.text import Text

__all__ = ["header", "header_lines", "credits_text", "footer", "legend", "legend_entries", "legend_size", "place_legend",
           "provisions", "scale_bar", "north_arrow", "wrap"]

TITLE_COLOUR = "#111111"
SUBTITLE_COLOUR = "#3A3A3A"
CREDIT_COLOUR = "#4D4D4D"
LEGEND_WRAP = {"page": 34, "slide": 32, "column": 31}


def wrap(renderer, text: str, size: float, width_px: float, weight: str = "normal", max_lines: int = 6) -> list[str]:
    """Greedy word wrap by measured width; the last line is clipped with an ellipsis if there are too many.

    Words are measured once each (a line's width is its words' and spaces' widths), not every trial line."""
    words = text.split()
    space = measure(renderer, "a a", size, weight)[0] - measure(renderer, "aa", size, weight)[0]
    lines: list[str] = []
    line, line_w = "", 0.0
    for word in words:
        word_w = measure(renderer, word, size, weight)[0]
        if line and line_w + space + word_w > width_px:
            lines.append(line)
            line, line_w = word, word_w
        else:
            line, line_w = (f"{line} {word}", line_w + space + word_w) if line else (word, word_w)
    if line:
        lines.append(line)
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and measure(renderer, last + " …", size, weight)[0] > width_px:
            last = last[:-1]
        lines = lines[:max_lines - 1] + [last.rstrip() + " …"]
    return lines or [""]


def header_lines(fig, d: Drawing, panel, renderer) -> tuple[list[str], list[str]]:
    """The title's and the subtitle's lines, wrapped to the panel's width."""
    scene, preset = d.scene, d.preset
    _, _, w, _ = panel
    avail = (w - 2 * preset.margin_in) * fig.dpi
    title = wrap(renderer, clip(scene.title, 200), preset.title, avail, "bold", max_lines=1 if preset.thumb else 2)
    subtitle = wrap(renderer, clip(scene.subtitle, 240), preset.subtitle, avail, max_lines=2)
    if preset.name != "page" and len(subtitle) > 1:  # in a column or a thumbnail, the date alone
        subtitle = wrap(renderer, clip(scene.subtitle.split(" · ")[0], 240), preset.subtitle, avail, max_lines=2)
    return title, subtitle


def header(fig, d: Drawing, panel, renderer, reserve: tuple[int, int] | None = None):
    """Title and subtitle at the top of ``panel``; returns the y (inches) under them, and the two texts.

    ``reserve`` (lines of title, lines of subtitle) keeps room for more lines than this scene's (an atlas's
    maps share one layout)."""
    scene, preset = d.scene, d.preset
    x0, y0, w, h = panel
    m = preset.margin_in
    title, subtitle = header_lines(fig, d, panel, renderer)
    n_title, n_sub = max(len(title), reserve[0] if reserve else 0), max(len(subtitle), reserve[1] if reserve else 0)
    top = y0 + h - m * 0.9
    x, ha = (x0 + w - m, "right") if scene.t.rtl else (x0 + m, "left")  # right to left: set from the right edge
    texts = [fig.text(x / fig.get_figwidth(), top / fig.get_figheight(), "\n".join(title), fontsize=preset.title,
                      fontweight="bold", va="top", ha=ha, multialignment=ha, color=TITLE_COLOUR, linespacing=1.1)]
    top -= preset.title / 72 * (1 + 1.1 * 1.2 * (n_title - 1)) + preset.subtitle / 72 * 0.55
    texts.append(fig.text(x / fig.get_figwidth(), top / fig.get_figheight(), "\n".join(subtitle),
                          fontsize=preset.subtitle, va="top", ha=ha, multialignment=ha, color=SUBTITLE_COLOUR,
                          linespacing=1.15))
    top -= preset.subtitle / 72 * (1 + 1.15 * 1.2 * (n_sub - 1)) * 1.05
    return top - m * 0.6, texts


def credits_text(scene: Scene, towns: bool) -> str:
    """Every source of what is drawn, and that the shapes are approximate."""
    t = scene.t
    lines = list(scene.credits)
    places = t.data("credit", scene.atlas.credits.get("places", ""))
    if towns and places and places not in lines:
        lines.append(places)
    stop = t.p_("sentence", ". ")
    text = stop.join(c.rstrip(". ") for c in lines if c) + stop.rstrip()
    if t._("approximate") not in text.lower():
        text = t._("Shapes are approximate.") + " " + text
    return text


def footer(fig, d: Drawing, panel, renderer, towns: bool) -> float:
    """The credit line(s) at the bottom of ``panel``; returns the y (inches) above them."""
    scene, preset = d.scene, d.preset
    x0, y0, w, h = panel
    m = preset.margin_in
    size = preset.credits
    lines = wrap(renderer, credits_text(scene, towns), size, (w - 2 * m) * fig.dpi, max_lines=12)
    bottom = y0 + m * 0.7
    x, ha = (x0 + w - m, "right") if scene.t.rtl else (x0 + m, "left")
    text = fig.text(x / fig.get_figwidth(), bottom / fig.get_figheight(), "\n".join(lines), fontsize=size,
                    va="bottom", ha=ha, multialignment=ha, color=CREDIT_COLOUR, linespacing=1.25)
    height = size / 72 * (1 + 1.25 * 1.2 * (len(lines) - 1))
    if scene.t.rtl:  # Arabic letters stand taller than Latin: the lines take the room they really take
        height = max(height, text.get_window_extent(renderer).height / fig.dpi)
    return bottom + height + m * 0.5


def credits_block(fig, d: Drawing, x: float, top: float, width: float, bottom: float, renderer,
                  towns: bool) -> bool:
    """The credits as a block from ``top`` down, ``width`` wide (inches), if they fit above ``bottom``."""
    scene, preset = d.scene, d.preset
    if width < 1.0:
        return False
    size = preset.credits
    lines = wrap(renderer, credits_text(scene, towns), size, width * fig.dpi, max_lines=40)
    height = size / 72 * (1 + 1.25 * 1.2 * (len(lines) - 1))
    if top - height < bottom:
        return False
    x, ha = (x + width, "right") if scene.t.rtl else (x, "left")
    text = fig.text(x / fig.get_figwidth(), top / fig.get_figheight(), "\n".join(lines), fontsize=size, va="top",
                    ha=ha, multialignment=ha, color=CREDIT_COLOUR, linespacing=1.25)
    if scene.t.rtl and text.get_window_extent(renderer).y0 / fig.dpi < bottom:  # taller Arabic lines: no room
        text.remove()
        return False
    return True


def legend(fig, d: Drawing, top: float, bottom: float, renderer):
    """The legend, sized to fit between ``top`` and ``bottom`` (inches); returns (artist, width, height) in
    inches, or (None, 0, 0) when none is drawn. :func:`place_legend` puts it where the layout says."""
    scene, preset = d.scene, d.preset
    if not preset.legend_shown or not scene.legend:
        return None, 0.0, 0.0
    limit = LEGEND_WRAP.get(preset.name, 32)
    handles = [_handle(e, limit, preset) for e in scene.legend]
    fh = fig.get_figheight()
    rtl = scene.t.rtl  # right to left: the swatches at the right of their labels, the column set from the right
    for scale in (1.0, 0.9, 0.8, 0.7):
        lg = fig.legend(handles=handles, loc="upper right" if rtl else "upper left", bbox_to_anchor=(0, top / fh),
                        frameon=False, fontsize=preset.legend * scale, handlelength=1.8, handleheight=1.0,
                        borderaxespad=0, borderpad=0, labelspacing=0.55 * scale, handletextpad=0.6,
                        title=scene.t._("Key"), title_fontsize=preset.legend * scale * 1.08,
                        alignment="right" if rtl else "left", markerfirst=not rtl)
        lg.get_title().set_fontweight("bold")
        if rtl:
            for text in lg.get_texts():
                text.set_multialignment("right")
        lg.zonemap_handles = handles
        box = lg.get_window_extent(renderer)
        if box.y0 / fig.dpi >= bottom or scale == 0.7:
            break
        lg.remove()
    return lg, box.width / fig.dpi, box.height / fig.dpi


def legend_size(fig, d: Drawing, renderer) -> tuple[float, float]:
    """About the size (inches) :func:`legend` gives at full scale, without building it (an atlas measures the
    legends of all its maps to share one layout): exact in width, a little generous in height."""
    scene, preset = d.scene, d.preset
    if not preset.legend_shown or not scene.legend:
        return 0.0, 0.0
    fs = preset.legend
    labels = [_legend_label(e.label, LEGEND_WRAP.get(preset.name, 32)) for e in scene.legend]
    text_w = max(measure(renderer, label, fs)[0] for label in labels) / fig.dpi
    title_w = measure(renderer, scene.t._("Key"), fs * 1.08, "bold")[0] / fig.dpi
    lines = sum(label.count("\n") + 1 for label in labels)
    height = (fs * 1.08 * 1.2 + lines * fs * 1.17 + len(labels) * 0.55 * fs) / 72 * 0.95
    return max(text_w + 2.4 * fs / 72, title_w), height


def legend_entries(lg) -> list[tuple[str, str]]:
    """The key as drawn: each row's label (its wrapped lines joined) and its swatch's colour (#RRGGBB): a patch's
    fill, or the colour of its hatching or dashed outline for a hatched or dashed swatch; a line's or a marker's
    colour."""
    from matplotlib.colors import to_hex
    from matplotlib.lines import Line2D

    rows = []
    # The handles :func:`legend` gave: the legend's own copies of them lose their line style.
    handles = getattr(lg, "zonemap_handles", None) or lg.legend_handles
    for text, handle in zip(lg.get_texts(), handles, strict=True):
        if isinstance(handle, Line2D):
            colour = handle.get_color()
        else:
            outlined = handle.get_hatch() or handle.get_linestyle() not in ("solid", "-")
            colour = handle.get_edgecolor() if outlined else handle.get_facecolor()
        rows.append((" ".join(text.get_text().split()), to_hex(colour, keep_alpha=False).upper()))
    return rows


def place_legend(fig, lg, x: float, top: float, width: float = 0.0, rtl: bool = False) -> None:
    """The legend's column starts at ``x`` (inches) and is ``width`` wide; a right-to-left legend (made anchored
    at its upper right) is set against the column's right edge."""
    x = x + width if rtl else x
    lg.set_bbox_to_anchor((x / fig.get_figwidth(), top / fig.get_figheight()), transform=fig.transFigure)


def _legend_label(label: str, limit: int) -> str:
    """Wrapped at ``limit`` characters, the first line never shorter than 30 (it names the entry)."""
    words = clip(label, 140).split(" ")
    lines, line = [], ""
    for word in words:
        trial = f"{line} {word}" if line else word
        if line and len(trial) > limit and (lines or len(line) >= 30):
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    return "\n  ".join(lines)


def _handle(entry: LegendEntry, limit: int, preset):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    label = _legend_label(entry.label, limit)
    c = entry.colour
    k = preset.line
    if entry.swatch == "fill":
        alpha = AREA_ALPHA["highlighted"] if entry.opacity >= 0.5 else AREA_ALPHA["context"]
        if c == style.DIMMED:
            alpha = AREA_ALPHA["dimmed"]
        return Patch(facecolor=c, alpha=alpha, edgecolor=c, linewidth=0.8 * k, label=label)
    if entry.swatch == "country":
        return Patch(facecolor=c, alpha=0.25, edgecolor=style.OUTLINE, linewidth=0.8 * k, label=label)
    if entry.swatch == "hatch":
        return Patch(facecolor="white", edgecolor=c, hatch=entry.hatch or "////", linewidth=0.8 * k, linestyle=(0, (4, 2)),
                     label=label)
    if entry.swatch == "dash":
        return Patch(facecolor="#E9E9E9", edgecolor=c, linewidth=0.7 * k, linestyle=(0, (3, 2)), label=label)
    if entry.swatch == "outline":  # the map's dashed line, its dashes as the map draws them
        return Line2D([], [], color=c, linewidth=1.1 * k, linestyle=(0, entry.dash or (5.0, 3.0)), label=label)
    if entry.swatch == "marker":
        return Line2D([], [], marker="*", color=c, markeredgecolor="white", linestyle="none", markersize=8 * k, label=label)
    if entry.swatch == "point":
        return Line2D([], [], marker="o", color=c, markeredgecolor="white", linestyle="none", markersize=4.5 * k, label=label)
    if c == style.GOVERNORATE:
        return Line2D([], [], color=c, linewidth=0.8 * k, linestyle=(0, (5, 2, 1, 2)), label=label)
    if c == style.ROAD:
        return Line2D([], [], color=c, linewidth=1.0 * k, linestyle=(0, (4, 2)), label=label)
    return Line2D([], [], color=c, linewidth=1.2 * k, label=label)


def provisions(fig, d: Drawing, x: float, top_in: float, bottom: float, renderer, width_px: float) -> Text | None:
    """Under the legend: the titles of the provisions a filter shows, when there are a few and room for them.

    Returns the text drawn, or None when nothing was drawn."""
    scene, preset = d.scene, d.preset
    from geo.model.local import local_label

    shown = scene.provisions
    if not scene.view.filtered or shown.empty or len(shown) > 4:
        return None
    t = scene.t
    size = preset.legend * 0.92
    lines = [t._("Provisions shown")]
    for key, title in zip(shown["key"], shown["title"], strict=True):
        label = t._("%(label)s. %(title)s", label=local_label(scene.atlas, key, t.lang),
                    title=clip(t.data("provision title", title), 90))
        lines += wrap(renderer, label, size, width_px, max_lines=3)
    x, ha = (x + width_px / fig.dpi, "right") if t.rtl else (x, "left")
    text = fig.text(x / fig.get_figwidth(), top_in / fig.get_figheight(), "\n".join(lines), fontsize=size, va="top",
                    ha=ha, multialignment=ha, color="#333333", linespacing=1.3)
    if text.get_window_extent(renderer).y0 / fig.dpi < bottom:
        text.remove()  # no room beside the map: the title already says what is shown
        return None
    return text


def scale_bar(ax, preset, location: str = "lower right", fraction: float = 0.22, small: bool = False,
              lang: str = "en") -> None:
    from matplotlib_scalebar.scalebar import ScaleBar

    from geo.base.i18n import translator

    t = translator(lang)
    units = {"km": t.p_("unit", "km"), "m": t.p_("unit", "m")}
    size = preset.legend * (0.85 if small else 0.95)
    ax.add_artist(ScaleBar(1, units="m", location=location, length_fraction=fraction, font_properties={"size": size},
                           box_alpha=0.8 if not small else 0.7, border_pad=0.35 if small else 0.5, pad=0.3,
                           sep=1.5, scale_loc="top", color="#222222", width_fraction=0.012 if not small else 0.02,
                           scale_formatter=lambda value, unit: t._("%(value)s %(unit)s", value=value,
                                                                   unit=units.get(unit, unit))))


def north_arrow(ax, preset, lang: str = "en") -> None:
    from geo.base.i18n import translator

    size = preset.legend * 1.1
    ax.annotate(translator(lang).p_("north arrow", "N"), xy=(0.045, 0.965), xytext=(0.045, 0.9), xycoords="axes fraction", textcoords="axes fraction",
                ha="center", va="center", fontsize=size, fontweight="bold", color="#222222", zorder=9,
                arrowprops={"arrowstyle": "-|>,head_length=0.6,head_width=0.3", "color": "#222222",
                            "linewidth": 1.0 * preset.line, "shrinkA": size * 0.6, "shrinkB": 0})


def inset_title(fig, slot, preset, text: str, rtl: bool = False) -> None:
    """The inset's name over it, made smaller (to three quarters) or cut with an ellipsis to fit its width."""
    x, y, w, h = slot.rect
    renderer = fig.canvas.get_renderer()
    size = preset.inset
    text = clip(text, 60)
    while size > preset.inset * 0.75 and measure(renderer, text, size, "bold")[0] > w * fig.dpi:
        size *= 0.95
    line = wrap(renderer, text, size, w * fig.dpi, "bold", max_lines=1)[0]
    x, ha = (x + w, "right") if rtl else (x, "left")
    fig.text(x / fig.get_figwidth(), (y + h + preset.inset / 72 * 0.25) / fig.get_figheight(), line,
             fontsize=size, fontweight="bold", va="bottom", ha=ha, color=TITLE_COLOUR)


def frame_rect(ax, extent, preset, colour: str = "#222222", width: float = 0.7) -> None:
    from matplotlib.patches import Rectangle

    x0, x1, y0, y1 = extent
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor="none", edgecolor=colour,
                           linewidth=width * preset.line, zorder=9))
