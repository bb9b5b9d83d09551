"""The whole Astana process as agreements (issue 24): every collected document with words is an agreement or is
listed as left out with its reason; every word shown as a document's is in the bundled copy of its source; every
summary and every report says what it is; the south on 15 Nov 2017 shows the south-west ceasefire and the Amman
memorandum; the page and the command say how little of a fragmentary text is known.

Everything is read from zones/ (the bundled copies of the research notes), never from ../shared.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from geo.agreements import known_text
from geo.cli import main
from geo.details import provision_lines
from zones.draw import texts as bundled_texts

ZONES = Path(__file__).resolve().parents[1] / "zones"
DOC = json.loads((ZONES / "agreements.json").read_text(encoding="utf-8"))
AGREEMENTS = DOC["agreements"]
STATEMENT = json.loads((ZONES / "provisions.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((ZONES / "schema.json").read_text(encoding="utf-8"))
GAP = "…"
FOOTNOTE = re.compile(r"\s*\[\d+\]")  # the Voltaire Network's footnote markers in the 2020 text


def normal(text: str) -> str:
    """Whitespace-insensitive; a backslash before a quote mark is a copy's escape, not a word."""
    return " ".join(FOOTNOTE.sub("", text.replace('\\"', '"')).split())


def body(path: Path) -> str:
    """A bundled copy without its provenance header (the leading ``#`` lines): only the source's words count."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if not line.startswith("# "))
    return normal("\n".join(lines[start:]))


def quoted():
    """Every text shown as a document's or a report's words: (where, text, status, lang, translation, copy)."""
    for ag in AGREEMENTS:
        for p in ag["provisions"]:
            where = f"{ag['id']}:{p['number']}"
            own = p.get("text_file") or ag["text_file"]
            yield where, p["text"], p["text_status"], p.get("lang", "en"), p.get("translation", ""), own
            for q in p.get("quotes", []):
                yield (f"{where} (quote)", q["text"], q["text_status"], q["lang"], q.get("translation", ""),
                       q.get("text_file") or own)


def records(capsys, *argv) -> list[dict]:
    capsys.readouterr()
    assert main([*argv, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


# --- every file accounted for ------------------------------------------------------------------------------


def test_every_collected_file_is_an_agreement_or_left_out_with_its_reason():
    bundled, left_out = set(bundled_texts.BUNDLED), set(bundled_texts.LEFT_OUT)
    assert not bundled & left_out and len(bundled | left_out) == 30  # the 30 .txt files of astana-process/
    copies = {p.stem for p in (ZONES / "texts" / "astana-process").glob("*.txt")}
    assert copies == bundled
    ids = {a["id"] for a in AGREEMENTS}
    used = {Path(ag["text_file"]).stem for ag in AGREEMENTS} | {
        Path(x).stem for ag in AGREEMENTS for p in ag["provisions"]
        for x in [p.get("text_file", "")] + [q.get("text_file", "") for q in p.get("quotes", [])] if x}
    for name, agreement in bundled_texts.BUNDLED.items():
        assert agreement in ids and name in used, name  # each copy is quoted by its agreement
    readme = (ZONES / "texts" / "README.md").read_text(encoding="utf-8")
    for name, reason in bundled_texts.LEFT_OUT.items():
        assert f"`{name}" in readme, name
        assert reason.split(":")[0] in readme, name  # the reason is given there too


def test_each_copy_keeps_its_provenance_header():
    for path in (ZONES / "texts" / "astana-process").glob("*.txt"):
        head = path.read_text(encoding="utf-8").splitlines()[:4]
        assert head[0].startswith("# ") and head[1].startswith("# STATUS: "), path.name
        assert f"astana-process/{path.name}" in head[2]
        assert re.search(r"^source: .*https?://", path.read_text(encoding="utf-8"), re.M), path.name


# --- no word shown that is not in a source ------------------------------------------------------------------


def test_every_quoted_text_is_in_the_bundled_copy_of_its_source():
    checked = 0
    for where, text, status, _, _, copy in quoted():
        if status == "summary":
            continue
        source = body(ZONES / copy)
        pieces = [normal(piece) for piece in text.split(GAP) if normal(piece)]
        assert pieces, where
        for piece in pieces:
            assert piece in source, f"{where}: not in {copy}: {piece[:80]!r}"
        if status == "verbatim":
            assert GAP not in text, where  # a whole passage has no gap
        checked += 1
    assert checked > 150


def test_every_summary_is_ours_and_says_so():
    summaries = [(ag, p) for ag in AGREEMENTS for p in ag["provisions"] if p["text_status"] == "summary"]
    summaries += [(STATEMENT["agreement"], p) for p in STATEMENT["provisions"] if p.get("text_status") == "summary"]
    assert len(summaries) > 20
    for ag, p in summaries:
        where = f"{ag['id']}:{p['number']}"
        assert p["source"].startswith("Our summary"), where  # says whose words, and from what
        assert p.get("lang", "en") == "en" and "translation" not in p, where
        assert normal(p["text"]) not in body(ZONES / (p.get("text_file") or ag["text_file"])), where


def test_a_report_is_never_presented_as_the_documents_words():
    statuses = SCHEMA["text_statuses"]
    assert statuses["reported"].startswith("not the agreement's words")
    assert statuses["summary"].startswith("a summary by zonemap")
    for ag in AGREEMENTS:
        if ag["text_status"] == "reports":  # nothing of its text was published: no passage claims to be it
            assert {p["text_status"] for p in ag["provisions"]} <= {"reported", "summary"}, ag["id"]


def test_words_in_another_language_carry_their_tag_and_our_translation():
    langs = set(SCHEMA["languages"])
    seen = set()
    for where, text, status, lang, translation, _ in quoted():
        assert lang in langs, where
        seen.add(lang)
        if lang != "en" and status != "summary":
            assert translation.strip(), f"{where}: {lang} text without our translation"
        if lang == "ar":
            assert re.search("[\u0600-\u06ff]", text), where
        if lang == "ru":
            assert re.search("[\u0400-\u04ff]", text), where
    assert {"en", "ar", "ru"} <= seen
    for ag in AGREEMENTS:
        used = {p.get("lang", "en") for p in ag["provisions"] if p["text_status"] != "summary"} | {
            q["lang"] for p in ag["provisions"] for q in p.get("quotes", [])}
        assert used == set(ag["lang"]), ag["id"]  # the agreement names the languages of the words quoted from it


def test_pax_ids_only_where_the_notes_give_one():
    # the PA-X numbers the research notes name (INDEX and files): 2093, 2094, 2095, 2115, 2169, 2273; local 1995, 1999
    pax = {a["id"]: a.get("pax_id") for a in AGREEMENTS if a.get("pax_id")}
    assert pax == {"memorandum-2017": 2093, "astana-7-2017": 2095, "astana-9-2018": 2115, "sochi-2018": 2169,
                   "moscow-2020": 2273}
    assert STATEMENT["agreement"]["pax_id"] == 2094
    assert {a["id"]: a["pax_local_id"] for a in AGREEMENTS if a.get("pax_local_id")} == {
        "cairo-north-homs-2017": 1995, "geneva-ghouta-2017": 1999}


# --- the command ------------------------------------------------------------------------------------------


def test_zonemap_agreements_lists_each_with_kind_status_and_language(capsys):
    rows = records(capsys, "agreements")
    expected = sorted([*AGREEMENTS, STATEMENT["agreement"]], key=lambda a: a["date"])
    assert [r["id"] for r in rows] == [a["id"] for a in expected]
    kinds, statuses = set(SCHEMA["agreement_kinds"]), set(SCHEMA["agreement_statuses"])
    for row, ag in zip(rows, expected, strict=True):
        assert row["kind"] in kinds and row["text_status"] in statuses and row["lang"] == ag["lang"], row["id"]
        assert row["in_force"] == ag.get("in_force", "")
    cairo = next(r for r in rows if r["id"] == "cairo-north-homs-2017")
    assert (cairo["date"], cairo["in_force"], cairo["kind"]) == ("2017-07-31", "2017-08-03", "local deal")


@pytest.mark.parametrize("agreement", [a["id"] for a in AGREEMENTS])
def test_provisions_of_each_agreement(capsys, agreement):
    rows = records(capsys, "provisions", "--agreement", agreement)
    mine = next(a for a in AGREEMENTS if a["id"] == agreement)
    assert [r["key"] for r in rows] == [f"{agreement}:{p['number']}" for p in mine["provisions"]]
    assert [r["text_status"] for r in rows] == [p["text_status"] for p in mine["provisions"]]


def test_the_south_on_15_november_2017(capsys, monkeypatch):
    rows = records(capsys, "provisions", "--zone", "southern", "--date", "2017-11-15")
    by_agreement = {r["agreement"] for r in rows}
    assert {"sw-ceasefire-2017", "amman-mop-2017", "statement-2017", "memorandum-2017"} <= by_agreement
    assert "astana-8-2017" not in by_agreement  # signed 22 Dec 2017
    lavrov = next(r for r in rows if r["key"] == "sw-ceasefire-2017:1")
    assert "Daraa, Quneitra and As-Suwayda" in lavrov["text"] and lavrov["text_status"] == "reported"
    assert lavrov["where"].startswith("south-west Syria: the Daraa, Quneitra and As-Suwayda governorates")
    # the default table says what each text is: a summary says it is one
    monkeypatch.setenv("COLUMNS", "200")
    capsys.readouterr()
    assert main(["provisions", "--zone", "southern", "--date", "2017-11-15"]) == 0
    table = capsys.readouterr().out
    line = next(x for x in table.splitlines() if x.startswith("sw-ceasefire-2017:2 "))
    assert " summary " in line
    assert next(x for x in table.splitlines() if x.startswith("amman-mop-2017:2 ")).count(" reported ") == 1


def test_the_default_table_shows_the_text_status(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    capsys.readouterr()
    assert main(["provisions", "--agreement", "memorandum-2017"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "text_status" in lines[0]
    summary = next(x for x in lines if x.startswith("memorandum-2017:3 "))
    assert " summary " in summary


def test_sochi_points_are_labelled_as_the_press_english_of_a_leaked_text(capsys, atlas):
    rows = {r["key"]: r for r in records(capsys, "provisions", "--agreement", "sochi-2018")}
    for n in range(1, 8):
        version = rows[f"sochi-2018:{n}"]["version"]
        assert "leaked" in version and "not the UN document S/2018/852" in version
    lines = {line.key: line for line in provision_lines(atlas, atlas.provisions[atlas.provisions["agreement"] == "sochi-2018"])}
    assert "not the UN document S/2018/852" in lines["sochi-2018:1"].status_note
    assert rows["sochi-2018:0"]["lang"] == "ru" and rows["sochi-2018:0"]["translation"]


# --- the page's words -------------------------------------------------------------------------------------


def test_how_little_is_known_said_plainly(atlas):
    by_id = {a.id: a for a in atlas.agreements}
    fragments = known_text(by_id["astana-8-2017"], atlas.provisions)
    assert fragments.startswith("Only fragments of this text are known")
    mine = next(a for a in AGREEMENTS if a["id"] == "astana-8-2017")["provisions"]
    own = sum(p["text_status"] in ("verbatim", "partial") for p in mine)
    reported = sum(p["text_status"] == "reported" for p in mine)
    assert f"{own} passages in its own words" in fragments and f"{reported} passages in others' words" in fragments
    assert known_text(by_id["sw-ceasefire-2017"], atlas.provisions).startswith(
        "None of this agreement's words are known")
    assert known_text(by_id["statement-2017"], atlas.provisions) == ""  # the whole text is known
    line = next(x for x in provision_lines(atlas, atlas.provisions) if x.key == "amman-mop-2017:1")
    assert line.known.startswith("None of this agreement's words are known")
    assert line.status_note.startswith("not the agreement's words")


def test_the_page_lines_carry_the_original_and_our_translation(atlas):
    lines = {x.key: x for x in provision_lines(atlas, atlas.provisions)}
    homs = lines["cairo-north-homs-2017:4"]
    assert homs.text_lang == "ar" and homs.language == "Arabic" and "جبورين" in homs.text
    assert "Jabburin" in homs.translation
    memo = lines["memorandum-2017:1"]
    assert any(q.startswith("Russian, verbatim") and "our translation:" in q for q in memo.quotes)


def test_every_agreement_is_a_key_date(atlas):
    labels = dict(atlas.key_dates)
    for a in atlas.agreements:
        assert a.short_title in labels[a.date], a.id


def test_a_deals_own_ground_is_named_and_drawn_as_areas():
    grounds = SCHEMA["grounds"]
    for ag in AGREEMENTS:
        for p in ag["provisions"]:
            ground = p.get("ground")
            if not ground:
                continue
            assert ground in grounds, ground
            assert p["scope"] == "elsewhere" or isinstance(p["scope"], list), (ag["id"], p["number"])
    assert grounds["sw_syria"]["governorates"] == ["Daraa", "Quneitra", "As-Suwayda"]
    governorates = {f["properties"]["name"] for f in
                    json.loads((ZONES / "governorates.geojson").read_text(encoding="utf-8"))["features"]}
    assert all(set(g["governorates"]) <= governorates for g in grounds.values())
