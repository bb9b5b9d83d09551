"""Exports of the current view: PNG, SVG and PDF (static map) and a standalone offline HTML map.

``render_bytes`` draws, ``write`` writes atomically (whole or not at all, never over an
existing file unless ``force``), ``export_cli`` is the ``zonemap export`` command.
matplotlib and folium are imported only when a format needs them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from .errors import ExportError, InputError
from .files import atomic_write, check_target
from .view import View

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["FORMATS", "DEFAULT_WIDTH", "DEFAULT_HEIGHT", "MIN_PX", "MAX_PX", "format_for", "check_size",
           "view_for", "render_bytes", "write", "export_cli"]

FORMATS = ("png", "svg", "pdf", "html")
SUFFIXES = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".html": "html", ".htm": "html"}
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1600, 1200
MIN_PX, MAX_PX = 200, 8000


def render_bytes(fmt: str, view: View, areas, outline, governorates, provisions: pd.DataFrame,
                 width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT, tiles: Any = None) -> bytes:
    """The map of ``view`` in ``fmt`` (png, svg, pdf or html) as bytes.

    ``tiles`` (None by default: no network) adds a tile basemap; for html it is passed to the folium map.
    """
    import io

    out = io.BytesIO()
    _render_to(out, _check_format(fmt), view, areas, outline, governorates, provisions, width, height, tiles)
    return out.getvalue()


def write(path: str | Path, fmt: str | None, view: View, areas, outline, governorates, provisions: pd.DataFrame,
          width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT, force: bool = False, tiles: Any = None) -> Path:
    """Render and write ``path`` atomically; ``fmt`` None follows the suffix. Returns the path written."""
    path = Path(path)
    fmt = format_for(path, fmt)
    check_size(width, height)
    check_target(path, force)

    def render_into(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            _render_to(out, fmt, view, areas, outline, governorates, provisions, width, height, tiles)

    try:
        return atomic_write(path, render_into, force=force)
    except OSError as exc:  # e.g. the temporary file cannot be created in that folder
        raise ExportError(f"{path}: cannot be written: {exc.strerror or exc}") from None


def export_cli(args: argparse.Namespace) -> Path:
    """``zonemap export``: check the options and the target first, then load, render and write."""
    from . import load
    from .provisions import load_provisions

    path = Path(args.output)
    fmt = format_for(path, args.format)
    width = DEFAULT_WIDTH if args.width is None else args.width
    height = DEFAULT_HEIGHT if args.height is None else args.height
    check_size(width, height)
    check_target(path, args.force)
    areas = load.load_areas(args.zones)
    provisions = load_provisions(args.provisions, areas["id"])
    view = view_for(areas, provisions, args.provision or (), args.zone or ())
    outline = load.load_outline()
    governorates = load.load_governorates(args.governorates)
    return write(path, fmt, view, areas, outline, governorates, provisions, width, height, force=args.force)


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


def view_for(areas, provisions: pd.DataFrame, numbers: Sequence[int] = (), zones: Sequence[str] = ()) -> View:
    """The View for ``--provision N``… and ``--zone ID``, with unknown numbers and ids refused by name."""
    known_numbers = [int(n) for n in provisions["number"]]
    for n in numbers:
        if n not in known_numbers:
            raise InputError(f"unknown provision {n!r}; known: {', '.join(map(str, known_numbers))}")
    known_ids = list(areas["id"])
    for zone in zones:
        if zone not in known_ids:
            raise InputError(f"unknown area {zone!r}; known: {', '.join(known_ids)}")
    if len(set(zones)) > 1:
        raise InputError(f"--zone was given {len(set(zones))} areas ({', '.join(dict.fromkeys(zones))}); "
                         "a view selects one area at a time, as on the page")
    return View(provisions=tuple(dict.fromkeys(int(n) for n in numbers)), selected=zones[0] if zones else None)


def _check_format(fmt: str) -> str:
    key = str(fmt).lower().lstrip(".")
    if key not in FORMATS:
        raise ExportError(f"format was {fmt!r} but is expected to be one of {', '.join(FORMATS)}")
    return key


# --- rendering -----------------------------------------------------------------------------


def _render_to(out: BinaryIO, fmt: str, view: View, areas, outline, governorates, provisions: pd.DataFrame,
               width: int, height: int, tiles: Any) -> None:
    check_size(width, height)
    if fmt == "html":
        out.write(_html_bytes(view, areas, outline, governorates, provisions, tiles))
        return
    from . import static_map

    static_map.draw(fmt, out, view, areas, outline, governorates, provisions, width, height, tiles=tiles)


def _html_bytes(view: View, areas, outline, governorates, provisions: pd.DataFrame, tiles: Any) -> bytes:
    """One self-contained page: the folium map of the view with Leaflet inlined (no CDN, no network)."""

    from .offline import offline_assets
    from .render import build_map, escape_text
    from .view import highlight

    m = offline_assets(build_map(areas, outline, governorates, provisions, view, tiles=tiles))
    root = m.get_root()
    root.title = escape_text(f"{highlight(view, areas, provisions).title} · zonemap")  # branca does not escape it
    return root.render().encode("utf-8")
