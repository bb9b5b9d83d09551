"""The map asks nothing of the network: Leaflet is inlined from xstatic-leaflet, every other CDN link dropped —
on a plain folium map, on zonemap's own map (base and scene layer, as the page passes them to
streamlit-folium) and in the header streamlit-folium builds from it."""

from __future__ import annotations

import base64
import re

import folium
import pytest
import streamlit_folium
import xstatic.pkg.leaflet as xleaflet

from geo.draw import offline
from geo.draw.render import base_map, build_map, scene_layer
from geo.model.atlas import load_atlas
from geo.scene.scene import Marker, View, resolve


def plain_map() -> folium.Map:
    m = folium.Map(location=[35, 38], zoom_start=6, tiles=None, control_scale=True)
    folium.GeoJson({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"name": "a"},
        "geometry": {"type": "Polygon", "coordinates": [[[36, 35], [37, 35], [37, 36], [36, 35]]]}}]},
        tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
    folium.CircleMarker([35.5, 36.5], radius=5, tooltip="here").add_to(m)
    return m


@pytest.fixture(scope="module")
def scene():
    atlas = load_atlas()
    return resolve(atlas.at("2019-01-01"), View(selected="idlib", marker=Marker("Saraqib", 35.8645, 36.8059)))


def links(m) -> list[str]:
    """Every script and stylesheet URL that folium (or streamlit-folium, walking the same elements) loads."""
    out = []
    for element in offline._walk(m):
        out += [url for _, url in getattr(element, "default_js", None) or []]
        out += [url for _, url in getattr(element, "default_css", None) or []]
    return out


def decoded(url: str) -> str:
    head, _, payload = url.partition(",")
    assert head.endswith(";base64"), head
    return base64.b64decode(payload).decode("utf-8")


def test_plain_folium_links_cdns():
    html = plain_map().get_root().render()
    assert any("leaflet" in url for url in offline.external_urls(html))
    assert any(url.startswith(("http", "//")) for url in links(plain_map()))


def test_an_offline_map_has_no_outside_url():
    m = offline.offline_assets(plain_map())
    assert offline.external_urls(m.get_root().render()) == []
    assert links(m) and all(url.startswith("data:") for url in links(m))


def test_leaflet_is_inlined_whole_from_the_package():
    m = offline.offline_assets(plain_map())
    js = decoded(dict(m.default_js)["leaflet"])
    with open(f"{xleaflet.BASE_DIR}/leaflet.js", encoding="utf-8") as fh:
        shipped = fh.read()
    assert js == re.sub(r"//# sourceMappingURL=\S+\s*$", "", shipped)  # the whole library, minus the map comment
    assert 't.version="1.9.3"' in js and "sourceMappingURL" not in js
    assert [name for name, _ in m.default_css] == ["leaflet_css"]
    assert ".leaflet-container" in decoded(dict(m.default_css)["leaflet_css"])


def test_the_stylesheets_images_are_inlined():
    css = offline.leaflet_css()
    images = re.findall(r"url\(([^)]*)\)", css)
    assert images and all(u.startswith("data:image/png;base64,") for u in images if not u.startswith("#"))
    assert "images/" not in css


def test_zonemaps_map_is_offline(scene):
    m = offline.offline_assets(build_map(scene))
    html = m.get_root().render()
    assert offline.external_urls(html) == []
    assert "data:text/javascript;base64," in html  # Leaflet is there, inline
    assert not re.search(r"""<(?:script|link)\b[^>]*(?:src|href)=["'](?!data:)""", html)


def test_the_pages_map_gives_streamlit_folium_only_inline_links(scene):
    """The page passes the offline base map and the scene layer; streamlit-folium loads the default_js and
    default_css of every element of both into its frame, renders the base map's header and writes the layer's
    script into the frame."""
    base = offline.offline_assets(base_map(scene.atlas, scene.layers))
    layer = scene_layer(scene)
    assert links(base) and all(url.startswith("data:") for url in links(base))
    assert links(layer) == []  # the layer brings no script or stylesheet of its own: Leaflet comes with the base
    assert offline.external_urls(streamlit_folium._get_header(base)) == []
    script = streamlit_folium._get_feature_group_string(layer, base)
    assert "L.circleMarker(" in script and "zonemap-legend" in script  # the posts, the legend…
    assert offline.external_urls(script) == []  # …and no URL to fetch


def test_links_sees_what_an_element_of_the_scene_layer_would_fetch(scene):
    """The check above can fail: a plugin added to the scene layer brings its CDN links, and links() finds them
    where streamlit-folium would load them."""
    from folium.plugins import MarkerCluster

    layer = scene_layer(scene)
    MarkerCluster().add_to(layer)
    assert any(url.startswith(("http", "//")) for url in links(layer))


def test_external_urls_finds_every_kind_of_link():
    html = ('<script src="//cdn.example/x.js"></script><link href="https://e.org/a.css">'
            "<img SRC='http://e.org/i.png'><a href=\"/local\"><script src=\"data:text/javascript,1\">")
    assert offline.external_urls(html) == ["//cdn.example/x.js", "http://e.org/i.png", "https://e.org/a.css"]


def test_the_servers_settings_are_read_and_keep_the_page_offline_and_quiet():
    """Streamlit ignores a .streamlit/config.toml it cannot parse — and then asks the network for its usage
    statistics' settings (the browser tests saw it as console errors). The file must parse, and say: no usage
    statistics, this machine only, a reader's toolbar, an error's type only."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["browser"]["gatherUsageStats"] is False and config["server"]["address"] == "localhost"
    assert config["client"] == {"toolbarMode": "viewer", "showErrorDetails": "none"}
