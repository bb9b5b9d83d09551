"""The scene and the details in Arabic (issue 23): what the map, its legend and the details panel say, from one
View with ``lang="ar"``; the shapes, states and colours are those of the English scene. Arabic names are read
from the bundled data files; the other Arabic words are what a reader must see."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from geo.details import absent_note, details, provision_lines
from geo.scene import View, resolve

ZONES = Path(__file__).resolve().parents[1] / "zones"
# Read from the bundled file itself with pyarrow (not through zonemap's loader).
AREAS_AR = dict(zip(*pq.read_table(ZONES / "areas.parquet", columns=["id", "name_ar"]).to_pydict().values(),
                    strict=True))


def scene(atlas, **view):
    return resolve(atlas.at(view.get("date")), View(**view))


def test_the_default_map_in_arabic(atlas):
    ar, en = scene(atlas, lang="ar"), scene(atlas)
    assert ar.title == "مناطق خفض التصعيد في سوريا" and en.title == "The de-escalation areas of Syria"
    assert ar.subtitle.startswith("بتاريخ 15 أيلول 2017 · الاتفاقات النافذة: ")
    labels = [e.label for e in ar.legend]
    for fid in ("idlib", "northern_homs", "eastern_ghouta", "southern", "idlib_security_zone"):
        assert AREAS_AR[fid] in labels
    assert "حدود المحافظات" in labels and "حدود سوريا الدولية" in labels
    # The same map: shapes, states, colours and frame are the English scene's.
    assert list(ar.shapes["id"]) == list(en.shapes["id"]) and list(ar.shapes["fill"]) == list(en.shapes["fill"])
    assert ar.frame == en.frame and [e.colour for e in ar.legend] == [e.colour for e in en.legend]


def test_tooltips_in_arabic_carry_the_english_name_second(atlas):
    tips = dict(zip(scene(atlas, lang="ar").shapes["id"], scene(atlas, lang="ar").shapes["tip"], strict=True))
    assert tips["eastern_ghouta"][0] == AREAS_AR["eastern_ghouta"]
    assert tips["eastern_ghouta"][1] == "Eastern Ghouta"  # a reader can match it with English sources
    assert tips["eastern_ghouta"][2] == "منطقة خفض التصعيد · الثقة بالشكل: متوسطة"


def test_a_filter_in_arabic(atlas):
    five = scene(atlas, lang="ar", provisions=("statement-2017:5",))
    # Each provision named with its own agreement (issue 20), the agreement's title from the catalogue.
    assert five.title == "بيان أستانا المشترك 5 — نطاق تطبيقه"
    assert five.legend[0].label == f"بيان أستانا المشترك 5: {AREAS_AR['idlib_security_zone']}"
    two = scene(atlas, lang="ar", provisions=("statement-2017:4", "statement-2017:5"))
    assert two.title.startswith("بيان أستانا المشترك 4، 5 — ")


def test_details_in_arabic(atlas):
    info = details(atlas.at("2017-09-15"), "eastern_ghouta", lang="ar")
    english = details(atlas.at("2017-09-15"), "eastern_ghouta")
    assert info.name == AREAS_AR["eastern_ghouta"] and info.name_ar == ""
    assert info.kind == "منطقة خفض التصعيد" and info.confidence == "متوسطة"
    assert info.period == "من 4 أيار 2017 حتى 14 نيسان 2018"  # the area's whole life
    # A day-by-day state's fate is generated prose (who took which village): English, and said to be.
    assert info.fate_lang == "en"
    last = max(atlas.areas.loc[atlas.areas["id"] == "eastern_ghouta", "valid_from"])
    end = details(atlas.at(last), "eastern_ghouta", lang="ar")  # its last state: what became of the area
    assert end.fate.startswith("سيطرت عليها الحكومة") and end.fate_lang == "ar"
    assert info.km2 == english.km2 and info.shares.startswith("ريف دمشق ")
    five = {p.key: p for p in info.provisions}["statement-2017:2"]
    assert five.title == "إنشاء مناطق خفض التصعيد الأربع"
    # The agreement's words stay as they were found (English), and the reader is told so, in Arabic.
    assert five.text == {p.key: p for p in english.provisions}["statement-2017:2"].text
    assert five.text_lang == "en" and five.text_note == "النص الإنجليزي: لم يُعثر على نص بالعربية."
    assert five.why == "يذكر هذه المنطقة" and five.agreement == "بيان أستانا المشترك"
    assert {p.key: p for p in english.provisions}["statement-2017:2"].text_note == ""


def test_provision_lines_and_absent_notes_in_arabic(atlas):
    lines = {p.key: p for p in provision_lines(atlas, atlas.at().provisions, "ar")}
    assert lines["statement-2017:4"].why == "ينطبق على سوريا كلها"
    note = absent_note(atlas, "eastern_ghouta", date(2018, 5, 1), "ar")
    assert note.startswith(f"انتهى وجود {AREAS_AR['eastern_ghouta']} في 14 نيسان 2018.")


def test_key_dates_in_arabic_are_the_same_dates(atlas):
    en, ar = atlas.key_dates, atlas.key_dates_in("ar")
    assert [d for d, _ in ar] == [d for d, _ in en]
    said = dict(ar)
    assert said[date(2017, 9, 15)] == "بيان أستانا المشترك"
    assert f"{AREAS_AR['eastern_ghouta']}: النهاية" in said[date(2018, 4, 14)].split("؛ ")
    assert "نهاية هجوم الغوطة الشرقية" in said[date(2018, 4, 14)].split("؛ ")


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_a_scene_is_one_value_per_language(atlas, lang):
    """The language is part of the view: two views that differ only in it are two scenes."""
    assert View(lang="ar") != View() and scene(atlas, lang=lang).lang == lang
