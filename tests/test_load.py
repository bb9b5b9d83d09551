"""geo.model.load: the bundled layers load with the contract; a user's areas are checked against the schema, their
dates and the country; every problem is reported at once, naming file, feature and what is wrong."""

from __future__ import annotations

import warnings

import pytest

from geo.base import data
from geo.base.errors import DataError
from geo.model import load
from geo.model.schema import schema
from tests.conftest import DARAA_SQUARE, IDLIB_SQUARE, area_feature, collection


def problems_of(path, **kwargs) -> list[str]:
    with pytest.raises(DataError) as info:
        load.load_areas(path, **kwargs)
    return info.value.lines


@pytest.fixture(scope="module")
def bundled():
    return load.load_areas()


def test_bundled_areas_carry_the_contract_and_every_kind(bundled):
    assert set(load.CONTRACT) <= set(bundled.columns)
    assert {"idlib", "northern_homs", "eastern_ghouta", "southern", "idlib_security_zone"} <= set(bundled["id"])
    assert set(bundled["kind"]) <= set(schema().kinds)
    assert bundled.crs.to_epsg() == 4326
    for row in bundled.itertuples(index=False):
        assert row.valid_from, f"{row.id} has no valid_from"
        assert row.method and row.source and row.confidence in ("high", "medium", "low"), row.id


def test_bundled_periods_of_one_id_never_overlap(bundled):
    for area_id, rows in bundled.groupby("id"):
        spans = sorted(zip(rows["start"], rows["end"], strict=True))
        for (_, end), (start, _) in zip(spans, spans[1:], strict=False):
            assert end <= start, f"{area_id}: periods overlap"


def test_zones_belong_to_an_area_by_data(bundled):
    areas = bundled["kind"].isin(schema().area_kinds)
    agreed = bundled["kind"].isin(schema().agreed_kinds)
    assert set(bundled.loc[~areas & ~agreed, "part_of"]) == {"idlib"}
    assert set(bundled.loc[areas, "part_of"]) == {""}
    # Each area as agreed belongs to the area it is the agreed shape of, and names its agreement.
    assert set(bundled.loc[agreed, "part_of"]) == set(bundled.loc[areas, "id"])
    assert set(bundled.loc[agreed, "agreement"]) == {"memorandum-2017", "statement-2017", "sochi-2018", "moscow-2020"}
    assert (bundled.loc[~agreed, "agreement"] == "").all()


def test_bundled_outline_governorates_neighbours_and_posts_load():
    outline = load.load_outline()
    assert set(outline["kind"]) == {"country", "occupied territory"}
    govs = load.load_governorates()
    assert len(govs) == 14 and {"Idlib", "Daraa", "Rif Dimashq", "Quneitra"} <= set(govs["name"])
    neighbours = load.load_neighbours()
    assert {"Turkey", "Lebanon", "Jordan", "Iraq", "Israel"} <= set(neighbours["name"])
    posts = load.load_posts()
    assert len(posts) == 18 and posts.geometry.geom_type.eq("Point").all()  # 12 Turkish, 4 Russian, 2 crossings
    assert (posts["operator"] == "Turkey").sum() == 12


def test_a_user_file_without_dates_holds_on_every_date(two_areas):
    areas = load.load_areas(two_areas)
    assert list(areas["id"]) == ["north", "south"]
    assert (areas["start"] == load.OPEN_START).all() and (areas["end"] == load.OPEN_END).all()


@pytest.mark.parametrize("content, expected", [
    ("", "file is empty"),
    ('{"type": "FeatureCollection", "features": [', "not valid JSON"),
    ("[1, 2, 3]", "not a GeoJSON object"),
])
def test_broken_files_are_named_with_the_problem(write_json, content, expected):
    path = write_json("bad.geojson", content)
    lines = problems_of(path)
    assert len(lines) == 1 and lines[0].startswith(f"{path}: ") and expected in lines[0]


def test_every_problem_is_reported_together_in_file_order(write_json):
    one = area_feature("broken", IDLIB_SQUARE)
    one["geometry"] = None
    two = area_feature("other", DARAA_SQUARE)
    del two["properties"]["name"]
    lines = problems_of(write_json("areas.geojson", collection(one, two)))
    assert len(lines) == 2
    assert "feature 1 (id broken): geometry is null" in lines[0]
    assert "feature 2 (id other): missing required properties: name — every feature needs id, kind, name" in lines[1]


def test_schema_violations_name_the_value_and_what_is_allowed(write_json):
    bad = area_feature("a", IDLIB_SQUARE, kind="zone", confidence="certain", valid_from="15/09/2017")
    lines = problems_of(write_json("areas.geojson", collection(bad)))
    text = "\n".join(lines)
    assert "kind is 'zone' — expected one of 'de-escalation area', 'security zone'" in text
    assert "confidence is 'certain' — expected one of 'high', 'medium', 'low'" in text
    assert "valid_from is '15/09/2017' — a date written YYYY-MM-DD" in text


def test_two_periods_of_one_id_are_fine_unless_they_overlap(write_json):
    early = area_feature("same", IDLIB_SQUARE, valid_from="2017-05-04", valid_to="2018-02-14")
    late = area_feature("same", DARAA_SQUARE, valid_from="2018-02-14")
    assert len(load.load_areas(write_json("ok.geojson", collection(early, late)))) == 2
    clash = area_feature("same", DARAA_SQUARE, valid_from="2018-01-01")
    lines = problems_of(write_json("bad.geojson", collection(early, clash)))
    assert lines == [f"{write_json('bad.geojson', collection(early, clash))}: feature 2 (id same): id 'same' is also "
                     "feature 1, and their dates overlap — ids are unique, or each period of one id has its own "
                     "valid_from/valid_to that do not overlap"]
    undated = problems_of(write_json("dup.geojson", collection(area_feature("x", IDLIB_SQUARE),
                                                               area_feature("x", DARAA_SQUARE))))
    assert "duplicate id 'x' (also feature 1)" in undated[0]


def test_an_end_before_the_start_and_an_unknown_parent_are_refused(write_json):
    backwards = area_feature("a", IDLIB_SQUARE, valid_from="2018-01-01", valid_to="2017-01-01")
    orphan = area_feature("z", DARAA_SQUARE, kind="security zone", part_of="atlantis")
    lines = problems_of(write_json("areas.geojson", collection(backwards, orphan)))
    assert "valid_to '2017-01-01' is not after valid_from '2018-01-01'" in lines[0]
    assert "feature 2 (id z): part_of names unknown area 'atlantis'" in lines[1]


def test_shapes_outside_syria_are_refused_with_a_hint(write_json):
    outline = load.load_outline()
    beirut = [[35.45, 33.85], [35.55, 33.85], [35.55, 33.95], [35.45, 33.95], [35.45, 33.85]]
    swapped = [[lat, lon] for lon, lat in IDLIB_SQUARE]
    golan = [[35.70, 33.00], [35.78, 33.00], [35.78, 33.10], [35.70, 33.10], [35.70, 33.00]]  # Katzrin
    lines = problems_of(write_json("a.geojson", collection(area_feature("lebanon", beirut),
                                                           area_feature("swapped", swapped),
                                                           area_feature("golan", golan))), outline=outline)
    assert "feature 1 (id lebanon): shape lies outside Syria (bounds" in lines[0]
    assert "latitude and longitude look swapped" in lines[1]
    assert "feature 3 (id golan): shape covers the Israeli-occupied Golan" in lines[2]


def test_self_intersecting_ring_is_repaired_with_a_warning(write_json):
    bowtie = [[36.5, 35.7], [36.9, 36.0], [36.9, 35.7], [36.5, 36.0], [36.5, 35.7]]
    path = write_json("areas.geojson", collection(area_feature("bow", bowtie)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        areas = load.load_areas(path)
    assert areas.geometry.iloc[0].is_valid and areas.geometry.iloc[0].area > 0.05
    assert any("Self-intersection" in str(w.message) and "feature 1 (id bow)" in str(w.message) for w in caught)


def test_governorates_from_an_ocha_style_file_and_without_a_name(write_json):
    feature = {"type": "Feature", "properties": {"ADM1_EN": "Idleb", "ADM1_PCODE": "SY07"},
               "geometry": {"type": "Polygon", "coordinates": [IDLIB_SQUARE]}}
    assert list(load.load_governorates(write_json("adm1.geojson", collection(feature)))["name"]) == ["Idleb"]
    feature["properties"] = {"code": "SY07"}
    with pytest.raises(DataError, match=r"no governorate name column \(found: code\)"):
        load.load_governorates(write_json("adm1b.geojson", collection(feature)))


def test_geopackage_and_zipped_shapefile_in_a_folder_load(tmp_path, two_areas):
    import zipfile

    areas = load.load_areas(two_areas).drop(columns=["start", "end"])
    gpkg = tmp_path / "areas.gpkg"
    areas.assign(governorates="").to_file(gpkg, driver="GPKG")
    assert list(load.load_areas(gpkg)["id"]) == ["north", "south"]
    shp = tmp_path / "shp" / "areas.shp"
    shp.parent.mkdir()
    areas.drop(columns="governorates").to_file(shp)
    archive = tmp_path / "areas.zip"
    with zipfile.ZipFile(archive, "w") as zf:  # what zipping a folder gives: the files inside "shp/"
        for part in shp.parent.iterdir():
            zf.write(part, f"shp/{part.name}")
    assert list(load.load_areas(archive)["id"]) == ["north", "south"]


def test_loading_never_modifies_a_file(two_areas):
    paths = [two_areas, data.AREAS, data.OUTLINE, data.GOVERNORATES, data.PROVISIONS]
    before = [p.read_bytes() for p in paths]
    load.load_areas(two_areas), load.load_areas(), load.load_outline(), load.load_governorates()
    assert [p.read_bytes() for p in paths] == before
