"""``zonemap validate`` with a user's provisions and agreements: the counts it prints, each file said once."""

from __future__ import annotations

import json

from geo.base import data
from tests.conftest import run


def statement_as(write_json, name: str, agreement_id: str):
    doc = json.loads(data.PROVISIONS.read_text(encoding="utf-8"))
    doc["agreement"]["id"] = agreement_id
    return write_json(name, doc), len(doc["provisions"])


def test_a_provisions_file_whose_agreement_id_has_spaces_counts_its_provisions(capsys, write_json):
    path, count = statement_as(write_json, "mine.json", " mine ")  # the loader strips the id
    code, out, err = run(capsys, "validate", "--provisions", str(path))
    assert (code, err) == (0, "")
    assert out == f"ok: {path}: {count} provisions\n"


def test_the_agreements_file_is_reported_once_whatever_the_number_of_provisions_files(capsys, write_json):
    first, count = statement_as(write_json, "first.json", "first")
    second, _ = statement_as(write_json, "second.json", "second")
    code, out, err = run(capsys, "validate", str(first), str(second), "--agreements", str(data.AGREEMENTS))
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"ok: {first}: {count} provisions", f"ok: {second}: {count} provisions",
                                f"ok: {data.AGREEMENTS}: {agreements_in_file()} agreements"]


def agreements_in_file() -> int:
    import json

    return len(json.loads(data.AGREEMENTS.read_text(encoding="utf-8"))["agreements"])


def test_a_broken_agreements_file_is_named_once(capsys, write_json):
    first, _ = statement_as(write_json, "first.json", "first")
    second, _ = statement_as(write_json, "second.json", "second")
    agreements = write_json("agreements.json", {"agreements": [{"id": "x"}]})
    code, out, err = run(capsys, "validate", str(first), str(second), "--agreements", str(agreements))
    assert (code, out) == (1, "")
    assert err.splitlines() == [f"error: {agreements}: agreement 'x' needs an id and a date (YYYY-MM-DD) — "
                                "see zones/agreements.json for the form"]
