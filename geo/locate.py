"""``zonemap locate``: the area and governorate of every row of a CSV, or of a named place."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import numpy as np

from .errors import InputError
from .files import atomic_write

__all__ = ["locate_csv", "locate_table", "place_report", "locator"]

LAT_NAMES = ("lat", "latitude")
LON_NAMES = ("lon", "longitude", "lng")
ADDED = ("zone_id", "zone_name", "governorate")


def locator(zones: str | None = None, governorates: str | None = None):
    """A :class:`~geo.analysis.Locator` over the chosen (or bundled) layers."""
    from .analysis import Locator
    from .load import load_areas, load_governorates

    return Locator.build(load_areas(zones), load_governorates(governorates))


def locate_csv(src: Path, dst: Path | None, zones: str | None = None, governorates: str | None = None,
               force: bool = False) -> bytes | None:
    """Read ``src``, add the three columns, write ``dst`` atomically (or return the CSV bytes)."""
    import pyarrow.csv as pacsv

    if dst is not None and dst.exists() and not force:
        raise InputError(f"{dst}: already exists — use --force to overwrite it")
    table = _read_csv(src)
    out = locate_table(table, locator(zones, governorates), str(src))
    if dst is None:
        buf = io.BytesIO()
        pacsv.write_csv(out, buf)
        return buf.getvalue()
    atomic_write(dst, lambda tmp: pacsv.write_csv(out, str(tmp)), force=force)
    return None


def locate_table(table, loc, where: str = "input"):
    """Append ``zone_id``, ``zone_name``, ``governorate`` to a pyarrow table of strings."""
    import pyarrow as pa

    lat_col, lon_col = _coordinate_columns(table.column_names, where)
    lat = _numbers(table.column(lat_col))
    lon = _numbers(table.column(lon_col))
    bad = ~(np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    if bad.any():
        lat[bad] = np.nan
        lon[bad] = np.nan
        warnings.warn(f"{where}: {int(bad.sum())} of {len(lat)} rows have missing or bad coordinates; "
                      "they are kept with an empty zone", stacklevel=2)
    labels = loc.labels(lon, lat)
    for name in ADDED:
        if name in table.column_names:
            table = table.drop_columns([name])
        table = table.append_column(name, pa.array(labels[name].to_numpy(), type=pa.string()))
    return table


def place_report(name: str, zones: str | None = None, governorates: str | None = None) -> str:
    """A few lines: the place found, its coordinates, its area and governorate."""
    from .gazetteer import lookup

    match = lookup(name)
    place = match.place
    labels = locator(zones, governorates).labels(np.array([place.lon]), np.array([place.lat])).iloc[0]
    found = "" if match.exact else f" (closest spelling to {name!r})"
    return "\n".join([
        f"place: {place.name}{found}",
        f"lat, lon: {place.lat:.4f}, {place.lon:.4f} ({place.source})",
        f"area: {labels['zone_name'] + ' (' + labels['zone_id'] + ')' if labels['zone_id'] else 'none'}",
        f"governorate: {labels['governorate'] or 'outside Syria'}",
    ])


def _read_csv(src: Path):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if not src.exists():
        raise InputError(f"{src}: file not found")
    if src.is_dir():
        raise InputError(f"{src}: is a folder, not a CSV file")
    with open(src, "rb") as fh:
        header = fh.readline().decode("utf-8-sig", errors="replace")
    if not header.strip():
        raise InputError(f"{src}: file is empty — expected a header row with lat and lon columns")
    import csv

    names = next(csv.reader([header]))
    try:
        return pacsv.read_csv(
            src,
            read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 24),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        first = str(exc).splitlines()[0]
        raise InputError(f"{src}: not a readable CSV: {first}") from None


def _coordinate_columns(columns: list[str], where: str) -> tuple[str, str]:
    lower = {c.strip().lower(): c for c in columns}
    lat = next((lower[n] for n in LAT_NAMES if n in lower), None)
    lon = next((lower[n] for n in LON_NAMES if n in lower), None)
    if lat is None or lon is None:
        raise InputError(f"{where}: no lat/lon columns (found: {', '.join(columns) or 'none'}) — "
                         "name them lat and lon, or latitude and longitude")
    return lat, lon


def _numbers(column) -> np.ndarray:
    import pyarrow.compute as pc

    text = pc.utf8_trim_whitespace(column)
    try:
        return pc.cast(text, "float64").to_numpy(zero_copy_only=False).copy()
    except Exception:
        import pandas as pd

        return np.array(pd.to_numeric(text.to_pandas(), errors="coerce"), dtype="float64")
