"""How ``zonemap events`` scales: synthetic UCDP GED files of 100k, 1M and 10M events, each summarised by the
real command as a whole process (start-up and imports included), with its time and peak memory.

    .venv/bin/python bench/events_scale.py                       # 100,000 and 1,000,000 events
    .venv/bin/python bench/events_scale.py --sizes 100000 1000000 10000000 --runs 3

The command is ``zonemap events --events FILE --by period --format csv``: per period between the agreements,
every area of the bundled atlas in each of its dated shapes, with its ring, and the rest of Syria. The count of
events it kept is read from its CSV header and checked against the file's size.

Wall time suffers when other work shares the machine; the CPU time (user + system, all threads) is steadier.
The files go to ``bench/out/`` (not committed) and are reused when present; they are written by a child
process. Peak memory is the command's own (``bench/proc.py`` explains why it goes through a small launcher).
Each file is made of rows drawn at random from the bundled events (every column, as UCDP writes them), with
the coordinates moved by up to about 5 km and the dates spread over the bundled range, so the mix of places,
precisions and deaths is the real one. Deterministic for a seed.

``measure()`` is what ``bench/run.py`` calls; ``verdict()`` says whether time grew linearly and memory stayed
bounded.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from proc import OUT, ROOT, load, machine, zonemap  # noqa: E402
from proc import measure as measure_process

CHUNK = 500_000
COUNTED = re.compile(r"^# events: ([\d,]+) of ([\d,]+) counted", re.MULTILINE)
SMALL = 1_000  # events in the file that times the start-up alone


@dataclass
class Size:
    events: int
    file_mb: float
    seconds: float  # median wall time of the whole process
    cpu: float  # median user + system CPU seconds
    peak_mb: float  # highest peak resident memory over the runs
    counted: int  # events the command kept (the rest left out for precision or place, and said so)


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


def events_file(n: int, seed: int = 0, log=print) -> Path:
    """``bench/out/events_<n>.csv``, written by a child process the first time."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"events_{n}.csv" if seed == 0 else OUT / f"events_{n}_seed{seed}.csv"
    if not path.exists():
        began = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--write", str(n), str(path), "--seed", str(seed)], check=True)
        log(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size / 1e6:,.0f} MB) in "
            f"{time.perf_counter() - began:.1f} s")
    return path


def command(path: Path) -> list[str]:
    return [zonemap(), "events", "--events", str(path), "--by", "period", "--format", "csv"]


def run_once(path: Path):
    """One whole ``zonemap events`` process on ``path``: its measures and the (counted, rows) it reports."""
    done = measure_process(command(path))
    found = COUNTED.search(done.out)
    if found is None:
        raise RuntimeError(f"zonemap events printed no '# events: … counted' line for {path.name}")
    counted, rows = (int(v.replace(",", "")) for v in found.groups())
    return done, counted, rows


def measure(sizes: list[int], runs: int, seed: int = 0, log=print) -> tuple[Size, list[Size]]:
    """The start-up alone (a 1,000-event file), then each size: ``runs`` whole processes after a warm-up."""
    files = {n: events_file(n, seed, log) for n in [SMALL, *sizes]}
    out = []
    for n, path in files.items():
        run_once(path)  # warm-up: the file cache, not the code
        results = [run_once(path) for _ in range(runs)]
        for _, counted, rows in results:
            if rows != n or counted != results[0][1]:
                raise RuntimeError(f"{path.name}: counted {counted:,} of {rows:,} rows, expected {n:,} rows")
        out.append(Size(n, path.stat().st_size / 1e6, statistics.median(r[0].seconds for r in results),
                        statistics.median(r[0].cpu for r in results), max(r[0].peak_mb for r in results),
                        results[0][1]))
        log(f"  events {n:>11,}: {out[-1].seconds:.2f} s, CPU {out[-1].cpu:.2f} s, peak {out[-1].peak_mb:,.0f} MB")
    return out[0], out[1:]


def marginal(start: Size, size: Size) -> float:
    """CPU seconds per event beyond the start-up: (CPU at this size − CPU of the 1,000-event file) / extra events.
    Measured from the start-up rather than step by step, so the noise of one small size does not decide."""
    return (size.cpu - start.cpu) / (size.events - start.events)


def verdict(start: Size, sizes: list[Size]) -> tuple[bool, bool, str]:
    """(linear, bounded, why): CPU time per event beyond the start-up at the largest size at most 1.5× that at the
    size before (CPU time: steadier than wall time on a shared machine), and peak memory at the largest size at
    most 1.5× that at the one before it plus 100 MB (a streamed file: memory must not follow the size)."""
    b, c = sizes[-2:] if len(sizes) > 1 else (sizes[0], sizes[0])
    before, after = marginal(start, b), marginal(start, c)
    linear = after <= 1.5 * max(before, 1e-9)
    bounded = c.peak_mb <= 1.5 * b.peak_mb + 100
    return linear, bounded, (f"CPU µs per event beyond the start-up: {before * 1e6:.2f} at {b.events:,}, "
                             f"{after * 1e6:.2f} at {c.events:,}; peak {b.peak_mb:,.0f} MB at {b.events:,}, "
                             f"{c.peak_mb:,.0f} MB at {c.events:,}")


def table(start: Size, sizes: list[Size]) -> list[str]:
    lines = [f"start-up (a {start.events:,}-event file): {start.seconds:.2f} s, CPU {start.cpu:.2f} s, "
             f"{start.peak_mb:,.0f} MB", "",
             "| events | file | median | CPU (user+sys) | µs per event | CPU µs per event beyond the start-up | "
             "peak memory | counted |", "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in sizes:
        lines.append(f"| {s.events:,} | {s.file_mb:,.0f} MB | {s.seconds:.2f} s | {s.cpu:.2f} s | "
                     f"{s.seconds / s.events * 1e6:.2f} | {marginal(start, s) * 1e6:.2f} | {s.peak_mb:,.0f} MB | "
                     f"{s.counted:,} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (the median is shown)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--write", nargs=2, metavar=("N", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        write_events(int(args.write[0]), Path(args.write[1]), args.seed)
        return 0
    before = load()
    start, sizes = measure(args.sizes, args.runs, args.seed)
    print("\n".join(table(start, sizes)))
    linear, bounded, why = verdict(start, sizes)
    print(f"\nlinear: {'yes' if linear else 'NO'}; bounded: {'yes' if bounded else 'NO'} ({why})")
    print(f"\n{machine()}; load average (1 min) {before:.2f} at the start, {load():.2f} at the end")
    return 0 if linear and bounded else 1


if __name__ == "__main__":
    sys.exit(main())
