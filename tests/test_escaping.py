"""Text from a user's file reaches every output as inert text — checked by decoding what the user gets.

- The map: each fragment of HTML the map's script inserts (tooltips, labels, legend, title, the place marker)
  is parsed as a browser would; only zonemap's own tags may appear, and the text is the name as written.
- geo.text.html, markdown, one_line and printable: decoding the output gives back the input, and
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
import streamlit_folium

from geo import export, render, text
from geo.atlas import Sources, load_atlas
from geo.cli import main
from geo.render import build_map
from geo.scene import Marker, View, resolve
from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection
from tests.hostile import HOSTILE, NAMES, PLAIN, write

# Names that try every way out (tests/hostile.py): markup, Jinja (branca renders each script, then parses it again
# as a template), JS template literals (folium puts tooltips in backticks), character references.
NORTH, NORTH_AR, SOUTH, MARK, POST = NAMES["area"], NAMES["area_ar"], NAMES["zone"], NAMES["place"], NAMES["post"]
PACT, TERM = NAMES["agreement"], NAMES["provision"]
# What zonemap itself writes into these fragments (the frame buttons are a control of the scene layer).
OUR_TAGS = {"b", "br", "i", "div", "details", "summary", "span", "button"}
PACT_DAY = "2017-06-01"


def hostile_files(folder) -> dict:
    """A user's areas (an area and a zone), observation post and agreement, every name hostile."""
    areas = write(folder / "areas.geojson",
                  collection(area_feature("north", IDLIB_SQUARE, name=NORTH, name_ar=NORTH_AR),
                             area_feature("south", DARAA_SQUARE, kind="security zone", name=SOUTH)))
    posts = write(folder / "posts.geojson", collection({"type": "Feature", "geometry": {
        "type": "Point", "coordinates": [36.7, 35.85]}, "properties": {
        "id": "op_evil", "name": POST, "name_ar": NORTH_AR, "operator": "Turkey", "established": PACT_DAY,
        "encircled": "", "withdrawn": "", "location_confidence": "low", "date_confidence": "low", "source": "test",
        "note": ""}}))
    agreements = write(folder / "agreements.json", {"agreements": [{
        "id": "pact", "title": PACT, "short_title": PACT, "date": PACT_DAY, "parties": ["Russia", "Turkey"],
        "place": "Astana", "source": "test", "text_status": "summary", "provisions": [{
            "number": 1, "title": TERM, "text": TERM, "text_status": "summary", "categories": ["ceasefire"],
            "scope": ["north"], "rationale": "test", "source": "test"}]}]})
    return {"areas": areas, "posts": posts, "agreements": agreements}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    files = hostile_files(tmp_path_factory.mktemp("hostile"))
    return load_atlas(Sources(areas=str(files["areas"]), posts=str(files["posts"]),
                              agreements=str(files["agreements"])))


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

    def handle_endtag(self, tag):
        if tag == "summary":  # a block: what follows it starts a line
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
    out: dict[str, list[str]] = {"tooltip": [], "label": [], "control": [], "literal": []}
    for m in re.finditer(r"_add\(", page):
        doc, _ = decoder.raw_decode(page, m.end())
        out["tooltip"] += [f["properties"]["tip_html"] for f in doc["features"] if "tip_html" in f["properties"]]
    for m in re.finditer(r"var parent = \w+;\s*", page):
        labels, _ = decoder.raw_decode(page, m.end())
        out["label"] += [label[0] for label in labels]
    for m in re.finditer(r"div\.innerHTML = (?=\")", page):
        out["control"].append(decoder.raw_decode(page, m.end())[0])
    for m in re.finditer(r"\.bindTooltip\(\s*(?=`)", page):  # the posts' and the marker's tooltips
        out["literal"].append(template_literal(page, m.end()))
    return out


def parsed_fragments(page: str) -> dict[str, list[Fragment]]:
    """The fragments of ``page``, parsed; fails if any holds a tag zonemap does not write itself."""
    parsed = {where: [Fragment(f) for f in found] for where, found in fragments(page).items()}
    for where, frags in parsed.items():
        for frag in frags:
            assert set(frag.tags) <= OUR_TAGS, (where, frag.tags)
    return parsed


def test_every_name_reaches_the_map_as_text(hostile):
    scenes = [resolve(hostile.at(), View()), resolve(hostile.at(), View(selected="north")),
              resolve(hostile.at(), View(marker=Marker(MARK, 35.85, 36.7))),
              resolve(hostile.at(), View(provisions=("pact:1",)))]
    seen: dict[str, list[Fragment]] = {"tooltip": [], "label": [], "control": [], "literal": []}
    for scene in scenes:
        for where, found in parsed_fragments(build_map(scene).get_root().render()).items():
            seen[where] += found
    for where, frags in seen.items():
        assert frags, where
    tips = [f.text for f in seen["tooltip"]]
    assert [NORTH, NORTH_AR, "De-escalation area · shape confidence: low"] in tips
    assert [SOUTH, "منطقة", "Security zone · shape confidence: low"] in tips
    assert text.clip(NORTH, 60) in {f.text[0] for f in seen["label"]}  # an area's name on the map (not a zone's)
    controls = [line for f in seen["control"] for line in f.text]
    assert NORTH in controls and SOUTH in controls  # the legend
    assert f"{NORTH} — selected" in controls  # the title
    assert MARK in controls  # the legend's marker entry
    assert f"{PACT} 1 — where it applies" in controls  # the agreement's provision filtered on: the title
    literals = [f.text for f in seen["literal"]]
    assert [MARK] in literals  # the marker's own tooltip, in a JS template literal
    assert [POST, NORTH_AR, "Turkey observation post", f"set up {PACT_DAY}"] in literals  # the post's tooltip


def test_a_posts_name_is_text_on_the_page_and_in_the_html_export(hostile):
    """Wherever posts are drawn as HTML: the layer the page hands to streamlit-folium (as the component writes
    it into its frame) and the standalone HTML export."""
    scene = resolve(hostile.at(), View())
    page = streamlit_folium._get_feature_group_string(render.scene_layer(scene), render.base_map(hostile, scene.layers))
    exported = export.render_bytes("html", scene).decode("utf-8")
    for where, source in (("page", page), ("html export", exported)):
        posts = [f.text for f in parsed_fragments(source)["literal"]]
        assert [POST, NORTH_AR, "Turkey observation post", f"set up {PACT_DAY}"] in posts, where


# --- geo.text ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value", HOSTILE + PLAIN)
def test_html_decodes_back_and_leaves_nothing_active(value):
    out = text.html(value)
    assert html_lib.unescape(out) == value  # what the browser shows is the text itself
    assert not set(out) & set("<>\"'{}`\\")  # no markup, no template syntax, no way out of a JS string
    assert re.fullmatch(r"(?:[^&]|&(?:#\d+|#x[0-9a-fA-F]+|[a-z]+);)*", out)  # every & starts a reference


def unescape_markdown(value: str) -> str:
    """What CommonMark shows for backslash escapes of ASCII punctuation."""
    return re.sub(r"\\([" + re.escape(string.punctuation) + "])", r"\1", value)


@pytest.mark.parametrize("value", HOSTILE + PLAIN)
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


# --- the page ------------------------------------------------------------------------------------------------


def test_the_page_shows_every_hostile_name_as_written(hostile, tmp_path, monkeypatch):
    """The page served over a user's hostile areas, post and agreement: the details panel, the filter and the
    captions show each name as text (Markdown escapes only); a searched place and an upload's name likewise."""
    from streamlit.testing.v1 import AppTest

    from tests.hostile import CEILING, ROOT

    folder = tmp_path / "server"
    folder.mkdir()
    sources = hostile_files(folder)
    for env, path in (("ZONEMAP_ZONES", "areas"), ("ZONEMAP_POSTS", "posts"), ("ZONEMAP_AGREEMENTS", "agreements")):
        monkeypatch.setenv(env, str(sources[path]))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=CEILING)
    at.query_params["area"] = "north"
    at.query_params["provision"] = ["pact:1"]
    at.run()
    assert not at.exception, [e.value for e in at.exception]

    def shown() -> list[str]:
        return [str(e.value) for kind in ("header", "markdown", "caption", "success", "warning", "error")
                for e in getattr(at, kind)]

    def assert_text(name: str) -> None:
        values = shown()
        assert any(name in unescape_markdown(v) for v in values), name  # shown as written…
        assert not any(name in v for v in values), name  # …never handed to Markdown raw

    for name in (NORTH, NORTH_AR, PACT, TERM):
        assert_text(name)
    at.text_input(key="place").input(MARK).run()
    assert_text(MARK)  # 'No place called “…” is known here', the name as written
    upload = NAMES["upload"]
    at.file_uploader(key="upload").set_value((upload, b"{not json", "application/json")).run()
    assert not at.exception
    assert_text(upload)  # the upload's name in the error shown
