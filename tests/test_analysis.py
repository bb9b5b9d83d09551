"""geo.analysis: km² in an equal-area projection, governorate shares, vectorised point location."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
from shapely.geometry import Point, Polygon, box

from geo import analysis


@pytest.fixture
def layers():
    # Two areas and a security zone; two "governorates" split at lon 36.
    areas = gpd.GeoDataFrame(
        {"id": ["west", "east", "belt"], "name": ["West", "East", "Belt"],
         "kind": ["de-escalation area", "de-escalation area", "security zone"]},
        geometry=[box(35.5, 33.0, 36.5, 34.0), Polygon([(37, 33), (38, 33), (38, 34), (37, 33)]), box(36.5, 33.0, 36.7, 34.0)],
        crs="EPSG:4326",
    )
    govs = gpd.GeoDataFrame({"name": ["A", "B"]}, geometry=[box(35, 32, 36, 35), box(36, 32, 39, 35)], crs="EPSG:4326")
    return areas, govs


def test_area_is_computed_in_an_equal_area_projection():
    # A 1°×1° cell at the equator is about 12,364 km²; at 33–34° N about 10,300 km².
    cells = gpd.GeoSeries([box(0, 0, 1, 1), box(36, 33, 37, 34)], crs="EPSG:4326")
    km2 = analysis.area_km2(gpd.GeoDataFrame(geometry=cells))
    assert km2.iloc[0] == pytest.approx(12364, rel=0.01)
    assert km2.iloc[1] == pytest.approx(10300, rel=0.02)


def test_governorate_shares_add_up(layers):
    areas, govs = layers
    shares = analysis.governorate_shares(areas, govs)
    west = shares[shares["id"] == "west"]
    assert list(west["governorate"]) == ["A", "B"] or list(west["governorate"]) == ["B", "A"]
    assert west["share"].sum() == pytest.approx(1.0, abs=1e-6)
    assert west["share"].max() == pytest.approx(0.5, abs=0.01)


def test_locator_matches_shapely_point_by_point(layers):
    areas, govs = layers
    rng = np.random.default_rng(7)
    lon = rng.uniform(35, 39, 5000)
    lat = rng.uniform(32, 35, 5000)
    labels = analysis.Locator.build(areas, govs).labels(lon, lat)
    expected = []
    for x, y in zip(lon, lat):
        p = Point(x, y)
        expected.append("west" if areas.geometry[0].contains(p) else "east" if areas.geometry[1].contains(p) else "")
    assert list(labels["zone_id"]) == expected
    assert (labels["zone_id"] != "belt").all()  # the security zone is not an area


def test_locator_leaves_bad_and_outside_points_empty(layers):
    areas, govs = layers
    lon = np.array([np.nan, 36.0, 10.0, 35.8])
    lat = np.array([33.5, np.inf, 10.0, 33.5])
    labels = analysis.Locator.build(areas, govs).labels(lon, lat)
    assert list(labels["zone_id"]) == ["", "", "", "west"]
    assert list(labels["governorate"]) == ["", "", "", "A"]


def test_area_at_prefers_an_area_then_the_security_zone(layers):
    areas, _ = layers
    assert analysis.area_at(areas, 33.5, 36.0) == "west"
    assert analysis.area_at(areas, 33.5, 36.6) == "belt"
    assert analysis.area_at(areas, 30.0, 30.0) is None
    assert analysis.area_at(areas, float("nan"), 36.0) is None


def test_bundled_areas_have_plausible_sizes():
    from geo.load import load_areas

    areas = load_areas()
    km2 = dict(zip(areas["id"], analysis.area_km2(areas)))
    assert 80 <= km2["eastern_ghouta"] <= 140
    assert 700 <= km2["northern_homs"] <= 1500
    assert km2["idlib"] > 5000
    assert km2["southern"] > 1000
