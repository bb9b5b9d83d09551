"""Property-based: whatever JSON-like document a user's file holds, the loaders either return a frame or
raise the project's own error (DataError, a ZonemapError) — never a TypeError, KeyError, ValueError or a
shapely/GEOS error, and never a traceback for the CLI to print. Every error line names the file and is one
line. And a well-formed document — generated here with what it must give back — is accepted, and read as
written: a loader that refused everything would fail."""

from __future__ import annotations

import json
import math
import tempfile
import warnings
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import shape

from geo.base.errors import DataError, ZonemapError
from geo.model import load
from geo.model.agreements import load_agreements
from tests.hostile import INSIDE, collection, square
from tests.hostile import feature as area_feature

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Numbers a user's file can hold: ordinary, in Syria, extreme, NaN/inf (Python's json writes and reads them).
numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=32.0, max_value=42.0),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, 1, -1, 36.5, 35.7, 1e308, -1e308, 5e-324]),
)
scalars = st.one_of(st.none(), st.booleans(), numbers, st.text(max_size=12))
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                           max_leaves=12)
position = st.one_of(st.lists(numbers, min_size=2, max_size=4), st.lists(scalars, max_size=4), json_values)
ring = st.one_of(st.lists(position, max_size=6), json_values,
                 # a closed ring of good-looking positions, sometimes self-intersecting or degenerate
                 st.lists(st.tuples(st.floats(35.5, 42.0), st.floats(32.5, 37.0)), min_size=3, max_size=6)
                 .map(lambda pts: [list(p) for p in pts] + [list(pts[0])]))


@st.composite
def plausible_ring(draw):
    """A closed ring in Syria whose positions may carry a Z, a measure or an odd extra value."""
    corners = draw(st.lists(st.tuples(st.floats(35.5, 42.0), st.floats(32.5, 37.0)), min_size=3, max_size=6))
    extras = st.lists(st.one_of(numbers, scalars), max_size=2)
    positions = [[x, y, *draw(extras)] for x, y in corners]
    return positions + [list(positions[0])]


ring = st.one_of(ring, plausible_ring())
coordinates = st.one_of(st.lists(ring, max_size=3), st.lists(st.lists(ring, max_size=2), max_size=2), json_values)
geometry = st.one_of(
    st.none(), json_values,
    st.fixed_dictionaries({"type": st.sampled_from(["Polygon", "MultiPolygon", "Point", "LineString",
                                                    "GeometryCollection", "Bogus", None, 7]),
                           "coordinates": coordinates}),
)
properties = st.one_of(
    st.none(), json_values,
    st.fixed_dictionaries(
        {"id": st.one_of(st.text(max_size=6), numbers, json_values),
         "kind": st.one_of(st.sampled_from(["de-escalation area", "security zone"]), json_values),
         "name": st.one_of(st.text(max_size=10), json_values)},
        optional={"name_ar": json_values, "governorates": json_values, "confidence": json_values,
                  "note": json_values, "source": json_values, "method": json_values, "geometry": json_values,
                  "ADM1_EN": json_values, "NAME_1": json_values},
    ),
)
plausible_feature = st.fixed_dictionaries({
    "type": st.just("Feature"),
    "properties": st.fixed_dictionaries({"id": st.text(min_size=1, max_size=4), "kind": st.just("security zone"),
                                         "name": st.text(min_size=1, max_size=6)},
                                        optional={"governorates": json_values, "note": json_values,
                                                  "confidence": st.sampled_from(["low", "high", "", "x"])}),
    "geometry": st.one_of(
        st.fixed_dictionaries({"type": st.just("Polygon"), "coordinates": st.lists(plausible_ring(), min_size=1, max_size=2)}),
        st.fixed_dictionaries({"type": st.just("MultiPolygon"),
                               "coordinates": st.lists(st.lists(plausible_ring(), min_size=1, max_size=2),
                                                       min_size=1, max_size=2)})),
})
feature = st.one_of(
    plausible_feature, json_values,
    st.fixed_dictionaries({"type": st.just("Feature"), "properties": properties, "geometry": geometry},
                          optional={"id": json_values}),
)
document = st.one_of(
    st.fixed_dictionaries({"type": st.just("FeatureCollection"),
                           "features": st.lists(st.one_of(plausible_feature, feature), min_size=1, max_size=4)}),
    json_values,
    st.fixed_dictionaries({"type": st.sampled_from(["FeatureCollection", "Feature", "Topology", None]),
                           "features": st.one_of(st.lists(feature, max_size=4), json_values)}),
)
provision = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"number": st.one_of(st.integers(-3, 20), json_values), "title": st.one_of(st.text(max_size=8), json_values),
         "text": st.one_of(st.text(max_size=8), json_values)},
        optional={"categories": st.one_of(st.lists(st.text(max_size=5), max_size=3), json_values),
                  "scope": st.one_of(st.sampled_from(["syria", "procedural"]),
                                     st.lists(st.sampled_from(["idlib", "southern", "atlantis"]), max_size=3),
                                     json_values),
                  "rationale": json_values},
    ),
)
provisions_document = st.one_of(json_values, st.lists(provision, max_size=4),
                                 st.fixed_dictionaries({"provisions": st.one_of(st.lists(provision, max_size=4),
                                                                                 json_values)}))


def write(doc, suffix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="zonemap-prop-"))
    path = folder / f"doc{suffix}"
    path.write_text(json.dumps(doc, allow_nan=True), encoding="utf-8")
    return path


NO_AGREEMENTS = Path(tempfile.mkdtemp(prefix="zonemap-prop-")) / "agreements.json"
NO_AGREEMENTS.write_text('{"agreements": []}', encoding="utf-8")  # only the document under test is judged


def loads_or_refuses(loader, path: Path, *args, **kwargs):
    """The loader's result, or None when it raised the project's own error; anything else fails the test.
    (That a loader accepts what it must is checked by the properties of well-formed documents below.)"""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return loader(path, *args, **kwargs)
        except ZonemapError as exc:
            assert str(exc).strip(), "an error must say what is wrong"
            if isinstance(exc, DataError):
                assert exc.lines and all(line.startswith(f"{path}: ") and "\n" not in line for line in exc.lines)
                assert len(exc.lines) <= 21  # the budget of problems shown, and one line for the rest
            return None
        finally:
            path.unlink()
            path.parent.rmdir()


def loads(loader, path: Path, *args, **kwargs):
    """The loader's result for a well-formed document: any refusal fails the test."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return loader(path, *args, **kwargs)
    finally:
        path.unlink()
        path.parent.rmdir()


@SETTINGS
@given(document)
def test_areas_loader_returns_areas_or_its_own_error(doc):
    areas = loads_or_refuses(load.load_areas, write(doc, ".geojson"))
    if areas is not None:
        assert len(areas) > 0
        assert areas["id"].is_unique and all(isinstance(i, str) for i in areas["id"])
        assert all(isinstance(n, str) and n.strip() for n in areas["name"])
        assert all(g.is_valid and not g.is_empty and g.area > 0 for g in areas.geometry)
        assert all(math.isfinite(v) for v in areas.total_bounds)


@SETTINGS
@given(document)
def test_governorates_loader_returns_a_named_layer_or_its_own_error(doc):
    govs = loads_or_refuses(load.load_governorates, write(doc, ".json"))
    if govs is not None:
        assert "name" in govs.columns and all(isinstance(n, str) for n in govs["name"])
        assert all(g.is_valid and not g.is_empty for g in govs.geometry)


@SETTINGS
@given(provisions_document)
def test_provisions_loader_returns_a_table_or_its_own_error(doc):
    found = loads_or_refuses(load_agreements, write(doc, ".json"), NO_AGREEMENTS,
                             ["idlib", "southern", "idlib_security_zone"])
    if found is not None:
        agreements, table, _ = found
        assert isinstance(table, pd.DataFrame) and len(table) > 0 and len(agreements) == 1
        assert table["number"].is_unique and table.index.is_unique
        assert all(isinstance(t, str) and t.strip() for t in table["text"])


@SETTINGS
@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_refused(raw):
    for suffix in (".geojson", ".gpkg", ".zip"):
        folder = Path(tempfile.mkdtemp(prefix="zonemap-prop-"))
        path = folder / f"doc{suffix}"
        path.write_bytes(raw)
        loads_or_refuses(load.load_areas, path)


OUTLINE = load.load_outline()
COUNTRY = load.country_of(OUTLINE).buffer(0.03)  # the check's tolerance (2 km) and a little more


@SETTINGS
@given(document)
def test_areas_accepted_against_the_outline_lie_in_syria(doc):
    areas = loads_or_refuses(load.load_areas, write(doc, ".geojson"), outline=OUTLINE)
    if areas is not None:
        assert all(COUNTRY.contains(g) for g in areas.geometry)


# --- well-formed documents: accepted, and read as written ---------------------------------------------------

KINDS = ["de-escalation area", "security zone", "demilitarized zone", "security corridor"]
ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_0123456789", min_size=1, max_size=10).filter(lambda t: t[0] != "_")
# Names as people write them: Latin and Arabic letters, spaces inside, a few marks; nothing to trim or normalise.
names = st.text(alphabet="AbcDeghKlmNorSTuyz ʿ'-()ادلبحمصقرىة", min_size=1, max_size=24).map(" ".join).map(
    lambda t: " ".join(t.split())).filter(bool)
places = st.sampled_from(sorted(INSIDE))  # far from every border and from each other


@st.composite
def well_formed_areas(draw):
    """1–4 small squares around different places in Syria, with unique ids, names and known kinds."""
    where = draw(st.lists(places, min_size=1, max_size=4, unique=True))
    chosen = draw(st.lists(ids, min_size=len(where), max_size=len(where), unique=True))
    features = [area_feature(fid, square(*INSIDE[spot], draw(st.sampled_from([0.01, 0.02, 0.05]))),
                        kind=draw(st.sampled_from(KINDS)), name=draw(names), note=draw(names))
                for fid, spot in zip(chosen, where, strict=True)]
    return collection(features)


@SETTINGS
@given(well_formed_areas())
def test_well_formed_areas_are_read_as_written(doc):
    areas = loads(load.load_areas, write(doc, ".geojson"), outline=OUTLINE)  # inside Syria, off the Golan
    props = [f["properties"] for f in doc["features"]]
    assert list(areas["id"]) == [p["id"] for p in props]
    assert list(areas["name"]) == [p["name"] for p in props] and list(areas["kind"]) == [p["kind"] for p in props]
    for got, f in zip(areas.geometry, doc["features"], strict=True):
        assert got.equals(shape(f["geometry"]))


@SETTINGS
@given(st.lists(names, min_size=1, max_size=4, unique=True), st.lists(places, min_size=4, max_size=4, unique=True))
def test_well_formed_governorates_are_read_as_written(governorates, where):
    doc = collection(area_feature(f"g{i}", square(*INSIDE[spot], 0.1), kind="governorate", name=name)
                     for i, (name, spot) in enumerate(zip(governorates, where, strict=False)))
    govs = loads(load.load_governorates, write(doc, ".json"))
    assert list(govs["name"]) == governorates


@st.composite
def well_formed_provisions(draw):
    numbers = draw(st.lists(st.integers(1, 30), min_size=1, max_size=5, unique=True))
    scopes = st.one_of(st.sampled_from(["syria", "procedural"]),
                       st.lists(st.sampled_from(["idlib", "southern", "idlib_security_zone"]), min_size=1, max_size=3,
                                unique=True))
    return {"provisions": [{"number": n, "title": draw(names), "text": draw(names), "categories": ["ceasefire"],
                            "scope": draw(scopes)} for n in sorted(numbers)]}


@SETTINGS
@given(well_formed_provisions())
def test_well_formed_provisions_are_read_as_written(doc):
    _agreements, table, _ = loads(load_agreements, write(doc, ".json"), NO_AGREEMENTS,
                                  ["idlib", "southern", "idlib_security_zone"])
    want = doc["provisions"]
    assert list(table["number"]) == [p["number"] for p in want]
    assert list(table["title"]) == [p["title"] for p in want] and list(table["text"]) == [p["text"] for p in want]
    assert list(table["scope"]) == [p["scope"] for p in want]
