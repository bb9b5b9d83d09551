"""geo.model.analysis: km² in an equal-area projection, shares per governorate, locating points (both the plain and
the grid path, checked against shapely itself), and which shape a click lands on."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from geo.model import analysis
from geo.model.analysis import Locator, feature_at
from geo.model.grid import MIN_POINTS as GRID_MIN_POINTS
from geo.scene.scene import View, resolve
from tests.conftest import geodesic_km2

KINDS = ("de-escalation area",)


def frame(ids, geoms, kinds=None, names=None) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"id": ids, "name": names or [i.title() for i in ids],
                             "kind": kinds or ["de-escalation area"] * len(ids)}, geometry=geoms, crs="EPSG:4326")


@pytest.fixture(scope="module")
def layers():
    """Areas with a hole, a MultiPolygon and an overlap, a zone, and two governorates split at lon 36."""
    holed = Polygon([(35.5, 33.0), (36.5, 33.0), (36.5, 34.0), (35.5, 34.0)], [[(35.8, 33.3), (36.2, 33.3),
                                                                                (36.2, 33.7), (35.8, 33.7)]])
    parts = MultiPolygon([box(37.0, 33.0, 37.5, 33.5), box(37.6, 33.6, 38.0, 34.0)])
    over = Polygon([(36.3, 33.8), (37.2, 33.2), (37.3, 34.2)])  # overlaps both: the first listed wins
    areas = frame(["holed", "parts", "over", "belt"], [holed, parts, over, box(36.5, 33.0, 36.7, 34.0)],
                  kinds=["de-escalation area"] * 3 + ["security zone"])
    govs = gpd.GeoDataFrame({"name": ["A", "B"]}, geometry=[box(35, 32, 36, 35), box(36, 32, 39, 35)], crs="EPSG:4326")
    return areas, govs


def first_containing(geoms, x, y) -> np.ndarray:
    """Index of the first shape containing each point (-1 if none), by shapely alone."""
    out = np.full(x.shape, -1)
    for i, geom in enumerate(geoms):
        out[(out < 0) & shapely.contains_xy(geom, x, y)] = i
    return out


# --- km² ------------------------------------------------------------------------------------------


def test_km2_is_measured_in_an_equal_area_projection():
    # a 1°×1° cell at 35° N is about 111 km (north–south) by 91 km (east–west); at the equator 111 × 111 km
    cells = gpd.GeoDataFrame(geometry=[box(36, 34.5, 37, 35.5), box(0, -0.5, 1, 0.5), box(40, 36, 42, 37.5)],
                             crs="EPSG:4326")
    km2 = analysis.area_km2(cells)
    assert km2.iloc[0] == pytest.approx(111 * 91, rel=0.01)
    assert km2.iloc[1] == pytest.approx(111 * 111, rel=0.01)
    for got, geom in zip(km2, cells.geometry, strict=True):
        assert got == pytest.approx(geodesic_km2(geom), rel=1e-3)


def test_km2_of_every_bundled_shape_on_every_date_is_its_real_size(atlas):
    for day, _ in atlas.key_dates:
        dated = atlas.at(day)
        for fid, geom in zip(dated.shapes["id"], dated.shapes.geometry, strict=True):
            assert dated.km2[fid] == pytest.approx(geodesic_km2(geom), rel=2e-3), (day, fid)


# --- shares ----------------------------------------------------------------------------------------


def test_governorate_shares(layers):
    areas, govs = layers
    shares = analysis.governorate_shares(areas[areas["id"] == "holed"], govs)
    assert list(shares["governorate"]) == ["A", "B"] or list(shares["governorate"]) == ["B", "A"]
    assert list(shares["share"]) == pytest.approx([0.5, 0.5], abs=1e-6)  # the hole is split evenly too
    total = analysis.area_km2(areas[areas["id"] == "holed"]).iloc[0]
    assert shares["km2"].sum() == pytest.approx(total, rel=1e-6)


def test_shares_sum_to_one_per_area_largest_first(atlas):
    for day in ("2017-09-15", "2019-01-01", "2020-06-01"):
        dated = atlas.at(day)
        shares = dated.shares
        assert set(shares["id"]) == set(dated.shapes["id"]), day
        for fid, part in shares.groupby("id"):
            assert part["share"].sum() == pytest.approx(1.0, abs=2e-3), (day, fid)
            assert list(part["km2"]) == sorted(part["km2"], reverse=True)
            assert part["km2"].sum() == pytest.approx(dated.km2[fid], rel=2e-3)


def test_an_area_partly_outside_every_governorate_shows_the_share_inside(layers):
    _, govs = layers
    half_out = frame(["edge"], [box(38.5, 33.0, 39.5, 34.0)])  # governorates end at lon 39
    shares = analysis.governorate_shares(half_out, govs)
    assert list(shares["governorate"]) == ["B"] and shares["share"].iloc[0] == pytest.approx(0.5, rel=0.01)


def test_an_area_outside_every_governorate_has_no_shares(layers):
    _, govs = layers
    shares = analysis.governorate_shares(frame(["sea"], [box(30, 30, 31, 31)]), govs)
    assert shares.empty and list(shares.columns) == ["id", "governorate", "km2", "share"]
    assert analysis.governorate_shares(frame([], []), govs).empty


# --- Locator ------------------------------------------------------------------------------------------


def hard_points(geoms, rng, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Random points over the shapes, every vertex, points a hair off them, the bounding box's edges, far
    away points, NaN and infinities."""
    x0, y0, x1, y1 = shapely.total_bounds(geoms)
    x, y = [rng.uniform(x0 - 0.2, x1 + 0.2, n)], [rng.uniform(y0 - 0.2, y1 + 0.2, n)]
    corners = shapely.get_coordinates(geoms)
    for dx, dy in ((0, 0), (1e-9, 0), (0, -1e-9), (-1e-12, 1e-12)):
        x.append(corners[:, 0] + dx)
        y.append(corners[:, 1] + dy)
    edge = np.linspace(0, 1, 1001)
    x += [x0 + edge * (x1 - x0), np.full(1001, x0), np.full(1001, x1), x0 + edge * (x1 - x0)]
    y += [np.full(1001, y0), y0 + edge * (y1 - y0), y0 + edge * (y1 - y0), np.full(1001, y1)]
    x.append(np.array([np.nan, 36.8, np.nan, -200.0, 1e300, -np.inf, 0.0]))
    y.append(np.array([35.8, np.nan, np.nan, 35.8, 35.8, 35.8, 0.0]))
    return np.concatenate(x), np.concatenate(y)


@pytest.mark.parametrize("n", [3000, GRID_MIN_POINTS * 3], ids=["plain path", "grid path"])
def test_locator_equals_shapely(layers, n):
    areas, govs = layers
    x, y = hard_points(np.asarray(areas.geometry.values), np.random.default_rng(7), n)
    locator = Locator.build(areas, govs, KINDS)
    area, gov = locator.locate(x, y)
    assert (locator._grid is not None) == (len(x) >= GRID_MIN_POINTS)
    only_areas = areas[areas["kind"].isin(KINDS)]
    np.testing.assert_array_equal(area, first_containing(only_areas.geometry.values, x, y))
    np.testing.assert_array_equal(gov, first_containing(govs.geometry.values, x, y))
    labels = locator.labels(x, y)
    assert "belt" not in set(labels["zone_id"])  # a zone is not an area
    assert {"holed", "parts", "over", ""} <= set(labels["zone_id"])


def test_the_grid_equals_the_plain_path_and_shapely_on_the_bundled_shapes(atlas):
    shapes = [atlas.at(d).shapes for d in ("2017-09-15", "2018-10-01", "2020-06-01")]
    locator = Locator.build_many(shapes, atlas.governorates, atlas.schema.area_kinds)
    every = np.concatenate([s.geometry.values for s in shapes] + [atlas.governorates.geometry.values])
    x, y = hard_points(every, np.random.default_rng(6), 100_000)
    big = locator.locate_all(x, y)
    assert locator._grid is not None
    step = GRID_MIN_POINTS - 1
    small = [np.concatenate(p) for p in zip(*(locator.locate_all(x[i:i + step], y[i:i + step])
                                              for i in range(0, len(x), step)), strict=True)]
    want = [first_containing(atlas.governorates.geometry.values, x, y)] + [
        first_containing(s[s["kind"].isin(atlas.schema.area_kinds)].geometry.values, x, y) for s in shapes]
    for k, (b, s, w) in enumerate(zip(big, small, want, strict=True)):
        np.testing.assert_array_equal(b, w, err_msg=f"grid, layer {k}")
        np.testing.assert_array_equal(s, w, err_msg=f"plain, layer {k}")
        assert (w >= 0).sum() > 1000  # the check covers real hits


def test_label_arrays_equal_the_labels_frame(layers):
    areas, govs = layers
    x, y = hard_points(np.asarray(areas.geometry.values), np.random.default_rng(10), GRID_MIN_POINTS)
    locator = Locator.build(areas, govs, KINDS)
    table = locator.labels(x, y)
    for name, column in zip(("zone_id", "zone_name", "governorate"), locator.label_arrays(x, y), strict=True):
        assert column.null_count == 0 and column.to_pylist() == table[name].tolist()


def test_a_layer_without_areas_locates_nothing(layers):
    areas, govs = layers
    locator = Locator.build(areas[areas["kind"] == "security zone"], govs, KINDS)
    rng = np.random.default_rng(9)
    x, y = rng.uniform(35.4, 38.1, GRID_MIN_POINTS * 2), rng.uniform(32.5, 34.5, GRID_MIN_POINTS * 2)
    area, gov = locator.locate(x, y)
    assert (area == -1).all() and (gov >= 0).all()


# --- which shape a click lands on -------------------------------------------------------------------------


def test_feature_at_returns_the_last_drawn_shape(layers):
    areas, _ = layers
    overlap = (33.75, 36.45)  # inside "holed" and "over"
    assert feature_at(areas, *overlap) == "over"  # drawn after "holed"
    assert feature_at(areas.iloc[::-1], *overlap) == "holed"
    assert feature_at(areas, 33.1, 36.6) == "belt"  # the zone, drawn last, over "holed"
    assert feature_at(areas, 33.5, 36.0) is None  # in the hole
    assert feature_at(areas, 33.25, 37.25) == "parts"
    assert feature_at(areas, 30.0, 30.0) is None
    assert feature_at(areas, float("nan"), 36.0) is None
    assert feature_at(areas.iloc[0:0], 33.1, 35.6) is None


@pytest.mark.parametrize("order", ["as bundled", "zones first in the file"])
def test_a_click_on_the_security_zone_inside_the_idlib_area_selects_the_zone(atlas, order):
    if order != "as bundled":
        atlas = atlas.with_areas(atlas.areas.iloc[::-1].reset_index(drop=True), "reversed.geojson")
    scene = resolve(atlas.at(), View())
    shapes = scene.shapes.set_index("id").geometry
    inside = shapes["idlib_security_zone"].intersection(shapes["idlib"]).representative_point()
    outside = shapes["idlib"].difference(shapes["idlib_security_zone"]).representative_point()
    assert feature_at(scene.shapes, inside.y, inside.x) == "idlib_security_zone"
    assert feature_at(scene.shapes, outside.y, outside.x) == "idlib"
