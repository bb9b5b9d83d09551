"""Exports of a scene: each format round-trips, a PNG has its exact size, the SVG keeps names as text and
escapes hostile ones, output is deterministic, and a failed or refused export leaves the old file untouched.

The cartography (framing, insets, labels, credits, presets) is in test_export_static.py; the atlas
(``--each``, the PDF handout) in test_export_atlas.py; Arabic names in test_export_arabic.py.
"""

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

from geo.base.errors import ExportError, InputError, ZonemapError
from geo.cli import main
from geo.draw import export, static
from geo.draw.offline import external_urls
from geo.model import load
from tests.conftest import scene_of
from tests.hostile import CEILING, NAMES

# Hand-made areas (lon, lat) in western Syria, with names a file could hold.
SQUARES = {
    "idlib": (36.35, 35.55, 36.85, 36.0),
    "northern_homs": (36.5, 34.8, 36.85, 34.97),
    "eastern_ghouta": (36.34, 33.5, 36.5, 33.6),
    "southern": (35.95, 32.7, 36.35, 33.1),
}
HOSTILE = {"idlib": NAMES["area"], "southern": NAMES["zone"], "northern_homs": "Northern Homs",
           "eastern_ghouta": "Eastern Ghouta"}


def _ring(x0, y0, x1, y1):
    return [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]


def hand_made_areas(folder: Path, names: dict[str, str] | None = None) -> Path:
    """Four square areas and a security-zone belt around the first, written to ``folder``/areas.geojson."""
    names = {**HOSTILE, **(names or {})}
    features = []
    for fid, box in SQUARES.items():
        features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [_ring(*box)]},
                         "properties": {"id": fid, "kind": "de-escalation area", "name": names[fid], "name_ar": "منطقة",
                                        "governorates": [], "source": "test", "method": "test square",
                                        "confidence": "low", "note": "", "valid_from": "2017-05-04"}})
    x0, y0, x1, y1 = SQUARES["idlib"]
    belt = [_ring(x0 - 0.08, y0 - 0.08, x1 + 0.08, y1 + 0.08), _ring(x0, y0, x1, y1)[::-1]]
    features.append({"type": "Feature", "geometry": {"type": "Polygon", "coordinates": belt},
                     "properties": {"id": "idlib_security_zone", "kind": "security zone", "name": "Idlib security zone",
                                    "name_ar": "", "governorates": [], "source": "test", "method": "test belt",
                                    "confidence": "low", "note": "", "part_of": "idlib", "valid_from": "2017-09-15"}})
    path = folder / "areas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile(atlas, tmp_path_factory):
    """The bundled atlas with the hand-made areas (as an upload would give them)."""
    path = hand_made_areas(tmp_path_factory.mktemp("areas"))
    return atlas.with_areas(load.load_areas(path), "areas.geojson")


def svg_text(svg: bytes) -> str:
    """Every text of an SVG, joined by single spaces (lines of one label or paragraph run on)."""
    return " ".join(" ".join(t.split()) for t in ET.fromstring(svg).itertext() if t.strip())


# --- formats -------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(1600, 1200), (800, 600), (1237, 731), (400, 300)])
def test_png_has_exactly_the_requested_size(atlas, size):
    png = export.render_bytes("png", scene_of(atlas), *size)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.size == size


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf", ".html"])
def test_each_format_round_trips(atlas, tmp_path, suffix):
    path = export.write(tmp_path / f"map{suffix}", None, scene_of(atlas, provisions=(5,)), 800, 600)
    content = path.read_bytes()
    if suffix == ".png":
        assert Image.open(path).size == (800, 600)
    elif suffix == ".svg":
        assert ET.fromstring(content).tag.endswith("svg")
    elif suffix == ".pdf":
        assert content.startswith(b"%PDF-") and content.rstrip().endswith(b"%%EOF")
    else:
        text = content.decode("utf-8")
        assert "L.map(" in text and "Astana joint statement 5 — where it applies" in text
        assert external_urls(text) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_svg_keeps_text_as_text(atlas):
    svg = export.render_bytes("svg", scene_of(atlas), 1600, 1200)
    assert svg.count(b"<text") > 30  # names are <text>, not glyph outlines
    text = svg_text(svg)
    for name in ("The de-escalation areas of Syria", "Northern Homs", "Damascus", "Key", "km"):
        assert name in text


def test_hostile_names_are_escaped_in_svg_and_html(hostile):
    scene = scene_of(hostile, selected="southern")
    svg = export.render_bytes("svg", scene, 800, 600)
    root = ET.fromstring(svg)  # still well-formed XML
    assert {el.tag.rsplit("}", 1)[-1] for el in root.iter()}.isdisjoint({"script", "img", "b", "div", "foreignObject"})
    assert [a for el in root.iter() for a in el.attrib if a.lower().startswith("on")] == []
    assert f"{HOSTILE['southern']} — selected" in svg_text(svg)  # as text: the title
    page = export.render_bytes("html", scene_of(hostile, selected="idlib")).decode("utf-8")
    assert "<script>alert(4)</script>" not in page and "<img src=x" not in page


def test_dollar_signs_and_braces_in_names_are_plain_text(atlas, tmp_path):
    path = hand_made_areas(tmp_path, {"southern": "Area $x^2$ {{ 7*7 }}"})
    odd = atlas.with_areas(load.load_areas(path), "odd.geojson")
    svg = export.render_bytes("svg", scene_of(odd), 800, 600)
    assert "Area $x^2$ {{ 7*7 }}" in svg_text(svg)


def test_svg_png_and_pdf_are_deterministic(atlas):
    scene = scene_of(atlas, provisions=(9,))
    for fmt in ("svg", "pdf", "png"):
        assert export.render_bytes(fmt, scene, 800, 600) == export.render_bytes(fmt, scene, 800, 600)


def test_hidden_layers_are_not_drawn(atlas):
    text = svg_text(export.render_bytes("svg", scene_of(atlas, layers=frozenset({"areas"})), 1600, 1200))
    assert "Idlib security zone" not in text and "RIF DIMASHQ" not in text and "Northern Homs" in text


# --- writing safely ------------------------------------------------------------------------


def test_existing_file_is_kept_without_force_and_replaced_with_it(atlas, tmp_path):
    target = tmp_path / "map.png"
    target.write_bytes(b"old")
    with pytest.raises(ExportError, match="already exists — use --force"):
        export.write(target, None, scene_of(atlas), 400, 300)
    assert target.read_bytes() == b"old"
    export.write(target, None, scene_of(atlas), 400, 300, force=True)
    assert Image.open(target).size == (400, 300)


def test_a_half_written_file_never_replaces_a_good_one(atlas, tmp_path, monkeypatch):
    target = tmp_path / "map.png"
    target.write_bytes(b"the original bytes")

    def broken(scene, output, out):
        out.write(b"\x89PNG half a picture")
        raise RuntimeError("renderer died mid-write")

    monkeypatch.setattr(static, "draw", broken)
    with pytest.raises(RuntimeError, match="mid-write"):
        export.write(target, None, scene_of(atlas), 400, 300, force=True)
    assert target.read_bytes() == b"the original bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["map.png"]


def test_unwritable_targets_are_clean_errors(atlas, tmp_path, monkeypatch):
    scene = scene_of(atlas)
    with pytest.raises(ExportError, match="does not exist"):
        export.write(tmp_path / "missing" / "map.png", None, scene, 400, 300)
    (tmp_path / "dir.png").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export.write(tmp_path / "dir.png", None, scene, 400, 300)
    (tmp_path / "dir.png").rmdir()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("tempfile.mkstemp", refuse)  # what a read-only folder does (root ignores chmod)
    with pytest.raises(ExportError, match="cannot be written: Permission denied"):
        export.write(tmp_path / "map.png", None, scene, 400, 300)
    assert list(tmp_path.iterdir()) == []


def test_format_size_and_preset_are_checked():
    assert export.format_for("a/b.PNG") == "png" and export.format_for("x.htm") == "html"
    assert export.format_for("x.png", "svg") == "svg"
    with pytest.raises(ExportError, match=r"suffix '\.gif'.*\.png, \.svg, \.pdf, \.html"):
        export.format_for("map.gif")
    with pytest.raises(ExportError, match="'tiff' but is expected to be one of png, svg, pdf, html"):
        export.format_for("map.png", "tiff")
    for width, height in [(199, 600), (800, 8001), (True, 600), (800.5, 600)]:
        with pytest.raises(InputError, match="from 200 to 8000"):
            export.check_size(width, height)
    with pytest.raises(InputError, match="preset was 'poster' but must be one of page, column, slide"):
        export.render_bytes("png", None, 800, 600, preset="poster")


def test_unknown_provision_zone_and_place_are_refused_by_name(atlas):
    with pytest.raises(InputError, match=r"unknown provision '15'"):
        export.view_for(atlas, [15])
    with pytest.raises(InputError, match="unknown area 'atlantis'"):
        export.view_for(atlas, zones=["atlantis"])
    with pytest.raises(InputError, match="one area at a time"):
        export.view_for(atlas, zones=["idlib", "southern"])
    view = export.view_for(atlas, [5, 5, 9], ["idlib"], mark="Saraqib")
    assert view.provisions == ("statement-2017:5", "statement-2017:9") and view.selected == "idlib"
    assert view.marker.name == "Saraqib"


# --- the command ---------------------------------------------------------------------------


def test_cli_writes_a_default_png_1600_by_1200(tmp_path, capsys):
    target = tmp_path / "x.png"
    assert main(["export", "-o", str(target), "--provision", "5"]) == 0
    assert Image.open(target).size == (1600, 1200)
    assert f"wrote {target}" in capsys.readouterr().err


def test_cli_format_override_size_and_preset(tmp_path):
    target = tmp_path / "map.out"
    assert main(["export", "-o", str(target), "--format", "svg", "--zone", "southern", "--width", "800",
                 "--height", "600"]) == 0
    assert b"Southern Syria \xe2\x80\x94 selected" in target.read_bytes()
    target = tmp_path / "small.png"
    assert main(["export", "-o", str(target), "--width", "640", "--height", "480", "--preset", "slide"]) == 0
    assert Image.open(target).size == (640, 480)


@pytest.mark.parametrize("extra,message", [
    (["-o", "{tmp}/map.gif"], "cannot tell the format from the suffix '.gif'"),
    (["-o", "{tmp}/map.png", "--width", "50"], "width was 50 but must be"),
    (["-o", "{tmp}/map.png", "--zone", "atlantis"], "unknown area 'atlantis'; known: idlib"),
    (["-o", "{tmp}/map.png", "--provision", "99"], "unknown provision '99'; known: "),
    (["-o", "{tmp}/map.png", "--mark", "Qqqqqqqqzzz"], "no place called 'Qqqqqqqqzzz'"),
    (["-o", "{tmp}/nowhere/map.png"], "does not exist"),
    (["-o", "{tmp}/old.png"], "already exists — use --force"),
])
def test_cli_errors_are_one_clean_line_and_touch_nothing(tmp_path, capsys, extra, message):
    (tmp_path / "old.png").write_bytes(b"old")
    code = main(["export", *[a.format(tmp=tmp_path) for a in extra]])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: ") and message in err and "Traceback" not in err
    assert (tmp_path / "old.png").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.png"]


@pytest.mark.parametrize("option", [["--format", "gif"], ["--preset", "poster"], ["--each", "agreement"]])
def test_bad_choices_are_usage_errors(tmp_path, capsys, option):
    with pytest.raises(SystemExit) as exc:
        main(["export", "-o", str(tmp_path / "m.png"), *option])
    assert exc.value.code == 2 and "invalid choice" in capsys.readouterr().err


def test_other_commands_do_not_import_matplotlib_or_folium():
    code = ("import sys, geo.cli, geo.draw.export; geo.cli.main(['provisions', '--format', 'csv']); "
            "print(sorted(m for m in ('matplotlib', 'folium') if m in sys.modules), file=sys.stderr)")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=CEILING, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == "[]"


def test_errors_are_zonemap_errors():
    assert issubclass(ExportError, ZonemapError) and issubclass(InputError, ZonemapError)
