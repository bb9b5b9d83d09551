"""The interactive map of a :class:`~geo.view.View`, drawn with folium.

:func:`build_map` is the whole map (used by the HTML export). The page draws the same map in
two parts so that a click or a filter does not reload the map frame: :func:`base_map` (outline,
governorates, legend, note, scale: changes only with the layers and the basemap) and
:func:`view_layer` (the areas coloured or dimmed, the security zone, the country highlight and
the place marker: changes with the view), passed to streamlit-folium's ``feature_group_to_add``.

Every string that came from a file is escaped with :func:`escape_text` before it reaches the map:
HTML-escaped (folium's tooltips put values into ``innerHTML``) and with ``{`` and ``}`` as character
references, because branca renders each element's script and then parses the result again as a Jinja
template — a name holding ``{{ … }}`` or ``{% … %}`` would otherwise be run as a template on the server.
"""

from __future__ import annotations

import html
from typing import Any

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from . import style
from .load import AREA_KIND, ZONE_KIND
from .view import Highlight, View, feature_state, highlight

__all__ = ["escape_text", "TILES", "build_map", "base_map", "view_layer", "legend_html", "geojson_of"]

# Basemaps a user may pick; None draws no tiles (no request leaves the machine).
TILES = {
    "OpenStreetMap": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                      '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'),
}
SYRIA_BOUNDS = [[32.3, 35.6], [37.35, 42.4]]  # [[south, west], [north, east]]
CENTRE, ZOOM = [34.85, 38.6], 6.5  # the page's map (about 600 px wide): the whole country with room for the legend
BACKGROUND = "#F4F1EA"
MARKER = "#111111"
LEGEND_NAMES = {"idlib": "Idlib area", "northern_homs": "Northern Homs", "eastern_ghouta": "Eastern Ghouta",
                "southern": "Southern area"}
PRECISION = 5  # decimal places kept in coordinates (about 1 m)


def build_map(areas: gpd.GeoDataFrame, outline: gpd.GeoDataFrame, governorates: gpd.GeoDataFrame,
              provisions: pd.DataFrame, view: View, marker: tuple[float, float, str] | None = None,
              tiles: str | None = None) -> folium.Map:
    """The complete folium map of ``view``: what the page shows, in one self-describing map."""
    m = base_map(outline, governorates, view.layers, tiles, legend_names(areas))
    view_layer(areas, outline, provisions, view, marker).add_to(m)
    _Control("zonemap-title", "topright", _title_html(highlight(view, areas, provisions))).add_to(m)
    m.fit_bounds(SYRIA_BOUNDS)
    return m


def base_map(outline: gpd.GeoDataFrame, governorates: gpd.GeoDataFrame,
             layers: frozenset[str] = frozenset({"governorates"}), tiles: str | None = None,
             area_names: dict[str, str] | None = None) -> folium.Map:
    """The context that does not change with a filter or a click (``area_names`` label the legend)."""
    m = folium.Map(location=CENTRE, zoom_start=ZOOM, tiles=None, control_scale=True,
                   min_zoom=5, max_zoom=13, zoom_snap=0.25, zoom_delta=0.5)
    m.get_root().header.add_child(Element(
        f"<style>.folium-map.leaflet-container,#map_div.leaflet-container{{background:{BACKGROUND} !important;}}"
        ".zonemap-box{background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;"
        "box-shadow:0 1px 4px rgba(0,0,0,.3);font:11px/1.3 sans-serif;color:#222;max-width:240px}"
        ".zonemap-note{font-size:10px;max-width:300px;color:#444}"
        ".zonemap-box i{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:middle}"
        "</style>"), name="zonemap_style")
    if tiles:
        url, attr = TILES.get(tiles, (tiles, "tiles: " + escape_text(tiles)))
        folium.TileLayer(url, attr=attr, name=tiles, max_zoom=13).add_to(m)
    if "governorates" in layers:
        folium.GeoJson(
            geojson_of(governorates, ["name"]), name="Governorates",
            style_function=_governorate_style, highlight_function=None,
            tooltip=folium.GeoJsonTooltip(["name"], aliases=["Governorate"]),
        ).add_to(m)
    folium.GeoJson(geojson_of(outline, ["id", "name"]), name="Syria", style_function=_outline_style,
                   interactive=False).add_to(m)
    _Control("zonemap-legend", "bottomright", legend_html(layers, area_names)).add_to(m)
    _Control("zonemap-note", "topright", escape_text(style.SOURCE_LINE)).add_to(m)
    return m


def view_layer(areas: gpd.GeoDataFrame, outline: gpd.GeoDataFrame, provisions: pd.DataFrame, view: View,
               marker: tuple[float, float, str] | None = None) -> folium.FeatureGroup:
    """The areas and security zone styled for ``view``, the country highlight and the marker."""
    hl = highlight(view, areas, provisions)
    group = folium.FeatureGroup(name="View")
    if hl.whole_country:
        folium.GeoJson(geojson_of(outline[outline["id"] == "syria"], ["id", "name"]), name="Country",
                       style_function=_country_style, interactive=False).add_to(group)
    kinds = ([AREA_KIND] if "areas" in view.layers else []) + ([ZONE_KIND] if "security_zone" in view.layers else [])
    shown = areas[areas["kind"].isin(kinds)].copy()
    if not shown.empty:
        shown["state"] = [feature_state(i, k, hl, view) for i, k in zip(shown["id"], shown["kind"], strict=True)]
        shown["colour"] = [_fill(i, k, s) for i, k, s in zip(shown["id"], shown["kind"], shown["state"], strict=True)]
        shown["confidence_label"] = "shape confidence: " + shown["confidence"].astype(str)
        # Areas first, the security zone (a belt along the Idlib area's edge) on top.
        shown = shown.sort_values("kind", key=lambda k: k == ZONE_KIND, kind="stable")
        folium.GeoJson(
            geojson_of(shown, ["id", "kind", "name", "name_ar", "state", "colour", "confidence_label"]),
            name="Areas", style_function=_area_style,
            tooltip=folium.GeoJsonTooltip(["name", "name_ar", "confidence_label"], labels=False),
        ).add_to(group)
    if marker is not None:
        lat, lon, label = marker
        folium.CircleMarker(
            [lat, lon], radius=7, color="#FFFFFF", weight=2, fill=True, fill_color=MARKER, fill_opacity=1,
            tooltip=folium.Tooltip(escape_text(label), permanent=True, direction="right", class_name="zonemap-place"),
        ).add_to(group)
    return group


def legend_html(layers: frozenset[str] = frozenset({"areas", "security_zone", "governorates"}),
                area_names: dict[str, str] | None = None) -> str:
    """The legend: area colours, security zone, dimmed, governorate lines, outline."""
    rows = [f"<b>De-escalation areas, {escape_text(style.STATEMENT_DATE)}</b>"]
    for area_id, name in (LEGEND_NAMES if area_names is None else area_names).items():
        rows.append(f'<i style="background:{style.area_colour(area_id)};opacity:.75"></i>{escape_text(name)}')
    rows.append(f'<i style="background:{style.SECURITY_ZONE};opacity:.6;outline:1px dashed #000"></i>'
                "Idlib security zone")
    rows.append(f'<i style="background:{style.DIMMED}"></i>Not covered by the filter')
    rows.append(f'<i style="background:{style.COUNTRY_HIGHLIGHT};opacity:.6"></i>Syria as a whole')
    if "governorates" in layers:
        rows.append(f'<i style="border-top:1px solid {style.GOVERNORATE};height:0"></i>Governorate boundary')
    rows.append(f'<i style="border-top:2px solid {style.OUTLINE};height:0"></i>National border')
    rows.append(f'<i style="background:{style.GOVERNORATE};opacity:.3;outline:1px dashed {style.GOVERNORATE}"></i>'
                "Israeli-occupied Golan")
    return "<br>".join(rows)


def legend_names(areas: gpd.GeoDataFrame) -> dict[str, str]:
    """Id → name of the de-escalation areas actually loaded (bundled or a user's), for the legend."""
    only = areas[areas["kind"] == AREA_KIND]
    return dict(zip(only["id"], only["name"], strict=True))


def geojson_of(gdf: gpd.GeoDataFrame, fields: list[str]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of ``gdf`` keeping ``fields``, every string HTML-escaped."""
    keep = [f for f in fields if f in gdf.columns]
    features = []
    for row, geom in zip(gdf[keep].itertuples(index=False), gdf.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        props = {k: _escape(v) for k, v in zip(keep, row, strict=True)}
        features.append({"type": "Feature", "properties": props, "geometry": _rounded(geom.__geo_interface__)})
    return {"type": "FeatureCollection", "features": features}


def escape_text(text: str) -> str:
    """Text from a file made inert in the map's HTML and in branca's second Jinja pass."""
    return html.escape(str(text)).replace("{", "&#123;").replace("}", "&#125;")


# --- helpers -------------------------------------------------------------------------------


class _Control(MacroElement):
    """A Leaflet control holding a fixed piece of (already escaped) HTML."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var control = L.control({position: {{ this.position|tojson }}});
            control.onAdd = function() {
                var div = L.DomUtil.create('div', 'zonemap-box ' + {{ this.css_class|tojson }});
                div.innerHTML = {{ this.content|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            control.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
    """)

    def __init__(self, css_class: str, position: str, content: str):
        super().__init__()
        self._name = "ZonemapControl"
        self.css_class = css_class
        self.position = position
        self.content = content


def _title_html(hl: Highlight) -> str:
    lines = [f"<b>{escape_text(hl.title)}</b>"]
    if hl.procedural:
        nums = ", ".join(map(str, hl.procedural))
        lines.append(f"Procedural provision{'s' if len(hl.procedural) > 1 else ''} {nums}: no place on the map")
    return "<br>".join(lines)


def _fill(area_id: str, kind: str, state: str) -> str:
    if state == "dimmed":
        return style.DIMMED
    return style.SECURITY_ZONE if kind == ZONE_KIND else style.area_colour(area_id)


def _area_style(feature: dict) -> dict:
    p = feature["properties"]
    state, zone = p["state"], p["kind"] == ZONE_KIND
    return {
        "fillColor": p["colour"],
        "color": style.SECURITY_ZONE if zone and state != "dimmed" else ("#000000" if state == "selected" else p["colour"]),
        "weight": 4 if state == "selected" else (1.5 if state == "dimmed" else 2),
        "fillOpacity": {"selected": 0.7, "highlighted": 0.5, "dimmed": 0.2}[state] * (0.8 if zone else 1),
        "opacity": 0.5 if state == "dimmed" else 1,
        "dashArray": "6 4" if zone else None,
        "className": f"zonemap-area zonemap-{state} zonemap-id-{p['id']}",
    }


def _governorate_style(_: dict) -> dict:
    return {"color": style.GOVERNORATE, "weight": 1, "fill": True, "fillOpacity": 0, "opacity": 0.8}


def _outline_style(feature: dict) -> dict:
    if feature["properties"].get("id") == "syria":
        return {"color": style.OUTLINE, "weight": 2, "fill": False}
    return {"color": style.GOVERNORATE, "weight": 1, "dashArray": "4 4", "fillColor": style.GOVERNORATE,
            "fillOpacity": 0.15}


def _country_style(_: dict) -> dict:
    return {"color": style.OUTLINE, "weight": 2, "fillColor": style.COUNTRY_HIGHLIGHT, "fillOpacity": 0.3,
            "className": "zonemap-country"}


def _escape(value: Any) -> Any:
    if isinstance(value, str):
        return escape_text(value)
    if isinstance(value, (list, tuple)):
        return [_escape(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def _rounded(geometry: dict) -> dict:
    def walk(c: Any) -> Any:
        return round(float(c), PRECISION) if isinstance(c, (int, float)) else [walk(x) for x in c]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
