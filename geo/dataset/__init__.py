"""The published dataset (``zonemap dataset -o DIR``): the atlas's tables as a citable, reproducible release.

:mod:`.codebook` reads the one description of the tables (``zones/codebook.json``) and writes everything that
describes them; :mod:`.tables` builds the tables from an :class:`~geo.model.atlas.Atlas`; :mod:`.release` writes
them in GeoPackage, GeoParquet and CSV into a folder, atomically.
"""

from __future__ import annotations

from .release import write_release

__all__ = ["write_release"]
