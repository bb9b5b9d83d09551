"""The interactive map of a :class:`~geo.scene.Scene`, drawn with folium. It decides nothing: states,
colours, legend, title and frame all come from the scene.

The page draws the map in two parts so that a click, a filter or a new date does not reload the map frame:
:func:`base_map` (sea, neighbours, the country, governorates, scale, credits, the framing buttons: changes
only with the layers and the basemap) and :func:`scene_layer` (the areas and zones, the posts, the place
marker, labels, legend and title, and a one-off move to the scene's frame), passed to streamlit-folium's
``feature_group_to_add``. :func:`build_map` puts both in one map for the standalone HTML export.

Zones are hatched as in the static exports (an SVG pattern per hatch and colour, over a light fill), so the
legend's swatches are what the map draws. With a tile basemap, the land, sea and neighbour fills give way to the
tiles (their outlines stay). On a narrow map (a phone), the title box is smaller, the legend folds, and the frame
leaves room for the title box.

Every string that came from a file is escaped with :func:`geo.text.html` before it reaches the map:
HTML-escaped (folium's tooltips put values into ``innerHTML``) and with ``{``/``}`` as character references,
because branca renders each element's script and then parses the result again as a Jinja template.
"""

from __future__ import annotations

import hashlib
import json
import re
import weakref
from typing import Any

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from folium.utilities import get_obj_in_upper_tree
from jinja2 import Template

from . import style
from .i18n import translator
from .scene import LegendEntry, Scene, agreed_dash
from .text import clip, html

__all__ = ["TILES", "build_map", "base_map", "scene_layer", "legend_html", "geojson_of"]

# Basemaps a user may pick; None draws no tiles (no request leaves the machine).
TILES = {
    "OpenStreetMap": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                      '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'),
}
PRECISION = 5  # decimal places kept in coordinates (about 1 m)
LABEL_CHARS = 60  # longest name written on the map
LEGEND_CHARS = 160  # longest legend line (the events line is about 110)
FOLD_BELOW = 520  # px: on a narrower map the legend starts folded
HATCH_SPACING = 7  # px between hatch lines
_COLOUR = re.compile(r"#[0-9A-Fa-f]{3,8}")
TITLE_CHARS = 200  # longest title: the static maps clip theirs the same (geo/static/furniture.py)
CSS = """
.folium-map.leaflet-container,#map_div.leaflet-container{background:%(sea)s !important;}
#map_div{height:100vh !important}
.zonemap-box{background:rgba(255,255,255,.93);padding:6px 8px;border-radius:4px;box-shadow:0 1px 4px rgba(0,0,0,.3);
 font:11px/1.35 sans-serif;color:#222;max-width:260px}
.zonemap-title b{font-size:12px}
.zonemap-legend summary{cursor:pointer;font-weight:bold}
.zonemap-legend details:not([open]) summary::after{content:attr(data-show);font-weight:normal;color:#555}
@media (max-width:520px){.zonemap-box{max-width:170px;font-size:10px;padding:4px 6px}.zonemap-title b{font-size:10.5px}
 .zonemap-note{max-width:170px}}
.zonemap-note{font-size:9.5px;max-width:340px;color:#444}
.zonemap-box i{display:inline-block;width:14px;height:10px;margin-right:5px;vertical-align:middle}
.zonemap-box i.zm-hatch{background-image:repeating-linear-gradient(45deg,currentColor 0 1.5px,transparent 1.5px 4px)}
.zonemap-box i.zm-line{height:2px}
.zonemap-box i.zm-point{width:9px;height:9px;border-radius:50%%;border:1.5px solid #fff;box-shadow:0 0 0 1px #888}
.zonemap-frame button{font:11px sans-serif;margin:0 2px;padding:2px 6px;cursor:pointer;border:1px solid #999;
 border-radius:3px;background:#fff}
.zonemap-label{font:600 11px/1.1 sans-serif;color:#1a1a1a;white-space:nowrap;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;
 pointer-events:none;transform:translate(-50%%,-50%%);width:auto !important;height:auto !important}
.zonemap-country-name{font:italic 12px sans-serif;color:#777;white-space:nowrap;pointer-events:none;
 transform:translate(-50%%,-50%%);width:auto !important;height:auto !important}
"""
# Right to left (issue 23), while the scene's language is (the scene layer sets the map's class): every control of
# the map mirrored (Leaflet's left and right corners swapped: zoom, scale, frame buttons, the note, the title box
# and the legend), the boxes set right to left, the swatches after the text. In the base map's style for every
# language, so a language switch redraws the scene layer only, as a date switch does.
RTL_CSS = """
.zonemap-rtl .leaflet-left{left:auto;right:0}
.zonemap-rtl .leaflet-right{right:auto;left:0}
.zonemap-rtl .leaflet-left .leaflet-control{float:right;margin-left:0;margin-right:10px}
.zonemap-rtl .leaflet-right .leaflet-control{float:left;margin-right:0;margin-left:10px}
.zonemap-rtl .zonemap-box{direction:rtl;text-align:right}
.zonemap-rtl .zonemap-box i{margin-right:0;margin-left:5px}
"""
# The scene's language on the map: its direction, and the scale bar's units rewritten as Leaflet updates them
# (a fixed script; the words are JSON from the catalogue).
LANGUAGE = """
map.getContainer().classList.toggle('zonemap-rtl', %(rtl)s);
window.zonemapUnits = %(units)s;
var proto = L.Control.Scale.prototype;
if (!proto._zonemapUnits) {
  var update = proto._updateScale;
  proto._updateScale = function(scale, text, ratio) {
    update.call(this, scale, text, ratio);
    var parts = text.split(' '), units = window.zonemapUnits || {};
    scale.textContent = parts[0] + ' ' + (units[parts[1]] || parts[1]);
  };
  proto._zonemapUnits = true;
}
map.fire('move');
"""
# The frame buttons' clicks (the buttons themselves are the scene layer's, in its language).
FRAME_TO = """
window.zonemapFrameTo = function(f) {
  map.fitBounds(f === 'areas' ? (window.zonemapAreas || %(areas)s) : %(syria)s, {animate: false});
};
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
    """The context that does not change with a filter, a click, a date or the language (its words are the scene
    layer's)."""
    w, s, e, n = atlas.frame
    m = folium.Map(location=[(s + n) / 2, (w + e) / 2], zoom_start=7, tiles=None, control_scale=True,
                   min_zoom=5, max_zoom=13, zoom_snap=0.25, zoom_delta=0.5)
    css = CSS % {"sea": style.SEA} + RTL_CSS
    m.get_root().header.add_child(Element(f"<style>{css}</style>"), name="zonemap_style")
    _Script(NO_FOCUS_SCROLL).add_to(m)
    _ClickNow().add_to(m)
    if tiles:
        url, attr = TILES.get(tiles, (tiles, "tiles: " + html(tiles)))
        folium.TileLayer(url, attr=attr, name=tiles, max_zoom=13).add_to(m)
    if not atlas.neighbours.empty:
        folium.GeoJson(_context_json(atlas, "neighbours", ("id", "kind")), name="Neighbours",
                       style_function=_neighbour_style if not tiles else _over_tiles(_neighbour_style),
                       interactive=False).add_to(m)
    if not tiles:  # with tiles, the country is the tiles' own land
        folium.GeoJson(_context_json(atlas, "country", ("id",)), name="Syria", style_function=lambda _: {
            "color": style.OUTLINE, "weight": 0, "fillColor": style.LAND, "fillOpacity": 1}, interactive=False).add_to(m)
    if "governorates" in layers:
        folium.GeoJson(_context_json(atlas, "governorates", ("name",)), name="Governorates", interactive=False,
                       style_function=lambda _: {"color": style.GOVERNORATE, "weight": 1, "fill": False,
                                                 "opacity": 0.8}).add_to(m)
    folium.GeoJson(_context_json(atlas, "outline", ("id", "kind")), name="Outline", style_function=_outline_style,
                   interactive=False).add_to(m)
    syria = tuple(float(v) for v in atlas.outline.total_bounds)
    _MapScript(FRAME_TO % {"areas": json.dumps(_corners(atlas.frame)), "syria": json.dumps(_corners(syria))}).add_to(m)
    return m


def scene_layer(scene: Scene) -> folium.FeatureGroup:
    """The scene's shapes, posts, labels, marker, legend and title, and every word of the map in the scene's
    language (neighbours' names, the note, the frame buttons, the scale's units, its direction); moves the map to
    the frame once."""
    t = scene.t
    group = folium.FeatureGroup(name="Scene")
    _MapScript(CLOSE_STALE_TOOLTIPS).add_to(group)
    _MapScript(LANGUAGE % {"rtl": "true" if t.rtl else "false", "units": _js_units(t)}).add_to(group)
    atlas = scene.atlas
    if not atlas.neighbours.empty:
        names = [(html(clip(t.name(row.name, getattr(row, "name_ar", "")), LABEL_CHARS)), float(row.label_lat),
                  float(row.label_lon))
                 for row in atlas.neighbours.itertuples(index=False)
                 if _is_number(row.label_lon) and _is_number(row.label_lat)]
        _Labels(names, "zonemap-country-name").add_to(group)
    credits = " · ".join(html(t.data("credit", c)) for c in _credits(atlas))
    approximate, sources = html(t._("Approximate shapes")), html(t._("sources"))  # (outside f-strings: extracted)
    summary = f"<b>{approximate}</b> · {sources}"
    _Control("zonemap-note", "bottomleft", f"<details><summary>{summary}</summary>{credits}</details>").add_to(group)
    _Control("zonemap-frame", "topleft", _frame_buttons(t)).add_to(group)
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
            tooltip=folium.GeoJsonTooltip(["tip_html"], labels=False, sticky=True),
        ).add_to(group)
        _hatching(shapes).add_to(group)
    if scene.agreed is not None and not scene.agreed.empty:  # dashed outlines that never take a click
        sch = scene.atlas.schema
        for kind, rows in scene.agreed.groupby("kind", sort=False):
            look = {"color": sch.colour(kind, style.OUTLINE), "weight": 2, "fill": False, "className": "zonemap-agreed",
                    "dashArray": " ".join(f"{v:g}" for v in agreed_dash(sch, kind))}
            folium.GeoJson(geojson_of(rows, ["id"]), name="As agreed", interactive=False,
                           style_function=lambda _, look=look: look).add_to(group)
    if scene.events is not None and not scene.events.empty:
        _events_layer(scene.events).add_to(group)
    for row in scene.dated.roads.itertuples(index=False):
        for line in getattr(row.geometry, "geoms", [row.geometry]):
            folium.PolyLine([(y, x) for x, y in line.coords], color=style.ROAD, weight=2, opacity=0.8,
                            dash_array="6 3", interactive=False).add_to(group)
    for row in scene.posts.itertuples(index=False):
        chosen = row.id == scene.selected_post
        folium.CircleMarker([row.geometry.y, row.geometry.x], radius=9 if chosen else 6,
                            color="#000000" if chosen else "#FFFFFF", weight=2.5 if chosen else 1.5, fill=True,
                            fill_color=style.POST, fill_opacity=1,
                            class_name=f"zonemap-post zonemap-post-{_css_id(row.id)}" + (" zonemap-selected" if chosen else ""),
                            tooltip=folium.Tooltip("<br>".join(html(line) for line in row.tip))).add_to(group)
    _Labels([(html(clip(name, LABEL_CHARS)), lat, lon) for name, lon, lat in scene.labels], "zonemap-label").add_to(group)
    if scene.marker is not None:
        mk = scene.marker
        folium.CircleMarker(
            [mk.lat, mk.lon], radius=7, color="#FFFFFF", weight=2, fill=True, fill_color=style.MARKER, fill_opacity=1,
            tooltip=folium.Tooltip(html(clip(mk.name)), permanent=True, direction="left" if scene.t.rtl else "right",
                                   class_name="zonemap-place"),
        ).add_to(group)
    _Control("zonemap-legend", "bottomright", legend_html(scene.legend, scene.lang), fold_below=FOLD_BELOW).add_to(group)
    _Control("zonemap-title", "topright", _title_html(scene)).add_to(group)
    _MapScript(DECLUTTER).add_to(group)
    _Frame(scene.frame, scene.frame_token, _areas_frame(scene)).add_to(group)
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


def legend_html(entries: tuple[LegendEntry, ...], lang: str = "en") -> str:
    """The legend: one row per entry of the scene, a swatch and a label; it folds on a narrow map (its summary
    then says "(show)", in the language)."""
    t = translator(lang)
    rows = [f'<span class="zonemap-entry">{_swatch(entry)}{html(clip(entry.label, LEGEND_CHARS))}</span>'
            for entry in entries]
    title, show = html(t._("Legend")), html(t._("show"))
    return f'<details open><summary data-show=" ({show})">{title}</summary>' + "<br>".join(rows) + "</details>"


def _frame_buttons(t) -> str:
    """Two buttons: back to the areas of the date shown (set by the scene's :class:`_Frame`), or the whole country."""
    areas_tip, areas = html(t._("Frame the de-escalation areas")), html(t._("Areas"))
    syria_tip, syria = html(t._("Show the whole of Syria")), html(t._("All Syria"))
    return (f'<button type="button" data-f="areas" title="{areas_tip}">{areas}</button>'
            f'<button type="button" data-f="syria" title="{syria_tip}">{syria}</button>')


def _corners(bounds: tuple[float, ...]) -> list[list[float]]:
    return [[bounds[1], bounds[0]], [bounds[3], bounds[2]]]


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
                var folds = div.querySelector('details');
                if (folds && map.getSize().x < {{ this.fold_below|tojson }}) { folds.open = false; }
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                div.addEventListener('click', function(ev) {  // a frame button
                    var f = ev.target && ev.target.getAttribute && ev.target.getAttribute('data-f');
                    if (f && window.zonemapFrameTo) { window.zonemapFrameTo(f); }
                });
                return div;
            };
            control.addTo(map);
            window.zonemapControls[{{ this.css_class|tojson }}] = control;
        })();
        {% endmacro %}
    """)

    def __init__(self, css_class: str, position: str, content: str, fold_below: int = 0):
        super().__init__()
        self._name = "ZonemapControl"
        self.css_class, self.position, self.content, self.fold_below = css_class, position, content, fold_below

    @property
    def map_name(self) -> str:  # the map, though the element sits in the scene's FeatureGroup
        return get_obj_in_upper_tree(self, folium.Map).get_name()


class _Frame(MacroElement):
    """Move the map to the scene's frame, once per frame token (a new selection, a searched place, a date whose
    areas lie elsewhere), leaving room for the title box; and tell the "Areas" button the day's areas."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var map = {{ this.map_name }};
            window.zonemapAreas = {{ this.areas|tojson }};
            if (window.zonemapFrame !== {{ this.token|tojson }}) {
                window.zonemapFrame = {{ this.token|tojson }};
                map.invalidateSize({animate: false});
                var title = map.getContainer().querySelector('.zonemap-title');
                var top = title ? Math.min(title.offsetHeight + 10, map.getSize().y / 3) : 0;
                map.fitBounds({{ this.bounds|tojson }}, {animate: false, maxZoom: 11,
                              paddingTopLeft: [4, top], paddingBottomRight: [4, 24]});
                // A tooltip opened before the move (the new shapes appear under a still pointer) would be left
                // where the shape was: close it; the next move of the pointer opens the right one where it is.
                map.eachLayer(function(l) { var t = l.getTooltip && l.getTooltip();
                    if (t && !t.options.permanent && l.isTooltipOpen && l.isTooltipOpen()) { l.closeTooltip(); } });
            }
        })();
        {% endmacro %}
    """)

    def __init__(self, frame: tuple[float, float, float, float], token: str,
                 areas: tuple[float, float, float, float] | None = None):
        super().__init__()
        self._name = "ZonemapFrame"
        w, s, e, n = frame
        self.bounds, self.token = [[s, w], [n, e]], token
        aw, as_, ae, an = areas or frame
        self.areas = [[as_, aw], [an, ae]]

    @property
    def map_name(self) -> str:  # the map, though the element sits in the scene's FeatureGroup
        return get_obj_in_upper_tree(self, folium.Map).get_name()


class _Script(MacroElement):
    """A fixed script run with the map (zonemap's own code, never text from a file)."""

    _template = Template("""{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}""")

    def __init__(self, code: str):
        super().__init__()
        self._name = "ZonemapScript"
        self.code = code


class _MapScript(MacroElement):
    """A fixed script run with ``map`` bound to the map (zonemap's own code, never text from a file)."""

    _template = Template("""{% macro script(this, kwargs) %}(function(map) { {{ this.code }} })({{ this.map_name }});
{% endmacro %}""")

    def __init__(self, code: str):
        super().__init__()
        self._name = "ZonemapMapScript"
        self.code = code

    @property
    def map_name(self) -> str:
        return get_obj_in_upper_tree(self, folium.Map).get_name()


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


class _Patterns(MacroElement):
    """SVG hatch patterns (id, angles, colour), defined once in the document for the zones' fills."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function() {
            var ns = 'http://www.w3.org/2000/svg';
            var defs = document.getElementById('zonemap-patterns');
            if (!defs) {
                var svg = document.createElementNS(ns, 'svg');
                svg.setAttribute('width', '0'); svg.setAttribute('height', '0');
                svg.setAttribute('aria-hidden', 'true');
                svg.style.position = 'absolute';
                defs = document.createElementNS(ns, 'defs');
                defs.setAttribute('id', 'zonemap-patterns');
                svg.appendChild(defs);
                document.body.appendChild(svg);
            }
            {{ this.patterns|tojson }}.forEach(function(p) {
                if (document.getElementById(p[0])) { return; }
                var pattern = document.createElementNS(ns, 'pattern');
                pattern.setAttribute('id', p[0]);
                pattern.setAttribute('patternUnits', 'userSpaceOnUse');
                pattern.setAttribute('width', {{ this.spacing|tojson }});
                pattern.setAttribute('height', {{ this.spacing|tojson }});
                p[1].forEach(function(angle) {
                    var line = document.createElementNS(ns, 'line');
                    line.setAttribute('x1', '0'); line.setAttribute('y1', '-1');
                    line.setAttribute('x2', '0'); line.setAttribute('y2', {{ this.line_end|tojson }});
                    line.setAttribute('stroke', p[2]); line.setAttribute('stroke-width', '1.6');
                    line.setAttribute('transform', 'rotate(' + angle + ')');
                    pattern.appendChild(line);
                });
                pattern.setAttribute('patternTransform', 'rotate(' + p[3] + ')');
                defs.appendChild(pattern);
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, patterns: list[list]):
        super().__init__()
        self._name = "ZonemapPatterns"
        self.patterns, self.spacing, self.line_end = patterns, HATCH_SPACING, HATCH_SPACING + 1


# After a click the scene is drawn anew: a tooltip opened on the old scene's shapes must not stay behind.
CLOSE_STALE_TOOLTIPS = """
map.eachLayer(function(l){ var t = l.getTooltip && l.getTooltip();
  if (t && !t.options.permanent && l.isTooltipOpen && l.isTooltipOpen()) { l.closeTooltip(); } });
map.getContainer().querySelectorAll('.leaflet-tooltip-pane .leaflet-tooltip:not(.zonemap-place)').forEach(
  function(el){ el.remove(); });
"""
# A name written on the map gives way to the searched place's name where the two would overlap.
DECLUTTER = """
  function overlaps(a, b) { var m = 4; return a.left - m < b.right && b.left - m < a.right && a.top - m < b.bottom && b.top - m < a.bottom; }
  function declutter() {
    var places = Array.prototype.map.call(document.querySelectorAll('.zonemap-place'), function(e){ return e.getBoundingClientRect(); });
    document.querySelectorAll('.zonemap-label').forEach(function(el){
      el.style.visibility = 'visible';
      var box = el.getBoundingClientRect();
      if (places.some(function(p){ return overlaps(p, box); })) { el.style.visibility = 'hidden'; }
    });
  }
  if (!map.zonemapDeclutter) { map.zonemapDeclutter = true; map.on('zoomend moveend', declutter); }
  setTimeout(declutter, 0);
"""


def _hatching(shapes: gpd.GeoDataFrame) -> folium.FeatureGroup:
    """The zones' hatching, drawn over their fills as the static exports draw it; clicks pass through."""
    group = folium.FeatureGroup(name="Hatching", control=False)
    zones = shapes[~shapes["is_area"].astype(bool)].copy()
    if zones.empty:
        return group
    patterns: dict[str, list] = {}
    ids = []
    for hatch, fill, state in zip(zones["hatch"], zones["fill"], zones["state"], strict=True):
        colour = fill if state != "dimmed" and _COLOUR.fullmatch(str(fill)) else style.CONTEXT
        hatch = hatch if isinstance(hatch, str) and hatch else "////"
        angles = [0, 90] if "x" in hatch or "+" in hatch else [0]
        tilt = -45 if "\\" in hatch else 45
        key = "zm-hatch-" + hashlib.sha1(f"{hatch}|{colour}".encode()).hexdigest()[:10]
        patterns[key] = [key, angles, colour, tilt]
        ids.append(key)
    zones["pattern"] = ids
    _Patterns(list(patterns.values())).add_to(group)
    folium.GeoJson(geojson_of(zones, ["id", "pattern"]), name="Hatching", interactive=False,
                   style_function=lambda f: {"stroke": False, "fillColor": f"url(#{f['properties']['pattern']})",
                                             "fillOpacity": 0.85, "className": "zonemap-hatch"}).add_to(group)
    return group


def _areas_frame(scene: Scene) -> tuple[float, float, float, float]:
    """The frame of the date's areas (what the "Areas" button goes back to)."""
    from .scene import _day_frame, _padded

    return _padded(_day_frame(scene.dated), 0.05)


def _css_id(value: Any) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(value))


def _over_tiles(style_function):
    """A context layer's style with its fill taken away: the tiles show through, the outline stays."""
    def styled(feature: dict) -> dict:
        return {**style_function(feature), "fillOpacity": 0, "fill": False}
    return styled


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


def _js_units(t) -> str:
    import json

    return json.dumps({"km": t.p_("unit", "km"), "m": t.p_("unit", "m"), "mi": t.p_("unit", "mi"),
                       "ft": t.p_("unit", "ft")}, ensure_ascii=False)


def _neighbour_style(feature: dict) -> dict:
    if feature["properties"].get("kind") == "sea":
        return {"stroke": False, "fillColor": style.SEA, "fillOpacity": 1}
    return {"color": "#B9B4A8", "weight": 0.8, "fillColor": style.NEIGHBOUR, "fillOpacity": 1}


def _outline_style(feature: dict) -> dict:
    if feature["properties"].get("kind") == "country":
        return {"color": style.OUTLINE, "weight": 2, "fill": False}
    return {"color": style.OCCUPIED, "weight": 1, "dashArray": "4 4", "fillColor": style.OCCUPIED, "fillOpacity": 0.15}


def _title_html(scene: Scene) -> str:
    t = scene.t
    lines = [f"<b>{html(clip(scene.title, TITLE_CHARS))}</b>", html(t._("As of %(date)s", date=t.long_date(scene.date)))]
    if scene.procedural:
        lines.append(html(t._("Procedural: %(keys)s — no place on the map",
                              keys=t.p_("list", ", ").join(_labels(scene.procedural, scene)))))
    if scene.absent:
        lines.append(html(t._("No place on this date: %(keys)s", keys=t.p_("list", ", ").join(_labels(scene.absent, scene)))))
    return "<br>".join(lines)


def _labels(keys: tuple[str, ...], scene) -> list[str]:
    from .scene import local_label

    return [local_label(scene.atlas, k, scene.lang) for k in keys]


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
    if entry.swatch == "outline":  # the map's dashed line: 2 px wide, its dashes in pixels
        on, off = (entry.dash or (5, 3))[:2]
        return (f'<i class="zm-line" style="color:{c};background:repeating-linear-gradient(90deg,currentColor 0 '
                f'{on:g}px,transparent {on:g}px {on + off:g}px)"></i>')
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
