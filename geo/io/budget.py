"""What one user file may cost: bytes, features, vertices, property keys, text, lines, error lines shown.

Every limit is checked before the expensive step (parsing, building shapes, repairing, drawing) and has an
environment variable that raises it, named in the error a user sees::

    error: mine.geojson: file has 12,000 features, over the budget of 10,000 — set ZONEMAP_MAX_FEATURES to raise it

Sizes are in MB of 10^6 bytes, here, in the messages and in the README.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from geo.base import data
from geo.base.errors import DataError, InputError, Problem
from geo.base.text import clip

__all__ = ["Budget", "over", "raise_problems", "mb", "NODES_PER_FEATURE"]

ENV = {
    "bytes": "ZONEMAP_MAX_BYTES",
    "features": "ZONEMAP_MAX_FEATURES",
    "vertices": "ZONEMAP_MAX_VERTICES",
    "keys": "ZONEMAP_MAX_KEYS",
    "text": "ZONEMAP_MAX_TEXT",
    "repair_vertices": "ZONEMAP_MAX_REPAIR_VERTICES",
    "line": "ZONEMAP_MAX_LINE",
    "errors": "ZONEMAP_MAX_ERRORS",
    "cells": "ZONEMAP_MAX_CELLS",
    "maps": "ZONEMAP_MAX_MAPS",
    "pixels": "ZONEMAP_MAX_PIXELS",
}
WHAT = {
    "bytes": "bytes",
    "features": "features",
    "vertices": "vertices",
    "keys": "different property names",
    "text": "characters in one property",
    "repair_vertices": "vertices and possible crossings to repair",
    "line": "bytes in one line",
    "errors": "problems shown",
    "cells": "answers (rows × dates)",
    "maps": "maps in one export",
    "pixels": "pixels in one export",
}
# A JSON document may hold this many objects and arrays per feature beyond its positions (properties, lists
# in properties, the geometry): counted on the raw bytes before parsing, so that a few MB of ``{}`` or
# ``[0,0]`` cannot take gigabytes as Python objects.
NODES_PER_FEATURE = 50


@dataclass(frozen=True)
class Budget:
    """Limits for one file. The defaults fit any sensible areas or boundary file many times over."""

    bytes: int = 50_000_000
    features: int = 10_000
    vertices: int = 2_000_000
    keys: int = 500
    text: int = 5_000
    repair_vertices: int = 20_000
    line: int = 1_000_000
    errors: int = 20
    cells: int = 50_000_000  # locate --dates: rows × dates (three dates for every row of a 16-million-row CSV)
    maps: int = 40  # export --each: maps (or handout pages' maps) in one run; the bundled data needs up to 35
    pixels: int = 64_000_000  # export --each: the pixels of all its maps together, one 8000 × 8000 map's worth

    @classmethod
    def from_env(cls, **overrides: int) -> Budget:
        """The defaults, raised (or lowered) by the ZONEMAP_MAX_* environment variables, then ``overrides``."""
        values = {}
        for f in fields(cls):
            raw = os.environ.get(ENV[f.name], "").strip().replace("_", "")
            if not raw:
                continue
            if not (raw.isascii() and raw.isdigit() and len(raw) <= 15 and int(raw) > 0):
                raise InputError(f"{ENV[f.name]} is {clip(os.environ[ENV[f.name]], 30)!r} — "
                                 f"give a whole number above 0, e.g. {getattr(cls, f.name) * 2}")
            values[f.name] = int(raw)
        values.update(overrides)
        return cls(**values)


    @classmethod
    def for_file(cls, path, **overrides: int) -> Budget:
        """The budget for reading ``path``: :meth:`from_env`, except that zonemap's own bundled files are never
        held to less than the defaults (lowering a budget for users' files cannot break the bundled data)."""
        budget = cls.from_env(**overrides)
        if not data.is_bundled(path):
            return budget
        floor = cls(**overrides)
        return cls(**{f.name: max(getattr(budget, f.name), getattr(floor, f.name)) for f in fields(cls)})


def over(where: str, name: str, value: int, budget: Budget, feature: int | None = None,
         feature_id: str | None = None) -> Problem:
    """The problem "over the budget": what, how much, the limit, and how to raise it."""
    limit = getattr(budget, name)
    if name == "bytes":
        message = f"file is {mb(value)}, over the budget of {mb(limit)}"
    else:
        prefix = "file " if feature is None else ""
        message = f"{prefix}has {value:,} {WHAT[name]}, over the budget of {limit:,}"
    return Problem(where, message, f"set {ENV[name]} to raise it", feature, feature_id)


def raise_problems(problems: list[Problem]) -> None:
    """If there are problems, raise one DataError with them in file order: the first ZONEMAP_MAX_ERRORS of
    them, and how many more."""
    if not problems:
        return
    limit = Budget.from_env().errors
    ordered = sorted(problems, key=lambda p: p.feature or 0)  # file order; stable within a feature
    raise DataError(ordered[:limit], more=max(0, len(ordered) - limit))


def mb(size: int) -> str:
    """A size in MB (10^6 bytes), as every message and the README write it: 52.4 MB, 50 MB, 0.001 MB."""
    value = size / 1e6
    return f"{value:.1f} MB" if value >= 0.1 and value != int(value) else f"{value:g} MB"
