"""The speed benchmark: zonemap against what users would otherwise do, side by side in one run.

    .venv/bin/python bench/run.py                 # the full run (make bench): about 10 minutes
    .venv/bin/python bench/run.py --quick         # smaller sizes, fewer runs: a smoke test, under 3 minutes
    .venv/bin/python bench/run.py --only page     # one part (repeatable); --skip leaves one out
    .venv/bin/python bench/locate.py --quick      # the same part alone, from its own script

Prints one Markdown table (measure | zonemap | the usual way | ratio | target | met?), then the details of each
part and the machine it ran on, with the load average at the start and the end. Every figure is a median of
several runs after one untimed warm-up; commands run as whole processes (start-up and imports included), ours
and theirs in turn so a change in the machine's load hits both alike. Peak memory is each command's own
(``bench/proc.py``). The table, the log and the command line are ``bench/report.py``'s.

Each part is its own script, named for what it measures:

1. locate (bench/locate.py) — ``zonemap locate`` against a GeoPandas ``sjoin`` script, outputs compared cell by
   cell; scaling to 5M points with peak memory; ``--dates`` with four dates against one.
2. export (bench/export.py) — one PNG against folium + headless Chromium (bench/export_vs_folium.py);
   atlas (bench/atlas.py) — one PNG per provision in one process against the folium maps screenshotted one by one
   (bench/atlas_vs_folium.py), and where the time of ``zonemap export`` goes.
3. page (bench/page.py) — the page in Chromium: first map (fresh server, later visitor), click → details, the
   date slider, the events layer and its window, where the time goes; rerun (bench/rerun.py) — the server-side
   rerun after a filter change (Streamlit's AppTest).
4. events (bench/events.py) — ``zonemap events`` on 100k, 1M and 10M synthetic UCDP events (bench/events_scale.py).
5. hostile (bench/hostile_targets.py) — the worst inputs of issue 14 at growing sizes (bench/hostile.py's cases,
   tests/hostile.py's generators), time and peak memory, judged.

Generated files go to bench/out/ (git-ignored); the Markdown is also written there as bench-<date>.md. Exit
status 0 when every target is met, 1 otherwise (the missed ones are named at the end).
"""

from __future__ import annotations

import sys

import atlas
import events
import export
import hostile_targets
import locate
import page
import rerun
from report import run_parts

PARTS = {"locate": locate.part, "export": export.part, "atlas": atlas.part, "page": page.part,
         "rerun": rerun.part, "events": events.part, "hostile": hostile_targets.part}

if __name__ == "__main__":
    sys.exit(run_parts(PARTS, __doc__.splitlines()[0]))
