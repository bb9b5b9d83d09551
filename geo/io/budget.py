"""What one user file may cost: bytes, features, vertices, property keys, text, error lines shown.

Every limit is checked before the expensive step (parsing, building shapes, repairing, drawing) and has an
environment variable that raises it, named in the error a user sees::

    error: mine.geojson: file has 12,000 features, over the budget of 10,000 — set ZONEMAP_MAX_FEATURES to raise it
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from ..errors import Problem

__all__ = ["Budget", "over"]

ENV = {
    "bytes": "ZONEMAP_MAX_BYTES",
    "features": "ZONEMAP_MAX_FEATURES",
    "vertices": "ZONEMAP_MAX_VERTICES",
    "keys": "ZONEMAP_MAX_KEYS",
    "text": "ZONEMAP_MAX_TEXT",
    "repair_vertices": "ZONEMAP_MAX_REPAIR_VERTICES",
    "errors": "ZONEMAP_MAX_ERRORS",
}
WHAT = {
    "bytes": "bytes",
    "features": "features",
    "vertices": "vertices",
    "keys": "different property names",
    "text": "characters in one property",
    "repair_vertices": "vertices in one invalid shape to repair",
    "errors": "problems shown",
}


@dataclass(frozen=True)
class Budget:
    """Limits for one file. The defaults fit any sensible areas or boundary file many times over."""

    bytes: int = 50_000_000
    features: int = 10_000
    vertices: int = 2_000_000
    keys: int = 500
    text: int = 5_000
    repair_vertices: int = 20_000
    errors: int = 20

    @classmethod
    def from_env(cls, **overrides: int) -> Budget:
        """The defaults, raised (or lowered) by the ZONEMAP_MAX_* environment variables, then ``overrides``."""
        values = {}
        for f in fields(cls):
            raw = os.environ.get(ENV[f.name], "").strip()
            if raw.isdigit() and int(raw) > 0:
                values[f.name] = int(raw)
        values.update(overrides)
        return cls(**values)


def over(where: str, name: str, value: int, budget: Budget, feature: int | None = None,
         feature_id: str | None = None) -> Problem:
    """The problem "over the budget": what, how much, the limit, and how to raise it."""
    limit = getattr(budget, name)
    if name == "bytes":
        amount, cap = f"{value / 1e6:.1f} MB", f"{limit / 1e6:g} MB"
        message = f"file is {amount}, over the budget of {cap}"
    else:
        prefix = "file " if feature is None else ""
        message = f"{prefix}has {value:,} {WHAT[name]}, over the budget of {limit:,}"
    return Problem(where, message, f"set {ENV[name]} to raise it", feature, feature_id)
