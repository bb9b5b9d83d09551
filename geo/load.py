"""Load and validate the layers: de-escalation areas, the national outline, governorates.

Every problem found in a file is collected and raised together as one :class:`DataError`,
each problem naming the file, the feature and what is wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd

from . import data
from .errors import DataError, Problem
from .read import id_text, is_id, is_missing, read_layer, short

__all__ = [
    "AREA_KIND",
    "ZONE_KIND",
    "CONTRACT",
    "load_areas",
    "load_outline",
    "load_governorates",
    "read_layer",
]

AREA_KIND = "de-escalation area"
ZONE_KIND = "security zone"
KINDS = (AREA_KIND, ZONE_KIND)
CONFIDENCES = ("high", "medium", "low")
CONTRACT = ("id", "kind", "name", "name_ar", "governorates", "source", "method", "confidence", "note")
REQUIRED = ("id", "kind", "name")
NAME_FIELDS = ("name", "ADM1_EN", "shapeName", "NAME_1", "admin1Name", "NAME")


def load_areas(path: str | Path | None = None, label: str | None = None) -> gpd.GeoDataFrame:
    """The de-escalation areas and the security zone, validated (bundled file by default).

    ``label`` names the file in messages instead of ``path`` (e.g. an upload's own name).
    """
    path = Path(path) if path else data.AREAS
    where = label or str(path)
    gdf, problems = read_layer(path, where)
    problems += _check_area_properties(gdf, where)
    if problems:
        raise DataError(sorted(problems, key=lambda p: p.feature or 0))  # in file order; stable within a feature
    return _fill_contract(gdf)


def load_outline(path: str | Path | None = None) -> gpd.GeoDataFrame:
    """The national outline of Syria and the occupied Golan (bundled)."""
    path = Path(path) if path else data.OUTLINE
    gdf, problems = read_layer(path)
    if problems:
        raise DataError(problems)
    return gdf


def load_governorates(path: str | Path | None = None, label: str | None = None) -> gpd.GeoDataFrame:
    """Governorates with a ``name`` column (bundled, or any file GDAL reads, e.g. OCHA COD-AB)."""
    path = Path(path) if path else data.GOVERNORATES
    where = label or str(path)
    gdf, problems = read_layer(path, where)
    if not problems:
        field = next((f for f in NAME_FIELDS if f in gdf.columns), None)
        if field is None:
            found = ", ".join(c for c in gdf.columns if c != "geometry") or "none"
            problems.append(
                Problem(where, f"no governorate name column (found: {found})",
                        f"expected one of {', '.join(NAME_FIELDS)}")
            )
        elif field != "name":
            gdf = gdf.rename(columns={field: "name"})
    if problems:
        raise DataError(problems)
    gdf["name"] = ["" if is_missing(v) else str(v) for v in gdf["name"]]
    return gdf


# --- properties ----------------------------------------------------------------------------

TEXT_FIELDS = ("kind", "name", "name_ar", "source", "method", "confidence", "note")


def _check_area_properties(gdf: gpd.GeoDataFrame, where: str) -> list[Problem]:
    problems: list[Problem] = []
    if gdf.empty:
        return problems
    seen: dict[str, int] = {}
    for n, (_, row) in enumerate(gdf.iterrows(), start=1):
        raw_id = row.get("id")
        fid = id_text(raw_id)

        def bad(message: str, hint: str = "", fid: str | None = fid, n: int = n) -> None:
            problems.append(Problem(where, message, hint, n, fid))

        missing = [k for k in REQUIRED if k not in gdf.columns or is_missing(row.get(k))]
        if missing:
            bad(f"missing required properties: {', '.join(missing)}", f"every feature needs {', '.join(REQUIRED)}")
        if not is_missing(raw_id) and not is_id(raw_id):
            bad(f"id is {short(raw_id)}", "an id is a short text such as \"idlib\" (or a whole number)")
        elif fid is not None:
            if fid in seen:
                bad(f"duplicate id {fid!r} (also feature {seen[fid]})", "ids must be unique")
            seen.setdefault(fid, n)
        for key in TEXT_FIELDS:
            value = row.get(key)
            if not is_missing(value) and not isinstance(value, (str, int, float)) or isinstance(value, bool):
                bad(f"{key} is {short(value)}", "expected text")
        kind = row.get("kind")
        if isinstance(kind, str) and kind not in KINDS:
            bad(f"kind is {short(kind)}", f"expected one of {', '.join(map(repr, KINDS))}")
        conf = row.get("confidence")
        if isinstance(conf, str) and conf.strip() and conf not in CONFIDENCES:
            bad(f"confidence is {short(conf)}", f"expected one of {', '.join(CONFIDENCES)}")
        govs = row.get("governorates")
        if not is_missing(govs) and not isinstance(govs, str) and not (
                isinstance(govs, list) and all(isinstance(g, str) for g in govs)):
            bad(f"governorates is {short(govs)}", "a list of governorate names, e.g. [\"Idlib\", \"Hama\"]")
    return problems


def _fill_contract(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Give optional contract properties an explicit 'not given' rather than leaving them out."""
    gdf = gdf.copy()
    for key in CONTRACT:
        if key not in gdf.columns:
            gdf[key] = [[] for _ in range(len(gdf))] if key == "governorates" else "not given"
    gdf["id"] = [id_text(v) for v in gdf["id"]]
    gdf["governorates"] = [_names_list(g) for g in gdf["governorates"]]
    for key in ("kind", "name"):
        gdf[key] = [str(v) for v in gdf[key]]
    for key in ("name_ar", "source", "method", "confidence", "note"):
        gdf[key] = ["not given" if is_missing(v) else str(v) for v in gdf[key]]
    return gdf.reset_index(drop=True)


def _names_list(value: Any) -> list[str]:
    """Governorate names from a JSON list, or from text (a GeoPackage or shapefile cannot hold lists)."""
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return []


