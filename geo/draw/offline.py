"""Make a folium map self-contained: Leaflet from an installed package, no CDN.

folium links Leaflet, jQuery, Bootstrap, Font Awesome and awesome-markers from CDNs
(``default_js`` / ``default_css`` of every ``JSCSSMixin`` element). :func:`offline_assets`
replaces Leaflet's links by ``data:`` URLs holding the files shipped by ``xstatic-leaflet``
(Leaflet 1.9.3, the version folium targets; the stylesheet's images inlined too) and drops
the rest, which zonemap's maps do not use. A ``data:`` URL is content, not a request, so the
map draws with every outside request blocked, both in a standalone HTML file and inside
streamlit-folium, which loads the same links into its component frame.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

import folium
from branca.element import Element

__all__ = ["LEAFLET_VERSION", "offline_assets", "leaflet_js", "leaflet_css", "external_urls"]

LEAFLET_VERSION = "1.9.3"
# Assets that zonemap's maps need; everything else folium links is dropped.
KEEP_JS = {"leaflet"}
KEEP_CSS = {"leaflet_css"}
_URL = re.compile(r"""(?:src|href)\s*=\s*["']((?:https?:)?//[^"']+)["']""", re.IGNORECASE)


def offline_assets(m: folium.Map) -> folium.Map:
    """Replace every CDN script/stylesheet of ``m`` and its children by inline content.

    Modifies ``m`` in place and returns it. Leaflet's JS and CSS become ``data:`` URLs;
    other libraries (jQuery, Bootstrap, Font Awesome, awesome-markers) are removed, so a
    map that needs them (e.g. ``folium.Icon`` markers) must not be made offline this way.
    """
    for element in _walk(m):
        js = getattr(element, "default_js", None)
        css = getattr(element, "default_css", None)
        if js is not None:
            element.default_js = [(name, _js_url()) for name, _ in js if name in KEEP_JS]
        if css is not None:
            element.default_css = [(name, _css_url()) for name, _ in css if name in KEEP_CSS]
    return m


def external_urls(html: str) -> list[str]:
    """Every http(s) or protocol-relative URL that a page's ``src``/``href`` would fetch."""
    return sorted(set(_URL.findall(html)))


def leaflet_js() -> str:
    """Leaflet's minified script, without its source-map comment (no request for the .map)."""
    text = (_leaflet_dir() / "leaflet.js").read_text(encoding="utf-8")
    return re.sub(r"//# sourceMappingURL=\S+\s*$", "", text)


def leaflet_css() -> str:
    """Leaflet's stylesheet with its images inlined as ``data:`` URLs."""
    base = _leaflet_dir()
    text = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        path = base / match.group(1)
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", inline, text)


# --- helpers -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _js_url() -> str:
    return "data:text/javascript;base64," + base64.b64encode(leaflet_js().encode("utf-8")).decode("ascii")


@lru_cache(maxsize=1)
def _css_url() -> str:
    return "data:text/css;base64," + base64.b64encode(leaflet_css().encode("utf-8")).decode("ascii")


@lru_cache(maxsize=1)
def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as xleaflet

    if xleaflet.VERSION != LEAFLET_VERSION:
        raise RuntimeError(f"xstatic-leaflet ships Leaflet {xleaflet.VERSION}, expected {LEAFLET_VERSION}")
    return Path(xleaflet.BASE_DIR)


def _walk(element: Element):
    yield element
    for child in list(getattr(element, "_children", {}).values()):
        yield from _walk(child)
