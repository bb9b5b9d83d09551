"""The bench's atlas part: one PNG per provision in one process against folium maps shot one by one.

The atlas of one PNG per provision (`zonemap export --each provision`) in one process against the folium
maps screenshotted one by one in one headless Chromium (bench/atlas_vs_folium.py's recipes), and where the time
of `zonemap export` goes, each step timed inside one fresh process.

    .venv/bin/python bench/atlas.py [--quick]   # two runs fewer than the other parts (at least one)
"""

from __future__ import annotations

import json
import sys

from proc import measure
from report import Report, Row, log, median, ms, run_parts, s, spread

# Where the time of `zonemap export` goes, in one fresh process: each step timed as the command runs it.
PHASES = r"""
import json, time
t = [time.perf_counter()]
import geo.cli  # noqa: F401 — what `zonemap` imports first
t.append(time.perf_counter())
import geo.draw.export, geo.draw.static, geo.draw.static.series, matplotlib.pyplot  # noqa: F401,E401 — what export then imports
t.append(time.perf_counter())
from geo.model.atlas import load_atlas
atlas = load_atlas()
t.append(time.perf_counter())
from geo.draw.export import items, render_bytes, view_for
from geo.scene.scene import resolve
view = view_for(atlas, (), (), None, None)
scene = resolve(atlas.at(view.date), view)
t.append(time.perf_counter())
render_bytes("png", scene, 1600, 1200)
t.append(time.perf_counter())
render_bytes("png", scene, 1600, 1200)
t.append(time.perf_counter())
plan = items(atlas, "provision", None)
scenes = [resolve(atlas.at(i.view.date), i.view) for i in plan]
t.append(time.perf_counter())
from geo.draw.static.output import Output
from geo.draw.static.series import render_pngs
count = len(list(render_pngs(scenes, Output())))
t.append(time.perf_counter())
names = ["import geo.cli", "import geo.draw.export, geo.draw.static, matplotlib", "load the atlas", "resolve the scene",
         "draw one PNG 1600x1200 (first)", "draw it again (warm)", f"resolve the {count} provisions' scenes",
         f"draw the {count} PNGs (render_pngs)"]
print(json.dumps({k: b - a for k, a, b in zip(names, t, t[1:])}))
"""


def phases(runs: int) -> list[str]:
    """The steps of `zonemap export` (one PNG, then the atlas) timed inside one fresh process; median of ``runs``."""
    got = [json.loads(measure([sys.executable, "-c", PHASES]).out) for _ in range(runs)]
    return [f"  - {name}: {ms(median(g[name] for g in got))}" for name in got[0]]


def part(report: Report, quick: bool, runs: int) -> None:
    """Two runs fewer than the other parts (at least one), to keep the bench short."""
    from types import SimpleNamespace

    import atlas_vs_folium as av

    log("export: the atlas of PNGs, zonemap vs folium + Chromium…")
    times, cpu, count = av.measure(SimpleNamespace(runs=max(1, runs - 2), date="", agreements="",
                                                    skip_per_map=True))
    ours, fair = median(times[av.OURS]), median(times[av.FAIR])
    work = f"; CPU time {median(cpu[av.FAIR]) / median(cpu[av.OURS]):.2f}×" if cpu else ""
    report.add(Row(f"`zonemap export --each provision`: the atlas of {count} PNGs {av.WIDTH}×{av.HEIGHT} in one "
                   f"process vs {count} folium maps screenshotted in one headless Chromium, waiting only for the "
                   "paths", s(ours), s(fair), f"{fair / ours:.2f}× faster{work}", f"≥ {av.TARGET:.0f}× faster",
                   fair / ours >= av.TARGET))
    lines = [f"- {name}: median {s(median(v))}, {spread(v)} over {len(v)} runs"
             + (f"; CPU (user+sys, children) median {s(median(cpu[name]))}" if name in cpu else "")
             + (f"; {median(v) / count:.3f} s per map" if name in (av.OURS, av.FAIR) else "")
             for name, v in times.items()]
    report.section("atlas", lines + ["- the variant with one process per map (as a user would script it) is left "
                                     "out here to keep the run short: `bench/atlas_vs_folium.py` runs it.",
                                     "- where the time of `zonemap export` goes (each step timed inside one fresh "
                                     f"process, median of {1 if quick else 3}; the interpreter's own start-up not "
                                     "included):", *phases(1 if quick else 3)])


if __name__ == "__main__":
    sys.exit(run_parts({"atlas": part}, __doc__.splitlines()[0], "atlas"))
