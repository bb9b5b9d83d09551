"""How ``zonemap locate --engine dask`` scales: 10M points, the single-process engine vs dask with 1 and 2 workers.

    .venv/bin/python bench/dask_scale.py                 # 10,000,000 points, one run each
    .venv/bin/python bench/dask_scale.py --points 1000000 --runs 3

Each run is the real command as a whole process (``bench/proc.measure``: wall time, CPU, peak memory of the
command's own process). The dask runs connect with ``--scheduler`` to a local cluster started here for that run
alone (worker processes of one thread each, on 127.0.0.1), so each worker's peak resident memory can be asked
of the worker itself afterwards (``getrusage``): the memory per worker. The cluster's start-up is not in the
times (a real cluster is already running); the command's own start-up, reading, locating and writing are.
The points (``bench/make_points.py``: uniform over Syria and a margin) go to ``bench/out/`` and are reused.
Every run's output is checked against the single-process engine's: the same rows, or the bench fails.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_points import write_points  # noqa: E402
from proc import OUT, machine, zonemap  # noqa: E402
from proc import measure as measure_process  # noqa: E402

DATES = "2017-09-15,2019-09-01"


def _peak_kb() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_dask(points: Path, out: Path, workers: int) -> tuple[float, float, list[float]]:
    """(wall seconds, CPU seconds of the command, peak MB of each worker) for one run on a fresh local cluster."""
    import distributed

    with distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as cluster, \
            distributed.Client(cluster) as client:
        shutil.rmtree(out, ignore_errors=True)
        done = measure_process([zonemap(), "locate", str(points), "--dates", DATES, "--engine", "dask", "-o",
                                str(out), "--scheduler", cluster.scheduler_address])
        peaks = client.run(_peak_kb)
    return done.seconds, done.cpu, [kb / 1024 for kb in peaks.values()]


def run_default(points: Path, out: Path) -> tuple[float, float, float]:
    out.unlink(missing_ok=True)
    done = measure_process([zonemap(), "locate", str(points), "--dates", DATES, "--raw-csv", "-o", str(out)])
    return done.seconds, done.cpu, done.peak_mb


def same_rows(csv_path: Path, folder: Path) -> bool:
    """The dask output's zone columns equal the single-process CSV's, row for row (read a column at a time)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    names = [f"zone_id_{d}" for d in DATES.split(",")] + ["governorate"]
    expected = pacsv.read_csv(csv_path, convert_options=pacsv.ConvertOptions(
        include_columns=names, column_types={n: pa.string() for n in names}, strings_can_be_null=False))
    parts = sorted(folder.glob("part-*.parquet"))
    got = pa.concat_tables([pq.read_table(p, columns=names) for p in parts])
    return all(expected.column(n).combine_chunks().equals(got.column(n).combine_chunks()) for n in names)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    points = OUT / f"points-{args.points}.csv"
    if not points.exists():
        write_points(args.points, points, seed=0)
    csv_out, dask_out = OUT / "dask-default.csv", OUT / "dask-out"
    rows = []
    runs = [run_default(points, csv_out) for _ in range(args.runs)]
    rows.append(("single process (default engine)", statistics.median(r[0] for r in runs),
                 statistics.median(r[1] for r in runs), f"{max(r[2] for r in runs):.0f} MB (the process)"))
    for workers in (1, 2):
        runs = []
        for _ in range(args.runs):
            runs.append(run_dask(points, dask_out, workers))
            if not same_rows(csv_out, dask_out):
                print(f"dask with {workers} workers: rows differ from the default engine", file=sys.stderr)
                return 1
        peaks = [p for r in runs for p in r[2]]
        rows.append((f"dask, {workers} worker{'s' if workers > 1 else ''} (LocalCluster)",
                     statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
                     f"{max(peaks):.0f} MB per worker (max of {len(peaks)})"))
    stamp = time.strftime("%Y-%m-%d")
    lines = [f"# zonemap locate --engine dask, {args.points:,} points, {stamp}", "", machine(), "",
             f"`zonemap locate --dates {DATES}`; median of {args.runs} run(s); dask output checked row for row "
             "against the default engine's.", "",
             "| engine | wall time | CPU of the command | peak memory |", "|---|---:|---:|---|"]
    lines += [f"| {name} | {sec:.1f} s | {cpu:.1f} s | {mem} |" for name, sec, cpu, mem in rows]
    report = "\n".join(lines) + "\n"
    (OUT / f"dask-{stamp}.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
