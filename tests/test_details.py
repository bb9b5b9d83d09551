"""geo.details: what the details panel says about one area on one date — its size and governorates as the
analysis measures them, the provisions that apply and why, what became of it."""

from __future__ import annotations

from datetime import date

import pytest

from geo.details import absent_note, details
from tests.conftest import assert_shares, geodesic_km2
from tests.facts import GHOUTA_END, GHOUTA_END_SHORT, GHOUTA_LAST_DAY


@pytest.mark.parametrize("area_id", ["southern", "idlib", "northern_homs", "idlib_security_zone"])
def test_an_area_shows_its_own_km2_and_governorate_shares(atlas, area_id):
    """Against the shape measured on the ellipsoid and cut by the governorates read as plain GeoJSON."""
    dated = atlas.at("2017-09-15")
    info = details(dated, area_id)
    geom = dated.shapes.loc[dated.shapes["id"] == area_id].geometry.iloc[0]
    assert info.km2 == pytest.approx(geodesic_km2(geom), rel=2e-3)
    assert_shares(info.shares, geom)


def test_the_southern_area_lies_in_daraa_and_quneitra_for_the_period_of_its_agreement(atlas):
    info = details(atlas.at("2017-09-15"), "southern")
    assert info.shares.startswith("Daraa ") and "Quneitra " in info.shares
    assert info.period == "from 4 May 2017 until 31 Jul 2018"


def test_a_share_under_half_a_percent_is_not_shown_as_zero():
    import pandas as pd

    from geo.details import shares_text

    shares = pd.DataFrame({"id": ["a", "a", "a"], "governorate": ["Idlib", "Hama", "Latakia"],
                           "km2": [90.0, 9.7, 0.3], "share": [0.9, 0.097, 0.003]})
    assert shares_text(shares, "a") == "Idlib 90%; Hama 10%; Latakia <1%"


def test_each_area_reports_its_own_size(atlas):
    dated = atlas.at("2017-09-15")
    sizes = {i: details(dated, i).km2 for i in ("idlib", "northern_homs", "eastern_ghouta", "southern")}
    assert len(set(sizes.values())) == 4
    assert sizes["eastern_ghouta"] < sizes["northern_homs"] < sizes["southern"] < sizes["idlib"]


def test_a_zone_shows_its_own_size_not_its_areas(atlas):
    dated = atlas.at("2017-09-15")
    zone = details(dated, "idlib_security_zone")
    row = dated.shapes[dated.shapes["id"] == "idlib_security_zone"]
    assert zone.part_of == atlas.names["idlib"]
    assert zone.km2 == pytest.approx(geodesic_km2(row.geometry.iloc[0]), rel=2e-3)
    assert zone.km2 < details(dated, "idlib").km2


def test_provisions_name_the_reason_they_apply(atlas):
    dated = atlas.at("2017-09-15")
    idlib = {p.label: p.why for p in details(dated, "idlib").provisions}
    assert idlib["5"] == "names Idlib security zone, part of this area"
    assert idlib["9"] == "names this area" and idlib["4"] == "applies to Syria as a whole"
    assert "13" not in idlib
    zone = {p.label: p.why for p in details(dated, "idlib_security_zone").provisions}
    assert zone["5"] == "names this zone"
    assert zone["9"] == f"names {atlas.names['idlib']}, which this zone is part of"
    south = {p.label for p in details(dated, "southern").provisions}
    assert "5" not in south and "9" in south


def test_a_filter_narrows_the_provisions_shown(atlas):
    dated = atlas.at("2017-09-15")
    keys = (atlas.provision(5), atlas.provision(9))
    assert [p.label for p in details(dated, "idlib", keys=keys).provisions] == ["5", "9"]


def test_later_agreements_apply_on_later_dates(atlas):
    info = details(atlas.at("2020-03-10"), "m4_corridor")
    why = {p.label: p.why for p in info.provisions}
    assert why["Moscow protocol 2"] == why["Moscow protocol 3"] == "names this zone"
    assert why["Sochi memorandum 1"] == f"names {atlas.names['idlib']}, which this zone is part of"
    assert "Sochi memorandum 3" not in why  # about the demilitarized zone, not the corridor
    assert info.part_of == atlas.names["idlib"]
    assert info.agreements[-2:] == ("Sochi memorandum (17 Sep 2018)", "Moscow protocol (5 Mar 2020)")


def test_an_area_that_ended_says_what_became_of_it_from_the_day_it_ended(atlas):
    """Eastern Ghouta (its end: tests/facts.py) is on the panel to its last day; from the day it ended, and
    after, the panel says when and what became of it. An area not yet drawn says from when it is."""
    assert details(atlas.at(GHOUTA_LAST_DAY.isoformat()), "eastern_ghouta") is not None
    for day in (GHOUTA_END, date(2018, 5, 1)):
        assert details(atlas.at(day.isoformat()), "eastern_ghouta") is None  # valid_to: the first day it no longer holds
        note = absent_note(atlas, "eastern_ghouta", day)
        assert note.startswith(f"{atlas.names['eastern_ghouta']} ended on {GHOUTA_END_SHORT}.") and "government" in note
    assert absent_note(atlas, "m4_corridor", date(2019, 1, 1)).endswith("is first drawn from 5 Mar 2020.")


def test_with_no_area_selected_each_provision_says_where_it_applies(atlas):
    from geo.details import provision_lines

    dated = atlas.at("2020-03-10")
    lines = {p.label: p for p in provision_lines(atlas, dated.provisions)}
    assert lines["4"].why == "applies to Syria as a whole"
    assert lines["5"].why == f"applies to {atlas.names['idlib_security_zone']}"
    assert lines["Sochi memorandum 1"].why == f"applies to {atlas.names['idlib']}"
    assert lines["Moscow protocol 2"].agreement == "Moscow protocol"
    assert len(lines) == len(dated.provisions)
