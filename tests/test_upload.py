"""Uploading areas on the page: they replace the bundled ones for that session only (two sessions uploading
files of the same name see their own areas), bad files get the same one-line messages as the command line,
naming the upload, and nothing is written to disk."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.base.errors import DataError
from geo.model import upload
from geo.model.atlas import load_atlas
from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection
from tests.hostile import CEILING

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = CEILING
MINE = collection(area_feature("north_box", IDLIB_SQUARE, name="My northern box"),
                  area_feature("south_box", DARAA_SQUARE, name="My southern box"))
THEIRS = collection(area_feature("their_box", IDLIB_SQUARE, name="Their box"))


def as_bytes(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    return at


def upload_file(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="upload").set_value((name, content, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def drawn(at: AppTest) -> set[str]:
    return set(at.session_state["scene"].shapes["id"])


def sidebar_text(at: AppTest) -> str:
    parts = [e.value for kind in ("caption", "error", "expander") for e in getattr(at.sidebar, kind)
             if hasattr(e, "value")]
    parts += [e.label for e in at.sidebar.expander]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def temp_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("zonemap-upload-*")}


# --- geo.model.upload ----------------------------------------------------------------------------


def test_uploaded_bytes_load_under_the_uploads_own_name():
    got = upload.load_uploaded_areas("C:\\Users\\me\\mine.geojson", as_bytes(MINE))
    assert list(got.areas["id"]) == ["north_box", "south_box"] and got.warnings == ()
    with pytest.raises(DataError) as info:
        upload.load_uploaded_areas("../../broken.geojson", b'{"type": "FeatureCollection", "features": [')
    assert info.value.lines == ["broken.geojson: not valid JSON: Expecting value at line 1, column 44 — "
                                "the file looks cut short"]


def test_other_types_and_big_files_are_refused_before_anything_is_written(monkeypatch):
    with pytest.raises(DataError, match=r"^notes\.txt: unsupported file type '\.txt' — upload one of"):
        upload.load_uploaded_areas("notes.txt", b"hello")
    monkeypatch.setenv("ZONEMAP_MAX_BYTES", "10")
    before = temp_folders()
    with pytest.raises(DataError, match="big.geojson: file is 1.1e-05 MB, over the budget of 1e-05 MB"):
        upload.load_uploaded_areas("big.geojson", b"x" * 11)
    assert temp_folders() == before


def test_no_temporary_files_are_left():
    before = temp_folders()
    upload.load_uploaded_areas("mine.geojson", as_bytes(MINE))
    with pytest.raises(DataError):
        upload.load_uploaded_areas("bad.gpkg", b"not a geopackage")
    assert temp_folders() == before


def test_provisions_naming_missing_areas_are_explained():
    notes = upload.provision_notes(load_atlas().provisions, ["north_box"])
    assert "Provision 5 names idlib_security_zone: no place on this map." in notes


def test_the_notes_on_an_upload_are_in_words_not_ids():
    """Provisions naming areas the file lacks are named with their agreement, the areas by their names; one
    feature is one feature."""
    from geo import page

    bundled = load_atlas()
    got = upload.load_uploaded_areas("one.geojson", as_bytes(collection(MINE["features"][0])), outline=bundled.outline)
    single = bundled.with_areas(got.areas, "one.geojson", got.warnings)
    notes = page.upload_summary(single, bundled)
    assert "Astana memorandum 1 names Idlib and neighbouring areas, Northern Homs, Eastern Ghouta and Southern Syria, " \
           "which your file does not have: no place on this map." in notes
    assert "Astana joint statement 5 names Idlib security zone, which your file does not have: no place on this map." \
        in notes
    assert not any("memorandum-2017:" in n or "idlib_security_zone" in n or "northern_homs" in n for n in notes)
    assert page.upload_title(single, []) == "Your areas: one.geojson (1 feature)"
    assert page.upload_title(single, notes) == f"Your areas: one.geojson (1 feature), {len(notes)} notes"


# --- the page ------------------------------------------------------------------------------


def test_an_upload_replaces_the_areas_for_this_session_only():
    at = upload_file(open_page(), "mine.geojson", as_bytes(MINE))
    assert drawn(at) == {"north_box", "south_box"}
    assert "Your areas: mine.geojson (2 features), " in sidebar_text(at)
    assert [e.label for e in at.session_state["scene"].legend[:2]] == ["My northern box", "My southern box"]
    at.text_input(key="place").input("Saraqeb").run()
    assert "inside **My northern box**" in at.success[0].value.replace("\\", "")
    other = open_page()
    assert "idlib" in drawn(other)


def test_two_sessions_uploading_files_of_the_same_name_see_their_own_areas():
    mine = upload_file(open_page(), "areas.geojson", as_bytes(MINE))
    theirs = upload_file(open_page(), "areas.geojson", as_bytes(THEIRS))
    mine.run()
    assert drawn(mine) == {"north_box", "south_box"} and drawn(theirs) == {"their_box"}


def test_a_corrected_file_of_the_same_name_replaces_the_first():
    at = upload_file(open_page(), "areas.geojson", as_bytes(MINE))
    upload_file(at, "areas.geojson", as_bytes(THEIRS))
    assert drawn(at) == {"their_box"}


def test_a_selected_area_missing_from_the_upload_is_cleared():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["area"] = "idlib"
    at.run()
    assert at.main.header[0].value.startswith("Idlib")
    upload_file(at, "mine.geojson", as_bytes(MINE))
    assert at.main.header[0].value == "Provisions"
    assert "area" not in at.query_params


@pytest.mark.parametrize("name, content, expected", [
    ("cut.geojson", b'{"type": "FeatureCollection", "features": [', "cut.geojson: not valid JSON"),
    ("points.geojson", as_bytes(collection({"type": "Feature", "properties": {"id": "p", "kind": "security zone",
                                                                              "name": "P"},
                                            "geometry": {"type": "Point", "coordinates": [36.6, 35.8]}})),
     "points.geojson: feature 1 (id p): geometry is a Point, not an area — expected Polygon or MultiPolygon"),
    ("beirut.geojson", as_bytes(collection(area_feature("b", [[35.45, 33.85], [35.55, 33.85], [35.55, 33.95],
                                                              [35.45, 33.95], [35.45, 33.85]]))),
     "beirut.geojson: feature 1 (id b): shape lies outside Syria"),
    ("fake.zip", b"PK no zip", "fake.zip: is not a zip archive"),
])
def test_a_bad_upload_is_named_and_the_bundled_areas_stay(name, content, expected):
    at = upload_file(open_page(), name, content)
    text = sidebar_text(at)
    assert "Your file was not used" in text
    assert expected in text, text
    assert tempfile.gettempdir() not in text  # the user's file name, never a server path
    assert "idlib" in drawn(at)


def test_a_repaired_upload_says_so():
    bowtie = [[36.5, 35.7], [36.9, 36.0], [36.9, 35.7], [36.5, 36.0], [36.5, 35.7]]
    at = upload_file(open_page(), "bow.geojson", as_bytes(collection(area_feature("bow", bowtie))))
    text = sidebar_text(at)
    assert "bow.geojson: feature 1 (id bow): invalid geometry (Self-intersection" in text
    assert "repaired with make_valid" in text


def test_removing_the_upload_returns_to_the_bundled_areas():
    at = upload_file(open_page(), "mine.geojson", as_bytes(MINE))
    assert drawn(at) == {"north_box", "south_box"}
    at.file_uploader(key="upload").set_value(None).run()
    assert not at.exception and "idlib" in drawn(at)
    assert not drawn(at) & {"north_box", "south_box"}
