"""Property-based: whatever JSON-like document a user's file holds, the loaders either return a frame or
raise the project's own error (DataError, a ZonemapError) — never a TypeError, KeyError, ValueError or a
shapely/GEOS error, and never a traceback for the CLI to print. Every error line names the file and is one
line; whatever the document, a loader answers within a bounded time."""

from __future__ import annotations

import json
import math
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import load
from geo.agreements import load_agreements
from geo.errors import DataError, ZonemapError

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
    """The loader's result, or None when it raised the project's own error; anything else fails the test."""
    start = time.perf_counter()
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
            assert time.perf_counter() - start < 5, "a small document must be judged in well under 5 s"
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
