"""``zonemap dataset -o DIR``: the citable release (issue 25), checked as a researcher would use it: opened with
GeoPandas, GDAL's ogrinfo and the Frictionless validator, joined to UCDP events, cited from CITATION.cff."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pytest
import shapely

from geo.cli import main
from tests.conftest import bundled_area_features, geodesic_km2

ROOT = Path(__file__).resolve().parents[1]
TABLES = ("areas", "shares", "posts", "agreements", "provisions", "captures", "offensives")  # the bundled atlas has all
CI = os.environ.get("CI", "").lower() == "true"


def _tool(name: str) -> str:
    """A command-line tool from the venv or the system; missing is a failure under CI=true, a skip elsewhere."""
    found = shutil.which(name, path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    if found is None:
        message = f"{name} is not installed (make test installs it)"
        if CI:
            pytest.fail(f"{message}; required when CI=true")
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release") / "out"
    assert main(["dataset", "-o", str(out)]) == 0
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- what is written ----------------------------------------------------------------------------------------


def test_release_has_every_table_in_three_formats_and_its_papers(release):
    names = set(_files(release))
    for table in TABLES:
        assert {f"csv/{table}.csv", f"parquet/{table}.parquet", f"codebook/{table}.md"} <= names
    assert {"zonemap.gpkg", "datapackage.json", "CITATION.cff", "LICENSE.md", "CHANGELOG.md", "README.md",
            "SHA256SUMS", "codebook/README.md"} <= names


def test_second_run_is_byte_identical(release, tmp_path):
    time.sleep(1.1)  # a timestamp that leaked in (seconds) would now differ
    again = tmp_path / "again"
    assert main(["dataset", "-o", str(again)]) == 0
    first, second = _files(release), _files(again)
    assert first.keys() == second.keys()
    assert [n for n in first if first[n] != second[n]] == []


def test_checksums_match_the_files(release):
    lines = (release / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert set(listed) == set(_files(release)) - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256((release / name).read_bytes()).hexdigest() == digest, name


def test_frictionless_validates_the_package_and_catches_a_broken_copy(release, tmp_path):
    tool = _tool("frictionless")
    ok = subprocess.run([tool, "validate", "datapackage.json"], cwd=release, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout[-2000:]
    broken = tmp_path / "broken"
    shutil.copytree(release, broken)
    with open(broken / "zonemap.gpkg", "ab") as fh:  # a damaged download
        fh.write(b"x")
    shares = (broken / "csv" / "shares.csv").read_text(encoding="utf-8")
    (broken / "csv" / "shares.csv").write_text(shares.replace("\nidlib@2017-05-04,", "\nnowhere@2017-05-04,", 1),
                                               encoding="utf-8")
    bad = subprocess.run([tool, "validate", "datapackage.json"], cwd=broken, capture_output=True, text=True)
    assert bad.returncode != 0
    assert "hash-count" in bad.stdout and "foreign-key" in bad.stdout


def test_geopackage_opens_in_geopandas_and_ogrinfo_with_every_row(release):
    tool = _tool("ogrinfo")
    for table in TABLES:
        csv = pd.read_csv(release / "csv" / f"{table}.csv", keep_default_na=False)
        layer = gpd.read_file(release / "zonemap.gpkg", layer=table)
        assert list(layer.columns) == list(csv.columns)
        assert len(layer) == len(csv) > 0
        info = subprocess.run([tool, "-ro", "-so", str(release / "zonemap.gpkg"), table], capture_output=True,
                              text=True)
        assert info.returncode == 0, info.stderr
        assert f"Feature Count: {len(csv)}" in info.stdout
    info = subprocess.run([tool, "-ro", "-so", str(release / "zonemap.gpkg"), "areas"], capture_output=True, text=True)
    assert "Geometry: Multi Polygon" in info.stdout and 'ID["EPSG",4326]' in info.stdout


def test_geoparquet_is_geoarrow_with_its_crs_and_opens_in_geopandas(release):
    """GeoParquet 1.1: the 'geo' metadata names the GeoArrow encoding and the CRS (PROJJSON, EPSG:4326)."""
    for table, encoding in (("areas", "multipolygon"), ("posts", "point")):
        path = release / "parquet" / f"{table}.parquet"
        geo = json.loads(pq.read_schema(path).metadata[b"geo"])
        column = geo["columns"]["geometry"]
        assert geo["version"] == "1.1.0" and geo["primary_column"] == "geometry"
        assert column["encoding"] == encoding
        assert column["crs"]["id"] == {"authority": "EPSG", "code": 4326}
        assert pq.read_schema(path).field("geometry").metadata[b"ARROW:extension:name"] == f"geoarrow.{encoding}".encode()
        frame = gpd.read_parquet(path)
        assert frame.crs.to_epsg() == 4326
        assert list(frame.columns) == list(pd.read_csv(release / "csv" / f"{table}.csv", nrows=0).columns)


def test_geoparquet_opens_in_gdal_where_gdal_reads_parquet(release):
    """ogrinfo reads the GeoParquet when its GDAL has the (Arrow) Parquet driver. Debian's gdal-bin is built
    without Apache Arrow and has no such driver: then the files are read with GDAL's library through pyogrio
    where it can, and otherwise this test checks that the driver is really absent (so it cannot pass silently
    on a GDAL that has it but fails to read the files)."""
    tool = _tool("ogrinfo")
    formats = subprocess.run([tool, "--formats"], capture_output=True, text=True).stdout
    if re.search(r"^\s*Parquet\b", formats, re.M):
        for table in ("areas", "posts"):
            info = subprocess.run([tool, "-ro", "-so", str(release / "parquet" / f"{table}.parquet")],
                                  capture_output=True, text=True)
            assert info.returncode == 0, info.stderr
            assert f"Feature Count: {len(pd.read_csv(release / 'csv' / f'{table}.csv'))}" in info.stdout
    else:
        assert "GPKG" in formats and "Parquet" not in formats


def test_the_three_formats_hold_the_same_values(release):
    for table in TABLES:
        csv = pd.read_csv(release / "csv" / f"{table}.csv", dtype=str, keep_default_na=False)
        parquet = pd.read_parquet(release / "parquet" / f"{table}.parquet")
        layer = gpd.read_file(release / "zonemap.gpkg", layer=table)
        from geo.dataset.codebook import codebook

        whole = {c.name for c in codebook().table(table).columns if c.type == "integer"}  # read back as floats
        for column in csv.columns:                                                      # when some are empty
            if column == "geometry":
                wkt = shapely.from_wkt(csv[column].to_numpy())
                geoparquet = gpd.read_parquet(release / "parquet" / f"{table}.parquet")
                assert all(shapely.equals_exact(wkt, layer.geometry.values, 1e-9))
                assert all(shapely.equals_exact(wkt, geoparquet.geometry.values, 1e-9))
                continue
            assert _texts(parquet[column], column in whole) == list(csv[column]), (table, column)
            assert _texts(layer[column], column in whole) == list(csv[column]), (table, column)


def _texts(values: pd.Series, whole: bool = False) -> list[str]:
    out = []
    for v in values:
        if v is None or v is pd.NA or (isinstance(v, float) and v != v) or v is pd.NaT:
            out.append("")
        elif whole and isinstance(v, float) and v == int(v):
            out.append(str(int(v)))
        elif isinstance(v, float | int) and not isinstance(v, bool):
            out.append(repr(float(v)) if isinstance(v, float) else str(int(v)))
        elif hasattr(v, "date") and callable(v.date):
            out.append(v.date().isoformat())
        elif hasattr(v, "isoformat"):
            out.append(v.isoformat())
        elif isinstance(v, float):
            out.append(repr(float(v)))
        else:
            out.append(str(v))
    return out


# --- the facts in it --------------------------------------------------------------------------------------


def test_areas_are_the_bundled_shapes_with_their_size(release):
    """Every held state of zones/areas.parquet (read here without zonemap) is a row, its shape within 1e-6°, its
    km² within 0.5 % of the geodesic area."""
    bundled = [f for f in bundled_area_features() if f["properties"]["kind"] != "area as agreed"]
    areas = gpd.read_parquet(release / "parquet" / "areas.parquet").set_index("state_id")
    held = areas[areas["layer"] == "held"]
    assert len(held) == len(bundled)
    for feature in bundled:
        props = feature["properties"]
        row = held.loc[f"{props['id']}@{props['valid_from']}"]
        shape = shapely.geometry.shape(feature["geometry"])
        assert shapely.equals_exact(shapely.normalize(row.geometry), shapely.normalize(
            shape if shape.geom_type == "MultiPolygon" else shapely.MultiPolygon([shape])), 1e-6)
        assert row["km2"] == pytest.approx(geodesic_km2(shape), rel=0.005)
        assert row["valid_to"] == (pd.Timestamp(props["valid_to"]).date() if props.get("valid_to") else None)


# OCHA COD-AB Syria's admin1 p-codes (published): Damascus SY01, Aleppo SY02, Rif Dimashq SY03, Homs SY04, Hama SY05,
# Latakia SY06, Idlib SY07, Daraa SY12, As-Suwayda SY13, Quneitra SY14. The memorandum of 4 May 2017 names the
# provinces of each area.
MEMORANDUM_PROVINCES = {"idlib": {"SY07", "SY06", "SY05", "SY02"}, "northern_homs": {"SY04"},
                        "eastern_ghouta": {"SY03"}, "southern": {"SY12", "SY14"}}


def test_each_state_carries_the_ocha_pcodes_of_its_governorates(release):
    areas = pd.read_csv(release / "csv" / "areas.csv", keep_default_na=False).set_index("state_id")
    for area, provinces in MEMORANDUM_PROVINCES.items():
        codes = set(areas.loc[f"{area}@2017-05-04", "governorate_pcodes"].split("; "))
        assert provinces <= codes, area
        assert codes <= {f"SY{n:02d}" for n in range(1, 15)}
    shares = pd.read_csv(release / "csv" / "shares.csv", keep_default_na=False)
    for state, rows in shares.groupby("state_id"):
        assert rows["share"].sum() == pytest.approx(1.0, abs=0.002), state  # every part of the state is counted
        assert set(rows["pcode"]) == set(areas.loc[state, "governorate_pcodes"].split("; "))
        assert rows["km2"].sum() == pytest.approx(areas.loc[state, "km2"], rel=0.002)


def test_agreements_carry_their_pax_ids_and_iso_dates(release):
    agreements = pd.read_csv(release / "csv" / "agreements.csv", keep_default_na=False).set_index("id")
    # PA-X ids as PA-X publishes them: the joint statement of 15 Sep 2017 is 2094, the Sochi memorandum 2169
    assert agreements.loc["statement-2017", "pax_id"] == "2094"  # text: the column has empty cells (no PA-X id)
    assert agreements.loc["sochi-2018", "pax_id"] == "2169"
    assert agreements.loc["unsc-2401", "pax_id"] == ""  # none invented where PA-X has none
    assert agreements.loc["statement-2017", "date"] == "2017-09-15"
    provisions = pd.read_csv(release / "csv" / "provisions.csv", keep_default_na=False)
    assert set(provisions["agreement"]) <= set(agreements.index)
    assert set(provisions["text_status"]) <= {"verbatim", "partial", "reported", "summary"}


def test_the_areas_as_agreed_are_rows_of_their_own_naming_their_agreement(release):
    """The areas as agreed (issue 19) are published beside the held part, each naming the agreement it follows."""
    agreed = [f["properties"] for f in bundled_area_features() if f["properties"]["kind"] == "area as agreed"]
    areas = pd.read_csv(release / "csv" / "areas.csv", keep_default_na=False).set_index("state_id")
    rows = areas[areas["layer"] == "agreed"]
    assert len(rows) == len(agreed) > 0
    for props in agreed:
        row = rows.loc[f"{props['id']}@{props['valid_from']}"]
        assert (row["agreement_id"], row["part_of"]) == (props["agreement"], props["part_of"])
    assert set(rows["agreement_id"]) <= set(pd.read_csv(release / "csv" / "agreements.csv")["id"])
    assert (areas.loc[areas["layer"] == "held", "agreement_id"] == "").all()


def test_the_captures_are_the_bundled_table_row_for_row(release):
    """zones/captures.csv and zones/offensives.csv (read with the csv module) come out whole, dates as written."""
    import csv

    with open(ROOT / "zones" / "captures.csv", encoding="utf-8", newline="") as f:
        bundled = list(csv.DictReader(f))
    out = pd.read_csv(release / "csv" / "captures.csv", dtype=str, keep_default_na=False)
    assert len(out) == len(bundled) > 500  # several hundred localities (issue 19)
    key = ["date", "locality", "to_side"]
    assert sorted(out[key].itertuples(index=False, name=None)) == sorted(tuple(r[k] for k in key) for r in bundled)
    with open(ROOT / "zones" / "offensives.csv", encoding="utf-8", newline="") as f:
        offensives = {r["id"]: r for r in csv.DictReader(f)}
    table = pd.read_csv(release / "csv" / "offensives.csv", dtype=str, keep_default_na=False).set_index("id")
    assert set(table.index) == set(offensives)
    assert all(table.loc[i, "start"] == r["start"] and table.loc[i, "end"] == r["end"] for i, r in offensives.items())
    assert set(out["offensive"]) <= set(table.index)


def test_posts_carry_their_operator_number_and_deal(release):
    """Issue 24's posts: the Russian military-police points of the northern Homs deal (Cairo, 31 Jul 2017) and the
    crossing of al-Wafidin beside the Turkish posts, whose army numbers are published (al-Eis No. 6, Tell Tuqan
    No. 7: issue 19)."""
    posts = pd.read_csv(release / "csv" / "posts.csv", dtype=str, keep_default_na=False)
    agreements = set(pd.read_csv(release / "csv" / "agreements.csv")["id"])
    assert set(posts["agreement"]) <= agreements
    russian = posts[(posts["operator"] == "Russia") & (posts["kind"] == "military-police point")]
    assert len(russian) == 3 and set(russian["agreement"]) == {"cairo-north-homs-2017"}
    assert "crossing" in set(posts.loc[posts["agreement"] == "cairo-ghouta-2017", "kind"])
    turkish = posts[posts["operator"] == "Turkey"].set_index("name")
    assert len(turkish) == 12
    assert turkish.loc["al-Eis", "number"] == "6" and turkish.loc["Tell Tuqan", "number"] == "7"


def test_provisions_carry_language_translation_and_further_quotes_the_codebook_names(release):
    """Every key of a further quote is named in the codebook's description of the column; a text in another
    language has our translation."""
    book = json.loads((ROOT / "zones" / "codebook.json").read_text(encoding="utf-8"))
    columns = {c["name"]: c for t in book["tables"] if t["name"] == "provisions" for c in t["columns"]}
    provisions = pd.read_csv(release / "csv" / "provisions.csv", dtype=str, keep_default_na=False)
    keys = {k for cell in provisions["quotes"] if cell for quote in json.loads(cell) for k in quote}
    assert keys and all(k in columns["quotes"]["meaning"] for k in keys)
    other = provisions[provisions["lang"] != "en"]
    assert len(other) and (other["translation"] != "").all()
    assert {"ar", "ru"} <= set(provisions["lang"])


def test_readme_worked_example_gives_the_event_counts_of_zonemap_events(release):
    """The README's ten lines of pandas, run on this release and the bundled UCDP events, count per area and
    month what ``zonemap events`` counts (a separate implementation: its own grid and date logic)."""
    from geo.model.atlas import load_atlas
    from geo.model.events import count_events

    code = _readme_block("Worked example")
    code = code.replace('"dist/dataset/', f'"{release.as_posix()}/').replace('"zones/', f'"{(ROOT / "zones").as_posix()}/')
    scope: dict = {}
    exec(compile(code, "README.md", "exec"), scope)  # noqa: S102 - the README's own example
    monthly = scope["monthly"]
    atlas = load_atlas()
    table = count_events(None, atlas.areas, atlas.outline).by_month()
    checked = 0
    for area, first, last in (("idlib", "2017-06", "2019-11"), ("eastern_ghouta", "2017-06", "2018-03"),
                              ("southern", "2017-06", "2018-06")):
        rows = table[(table["zone_id"] == area) & (table["month"] >= first) & (table["month"] <= last)]
        for row in rows.itertuples():
            got = monthly.loc[(area, row.month)] if (area, row.month) in monthly.index else None
            assert (0 if got is None else int(got["events"])) == row.events, (area, row.month)
            assert (0 if got is None else int(got["deaths"])) == row.deaths_best, (area, row.month)
            checked += row.events
    assert checked > 1000


def _readme_block(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"### {heading}", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


# --- citing it --------------------------------------------------------------------------------------------


def test_citation_cff_at_the_root_is_the_release_one_and_the_readme_quotes_it(release):
    import yaml

    root = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert (release / "CITATION.cff").read_text(encoding="utf-8") == root
    cff = yaml.safe_load(root)
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    version = metadata.version("zonemap")
    assert cff["version"] == version == re.search(r'^version = "(.+)"', (ROOT / "pyproject.toml").read_text(),
                                                  re.M).group(1)
    authors = "; ".join(a["name"] for a in cff["authors"])
    expected = (f"{authors} ({str(cff['date-released'])[:4]}). {cff['title']} (version {cff['version']}) [Data set]. "
                f"Licence: {cff['license']}. Released {cff['date-released']}.")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    cite = readme.split("### How to cite", 1)[1].split("\n\n")[1]
    assert cite == f"> {expected}"
    assert expected in (release / "README.md").read_text(encoding="utf-8")
    assert cff["license"] == "CC-BY-SA-3.0"


def test_changelog_has_this_version_and_the_licence_says_share_alike_with_every_attribution(release):
    version = metadata.version("zonemap")
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = str(__import__("yaml").safe_load((ROOT / "CITATION.cff").read_text())["date-released"])
    assert f"## {version} ({released})" in changelog
    for note in (release / "CHANGELOG.md").read_text(encoding="utf-8").split(f"## {version}")[1].splitlines():
        if note.startswith("- "):
            assert note in changelog
    licence = (release / "LICENSE.md").read_text(encoding="utf-8")
    assert "CC BY-SA 3.0" in licence and "share-alike" in licence
    for name in ("Module:Syrian Civil War detailed map", "OCHA", "GeoNames", "UCDP"):
        assert name in licence
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-SA-3.0" and package["version"] == version


def test_codebook_pages_describe_every_column(release):
    package = json.loads((release / "datapackage.json").read_text(encoding="utf-8"))
    for resource in (r for r in package["resources"] if r["type"] == "table"):
        header = (release / resource["path"]).read_text(encoding="utf-8").split("\n", 1)[0].split(",")
        assert [f["name"] for f in resource["schema"]["fields"]] == header
        page = (release / "codebook" / f"{resource['name']}.md").read_text(encoding="utf-8")
        for name in header:
            section = page.split(f"### `{name}`", 1)[1].split("### ", 1)[0]
            assert "- Type: " in section and "How derived" in section and "Confidence" in section, name


def test_a_column_the_codebook_does_not_describe_is_refused():
    from geo.base.errors import ZonemapError
    from geo.dataset.codebook import codebook
    from geo.dataset.tables import typed

    table = codebook().table("agreements")
    frame = pd.DataFrame({name: ["x"] for name in table.names} | {"date": ["2017-09-15"], "new": ["?"]})
    with pytest.raises(ZonemapError, match="'new'"):
        typed(frame, table)
    with pytest.raises(ZonemapError, match="'title'"):
        typed(frame.drop(columns=["title", "new"]), table)


# --- the folder -------------------------------------------------------------------------------------------


def _run(capsys, *args) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def test_existing_folder_refused_without_force_and_replaced_with_it(tmp_path, capsys):
    target = tmp_path / "out"
    target.mkdir()
    (target / "mine.txt").write_text("keep me")
    code, err = _run(capsys, "dataset", "-o", str(target))
    assert code == 1 and err.count("\n") == 1 and "already exists and is not empty" in err and "--force" in err
    assert [p.name for p in target.iterdir()] == ["mine.txt"]
    code, err = _run(capsys, "dataset", "-o", str(target), "--force")
    assert code == 0
    assert not (target / "mine.txt").exists() and (target / "datapackage.json").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no temporary folder left beside it


def test_a_file_the_bundled_folder_and_a_missing_parent_are_refused(tmp_path, capsys):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    for target, words in ((a_file, "is a file"), (ROOT / "zones" / "release", "bundled data folder"),
                          (tmp_path / "no" / "such", "does not exist")):
        code, err = _run(capsys, "dataset", "-o", str(target))
        assert code == 1 and err.startswith("error: ") and words in err and err.count("\n") == 1
    assert not (ROOT / "zones" / "release").exists()


def test_a_failure_while_writing_leaves_the_old_release_whole(tmp_path, capsys, monkeypatch):
    from geo.dataset import release as release_module

    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("the old release")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(release_module, "write_parquet", full_disk)
    code, err = _run(capsys, "dataset", "-o", str(target), "--force")
    assert code == 1 and "No space left on device" in err and "nothing was written" in err
    assert [p.name for p in target.iterdir()] == ["old.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_rows_are_sorted_by_the_codebook_order(release):
    """Rows in a stable order (the codebook's sort columns), so a new release diffs cleanly against the last."""
    book = json.loads((ROOT / "zones" / "codebook.json").read_text(encoding="utf-8"))
    published = {r["name"] for r in json.loads((release / "datapackage.json").read_text())["resources"]}
    for table in (t for t in book["tables"] if t["name"] in published):
        csv = pd.read_csv(release / "csv" / f"{table['name']}.csv", dtype=str, keep_default_na=False)
        keys = [tuple(row) for row in csv[table["sort"]].itertuples(index=False)]
        numeric = [c for c in table["sort"] if next(col for col in table["columns"] if col["name"] == c)["type"]
                   == "integer"]
        if numeric:
            at = [table["sort"].index(c) for c in numeric]
            keys = [tuple(int(v) if i in at else v for i, v in enumerate(k)) for k in keys]
        assert keys == sorted(keys), table["name"]
        assert len(keys) > 1


def test_captures_and_offensives_are_published_when_the_atlas_has_them(tmp_path):
    """The dated captures of issue 19 (rows as geo.model.load gives them: dates as dates, lat/lon as numbers) become the
    tables captures (points) and offensives, valid against their codebook entries."""
    from datetime import date

    from geo.dataset import write_release
    from geo.model.atlas import load_atlas

    atlas = load_atlas()

    class WithCaptures:
        captures = pd.DataFrame({
            "date": [date(2019, 8, 21), date(2020, 2, 6), date(2020, 2, 27)], "area": ["idlib"] * 3,
            "offensive": ["idlib_2019", "idlib_2019_2020", "idlib_2019_2020"],
            "locality": ["khan-shaykhun", "saraqib", "saraqib"], "name": ["Khan Shaykhun", "Saraqib", "Saraqib"],
            "name_ar": ["خان شيخون", "سراقب", "سراقب"], "lat": [35.44208, 35.86472, 35.86472],
            "lon": [36.65083, 36.80056, 36.80056], "from_side": ["opposition", "opposition", "government"],
            "to_side": ["government", "government", "opposition"],
            "date_other": ["", "", "2020-02-26"], "confidence": ["high", "high", "medium"],
            "source": ["test report 21 Aug 2019", "test report 6 Feb 2020", "test report 27 Feb 2020"],
            "coord_source": ["GN 170899", "GN 163270", "GN 163270"], "note": ["", "", "retaken"]})
        offensives = pd.DataFrame({
            "id": ["idlib_2019", "idlib_2019_2020"], "name": ["Idlib 2019", "Idlib 2019-20"],
            "start": [date(2019, 4, 30), date(2019, 12, 19)], "end": [date(2019, 8, 31), date(2020, 3, 5)],
            "window_start": [date(2019, 4, 26), date(2019, 11, 1)], "window_end": [date(2019, 8, 31), date(2020, 3, 5)],
            "area": ["idlib", "idlib"], "sources": ["test", "test"]})

        def __getattr__(self, name):
            return getattr(atlas, name)

    out = tmp_path / "out"
    write_release(out, atlas=WithCaptures())
    ok = subprocess.run([_tool("frictionless"), "validate", "datapackage.json"], cwd=out, capture_output=True,
                        text=True)
    assert ok.returncode == 0, ok.stdout[-2000:]
    captures = gpd.read_file(out / "zonemap.gpkg", layer="captures")
    assert list(captures["locality"]) == ["khan-shaykhun", "saraqib", "saraqib"]  # sorted by date
    assert captures.geometry.x.round(5).tolist() == [36.65083, 36.80056, 36.80056]
    csv = pd.read_csv(out / "csv" / "captures.csv", keep_default_na=False)
    assert csv["date"].tolist() == ["2019-08-21", "2020-02-06", "2020-02-27"]
    assert "one row per change of hands" in (out / "codebook" / "captures.md").read_text(encoding="utf-8")
