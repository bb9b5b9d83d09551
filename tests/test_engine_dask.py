"""``--engine dask`` for ``locate`` and ``events``: the same rows as the single-process engine, on a local cluster of
two worker processes (one started here and reached with --scheduler, one started by the command with --workers)."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from geo.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

from make_points import write_points  # noqa: E402  (the bench's generator: points in and around Syria)

DATES = "2017-09-15,2018-09-17,2020-03-06"


@pytest.fixture(scope="module")
def scheduler():
    """A running dask.distributed cluster of 2 worker processes on 127.0.0.1: what --scheduler connects to."""
    import distributed

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as cluster:
        yield cluster.scheduler_address


def _default(tmp_path: Path, src: Path, *extra: str) -> pd.DataFrame:
    out = tmp_path / "default.csv"
    assert main(["locate", str(src), "-o", str(out), "--raw-csv", *extra]) == 0
    return pd.read_csv(out, dtype=str, keep_default_na=False)


def _dask(out: Path, src: Path, *extra: str) -> pd.DataFrame:
    assert main(["locate", str(src), "--engine", "dask", "-o", str(out), *extra]) == 0
    parts = sorted(out.glob("part-*.parquet"))
    assert parts and sorted(p.name for p in out.iterdir()) == [p.name for p in parts]
    return pd.concat([pq.read_table(p).to_pandas() for p in parts], ignore_index=True)


def _same(expected: pd.DataFrame, got: pd.DataFrame) -> None:
    assert list(got.columns) == list(expected.columns)
    assert len(got) == len(expected)
    for column in expected.columns:
        mismatch = np.flatnonzero(got[column].astype(str).to_numpy() != expected[column].to_numpy())
        assert mismatch.size == 0, (column, expected.iloc[mismatch[:3]].to_dict("records"))


def test_a_small_csv_gives_the_same_rows_with_two_local_workers(tmp_path):
    """Places whose side is known, rows with bad coordinates, quoted commas and Arabic text: row for row."""
    src = tmp_path / "places.csv"
    rows = [("Saraqib", "35.8625", "36.8006"), ("Douma, Rif Dimashq", "33.5711", "36.4028"),
            ("Daraa al-Balad", "32.6127", "36.1035"), ("Damascus", "33.5138", "36.2765"),
            ("إدلب", "35.9306", "36.6339"), ("nowhere", "", "36.1"), ("bad", "north", "east"),
            ("Beirut", "33.8938", "35.5018"), ("Rastan", "34.9264", "36.7328")] * 40
    with open(src, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "lat", "lon"])
        writer.writerows(rows)
    expected = _default(tmp_path, src, "--dates", DATES)
    got = _dask(tmp_path / "out", src, "--dates", DATES, "--workers", "2")
    _same(expected, got)
    assert set(expected["zone_id_2017-09-15"][:5]) == {"idlib", "eastern_ghouta", "southern", ""}


def test_a_million_points_give_the_same_rows_on_a_cluster(tmp_path, scheduler, monkeypatch):
    from geo.points import engine_dask

    src = write_points(1_000_000, tmp_path / "points.csv", seed=7)
    monkeypatch.setattr(engine_dask, "PARTITION_BYTES", 4 << 20)  # several partitions, as a big file would have
    expected = _default(tmp_path, src, "--dates", DATES)
    out = tmp_path / "out"
    got = _dask(out, src, "--dates", DATES, "--scheduler", scheduler)
    assert len(list(out.glob("part-*.parquet"))) >= 5
    _same(expected, got)
    assert (expected["zone_id_2020-03-06"] == "idlib").sum() > 1000  # the points do fall in the areas


def test_parquet_and_geoparquet_points_are_located_as_the_csv_ones(tmp_path, scheduler):
    import geopandas as gpd

    src = write_points(20_000, tmp_path / "points.csv", seed=3)
    expected = _default(tmp_path, src)
    table = pacsv.read_csv(src, convert_options=pacsv.ConvertOptions(column_types={"lat": pa.float64(),
                                                                                  "lon": pa.float64()}))
    pq.write_table(table, tmp_path / "points.parquet")
    got = _dask(tmp_path / "plain", tmp_path / "points.parquet", "--scheduler", scheduler)
    _same(expected[["zone_id", "zone_name", "governorate"]], got[["zone_id", "zone_name", "governorate"]])
    frame = table.to_pandas()
    points = gpd.GeoDataFrame(frame[["id", "name"]], geometry=gpd.points_from_xy(frame["lon"], frame["lat"]),
                              crs="EPSG:4326")
    points.to_parquet(tmp_path / "points.geoparquet")
    out = tmp_path / "geo"
    assert main(["locate", str(tmp_path / "points.geoparquet"), "--engine", "dask", "-o", str(out),
                 "--scheduler", scheduler]) == 0
    located = gpd.read_parquet(out)
    assert located.crs.to_epsg() == 4326 and located.geometry.equals(points.geometry)
    _same(expected[["id", "zone_id", "zone_name", "governorate"]], located[["id", "zone_id", "zone_name", "governorate"]])


def _rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith("#")]


def _comments(text: str) -> str:
    return " ".join(line[2:] for line in text.splitlines() if line.startswith("# "))


def _events(capsys, *args: str) -> str:
    assert main(["events", "--format", "csv", *args]) == 0
    return capsys.readouterr().out


def test_events_gives_the_same_tables_as_the_default_engine(tmp_path, scheduler, capsys, monkeypatch):
    """The bundled UCDP events as a CSV of several partitions (with a row whose date cannot be read): the same
    counts, the same notes, per month and per period, whole range and a date range."""
    from geo.model.events import bundled_events
    from geo.points import engine_dask

    table = pq.read_table(bundled_events())
    frame = table.to_pandas()
    frame["date_start"] = frame["date_start"].astype(str)
    frame.loc[500, "date_start"] = "2017-02-30"
    src = tmp_path / "ged.csv"
    frame.to_csv(src, index=False)
    monkeypatch.setattr(engine_dask, "PARTITION_BYTES", 1 << 20)
    for extra in ([], ["--by", "period"], ["--by", "period", "--date-range", "2018-01-01,2019-06-30",
                                             "--precision", "all", "--ring-km", "5"]):
        expected = _events(capsys, "--events", str(src), *extra)
        got = _events(capsys, "--events", str(src), "--engine", "dask", "--scheduler", scheduler, *extra)
        # the bad date is named by its line in one engine and by its partition's row in the other
        assert "first bad date: line 502: '2017-02-30'" in _comments(expected)
        assert "first bad date: partition 1, row 501: '2017-02-30'" in _comments(got)
        assert _rows(got) == _rows(expected)
        where = re.compile(r"first bad date: (line \d+|partition \d+, row \d+): ")
        assert where.sub("", _comments(got)) == where.sub("", _comments(expected))
        expected = _rows(expected)
        assert len(expected) > 20  # a header and the rows of every area, ring and the rest of Syria
    assert _events(capsys, "--engine", "dask", "--workers", "2") == _events(capsys)  # the bundled Parquet file


def test_mistakes_are_one_line(tmp_path, capsys):
    src = tmp_path / "p.csv"
    src.write_text("lat,lon\n35.9,36.6\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    cases = [
        (["locate", str(src), "--engine", "dask"], "-o DIR"),
        (["locate", str(src), "--workers", "2"], "--engine dask"),
        (["locate", "-", "--engine", "dask", "-o", str(tmp_path / "x")], "standard input"),
        (["locate", str(src), "--engine", "dask", "-o", str(out)], "already exists and is not empty"),
        (["locate", str(src), "--engine", "dask", "-o", str(tmp_path / "y"), "--workers", "0"], "from 1 to"),
        (["events", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:9", "--workers", "2"], "not both"),
    ]
    for args, words in cases:
        assert main(args) == 1, args
        err = capsys.readouterr().err
        assert err.startswith("error: ") and err.count("\n") == 1 and words in err, (args, err)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert not (tmp_path / "x").exists() and not (tmp_path / "y").exists()
