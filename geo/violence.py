"""Violence in and around one area before and after each agreement, as the page shows it: a monthly series and
a table of rates per 30 days for the area, its ring and the rest of Syria (from :mod:`geo.events`)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .events import CAVEAT, REST

__all__ = ["Violence", "violence"]


@dataclass(frozen=True, eq=False)
class Violence:
    """The monthly deaths of an area, its ring and the rest of Syria; the rates per period; the key dates."""

    monthly: pd.DataFrame  # month (first day), series (area | ring | rest of Syria), deaths, low, high, per_30
    periods: pd.DataFrame  # period, from, to, and deaths per 30 days and events for the area, ring, rest
    key_dates: tuple[tuple[str, str], ...]  # (YYYY-MM-DD, label)
    caveat: str = CAVEAT
    notes: tuple[str, ...] = ()


def violence(atlas, area_id: str) -> Violence | None:
    """The series for ``area_id`` (None when it is not an area the events are counted for)."""
    counts = atlas.event_counts
    if area_id not in counts.area_ids:
        return None
    names = {area_id: atlas.names.get(area_id, area_id), f"{area_id}_ring": "10 km ring", REST: "rest of Syria"}
    monthly = counts.by_month([area_id])
    monthly = monthly.assign(series=monthly["zone_id"].map(names), month=pd.to_datetime(monthly["month"] + "-01"))
    periods = counts.by_period(atlas.event_key_dates, [area_id])
    wide = periods.pivot_table(index=["period", "period_start", "period_end"], columns="zone_id",
                               values=["deaths_per_30_days", "events"], sort=False)
    table = pd.DataFrame({
        "period": [p for p, _, _ in wide.index],
        "from": [str(s) for _, s, _ in wide.index],
        "to": [str(e) for _, _, e in wide.index],
        names[area_id]: wide[("deaths_per_30_days", area_id)].round(1).to_numpy(),
        "ring": wide[("deaths_per_30_days", f"{area_id}_ring")].round(1).to_numpy(),
        "rest of Syria": wide[("deaths_per_30_days", REST)].round(1).to_numpy(),
        "events in the area": wide[("events", area_id)].astype(int).to_numpy(),
    })
    dates = tuple((d.isoformat(), label.replace(area_id, names[area_id]))
                  for d, label in atlas.event_key_dates.get(area_id, []))
    table["period"] = [p.replace(area_id, names[area_id]) for p in table["period"]]
    return Violence(monthly, table, dates, notes=tuple(counts.lines()))
