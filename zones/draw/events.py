"""Derive ``zones/events.parquet`` from UCDP's Syria release of the Georeferenced Event Dataset.

Usage (from the repository root)::

    python -m zones.draw.events

Reads ``ucdp_ged_syria_652.1601.1911.csv`` (16,566 events, 2016-01-01..2019-11-30) from the shared
reference data (``sources.SHARED``: ``../shared/data`` or ``$ZONEMAP_SHARED_DATA``) and writes the columns
the analysis and the page use, typed and compact: integers as the smallest type that holds them, dates as
dates, every text column dictionary-encoded, one row group, zstd. Rows stay in the file's order. The output
is deterministic: the same input and the same pyarrow version give the same bytes (no pandas metadata, no
timestamps). The citation and licence note are in ``zones/EVENTS.md``.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from zones.draw import sources

RELEASE = "652.1601.1911"
SOURCE_FILE = f"ucdp_ged_syria_{RELEASE}.csv"
SOURCE = sources.SHARED / SOURCE_FILE
OUTPUT = sources.REPO / "zones" / "events.parquet"
EXPECTED_ROWS = 16_566

# Column, type in the bundled file. Order as in UCDP's own file.
SCHEMA = pa.schema([
    ("id", pa.int32()),
    ("date_start", pa.date32()),
    ("date_end", pa.date32()),
    ("latitude", pa.float64()),
    ("longitude", pa.float64()),
    ("where_prec", pa.int8()),
    ("type_of_violence", pa.int8()),
    ("best", pa.int32()),
    ("low", pa.int32()),
    ("high", pa.int32()),
    ("side_a", pa.dictionary(pa.int16(), pa.string())),
    ("side_b", pa.dictionary(pa.int16(), pa.string())),
    ("adm_1", pa.dictionary(pa.int8(), pa.string())),
    ("where_coordinates", pa.dictionary(pa.int16(), pa.string())),
])

METADATA = {
    b"source": b"UCDP Georeferenced Event Dataset (GED), Syria release " + RELEASE.encode() + b" (17 Dec 2019)",
    b"citation": (b"Sundberg, Ralph and Erik Melander (2013). Introducing the UCDP Georeferenced Event Dataset. "
                  b"Journal of Peace Research 50(4): 523-532"),
    b"derived_by": b"zonemap: python -m zones.draw.events (see zones/EVENTS.md)",
}


def read_source(path: Path = SOURCE) -> pa.Table:
    """UCDP's CSV, every column typed as in :data:`SCHEMA` (text read as text, never guessed)."""
    plain = {f.name: (f.type.value_type if pa.types.is_dictionary(f.type) else f.type) for f in SCHEMA}
    table = pacsv.read_csv(
        path,
        convert_options=pacsv.ConvertOptions(column_types=plain, include_columns=SCHEMA.names,
                                             strings_can_be_null=True),
    )
    return table.select(SCHEMA.names)


def build(table: pa.Table) -> pa.Table:
    """The bundled table: dictionary-encoded text, checked for what the analysis relies on."""
    columns = [table.column(f.name).combine_chunks() for f in SCHEMA]
    columns = [c.dictionary_encode().cast(f.type) if pa.types.is_dictionary(f.type) else c
               for c, f in zip(columns, SCHEMA)]
    out = pa.Table.from_arrays(columns, schema=SCHEMA.with_metadata(METADATA))
    _check(out)
    for f in SCHEMA:  # every cell as in the source
        if not out.column(f.name).cast(table.schema.field(f.name).type).equals(table.column(f.name)):
            raise SystemExit(f"{SOURCE}: column {f.name} changed in the conversion")
    return out


def write(table: pa.Table, path: Path = OUTPUT) -> Path:
    """Write ``table`` as one zstd row group, atomically."""
    tmp = path.with_name(path.name + ".part")
    pq.write_table(table, tmp, compression="zstd", compression_level=19, use_dictionary=True,
                   row_group_size=len(table) or 1, write_statistics=True, store_schema=True)
    tmp.replace(path)
    return path


def _check(table: pa.Table) -> None:
    """Stop on anything that would make the bundled file differ from what the README promises."""
    if table.num_rows != EXPECTED_ROWS:
        raise SystemExit(f"{SOURCE}: {table.num_rows} rows, expected {EXPECTED_ROWS}")
    for name in ("id", "date_start", "latitude", "longitude", "where_prec", "best", "low", "high"):
        if table.column(name).null_count:
            raise SystemExit(f"{SOURCE}: column {name} has {table.column(name).null_count} empty values")
    first, last = (str(v) for v in pc.min_max(table.column("date_start")).values())
    if (first, last) != ("2016-01-01", "2019-11-30"):
        raise SystemExit(f"{SOURCE}: dates run {first}..{last}, expected 2016-01-01..2019-11-30")


def main() -> None:
    table = build(read_source(sources.path(SOURCE_FILE)))
    path = write(table)
    print(f"{path.relative_to(sources.REPO)}: {table.num_rows:,} events, {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
