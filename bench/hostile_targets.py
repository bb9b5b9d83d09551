"""The bench's hostile part: bench/hostile.py's worst inputs at growing sizes, judged.

The worst inputs of issue 14 (and every other case of bench/hostile.py) at growing sizes, judged: issue 14's
own figures where it names them, linear and bounded with no traceback for every case.

bench/hostile.py prints the raw tables (and issue 21's cases); this part runs its issue-14 cases through
tests/hostile.py's generators and measure, and turns them into the bench's rows.

    .venv/bin/python bench/hostile_targets.py [--quick]   # --quick: the smallest size of each case
"""

from __future__ import annotations

import sys
from pathlib import Path

from report import Report, Row, log, run_parts

# Issue 14's own figures, by case name in bench/hostile.py: (size, seconds or None, peak MB or None, most lines
# printed or None, what the issue says). Every other case is held to "linear and bounded" only.
ISSUE_14 = {
    "sparse property names": (5_000, None, 300, None, "5,000 sparse-key features ≤ 300 MB"),
    "sparse property names, keys budget raised": (5_000, None, 300, None, "5,000 sparse-key features ≤ 300 MB"),
    "self-intersecting ring (saw)": (100_000, 5.0, None, None, "100,000-vertex ring ≤ 5 s or a clean refusal"),
    "null features": (100_000, 2.0, None, 25, "100,000 null features ≤ 2 s, ≤ 25 lines"),
}


def part(report: Report, quick: bool, runs: int) -> None:
    """bench/hostile.py's cases at growing sizes (the smallest alone with --quick), each size a fresh process
    measured by tests/hostile.py (the command's time after its imports; peak memory as VmHWM, the process's own)."""
    import tempfile

    try:
        import hostile as cases  # bench/hostile.py

        from tests.hostile import measure as run_zonemap
        from tests.hostile import syria_areas, write
    except Exception as exc:  # noqa: BLE001 — another helper's files, maybe changing: say so, run the rest
        report.add(Row("Hostile inputs (issue 14)", "not run", met=None))
        report.section("hostile", [f"- bench/hostile.py or tests/hostile.py cannot be used ({exc!r})"])
        return

    log("hostile: bench/hostile.py's worst cases at growing sizes…")
    lines = list(cases.HEADER)
    with tempfile.TemporaryDirectory(prefix="zonemap-bench-hostile-") as folder:
        work = Path(folder)
        write(work / "areas.geojson", syria_areas())
        first, others, verdicts = True, [], []
        for name, sizes, unit, make, file_name, argv, env in cases.CASES:
            results = []
            for size in sizes[:1] if quick else sizes:
                path = write(work / file_name, make(size))
                if first:  # one untimed warm-up: the file cache of the imports
                    run_zonemap([*argv, file_name], work, env, timeout=1200)
                    first = False
                got = [run_zonemap([*argv, file_name], work, env, timeout=1200)]
                while len(got) < (1 if quick else min(runs, 3)) and got[0].seconds < 2:
                    got.append(run_zonemap([*argv, file_name], work, env, timeout=1200))
                got.sort(key=lambda r: r.seconds)
                run = got[len(got) // 2]
                lines.append(cases.row(name, size, unit, path, run))
                path.unlink()
                results.append((size, run))
                log(f"  {name}, {size:,} {unit}: {cases.outcome(run)}, {run.seconds:.2f} s, {run.peak_mb:.0f} MB")
            row = _hostile_row(name, unit, results, cases.outcome)
            verdicts.append(f"- {name}: {row.ratio} — {'linear and bounded' if row.met else '**not met**'}")
            if name in ISSUE_14:
                report.add(row)
            else:
                others.append((name, row))
    if others:
        missed = [f"{name} ({row.ratio})" for name, row in others if not row.met]
        report.add(Row(f"Hostile: the other {len(others)} cases of bench/hostile.py at growing sizes",
                       f"{len(others) - len(missed)} of {len(others)} linear and bounded",
                       ratio="; ".join(missed) or "—", target="linear and bounded; no traceback", met=not missed))
    report.section("hostile", ["bench/hostile.py's cases, each size a fresh `zonemap` process (tests/hostile.py: "
                               "the command's time after its imports; peak memory VmHWM, the process's own, and its "
                               "growth over the imports). Linear: the time at the largest size at most 1.5× the "
                               "smallest's scaled by the size (+0.2 s); bounded: the memory over the imports at "
                               "most 1.5× the smallest's scaled by the size (+50 MB); no traceback.", "", *lines,
                               "", *verdicts])


def _hostile_row(name: str, unit: str, results: list, outcome) -> Row:
    (small, a), (size, b) = results[0], results[-1]
    grow = size / small
    linear = b.seconds <= 1.5 * a.seconds * grow + 0.2
    bounded = (b.peak_mb - b.imports_mb) <= 1.5 * max(a.peak_mb - a.imports_mb, 1) * grow + 50
    clean = not any("Traceback" in r.err for _, r in results)
    met, target = linear and bounded and clean, "linear and bounded; no traceback"
    issue = ISSUE_14.get(name)
    if issue is not None:
        at = dict(results).get(issue[0])
        if at is not None:
            _, seconds, peak, most, words = issue
            refused = at.code == 1 and len(at.err_lines) == 1
            met = met and (seconds is None or at.seconds <= seconds or (refused and "saw" in name)) \
                and (peak is None or at.peak_mb <= peak) and (most is None or len(at.err_lines) <= most)
            target = f"{words} (issue 14); {target}"
            if at is not b:
                target += f" — at {issue[0]:,}: {at.seconds:.2f} s, {at.peak_mb:.0f} MB, {outcome(at)}"
    return Row(f"Hostile: {name}, {size:,} {unit}", f"{b.seconds:.2f} s, {b.peak_mb:.0f} MB; {outcome(b)}",
               ratio=f"{grow:,.0f}× the size ({small:,}): {b.seconds / max(a.seconds, 1e-3):.1f}× the time, "
                     f"{(b.peak_mb - b.imports_mb) / max(a.peak_mb - a.imports_mb, 1):.1f}× the memory over imports",
               target=target, met=met)


if __name__ == "__main__":
    sys.exit(run_parts({"hostile_targets": part}, __doc__.splitlines()[0], "hostile_targets"))
