"""How a map is to be written: the one value that travels beside a :class:`~geo.scene.Scene` from an export
to the drawing (format, size in pixels, text preset, Arabic names, tiles), checked once when it is made."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .errors import ExportError, InputError

__all__ = ["FORMATS", "DEFAULT_WIDTH", "DEFAULT_HEIGHT", "MIN_PX", "MAX_PX", "PRESETS", "Output", "output",
           "check_format", "check_size", "check_preset"]

FORMATS = ("png", "svg", "pdf", "html")
DEFAULT_WIDTH, DEFAULT_HEIGHT = 1600, 1200
MIN_PX, MAX_PX = 200, 8000
PRESETS = ("page", "column", "slide")


@dataclass(frozen=True)
class Output:
    """``fmt``: png, svg, pdf or html; ``width`` × ``height``: pixels (a PNG's exact size); ``preset``: page,
    column or slide, a :class:`~geo.static.presets.Preset`, or None (chosen from the width); ``arabic``: the
    areas' Arabic names under their English ones; ``tiles``: a tile basemap (None: no network)."""

    fmt: str = "png"
    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT
    preset: Any = None
    arabic: bool = False
    tiles: Any = None

    def resolved(self) -> Output:
        """The same output with its preset chosen (a Preset, never a name or None)."""
        from .static.presets import Preset, choose

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
    for name, value in (("width", width), ("height", height)):
        if isinstance(value, bool) or not isinstance(value, int) or not MIN_PX <= value <= MAX_PX:
            raise InputError(f"{name} was {value!r} but must be a whole number of pixels from {MIN_PX} to {MAX_PX}")


def check_preset(preset: Any) -> None:
    if preset is None or isinstance(preset, str) and preset in PRESETS:
        return
    from .static.presets import Preset

    if not isinstance(preset, Preset):
        raise InputError(f"preset was {preset!r} but must be one of {', '.join(PRESETS)}")
