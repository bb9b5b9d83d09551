"""The bench's locate part: `zonemap locate` against a GeoPandas ``sjoin`` script, and how it scales.

`zonemap locate` on 1,000,000 random points against a GeoPandas ``sjoin`` script
(bench/baseline_locate_geopandas.py), both outputs compared cell by cell on 100,000 points; 10k/100k/1M/5M points
with peak memory; ``--dates`` with four dates against one date on 1M points.

    .venv/bin/python bench/locate.py            # the full sizes
    .venv/bin/python bench/locate.py --quick    # 100,000 points, outputs compared on 10,000, 2 runs
"""

from __future__ import annotations

import sys
from pathlib import Path

from proc import OUT, ROOT, interleaved, measure, zonemap
from report import QUICK_NOTE, Report, Row, log, median, run_parts, s, spread

BASELINE = ROOT / "bench" / "baseline_locate_geopandas.py"
DATES = ("2017-09-15", "2018-09-17", "2019-09-01", "2020-03-06")  # locate --dates: four states of the areas


def points(n: int) -> Path:
    from make_points import write_points

    path = OUT / f"points_{n}.csv"
    if not path.exists():
        log(f"  writing {path.relative_to(ROOT)}…")
        write_points(n, path)
    return path


def ours_locate(src: Path, dst: Path, *extra: str) -> list[str]:
    return [zonemap(), "locate", str(src), "-o", str(dst), "--force", *extra]


def theirs_locate(src: Path, dst: Path) -> list[str]:
    return [sys.executable, str(BASELINE), str(src), str(dst)]


def same_output(n: int) -> str:
    """Both on ``n`` points; every cell compared as text. Returns the verdict line, raises when they differ."""
    import csv

    import pyarrow as pa
    import pyarrow.csv as pacsv

    src, a, b = points(n), OUT / f"ours_{n}.csv", OUT / f"theirs_{n}.csv"
    measure(ours_locate(src, a), capture=False)
    measure(theirs_locate(src, b), capture=False)

    def read(path: Path):
        with path.open(encoding="utf-8", newline="") as fh:
            names = next(csv.reader(fh))
        return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in names}, strings_can_be_null=False,
            quoted_strings_can_be_null=False))

    ta, tb = read(a), read(b)
    if ta.column_names != tb.column_names or ta.num_rows != tb.num_rows:
        raise RuntimeError(f"outputs differ: ours {ta.column_names} × {ta.num_rows}, GeoPandas {tb.column_names} "
                           f"× {tb.num_rows}")
    differ = {c: sum(x != y for x, y in zip(ta.column(c).to_pylist(), tb.column(c).to_pylist(), strict=True))
              for c in ta.column_names}
    if any(differ.values()):
        raise RuntimeError(f"outputs differ on {n:,} points: {differ}")
    inside = sum(1 for z in ta.column("zone_id").to_pylist() if z)
    in_syria = sum(1 for g in ta.column("governorate").to_pylist() if g)
    a.unlink()
    b.unlink()
    return (f"zonemap locate and the GeoPandas script give identical output on {n:,} points (every column, every "
            f"row, compared as text: {inside:,} in an area, {in_syria:,} in a governorate)")


def part(report: Report, quick: bool, runs: int) -> None:
    n = 100_000 if quick else 1_000_000
    check = 10_000 if quick else 100_000
    log(f"locate: outputs compared on {check:,} points…")
    verdict = same_output(check)
    log(f"locate: zonemap vs GeoPandas on {n:,} points…")
    src, dst = points(n), OUT / "located.csv"
    times = interleaved({"ours": ours_locate(src, dst), "theirs": theirs_locate(src, dst)}, runs, capture=False)
    ours, theirs = median(m.seconds for m in times["ours"]), median(m.seconds for m in times["theirs"])
    report.add(Row(f"`zonemap locate`, {n:,} points (whole process) vs GeoPandas `sjoin` script", s(ours), s(theirs),
                   f"{theirs / ours:.1f}× faster", "≥ 3× faster" + QUICK_NOTE * quick,
                   None if quick else theirs / ours >= 3))

    log(f"locate: --dates (4 dates) vs one date on {n:,} points…")
    dated = interleaved({"one": ours_locate(src, dst), "four": ours_locate(src, dst, "--dates", ",".join(DATES))},
                        runs, capture=False)
    one, four = median(m.seconds for m in dated["one"]), median(m.seconds for m in dated["four"])
    report.add(Row(f"`zonemap locate --dates` with 4 dates, {n:,} points, vs one date ({s(one)})", s(four), "—",
                   f"{four / one:.2f}× one date", "≤ 2× one date" + QUICK_NOTE * quick,
                   None if quick else four / one <= 2))

    sizes = [10_000, 100_000] if quick else [10_000, 100_000, 1_000_000, 5_000_000]
    log(f"locate: scaling {', '.join(f'{k:,}' for k in sizes)}…")
    scaling = []
    for k in sizes:
        if k == n:
            got = times["ours"]
        else:
            measure(ours_locate(points(k), dst), capture=False)
            got = [measure(ours_locate(points(k), dst), capture=False)
                   for _ in range(runs if k < 5_000_000 else max(2, runs - 2))]
        scaling.append((k, median(m.seconds for m in got), median(m.cpu for m in got), max(m.peak_mb for m in got)))
        log(f"  locate {k:>9,}: {scaling[-1][1]:.2f} s, peak {scaling[-1][3]:,.0f} MB")
    dst.unlink(missing_ok=True)
    base = scaling[0]
    lines = ["| points | median | CPU | µs per point | CPU µs per point beyond the start-up "
             f"({base[0]:,} points) | peak memory |", "|---:|---:|---:|---:|---:|---:|"]
    beyond = []
    for k, sec, cpu, peak in scaling:
        extra = "—"
        if k != base[0]:
            beyond.append((cpu - base[2]) / (k - base[0]))
            extra = f"{beyond[-1] * 1e6:.2f}"
        lines.append(f"| {k:,} | {s(sec)} | {s(cpu)} | {sec / k * 1e6:.2f} | {extra} | {peak:,.0f} MB |")
    top = scaling[-1]
    linear = len(beyond) < 2 or beyond[-1] <= 1.5 * max(beyond[-2], 1e-9)
    bounded = top[3] <= 2048
    report.add(Row(f"`zonemap locate` scaling {sizes[0]:,} → {top[0]:,} points: peak memory at {top[0]:,}; CPU per "
                   "point beyond the start-up at the largest size vs the size before", f"{top[3]:,.0f} MB",
                   ratio=(f"{beyond[-1] / max(beyond[-2], 1e-9):.2f}× per point" if len(beyond) > 1 else "—"),
                   target="≤ 2 GB at 5,000,000; ≤ 1.5× per point (linear)" + QUICK_NOTE * quick,
                   met=None if quick else linear and bounded))
    report.section("locate", [
        f"- {verdict}.",
        f"- 1 date vs 4 dates ({', '.join(DATES)}) on {n:,} points: {s(one)} ({spread([m.seconds for m in dated['one']])}) "
        f"vs {s(four)} ({spread([m.seconds for m in dated['four']])}); peak {max(m.peak_mb for m in dated['one']):,.0f} "
        f"MB vs {max(m.peak_mb for m in dated['four']):,.0f} MB.",
        f"- {n:,} points: zonemap {spread([m.seconds for m in times['ours']])}, peak "
        f"{max(m.peak_mb for m in times['ours']):,.0f} MB; GeoPandas {spread([m.seconds for m in times['theirs']])}, "
        f"peak {max(m.peak_mb for m in times['theirs']):,.0f} MB.", "", *lines])


if __name__ == "__main__":
    sys.exit(run_parts({"locate": part}, __doc__.splitlines()[0], "locate"))
