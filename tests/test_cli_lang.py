"""``--lang ar`` on the command line (issue 23): zones, provisions, timeline and locate print their names and
labels in Arabic; the columns, the ids, the dates and the messages stay as they are, so scripts do not break.
The Arabic names expected are read from the bundled data files themselves."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import run

ZONES = Path(__file__).resolve().parents[1] / "zones"


def _names(layer: str) -> dict[str, str]:
    if layer.endswith(".parquet"):  # read with pyarrow itself, not through zonemap's loader
        import pyarrow.parquet as pq

        table = pq.read_table(ZONES / layer, columns=["name", "name_ar"]).to_pydict()
        return dict(zip(table["name"], table["name_ar"], strict=True))
    features = json.loads((ZONES / layer).read_text(encoding="utf-8"))["features"]
    return {f["properties"]["name"]: f["properties"]["name_ar"] for f in features}


def _rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_zones_in_arabic_keep_the_columns_and_ids(capsys):
    _, en, _ = run(capsys, "zones", "--format", "csv")
    code, ar, err = run(capsys, "zones", "--format", "csv", "--lang", "ar")
    assert code == 0 and err == ""
    en_rows, ar_rows = _rows(en), _rows(ar)
    assert list(ar_rows[0]) == list(en_rows[0])  # the same columns, in the same order
    areas, governorates = _names("areas.parquet"), _names("governorates.geojson")
    for e, a in zip(en_rows, ar_rows, strict=True):
        assert (a["id"], a["km2"], a["valid_from"], a["valid_to"]) == (e["id"], e["km2"], e["valid_from"], e["valid_to"])
        assert a["name"] == areas[e["name"]]
        first = e["governorates"].split(";")[0].rsplit(" ", 1)
        assert a["governorates"].startswith(f"{governorates[first[0]]} {first[1]}")
    kinds = {a["kind"] for a in ar_rows}
    assert "منطقة خفض التصعيد" in kinds and "de-escalation area" not in kinds


def test_zones_table_in_arabic(capsys):
    code, out, _ = run(capsys, "zones", "--lang", "ar")
    assert code == 0 and "إدلب" in out and out.splitlines()[0].split()[:3] == ["id", "kind", "name"]


def test_provisions_in_arabic_translate_titles_and_places_not_the_texts(capsys):
    _, en, _ = run(capsys, "provisions", "--format", "json")
    code, ar, _ = run(capsys, "provisions", "--format", "json", "--lang", "ar")
    assert code == 0
    en_rows, ar_rows = json.loads(en), json.loads(ar)
    assert [list(r) for r in ar_rows] == [list(r) for r in en_rows]
    by_key = {r["key"]: r for r in ar_rows}
    english = {r["key"]: r for r in en_rows}
    assert by_key["5"]["text"] == english["5"]["text"]  # the agreement's own words are never translated
    assert by_key["5"]["where"] == _names("areas.parquet")["Idlib security zone"]
    assert by_key["4"]["where"] == "سوريا كلها"  # sovereignty: Syria as a whole
    assert by_key["5"]["title"] == "قوات المراقبة في المنطقة الأمنية في إدلب"


def test_timeline_in_arabic_keeps_ids_and_dates(capsys):
    _, en, _ = run(capsys, "timeline", "--format", "csv", "--full")
    code, ar, _ = run(capsys, "timeline", "--format", "csv", "--full", "--lang", "ar")
    assert code == 0
    for e, a in zip(_rows(en), _rows(ar), strict=True):
        assert (a["id"], a["valid_from"], a["valid_to"], a["km2"]) == (e["id"], e["valid_from"], e["valid_to"], e["km2"])
        assert a["confidence"] in ("عالية", "متوسطة", "منخفضة", "")
    # What became of each area (its last state's fate) reads in Arabic; the day-by-day fates between are
    # generated data prose (who took which village), kept as they are.
    last = {a["id"]: a["fate"] for a in _rows(ar)}
    assert last and all(not f.isascii() for f in last.values() if f)


def test_locate_in_arabic_names_the_area_and_governorate(capsys, tmp_path):
    points = tmp_path / "p.csv"
    points.write_text("name,lat,lon\nSaraqib,35.8645,36.8059\nsea,35.0,34.0\n", encoding="utf-8")
    code, out, _ = run(capsys, "locate", str(points), "--lang", "ar")
    assert code == 0
    rows = _rows(out)
    assert list(rows[0]) == ["name", "lat", "lon", "zone_id", "zone_name", "agreed_id", "governorate"]
    assert rows[0]["zone_id"] == "idlib"
    assert rows[0]["zone_name"] == _names("areas.parquet")["Idlib and neighbouring areas"]
    assert rows[0]["governorate"] == _names("governorates.geojson")["Idlib"]
    assert rows[1]["zone_id"] == rows[1]["zone_name"] == rows[1]["governorate"] == ""


def test_locate_place_in_arabic(capsys):
    code, out, _ = run(capsys, "locate", "--place", "Saraqib", "--lang", "ar")
    assert code == 0
    assert "place: سراقب" in out and "(idlib)" in out and f"governorate: {_names('governorates.geojson')['Idlib']}" in out


@pytest.mark.parametrize("command", ["zones", "provisions", "timeline", "export"])
def test_an_unknown_language_is_a_usage_error(capsys, command):
    with pytest.raises(SystemExit) as exit_:
        run(capsys, command, "--lang", "xx", *(["-o", "x.png"] if command == "export" else []))
    assert exit_.value.code == 2
    assert "invalid choice: 'xx'" in capsys.readouterr().err


def test_messages_stay_in_english(capsys):
    code, _, err = run(capsys, "provisions", "--zone", "nowhere", "--lang", "ar")
    assert code == 1 and err.startswith("error: unknown area 'nowhere'")
