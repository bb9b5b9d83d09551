"""A place's history (geo/model/history.py): the area as agreed it lay in, and since when, and by whom, it was held;
and the timeline as steps with the towns that moved.

A small atlas is made here: an area "north" whose held part loses its southern strip on 21 Aug 2019 (a town
there taken by the government that day), gets a village back on 25 Aug and ends on 1 Jan 2021; its shape as
agreed from 15 Sep 2017 (the statement's) and from 17 Sep 2018 (Sochi's). Expected texts follow from those
facts as written here, not from the code.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pandas as pd
import pytest

from geo.model import load
from geo.model.history import place_history, steps
from tests.conftest import area_feature, collection

WHOLE = [[36.5, 35.3], [36.9, 35.3], [36.9, 35.8], [36.5, 35.8], [36.5, 35.3]]
NORTH_ONLY = [[36.5, 35.5], [36.9, 35.5], [36.9, 35.8], [36.5, 35.8], [36.5, 35.5]]
BACK = [[36.5, 35.45], [36.9, 35.45], [36.9, 35.8], [36.5, 35.8], [36.5, 35.45]]
TOWN = (36.7, 35.35)  # in the strip taken on 21 Aug 2019
VILLAGE = (36.7, 35.47)  # taken with the strip, back on 25 Aug 2019
CITY = (36.7, 35.7)  # held throughout


@pytest.fixture(scope="module")
def atlas(atlas, tmp_path_factory):  # noqa: F811 - the bundled atlas, with these areas instead
    features = [
        area_feature("north", WHOLE, valid_from="2017-05-04", valid_to="2019-08-21"),
        area_feature("north", NORTH_ONLY, valid_from="2019-08-21", valid_to="2019-08-25", confidence="medium"),
        area_feature("north", BACK, valid_from="2019-08-25", valid_to="2021-01-01"),
        area_feature("north_agreed", WHOLE, kind="area as agreed", part_of="north", agreement="statement-2017",
                     valid_from="2017-09-15", valid_to="2018-09-17"),
        area_feature("north_agreed", WHOLE, kind="area as agreed", part_of="north", agreement="sochi-2018",
                     valid_from="2018-09-17", valid_to="2021-01-01"),
    ]
    path = tmp_path_factory.mktemp("history") / "north.geojson"
    path.write_text(__import__("json").dumps(collection(*features)), encoding="utf-8")
    mine = atlas.with_areas(load.load_areas(path), "north.geojson")
    captures = pd.DataFrame([
        {"date": date(2019, 8, 21), "area": "north", "name": "Town", "lat": TOWN[1], "lon": TOWN[0],
         "from_side": "opposition", "to_side": "government"},
        {"date": date(2019, 8, 21), "area": "north", "name": "Village", "lat": VILLAGE[1], "lon": VILLAGE[0],
         "from_side": "opposition", "to_side": "government"},
        {"date": date(2019, 8, 25), "area": "north", "name": "Village", "lat": VILLAGE[1], "lon": VILLAGE[0],
         "from_side": "government", "to_side": "opposition"},
    ]).reindex(columns=load.CAPTURE_COLUMNS, fill_value="")
    offensives = pd.DataFrame([{"id": "summer_2019", "name": "Summer offensive", "start": date(2019, 8, 1),
                                "end": date(2019, 8, 31), "window_start": date(2019, 7, 1),
                                "window_end": date(2019, 8, 31), "area": "north", "sources": "test"}])
    return replace(mine, captures=captures, offensives=offensives)


@pytest.mark.parametrize("where, day, text", [
    (TOWN, date(2019, 9, 1), "inside the area as agreed in Sep 2018 (Sochi memorandum); held by the government since "
                             "21 Aug 2019"),
    (TOWN, date(2019, 8, 20), "inside the area as agreed in Sep 2018 (Sochi memorandum); held by the opposition "
                              "throughout (drawn from 4 May 2017)"),
    (TOWN, date(2018, 1, 1), "inside the area as agreed in Sep 2017 (Astana joint statement); held by the opposition "
                             "throughout (drawn from 4 May 2017)"),
    (VILLAGE, date(2019, 8, 23), "inside the area as agreed in Sep 2018 (Sochi memorandum); held by the government "
                                 "since 21 Aug 2019"),
    (VILLAGE, date(2019, 9, 1), "inside the area as agreed in Sep 2018 (Sochi memorandum); held by the opposition "
                                "since 25 Aug 2019"),
    (CITY, date(2020, 6, 1), "inside the area as agreed in Sep 2018 (Sochi memorandum); held by the opposition "
                             "throughout (drawn from 4 May 2017)"),
    (CITY, date(2022, 6, 1), "inside the area as agreed in Sep 2018 (Sochi memorandum), which ended on 1 Jan 2021; "
                             "outside the held part since 1 Jan 2021"),
])
def test_a_place_says_where_it_lay_as_agreed_and_who_held_it_since_when(atlas, where, day, text):
    got = place_history(atlas, where[0], where[1], day)
    assert got.text == text
    assert got.area == "north"


def test_a_place_never_in_an_area_as_agreed_has_no_history(atlas):
    assert place_history(atlas, 37.2, 36.2, date(2019, 1, 1)).text == ""  # Aleppo
    assert place_history(atlas, TOWN[0], TOWN[1], date(2017, 6, 1)).text == ""  # before the statement's shape
    assert place_history(atlas, float("nan"), 35.0, date(2019, 1, 1)).text == ""


def test_the_timeline_steps_name_the_towns_that_moved(atlas):
    table = steps(atlas)
    assert list(table["valid_from"]) == ["2017-05-04", "2019-08-21", "2019-08-25"]
    assert list(table["offensive"]) == ["", "summer_2019", "summer_2019"]
    assert table["lost"].tolist() == [[], ["Town", "Village"], []]
    assert table["lost_to"].tolist() == [[], ["government"], []]
    assert table["gained"].tolist() == [[], [], ["Village"]]
    assert table["change_km2"].iloc[0] == 0 and table["change_km2"].iloc[1] < 0 < table["change_km2"].iloc[2]
    assert table["change_km2"].iloc[1] == table["km2"].iloc[1] - table["km2"].iloc[0]
