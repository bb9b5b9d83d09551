"""The zonemap command as a user runs it: output, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from tests.conftest import IDLIB_SQUARE, area_feature, collection


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_zones_table_lists_the_areas_with_km2(capsys):
    code, out, _ = run(capsys, "zones")
    assert code == 0
    for area in ("idlib", "northern_homs", "eastern_ghouta", "southern", "idlib_security_zone"):
        assert area in out
    assert "km2" in out.splitlines()[0]


def test_zones_csv_and_geojson(capsys):
    _, out, _ = run(capsys, "zones", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["id"] for r in rows][:4] == ["idlib", "northern_homs", "eastern_ghouta", "southern"]
    assert all(float(r["km2"]) > 0 for r in rows)
    assert "Idlib" in rows[0]["governorates"]
    _, out, _ = run(capsys, "zones", "--format", "geojson")
    doc = json.loads(out)
    assert len(doc["features"]) == 5


def test_provisions_for_a_zone(capsys):
    _, out, _ = run(capsys, "provisions", "--zone", "southern", "--format", "json")
    numbers = [p["number"] for p in json.loads(out)]
    assert 5 not in numbers and 9 in numbers
    _, out, _ = run(capsys, "provisions", "--zone", "idlib", "--format", "json")
    assert 5 in [p["number"] for p in json.loads(out)]


def test_provisions_by_category(capsys):
    _, out, _ = run(capsys, "provisions", "--category", "procedural", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [int(r["number"]) for r in rows] == [13, 14]


def test_unknown_zone_and_category_are_clean_errors(capsys):
    code, _, err = run(capsys, "provisions", "--zone", "atlantis")
    assert code == 1 and err.startswith("error: unknown area 'atlantis'")
    code, _, err = run(capsys, "provisions", "--category", "weather")
    assert code == 1 and "unknown category 'weather'" in err


def test_governorates(capsys):
    _, out, _ = run(capsys, "governorates", "--format", "csv")
    names = {r["name"] for r in csv.DictReader(io.StringIO(out))}
    assert len(names) == 14 and {"Idlib", "Rif Dimashq", "Deir ez-Zor"} <= names


def test_locate_keeps_rows_and_columns_in_order(tmp_path, capsys):
    src = tmp_path / "points.csv"
    src.write_text("name,lat,lon,extra\nSaraqib,35.8645,36.8059,a\nDamascus,33.5138,36.2765,b\n"
                   "Bad,,36.1,c\nAleppo,36.2012,37.1612,d\nAmman,31.95,35.93,e\n", encoding="utf-8")
    out_path = tmp_path / "out.csv"
    code, _, err = run(capsys, "locate", str(src), "-o", str(out_path))
    assert code == 0
    rows = list(csv.DictReader(out_path.open(encoding="utf-8")))
    assert list(rows[0]) == ["name", "lat", "lon", "extra", "zone_id", "zone_name", "governorate"]
    assert [r["name"] for r in rows] == ["Saraqib", "Damascus", "Bad", "Aleppo", "Amman"]
    assert rows[0]["zone_id"] == "idlib" and rows[0]["governorate"] == "Idlib"
    assert rows[1]["zone_id"] == "" and rows[1]["governorate"] == "Damascus"
    assert rows[2]["lat"] == "" and rows[2]["zone_id"] == ""
    assert rows[3]["zone_id"] == "" and rows[3]["governorate"] == "Aleppo"
    assert rows[4]["governorate"] == ""  # outside Syria
    assert "warning:" in err and "1 of 5 rows" in err


def test_locate_accepts_latitude_longitude_and_writes_stdout(tmp_path, capsys):
    src = tmp_path / "p.csv"
    src.write_text("Latitude,Longitude\n32.89,36.04\n", encoding="utf-8")
    code, out, _ = run(capsys, "locate", str(src))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["zone_id"] == "southern"


def test_locate_without_coordinates_names_the_columns_found(tmp_path, capsys):
    src = tmp_path / "p.csv"
    src.write_text("town,x,y\nA,1,2\n", encoding="utf-8")
    code, _, err = run(capsys, "locate", str(src))
    assert code == 1
    assert err.strip() == f"error: {src}: no lat/lon columns (found: town, x, y) — name them lat and lon, or latitude and longitude"


def test_locate_never_overwrites_without_force(tmp_path, capsys):
    src = tmp_path / "p.csv"
    src.write_text("lat,lon\n35.86,36.80\n", encoding="utf-8")
    dst = tmp_path / "out.csv"
    dst.write_text("precious", encoding="utf-8")
    code, _, err = run(capsys, "locate", str(src), "-o", str(dst))
    assert code == 1 and "already exists" in err
    assert dst.read_text(encoding="utf-8") == "precious"
    assert run(capsys, "locate", str(src), "-o", str(dst), "--force")[0] == 0
    assert "idlib" in dst.read_text(encoding="utf-8")


def test_locate_a_place_by_name(capsys):
    code, out, _ = run(capsys, "locate", "--place", "Ma'arrat an-Nu'man")
    assert code == 0
    assert "area: Idlib" in out and "(idlib)" in out
    assert "governorate: Idlib" in out
    code, out, _ = run(capsys, "locate", "--place", "Homs")
    assert "area: none" in out and "governorate: Homs" in out


def test_validate_bundled_and_user_files(capsys, two_areas):
    code, out, _ = run(capsys, "validate")
    assert code == 0 and out.count("ok:") == 4
    code, out, _ = run(capsys, "validate", str(two_areas))
    assert code == 0 and "2 features (north, south)" in out


def test_validate_reports_every_problem_one_line_each(capsys, write_json):
    bad = area_feature("x", IDLIB_SQUARE)
    bad["geometry"] = None
    dup = area_feature("y", IDLIB_SQUARE)
    path = write_json("mine.geojson", collection(bad, dup, area_feature("y", IDLIB_SQUARE)))
    code, out, err = run(capsys, "validate", str(path))
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 2
    assert lines[0] == f"error: {path}: feature 1 (id x): geometry is null — every feature needs a Polygon or MultiPolygon"
    assert lines[1].startswith(f"error: {path}: feature 3 (id y): duplicate id 'y'")


def test_user_zones_replace_the_bundled_ones(capsys, two_areas, tmp_path):
    code, out, _ = run(capsys, "zones", "--zones", str(two_areas), "--format", "csv")
    assert code == 0
    assert [r["id"] for r in csv.DictReader(io.StringIO(out))] == ["north", "south"]
    src = tmp_path / "p.csv"
    src.write_text("lat,lon\n35.86,36.80\n", encoding="utf-8")
    _, out, _ = run(capsys, "locate", "--zones", str(two_areas), str(src))
    assert list(csv.DictReader(io.StringIO(out)))[0]["zone_id"] == "north"


def test_a_provisions_file_naming_an_unknown_area_fails(capsys, write_json):
    path = write_json("prov.json", {"provisions": [
        {"number": 1, "title": "t", "text": "x", "categories": ["c"], "scope": ["nowhere"]}]})
    code, _, err = run(capsys, "provisions", "--provisions", str(path))
    assert code == 1 and "scope names unknown area 'nowhere'" in err


@pytest.mark.parametrize("argv, code", [(["zones", "--format", "xml"], 2), (["frobnicate"], 2)])
def test_bad_usage_exits_2(argv, code):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == code


def test_the_installed_command_prints_no_traceback(tmp_path):
    missing = tmp_path / "nope.geojson"
    proc = subprocess.run([sys.executable, "-m", "geo.cli", "zones", "--zones", str(missing)],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"error: {missing}: file not found — check the path"
    assert "Traceback" not in proc.stderr


def test_locating_does_not_import_matplotlib_or_streamlit(tmp_path):
    src = tmp_path / "p.csv"
    src.write_text("lat,lon\n35.86,36.80\n", encoding="utf-8")
    code = (
        "import sys; from geo.cli import main; main(['locate', sys.argv[1], '-o', sys.argv[2]]);"
        "bad = [m for m in ('matplotlib', 'streamlit', 'folium') if m in sys.modules]; print(bad)"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(src), str(tmp_path / "o.csv")],
                          capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    assert proc.stdout.strip() == "[]", proc.stderr
