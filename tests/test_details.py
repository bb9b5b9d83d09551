"""geo.scene.details: what the details panel says about one area on one date — its size and governorates as the
analysis measures them, the provisions that apply and why, what became of it."""

from __future__ import annotations

from datetime import date

import pytest

from geo.scene.details import absent_note, details
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
    # The area's whole life: from the memorandum to the day its last towns (northern Quneitra) were handed over.
    assert info.period == "from 4 May 2017 until 27 Jul 2018"
    assert info.shape_period.startswith("from 4 May 2017 until ")  # this day's shape: the first state


def test_a_share_under_half_a_percent_is_not_shown_as_zero():
    import pandas as pd

    from geo.scene.details import shares_text

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
    assert info.agreements[-2:] == ("Astana 14 statement (11 Dec 2019)", "Moscow protocol (5 Mar 2020)")
    assert "Sochi memorandum (17 Sep 2018)" in info.agreements


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
    from geo.scene.details import provision_lines

    dated = atlas.at("2020-03-10")
    lines = {p.label: p for p in provision_lines(atlas, dated.provisions)}
    assert lines["4"].why == "applies to Syria as a whole"
    assert lines["5"].why == f"applies to {atlas.names['idlib_security_zone']}"
    assert lines["Sochi memorandum 1"].why == f"applies to {atlas.names['idlib']}"
    assert lines["Moscow protocol 2"].agreement == "Moscow protocol"
    assert len(lines) == len(dated.provisions)


def test_a_posts_details_give_its_history_its_deal_and_its_number(atlas):
    """A post's panel: its dates (a range where the sources only narrow them down, a second source's date named),
    the operator's own number and the deal it was set up under, as issue 24's posts file gives them."""
    from dataclasses import replace

    from geo.scene.details import post_details

    posts = atlas.posts.copy()
    salwa = posts["id"] == "op_salwa"
    posts["number"] = ""
    posts["agreement"] = ""
    posts["established_to"] = ""
    posts["withdrawn_alt"] = ""
    posts.loc[salwa, ["number", "agreement", "established", "established_to", "withdrawn", "withdrawn_alt"]] = [
        "1", "statement-2017", "2017-10-12", "2017-10-20", "2020-12-01", "2020-12-05"]
    changed = replace(atlas, posts=posts, _dated={})
    info = post_details(changed.at("2018-10-01"), "op_salwa")
    assert info.established == "between 12 Oct 2017 and 20 Oct 2017"
    assert info.withdrawn == "1 Dec 2020 (another source: 5 Dec 2020)"
    assert info.number == "1" and info.agreement == "Astana joint statement (15 Sep 2017)" and info.operator == "Turkey"
    # Where a post stood: Morek's inside Idlib's held part on 1 Oct 2018, encircled by the government's advance
    # of August 2019 (Morek taken 23 Aug 2019). (Salwa's, on the Turkish border, is drawn 30 m outside the
    # area since the front by the day: a question for the shapes, not for the details.)
    assert post_details(changed.at("2018-10-01"), "op_morek").area == atlas.names["idlib"]
    assert post_details(changed.at("2019-09-01"), "op_morek").area == ""
    assert not any(name in ("number", "agreement", "established_to") for name, _ in info.extra)
    assert post_details(changed.at("2017-09-15"), "op_salwa") is None  # not yet set up
