"""The front by the day (issue 19): what any day costs.

    .venv/bin/python bench/front.py [--quick] [--runs N]

- **A date switch on the page, server time** (target ≤ 0.3 s): Streamlit's AppTest runs ``app.py``; the date is
  typed into the date box to days never shown before, so nothing is cached for them, and the script's own rerun
  is timed in its thread (AppTest's bookkeeping apart). Beside it, the library's part alone: ``atlas.at(day)``,
  the scene, and the map layer the page sends.
- **``zonemap locate`` on 1,000,000 points, 10 dates against one date** (target ≤ 3×): whole processes, one
  warm-up each, then interleaved runs.
- **``zonemap events`` on the daily shapes**: ``geo.model.events.summarise`` by period on the bundled events and
  every dated state (each event counted against the state of its own day; was ``test_summarise_is_fast``, a
  timed test, with its target of 0.5 s).
- **``zonemap export --animate``**: an offensive's weekly GIF, its time and peak memory (frames are drawn one at
  a time: memory stays about one frame's, whatever the number of frames).

Prints a small Markdown table; needs no network. The points file is written to ``bench/out/`` once.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import proc  # noqa: E402

OUT = HERE / "out"


def date_switch(runs: int) -> dict:
    """Server time of a rerun after typing a date not seen before; and the library's part alone."""
    from streamlit.testing.v1 import AppTest

    from geo.draw import render
    from geo.model.atlas import load_atlas
    from geo.scene.scene import View, resolve

    rng = random.Random(19)
    first, last = date(2017, 9, 15), date(2020, 6, 1)
    span = (last - first).days
    days = sorted({first + timedelta(days=rng.randrange(span)) for _ in range(runs * 3 + 1)})
    rng.shuffle(days)
    with proc.ScriptClock() as clock:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        whole = []
        for day in days[:runs * 2]:
            widget = at.text_input(key="day_text").input(day.isoformat())  # typed, then Enter
            start = time.perf_counter()
            widget.run()
            whole.append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"the page failed: {[e.value for e in at.exception]}")
        script = clock.inside[-len(whole):]
    atlas = load_atlas()
    library = []
    for day in days[runs * 2:]:
        start = time.perf_counter()
        dated = atlas.at(day)
        scene = resolve(dated, View(date=day))
        _ = dated.km2, dated.shares
        render.build_map(scene).get_root().render()  # more than the page sends (it keeps its base map)
        library.append(time.perf_counter() - start)
    return {"script": script, "whole": whole, "library": library, "states": len(atlas.areas),
            "change_days": len(atlas.change_days)}


def locate_dates(runs: int, points: int) -> dict:
    """``zonemap locate`` on ``points`` random points: one date, then 10 dates (``--dates``)."""
    sys.path.insert(0, str(HERE))
    from make_points import write_points

    OUT.mkdir(exist_ok=True)
    src = OUT / f"points-{points}.csv"
    if not src.exists():
        write_points(points, src)
    ten = ["2017-09-15", "2017-12-01", "2018-02-01", "2018-03-20", "2018-07-10", "2019-01-01", "2019-06-01",
           "2019-08-25", "2020-02-01", "2020-06-01"]
    zonemap = proc.zonemap()
    commands = {
        "one date": [zonemap, "locate", str(src), "-o", str(OUT / "one.csv"), "--force", "--date", "2019-08-25"],
        "10 dates": [zonemap, "locate", str(src), "-o", str(OUT / "ten.csv"), "--force", "--dates", ",".join(ten)],
    }
    measured = proc.interleaved(commands, runs)
    return {name: [m.seconds for m in rows] for name, rows in measured.items()} | {
        "peak": {name: max(m.peak_mb for m in rows) for name, rows in measured.items()}}


def summarise(runs: int) -> list[float]:
    """Seconds of ``summarise(by="period")`` over the bundled events and every dated state (warm)."""
    from geo.model import events
    from geo.model.atlas import load_atlas

    atlas = load_atlas()
    events.summarise(None, atlas.areas, atlas.outline)
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        events.summarise(None, atlas.areas, atlas.outline, by="period")
        out.append(time.perf_counter() - start)
    return out


def animation(runs: int) -> dict:
    zonemap = proc.zonemap()
    OUT.mkdir(exist_ok=True)
    out = {}
    for name, args in (("12 weekly frames (Dawn of Idlib 2)", ["--offensive", "idlib_2019_2020"]),
                       ("18 weekly frames (2019)", ["--offensive", "idlib_2019"])):
        rows = [proc.measure([zonemap, "export", "--animate", "-o", str(OUT / "front.gif"), "--force", *args])
                for _ in range(runs)]
        out[name] = ([m.seconds for m in rows], max(m.peak_mb for m in rows), (OUT / "front.gif").stat().st_size)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and 100,000 points")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    print(f"# The front by the day — {proc.stamp()}\n\n{proc.machine()}; load average {proc.load():.1f}\n")
    switch = date_switch(runs)
    med = statistics.median
    print("| what | measured | target | met? |\n|---|---:|---|---|")
    print(f"| page: date switch to a day never shown, server time (the script's rerun; AppTest in all) | "
          f"{med(switch['script']):.2f} s ({med(switch['whole']):.2f} s) | ≤ 0.3 s | "
          f"{'yes' if med(switch['script']) <= 0.3 else '**no**'} |")
    print(f"| library only: atlas.at(day), the scene, km² and shares, a whole folium map | {med(switch['library']):.3f} s | "
          "— | — |")
    points = 100_000 if args.quick else 1_000_000
    loc = locate_dates(runs, points)
    ratio = med(loc["10 dates"]) / med(loc["one date"])
    print(f"| zonemap locate, {points:,} points: one date / 10 dates | {med(loc['one date']):.2f} s / "
          f"{med(loc['10 dates']):.2f} s = {ratio:.2f}× (peak {loc['peak']['10 dates']:.0f} MB) | ≤ 3× | "
          f"{'yes' if ratio <= 3 else '**no**'} |")
    counted = summarise(runs)
    print(f"| events by period on the daily shapes (16,566 UCDP events, {switch['states']} states) | "
          f"{med(counted):.2f} s | ≤ 0.5 s | {'yes' if med(counted) <= 0.5 else '**no**'} |")
    for name, (seconds, peak, size) in animation(1 if args.quick else 2).items():
        print(f"| zonemap export --animate, {name}, 1000×750 GIF | {med(seconds):.1f} s, peak {peak:.0f} MB, "
              f"{size / 1e6:.1f} MB | bounded | — |")
    print(f"\n{switch['states']} dated states of areas and zones, {switch['change_days']} change days; date switch "
          f"runs: {', '.join(f'{s:.2f}' for s in switch['script'])} s")


if __name__ == "__main__":
    main()
