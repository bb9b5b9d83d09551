"""What every part of the bench shares: the table's rows, the figures' formats, the log, and the report.

A part is a function ``part(report, quick, runs)`` that measures one thing and adds its rows (``Row``: measure |
zonemap | the usual way | ratio | target | met?) and a details section to the ``Report``. ``run_parts`` runs
parts in turn (one script's, or every one for bench/run.py), notes the load average at each part's start, turns
a failed part into a missed row, and prints and writes the Markdown: the table, the details, the machine
(``bench/proc.py``) and the load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from proc import CHROMIUM, OUT, ROOT, load, machine, stamp

if str(ROOT) not in sys.path:  # the parts import tests/ (the page's helpers, the hostile generators)
    sys.path.insert(1, str(ROOT))

QUICK_NOTE = " (judged on the full sizes only)"
STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:5.0f} s] {message}", file=sys.stderr, flush=True)


@dataclass
class Row:
    measure: str
    ours: str
    theirs: str = "—"
    ratio: str = "—"
    target: str = "—"
    met: bool | None = None  # None: reported, no target


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    details: list[str] = field(default_factory=list)  # Markdown blocks printed after the table
    loads: list[tuple[str, float]] = field(default_factory=list)

    def add(self, *rows: Row) -> None:
        self.rows.extend(rows)

    def section(self, title: str, lines: list[str]) -> None:
        self.details += ["", f"### {title}", "", *lines]


Part = Callable[[Report, bool, int], None]


def median(values) -> float:
    return statistics.median(list(values))


def s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def spread(values: list[float], unit=s) -> str:
    return f"{unit(min(values))}–{unit(max(values))}" if values else "—"


def render(report: Report, runs: int, quick: bool, before: float, after: float, took: float) -> str:
    peak = max([before, after, *(value for _, value in report.loads)])
    lines = [f"# zonemap bench — {stamp()}{' (--quick)' if quick else ''}", "",
             f"Medians of {runs} runs after one untimed warm-up (fewer where a part says so); whole processes, "
             f"interleaved with the baseline. Load average (1 min) on {os.cpu_count()} cores: {before:.2f} at the "
             f"start, {after:.2f} at the end, {peak:.2f} at the busiest part's start"
             + (" — the machine was shared: every figure is slower and noisier than on a quiet machine." if peak > 1
                else "."), "",
             "| measure | zonemap | the usual way | ratio | target | met? |", "|---|---:|---:|---:|---|---|"]
    for r in report.rows:
        met = "—" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(f"| {r.measure} | {r.ours} | {r.theirs} | {r.ratio} | {r.target} | {met} |")
    lines += report.details
    lines += ["", "### machine", "", f"{machine()}.", "",
              "Load average (1 min) at each part's start: "
              + ", ".join(f"{name} {value:.2f}" for name, value in report.loads) + f"; at the end {after:.2f}.",
              f"The bench took {took / 60:.1f} minutes."]
    missed = [r.measure for r in report.rows if r.met is False]
    lines += ["", "Missed: " + "; ".join(missed) if missed else "Every target met."]
    return "\n".join(lines)


def run_parts(parts: dict[str, Part], description: str, name: str = "") -> int:
    """The command line of a bench script: ``--quick``, ``--runs`` (and ``--only``/``--skip`` when it has several
    parts); runs the parts, prints the report and writes it to bench/out/bench[-name]-<date>.md. Exit status 0 when
    every target is met, 1 otherwise (the missed ones are named at the end)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--quick", action="store_true", help="small sizes, 2 runs: a smoke test of the bench")
    parser.add_argument("--runs", type=int, help="timed runs of each measure (default 5; 2 with --quick)")
    if len(parts) > 1:
        parser.add_argument("--only", action="append", choices=list(parts), help="run only this part (repeatable)")
        parser.add_argument("--skip", action="append", default=[], choices=list(parts),
                            help="leave a part out (repeatable)")
    args = parser.parse_args()
    only, skip = getattr(args, "only", None), getattr(args, "skip", [])
    runs = args.runs or (2 if args.quick else 5)
    OUT.mkdir(parents=True, exist_ok=True)
    if not Path(CHROMIUM).exists():
        log(f"Chromium is missing ({CHROMIUM}): the export and page parts will fail")
    report = Report()
    started, before = time.perf_counter(), load()
    for part, run in parts.items():
        if part in skip or (only and part not in only):
            continue
        report.loads.append((part, load()))
        try:
            run(report, args.quick, runs)
        except BaseException as exc:  # noqa: BLE001 — pytest.fail from serve_app is a BaseException
            if isinstance(exc, KeyboardInterrupt):
                raise
            log(traceback.format_exc())
            report.add(Row(f"{part}: the part failed", f"{type(exc).__name__}", target="runs", met=False))
            report.section(f"{part}: failure", ["```", str(exc)[-1500:], "```"])
    text = render(report, runs, args.quick, before, load(), time.perf_counter() - started)
    print(text)
    prefix = f"bench-{name}-" if name else "bench-"
    (OUT / f"{prefix}{time.strftime('%Y%m%d-%H%M%S')}.md").write_text(text + "\n", encoding="utf-8")
    return 0 if all(r.met is not False for r in report.rows) else 1
