"""Areas a user uploads on the page: read from a private temporary folder, never from or into zones/.

:func:`load_uploaded_areas` writes the uploaded bytes to a new temporary folder (mode 0700), loads them
with :func:`geo.model.load.load_areas` under the upload's own name (so messages name the user's file, not the
temporary path) and deletes the folder, whatever happens. :func:`provision_notes` says which provisions
name areas that the upload lacks: those provisions simply have no place on that user's map.
"""

from __future__ import annotations

import hashlib
import tempfile
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import pandas as pd

from geo.base.errors import DataError, Problem
from geo.base.text import clip, one_line
from geo.io import Budget
from geo.io.budget import mb

from . import load

__all__ = ["SUFFIXES", "Upload", "content_key", "display_name", "load_uploaded_areas", "provision_notes"]

SUFFIXES = (".geojson", ".json", ".gpkg", ".zip")


@dataclass(frozen=True)
class Upload:
    """The areas read from an upload, and the repairs made on the way (``warning:`` lines)."""

    areas: Any
    warnings: tuple[str, ...]


def content_key(content: bytes) -> str:
    """A digest of the bytes: the page caches uploads by content, never by who sent them."""
    return hashlib.sha256(content).hexdigest()


def display_name(name: str) -> str:
    """The upload's file name as a user knows it: no folders, one line, not empty."""
    base = PurePath(str(name).replace("\\", "/")).name.strip()
    return clip(one_line(base), 80) or "upload"


def load_uploaded_areas(name: str, content: bytes, outline=None) -> Upload:
    """Validate and load uploaded areas; raise :class:`DataError` naming ``name`` if they are unusable.

    With ``outline``, the shapes must lie in Syria and off the occupied Golan."""
    label = display_name(name)
    suffix = PurePath(label).suffix.lower()
    if suffix not in SUFFIXES:
        raise DataError(Problem(label, f"unsupported file type {suffix or '(none)'!r}",
                                f"upload one of {', '.join(SUFFIXES)}"))
    budget = Budget.from_env()
    if len(content) > budget.bytes:
        raise DataError(Problem(label, f"file is {mb(len(content))}, over the budget of {mb(budget.bytes)}",
                                "simplify the shapes (e.g. ogr2ogr -simplify 0.001) before uploading"))
    with tempfile.TemporaryDirectory(prefix="zonemap-upload-") as folder:
        path = PurePath(folder) / f"upload{suffix}"
        with open(path, "xb") as out:
            out.write(content)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            areas = load.load_areas(path, label=label, outline=outline)
    return Upload(areas, tuple(one_line(str(w.message)) for w in caught))


def provision_notes(provisions: pd.DataFrame, area_ids: Iterable[str]) -> list[str]:
    """One sentence per provision whose scope names areas missing from ``area_ids``."""
    from .agreements import provision_label

    known = set(area_ids)
    notes = []
    for key, scope in zip(provisions["key"], provisions["scope"], strict=True):
        if isinstance(scope, list):
            missing = [s for s in scope if s not in known]
            if missing:
                where = "no place on this map" if len(missing) == len(scope) else "drawn only where it names your areas"
                notes.append(f"Provision {provision_label(key)} names {', '.join(missing)}: {where}.")
    return notes
