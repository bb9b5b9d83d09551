"""Violence in and around one area, drawn and tabulated: a chart of deaths per month, and the before/after rates.

- :func:`deaths_chart` — deaths per month in an area (best estimate, the low–high range as a band) and, as
  thinner lines, in its ring on the same scale; the rest of Syria in a panel of its own below, sharing the
  time axis but with its own scale (it is ten times larger, and on the area's scale it would flatten the
  area's line; on a second axis over the same panel two scales would invite a false comparison of heights).
  Each key date (the agreements, the area's redrawings, its end) is a labelled vertical line across both
  panels, and the caveat stands in small text under the chart. PNG or SVG (text kept as text), as bytes.
- :func:`rates_table` — one row per period between key dates: events and deaths per 30 days in the area,
  its ring and the rest of Syria, side by side, for the page's before/after table.

Only matplotlib's Agg canvas and its SVG backend are used; pyplot is never imported (no global state).
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Mapping, Sequence
from datetime import date

import numpy as np
import pandas as pd

from geo.base.errors import InputError
from geo.base.text import one_line
from geo.model.events import REST, RING, KeyDates

__all__ = ["deaths_chart", "rates_table", "AREA_COLOUR", "RING_COLOUR", "REST_COLOUR"]

AREA_COLOUR = "#b2182b"
RING_COLOUR = "#2166ac"
REST_COLOUR = "#4d4d4d"
LINE_COLOUR = "#555555"
FORMATS = ("png", "svg")


def deaths_chart(counts_by_month: pd.DataFrame, area_name: str, key_dates: Sequence[tuple[date | str, str]],
                 caveat: str, fmt: str = "png", width: int = 1000, height: int = 600, *,
                 area_id: str | None = None, precision: int | None = 2, ring_km: float | None = None) -> bytes:
    """The chart of deaths per month in one area, its ring and the rest of Syria, as PNG or SVG bytes.

    ``counts_by_month``: :meth:`geo.model.events.EventCounts.by_month` for one area (``zones=[area_id]``): the
    area's rows, its ring's and ``rest_of_syria``'s. ``area_id`` picks the area when the table holds several.
    ``key_dates``: (date, label) pairs drawn as labelled vertical lines — the area's entry of
    :func:`geo.model.events.default_key_dates` (its agreements and its end); dates outside the months shown are
    left out; the area's own labels ("<area_id> ends") name it ("area ends" when the name is long).
    ``caveat``: printed, wrapped, under the chart. ``precision``: the where_prec cut the counts used, named in the title (None: every event);
    ``ring_km``: the rings' width, named in the legend (:attr:`geo.model.events.EventCounts.ring_km`).
    A PNG is exactly ``width`` × ``height`` pixels.
    """
    if fmt not in FORMATS:
        raise InputError(f"chart format is {fmt!r} — expected png or svg")
    if not (200 <= int(width) <= 6000 and 150 <= int(height) <= 6000):
        raise InputError(f"chart size {width}×{height} — expected 200 to 6000 pixels wide, 150 to 6000 high")
    area = _area_of(counts_by_month, area_id)
    series = {zone: _monthly(counts_by_month, zone) for zone in (area, area + RING, REST)}
    months = series[area]["month"]
    if len(months) == 0:
        raise InputError(f"no months to draw for {area!r}")
    edges = _month_edges(months)
    name = one_line(area_name)
    cut = "every event" if precision is None else f"where_prec ≤ {precision}"
    title = f"Deaths per month in {name} (UCDP GED, {cut})"

    from .static.layout import RC, figure, matplotlib, metadata

    mpl = matplotlib()
    dpi = 100.0
    fig_w, fig_h = (width + 0.25) / dpi, (height + 0.25) / dpi
    size = float(np.clip(9.0 * width / 1000, 6.5, 12.0))  # points
    small = max(size * 0.78, 5.5)
    with mpl.rc_context({**RC, "font.size": size, "axes.titlesize": size * 1.2, "axes.labelsize": size,
                         "xtick.labelsize": small, "ytick.labelsize": small, "legend.fontsize": small}):
        fig = figure(fig_w, fig_h, dpi)
        left_in, right_in = size * 5.2 / 72, size * 1.2 / 72
        note = (_caveat_lines(caveat, fig_w - left_in - 0.1, small * 0.95)
                + _partial_note(series[area], fig_w - left_in - 0.1, small * 0.95))
        caveat_in = (len(note) * small * 0.95 * 1.3 + 6) / 72
        title_in = size * 1.2 * 1.9 / 72
        labels = [f"{name}: low–high estimate", f"{name}: best estimate",
                  (f"ring up to {ring_km:g} km outside it" if ring_km else "its ring") + " (best)",
                  "rest of Syria (best; own scale)"]
        per_row = _legend_columns(labels, fig_w - left_in, small)
        legend_in = small * (1.0 + 1.35 * -(-len(labels) // per_row)) / 72  # rows of legend under the title
        bottom_in = caveat_in + small * 2.6 / 72  # under the lower panel: its date labels, then the caveat
        plot_h = fig_h - title_in - legend_in - bottom_in
        if plot_h < 1.0:
            raise InputError(f"chart size {width}×{height} is too small for the chart and its caveat — "
                             "make it taller")
        upper_h, gap = plot_h * 0.68, plot_h * 0.06
        lower_h = plot_h - upper_h - gap
        axes_w = fig_w - left_in - right_in

        def rect(y: float, h: float) -> list[float]:
            return [left_in / fig_w, y / fig_h, axes_w / fig_w, h / fig_h]

        upper = fig.add_axes(rect(bottom_in + lower_h + gap, upper_h))
        lower = fig.add_axes(rect(bottom_in, lower_h), sharex=upper)
        x = _date_numbers(edges)

        a, r, rest = series[area], series[area + RING], series[REST]
        upper.stairs(a["deaths_high"], x, baseline=a["deaths_low"], fill=True, color=AREA_COLOUR, alpha=0.22,
                     linewidth=0, label=labels[0])
        upper.stairs(a["deaths_best"], x, color=AREA_COLOUR, linewidth=2.0, baseline=None, label=labels[1])
        upper.stairs(r["deaths_best"], x, color=RING_COLOUR, linewidth=1.0, baseline=None, label=labels[2])
        lower.stairs(rest["deaths_best"], x, color=REST_COLOUR, linewidth=1.0, baseline=None, label=labels[3])
        top = max(float(np.max(a["deaths_high"], initial=0)), float(np.max(r["deaths_best"], initial=0)), 1.0)
        upper.set_ylim(0, top * 1.08)
        lower.set_ylim(0, max(float(np.max(rest["deaths_best"], initial=0)), 1.0) * 1.12)
        upper.set_xlim(x[0], x[-1])
        upper.set_ylabel("deaths per month")
        lower.set_ylabel("rest of Syria", fontsize=small)
        for ax in (upper, lower):
            ax.grid(axis="y", color="#dddddd", linewidth=0.6)
            ax.set_axisbelow(True)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)
        upper.tick_params(labelbottom=False)
        _date_axis(lower)
        handles = [h for ax in (upper, lower) for h in ax.get_legend_handles_labels()[0]]
        fig.legend(handles=handles, loc="upper left", ncols=per_row, frameon=False, borderaxespad=0,
                   handlelength=1.6, columnspacing=1.2,
                   bbox_to_anchor=(left_in / fig_w, 1 - title_in / fig_h))

        for day, label in _shown_dates(key_dates, edges, area, name):
            at = _date_numbers([day])[0]
            for ax in (upper, lower):
                ax.axvline(at, color=LINE_COLOUR, linewidth=0.9, linestyle=(0, (4, 2)), zorder=3)
            upper.annotate(one_line(label), xy=(at, 0.98), xycoords=("data", "axes fraction"), xytext=(-2, 0),
                           textcoords="offset points", rotation=90, ha="right", va="top", fontsize=small,
                           color="#222222", zorder=4,
                           bbox={"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none",
                                 "alpha": 0.75})

        fig.text(left_in / fig_w, 1 - (size * 0.5 / 72) / fig_h, title, ha="left", va="top",
                 fontsize=size * 1.2, fontweight="bold")
        fig.text(left_in / fig_w, (caveat_in - 3 / 72) / fig_h, "\n".join(note), ha="left", va="top",
                 fontsize=small * 0.95, color="#444444", linespacing=1.3)

        out = io.BytesIO()
        fig.savefig(out, format=fmt, dpi=dpi, facecolor="white", metadata=metadata(fmt, title))
    return out.getvalue()


def rates_table(counts, area_id: str, key_dates: KeyDates | None) -> pd.DataFrame:
    """One row per period between key dates: the area, its ring and the rest of Syria side by side.

    ``counts``: :class:`geo.model.events.EventCounts`; ``key_dates``: as :meth:`~geo.model.events.EventCounts.by_period`
    takes them (the mapping of :func:`geo.model.events.default_key_dates`, or one list). The rest of Syria is cut
    at the same dates as the area. Columns: ``period``, ``period_start``, ``period_end`` (the first day
    after it), ``days``; then for ``area``, ``ring`` and ``rest``: ``<x>_events``, ``<x>_deaths_best``,
    ``<x>_per_30_days`` (deaths, best estimate, per 30 days); and ``area_deaths_low``, ``area_deaths_high``.
    """
    table = counts.by_period(key_dates, zones=[area_id])
    parts = {"area": area_id, "ring": area_id + RING, "rest": REST}
    base = table[table["zone_id"] == area_id].reset_index(drop=True)
    out = pd.DataFrame({"period": base["period"], "period_start": base["period_start"],
                        "period_end": base["period_end"]})
    out["days"] = (pd.to_datetime(out["period_end"]) - pd.to_datetime(out["period_start"])).dt.days
    for prefix, zone in parts.items():
        rows = table[table["zone_id"] == zone].reset_index(drop=True)
        if list(rows["period"]) != list(out["period"]):  # by_period gives one area's periods to all three
            raise InputError(f"the periods of {zone} differ from those of {area_id}")
        out[f"{prefix}_events"] = rows["events"]
        out[f"{prefix}_deaths_best"] = rows["deaths_best"]
        if prefix == "area":
            out["area_deaths_low"] = rows["deaths_low"]
            out["area_deaths_high"] = rows["deaths_high"]
        out[f"{prefix}_per_30_days"] = rows["deaths_per_30_days"]
    return out


# --- helpers -------------------------------------------------------------------------------------------------


def _area_of(table: pd.DataFrame, area_id: str | None) -> str:
    missing = {"zone_id", "month", "deaths_best", "deaths_low", "deaths_high"} - set(table.columns)
    if missing:
        raise InputError(f"counts by month: no {', '.join(sorted(missing))} column — expected "
                         "EventCounts.by_month()")
    zones = list(dict.fromkeys(table["zone_id"]))
    areas = [z for z in zones if z != REST and not z.endswith(RING)]
    if area_id is not None:
        if area_id not in areas:
            raise InputError(f"no area {area_id!r} in the counts — they hold {', '.join(areas) or 'none'}")
        chosen = area_id
    elif len(areas) == 1:
        chosen = areas[0]
    else:
        raise InputError(f"the counts hold {len(areas)} areas ({', '.join(areas)}) — give area_id, or count "
                         "with zones=[the area]")
    for zone in (chosen + RING, REST):
        if zone not in zones:
            raise InputError(f"counts by month: no rows for {zone}")
    return chosen


def _monthly(table: pd.DataFrame, zone: str) -> dict[str, np.ndarray]:
    rows = table[table["zone_id"] == zone].sort_values("month")
    out = {c: rows[c].to_numpy(dtype=float) for c in ("deaths_best", "deaths_low", "deaths_high")}
    out["month"] = rows["month"].astype(str).to_numpy()
    if "deaths_per_30_days" in rows.columns:
        out["per_30"] = rows["deaths_per_30_days"].to_numpy(dtype=float)
    return out


def _month_edges(months: np.ndarray) -> list[date]:
    """Each month's first day, and the first day after the last month."""
    firsts = [date.fromisoformat(f"{m}-01") for m in months]
    return [*firsts, _next_month(firsts[-1])]


def _next_month(day: date) -> date:
    """The first day of the month after ``day``'s."""
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _date_numbers(days: Sequence[date]) -> np.ndarray:
    from matplotlib.dates import date2num

    return np.asarray(date2num(list(days)), dtype=float)


def _date_axis(ax) -> None:
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))


def _shown_dates(key_dates, edges: list[date], area: str, name: str) -> list[tuple[date, str]]:
    """The key dates within the months shown, several labels on one day joined, the area's id as its name."""
    if isinstance(key_dates, Mapping):
        key_dates = key_dates.get(area, ())
    merged: dict[date, list[str]] = {}
    for day, label in key_dates:
        day = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
        if hasattr(day, "date") and callable(day.date):  # a datetime or Timestamp
            day = day.date()
        text = str(label)
        if text.startswith(area + " "):  # "<id> ends", "<id> redrawn <date>": the area's name, or "area" if long
            text = (name if len(name) <= 24 else "area") + text[len(area):]
        if edges[0] < day < edges[-1] and text not in merged.setdefault(day, []):
            merged[day].append(text)
    return [(d, " / ".join(labels)) for d, labels in sorted(merged.items()) if labels]


def _caveat_lines(caveat: str, width_in: float, points: float) -> list[str]:
    return textwrap.wrap(one_line(caveat), _chars(width_in, points)) if caveat else []


def _legend_columns(labels: list[str], width_in: float, points: float) -> int:
    """How many legend entries fit side by side in ``width_in`` inches (4, 2 or 1)."""
    def width(group: list[str]) -> float:  # text, and a handle and a gap of about 3 em per entry
        return sum(len(t) * 0.6 * points + 3 * points for t in group) / 72

    for n in (4, 2):
        if all(width(labels[i:i + n]) <= width_in for i in range(0, len(labels), n)):
            return n
    return 1


def _chars(width_in: float, points: float) -> int:
    """Characters of small text that fit ``width_in`` inches (DejaVu Sans: about 0.6 em per character)."""
    return max(int(width_in * 72 / (points * 0.6)), 30)


def _partial_note(series: dict[str, np.ndarray], width_in: float, points: float) -> list[str]:
    """A line naming the months only partly inside the date range (their deaths are those of the part)."""
    if "per_30" not in series:
        return []
    partial = []
    for month, best, per_30 in zip(series["month"], series["deaths_best"], series["per_30"], strict=True):
        first = date.fromisoformat(f"{month}-01")
        days = (_next_month(first) - first).days
        if best > 0 and abs(per_30 - round(best * 30 / days, 2)) > 0.011:
            partial.append(month)
    if not partial:
        return []
    return textwrap.wrap(f"Only part of {', '.join(partial)} lies in the date range: those months show the deaths "
                         "of that part.", _chars(width_in, points))

