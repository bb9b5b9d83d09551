"""The static map as a press map, checked by machine: framing on the areas with insets for the small ones
and a locator, named neighbours and sea, area names and towns that do not overlap, the date and every
credit, legibility presets, the marked place, colours inside the areas (and in greyscale), fonts in PDF."""

from __future__ import annotations

import io
import itertools

import numpy as np
import pytest
import shapely
from PIL import Image

from geo.draw import export, static
from geo.draw.static import labels, presets
from geo.draw.static import layers as static_layers
from geo.draw.static.labels import TOWNS
from geo.draw.static.output import Output
from geo.scene.scene import Marker, View, resolve
from tests.conftest import scene_of
from tests.test_export import svg_text

NEIGHBOURS = ("Turkey", "Lebanon", "Jordan", "Iraq", "Israel")
KEY_TOWNS = ("Douma", "Rastan", "Talbiseh", "Saraqib", "Khan Shaykhun", "Maarat al-Numan", "Daraa al-Balad", "Idlib",
             "Aleppo", "Hama", "Homs", "Damascus", "Daraa", "Latakia")


@pytest.fixture(scope="module")
def default(atlas):  # noqa: F811
    return scene_of(atlas)


@pytest.fixture(scope="module")
def page_svg(default):
    return svg_text(export.render_bytes("svg", default, 1600, 1200))


@pytest.fixture(scope="module")
def page_png(default):
    out = io.BytesIO()
    result = static.draw(default, Output(width=1600, height=1200), out)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB"), result


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=float)


def _blend(hex_colour: str, alpha: float) -> np.ndarray:
    return alpha * _rgb(hex_colour) + (1 - alpha) * 255


def _inside_points(scene, area_id: str, n: int = 60) -> list[tuple[float, float]]:
    """Points well inside an area and off every zone (their hatch is not the area's colour)."""
    shapes = scene.shapes
    geom = shapes.loc[shapes["id"] == area_id, "geometry"].iloc[0]
    zones = shapes.loc[~shapes["is_area"], "geometry"]
    inner = geom.buffer(-0.01)
    if len(zones):
        inner = inner.difference(shapely.union_all(zones.values).buffer(0.01))
    x0, y0, x1, y1 = inner.bounds
    xs, ys = np.meshgrid(np.linspace(x0, x1, 25), np.linspace(y0, y1, 25))
    pts = [(x, y) for x, y in zip(xs.ravel(), ys.ravel(), strict=True) if inner.contains(shapely.Point(x, y))]
    return pts[:: max(len(pts) // n, 1)]


def _share_matching(image, result, points, expected: np.ndarray, slot=None, tol: float = 14) -> float:
    pixels = np.asarray(image, dtype=float)
    hits = 0
    for lon, lat in points:
        col, row = result.pixel_of(lon, lat, slot)
        hits += bool(np.abs(pixels[row, col] - expected).max() <= tol)
    return hits / max(len(points), 1)


# --- framing --------------------------------------------------------------------------------


def test_the_areas_fill_the_frame_with_a_locator_of_the_whole_country(default, page_png):
    _, result = page_png
    fx0, fy0, fx1, fy1 = static.layout.projected_frame(default)
    x0, x1, y0, y1 = result.extent
    assert (fy1 - fy0) / (y1 - y0) > 0.85  # western Syria fills the height
    assert (fx1 - fx0) / (x1 - x0) > 0.4  # and most of the width: the rest is context
    assert result.locator is not None


@pytest.mark.parametrize("area_id", ["eastern_ghouta", "northern_homs"])
def test_the_small_areas_get_an_inset_at_least_60_px_across(default, page_png, area_id):
    image, result = page_png
    slot = result.slot(area_id)
    assert slot is not None, f"no inset for {area_id}"
    w, s, e, n = default.shapes.loc[default.shapes["id"] == area_id].total_bounds
    (c0, r0), (c1, r1) = result.pixel_of(w, s, slot), result.pixel_of(e, n, slot)
    assert abs(c1 - c0) >= 60 and abs(r1 - r0) >= 60
    row = default.shapes[default.shapes["id"] == area_id].iloc[0]
    expected = _blend(row.fill, static_layers.AREA_ALPHA[row.state])
    assert _share_matching(image, result, _inside_points(default, area_id), expected, slot) > 0.5


def test_the_big_areas_get_no_inset(page_png):
    _, result = page_png
    assert result.slot("idlib") is None and result.slot("southern") is None


@pytest.mark.parametrize("area_id", ["idlib", "northern_homs"])
def test_a_selected_area_is_framed(atlas, area_id):  # noqa: F811
    scene = scene_of(atlas, selected=area_id)
    result = static.plan(scene, Output())
    w, s, e, n = scene.shapes.loc[scene.shapes["id"] == area_id].total_bounds
    (c0, r0), (c1, r1) = result.pixel_of(w, s), result.pixel_of(e, n)
    box_w, box_h = result.box[2] * result.dpi, result.box[3] * result.dpi
    assert max(abs(c1 - c0) / box_w, abs(r1 - r0) / box_h) > 0.5
    assert result.slot("eastern_ghouta") is None and result.slot(area_id) is None  # no inset needed
    assert result.locator is not None


def test_a_provision_for_all_syria_shows_the_whole_country_without_locator(atlas):  # noqa: F811
    result = static.plan(scene_of(atlas, provisions=(4,)), Output())
    assert result.locator is None and result.slot("eastern_ghouta") is not None


# --- what is named -------------------------------------------------------------------------


def test_neighbours_and_sea_are_named(page_svg):
    upper = page_svg.upper()
    for name in NEIGHBOURS:
        assert name.upper() in upper, name
    assert "Mediterranean" in page_svg


def test_areas_are_named_on_the_map_not_only_in_the_legend(default, page_png, page_svg):
    _, result = page_png
    names = set(default.shapes.loc[default.shapes["is_area"], "name"])
    assert set(result.placed["areas"]) == names
    for name in names:
        assert page_svg.count(name) >= 2, name  # on the map and in the key


def test_key_towns_are_marked(page_svg):
    for town in KEY_TOWNS:
        assert town in page_svg, town


def test_date_title_and_every_credit_are_written(default, page_svg):
    assert default.title in page_svg
    assert "As of 15 September 2017" in page_svg
    for credit in default.credits:
        assert " ".join(credit.split()) in page_svg, credit
    assert default.atlas.credits["places"] in page_svg  # towns are drawn: GeoNames is credited
    assert "approximate" in page_svg.lower()


def test_no_two_labels_overlap(default):
    out = io.BytesIO()
    result = static.draw(default, Output(width=1600, height=1200), out)
    ax = result.drawn.main
    renderer = ax.figure.canvas.get_renderer()
    boxes = []
    for text in ax.texts:
        if not text.get_visible() or not text.get_text().strip():
            continue
        patch = text.get_bbox_patch()
        box = (patch.get_window_extent(renderer) if patch is not None else text.get_window_extent(renderer))
        boxes.append((text.get_text(), box))
    assert len(boxes) > 20
    for (a, ba), (b, bb) in itertools.combinations(boxes, 2):
        overlap_w = min(ba.x1, bb.x1) - max(ba.x0, bb.x0)
        overlap_h = min(ba.y1, bb.y1) - max(ba.y0, bb.y0)
        assert overlap_w <= 1 or overlap_h <= 1, f"{a!r} overlaps {b!r}"


@pytest.mark.parametrize("zone, size", [(None, (800, 600)), ("idlib", (800, 600)), ("idlib", (1600, 1200)),
                                        (None, (1600, 1200))])
def test_a_marked_place_is_named_clear_of_every_other_name_and_of_the_credits(atlas, zone, size):  # noqa: F811
    """Saraqib's name once covered the "g" of "neighbouring" (Idlib selected, 800×600): the marked place is
    named first, and every other name keeps off it; and it stays on the map, off the credit line."""
    view = export.view_for(atlas, zones=(zone,) if zone else (), mark="Saraqib")
    result = static.draw(resolve(atlas.at(view.date), view), Output(width=size[0], height=size[1]), io.BytesIO())
    ax = result.drawn.main
    renderer = ax.figure.canvas.get_renderer()

    def box(text):
        patch = text.get_bbox_patch()
        return patch.get_window_extent(renderer) if patch is not None else text.get_window_extent(renderer)

    texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
    mark = next(box(t) for t in texts if t.get_text() == "Saraqib" and t.get_fontweight() == "bold")
    for other in texts:
        if other.get_text() == "Saraqib":
            continue
        b = box(other)
        assert min(mark.x1, b.x1) - max(mark.x0, b.x0) <= 1 or min(mark.y1, b.y1) - max(mark.y0, b.y0) <= 1, \
            f"Saraqib overlaps {other.get_text()!r}"
    frame = ax.get_window_extent(renderer)
    assert frame.x0 <= mark.x0 and mark.x1 <= frame.x1 and frame.y0 <= mark.y0 and mark.y1 <= frame.y1


def test_governorate_names_stay_off_the_areas(default):
    out = io.BytesIO()
    result = static.draw(default, Output(width=1600, height=1200), out)
    ax = result.drawn.main
    renderer = ax.figure.canvas.get_renderer()
    names = {str(n).upper() for n in default.atlas.governorates["name"]}
    areas = [static_layers._project_one(g) for g in default.shapes.loc[default.shapes["is_area"], "geometry"]]
    placed = 0
    for text in ax.texts:
        if text.get_text() not in names:
            continue
        placed += 1
        box = text.get_window_extent(renderer)
        (x0, y0), (x1, y1) = ax.transData.inverted().transform([(box.x0, box.y0), (box.x1, box.y1)])
        assert not any(shapely.box(x0, y0, x1, y1).intersects(a) for a in areas), text.get_text()
    assert placed >= 3


# --- colours -------------------------------------------------------------------------------


@pytest.mark.parametrize("area_id", ["idlib", "southern"])
def test_each_area_has_its_colour_inside_it(default, page_png, area_id):
    image, result = page_png
    row = default.shapes[default.shapes["id"] == area_id].iloc[0]
    expected = _blend(row.fill, static_layers.AREA_ALPHA[row.state])
    points = _inside_points(default, area_id)
    # Where a town's name stands on the area, its colour shows through the name's white halo.
    veiled = expected * (1 - labels.HALO["alpha"]) + 255 * labels.HALO["alpha"]
    seen = _share_matching(image, result, points, expected) + _share_matching(image, result, points, veiled)
    assert seen > 0.6 and _share_matching(image, result, points, expected) > 0.4


def test_a_filter_lights_its_places_and_dims_the_rest(atlas):  # noqa: F811
    scene = scene_of(atlas, provisions=(5,))  # the Idlib security zone; its area is context, the rest dimmed
    out = io.BytesIO()
    result = static.draw(scene, Output(width=1600, height=1200), out)
    image = Image.open(io.BytesIO(out.getvalue())).convert("RGB")
    row = scene.shapes[scene.shapes["id"] == "southern"].iloc[0]
    assert row.state == "dimmed"
    grey = _blend(row.fill, static_layers.AREA_ALPHA["dimmed"])
    assert _share_matching(image, result, _inside_points(scene, "southern"), grey) > 0.5


def test_readable_in_greyscale_areas_stand_out_and_zones_are_hatched(default, page_png):
    image, result = page_png
    grey = np.asarray(image.convert("L"), dtype=float)
    for area_id in ("idlib", "southern"):
        values = [grey[r, c] for c, r in (result.pixel_of(x, y) for x, y in _inside_points(default, area_id))]
        assert 255 - np.median(values) >= 35, area_id  # the land around is white
    zone = default.shapes[default.shapes["id"] == "idlib_security_zone"].geometry.iloc[0]
    area = default.shapes[default.shapes["id"] == "idlib"].geometry.iloc[0]
    band = zone.difference(area).buffer(-0.01)
    x0, y0, x1, y1 = band.bounds
    pts = [(x, y) for x in np.linspace(x0, x1, 40) for y in np.linspace(y0, y1, 40) if band.contains(shapely.Point(x, y))]
    values = np.array([grey[r, c] for c, r in (result.pixel_of(x, y) for x, y in pts)])
    assert values.std() > 15  # hatch lines and gaps, not a flat tone


# --- presets and sizes ---------------------------------------------------------------------


def test_a_zone_is_drawn_over_its_area(default):
    from matplotlib.colors import to_hex
    from matplotlib.figure import Figure

    drawing = static_layers.Drawing.of(default, Output(preset="page")).at(500.0)
    artists = static_layers.draw_shapes(Figure().add_subplot(), drawing)
    areas = {c.lower() for c in default.shapes.loc[default.shapes["is_area"], "fill"]}
    hatches = [a.get_zorder() for a in artists if a.get_hatch()]
    fills = [a.get_zorder() for a in artists if not a.get_hatch() and to_hex(a.get_facecolor()[:3]) in areas]
    assert hatches and fills and min(hatches) > max(fills)  # matplotlib paints by zorder: the zone on top


def test_presets_follow_the_width_unless_named():
    assert presets.choose(None, 1600, 1200).name == "page"
    assert presets.choose(None, 800, 600).name == "column"
    thumb = presets.choose(None, 400, 300)
    assert thumb.thumb and not thumb.legend_shown
    assert presets.choose("slide", 1920, 1080).name == "slide"


@pytest.mark.parametrize("size,smallest_px", [((1600, 1200), 14), ((800, 600), 11.5)])
def test_text_is_large_enough_to_print(default, size, smallest_px):
    out = io.BytesIO()
    result = static.draw(default, Output(width=size[0], height=size[1]), out)
    fig = result.drawn.main.figure
    texts = list(fig.texts) + [t for ax in fig.axes for t in ax.texts]
    for legend in fig.legends:
        texts += legend.get_texts()
    sizes = [t.get_fontsize() * fig.dpi / 72 for t in texts if t.get_text().strip()]
    assert min(sizes) >= smallest_px


def test_a_thumbnail_still_shows_the_title_and_the_areas(default):
    out = io.BytesIO()
    result = static.draw(default, Output(width=400, height=300), out)
    image = Image.open(io.BytesIO(out.getvalue())).convert("RGB")
    assert image.size == (400, 300)
    fig = result.drawn.main.figure
    title = next(t for t in fig.texts if t.get_text() == default.title)
    assert title.get_fontsize() * fig.dpi / 72 >= 12
    row = default.shapes[default.shapes["id"] == "idlib"].iloc[0]
    expected = _blend(row.fill, static_layers.AREA_ALPHA[row.state])
    assert _share_matching(image, result, _inside_points(default, "idlib"), expected, tol=18) > 0.4
    assert result.slot("eastern_ghouta") is not None
    svg = svg_text(export.render_bytes("svg", default, 400, 300))
    assert default.title in svg and "As of 15 September 2017" in svg and "approximate" in svg


def test_column_map_keeps_every_legend_entry(atlas):  # noqa: F811
    scene = scene_of(atlas, provisions=(1, 5, 9))
    text = svg_text(export.render_bytes("svg", scene, 800, 600))
    for entry in scene.legend:
        assert " ".join(entry.label.split())[:30] in text, entry.label


# --- the marked place ----------------------------------------------------------------------


def test_a_marked_place_is_drawn_named_and_credited(atlas):  # noqa: F811
    view = export.view_for(atlas, mark="Saraqib")
    scene = resolve(atlas.at(view.date), view)
    out = io.BytesIO()
    result = static.draw(scene, Output(width=1600, height=1200), out)
    image = np.asarray(Image.open(io.BytesIO(out.getvalue())).convert("L"))
    col, row = result.pixel_of(view.marker.lon, view.marker.lat)
    assert image[row - 2:row + 3, col - 2:col + 3].min() < 60  # the star
    text = svg_text(export.render_bytes("svg", scene, 1600, 1200))
    assert "Saraqib" in text and "GeoNames" in text


def test_the_page_searched_place_is_the_same_marker(atlas):  # noqa: F811
    place = Marker("Talbiseh", TOWNS["Talbiseh"][0], TOWNS["Talbiseh"][1])
    scene = resolve(atlas.at(), View(marker=place))
    assert "Talbiseh" in svg_text(export.render_bytes("svg", scene, 800, 600))


# --- vector formats ------------------------------------------------------------------------


def test_pdf_embeds_truetype_fonts_and_its_text_can_be_extracted(default):
    pdf = export.render_bytes("pdf", default, 1600, 1200)
    assert b"/FontFile2" in pdf and b"/Type3" not in pdf
    pypdf = pytest.importorskip("pypdf")
    text = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "As of 15 September 2017" in text and "Eastern Ghouta" in text
    for on_the_map in ("Damascus", "Saraqib", "LEBANON", "Mediterranean"):  # the map itself, not only its key
        assert on_the_map in text
