"""``zonemap validate`` with a user's provisions and agreements: the counts it prints, each file said once."""

from __future__ import annotations

import json

from geo import data
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
