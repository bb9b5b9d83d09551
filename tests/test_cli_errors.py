"""Every way a user's file or option can be wrong, one case per code path and message, as ``zonemap`` runs.

For each case: exit status 1, exactly one ``error:`` line in the documented shape
``error: FILE: [feature N (id X): ]what — hint`` (options: ``error: what``), no traceback, nothing on standard
output, and nothing written: the folder holds byte for byte what it held before. One subcommand per case (the
loaders are shared: the same file through another subcommand reaches the same code); a few cases go through
the other subcommands to show they share the handler. Budgets have their own tests (``test_bounded.py``).
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest

from geo.cli import main
from tests.hostile import INSIDE, OUTSIDE, collection, feature, square, syria_areas, write, zonemap

FILE_LINE = re.compile(r"^error: (?P<file>[^:]+): (?:feature (?P<n>\d+)(?: \(id (?P<id>[^)]*)\))?: )?(?P<what>.+?) "
                       r"— (?P<hint>.+)$")
PALMYRA = INSIDE["palmyra"]
GOOD = square(*PALMYRA)


def areas(*features) -> dict:
    """A valid first feature, then the features under test (so the bad one is feature 2)."""
    return collection([feature("fine", square(*INSIDE["hama"])), *features])


def with_geometry(geometry) -> dict:
    bad = feature("bad", GOOD)
    bad["geometry"] = geometry
    return areas(bad)


def polygon(*rings) -> dict:
    return {"type": "Polygon", "coordinates": list(rings)}


def props(**values) -> dict:
    bad = feature("bad", GOOD)
    for key, value in values.items():
        if value is None:
            del bad["properties"][key]
        else:
            bad["properties"][key] = value
    return areas(bad)


def zip_of(**members: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buf.getvalue()


def shapefile_zip(skip: str = "", folder: str = "", twice: bool = False):
    def make(path: Path) -> None:
        import geopandas as gpd
        import shapely

        tmp = path.parent / ".shp"
        tmp.mkdir()
        gpd.GeoDataFrame({"id": ["a"], "kind": ["de-escalation area"], "name": ["A"]},
                         geometry=[shapely.Polygon(GOOD)], crs="EPSG:4326").to_file(tmp / "areas.shp")
        with zipfile.ZipFile(path, "w") as archive:
            for part in tmp.iterdir():
                if part.suffix != skip:
                    archive.write(part, folder + part.name)
                    if twice and part.suffix == ".shp":
                        archive.write(part, "copy.shp")
        for part in tmp.iterdir():
            part.unlink()
        tmp.rmdir()
    return make


def gpkg(layers: int = 1, point: bool = False):
    def make(path: Path) -> None:
        import geopandas as gpd
        import shapely

        shape = shapely.Point(*PALMYRA) if point else shapely.Polygon(GOOD)
        frame = gpd.GeoDataFrame({"id": ["a"], "kind": ["de-escalation area"], "name": ["A"]}, geometry=[shape],
                                 crs="EPSG:4326")
        for n in range(layers):
            frame.to_file(path, layer=f"layer{n + 1}", driver="GPKG")
    return make


def fifo(path: Path) -> None:
    os.mkfifo(path)


def folder(path: Path) -> None:
    path.mkdir()


PROVISION = {"number": 1, "title": "A title", "text": "Some text", "categories": ["c"], "scope": ["idlib"]}
V = ["validate"]
VP = ["validate", "--zones", "areas.geojson", "--provisions"]
L = ["locate", "--zones", "areas.geojson"]
G = ["governorates", "--governorates"]
LOCATE_OUT = ["-o", "out.csv"]
POINTS = "name,lat,lon\nSaraqib,35.86,36.80\n"

# id: (file name, content — bytes, text, JSON-able, a writer, or None for no file —, argv before the file name,
#      argv after it, expected words in the line, feature number (None: the whole file; "option": no file))
CASES = {
    # opening a layer file (geo.io.source)
    "missing file": ("a.geojson", None, V, [], "file not found — check the path", None),
    "a folder": ("a.geojson", folder, V, [], "is a folder, not a file", None),
    "a FIFO": ("a.geojson", fifo, V, [], "is not a regular file (a device, pipe or socket)", None),
    "zero bytes": ("a.geojson", b"", V, [], "file is empty — was it saved or downloaded completely?", None),
    "only blanks": ("a.geojson", b" \n\t\n", V, [], "file is empty", None),
    "unsupported type": ("a.txt", "{}", V, [], "unsupported file type '.txt'", None),
    "not UTF-8": ("a.geojson", b'{"type": "\xff"}', V, [], "not UTF-8 text (byte 10)", None),
    "not JSON": ("a.geojson", "hello", V, [], "not valid JSON: Expecting value at line 1, column 1 — check the file is GeoJSON", None),
    "cut short": ("a.geojson", '{"type": "FeatureCollection", "features": [{"type": "Fea', V, [],
                  "— the file looks cut short", None),
    "nested too deep": ("a.geojson", "[" * 100_000 + "]" * 100_000, V, [], "JSON is nested too deeply", None),
    "5,000-digit integer": ("a.geojson", '{"type": "FeatureCollection", "n": ' + "9" * 5000 + "}", V, [],
                            "not usable JSON: Exceeds the limit (4300 digits) for integer string conversion — a number "
                            "has far too many digits", None),
    # the GeoJSON document (geo.io.geojson)
    "top level an array": ("a.geojson", [1, 2], V, [], "top level is a JSON array, not a GeoJSON object", None),
    "TopoJSON": ("a.json", {"type": "Topology", "objects": {}}, V, [], "is TopoJSON, not GeoJSON — convert it", None),
    "no GeoJSON type": ("a.geojson", {"name": "x"}, V, [], "GeoJSON type is missing", None),
    "features not a list": ("a.geojson", {"type": "FeatureCollection", "features": {}}, V, [],
                            "'features' is missing or not a list", None),
    "no features": ("a.geojson", collection([]), V, [], "no features — the FeatureCollection is empty", None),
    # (these two through the governorates loader: for areas, the missing id, kind and name are a second line)
    "feature not an object": ("g.geojson", collection(["x"]), G, [], "is a JSON string, not a GeoJSON Feature object", 1),
    "properties not an object": ("g.geojson", collection([{**feature("x", GOOD), "properties": [1]}]), G, [],
                                 "'properties' is a JSON array, not an object", 1),
    "geometry null": ("a.geojson", with_geometry(None), V, [], "geometry is null — every feature needs a Polygon", 2),
    "geometry not an object": ("a.geojson", with_geometry("POLYGON"), V, [], "geometry is a JSON string", 2),
    "GeometryCollection": ("a.geojson", with_geometry({"type": "GeometryCollection", "geometries": []}), V, [],
                           "geometry is a GeometryCollection — split it", 2),
    "a point": ("a.geojson", with_geometry({"type": "Point", "coordinates": list(PALMYRA)}), V, [],
                "geometry is a Point, not an area — expected Polygon or MultiPolygon", 2),
    "coordinates malformed": ("a.geojson", with_geometry(polygon([1, 2, 3])), V, [], "coordinates are malformed", 2),
    "coordinate text": ("a.geojson", with_geometry(polygon([["38.2", 34.5]] + GOOD[1:])), V, [],
                        "coordinate '38.2' is not a number", 2),
    "coordinate NaN": ("a.geojson", '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                       '{"id": "n", "kind": "de-escalation area", "name": "N"}, "geometry": {"type": "Polygon", '
                       '"coordinates": [[[38.2, 34.5], [NaN, 34.5], [38.3, 34.6], [38.2, 34.5]]]}}]}', V, [],
                       "coordinate nan is not finite", 1),
    "coordinate 10^400": ("a.geojson", with_geometry(polygon([[10**400, 34.5]] + GOOD[1:])), V, [],
                          "is not finite — remove NaN, infinite and out-of-range values", 2),
    "ring of 3 positions": ("a.geojson", with_geometry(polygon(GOOD[:2] + GOOD[:1])), V, [],
                            "a ring has 3 positions, fewer than 4", 2),
    "ring not closed": ("a.geojson", with_geometry(polygon(GOOD[:-1] + [GOOD[2]])), V, [], "a ring is not closed", 2),
    "no coordinates": ("a.geojson", with_geometry(polygon()), V, [], "geometry is empty", 2),
    "encloses no area": ("a.geojson", with_geometry(polygon([GOOD[0], GOOD[1], GOOD[0], GOOD[0]])), V, [],
                         "geometry encloses no area", 2),
    # the areas' properties and periods (geo.model.load, geo.model.schema)
    "missing id": ("a.geojson", props(id=None), V, [], "missing required properties: id", 2),
    "name not text": ("a.geojson", props(name=["x"]), V, [], "name is ['x']", 2),
    "unknown kind": ("a.geojson", props(kind="castle"), V, [], "kind is 'castle'", 2),
    "duplicate id": ("a.geojson", props(id="fine"), V, [], "duplicate id 'fine' (also feature 1)", 2),
    "periods overlap": ("a.geojson", areas({**feature("fine", GOOD, valid_from="2017-01-01")}), V, [],
                        "id 'fine' is also feature 1, and their dates overlap", 2),
    "bad valid_from": ("a.geojson", props(valid_from="2017-13-01"), V, [], "valid_from is '2017-13-01'", 2),
    "ends before it starts": ("a.geojson", props(valid_from="2018-01-01", valid_to="2017-01-01"), V, [],
                              "valid_to '2017-01-01' is not after valid_from '2018-01-01'", 2),
    "unknown part_of": ("a.geojson", props(part_of="atlantis"), V, [], "part_of names unknown area 'atlantis'", 2),
    # where the shapes lie (geo.io.layer.check_within)
    "in Lebanon": ("a.geojson", areas(feature("b", square(*OUTSIDE["lebanon"][0]))), V, [],
                   "shape lies outside Syria (bounds [36.18, 33.98, 36.24, 34.04]) — is this a shape of Syria?", 2),
    "lat/lon swapped": ("a.geojson", areas(feature("b", [[y, x] for x, y in square(*INSIDE["idlib"])])), V, [],
                        "latitude and longitude look swapped", 2),
    "projected": ("a.geojson", areas(feature("b", [[x * 1e5, y * 1e5] for x, y in GOOD])), V, [],
                  "coordinates look projected (metres?)", 2),
    "across the border": ("a.geojson", areas(feature("b", square(36.5, 36.7, 0.3))), V, [],
                          "shape crosses the border of Syria by more than 2 km", 2),
    "on the Golan": ("a.geojson", areas(feature("b", square(*OUTSIDE["golan"][0]))), V, [],
                     "shape covers the Israeli-occupied Golan", 2),
    # other formats (geo.io.gdal)
    "not a zip": ("a.zip", b"PK\x03\x04 junk", V, [], "is not a zip archive", None),
    "zip without a shapefile": ("a.zip", zip_of(**{"readme.txt": b"hi"}), V, [],
                                "the zip holds no shapefile (.shp) (found: readme.txt)", None),
    "zip of two shapefiles": ("a.zip", shapefile_zip(twice=True), V, [], "the zip holds 2 shapefiles", None),
    "zip without .shx": ("a.zip", shapefile_zip(skip=".shx"), V, [],
                         "the zip's shapefile areas.shp has no .shx beside it — zip the shapefile's .shp, .shx, .dbf",
                         None),
    "not a GeoPackage": ("a.gpkg", b"SQLite? no", V, [], "is not a GeoPackage (not an SQLite database)", None),
    "GeoPackage of two layers": ("a.gpkg", gpkg(layers=2), V, [],
                                 "holds 2 layers (layer1, layer2) — save the one layer to use in its own GeoPackage",
                                 None),
    "GeoPackage of points": ("a.gpkg", gpkg(point=True), V, [], "geometry is a Point, not an area", 1),
    "governorates without names": ("g.geojson", collection([{**feature("g", GOOD), "properties": {"code": "SY07"}}]),
                                   ["governorates", "--governorates"], [],
                                   "no governorate name column (found: code)", None),
    # provisions and agreements (geo.model.agreements)
    "provisions: not .json": ("p.yaml", "provisions: []", VP, [], "unsupported file type '.yaml'", None),
    "provisions: empty": ("p.json", b"", VP, [], "file is empty", None),
    "provisions: none": ("p.json", {"provisions": []}, VP, [], "no provisions", None),
    "provisions: areas instead": ("p.json", syria_areas(), VP, [], "is a FeatureCollection (areas?), not a provisions file",
                                  None),
    "provisions: not an object": ("p.json", {"provisions": ["x"]}, VP, [], "provision #1 is not an object", None),
    "provisions: missing text": ("p.json", {"provisions": [{**PROVISION, "text": None}]}, VP, [],
                                 "provision 1: missing required properties: text", None),
    "provisions: unknown area": ("p.json", {"provisions": [{**PROVISION, "scope": ["atlantis"]}]}, VP, [],
                                 "provision 1: scope names unknown area 'atlantis'", None),
    "provisions: number twice": ("p.json", {"provisions": [PROVISION, PROVISION]}, VP, [],
                                 "provision 1: duplicate number", None),
    "agreements: none": ("g.json", {"agreements": {}}, ["validate", "--zones", "areas.geojson", "--agreements"], [],
                         "no agreements", None),
    "agreements: no date": ("g.json", {"agreements": [{"id": "x"}]},
                            ["validate", "--zones", "areas.geojson", "--agreements"], [],
                            "agreement 'x' needs an id and a date (YYYY-MM-DD)", None),
    # CSV for locate (geo.io.csvcheck, geo.points.locate)
    "CSV: missing": ("p.csv", None, L, [], "file not found — check the path", None),
    "CSV: a folder": ("p.csv", folder, L, [], "is a folder, not a CSV file", None),
    "CSV: empty": ("p.csv", b"", L, LOCATE_OUT, "file is empty — expected a header row with lat and lon columns", None),
    "CSV: not UTF-8": ("p.csv", "name,lat,lon\nAlep\xe9,36.2,37.1\n".encode("latin-1"), L, LOCATE_OUT,
                       "not UTF-8 text (byte 17)", None),
    "CSV: NUL bytes": ("p.csv", b"name,lat,lon\n\x00\x00", L, [], "holds NUL bytes: is it a binary file?", None),
    "CSV: no lat/lon": ("p.csv", "town,x,y\nA,1,2\n", L, LOCATE_OUT, "no lat/lon columns (found: town, x, y)", None),
    "CSV: a column twice": ("p.csv", "lat,lat,lon\n1,2,3\n", L, [], "column 'lat' appears more than once", None),
    "CSV: a column locate adds": ("p.csv", "lat,lon,zone_id\n35.9,36.6,x\n", L, LOCATE_OUT,
                                  "already has a column 'zone_id' that locate adds — rename it, or pass --replace", None),
    "CSV: a short row": ("p.csv", "name,lat,lon\nA,35.9\n", L, LOCATE_OUT, "not a readable CSV: CSV parse error", None),
    # targets (geo.io.write, geo.draw.export)
    "target exists": ("p.csv", POINTS, L, ["-o", "areas.geojson"], "areas.geojson: already exists — use --force", "target"),
    "target folder missing": ("p.csv", POINTS, L, ["-o", "nowhere/out.csv"], "folder nowhere does not exist", "target"),
    "export: unknown suffix": ("areas.geojson", "KEEP", ["export", "--zones"], ["-o", "map.bmp"],
                               "map.bmp: cannot tell the format from the suffix '.bmp' — use one of .png", "option"),
    # options
    "bad --date": ("areas.geojson", "KEEP", ["zones", "--date", "2017-13-45", "--zones"], [],
                 "date was '2017-13-45' but must be written YYYY-MM-DD", "option"),
    "unknown zone": ("areas.geojson", "KEEP", ["timeline", "--zone", "atlantis", "--zones"], [],
                     "unknown area 'atlantis'; known:", "option"),
    "unknown provision": ("areas.geojson", "KEEP", ["export", "--provision", "99", "-o", "m.png", "--zones"], [],
                          "unknown provision '99'; known:", "option"),
    "--date and --dates": ("p.csv", POINTS, ["locate", "--date", "2017-09-15", "--dates", "2018-01-01", "--zones",
                                             "areas.geojson"], [], "give either --date or --dates, not both", "option"),
    "a CSV and --place": ("p.csv", POINTS, ["locate", "--place", "Douma"], [], "give either a CSV file or --place",
                          "option"),
    "nothing to locate": ("areas.geojson", "KEEP", ["locate", "--zones"], [], "nothing to locate: give a CSV file",
                          "option"),
    "--place of 100,000 letters": ("areas.geojson", "KEEP", ["locate", "--place", "a" * 100_000, "--zones"], [],
                                   "has 100,000 characters, longer than any place name — give at most 60 letters",
                                   "option"),
    "--place unknown": ("areas.geojson", "KEEP", ["locate", "--place", "Atlantisville", "--zones"], [],
                        "no place called 'Atlantisville' in the gazetteer", "option"),
}


def make(path: Path, content) -> None:
    if content is None or content == "KEEP":
        return
    if callable(content):
        content(path)
    else:
        write(path, content)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): (b"<dir>" if not p.is_file() else p.read_bytes())
            for p in sorted(folder.rglob("*"))}


@pytest.mark.parametrize("case", [pytest.param(c, id=name) for name, c in CASES.items()])
def test_one_clean_error_line(case, tmp_path, monkeypatch, capsys):
    name, content, before_argv, after_argv, words, where = case
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "areas.geojson", syria_areas())
    write(tmp_path / "p.csv", POINTS) if name != "p.csv" else None
    make(tmp_path / name, content)
    before = snapshot(tmp_path)
    code = main([*before_argv, name, *after_argv])
    out, err = capsys.readouterr()
    assert (code, out) == (1, ""), err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert words in lines[0], lines[0]
    if where not in ("option",):
        shape = FILE_LINE.match(lines[0])
        assert shape, f"not in the documented shape: {lines[0]}"
        if where == "target":
            assert shape["file"] in ("areas.geojson", "nowhere/out.csv"), lines[0]
        else:
            assert shape["file"] == name, lines[0]
            assert shape["n"] == (None if where is None else str(where)), lines[0]
    assert snapshot(tmp_path) == before


def test_an_unreadable_file_is_one_line(tmp_path, monkeypatch, capsys):
    """What chmod 000 does to a user (root reads anything, so the check is made to answer as for a user)."""
    import geo.io.source

    path = write(tmp_path / "a.geojson", syria_areas())
    real = os.access
    monkeypatch.setattr(geo.io.source.os, "access", lambda p, mode: False if Path(p) == path else real(p, mode))
    code = main(["validate", str(tmp_path / "a.geojson")])
    _, err = capsys.readouterr()
    assert code == 1 and err == f"error: {tmp_path / 'a.geojson'}: cannot be read: Permission denied — check the file's permissions\n"


def test_every_problem_of_a_file_is_one_line_in_file_order(tmp_path, capsys):
    point = feature("c", GOOD)
    point["geometry"] = {"type": "Point", "coordinates": list(PALMYRA)}
    doc = collection([feature("a", GOOD), point, props(name=None)["features"][1], feature("a", square(*INSIDE["hama"]))])
    code = main(["validate", str(write(tmp_path / "many.geojson", doc))])
    lines = capsys.readouterr().err.splitlines()
    assert code == 1 and [FILE_LINE.match(line)["n"] for line in lines] == ["2", "3", "4"]
    assert [FILE_LINE.match(line)["id"] for line in lines] == ["c", "bad", "a"]


def test_a_value_of_thousands_of_characters_is_clipped_in_the_line(tmp_path, capsys):
    long_id = "i" * 4_999  # under the text budget, so it reaches the checks
    doc = collection([feature(long_id, GOOD), feature(long_id, square(*INSIDE["hama"]))])
    code = main(["validate", str(write(tmp_path / "long.geojson", doc))])
    err = capsys.readouterr().err
    assert code == 1 and len(err.splitlines()) == 1 and len(err) < 1000
    assert FILE_LINE.match(err.strip())["id"] == "i" * 59 + "…"


def test_an_unexpected_exception_is_one_line_and_debug_shows_the_traceback(tmp_path, monkeypatch, capsys):
    import geo.draw.tables

    def broken(*args, **kwargs):
        raise RuntimeError("a bug, with a /server/path in its message")

    monkeypatch.setattr(geo.draw.tables, "zones_summary", broken)
    argv = ["zones", "--zones", str(write(tmp_path / "a.geojson", syria_areas()))]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == ("error: internal error in zones — please report: RuntimeError "
                                 "(run with --debug for details)\n")
    assert main(["--debug", *argv]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Traceback") and "/server/path" in err
    assert err.splitlines()[-1] == "error: internal error in zones — please report: RuntimeError"


def test_ctrl_c_anywhere_is_interrupted_and_130(tmp_path, monkeypatch, capsys):
    import geo.draw.tables

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(geo.draw.tables, "zones_summary", interrupted)
    assert main(["zones", "--zones", str(write(tmp_path / "a.geojson", syria_areas()))]) == 130
    assert capsys.readouterr() == ("", "interrupted\n")


@pytest.mark.parametrize("argv", [
    ["validate", "a.geojson"],
    ["export", "--zones", "a.geojson", "-o", "m.html"],
    ["locate", "a.geojson"],
    ["provisions", "--provisions", "a.geojson"],
])
def test_the_real_command_prints_one_line_and_no_traceback(tmp_path, argv):
    write(tmp_path / "a.geojson", b"\x00\x01 junk")
    done = zonemap(argv, tmp_path, text=True)
    assert done.returncode == 1 and done.stdout == "" and "Traceback" not in done.stderr
    assert len(done.stderr.splitlines()) == 1 and done.stderr.startswith("error: a.geojson: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.geojson"]


# --- files that look odd but are fine -------------------------------------------------------------------


@pytest.mark.parametrize("name, content, argv, expected", [
    ("bom.geojson", b"\xef\xbb\xbf" + json.dumps(syria_areas()).encode(), ["validate"], "ok: bom.geojson: 7 features"),
    ("bom.json", b"\xef\xbb\xbf" + json.dumps({"provisions": [PROVISION]}).encode(),
     ["validate", "--zones", "areas.geojson"], "ok: bom.json: 1 provisions"),
    ("folder.zip", shapefile_zip(folder="my areas/"), ["validate"], "ok: folder.zip: 1 features (a)"),
    ("hill.geojson", collection([feature("hill", [[x, y, 250.0, 7] for x, y in GOOD])]), ["validate"],
     "ok: hill.geojson: 1 features (hill)"),
    ("blank-first.csv", "\n\n  \nname,lat,lon\nSaraqib,35.86,36.80\n", ["locate", "--zones", "areas.geojson"],
     '"Saraqib","35.86","36.80","idlib_security_zone"'),
    ("header-only.csv", "name,lat,lon\n", ["locate", "--zones", "areas.geojson"],
     '"name","lat","lon","zone_id","zone_name","agreed_id","governorate"'),
])
def test_odd_but_fine_files_are_accepted(tmp_path, monkeypatch, capsys, name, content, argv, expected):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "areas.geojson", syria_areas())
    make(tmp_path / name, content)
    code = main([*argv, name])
    out, err = capsys.readouterr()
    assert code == 0 and err == "", err
    assert expected in out


def test_a_self_intersection_is_repaired_with_one_warning_line(tmp_path, capsys):
    x, y = PALMYRA
    bowtie = [[x, y], [x + 0.1, y + 0.1], [x + 0.1, y], [x, y + 0.1], [x, y]]
    path = write(tmp_path / "bow.geojson", collection([feature("bow", bowtie)]))
    code = main(["validate", str(path)])
    out, err = capsys.readouterr()
    assert code == 0 and out.startswith(f"ok: {path}: 1 features (bow)")
    assert err.splitlines() == [f"warning: {path}: feature 1 (id bow): invalid geometry (Self-intersection"
                                f"[{x + 0.05:.15g} {y + 0.05:.15g}]) — repaired with make_valid"]


def test_locate_keeps_bad_rows_in_order_and_counts_them(tmp_path, capsys):
    src = write(tmp_path / "rows.csv", "name,lat,lon\nA,35.86,36.80\nB,north,36.8\nC,,\nD,95,36\nE,33.57,36.40\n")
    code = main(["locate", "--zones", str(write(tmp_path / "a.geojson", syria_areas())), str(src)])
    out, err = capsys.readouterr()
    rows = [line.split(",") for line in out.splitlines()[1:]]
    assert code == 0 and [r[0] for r in rows] == ['"A"', '"B"', '"C"', '"D"', '"E"']
    assert [r[3] for r in rows] == ['"idlib_security_zone"', '""', '""', '""', '"eastern_ghouta"']
    assert err == (f"warning: {src}: 3 of 5 rows have missing or bad coordinates; they are kept with an empty zone\n")


def test_an_area_outside_every_governorate_is_answered_not_a_crash(tmp_path, monkeypatch, capsys):
    """A governorates layer that covers only Daraa: the areas elsewhere have no governorate, and a place in Syria
    outside every governorate is named as such, not as outside Syria."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "areas.geojson", syria_areas())
    write(tmp_path / "daraa.geojson", collection([{**feature("g", square(36.1, 32.7, 0.3)),
                                                   "properties": {"name": "Daraa"}}]))
    base = ["--zones", "areas.geojson", "--governorates", "daraa.geojson"]
    assert main(["zones", *base, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "\nsouthern,de-escalation area,Southern,,17,Daraa 100%," in out
    assert "\nidlib,de-escalation area,Idlib,,16,," in out  # no governorate: an empty cell, not a crash
    assert main(["locate", *base, "--place", "Saraqib"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "governorate: none (inside Syria, outside every governorate of the layer in use)"
