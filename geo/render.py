"""The interactive map of a :class:`~geo.scene.Scene`, drawn with folium. It decides nothing: states,
colours, legend, title and frame all come from the scene.

The page draws the map in two parts so that a click, a filter or a new date does not reload the map frame:
:func:`base_map` (sea, neighbours, the country, governorates, scale, credits, the framing buttons: changes
only with the layers and the basemap) and :func:`scene_layer` (the areas and zones, the posts, the place
marker, labels, legend and title, and a one-off move to the scene's frame), passed to streamlit-folium's
``feature_group_to_add``. :func:`build_map` puts both in one map for the standalone HTML export.

Every string that came from a file is escaped with :func:`geo.text.html` before it reaches the map:
HTML-escaped (folium's tooltips put values into ``innerHTML``) and with ``{``/``}`` as character references,
because branca renders each element's script and then parses the result again as a Jinja template.
"""

from __future__ import annotations

import weakref
from typing import Any

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from folium.utilities import get_obj_in_upper_tree
from jinja2 import Template

from . import style
from .scene import LegendEntry, Scene, long_date
from .text import clip, html

__all__ = ["TILES", "build_map", "base_map", "scene_layer", "legend_html", "geojson_of"]

# Basemaps a user may pick; None draws no tiles (no request leaves the machine).
TILES = {
    "OpenStreetMap": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                      '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'),
}
PRECISION = 5  # decimal places kept in coordinates (about 1 m)
LABEL_CHARS = 60  # longest name written on the map
TITLE_CHARS = 200  # longest title: the static maps clip theirs the same (geo/static/furniture.py)
CSS = """
.folium-map.leaflet-container,#map_div.leaflet-container{background:%(sea)s !important;}
#map_div{height:100vh !important}
.zonemap-box{background:rgba(255,255,255,.93);padding:6px 8px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);
 font:11px/1.35 sans-serif;color:#222;max-width:260px}
.zonemap-title b{font-size:12px}
.zonemap-note{font-size:9.5px;max-width:340px;color:#444}
.zonemap-box i{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:middle}
.zonemap-box i.zm-hatch{background-image:repeating-linear-gradient(45deg,currentColor 0 1.5px,transparent 1.5px 4px)}
.zonemap-box i.zm-point{width:9px;height:9px;border-radius:50%%;border:1.5px solid #fff;box-shadow:0 0 0 1px #888}
.zonemap-frame button{font:11px sans-serif;margin:0 2px;padding:2px 6px;cursor:pointer;border:1px solid #999;
 border-radius:3px;background:#fff}
.zonemap-label{font:600 11px/1.1 sans-serif;color:#1a1a1a;white-space:nowrap;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;
 pointer-events:none;transform:translate(-50%%,-50%%);width:auto !important;height:auto !important}
.zonemap-country-name{font:italic 12px sans-serif;color:#777;white-space:nowrap;pointer-events:none;
 transform:translate(-50%%,-50%%);width:auto !important;height:auto !important}
"""
# A click must never scroll the page: Leaflet focuses the map on mousedown, and a focus scrolls every
# ancestor frame so the element is in view; the click then lands ~180 px from where it was aimed.
NO_FOCUS_SCROLL = """
(function(){
  [window.HTMLElement, window.SVGElement].forEach(function(k){
    if (!k || !k.prototype.focus || k.prototype.focus.zonemap) return;
    var focus = k.prototype.focus;
    k.prototype.focus = function(o){ return focus.call(this, Object.assign({preventScroll: true}, o || {})); };
    k.prototype.focus.zonemap = true;
  });
})();
"""


def build_map(scene: Scene, tiles: str | None = None) -> folium.Map:
    """The complete folium map of ``scene``: what the page shows, in one self-describing map."""
    m = base_map(scene.atlas, scene.layers, tiles)
    scene_layer(scene).add_to(m)
    return m


def base_map(atlas, layers: frozenset[str], tiles: str | None = None) -> folium.Map:
    """The context that does not change with a filter, a click or a date."""
    w, s, e, n = atlas.frame
    m = folium.Map(location=[(s + n) / 2, (w + e) / 2], zoom_start=7, tiles=None, control_scale=True,
                   min_zoom=5, max_zoom=13, zoom_snap=0.25, zoom_delta=0.5)
    m.get_root().header.add_child(Element(f"<style>{CSS % {'sea': style.SEA}}</style>"), name="zonemap_style")
    _Script(NO_FOCUS_SCROLL).add_to(m)
    _ClickNow().add_to(m)
    if tiles:
        url, attr = TILES.get(tiles, (tiles, "tiles: " + html(tiles)))
        folium.TileLayer(url, attr=attr, name=tiles, max_zoom=13).add_to(m)
    if not atlas.neighbours.empty:
        folium.GeoJson(_context_json(atlas, "neighbours", ("id", "kind")), name="Neighbours",
                       style_function=_neighbour_style, interactive=False).add_to(m)
        names = [(html(clip(row.name, LABEL_CHARS)), float(row.label_lat), float(row.label_lon))
                 for row in atlas.neighbours.itertuples(index=False)
                 if _is_number(row.label_lon) and _is_number(row.label_lat)]
        _Labels(names, "zonemap-country-name").add_to(m)
    folium.GeoJson(_context_json(atlas, "country", ("id",)), name="Syria", style_function=lambda _: {
        "color": style.OUTLINE, "weight": 0, "fillColor": style.LAND, "fillOpacity": 1}, interactive=False).add_to(m)
    if "governorates" in layers:
        folium.GeoJson(_context_json(atlas, "governorates", ("name",)), name="Governorates", interactive=False,
                       style_function=lambda _: {"color": style.GOVERNORATE, "weight": 1, "fill": False,
                                                 "opacity": 0.8}).add_to(m)
    folium.GeoJson(_context_json(atlas, "outline", ("id", "kind")), name="Outline", style_function=_outline_style,
                   interactive=False).add_to(m)
    credits = " · ".join(html(c) for c in _credits(atlas))
    _Control("zonemap-note", "bottomleft",
             f"<details><summary><b>Approximate shapes</b> · sources</summary>{credits}</details>").add_to(m)
    _FrameButtons(atlas.frame, tuple(float(v) for v in atlas.outline.total_bounds)).add_to(m)
    return m


def scene_layer(scene: Scene) -> folium.FeatureGroup:
    """The scene's shapes, posts, labels, marker, legend and title; moves the map to the frame once."""
    group = folium.FeatureGroup(name="Scene")
    if scene.country_fill:
        country = scene.atlas.outline[scene.atlas.outline["kind"] == "country"]
        folium.GeoJson(geojson_of(country, ["id"]), name="Country", interactive=False,
                       style_function=lambda _, c=scene.country_fill: {
                           "color": style.OUTLINE, "weight": 2, "fillColor": c, "fillOpacity": 0.3,
                           "className": "zonemap-country"}).add_to(group)
    if not scene.shapes.empty:
        shapes = scene.shapes.copy()
        shapes["tip_html"] = ["<br>".join(html(line) for line in lines) for lines in shapes["tip"]]  # clipped by the scene
        folium.GeoJson(
            geojson_of(shapes, ["id", "kind", "state", "fill", "edge", "edge_width", "fill_opacity", "is_area",
                                "tip_html"], raw=("tip_html",)),
            name="Areas", style_function=_shape_style,
            tooltip=folium.GeoJsonTooltip(["tip_html"], labels=False, sticky=False),
        ).add_to(group)
    if scene.events is not None and not scene.events.empty:
        _events_layer(scene.events).add_to(group)
    for row in scene.dated.roads.itertuples(index=False):
        for line in getattr(row.geometry, "geoms", [row.geometry]):
            folium.PolyLine([(y, x) for x, y in line.coords], color=style.ROAD, weight=2, opacity=0.8,
                            dash_array="6 3", interactive=False).add_to(group)
    for row in scene.posts.itertuples(index=False):
        folium.CircleMarker([row.geometry.y, row.geometry.x], radius=5, color="#FFFFFF", weight=1.5, fill=True,
                            fill_color=style.POST, fill_opacity=1,
                            tooltip=folium.Tooltip(_post_tip(row, scene))).add_to(group)
    _Labels([(html(clip(name, LABEL_CHARS)), lat, lon) for name, lon, lat in scene.labels], "zonemap-label").add_to(group)
    if scene.marker is not None:
        mk = scene.marker
        folium.CircleMarker(
            [mk.lat, mk.lon], radius=7, color="#FFFFFF", weight=2, fill=True, fill_color=style.MARKER, fill_opacity=1,
            tooltip=folium.Tooltip(html(clip(mk.name)), permanent=True, direction="right", class_name="zonemap-place"),
        ).add_to(group)
    _Control("zonemap-legend", "bottomright", legend_html(scene.legend)).add_to(group)
    _Control("zonemap-title", "topright", _title_html(scene)).add_to(group)
    _Frame(scene.frame, scene.frame_token).add_to(group)
    return group


def _events_layer(cells) -> MacroElement:
    """The events layer: one circle per grid cell, its area in proportion to the deaths (no plugin)."""
    rows = [[round(float(y), 4), round(float(x), 4), round(event_radius(d), 1)]
            for x, y, d in zip(cells["lon"], cells["lat"], cells["deaths"], strict=True)]
    return _Circles(rows, style.EVENT)


class _Circles(MacroElement):
    """Many non-interactive circles from one compact array ([lat, lon, radius in px]): a short script however
    many there are."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var parent = {{ this._parent.get_name() }};
            {{ this.rows|tojson }}.forEach(function(c) {
                L.circleMarker([c[0], c[1]], {radius: c[2], color: {{ this.colour|tojson }}, weight: 0.6,
                    fillColor: {{ this.colour|tojson }}, fillOpacity: 0.4, interactive: false,
                    className: "zonemap-event"}).addTo(parent);
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, rows: list, colour: str):
        super().__init__()
        self._name = "ZonemapCircles"
        self.rows, self.colour = rows, colour


def event_radius(deaths: float) -> float:
    """Circle radius in pixels for a cell's deaths: area in proportion, from 2 px, capped at 24 px."""
    return min(2.0 + 1.1 * float(deaths) ** 0.5, 24.0)


def legend_html(entries: tuple[LegendEntry, ...]) -> str:
    """The legend: one row per entry of the scene, a swatch and a label."""
    rows = ["<b>Legend</b>"]
    for entry in entries:
        rows.append(_swatch(entry) + html(clip(entry.label, 90)))
    return "<br>".join(rows)


_CONTEXT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _context_json(atlas, layer: str, fields: tuple[str, ...]) -> dict[str, Any]:
    """The GeoJSON of a context layer, made once per atlas (folium reads it without changing it)."""
    cache = _CONTEXT.setdefault(atlas, {})
    if (layer, fields) not in cache:
        frames = {"neighbours": atlas.neighbours, "governorates": atlas.governorates, "outline": atlas.outline,
                  "country": atlas.outline[atlas.outline["kind"] == "country"]}
        cache[(layer, fields)] = geojson_of(frames[layer], list(fields))
    return cache[(layer, fields)]


def geojson_of(gdf: gpd.GeoDataFrame, fields: list[str], raw: tuple[str, ...] = ()) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of ``gdf`` keeping ``fields``, every string HTML-escaped except the ``raw``
    fields, which the caller has escaped already."""
    keep = [f for f in fields if f in gdf.columns]
    features = []
    for row, geom in zip(gdf[keep].itertuples(index=False), gdf.geometry, strict=True):
        if geom is None or geom.is_empty:
            continue
        props = {k: (_plain(v) if k in raw else _escape(v)) for k, v in zip(keep, row, strict=True)}
        features.append({"type": "Feature", "properties": props, "geometry": _rounded(geom.__geo_interface__)})
    return {"type": "FeatureCollection", "features": features}


# --- elements ------------------------------------------------------------------------------


class _Control(MacroElement):
    """A Leaflet control holding a fixed piece of (already escaped) HTML; a newer one of the same class
    replaces the older (streamlit-folium re-runs the scene layer's script on every change)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this.map_name }};
            window.zonemapControls = window.zonemapControls || {};
            var old = window.zonemapControls[{{ this.css_class|tojson }}];
            if (old) { old.remove(); }
            var control = L.control({position: {{ this.position|tojson }}});
            control.onAdd = function() {
                var div = L.DomUtil.create('div', 'zonemap-box ' + {{ this.css_class|tojson }});
                div.innerHTML = {{ this.content|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            control.addTo(map);
            window.zonemapControls[{{ this.css_class|tojson }}] = control;
        })();
        {% endmacro %}
    """)

    def __init__(self, css_class: str, position: str, content: str):
        super().__init__()
        self._name = "ZonemapControl"
        self.css_class, self.position, self.content = css_class, position, content

    @property
    def map_name(self) -> str:  # the map, though the element sits in the scene's FeatureGroup
        return get_obj_in_upper_tree(self, folium.Map).get_name()


class _Frame(MacroElement):
    """Move the map to the scene's frame, once per frame token (a new selection, a searched place)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this.map_name }};
            if (window.zonemapFrame !== {{ this.token|tojson }}) {
                window.zonemapFrame = {{ this.token|tojson }};
                map.invalidateSize({animate: false});
                map.fitBounds({{ this.bounds|tojson }}, {animate: false, maxZoom: 11});
            }
        })();
        {% endmacro %}
    """)

    def __init__(self, frame: tuple[float, float, float, float], token: str):
        super().__init__()
        self._name = "ZonemapFrame"
        w, s, e, n = frame
        self.bounds, self.token = [[s, w], [n, e]], token

    @property
    def map_name(self) -> str:  # the map, though the element sits in the scene's FeatureGroup
        return get_obj_in_upper_tree(self, folium.Map).get_name()


class _FrameButtons(MacroElement):
    """Two buttons: back to the areas (western Syria), or the whole country."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            var control = L.control({position: "topleft"});
            control.onAdd = function() {
                var div = L.DomUtil.create('div', 'zonemap-box zonemap-frame');
                div.innerHTML = '<button type="button" data-f="areas" title="Frame the de-escalation areas">Areas</button>' +
                                '<button type="button" data-f="syria" title="Show the whole of Syria">All Syria</button>';
                L.DomEvent.disableClickPropagation(div);
                div.addEventListener('click', function(ev) {
                    var f = ev.target && ev.target.getAttribute('data-f');
                    if (f) { map.fitBounds(f === 'areas' ? {{ this.areas|tojson }} : {{ this.syria|tojson }}, {animate: false}); }
                });
                return div;
            };
            control.addTo(map);
        })();
        {% endmacro %}
    """)

    def __init__(self, areas: tuple[float, ...], syria: tuple[float, ...]):
        super().__init__()
        self._name = "ZonemapFrameButtons"
        self.areas = [[areas[1], areas[0]], [areas[3], areas[2]]]
        self.syria = [[syria[1], syria[0]], [syria[3], syria[2]]]


class _Script(MacroElement):
    """A fixed script run with the map (zonemap's own code, never text from a file)."""

    _template = Template("""{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}""")

    def __init__(self, code: str):
        super().__init__()
        self._name = "ZonemapScript"
        self.code = code


class _ClickNow(MacroElement):
    """Tell the page about a click at once, not after streamlit-folium's fixed 250 ms debounce.

    Inside streamlit-folium's frame only (``window.__GLOBAL_DATA__``): after its own click handlers have run,
    the same value it would send (the clicked point, the clicked path's point and tooltip) is sent through
    Streamlit's component protocol and stored as its ``previous_data``, so its debounced send finds nothing
    new. In a standalone HTML export there is no such frame and nothing happens.
    """

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this._parent.get_name() }};
            function plain(ll) { return ll ? {lat: ll.lat, lng: ll.lng} : null; }
            map.on('click', function() {
                setTimeout(function() {
                    var g = window.__GLOBAL_DATA__;
                    if (!g || !g.returned_objects || window.parent === window) { return; }
                    var all = {last_clicked: plain(g.lat_lng_clicked), last_object_clicked: plain(g.last_object_clicked),
                               last_object_clicked_tooltip: g.last_object_clicked_tooltip};
                    var value = {};
                    Object.keys(all).forEach(function(k) { if (g.returned_objects.indexOf(k) >= 0) { value[k] = all[k]; } });
                    if (JSON.stringify(value) === JSON.stringify(g.previous_data)) { return; }
                    g.previous_data = value;
                    window.parent.postMessage({isStreamlitMessage: true, type: "streamlit:setComponentValue",
                                               value: value, dataType: "json"}, "*");
                }, 0);
            });
        })();
        {% endmacro %}
    """)

    def __init__(self):
        super().__init__()
        self._name = "ZonemapClickNow"


class _Labels(MacroElement):
    """Names written on the map (already escaped): non-interactive markers, so clicks pass through them."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var parent = {{ this._parent.get_name() }};
            {{ this.labels|tojson }}.forEach(function(l) {
                var icon = L.divIcon({html: '<div class="' + {{ this.css|tojson }} + '">' + l[0] + '</div>',
                                      className: 'zonemap-label-icon', iconSize: [0, 0]});
                L.marker([l[1], l[2]], {icon: icon, interactive: false, keyboard: false}).addTo(parent);
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, labels: list[tuple[str, float, float]], css: str):
        super().__init__()
        self._name = "ZonemapLabels"
        self.labels, self.css = [list(label) for label in labels], css


# --- styles and text ---------------------------------------------------------------------------


def _shape_style(feature: dict) -> dict:
    p = feature["properties"]
    zone = not p["is_area"]
    return {
        "fillColor": p["fill"],
        "color": p["edge"],
        "weight": p["edge_width"],
        "fillOpacity": p["fill_opacity"],
        "opacity": 0.6 if p["state"] == "dimmed" else 1,
        "dashArray": "6 4" if zone else None,
        "className": f"zonemap-area zonemap-{p['state']} zonemap-id-{str(p['id']).replace(' ', '_')}",
    }


def _neighbour_style(feature: dict) -> dict:
    if feature["properties"].get("kind") == "sea":
        return {"stroke": False, "fillColor": style.SEA, "fillOpacity": 1}
    return {"color": "#B9B4A8", "weight": 0.8, "fillColor": style.NEIGHBOUR, "fillOpacity": 1}


def _outline_style(feature: dict) -> dict:
    if feature["properties"].get("kind") == "country":
        return {"color": style.OUTLINE, "weight": 2, "fill": False}
    return {"color": style.OCCUPIED, "weight": 1, "dashArray": "4 4", "fillColor": style.OCCUPIED, "fillOpacity": 0.15}


def _title_html(scene: Scene) -> str:
    lines = [f"<b>{html(clip(scene.title, TITLE_CHARS))}</b>", html(f"As of {long_date(scene.date)}")]
    if scene.procedural:
        lines.append(html(f"Procedural: {', '.join(_labels(scene.procedural, scene.atlas))} — no place on the map"))
    if scene.absent:
        lines.append(html(f"No place on this date: {', '.join(_labels(scene.absent, scene.atlas))}"))
    return "<br>".join(lines)


def _labels(keys: tuple[str, ...], atlas) -> list[str]:
    return [atlas.label(k) for k in keys]


def _post_tip(row: Any, scene: Scene) -> str:
    parts = [f"<b>{html(clip(row.name))}</b>", html(f"{row.operator} observation post".strip())]
    dates = [f"established {row.established}" if row.established else "",
             f"encircled {row.encircled}" if row.encircled else "",
             f"withdrawn {row.withdrawn}" if row.withdrawn else ""]
    parts.append(html("; ".join(d for d in dates if d)))
    if row.location_confidence:
        parts.append(html(f"location confidence: {row.location_confidence}"))
    return "<br>".join(p for p in parts if p)


def _swatch(entry: LegendEntry) -> str:
    c = entry.colour
    if entry.swatch == "fill":
        return f'<i style="background:{c};opacity:{max(entry.opacity, 0.35):.2f};border:1px solid {c}"></i>'
    if entry.swatch == "country":
        return f'<i style="background:{c};opacity:.45;outline:1.5px solid #222"></i>'
    if entry.swatch == "hatch":
        return f'<i class="zm-hatch" style="color:{c};outline:1px dashed {c}"></i>'
    if entry.swatch == "point":
        return f'<i class="zm-point" style="background:{c}"></i>'
    if entry.swatch == "event":
        return f'<i class="zm-point" style="background:{c};opacity:.55;box-shadow:none;border-color:{c}"></i>'
    if entry.swatch == "marker":
        return f'<i class="zm-point" style="background:{c};box-shadow:none"></i>'
    if entry.swatch == "dash":
        return f'<i style="background:{c};opacity:.3;outline:1px dashed {c}"></i>'
    return f'<i style="border-top:2px solid {c};height:0"></i>'


def _credits(atlas) -> list[str]:
    return [atlas.credits[k] for k in ("areas", "governorates", "neighbours") if atlas.credits.get(k)]


def _is_number(value: Any) -> bool:
    try:
        return value is not None and value == value and float(value) == float(value)
    except (TypeError, ValueError):
        return False


def _escape(value: Any) -> Any:
    if isinstance(value, str):
        return html(value)
    if isinstance(value, (list, tuple)):
        return [_escape(v) for v in value]
    return _plain(value)


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _rounded(geometry: dict) -> dict:
    def walk(c: Any) -> Any:
        return round(float(c), PRECISION) if isinstance(c, (int, float)) else [walk(x) for x in c]
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
