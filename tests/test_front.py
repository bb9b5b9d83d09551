"""The front by the day (issue 19), the engine: dated captures read and checked, localities matched to the
labelled points, the tracks of each point, fallbacks, and the dated states drawn from them.

A small world is made here: a grid of labelled points around Khan Shaykhun (the opposition holds the middle
of it, the government the rim) and a few capture rows written to a temporary folder in the format of
``zones/draw/captures/``. The expected sides come from the rows written, never from the code under test.
The bundled states are checked in ``tests/test_front_bundled.py``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from shapely.geometry import Point, shape

from zones.draw import areas, build, captures, front

ZONES = Path(__file__).resolve().parents[1] / "zones"
OFFENSIVES = ["id,name,start,end,window_start,window_end,area,sources",
              "idlib_2019,Test offensive of 2019,2019-04-30,2019-08-31,2019-04-26,2019-08-31,idlib,a test"]


def _country():
    doc = json.loads((ZONES / "syria.geojson").read_text(encoding="utf-8"))["features"]
    syria = next(shape(f["geometry"]) for f in doc if f["properties"]["kind"] == "country")
    golan = next(shape(f["geometry"]) for f in doc if f["properties"]["id"] == "golan_occupied")
    return syria, golan


SYRIA, GOLAN = _country()
LAND = shapely.difference(SYRIA, GOLAN)


def row(name, lat, lon, day, from_side="opposition", to_side="government", **extra) -> dict:
    base = {"name": name, "name_ar": "", "lat": f"{lat}", "lon": f"{lon}", "coord_source": "hand: test grid",
            "date": day, "date_other": "", "from_side": from_side, "to_side": to_side, "area": "idlib",
            "offensive": "idlib_2019", "source": "a test report, 1 May 2019", "confidence": "medium", "note": ""}
    base.update(extra)
    return base


def folder(tmp_path: Path, rows: list[dict], name: str = "idlib_2019.csv", header=captures.COLUMNS) -> Path:
    out = tmp_path / "captures"
    out.mkdir(exist_ok=True)
    (out / "offensives.csv").write_text("\n".join(OFFENSIVES) + "\n", encoding="utf-8")
    with (out / name).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return out


def read(tmp_path, rows, **kw) -> captures.Captures:
    return captures.read(SYRIA, GOLAN, folder(tmp_path, rows, **kw))


def refused(tmp_path, rows, **kw) -> str:
    with pytest.raises(SystemExit) as caught:
        read(tmp_path, rows, **kw)
    return str(caught.value)


# --- the checks of every row -------------------------------------------------------------------------------


def test_a_good_row_is_read_with_its_locality(tmp_path):
    got = read(tmp_path, [row("Kafr Nabudah", 35.4318, 36.4935, "2019-05-08")])
    (only,) = got.rows
    assert (only.name, only.date, only.to_side, only.locality) == ("Kafr Nabudah", "2019-05-08", "government",
                                                                    "kafr-nabudah")
    assert got.files == ["idlib_2019.csv"]


def test_only_the_offensives_table_is_enough(tmp_path):
    out = tmp_path / "captures"
    out.mkdir()
    (out / "offensives.csv").write_text("\n".join(OFFENSIVES) + "\n", encoding="utf-8")
    got = captures.read(SYRIA, GOLAN, out)
    assert (got.rows, got.files) == ([], [])


@pytest.mark.parametrize("change,expected", [
    ({"date": "2019-09-03"}, "date 2019-09-03 is outside the window of idlib_2019 (2019-04-26 to 2019-08-31)"),
    ({"date": "2019-02-30"}, "date '2019-02-30' is not a date YYYY-MM-DD"),
    ({"date": "3 May 2019"}, "date '3 May 2019' is not a date YYYY-MM-DD"),
    ({"source": ""}, "no source: every row names the report(s) that date it"),
    ({"to_side": "HTS"}, "to_side 'HTS' is none of government, opposition, ISIL, SDF/YPG"),
    ({"to_side": "opposition"}, "from_side and to_side are both opposition"),
    ({"lat": "35.431812"}, "lat 35.431812 has 6 decimals (at most 5)"),
    ({"lat": "33.9", "lon": "35.5"}, "outside Syria"),  # Beirut
    ({"lat": "33.0", "lon": "35.75"}, "lies in the occupied Golan"),
    ({"lat": "north"}, "lat 'north' is not a number"),
    ({"confidence": "high"}, "a hand-placed locality can be of medium confidence at most"),
    ({"confidence": "sure"}, "confidence 'sure' is none of high, medium, low"),
    ({"coord_source": "somewhere"}, "coord_source 'somewhere' must start with one of: CP, GN, UCDP, hand:"),
    ({"area": "southern"}, "area 'southern': the rows of idlib_2019 move the edge of idlib"),
    ({"offensive": "idlib_2020"}, "offensive 'idlib_2020': the file holds the rows of idlib_2019"),
    ({"date_other": "2019-05-09"}, "date_other '2019-05-09' must be another date YYYY-MM-DD, or empty"),
    ({"date_other": "May 2019"}, "date_other 'May 2019' must be another date YYYY-MM-DD, or empty"),
])
def test_every_bad_value_is_named_with_its_file_line_and_place(tmp_path, change, expected):
    bad = {**row("Hish", 35.5479, 36.6436, "2019-05-09"), **change}
    message = refused(tmp_path, [row("Kafr Nabudah", 35.4318, 36.4935, "2019-05-08"), bad])
    assert "zones.draw: captures/idlib_2019.csv: line 3 (Hish): " in message and expected in message
    assert "line 2" not in message  # the good row is not blamed


def test_sides_must_alternate_at_each_locality(tmp_path):
    rows = [row("Kafr Nabudah", 35.4318, 36.4935, "2019-05-08"),
            row("Kafr Nabudah", 35.4318, 36.4935, "2019-05-26")]  # taken twice, never retaken
    message = refused(tmp_path, rows)
    assert ("line 3 (Kafr Nabudah): from_side opposition on 2019-05-26, but captures/idlib_2019.csv: line 2 left it "
            "to the government on 2019-05-08 — the sides must alternate") in message
    rows.insert(1, row("Kafr Nabudah", 35.4318, 36.4935, "2019-05-11", "government", "opposition"))
    assert len(read(tmp_path, rows).rows) == 3  # taken, retaken, taken again: fine


def test_two_places_of_one_name_far_apart_are_two_localities(tmp_path):
    got = read(tmp_path, [row("Tell Sukayk", 35.4137, 36.7899, "2019-05-08"),
                          row("Tell Sukayk", 35.6, 36.9, "2019-05-09")])  # 23 km apart
    assert sorted(r.locality for r in got.rows) == ["tell-sukayk", "tell-sukayk-2"]


def test_the_columns_are_the_shared_format(tmp_path):
    message = refused(tmp_path, [row("Hish", 35.5479, 36.6436, "2019-05-09")], header=captures.COLUMNS[:-1])
    assert "captures/idlib_2019.csv: columns must be, in this order: name, name_ar, lat, lon" in message


def test_a_file_without_its_offensive_is_refused(tmp_path):
    message = refused(tmp_path, [row("Hish", 35.5479, 36.6436, "2019-05-09")], name="idlib_2021.csv")
    assert "captures/idlib_2021.csv: no offensive 'idlib_2021' in offensives.csv" in message


def test_the_bundled_table_is_sorted_and_written_whole(tmp_path, monkeypatch):
    rows = [row("Hish", 35.5479, 36.6436, "2019-05-09"), row("Kafr Nabudah", 35.4318, 36.4935, "2019-05-08")]
    got = read(tmp_path, rows)
    monkeypatch.setattr(captures, "BUNDLED", tmp_path / "captures.csv")
    monkeypatch.setattr(captures, "BUNDLED_OFFENSIVES", tmp_path / "offensives.csv")
    captures.write(got)
    with (tmp_path / "captures.csv").open(encoding="utf-8") as fh:
        table = list(csv.DictReader(fh))
    assert [(r["date"], r["name"]) for r in table] == [("2019-05-08", "Kafr Nabudah"), ("2019-05-09", "Hish")]
    assert tuple(table[0]) == captures.BUNDLED_COLUMNS and table[1]["source"] == "a test report, 1 May 2019"


# --- the small world: tracks, fallbacks, states ---------------------------------------------------------


def grid() -> list[areas.Labelled]:
    """Points every 0.05° around Khan Shaykhun: the opposition (Idlib area) inside, the government around."""
    out = []
    for lat in np.round(np.arange(35.20, 35.86, 0.05), 2):
        for lon in np.round(np.arange(36.30, 36.91, 0.05), 2):
            inside = 36.40 <= lon <= 36.80 and lat >= 35.35
            out.append(areas.Labelled(f"p{lat:.2f}_{lon:.2f}", float(lon), float(lat),
                                      "opposition" if inside else "government", "idlib" if inside else "", "control"))
    return out


WORLD_ROWS = [
    row("Alpha", 35.35, 36.60, "2019-05-09", coord_source="CP p35.35_36.60"),
    row("Bravo", 35.40, 36.60, "2019-05-20"),
    row("Bravo", 35.40, 36.60, "2019-05-25", "government", "opposition"),
    row("Bravo", 35.40, 36.60, "2019-06-10"),
    row("Charlie", 35.425, 36.625, "2019-06-01"),  # between the grid's points: added
]


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    found = captures.read(SYRIA, GOLAN, folder(tmp_path_factory.mktemp("world"), WORLD_ROWS))
    fr = front.build_front(grid(), found)
    return fr, front.draw_states(fr, LAND)


def _track(fr, name):
    return next(t for t in fr.tracks if t.point.name == name)


def _inside(states, day: str, lon: float, lat: float) -> bool:
    (state,) = [s for s in states["idlib"] if s.start <= day and (not s.end or day < s.end)]
    return state.geom.covers(Point(lon, lat))


def test_captures_match_the_points_they_name_or_are_added(world):
    fr, _ = world
    assert _track(fr, "p35.35_36.60").locality == "alpha"  # CP <name>
    assert _track(fr, "p35.40_36.60").locality == "bravo"  # the labelled point within 0.75 km
    charlie = _track(fr, "Charlie")
    assert (charlie.point.origin, charlie.point.status, charlie.point.area) == ("capture", "opposition", "idlib")
    assert len(fr.added) == 1 and len(fr.matched) == 2


def test_a_point_has_its_side_of_each_day(world):
    fr, _ = world
    bravo = _track(fr, "p35.40_36.60")
    sides = {day: bravo.on(day).status for day in ("2019-05-19", "2019-05-20", "2019-05-24", "2019-05-25",
                                                    "2019-06-09", "2019-06-10")}
    assert sides == {"2019-05-19": "opposition", "2019-05-20": "government", "2019-05-24": "government",
                     "2019-05-25": "opposition", "2019-06-09": "opposition", "2019-06-10": "government"}
    assert bravo.on("2019-05-25").area == "idlib" and bravo.on("2019-06-10").area == ""


def test_a_town_leaves_the_area_on_the_day_it_is_taken_and_returns_when_retaken(world):
    _, states = world
    assert _inside(states, "2019-05-08", 36.60, 35.35) and not _inside(states, "2019-05-09", 36.60, 35.35)
    bravo = [_inside(states, d, 36.60, 35.40) for d in ("2019-05-19", "2019-05-20", "2019-05-25", "2019-06-10")]
    assert bravo == [True, False, True, False]
    assert _inside(states, "2019-05-31", 36.625, 35.425) and not _inside(states, "2019-06-01", 36.625, 35.425)
    assert _inside(states, "2019-08-30", 36.60, 35.70)  # far from every capture: held throughout


def test_points_in_the_land_an_offensive_took_without_a_row_fall_on_its_ceasefire(world):
    fr, states = world
    ring = shapely.geometry.Polygon(next(x for x in front.data.LOSSES if x["id"] == "khan_shaykhun_2019")["ring"])
    expected = {p.name for p in grid() if p.area == "idlib" and ring.contains(Point(p.lon, p.lat))} - {
        "p35.35_36.60", "p35.40_36.60"}  # these two have rows of the offensive
    fallen = {t.point.name for t in fr.tracks if any(c.capture is None and c.day == "2019-08-31" for c in t.changes)}
    assert fallen == expected and expected
    assert sum("→ 2019-08-31" in line for line in fr.fallbacks) == len(expected)
    south_west = next(p for p in grid() if p.name in expected)
    assert _inside(states, "2019-08-30", south_west.lon, south_west.lat)
    assert not _inside(states, "2019-08-31", south_west.lon, south_west.lat)


def test_one_state_per_day_on_which_the_shape_changed(world):
    fr, states = world
    runs = states["idlib"]
    change_days = {c.day for t in fr.tracks for c in t.changes}
    assert runs[0].start == front.START and {s.start for s in runs[1:]} <= change_days
    assert all(a.end == b.start for a, b in zip(runs, runs[1:])) and runs[-1].end == ""
    assert all(not a.geom.equals(b.geom) for a, b in zip(runs, runs[1:]))


def test_taking_a_village_does_not_grow_the_area_elsewhere(world):
    fr, states = world
    runs = states["idlib"]
    for before, after in zip(runs, runs[1:]):
        if all(c.status != "opposition" for _, c in after.changes):
            grown = build.area_km2(shapely.difference(after.geom, before.geom))
            assert grown < 1.0, (after.start, grown)


def test_a_state_is_the_days_drawing_within_the_state_before(world, monkeypatch):
    """Whatever the drawing does far from a change (here: a drawing that grows 5 km east for every point lost),
    a state never grows on a day of losses, and a retaken town brings back only the land around it."""
    fr, _ = world
    first = None

    def drawing(tess, labels, area, edits=None):
        nonlocal first
        if area != "idlib":
            return shapely.Polygon()
        mine = tess.keys[labels == "idlib"]
        lost = int(first - len(mine)) if first is not None else 0
        first = len(mine) if first is None else first
        x0, y0 = mine.min(axis=0)
        x1, y1 = mine.max(axis=0)
        return shapely.box(x0, y0, x1 + 5000.0 * max(lost, 0), y1)

    monkeypatch.setattr(front.areas, "draw_area", drawing)
    runs = front.draw_states(fr, LAND)["idlib"]
    east = runs[0].geom.bounds[2]
    assert len(runs) > 2 and all(s.geom.bounds[2] <= east + 1e-9 for s in runs)
    back = next(s for s in runs if any(c.status == "opposition" for _, c in s.changes))  # Bravo, 25 May 2019
    assert back.geom.covers(Point(36.60, 35.40))


# --- the build, byte for byte ------------------------------------------------------------------------


DRAW_ELSEWHERE = """
import csv, sys
from pathlib import Path
from zones.draw import build, sources
from zones.draw.__main__ import draw_areas
with open(sys.argv[1], encoding="utf-8") as fh:
    control = [sources.ControlPoint(r["name"], float(r["lat"]), float(r["lon"]), r["status"], "", "",
                                    r["nearest_area"], r["note"]) for r in csv.DictReader(fh)]
syria, golan, govs = build.read_boundaries()
*_, features = draw_areas(control, syria, golan, govs)
build.write_parquet(Path(sys.argv[2]), features)
"""


def test_the_bundled_areas_are_what_the_build_draws(tmp_path):
    """``python -m zones.draw`` draws zones/areas.parquet from the control points, the captures and the outline;
    drawn again from the test copy of the control points and the bundled outline, in a fresh interpreter with
    another hash seed (set and dict orders: what a rerun in this process would hide), the bytes are the same."""
    import os
    import subprocess
    import sys

    from tests.hostile import CEILING

    root = Path(__file__).resolve().parents[1]
    target = tmp_path / "areas.parquet"
    done = subprocess.run([sys.executable, "-c", DRAW_ELSEWHERE, str(Path(__file__).parent / "data" /
                           "control_points_2017-07.csv"), str(target)], cwd=root, capture_output=True, text=True,
                          timeout=CEILING, env={**os.environ, "PYTHONPATH": str(root), "PYTHONHASHSEED": "12345"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert target.read_bytes() == (ZONES / "areas.parquet").read_bytes()


def test_the_bundled_capture_tables_are_what_the_build_writes(tmp_path, monkeypatch):
    syria, golan, _ = build.read_boundaries()
    found = captures.read(syria, golan)
    monkeypatch.setattr(captures, "BUNDLED", tmp_path / "captures.csv")
    monkeypatch.setattr(captures, "BUNDLED_OFFENSIVES", tmp_path / "offensives.csv")
    captures.write(found)
    for name in ("captures.csv", "offensives.csv"):
        assert (tmp_path / name).read_bytes() == (ZONES / name).read_bytes(), name
