"""The map's layers as matplotlib patches: sea, neighbours, land, governorates, areas and zones, roads,
posts and the marked place — each styled as the scene says."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import shapely

from .. import style
from ..errors import ExportError
from ..scene import Scene
from .layout import CRS

__all__ = ["Projected", "project", "draw", "add_tiles", "fill"]


@dataclass(frozen=True)
class Projected:
    """The scene's layers in the drawing CRS, simplified to the picture's resolution."""

    shapes: gpd.GeoDataFrame
    country: gpd.GeoDataFrame
    others: gpd.GeoDataFrame
    governorates: gpd.GeoDataFrame
    neighbours: gpd.GeoDataFrame
    posts: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame


def project(scene: Scene, tolerance: float) -> Projected:
    atlas = scene.atlas

    def prep(gdf: gpd.GeoDataFrame, simplify: bool = True) -> gpd.GeoDataFrame:
        gdf = gdf[~(gdf.geometry.isna() | gdf.geometry.is_empty)].to_crs(CRS)
        if simplify and not gdf.empty:
            gdf = gdf.copy()
            gdf.geometry = shapely.simplify(gdf.geometry.values, tolerance, preserve_topology=True)
        return gdf

    outline = atlas.outline
    return Projected(
        shapes=prep(scene.shapes), country=prep(outline[outline["kind"] == "country"]),
        others=prep(outline[outline["kind"] != "country"]),
        governorates=prep(atlas.governorates) if "governorates" in scene.layers else prep(atlas.governorates.iloc[0:0]),
        neighbours=prep(atlas.neighbours), posts=prep(scene.posts, simplify=False), roads=prep(scene.dated.roads))


def draw(ax, scene: Scene, p: Projected) -> None:
    ax.set_facecolor(style.SEA if not p.neighbours.empty else "#EEF3F7")
    ax.set_aspect("equal")
    for side in ax.spines.values():
        side.set_edgecolor("#999999")
        side.set_linewidth(0.6)
    ax.set_xticks([])
    ax.set_yticks([])
    for row in p.neighbours.itertuples(index=False):
        if row.kind == "sea":
            fill(ax, [row.geometry], facecolor=style.SEA, edgecolor="none", zorder=0.5)
        else:
            fill(ax, [row.geometry], facecolor=style.NEIGHBOUR, edgecolor="#B9B4A8", linewidth=0.5, zorder=0.6)
    fill(ax, p.country.geometry, facecolor=scene.country_fill or style.LAND,
         alpha=0.35 if scene.country_fill else 1.0, edgecolor="none", zorder=1)
    if scene.country_fill:  # the tint over white land, not over the sea
        fill(ax, p.country.geometry, facecolor=style.LAND, edgecolor="none", zorder=0.9)
    fill(ax, p.governorates.geometry, facecolor="none", edgecolor=style.GOVERNORATE, linewidth=0.5, zorder=2)
    for row in p.shapes.itertuples(index=False):
        z = {"selected": 5, "highlighted": 4, "context": 3.5, "dimmed": 3}[row.state] + (0 if row.is_area else 1.5)
        if row.is_area:
            fill(ax, [row.geometry], facecolor=row.fill, alpha=min(row.fill_opacity + 0.15, 0.85), edgecolor="none",
                 zorder=z)
        else:
            fill(ax, [row.geometry], facecolor="none", edgecolor=row.fill if row.state != "dimmed" else style.CONTEXT,
                 hatch=row.hatch or "////", linewidth=0, alpha=0.9, zorder=z)
        fill(ax, [row.geometry], facecolor="none", edgecolor=row.edge, linewidth=row.edge_width * 0.55,
             linestyle="-" if row.is_area else (0, (4, 2)), zorder=z)
    fill(ax, p.others.geometry, facecolor=style.OCCUPIED, alpha=0.15, edgecolor="none", zorder=6)
    fill(ax, p.others.geometry, facecolor="none", edgecolor=style.OCCUPIED, linewidth=0.7, linestyle=(0, (3, 2)), zorder=6)
    fill(ax, p.country.geometry, facecolor="none", edgecolor=style.OUTLINE, linewidth=1.1, zorder=6)
    for geom in p.roads.geometry:
        for line in getattr(geom, "geoms", [geom]):
            x, y = line.xy
            ax.plot(x, y, color=style.ROAD, linewidth=1.0, linestyle=(0, (4, 2)), zorder=6.5)
    for geom in p.posts.geometry:
        ax.plot([geom.x], [geom.y], marker="o", markersize=3.6, color=style.POST, markeredgecolor="white",
                markeredgewidth=0.6, linestyle="none", zorder=8.5)
    if scene.marker is not None:
        from pyproj import Transformer

        x, y = Transformer.from_crs("EPSG:4326", CRS, always_xy=True).transform(scene.marker.lon, scene.marker.lat)
        ax.plot([x], [y], marker="o", markersize=5.5, color=style.MARKER, markeredgecolor="white",
                markeredgewidth=1.0, zorder=9)


def fill(ax, geoms, **kwargs) -> None:
    from matplotlib.patches import PathPatch

    path = _path(geoms)
    if path is not None:
        ax.add_patch(PathPatch(path, **kwargs))


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
