"""How a map is to be written: the one value that travels beside a :class:`~geo.scene.scene.Scene` from an export
to the drawing (format, size in pixels, text preset, Arabic names, tiles), checked once when it is made."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from geo.base.errors import ExportError, InputError

__all__ = ["FORMATS", "DEFAULT_WIDTH", "DEFAULT_HEIGHT", "MIN_PX", "MAX_PX", "MAX_RATIO", "PRESETS", "Output",
           "output", "check_format", "check_size", "check_run", "check_preset"]

FORMATS = ("png", "svg", "pdf", "html")
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1600, 1200
MIN_PX, MAX_PX = 200, 8000
MAX_RATIO = 2.5  # the longer side of a map at most this many times the shorter
PRESETS = ("page", "column", "slide")


@dataclass(frozen=True)
class Output:
    """``fmt``: png, svg, pdf or html; ``width`` × ``height``: pixels (a PNG's exact size); ``preset``: page,
    column or slide, a :class:`~geo.draw.static.presets.Preset`, or None (chosen from the width); ``arabic``: the
    areas' Arabic names under their English ones; ``tiles``: a tile basemap (None: no network)."""

    fmt: str = "png"
    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT
    preset: Any = None
    arabic: bool = False
    tiles: Any = None

    def resolved(self) -> Output:
        """The same output with its preset chosen (a Preset, never a name or None)."""
        from .presets import Preset, choose

        if isinstance(self.preset, Preset):
            return self
        return replace(self, preset=choose(self.preset, self.width, self.height))


def output(fmt: str = "png", width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT, preset: Any = None,
           arabic: bool = False, tiles: Any = None) -> Output:
    """An :class:`Output`, its format, size and preset checked (one-line errors naming the bad value)."""
    fmt = check_format(fmt)
    check_size(width, height)
    check_preset(preset)
    return Output(fmt, width, height, preset, bool(arabic), tiles)


def check_format(fmt: str) -> str:
    key = str(fmt).lower().lstrip(".")
    if key not in FORMATS:
        raise ExportError(f"format was {fmt!r} but is expected to be one of {', '.join(FORMATS)}")
    return key


def check_size(width: int, height: int) -> None:
    """Each side from MIN_PX to MAX_PX pixels, and the longer at most MAX_RATIO times the shorter: a map has a
    title above it and a key beside it, which a strip of 8000 × 200 pixels has no room for."""
    for name, value in (("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, int) or not MIN_PX <= value <= MAX_PX:
            raise InputError(f"{name} was {value!r} but must be a whole number of pixels from {MIN_PX} to {MAX_PX}")
    long, short = max(width, height), min(width, height)
    if long > MAX_RATIO * short:
        fit = math.ceil(long / MAX_RATIO)
        other = "height" if width > height else "width"
        raise InputError(f"width × height was {width} × {height}, {long / short:.1f} times longer than it is "
                         f"{'high' if width > height else 'wide'}; a map's longer side may be at most {MAX_RATIO:g} "
                         f"times its shorter (the title, key and insets need room) — e.g. --{other} {fit}")


def check_run(what: str, maps: int, width: int | None = None, height: int | None = None) -> None:
    """An export of several maps (``--each``) within the budgets of one run: the number of maps, and the
    pixels of all of them (``width`` × ``height`` each; None for a handout, whose A4 pages have no size in
    pixels). Checked before anything is drawn."""
    from geo.io.budget import ENV, Budget

    budget = Budget.from_env()
    if maps > budget.maps:
        raise InputError(f"--each {what} makes {maps:,} maps, over the budget of {budget.maps:,} maps in one export "
                         f"— choose some with --provision or --zone, or set {ENV['maps']} to raise it")
    if width is not None and height is not None and maps * width * height > budget.pixels:
        raise InputError(f"--each {what} makes {maps:,} maps of {width:,} × {height:,} pixels, "
                         f"{maps * width * height / 1e6:,.0f} million in all, over the budget of "
                         f"{budget.pixels / 1e6:,.0f} million pixels in one export — give a smaller --width and "
                         f"--height, fewer maps, or set {ENV['pixels']} to raise it")


def check_preset(preset: Any) -> None:
    if preset is None or isinstance(preset, str) and preset in PRESETS:
        return
    from .presets import Preset

    if not isinstance(preset, Preset):
        raise InputError(f"preset was {preset!r} but must be one of {', '.join(PRESETS)}")
