"""The zonemap command as a user runs it: what each subcommand prints, exit codes, one-line errors.

Most runs are in-process (``main`` with capsys); a few run the installed command. Bad *files* are in
test_cli_errors.py, ``export`` in test_export*.py, ``locate`` in test_locate.py.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from shapely.geometry import shape

from geo.base import data
from geo.cli import main
from tests.conftest import IDLIB_SQUARE, area_feature, bundled_area_features, collection, geodesic_km2, run
from tests.facts import GHOUTA_END, GHOUTA_LAST_DAY
from tests.hostile import CEILING

ROOT = Path(__file__).resolve().parents[1]
ZONEMAP = Path(sys.executable).with_name("zonemap")  # the command `pip install -e .` puts beside python
STATEMENT = json.loads(data.PROVISIONS.read_text(encoding="utf-8"))
AGREEMENTS = json.loads(data.AGREEMENTS.read_text(encoding="utf-8"))["agreements"]
AREA_FEATURES = bundled_area_features()
BAD_DATE = "error: date was {!r} but must be written YYYY-MM-DD, e.g. 2017-09-15"


pytestmark = pytest.mark.usefixtures("one_load_per_set_of_files")


def records(capsys, *argv: str) -> list[dict]:
    code, out, err = run(capsys, *argv, "--format", "json")
    assert (code, err) == (0, ""), err
    return json.loads(out)


def csv_rows(capsys, *argv: str) -> list[dict]:
    code, out, err = run(capsys, *argv, "--format", "csv")
    assert (code, err) == (0, ""), err
    return list(csv.DictReader(io.StringIO(out)))


def table_columns(text: str) -> dict[str, str]:
    """Each column of a ``simple`` table as one string: its cells' lines joined, whitespace removed, so a
    wrapped cell reads whole again (and a cut one does not)."""
    lines = text.rstrip("\n").splitlines()
    spans = [m.span() for m in re.finditer(r"-+", lines[1])]
    return {lines[0][a:b].strip(): "".join("".join(line[a:b].split()) for line in lines[2:]) for a, b in spans}


def squeezed(text: str) -> str:
    return "".join(text.split())


# --- zones ---------------------------------------------------------------------------------------


def test_zones_table_fits_an_80_column_terminal_and_wraps_rather_than_cuts(capsys, monkeypatch, atlas):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = run(capsys, "zones")
    assert (code, err) == (0, "")
    assert max(len(line) for line in out.splitlines()) <= 80, out
    columns = table_columns(out)
    rows = csv_rows(capsys, "zones")
    # every id, name and governorate share is there whole, in order, exactly as the CSV holds it
    for name in ("id", "name", "km2", "governorates", "valid_from", "valid_to"):
        assert columns[name] == "".join(squeezed(r[name]) for r in rows), name
    assert [r["id"] for r in rows] == list(atlas.at().shapes["id"])


def test_zones_table_uses_a_wide_terminal_one_line_per_area(capsys, monkeypatch, atlas):
    monkeypatch.setenv("COLUMNS", "250")
    code, out, _ = run(capsys, "zones")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2 + len(atlas.at().shapes)
    assert [line.split()[0] for line in lines[2:]] == list(atlas.at().shapes["id"])


def test_zones_full_shows_every_column_and_long_texts_whole(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    rows = csv_rows(capsys, "zones")
    code, out, _ = run(capsys, "zones", "--full")
    columns = table_columns(out)
    assert code == 0
    assert {"name_ar", "method", "source", "note", "fate", "part_of"} <= set(columns)
    longest = max(rows, key=lambda r: len(r["method"]))
    assert len(longest["method"]) > 200  # longer than a table cell shows without --full
    for name in ("method", "note", "source"):
        assert columns[name] == "".join(squeezed(r[name]) for r in rows), name


def test_zones_csv_holds_the_areas_of_the_date_with_km2_and_shares(capsys, atlas):
    rows = csv_rows(capsys, "zones")
    dated = atlas.at()
    assert [r["id"] for r in rows] == list(dated.shapes["id"])
    for row in rows:
        assert int(row["km2"]) == round(dated.km2[row["id"]]) > 0
        shares = [int(p.rsplit(" ", 1)[1].rstrip("%").replace("<1", "0")) for p in row["governorates"].split("; ")]
        assert 97 <= sum(shares) <= 103, row["governorates"]  # rounded parts of a whole
    idlib = next(r for r in rows if r["id"] == "idlib")
    assert idlib["governorates"].startswith("Idlib ")


def test_zones_geojson_round_trips_and_holds_km2(capsys, atlas):
    code, out, err = run(capsys, "zones", "--format", "geojson")
    assert (code, err) == (0, "")
    features = json.loads(out)["features"]
    shapes = atlas.at().shapes
    assert [f["properties"]["id"] for f in features] == list(shapes["id"])
    for feature, want in zip(features, shapes.geometry, strict=True):
        props, geom = feature["properties"], shape(feature["geometry"])
        assert geom.equals_exact(want, 1e-9), props["id"]
        assert props["km2"] == pytest.approx(geodesic_km2(geom), rel=0.005), props["id"]
        assert {"name", "kind", "valid_from", "valid_to", "governorates"} <= set(props)
        assert "start" not in props and "end" not in props


def test_zones_on_a_date_half_open_periods(capsys):
    """A period holds from valid_from up to, not including, valid_to: eastern Ghouta's last day is the eve of its
    end."""
    before = [r["id"] for r in csv_rows(capsys, "zones", "--date", GHOUTA_LAST_DAY.isoformat())]
    after = [r["id"] for r in csv_rows(capsys, "zones", "--date", GHOUTA_END.isoformat())]
    assert "eastern_ghouta" in before and "eastern_ghouta" not in after
    assert "northern_homs" in after


# --- provisions ------------------------------------------------------------------------------------


def test_provisions_default_is_the_statements_14(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    code, out, _ = run(capsys, "provisions")
    assert code == 0
    assert table_columns(out)["key"] == "".join(str(n) for n in range(1, 15))
    numbers = [int(r["number"]) for r in csv_rows(capsys, "provisions")]
    assert numbers == list(range(1, 15))


def test_provisions_json_keeps_lists_and_includes_the_rationale(capsys):
    got = {p["number"]: p for p in records(capsys, "provisions")}
    want = {p["number"]: p for p in STATEMENT["provisions"]}
    assert sorted(got) == sorted(want) == list(range(1, 15))
    for n, p in got.items():
        assert p["scope"] == want[n]["scope"]  # a list stays a list, a word stays a word
        assert p["categories"] == want[n]["categories"]
        assert p["rationale"] == want[n]["rationale"] and p["rationale"]
        assert p["text"] == want[n]["text"]
    assert got[5]["scope"] == ["idlib_security_zone"]
    assert isinstance(got[9]["scope"], list) and len(got[9]["scope"]) == 4
    assert got[4]["scope"] == "syria" and got[13]["scope"] == "procedural"


def test_provisions_full_shows_the_whole_text(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    texts = [p["text"] for p in sorted(STATEMENT["provisions"], key=lambda p: p["number"])]
    assert max(len(t) for t in texts) > 300
    _, short, _ = run(capsys, "provisions")
    _, full, _ = run(capsys, "provisions", "--full")
    assert table_columns(full)["text"] == "".join(squeezed(t) for t in texts)
    assert table_columns(short)["text"] != table_columns(full)["text"]  # without --full long texts are clipped…
    assert "…" in table_columns(short)["text"]  # …and say so


def test_provisions_for_the_security_zone_lists_provision_5(capsys):
    rows = records(capsys, "provisions", "--zone", "idlib_security_zone")
    numbers = [p["number"] for p in rows]
    assert 5 in numbers
    for p in rows:  # each applies there: it names the zone, the area it is part of, or Syria as a whole
        assert p["scope"] == "syria" or {"idlib_security_zone", "idlib"} & set(p["scope"]), p
    assert 13 not in numbers and 14 not in numbers  # procedural: no place
    code, out, _ = run(capsys, "provisions", "--zone", "idlib_security_zone")
    assert code == 0 and "5" in table_columns(out)["key"]


def test_provisions_for_an_area(capsys):
    southern = [p["number"] for p in records(capsys, "provisions", "--zone", "southern")]
    assert 9 in southern and 5 not in southern
    idlib = [p["number"] for p in records(capsys, "provisions", "--zone", "idlib")]
    assert 5 in idlib  # it names the security zone, a part of the Idlib area


def test_provisions_that_match_nothing_fail_clearly_not_with_an_empty_table(capsys):
    code, out, err = run(capsys, "provisions", "--zone", "southern", "--category", "procedural")
    assert code == 1 and out == ""
    assert err == "error: no provision applies to southern on 2017-09-15\n"


def test_provisions_by_category(capsys):
    want = sorted(p["number"] for p in STATEMENT["provisions"] if "humanitarian" in p["categories"])
    rows = records(capsys, "provisions", "--category", "humanitarian")
    assert sorted(p["number"] for p in rows) == want and 9 in want
    assert [int(r["number"]) for r in csv_rows(capsys, "provisions", "--category", "procedural")] == [13, 14]


def test_provisions_of_one_agreement(capsys):
    sochi = next(a for a in AGREEMENTS if a["id"] == "sochi-2018")
    rows = records(capsys, "provisions", "--agreement", "sochi-2018")
    assert [p["key"] for p in rows] == [f"sochi-2018:{p['number']}" for p in sochi["provisions"]]
    both = records(capsys, "provisions", "--agreement", "sochi-2018", "--agreement", "moscow-2020")
    assert {p["agreement"] for p in both} == {"sochi-2018", "moscow-2020"}


def test_provisions_on_a_date_include_the_agreements_signed_by_then(capsys):
    on = {p["agreement"] for p in records(capsys, "provisions", "--date", "2018-10-01")}
    signed = {a["id"] for a in AGREEMENTS if a["date"] <= "2018-10-01"} | {"statement-2017"}  # the files' own dates
    assert on == signed and {"memorandum-2017", "sochi-2018"} <= on
    day_before = {p["agreement"] for p in records(capsys, "provisions", "--date", "2018-09-16")}
    assert "sochi-2018" not in day_before and "statement-2017" in day_before
    keys = [p["key"] for p in records(capsys, "provisions", "--date", "2018-10-01")]
    assert "sochi-2018:1" in keys and "5" in keys  # the statement's keep their bare numbers


@pytest.mark.parametrize("argv, message", [
    (["--zone", "atlantis"], "error: unknown area 'atlantis'; known: idlib, "),
    (["--category", "weather"], "error: unknown category 'weather'; known: "),
    (["--agreement", "yalta-1945"], "error: unknown agreement 'yalta-1945'; known: ceasefire-2016, unsc-2336, "
                                    "memorandum-2017, "),
])
def test_unknown_filter_values_are_one_clear_line(capsys, argv, message):
    code, out, err = run(capsys, "provisions", *argv)
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith(message), err


# --- agreements, timeline, governorates, validate ---------------------------------------------------


def test_agreements(capsys):
    rows = records(capsys, "agreements")
    listed = sorted([*AGREEMENTS, STATEMENT["agreement"]], key=lambda a: a["date"])  # the files, oldest first
    assert [a["id"] for a in rows] == [a["id"] for a in listed]
    assert [a["date"] for a in rows] == sorted(a["date"] for a in rows)
    counts = {a["id"]: len(a["provisions"]) for a in AGREEMENTS} | {"statement-2017": len(STATEMENT["provisions"])}
    assert {a["id"]: a["provisions"] for a in rows} == counts
    assert all(isinstance(a["parties"], list) and a["parties"] for a in rows)
    assert all("Turkey" in a["parties"] for a in rows if a["id"] in ("memorandum-2017", "sochi-2018", "moscow-2020"))


def test_timeline_lists_the_steps_of_the_front(capsys):
    rows = records(capsys, "timeline")
    areas = [f["properties"] for f in AREA_FEATURES if f["properties"]["kind"] == "de-escalation area"]
    assert [(r["id"], r["valid_from"]) for r in rows] == [(p["id"], p["valid_from"]) for p in areas]
    assert all(isinstance(r["km2"], int) and r["km2"] > 0 for r in rows)
    assert all(r["fate"] for r in rows if r["valid_to"])  # every ended period says what ended it
    for before, after in zip(rows, rows[1:]):
        if before["id"] == after["id"]:
            assert after["change_km2"] == after["km2"] - before["km2"] or abs(
                after["change_km2"] - (after["km2"] - before["km2"])) <= 1  # rounding
            assert before["valid_to"] == after["valid_from"]
    with (ROOT / "zones" / "captures.csv").open(encoding="utf-8") as fh:
        captured = list(csv.DictReader(fh))
    for r in rows:  # the towns of a step are the captures of its area while it held
        during = [c for c in captured if c["area"] == r["id"] and r["valid_from"] <= c["date"]
                  and (not r["valid_to"] or c["date"] < r["valid_to"])]
        assert r["lost"] == sorted({c["name"] for c in during if c["to_side"] != "opposition"})
        assert r["gained"] == sorted({c["name"] for c in during if c["to_side"] == "opposition"})
    fuah = next(r for r in rows if "Kafriya" in r["gained"])  # evacuated 18-20 Jul 2018: joins the area
    assert fuah["offensive"] == "fuah_kafriya_2018" and "2018-07-18" <= fuah["valid_from"] <= "2018-07-20"
    ghouta = records(capsys, "timeline", "--zone", "eastern_ghouta")
    assert {r["id"] for r in ghouta} == {"eastern_ghouta"} and ghouta[-1]["valid_to"] == GHOUTA_END.isoformat()
    dmz = records(capsys, "timeline", "--zone", "idlib_dmz")
    assert {r["id"] for r in dmz} == {"idlib_dmz"} and dmz[0]["valid_from"] == "2018-09-17"


def test_timeline_km2_is_the_geodesic_area_of_each_state(capsys):
    """Each state's km² against its area on the WGS84 ellipsoid (pyproj's Geod on the shape as the file holds
    it): within rounding to a whole km² and 0.1 %. Web Mercator would give eastern Ghouta +45 %."""
    rows = records(capsys, "timeline")
    shapes = {(f["properties"]["id"], f["properties"]["valid_from"]): shape(f["geometry"]) for f in AREA_FEATURES
              if f["properties"]["kind"] == "de-escalation area"}
    assert len(rows) == len(shapes) and {(r["id"], r["valid_from"]) for r in rows} == set(shapes)
    for row in rows:
        want = geodesic_km2(shapes[row["id"], row["valid_from"]])
        assert isinstance(row["km2"], int) and abs(row["km2"] - want) <= 0.5 + 0.001 * want, (row, round(want, 1))
    ids = {r["id"] for r in rows}
    assert {"eastern_ghouta", "northern_homs", "southern", "idlib"} <= ids  # small and large, several states


def test_governorates(capsys):
    rows = csv_rows(capsys, "governorates")
    assert {r["name"] for r in rows} == {
        "Damascus", "Aleppo", "Rif Dimashq", "Homs", "Hama", "Latakia", "Idlib", "Al-Hasakah", "Deir ez-Zor",
        "Tartus", "Ar-Raqqah", "Daraa", "As-Suwayda", "Quneitra"}
    assert sorted(r["pcode"] for r in rows) == [f"SY{n:02d}" for n in range(1, 15)]
    assert 180_000 <= sum(int(r["km2"]) for r in rows) <= 190_000  # Syria: 185,180 km²


@pytest.mark.parametrize("argv", [["provisions"], ["provisions", "--date", "2020-06-01"], ["agreements"], ["timeline"],
                                  ["governorates"]])
def test_every_table_fits_80_columns(capsys, monkeypatch, argv):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, *argv)
    assert code == 0 and out.count("\n") > 3
    assert max(len(line) for line in out.splitlines()) <= 80


def test_validate_the_bundled_data(capsys, atlas):
    code, out, err = run(capsys, "validate")
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert all(line.startswith("ok: ") for line in lines)
    assert f"ok: areas.parquet: {len(AREA_FEATURES)} features, " in lines[0]
    assert "ok: governorates.geojson: 14 governorates" in lines
    assert any(line.startswith(f"ok: provisions.json and agreements.json: {len(AGREEMENTS) + 1} agreements, "
                               f"{len(atlas.provisions)} provisions") for line in lines)
    assert any(line.startswith("ok: syria.geojson: ") for line in lines)


def test_validate_a_users_files(capsys, two_areas, write_json):
    code, out, err = run(capsys, "validate", str(two_areas))
    assert (code, out, err) == (0, f"ok: {two_areas}: 2 features (north, south)\n", "")
    provisions = write_json("mine.json", {"provisions": [
        {"number": 1, "title": "T", "text": "x", "categories": ["ceasefire"], "scope": ["north"]}]})
    code, out, err = run(capsys, "validate", str(two_areas), str(provisions))  # the README's example
    assert (code, err) == (0, ""), err
    assert out.splitlines() == [f"ok: {two_areas}: 2 features (north, south)", f"ok: {provisions}: 1 provisions"]
    code, out, _ = run(capsys, "validate", str(data.PROVISIONS))
    assert (code, out) == (0, f"ok: {data.PROVISIONS}: 14 provisions\n")


def test_a_users_areas_replace_the_bundled_ones(capsys, two_areas):
    rows = csv_rows(capsys, "zones", "--zones", str(two_areas))
    assert [r["id"] for r in rows] == ["north", "south"]
    assert rows[0]["governorates"].startswith("Idlib ")


# --- exit codes and errors ------------------------------------------------------------------------


@pytest.mark.parametrize("argv, code", [
    (["zones"], 0),
    (["provisions", "--zone", "atlantis"], 1),
    (["zones", "--format", "xml"], 2),
    (["provisions", "--zone"], 2),
    (["frobnicate"], 2),
    ([], 2),
])
def test_exit_codes(capsys, argv, code):
    try:
        got = main(argv)
    except SystemExit as exc:  # argparse: bad usage
        got = exc.code
    _, err = capsys.readouterr()
    assert got == code
    if code == 2:
        assert "usage: zonemap" in err


@pytest.mark.parametrize("argv", [["zones"], ["provisions"], ["locate", "--place", "Saraqib"]])
@pytest.mark.parametrize("value", ["2018-13-01", "yesterday", "15/09/2017"])
def test_a_bad_date_is_one_error_line(capsys, argv, value):
    code, out, err = run(capsys, *argv, "--date", value)
    assert (code, out, err) == (1, "", BAD_DATE.format(value) + "\n")


def test_the_installed_command(tmp_path):
    proc = subprocess.run([str(ZONEMAP), "provisions", "--zone", "idlib_security_zone", "--format", "json"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=CEILING)
    assert proc.returncode == 0, proc.stderr
    assert 5 in [p["number"] for p in json.loads(proc.stdout)] and proc.stderr == ""


def test_a_provisions_file_naming_an_unknown_area_fails(capsys, write_json):
    path = write_json("prov.json", {"provisions": [
        {"number": 1, "title": "t", "text": "x", "categories": ["c"], "scope": ["nowhere"]}]})
    code, out, err = run(capsys, "provisions", "--provisions", str(path))
    assert code == 1 and out == "" and "provision 1: scope names unknown area 'nowhere'" in err


def test_zones_of_a_file_with_a_zone_only(capsys, write_json):
    path = write_json("belt.geojson", collection(area_feature("belt", IDLIB_SQUARE, kind="security zone")))
    rows = csv_rows(capsys, "zones", "--zones", str(path))
    assert [(r["id"], r["kind"]) for r in rows] == [("belt", "security zone")]
    assert int(rows[0]["km2"]) > 1000
