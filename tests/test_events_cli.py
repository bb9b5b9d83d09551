"""``zonemap events`` as a user runs it, and the chart and before/after table of geo.draw.chart.

The command's CSV must be the analysis's table (EventCounts.by_month / by_period over the atlas's areas, with
the atlas's agreements as key dates), under ``#`` lines that say what the numbers cannot tell, which columns
were read, what was left out and why, and whom to cite.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import struct
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from geo.cli import main
from geo.draw import chart
from geo.model import events as ev
from tests.facts import GHOUTA_END

AREA = "eastern_ghouta"
ROOT = Path(__file__).resolve().parents[1]


pytestmark = pytest.mark.usefixtures("one_load_per_set_of_files")


@pytest.fixture(scope="module")
def atlas(one_load_per_set_of_files):
    from geo.model import atlas as atlas_module

    return atlas_module.load_atlas(atlas_module.Sources())


@pytest.fixture(scope="module")
def counts(atlas):
    """The bundled events counted once, by the analysis itself, with the command's defaults."""
    return ev.count_events(None, atlas.areas, atlas.outline, kinds=atlas.schema.area_kinds)


@pytest.fixture(scope="module")
def key_dates(atlas):
    from geo.model.agreements import milestones  # the agreements that made and remade the areas cut the periods

    return ev.default_key_dates(atlas.areas, milestones(atlas.agreements), kinds=atlas.schema.area_kinds,
                                names=atlas.names, events=atlas.offensive_dates)


@pytest.fixture(scope="module")
def titles(atlas):
    return {a.id: a.short_title for a in atlas.agreements}


def run_events(*argv: str) -> tuple[int, str, str]:
    """Run ``zonemap events ARGV`` in-process (also from module fixtures, where capsys is not at hand): (exit
    status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["events", *argv])
    return code, out.getvalue(), err.getvalue()


def csv_parts(text: str) -> tuple[list[str], pd.DataFrame]:
    """The ``#`` comment lines (without "# ") and the table under them."""
    lines = text.splitlines(keepends=True)
    comments = [line[2:].rstrip("\n") for line in lines if line.startswith("#")]
    body = "".join(line for line in lines if not line.startswith("#"))
    table = pd.read_csv(io.StringIO(body), dtype={"month": str, "period_start": str, "period_end": str},
                        keep_default_na=False)
    return comments, table


@pytest.fixture(scope="module")
def by_period_csv() -> tuple[list[str], pd.DataFrame]:
    code, out, err = run_events("--by", "period", "--format", "csv")
    assert (code, err) == (0, ""), err
    return csv_parts(out)


@pytest.fixture(scope="module")
def ghouta_periods() -> pd.DataFrame:
    code, out, err = run_events("--zone", AREA, "--by", "period", "--format", "csv")
    assert (code, err) == (0, ""), err
    return csv_parts(out)[1]


def same(table: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(table.reset_index(drop=True), expected.reset_index(drop=True), check_dtype=False)


# --- the numbers ---------------------------------------------------------------------------------------------


def test_the_csv_is_the_analysis_by_period(by_period_csv, counts, key_dates):
    _, table = by_period_csv
    assert list(table.columns) == ["zone_id", "period", "period_start", "period_end", "events", "deaths_best",
                                   "deaths_low", "deaths_high", "deaths_per_30_days"]
    same(table, counts.by_period(key_dates))
    zones = list(dict.fromkeys(table["zone_id"]))
    assert zones[-1] == "rest_of_syria" and f"{AREA}_ring" in zones and "idlib_dmz" not in zones


def test_the_csv_is_the_analysis_by_month(counts):
    code, out, err = run_events("--format", "csv")
    assert (code, err) == (0, "")
    table = csv_parts(out)[1]
    assert list(table.columns) == ["zone_id", "month", "events", "deaths_best", "deaths_low", "deaths_high",
                                   "deaths_per_30_days"]
    same(table, counts.by_month())


def test_the_agreements_and_the_offensives_come_from_the_atlas(by_period_csv, titles):
    periods = set(by_period_csv[1]["period"])
    with (ROOT / "zones" / "offensives.csv").open(encoding="utf-8") as fh:
        offensive = {r["id"]: r["name"] for r in csv.DictReader(fh)}["idlib_2019"]
    assert f"{titles['sochi-2018']} → {offensive} begins" in periods
    assert not any(p.split(" → ")[0] in ("memorandum", "statement", "Sochi") for p in periods)


def test_header_lines_hold_the_caveat_what_was_read_and_left_out_and_the_citation(by_period_csv, counts):
    comments, _ = by_period_csv
    assert comments and all(len(line) <= 98 for line in comments)
    text = " ".join(comments)
    assert ev.CAVEAT in text  # wrapped, word for word
    assert counts.note in text  # the columns used
    left = counts.left_out
    assert f"events: {counts.kept:,} of {counts.rows:,} counted; left out: precision {left['precision']:,}, " \
           f"outside Syria {left['outside Syria']:,}" in text
    assert left["precision"] == 1_770
    assert f"left out for precision: {ev.WHY['precision']}" in text  # and why
    assert "where_prec <= 2 kept" in text
    assert "Sundberg" in text and "652.1601.1911" in text  # the bundled release, cited


def test_precision_1_keeps_fewer_events(counts):
    code, out, err = run_events("--precision", "1", "--format", "csv")
    assert (code, err) == (0, "")
    comments, table = csv_parts(out)
    prec = pq.read_table(ev.bundled_events(), columns=["where_prec"]).column("where_prec").to_numpy()
    text = " ".join(comments)
    assert f"left out: precision {int((prec > 1).sum()):,}" in text and "where_prec <= 1 kept" in text
    kept = int(re.search(r"events: ([\d,]+) of", text).group(1).replace(",", ""))
    assert kept < counts.kept
    for zone, rows in table.groupby("zone_id"):  # and fewer in every area, ring and the rest of Syria
        assert rows["events"].sum() <= counts.by_month([zone.removesuffix("_ring")] if zone != "rest_of_syria"
                                                       else None).query("zone_id == @zone")["events"].sum()
    code, out, _ = run_events("--precision", "all", "--format", "csv")
    assert code == 0 and "precision: every event" in out


def test_a_date_range_clips_the_months(counts):
    code, out, err = run_events("--date-range", "2017-01-01,2018-12-31", "--format", "csv")
    assert (code, err) == (0, "")
    comments, table = csv_parts(out)
    assert "dates: 2017-01-01 to 2018-12-31" in " ".join(comments)
    for _, rows in table.groupby("zone_id"):
        assert list(rows["month"]) == [f"{y}-{m:02d}" for y in (2017, 2018) for m in range(1, 13)]
    whole = counts.by_month().set_index(["zone_id", "month"])
    clipped = table.set_index(["zone_id", "month"])
    same(clipped, whole.loc[clipped.index])  # whole months inside the range: the same numbers
    code, out, _ = run_events("--date-range", "2018-01-15,", "--format", "csv")
    assert code == 0 and "dates: 2018-01-15 to 2019-11-30" in out


def test_eastern_ghouta_by_period_and_the_issues_finding(ghouta_periods, titles, counts, key_dates):
    table = ghouta_periods
    memo, statement = titles["memorandum-2017"], titles["statement-2017"]
    assert list(dict.fromkeys(table["zone_id"])) == [AREA, f"{AREA}_ring", "rest_of_syria"]
    area = table[table["zone_id"] == AREA].set_index("period")
    name = "Eastern Ghouta"
    with (ROOT / "zones" / "offensives.csv").open(encoding="utf-8") as fh:
        offensive = next(r for r in csv.DictReader(fh) if r["area"] == AREA)
    began = f"{offensive['name']} begins"  # 18 Feb 2018
    assert list(area.index) == [f"before {memo}", f"{memo} → {statement}", f"{statement} → {began}",
                                f"{began} → {name} ends", f"after {name} ends"]
    assert list(area["period_start"]) == ["2016-01-01", "2017-05-04", "2017-09-15", "2018-02-18",
                                          GHOUTA_END.isoformat()]
    for zone in (f"{AREA}_ring", "rest_of_syria"):  # the same periods for the comparisons
        assert list(table.loc[table["zone_id"] == zone, "period"]) == list(area.index)
    rate = area["deaths_per_30_days"]
    assert rate[f"{began} → {name} ends"] > 3 * rate[f"before {memo}"]  # the offensive
    assert rate[f"{statement} → {began}"] > rate[f"before {memo}"]  # more than before, already before it
    assert rate[f"{memo} → {statement}"] < rate[f"before {memo}"]  # ~85: fewer, for four months
    same(table, counts.by_period(key_dates, zones=[AREA]))


def test_json_keeps_numbers_as_numbers(counts):
    code, out, err = run_events("--zone", AREA, "--by", "period", "--format", "json")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert set(data) == {"caveat", "notes", "rows"} and data["caveat"] == ev.CAVEAT
    assert counts.note in data["notes"]
    row = data["rows"][0]
    assert set(row) == {"zone_id", "period", "period_start", "period_end", "events", "deaths_best", "deaths_low",
                        "deaths_high", "deaths_per_30_days"}
    for key in ("events", "deaths_best", "deaths_low", "deaths_high"):
        assert type(row[key]) is int
    assert type(row["deaths_per_30_days"]) is float


def test_the_table_fits_the_terminal_and_ends_with_the_caveat(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = run_events("--zone", AREA, "--by", "period")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0].startswith(f"{AREA}: Eastern Ghouta")
    tail = " ".join(out.split("\n\n")[-1].split())
    assert tail.startswith(" ".join(ev.CAVEAT.split()))


def test_a_wider_ring(counts):
    code, out, _ = run_events("--zone", AREA, "--ring-km", "5", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert any("rings: 5 km" in n for n in data["notes"])
    ring_5 = sum(r["events"] for r in data["rows"] if r["zone_id"] == f"{AREA}_ring")
    ring_10 = int(counts.by_month([AREA]).query("zone_id == @AREA + '_ring'")["events"].sum())
    assert 0 < ring_5 < ring_10


# --- a user's events file ---------------------------------------------------------------------------------


def test_own_events_are_named_and_not_cited_as_ucdp(tmp_path):
    src = tmp_path / "acled.csv"
    src.write_text("event_date,latitude,longitude,fatalities,geo_precision\n"
                   "04 May 2017,33.5717,36.4022,3,1\n20 September 2017,33.5717,36.4022,5,2\n01 January 2018,33.5717,36.4022,2,3\n",
                   encoding="utf-8")
    code, out, err = run_events("--events", str(src), "--zone", AREA, "--by", "period", "--format", "csv")
    assert (code, err) == (0, "")
    comments, table = csv_parts(out)
    text = " ".join(comments)
    assert "ACLED columns used: event_date (date)" in text and f"events file: {src}" in text
    assert "Sundberg" not in text and "left out: precision 1" in text
    assert table.loc[table["zone_id"] == AREA, "deaths_best"].sum() == 8


def test_comment_lines_cannot_start_a_formula_in_a_spreadsheet(tmp_path):
    src = tmp_path / "ged.csv"
    src.write_text('date_start,latitude,longitude,best\n"2017-13-01,=HYPERLINK(""http://x"")",33.57,36.40,1\n'
                   "2017-05-04,33.57,36.40,2\n", encoding="utf-8")
    code, out, err = run_events("--events", str(src), "--format", "csv")
    assert (code, err) == (0, "")
    comments = [line for line in out.splitlines() if line.startswith("#")]
    assert any("first bad date" in line for line in comments)
    for line in comments:
        assert '"' not in line
        assert not any(piece.lstrip().startswith(("=", "+", "-", "@")) for piece in line.split(",")[1:]), line
    code, out, _ = run_events("--events", str(src), "--format", "csv", "--raw-csv")
    assert code == 0 and any(",=HYPERLINK" in line for line in out.splitlines() if line.startswith("#"))


@pytest.mark.parametrize("content, words", [
    ("a,b\n1,2\n", "not a UCDP GED or ACLED events file"),
    ("date_start,latitude,longitude,best\n2017-05-04,33.5,36.4,many\n", "line 2, column best"),
    ("", "file is empty"),
    (None, "file not found"),
])
def test_a_bad_events_file_is_one_error_line(tmp_path, content, words):
    src = tmp_path / "events.csv"
    if content is not None:
        src.write_text(content, encoding="utf-8")
    code, out, err = run_events("--events", str(src), "--format", "csv")
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith(f"error: {src}: ") and words in err


def test_zones_that_are_not_counted(atlas):
    code, out, err = run_events("--zone", "nowhere")
    assert code == 1 and out == "" and err.startswith("error: unknown area 'nowhere'") and AREA in err
    code, _, err = run_events("--zone", "idlib_dmz")
    assert code == 1 and "demilitarized zone" in err and len(err.splitlines()) == 1
    code, _, err = run_events("--date-range", "2018")
    assert code == 1 and "FROM,TO" in err
    code, _, err = run_events("--date-range", "2018-12-31,2018-01-01")
    assert code == 1 and "ends before it begins" in err
    with pytest.raises(SystemExit) as bad_usage, contextlib.redirect_stderr(io.StringIO()):
        main(["events", "--precision", "0"])
    assert bad_usage.value.code == 2


# --- chart and before/after table --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def drawn(atlas, counts, key_dates) -> dict[str, bytes]:
    months = counts.by_month([AREA])
    return {fmt: chart.deaths_chart(months, atlas.names[AREA], key_dates[AREA], ev.CAVEAT, fmt, 900, 560,
                                    ring_km=counts.ring_km)
            for fmt in ("png", "svg")}


def test_the_chart_renders_as_png(drawn):
    png = drawn["png"]
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", png[16:24]) == (900, 560)


def test_the_svg_holds_its_words_as_text(drawn, atlas, titles):
    svg = drawn["svg"].decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg
    assert "Deaths per month in Eastern Ghouta (UCDP GED, where_prec ≤ 2)" in svg
    for agreement in ("memorandum-2017", "statement-2017"):  # the agreements in the area's life
        assert f">{titles[agreement]}<" in svg
    assert "Eastern Ghouta ends" in svg
    assert " ".join(ev.CAVEAT.split()[:6]) in svg  # "What these counts cannot tell. They"
    assert "rest of Syria" in svg and "ring up to 10 km" in svg


def test_the_chart_refuses_what_it_cannot_draw(counts, key_dates):
    with pytest.raises(ev.InputError, match="expected png or svg"):
        chart.deaths_chart(counts.by_month([AREA]), "x", [], "", "gif", 800, 500)
    with pytest.raises(ev.InputError, match="give area_id"):
        chart.deaths_chart(counts.by_month(), "x", [], "", "png", 800, 500)
    png = chart.deaths_chart(counts.by_month(), "Idlib", key_dates, "", "png", 800, 500, area_id="idlib")
    assert png.startswith(b"\x89PNG")


def test_rates_table_is_the_by_period_rows(counts, key_dates):
    rates = chart.rates_table(counts, AREA, key_dates)
    periods = counts.by_period(key_dates, zones=[AREA])
    assert len(rates) == 5  # before, memorandum, statement, the offensive, after the end
    for prefix, zone in (("area", AREA), ("ring", f"{AREA}_ring"), ("rest", "rest_of_syria")):
        rows = periods[periods["zone_id"] == zone].reset_index(drop=True)
        assert list(rates["period"]) == list(rows["period"])
        assert list(rates[f"{prefix}_events"]) == list(rows["events"])
        assert list(rates[f"{prefix}_deaths_best"]) == list(rows["deaths_best"])
        assert list(rates[f"{prefix}_per_30_days"]) == list(rows["deaths_per_30_days"])
    area = periods[periods["zone_id"] == AREA].reset_index(drop=True)
    assert list(rates["area_deaths_low"]) == list(area["deaths_low"])
    assert list(rates["area_deaths_high"]) == list(area["deaths_high"])
    days = [(date.fromisoformat(e) - date.fromisoformat(s)).days
            for s, e in zip(rates["period_start"], rates["period_end"], strict=True)]
    assert list(rates["days"]) == days
