"""Text that came from a file, made safe for where it goes: one terminal line, HTML, Markdown, a CSV cell.

Every string zonemap did not write itself passes through one of these before it is shown:

- :func:`one_line` for the terminal (stdout and stderr alike): control characters (C0, DEL, C1), line and
  paragraph separators and the bidi controls that can reorder what a reader sees (U+202A–U+202E,
  U+2066–U+2069, U+200E, U+200F, U+061C) are written as escapes, so nothing can forge a second line, move
  the cursor or reverse text;
- :func:`clip` / :func:`short` so that one bad value cannot flood a message;
- :func:`html` for the map's HTML (and branca's second Jinja pass: braces become character references;
  folium's tooltips are JavaScript template literals: backticks and backslashes too);
- :func:`markdown` for ``st.markdown``;
- :func:`csv_cell` against formula injection when a CSV is opened in a spreadsheet.
"""

from __future__ import annotations

import html as _html
import re
from typing import Any

__all__ = ["one_line", "printable", "clip", "short", "html", "markdown", "csv_cell", "FORMULA_START", "NUMBER",
           "MAX_SHOWN", "STREAM_UNSAFE", "LINE_UNSAFE"]

MAX_SHOWN = 60  # characters of a user's value shown in a message

_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
# C0 as \xNN (as Python writes them); DEL, C1, separators, bidi controls and lone surrogates (which no terminal
# can print) as \uNNNN, which is also a valid JSON escape: JSON and GeoJSON on stdout stay valid and mean the same.
_ESCAPES = ({c: f"\\x{c:02x}" for c in range(0x20)}
            | {c: f"\\u{c:04x}" for c in [0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, *_BIDI, *range(0xD800, 0xE000)]})
_UNSAFE = re.compile("[" + "".join(f"\\u{c:04x}" for c in sorted(_ESCAPES) if c < 0xD800) + "\ud800-\udfff]")
_UNSAFE_STREAM = re.compile(_UNSAFE.pattern.replace("\\u0009", "").replace("\\u000a", ""))
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number as a spreadsheet and pandas.to_numeric read one: ASCII digits, with sign, point and exponent — not
# inf, nan, 1_000 or other scripts' digits. One pattern for Python (re.ASCII) and for RE2 (pyarrow, in locate).
NUMBER = r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"
_NUMBER = re.compile(NUMBER, re.ASCII)


def one_line(text: Any) -> str:
    """``text`` as one safe terminal line: control, separator and bidi characters escaped."""
    text = str(text)
    return text.translate(_ESCAPES) if _UNSAFE.search(text) else text


_STREAM = {k: v for k, v in _ESCAPES.items() if k not in (0x0A, 0x09)}
STREAM_UNSAFE = tuple(sorted(c for c in _STREAM if c < 0xD800))  # what printable escapes (surrogates aside)
LINE_UNSAFE = tuple(sorted(c for c in _ESCAPES if c < 0xD800))  # what one_line escapes (surrogates aside)


def printable(text: str) -> str:
    """Text for standard output, several lines allowed: every other control, C1 and bidi character escaped.

    JSON stays valid JSON with the same values (its strings hold no raw C0 character, and every other escape
    here is a JSON escape)."""
    return text.translate(_STREAM) if _UNSAFE_STREAM.search(text) else text


def clip(value: Any, limit: int = MAX_SHOWN) -> str:
    """Text as it is, clipped to ``limit`` characters (anything else as its repr)."""
    if not isinstance(value, str):
        return short(value, limit)
    return value if len(value) <= limit else value[: limit - 1] + "…"


def short(value: Any, limit: int = MAX_SHOWN) -> str:
    """A value as a user wrote it (its repr), clipped so that one bad value cannot flood the terminal."""
    try:
        text = repr(value)
    except ValueError:  # e.g. an integer with more digits than Python will print
        text = f"<{type(value).__name__} too long to show>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def html(text: Any) -> str:
    """Text made inert in the map's HTML, in branca's second Jinja pass, and in the JavaScript template literal
    that folium writes a tooltip into (a backtick would end it, a backslash start an escape)."""
    return (_html.escape(str(text)).replace("{", "&#123;").replace("}", "&#125;")
            .replace("\\", "&#92;").replace("`", "&#96;"))


def markdown(text: Any) -> str:
    """Text made inert for ``st.markdown``: no emphasis, links, HTML or LaTeX."""
    out = str(text)
    for ch in "\\`*_{}[]()<>#+|~$!:":
        out = out.replace(ch, "\\" + ch)
    return out


def isolated(text: str) -> str:
    """Text set apart for bidirectional display (U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE): it
    takes its direction from its first letter, so an English sentence keeps its order on a right-to-left page (and
    an Arabic one on a left-to-right page), and nothing inside it reorders the text around it."""
    return f"\u2068{text}\u2069"


def csv_cell(value: str) -> str:
    """A cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``…) gets a leading quote."""
    if value and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


def _is_number(value: str) -> bool:
    return _NUMBER.fullmatch(value.strip()) is not None
