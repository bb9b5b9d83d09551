"""The figure and the map's box: one layout at every size, the extent, and where a coordinate falls.

The figure is always :data:`FIG_WIDTH_IN` inches wide and its resolution follows the requested width, so
text and lines keep their proportions; the map's box has fixed margins in inches.
"""

from __future__ import annotations

import sys
from typing import Any

from ..scene import Scene

__all__ = ["CRS", "FIG_WIDTH_IN", "RC", "Box", "figure", "metadata", "matplotlib"]

CRS = "EPSG:32637"  # UTM 37N: metres, true to scale across Syria
FIG_WIDTH_IN = 8.0
FONT = "DejaVu Sans"
# Vertical layout in inches (the figure is always FIG_WIDTH_IN wide, its height follows the aspect):
TITLE_IN, SUBTITLE_IN, MAP_TOP_IN, MAP_BOTTOM_IN, SOURCE_IN = 0.2, 0.5, 0.72, 0.42, 0.07
MAP_LEFT, MAP_WIDTH = 0.015, 0.665  # figure fraction
SIDE_X = 0.695
RC = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT],
    "text.parse_math": False,  # a "$" in a user's area name is a dollar sign, not mathtext (which could fail)
    "svg.fonttype": "none",  # text stays text: area names are searchable in the SVG
    "svg.hashsalt": "zonemap",  # stable ids: the same view gives the same SVG
    "pdf.fonttype": 42,
    "hatch.linewidth": 0.8,
}


class Box:
    """The map's axes in the figure and the extent they show, for one scene and size."""

    def __init__(self, scene: Scene, width: int, height: int):
        self.width, self.height = width, height
        self.dpi = width / FIG_WIDTH_IN
        self.fig_h = FIG_WIDTH_IN * height / width
        self.axes = (MAP_LEFT, MAP_BOTTOM_IN / self.fig_h, MAP_WIDTH,
                     max(self.fig_h - MAP_TOP_IN - MAP_BOTTOM_IN, 0.2) / self.fig_h)
        self.extent = self._extent(_projected_bounds(scene))

    def apply(self, ax) -> None:
        x0, x1, y0, y1 = self.extent
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)

    def tolerance(self, fmt: str) -> float:
        """Simplification tolerance in metres: half a pixel for PNG, a tenth for vector formats."""
        x0, x1, _, _ = self.extent
        metres_per_px = (x1 - x0) / (self.width * self.axes[2])
        return (0.5 if fmt == "png" else 0.1) * metres_per_px

    def pixel_of(self, lon: float, lat: float) -> tuple[int, int]:
        from pyproj import Transformer

        x, y = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(lon, lat)
        x0, x1, y0, y1 = self.extent
        left, bottom, box_w, box_h = self.axes
        col = (left + box_w * (x - x0) / (x1 - x0)) * self.width
        row = (1 - (bottom + box_h * (y - y0) / (y1 - y0))) * self.height
        return int(col), int(row)

    def _extent(self, bounds: Any) -> tuple[float, float, float, float]:
        """The frame with a margin, widened to the box's shape so that equal aspect changes nothing later."""
        x0, y0, x1, y1 = bounds
        pad_x, pad_y = (x1 - x0) * 0.04, (y1 - y0) * 0.04
        x0, x1, y0, y1 = x0 - pad_x, x1 + pad_x, y0 - pad_y * 2.5, y1 + pad_y
        _, _, box_w, box_h = self.axes
        ratio = (box_h * self.height) / (box_w * self.width)
        if (y1 - y0) / (x1 - x0) < ratio:
            grow = (x1 - x0) * ratio - (y1 - y0)
            y0, y1 = y0 - grow / 2, y1 + grow / 2
        else:
            grow = (y1 - y0) / ratio - (x1 - x0)
            x0, x1 = x0 - grow / 2, x1 + grow / 2
        return x0, x1, y0, y1


def _projected_bounds(scene: Scene) -> Any:
    outline = scene.atlas.outline
    return outline[outline["kind"] == "country"].to_crs(CRS).total_bounds


def matplotlib():
    import matplotlib as mpl

    if "matplotlib.pyplot" not in sys.modules:
        mpl.use("Agg")
    return mpl


def figure(width: int, height: int):
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    dpi = width / FIG_WIDTH_IN
    # A quarter pixel of slack: the canvas truncates its size to whole pixels.
    fig = Figure(figsize=((width + 0.25) / dpi, (height + 0.25) / dpi), dpi=dpi, facecolor="white")
    FigureCanvasAgg(fig)
    return fig


def metadata(fmt: str, title: str) -> dict:
    if fmt == "png":
        return {"Title": title, "Software": "zonemap"}
    if fmt == "svg":
        return {"Title": title, "Date": None, "Creator": "zonemap"}
    return {"Title": title, "Creator": "zonemap", "Producer": "zonemap", "CreationDate": None, "ModDate": None}
