"""The fonts the static maps are set in, registered with matplotlib at run time (never a system font).

Latin text is set in DejaVu Sans, which matplotlib ships. Arabic is set in Noto Naskh Arabic, bundled in
``geo/static/fonts/`` with its licence (SIL OFL 1.1; provenance in the folder's README): a map in Arabic puts it
first and falls back to DejaVu Sans, glyph by glyph, for Latin letters it lacks.
"""

from __future__ import annotations

import threading
from pathlib import Path

__all__ = ["FOLDER", "LATIN", "ARABIC", "FILES", "register", "families"]

FOLDER = Path(__file__).resolve().parent / "fonts"
LATIN = "DejaVu Sans"
ARABIC = "Noto Naskh Arabic"
FILES = (FOLDER / "NotoNaskhArabic-Regular.ttf", FOLDER / "NotoNaskhArabic-Bold.ttf")
_LOCK = threading.Lock()
_done = False


def register() -> None:
    """Add the bundled fonts to matplotlib's font manager (once per process)."""
    global _done
    if _done:
        return
    with _LOCK:
        if _done:
            return
        from matplotlib import font_manager

        for path in FILES:
            font_manager.fontManager.addfont(str(path))
        _done = True


def families(rtl: bool) -> list[str]:
    """The font families, in fallback order, for a map in a right-to-left (Arabic) or a Latin language."""
    return [ARABIC, LATIN] if rtl else [LATIN]
