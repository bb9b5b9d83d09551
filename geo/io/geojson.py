"""GeoJSON features into property rows and shapely shapes, each problem naming its feature.

The document is checked as it is walked, before anything expensive: the number of features, the property
names, the length of each text and the number of vertices are counted against the budget first; positions
are checked for type and finiteness; only then are shapes built (and repaired, within the budget).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Collection
from typing import Any

import shapely

from geo.base.errors import DataError, Problem
from geo.base.text import clip, one_line, short

from .budget import ENV, Budget, over
from .repair import Repair
from .source import json_type

__all__ = ["UNREADABLE", "GEOMETRY_TYPES", "NOUN", "features_of", "parse_features", "id_text", "id_problem",
           "long_text"]

GEOMETRY_TYPES = {
    "polygon": ("Polygon", "MultiPolygon"),
    "point": ("Point", "MultiPoint"),
    "line": ("LineString", "MultiLineString"),
}
UNREADABLE = "__zonemap_unreadable__"  # marks the row of a feature that is not an object (its problem is said)
NOUN = {"polygon": "an area", "point": "a point", "line": "a line"}
EXAMPLE = {"polygon": "Polygon or MultiPolygon", "point": "Point", "line": "LineString or MultiLineString"}


def features_of(doc: Any, where: str, accept: str) -> list:
    """The list of features of a GeoJSON document, or a DataError saying why there is none."""
    if not isinstance(doc, dict):
        raise DataError(Problem(where, f"top level is a JSON {json_type(doc)}, not a GeoJSON object",
                                "expected {\"type\": \"FeatureCollection\", \"features\": […]}"))
    kind = doc.get("type")
    if kind == "Topology":
        raise DataError(Problem(where, "is TopoJSON, not GeoJSON", "convert it, e.g. with mapshaper -o format=geojson"))
    if kind == "Feature":
        return [doc]
    if kind != "FeatureCollection":
        what = "missing" if kind is None else short(kind)
        raise DataError(Problem(where, f"GeoJSON type is {what}", f"expected a FeatureCollection of {EXAMPLE[accept]}"))
    features = doc.get("features")
    if not isinstance(features, list):
        raise DataError(Problem(where, "'features' is missing or not a list", "a FeatureCollection holds a list of features"))
    if not features:
        raise DataError(Problem(where, "no features", "the FeatureCollection is empty"))
    return features


def parse_features(features: list, where: str, accept: str, fields: Collection[str] | None,
                   budget: Budget) -> tuple[list[dict], list[Any], list[Problem]]:
    """Rows (the wanted ``fields`` only, or every property), shapes (None where a feature is unusable), problems."""
    if len(features) > budget.features:
        raise DataError(over(where, "features", len(features), budget))
    _check_keys(features, where, budget)
    counter = _Vertices(where, budget)
    fix = Repair(budget.repair_vertices)
    rows, shapes, problems = [], [], []
    for n, feature in enumerate(features, start=1):
        props, geom, found = _parse_feature(feature, n, where, accept, fields, budget, counter, fix)
        problems += found
        rows.append(props)
        shapes.append(None if found else geom)
    return rows, shapes, problems


def id_text(value: Any) -> str | None:
    """An id as text (1.0 → "1", as a GeoPackage stores whole numbers), or None when missing. Text is
    normalised (Unicode NFC, no spaces around it): "idlib " and "idlib" are one id, as a reader sees them."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
        return value or None
    if isinstance(value, bool):
        return short(value)
    if isinstance(value, int):
        return str(value) if abs(value) < 10**30 else short(value)
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    if hasattr(value, "item"):
        return id_text(value.item())
    return short(value)


def id_problem(fid: str) -> tuple[str, str] | None:
    """What makes ``fid`` (as :func:`id_text` gives it) look like another id, as (message, hint): an invisible
    character that printing leaves invisible (a zero-width space: "id\u200blib" prints as "idlib"; control
    and bidi characters are printed as escapes, so they are seen), or letters of two scripts — a Cyrillic "і"
    in "іdlib" looks like the Latin "i", so two areas would be printed alike and mean different things."""
    for ch in fid:
        if unicodedata.category(ch) == "Cf" and one_line(ch) == ch:
            return (f"id holds an invisible character (U+{ord(ch):04X}): it looks like another id",
                    "write the id in visible letters, digits, '-' and '_'")
    scripts: dict[str, str] = {}
    for ch in fid:
        if ch.isalpha():
            scripts.setdefault(unicodedata.name(ch, "UNKNOWN").split(" ")[0], ch)
    if len(scripts) > 1:
        (first, a), (second, b) = list(scripts.items())[:2]
        return (f"id mixes {first.title()} and {second.title()} letters ({a!r} U+{ord(a):04X}, {b!r} U+{ord(b):04X}): "
                "it looks like another id", "write the id in one script")
    return None


def long_text(props: dict, where: str, budget: Budget, n: int, fid: str | None) -> Problem | None:
    """The problem of the first property of feature ``n`` whose text is longer than the text budget, or None."""
    for key, value in props.items():
        if isinstance(value, str) and len(value) > budget.text:
            return Problem(where, f"property {clip(str(key), 30)!r} has {len(value):,} characters, over the budget "
                           f"of {budget.text:,}", f"set {ENV['text']} to raise it", n, fid)
    return None


# --- helpers -------------------------------------------------------------------------------


class _Vertices:
    """Counts positions across the file; past the budget, stops the read with one problem."""

    def __init__(self, where: str, budget: Budget):
        self.where, self.budget, self.total = where, budget, 0

    def add(self, n: int) -> None:
        self.total += n
        if self.total > self.budget.vertices:
            raise DataError(over(self.where, "vertices", self.total, self.budget))


def _check_keys(features: list, where: str, budget: Budget) -> None:
    keys: set[str] = set()
    for feature in features:
        props = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(props, dict):
            keys.update(props)
            if len(keys) > budget.keys:
                raise DataError(over(where, "keys", len(keys), budget))


def _parse_feature(feature: Any, n: int, where: str, accept: str, fields: Collection[str] | None, budget: Budget,
                   counter: _Vertices, fix: Repair) -> tuple[dict, Any, list[Problem]]:
    if not isinstance(feature, dict):
        return {UNREADABLE: True}, None, [Problem(where, f"is a JSON {json_type(feature)}, not a GeoJSON Feature object",
                                  "each feature is {\"type\": \"Feature\", \"properties\": {…}, \"geometry\": {…}}", n)]
    props = feature.get("properties")
    props = {} if props is None else props
    if not isinstance(props, dict):
        return {UNREADABLE: True}, None, [Problem(where, f"'properties' is a JSON {json_type(props)}, not an object",
                                  "properties are {\"name\": value, …}", n)]
    if "id" not in props and feature.get("id") is not None:
        props = {**props, "id": feature["id"]}
    fid = id_text(props.get("id"))
    wanted = {str(k): v for k, v in props.items() if k != "geometry" and (fields is None or k in fields or k == "id")}

    def problem(message: str, hint: str = "") -> list[Problem]:
        return [Problem(where, message, hint, n, fid)]

    too_long = long_text(wanted, where, budget, n, fid)
    if too_long:
        return wanted, None, [too_long]
    geom = feature.get("geometry")
    if geom is None:
        return wanted, None, problem("geometry is null", f"every feature needs a {EXAMPLE[accept]}")
    if not isinstance(geom, dict):
        return wanted, None, problem(f"geometry is a JSON {json_type(geom)}, not a GeoJSON geometry object",
                                     "expected {\"type\": \"" + GEOMETRY_TYPES[accept][0] + "\", \"coordinates\": […]}")
    gtype = geom.get("type")
    if gtype == "GeometryCollection":
        return wanted, None, problem("geometry is a GeometryCollection", f"split it into one {EXAMPLE[accept]} per feature")
    if gtype not in GEOMETRY_TYPES[accept]:
        return wanted, None, problem(f"geometry is a {clip(gtype)}, not {NOUN[accept]}", f"expected {EXAMPLE[accept]}")
    bad = _check_coordinates(geom.get("coordinates"), gtype, counter)
    if bad:
        return wanted, None, problem(*bad)
    shape = _shape(geom["coordinates"], gtype)
    if shape.is_empty:
        return wanted, None, problem("geometry is empty", "every feature needs at least one position")
    if accept == "polygon":
        shape, warning, failure = fix(shape)
        if failure:
            return wanted, None, problem(*failure)
        if warning:
            import warnings

            warnings.warn(str(Problem(where, warning, "repaired with make_valid", n, fid)), stacklevel=2)
    return wanted, shape, []


def _check_coordinates(coords: Any, gtype: str, counter: _Vertices) -> tuple[str, str] | None:
    """What is wrong with a geometry's coordinates, as (message, hint); None if fine."""
    depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}[gtype]
    if depth == 0:
        return _check_position(coords, counter)
    if not isinstance(coords, list) or not coords:
        return ("geometry is empty", "every feature needs at least one position")
    if depth == 3:
        for polygon in coords:
            if not isinstance(polygon, list) or not polygon:
                return ("geometry is empty or malformed", "a polygon is a list of rings")
            bad = _check_rings(polygon, counter)
            if bad:
                return bad
        return None
    if gtype == "Polygon":
        return _check_rings(coords, counter)
    lines = coords if depth == 2 else [coords]
    for line in lines:
        bad = _check_positions(line, counter)
        if bad:
            return bad
        if gtype != "MultiPoint" and len(line) < 2:
            return (f"a line has {len(line)} position, fewer than 2", "a line needs at least two positions")
    return None


def _check_rings(rings: list, counter: _Vertices) -> tuple[str, str] | None:
    for ring in rings:
        bad = _check_positions(ring, counter)
        if bad:
            return bad
        if len(ring) < 4:
            return (f"a ring has {len(ring)} positions, fewer than 4", "a ring needs at least 3 corners and the closing point")
        if ring[0][:2] != ring[-1][:2]:
            return ("a ring is not closed (its last position differs from its first)", "repeat the first position at the end")
    return None


def _check_positions(positions: Any, counter: _Vertices) -> tuple[str, str] | None:
    if not isinstance(positions, list):
        return ("coordinates are malformed", "a ring or line is a list of [lon, lat] positions")
    counter.add(len(positions))
    for point in positions:
        bad = _check_position(point, None)
        if bad:
            return bad
    return None


def _check_position(point: Any, counter: _Vertices | None) -> tuple[str, str] | None:
    if not isinstance(point, list) or len(point) < 2:
        return ("coordinates are malformed", "a position is [lon, lat]")
    if counter is not None:
        counter.add(1)
    for value in point[:3]:  # a 4th value (e.g. a measure) is allowed and ignored
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return (f"coordinate {short(value)} is not a number", "write coordinates as plain numbers")
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an integer too large for a float
            finite = False
        if not finite:
            return (f"coordinate {short(value)} is not finite", "remove NaN, infinite and out-of-range values")
    return None


def _shape(coords: Any, gtype: str) -> Any:
    """A 2D shapely geometry from checked coordinates; Z and any extra values are dropped."""
    def xy(p):
        return (float(p[0]), float(p[1]))

    def polygon(rings):
        return shapely.Polygon([xy(p) for p in rings[0]], [[xy(p) for p in hole] for hole in rings[1:]])

    if gtype == "Point":
        return shapely.Point(xy(coords))
    if gtype == "MultiPoint":
        return shapely.MultiPoint([xy(p) for p in coords])
    if gtype == "LineString":
        return shapely.LineString([xy(p) for p in coords])
    if gtype == "MultiLineString":
        return shapely.MultiLineString([[xy(p) for p in line] for line in coords])
    if gtype == "Polygon":
        return polygon(coords)
    return shapely.MultiPolygon([polygon(rings) for rings in coords])
