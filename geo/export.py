"""Exports of a scene: PNG, SVG and PDF (the static map) and a standalone offline HTML map.

``render_bytes`` draws, ``write`` writes atomically (whole or not at all, never over an existing file unless
``force``), ``export_cli`` is the ``zonemap export`` command. matplotlib and folium are imported only when a
format needs them.
"""

from __future__ import annotations

import argparse
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from .errors import ExportError, InputError
from .io import atomic_write, check_target
from .scene import Marker, Scene, View

__all__ = ["FORMATS", "DEFAULT_WIDTH", "DEFAULT_HEIGHT", "MIN_PX", "MAX_PX", "format_for", "check_size",
           "view_for", "render_bytes", "write", "export_cli"]

FORMATS = ("png", "svg", "pdf", "html")
SUFFIXES = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".html": "html", ".htm": "html"}
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1600, 1200
MIN_PX, MAX_PX = 200, 8000


def render_bytes(fmt: str, scene: Scene, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT,
                 tiles: Any = None) -> bytes:
    """The map of ``scene`` in ``fmt`` (png, svg, pdf or html) as bytes.

    ``tiles`` (None by default: no network) adds a tile basemap; for html it is passed to the folium map.
    """
    check_size(width, height)
    out = io.BytesIO()
    _render_to(out, _check_format(fmt), scene, width, height, tiles)
    return out.getvalue()


def write(path: str | Path, fmt: str | None, scene: Scene, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT,
          force: bool = False, tiles: Any = None) -> Path:
    """Render and write ``path`` atomically; ``fmt`` None follows the suffix. Returns the path written."""
    path = Path(path)
    fmt = format_for(path, fmt)
    check_size(width, height)

    def render_into(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            _render_to(out, fmt, scene, width, height, tiles)

    try:
        return atomic_write(path, render_into, force=force)
    except OSError as exc:  # e.g. the temporary file cannot be created in that folder
        raise ExportError(f"{path}: cannot be written: {exc.strerror or exc}") from None


def export_cli(args: argparse.Namespace, atlas) -> Path:
    """``zonemap export``: the options and the target were checked first; resolve the view, render, write."""
    from .scene import resolve

    path = Path(args.output)
    fmt = format_for(path, args.format)
    width = DEFAULT_WIDTH if args.width is None else args.width
    height = DEFAULT_HEIGHT if args.height is None else args.height
    check_size(width, height)
    check_target(path, args.force)
    view = view_for(atlas, args.provision or (), args.zone or (), args.date, args.mark)
    return write(path, fmt, resolve(atlas.at(view.date), view), width, height, force=args.force)


# --- checks --------------------------------------------------------------------------------


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The format to write: ``fmt`` if given, else the one the suffix implies."""
    if fmt is not None:
        return _check_format(fmt)
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"{path}: cannot tell the format from the suffix {suffix or '(none)'!r}; "
                          f"use one of {', '.join(SUFFIXES)} or --format {'|'.join(FORMATS)}")
    return SUFFIXES[suffix]


def check_size(width: int, height: int) -> None:
    for name, value in (("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, int) or not MIN_PX <= value <= MAX_PX:
            raise InputError(f"{name} was {value!r} but must be a whole number of pixels from {MIN_PX} to {MAX_PX}")


def view_for(atlas, provisions: Sequence[Any] = (), zones: Sequence[str] = (), day: Any = None,
             mark: str | None = None) -> View:
    """The View for ``--provision N``…, ``--zone ID``, ``--date`` and ``--mark``; unknown values refused by name."""
    from .atlas import parse_day

    keys = tuple(dict.fromkeys(atlas.provision(p) for p in provisions))
    for zone in zones:
        atlas.area(zone)
    if len(set(zones)) > 1:
        raise InputError(f"--zone was given {len(set(zones))} areas ({', '.join(dict.fromkeys(zones))}); "
                         "a view selects one area at a time, as on the page")
    marker = None
    if mark:
        from .gazetteer import lookup

        place = lookup(mark).place
        marker = Marker(place.name, place.lat, place.lon)
    return View(date=parse_day(day) if day else atlas.schema.default_date, provisions=keys,
                selected=zones[0] if zones else None, marker=marker)


def _check_format(fmt: str) -> str:
    key = str(fmt).lower().lstrip(".")
    if key not in FORMATS:
        raise ExportError(f"format was {fmt!r} but is expected to be one of {', '.join(FORMATS)}")
    return key


# --- rendering -----------------------------------------------------------------------------


def _render_to(out: BinaryIO, fmt: str, scene: Scene, width: int, height: int, tiles: Any) -> None:
    if fmt == "html":
        out.write(_html_bytes(scene, tiles))
        return
    from . import static

    static.draw(scene, out, fmt, width, height, tiles=tiles)


def _html_bytes(scene: Scene, tiles: Any) -> bytes:
    """One self-contained page: the folium map of the scene with Leaflet inlined (no CDN, no network)."""
    from .offline import offline_assets
    from .render import build_map
    from .text import html

    m = offline_assets(build_map(scene, tiles=tiles))
    root = m.get_root()
    root.title = html(f"{scene.title} · zonemap")  # branca does not escape it
    return root.render().encode("utf-8")
