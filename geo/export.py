"""Exports of a scene: PNG, SVG and PDF (the static map) and a standalone offline HTML map; and the atlas:
one map per provision (or per area) in one run, as files in a folder or as one printable PDF handout.

``render_bytes`` draws, ``write`` writes atomically (whole or not at all, never over an existing file unless
``force``), ``each`` writes one file per provision or area, ``atlas_pdf`` makes the handout, ``export_cli``
is the ``zonemap export`` command. matplotlib and folium are imported only when a format needs them.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from .agreements import milestones
from .errors import ExportError, InputError
from .io import atomic_write, check_target
from .output import (
    DEFAULT_HEIGHT,
    DEFAULT_WIDTH,
    FORMATS,
    MAX_PX,
    MIN_PX,
    PRESETS,
    Output,
    check_format,
    check_run,
    check_size,
    output,
)
from .scene import Marker, Scene, View

__all__ = ["FORMATS", "DEFAULT_WIDTH", "DEFAULT_HEIGHT", "MIN_PX", "MAX_PX", "EACH", "PRESETS", "Item", "format_for",
           "check_size", "view_for", "render_bytes", "write", "items", "each", "atlas_pdf", "write_atlas_pdf",
           "export_cli", "Output", "output"]

SUFFIXES = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".html": "html", ".htm": "html"}
EACH = ("provision", "zone", "date")


def render_bytes(fmt: str, scene: Scene, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT,
                 tiles: Any = None, preset: str | None = None, arabic: bool = False) -> bytes:
    """The map of ``scene`` in ``fmt`` (png, svg, pdf or html) as bytes.

    ``tiles`` (None by default: no network) adds a tile basemap; for html it is passed to the folium map.
    ``preset`` (page, column or slide; None chooses from the width) sets text sizes and what is labelled;
    ``arabic`` adds the areas' Arabic names under their English ones.
    """
    out = io.BytesIO()
    _render_to(out, scene, output(fmt, width, height, preset, arabic, tiles))
    return out.getvalue()


def write(path: str | Path, fmt: str | None, scene: Scene, width: int = DEFAULT_WIDTH, height: int = DEFAULT_HEIGHT,
          force: bool = False, tiles: Any = None, preset: str | None = None, arabic: bool = False) -> Path:
    """Render and write ``path`` atomically; ``fmt`` None follows the suffix. Returns the path written."""
    path = Path(path)
    spec = output(format_for(path, fmt), width, height, preset, arabic, tiles)

    def render_into(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            _render_to(out, scene, spec)

    return _atomic(path, render_into, force)


def export_cli(args: argparse.Namespace, atlas) -> Path | list[Path]:
    """``zonemap export``: the options and the target were checked first; resolve the view(s), render, write."""
    from .scene import resolve

    path = Path(args.output)
    width = DEFAULT_WIDTH if args.width is None else args.width
    height = DEFAULT_HEIGHT if args.height is None else args.height
    check_size(width, height)
    preset = getattr(args, "preset", None)
    arabic = bool(getattr(args, "arabic", False))
    lang = getattr(args, "lang", None) or "en"
    if getattr(args, "each", None):
        kind, fmt = each_target(args.output, args.format)  # the text as given: a trailing / means a folder
        chosen = dict(atlas=atlas, what=args.each, day=args.date, provisions=args.provision or (),
                      zones=args.zone or (), mark=args.mark, lang=lang)
        if kind == "handout":
            return write_atlas_pdf(path, **chosen, force=args.force, arabic=arabic)
        return each(folder=path, fmt=fmt, width=width, height=height, force=args.force, preset=preset, arabic=arabic,
                    **chosen)
    fmt = format_for(path, args.format)
    check_target(path, args.force)
    view = view_for(atlas, args.provision or (), args.zone or (), args.date, args.mark, lang)
    return write(path, fmt, resolve(atlas.at(view.date), view), width, height, force=args.force, preset=preset,
                 arabic=arabic)


# --- the atlas: one map per provision or per area --------------------------------------------


@dataclass(frozen=True)
class Item:
    """One map of an atlas: its file name (without suffix), its view, and what it shows."""

    name: str
    view: View
    label: str
    key: str | None = None  # the provision's key
    area: str | None = None  # the area's or zone's id
    moment: str | None = None  # for a key date: what happened that day


def items(atlas, what: str = "provision", day: Any = None, provisions: Sequence[Any] = (), zones: Sequence[str] = (),
          mark: str | None = None, lang: str = "en") -> list[Item]:
    """The maps of an atlas, in order, named predictably.

    ``what="provision"``: one per provision — the default agreement's (the statement's 14), or those in
    force on ``day`` of the agreements that drew the areas (``milestone``; the rounds' statements and the
    local deals are left to ``provisions``), or those named in ``provisions``; each drawn on ``day`` or, without
    one, on the later of the default date and its agreement's date. Named ``provision-05`` (the default
    agreement's) and ``provision-sochi-2018-03`` (another's).
    ``what="zone"``: one per area and zone on ``day`` (or those named in ``zones``), each selected and
    framed; named ``zone-<id>``.
    ``what="date"``: the whole story, one map per date the map changed (an agreement that drew the areas, each new
    shape or end: ``atlas.map_dates``), filtered by
    ``provisions`` when given; named ``date-<YYYY-MM-DD>``: small multiples for a timeline graphic.
    """
    from .atlas import parse_day
    from .i18n import translator
    from .scene import local_label, local_names

    if what not in EACH:
        raise InputError(f"--each was {what!r} but must be one of {', '.join(EACH)}")
    t = translator(lang)
    marker = view_for(atlas, (), (), None, mark, t.lang).marker if mark else None
    given_day = parse_day(day) if day else None
    default_day = atlas.schema.default_date
    out: list[Item] = []
    if what == "date":
        keys = tuple(dict.fromkeys(atlas.provision(p) for p in provisions))
        for on, happened in atlas.key_dates_in(t.lang, milestones=True):
            in_force = [k for k in keys if k in atlas.at(on).provisions.index]
            out.append(Item(f"date-{on.isoformat()}", View(date=on, provisions=tuple(in_force), marker=marker,
                                                           lang=t.lang),
                            t._("%(date)s: %(what)s", date=t.short_date(on), what=happened), moment=happened))
        return _unique(out)
    if what == "provision":
        keys = [atlas.provision(p) for p in provisions]
        if keys:
            rows = atlas.provisions.loc[list(dict.fromkeys(keys))]
        elif given_day is not None:  # the agreements that drew and redrew the areas (one map each is enough work)
            rows = atlas.at(given_day).provisions
            rows = rows[rows["agreement"].isin({a.id for a in milestones(atlas.agreements)})]
        else:
            rows = atlas.provisions[atlas.provisions["agreement"] == atlas.schema.default_agreement]
        for key, agreement, number, signed in zip(rows["key"], rows["agreement"], rows["number"], rows["date"],
                                                  strict=True):
            on = given_day or max(default_day, _as_date(signed))
            stem = (f"provision-{int(number):02d}" if agreement == atlas.schema.default_agreement
                    else f"provision-{_safe(agreement)}-{int(number):02d}")
            out.append(Item(stem, View(date=on, provisions=(key,), marker=marker, lang=t.lang),
                            t.n_("Provision %(labels)s", "Provisions %(labels)s", 1,
                                 labels=local_label(atlas, key, t.lang)), key=key))
        if not out:
            raise InputError("no provision is in force on that date: nothing to export")
    else:
        on = given_day or default_day
        dated = atlas.at(on)
        present = list(dict.fromkeys(dated.shapes["id"]))
        chosen = [atlas.area(z) for z in zones] if zones else present
        missing = [z for z in chosen if z not in present]
        if missing:
            raise InputError(f"{', '.join(missing)} not on the map on {on.isoformat()}; on that date: {', '.join(present)}")
        names = local_names(atlas, t.lang)
        for area_id in dict.fromkeys(chosen):
            out.append(Item(f"zone-{_safe(area_id)}", View(date=on, selected=area_id, marker=marker, lang=t.lang),
                            str(names.get(area_id, area_id)), area=area_id))
        if not out:
            raise InputError(f"no area or zone is on the map on {on.isoformat()}: nothing to export")
    return _unique(out)


def each(atlas, what: str, folder: str | Path, fmt: str = "png", width: int = DEFAULT_WIDTH,
         height: int = DEFAULT_HEIGHT, force: bool = False, day: Any = None, provisions: Sequence[Any] = (),
         zones: Sequence[str] = (), mark: str | None = None, preset: str | None = None,
         arabic: bool = False, lang: str = "en") -> list[Path]:
    """Write one map per provision (or per area) into ``folder``, in one process.

    Every target is checked before anything is drawn: if one exists (without ``force``) or cannot be
    written, nothing is written. Each file is written atomically. Returns the paths, in order."""
    from .scene import resolve

    spec = output(fmt, width, height, preset, arabic)
    folder = Path(folder)
    plan = items(atlas, what, day, provisions, zones, mark, lang)
    check_run(what, len(plan), spec.width, spec.height)
    suffix = f".{spec.fmt}"
    paths = [folder / f"{item.name}{suffix}" for item in plan]
    _check_targets(folder, paths, force)
    if not folder.exists():
        try:
            folder.mkdir()
        except OSError as exc:
            raise ExportError(f"{folder}: cannot be created: {exc.strerror or exc}") from None
    scenes = [resolve(atlas.at(item.view.date), item.view) for item in plan]
    written = []
    if spec.fmt == "png":  # one layout and background shared by the maps of a date: several times faster
        from .static.series import render_pngs

        for path, data in zip(paths, render_pngs(scenes, spec), strict=True):
            written.append(_atomic(path, lambda tmp, data=data: tmp.write_bytes(data), force))
        return written
    for scene, path in zip(scenes, paths, strict=True):

        def render_into(tmp: Path, scene=scene) -> None:
            with open(tmp, "wb") as out:
                _render_to(out, scene, spec)

        written.append(_atomic(path, render_into, force))
    return written


def atlas_pdf(atlas, day: Any = None, what: str = "provision", provisions: Sequence[Any] = (),
              zones: Sequence[str] = (), mark: str | None = None, arabic: bool = False, lang: str = "en",
              progress=None) -> bytes:
    """The printable handout: one A4 page per provision (or area), its map and its full text, as PDF bytes.

    ``progress(done, total)`` is called as the maps are drawn (see :func:`geo.static.handout.write`)."""
    out = io.BytesIO()
    _handout_to(out, atlas, items(atlas, what, day, provisions, zones, mark, lang), arabic, lang, progress)
    return out.getvalue()


def write_atlas_pdf(path: str | Path, atlas, day: Any = None, what: str = "provision", provisions: Sequence[Any] = (),
                    zones: Sequence[str] = (), mark: str | None = None, force: bool = False,
                    arabic: bool = False, lang: str = "en") -> Path:
    """:func:`atlas_pdf`, written atomically to ``path``."""
    path = Path(path)
    plan = items(atlas, what, day, provisions, zones, mark, lang)
    check_run(what, len(plan))
    check_target(path, force)

    def render_into(tmp: Path) -> None:
        with open(tmp, "wb") as out:
            _handout_to(out, atlas, plan, arabic, lang)

    return _atomic(path, render_into, force)


def each_target(path: str | Path, fmt: str | None) -> tuple[str, str]:
    """What ``--each -o PATH`` writes: ("handout", "pdf") for a .pdf file, ("folder", format) for a folder
    (an existing one, a path ending in a slash, or a name without a suffix). Checked before any data is read."""
    text = str(path)
    p = Path(path)
    if p.is_dir() or text.endswith(("/", os.sep)) or (not p.suffix and not p.exists()):
        parent = p.parent if not p.is_dir() else p
        if not p.is_dir() and not (parent if str(parent) else Path(".")).is_dir():
            raise ExportError(f"{p}: its folder {parent} does not exist")
        return "folder", check_format(fmt or "png")
    if p.suffix.lower() == ".pdf" and (fmt is None or check_format(fmt) == "pdf"):
        return "handout", "pdf"
    raise ExportError(f"{p}: --each writes one file per map into a folder (give DIR/) or one PDF handout "
                      "(give a name ending in .pdf)")


def _check_targets(folder: Path, paths: list[Path], force: bool) -> None:
    """Every target writable, none existing without ``force``: one error naming them, before any is drawn."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder}: is a file, not a folder")
    if not folder.exists():
        parent = folder.parent if str(folder.parent) else Path(".")
        if not parent.is_dir():
            raise ExportError(f"{folder}: its folder {parent} does not exist")
        return  # a new folder: nothing in it to overwrite
    existing, problems = [], []
    for path in paths:
        try:
            check_target(path, force)
        except ExportError as exc:
            (existing if os.path.lexists(path) and not force else problems).append((path, str(exc)))
    if problems:
        raise ExportError(problems[0][1])
    if existing:
        names = ", ".join(p.name for p, _ in existing[:4]) + (", …" if len(existing) > 4 else "")
        raise ExportError(f"{folder}: {len(existing)} of the {len(paths)} files already exist ({names}) — "
                          "use --force to overwrite them; nothing was written")


def _unique(plan: list[Item]) -> list[Item]:
    seen: dict[str, int] = {}
    out = []
    for item in plan:
        n = seen.get(item.name.lower(), 0) + 1
        seen[item.name.lower()] = n
        out.append(item if n == 1 else Item(f"{item.name}-{n}", item.view, item.label, item.key, item.area, item.moment))
    return out


def _safe(text: Any) -> str:
    """A file-name part from an id: letters, digits, '-' and '_' only, at most 60 characters."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]+", "-", str(text)).strip("-")[:60]
    return cleaned or "x"


def _as_date(value: Any) -> date:
    import pandas as pd

    return pd.Timestamp(value).date()


def _atomic(path: Path, render_into, force: bool) -> Path:
    try:
        return atomic_write(path, render_into, force=force)
    except OSError as exc:  # e.g. the temporary file cannot be created in that folder
        raise ExportError(f"{path}: cannot be written: {exc.strerror or exc}") from None


def _handout_to(out: BinaryIO, atlas, plan: list[Item], arabic: bool, lang: str = "en", progress=None) -> None:
    from .static import handout

    handout.write(out, atlas, plan, arabic=arabic, lang=lang, progress=progress)


# --- checks --------------------------------------------------------------------------------


def format_for(path: str | Path, fmt: str | None = None) -> str:
    """The format to write: ``fmt`` if given, else the one the suffix implies."""
    if fmt is not None:
        return check_format(fmt)
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ExportError(f"{path}: cannot tell the format from the suffix {suffix or '(none)'!r} — "
                          f"use one of {', '.join(SUFFIXES)} or --format {'|'.join(FORMATS)}")
    return SUFFIXES[suffix]



def view_for(atlas, provisions: Sequence[Any] = (), zones: Sequence[str] = (), day: Any = None,
             mark: str | None = None, lang: str = "en") -> View:
    """The View for ``--provision N``…, ``--zone ID``, ``--date`` and ``--mark``; unknown values refused by name."""
    from .atlas import parse_day

    keys = tuple(dict.fromkeys(atlas.provision(p) for p in provisions))
    for zone in zones:
        atlas.area(zone)
    if len(set(zones)) > 1:
        raise InputError(f"--zone was given {len(set(zones))} areas ({', '.join(dict.fromkeys(zones))}); "
                         "a view selects one area at a time, as on the page")
    marker = None
    if mark is not None:
        from .gazetteer import local_name, lookup
        from .text import clip

        match = lookup(mark)  # no good match: refused with the nearest names
        place = match.place
        if not match.exact:  # a close spelling: marked, and said
            warnings.warn(f"--mark {clip(mark)!r}: no place of that spelling; marked {place.name}, the closest",
                          stacklevel=2)
        marker = Marker(local_name(place, lang), place.lat, place.lon)
    return View(date=parse_day(day) if day else atlas.schema.default_date, provisions=keys,
                selected=zones[0] if zones else None, marker=marker, lang=lang)




# --- rendering -----------------------------------------------------------------------------


def _render_to(out: BinaryIO, scene: Scene, spec: Output) -> None:
    if spec.fmt == "html":
        out.write(_html_bytes(scene, spec.tiles))
        return
    from . import static

    static.draw(scene, spec, out)


def _html_bytes(scene: Scene, tiles: Any) -> bytes:
    """One self-contained page: the folium map of the scene with Leaflet inlined (no CDN, no network)."""
    from .offline import offline_assets
    from .render import TITLE_CHARS, build_map
    from .text import clip, html

    m = offline_assets(build_map(scene, tiles=tiles))
    root = m.get_root()
    root.title = html(f"{clip(scene.title, TITLE_CHARS)} · zonemap")  # branca does not escape it
    return root.render().encode("utf-8")
