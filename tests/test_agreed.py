"""The areas as agreed, kept apart from the held part (issue 19): in the atlas, on the map, in the key dates.

Expected values are the agreements' dates (zones/agreements.json: Sochi 17 Sep 2018, the Moscow protocol 5 Mar
2020 with its ceasefire from 6 Mar) and the towns' published capture dates.
"""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pytest
import shapely

from geo.draw import render
from geo.draw.static.output import Output
from geo.scene.scene import View, resolve

pytestmark = pytest.mark.usefixtures("one_load_per_set_of_files")
KHAN_SHAYKHUN = (36.6510, 35.4421)  # taken 21 Aug 2019


def test_the_atlas_keeps_the_areas_as_agreed_apart(atlas):
    assert set(atlas.agreed["kind"]) == set(atlas.schema.agreed_kinds) == {"area as agreed"}
    assert not atlas.areas["kind"].isin(atlas.schema.agreed_kinds).any()
    assert set(atlas.agreed["id"]).isdisjoint(atlas.names)  # not among the areas and zones a user selects
    on = {d: atlas.at(d).agreed for d in ("2018-01-01", "2019-09-01", "2020-06-01")}
    assert [list(on[d]["agreement"]) for d in ("2019-09-01", "2020-06-01")] == [["sochi-2018"], ["moscow-2020"]]
    assert set(on["2018-01-01"]["part_of"]) == {"idlib", "northern_homs", "eastern_ghouta", "southern"}
    sochi = on["2019-09-01"].geometry.iloc[0]
    held = atlas.at("2019-09-01").shapes.set_index("id").geometry["idlib"]
    assert sochi.covers(shapely.Point(*KHAN_SHAYKHUN)) and not held.covers(shapely.Point(*KHAN_SHAYKHUN))


def test_the_map_draws_them_as_a_dashed_outline_with_a_legend_line(atlas):
    scene = resolve(atlas.at("2019-09-01"), View(date=date(2019, 9, 1)))
    assert len(scene.agreed) == 1
    (entry,) = [e for e in scene.legend if e.swatch == "outline"]
    assert entry.label == "Area as agreed (Sochi memorandum, 17 Sep 2018)"
    html = render.build_map(scene).get_root().render()
    assert "zonemap-agreed" in html and '"dashArray": "5 3"' in html
    off = resolve(atlas.at("2019-09-01"), View(date=date(2019, 9, 1), layers=frozenset({"areas"})))
    assert off.agreed.empty and not [e for e in off.legend if e.swatch == "outline"]
    assert "zonemap-agreed" not in render.build_map(off).get_root().render()


def test_the_static_map_draws_the_outline_beyond_the_held_part(atlas):
    from PIL import Image

    from geo.draw import static

    def picture(layers):
        scene = resolve(atlas.at("2019-09-01"), View(date=date(2019, 9, 1), selected="idlib", layers=layers))
        out = io.BytesIO()
        static.draw(scene, Output(width=800, height=600), out)
        return np.asarray(Image.open(io.BytesIO(out.getvalue())).convert("RGB")).astype(int)

    with_outline = picture(frozenset({"areas", "agreed"}))
    without = picture(frozenset({"areas"}))
    differ = np.any(with_outline != without, axis=2)
    assert differ.sum() > 200  # the dashed line round the land lost in 2019, and its legend line


def test_key_dates_stay_short_and_name_the_offensives(atlas):
    days = dict(atlas.key_dates)
    # each document of the process, each offensive's two days, each area's or zone's first and last: not every day
    # on which the front moved
    bound = len({a.date for a in atlas.agreements}) + 2 * len(atlas.offensives) + 2 * len(atlas.names)
    assert len(days) <= bound < len(atlas.change_days)
    for row in atlas.offensives.itertuples(index=False):
        assert f"{row.name} begins" in days[row.start] and f"{row.name} ends" in days[row.end]
    assert days[date(2018, 9, 17)].startswith("Sochi memorandum")
    assert not any("as agreed" in label for label in days.values())  # the agreements name those days
    assert all(a <= b for a, b in zip(atlas.change_days, atlas.change_days[1:]))
    assert date(2019, 8, 21) in atlas.change_days  # Khan Shaykhun's day
