"""Readers for the reference data the shapes are derived from, at BUILD time only.

The files live in ``../shared/data/`` next to the checkout (or in the folder named by the
environment variable ``ZONEMAP_SHARED_DATA``). Nothing outside ``zones/draw`` reads them: the
app, the command and the tests only read what ``python -m zones.draw`` wrote into ``zones/``.
Their licences and attributions are in ``zones/LICENSE.md`` and ``zones/SOURCES.md``.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("ZONEMAP_SHARED_DATA", REPO.parent / "shared" / "data"))

OCHA_FILE = "syr_admin1_ocha_v02.geojson"
NATURAL_EARTH_FILE = "ne_50m_admin_0_levant.geojson"
CONTROL_POINTS_FILE = "control_points_2017-07.csv"

OCHA = (
    "Administrative boundaries: OCHA / UN Cartographic Section (UNCS), COD-AB Syria v02 "
    "(valid on 2020-12-17), via HDX; CC BY 3.0 IGO"
)
NATURAL_EARTH = "Made with Natural Earth: 1:50m admin-0 countries (public domain)"
CONTROL_POINTS = (
    "Wikipedia contributors, 'Module:Syrian Civil War detailed map', CC BY-SA 3.0 "
    "(1,529 points, late July 2017)"
)


def path(name: str) -> Path:
    """Path of a reference file; a clear error when the folder is missing."""
    file = SHARED / name
    if not file.exists():
        raise SystemExit(
            f"zones.draw: {file} not found. The files in zones/ are derived from ../shared/data/ "
            "(or set ZONEMAP_SHARED_DATA to the folder that holds it)."
        )
    return file


@dataclass(frozen=True)
class Governorate:
    pcode: str
    name_en: str
    name_ar: str
    geometry: BaseGeometry


def ocha_governorates() -> list[Governorate]:
    """The 14 OCHA COD-AB governorates, unsimplified, in p-code order."""
    data = json.loads(path(OCHA_FILE).read_text(encoding="utf-8"))
    out = []
    for feat in data["features"]:
        props = feat["properties"]
        geom = shape(feat["geometry"])
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        out.append(Governorate(props["ADM1_PCODE"], props["ADM1_EN"], props["ADM1_AR"], geom))
    return sorted(out, key=lambda g: g.pcode)


def natural_earth_countries() -> list[tuple[str, BaseGeometry]]:
    """(source NAME, geometry) of every Natural Earth country in the file, in file order."""
    data = json.loads(path(NATURAL_EARTH_FILE).read_text(encoding="utf-8"))
    return [(f["properties"]["NAME"], shape(f["geometry"])) for f in data["features"]]


@dataclass(frozen=True)
class ControlPoint:
    name: str
    lat: float
    lon: float
    status: str
    subtype: str
    kind: str
    nearest_area: str
    note: str


def control_points() -> list[ControlPoint]:
    """The 1,529 control points of late July 2017, in file order."""
    with path(CONTROL_POINTS_FILE).open(encoding="utf-8", newline="") as fh:
        return [
            ControlPoint(
                r["name"], float(r["lat"]), float(r["lon"]), r["status"], r["subtype"], r["kind"],
                r["nearest_area"], r["note"],
            )
            for r in csv.DictReader(fh)
        ]
