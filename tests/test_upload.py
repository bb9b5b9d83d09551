"""Uploading areas on the page: they replace the bundled ones for that session only, bad files get the
same one-line messages as the command line (naming the upload), and nothing is written to disk."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo import upload
from geo.errors import DataError
from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 60
MINE = collection(area_feature("north_box", IDLIB_SQUARE, name="My northern box"),
                  area_feature("south_box", DARAA_SQUARE, name="My southern box"))


def as_bytes(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def page_text(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "header", "subheader", "caption", "info", "warning", "error")
             for e in getattr(at, kind)]
    return "\n".join(parts).replace("\\", "").replace("**", "")


def open_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    return at


def upload_file(at: AppTest, name: str, content: bytes) -> AppTest:
    at.file_uploader(key="upload").set_value((name, content, "application/octet-stream")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def zonemap_temp_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("zonemap-upload-*")}


# --- geo.upload ----------------------------------------------------------------------------


def test_uploaded_bytes_load_under_the_uploads_name():
    got = upload.load_uploaded_areas("C:\\Users\\me\\mine.geojson", as_bytes(MINE))
    assert list(got.areas["id"]) == ["north_box", "south_box"] and got.warnings == ()
    with pytest.raises(DataError) as info:
        upload.load_uploaded_areas("../../broken.geojson", b'{"type": "FeatureCollection", "features": [')
    assert info.value.lines == ["broken.geojson: not valid JSON: Expecting value at line 1, column 44 — "
                                "the file looks cut short"]


def test_upload_refuses_other_types_and_big_files_before_writing(monkeypatch):
    with pytest.raises(DataError, match=r"^notes\.txt: unsupported file type '\.txt' — upload one of"):
        upload.load_uploaded_areas("notes.txt", b"hello")
    monkeypatch.setattr(upload.read, "MAX_BYTES", 10)
    before = zonemap_temp_folders()
    with pytest.raises(DataError, match="over the 0 MB limit"):
        upload.load_uploaded_areas("big.geojson", b"x" * 11)
    assert zonemap_temp_folders() == before


def test_upload_leaves_no_temporary_files():
    before = zonemap_temp_folders()
    upload.load_uploaded_areas("mine.geojson", as_bytes(MINE))
    with pytest.raises(DataError):
        upload.load_uploaded_areas("bad.gpkg", b"not a geopackage")
    assert zonemap_temp_folders() == before


def test_provisions_naming_missing_areas_are_explained():
    from geo.provisions import load_provisions

    notes = upload.provision_notes(load_provisions(), ["north_box"])
    assert any(n.startswith("Provision 5 names idlib") and "no place on this map" in n for n in notes)


# --- the page ------------------------------------------------------------------------------


def test_upload_replaces_the_areas_for_this_session():
    at = upload_file(open_page(), "mine.geojson", as_bytes(MINE))
    text = page_text(at)
    assert "Showing the areas of your file mine.geojson (2 features)" in text
    assert "Provision 5 names idlib, not in your file" in text
    at.text_input(key="place").input("Saraqeb").run()
    assert not at.exception
    assert "inside the **My northern box**" in at.success[0].value.replace("\\", "")
    # Another session, opened meanwhile, still has the bundled areas.
    other = open_page()
    assert "Showing the areas of your file" not in page_text(other)
    other.text_input(key="place").input("Saraqeb").run()
    assert "Idlib and neighbouring areas" in other.success[0].value.replace("\\", "")


def test_a_selected_area_missing_from_the_upload_is_cleared():
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["area"] = "idlib"
    at.run()
    assert at.main.header[0].value.startswith("Idlib")
    upload_file(at, "mine.geojson", as_bytes(MINE))
    assert at.main.header[0].value == "Provisions"
    assert "area" not in at.query_params


@pytest.mark.parametrize("name, content, expected", [
    ("empty.geojson", b"", "empty.geojson: file is empty"),
    ("cut.geojson", b'{"type": "FeatureCollection", "features": [', "cut.geojson: not valid JSON"),
    ("topo.json", b'{"type": "Topology", "objects": {}}', "topo.json: is TopoJSON, not GeoJSON"),
    ("points.geojson", as_bytes(collection({"type": "Feature", "properties": {"id": "p", "kind": "security zone",
                                                                              "name": "P"},
                                            "geometry": {"type": "Point", "coordinates": [36.6, 35.8]}})),
     "points.geojson: feature 1 (id p): geometry is a Point, not an area — expected Polygon or MultiPolygon"),
    ("fake.gpkg", b"not a geopackage", "fake.gpkg: is not a GeoPackage"),
    ("fake.zip", b"PK no zip", "fake.zip: is not a zip archive"),
])
def test_a_bad_upload_is_named_and_the_bundled_areas_stay(name, content, expected):
    at = upload_file(open_page(), name, content)
    errors = [e.value.replace("\\", "") for e in at.error]
    assert errors[0].startswith("Your file was not used")
    assert any(e.startswith(expected) for e in errors[1:]), errors
    assert all(tempfile.gettempdir() not in e for e in errors)  # the user's name, not a temporary path
    at.text_input(key="place").input("Saraqeb").run()
    assert "Idlib and neighbouring areas" in at.success[0].value  # still the bundled areas


def test_a_repaired_upload_says_so():
    bowtie = [[36.5, 35.7], [36.9, 36.0], [36.9, 35.7], [36.5, 36.0], [36.5, 35.7]]
    at = upload_file(open_page(), "bow.geojson", as_bytes(collection(area_feature("bow", bowtie))))
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "bow.geojson: feature 1 (id bow): invalid geometry (Self-intersection" in warnings
    assert "repaired with make_valid" in warnings


def test_removing_the_upload_returns_to_the_bundled_areas():
    at = upload_file(open_page(), "mine.geojson", as_bytes(MINE))
    at.file_uploader(key="upload").set_value(None).run()
    assert not at.exception and "Showing the areas of your file" not in page_text(at)
