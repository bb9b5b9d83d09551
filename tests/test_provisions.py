"""geo.provisions: the statement's 14 provisions, quoted exactly, and what applies where."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geo import data, provisions
from geo.errors import DataError

AREAS = ["idlib", "northern_homs", "eastern_ghouta", "southern"]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return provisions.load_provisions(None, AREAS + ["idlib_security_zone"])


@pytest.fixture(scope="module")
def areas() -> pd.DataFrame:
    return pd.DataFrame({"id": AREAS + ["idlib_security_zone"], "kind": ["de-escalation area"] * 4 + ["security zone"],
                         "name": ["Idlib", "Northern Homs", "Eastern Ghouta", "Southern", "Security zone"]})


def statement_items() -> dict[int, str]:
    text = data.STATEMENT.read_text(encoding="utf-8")
    return {int(m.group(1)): m.group(2).strip() for m in re.finditer(r"^(\d+)\. (.+)$", text, re.M)}


def test_the_statement_has_fourteen_numbered_provisions():
    text = data.STATEMENT.read_text(encoding="utf-8")
    assert text.startswith("Joint statement by Iran, Russia and Turkey")
    assert sorted(statement_items()) == list(range(1, 15))


def test_every_provision_quotes_the_statement_verbatim(table):
    items = statement_items()
    assert list(table["number"]) == list(range(1, 15))
    for number, text in zip(table["number"], table["text"]):
        assert text == items[number], f"provision {number} differs from the statement"


def test_every_provision_has_title_categories_scope_and_rationale(table):
    for row in table.itertuples():
        assert row.title and len(row.title) < 80
        assert row.categories
        assert row.rationale


def test_scopes_make_sense(table):
    scope = dict(zip(table["number"], table["scope"]))
    assert scope[5] == ["idlib"]  # control forces in the Idlib security zone only
    assert scope[13] == "procedural" and scope[14] == "procedural"
    assert scope[2] == AREAS  # creates the four areas
    assert scope[4] == "syria"  # sovereignty of the whole country
    assert scope[9] == AREAS  # humanitarian access through the areas


def test_join_gives_one_row_per_area_and_provision(table, areas):
    joined = provisions.join(areas, table)
    idlib = provisions.provisions_for_area(joined, "idlib")
    south = provisions.provisions_for_area(joined, "southern")
    assert 5 in set(idlib["number"])
    assert 5 not in set(south["number"])
    assert 13 not in set(joined["number"]) and 14 not in set(joined["number"])
    assert set(joined["area_id"]) == set(AREAS)  # the security zone is not an area
    assert list(idlib["number"]) == sorted(idlib["number"])


def test_filters(table):
    assert list(provisions.filter_provisions(table, numbers=[5, 9])["number"]) == [5, 9]
    humanitarian = provisions.filter_provisions(table, categories=["humanitarian"])
    assert set(humanitarian["number"]) == {9, 10}
    ids, whole = provisions.areas_for_provisions(table, [5])
    assert ids == {"idlib"} and not whole
    ids, whole = provisions.areas_for_provisions(table, [4])
    assert whole


def test_a_scope_naming_an_unknown_area_is_refused(write_json):
    path = write_json("provisions.json", {"provisions": [
        {"number": 1, "title": "t", "text": "x", "categories": ["c"], "scope": ["atlantis"]}]})
    with pytest.raises(DataError, match=r"provision 1: scope names unknown area 'atlantis' — known areas: eastern_ghouta, idlib"):
        provisions.load_provisions(path, AREAS)


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "file is empty"),
        ("{not json", "not valid JSON"),
        ('{"provisions": []}', "no provisions"),
        ('{"provisions": [{"number": "one", "title": "t", "text": "x", "scope": "syria"}]}', "number is 'one'"),
        ('{"provisions": [{"number": 1, "title": "t", "text": "", "scope": "syria"}]}', "text is missing or empty"),
        ('{"provisions": [{"number": 1, "title": "t", "text": "x", "scope": 3}]}', "scope is 3"),
    ],
)
def test_bad_provisions_files(write_json, content, expected):
    path = write_json("provisions.json", content)
    with pytest.raises(DataError) as info:
        provisions.load_provisions(path, AREAS)
    assert str(path) in info.value.lines[0] and expected in info.value.lines[0]
