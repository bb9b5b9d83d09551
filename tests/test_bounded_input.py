"""Bounded, part two (issue 21), in this process: dates, export sizes, forged lines, promised warnings,
look-alike ids, place names, paths and messages — each case as ``zonemap`` answers it.

Every refusal is checked the same way (:func:`refused`): exit status 1, nothing on standard output, exactly
one ``error:`` line naming the file or option and the problem, no traceback, nothing written beside the
input, and nothing left in the temporary folder (TMPDIR points at a fresh folder for every test). Work is
bounded by counting it (rows, columns, layers, bytes held), never by the clock. Streams, pipes, devices and
Ctrl-C, which need a process of their own, are in ``test_hostile_cli.py``.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
import tracemalloc
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from tests.conftest import run
from tests.hostile import ROOT, write
from tests.hostile_input import (
    DAMASCUS,
    DOUMA,
    SARAQIB,
    areas_with,
    areas_without,
    bundled_dates,
    dates_text,
    events_csv,
    many_points,
    named_area,
    points_csv,
)


@pytest.fixture(autouse=True)
def spool(tmp_path, monkeypatch):
    """A fresh temporary folder for the command (TMPDIR, and Python's cached one); empty after every test."""
    folder = tmp_path / "spool"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.chdir(tmp_path)
    yield folder
    assert list(folder.iterdir()) == [], "something was left in the temporary folder"


def files_in(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def refused(capsys, tmp_path, argv: list[str], where: str, *words: str) -> str:
    """Run ``argv``; assert the one-line refusal naming ``where`` and holding ``words``; return the line."""
    before = files_in(tmp_path)
    code, out, err = run(capsys, *argv)
    lines = err.splitlines()
    assert (code, out) == (1, ""), err
    assert len(lines) == 1 and lines[0].startswith(f"error: {where}"), err
    assert "Traceback" not in err and "internal error" not in err, err
    for word in words:
        assert word in lines[0], lines[0]
    assert files_in(tmp_path) == before, "something was written"
    return lines[0]


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# --- 2. locate --dates: duplicates, order, budgets, work per distinct shape -----------------------------


def test_a_date_given_twice_is_refused_in_one_line(tmp_path, capsys):
    write(tmp_path / "p.csv", points_csv())
    refused(capsys, tmp_path, ["locate", "p.csv", "--dates", "2017-09-15,2018-09-17,2017-09-15"], "--dates gives",
            "2017-09-15 twice")


def test_columns_follow_the_dates_in_the_order_given(tmp_path, capsys):
    """Douma was in eastern Ghouta until the area ended on 14 April 2018 (government recapture); Saraqib was
    in the Idlib area on both dates. The dates are given late first: names and values must stay together."""
    write(tmp_path / "p.csv", points_csv())
    code, out, err = run(capsys, "locate", "p.csv", "--dates", "2018-05-01,2017-09-15")
    assert code == 0, err
    header = out.splitlines()[0]
    assert header == ('"name","lat","lon","zone_id_2018-05-01","agreed_id_2018-05-01","zone_id_2017-09-15",'
                      '"agreed_id_2017-09-15","governorate"')
    rows = {r["name"]: r for r in rows_of(out)}
    assert (rows["Douma"]["zone_id_2018-05-01"], rows["Douma"]["zone_id_2017-09-15"]) == ("", "eastern_ghouta")
    assert rows["Saraqib"]["zone_id_2018-05-01"] == rows["Saraqib"]["zone_id_2017-09-15"] == "idlib"
    assert rows["Damascus"]["zone_id_2017-09-15"] == "" and rows["Damascus"]["governorate"] == "Damascus"


def test_rows_times_dates_over_the_budget_are_refused_before_reading_and_the_variable_raises_it(
        tmp_path, capsys, monkeypatch):
    write(tmp_path / "p.csv", many_points(40))
    monkeypatch.setenv("ZONEMAP_MAX_CELLS", "100")
    line = refused(capsys, tmp_path, ["locate", "p.csv", "--dates", dates_text(3, step=200)], "p.csv",
                   "40 rows × 3 dates is 120 answers, over the budget of 100", "ZONEMAP_MAX_CELLS")
    assert line.endswith("set ZONEMAP_MAX_CELLS to raise it")
    monkeypatch.setenv("ZONEMAP_MAX_CELLS", "120")
    code, out, err = run(capsys, "locate", "p.csv", "--dates", dates_text(3, step=200))
    assert code == 0 and len(out.splitlines()) == 41, err


def test_more_dates_than_a_csv_may_have_columns_are_refused(tmp_path, capsys):
    """10,000 dates (the issue's case: 30 s of CPU for 3 rows): over the 500 columns a CSV may have."""
    write(tmp_path / "p.csv", points_csv())
    refused(capsys, tmp_path, ["locate", "p.csv", "--dates", dates_text(1000)], "--dates gives 1,000 dates",
            "over the budget of 500", "ZONEMAP_MAX_KEYS")


def test_many_dates_are_located_once_per_distinct_set_of_shapes(atlas):
    """400 dates cost what the different maps among them cost: the work held per block grows with the
    shapes, not the dates. The number of different maps over those days is counted from the areas file
    itself (the set of periods each day falls in)."""
    from geo.points.locate import _DateLayers

    days = [date.fromordinal(date(2017, 5, 4).toordinal() + 3 * i) for i in range(400)]
    table = pq.read_table(ROOT / "zones" / "areas.parquet", columns=["id", "valid_from", "valid_to"]).to_pylist()
    periods = [(row["id"], row["valid_from"], row["valid_to"] or "9999") for row in table]
    states = {frozenset(p for p in periods if p[1] <= d.isoformat() < p[2]) for d in days}
    layers = _DateLayers(atlas, days)
    assert len(layers.locator.dated) == len(states) < len(days) / 3
    lon = np.array([36.4027, 36.8059]), np.array([33.5718, 35.8645])
    arrays = layers.label_arrays(*lon, names=False)
    zones = arrays[:-1:2]  # per date: the area held, then the area as agreed; the governorate last
    assert len(arrays) == 801 and len({id(a) for a in zones}) == len(states)  # one array per map
    douma = [a[0].as_py() for a in zones]
    assert douma[days.index(date(2018, 4, 11))] == "eastern_ghouta" and douma[days.index(date(2018, 4, 14))] == ""


# --- 3. export sizes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
@pytest.mark.parametrize("size", [(8000, 200), (2000, 200), (200, 600)])
def test_an_extreme_aspect_ratio_is_refused_naming_the_limit(tmp_path, capsys, suffix, size):
    width, height = size
    line = refused(capsys, tmp_path, ["export", "-o", f"map.{suffix}", "--width", str(width), "--height",
                                      str(height)], "width × height was", f"{width} × {height}", "at most 2.5 times")
    assert line.endswith(f"— e.g. --{'height' if width > height else 'width'} {-(-max(size) // 2.5):.0f}")


def test_the_widest_map_allowed_is_drawn_at_its_exact_size(tmp_path, capsys):
    from PIL import Image

    code, _, err = run(capsys, "export", "-o", "wide.png", "--width", "1000", "--height", "400")
    assert code == 0, err
    assert Image.open(tmp_path / "wide.png").size == (1000, 400)


def test_the_png_writer_holds_one_band_of_rows_not_a_second_picture():
    """An 8000 × 8000 map is 256 MB of pixels; writing it must not hold another copy (the issue measured
    802 MB). Measured on a 3000 × 2000 picture: what the writer allocates beyond the pixels stays under a
    tenth of them, and the file decodes to the same pixels."""
    from PIL import Image

    from geo.draw.static import png

    rng = np.random.default_rng(1)
    pixels = np.repeat(rng.integers(0, 255, (2000, 1, 4), dtype=np.uint8), 3000, axis=1)
    tracemalloc.start()
    try:
        data = png.encode(pixels)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak - len(data) < pixels.nbytes / 10, f"{peak / 1e6:.0f} MB held for {pixels.nbytes / 1e6:.0f} MB"
    assert np.array_equal(np.asarray(Image.open(io.BytesIO(data)).convert("RGB")), pixels[:, :, :3])


def test_each_over_the_pixel_or_map_budget_is_refused_before_anything_is_drawn(tmp_path, capsys, monkeypatch):
    """The statement's 14 provisions at 3000 × 3000 are 126 million pixels, over the 64 million of one run."""
    refused(capsys, tmp_path, ["export", "--each", "provision", "-o", "atlas/", "--width", "3000", "--height",
                               "3000"], "--each provision makes 14 maps", "126 million",
            "over the budget of 64 million", "ZONEMAP_MAX_PIXELS")
    monkeypatch.setenv("ZONEMAP_MAX_MAPS", "10")
    refused(capsys, tmp_path, ["export", "--each", "provision", "-o", "handout.pdf"], "--each provision makes 14",
            "over the budget of 10 maps", "ZONEMAP_MAX_MAPS")
    assert not (tmp_path / "atlas").exists()


# --- 4. one line per row in every CSV --------------------------------------------------------------------

FORGED = "Idlib\nerror: FAKE everything failed\r\nwarning: \u2028forged"


def assert_one_line_per_row(out: str, rows: int | None = None) -> list[dict]:
    lines = out.splitlines()
    records = rows_of(out)
    assert not [line for line in lines if line.startswith(("error:", "warning:"))], out
    assert len(lines) == len(records) + 1, out  # the header and one line per row: no quoted line break
    assert rows is None or len(records) == rows
    return records


def test_zones_csv_with_a_line_break_in_a_name_prints_one_line_per_row(tmp_path, capsys):
    write(tmp_path / "a.geojson", areas_with({"id": "other", "name": FORGED}))
    code, out, err = run(capsys, "zones", "--zones", "a.geojson", "--format", "csv")
    assert code == 0, err
    rows = assert_one_line_per_row(out, 8)
    assert rows[-1]["name"] == "Idlib\\x0aerror: FAKE everything failed\\x0d\\x0awarning: \\u2028forged"


def test_provisions_and_agreements_csv_print_one_line_per_row(tmp_path, capsys):
    provisions = {"provisions": [{"number": 1, "title": FORGED, "text": "Words.\nerror: FAKE", "categories": ["c"],
                                  "scope": ["idlib"]}]}
    write(tmp_path / "p.json", provisions)
    code, out, err = run(capsys, "provisions", "--provisions", "p.json", "--format", "csv")
    assert code == 0, err
    assert assert_one_line_per_row(out, 1)[0]["title"].startswith("Idlib\\x0aerror: FAKE")
    agreements = json.loads((ROOT / "zones" / "agreements.json").read_text(encoding="utf-8"))
    agreements["agreements"][0]["title"] = FORGED
    write(tmp_path / "ag.json", agreements)
    code, out, err = run(capsys, "agreements", "--agreements", "ag.json", "--format", "csv")
    assert code == 0, err
    titles = [r["title"] for r in assert_one_line_per_row(out)]
    assert "Idlib\\x0aerror: FAKE everything failed\\x0d\\x0awarning: \\u2028forged" in titles


def test_events_csv_with_a_line_break_in_its_file_name_prints_no_forged_line(tmp_path, capsys):
    name = "ev\nerror: FAKE.csv"
    write(tmp_path / name, events_csv(3))
    code, out, err = run(capsys, "events", "--events", name, "--format", "csv")
    assert code == 0, err
    assert not [line for line in out.splitlines() if line.startswith(("error:", "warning:"))]
    table = [line for line in out.splitlines() if not line.startswith("#")]
    assert rows_of("\n".join(table))[0]["zone_id"] == "idlib"


# --- 6. dates at the edges -------------------------------------------------------------------------------


def test_dates_outside_the_data_are_refused_with_the_span(tmp_path, capsys):
    first, last = bundled_dates()
    span = f"give a date from {first.isoformat()} to {last.isoformat()}"
    for day in ("9999-12-31", date.fromordinal(last.toordinal() + 1).isoformat(),
                date.fromordinal(first.toordinal() - 1).isoformat(), "0001-01-01"):
        refused(capsys, tmp_path, ["zones", "--date", day], f"--date {day} is", span)
    refused(capsys, tmp_path, ["export", "-o", "m.png", "--date", "9999-12-31"], "--date 9999-12-31", span)
    write(tmp_path / "p.csv", points_csv())
    refused(capsys, tmp_path, ["locate", "p.csv", "--dates", f"2017-09-15,{last.year + 5}-01-01"], "--dates", span)
    for day in (first, last):  # both ends are in the span (the first is an agreement's day, before any area)
        code, out, err = run(capsys, "provisions", "--date", day.isoformat(), "--format", "csv")
        assert code == 0 and len(rows_of(out)) >= 1, err


def test_an_empty_date_is_refused_not_replaced_by_the_default(tmp_path, capsys):
    refused(capsys, tmp_path, ["zones", "--date", ""], "date was ''", "YYYY-MM-DD")
    refused(capsys, tmp_path, ["provisions", "--date", ""], "date was ''")
    refused(capsys, tmp_path, ["export", "-o", "m.png", "--date", ""], "date was ''")


# --- 7. promised warnings --------------------------------------------------------------------------------


def test_provisions_with_a_file_lacking_areas_warns_once_per_provision_naming_them(tmp_path, capsys):
    missing = {"idlib", "southern"}
    write(tmp_path / "a.geojson", areas_without(*missing))
    expected = 0
    for name in ("provisions.json", "agreements.json"):
        doc = json.loads((ROOT / "zones" / name).read_text(encoding="utf-8"))
        for group in [doc.get("provisions", [])] + [a.get("provisions", []) for a in doc.get("agreements", [])]:
            expected += sum(isinstance(p.get("scope"), list) and bool(missing & set(p["scope"])) for p in group)
    code, out, err = run(capsys, "provisions", "--zones", "a.geojson")
    assert code == 0 and out
    warnings = [line for line in err.splitlines() if line.startswith("warning: a.geojson: Provision ")]
    assert len(warnings) == min(expected, 20) and expected > 3, err
    assert all("idlib" in w or "southern" in w for w in warnings)


# --- 8. look-alike ids -----------------------------------------------------------------------------------


def test_an_id_with_spaces_around_it_is_the_same_id(tmp_path, capsys):
    write(tmp_path / "dup.geojson", areas_with({"id": "idlib "}))
    refused(capsys, tmp_path, ["zones", "--zones", "dup.geojson"], "dup.geojson: feature 8 (id idlib)",
            "duplicate id 'idlib'")
    doc = areas_without("idlib")
    doc["features"][0]["properties"]["id"] = "  northern_homs_2 \t"
    write(tmp_path / "trim.geojson", doc)
    code, out, err = run(capsys, "zones", "--zones", "trim.geojson", "--format", "csv")
    assert code == 0, err
    assert "northern_homs_2" in [r["id"] for r in rows_of(out)]


@pytest.mark.parametrize("fid, words", [
    ("\u0456dlib", "id mixes Cyrillic and Latin letters"),  # Cyrillic і
    ("s\u03bfuthern", "id mixes Latin and Greek letters"),  # Greek ο
    ("id\u200blib", "id holds an invisible character (U+200B)"),  # zero-width space
    ("\ufeffidlib_dmz", "id holds an invisible character (U+FEFF)"),
])
def test_a_look_alike_id_is_refused(tmp_path, capsys, fid, words):
    write(tmp_path / "a.geojson", areas_with({"id": fid}))
    refused(capsys, tmp_path, ["validate", "a.geojson"], "a.geojson: feature 8", words)


def test_an_id_in_another_script_alone_is_an_id(tmp_path, capsys):
    write(tmp_path / "a.geojson", areas_with({"id": "إدلب"}))
    code, out, err = run(capsys, "zones", "--zones", "a.geojson", "--format", "csv")
    assert code == 0 and "إدلب" in [r["id"] for r in rows_of(out)], err


# --- 9. --mark -------------------------------------------------------------------------------------------


def test_a_mark_longer_than_any_place_name_is_refused(tmp_path, capsys):
    name = "M" + "a" * 99_999 + "ri"  # folds to "Mari", a real place: it must not be marked
    refused(capsys, tmp_path, ["export", "-o", "m.png", "--mark", name], "place name 'Maaa",
            "100,002 characters", "at most 60")


def test_a_mark_that_matches_nothing_well_is_refused_with_the_nearest_names(tmp_path, capsys):
    refused(capsys, tmp_path, ["export", "-o", "m.png", "--mark", "Saraqxyzzy"], "no place called 'Saraqxyzzy'",
            "did you mean")


def test_a_mark_by_a_close_spelling_is_marked_and_said(tmp_path, capsys):
    code, _, err = run(capsys, "export", "-o", "m.png", "--mark", "Saraqibb")
    assert code == 0 and (tmp_path / "m.png").exists(), err
    code, _, err = run(capsys, "export", "-o", "m2.png", "--mark", "Saraqiba")
    assert code == 0
    assert "warning: --mark 'Saraqiba': no place of that spelling; marked Saraqib, the closest" in err


# --- 10. paths -------------------------------------------------------------------------------------------


def test_each_into_a_folder_whose_name_has_a_dot(tmp_path, capsys):
    (tmp_path / "out").mkdir()
    code, _, err = run(capsys, "export", "--each", "zone", "-o", "out/atlas.v2/", "--width", "400", "--height", "300")
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "out" / "atlas.v2").iterdir())
    assert names and all(n.startswith("zone-") and n.endswith(".png") for n in names)
    assert err.splitlines()[-1] == f"wrote {len(names)} files to out/atlas.v2"


# --- 11. messages a user can act on ----------------------------------------------------------------------


def test_a_huge_field_in_an_events_csv_names_the_line_budget(tmp_path, capsys, monkeypatch):
    write(tmp_path / "ev.csv", events_csv(2, note="x" * 3_000_000))
    line = refused(capsys, tmp_path, ["events", "--events", "ev.csv"], "ev.csv: line ", "longer than 1 MB",
                   "ZONEMAP_MAX_LINE")
    assert "straddl" not in line
    write(tmp_path / "ml.csv", events_csv(2, note="x\n" * 1_000_000))
    line = refused(capsys, tmp_path, ["events", "--events", "ml.csv"], "ml.csv: a row after line", "ZONEMAP_MAX_LINE")
    assert "straddl" not in line
    monkeypatch.setenv("ZONEMAP_MAX_LINE", "10000000")
    code, out, err = run(capsys, "events", "--events", "ev.csv", "--format", "csv")
    assert code == 0 and "idlib,2017-10,2," in out, err


def test_a_geopackage_with_a_bad_header_is_said_in_words(tmp_path, capsys):
    import geopandas as gpd
    import shapely

    from tests.hostile import INSIDE

    gpd.GeoDataFrame({"id": ["a"], "kind": ["de-escalation area"], "name": ["A"]},
                     geometry=[shapely.box(*INSIDE["palmyra"], INSIDE["palmyra"][0] + 0.1,
                                           INSIDE["palmyra"][1] + 0.1)], crs="EPSG:4326").to_file(tmp_path / "g.gpkg")
    good = bytearray((tmp_path / "g.gpkg").read_bytes())
    (tmp_path / "g.gpkg").unlink()
    bad_header = bytearray(good)
    bad_header[16:18] = b"\x00\x03"  # a page size SQLite cannot have
    cut = good[:2000]
    for name, content, words in (("header.gpkg", bad_header, "SQLite header is damaged"),
                                 ("cut.gpkg", cut, "damaged or cut short")):
        write(tmp_path / name, bytes(content))
        line = refused(capsys, tmp_path, ["validate", name], f"{name}: cannot be read", words)
        assert "SELECT" not in line and "sqlite3_" not in line
        (tmp_path / name).unlink()


@pytest.mark.parametrize("column, values, words", [
    ("best", ("int64", 2**63 - 1), "row 1, column best: is '9223372036854775807'"),
    ("best", ("float64", 1.5e300), "row 1, column best: is '1.5e+300'"),
    ("date_start", ("timestamp", 10**15), "row 1: a timestamp["),
])
def test_a_readable_parquet_file_with_hostile_values_names_the_value(tmp_path, capsys, column, values, words):
    import pyarrow as pa
    import pyarrow.parquet as pq

    kind, value = values
    table = {"id": [1], "date_start": ["2017-10-01"], "latitude": [35.93], "longitude": [36.63], "where_prec": [1],
             "best": [1], "low": [1], "high": [1]}
    table[column] = pa.array([value], pa.timestamp("s") if kind == "timestamp" else getattr(pa, kind)())
    pq.write_table(pa.table(table), tmp_path / "ev.parquet")
    line = refused(capsys, tmp_path, ["events", "--events", "ev.parquet"], "ev.parquet: ", words)
    assert "not a readable Parquet file" not in line


def test_a_csv_with_old_mac_line_breaks_is_read(tmp_path, capsys):
    write(tmp_path / "cr.csv", points_csv(newline="\r"))
    write(tmp_path / "lf.csv", points_csv())
    assert run(capsys, "locate", "lf.csv")[0] == 0
    expected = run(capsys, "locate", "lf.csv")[1]
    code, out, err = run(capsys, "locate", "cr.csv")
    assert (code, out, err) == (0, expected, "")
    assert [r["zone_id"] for r in rows_of(out)] == ["eastern_ghouta", "idlib", ""]
    write(tmp_path / "ev.csv", events_csv(3).replace("\n", "\r"))
    code, out, err = run(capsys, "events", "--events", "ev.csv", "--format", "csv")
    assert code == 0 and "idlib,2017-10,3,3,3,3," in out, err


@pytest.mark.parametrize("text", ["name,lat,lon", "name,lat,lon\n", "\n\nname,lat,lon\r\n", "name,lat,lon\n  \n"])
def test_a_header_only_csv_gives_the_header_with_the_added_columns(tmp_path, capsys, text):
    write(tmp_path / "h.csv", text)
    code, out, err = run(capsys, "locate", "h.csv")
    assert (code, out, err) == (0, '"name","lat","lon","zone_id","zone_name","agreed_id","governorate"\n', "")


def test_named_places_keep_their_answers(tmp_path, capsys):
    """The cases above change nothing for a plain file: Douma, Saraqib and Damascus where the README says."""
    write(tmp_path / "p.csv", points_csv((DOUMA, SARAQIB, DAMASCUS)))
    code, out, err = run(capsys, "locate", "p.csv")
    assert code == 0, err
    assert [(r["zone_id"], r["governorate"]) for r in rows_of(out)] == [
        ("eastern_ghouta", "Rif Dimashq"), ("idlib", "Idlib"), ("", "Damascus")]
    write(tmp_path / "a.geojson", named_area("Palmyra area"))
    assert run(capsys, "validate", "a.geojson")[0] == 0
