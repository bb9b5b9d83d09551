"""The observation posts of ``zones/posts.geojson``, written by ``zones/draw/posts.py``."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import shape

from zones.draw import posts as posts_data

ZONES = Path(__file__).resolve().parents[1] / "zones"
POST_KEYS = [
    "id",
    "name",
    "name_ar",
    "operator",
    "established",
    "encircled",
    "withdrawn",
    "location_confidence",
    "date_confidence",
    "source",
    "note",
]
CONFIDENCE = {"high", "medium", "low"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso(value: str) -> bool:
    if not ISO.match(value):
        return False
    date.fromisoformat(value)
    return True


@pytest.fixture(scope="module")
def syria():
    doc = json.loads((ZONES / "syria.geojson").read_text(encoding="utf-8"))
    return next(shape(f["geometry"]) for f in doc["features"] if f["properties"]["kind"] == "country")


@pytest.fixture(scope="module")
def posts() -> list[dict]:
    return json.loads((ZONES / "posts.geojson").read_text(encoding="utf-8"))["features"]


def test_posts_file_is_what_the_code_writes(posts):
    assert posts == json.loads(json.dumps(posts_data.post_features(), ensure_ascii=False))


def test_twelve_turkish_posts_with_valid_dates(posts):
    assert len(posts) == 12
    assert len({p["properties"]["id"] for p in posts}) == 12
    for post in posts:
        p = post["properties"]
        assert list(p) == POST_KEYS, p["id"]
        assert p["id"].startswith("op_") and p["id"] == post["id"]
        assert p["operator"] == "Turkey"
        assert p["location_confidence"] in CONFIDENCE and p["date_confidence"] in CONFIDENCE
        assert _iso(p["established"]), p["id"]
        dates = [p["established"]] + [p[k] for k in ("encircled", "withdrawn") if p[k]]
        assert all(_iso(d) for d in dates), p["id"]
        assert dates == sorted(dates), p["id"]
        assert "2017-10-01" <= p["established"] <= "2018-06-01", p["id"]
        assert post["geometry"]["type"] == "Point"


def test_posts_are_inside_syria(posts, syria):
    for post in posts:
        assert syria.covers(shape(post["geometry"])), post["id"]


def test_known_post_dates(posts):
    by_id = {p["id"]: p["properties"] for p in posts}
    assert by_id["op_surman"]["established"] == "2018-02-15"
    assert by_id["op_morek"]["encircled"] == "2019-08-23"
    assert by_id["op_morek"]["withdrawn"] == "2020-10-20"
    assert by_id["op_surman"]["encircled"] == "2019-12-23"
