"""What zonemap prints cannot be forged or turned against the reader (issue 14).

- Every line printed (``ok:``, tables, ``warning:``, ``error:``, ``wrote``, ``locate --place``, locate's CSV on
  standard output) holds no control, C1, line-separator or bidi character from a file: each is written as an
  escape, so a value cannot print a second line, move the cursor, retitle the terminal or reverse the text.
- JSON and GeoJSON on standard output stay valid and mean the same (the escapes are JSON escapes).
- CSV cells that a spreadsheet would run (``=``, ``+``, ``-``, ``@``…) get a leading quote, numbers excepted;
  ``--raw-csv`` writes them as they are.

The oracle below is written out here, not taken from :mod:`geo.base.text`.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.base.text import csv_cell, one_line, printable
from tests.conftest import run
from tests.hostile import CEILING, FORMULA, FORMULAS, INSIDE, ROOT, TERMINAL, feature, square, syria_areas, write

# Every character that must never reach a terminal raw (tab and newline are allowed only where a command writes
# several lines itself).
UNSAFE = ({chr(c) for c in range(0x20)} | {"\x7f"} | {chr(c) for c in range(0x80, 0xA0)} | {"\u2028", "\u2029"}
          | {"\u061c", "\u200e", "\u200f"} | {chr(c) for c in range(0x202A, 0x202F)}
          | {chr(c) for c in range(0x2066, 0x206A)} | {chr(c) for c in range(0xD800, 0xE000)})
STREAM_UNSAFE = UNSAFE - {"\n", "\t"}
EVIL = TERMINAL  # tests/hostile.py: a forged error line, colour, a window title, C1, reversed text, a separator


def raw_unsafe(text: str, allowed: str = "\n") -> set[str]:
    return {ch for ch in text if ch in UNSAFE and ch not in allowed}


@pytest.fixture
def evil_areas(tmp_path, monkeypatch):
    """The bundled ids (so the bundled agreements load) with an evil name, Arabic name and note, and one more area
    whose id is evil."""
    monkeypatch.chdir(tmp_path)
    doc = syria_areas()
    doc["features"][0]["properties"].update(name=FORMULA + EVIL, name_ar="إدلب" + EVIL, note="@SUM(A1)" + EVIL)
    doc["features"].append(feature("evil" + EVIL, square(*INSIDE["palmyra"])))
    return write(tmp_path / "areas.geojson", doc)


# --- the functions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("char", sorted(UNSAFE - {chr(c) for c in range(0xD801, 0xDFFF)}))  # surrogates: both ends
def test_one_line_escapes_every_unsafe_character_as_a_visible_escape(char):
    shown = one_line(f"a{char}b")
    assert not raw_unsafe(shown, allowed="")
    assert shown.startswith("a\\") and shown.endswith("b") and re.fullmatch(r"a\\(x[0-9a-f]{2}|u[0-9a-f]{4})b", shown)


def test_ordinary_text_of_every_script_passes_unchanged():
    text = "Maʿarrat al-Nuʿmān · معرة النعمان · Ma'arrat an-Nu'man · 5,329 km² · ✓ 🗺️"
    assert one_line(text) is text or one_line(text) == text
    assert printable(text + "\n\t") == text + "\n\t"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_one_line_leaves_no_unsafe_character_and_printable_keeps_json_lossless(text):
    assert not raw_unsafe(one_line(text), allowed="")
    assert not raw_unsafe(printable(text), allowed="\n\t")
    dumped = json.dumps({"value": text}, ensure_ascii=False)
    assert json.loads(printable(dumped)) == {"value": text}


@pytest.mark.parametrize("cell, expected", [
    *[(f, "'" + f) for f in FORMULAS], ("+1+2", "'+1+2"),
    ("-3.5", "-3.5"), ("+1e5", "+1e5"), ("+36.8", "+36.8"), ("-1e3", "-1e3"), ("a=b", "a=b"), (" =1", " =1"), ("", ""),
    ("Idlib", "Idlib"),
])
def test_csv_cells_that_a_spreadsheet_would_run_get_a_quote_and_numbers_do_not(cell, expected):
    assert csv_cell(cell) == expected


# --- every print path of the command -----------------------------------------------------------------


def test_validate_ok_line_is_one_escaped_line(evil_areas, capsys):
    code, out, err = run(capsys, "validate", str(evil_areas))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"ok: {evil_areas}: 8 features (")
    assert not raw_unsafe(out)
    assert ", evilx\\x0d\\x0aerror: forged \\x1b[31mred\\x1b]0;owned\\x07…)" in lines[0]  # clipped to 40


@pytest.mark.parametrize("argv", [
    ["zones"], ["zones", "--full"], ["timeline"], ["provisions", "--zone", "eastern_ghouta"],
])
def test_tables_hold_no_unsafe_character_and_one_line_per_row(evil_areas, capsys, argv):
    code, out, err = run(capsys, *argv, "--zones", str(evil_areas))
    assert code == 0, err
    assert not raw_unsafe(out)
    if argv in (["zones"], ["timeline"]):  # every area is there, the evil one too (long cells wrap onto more lines)
        assert all(fid in out for fid in ("eastern_ghouta", "northern_homs", "southern", "evilx"))


def test_geojson_on_stdout_is_valid_and_means_the_same(evil_areas, capsys):
    code, out, err = run(capsys, "zones", "--zones", str(evil_areas), "--format", "geojson")
    assert code == 0, err
    assert not raw_unsafe(out)
    names = {f["properties"]["id"]: f["properties"]["name"] for f in json.loads(out)["features"]}
    assert names["eastern_ghouta"] == FORMULA + EVIL
    assert "evil" + EVIL in names


def test_csv_on_stdout_neutralises_formulas_and_raw_csv_keeps_them(evil_areas, capsys):
    code, out, _ = run(capsys, "zones", "--zones", str(evil_areas), "--format", "csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and rows["eastern_ghouta"]["name"].startswith("'" + FORMULA)
    assert rows["eastern_ghouta"]["note"].startswith("'@SUM(A1)")
    assert not raw_unsafe(out, allowed="\n\r")  # quoted line breaks are CSV; nothing else raw
    code, out, _ = run(capsys, "zones", "--zones", str(evil_areas), "--format", "csv", "--raw-csv")
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
    assert code == 0 and rows["eastern_ghouta"]["name"].startswith(FORMULA)


@pytest.fixture
def points(tmp_path):
    text = ("id,name,lat,lon,note\n"
            f'"{FORMULA.replace(chr(34), chr(34) * 2)}","+cmd|calc",35.93,36.63,-3.5\n'
            f'p2,"{EVIL.replace(chr(34), chr(34) * 2)}",35.86,36.80,@x\n')
    return write(tmp_path / "points.csv", text)


def test_locate_neutralises_formula_cells_and_escapes_what_it_prints(evil_areas, points, capsys):
    code, out, err = run(capsys, "locate", "--zones", str(evil_areas), str(points))
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["id"] == "'" + FORMULA and rows[0]["name"] == "'+cmd|calc" and rows[0]["note"] == "-3.5"
    assert rows[1]["note"] == "'@x" and rows[1]["zone_id"] == "idlib_security_zone"
    assert not raw_unsafe(out, allowed="\n\r")
    assert "\\x1b[31mred" in rows[1]["name"] and "\\u202egnp.exe" in rows[1]["name"]


def test_locate_raw_csv_and_files_keep_the_bytes(evil_areas, points, capsys, tmp_path):
    code, out, _ = run(capsys, "locate", "--zones", str(evil_areas), str(points), "--raw-csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows[0]["id"] == FORMULA and rows[1]["name"] == EVIL
    target = tmp_path / "located.csv"
    code, _, _ = run(capsys, "locate", "--zones", str(evil_areas), str(points), "-o", str(target))
    with open(target, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert code == 0 and rows[0]["id"] == "'" + FORMULA and rows[1]["name"] == EVIL  # a file is data, not printed


def test_warning_and_error_lines_are_one_escaped_line_each(tmp_path, capsys):
    bowtie = [[38.2, 34.5], [38.3, 34.6], [38.3, 34.5], [38.2, 34.6], [38.2, 34.5]]
    write(tmp_path / "warn.geojson", {"type": "FeatureCollection", "features": [feature("w" + EVIL, bowtie)]})
    code, out, err = run(capsys, "validate", str(tmp_path / "warn.geojson"))
    assert code == 0 and len(out.splitlines()) == 1
    assert len(err.splitlines()) == 1 and err.startswith("warning: ") and not raw_unsafe(err)
    write(tmp_path / "bad.geojson", {"type": "FeatureCollection",
                                     "features": [feature("e" + EVIL, square(*INSIDE["palmyra"]), kind=EVIL)]})
    code, out, err = run(capsys, "validate", str(tmp_path / "bad.geojson"))
    assert code == 1 and out == "" and len(err.splitlines()) == 1 and err.startswith("error: ")
    assert not raw_unsafe(err)


def test_locate_place_lines_are_escaped(evil_areas, capsys):
    code, out, err = run(capsys, "locate", "--zones", str(evil_areas), "--place", "Sara" + EVIL)
    assert code == 1 and out == "" and len(err.splitlines()) == 1 and not raw_unsafe(err)
    code, out, err = run(capsys, "locate", "--zones", str(evil_areas), "--place", "Saraqib")
    assert code == 0 and out.splitlines()[0] == "place: Saraqib" and not raw_unsafe(out)


def test_the_written_line_escapes_the_file_name(evil_areas, tmp_path, capsys):
    name = "map\x1b]0;owned\x07\u202e.html"
    code, out, err = run(capsys, "export", "--zones", str(evil_areas), "-o", str(tmp_path / name))
    assert code == 0 and out == ""
    assert err == f"wrote {tmp_path}/map\\x1b]0;owned\\x07\\u202e.html\n"
    page = (tmp_path / name).read_text(encoding="utf-8")  # under the name asked for, the whole map
    assert "L.map(" in page and "<title>The de-escalation areas of Syria · zonemap</title>" in page
    assert page.rstrip().endswith("</html>") and "zonemap-id-eastern_ghouta" in page


def test_provision_texts_are_escaped_in_tables_and_lossless_in_json(evil_areas, tmp_path, capsys):
    provisions = write(tmp_path / "p.json", {"provisions": [
        {"number": 1, "title": "T" + EVIL, "text": FORMULA + EVIL, "categories": ["c"], "scope": ["idlib"]}]})
    agreements = write(tmp_path / "a.json", {"agreements": []})
    base = ["provisions", "--zones", str(evil_areas), "--provisions", str(provisions), "--agreements", str(agreements)]
    code, out, _ = run(capsys, *base)
    assert code == 0 and not raw_unsafe(out) and "\\u202egnp.exe" in out
    code, out, _ = run(capsys, *base, "--format", "json")
    assert code == 0 and not raw_unsafe(out) and json.loads(out)[0]["text"] == FORMULA + EVIL


# --- the page ----------------------------------------------------------------------------------------


def test_an_unexpected_failure_on_the_page_is_a_short_line_without_traceback_or_path(tmp_path, monkeypatch):
    """One handler for the page (a try around the script's body, no private hook of Streamlit's): any exception the
    page did not expect shows one short message naming its type — no traceback, no server path, not the
    exception's own words."""
    from streamlit.testing.v1 import AppTest

    import geo.scene.scene

    def broken(*args, **kwargs):
        raise RuntimeError("secret detail at /srv/zonemap/geo/scene.py line 12")

    monkeypatch.setenv("ZONEMAP_AGREEMENTS", str(write(tmp_path / "agreements.json", {"agreements": []})))
    monkeypatch.setattr(geo.scene.scene, "resolve", broken)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=CEILING).run()
    assert [e.value for e in at.error] == ["The page stopped on an internal error — please report: RuntimeError"]
    assert not at.exception  # no box of Streamlit's own: no traceback, no server path, not the exception's words
    shown = "\n".join(str(e.value) for e in (*at.error, *at.warning, *at.info, *at.markdown, *at.caption))
    assert "secret" not in shown and "/srv/" not in shown and "Traceback" not in shown, shown
