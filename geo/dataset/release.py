"""Write the release into a folder: the tables in GeoPackage, GeoParquet and CSV, the codebook pages,
``datapackage.json``, ``CITATION.cff``, the licence, the notes and ``SHA256SUMS``.

The folder is written whole or not at all: everything goes into a temporary folder beside the target, renamed
into place at the end. A target that exists and is not empty is refused unless ``force``. Two runs on the same
data give the same bytes: fixed timestamps (the release date) in the GeoPackage, no time in the Parquet files,
rows sorted, coordinates rounded.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pandas as pd
import shapely

from geo.base.errors import ExportError
from geo.base.text import FORMULA_START
from geo.io.folder import check_folder, write_folder

from . import codebook as cb
from .tables import PRECISION, build_tables

__all__ = ["write_release", "GPKG", "checksums"]

GPKG = "zonemap.gpkg"
SUMS = "SHA256SUMS"


def write_release(dst: str | Path, force: bool = False, atlas=None) -> list[Path]:
    """Write the release of ``atlas`` (the bundled data by default) into the folder ``dst``; the files written."""
    from geo.model.atlas import load_atlas

    dst = Path(dst)
    check_folder(dst, force)
    atlas = atlas or load_atlas()
    book = cb.codebook()
    tables = build_tables(atlas, book)
    return write_folder(dst, lambda tmp: _fill(tmp, book, tables), force)


# --- the files ------------------------------------------------------------------------------------------


def _fill(folder: Path, book: cb.Codebook, tables: dict[str, pd.DataFrame]) -> None:
    (folder / "csv").mkdir()
    (folder / "parquet").mkdir()
    (folder / "codebook").mkdir()
    write_gpkg(folder / GPKG, tables, book)
    for name, frame in tables.items():
        table = book.table(name)
        write_csv(folder / "csv" / f"{name}.csv", frame, table)
        write_parquet(folder / "parquet" / f"{name}.parquet", frame, table)
        files = [f"csv/{name}.csv", f"parquet/{name}.parquet", f"{GPKG} (layer {name})"]
        _text(folder / "codebook" / f"{name}.md", table.page(len(frame), files))
    _text(folder / "codebook" / "README.md", _codebook_index(book, tables))
    _text(folder / "CITATION.cff", cb.citation_cff(book))
    _text(folder / "LICENSE.md", cb.licence_text(book))
    _text(folder / "CHANGELOG.md", cb.changelog_text(book))
    _text(folder / "README.md", _readme(book, tables))
    _text(folder / "datapackage.json", json.dumps(_datapackage(folder, book, tables), ensure_ascii=False, indent=2)
          + "\n")
    _text(folder / SUMS, checksums(folder))


def write_csv(path: Path, frame: pd.DataFrame, table: cb.Table) -> None:
    """UTF-8, a header, ``\\n`` line ends, ISO dates, WKT geometry, empty cells for missing values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.names)
    columns = [_cells(frame[c.name], c.type) for c in table.columns]
    for row in zip(*columns, strict=True):
        writer.writerow(row)
    text = out.getvalue()
    _text(path, text)


def _cells(values: pd.Series, kind: str) -> list[str]:
    if kind == "geometry":
        return list(shapely.to_wkt(values.to_numpy(dtype=object), rounding_precision=PRECISION, trim=True))
    out = []
    for v in values:
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            out.append("")
        elif kind == "date":
            out.append(v.isoformat())
        elif kind == "number":
            out.append(repr(float(v)))
        else:
            text = str(v)
            if kind == "string" and text.startswith(FORMULA_START):
                raise ExportError(f"a cell of the dataset starts with {text[0]!r} ({text[:30]!r}): a spreadsheet "
                                  "would run it as a formula — reword the data")
            out.append(text)
    return out


def write_parquet(path: Path, frame: pd.DataFrame, table: cb.Table) -> None:
    """GeoParquet 1.1 with the GeoArrow encoding (the CRS as PROJJSON in the metadata), or plain Parquet."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if table.geometry:
        frame.to_parquet(path, index=False, geometry_encoding="geoarrow", schema_version="1.1.0",
                         compression="zstd")
        return
    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "date": pa.date32()}
    schema = pa.schema([(c.name, types[c.type]) for c in table.columns])
    arrays = [pa.array([None if v is pd.NA else v for v in frame[c.name]], type=types[c.type]) for c in table.columns]
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path, compression="zstd")


def write_gpkg(path: Path, tables: dict[str, pd.DataFrame], book: cb.Codebook) -> None:
    """One layer per table; the release date as every timestamp GDAL writes (``OGR_CURRENT_DATE``)."""
    import pyogrio

    stamp = f"{book['released']}T00:00:00.000Z"
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        for name, frame in tables.items():
            table = book.table(name)
            options = {"IDENTIFIER": name, "DESCRIPTION": table.title}
            if table.geometry:
                options["GEOMETRY_NAME"] = "geometry"
                options["SPATIAL_INDEX"] = "YES"
            out = frame if table.geometry else pd.DataFrame(frame)
            pyogrio.write_dataframe(out, path, layer=name, driver="GPKG", use_arrow=True, append=path.exists(),
                                    layer_options=options, dataset_options=None if path.exists() else
                                    {"VERSION": "1.2"})
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


def checksums(folder: Path) -> str:
    """``sha256sum`` lines for every file below ``folder`` but the checksum file itself, sorted by path."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != SUMS):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}")
    return "\n".join(lines) + "\n"


def _datapackage(folder: Path, book: cb.Codebook, tables: dict[str, pd.DataFrame]) -> dict:
    lic = book["license"]
    resources = []
    for name in tables:
        table = book.table(name)
        resources.append({
            "name": name, "title": table.title, "description": table.description,
            "path": f"csv/{name}.csv", "type": "table", "scheme": "file", "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8", **_hash(folder / "csv" / f"{name}.csv"),
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "header": True},
            "schema": table.schema(),
        })
    for name in tables:
        resources.append({"name": f"{name}-parquet", "title": f"{book.table(name).title} (GeoParquet)",
                          "path": f"parquet/{name}.parquet", "type": "file", "scheme": "file", "format": "parquet",
                          "mediatype": "application/vnd.apache.parquet", **_hash(folder / "parquet" / f"{name}.parquet")})
    resources.append({"name": "geopackage", "title": "Every table, one layer each (GeoPackage 1.2)", "path": GPKG,
                      "type": "file", "scheme": "file", "format": "gpkg", "mediatype": "application/geopackage+sqlite3",
                      **_hash(folder / GPKG)})
    return {
        "name": book["name"], "title": book["title"], "description": book["description"], "version": cb.version(),
        "created": f"{book['released']}T00:00:00Z", "keywords": list(book["keywords"]),
        "licenses": [{"name": lic["spdx"], "path": lic["path"], "title": lic["title"]}],
        "contributors": [{"title": a["name"], "role": "author"} for a in book["authors"]],
        "sources": [{"title": s["title"]} for s in book["sources"]],
        "resources": resources,
    }


def _hash(path: Path) -> dict:
    body = path.read_bytes()
    return {"bytes": len(body), "hash": "sha256:" + hashlib.sha256(body).hexdigest()}


def _codebook_index(book: cb.Codebook, tables: dict[str, pd.DataFrame]) -> str:
    lines = [f"# Codebook: {book['title']}", "", f"Version {cb.version()}, released {book['released']}.", "",
             book["description"], "", "| table | rows | what |", "|---|---|---|"]
    lines += [f"| [`{n}`]({n}.md) | {len(f):,} | {book.table(n).title} |" for n, f in tables.items()]
    lines += ["", "Dates are ISO 8601 days (YYYY-MM-DD). A period runs from its first day (included) to its end "
              "(excluded). Coordinates are WGS 84 (EPSG:4326) longitude and latitude in degrees, rounded to "
              f"{PRECISION} decimals. Lists in a cell are separated by '; '. An empty cell is a missing value."]
    return "\n".join(lines) + "\n"


def _readme(book: cb.Codebook, tables: dict[str, pd.DataFrame]) -> str:
    lines = [f"# {book['title']}", "", f"Version {cb.version()}, released {book['released']}.", "",
             book["description"], "", "## Files", "",
             f"- `{GPKG}`: every table as a layer of one GeoPackage (opens in QGIS, ArcGIS, R's sf, GeoPandas).",
             "- `parquet/<table>.parquet`: GeoParquet 1.1 (GeoArrow encoding) or, for tables without geometry, "
             "Parquet.",
             "- `csv/<table>.csv`: UTF-8 CSV, geometry as WKT, dates as YYYY-MM-DD.",
             "- `codebook/`: one page per table, every column explained; `datapackage.json`: the same, as a "
             "Frictionless Data Package.",
             "- `CITATION.cff`, `LICENSE.md`, `CHANGELOG.md`, `SHA256SUMS` (check with `sha256sum -c SHA256SUMS`).",
             "", "| table | rows | what |", "|---|---|---|"]
    lines += [f"| `{n}` | {len(f):,} | {book.table(n).title} |" for n, f in tables.items()]
    lines += ["", "## How to cite", "", cb.citation_text(book), "", "## Licence", "",
              f"{book['license']['spdx']}: see LICENSE.md. Credit line: {book['attribution']}"]
    return "\n".join(lines) + "\n"


def _text(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)

