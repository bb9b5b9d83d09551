"""``--engine dask`` for ``locate`` and ``events``: the same work, partition by partition, on many cores or machines.

A file (CSV, or Parquet/GeoParquet with lat/lon columns) is read in partitions with dask.dataframe; every
partition goes through the very function the single-process engine applies to each of its blocks
(:func:`geo.locate.located`, :meth:`geo.events.tally.Part.add`), so both engines give the same answers, row for
row. The shapes (a :class:`~geo.analysis.Locator`, or the events' dated shapes) are built once here and sent
once to every worker. ``locate`` writes partitioned Parquet into a folder (``part-00000.parquet``, … in the
input's order; the folder appears whole, or not at all); ``events`` adds up the partitions' counts and prints
the same tables as the single-process engine.

Where it runs: ``scheduler`` is the address of a running dask.distributed scheduler
(``tcp://host:8786``); without it, a local cluster of ``workers`` processes (default: this machine's cores),
one thread each, on 127.0.0.1 only. The input and output paths must be readable and writable by every worker
(on a cluster: a shared file system).

Needs the optional dependencies: ``pip install 'zonemap[dask]'``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from .errors import InputError, ZonemapError
from .text import clip, one_line

__all__ = ["ENGINES", "cluster", "locate_dask", "count_events_dask", "PARTITION_BYTES"]

ENGINES = ("default", "dask")
PARTITION_BYTES = 64 << 20  # CSV bytes per partition: about 1.6M rows of a four-column file
MAX_WORKERS = 256


def _require():
    try:
        import dask.dataframe as dd
        import distributed
    except ImportError:
        raise ZonemapError("--engine dask needs the optional dependencies: pip install 'zonemap[dask]'") from None
    return dd, distributed


@contextmanager
def cluster(scheduler: str | None = None, workers: int | None = None) -> Iterator:
    """A dask.distributed client: connected to ``scheduler``, or to a new local cluster of ``workers`` processes."""
    _, distributed = _require()
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise InputError(f"--workers was {workers} but must be a whole number from 1 to {MAX_WORKERS}")
    if scheduler:
        if workers is not None:
            raise InputError("give either --scheduler (a running cluster has its own workers) or --workers, not both")
        try:
            client = distributed.Client(scheduler, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(one_line(f"cannot reach the dask scheduler at {clip(scheduler, 100)!r}: "
                                      f"{clip(str(exc) or type(exc).__name__, 160)} — start it first "
                                      "(dask scheduler), or leave --scheduler out for a local cluster")) from None
        with client:
            yield client
        return
    n = workers or os.cpu_count() or 1
    with distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as local, \
            distributed.Client(local, set_as_default=False) as client:
        yield client


def _frame(dd, path: Path, where: str, columns: Sequence[str] | None = None):
    """A dask DataFrame of the file and its form: ``geoparquet`` (read with dask-geopandas), ``parquet`` (arrow
    types kept), else ``csv`` (every value text). Parquet is known by its magic bytes, GeoParquet by its metadata."""
    if not path.exists() and not path.is_dir():
        raise InputError(f"{where}: file not found")
    if path.is_dir():
        raise InputError(f"{where}: is a folder — give the path of one CSV or Parquet file")
    with open(path, "rb") as fh:
        parquet = fh.read(4) == b"PAR1"
    if parquet:
        import pyarrow.parquet as pq

        if columns is None and b"geo" in (pq.read_schema(path).metadata or {}):
            import dask_geopandas

            frame = dask_geopandas.read_parquet(str(path))
            if frame.crs is not None and frame.crs.to_epsg() != 4326:
                raise InputError(f"{where}: points in {frame.crs.to_string()[:40]} — give them in WGS 84 "
                                 "(EPSG:4326), longitude and latitude in degrees")
            return frame, "geoparquet"
        return dd.read_parquet(str(path), columns=list(columns) if columns else None,
                               dtype_backend="pyarrow"), "parquet"
    # pyarrow's parser, every value as text (empty stays empty): the cells the single-process engine reads
    return dd.read_csv(str(path), engine="pyarrow", dtype="string[pyarrow]", dtype_backend="pyarrow",
                       keep_default_na=False, blocksize=PARTITION_BYTES,
                       usecols=list(columns) if columns else None, encoding="utf-8"), "csv"


def _arrow(frame):
    import pyarrow as pa

    return pa.Table.from_pandas(frame, preserve_index=False)


def _computed(where: str, run):
    """Run a dask computation; a reading error of the input becomes one line naming the file."""
    import pandas as pd

    try:
        return run()
    except ZonemapError:
        raise
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(one_line(f"{where}: not a readable file: {clip(first, 160)} — every row needs as many "
                                  "values as the header, quotes closed, UTF-8")) from None


# --- locate ----------------------------------------------------------------------------------------------------


def _locate_partition(frame, locator, plan):
    import pandas as pd

    from .locate import located

    table, _ = located(_arrow(frame), locator, plan)
    return table.to_pandas(types_mapper=pd.ArrowDtype)


HIDDEN_LON, HIDDEN_LAT = "__zonemap_lon__", "__zonemap_lat__"  # a GeoParquet point's coordinates, for the plan


def _locate_geo_partition(frame, locator, plan):
    """A GeoParquet partition: its points' coordinates located as a CSV's lat/lon would be; the geometry kept."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    geoms = np.asarray(frame.geometry.values, dtype=object)
    base = pd.DataFrame(frame.drop(columns=frame.geometry.name)).reset_index(drop=True)
    base[HIDDEN_LON] = shapely.get_x(geoms).astype("float64") if len(geoms) else np.array([], dtype="float64")
    base[HIDDEN_LAT] = shapely.get_y(geoms).astype("float64") if len(geoms) else np.array([], dtype="float64")
    out = _locate_partition(base, locator, plan)
    return gpd.GeoDataFrame(out, geometry=gpd.GeoSeries(geoms, crs=frame.crs), crs=frame.crs)


def locate_dask(src: str, dst: str, atlas, dates: Sequence[date], several: bool = False, force: bool = False,
                replace: bool = False, scheduler: str | None = None, workers: int | None = None,
                lang: str = "en") -> int:
    """Locate every row of ``src`` on ``dates`` with dask and write partitioned Parquet into the folder ``dst``
    (the names in ``lang``).

    The output holds the same rows, in the same order, with the same added columns as ``zonemap locate``'s CSV
    (cells as they are, as with ``--raw-csv``: Parquet is not a spreadsheet). Returns the number of rows.
    """
    import pyarrow.parquet as pq

    from .csvcheck import read_header
    from .io.folder import check_folder, write_folder
    from .locate import _Plan, added_columns, build_locator

    dd, _ = _require()
    if src == "-":
        raise InputError("--engine dask reads a file, not standard input: give the path of a CSV or Parquet file")
    path, out = Path(src), Path(dst)
    check_folder(out, force)
    frame, form = _frame(dd, path, str(path))
    added = added_columns(dates, several)
    locator = build_locator(atlas, dates, lang)
    if form == "geoparquet":
        names = [c for c in frame.columns if c != frame.geometry.name]
        plan = _Plan([*names, "lat", "lon"], added, str(path), replace, names=not several, raw_csv=True)
        plan.lat, plan.lon, plan.keep = HIDDEN_LAT, HIDDEN_LON, [n for n in names if n not in added]
        work = _locate_geo_partition
    else:
        names = list(frame.columns) if form == "parquet" else read_header(path, str(path)).columns
        plan = _Plan(names, added, str(path), replace, names=not several, raw_csv=True)
        work = _locate_partition
    with cluster(scheduler, workers) as client:
        shared = client.scatter(locator, broadcast=True)
        meta = work(frame._meta, locator, plan)
        result = frame.map_partitions(work, shared, plan, meta=meta)

        def fill(folder: Path) -> None:
            result.to_parquet(str(folder), write_index=False, name_function=lambda i: f"part-{i:05d}.parquet",
                              write_metadata_file=False, compute_kwargs={"scheduler": client})

        _computed(str(path), lambda: write_folder(out, fill, force))
    return sum(pq.ParquetFile(p).metadata.num_rows for p in sorted(out.glob("part-*.parquet")))


# --- events ----------------------------------------------------------------------------------------------------


def _count_partition(frame, columns, shapes, precision, wanted, where: str, number: int):
    from .events.read import parse
    from .events.tally import Part

    part = Part(len(shapes.zone_ids))
    if len(frame):
        part.add(parse(_arrow(frame), columns, where, f"partition {number + 1}, row", 1), shapes, precision, wanted)
    return part


def count_events_dask(events_source, areas, outline, *, precision=None, date_range=None, ring_km: float = 10,
                      kinds=None, scheduler: str | None = None, workers: int | None = None):
    """:func:`geo.events.count_events` with dask: the same counts, the file read and counted by partitions."""
    import dask

    from .events.dates import wanted_range
    from .events.keep import check_options
    from .events.read import bundled_events, open_events
    from .events.shapes import dated_shapes
    from .events.tally import Part

    dd, _ = _require()
    check_options(precision, ring_km)
    shapes = dated_shapes(areas, outline, float(ring_km), kinds)
    wanted = wanted_range(date_range)
    path = Path(events_source) if events_source is not None else bundled_events()
    where = str(path)
    reader = open_events(path)  # the single-process checks of the file (exists, size, form): the same messages
    frame, _ = _frame(dd, path, where, reader.columns.used)
    with cluster(scheduler, workers) as client:
        shared = client.scatter(shapes, broadcast=True)
        parts = [dask.delayed(_count_partition)(p, reader.columns, shared, precision, wanted, where, k)
                 for k, p in enumerate(frame.to_delayed())]
        done = _computed(where, lambda: dask.compute(*parts, scheduler=client))
    total = Part(len(shapes.zone_ids))
    for part in done:  # in the file's order: the first bad date is the file's first
        total.merge(part)
    return total.counts(shapes, where, reader.columns, wanted, precision, ring_km)
