"""geo.load: the bundled layers load, and bad files give one clear problem each."""

from __future__ import annotations

import copy
import warnings

import pytest

from geo import load, read
from geo.errors import DataError
from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection


def problems_of(path) -> list[str]:
    with pytest.raises(DataError) as info:
        load.load_areas(path)
    return info.value.lines


def test_bundled_areas_load_with_the_contract():
    areas = load.load_areas()
    assert list(areas["id"]) == ["idlib", "northern_homs", "eastern_ghouta", "southern", "idlib_security_zone"]
    assert set(load.CONTRACT) <= set(areas.columns)
    assert (areas["kind"] == "de-escalation area").sum() == 4
    assert areas.crs.to_epsg() == 4326


def test_bundled_outline_and_governorates_load():
    assert set(load.load_outline()["id"]) == {"syria", "golan_occupied"}
    assert len(load.load_governorates()) == 14


def test_a_user_file_loads(two_areas):
    areas = load.load_areas(two_areas)
    assert list(areas["id"]) == ["north", "south"]


@pytest.mark.parametrize(
    "content, expected",
    [
        ("", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not UTF-8"),
        ('{"type": "FeatureCollection", "features": [', "not valid JSON"),
        ('{"type": "Topology", "objects": {}}', "TopoJSON"),
        ('{"type": "FeatureCollection", "features": []}', "no features"),
        ("[1, 2, 3]", "not a GeoJSON object"),
    ],
)
def test_broken_files_are_named_with_the_problem(write_json, content, expected):
    path = write_json("bad.geojson", content)
    lines = problems_of(path)
    assert len(lines) == 1
    assert str(path) in lines[0] and expected in lines[0]


def feature_with(geometry) -> dict:
    feature = area_feature("broken", IDLIB_SQUARE)
    feature["geometry"] = geometry
    return feature


@pytest.mark.parametrize(
    "geometry, expected",
    [
        (None, "geometry is null"),
        ({"type": "Point", "coordinates": [36.6, 35.9]}, "geometry is a Point, not an area"),
        ({"type": "LineString", "coordinates": [[36.6, 35.9], [36.7, 35.9]]}, "LineString, not an area"),
        ({"type": "GeometryCollection", "geometries": []}, "GeometryCollection"),
        ({"type": "Polygon", "coordinates": []}, "geometry is empty"),
        ({"type": "Polygon", "coordinates": [[[36.5, 35.7], [36.9, 35.7], [36.9, 36.0], [36.5, 36.0]]]}, "not closed"),
        ({"type": "Polygon", "coordinates": [[[36.5, 35.7], [36.9, 35.7], [36.5, 35.7]]]}, "fewer than 4"),
        ({"type": "Polygon", "coordinates": [[[36.5, 35.7], ["x", 35.7], [36.9, 36.0], [36.5, 35.7]]]}, "'x' is not a number"),
        ({"type": "Polygon", "coordinates": [[[36.5, 35.7], [float("nan"), 35.7], [36.9, 36.0], [36.5, 35.7]]]}, "not finite"),
    ],
)
def test_bad_geometries_name_file_feature_and_problem(write_json, geometry, expected):
    path = write_json("areas.geojson", collection(area_feature("fine", DARAA_SQUARE), feature_with(geometry)))
    lines = problems_of(path)
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}: feature 2 (id broken): ")
    assert expected in lines[0]


def test_every_problem_is_reported_together(write_json):
    one = feature_with(None)
    two = area_feature("other", DARAA_SQUARE)
    del two["properties"]["name"]
    path = write_json("areas.geojson", collection(one, two))
    lines = problems_of(path)
    assert len(lines) == 2
    assert "feature 1 (id broken): geometry is null" in lines[0]
    assert "feature 2 (id other): missing required properties: name" in lines[1]


def test_duplicate_and_missing_ids(write_json):
    a = area_feature("same", IDLIB_SQUARE)
    b = area_feature("same", DARAA_SQUARE)
    c = area_feature("x", DARAA_SQUARE)
    del c["properties"]["id"]
    lines = problems_of(write_json("areas.geojson", collection(a, b, c)))
    assert any("duplicate id 'same' (also feature 1)" in line for line in lines)
    assert any("feature 3: missing required properties: id" in line for line in lines)


def test_unknown_kind_and_confidence(write_json):
    a = area_feature("a", IDLIB_SQUARE, kind="zone", confidence="certain")
    lines = problems_of(write_json("areas.geojson", collection(a)))
    assert any("kind is 'zone'" in line for line in lines)
    assert any("confidence is 'certain'" in line for line in lines)


def test_swapped_coordinates_get_a_hint(write_json):
    deir_ez_zor = [[40.0, 35.2], [40.3, 35.2], [40.3, 35.4], [40.0, 35.4], [40.0, 35.2]]
    swapped = [[lat, lon] for lon, lat in deir_ez_zor]
    lines = problems_of(write_json("areas.geojson", collection(area_feature("a", swapped))))
    assert "outside Syria" in lines[0] and "swapped" in lines[0]


def test_projected_coordinates_get_a_hint(write_json):
    metres = [[x * 100000, y * 100000] for x, y in IDLIB_SQUARE]
    lines = problems_of(write_json("areas.geojson", collection(area_feature("a", metres))))
    assert "projected" in lines[0]


def test_self_intersecting_ring_is_repaired_with_a_warning(write_json):
    bowtie = [[36.5, 35.7], [36.9, 36.0], [36.9, 35.7], [36.5, 36.0], [36.5, 35.7]]
    path = write_json("areas.geojson", collection(area_feature("bow", bowtie)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        areas = load.load_areas(path)
    assert areas.geometry.iloc[0].is_valid
    assert areas.geometry.iloc[0].area > 0
    assert any("Self-intersection" in str(w.message) and "feature 1 (id bow)" in str(w.message) for w in caught)


def test_3d_coordinates_are_accepted(write_json):
    ring = [[x, y, 250.0] for x, y in IDLIB_SQUARE]
    areas = load.load_areas(write_json("areas.geojson", collection(area_feature("hill", ring))))
    assert not areas.geometry.iloc[0].has_z


def test_unsupported_extension_and_missing_file(tmp_path):
    assert "unsupported file type '.txt'" in problems_of(tmp_path / "areas.txt")[0]
    assert "file not found" in problems_of(tmp_path / "nothing.geojson")[0]


def test_size_limit_is_checked_before_parsing(write_json, monkeypatch):
    path = write_json("big.geojson", "x" * 2000)
    monkeypatch.setattr(read, "MAX_BYTES", 1000)
    line = problems_of(path)[0]
    assert "over the" in line and "limit" in line


def test_governorates_from_an_ocha_style_file(write_json):
    feature = {"type": "Feature", "properties": {"ADM1_EN": "Idleb", "ADM1_PCODE": "SY07"},
               "geometry": {"type": "Polygon", "coordinates": [IDLIB_SQUARE]}}
    govs = load.load_governorates(write_json("adm1.geojson", collection(feature)))
    assert list(govs["name"]) == ["Idleb"]


def test_governorates_without_a_name_column_list_what_was_found(write_json):
    feature = {"type": "Feature", "properties": {"code": "SY07"},
               "geometry": {"type": "Polygon", "coordinates": [IDLIB_SQUARE]}}
    with pytest.raises(DataError, match=r"no governorate name column \(found: code\)"):
        load.load_governorates(write_json("adm1.geojson", collection(feature)))


def test_geopackage_and_zipped_shapefile_load(tmp_path, two_areas):
    import zipfile

    areas = load.load_areas(two_areas)
    gpkg = tmp_path / "areas.gpkg"
    areas.assign(governorates="").to_file(gpkg, driver="GPKG")
    assert list(load.load_areas(gpkg)["id"]) == ["north", "south"]
    shp = tmp_path / "shp" / "areas.shp"
    shp.parent.mkdir()
    areas.drop(columns="governorates").to_file(shp)
    archive = tmp_path / "areas.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in shp.parent.iterdir():
            zf.write(part, part.name)
    assert list(load.load_areas(archive)["id"]) == ["north", "south"]


def test_loading_never_modifies_the_file(two_areas):
    before = two_areas.read_bytes()
    load.load_areas(two_areas)
    assert two_areas.read_bytes() == before


def test_bundled_data_is_not_modified_by_loading():
    from geo import data

    paths = [data.AREAS, data.OUTLINE, data.GOVERNORATES, data.PROVISIONS]
    before = [p.read_bytes() for p in paths]
    load.load_areas(), load.load_outline(), load.load_governorates()
    assert [p.read_bytes() for p in paths] == before


def test_feature_copy_is_independent():
    # guard for the helpers above: area_feature returns fresh dicts
    a = area_feature("a", IDLIB_SQUARE)
    b = copy.deepcopy(a)
    b["properties"]["id"] = "b"
    assert a["properties"]["id"] == "a"
