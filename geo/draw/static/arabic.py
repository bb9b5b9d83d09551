"""Arabic text on the static map: joined letters, right to left.

matplotlib built with libraqm (3.11 and later wheels) shapes and orders Arabic itself, in the PNG and the
PDF alike; shaping it again would reverse it. Without libraqm, the letters are shaped with
``arabic-reshaper`` (contextual forms) and put in visual order with ``python-bidi``. An SVG always gets the
text in its logical order: SVG viewers shape and order text themselves, and the text stays searchable.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["has_arabic", "native_shaping", "display"]

_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text or ""))


@lru_cache(maxsize=1)
def native_shaping() -> bool:
    """True when matplotlib lays text out with libraqm (complex scripts shaped and ordered)."""
    try:
        from matplotlib import ft2font
    except ImportError:  # pragma: no cover - matplotlib is a dependency
        return False
    return bool(getattr(ft2font, "__libraqm_version__", ""))


def display(text: str, fmt: str = "png", native: bool | None = None) -> str:
    """``text`` as it must be handed to matplotlib for ``fmt`` so that Arabic reads correctly."""
    if not has_arabic(text) or fmt == "svg":
        return text
    if native if native is not None else native_shaping():
        return text
    return _shaped(text)


@lru_cache(maxsize=512)
def _shaped(text: str) -> str:
    import arabic_reshaper

    try:
        from bidi import get_display  # python-bidi 0.5 and later
    except ImportError:  # pragma: no cover - python-bidi 0.4
        from bidi.algorithm import get_display
    return get_display(arabic_reshaper.reshape(text))
