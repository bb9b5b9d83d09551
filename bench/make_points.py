"""Random points in and around Syria, as a CSV like the ones users bring to ``zonemap locate``.

    .venv/bin/python bench/make_points.py N OUT.csv [--seed 0]

Columns: ``id`` (integer), ``name`` (short text), ``lat``, ``lon`` (6 decimals), uniformly spread
over 35.4–42.6 E, 32.2–37.5 N: Syria and a margin of its neighbours, so that about half of the
points fall outside every governorate and some land in each area.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

BOUNDS = (35.4, 32.2, 42.6, 37.5)  # lon0, lat0, lon1, lat1
CHUNK = 1_000_000


def write_points(n: int, out: Path, seed: int = 0) -> Path:
    """Write ``n`` points to ``out`` in blocks (bounded memory, deterministic for a seed)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    rng = np.random.default_rng(seed)
    lon0, lat0, lon1, lat1 = BOUNDS
    schema = pa.schema([("id", pa.string()), ("name", pa.string()), ("lat", pa.string()), ("lon", pa.string())])
    tmp = out.with_name(out.name + ".part")
    with open(tmp, "wb") as sink:
        sink.write(b"id,name,lat,lon\n")
        options = pacsv.WriteOptions(include_header=False, quoting_style="none")
        with pacsv.CSVWriter(sink, schema, write_options=options) as writer:
            for start in range(0, n, CHUNK):
                size = min(CHUNK, n - start)
                ids = np.arange(start, start + size)
                lat = rng.uniform(lat0, lat1, size)
                lon = rng.uniform(lon0, lon1, size)
                writer.write_table(pa.table({
                    "id": pa.array(ids.astype(str)),
                    "name": pa.array(np.char.add("site-", (ids % 997).astype(str))),
                    "lat": pa.array(np.char.mod("%.6f", lat)),
                    "lon": pa.array(np.char.mod("%.6f", lon)),
                }, schema=schema))
    tmp.replace(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    write_points(args.n, args.out, args.seed)


if __name__ == "__main__":
    main()
