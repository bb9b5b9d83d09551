"""Organised violence in and around the areas, before and after each agreement: read events, count them.

The package's modules are its stages, each importing only the ones above it in this list:

``values``, ``dates``, ``columns``
    Numbers and dates from a column (dates in three forms: ``2017-05-04``, ``2017-05-04 00:00:00``, ACLED's
    ``04 May 2017``); a UCDP GED or ACLED file recognised by its columns (:func:`event_columns`).
``read``
    The bundled events (``zones/events.parquet``: UCDP GED, Syria release 652.1601.1911) or a user's CSV or
    Parquet file. CSVs stream through in blocks of :data:`BLOCK_BYTES` and Parquet files by batches, so memory
    stays bounded however many events there are. A file that cannot be used raises
    :class:`~geo.base.errors.InputError` with one line naming the file, the line or row, the column and the problem.
    A row whose date cannot be read is not guessed at: it is left out and counted (with the first such value
    quoted).
``keep``
    Events left out, each counted once under the first reason that applies, in this order: ``bad date``,
    ``missing coordinates`` (empty, not a number, or off the globe), ``precision`` (see
    :data:`DEFAULT_PRECISION`), ``outside date range``, ``outside Syria``.
``shapes``
    Each kept event is placed by its ``date_start`` (ACLED: ``event_date``) and coordinates into an **area**
    as the area stood on the event's date (before an area's first ``valid_from``, its first shape; after its
    last period ended or in a gap, the latest shape that began before it: "before the memorandum" and "after
    the fall" compare the same place as the area itself, not an empty map); its **ring**, ``<id>_ring``, the
    band up to ``ring_km`` km outside the area's edge, minus every area, inside Syria (the neighbourhood, as a
    comparison); or ``rest_of_syria``, in no area and no ring (the national baseline). Areas of kinds other
    than those counted (by default only the schema's areas: the security zones overlap them) are ignored.
    Rings of two areas may overlap; an event there counts for both rings. Many points are placed with the
    grid of :mod:`geo.model.grid`.
``periods``
    :class:`EventCounts` by month and by period; the key dates (:func:`default_key_dates`) are each area's own
    dates and the agreements' dates *given by the caller*: this package keeps no list of agreements, so the
    dates and their names always come from the atlas (``zones/agreements.json``, or a user's agreements file).
``tally``
    Daily sums per zone, added block by block and, for the dask engine's partitions, part by part.
``count``
    :func:`count_events`, :func:`summarise`, :func:`event_points`: the stages in order.

The names below are what callers use: ``from geo import events``; ``events.count_events(...)``.
"""

from __future__ import annotations

from geo.base.errors import InputError

from .columns import EventColumns, event_columns
from .count import CAVEAT, EventSummary, count_events, event_points, summarise
from .dates import EARLIEST, LATEST, DateLike
from .keep import DEFAULT_PRECISION, REASONS, WHY
from .periods import FEW_STATES, Agreements, EventCounts, KeyDates, default_key_dates
from .read import BLOCK_BYTES, MAX_BYTES, PARQUET_ROWS, Source, bundled_citation, bundled_events
from .shapes import COUNTED_KINDS, REST, RING
from .values import MAX_DEATHS

__all__ = [
    "BLOCK_BYTES",
    "CAVEAT",
    "COUNTED_KINDS",
    "DEFAULT_PRECISION",
    "EARLIEST",
    "FEW_STATES",
    "LATEST",
    "MAX_BYTES",
    "MAX_DEATHS",
    "PARQUET_ROWS",
    "REASONS",
    "REST",
    "RING",
    "WHY",
    "Agreements",
    "DateLike",
    "EventColumns",
    "EventCounts",
    "EventSummary",
    "InputError",
    "KeyDates",
    "Source",
    "bundled_citation",
    "bundled_events",
    "count_events",
    "default_key_dates",
    "event_columns",
    "event_points",
    "summarise",
]
