"""geo.model.agreements: the statement's 14 provisions quoted exactly, the later agreements with their text status,
provision keys (5 still means the statement's), and what a bad provisions file gets."""

from __future__ import annotations

import re

import pytest

from geo.base import data
from geo.base.errors import DataError, InputError
from geo.model.agreements import filter_provisions, in_force, load_agreements, provision_key

AREAS = ["idlib", "northern_homs", "eastern_ghouta", "southern"]


@pytest.fixture(scope="module")
def loaded():
    from geo.model.load import load_areas

    return load_agreements(None, None, set(load_areas()["id"]))


def statement_items() -> dict[int, str]:
    text = data.STATEMENT.read_text(encoding="utf-8")
    return {int(m.group(1)): m.group(2).strip() for m in re.finditer(r"^(\d+)\. (.+)$", text, re.M)}


def test_the_statement_is_quoted_verbatim_and_stays_the_default(loaded):
    agreements, provisions, _ = loaded
    statement = provisions[provisions["agreement"] == "statement-2017"]
    items = statement_items()
    assert sorted(items) == list(range(1, 15)) == list(statement["number"])
    for number, text in zip(statement["number"], statement["text"], strict=True):
        assert text == items[number], f"provision {number} differs from the statement"
    assert set(statement["text_status"]) == {"verbatim"}
    assert provision_key(5, provisions) == provision_key("5", provisions) == "statement-2017:5"


def test_the_agreements_run_from_the_memorandum_to_the_moscow_protocol(loaded):
    agreements, provisions, _ = loaded
    assert [(a.id, a.date.isoformat()) for a in agreements if a.milestone] == [
        ("memorandum-2017", "2017-05-04"), ("statement-2017", "2017-09-15"), ("sochi-2018", "2018-09-17"),
        ("moscow-2020", "2020-03-05")]
    days = [a.date for a in agreements]  # the whole process, oldest first: the ceasefire of 29 Dec 2016 first
    assert days == sorted(days) and agreements[0].id == "ceasefire-2016" and agreements[-1].id == "moscow-2020"
    assert set(provisions["text_status"]) <= {"verbatim", "partial", "reported", "summary"}
    assert provision_key("sochi-2018:3", provisions) == "sochi-2018:3"


def test_each_provision_names_the_place_it_is_about(loaded):
    _, provisions, _ = loaded
    scope = dict(zip(provisions["key"], provisions["scope"], strict=True))
    assert scope["statement-2017:5"] == ["idlib_security_zone"]  # control forces in the security zone
    assert scope["statement-2017:4"] == "syria" and scope["statement-2017:13"] == "procedural"
    assert scope["statement-2017:9"] == AREAS
    assert scope["sochi-2018:3"] == ["idlib_dmz"]  # the demilitarized zone
    assert scope["moscow-2020:2"] == ["m4_corridor"]  # the security corridor along the M4


def test_provisions_in_force_follow_the_date(loaded):
    from datetime import date

    _, provisions, _ = loaded
    # signed 29 Dec 2016, 31 Dec 2016 and 4 May 2017
    assert set(in_force(provisions, date(2017, 6, 1))["agreement"]) == {"ceasefire-2016", "unsc-2336", "memorandum-2017"}
    later = set(in_force(provisions, date(2018, 10, 1))["agreement"])
    assert {"memorandum-2017", "statement-2017", "sochi-2018"} <= later and "moscow-2020" not in later


def test_filters_by_key_and_category(loaded):
    _, provisions, _ = loaded
    statement = provisions[provisions["agreement"] == "statement-2017"]
    assert list(filter_provisions(statement, ["statement-2017:5", "statement-2017:9"])["number"]) == [5, 9]
    assert set(filter_provisions(statement, categories=["humanitarian"])["number"]) == {9, 10}


def test_an_unknown_provision_names_the_known_ones(loaded):
    _, provisions, _ = loaded
    with pytest.raises(InputError, match=r"unknown provision '15'; known: .*1, 2, 3"):
        provision_key(15, provisions)


def test_a_users_provisions_file_replaces_the_statements(write_json):
    path = write_json("mine.json", {"provisions": [
        {"number": 1, "title": "Only one", "text": "Words.", "categories": ["c"], "scope": ["north"]}]})
    _, provisions, _ = load_agreements(path, None, {"north"}, check_bundled=False)
    statement = provisions[provisions["agreement"] == "statement-2017"]
    assert list(statement["title"]) == ["Only one"]


@pytest.mark.parametrize("content, expected", [
    ("", "file is empty"),
    ("{not json", "not valid JSON"),
    ('{"provisions": []}', "no provisions"),
    ('{"provisions": [{"number": "one", "title": "t", "text": "x", "scope": "syria"}]}', "provision #1: number is 'one'"),
    ('{"provisions": [{"number": 1, "title": "t", "text": "", "scope": "syria"}]}', "provision 1: missing required properties: text — every provision needs number, title, text, scope"),
    ('{"provisions": [{"number": 1, "title": "t", "text": "x", "scope": ["atlantis"]}]}',
     "provision 1: scope names unknown area 'atlantis' — known areas: eastern_ghouta, idlib"),
    ('{"type": "FeatureCollection", "features": []}', "is a FeatureCollection (areas?)"),
])
def test_bad_provisions_files_get_one_line(write_json, content, expected):
    path = write_json("provisions.json", content)
    with pytest.raises(DataError) as info:
        load_agreements(path, None, AREAS, check_bundled=False)
    assert len(info.value.lines) == 1
    assert info.value.lines[0].startswith(f"{path}: ") and expected in info.value.lines[0]
