"""A folium map made offline asks nothing of the network: Leaflet is inlined from xstatic-leaflet."""

from __future__ import annotations

import base64
import re

import folium
import pytest

from geo import offline


def _map_with_everything() -> folium.Map:
    m = folium.Map(location=[35, 38], zoom_start=6, tiles=None, control_scale=True)
    folium.GeoJson({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"name": "a"},
        "geometry": {"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [37, 36], [36, 35]]]}}]},
        tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
    folium.CircleMarker([35.5, 36.5], radius=5, tooltip="here").add_to(m)
    return m


def test_plain_folium_links_cdns():
    html = _map_with_everything().get_root().render()
    assert any("leaflet" in url for url in offline.external_urls(html))


def test_offline_map_has_no_outside_url():
    m = offline.offline_assets(_map_with_everything())
    html = m.get_root().render()
    assert offline.external_urls(html) == []
    assert "cdn.jsdelivr" not in html and "jquery" not in html.lower()


def test_leaflet_is_inlined_from_the_package():
    m = offline.offline_assets(_map_with_everything())
    js = dict(m.default_js)["leaflet"]
    assert js.startswith("data:text/javascript;base64,")
    script = base64.b64decode(js.split(",", 1)[1]).decode("utf-8")
    assert 't.version="1.9.3"' in script
    assert "sourceMappingURL" not in script  # no request for a .map file either
    assert [name for name, _ in m.default_css] == ["leaflet_css"]


def test_stylesheet_images_are_inlined():
    css = offline.leaflet_css()
    assert ".leaflet-container" in css
    assert not re.search(r"url\((?!data:|#)", css), "every url() in the CSS must be inline"


def test_streamlit_folium_gets_only_inline_links():
    """streamlit-folium loads each element's default_js/default_css into its frame: all must be data: URLs."""
    st_folium = pytest.importorskip("streamlit_folium")
    m = offline.offline_assets(_map_with_everything())
    links = []
    for element in offline._walk(m):
        links += [url for _, url in getattr(element, "default_js", [])]
        links += [url for _, url in getattr(element, "default_css", [])]
    assert links and all(url.startswith("data:") for url in links)
    header = st_folium._get_header(m)
    assert offline.external_urls(header) == []


def test_external_urls_finds_protocol_relative_links():
    html = '<script src="//cdn.example/x.js"></script><link href="https://e.org/a.css"><a href="/local">'
    assert offline.external_urls(html) == ["//cdn.example/x.js", "https://e.org/a.css"]
