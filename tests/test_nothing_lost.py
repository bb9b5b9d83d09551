"""Nothing lost: the bundled data is never written, outputs are never overwritten without --force,
a crash mid-write leaves the old file and no temporary file, and an upload changes nothing on disk."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import pytest

from geo.base import data
from geo.cli import main
from tests.facts import DOUMA, GHOUTA_END, SARAQIB, STATEMENT
from tests.hostile import CEILING, syria_areas, write

ZONES = data.AREAS.parent


def digest_tree(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder`` (caches excluded), by relative path."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


@pytest.fixture
def user_files(tmp_path) -> dict[str, Path]:
    areas = write(tmp_path / "mine.geojson", syria_areas())  # every id the bundled agreements name: they load
    provisions = write(tmp_path / "prov.json", {"provisions": [
        {"number": 1, "title": "Idlib only", "text": "Applies in Idlib.", "categories": ["c"], "scope": ["idlib"]}]})
    agreements = write(tmp_path / "agreements.json", {"agreements": []})
    points = write(tmp_path / "points.csv", "name,lat,lon\nSaraqib,35.86,36.80\nNowhere,x,y\n")
    return {"areas": areas, "provisions": provisions, "agreements": agreements, "points": points,
            "out": tmp_path / "out"}


def test_a_full_cli_workout_never_writes_the_bundled_data(user_files, capsys):
    before = digest_tree(ZONES)
    out = user_files["out"]
    out.mkdir()
    a, p, g, pts = (str(user_files[k]) for k in ("areas", "provisions", "agreements", "points"))
    towns = write(out.parent / "towns.csv", "name,lat,lon\n" + "".join(f"{n},{lat},{lon}\n" for n, (lat, lon) in
                                                                         (("Douma", DOUMA), ("Saraqib", SARAQIB))))
    runs = [
        ["validate", a, p], ["zones", "--zones", a], ["zones", "--zones", a, "--format", "geojson"],
        ["provisions", "--zones", a, "--provisions", p, "--agreements", g], ["governorates", "--format", "csv"],
        ["timeline", "--zones", a], ["agreements", "--agreements", g],
        ["locate", "--zones", a, pts, "-o", str(out / "located.csv")],
        ["locate", str(towns), "-o", str(out / "dated.csv"), "--dates", f"{GHOUTA_END},{STATEMENT}"],
        ["locate", "--zones", a, "--place", "Douma"],
        *[["export", "--zones", a, "--provisions", p, "--agreements", g, "-o", str(out / f"map.{f}")]
          for f in ("png", "svg", "pdf", "html")],
        ["export", "--zones", a, "-o", str(out / "bundled.html"), "--provision", "5"],
    ]
    for argv in runs:
        assert main(argv) == 0, (argv, capsys.readouterr().err)
    capsys.readouterr()
    assert digest_tree(ZONES) == before
    assert sorted(p.name for p in out.iterdir()) == ["bundled.html", "dated.csv", "located.csv", "map.html", "map.pdf",
                                                     "map.png", "map.svg"]
    assert_written_whole(out, user_files["areas"])


def assert_written_whole(out: Path, areas: Path) -> None:
    """What each file holds, as a user opening it would see it."""
    import csv
    import io
    import json
    import xml.etree.ElementTree as ET

    from PIL import Image
    from pypdf import PdfReader
    from shapely.geometry import Point, shape

    located = list(csv.DictReader(io.StringIO((out / "located.csv").read_text(encoding="utf-8"))))
    squares = [(f["properties"]["id"], shape(f["geometry"])) for f in json.loads(areas.read_text())["features"]]
    saraqib = Point(36.80, 35.86)  # the points file's first row (lon, lat)
    assert [r["name"] for r in located] == ["Saraqib", "Nowhere"]
    assert located[0]["zone_id"] == next(fid for fid, sq in squares if sq.contains(saraqib))
    assert located[1]["zone_id"] == ""  # its coordinates are "x, y"
    dated = {r["name"]: r for r in csv.DictReader(io.StringIO((out / "dated.csv").read_text(encoding="utf-8")))}
    assert dated["Douma"][f"zone_id_{STATEMENT}"] == "eastern_ghouta" and dated["Douma"][f"zone_id_{GHOUTA_END}"] == ""
    assert dated["Saraqib"][f"zone_id_{STATEMENT}"] == dated["Saraqib"][f"zone_id_{GHOUTA_END}"] == "idlib"
    assert Image.open(out / "map.png").size == (1600, 1200)
    title = "The de-escalation areas of Syria"
    svg = " ".join("".join(ET.parse(out / "map.svg").getroot().itertext()).split())
    assert title in svg and "Eastern Ghouta" in svg  # the user's area, named
    pdf = " ".join(page.extract_text() for page in PdfReader(out / "map.pdf").pages)
    assert title in pdf
    html = (out / "map.html").read_text(encoding="utf-8")
    assert "L.map(" in html and title in html and "zonemap-id-eastern_ghouta" in html
    # the title names the provision's agreement (issue 20: "Provision 5" alone mixed the agreements' numbers)
    assert "Astana joint statement 5 — where it applies" in (out / "bundled.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("argv", [
    ["locate", "--zones", "{areas}", "{points}", "-o", "{target}"],
    ["export", "--zones", "{areas}", "-o", "{target}"],
])
def test_outputs_are_never_overwritten_without_force(user_files, capsys, argv):
    target = user_files["out"].with_suffix(".html" if argv[0] == "export" else ".csv")
    target.write_bytes(b"precious")
    code = main([a.format(points=user_files["points"], target=target, areas=user_files["areas"]) for a in argv])
    assert code == 1 and "already exists — use --force" in capsys.readouterr().err
    assert target.read_bytes() == b"precious"
    assert [p.name for p in target.parent.iterdir() if p.name.endswith(".part")] == []


def test_bundled_files_cannot_be_export_or_locate_targets(user_files, capsys):
    before = digest_tree(ZONES)
    a = str(user_files["areas"])
    for argv in (["locate", "--zones", a, str(user_files["points"]), "-o", str(data.PLACES), "--force"],
                 ["export", "--zones", a, "-o", str(ZONES / "map.html"), "--force"]):
        assert main(argv) == 1
        assert "bundled data folder, which is never written" in capsys.readouterr().err
    assert digest_tree(ZONES) == before


def test_locate_crash_mid_write_leaves_the_old_file_and_no_temporary(user_files, capsys, monkeypatch):
    from geo import io
    from geo.points import locate

    target = user_files["out"].with_suffix(".csv")
    target.write_bytes(b"the original rows")
    real_atomic_write = io.atomic_write

    def crashing(path, write, force=False):
        def half_then_fail(tmp):
            write(tmp)  # the real rows go into the temporary file…
            with open(tmp, "r+b") as fh:
                fh.truncate(20)  # …then the disk fills up half-way
            raise OSError(28, "No space left on device")

        return real_atomic_write(path, half_then_fail, force=force)

    monkeypatch.setattr(locate, "atomic_write", crashing)
    code = main(["locate", "--zones", str(user_files["areas"]), str(user_files["points"]), "-o", str(target), "--force"])
    assert code == 1 and "No space left on device" in capsys.readouterr().err
    assert target.read_bytes() == b"the original rows"
    assert [p.name for p in target.parent.iterdir() if ".part" in p.name] == []


def test_an_upload_on_the_page_changes_nothing_on_disk(user_files, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ZONEMAP_AGREEMENTS", str(user_files["agreements"]))  # the page's own layers load either way
    before = digest_tree(ZONES)
    temp_before = {p.name for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith("zonemap-upload-")}
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=CEILING).run()
    at.file_uploader(key="upload").set_value(("mine.geojson", user_files["areas"].read_bytes(), "application/json")).run()
    assert not at.exception and not at.error and "m4_corridor" in set(at.session_state["scene"].shapes["id"])
    at.file_uploader(key="upload").set_value(("broken.gpkg", b"junk", "application/octet-stream")).run()
    shown = " ".join(c.value for c in at.sidebar.caption).replace("\\", "")  # markdown escapes
    assert not at.exception and "broken.gpkg: is not a GeoPackage (not an SQLite database)" in shown
    assert digest_tree(ZONES) == before
    assert {p.name for p in Path(tempfile.gettempdir()).iterdir() if p.name.startswith("zonemap-upload-")} == temp_before
    assert user_files["areas"].exists()
