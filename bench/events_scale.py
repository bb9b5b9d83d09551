"""How ``geo.events`` scales: synthetic UCDP GED files of 100k, 1M and 10M events, each summarised by a whole
process (start-up and imports included), with its time and peak memory.

    .venv/bin/python bench/events_scale.py                       # 100,000 and 1,000,000 events
    .venv/bin/python bench/events_scale.py --sizes 100000 1000000 10000000 --runs 3

Wall time suffers when other work shares the machine; the CPU time (user + system, all threads) is steadier.
The files go to ``bench/out/`` (not committed) and are reused when present; they are written by a child
process, so that this one stays small (a child's peak memory on Linux counts its parent's at the fork). Each is made of rows drawn at
random from the bundled events (every column, as UCDP writes them), with the coordinates moved by up to
about 5 km and the dates spread over the bundled range, so the mix of places, precisions and deaths is the
real one. Deterministic for a seed. The summary is the one the command line will run: per period, every
area of ``zones/areas.geojson`` in each of its dated shapes, with its ring, and the rest of Syria.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
CHUNK = 500_000

RUN = """
import sys
import geopandas as gpd
from geo.events import summarise
areas = gpd.read_file("zones/areas.geojson")
outline = gpd.read_file("zones/syria.geojson")
summary = summarise(sys.argv[1], areas, outline, by="period")
print(summary.counts.rows, summary.counts.kept, int(summary.table["events"].sum()))
"""

START_ONLY = RUN.replace("summary = summarise(sys.argv[1], areas, outline, by=\"period\")\n", "").replace(
    "print(summary.counts.rows, summary.counts.kept, int(summary.table[\"events\"].sum()))", "print(0, 0, 0)")


def write_events(n: int, out: Path, seed: int = 0) -> Path:
    """``n`` UCDP-like events drawn from the bundled ones, written in chunks (bounded memory)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    sample = pq.read_table(ROOT / "zones" / "events.parquet")
    sample = pa.table({name: (pc.cast(col, col.type.value_type) if pa.types.is_dictionary(col.type) else col)
                       for name, col in zip(sample.column_names, sample.columns)})
    first = sample.column("date_start").cast(pa.int32()).to_numpy().min()
    last = sample.column("date_start").cast(pa.int32()).to_numpy().max()
    rng = np.random.default_rng(seed)
    tmp = out.with_name(out.name + ".part")
    with pacsv.CSVWriter(tmp, _string_schema(sample.schema)) as writer:
        for start in range(0, n, CHUNK):
            size = min(CHUNK, n - start)
            rows = sample.take(pa.array(rng.integers(0, sample.num_rows, size)))
            day = rng.integers(first, last + 1, size).astype(np.int32)
            length = (rows.column("date_end").cast(pa.int32()).to_numpy()
                      - rows.column("date_start").cast(pa.int32()).to_numpy())
            columns = {
                "id": pa.array(np.arange(start, start + size)),
                "date_start": pa.array(day, pa.date32()),
                "date_end": pa.array(day + length, pa.date32()),
                "latitude": pa.array(np.round(rows.column("latitude").to_numpy() + rng.uniform(-.045, .045, size), 6)),
                "longitude": pa.array(np.round(rows.column("longitude").to_numpy() + rng.uniform(-.055, .055, size), 6)),
            }
            table = pa.table({name: pc.cast(columns.get(name, rows.column(name)), pa.string())
                              for name in sample.column_names})
            writer.write_table(table)
    tmp.replace(out)
    return out


def _string_schema(schema):
    import pyarrow as pa

    return pa.schema([(name, pa.string()) for name in schema.names])


def run_once(script: str, path: Path) -> tuple[float, float, str, float]:
    """Seconds, peak resident memory (MB), output and CPU seconds (user + system) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", script, str(path)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    out, err = proc.stdout.read(), proc.stderr.read()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"run failed on {path}:\n{err}")
    return seconds, usage.ru_maxrss / 1024, out.strip(), usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (the median is shown)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", nargs=2, metavar=("N", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        write_events(int(args.write[0]), Path(args.write[1]), args.seed)
        return
    OUT.mkdir(parents=True, exist_ok=True)

    files = {}
    for n in args.sizes:
        path = OUT / f"events_{n}.csv"
        if not path.exists():
            began = time.perf_counter()
            subprocess.run([sys.executable, __file__, "--write", str(n), str(path), "--seed", str(args.seed)],
                           check=True)
            print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:,.0f} MB) in "
                  f"{time.perf_counter() - began:.1f} s", flush=True)
        files[n] = path

    load = os.getloadavg()[0]
    run_once(START_ONLY, files[args.sizes[0]])  # warm the disk cache and the imports
    base = [run_once(START_ONLY, files[args.sizes[0]]) for _ in range(args.runs)]
    base_s, base_mb = statistics.median(r[0] for r in base), max(r[1] for r in base)
    base_cpu = statistics.median(r[3] for r in base)
    print(f"\nstart-up only (imports, areas, outline): {base_s:.2f} s, CPU {base_cpu:.2f} s, {base_mb:,.0f} MB")
    print("| events | file | median | CPU (user+sys) | µs per event | µs per extra event | peak memory | counted |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    previous = None
    for n, path in files.items():
        results = [run_once(RUN, path) for _ in range(args.runs)]
        seconds = statistics.median(r[0] for r in results)
        cpu = statistics.median(r[3] for r in results)
        peak = max(r[1] for r in results)
        rows, kept, counted = (int(v) for v in results[0][2].split())
        assert rows == n and counted >= kept, results[0][2]
        extra = "—" if previous is None else f"{(seconds - previous[1]) / (n - previous[0]) * 1e6:.2f}"
        print(f"| {n:,} | {path.stat().st_size / 1e6:,.0f} MB | {seconds:.2f} s | {cpu:.2f} s | {seconds / n * 1e6:.2f} | "
              f"{extra} | {peak:,.0f} MB | {kept:,} |", flush=True)
        previous = (n, seconds)
    print(f"\n{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; load average (1 min) {load:.2f} at the start, "
          f"{os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
