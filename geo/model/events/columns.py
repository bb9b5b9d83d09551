"""Which columns of an events file are used, and as what: a UCDP GED or ACLED file recognised by its header."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from geo.base.errors import InputError, one_line


@dataclass(frozen=True)
class EventColumns:
    """Which columns of an events file are used, and as what."""

    form: Literal["UCDP GED", "ACLED"]
    date: str
    latitude: str
    longitude: str
    best: str
    low: str
    high: str
    precision: str | None

    @property
    def used(self) -> list[str]:
        """The file's column names that are read, each once."""
        names = [self.date, self.latitude, self.longitude, self.best, self.low, self.high, self.precision]
        return list(dict.fromkeys(n for n in names if n is not None))

    @property
    def note(self) -> str:
        """One line: the form recognised and the columns used."""
        if self.form == "ACLED":
            deaths = f"{self.best} (deaths: best, low and high alike)"
        elif self.low == self.best and self.high == self.best:
            deaths = f"{self.best} (deaths; no low/high columns: best used for both)"
        else:
            deaths = f"{self.best}, {self.low}, {self.high} (deaths: best, low, high)"
        precision = (f"{self.precision} (location precision)" if self.precision
                     else "no precision column (every event kept whatever the precision cut-off)")
        return one_line(f"{self.form} columns used: {self.date} (date), {self.latitude}, {self.longitude}, "
                        f"{deaths}, {precision}")


def event_columns(names: Sequence[str], where: str = "events") -> EventColumns:
    """Recognise a UCDP GED or ACLED file by its column names (case and spaces around them ignored).

    UCDP GED: ``latitude``, ``longitude``, ``date_start``, ``best`` and, when present, ``low``, ``high``,
    ``where_prec``. ACLED: ``latitude``, ``longitude``, ``event_date``, ``fatalities`` (used as best, low
    and high) and, when present, ``geo_precision``. Raises :class:`InputError` listing what was found.
    """
    lower: dict[str, str] = {}
    for name in names:
        lower.setdefault(name.strip().lower(), name)
    ucdp = ("latitude", "longitude", "date_start", "best")
    acled = ("latitude", "longitude", "event_date", "fatalities")
    if all(k in lower for k in ucdp):
        best = lower["best"]
        return EventColumns("UCDP GED", lower["date_start"], lower["latitude"], lower["longitude"], best,
                            lower.get("low", best), lower.get("high", best), lower.get("where_prec"))
    if all(k in lower for k in acled):
        deaths = lower["fatalities"]
        return EventColumns("ACLED", lower["event_date"], lower["latitude"], lower["longitude"], deaths, deaths,
                            deaths, lower.get("geo_precision"))
    missing_ucdp = [k for k in ucdp if k not in lower]
    missing_acled = [k for k in acled if k not in lower]
    missing = missing_ucdp if len(missing_ucdp) <= len(missing_acled) else missing_acled
    form = "UCDP GED" if missing is missing_ucdp else "ACLED"
    raise InputError(one_line(
        f"{where}: not a UCDP GED or ACLED events file: no {', '.join(missing)} column"
        f"{'s' if len(missing) > 1 else ''} for {form} (found: {_listing(names)}) — UCDP GED needs latitude, "
        "longitude, date_start, best; ACLED needs latitude, longitude, event_date, fatalities"))


def _listing(names: Sequence[str], most: int = 15) -> str:
    shown = [n for n in names if str(n).strip()]
    if not shown:
        return "none"
    text = ", ".join(str(n) for n in shown[:most])
    return text + (f", … ({len(shown)} in all)" if len(shown) > most else "")
