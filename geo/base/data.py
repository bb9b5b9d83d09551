"""Where the bundled data lives, whether run from the checkout or installed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["bundled", "is_bundled", "ZONES", "AREAS", "OUTLINE", "GOVERNORATES", "NEIGHBOURS", "POSTS", "ROADS",
           "PROVISIONS", "AGREEMENTS", "STATEMENT", "PLACES", "GAZETTEER", "SCHEMA", "EVENTS", "CREDITS",
           "CAPTURES", "OFFENSIVES"]


def bundled(name: str) -> Path:
    """Path of a file shipped in the ``zones`` package."""
    return Path(str(resources.files("zones").joinpath(name)))


ZONES = bundled("")
AREAS = bundled("areas.parquet")  # every dated state, and the areas as agreed (python -m zones.draw)
OUTLINE = bundled("syria.geojson")
GOVERNORATES = bundled("governorates.geojson")
NEIGHBOURS = bundled("neighbours.geojson")
POSTS = bundled("posts.geojson")
ROADS = bundled("roads.geojson")
PROVISIONS = bundled("provisions.json")
AGREEMENTS = bundled("agreements.json")
STATEMENT = bundled("statement.txt")
PLACES = bundled("places.csv")
GAZETTEER = bundled("gazetteer.csv")  # built from GeoNames and places.csv by python -m zones.draw.gazetteer
SCHEMA = bundled("schema.json")
EVENTS = bundled("events.parquet")
CAPTURES = bundled("captures.csv")
OFFENSIVES = bundled("offensives.csv")
CREDITS = bundled("credits.json")


def is_bundled(path) -> bool:
    """Whether ``path`` lies inside the bundled data folder (a path that cannot be resolved does not)."""
    try:
        return Path(path).resolve().is_relative_to(ZONES.resolve())
    except (OSError, ValueError):
        return False
