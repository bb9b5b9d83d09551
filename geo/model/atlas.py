"""What the map knows: one frozen :class:`Atlas` with every layer, loaded once by :func:`load_atlas`.

The page, the command line, the exports and ``validate`` all load through here (files → read → validate →
atlas), and everything after takes an Atlas, or the :class:`Dated` layers it gives for one day
(:meth:`Atlas.at`). An Atlas has a content key, so caches can tell two atlases apart by what they hold.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.base import style
from geo.base.crs import area_km2
from geo.base.errors import InputError

from . import agreements as agreements_mod
from . import load
from .agreements import Agreement
from .schema import Schema, parse_date, schema
from .upload import provision_notes

__all__ = ["Sources", "Atlas", "Dated", "load_atlas", "shared_atlas", "parse_day"]


@dataclass(frozen=True)
class Sources:
    """Which files to load; None means the bundled one. ``label`` names a user's areas file in messages."""

    areas: str | None = None
    provisions: str | None = None
    agreements: str | None = None
    governorates: str | None = None
    outline: str | None = None
    neighbours: str | None = None
    posts: str | None = None
    roads: str | None = None
    events: str | None = None

    @classmethod
    def from_env(cls) -> Sources:
        """The files named by ZONEMAP_ZONES, ZONEMAP_PROVISIONS, … (the page's server-wide settings)."""
        names = {"areas": "ZONES"}
        return cls(**{f.name: os.environ.get(f"ZONEMAP_{names.get(f.name, f.name.upper())}") or None
                      for f in fields(cls)})


@dataclass(frozen=True, eq=False)
class Atlas:
    """Every layer the map knows, all dates, and the agreements with their provisions."""

    areas: gpd.GeoDataFrame
    outline: gpd.GeoDataFrame
    governorates: gpd.GeoDataFrame
    neighbours: gpd.GeoDataFrame
    posts: gpd.GeoDataFrame
    roads: gpd.GeoDataFrame
    agreements: tuple[Agreement, ...]
    provisions: pd.DataFrame
    categories: dict[str, str]
    schema: Schema
    credits: dict[str, str] = field(default_factory=dict)
    agreed: gpd.GeoDataFrame | None = None  # the areas as agreed (kinds the schema marks "agreed"), every date
    captures: pd.DataFrame | None = None  # the dated captures the bundled front is drawn from (zones/captures.csv)
    offensives: pd.DataFrame | None = None  # the offensives they belong to (zones/offensives.csv)
    origin: str = "zonemap"
    events_source: str | None = None
    warnings: tuple[str, ...] = ()
    key: str = ""
    _dated: dict = field(default_factory=dict, repr=False, compare=False)

    def at(self, day: date | str | None = None) -> Dated:
        """The layers in force on ``day`` (default: the schema's default date, 15 Sep 2017)."""
        day = parse_day(day) if day is not None else self.schema.default_date
        if day not in self._dated:
            self._dated[day] = Dated(self, day)
        return self._dated[day]

    def __post_init__(self) -> None:
        if self.agreed is None:  # the areas as agreed are read with the areas, and kept apart from them
            areas, agreed = split_agreed(self.areas, self.schema)
            object.__setattr__(self, "areas", areas)
            object.__setattr__(self, "agreed", agreed)
        for name, frame in (("captures", load.empty_captures), ("offensives", load.empty_offensives)):
            if getattr(self, name) is None:
                object.__setattr__(self, name, frame())

    def with_areas(self, areas: gpd.GeoDataFrame, origin: str, warnings: tuple[str, ...] = ()) -> Atlas:
        """The same atlas with a user's areas (e.g. an upload); the key follows the content. The bundled
        captures and offensives describe the bundled areas only, so they go too."""
        credits = {**self.credits, "areas": f"Areas: {origin} (your own file)"}
        return replace(self, areas=areas, agreed=None, captures=None, offensives=None, origin=origin,
                       warnings=warnings, key=_key(self.key, areas), credits=credits, _dated={})

    @cached_property
    def colours(self) -> dict[str, str]:
        """Each de-escalation area's colour: the palette in the order the areas first appear in the file."""
        ids = list(dict.fromkeys(self.areas.loc[self.areas["kind"].isin(self.schema.area_kinds), "id"]))
        return {area_id: style.AREA_PALETTE[i % len(style.AREA_PALETTE)] for i, area_id in enumerate(ids)}

    @cached_property
    def names(self) -> dict[str, str]:
        """Id → name of every area and zone (the latest name, if it changed)."""
        return dict(zip(self.areas["id"], self.areas["name"], strict=True))

    @cached_property
    def agreement_titles(self) -> dict[str, str]:
        """Agreement id → its short title ("Sochi memorandum")."""
        return {a.id: a.short_title for a in self.agreements}

    @cached_property
    def known_texts(self) -> dict[str, str]:
        """Agreement id → how much of its text is known, in a sentence ("" when the whole text is)."""
        return {a.id: agreements_mod.known_text(a, self.provisions) for a in self.agreements}

    @cached_property
    def key_dates(self) -> tuple[tuple[date, str], ...]:
        """The dates a reader steps through, each named: every agreement, each offensive's first and last day,
        and each area's or zone's beginning and end — a short list (the days between, on which the front moved,
        are :attr:`change_days`). An id with at most ``FEW_STATES`` states (a user's file) also has its new shapes."""
        return self.key_dates_in("en")

    def key_dates_in(self, lang: str, milestones: bool = False) -> tuple[tuple[date, str], ...]:
        """:attr:`key_dates` (or :attr:`map_dates` with ``milestones``), what happened said in ``lang``."""
        cache = self._key_dates_by_lang
        if (lang, milestones) not in cache:
            agreements = agreements_mod.milestones(self.agreements) if milestones else self.agreements
            cache[lang, milestones] = self._key_dates(agreements, lang)
        return cache[lang, milestones]

    @cached_property
    def _key_dates_by_lang(self) -> dict:
        return {}

    def _key_dates(self, agreements, lang: str = "en") -> tuple[tuple[date, str], ...]:
        from geo.base.i18n import translator

        from .local import local_names

        t = translator(lang)
        out: dict[date, list[str]] = {}
        for a in agreements:
            out.setdefault(a.date, []).append(t.data("agreement", a.short_title))
        for row in self.offensives.itertuples(index=False):
            offensive = t.data("offensive", row.name)
            out.setdefault(row.start, []).append(t._("%(name)s begins", name=offensive))
            out.setdefault(row.end, []).append(t._("%(name)s ends", name=offensive))
        agreement_days = {a.date for a in agreements}
        names = local_names(self, lang)
        said = {"new shape": lambda n: t._("%(name)s: new shape", name=n),
                "begins": lambda n: t._("%(name)s: begins", name=n), "ends": lambda n: t._("%(name)s: ends", name=n)}
        # The areas as agreed are left out: their shapes change with the agreements, named already.
        for fid, rows in self.areas.groupby("id", sort=False):
            starts = sorted(d for d in (parse_date(v) for v in rows["valid_from"]) if d is not None)
            ends = sorted(d for d in (parse_date(v) for v in rows["valid_to"]) if d is not None)
            name = names.get(fid, fid)
            days: dict[date, str] = {}
            if len(rows) <= FEW_STATES:
                for day in starts[1:]:
                    days[day] = "new shape"
            if fid in self.names:  # an area's or zone's
                if starts:
                    days[starts[0]] = "begins"
                if ends and len(ends) == len(rows):  # the last state has an end: the id ends
                    days[ends[-1]] = "ends"
            for day, verb in days.items():
                if day not in agreement_days:
                    out.setdefault(day, []).append(said[verb](name))
        return tuple((d, t.p_("list", "; ").join(dict.fromkeys(labels))) for d, labels in sorted(out.items()))

    @cached_property
    def change_days(self) -> tuple[date, ...]:
        """Every day on which a shape (an area, a zone or an area as agreed) began, changed or ended, in order."""
        days = set()
        for frame in (self.areas, self.agreed):
            for column in ("valid_from", "valid_to"):
                days.update(d for d in (parse_date(v) for v in frame[column]) if d is not None)
        return tuple(sorted(days))

    @cached_property
    def map_dates(self) -> tuple[tuple[date, str], ...]:
        """The key dates on which the map itself changes (the whole story's pages): those of :attr:`key_dates`
        with only the agreements that drew or redrew the areas (``milestone``; the other documents of the process
        are key dates of the timeline, not new maps)."""
        return self.key_dates_in("en", milestones=True)

    @cached_property
    def frame(self) -> tuple[float, float, float, float]:
        """Bounds (west, south, east, north) of every area on every date: western Syria, where the map opens."""
        areas = self.areas[self.areas["kind"].isin(self.schema.area_kinds)]
        shapes = areas if not areas.empty else self.outline
        return tuple(float(v) for v in shapes.total_bounds)

    @cached_property
    def events(self) -> pd.DataFrame:
        """Every event kept by the default precision rule (date, latitude, longitude, deaths), for the map layer."""
        from .events import event_points

        return event_points(self.events_source)

    @cached_property
    def event_counts(self):
        """Events and deaths per area (as it stood on each event's date), ring and the rest of Syria, per day."""
        from .events import count_events

        return count_events(self.events_source, self.areas, self.outline, kinds=self.schema.area_kinds)

    @cached_property
    def event_key_dates(self) -> dict[str, list[tuple[date, str]]]:
        """Per area: the agreements signed during its life, each new shape, and its end (for the event counts)."""
        from .events import default_key_dates

        return default_key_dates(self.areas, agreements=[(a.date, a.short_title)
                                                         for a in agreements_mod.milestones(self.agreements)],
                                 kinds=self.schema.area_kinds, names=self.names, events=self.offensive_dates)

    @cached_property
    def offensive_dates(self) -> dict[str, list[tuple[date, str]]]:
        """Per area id: the first and last day of each offensive against it, named."""
        out: dict[str, list[tuple[date, str]]] = {}
        for row in self.offensives.itertuples(index=False):
            out.setdefault(row.area, []).extend([(row.start, f"{row.name} begins"), (row.end, f"{row.name} ends")])
        return out

    @cached_property
    def country(self) -> Any:
        return load.country_of(self.outline)

    def provision(self, value: Any) -> str:
        """The key of a provision given as ``5`` or ``sochi-2018:3``."""
        return agreements_mod.provision_key(value, self.provisions, self.schema.default_agreement)

    def label(self, key: str) -> str:
        """How a provision is named to a reader: "5" (the statement's), "Sochi memorandum 3" (another's)."""
        label = agreements_mod.provision_label(key, self.schema.default_agreement)
        if label != key:  # the default agreement's: its bare number
            return label
        agreement, _, number = key.partition(":")  # another's: its short title before the number
        return f"{self.agreement_titles.get(agreement, agreement)} {number}"

    def area(self, area_id: str) -> str:
        """``area_id`` if some area or zone has it, else an InputError listing the ids."""
        if area_id not in self.names:
            raise InputError(f"unknown area {area_id!r}; known: {', '.join(self.names)}")
        return area_id


@dataclass(frozen=True, eq=False)
class Dated:
    """The layers in force on one day: the shapes valid then, the posts standing, the agreements signed."""

    atlas: Atlas
    date: date

    def _in_force(self, frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        """The rows of ``frame`` in force on this day: ``start`` ≤ day < ``end`` (the first day it no longer holds)."""
        if frame.empty:
            return frame
        day = np.datetime64(self.date, "D")
        return frame[(frame["start"].to_numpy() <= day) & (day < frame["end"].to_numpy())].reset_index(drop=True)

    @cached_property
    def shapes(self) -> gpd.GeoDataFrame:
        return self._in_force(self.atlas.areas)

    @cached_property
    def agreed(self) -> gpd.GeoDataFrame:
        """The areas as agreed in force on this day (each ``part_of`` its area, with its ``agreement``)."""
        return self._in_force(self.atlas.agreed)

    @cached_property
    def posts(self) -> gpd.GeoDataFrame:
        return self._in_force(self.atlas.posts)

    @cached_property
    def roads(self) -> gpd.GeoDataFrame:
        return self._in_force(self.atlas.roads)

    @cached_property
    def provisions(self) -> pd.DataFrame:
        return agreements_mod.in_force(self.atlas.provisions, self.date)

    @cached_property
    def agreements(self) -> tuple[Agreement, ...]:
        return tuple(a for a in self.atlas.agreements if a.date <= self.date)

    @cached_property
    def km2(self) -> dict[str, float]:
        return dict(zip(self.shapes["id"], area_km2(self.shapes), strict=True))

    @cached_property
    def shares(self) -> pd.DataFrame:
        from .analysis import governorate_shares

        return governorate_shares(self.shapes, self.atlas.governorates)

    @cached_property
    def locator(self):
        from .analysis import Locator

        return Locator.build_many([self.shapes], self.atlas.governorates, self.atlas.schema.area_kinds,
                                  agreed=[self.agreed])

    @property
    def areas_only(self) -> gpd.GeoDataFrame:
        return self.shapes[self.shapes["kind"].isin(self.atlas.schema.area_kinds)]

    def parent(self, feature_id: str) -> str | None:
        """The area a zone belongs to (``part_of``), or None."""
        rows = self.shapes[self.shapes["id"] == feature_id]
        parent = rows["part_of"].iloc[0] if not rows.empty else ""
        return parent or None

    def parts(self, feature_id: str) -> list[str]:
        """The zones that belong to an area on this day."""
        return list(self.shapes.loc[self.shapes["part_of"] == feature_id, "id"])


@lru_cache(maxsize=4)
def shared_atlas(sources: Sources) -> Atlas:
    """The atlas of ``sources``, loaded once per process and shared read-only (the page's server data)."""
    return load_atlas(sources)


def load_atlas(sources: Sources | None = None, label: str | None = None) -> Atlas:
    """Read, validate and assemble every layer; one DataError with the problems of the first bad file."""
    sources = sources or Sources()
    outline = load.load_outline(sources.outline)
    areas = load.load_areas(sources.areas, label=label, outline=outline if sources.areas else None)
    governorates = load.load_governorates(sources.governorates)
    known = set(areas["id"])
    agreements, provisions, categories = agreements_mod.load_agreements(
        sources.provisions, sources.agreements, known, check_bundled=not sources.areas)
    bundled = not sources.areas
    atlas = Atlas(
        areas=areas, outline=outline, governorates=governorates,
        captures=load.load_captures() if bundled else None, offensives=load.load_offensives() if bundled else None,
        neighbours=load.load_neighbours(sources.neighbours), posts=load.load_posts(sources.posts),
        roads=load.load_roads(sources.roads), agreements=agreements, provisions=provisions,
        categories=categories, schema=schema(), credits=_credits(sources, label), events_source=sources.events,
        warnings=tuple(provision_notes(provisions, known)) if sources.areas else (),
        origin=label or (Path(sources.areas).name if sources.areas else "zonemap"))
    return replace(atlas, key=_key(_files_key(sources), areas))


FEW_STATES = 5  # an id with at most this many states has each new shape among the key dates


def split_agreed(frame: gpd.GeoDataFrame, sch: Schema) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The areas and zones of a layer, and its areas as agreed (kinds the schema marks "agreed")."""
    agreed = frame["kind"].isin(sch.agreed_kinds).to_numpy() if "kind" in frame.columns else np.zeros(len(frame), bool)
    return frame[~agreed].reset_index(drop=True), frame[agreed].reset_index(drop=True)


def parse_day(value: date | str) -> date:
    """A date from ``YYYY-MM-DD`` (or a date); InputError otherwise."""
    if isinstance(value, date):
        return value
    day = parse_date(value)
    if day is None:
        raise InputError(f"date was {str(value)[:40]!r} but must be written YYYY-MM-DD, e.g. 2017-09-15")
    return day


# --- helpers -------------------------------------------------------------------------------


def _credits(sources: Sources, label: str | None) -> dict[str, str]:
    """The bundled layers' credit lines; a user's file is credited by its name."""
    import json

    from geo.base import data

    credits = {k: v for k, v in json.loads(data.CREDITS.read_text(encoding="utf-8")).items() if not k.startswith("$")}
    if sources.areas:
        credits["areas"] = f"Areas: {label or Path(sources.areas).name} (your own file)"
    if sources.governorates:
        credits["governorates"] = f"Boundaries: {Path(sources.governorates).name} (your own file)"
    if sources.provisions:
        credits["provisions"] = f"Provisions: {Path(sources.provisions).name} (your own file)"
    if sources.events:
        credits["events"] = f"Events: {Path(sources.events).name} (your own file)"
    return credits


def _files_key(sources: Sources) -> str:
    """A digest of the files' contents (the bundled ones included), for caches."""
    from geo.base import data

    digest = hashlib.sha256()
    defaults = {"areas": data.AREAS, "provisions": data.PROVISIONS, "agreements": data.AGREEMENTS,
                "governorates": data.GOVERNORATES, "outline": data.OUTLINE, "neighbours": data.NEIGHBOURS,
                "posts": data.POSTS, "roads": data.ROADS, "events": data.EVENTS}
    for f in fields(sources):
        path = Path(getattr(sources, f.name) or defaults[f.name])
        digest.update(f.name.encode())
        try:
            stat = path.stat()
            digest.update(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(b"absent")
    for path in (data.CAPTURES, data.OFFENSIVES):  # read with the bundled areas
        try:
            stat = path.stat()
            digest.update(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        except OSError:
            digest.update(b"absent")
    return digest.hexdigest()


def _key(base: str, areas: gpd.GeoDataFrame) -> str:
    digest = hashlib.sha256(base.encode())
    digest.update(pd.util.hash_pandas_object(areas.drop(columns=["geometry", "governorates"]), index=False).values.tobytes())
    digest.update(b"".join(areas.geometry.to_wkb()))
    return digest.hexdigest()[:32]
