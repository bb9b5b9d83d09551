"""Violence in and around one area before and after each agreement, as the page shows it: the monthly series
for its chart, the table of rates (:func:`geo.chart.rates_table`), and the chart as a file to download."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from .chart import deaths_chart, rates_table
from .events import CAVEAT, REST, RING

__all__ = ["Violence", "violence"]


@dataclass(frozen=True, eq=False)
class Violence:
    """The monthly deaths of an area, its ring and the rest of Syria; the rates per period; the key dates."""

    area_id: str
    name: str
    by_month: pd.DataFrame  # EventCounts.by_month for the area: zone_id, month, events, deaths_*, per 30 days
    periods: pd.DataFrame  # one row per period: from, to, deaths per 30 days in the area, its ring, the rest
    key_dates: tuple[tuple[date, str], ...]  # (day, label)
    ring_km: float
    caveat: str = CAVEAT
    notes: tuple[str, ...] = ()
    atlas: Any = None  # the atlas it was counted on (its names and key dates in another language)

    @property
    def monthly(self) -> pd.DataFrame:
        """The series to chart: month (first day), series name, deaths (best, low, high)."""
        names = {self.area_id: self.name, self.area_id + RING: f"{self.ring_km:g} km ring", REST: "rest of Syria"}
        return self.by_month.assign(series=self.by_month["zone_id"].map(names),
                                    month=pd.to_datetime(self.by_month["month"] + "-01"))

    def chart(self, fmt: str, width: int = 1200, height: int = 700) -> bytes:
        """The chart as PNG or SVG, the same numbers as the page's."""
        return deaths_chart(self.by_month, self.name, list(self.key_dates), self.caveat, fmt=fmt, width=width,
                            height=height, area_id=self.area_id, ring_km=self.ring_km)


def violence(atlas, area_id: str) -> Violence | None:
    """The series for ``area_id`` (None when it is not an area the events are counted for)."""
    counts = atlas.event_counts
    if area_id not in counts.area_ids:
        return None
    name = atlas.names.get(area_id, area_id)
    key_dates = atlas.event_key_dates
    rates = rates_table(counts, area_id, key_dates)
    periods = pd.DataFrame({
        "period": rates["period"],
        "from": rates["period_start"].astype(str), "to (first day after)": rates["period_end"].astype(str),
        name: rates["area_per_30_days"].round(1), f"{counts.ring_km:g} km ring": rates["ring_per_30_days"].round(1),
        "rest of Syria": rates["rest_per_30_days"].round(1), "events in the area": rates["area_events"].astype(int),
    })
    return Violence(area_id, name, counts.by_month([area_id]), periods, tuple(key_dates.get(area_id, ())), counts.ring_km,
                    notes=tuple(counts.lines()), atlas=atlas)
