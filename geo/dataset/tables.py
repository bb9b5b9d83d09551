"""The dataset's tables, built from an :class:`~geo.model.atlas.Atlas` (its layers, whatever layers it has).

Each table has exactly the columns the codebook lists, in its order, with values typed from the codebook
(text, whole numbers, numbers, days, geometries), its rows sorted by the codebook's ``sort`` columns and its
coordinates rounded to :data:`PRECISION` decimals: the same atlas gives the same tables.
"""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.base.crs import area_km2
from geo.base.errors import ZonemapError
from geo.model.analysis import governorate_shares
from geo.model.schema import is_missing, parse_date

from .codebook import Codebook, Table

__all__ = ["PRECISION", "build_tables", "typed"]

PRECISION = 6  # decimals of a coordinate: about 0.1 m; the bundled shapes have 5
KM2_DECIMALS = 3
SHARE_DECIMALS = 6
SEPARATOR = "; "


def build_tables(atlas, book: Codebook) -> dict[str, pd.DataFrame]:
    """Every table the atlas has data for (in the codebook's order), typed and sorted."""
    raw = {"areas": _areas(atlas), "posts": _frame(atlas.posts), "agreements": _agreements(atlas),
           "provisions": _provisions(atlas)}
    raw["shares"] = _shares(atlas, raw["areas"])
    for name in ("captures", "offensives"):  # the dated captures (issue 19): published when the atlas has them
        frame = getattr(atlas, name, None)
        if frame is not None and len(frame):
            raw[name] = pd.DataFrame(frame).reset_index(drop=True)  # their start/end are the offensives' days
    if "captures" in raw:
        points = raw["captures"]
        points["geometry"] = shapely.points(points["lon"].astype(float), points["lat"].astype(float))
    out = {}
    for table in book.tables:
        if table.name in raw:
            out[table.name] = typed(raw.pop(table.name), table)
    if raw:
        raise ZonemapError(f"the codebook (zones/codebook.json) does not describe table {sorted(raw)[0]!r}: "
                           "describe it before it is published")
    return out


def typed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """``frame`` with exactly the table's columns, each typed as the codebook says, rows sorted."""
    have = [c for c in frame.columns if c != "geometry" or table.geometry]
    missing = [c for c in table.names if c not in have]
    extra = [c for c in have if c not in table.names]
    if missing or extra:
        what = f"has no column {missing[0]!r}" if missing else f"has a column {extra[0]!r} it does not describe"
        raise ZonemapError(f"the codebook (zones/codebook.json) for table {table.name!r} {what}: the codebook and "
                           "the data must list the same columns")
    out = pd.DataFrame(index=range(len(frame)))
    for column in table.columns:
        values = list(frame[column.name])
        out[column.name] = _convert(values, column.type)
    out = out.sort_values(list(table.sort), kind="mergesort", na_position="first").reset_index(drop=True)
    if table.geometry:
        geoms = _rounded(out["geometry"].to_numpy(dtype=object), table.geometry)
        out = gpd.GeoDataFrame(out.drop(columns="geometry"), geometry=gpd.GeoSeries(geoms, crs="EPSG:4326"))
        out = out[table.names]
    return out


# --- the tables -------------------------------------------------------------------------------------


def _areas(atlas) -> gpd.GeoDataFrame:
    parts = [_layer(atlas.areas, "held")]
    agreed = getattr(atlas, "agreed", None)
    if agreed is not None and len(agreed):
        parts.append(_layer(agreed, "agreed"))
    frame = pd.concat(parts, ignore_index=True)
    frame["state_id"] = [f"{i}@{_day_text(d)}" for i, d in zip(frame["id"], frame["valid_from"], strict=True)]
    km2 = area_km2(gpd.GeoDataFrame(frame, geometry="geometry", crs=atlas.areas.crs)).to_numpy(dtype=float)
    frame["km2"] = np.round(km2, KM2_DECIMALS)
    shares = _state_shares(frame, atlas)
    by_state = {s: rows for s, rows in shares.groupby("state_id", sort=False)}
    empty = shares.iloc[:0]
    frame["governorates"] = [SEPARATOR.join(by_state.get(s, empty)["governorate"]) for s in frame["state_id"]]
    frame["governorate_pcodes"] = [SEPARATOR.join(by_state.get(s, empty)["pcode"]) for s in frame["state_id"]]
    frame.attrs["shares"] = shares
    return frame.drop(columns=["start", "end"], errors="ignore")


def _layer(frame: gpd.GeoDataFrame, layer: str) -> pd.DataFrame:
    out = pd.DataFrame(frame.drop(columns=["start", "end"], errors="ignore")).copy()
    out["layer"] = layer
    agreement = out.pop("agreement") if "agreement" in out.columns else pd.Series([""] * len(out), index=out.index)
    out["agreement_id"] = agreement if layer == "agreed" else ""
    return out


def _state_shares(frame: pd.DataFrame, atlas) -> pd.DataFrame:
    """Per state: its part in each governorate, largest first, with the governorate's p-code."""
    states = gpd.GeoDataFrame({"id": frame["state_id"]}, geometry=list(frame["geometry"]), crs=atlas.areas.crs)
    shares = governorate_shares(states, atlas.governorates).rename(columns={"id": "state_id"})
    govs = atlas.governorates
    codes = dict(zip(govs["name"], govs["pcode"], strict=True)) if "pcode" in govs.columns else {}
    shares["pcode"] = [codes.get(g, "") for g in shares["governorate"]]
    shares["km2"] = np.round(shares["km2"].to_numpy(dtype=float), KM2_DECIMALS)
    shares["share"] = np.round(shares["share"].to_numpy(dtype=float), SHARE_DECIMALS)
    return shares


def _shares(atlas, areas: pd.DataFrame) -> pd.DataFrame:
    shares = areas.attrs["shares"]
    keys = areas.set_index("state_id")[["id", "layer", "valid_from", "valid_to"]]
    return shares.join(keys, on="state_id")


def _agreements(atlas) -> pd.DataFrame:
    rows = []
    for agreement in atlas.agreements:
        row = {f.name: getattr(agreement, f.name) for f in fields(agreement)}
        rows.append({k: SEPARATOR.join(v) if isinstance(v, tuple) else v for k, v in row.items()})
    return pd.DataFrame(rows)


def _provisions(atlas) -> pd.DataFrame:
    frame = pd.DataFrame(atlas.provisions).reset_index(drop=True)
    for column in ("categories", "scope"):
        frame[column] = [SEPARATOR.join(v) if isinstance(v, list | tuple | np.ndarray) else v for v in frame[column]]
    if "quotes" in frame.columns:  # further quotes (issue 24): a JSON list, one cell
        frame["quotes"] = [json.dumps(list(v), ensure_ascii=False, sort_keys=True) if len(v) else "" for v in frame["quotes"]]
    return frame


def _frame(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(frame.drop(columns=["start", "end"], errors="ignore")).reset_index(drop=True)


# --- values ---------------------------------------------------------------------------------------------


def _convert(values: list, kind: str) -> Any:
    if kind == "string":
        return pd.array([None if _blank(v) else str(v) for v in values], dtype="string")
    if kind == "integer":
        return pd.array([None if _blank(v) else int(v) for v in values], dtype="Int64")
    if kind == "number":
        return pd.array([None if _blank(v) else float(v) for v in values], dtype="Float64")
    if kind == "date":
        return np.array([_day(v) for v in values], dtype=object)
    if kind == "geometry":
        return np.array(values, dtype=object)
    raise ZonemapError(f"the codebook names an unknown column type {kind!r}")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or (not isinstance(value, str)
                                                                              and is_missing(value))


def _day(value: Any) -> date | None:
    if _blank(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, date):
        return value
    day = parse_date(str(value))
    if day is None:
        raise ZonemapError(f"{str(value)[:40]!r} is not a date (YYYY-MM-DD)")
    return day


def _day_text(value: Any) -> str:
    day = _day(value)
    return day.isoformat() if day else "start"


def _rounded(geoms: np.ndarray, kind: str) -> np.ndarray:
    """Coordinates rounded to :data:`PRECISION` decimals, polygons as MultiPolygons (one geometry type a layer)."""
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, PRECISION))
    if kind == "MultiPolygon":
        geoms = np.array([g if g.geom_type == "MultiPolygon" else shapely.MultiPolygon([g]) for g in geoms],
                         dtype=object)
    return geoms
