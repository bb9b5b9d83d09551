"""The bench's export part: one PNG, `zonemap export` against folium + headless Chromium.

A PNG of 1600×1200, the whole process, against folium + Chromium waiting only for the drawn paths (the fair
baseline) and with folium's fixed 3 s wait (the usual recipe); the recipes are bench/export_vs_folium.py's.

    .venv/bin/python bench/export.py [--quick]
"""

from __future__ import annotations

import sys

from report import Report, Row, log, median, run_parts, s, spread


def part(report: Report, quick: bool, runs: int) -> None:
    import export_vs_folium as ev

    log("export: one PNG, zonemap vs folium + Chromium…")
    times = ev.measure(1 if quick else runs)
    ours, fair, usual = (median(times[k]) for k in (ev.OURS, ev.OPTIMISTIC, ev.USUAL))
    report.add(
        Row(f"`zonemap export` PNG {ev.WIDTH}×{ev.HEIGHT} (whole process) vs folium + headless Chromium, waiting "
            "only for the drawn paths (fair baseline)", s(ours), s(fair), f"{fair / ours:.2f}× faster",
            "— (reported)", None),
        Row("same PNG vs the usual recipe: folium + Chromium with folium's fixed 3 s wait (`Map._to_png`)", s(ours),
            s(usual), f"{usual / ours:.2f}× faster", f"≥ {ev.TARGET}× faster", usual / ours >= ev.TARGET))
    report.section("export", [f"- {name}: median {s(median(v))}, {spread(v)} over {len(v)} runs" for name, v in
                              times.items()])


if __name__ == "__main__":
    sys.exit(run_parts({"export": part}, __doc__.splitlines()[0], "export"))
