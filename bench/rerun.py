"""The bench's rerun part: the page's script rerun on the server after a filter change (Streamlit's AppTest).

The server-side rerun of the page's script after a provision filter change (Streamlit's AppTest, the
caches warm): the script's own run timed apart from AppTest's bookkeeping, and where it goes (cProfile).

    .venv/bin/python bench/rerun.py [--quick]
"""

from __future__ import annotations

import sys
import time

from proc import ROOT, ScriptClock
from report import Report, Row, log, median, ms, run_parts, spread

# Functions whose share of the script's rerun is reported: (label, file ending, function name).
RERUN_PARTS = (("st_folium: the map to HTML and the component call", "streamlit_folium/__init__.py", "st_folium"),
               ("render.base_map: the base layers rebuilt", "geo/draw/render.py", "base_map"),
               ("render.scene_layer: the scene's layer", "geo/draw/render.py", "scene_layer"),
               ("offline_assets: Leaflet inlined", "geo/draw/offline.py", "offline_assets"),
               ("details and provisions text", "geo/scene/details.py", "details"))


def part(report: Report, quick: bool, runs: int) -> None:
    """Seconds of the script's rerun when the provision filter changes (the caches warm), Streamlit's AppTest; the
    script's own run timed apart from AppTest's bookkeeping, and where it goes (cProfile in the script's thread)."""
    import cProfile
    import pstats

    from streamlit.testing.v1 import AppTest

    from geo.model.atlas import load_atlas

    log("page: server-side rerun after a filter change (AppTest)…")
    keys = list(load_atlas().at().provisions.index)
    filters = ([keys[11]], [keys[11], keys[15]], [], [keys[8], keys[11]])
    profiler = cProfile.Profile()
    with ScriptClock(profiler) as clock:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        times = []
        count = max(runs * 4, 8)
        for i in range(count + 1):
            widget = at.multiselect(key="provisions").set_value(filters[i % len(filters)])
            start = time.perf_counter()
            widget.run()
            elapsed = time.perf_counter() - start
            if at.exception:
                raise RuntimeError(f"the page failed: {[e.value for e in at.exception]}")
            if i:
                times.append(elapsed)
        script = clock.inside[-count:]
        clock.profiling = True
        for i in range(len(filters)):
            at.multiselect(key="provisions").set_value(filters[i]).run()
    stats = pstats.Stats(profiler).stats
    total = max((ct for (file, _, name), (_, _, _, ct, _) in stats.items() if name == "code_to_exec"), default=0)
    shares = []
    for label, ending, function in RERUN_PARTS:
        spent = sum(ct for (file, _, name), (_, _, _, ct, _) in stats.items()
                    if name == function and file.endswith(ending))
        if total and spent:
            shares.append(f"{label} {spent / total:.0%}")
    report.add(Row("Page: server-side rerun after a provision filter change (AppTest; the script's own run in "
                   "brackets)", f"{ms(median(times))} ({ms(median(script))})", target="≤ 100 ms",
                   met=median(times) <= 0.100))
    report.section("rerun", [
        f"- {len(times)} reruns, filters {filters}: {spread(times, ms)}; the script's own run (timed in its thread): "
        f"median {ms(median(script))}, {spread(script, ms)}; AppTest's bookkeeping the rest",
        "- share of the script's run (cProfile over " + str(len(filters)) + " reruns in the script's thread; "
        "nested, so shares overlap): " + (", ".join(shares) or "not measured")])


if __name__ == "__main__":
    sys.exit(run_parts({"rerun": part}, __doc__.splitlines()[0], "rerun"))
