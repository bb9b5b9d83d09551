"""The map's layers as matplotlib patches: sea, neighbours, land, governorates, areas and zones, roads,
posts and the marked place — each styled as the scene says.

Projected and simplified layers are cached per atlas (its content key) and per simplification step, so an
atlas of fourteen maps projects and simplifies each layer once, not fourteen times.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import shapely

from geo.base import style
from geo.base.crs import METRIC as CRS
from geo.base.crs import WGS84
from geo.base.errors import ExportError
from geo.scene.scene import Scene, agreed_dash

from .output import Output

__all__ = ["Drawing", "Layers", "layers_for", "draw_base", "draw_shapes", "draw_over", "add_tiles", "to_map", "path_of"]

# Areas a little lighter than the page's, so their names stay readable on them; the same alpha in the legend.
AREA_ALPHA = {"selected": 0.62, "highlighted": 0.5, "context": 0.28, "dimmed": 0.45}
ZONE_EDGE = "#5A3A1A"
TOWN = "#222222"


def to_map(lon, lat):
    """(x, y) in the drawing CRS for WGS84 longitudes and latitudes (scalars or arrays)."""
    return _transformer().transform(lon, lat)


@dataclass
class Layers:
    """One atlas's layers in the drawing CRS at one simplification step, with matplotlib paths built lazily."""

    outline: Any  # GeoDataFrame: kind, name, geometry
    governorates: Any
    neighbours: Any
    areas: Any  # every dated state; rows keyed by (id, valid_from)
    posts: Any
    roads: Any
    step: float
    _paths: dict

    def path(self, layer: str, index: Any):
        """The path of row ``index`` (a position, positions, or ``slice(None)`` for all) of ``layer``."""
        if isinstance(index, slice):
            key, rows = (layer, "all"), slice(None)
        elif isinstance(index, (int, np.integer)):
            key, rows = (layer, int(index)), [int(index)]
        else:
            key = (layer, tuple(int(i) for i in index))
            rows = list(key[1])
        if key not in self._paths:
            self._paths[key] = path_of(list(getattr(self, layer).geometry.iloc[rows]))
        return self._paths[key]

    def area_index(self, scene_shapes) -> list[int]:
        """Positions in :attr:`areas` of the scene's shapes (same id and period)."""
        if "lookup" not in self._paths:
            self._paths["lookup"] = {k: i for i, k in enumerate(zip(self.areas["id"], self.areas["valid_from"],
                                                                    strict=True))}
        lookup = self._paths["lookup"]
        keys = tuple(zip(scene_shapes["id"].tolist(), scene_shapes["valid_from"].tolist(), strict=True))
        if keys not in self._paths:
            self._paths[keys] = [lookup[k] for k in keys] if all(k in lookup for k in keys) else []
        return self._paths[keys]


@dataclass(frozen=True, eq=False)
class Drawing:
    """The one value a static map is drawn from: the scene, how it is written (``output``, its preset resolved)
    and, for the axes at hand, the atlas's layers projected and simplified for them (None until :meth:`at`)."""

    scene: Scene
    output: Output
    layers: Layers | None = None

    @classmethod
    def of(cls, scene: Scene, output: Output) -> Drawing:
        return cls(scene, output.resolved())

    @property
    def preset(self):
        return self.output.preset

    def at(self, tolerance: float) -> Drawing:
        """The same drawing with its layers simplified to about ``tolerance`` metres (for one axes)."""
        return replace(self, layers=layers_for(self.scene.atlas, tolerance))


_CACHE: OrderedDict = OrderedDict()
_BY_OBJECT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
_KEEP = 24  # cached (atlas, step) pairs


def layers_for(atlas, tolerance: float) -> Layers:
    """The atlas's layers projected and simplified to about ``tolerance`` metres (cached; rounded down to a power of 2)."""
    step = 2.0 ** math.floor(math.log2(max(tolerance, 1.0)))
    owner = atlas.key or None
    with _LOCK:
        store = _CACHE if owner else _BY_OBJECT.setdefault(atlas, OrderedDict())
        key = (owner, step) if owner else step
        if key in store:
            store.move_to_end(key)
            return store[key]
    layers = _build(atlas, step)
    with _LOCK:
        store[key] = layers
        while len(store) > _KEEP:
            store.popitem(last=False)
    return layers


def _build(atlas, step: float) -> Layers:
    projected = _projected(atlas)

    def simplified(name: str, simplify: bool = True):
        gdf = projected[name]
        if simplify and not gdf.empty:
            gdf = gdf.copy()
            gdf.geometry = shapely.simplify(gdf.geometry.values, step, preserve_topology=True)
        return gdf

    return Layers(outline=simplified("outline"), governorates=simplified("governorates"),
                  neighbours=simplified("neighbours"), areas=simplified("areas"), posts=projected["posts"],
                  roads=simplified("roads"), step=step, _paths={})


class _ProjectedCache:
    """The atlas's layers in the drawing CRS, unsimplified, for the few atlases in use."""

    def __init__(self):
        self._store: OrderedDict = OrderedDict()
        self._objects: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __call__(self, atlas) -> dict:
        owner = atlas.key or None
        with _LOCK:
            found = self._store.get(owner) if owner else self._objects.get(atlas)
        if found is not None:
            return found
        out = {}
        for name in ("outline", "governorates", "neighbours", "areas", "posts", "roads"):
            gdf = getattr(atlas, name)
            gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)]
            out[name] = gdf.to_crs(CRS).reset_index(drop=True)
        with _LOCK:
            if owner:
                self._store[owner] = out
                while len(self._store) > 4:
                    self._store.popitem(last=False)
            else:
                self._objects[atlas] = out
        return out


_projected = _ProjectedCache()


# --- drawing -------------------------------------------------------------------------------------


BASE_Z, OVER_Z = 2.9, 6.0  # below BASE_Z: the same on every map of an atlas; from OVER_Z up: likewise


def draw_base(ax, d: Drawing, detail: str = "main") -> None:
    """What lies under the areas: sea, neighbours, land, governorate boundaries (zorder below BASE_Z)."""
    scene, layers = d.scene, d.layers
    k = _k(d.preset, detail)
    ax.set_facecolor(style.SEA if not layers.neighbours.empty else "#EEF3F7")
    ax.set_aspect("equal", adjustable="box", anchor="C")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_edgecolor("#777777" if detail != "main" else "#999999")
        side.set_linewidth(0.6 * max(k, 0.7))
    nb = layers.neighbours
    if not nb.empty:
        sea = np.flatnonzero((nb["kind"] == "sea").to_numpy())
        land = np.flatnonzero((nb["kind"] != "sea").to_numpy())
        if len(sea):
            _patch(ax, layers.path("neighbours", sea), facecolor=style.SEA, edgecolor="none", zorder=0.5)
        if len(land):
            _patch(ax, layers.path("neighbours", land), facecolor=style.NEIGHBOUR, edgecolor="#BDB8AC",
                   linewidth=0.5 * k, zorder=0.6)
    _patch(ax, _country_path(layers), facecolor=style.LAND, edgecolor="none", zorder=0.9)
    if "governorates" in scene.layers and detail != "locator" and not layers.governorates.empty:
        _patch(ax, layers.path("governorates", slice(None)), facecolor="none", edgecolor=style.GOVERNORATE,
               linewidth=0.45 * k, linestyle=(0, (5, 2, 1, 2)) if detail == "main" else "-", alpha=0.8, zorder=2)


def draw_shapes(ax, d: Drawing, detail: str = "main") -> list:
    """What changes from one map of an atlas to the next: the country's tint, the areas and zones, styled by
    their state (zorder from BASE_Z to below OVER_Z). Returns the artists."""
    scene, layers = d.scene, d.layers
    k = _k(d.preset, detail)
    out = []
    if scene.country_fill:  # a provision for Syria as a whole: a light tint and a band inside the border
        country = _country_path(layers)
        out.append(_patch(ax, country, facecolor=scene.country_fill, alpha=0.1, edgecolor="none", zorder=BASE_Z))
        band = _patch(ax, country, facecolor="none", edgecolor=scene.country_fill, alpha=0.55,
                      linewidth=(2.2 if detail == "locator" else 5.0) * k, zorder=BASE_Z)
        if band is not None:
            band.set_clip_path(band.get_path(), band.get_transform())  # only the inner half of the stroke
            out.append(band)
    shapes = scene.shapes
    index = layers.area_index(shapes)
    for i, row in enumerate(_rows(scene)):
        cut = row.geometry is not None and index and row.cut  # the scene cut it under a lit zone: draw its own shape
        path = layers.path("areas", index[i]) if index and not cut else path_of([_project_one(row.geometry)])
        if path is None:
            continue
        z = {"selected": 5, "highlighted": 4, "context": 3.5, "dimmed": 3}[row.state] + (0 if row.is_area else 0.5)
        if row.is_area:
            out.append(_patch(ax, path, facecolor=row.fill, alpha=AREA_ALPHA[row.state], edgecolor="none", zorder=z))
            out.append(_patch(ax, path, facecolor="none", edgecolor=row.edge if row.state != "dimmed" else "#9A9A9A",
                              linewidth=(0.6 if detail == "locator" else row.edge_width * 0.6) * k, zorder=z))
        else:
            if detail == "locator":
                continue
            colour = row.fill if row.state != "dimmed" else style.CONTEXT
            if row.state != "dimmed" and row.fill_opacity:  # a lit zone as strong as a lit area, else a tint
                alpha = AREA_ALPHA["highlighted"] if row.fill_opacity >= 0.5 else min(float(row.fill_opacity), 0.3)
                out.append(_patch(ax, path, facecolor=colour, alpha=alpha, edgecolor="none", zorder=z))
            out.append(_patch(ax, path, facecolor="none", edgecolor=colour, hatch=row.hatch or "////", linewidth=0,
                              alpha=0.85, zorder=z))
            out.append(_patch(ax, path, facecolor="none", edgecolor=colour, linewidth=max(row.edge_width * 0.5, 0.7) * k,
                              linestyle=(0, (4, 2)), zorder=z))
    agreed = scene.agreed
    if agreed is not None and not agreed.empty and detail != "locator":  # the areas as agreed: dashed lines
        sch = scene.atlas.schema
        for kind, geom in zip(agreed["kind"], agreed.geometry, strict=True):
            dash = agreed_dash(sch, kind)
            for line in shapely.get_parts(_project_one(geom)):
                xy = shapely.get_coordinates(line)
                out.extend(ax.plot(xy[:, 0], xy[:, 1], color=sch.colour(kind, style.OUTLINE), linewidth=1.1 * k,
                                   linestyle=(0, dash), zorder=OVER_Z - 0.05, solid_capstyle="butt"))
    return [a for a in out if a is not None]


def draw_over(ax, d: Drawing, detail: str = "main") -> None:
    """What lies over the areas: the occupied Golan, the national border, roads, posts (zorder OVER_Z and up)."""
    scene, layers = d.scene, d.layers
    k = _k(d.preset, detail)
    others = np.flatnonzero((layers.outline["kind"] != "country").to_numpy())
    if len(others):
        other = layers.path("outline", others)
        _patch(ax, other, facecolor=style.OCCUPIED, alpha=0.12, edgecolor="none", zorder=OVER_Z)
        _patch(ax, other, facecolor="none", edgecolor=style.OCCUPIED, linewidth=0.7 * k, linestyle=(0, (3, 2)),
               zorder=OVER_Z)
    _patch(ax, _country_path(layers), facecolor="none", edgecolor=style.OUTLINE,
           linewidth=(1.1 if detail != "locator" else 0.7) * k, zorder=OVER_Z)
    if detail == "locator":
        return
    roads = scene.dated.roads
    if not roads.empty and not layers.roads.empty:
        keep = set(roads["name"])
        for geom, name in zip(layers.roads.geometry, layers.roads["name"], strict=True):
            if name not in keep or geom is None:
                continue
            for line in getattr(geom, "geoms", [geom]):
                xy = shapely.get_coordinates(line)
                ax.plot(xy[:, 0], xy[:, 1], color=style.ROAD, linewidth=1.0 * k, linestyle=(0, (4, 2)), zorder=6.5)
    if not scene.posts.empty:
        x, y = to_map(scene.posts.geometry.x.to_numpy(), scene.posts.geometry.y.to_numpy())
        ax.plot(x, y, marker="o", markersize=3.6 * k, color=style.POST, markeredgecolor="white",
                markeredgewidth=0.6 * k, linestyle="none", zorder=8.5)


_ROWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _rows(scene: Scene) -> list:
    """The scene's shapes as plain rows, once per scene (an atlas draws them on four axes)."""
    if scene not in _ROWS:
        cols = ["state", "is_area", "fill", "edge", "edge_width", "hatch", "fill_opacity", "cut", "geometry"]
        frame = scene.shapes
        values = [frame[c].tolist() if c != "geometry" else list(frame.geometry) for c in cols]
        from types import SimpleNamespace

        _ROWS[scene] = [SimpleNamespace(**dict(zip(cols, v, strict=True))) for v in zip(*values, strict=True)]
    return _ROWS[scene]


def _k(preset, detail: str) -> float:
    return preset.line * (0.6 if detail == "locator" else 1.0)


def _country_path(layers: Layers):
    return layers.path("outline", np.flatnonzero((layers.outline["kind"] == "country").to_numpy()))


def _project_one(geom):
    xy = shapely.get_coordinates(geom)
    x, y = to_map(xy[:, 0], xy[:, 1])
    return shapely.set_coordinates(geom, np.column_stack([x, y]))


def _patch(ax, path, **kwargs):
    from matplotlib.patches import PathPatch

    if path is None:
        return None
    # add_artist, not add_patch: the limits are set already, and add_patch walks every curve to update them.
    return ax.add_artist(PathPatch(path, **kwargs))


def add_tiles(ax, tiles: Any) -> None:
    """Opt-in basemap (needs the network and the contextily package); never used by default."""
    try:
        import contextily
    except ImportError:
        raise ExportError("a tile basemap needs the contextily package (pip install contextily)") from None
    try:
        contextily.add_basemap(ax, crs=CRS, source=tiles if isinstance(tiles, str) else None, zorder=0)
    except Exception as exc:  # network or tile server errors: one clean message
        raise ExportError(f"tile basemap could not be fetched: {exc}") from None


def path_of(geoms):
    """One compound matplotlib path for polygons (holes kept: rings are oriented)."""
    from matplotlib.path import Path

    parts, codes = [], []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        for poly in getattr(geom, "geoms", [geom]):
            if poly.geom_type != "Polygon" or poly.is_empty:
                continue
            poly = shapely.geometry.polygon.orient(poly, 1.0)
            for ring in (poly.exterior, *poly.interiors):
                xy = shapely.get_coordinates(ring)
                if len(xy) < 3:
                    continue
                c = np.full(len(xy), Path.LINETO, dtype=Path.code_type)
                c[0], c[-1] = Path.MOVETO, Path.CLOSEPOLY
                parts.append(xy)
                codes.append(c)
    if not parts:
        return None
    return Path(np.concatenate(parts), np.concatenate(codes))


_TRANSFORMER = None


def _transformer():
    global _TRANSFORMER
    if _TRANSFORMER is None:
        from pyproj import Transformer

        _TRANSFORMER = Transformer.from_crs(WGS84, CRS, always_xy=True)
    return _TRANSFORMER
