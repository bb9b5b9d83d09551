"""The fast paths of ``locate`` give the same answers as the plain ones (correctness only: no timings).

- the grid that answers most points of a large batch agrees with testing every point against every polygon,
  at polygon corners, on edges, at the grid's own edges, off the grid and for NaN;
- the pyarrow label columns equal the DataFrame ones;
- a CSV streamed in many small blocks keeps every row and value, counts bad coordinates across blocks in
  one warning, and a broken row late in the file leaves no output behind.
"""

from __future__ import annotations

import csv
import io
import warnings

import numpy as np
import pytest
import shapely

from geo import analysis, load, locate
from geo.analysis import GRID_MIN_POINTS, Locator, _first_containing
from geo.errors import InputError
from tests.conftest import IDLIB_SQUARE, area_feature, collection


@pytest.fixture(scope="module")
def loc() -> Locator:
    return locate.locator()


def plain(loc: Locator, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return _first_containing(loc.area_geoms, x, y), _first_containing(loc.governorate_geoms, x, y)


def hard_points(loc: Locator, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random points, every polygon vertex, points a hair off them, grid edges, far away points and NaN."""
    n = max(GRID_MIN_POINTS * 3, 100_000)
    x = [rng.uniform(35.0, 43.0, n)]
    y = [rng.uniform(32.0, 38.0, n)]
    corners = shapely.get_coordinates(np.concatenate([loc.area_geoms, loc.governorate_geoms]))
    for dx, dy in ((0, 0), (1e-9, 0), (0, -1e-9), (-1e-12, 1e-12)):
        x.append(corners[:, 0] + dx)
        y.append(corners[:, 1] + dy)
    x0, y0, x1, y1 = shapely.total_bounds(np.concatenate([loc.area_geoms, loc.governorate_geoms]))
    edge = np.linspace(0, 1, 1001)
    x += [x0 + edge * (x1 - x0), np.full(1001, x0), np.full(1001, x1), x0 + edge * (x1 - x0)]
    y += [np.full(1001, y0), y0 + edge * (y1 - y0), y0 + edge * (y1 - y0), np.full(1001, y1)]
    x.append(np.array([np.nan, 36.8, np.nan, -200.0, 1e300, -np.inf, 0.0]))
    y.append(np.array([35.8, np.nan, np.nan, 35.8, 35.8, 35.8, 0.0]))
    return np.concatenate(x), np.concatenate(y)


def test_the_grid_agrees_with_testing_every_point(loc):
    x, y = hard_points(loc, np.random.default_rng(6))
    fresh = Locator(loc.area_ids, loc.area_names, loc.area_geoms, loc.governorate_names, loc.governorate_geoms)
    got_area, got_gov = fresh.locate(x, y)
    assert fresh._grid is not None, "a batch this large should go through the grid"
    want_area, want_gov = plain(loc, x, y)
    np.testing.assert_array_equal(got_area, want_area)
    np.testing.assert_array_equal(got_gov, want_gov)
    assert (want_area >= 0).sum() > 1000 and (want_gov >= 0).sum() > 10_000  # the test covers real hits


def test_the_grid_answers_small_batches_the_same_way(loc):
    x, y = hard_points(loc, np.random.default_rng(7))
    big_area, big_gov = loc.locate(x, y)
    for start in range(0, 5000, 997):  # small batches take the plain path
        part = slice(start, start + 997)
        small_area, small_gov = loc.locate(x[part], y[part])
        np.testing.assert_array_equal(small_area, big_area[part])
        np.testing.assert_array_equal(small_gov, big_gov[part])


def test_overlapping_polygons_keep_the_first_match():
    big = shapely.box(36.0, 35.0, 37.0, 36.0)
    inner = shapely.box(36.2, 35.2, 36.4, 35.4)
    geoms = np.array([inner, big], dtype=object)
    shapely.prepare(geoms)
    fresh = Locator(["inner", "big"], ["Inner", "Big"], geoms, ["G"], np.array([big], dtype=object))
    rng = np.random.default_rng(8)
    x, y = rng.uniform(35.9, 37.1, GRID_MIN_POINTS * 2), rng.uniform(34.9, 36.1, GRID_MIN_POINTS * 2)
    area, gov = fresh.locate(x, y)
    np.testing.assert_array_equal(area, _first_containing(geoms, x, y))
    assert (area == 0).any() and (area == 1).any() and (gov == 0).any()


def test_a_layer_without_areas_locates_nothing(write_json):
    zones = write_json("zones.geojson", collection(area_feature("z", IDLIB_SQUARE, kind="security zone")))
    fresh = Locator.build(load.load_areas(zones), load.load_governorates())
    rng = np.random.default_rng(9)
    x, y = rng.uniform(36.4, 37.0, GRID_MIN_POINTS * 2), rng.uniform(35.6, 36.1, GRID_MIN_POINTS * 2)
    area, gov = fresh.locate(x, y)
    assert (area == -1).all() and (gov >= 0).any()


def test_label_arrays_equal_the_labels_frame(loc):
    x, y = hard_points(loc, np.random.default_rng(10))
    frame = loc.labels(x, y)
    arrays = loc.label_arrays(x, y)
    for name, column in zip(("zone_id", "zone_name", "governorate"), arrays, strict=True):
        assert column.null_count == 0
        assert column.to_pylist() == frame[name].tolist()


def test_numbers_reads_what_pandas_reads_and_nothing_else():
    import pyarrow as pa

    text = pa.chunked_array([["35.5", " 36 ", "", "abc", "1,5", "+2.5e1", ".5", "5.", "nan", "1e400", "--1"]])
    got = locate._numbers(text)
    want = [35.5, 36.0, np.nan, np.nan, np.nan, 25.0, 0.5, 5.0, np.nan, np.inf, np.nan]
    np.testing.assert_array_equal(got, want)


def rows_of(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_a_csv_streamed_in_small_blocks_keeps_every_row_and_value(tmp_path, monkeypatch):
    monkeypatch.setattr(locate, "BLOCK_BYTES", 4096)  # about 100 rows a block
    rng = np.random.default_rng(11)
    lines = ["name,lat,lon,zone_id,note"]
    for i in range(5000):
        lat, lon = f"{rng.uniform(32.5, 37):.5f}", f"{rng.uniform(35.8, 42):.5f}"
        if i % 997 == 3:
            lat = ""  # bad, spread over several blocks
        elif i % 1499 == 7:
            lon = "east"
        elif i % 7 == 0:
            lat = f" 0{lat} "  # kept as written
        lines.append(f'p{i},{lat},{lon},old,"a, ""quoted"" note {i}"')
    src = tmp_path / "points.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dst = tmp_path / "out.csv"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        locate.locate_csv(src, dst)
    rows = rows_of(dst.read_text(encoding="utf-8"))
    original = list(csv.DictReader(io.StringIO("\n".join(lines))))
    assert list(rows[0]) == ["name", "lat", "lon", "note", "zone_id", "zone_name", "governorate"]
    assert len(rows) == 5000
    for got, was in zip(rows, original, strict=True):
        assert (got["name"], got["lat"], got["lon"], got["note"]) == (was["name"], was["lat"], was["lon"], was["note"])
    bad = [r for r in rows if not r["lat"] or r["lon"] == "east"]
    expected = sum(1 for i in range(5000) if i % 997 == 3 or i % 1499 == 7)
    assert len(bad) == expected == 10 and all(r["zone_id"] == r["governorate"] == "" for r in bad)
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1 and "10 of 5000 rows" in messages[0]
    # the same answers as one block, through locate_table
    with pytest.warns(UserWarning, match="10 of 5000 rows"):
        whole = locate.locate_table(locate._read_csv(src), locate.locator())
    assert [r["zone_id"] for r in rows] == whole.column("zone_id").to_pylist()
    assert [r["governorate"] for r in rows] == whole.column("governorate").to_pylist()
    assert sum(1 for r in rows if r["zone_id"]) > 50
    with pytest.warns(UserWarning, match="10 of 5000 rows"):
        assert locate.locate_csv(src, None).decode("utf-8") == dst.read_text(encoding="utf-8")


def test_a_broken_row_late_in_the_file_leaves_nothing_behind(tmp_path, monkeypatch):
    monkeypatch.setattr(locate, "BLOCK_BYTES", 4096)
    lines = ["lat,lon"] + ["35.86,36.80"] * 3000 + ["35.86,36.80,surprise"] + ["35.0,37.0"] * 10
    src = tmp_path / "points.csv"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    dst = tmp_path / "out.csv"
    with pytest.raises(InputError, match="not a readable CSV"):
        locate.locate_csv(src, dst)
    assert list(tmp_path.iterdir()) == [src]
    dst.write_text("precious", encoding="utf-8")
    with pytest.raises(InputError):
        locate.locate_csv(src, dst, force=True)
    assert dst.read_text(encoding="utf-8") == "precious"


def test_header_only_and_existing_output(tmp_path):
    src = tmp_path / "points.csv"
    src.write_text("lat,lon,zone_name\n", encoding="utf-8")
    out = locate.locate_csv(src, None).decode("utf-8")
    assert next(csv.reader(io.StringIO(out))) == ["lat", "lon", "zone_id", "zone_name", "governorate"]
    assert len(out.splitlines()) == 1
    dst = tmp_path / "out.csv"
    dst.write_text("precious", encoding="utf-8")
    with pytest.raises(InputError, match="already exists"):
        locate.locate_csv(src, dst)
    assert dst.read_text(encoding="utf-8") == "precious"


def test_the_public_api_is_kept():
    for name in ("locate_csv", "locate_table", "place_report", "locator"):
        assert callable(getattr(locate, name))
    for name in ("area_at", "area_km2", "governorate_shares", "Locator"):
        assert callable(getattr(analysis, name))
    for name in ("build", "locate", "labels"):
        assert callable(getattr(Locator, name))
