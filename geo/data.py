"""Where the bundled data lives, whether run from the checkout or installed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["bundled", "AREAS", "OUTLINE", "GOVERNORATES", "PROVISIONS", "STATEMENT", "PLACES"]


def bundled(name: str) -> Path:
    """Path of a file shipped in the ``zones`` package."""
    return Path(str(resources.files("zones").joinpath(name)))


AREAS = bundled("areas.geojson")
OUTLINE = bundled("syria.geojson")
GOVERNORATES = bundled("governorates.geojson")
PROVISIONS = bundled("provisions.json")
STATEMENT = bundled("statement.txt")
PLACES = bundled("places.csv")
