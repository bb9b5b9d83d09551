"""The bench's events part: `zonemap events --by period` on growing files of synthetic UCDP events.

`zonemap events --by period` on 100k, 1M and 10M synthetic UCDP events (bench/events_scale.py's files and
measures): time, peak memory, linear and bounded.

    .venv/bin/python bench/events.py [--quick]   # --quick: 100k and 1M
"""

from __future__ import annotations

import sys

from report import QUICK_NOTE, Report, Row, log, run_parts, s


def part(report: Report, quick: bool, runs: int) -> None:
    import events_scale

    sizes = [100_000, 1_000_000] if quick else [100_000, 1_000_000, 10_000_000]
    log(f"events: zonemap events on {', '.join(f'{n:,}' for n in sizes)} events…")
    start, measured = events_scale.measure(sizes, 1 if quick else min(runs, 3), log=log)
    linear, bounded, why = events_scale.verdict(start, measured)
    top = measured[-1]
    report.add(Row(f"`zonemap events --by period` on {top.events:,} synthetic UCDP events (whole process): time, "
                   "peak memory", f"{s(top.seconds)}, {top.peak_mb:,.0f} MB",
                   target="linear (CPU per event beyond the start-up ≤ 1.5× that at the size before) and "
                          "bounded (peak ≤ 1.5× the size before + 100 MB), up to 10,000,000" + QUICK_NOTE * quick,
                   met=None if quick else linear and bounded))
    report.section("events", [*events_scale.table(start, measured), "", f"- {why}"])


if __name__ == "__main__":
    sys.exit(run_parts({"events": part}, __doc__.splitlines()[0], "events"))
