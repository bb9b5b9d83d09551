"""Text from a user's file reaches every output as inert text — checked by decoding what the user gets.

- The map: each fragment of HTML the map's script inserts (tooltips, labels, legend, title, the place marker)
  is parsed as a browser would; only zonemap's own tags may appear, and the text is the name as written.
- geo.text.html, markdown, one_line, printable and csv_cell: decoding the output gives back the input, and
  nothing that the target would interpret is left unescaped.
- The terminal and CSV through the command.

(test_render.py compares the map's tooltips with their escaped form; this file parses what the browser builds.)
"""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
import re
import string
from html.parser import HTMLParser

import pytest

from geo import text
from geo.atlas import Sources, load_atlas
from geo.cli import main
from geo.render import build_map
from geo.scene import Marker, View, resolve
from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection
from tests.hostile import write

# names that try every way out: markup, Jinja (branca renders each script, then parses it again as a template),
# JS template literals (folium puts tooltips in backticks), character references
NORTH = "N <img src=x onerror=alert(1)> {{ 7*7 }} `+alert(2)+` ${3} C:\\u{zz}"
NORTH_AR = "{% for x in range(3) %}LOOP{% endfor %} {# open"
SOUTH = 'South <b>bold</b> & "sons" &amp; \'x\' </div><script>alert(4)</script>'
MARK = "Place `+alert(5)+` \\x41 {{ 6*6 }} <i>it</i>"
OUR_TAGS = {"b", "br", "i", "div", "details", "summary"}  # what zonemap itself writes into these fragments


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = write(tmp_path_factory.mktemp("hostile") / "areas.geojson",
                 collection(area_feature("north", IDLIB_SQUARE, name=NORTH, name_ar=NORTH_AR),
                            area_feature("south", DARAA_SQUARE, name=SOUTH)))
    return load_atlas(Sources(areas=str(path)))


class Fragment(HTMLParser):
    """The elements and the text a browser builds from a piece of HTML (character references decoded)."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.lines: list[str] = [""]
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "br":
            self.lines.append("")

    def handle_data(self, data):
        self.lines[-1] += data

    @property
    def text(self) -> list[str]:
        return [" ".join(line.split()) for line in self.lines]


def template_literal(source: str, start: int) -> str:
    """The value of the JS template literal opening at ``source[start]`` (a backtick), as JS cooks it;
    AssertionError where JS would run code (``${``) or fail (a bad escape)."""
    assert source[start] == "`"
    out, i = [], start + 1
    simple = {"n": "\n", "t": "\t", "r": "\r", "`": "`", "\\": "\\", "$": "$", "'": "'", '"': '"', "\n": ""}
    while source[i] != "`":
        ch = source[i]
        assert not source.startswith("${", i), f"interpolation in a template literal: {source[i:i + 40]!r}"
        if ch == "\\":
            nxt = source[i + 1]
            if nxt in simple:
                out.append(simple[nxt])
                i += 2
            else:
                match = re.compile(r"x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]+\}").match(source, i + 1)
                assert match, f"invalid escape in a template literal: {source[i:i + 10]!r}"
                digits = match.group().lstrip("xu").strip("{}")
                out.append(chr(int(digits, 16)))
                i = match.end()
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def fragments(page: str) -> dict[str, list[str]]:
    """Every piece of HTML that the map's script inserts, by where it goes, decoded from the page."""
    decoder = json.JSONDecoder()
    out: dict[str, list[str]] = {"tooltip": [], "label": [], "control": [], "marker": []}
    for m in re.finditer(r"_add\(", page):
        doc, _ = decoder.raw_decode(page, m.end())
        out["tooltip"] += [f["properties"]["tip_html"] for f in doc["features"] if "tip_html" in f["properties"]]
    for m in re.finditer(r"var parent = \w+;\s*", page):
        labels, _ = decoder.raw_decode(page, m.end())
        out["label"] += [label[0] for label in labels]
    for m in re.finditer(r"div\.innerHTML = (?=\")", page):
        out["control"].append(decoder.raw_decode(page, m.end())[0])
    for m in re.finditer(r"\.bindTooltip\(\s*(?=`)", page):
        out["marker"].append(template_literal(page, m.end()))
    return out


def test_every_name_reaches_the_map_as_text(hostile):
    scenes = [resolve(hostile.at(), View()), resolve(hostile.at(), View(selected="north")),
              resolve(hostile.at(), View(marker=Marker(MARK, 35.85, 36.7)))]
    seen: dict[str, list[str]] = {"tooltip": [], "label": [], "control": [], "marker": []}
    for scene in scenes:
        for where, found in fragments(build_map(scene).get_root().render()).items():
            seen[where] += found
    parsed = {where: [Fragment(f) for f in found] for where, found in seen.items()}
    for where, frags in parsed.items():
        assert frags, where
        for frag in frags:
            assert set(frag.tags) <= OUR_TAGS, (where, frag.tags)
    tips = [f.text for f in parsed["tooltip"]]
    assert [NORTH, NORTH_AR, "De-escalation area · shape confidence: low"] in tips
    assert [SOUTH, "منطقة", "De-escalation area · shape confidence: low"] in tips
    assert {text.clip(NORTH, 60), text.clip(SOUTH, 60)} <= {f.text[0] for f in parsed["label"]}  # names on the map
    controls = [line for f in parsed["control"] for line in f.text]
    assert NORTH in controls and SOUTH in controls  # the legend
    assert f"{NORTH} — selected" in controls  # the title
    assert MARK in controls  # the legend's marker entry
    assert [MARK] in [f.text for f in parsed["marker"]]  # the marker's own tooltip, in a JS template literal


# --- geo.text ------------------------------------------------------------------------------------------

HOSTILE = [NORTH, NORTH_AR, SOUTH, MARK, "&#123; &lt; &amp;amp; \\`", "", "plain Idlib", "إدلب {x}"]


@pytest.mark.parametrize("value", HOSTILE)
def test_html_decodes_back_and_leaves_nothing_active(value):
    out = text.html(value)
    assert html_lib.unescape(out) == value  # what the browser shows is the text itself
    assert not set(out) & set("<>\"'{}`\\")  # no markup, no template syntax, no way out of a JS string
    assert re.fullmatch(r"(?:[^&]|&(?:#\d+|#x[0-9a-fA-F]+|[a-z]+);)*", out)  # every & starts a reference


def unescape_markdown(value: str) -> str:
    """What CommonMark shows for backslash escapes of ASCII punctuation."""
    return re.sub(r"\\([" + re.escape(string.punctuation) + "])", r"\1", value)


@pytest.mark.parametrize("value", HOSTILE + ["*bold* _it_ [link](http://x) ![img](y) `code` # head $x^2$ ~~s~~ "
                                             "| a | b | :red[colour] :smile: <b>x</b> \\*"])
def test_markdown_decodes_back_and_escapes_every_markup_character(value):
    out = text.markdown(value)
    assert unescape_markdown(out) == value
    unescaped = re.sub(r"\\[" + re.escape(string.punctuation) + "]", "", out)
    assert not set(unescaped) & set("\\`*_{}[]()<>#+|~$!:")  # emphasis, code, links, HTML, LaTeX, emoji


CONTROLS = [chr(c) for c in (*range(0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029, 0x061C, 0x200E, 0x200F,
                             *range(0x202A, 0x202F), *range(0x2066, 0x206A))]


def unescape_terminal(value: str) -> str:
    return re.sub(r"\\x([0-9a-f]{2})|\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1) or m.group(2), 16)), value)


def test_one_line_escapes_every_control_separator_and_bidi_character():
    value = "a" + "b".join(CONTROLS) + "z"
    out = text.one_line(value)
    assert not set(out) & set(CONTROLS)
    assert len(out.splitlines()) == 1 and out.isprintable()
    assert unescape_terminal(out) == value  # a reader can tell exactly what the file held


def test_printable_keeps_lines_and_tabs_but_escapes_the_rest():
    value = "line 1\tcol\nline 2 \x1b[2J\u202egnp.exe\r\x85\u2028end"
    out = text.printable(value)
    lines = out.split("\n")
    assert len(lines) == 2 and lines[0] == "line 1\tcol" and lines[1].startswith("line 2 \\x1b[2J")
    assert not set(out) & (set(CONTROLS) - {"\n", "\t"})
    assert unescape_terminal(out) == value


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+1+2", "'+1+2"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("-1.5", "-1.5"), ("+36.8", "+36.8"), ("-1e3", "-1e3"), ("", ""),
    ("Idlib", "Idlib"), ("a=b", "a=b"), (" =1", " =1"),
])
def test_csv_cell_neutralises_formulas_and_leaves_numbers(value, cell):
    assert text.csv_cell(value) == cell


# --- through the command -----------------------------------------------------------------------------------


def test_control_characters_in_a_name_cannot_forge_terminal_lines(capsys, monkeypatch, write_json):
    name = "Evil\nerror: forged line\x1b[31m red \u202eesrever\u2028end"
    path = write_json("areas.geojson", collection(area_feature("north", IDLIB_SQUARE, name=name)))
    monkeypatch.setenv("COLUMNS", "300")
    assert main(["zones", "--zones", str(path)]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 3 and err == ""  # header, rule, one row
    assert not set(out) & (set(CONTROLS) - {"\n"})
    assert "Evil error: forged line\\x1b[31m red \\u202eesrever end" in lines[2]  # shown, escaped, on its row
    assert main(["zones", "--zones", str(path), "--format", "csv"]) == 0
    out, _ = capsys.readouterr()
    records = list(csv.reader(io.StringIO(out)))
    assert len(records) == 2 and not set(out) & (set(CONTROLS) - {"\n"})
    assert len(out.splitlines()) == 2  # one line per row: a newline in a cell is escaped too (issue 21)
    assert records[1][2] == "Evil\\x0aerror: forged line\\x1b[31m red \\u202eesrever\\u2028end"


def test_zones_csv_neutralises_formulas_unless_raw(capsys, write_json):
    name = "=HYPERLINK(\"http://evil\",\"click\")"
    path = write_json("areas.geojson", collection(area_feature("north", IDLIB_SQUARE, name=name, note="-1.5")))
    assert main(["zones", "--zones", str(path), "--format", "csv"]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert (row["name"], row["note"]) == ("'" + name, "-1.5")
    assert main(["zones", "--zones", str(path), "--format", "csv", "--raw-csv"]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert row["name"] == name


@pytest.mark.parametrize("cell", ["-inf", "-1_000", "-nan", "-Infinity", "-\u0661\u0662"])
def test_zones_csv_quotes_a_cell_that_python_reads_as_a_number_but_a_spreadsheet_does_not(capsys, write_json, cell):
    """A spreadsheet evaluates a raw cell starting with '-' as a formula: only plain decimal numbers stay raw,
    as ``locate`` leaves them."""
    path = write_json("areas.geojson", collection(area_feature("north", IDLIB_SQUARE, name=cell, note="-1.5")))
    assert main(["zones", "--zones", str(path), "--format", "csv"]) == 0
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert (row["name"], row["note"]) == ("'" + cell, "-1.5")
