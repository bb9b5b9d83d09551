"""Shared fixtures: small hand-made layers written to tmp_path, and the bundled data."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile import write as write_content  # bytes, text or a JSON-able object (NaN allowed)

# A small square in Idlib and one in Daraa (lon, lat).
IDLIB_SQUARE = [[36.5, 35.7], [36.9, 35.7], [36.9, 36.0], [36.5, 36.0], [36.5, 35.7]]
DARAA_SQUARE = [[36.0, 32.72], [36.3, 32.72], [36.3, 32.95], [36.0, 32.95], [36.0, 32.72]]


def area_feature(fid: str, ring: list, kind: str = "de-escalation area", **props) -> dict:
    base = {"id": fid, "kind": kind, "name": fid.replace("_", " ").title(), "name_ar": "منطقة",
            "governorates": [], "source": "test", "method": "test square", "confidence": "low", "note": ""}
    base.update(props)
    return {"type": "Feature", "properties": base, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def collection(*features: dict) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def bundled_area_features() -> list[dict]:
    """The bundled areas (zones/areas.parquet, every dated state and the areas as agreed) as GeoJSON feature
    dicts, read with pyarrow and shapely only (not with the loader under test)."""
    import pyarrow.parquet as pq
    import shapely
    from shapely.geometry import mapping

    from geo import data

    table = pq.read_table(data.AREAS)
    shapes = shapely.from_wkb(table.column("geometry").to_numpy(zero_copy_only=False))
    rows = table.drop_columns(["geometry"]).to_pylist()
    return [{"type": "Feature", "id": f"{r['id']}@{r['valid_from']}", "properties": r,
             "geometry": mapping(g)} for r, g in zip(rows, shapes, strict=True)]


def geodesic_km2(geom) -> float:
    """Area in km² on the WGS84 ellipsoid (pyproj's Geod), independent of the projection zonemap uses."""
    from pyproj import Geod
    from shapely.geometry.polygon import orient

    geod = Geod(ellps="WGS84")
    return sum(geod.geometry_area_perimeter(orient(p, 1.0))[0] for p in getattr(geom, "geoms", [geom])) / 1e6


@pytest.fixture
def write_json(tmp_path: Path):
    """Write a JSON-able object (or raw text/bytes) to tmp_path/name and return the path."""

    def write(name: str, content) -> Path:
        return write_content(tmp_path / name, content)

    return write


@pytest.fixture
def two_areas(write_json) -> Path:
    return write_json("areas.geojson", collection(area_feature("north", IDLIB_SQUARE), area_feature("south", DARAA_SQUARE)))


@pytest.fixture(scope="module")
def one_load_per_set_of_files():
    """Every command loads its files (~0.2 s each time); the same files give the same atlas, so each set of
    files is loaded once per test module. What is loaded, and how, is still the command's own."""
    from geo import atlas as atlas_module

    real, cache = atlas_module.load_atlas, {}

    def load_once(sources=None, label=None):
        if (sources, label) not in cache:
            cache[sources, label] = real(sources, label)
        return cache[sources, label]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(atlas_module, "load_atlas", load_once)
        yield


@pytest.fixture(scope="module")
def atlas():
    """The bundled atlas, loaded once per test module."""
    from geo.atlas import load_atlas

    return load_atlas()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``zonemap`` in this process: exit code, stdout, stderr."""
    from geo.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
