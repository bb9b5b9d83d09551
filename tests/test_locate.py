"""``zonemap locate`` as a user runs it: every row and column kept, the right area on the right date, standard
input and output, no silent overwrite, nothing half written — and the fast paths answer like shapely.

Bad CSV files are in test_cli_errors.py; pipes, formula neutralising and file modes in test_bounded.py,
test_output_safety.py and test_writes.py.
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
import shapely

from geo.model.grid import MIN_POINTS as GRID_MIN_POINTS
from geo.points import locate
from tests.conftest import run
from tests.facts import DOUMA as DOUMA_AT
from tests.facts import GHOUTA_END, GHOUTA_LAST_DAY, STATEMENT
from tests.hostile import CEILING

ROOT = Path(__file__).resolve().parents[1]

# (name, lat, lon): towns whose answer a reader of the README would check
SARAQIB = ("Saraqib", "35.8645", "36.8059")  # Idlib area (2017)
DOUMA = ("Douma", *map(str, DOUMA_AT))  # eastern Ghouta until it ended (tests/facts.py)
KHAN_SHAYKHUN = ("Khan Shaykhun", "35.4421", "36.6510")  # Idlib area until the summer 2019 offensive
DAMASCUS = ("Damascus", "33.5138", "36.2765")  # in no area; Damascus governorate
ALEPPO = ("Aleppo", "36.2012", "37.1612")  # in no area; Aleppo governorate
AMMAN = ("Amman", "31.95", "35.93")  # outside Syria
NAWA = ("Nawa", "32.89", "36.04")  # southern area


pytestmark = pytest.mark.usefixtures("one_load_per_set_of_files")


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def write_points(path: Path, points, header: str = "name,lat,lon") -> Path:
    path.write_text(header + "\n" + "".join(",".join(p) + "\n" for p in points), encoding="utf-8")
    return path


def located(capsys, tmp_path, points, *args: str) -> list[dict]:
    src = write_points(tmp_path / "points.csv", points)
    code, out, err = run(capsys, "locate", str(src), *args)
    assert code == 0, err
    return rows_of(out)


# --- what comes out --------------------------------------------------------------------------------


def test_dash_as_output_is_standard_output_not_a_file(tmp_path, capsys, monkeypatch):
    src = tmp_path / "in.csv"
    src.write_text("name,lat,lon\nDouma,33.5718,36.4027\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "locate", str(src), "--date", "2018-01-01", "-o", "-")
    assert (code, err) == (0, "")
    assert [r["zone_id"] for r in rows_of(out)] == ["eastern_ghouta"]  # Douma, before the area ended (Apr 2018)
    assert not (tmp_path / "-").exists()


def test_every_row_and_column_is_kept_in_order_and_four_are_added(tmp_path, capsys, atlas):
    text = ('id,name,lat,lon,note\n'
            '1,Saraqib,35.8645,36.8059,"on the M4, ""east"" of Idlib"\n'
            '2,Douma,  33.5718 ,36.4027,دوما\n'
            '3,Damascus,33.5138,36.2765,\n'
            '4,Amman,31.95,35.93,outside\n'
            '5,Aleppo,36.20120,+37.1612,x\n'
            '6,Nawa,32.89,36.04,y\n')
    src = tmp_path / "in.csv"
    src.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "locate", str(src))
    assert (code, err) == (0, "")
    got, sent = rows_of(out), rows_of(text)
    assert list(got[0]) == ["id", "name", "lat", "lon", "note", "zone_id", "zone_name", "agreed_id", "governorate"]
    assert [{k: r[k] for k in sent[0]} for r in got] == sent  # every input value as written, rows in order
    names = atlas.names
    assert [(r["zone_id"], r["zone_name"], r["governorate"]) for r in got] == [
        ("idlib", names["idlib"], "Idlib"),
        ("eastern_ghouta", names["eastern_ghouta"], "Rif Dimashq"),
        ("", "", "Damascus"),
        ("", "", ""),  # outside Syria
        ("", "", "Aleppo"),
        ("southern", names["southern"], "Daraa"),
    ]
    # On 15 Sep 2017 the areas as agreed are the areas themselves.
    assert [r["agreed_id"] for r in got] == ["idlib", "eastern_ghouta", "", "", "", "southern"]


def test_a_point_in_the_security_zone_but_no_area_gets_no_zone_id(tmp_path, capsys, atlas):
    shapes = atlas.at().shapes.set_index("id").geometry
    point = shapes["idlib_security_zone"].difference(shapes["idlib"]).representative_point()
    (row,) = located(capsys, tmp_path, [("belt", f"{point.y!r}", f"{point.x!r}")])
    assert row["zone_id"] == row["zone_name"] == "" and row["governorate"]  # zones are not areas


def test_bad_coordinates_are_kept_with_empty_columns_and_one_warning(tmp_path, capsys):
    src = write_points(tmp_path / "p.csv", [SARAQIB, ("a", "", "36.8"), ("b", "north", "36.8"), ("c", "95", "36.8"),
                                            ("d", "35.8", "181"), ("e", "NaN", "36.8"), ("f", "inf", "36.8"), DOUMA])
    code, out, err = run(capsys, "locate", str(src))
    rows = rows_of(out)
    assert code == 0 and [r["name"] for r in rows] == ["Saraqib", "a", "b", "c", "d", "e", "f", "Douma"]
    assert all(r["zone_id"] == r["zone_name"] == r["governorate"] == "" for r in rows[1:7])
    assert (rows[0]["zone_id"], rows[7]["zone_id"]) == ("idlib", "eastern_ghouta")
    assert err == (f"warning: {src}: 6 of 8 rows have missing or bad coordinates; "
                   "they are kept with an empty zone\n")


def test_numbers_are_read_as_pandas_reads_them_and_nothing_else():
    import pyarrow as pa

    text = pa.chunked_array([["35.5", " 36 ", "", "abc", "1,5", "+2.5e1", ".5", "5.", "nan", "1e400", "--1", "0x10"]])
    want = [35.5, 36.0, np.nan, np.nan, np.nan, 25.0, 0.5, 5.0, np.nan, np.inf, np.nan, np.nan]
    np.testing.assert_array_equal(locate._numbers(text), want)


def test_a_header_only_file_gives_the_header_with_the_added_columns(tmp_path, capsys):
    src = tmp_path / "empty.csv"
    src.write_text("lat,lon,name\n", encoding="utf-8")
    code, out, _ = run(capsys, "locate", str(src))
    assert code == 0
    assert out.splitlines() == ['"lat","lon","name","zone_id","zone_name","agreed_id","governorate"']


# --- dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day, want", [
    (STATEMENT.isoformat(), {"Saraqib": "idlib", "Douma": "eastern_ghouta", "Khan Shaykhun": "idlib", "Nawa": "southern"}),
    (GHOUTA_LAST_DAY.isoformat(), {"Douma": "eastern_ghouta"}),
    (GHOUTA_END.isoformat(), {"Douma": ""}),  # the day eastern Ghouta's period ends, it no longer holds
    ("2018-08-01", {"Nawa": ""}),  # the south was taken by 31 Jul 2018
    ("2019-01-01", {"Khan Shaykhun": "idlib", "Saraqib": "idlib"}),
    ("2019-09-01", {"Khan Shaykhun": ""}),  # taken in August 2019
])
def test_date_answers_for_that_date(tmp_path, capsys, day, want):
    rows = located(capsys, tmp_path, [SARAQIB, DOUMA, KHAN_SHAYKHUN, NAWA], "--date", day)
    got = {r["name"]: r["zone_id"] for r in rows}
    assert {k: got[k] for k in want} == want
    assert all(r["governorate"] for r in rows)  # governorates do not change with the date


def test_dates_add_one_column_per_date_and_agree_with_date(tmp_path, capsys):
    points = [SARAQIB, DOUMA, KHAN_SHAYKHUN, DAMASCUS, AMMAN]
    days = [STATEMENT.isoformat(), GHOUTA_END.isoformat(), "2019-01-01", "2019-09-01"]
    rows = located(capsys, tmp_path, points, "--dates", ",".join(days))
    assert list(rows[0]) == ["name", "lat", "lon", *(c for d in days for c in (f"zone_id_{d}", f"agreed_id_{d}")),
                             "governorate"]
    for day in days:
        single = located(capsys, tmp_path, points, "--date", day)
        assert [r[f"zone_id_{day}"] for r in rows] == [r["zone_id"] for r in single], day
        assert [r[f"agreed_id_{day}"] for r in rows] == [r["agreed_id"] for r in single], day
        assert [r["governorate"] for r in rows] == [r["governorate"] for r in single]
    assert rows[2]["zone_id_2019-01-01"] == "idlib" and rows[2]["zone_id_2019-09-01"] == ""
    # Khan Shaykhun, taken in August 2019, stays inside the area as the Sochi memorandum kept it (Sep 2018).
    assert rows[2]["agreed_id_2019-09-01"] == "idlib"
    # Douma: eastern Ghouta ended on 14 Apr 2018, and with it its shape as agreed.
    assert (rows[1]["agreed_id_2017-09-15"], rows[1]["agreed_id_2018-04-14"]) == ("eastern_ghouta", "")


@pytest.mark.parametrize("order", [1, -1], ids=["ascending", "descending"])
def test_each_dates_column_holds_the_answers_of_the_date_it_names(tmp_path, capsys, order):
    """Dates in any order: the column named for a date holds that date's answers — Douma inside eastern Ghouta on
    the statement's day, outside once the area ended (published facts, tests/facts.py)."""
    days = [STATEMENT.isoformat(), GHOUTA_END.isoformat()][::order]
    rows = located(capsys, tmp_path, [DOUMA, SARAQIB], "--dates", ",".join(days))
    douma, saraqib = rows
    assert douma[f"zone_id_{STATEMENT}"] == "eastern_ghouta"
    assert douma[f"zone_id_{GHOUTA_END}"] == ""
    assert saraqib[f"zone_id_{STATEMENT}"] == saraqib[f"zone_id_{GHOUTA_END}"] == "idlib"


def test_date_and_dates_together_are_refused(tmp_path, capsys):
    src = write_points(tmp_path / "p.csv", [SARAQIB])
    code, out, err = run(capsys, "locate", str(src), "--date", "2018-01-01", "--dates", "2019-01-01")
    assert (code, out, err) == (1, "", "error: give either --date or --dates, not both\n")


# --- standard input and output ------------------------------------------------------------------------


def test_dash_reads_standard_input_and_writes_standard_output(tmp_path, capsys):
    text = "name,lat,lon\n" + "".join(",".join(p) + "\n" for p in [SARAQIB, ("bad", "x", "1"), DOUMA])
    src = tmp_path / "p.csv"
    src.write_text(text, encoding="utf-8")
    _, from_file, _ = run(capsys, "locate", str(src))
    proc = subprocess.run([sys.executable, "-m", "geo.cli", "locate", "-"], input=text.encode("utf-8"),
                          capture_output=True, cwd=tmp_path, timeout=CEILING)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == from_file  # the same bytes as from a file
    assert proc.stderr.decode("utf-8") == ("warning: standard input: 1 of 3 rows have missing or bad coordinates; "
                                           "they are kept with an empty zone\n")
    assert list(tmp_path.iterdir()) == [src]  # nothing left behind


def test_standard_input_to_a_file(tmp_path, capsys, monkeypatch):
    text = "lat,lon\n35.8645,36.8059\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))
    dst = tmp_path / "out.csv"
    code, out, err = run(capsys, "locate", "-", "-o", str(dst))
    assert (code, out, err) == (0, "", "")
    assert rows_of(dst.read_text(encoding="utf-8"))[0]["zone_id"] == "idlib"


# --- columns locate adds -------------------------------------------------------------------------------


@pytest.mark.parametrize("header, args, column", [
    ("name,lat,lon,zone_id", (), "zone_id"),
    ("governorate,lat,lon", (), "governorate"),
    ("name,lat,lon,zone_id_2019-01-01", ("--dates", "2018-01-01,2019-01-01"), "zone_id_2019-01-01"),
    ("name,lat,lon,agreed_id", (), "agreed_id"),
    ("name,lat,lon,agreed_id_2019-01-01", ("--dates", "2018-01-01,2019-01-01"), "agreed_id_2019-01-01"),
])
def test_an_input_with_a_column_locate_adds_is_refused(tmp_path, capsys, header, args, column):
    src = tmp_path / "p.csv"
    src.write_text(f"{header}\n" + ",".join("35.8645" if h == "lat" else "36.8059" if h == "lon" else "old"
                                             for h in header.split(",")) + "\n", encoding="utf-8")
    dst = tmp_path / "out.csv"
    code, out, err = run(capsys, "locate", str(src), "-o", str(dst), *args)
    assert (code, out) == (1, "")
    assert err == (f"error: {src}: already has a column {column!r} that locate adds — rename it, "
                   "or pass --replace to overwrite it\n")
    assert not dst.exists()


def test_replace_overwrites_the_column_and_says_so(tmp_path, capsys):
    src = tmp_path / "p.csv"
    src.write_text("zone_id,name,lat,lon\nold,Saraqib,35.8645,36.8059\nold,Damascus,33.5138,36.2765\n",
                   encoding="utf-8")
    code, out, err = run(capsys, "locate", str(src), "--replace")
    rows = rows_of(out)
    assert code == 0
    assert err == f"warning: {src}: replaced the input's 'zone_id' column\n"
    assert list(rows[0]) == ["name", "lat", "lon", "zone_id", "zone_name", "agreed_id", "governorate"]
    assert [r["zone_id"] for r in rows] == ["idlib", ""]  # no "old" left


# --- writing a file ----------------------------------------------------------------------------------


def test_output_is_never_overwritten_without_force(tmp_path, capsys):
    src = write_points(tmp_path / "p.csv", [SARAQIB])
    dst = tmp_path / "out.csv"
    dst.write_text("precious", encoding="utf-8")
    code, out, err = run(capsys, "locate", str(src), "-o", str(dst))
    assert (code, out, err) == (1, "", f"error: {dst}: already exists — use --force to overwrite it\n")
    assert dst.read_text(encoding="utf-8") == "precious"
    code, _, _ = run(capsys, "locate", str(src), "-o", str(dst), "--force")
    assert code == 0 and rows_of(dst.read_text(encoding="utf-8"))[0]["zone_id"] == "idlib"


def ragged_late(path: Path) -> Path:
    """3,000 good rows (many blocks of 4 KiB), then a row with one value too many."""
    lines = ["lat,lon"] + ["35.8645,36.8059"] * 3000 + ["35.86,36.80,surprise"] + ["35.0,37.0"] * 10
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_failure_late_in_the_file_leaves_no_partial_output(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(locate, "BLOCK_BYTES", 4096)
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    src = ragged_late(tmp_path / "in" / "points.csv")
    dst = tmp_path / "out" / "located.csv"
    code, out, err = run(capsys, "locate", str(src), "-o", str(dst))
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {src}: not a readable CSV: ") and len(err.splitlines()) == 1
    assert list((tmp_path / "out").iterdir()) == []  # no output, no temporary file
    dst.write_text("precious", encoding="utf-8")
    code, _, _ = run(capsys, "locate", str(src), "-o", str(dst), "--force")
    assert code == 1 and dst.read_text(encoding="utf-8") == "precious"
    assert list((tmp_path / "out").iterdir()) == [dst]


def test_a_file_streamed_in_small_blocks_is_the_same_as_in_one_block(tmp_path, monkeypatch, atlas):
    rng = np.random.default_rng(11)
    lines = ["name,lat,lon,note"]
    for i in range(5000):
        lat, lon = f"{rng.uniform(32.5, 37):.5f}", f"{rng.uniform(35.8, 42):.5f}"
        if i % 997 == 3:
            lat = ""  # bad rows spread over several blocks
        elif i % 1499 == 7:
            lon = "east"
        lines.append(f'p{i},{lat},{lon},"a, ""quoted"" note {i}"')
    src = tmp_path / "points.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    day = [atlas.schema.default_date]

    def output(block: int) -> tuple[str, list[str]]:
        monkeypatch.setattr(locate, "BLOCK_BYTES", block)
        sink = io.BytesIO()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert locate.locate_csv(str(src), None, atlas, day, out=sink) == 5000
        return sink.getvalue().decode("utf-8"), [str(w.message) for w in caught]

    small, small_warnings = output(4096)  # about 100 rows a block
    whole, whole_warnings = output(1 << 24)
    assert small == whole
    assert small_warnings == whole_warnings == [
        f"{src}: 10 of 5,000 rows have missing or bad coordinates; they are kept with an empty zone"]
    rows = rows_of(small)
    assert [r["name"] for r in rows] == [f"p{i}" for i in range(5000)]
    assert sum(1 for r in rows if r["zone_id"]) > 50


def test_locate_does_not_import_the_drawing_libraries(tmp_path):
    src = write_points(tmp_path / "p.csv", [SARAQIB])
    code = ("import sys; from geo.cli import main; code = main(['locate', sys.argv[1], '-o', sys.argv[2]]);"
            "print(code, [m for m in ('matplotlib', 'streamlit', 'folium', 'branca') if m in sys.modules])")
    proc = subprocess.run([sys.executable, "-c", code, str(src), str(tmp_path / "o.csv")],
                          capture_output=True, text=True, cwd=ROOT, timeout=CEILING)
    assert proc.stdout.strip() == "0 []", proc.stderr
    assert rows_of((tmp_path / "o.csv").read_text(encoding="utf-8"))[0]["zone_id"] == "idlib"


# --- a place by name -------------------------------------------------------------------------------------


def test_place_prints_its_area_and_governorate(capsys, atlas):
    code, out, err = run(capsys, "locate", "--place", "Saraqib")
    assert (code, err) == (0, "")
    assert out.splitlines()[:6] == ["place: Saraqib", "lat, lon: 35.8645, 36.8059 (GeoNames)", "date: 2017-09-15",
                                    f"area: {atlas.names['idlib']} (idlib)", "area as agreed: idlib",
                                    "governorate: Idlib"]
    assert out.splitlines()[6].startswith("history: inside the area as agreed in Sep 2017 (Astana joint statement); "
                                          "held by the opposition")


def test_place_on_a_date(capsys, atlas):
    _, before, _ = run(capsys, "locate", "--place", "Khan Sheikhoun", "--date", "2019-01-01")
    _, after, _ = run(capsys, "locate", "--place", "Khan Sheikhoun", "--date", "2019-09-01")
    assert f"area: {atlas.names['idlib']} (idlib)" in before.splitlines()
    assert "area: none" in after.splitlines() and "governorate: Idlib" in after.splitlines()
    assert "area as agreed: idlib" in after.splitlines()  # the area the Sochi memorandum kept
    assert after.splitlines()[0] == "place: Khan Shaykhun" and "date: 2019-09-01" in after.splitlines()


def test_place_by_a_near_spelling_says_so_and_an_unknown_one_is_an_error(capsys):
    code, out, _ = run(capsys, "locate", "--place", "Saraqibo")
    assert code == 0 and out.splitlines()[0] == "place: Saraqib (closest spelling to 'Saraqibo')"
    code, out, err = run(capsys, "locate", "--place", "Qwxyzzz")
    assert (code, out) == (1, "") and err.startswith("error: no place called 'Qwxyzzz' in the gazetteer")


def test_place_and_a_file_together_are_refused(tmp_path, capsys):
    src = write_points(tmp_path / "p.csv", [SARAQIB])
    code, out, err = run(capsys, "locate", str(src), "--place", "Saraqib")
    assert (code, out, err) == (1, "", "error: give either a CSV file or --place, not both\n")


# --- the fast path for many points ------------------------------------------------------------------------


def shapely_answer(geoms, ids, x, y) -> np.ndarray:
    """For each point, the id of the first shape that contains it, by shapely alone."""
    out = np.full(x.shape, "", dtype=object)
    for geom, fid in zip(geoms, ids, strict=True):
        inside = shapely.contains_xy(geom, x, y) & (out == "")
        out[inside] = fid
    return out


def test_many_points_through_locate_match_shapely_on_every_date(tmp_path, capsys, atlas):
    """≥ 20,000 points take the grid path; the answers equal shapely's on the same shapes, and the answers
    for a small part of the file (the plain path) are the same rows of the big answer."""
    days = ["2017-09-15", "2019-01-01", "2020-06-01"]
    kinds = atlas.schema.area_kinds
    areas = [atlas.at(d).shapes[lambda s: s["kind"].isin(kinds)] for d in days]
    rng = np.random.default_rng(5)
    n = GRID_MIN_POINTS + 5000
    x, y = rng.uniform(35.5, 38.5, n), rng.uniform(32.3, 36.8, n)
    corners = shapely.get_coordinates(np.concatenate([a.geometry.values for a in areas]))[:2000]
    x = np.concatenate([x, corners[:, 0], corners[:, 0] + 1e-9])  # on the edges, and a hair off them
    y = np.concatenate([y, corners[:, 1], corners[:, 1] - 1e-9])
    src = tmp_path / "many.csv"
    src.write_text("lat,lon\n" + "".join(f"{b!r},{a!r}\n" for a, b in zip(x.tolist(), y.tolist(), strict=True)),
                   encoding="utf-8")
    code, out, _ = run(capsys, "locate", str(src), "--dates", ",".join(days))
    rows = rows_of(out)
    assert code == 0 and len(rows) == len(x) >= GRID_MIN_POINTS
    for day, shapes in zip(days, areas, strict=True):
        want = shapely_answer(shapes.geometry.values, list(shapes["id"]), x, y)
        got = np.array([r[f"zone_id_{day}"] for r in rows], dtype=object)
        np.testing.assert_array_equal(got, want, err_msg=day)
        assert (want != "").sum() > 500, day  # the check covers real hits
    governorates = atlas.governorates
    want = shapely_answer(governorates.geometry.values, list(governorates["name"]), x, y)
    np.testing.assert_array_equal(np.array([r["governorate"] for r in rows], dtype=object), want)
    small = tmp_path / "few.csv"
    small.write_text("".join(src.read_text(encoding="utf-8").splitlines(keepends=True)[:3001]), encoding="utf-8")
    _, few, _ = run(capsys, "locate", str(small), "--dates", ",".join(days))
    assert rows_of(few) == rows[:3000]
