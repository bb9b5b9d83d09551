"""geo.model.events: reading event files, and counts per area, ring and the rest of Syria checked against GeoPandas."""

from __future__ import annotations

import time
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import shapely

from geo.base.errors import InputError
from geo.model import events as ev
from geo.model import grid as point_grid
from tests.facts import GHOUTA_END
from tests.hostile import write

ZONES = Path(__file__).resolve().parents[1] / "zones"
SWITCH = pd.Timestamp("2017-09-15")  # area "a" changes shape on this day
A_ENDS = GHOUTA_END.isoformat()  # …and ends when eastern Ghouta did (any later day would do)


# --- fixtures -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundled_areas() -> gpd.GeoDataFrame:
    return gpd.read_parquet(ZONES / "areas.parquet")


@pytest.fixture(scope="module")
def outline() -> gpd.GeoDataFrame:
    return gpd.read_file(ZONES / "syria.geojson")


@pytest.fixture(scope="module")
def syria(outline):
    return outline[outline["kind"] == "country"].geometry.iloc[0]


@pytest.fixture(scope="module")
def two_periods(bundled_areas) -> gpd.GeoDataFrame:
    """Area "a" is eastern Ghouta from 2016-06-01, then the northern Homs pocket from 2017-09-15 to
    A_ENDS (a different place, so a wrong period would change every count); area "b" is Idlib from the
    memorandum, open. A security zone that must be ignored by default."""
    shape: dict = {}
    for ident, geom in zip(bundled_areas["id"], bundled_areas.geometry):
        shape.setdefault(ident, geom)  # each id's first state (of 15 Sep 2017): the file lists states by date
    rows = [
        ("a", "de-escalation area", "2016-06-01", "2017-09-15", shape["eastern_ghouta"]),
        ("a", "de-escalation area", "2017-09-15", A_ENDS, shape["northern_homs"]),
        ("b", "de-escalation area", "2017-05-04", "", shape["idlib"]),
        ("z", "security zone", "2017-09-15", "", shape["idlib_security_zone"]),
    ]
    return gpd.GeoDataFrame(
        {"id": [r[0] for r in rows], "name": [r[0].upper() for r in rows], "kind": [r[1] for r in rows],
         "valid_from": [r[2] for r in rows], "valid_to": [r[3] for r in rows]},
        geometry=[r[4] for r in rows], crs="EPSG:4326")


@pytest.fixture(scope="module")
def raw_events() -> pd.DataFrame:
    """The bundled events as plain pandas, read without geo.model.events."""
    frame = pq.read_table(ZONES / "events.parquet").to_pandas()
    frame["date"] = pd.to_datetime(frame["date_start"])
    return frame


@pytest.fixture(scope="module")
def ucdp_csv(tmp_path_factory, raw_events) -> Path:
    """The bundled events as a UCDP-style CSV (about 2 MB)."""
    path = tmp_path_factory.mktemp("csv") / "ged.csv"
    frame = raw_events.drop(columns=["date"]).copy()
    frame.to_csv(path, index=False)
    return path


# --- the independent computation ----------------------------------------------------------------------------

def _ring(shape, others, syria, km=10):
    """The band up to km outside ``shape``, minus every area, inside Syria (GeoPandas operations)."""
    band = gpd.GeoSeries([shape], crs="EPSG:4326").to_crs("EPSG:32637").buffer(km * 1000).to_crs("EPSG:4326")
    return band.difference(gpd.GeoSeries([others], crs="EPSG:4326")).intersection(syria).iloc[0]


def _expected_by_month(raw_events, two_periods, syria) -> pd.DataFrame:
    """Counts by month per zone with sjoin: the same rules, written out for this layer by hand."""
    kept = raw_events[raw_events["where_prec"] <= 2].copy()
    points = gpd.GeoDataFrame(kept, geometry=gpd.points_from_xy(kept["longitude"], kept["latitude"]),
                              crs="EPSG:4326")
    points = points[points.within(syria)]
    points["low"] = np.minimum(points["low"], points["best"])
    points["high"] = np.maximum(points["high"], points["best"])
    a = two_periods[two_periods["id"] == "a"].geometry.tolist()
    b = two_periods[two_periods["id"] == "b"].geometry.iloc[0]
    # "a" counts against its first shape before 2017-09-15 (also before it began on 2016-06-01), and against
    # its second shape from then on (also after it ended on A_ENDS); "b" has one shape.
    early, late = points[points["date"] < SWITCH], points[points["date"] >= SWITCH]
    labelled = []
    for part, a_shape in ((early, a[0]), (late, a[1])):
        both = shapely.union_all([a_shape, b])
        zones = gpd.GeoDataFrame(
            {"zone_id": ["a", "b", "a_ring", "b_ring"]},
            geometry=[a_shape, b, _ring(a_shape, both, syria), _ring(b, both, syria)], crs="EPSG:4326")
        joined = gpd.sjoin(part, zones, how="inner", predicate="within")
        rest = part.loc[~part.index.isin(joined.index)].assign(zone_id=ev.REST)
        labelled += [pd.DataFrame(joined.drop(columns="geometry")), pd.DataFrame(rest.drop(columns="geometry"))]
    every = pd.concat(labelled)
    every["month"] = every["date"].dt.strftime("%Y-%m")
    grouped = every.groupby(["zone_id", "month"]).agg(events=("id", "size"), deaths_best=("best", "sum"),
                                                      deaths_low=("low", "sum"), deaths_high=("high", "sum"))
    months = pd.period_range("2016-01", "2019-11", freq="M").strftime("%Y-%m")
    full = pd.MultiIndex.from_product([["a", "a_ring", "b", "b_ring", ev.REST], months], names=["zone_id", "month"])
    return grouped.reindex(full, fill_value=0).reset_index()


# --- counts ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("grid", [False, True], ids=["bounding boxes", "grid"])
def test_counts_per_area_equal_an_independent_sjoin(raw_events, two_periods, outline, syria, monkeypatch, grid):
    if grid:  # the path large blocks take
        monkeypatch.setattr(point_grid, "MIN_POINTS", 0)
    got = ev.summarise(None, two_periods, outline).table
    want = _expected_by_month(raw_events, two_periods, syria)
    assert list(got.columns) == ["zone_id", "month", "events", "deaths_best", "deaths_low", "deaths_high",
                                 "deaths_per_30_days"]
    assert list(got["zone_id"].unique()) == ["a", "a_ring", "b", "b_ring", ev.REST]
    columns = ["zone_id", "month", "events", "deaths_best", "deaths_low", "deaths_high"]
    got = got[columns].sort_values(["zone_id", "month"]).reset_index(drop=True)
    want = want[columns].sort_values(["zone_id", "month"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert got.loc[got["zone_id"] == "a", "events"].sum() > 500  # the test means something


def test_every_counted_event_is_in_exactly_one_zone_when_rings_do_not_overlap(two_periods, outline):
    counts = ev.count_events(None, two_periods, outline)
    assert counts.sums[0].sum() == counts.kept
    assert counts.kept + sum(counts.left_out.values()) == counts.rows == 16_566


def test_an_event_before_an_area_began_counts_against_its_first_shape(two_periods, outline, raw_events):
    table = ev.summarise(None, two_periods, outline).table
    a = table[table["zone_id"] == "a"].set_index("month")
    assert a.loc["2016-01", "events"] > 0  # "a" began in June 2016; January counts in eastern Ghouta
    # after it ended (A_ENDS) events still count, in its last shape (the northern Homs pocket)
    assert a.loc["2018-05", "events"] > 0


def test_by_period_for_one_area_gives_its_ring_and_the_rest_of_syria_the_same_periods(two_periods, outline):
    key_dates = [("2017-05-04", "memorandum"), ("2017-09-15", "statement"), (date(2018, 9, 17), "Sochi")]
    table = ev.summarise(None, two_periods, outline, by="period", key_dates=key_dates, zones=["a"]).table
    assert list(table.columns) == ["zone_id", "period", "period_start", "period_end", "events", "deaths_best",
                                   "deaths_low", "deaths_high", "deaths_per_30_days"]
    periods = {z: list(zip(t["period"], t["period_start"], t["period_end"])) for z, t in table.groupby("zone_id")}
    assert periods["a"] == periods["a_ring"] == periods[ev.REST] == [
        ("before memorandum", "2016-01-01", "2017-05-04"),
        ("memorandum → statement", "2017-05-04", "2017-09-15"),
        ("statement → a ends", "2017-09-15", A_ENDS),
        ("a ends → Sochi", A_ENDS, "2018-09-17"),
        ("after Sochi", "2018-09-17", "2019-12-01"),
    ]


def test_periods_add_up_to_the_months(two_periods, outline):
    counts = ev.count_events(None, two_periods, outline)
    months = counts.by_month().groupby("zone_id")[["events", "deaths_best", "deaths_low", "deaths_high"]].sum()
    periods = counts.by_period().groupby("zone_id")[["events", "deaths_best", "deaths_low", "deaths_high"]].sum()
    pd.testing.assert_frame_equal(months, periods)


def test_rates_are_per_30_days_of_each_period(two_periods, outline):
    table = ev.summarise(None, two_periods, outline, by="period").table
    days = (pd.to_datetime(table["period_end"]) - pd.to_datetime(table["period_start"])).dt.days
    assert (days > 0).all()
    np.testing.assert_allclose(table["deaths_per_30_days"], (table["deaths_best"] * 30 / days).round(2))


def test_months_without_events_are_zeros_and_partial_months_use_their_days(bundled_areas, outline):
    empty = gpd.GeoDataFrame({"id": ["desert"], "kind": ["de-escalation area"], "valid_from": [""],
                              "valid_to": [""]}, geometry=[shapely.box(38.0, 33.8, 38.1, 33.9)], crs="EPSG:4326")
    table = ev.summarise(None, empty, outline, date_range=("2017-01-15", "2017-03-10")).table
    desert = table[table["zone_id"] == "desert"]
    assert list(desert["month"]) == ["2017-01", "2017-02", "2017-03"]
    assert (desert[["events", "deaths_best", "deaths_low", "deaths_high", "deaths_per_30_days"]] == 0).all().all()
    rest = table[table["zone_id"] == ev.REST].set_index("month")
    assert rest.loc["2017-01", "deaths_per_30_days"] == round(rest.loc["2017-01", "deaths_best"] * 30 / 17, 2)
    assert rest.loc["2017-03", "deaths_per_30_days"] == round(rest.loc["2017-03", "deaths_best"] * 30 / 10, 2)
    whole = ev.summarise(None, empty, outline).table
    assert len(whole[whole["zone_id"] == "desert"]) == 47  # 2016-01 .. 2019-11


def test_a_date_range_leaves_out_and_counts_the_other_events(two_periods, outline, raw_events):
    counts = ev.count_events(None, two_periods, outline, date_range=("2017-01-01", "2017-12-31"))
    in_2017 = raw_events["date"].dt.year == 2017
    assert counts.first_day == date(2017, 1, 1) and counts.last_day == date(2017, 12, 31)
    assert counts.left_out["outside date range"] == int((~in_2017 & (raw_events["where_prec"] <= 2)).sum())


def test_precision_cut_counts_what_it_leaves_out(two_periods, outline, raw_events, syria):
    prec = raw_events["where_prec"]
    for cut in (1, 2, 6):
        counts = ev.count_events(None, two_periods, outline, precision=cut)
        assert counts.left_out["precision"] == int((prec > cut).sum())
    assert ev.count_events(None, two_periods, outline, precision=None).left_out["precision"] == 0
    counts = ev.count_events(None, two_periods, outline)  # the default: settlement or better
    assert counts.left_out["precision"] == 1_770
    points = np.asarray(gpd.points_from_xy(raw_events["longitude"], raw_events["latitude"]))
    outside = ~shapely.contains(syria, points) & (prec <= 2).to_numpy()
    assert counts.left_out["outside Syria"] == int(outside.sum()) > 0
    assert any("left out: precision 1,770" in line for line in counts.lines())
    with pytest.raises(InputError, match="precision is 0"):
        ev.count_events(None, two_periods, outline, precision=0)


def test_low_best_high_is_repaired_and_counted(two_periods, outline):
    counts = ev.count_events(None, two_periods, outline)
    assert counts.widened == 101
    assert (counts.sums[2] <= counts.sums[1]).all() and (counts.sums[1] <= counts.sums[3]).all()


def test_security_zones_are_left_out_unless_asked_for(two_periods, outline):
    assert ev.count_events(None, two_periods, outline).area_ids == ("a", "b")
    every = ev.count_events(None, two_periods, outline, kinds=None)
    assert every.area_ids == ("a", "b", "z")


AGREEMENTS = [(date(2017, 5, 4), "memorandum"), (date(2017, 9, 15), "statement"), (date(2018, 9, 17), "Sochi"),
              (date(2020, 3, 5), "Moscow")]


def test_default_key_dates_follow_the_areas(two_periods):
    dates = ev.default_key_dates(two_periods, AGREEMENTS)
    assert dates["a"] == [(date(2016, 6, 1), "a begins"), (date(2017, 5, 4), "memorandum"),
                          (date(2017, 9, 15), "statement"), (GHOUTA_END, "a ends")]
    assert dates["b"] == [(date(2017, 5, 4), "memorandum"), (date(2017, 9, 15), "statement"),
                          (date(2018, 9, 17), "Sochi"), (date(2020, 3, 5), "Moscow")]
    third = two_periods[two_periods["id"] == "a"].iloc[[1]].assign(valid_from=A_ENDS, valid_to="2018-06-01")
    longer = pd.concat([two_periods, third])
    assert ev.default_key_dates(longer, agreements=[("2017-09-15", "statement")])["a"] == [
        (date(2016, 6, 1), "a begins"), (date(2017, 9, 15), "statement"), (GHOUTA_END, f"a redrawn {A_ENDS}"),
        (date(2018, 6, 1), "a ends")]


def test_key_dates_come_from_the_caller_never_from_a_list_kept_in_the_module(two_periods, outline):
    from geo.model.agreements import milestones
    from geo.model.atlas import load_atlas

    agreements = milestones(load_atlas().agreements)  # Agreement objects: their date and short title
    dates = ev.default_key_dates(two_periods, agreements)
    assert dates["b"][:2] == [(date(2017, 5, 4), "Astana memorandum"), (date(2017, 9, 15), "Astana joint statement")]
    assert ev.default_key_dates(two_periods, ())["b"] == [(date(2017, 5, 4), "b begins")]
    assert not hasattr(ev, "AGREEMENTS")
    counts = ev.count_events(None, two_periods, outline)  # by_period() alone: the areas' own dates only
    assert list(counts.by_period(zones=["a"]).drop_duplicates("period")["period"]) == [
        "before a begins", "a begins → a redrawn 2017-09-15", "a redrawn 2017-09-15 → a ends", "after a ends"]
    with pytest.raises(InputError, match="expected \\(date, label\\)"):
        ev.default_key_dates(two_periods, ["2017-05-04"])


def test_summarise_does_little_more_work_than_reading_the_events_and_testing_them_once(bundled_areas, outline):
    """Summarising the bundled events by period costs a small multiple of the least any counting must do — read
    the rows and test each point against each area once, vectorised — measured here, in this process, as
    processor time (so a busy machine slows both alike). A per-event loop in Python costs hundreds of it."""
    def least_work():
        table = pq.read_table(ZONES / "events.parquet").to_pandas()
        x, y = table["longitude"].to_numpy(), table["latitude"].to_numpy()
        for geom in bundled_areas.geometry.values:
            shapely.contains_xy(geom, x, y)

    ev.summarise(None, bundled_areas, outline)  # warm up (imports, caches)
    least = min(_processor_time(least_work) for _ in range(3))
    used = min(_processor_time(lambda: ev.summarise(None, bundled_areas, outline, by="period")) for _ in range(3))
    assert used <= 30 * least, f"{used / least:.1f} times the least work ({used:.3f} s against {least:.3f} s)"


def _processor_time(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


# --- reading ---------------------------------------------------------------------------------------------------

def test_a_csv_streamed_in_small_blocks_gives_the_same_counts(ucdp_csv, two_periods, outline, monkeypatch):
    assert ucdp_csv.stat().st_size > 20 * (64 << 10)  # many blocks
    small = ev.count_events(ucdp_csv, two_periods, outline, block_bytes=64 << 10)
    whole = ev.count_events(ucdp_csv, two_periods, outline, block_bytes=64 << 20)
    bundled = ev.count_events(None, two_periods, outline)
    monkeypatch.setattr(point_grid, "MIN_POINTS", 100)
    gridded = ev.count_events(ucdp_csv, two_periods, outline, block_bytes=256 << 10)
    for other in (whole, bundled, gridded):
        np.testing.assert_array_equal(small.sums, other.sums)
        assert small.left_out == other.left_out and small.first_day == other.first_day
    assert small.note == bundled.note


DOUMA = (33.5717, 36.4022)  # inside eastern Ghouta
IDLIB_CITY = (35.9306, 36.6339)


def _one_area(bundled_areas) -> gpd.GeoDataFrame:
    return bundled_areas[bundled_areas["id"].isin(["eastern_ghouta", "idlib"])]


def test_ucdp_csv_with_timestamps_is_recognised(tmp_path, bundled_areas, outline):
    src = write(tmp_path / "ged.csv",
                "id,date_start,date_end,latitude,longitude,where_prec,best,low,high\n"
                f"1,2017-05-04 00:00:00.000,2017-05-04,{DOUMA[0]},{DOUMA[1]},1,5,4,9\n"
                f"2,2017-06-10 00:00:00.000,2017-06-10,{IDLIB_CITY[0]},{IDLIB_CITY[1]},2,3,3,3\n"
                f"3,2017-06-11,2017-06-11,{IDLIB_CITY[0]},{IDLIB_CITY[1]},4,100,100,100\n")
    counts = ev.count_events(src, _one_area(bundled_areas), outline)
    assert counts.note.startswith("UCDP GED columns used: date_start (date), latitude, longitude, best, low, high")
    table = counts.by_month().set_index(["zone_id", "month"])
    assert table.loc[("eastern_ghouta", "2017-05"), ["events", "deaths_best", "deaths_low", "deaths_high"]].tolist() \
        == [1, 5, 4, 9]
    assert table.loc[("idlib", "2017-06"), "deaths_best"] == 3
    assert counts.left_out["precision"] == 1


def test_acled_csv_is_recognised(tmp_path, bundled_areas, outline):
    src = write(tmp_path / "acled.csv",
                "event_id_cnty,event_date,year,latitude,longitude,geo_precision,fatalities,notes\n"
                f"SYR1,04 May 2017,2017,{DOUMA[0]},{DOUMA[1]},1,7,\"shelling, Douma\"\n"
                f"SYR2,2017-05-20,2017,{DOUMA[0]},{DOUMA[1]},2,2,\n"
                f"SYR3,1 June 2017,2017,{IDLIB_CITY[0]},{IDLIB_CITY[1]},3,50,\n")
    counts = ev.count_events(src, _one_area(bundled_areas), outline)
    assert counts.note.startswith("ACLED columns used: event_date (date), latitude, longitude, fatalities "
                                  "(deaths: best, low and high alike), geo_precision")
    table = counts.by_month().set_index(["zone_id", "month"])
    assert table.loc[("eastern_ghouta", "2017-05"), ["events", "deaths_best", "deaths_low", "deaths_high"]].tolist() \
        == [2, 9, 9, 9]
    assert counts.left_out["precision"] == 1
    assert counts.first_day == date(2017, 5, 4) and counts.last_day == date(2017, 6, 1)


def test_a_users_parquet_with_text_dates_and_no_precision(tmp_path, bundled_areas, outline):
    src = tmp_path / "mine.parquet"
    pq.write_table(pa.table({"event_date": ["2018-01-02", "02 Jan 2018"], "latitude": [DOUMA[0]] * 2,
                             "longitude": [DOUMA[1]] * 2, "fatalities": [1, 2]}), src)
    counts = ev.count_events(src, _one_area(bundled_areas), outline)
    assert "no precision column" in counts.note
    assert counts.by_month(["eastern_ghouta"]).iloc[0][["events", "deaths_best"]].tolist() == [2, 3]


def test_bad_dates_are_counted_and_quoted_not_guessed(tmp_path, bundled_areas, outline):
    src = write(tmp_path / "dates.csv",
                "date_start,latitude,longitude,best\n"
                f"2017-05-04,{DOUMA[0]},{DOUMA[1]},1\n"
                f"2017-02-30,{DOUMA[0]},{DOUMA[1]},1\n"
                f"05/04/2017,{DOUMA[0]},{DOUMA[1]},1\n"
                f",{DOUMA[0]},{DOUMA[1]},1\n"
                f"2017-05-06,,{DOUMA[1]},1\n")
    counts = ev.count_events(src, _one_area(bundled_areas), outline)
    assert counts.left_out["bad date"] == 3 and counts.left_out["missing coordinates"] == 1
    assert counts.kept == 1 and counts.first_bad_date == "line 3: '2017-02-30'"
    assert any(line.startswith("first bad date: line 3: '2017-02-30'") for line in counts.lines())


@pytest.mark.parametrize("name, content, message", [
    ("nocols.csv", "date,lat,lon,deaths\n2017-01-01,35,36,1\n",
     r"nocols\.csv: not a UCDP GED or ACLED events file: no latitude, longitude, date_start, best columns for "
     r"UCDP GED \(found: date, lat, lon, deaths\)"),
    ("acled_half.csv", "event_date,latitude,longitude\n04 May 2017,35,36\n",
     r"no fatalities column for ACLED \(found: event_date, latitude, longitude\)"),
    ("deaths.csv", "date_start,latitude,longitude,best\n2017-01-01,35,36,1\n2017-01-02,35,36,many\n",
     r"deaths\.csv: line 3, column best: is 'many' — deaths must be a whole number of 0 or more"),
    ("negative.csv", "date_start,latitude,longitude,best,low,high\n2017-01-01,35,36,1,-1,2\n",
     r"line 2, column low: is '-1'"),
    ("emptydeath.csv", "date_start,latitude,longitude,best\n2017-01-01,35,36,\n", r"line 2, column best: is empty"),
    ("latin1.csv", "date_start,latitude,longitude,best,where_coordinates\n2017-01-01,35,36,1,ok\n"
                   "2017-01-02,35,36,1,Alep\xe9\n",
     r"latin1\.csv: not UTF-8 text \(line 3, byte 98\)"),
    ("latin1_header.csv", "date_start,latitude,longitude,best,lieu\xe9\n", r"not UTF-8 text \(line 1, byte 39\)"),
    ("empty.csv", "", r"empty\.csv: file is empty"),
    ("header.csv", "date_start,latitude,longitude,best\n", r"header\.csv: no events — the file has a header but no rows"),
    ("alldates.csv", "date_start,latitude,longitude,best\n05/04/2017,35,36,1\n",
     r"alldates\.csv: no readable date in column date_start \(first: line 2: '05/04/2017'\)"),
    ("ragged.csv", "date_start,latitude,longitude,best\n2017-01-01,35,36,1,9\n", r"ragged\.csv: not a readable CSV"),
    ("binary.csv", "PK\x03\x04\x00\x00", r"binary\.csv: holds NUL bytes"),
])
def test_bad_files_get_one_line_errors(tmp_path, bundled_areas, outline, name, content, message):
    path = tmp_path / name
    path.write_bytes(content.encode("latin-1"))
    with pytest.raises(InputError, match=message) as caught:
        ev.count_events(path, _one_area(bundled_areas), outline)
    assert "\n" not in str(caught.value) and str(path) in str(caught.value)


def test_a_non_utf8_byte_is_found_in_a_later_block(tmp_path, bundled_areas, outline):
    rows = "".join(f"2017-01-{1 + i % 28:02d},{DOUMA[0]},{DOUMA[1]},1,place {i}\n" for i in range(5000))
    path = tmp_path / "late.csv"
    path.write_bytes(b"date_start,latitude,longitude,best,where_coordinates\n" + rows.encode()
                     + b"2017-02-01,35,36,1,\xff\n")
    with pytest.raises(InputError, match=r"late\.csv: not UTF-8 text \(line 5002, byte \d+\)"):
        ev.count_events(path, _one_area(bundled_areas), outline, block_bytes=16 << 10)


def test_files_over_the_budget_missing_or_folders_are_refused(tmp_path, ucdp_csv, bundled_areas, outline):
    with pytest.raises(InputError, match=r"ged\.csv: [\d,]+ bytes, over the limit of 1,000 for an events file"):
        ev.count_events(ucdp_csv, _one_area(bundled_areas), outline, max_bytes=1000)
    with pytest.raises(InputError, match="nothere.csv: file not found"):
        ev.count_events(tmp_path / "nothere.csv", _one_area(bundled_areas), outline)
    with pytest.raises(InputError, match="is a folder"):
        ev.count_events(tmp_path, _one_area(bundled_areas), outline)
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match=r"broken\.parquet: not a readable Parquet file"):
        ev.count_events(broken, _one_area(bundled_areas), outline)


def test_unknown_zone_and_bad_options_are_one_line_errors(two_periods, outline):
    counts = ev.count_events(None, two_periods, outline)
    with pytest.raises(InputError, match="no area 'idlib' among the areas counted — expected one of a, b"):
        counts.by_month(["idlib"])
    with pytest.raises(InputError, match="by is 'week'"):
        ev.summarise(None, two_periods, outline, by="week")
    with pytest.raises(InputError, match="date range 2018-01-01 to 2017-01-01 ends before it begins"):
        ev.count_events(None, two_periods, outline, date_range=("2018-01-01", "2017-01-01"))


def test_event_points_for_a_map_layer():
    points = ev.event_points(date_range=("2017-05-04", "2017-09-14"))
    assert list(points.columns) == ["date", "latitude", "longitude", "precision", "best", "low", "high"]
    assert points["date"].min() >= pd.Timestamp("2017-05-04") and points["date"].max() <= pd.Timestamp("2017-09-14")
    assert (points["precision"] <= 2).all()


def test_header_lines_carry_the_caveat(two_periods, outline):
    lines = ev.summarise(None, two_periods, outline).header_lines()
    assert all(line.startswith("# ") and len(line) <= 160 for line in lines)
    text = " ".join(line[2:] for line in lines)
    for words in ("reporting", "inactive dyads", "centroid", "101 events", "estimates"):
        assert words in text


# --- the bundled file ------------------------------------------------------------------------------------------

def test_the_bundled_events_are_compact_and_complete():
    path = ev.bundled_events()
    assert path.stat().st_size < 1_000_000
    table = pq.read_table(path)
    assert table.num_rows == 16_566
    assert table.column_names == ["id", "date_start", "date_end", "latitude", "longitude", "where_prec",
                                  "type_of_violence", "best", "low", "high", "side_a", "side_b", "adm_1",
                                  "where_coordinates"]
    assert pa.types.is_dictionary(table.schema.field("side_a").type)
    dates = table.column("date_start").to_pandas()
    assert (dates.min(), dates.max()) == (date(2016, 1, 1), date(2019, 11, 30))
    assert b"Sundberg" in table.schema.metadata[b"citation"]
    assert timedelta(0) <= (table.column("date_end").to_pandas() - dates).min()


def test_a_key_date_on_the_first_day_names_the_first_period(two_periods, outline):
    counts = ev.count_events(None, two_periods, outline, date_range=("2017-05-04", None))
    table = counts.by_period([("2017-05-04", "memorandum"), ("2017-09-15", "statement")], zones=["b"])
    assert list(table.loc[table["zone_id"] == "b", "period"]) == ["memorandum → statement", "after statement"]


def test_quoted_line_breaks_survive_the_cut_between_blocks(tmp_path, bundled_areas, outline):
    note = '"shelling\nof the market,\n""several"" dead"'
    rows = "".join(f"SYR{i},04 May 2017,{DOUMA[0]},{DOUMA[1]},1,{i % 3},{note}\n" for i in range(400))
    src = write(tmp_path / "acled_notes.csv", "event_id_cnty,event_date,latitude,longitude,geo_precision,"
                                              "fatalities,notes\n" + rows)
    assert src.stat().st_size > 5 * 4096
    counts = ev.count_events(src, _one_area(bundled_areas), outline, block_bytes=4096)
    assert counts.rows == counts.kept == 400
    table = counts.by_month(["eastern_ghouta"]).set_index(["zone_id", "month"])
    assert table.loc[("eastern_ghouta", "2017-05"), "deaths_best"] == sum(i % 3 for i in range(400))


def test_validity_as_timestamps_counts_the_same(two_periods, outline):
    timed = two_periods.assign(valid_from=pd.to_datetime(two_periods["valid_from"]),
                               valid_to=pd.to_datetime(two_periods["valid_to"].replace("", None)))
    np.testing.assert_array_equal(ev.count_events(None, timed, outline).sums,
                                  ev.count_events(None, two_periods, outline).sums)
