"""The bundled front by the day (zones/areas.parquet, zones/captures.csv): towns on both sides of the edge on
days inside each offensive, and the capture table itself.

The expected sides come from published capture dates (the Wikipedia articles on each offensive and the press
the research notes cite, zones/draw/captures/CHECK.md), never from the code: a town is inside its area a few
days before the day it was taken and outside a few days after. Every check goes through ``zonemap locate
--dates``, run once for this module, as a user would run it. Coordinates: GeoNames, or UCDP's place (Khan Tuman,
Mesraba) or the control point (al-Habit, "Al-Hobait") where GeoNames lacks the town.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from geo.cli import main

ZONES = Path(__file__).resolve().parents[1] / "zones"

# name: (lat, lon, area, [(day, inside?)…]); the dates in the comments are the published ones.
TOWNS = {
    # Abu al-Duhur campaign, 22 Oct 2017 – 9 Feb 2018
    "Sinjar": (35.5901, 37.0047, "idlib", [("2018-01-03", True), ("2018-01-12", False)]),  # 7 Jan 2018
    "Abu al-Duhur": (35.7406, 37.0448, "idlib", [("2018-01-12", True), ("2018-02-05", False)]),  # held 29 Jan 2018
    "Saraqib": (35.8645, 36.8059, "idlib", [("2018-01-12", True), ("2020-02-02", True), ("2020-02-13", False),
                                            ("2020-02-29", True), ("2020-03-09", False)]),  # 6 Feb, 27 Feb, 2 Mar 2020
    # Eastern Ghouta, 18 Feb – 14 Apr 2018
    "Mesraba": (33.5517, 36.3958, "eastern_ghouta", [("2018-03-05", True), ("2018-03-20", False)]),  # 10 Mar 2018
    "Harasta": (33.5587, 36.3652, "eastern_ghouta", [("2018-03-19", True), ("2018-03-30", False)]),  # 23 Mar 2018
    "Douma": (33.5718, 36.4027, "eastern_ghouta", [("2018-03-30", True), ("2018-04-21", False)]),  # 14 Apr 2018 (flag 12 Apr)
    "Damascus": (33.5102, 36.2913, "eastern_ghouta", [("2018-03-05", False)]),
    # Northern Homs, handed over 15–16 May 2018
    "Rastan": (34.9267, 36.7324, "northern_homs", [("2018-05-10", True), ("2018-05-20", False)]),
    "Homs": (34.7240, 36.7256, "northern_homs", [("2018-05-10", False)]),
    # The south, 18 Jun – 31 Jul 2018
    "al-Harak": (32.7493, 36.3099, "southern", [("2018-06-20", True), ("2018-07-05", False)]),  # 28 Jun 2018
    "Daraa al-Balad": (32.6080, 36.1080, "southern", [("2018-07-05", True), ("2018-07-19", False)]),  # 12 Jul 2018
    "Nawa": (32.8904, 36.0399, "southern", [("2018-07-05", True), ("2018-07-14", True), ("2018-07-25", False)]),  # 18 Jul
    # 30 Apr – 31 Aug 2019
    "Qal'at al-Madiq": (35.4147, 36.3909, "idlib", [("2019-05-05", True), ("2019-05-16", False)]),  # 9 May 2019
    "Kafr Nabudah": (35.4318, 36.4935, "idlib", [("2019-05-04", True), ("2019-05-15", False),  # 8 May 2019
                                                 ("2019-05-24", True), ("2019-06-02", False)]),  # 21–22 May, 26 May
    "Khan Shaykhun": (35.4421, 36.6510, "idlib", [("2019-08-17", True), ("2019-08-28", False)]),  # 21 Aug 2019
    "al-Habit": (35.438, 36.5385, "idlib", [("2019-08-07", True), ("2019-08-18", False)]),  # 11 Aug 2019
    # 19 Dec 2019 – 5 Mar 2020
    "Maarat al-Numan": (35.6483, 36.6769, "idlib", [("2019-08-28", True), ("2020-01-24", True),
                                                     ("2020-02-04", False)]),  # 28 Jan 2020
    "Khan Tuman": (36.1170, 37.0510, "idlib", [("2020-01-25", True), ("2020-02-05", False)]),  # 29 Jan 2020
    "Idlib": (35.9306, 36.6339, "idlib", [("2019-12-01", True), ("2020-03-09", True)]),
    "Hama": (35.1318, 36.7578, "idlib", [("2019-06-01", False)]),
}
DAYS = sorted({day for *_, checks in TOWNS.values() for day, _ in checks})


@pytest.fixture(scope="module")
def located(tmp_path_factory) -> dict[str, dict]:
    folder = tmp_path_factory.mktemp("front")
    src, dst = folder / "towns.csv", folder / "located.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["name", "lat", "lon"])
        writer.writerows([name, lat, lon] for name, (lat, lon, *_) in TOWNS.items())
    assert main(["locate", str(src), "-o", str(dst), "--dates", ",".join(DAYS)]) == 0
    with dst.open(encoding="utf-8", newline="") as fh:
        return {r["name"]: r for r in csv.DictReader(fh)}


@pytest.mark.parametrize("name", list(TOWNS))
def test_towns_on_their_side_of_the_front_on_days_inside_each_offensive(located, name):
    _, _, area, checks = TOWNS[name]
    got = [(day, located[name][f"zone_id_{day}"] == area) for day, _ in checks]
    assert got == checks


def test_a_town_taken_stays_inside_the_area_as_agreed(located):
    """Khan Shaykhun, taken on 21 Aug 2019, lay in the Idlib area the Sochi memorandum kept (Sep 2018)."""
    row = located["Khan Shaykhun"]
    assert (row["zone_id_2019-08-28"], row["agreed_id_2019-08-28"]) == ("", "idlib")


# --- the capture table -----------------------------------------------------------------------------------


def _table(name: str) -> list[dict]:
    with (ZONES / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_every_capture_has_a_source_and_a_date_inside_its_offensive():
    offensives = {o["id"]: o for o in _table("offensives.csv")}
    rows = _table("captures.csv")
    assert len(rows) >= 300 and {r["offensive"] for r in rows} == set(offensives)
    for r in rows:
        o = offensives[r["offensive"]]
        assert r["source"].strip(), r["name"]
        assert o["window_start"] <= r["date"] <= o["window_end"], (r["name"], r["date"], o["id"])
        assert r["area"] == o["area"] and r["confidence"] in ("high", "medium", "low")
        date.fromisoformat(r["date"])
        assert r["from_side"] != r["to_side"]


def test_the_capture_table_is_sorted_and_each_locality_alternates():
    rows = _table("captures.csv")
    assert rows == sorted(rows, key=lambda r: (r["date"], r["area"], r["name"], r["locality"]))
    by_place: dict[str, list[dict]] = {}
    for r in rows:
        by_place.setdefault(r["locality"], []).append(r)
    for place, changes in by_place.items():
        for before, after in zip(changes, changes[1:]):
            assert after["from_side"] == before["to_side"], place


def test_the_states_follow_the_captures_day_by_day():
    """Each area has a state for each day on which its shape changed: many in Idlib, not one per ceasefire."""
    import pyarrow.parquet as pq

    table = pq.read_table(ZONES / "areas.parquet", columns=["id", "valid_from"]).to_pylist()
    idlib_days = {r["valid_from"] for r in table if r["id"] == "idlib"}
    capture_days = {r["date"] for r in _table("captures.csv") if r["area"] == "idlib"}
    assert len(idlib_days) > 50
    assert len(idlib_days - capture_days - {"2017-05-04"}) <= 5  # the few fallbacks to a ceasefire
