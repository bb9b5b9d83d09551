"""Tabular views of the layers, and plain-text/CSV/JSON rendering for the command line."""

from __future__ import annotations

import json

import geopandas as gpd
import pandas as pd

from .analysis import area_km2, governorate_shares

__all__ = ["zones_summary", "provisions_view", "render", "shares_text"]


def zones_summary(areas: gpd.GeoDataFrame, governorates: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per feature: id, kind, names, km², governorates with shares, confidence."""
    shares = governorate_shares(areas, governorates)
    frame = pd.DataFrame(areas.drop(columns="geometry"))
    frame["km2"] = area_km2(areas).round(0).astype(int).values
    frame["governorates"] = [shares_text(shares, i) for i in frame["id"]]
    cols = ["id", "kind", "name", "name_ar", "km2", "governorates", "confidence", "method", "source", "note"]
    return frame[cols].reset_index(drop=True)


def shares_text(shares: pd.DataFrame, area_id: str) -> str:
    """'Idlib 71%; Hama 14%; …' for one area."""
    part = shares[shares["id"] == area_id]
    return "; ".join(f"{g} {s:.0%}" for g, s in zip(part["governorate"], part["share"]))


def provisions_view(provisions: pd.DataFrame) -> pd.DataFrame:
    """Provisions as shown to a reader: number, title, categories, scope, text."""
    frame = provisions[["number", "title", "categories", "scope", "text"]].copy()
    frame["scope"] = [s if isinstance(s, str) else ", ".join(s) for s in frame["scope"]]
    return frame.reset_index(drop=True)


def render(frame: pd.DataFrame, fmt: str) -> str:
    """``table`` (aligned text), ``csv`` or ``json`` (a list of records)."""
    if fmt == "json":
        records = frame.to_dict(orient="records")
        return json.dumps(records, ensure_ascii=False, indent=2, default=_plain)
    flat = frame.copy()
    for col in flat.columns:
        flat[col] = [("; ".join(map(str, v)) if isinstance(v, list) else v) for v in flat[col]]
    if fmt == "csv":
        return flat.to_csv(index=False)
    return _aligned(flat)


def _aligned(frame: pd.DataFrame, width: int = 60) -> str:
    cells = [[str(c) for c in frame.columns]]
    for row in frame.itertuples(index=False):
        cells.append([_clip(str(v), width) for v in row])
    widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
    lines = ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _plain(value):
    if hasattr(value, "item"):
        return value.item()
    return str(value)
