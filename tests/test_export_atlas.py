"""The atlas: one map per provision (or per area) in one run — named predictably, every target checked before
anything is drawn, each file written whole — and the printable PDF handout, a page per provision with its
map and its full text. The shared-background renderer must draw what a single export draws."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import pytest
from PIL import Image

from geo.base.errors import ExportError, InputError
from geo.cli import main
from geo.draw import export, static
from geo.draw.static import series
from geo.draw.static.output import Output
from tests.conftest import scene_of
from tests.facts import GHOUTA_END_LONG, GHOUTA_END_SHORT

STATEMENT = [f"provision-{n:02d}" for n in range(1, 15)]


def _pdf_pages(data: bytes) -> list[str]:
    pypdf = pytest.importorskip("pypdf")
    return [" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


# --- what an atlas holds -------------------------------------------------------------------


def test_by_default_one_map_per_provision_of_the_statement(atlas):  # noqa: F811
    plan = export.items(atlas, "provision")
    assert [i.name for i in plan] == STATEMENT
    assert all(i.view.date == date(2017, 9, 15) and len(i.view.provisions) == 1 for i in plan)


def test_another_agreement_is_named_by_its_id_and_drawn_on_its_date(atlas):  # noqa: F811
    (item,) = export.items(atlas, "provision", provisions=("sochi-2018:3",))
    assert item.name == "provision-sochi-2018-03" and item.view.date == date(2018, 9, 17)


def test_with_a_date_every_provision_in_force_that_day(atlas):  # noqa: F811
    plan = export.items(atlas, "provision", day="2018-09-17")
    drew = {"memorandum-2017", "statement-2017", "sochi-2018"}  # the agreements that drew the areas, signed by then
    assert len(plan) == int(atlas.at("2018-09-17").provisions["agreement"].isin(drew).sum()) > 14
    names = [i.name for i in plan]
    assert len(set(names)) == len(names) and "provision-05" in names and "provision-sochi-2018-10" in names
    assert all(i.view.date == date(2018, 9, 17) for i in plan)


def test_one_map_per_area_and_zone_on_the_date(atlas):  # noqa: F811
    plan = export.items(atlas, "zone")
    assert [i.name for i in plan] == ["zone-idlib", "zone-northern_homs", "zone-eastern_ghouta", "zone-southern",
                                      "zone-idlib_security_zone"]
    assert plan[2].view.selected == "eastern_ghouta"
    with pytest.raises(InputError, match="not on the map on 2017-09-15"):
        export.items(atlas, "zone", zones=["idlib_dmz"])


def test_file_names_are_safe_and_never_collide():
    assert export._safe("../../etc/passwd") == "etc-passwd" and export._safe("<>") == "x"
    plan = export._unique([export.Item("zone-a-b", None, ""), export.Item("zone-a-b", None, "")])
    assert [i.name for i in plan] == ["zone-a-b", "zone-a-b-2"]


# --- files in a folder ---------------------------------------------------------------------


def test_each_writes_one_png_per_provision(atlas, tmp_path):  # noqa: F811
    written = export.each(atlas, "provision", tmp_path / "atlas", width=800, height=600)
    assert [p.name for p in written] == [f"{n}.png" for n in STATEMENT]
    assert sorted(p.name for p in (tmp_path / "atlas").iterdir()) == [f"{n}.png" for n in STATEMENT]
    for path in written:
        assert Image.open(path).size == (800, 600)


def test_the_shared_background_draws_what_a_single_export_draws(atlas):  # noqa: F811
    # Provisions 2 and 3 apply to the same four areas: same legend size, so one layout either way.
    scenes = [scene_of(atlas, provisions=(2,)), scene_of(atlas, provisions=(3,))]
    pictures = list(series.render_pngs(scenes, Output(width=800, height=600)))
    for scene, picture in zip(scenes, pictures, strict=True):
        out = io.BytesIO()
        static.draw(scene, Output(width=800, height=600), out)
        a = np.asarray(Image.open(io.BytesIO(picture)).convert("RGB"), dtype=int)
        b = np.asarray(Image.open(out).convert("RGB"), dtype=int)
        diff = np.abs(a - b).max(axis=2)
        assert diff.mean() < 0.5 and (diff > 24).mean() < 0.002


def test_existing_files_are_refused_before_anything_is_drawn(atlas, tmp_path, monkeypatch):  # noqa: F811
    folder = tmp_path / "atlas"
    folder.mkdir()
    (folder / "provision-07.png").write_bytes(b"mine")
    drawn = []
    monkeypatch.setattr(series, "render_pngs", lambda *a, **k: drawn.append(1) or iter(()))
    with pytest.raises(ExportError, match=r"1 of the 14 files already exist \(provision-07\.png\) — use --force"):
        export.each(atlas, "provision", folder, width=400, height=300)
    assert drawn == [] and [p.name for p in folder.iterdir()] == ["provision-07.png"]
    assert (folder / "provision-07.png").read_bytes() == b"mine"


def test_force_overwrites_them(atlas, tmp_path):  # noqa: F811
    folder = tmp_path / "atlas"
    folder.mkdir()
    (folder / "zone-idlib.png").write_bytes(b"mine")
    export.each(atlas, "zone", folder, width=400, height=300, force=True)
    assert Image.open(folder / "zone-idlib.png").size == (400, 300)
    assert len(list(folder.iterdir())) == 5


def test_a_failure_midway_leaves_whole_files_only(atlas, tmp_path, monkeypatch):  # noqa: F811
    real = series._finish
    calls = []

    def flaky(*args):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk gone")
        return real(*args)

    monkeypatch.setattr(series, "_finish", flaky)
    with pytest.raises(RuntimeError, match="disk gone"):
        export.each(atlas, "provision", tmp_path / "atlas", width=400, height=300)
    names = sorted(p.name for p in (tmp_path / "atlas").iterdir())
    assert names == ["provision-01.png", "provision-02.png"]
    for name in names:
        assert Image.open(tmp_path / "atlas" / name).size == (400, 300)


# --- the command ---------------------------------------------------------------------------


def test_cli_each_provision_into_a_folder(tmp_path, capsys):
    assert main(["export", "--each", "provision", "-o", f"{tmp_path}/out/", "--width", "400", "--height", "300"]) == 0
    assert sorted(p.stem for p in (tmp_path / "out").iterdir()) == STATEMENT
    assert "wrote 14 files to" in capsys.readouterr().err
    assert main(["export", "--each", "provision", "-o", f"{tmp_path}/out/", "--width", "400", "--height", "300"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "14 of the 14 files already exist" in err and "nothing was written" in err


def test_cli_each_zone_as_svg(tmp_path):
    assert main(["export", "--each", "zone", "-o", f"{tmp_path}/z/", "--format", "svg", "--width", "800",
                 "--height", "600"]) == 0
    assert sorted(p.name for p in (tmp_path / "z").iterdir())[0] == "zone-eastern_ghouta.svg"


def test_cli_each_date_tells_the_whole_story(tmp_path, atlas):  # noqa: F811
    """Small multiples for a timeline graphic: one map per key date, named by the date, each dated."""
    assert main(["export", "--each", "date", "-o", f"{tmp_path}/story/", "--format", "svg", "--width", "800",
                 "--height", "600"]) == 0
    files = sorted((tmp_path / "story").iterdir())
    assert [p.stem for p in files] == [f"date-{d.isoformat()}" for d, _ in atlas.map_dates]  # the map's changes
    moscow = (tmp_path / "story" / "date-2020-03-05.svg").read_text(encoding="utf-8")  # the Moscow protocol
    assert "As of 5 March 2020" in moscow and "M4 security corridor" in moscow and "Eastern Ghouta" not in moscow
    statement = (tmp_path / "story" / "date-2017-09-15.svg").read_text(encoding="utf-8")
    assert "As of 15 September 2017" in statement and "Eastern Ghouta" in statement


def test_the_story_as_a_handout_has_a_page_per_key_date(atlas):  # noqa: F811
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(export.atlas_pdf(atlas, what="date")))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert len(pdf.pages) >= len(atlas.map_dates)
    # the offensive's end and the area's: the same day
    assert f"{GHOUTA_END_LONG}: Eastern Ghouta offensive ends; Eastern Ghouta: ends" in text
    assert f"Taken by the government by {GHOUTA_END_SHORT[:-5]}" in text  # its fate


@pytest.mark.parametrize("target,message", [
    ("{tmp}/atlas.png", "--each writes one file per map into a folder"),
    ("{tmp}/missing/deeper/", "does not exist"),
])
def test_cli_each_bad_targets_are_one_clean_line(tmp_path, capsys, target, message):
    code = main(["export", "--each", "provision", "-o", target.format(tmp=tmp_path)])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: ") and message in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


# --- the PDF handout -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def handout(atlas):  # noqa: F811
    return export.atlas_pdf(atlas)


def test_the_handout_has_a_page_per_provision_with_its_map_and_full_text(atlas, handout):  # noqa: F811
    pages = _pdf_pages(handout)
    assert len(pages) == 14
    for n, page in enumerate(pages, start=1):
        row = atlas.provisions.loc[f"statement-2017:{n}"]
        assert f"Provision {n}:" in page and "As of 15 September 2017" in page
        assert " ".join(str(row["text"]).split()) in page  # the whole text, wrapped
        assert "approximate" in page.lower() and "Natural Earth" in page
    assert b"/FontFile2" in handout and b"/Type3" not in handout


def test_the_handout_says_when_a_text_is_not_verbatim(atlas):  # noqa: F811
    (page,) = _pdf_pages(export.atlas_pdf(atlas, provisions=("sochi-2018:7",)))
    assert "Text (partial: a verbatim fragment" in page and "Sochi" in page


def test_cli_each_zone_handout(tmp_path):
    target = tmp_path / "zones.pdf"
    assert main(["export", "--each", "zone", "-o", str(target)]) == 0
    pages = _pdf_pages(target.read_bytes())
    ghouta = [p for p in pages if "Eastern Ghouta" in p and "Provisions that apply on 15 September 2017" in p]
    assert len(pages) >= 5 and ghouta  # a page per area and zone, its provisions running on where they are many
    assert main(["export", "--each", "zone", "-o", str(target)]) == 1  # kept without --force


def test_the_page_gets_the_same_atlas_as_bytes(atlas):  # noqa: F811
    data = export.atlas_pdf(atlas, what="zone", zones=["eastern_ghouta"])
    assert data.startswith(b"%PDF-") and 1 <= len(_pdf_pages(data)) <= 3  # one area: its map, then its provisions
