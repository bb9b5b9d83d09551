"""Every kind of broken user file, through every subcommand that reads it, as a user runs ``zonemap``.

For each case: exit status 1, exactly one ``error:`` line in the documented shape
(``error: FILE: feature N (id X): what — hint`` or ``error: FILE: what — hint``), no traceback,
and nothing written (the folder holds exactly what it held before).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from geo import read
from geo.cli import main
from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection, write_content

ROOT = Path(__file__).resolve().parents[1]
FILE_LINE = re.compile(r"^error: (?P<file>\S+): (?P<what>.+) — (?P<hint>.+)$")
FEATURE_LINE = re.compile(r"^error: (?P<file>\S+): feature (?P<n>\d+)(?: \(id (?P<id>[^)]+)\))?: (?P<what>.+) — (?P<hint>.+)$")
SWAPPED = [[lat, lon] for lon, lat in [[40.0, 35.2], [40.3, 35.2], [40.3, 35.4], [40.0, 35.4], [40.0, 35.2]]]


def with_geometry(geometry) -> dict:
    feature = area_feature("bad", IDLIB_SQUARE)
    feature["geometry"] = geometry
    return collection(area_feature("fine", DARAA_SQUARE), feature)


def polygon(ring) -> dict:
    return {"type": "Polygon", "coordinates": [ring]}


def without(key: str) -> dict:
    feature = area_feature("bad", IDLIB_SQUARE)
    del feature["properties"][key]
    return collection(area_feature("fine", DARAA_SQUARE), feature)


def zip_of(**members: bytes) -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buf.getvalue()


def points_gpkg(path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import Point

    gpd.GeoDataFrame({"id": ["p"], "kind": ["security zone"], "name": ["P"]}, geometry=[Point(36.6, 35.8)],
                     crs="EPSG:4326").to_file(path, driver="GPKG")


# name: (file name, content — bytes, text, a JSON-able object or a function writing the path —,
#        expected text in the one error line, feature number or None for a problem with the whole file)
AREA_CASES = {
    "empty file": ("a.geojson", b"", "file is empty", None),
    "corrupt bytes": ("a.geojson", b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "not UTF-8 text", None),
    "not JSON": ("a.geojson", "hello, world", "not valid JSON", None),
    "truncated JSON": ("a.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feat', "looks cut short", None),
    "TopoJSON": ("a.json", {"type": "Topology", "objects": {}}, "is TopoJSON, not GeoJSON", None),
    "other JSON": ("a.geojson", {"name": "not geojson"}, "GeoJSON type is missing", None),
    "JSON array": ("a.geojson", [1, 2, 3], "top level is a JSON array", None),
    "no features": ("a.geojson", collection(), "no features", None),
    "null geometry": ("a.geojson", with_geometry(None), "geometry is null", 2),
    "empty geometry": ("a.geojson", with_geometry({"type": "Polygon", "coordinates": []}), "geometry is empty", 2),
    "point": ("a.geojson", with_geometry({"type": "Point", "coordinates": [36.6, 35.8]}), "geometry is a Point, not an area", 2),
    "line": ("a.geojson", with_geometry({"type": "LineString", "coordinates": [[36.6, 35.8], [36.7, 35.9]]}),
             "geometry is a LineString, not an area", 2),
    "geometry collection": ("a.geojson", with_geometry({"type": "GeometryCollection", "geometries": []}),
                            "geometry is a GeometryCollection", 2),
    "unclosed ring": ("a.geojson", with_geometry(polygon(IDLIB_SQUARE[:-1])), "a ring is not closed", 2),
    "ring with no area": ("a.geojson", with_geometry(polygon([[36.5, 35.7]] * 4)), "geometry encloses no area", 2),
    "NaN coordinate": ("a.geojson", with_geometry(polygon([[36.5, 35.7], [float("nan"), 35.7], [36.9, 36.0], [36.5, 35.7]])),
                       "coordinate nan is not finite", 2),
    "huge coordinate": ("a.geojson", with_geometry(polygon([[36.5, 35.7], [10**400, 35.7], [36.9, 36.0], [36.5, 35.7]])),
                        "is not finite", 2),
    "text coordinate": ("a.geojson", with_geometry(polygon([[36.5, 35.7], ["36.9", 35.7], [36.9, 36.0], [36.5, 35.7]])),
                        "coordinate '36.9' is not a number", 2),
    "swapped lat/lon": ("a.geojson", with_geometry(polygon(SWAPPED)), "look swapped", 2),
    "projected CRS": ("a.geojson", with_geometry(polygon([[x * 1e5, y * 1e5] for x, y in IDLIB_SQUARE])), "look projected", 2),
    "duplicate id": ("a.geojson", collection(area_feature("same", IDLIB_SQUARE), area_feature("same", DARAA_SQUARE)),
                     "duplicate id 'same' (also feature 1)", 2),
    "missing id": ("a.geojson", without("id"), "missing required properties: id", 2),
    "missing name": ("a.geojson", without("name"), "missing required properties: name", 2),
    "name not text": ("a.geojson", collection(area_feature("fine", DARAA_SQUARE), area_feature("bad", IDLIB_SQUARE, name=["x"])),
                      "name is ['x'] — expected text", 2),
    "unsupported extension": ("a.csv", "id,name\n", "unsupported file type '.csv'", None),
    "a folder": ("folder.geojson", "DIR", "is a folder, not a file", None),
    "missing file": ("absent.geojson", None, "file not found", None),
    "corrupt GeoPackage": ("a.gpkg", b"SQLite? no, junk", "is not a GeoPackage", None),
    "GeoPackage of points": ("a.gpkg", points_gpkg, "geometry is a Point, not an area", 1),
    "corrupt zip": ("a.zip", b"PK\x03\x04 broken", "is not a zip archive", None),
    "zip without a shapefile": ("a.zip", zip_of(**{"readme.txt": b"hello"}), "the zip holds no shapefile (.shp) (found: readme.txt)", None),
}
GOVERNORATE_CASES = {
    **{k: AREA_CASES[k] for k in ("empty file", "corrupt bytes", "truncated JSON", "TopoJSON", "no features", "point",
                                  "null geometry", "unclosed ring", "swapped lat/lon", "a folder", "corrupt zip",
                                  "GeoPackage of points")},
    "no name column": ("g.geojson", collection({"type": "Feature", "properties": {"code": "SY07"},
                                                "geometry": polygon(IDLIB_SQUARE)}), "no governorate name column (found: code)", None),
}
PROVISION = {"number": 1, "title": "A title", "text": "Some text", "categories": ["c"], "scope": ["idlib"]}
PROVISION_CASES = {
    "empty file": ("p.json", b"", "file is empty", None),
    "corrupt bytes": ("p.json", b"\xff\xfe\x00junk", "not UTF-8 text", None),
    "truncated JSON": ("p.json", '{"provisions": [{"number": 1', "looks cut short", None),
    "wrong shape": ("p.json", {"provisions": {"1": PROVISION}}, "no provisions", None),
    "areas instead of provisions": ("p.json", collection(area_feature("a", IDLIB_SQUARE)), "is a FeatureCollection (areas?)", None),
    "unknown area": ("p.json", {"provisions": [{**PROVISION, "scope": ["atlantis"]}]}, "provision 1: scope names unknown area 'atlantis'", None),
    "not an object": ("p.json", {"provisions": ["first"]}, "provision #1 is not an object", None),
    "bad scope": ("p.json", {"provisions": [{**PROVISION, "scope": {"area": "idlib"}}]}, "provision 1: scope is {'area': 'idlib'}", None),
    "unsupported extension": ("p.yaml", "provisions: []", "unsupported file type '.yaml'", None),
    "a folder": ("folder.json", "DIR", "is a folder, not a file", None),
}
CSV_CASES = {
    "no lat/lon columns": ("pts.csv", "town,x,y\nA,1,2\n", "no lat/lon columns (found: town, x, y)", None),
    "not UTF-8": ("pts.csv", "name,lat,lon\nAlep\xe9,36.2,37.1\n".encode("latin-1"), "not UTF-8 text (byte 17)", None),
    "empty": ("pts.csv", b"", "file is empty", None),
    "binary": ("pts.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text", None),
    "repeated column": ("pts.csv", "lat,lat,lon\n1,2,3\n", "column 'lat' appears more than once", None),
    "a folder": ("pts.csv", "DIR", "is a folder, not a CSV file", None),
}


def write_case(folder: Path, case) -> Path:
    name, content, _, _ = case
    path = folder / name
    if content is None:
        return path
    if content == "DIR":
        path.mkdir()
    elif callable(content):
        content(path)
    else:
        write_content(path, content)
    return path


@pytest.fixture
def workdir(tmp_path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "in" / "points.csv").write_text("name,lat,lon\nSaraqib,35.86,36.80\n", encoding="utf-8")
    return tmp_path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): (b"<dir>" if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


def run_cli(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_clean_error(code: int, out: str, err: str, path: Path, expected: str, feature: int | None) -> None:
    assert code == 1, (code, err)
    assert "Traceback" not in out + err
    errors = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, err
    assert [line for line in err.splitlines() if not line.startswith(("error:", "warning:"))] == [], err
    line = errors[0]
    match = (FEATURE_LINE if feature is not None else FILE_LINE).match(line)
    assert match, f"not in the documented shape: {line}"
    assert match["file"] == str(path), line
    if feature is not None:
        assert int(match["n"]) == feature, line
    assert expected in line, line


AREA_COMMANDS = {
    "validate": lambda f, w: ["validate", f],
    "validate --zones": lambda f, w: ["validate", "--zones", f],
    "zones": lambda f, w: ["zones", "--zones", f],
    "provisions": lambda f, w: ["provisions", "--zones", f],
    "locate": lambda f, w: ["locate", "--zones", f, str(w / "in" / "points.csv"), "-o", str(w / "out" / "located.csv")],
    "export": lambda f, w: ["export", "--zones", f, "-o", str(w / "out" / "map.svg")],
}
GOVERNORATE_COMMANDS = {
    "validate": lambda f, w: ["validate", "--governorates", f],
    "zones": lambda f, w: ["zones", "--governorates", f],
    "governorates": lambda f, w: ["governorates", "--governorates", f],
    "locate": lambda f, w: ["locate", "--governorates", f, str(w / "in" / "points.csv"), "-o", str(w / "out" / "l.csv")],
    "export": lambda f, w: ["export", "--governorates", f, "-o", str(w / "out" / "map.png")],
}
PROVISION_COMMANDS = {
    "validate": lambda f, w: ["validate", "--provisions", f],
    "provisions": lambda f, w: ["provisions", "--provisions", f],
    "export": lambda f, w: ["export", "--provisions", f, "-o", str(w / "out" / "map.html")],
}


LAYER_MATRIX = {
    "areas": (AREA_CASES, AREA_COMMANDS),
    "governorates": (GOVERNORATE_CASES, GOVERNORATE_COMMANDS),
    "provisions": (PROVISION_CASES, PROVISION_COMMANDS),
}


def matrix() -> list:
    return [pytest.param(layer, name, command, id=f"{layer} via {command}: {name}")
            for layer, (cases, commands) in LAYER_MATRIX.items() for name in cases for command in commands]


@pytest.mark.parametrize("layer, case_name, command", matrix())
def test_bad_layer_file(layer, case_name, command, workdir, capsys):
    cases, commands = LAYER_MATRIX[layer]
    case = cases[case_name]
    path = write_case(workdir / "in", case)
    before = snapshot(workdir)
    code, out, err = run_cli(capsys, commands[command](str(path), workdir))
    assert_one_clean_error(code, out, err, path, case[2], case[3])
    assert snapshot(workdir) == before


@pytest.mark.parametrize("case", [pytest.param(c, id=n) for n, c in CSV_CASES.items()])
@pytest.mark.parametrize("to_file", [True, False], ids=["-o file", "stdout"])
def test_bad_csv_for_locate(case, to_file, workdir, capsys):
    path = write_case(workdir / "in", case)
    before = snapshot(workdir)
    argv = ["locate", str(path)] + (["-o", str(workdir / "out" / "located.csv")] if to_file else [])
    code, out, err = run_cli(capsys, argv)
    assert_one_clean_error(code, out, err, path, case[2], case[3])
    assert out == "" and snapshot(workdir) == before


def test_a_file_over_the_size_limit_is_refused_before_parsing(workdir, capsys, monkeypatch):
    path = workdir / "in" / "big.geojson"
    path.write_text("{" * 5000, encoding="utf-8")  # would fail JSON parsing if it were parsed
    monkeypatch.setattr(read, "MAX_BYTES", 1000)
    for argv in (["validate", str(path)], ["governorates", "--governorates", str(path)],
                 ["export", "--zones", str(path), "-o", str(workdir / "out" / "m.png")]):
        code, out, err = run_cli(capsys, argv)
        assert_one_clean_error(code, out, err, path, "MB limit — simplify the shapes", None)
    assert list((workdir / "out").iterdir()) == []


def test_a_file_that_cannot_be_opened_is_one_clean_line(workdir, capsys, monkeypatch):
    path = workdir / "in" / "locked.geojson"
    path.write_text(json.dumps(collection(area_feature("a", IDLIB_SQUARE))), encoding="utf-8")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(read, "open", denied, raising=False)  # what chmod 000 does (root ignores chmod)
    code, out, err = run_cli(capsys, ["validate", str(path)])
    assert_one_clean_error(code, out, err, path, "cannot be read: Permission denied", None)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_an_unreadable_file_for_real(workdir, capsys):
    path = workdir / "in" / "locked.geojson"
    path.write_text("{}", encoding="utf-8")
    path.chmod(0)
    try:
        code, out, err = run_cli(capsys, ["zones", "--zones", str(path)])
        assert_one_clean_error(code, out, err, path, "Permission denied", None)
    finally:
        path.chmod(0o600)


def test_every_problem_in_a_file_is_one_line_each(workdir, capsys):
    bad_name = area_feature("b", DARAA_SQUARE)
    del bad_name["properties"]["name"]
    point = area_feature("c", IDLIB_SQUARE)
    point["geometry"] = {"type": "Point", "coordinates": [36.6, 35.8]}
    path = workdir / "in" / "many.geojson"
    path.write_text(json.dumps(collection(area_feature("a", IDLIB_SQUARE), bad_name, point,
                                          area_feature("a", DARAA_SQUARE))), encoding="utf-8")
    code, _, err = run_cli(capsys, ["validate", str(path)])
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 3
    assert all(FEATURE_LINE.match(line) for line in lines)
    assert [FEATURE_LINE.match(line)["n"] for line in lines] == ["2", "3", "4"]


def test_control_characters_in_a_file_cannot_break_the_one_line_promise(workdir, capsys):
    feature = area_feature("evil\nerror: forged line", IDLIB_SQUARE)
    feature["geometry"] = None
    path = workdir / "in" / "evil.geojson"
    path.write_text(json.dumps(collection(feature)), encoding="utf-8")
    code, _, err = run_cli(capsys, ["validate", str(path)])
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "(id evil\\x0aerror: forged line)" in err


def test_self_intersection_is_repaired_with_a_warning_line(workdir, capsys):
    bowtie = [[36.5, 35.7], [36.9, 36.0], [36.9, 35.7], [36.5, 36.0], [36.5, 35.7]]
    path = workdir / "in" / "bow.geojson"
    path.write_text(json.dumps(collection(area_feature("bow", bowtie))), encoding="utf-8")
    code, out, err = run_cli(capsys, ["validate", str(path)])
    assert code == 0 and "ok:" in out
    assert err.strip().splitlines() == [
        f"warning: {path}: feature 1 (id bow): invalid geometry (Self-intersection[36.7 35.85]) — repaired with make_valid"]


def test_3d_and_measured_coordinates_are_fine(workdir, capsys):
    ring = [[x, y, 250.0, 7] for x, y in IDLIB_SQUARE]
    path = workdir / "in" / "hill.geojson"
    path.write_text(json.dumps(collection(area_feature("hill", ring))), encoding="utf-8")
    code, out, err = run_cli(capsys, ["validate", str(path)])
    assert (code, err) == (0, "") and "1 features (hill)" in out


def test_locate_bad_rows_are_kept_in_order_and_counted(workdir, capsys):
    src = workdir / "in" / "rows.csv"
    src.write_text("name,lat,lon\nA,35.86,36.80\nB,north,36.8\nC,,\nD,95,36\nE,33.51,36.27\n", encoding="utf-8")
    code, out, err = run_cli(capsys, ["locate", str(src)])
    assert code == 0
    rows = [line.split(",") for line in out.strip().splitlines()[1:]]
    assert [r[0].strip('"') for r in rows] == ["A", "B", "C", "D", "E"]
    assert rows[0][3].strip('"') == "idlib" and rows[1][3] == rows[2][3] == rows[3][3] == '""'
    assert "warning:" in err and "3 of 5 rows" in err


def test_bundled_data_is_never_an_output(workdir, capsys):
    from geo import data

    target = data.PLACES
    before = target.read_bytes()
    code, _, err = run_cli(capsys, ["locate", str(workdir / "in" / "points.csv"), "-o", str(target), "--force"])
    assert code == 1 and "bundled data folder, which is never written" in err
    assert target.read_bytes() == before


@pytest.mark.parametrize("argv", [
    ["validate", "{in}/a.geojson"],
    ["export", "--zones", "{in}/a.geojson", "-o", "{out}/m.html"],
    ["locate", "{in}/a.geojson"],
])
def test_the_real_command_prints_no_traceback(workdir, argv):
    (workdir / "in" / "a.geojson").write_bytes(b"\x00\x01 junk")
    args = [a.format(**{"in": workdir / "in", "out": workdir / "out"}) for a in argv]
    proc = subprocess.run([sys.executable, "-m", "geo.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and proc.stderr.startswith("error: ")
    assert list((workdir / "out").iterdir()) == []
