"""The layers, read and validated: areas and zones (every dated state), outline, governorates, neighbours,
observation posts and roads.

Each loader reads its file through :func:`geo.io.read_layer`, saying what it accepts, checks the properties
against the schema (``zones/schema.json``) and raises one :class:`~geo.base.errors.DataError` with every problem,
each naming the file, the feature and what is wrong. Missing optional properties become empty text.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.base import data
from geo.base.errors import DataError, Problem
from geo.base.text import short
from geo.io import read_layer
from geo.io.budget import raise_problems
from geo.io.geojson import UNREADABLE, id_problem, id_text
from geo.io.layer import check_within

from .schema import check, is_missing, parse_date

__all__ = ["CONTRACT", "OPEN_START", "OPEN_END", "load_areas", "load_outline", "load_governorates",
           "load_neighbours", "load_posts", "load_roads", "load_captures", "load_offensives", "country_of"]

CONTRACT = ("id", "kind", "name", "name_ar", "governorates", "source", "method", "confidence", "note",
            "valid_from", "valid_to", "part_of", "fate", "agreement")
TEXT_FIELDS = ("kind", "name", "name_ar", "source", "method", "confidence", "note", "valid_from", "valid_to",
               "part_of", "fate", "agreement")
NAME_FIELDS = ("name", "ADM1_EN", "shapeName", "NAME_1", "admin1Name", "NAME")
GOVERNORATE_FIELDS = ("id", "name_ar", "pcode")
OPEN_START = np.datetime64("0001-01-01", "D")
OPEN_END = np.datetime64("9999-12-31", "D")
COUNTRY_KIND = "country"


def load_areas(path: str | Path | None = None, label: str | None = None,
               outline: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """Areas and zones, every dated state, validated (bundled file by default).

    ``label`` names the file in messages instead of ``path`` (e.g. an upload's own name); with ``outline``
    every shape must lie in the country and off its other features (the occupied Golan). Adds ``start``/``end``
    (numpy days) for the half-open period [valid_from, valid_to).
    """
    path = Path(path) if path else data.AREAS
    where = label or str(path)
    frame, problems = read_layer(path, where, "polygon", CONTRACT)
    problems += _check_areas(frame, where)
    if outline is not None and not problems:
        others = outline[outline["kind"] != COUNTRY_KIND]
        excluded = tuple((g, str(n)) for g, n in zip(others.geometry, others["name"], strict=True))
        problems += check_within(frame, country_of(outline), where, excluded=excluded)
    raise_problems(problems)
    return _fill_contract(frame)


def load_outline(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """The national outline (kind ``country``) and the occupied Golan (bundled)."""
    path = Path(path) if path else data.OUTLINE
    frame, problems = read_layer(path, str(path), "polygon", ("id", "kind", "name", "name_ar", "source", "note"))
    if not problems and ("kind" not in frame.columns or not (frame["kind"] == COUNTRY_KIND).any()):
        problems.append(Problem(str(path), f"no feature of kind {COUNTRY_KIND!r}", "the outline file names the country"))
    raise_problems(problems)
    return _text_columns(frame, ("id", "kind", "name", "name_ar", "source", "note"))


def load_governorates(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Governorates with a ``name`` column (bundled, or any file GDAL reads, e.g. OCHA COD-AB)."""
    path = Path(path) if path else data.GOVERNORATES
    where = str(path)
    frame, problems = read_layer(path, where, "polygon", (*NAME_FIELDS, *GOVERNORATE_FIELDS))
    if not problems:
        field = next((f for f in NAME_FIELDS if f in frame.columns), None)
        if field is None:  # read again with every property, only to say which names the file has
            every = read_layer(path, where, "polygon", None).frame
            found = ", ".join(str(c) for c in every.columns if c != "geometry")[:200] or "none"
            problems.append(Problem(where, f"no governorate name column (found: {found})",
                                    f"expected one of {', '.join(NAME_FIELDS)}"))
        elif field != "name":
            frame = frame.rename(columns={field: "name"})
    raise_problems(problems)
    keep = [c for c in ("id", "name", "name_ar", "pcode") if c in frame.columns]
    return _text_columns(frame[[*keep, "geometry"]], keep)


def load_neighbours(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Neighbouring countries and the sea, with Syria cut out (bundled; empty when the file is absent)."""
    fields = ("id", "kind", "name", "name_ar", "label_lon", "label_lat", "source")
    return _optional(path, data.NEIGHBOURS, "polygon", fields)


def load_posts(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Observation posts (and the points and crossings the deals named) as points, with ``start``/``end`` days from
    ``established``/``withdrawn``; ``number`` is the operator's own number, ``agreement`` the id of the deal."""
    fields = ("id", "name", "name_ar", "operator", "kind", "number", "order", "agreement", "established",
              "established_to", "encircled", "encircled_to", "withdrawn", "withdrawn_alt", "location_confidence",
              "date_confidence", "source", "note")
    frame = _optional(path, data.POSTS, "point", fields)
    frame["start"] = _days(frame["established"], OPEN_START)
    frame["end"] = _days(frame["withdrawn"], OPEN_END)
    return frame


def load_roads(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """Roads drawn for context (the M4 of the Moscow protocol), shown from ``valid_from`` on; empty when absent."""
    frame = _optional(path, data.ROADS, "line", ("id", "kind", "name", "name_ar", "source", "method", "confidence",
                                                 "valid_from", "valid_to"))
    frame["start"] = _days(frame["valid_from"], OPEN_START)
    frame["end"] = _days(frame["valid_to"], OPEN_END)
    return frame


CAPTURE_COLUMNS = ("date", "area", "offensive", "locality", "name", "name_ar", "lat", "lon", "from_side", "to_side",
                   "date_other", "confidence", "source", "coord_source", "note")
OFFENSIVE_COLUMNS = ("id", "name", "start", "end", "window_start", "window_end", "area", "sources")


def load_captures(path: str | Path | None = None) -> pd.DataFrame:
    """The dated captures the bundled front is drawn from (``zones/captures.csv``, written by ``python -m
    zones.draw``): one row per change of hands, ``date`` as a date, ``lat``/``lon`` as numbers."""
    frame = _bundled_table(Path(path) if path else data.CAPTURES, CAPTURE_COLUMNS)
    frame["date"] = [date.fromisoformat(v) for v in frame["date"]]
    frame["lat"] = frame["lat"].astype(float)
    frame["lon"] = frame["lon"].astype(float)
    return frame


def load_offensives(path: str | Path | None = None) -> pd.DataFrame:
    """The offensives of the captures (``zones/offensives.csv``), ``start`` and ``end`` as dates."""
    frame = _bundled_table(Path(path) if path else data.OFFENSIVES, OFFENSIVE_COLUMNS)
    for column in ("start", "end", "window_start", "window_end"):
        frame[column] = [date.fromisoformat(v) for v in frame[column]]
    return frame


def empty_captures() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in CAPTURE_COLUMNS})


def empty_offensives() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in OFFENSIVE_COLUMNS})


def _bundled_table(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    """A derived table of zonemap's own (never a user's file): its columns checked, every value as text."""
    if not path.exists():
        return pd.DataFrame({c: [] for c in columns})
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    if tuple(frame.columns) != columns:
        raise DataError(Problem(str(path), f"columns are {', '.join(map(str, frame.columns))[:200]}",
                                f"expected {', '.join(columns)}: rebuild it with python -m zones.draw"))
    return frame


def country_of(outline: gpd.GeoDataFrame) -> Any:
    """The country's shape from an outline layer."""
    import shapely

    return shapely.union_all(outline.geometry[outline["kind"] == COUNTRY_KIND].values)



# --- areas: properties and periods ------------------------------------------------------------


def _check_areas(frame: gpd.GeoDataFrame, where: str) -> list[Problem]:
    problems: list[Problem] = []
    if frame.empty:
        return problems
    records = frame.drop(columns="geometry").to_dict(orient="records")
    periods: dict[str, list[tuple[np.datetime64, np.datetime64, int]]] = {}
    for n, record in enumerate(records, start=1):
        fid = id_text(record.get("id"))
        if record.get(UNREADABLE):  # the reader has said why (not an object): nothing more to say
            continue
        for message, hint in check(record, "area_properties"):
            problems.append(Problem(where, message, hint, n, fid))
        look_alike = id_problem(fid) if fid is not None else None
        if look_alike:
            problems.append(Problem(where, *look_alike, n, fid))
            continue
        start, end, bad = _period(record)
        for message, hint in bad:
            if message:
                problems.append(Problem(where, message, hint, n, fid))
        if fid is None or bad:
            continue
        for other_start, other_end, m in periods.get(fid, []):
            if start < other_end and other_start < end:
                undated = is_missing(record.get("valid_from")) and is_missing(record.get("valid_to"))
                message = (f"duplicate id {fid!r} (also feature {m})" if undated else
                           f"id {fid!r} is also feature {m}, and their dates overlap")
                problems.append(Problem(where, message, "ids are unique, or each period of one id has its own "
                                        "valid_from/valid_to that do not overlap", n, fid))
                break
        periods.setdefault(fid, []).append((start, end, n))
    known = set(periods)
    for n, record in enumerate(records, start=1):
        parent = id_text(record.get("part_of")) if not record.get(UNREADABLE) else None
        if parent is not None and parent not in known:
            fid = id_text(record.get("id"))
            problems.append(Problem(where, f"part_of names unknown area {short(parent)}",
                                    f"known ids: {', '.join(sorted(known))[:200]}", n, fid))
    return problems


def _period(record: dict) -> tuple[np.datetime64, np.datetime64, list[tuple[str, str]]]:
    bad = []
    start, end = OPEN_START, OPEN_END
    for key in ("valid_from", "valid_to"):
        value = record.get(key)
        if is_missing(value):
            continue
        day = parse_date(value) if isinstance(value, str) else None
        if day is None:  # the schema check has said what is wrong with it: only skip the period checks
            bad.append(("", ""))
            continue
        if key == "valid_from":
            start = np.datetime64(day, "D")
        else:
            end = np.datetime64(day, "D")
    if not bad and start >= end:
        bad.append((f"valid_to {record.get('valid_to')!r} is not after valid_from {record.get('valid_from')!r}",
                    "valid_to is the first day the shape no longer holds"))
    return start, end, bad


def _fill_contract(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Optional contract properties become empty text (or an empty list), never missing."""
    frame = frame.drop(columns=[UNREADABLE], errors="ignore").copy()
    for key in CONTRACT:
        if key not in frame.columns:
            frame[key] = [[] for _ in range(len(frame))] if key == "governorates" else ""
    frame["id"] = [id_text(v) for v in frame["id"]]
    frame["part_of"] = [id_text(v) or "" for v in frame["part_of"]]
    frame["governorates"] = [_names_list(g) for g in frame["governorates"]]
    for key in TEXT_FIELDS:
        frame[key] = ["" if is_missing(v) else str(v).strip() for v in frame[key]]
    frame["start"] = _days(frame["valid_from"], OPEN_START)
    frame["end"] = _days(frame["valid_to"], OPEN_END)
    order = [*CONTRACT, "start", "end", "geometry"]
    return frame[order].reset_index(drop=True)  # file order: areas take the palette in this order


def _names_list(value: Any) -> list[str]:
    """Governorate names from a JSON list, or from text (a GeoPackage or shapefile cannot hold lists)."""
    if isinstance(value, (list, tuple, np.ndarray)):
        return [str(v) for v in value]
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return []


# --- helpers -------------------------------------------------------------------------------------


def _optional(path: str | Path | None, default: Path, accept: str, fields: tuple[str, ...]) -> gpd.GeoDataFrame:
    if path is None and not default.exists():
        frame = gpd.GeoDataFrame({f: np.array([], dtype=object) for f in fields}, geometry=[], crs="EPSG:4326")
        return frame
    path = Path(path) if path else default
    frame, problems = read_layer(path, str(path), accept, fields)
    raise_problems(problems)
    return _text_columns(frame, [f for f in fields if f not in ("label_lon", "label_lat")], fields)


def _text_columns(frame: gpd.GeoDataFrame, text: Any, every: Any = None) -> gpd.GeoDataFrame:
    frame = frame.copy()
    for key in every or text:
        if key not in frame.columns:
            frame[key] = ""
    for key in text:
        frame[key] = ["" if is_missing(v) else (id_text(v) if key == "id" else str(v)) for v in frame[key]]
    return frame.reset_index(drop=True)


def _days(values: Any, default: np.datetime64) -> np.ndarray:
    out = np.full(len(values), default, dtype="datetime64[D]")
    for i, value in enumerate(values):
        day = parse_date(value) if isinstance(value, (str, date)) else None
        if day is not None:
            out[i] = np.datetime64(day, "D")
    return out
