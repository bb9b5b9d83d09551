"""``zonemap validate``: check the bundled layers, or a user's files, and say what was checked."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from . import load, provisions
from .errors import DataError, Problem

__all__ = ["validate"]


def validate(files: Sequence[str], zones: str | None = None, provisions_path: str | None = None,
             governorates: str | None = None) -> list[str]:
    """Validate layers; return one ``ok:`` line per file, or raise one DataError with every problem."""
    area_paths = [Path(f) for f in files if not _is_provisions(f)]
    provision_paths = [Path(f) for f in files if _is_provisions(f)]
    if zones:
        area_paths.append(Path(zones))
    if provisions_path:
        provision_paths.append(Path(provisions_path))
    if not files and not zones and not provisions_path and not governorates:
        return _validate_bundled()
    lines: list[str] = []
    problems: list[Problem] = []
    area_ids: set[str] = set()
    for path in area_paths:
        try:
            areas = load.load_areas(path)
            area_ids.update(areas["id"])
            lines.append(f"ok: {path}: {len(areas)} features ({', '.join(areas['id'])})")
        except DataError as exc:
            problems += exc.problems
    if governorates:
        try:
            govs = load.load_governorates(governorates)
            lines.append(f"ok: {governorates}: {len(govs)} governorates")
        except DataError as exc:
            problems += exc.problems
    # Scopes are checked against the areas given (none usable: structure only), else the bundled ones.
    known: set[str] | None = area_ids or None
    if provision_paths and not area_paths:
        known = set(load.load_areas()["id"])
    for path in provision_paths:
        try:
            table = provisions.load_provisions(path, known)
            lines.append(f"ok: {path}: {len(table)} provisions")
        except DataError as exc:
            problems += exc.problems
    if problems:
        raise DataError(problems)
    return lines


def _validate_bundled() -> list[str]:
    from . import data

    areas = load.load_areas()
    outline = load.load_outline()
    govs = load.load_governorates()
    table = provisions.load_provisions(None, areas["id"])
    return [
        f"ok: {data.AREAS.name}: {len(areas)} features ({', '.join(areas['id'])})",
        f"ok: {data.OUTLINE.name}: {len(outline)} features",
        f"ok: {data.GOVERNORATES.name}: {len(govs)} governorates",
        f"ok: {data.PROVISIONS.name}: {len(table)} provisions",
    ]


def _is_provisions(name: str) -> bool:
    return Path(name).suffix.lower() == ".json" and not name.lower().endswith(".geojson") and _looks_like_provisions(name)


def _looks_like_provisions(name: str) -> bool:
    try:
        head = Path(name).read_text(encoding="utf-8", errors="replace")[:4096]
    except OSError:
        return False
    return '"provisions"' in head or head.lstrip().startswith("[")
