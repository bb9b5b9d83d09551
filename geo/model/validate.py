"""``zonemap validate``: check the bundled layers, or a user's files, and say what was checked.

Files go through the same loaders as every other command (the atlas loader for the bundled data), so a file
that validates is a file the map, the exports and ``locate`` accept. Every id printed is escaped and clipped:
nothing in a file can print a line that looks like another.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from geo.base.errors import DataError, Problem
from geo.base.text import clip, one_line

from . import load
from .agreements import load_agreements

__all__ = ["validate"]

MAX_IDS = 12


def validate(files: Sequence[str], zones: str | None = None, provisions: str | None = None,
             governorates: str | None = None, agreements: str | None = None) -> list[str]:
    """Validate layers; return one ``ok:`` line per file, or raise one DataError with every problem."""
    area_paths = [Path(f) for f in files if not _is_provisions(f)]
    provision_paths = [Path(f) for f in files if _is_provisions(f)]
    if zones:
        area_paths.append(Path(zones))
    if provisions:
        provision_paths.append(Path(provisions))
    if not files and not (zones or provisions or governorates or agreements):
        return _validate_bundled()
    lines: list[str] = []
    problems: list[Problem] = []
    more = 0
    outline = load.load_outline()
    ids: set[str] = set()
    for path in area_paths:
        try:
            areas = load.load_areas(path, outline=outline)
            ids.update(areas["id"])
            lines.append(f"ok: {path}: {len(areas)} features ({_ids(areas['id'])})")
        except DataError as exc:
            problems += exc.problems
            more += exc.more
    if governorates:
        try:
            govs = load.load_governorates(governorates)
            lines.append(f"ok: {governorates}: {len(govs)} governorates")
        except DataError as exc:
            problems += exc.problems
            more += exc.more
    known = ids or (set(load.load_areas()["id"]) if not area_paths else None)
    counted = None  # the agreements file's count, said once however many provisions files it is checked with
    for path in provision_paths or ([None] if agreements else []):
        try:
            found, table, _ = load_agreements(path, agreements, known, check_bundled=not area_paths)
            if path is not None:
                lines.append(f"ok: {path}: {int((table['agreement'] == table.attrs['statement']).sum())} provisions")
            counted = len(found) - 1
        except DataError as exc:  # the agreements file's own problems come again with every provisions file
            new = [p for p in exc.problems if p not in problems]
            problems += new
            more += exc.more if new else 0
    if agreements and counted is not None:
        lines.append(f"ok: {agreements}: {counted} agreements")
    if problems:
        raise DataError(problems, more=more)
    return [one_line(line) for line in lines]


def _validate_bundled() -> list[str]:
    from geo.base import data

    from .atlas import load_atlas

    atlas = load_atlas()
    lines = [
        f"ok: {data.AREAS.name}: {len(atlas.areas) + len(atlas.agreed)} features, {atlas.areas['id'].nunique()} "
        f"areas and zones ({_ids(dict.fromkeys(atlas.areas['id']))}) and {atlas.agreed['id'].nunique()} areas as "
        "agreed",
        f"ok: {data.OUTLINE.name}: {len(atlas.outline)} features",
        f"ok: {data.GOVERNORATES.name}: {len(atlas.governorates)} governorates",
        f"ok: {data.PROVISIONS.name} and {data.AGREEMENTS.name}: {len(atlas.agreements)} agreements, "
        f"{len(atlas.provisions)} provisions",
    ]
    if not atlas.neighbours.empty:
        lines.append(f"ok: {data.NEIGHBOURS.name}: {len(atlas.neighbours)} features")
    if not atlas.posts.empty:
        lines.append(f"ok: {data.POSTS.name}: {len(atlas.posts)} posts and crossings")
    return [one_line(line) for line in lines]


def _ids(ids) -> str:
    ids = [clip(str(i), 40) for i in ids]
    return ", ".join(ids[:MAX_IDS]) + (f", … ({len(ids) - MAX_IDS} more)" if len(ids) > MAX_IDS else "")


def _is_provisions(name: str) -> bool:
    return Path(name).suffix.lower() == ".json" and not name.lower().endswith(".geojson") and _looks_like_provisions(name)


def _looks_like_provisions(name: str) -> bool:
    from geo.io.source import open_regular

    try:
        fh = open_regular(name)  # a pipe or device: not read here (the loader refuses it in one line)
        if fh is None:
            return False
        with fh:
            head = fh.read(4096).decode("utf-8", errors="replace")
    except OSError:
        return False
    return '"provisions"' in head or head.lstrip().startswith("[")
