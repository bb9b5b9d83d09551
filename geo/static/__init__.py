"""The static map (PNG, SVG, PDF) of a :class:`~geo.scene.Scene`: GeoPandas for the layers, matplotlib for
the drawing. It decides nothing that the scene has decided: states, colours, legend, title and credits.

- :mod:`.layout` — the figure, the map's box and extent, where a coordinate falls in the picture;
- :mod:`.layers` — land, neighbours, the areas and zones, posts, roads, the marked place;
- :mod:`.labels` — towns and governorate names, placed off each other;
- :mod:`.furniture` — title, subtitle, legend, scale bar, north arrow, credits.

Drawing is in UTM zone 37N (EPSG:32637), so the scale bar in km is honest across Syria. Only the Agg canvas
and the SVG/PDF backends are used; pyplot is never imported (no global figure state).
"""

from __future__ import annotations

from typing import Any, BinaryIO

from ..scene import Scene
from . import furniture, labels, layers, layout

__all__ = ["CRS", "draw", "pixel_of"]

CRS = layout.CRS


def draw(scene: Scene, out: BinaryIO, fmt: str, width: int, height: int, tiles: Any = None) -> None:
    """Write the map of ``scene`` to ``out`` as PNG, SVG or PDF; a PNG is exactly ``width`` × ``height`` pixels."""
    matplotlib = layout.matplotlib()
    box = layout.Box(scene, width, height)
    projected = layers.project(scene, box.tolerance(fmt))
    with matplotlib.rc_context(layout.RC):
        fig = layout.figure(width, height)
        ax = fig.add_axes(box.axes)
        box.apply(ax)
        layers.draw(ax, scene, projected)
        labels.draw(ax, scene, projected)
        if tiles is not None:
            layers.add_tiles(ax, tiles)
        furniture.draw(fig, ax, scene, box)
        fig.savefig(out, format=fmt, dpi=box.dpi, metadata=layout.metadata(fmt, scene.title), facecolor="white")


def pixel_of(scene: Scene, lon: float, lat: float, width: int, height: int) -> tuple[int, int]:
    """Where (``lon``, ``lat``) falls in a PNG of this scene and size: (column, row) from the top left."""
    return layout.Box(scene, width, height).pixel_of(lon, lat)
