"""Exports: each format round-trips, the PNG has its size and shows the highlight where it should,
the SVG keeps names as text, and a failed or refused export leaves the old file untouched."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from geo import data, export, load, static_map
from geo.cli import main
from geo.errors import ExportError, InputError, ZonemapError
from geo.offline import external_urls
from geo.provisions import load_provisions
from geo.view import View

# Small hand-made layers (lon, lat), away from the town labels the map always draws.
SQUARES = {
    "idlib": (36.15, 35.45, 36.45, 35.75),
    "northern_homs": (36.85, 34.85, 37.15, 35.05),
    "eastern_ghouta": (36.45, 33.55, 36.65, 33.70),
    "southern": (35.95, 32.75, 36.30, 33.05),
}
NAMES = {"idlib": "Idlib", "northern_homs": "Northern Homs", "eastern_ghouta": "Eastern Ghouta",
         "southern": "Southern <Daraa & Quneitra>"}
SYRIA = [[35.75, 32.72], [35.62, 33.25], [36.6, 34.2], [35.97, 34.65], [35.75, 35.55], [36.6, 36.8],
         [38.0, 36.85], [42.2, 37.3], [42.36, 37.11], [41.25, 34.7], [38.8, 33.37], [36.9, 32.3], [35.75, 32.72]]
GOLAN = [[35.62, 33.25], [35.75, 32.72], [35.9, 32.9], [35.85, 33.2], [35.62, 33.25]]


def _ring(x0, y0, x1, y1):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def _feature(props, rings):
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": rings}}


def _area(fid, kind, name, rings):
    return _feature({"id": fid, "kind": kind, "name": name, "name_ar": "منطقة", "governorates": [],
                     "source": "test", "method": "test square", "confidence": "low", "note": ""}, rings)


def make_layer_files(folder: Path, names: dict[str, str] | None = None) -> dict[str, Path]:
    """Write the hand-made areas, outline and governorates to ``folder`` (also used by the e2e test)."""
    names = {**NAMES, **(names or {})}
    x0, y0, x1, y1 = SQUARES["idlib"]
    belt = [_ring(x0 - 0.08, y0 - 0.08, x1 + 0.08, y1 + 0.08), _ring(x0 - 0.02, y0 - 0.02, x1 + 0.02, y1 + 0.02)[::-1]]
    areas = [_area(i, "de-escalation area", names[i], [_ring(*b)]) for i, b in SQUARES.items()]
    areas.append(_area("idlib_security_zone", "security zone", "Idlib security zone", belt))
    outline = [_feature({"id": "syria", "kind": "country", "name": "Syria"}, [SYRIA]),
               _feature({"id": "golan_occupied", "kind": "occupied", "name": "Golan (occupied)"}, [GOLAN])]
    governorates = [_feature({"id": "west", "name": "Westgov"}, [_ring(35.6, 32.3, 38.0, 37.0)]),
                    _feature({"id": "east", "name": "Eastgov"}, [_ring(38.0, 32.3, 42.4, 37.3)])]
    files = {}
    for name, features in (("areas", areas), ("outline", outline), ("governorates", governorates)):
        files[name] = folder / f"{name}.geojson"
        files[name].write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                               encoding="utf-8")
    return files


@pytest.fixture(scope="module")
def layer_files(tmp_path_factory) -> dict[str, Path]:
    return make_layer_files(tmp_path_factory.mktemp("layers"))


@pytest.fixture(scope="module")
def layers(layer_files):
    areas = load.load_areas(layer_files["areas"])
    return {"areas": areas, "outline": load.load_outline(layer_files["outline"]),
            "governorates": load.load_governorates(layer_files["governorates"]),
            "provisions": load_provisions(None, areas["id"])}


@pytest.fixture
def cli_layers(layer_files, monkeypatch) -> list[str]:
    """CLI options pointing at the test layers (the outline has no option: patch the bundled path)."""
    monkeypatch.setattr(data, "OUTLINE", layer_files["outline"])
    return ["--zones", str(layer_files["areas"]), "--governorates", str(layer_files["governorates"])]


def render(layers, fmt, view=None, **kwargs) -> bytes:
    return export.render_bytes(fmt, view or View(), layers["areas"], layers["outline"], layers["governorates"],
                               layers["provisions"], **kwargs)


def write(layers, path, view=None, **kwargs) -> Path:
    return export.write(path, None, view or View(), layers["areas"], layers["outline"], layers["governorates"],
                        layers["provisions"], **kwargs)


# --- formats -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1600, 1200), (800, 600), (1237, 731)])
def test_png_has_the_requested_size(layers, size):
    image = Image.open(io.BytesIO(render(layers, "png", width=size[0], height=size[1])))
    assert image.format == "PNG" and image.size == size


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf", ".html"])
def test_each_format_round_trips(layers, tmp_path, suffix):
    path = write(layers, tmp_path / f"map{suffix}", View(provisions=(5,)))
    content = path.read_bytes()
    if suffix == ".png":
        assert Image.open(path).size == (1600, 1200)
    elif suffix == ".svg":
        assert ET.fromstring(content).tag.endswith("svg")
    elif suffix == ".pdf":
        assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    else:
        text = content.decode("utf-8")
        assert "L.map(" in text and "Provision 5 — where it applies" in text
        assert external_urls(text) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def _pixel_colour(png: bytes, layers, lon: float, lat: float, size=(1600, 1200)) -> tuple[int, int, int]:
    """The most common colour in a 9×9 window around a point (robust to a stray line)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    col, row = static_map.pixel_of(lon, lat, layers["outline"], *size)
    window = image.crop((col - 4, row - 4, col + 5, row + 5))
    return max(window.getcolors(81), key=lambda c: c[0])[1]


def _blend(hex_colour: str, alpha: float) -> tuple[int, int, int]:
    rgb = [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
    return tuple(round(alpha * c + (1 - alpha) * 255) for c in rgb)


def _close(a, b, tol=6) -> bool:
    return all(abs(x - y) <= tol for x, y in zip(a, b, strict=True))


def _centre(area_id):
    x0, y0, x1, y1 = SQUARES[area_id]
    return (x0 + x1) / 2, (y0 + y1) / 2


def test_the_highlighted_area_has_its_colour_at_its_position_and_others_do_not(layers):
    from geo.style import AREA_COLOURS

    png = render(layers, "png", View(provisions=(5,)))  # provision 5: the Idlib area only
    expected = _blend(AREA_COLOURS["idlib"], static_map.AREA_ALPHA)
    assert _close(_pixel_colour(png, layers, *_centre("idlib")), expected)
    for other in ("southern", "northern_homs"):
        found = _pixel_colour(png, layers, *_centre(other))
        assert not _close(found, expected)
        assert max(found) - min(found) < 12, f"{other} should be dimmed to grey, found {found}"
    # Selecting the southern area turns the tables.
    png = render(layers, "png", View(selected="southern"))
    assert _close(_pixel_colour(png, layers, *_centre("southern")), _blend(AREA_COLOURS["southern"], static_map.AREA_ALPHA))
    assert not _close(_pixel_colour(png, layers, *_centre("idlib")), expected)


def test_svg_keeps_area_names_title_and_source_as_text(layers):
    from geo.style import SOURCE_LINE, STATEMENT_DATE

    svg = render(layers, "svg", View(provisions=(5,)))
    text = " ".join(t for t in ET.fromstring(svg).itertext())
    for name in NAMES.values():
        assert name in text
    assert "Idlib security zone" in text and "Provision 5 — where it applies" in text
    assert STATEMENT_DATE in text and "km" in text and "Damascus" in text and "WESTGOV" in text
    assert "Shapes are approximate" in text and SOURCE_LINE.split()[-1] in text


def test_svg_and_pdf_are_deterministic(layers):
    for fmt in ("svg", "pdf"):
        assert render(layers, fmt, View(provisions=(9,))) == render(layers, fmt, View(provisions=(9,)))


def test_hidden_layers_are_not_drawn(layers):
    svg = render(layers, "svg", View(layers=frozenset({"areas"})))
    text = " ".join(ET.fromstring(svg).itertext())
    assert "Idlib security zone" not in text and "WESTGOV" not in text and "Northern Homs" in text


def test_html_escapes_text_from_the_files(layers):
    page = render(layers, "html", View(selected="southern")).decode("utf-8")
    assert "Southern <Daraa" not in page
    assert "<title>Southern &lt;Daraa &amp; Quneitra&gt; — selected · zonemap</title>" in page


def test_towns_agree_with_the_gazetteer():
    from geo.gazetteer import lookup

    for name, (lat, lon, _) in static_map.TOWNS.items():
        place = lookup(name).place
        assert abs(place.lat - lat) < 0.01 and abs(place.lon - lon) < 0.01, name


def test_scale_bar_length_matches_the_projection(layers):
    # 1° of latitude is about 111 km: the map's pixels per metre must agree with the scale bar's.
    _, top = static_map.pixel_of(38.0, 35.0, layers["outline"], 1600, 1200)
    _, bottom = static_map.pixel_of(38.0, 34.0, layers["outline"], 1600, 1200)
    col0, _ = static_map.pixel_of(38.0, 34.5, layers["outline"], 1600, 1200)
    metres_per_px = 110_900 / (bottom - top)
    from pyproj import Transformer

    t = Transformer.from_crs("EPSG:4326", static_map.CRS, always_xy=True)
    (xa, _), (xb, _) = t.transform(38.0, 34.5), t.transform(39.0, 34.5)
    col1, _ = static_map.pixel_of(39.0, 34.5, layers["outline"], 1600, 1200)
    assert abs((xb - xa) / (col1 - col0) - metres_per_px) / metres_per_px < 0.03


# --- writing safely ------------------------------------------------------------------------


def test_existing_file_is_kept_without_force_and_replaced_with_it(layers, tmp_path):
    target = tmp_path / "map.png"
    target.write_bytes(b"old")
    with pytest.raises(ExportError, match="already exists — use --force"):
        write(layers, target)
    assert target.read_bytes() == b"old"
    write(layers, target, force=True)
    assert Image.open(target).size == (1600, 1200)


def test_an_interrupted_render_leaves_the_old_file_and_no_temporary(layers, tmp_path, monkeypatch):
    target = tmp_path / "map.png"
    target.write_bytes(b"the original bytes")

    def broken(fmt, out, *args, **kwargs):
        out.write(b"\x89PNG half a picture")
        raise RuntimeError("renderer died mid-write")

    monkeypatch.setattr(static_map, "draw", broken)
    with pytest.raises(RuntimeError, match="mid-write"):
        write(layers, target, force=True)
    assert target.read_bytes() == b"the original bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_unwritable_folder_is_a_clean_error(layers, tmp_path, monkeypatch):
    with pytest.raises(ExportError, match="does not exist"):
        write(layers, tmp_path / "missing" / "map.png")
    (tmp_path / "dir.png").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        write(layers, tmp_path / "dir.png")
    (tmp_path / "dir.png").rmdir()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)  # what a read-only folder does (root ignores chmod)
    with pytest.raises(ExportError, match="cannot be written: Permission denied"):
        write(layers, tmp_path / "map.png")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can write to a read-only folder")
def test_read_only_folder_is_a_clean_error(layers, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ExportError, match="not writable"):
            write(layers, folder / "map.png")
    finally:
        folder.chmod(0o700)


def test_format_follows_the_suffix_and_bad_ones_are_refused():
    assert export.format_for("a/b.PNG") == "png"
    assert export.format_for("x.htm") == "html"
    assert export.format_for("x.png", "svg") == "svg"
    with pytest.raises(ExportError, match=r"suffix '\.gif'.*\.png, \.svg, \.pdf, \.html"):
        export.format_for("map.gif")
    with pytest.raises(ExportError, match="suffix '\\(none\\)'"):
        export.format_for("map")
    with pytest.raises(ExportError, match="'tiff' but is expected to be one of png, svg, pdf, html"):
        export.format_for("map.png", "tiff")


@pytest.mark.parametrize("width,height", [(199, 600), (800, 8001), (0, 600), (800, -5), (True, 600), (800.5, 600)])
def test_sizes_out_of_range_are_refused(width, height):
    with pytest.raises(InputError, match="from 200 to 8000"):
        export.check_size(width, height)


def test_unknown_provision_and_zone_are_refused_by_name(layers):
    with pytest.raises(InputError, match=r"unknown provision 15; known: 1, 2, 3.*14"):
        export.view_for(layers["areas"], layers["provisions"], [15])
    with pytest.raises(InputError, match="unknown area 'atlantis'; known: idlib, northern_homs"):
        export.view_for(layers["areas"], layers["provisions"], zones=["atlantis"])
    with pytest.raises(InputError, match="one area at a time"):
        export.view_for(layers["areas"], layers["provisions"], zones=["idlib", "southern"])
    view = export.view_for(layers["areas"], layers["provisions"], [5, 5, 9], ["idlib"])
    assert view.provisions == (5, 9) and view.selected == "idlib"


# --- the command ---------------------------------------------------------------------------


def test_cli_writes_a_default_png_at_least_1600_wide(tmp_path, cli_layers, capsys):
    target = tmp_path / "x.png"
    assert main(["export", "-o", str(target), "--provision", "5", *cli_layers]) == 0
    assert Image.open(target).size == (1600, 1200)
    assert f"wrote {target}" in capsys.readouterr().err


def test_cli_format_override_and_size(tmp_path, cli_layers):
    target = tmp_path / "map.out"
    assert main(["export", "-o", str(target), "--format", "svg", "--zone", "southern", *cli_layers]) == 0
    assert b"Southern &lt;Daraa &amp; Quneitra&gt; \xe2\x80\x94 selected" in target.read_bytes()
    target = tmp_path / "small.png"
    assert main(["export", "-o", str(target), "--width", "640", "--height", "480", *cli_layers]) == 0
    assert Image.open(target).size == (640, 480)


@pytest.mark.parametrize("extra,message", [
    (["-o", "{tmp}/map.gif"], "cannot tell the format from the suffix '.gif'"),
    (["-o", "{tmp}/map.png", "--width", "50"], "width was 50 but must be"),
    (["-o", "{tmp}/map.png", "--zone", "atlantis"], "unknown area 'atlantis'; known: idlib"),
    (["-o", "{tmp}/map.png", "--provision", "99"], "unknown provision 99; known: 1, 2"),
    (["-o", "{tmp}/nowhere/map.png"], "does not exist"),
    (["-o", "{tmp}/old.png"], "already exists — use --force"),
])
def test_cli_errors_are_one_clean_line(tmp_path, cli_layers, capsys, extra, message):
    (tmp_path / "old.png").write_bytes(b"old")
    code = main(["export", *[a.format(tmp=tmp_path) for a in extra], *cli_layers])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: ") and message in err and "Traceback" not in err
    assert (tmp_path / "old.png").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.png"]


def test_unknown_format_option_is_a_usage_error(tmp_path, cli_layers, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "-o", str(tmp_path / "m.png"), "--format", "gif", *cli_layers])
    assert exc.value.code == 2 and "invalid choice: 'gif'" in capsys.readouterr().err


def test_other_commands_do_not_import_matplotlib_or_folium():
    code = ("import sys, geo.cli, geo.export; geo.cli.main(['provisions', '--format', 'csv']); "
            "print(sorted(m for m in ('matplotlib', 'folium') if m in sys.modules), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_errors_are_zonemap_errors():
    assert issubclass(ExportError, ZonemapError) and issubclass(InputError, ZonemapError)


def test_bundled_data_exports_every_format(tmp_path, capsys):
    areas = load.load_areas()
    for suffix in ("png", "svg", "pdf", "html"):
        assert main(["export", "-o", str(tmp_path / f"map.{suffix}"), "--provision", "9"]) == 0
    assert Image.open(tmp_path / "map.png").size == (1600, 1200)
    text = " ".join(ET.parse(tmp_path / "map.svg").getroot().itertext())
    for name in areas["name"]:
        assert name in text
    assert "Provision 9 — where it applies" in text
