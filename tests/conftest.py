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

    from geo.base import data

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


def governorate_parts(geom) -> dict[str, float]:
    """Each governorate's share of ``geom`` (0–1), largest first, from the bundled governorates.geojson read as
    plain GeoJSON and measured on the WGS84 ellipsoid — independent of how zonemap reads and measures them."""
    import json

    from shapely.geometry import shape

    doc = json.loads((Path(__file__).resolve().parents[1] / "zones" / "governorates.geojson").read_text(encoding="utf-8"))
    whole = geodesic_km2(geom)
    parts = {}
    for f in doc["features"]:
        common = geom.intersection(shape(f["geometry"]))
        if not common.is_empty:
            parts[f["properties"]["name"]] = geodesic_km2(common) / whole
    return dict(sorted(((g, s) for g, s in parts.items() if s * whole > 0.01), key=lambda p: -p[1]))


def shares_shown(text: str) -> dict[str, str]:
    """'Daraa 82%; Quneitra 18%; Rif Dimashq <1%' → {'Daraa': '82', 'Quneitra': '18', 'Rif Dimashq': '<1'}."""
    return dict(part.rsplit(" ", 1) for part in text.replace("%", "").split("; "))


def assert_shares(text: str, geom) -> None:
    """The governorate shares as a page or a table writes them agree with :func:`governorate_parts`: the same
    governorates, largest first, each within a percentage point; under half a percent written '<1%'."""
    assert all(part.endswith("%") for part in text.split("; ")), text  # a share says it is one
    want, shown = governorate_parts(geom), shares_shown(text)
    assert list(shown) == list(want), (shown, want)
    for name, share in want.items():
        if share < 0.005:
            assert shown[name] == "<1", (name, share, text)
        else:
            assert abs(int(shown[name]) - 100 * share) <= 1, (name, share, text)


def scene_of(atlas, day: str | None = None, **view):
    """The scene of a view of ``atlas`` on ``day`` (default: the atlas's default date); ``provisions`` by number
    or key, the rest as :class:`geo.scene.scene.View` takes them."""
    from datetime import date

    from geo.scene.scene import View, resolve

    keys = tuple(atlas.provision(p) for p in view.pop("provisions", ()))
    when = date.fromisoformat(day) if day else None
    return resolve(atlas.at(when), View(date=when, provisions=keys, **view))


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
    from geo.model import atlas as atlas_module

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
    from geo.model.atlas import load_atlas

    return load_atlas()


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Run ``zonemap`` in this process: exit code, stdout, stderr."""
    from geo.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
