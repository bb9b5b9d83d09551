"""The one description of the dataset (``zones/codebook.json``) and everything written from it: the codebook
pages, the Frictionless Data Package descriptor's schemas, ``CITATION.cff``, the licence file and the notes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any

from geo.base import data

__all__ = ["Codebook", "Table", "Column", "codebook", "version", "citation_cff", "citation_text"]

FRICTIONLESS_TYPES = {"string": "string", "integer": "integer", "number": "number", "date": "date",
                      "geometry": "string"}
CSV_FORM = {"geometry": "WKT text (OGC Simple Features), e.g. POINT (36.12 35.9)", "date": "YYYY-MM-DD"}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    meaning: str
    units: str = ""
    values: Any = ""
    derived: str = ""
    confidence: str = ""
    required: bool = False
    unique: bool = False

    def field(self) -> dict:
        """The column as a Table Schema field."""
        out: dict[str, Any] = {"name": self.name, "type": FRICTIONLESS_TYPES[self.type], "description": self.meaning}
        if self.type == "geometry":
            out["format"] = "default"
            out["description"] += " Written as WKT."
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if isinstance(self.values, list):
            constraints["enum"] = list(self.values)
        if constraints:
            out["constraints"] = constraints
        if self.units:
            out["units"] = self.units
        return out


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    geometry: str | None
    primary_key: tuple[str, ...]
    sort: tuple[str, ...]
    columns: tuple[Column, ...]
    foreign_keys: tuple[dict, ...] = ()
    row: str = ""  # what one row is, for a table without a key

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def schema(self) -> dict:
        """The table's Table Schema (Frictionless)."""
        out: dict[str, Any] = {"fields": [c.field() for c in self.columns], "missingValues": [""]}
        if self.primary_key:
            out["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            out["foreignKeys"] = [dict(k) for k in self.foreign_keys]
        return out

    def page(self, rows: int, files: list[str]) -> str:
        """The table's codebook page (Markdown): what it is, where it is, and every column."""
        lines = [f"# Table `{self.name}`: {self.title}", "", self.description, "",
                 f"- Rows: {rows:,}; one row per "
                 + (f"{', '.join(self.primary_key)} (the key)." if self.primary_key else f"{self.row}."),
                 f"- Geometry: {self.geometry + ' in WGS 84 (EPSG:4326)' if self.geometry else 'none'}.",
                 f"- Files: {', '.join(f'`{f}`' for f in files)}. The same columns in every format.",
                 f"- Rows sorted by {', '.join(self.sort)}."]
        for key in self.foreign_keys:
            ref = key["reference"]
            lines.append(f"- Joins: {', '.join(key['fields'])} → table `{ref['resource']}`, "
                         f"{', '.join(ref['fields'])}.")
        lines += ["", "## Columns", ""]
        for c in self.columns:
            values = ", ".join(f"`{v}`" for v in c.values) if isinstance(c.values, list) else c.values
            lines += [f"### `{c.name}`", "", c.meaning, "",
                      f"- Type: {c.type}" + (f" (CSV: {CSV_FORM[c.type]})" if c.type in CSV_FORM else "")
                      + ("; always present" if c.required else "; may be empty") + ("; unique" if c.unique else "")]
            for label, text in (("Units", c.units), ("Allowed values", values), ("How derived", c.derived),
                                ("Confidence", c.confidence)):
                if text:
                    lines.append(f"- {label}: {text}")
            lines.append("")
        return "\n".join(lines)


@dataclass(frozen=True)
class Codebook:
    doc: dict

    @cached_property
    def tables(self) -> tuple[Table, ...]:
        return tuple(Table(name=t["name"], title=t["title"], description=t["description"], geometry=t["geometry"],
                           primary_key=tuple(t["primary_key"]), sort=tuple(t["sort"]),
                           foreign_keys=tuple(t.get("foreign_keys", ())), row=t.get("row", ""),
                           columns=tuple(Column(**c) for c in t["columns"])) for t in self.doc["tables"])

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)

    def __getitem__(self, key: str) -> Any:
        return self.doc[key]


def codebook(path: str | Path | None = None) -> Codebook:
    """The bundled description (``zones/codebook.json``)."""
    return Codebook(json.loads(Path(path or data.bundled("codebook.json")).read_text(encoding="utf-8")))


def version() -> str:
    """The package's version: the release's."""
    return metadata.version("zonemap")


def citation_cff(book: Codebook) -> str:
    """``CITATION.cff`` (Citation File Format 1.2.0) for this version of the dataset."""
    lic = book["license"]
    lines = ["cff-version: 1.2.0",
             'message: "If you use this dataset, please cite it as below."',
             "type: dataset",
             f"title: {_quoted(book['title'])}",
             f"version: {_quoted(version())}",
             f"date-released: {_quoted(book['released'])}",
             "authors:"]
    lines += [f"  - name: {_quoted(a['name'])}" for a in book["authors"]]
    lines += [f"license: {lic['spdx']}",
              f"abstract: {_quoted(book['description'])}",
              "keywords:"]
    lines += [f"  - {_quoted(k)}" for k in book["keywords"]]
    return "\n".join(lines) + "\n"


def citation_text(book: Codebook) -> str:
    """The citation in one line, as the README and the release's README give it."""
    authors = "; ".join(a["name"] for a in book["authors"])
    year = book["released"][:4]
    return (f"{authors} ({year}). {book['title']} (version {version()}) [Data set]. "
            f"Licence: {book['license']['spdx']}. Released {book['released']}.")


def licence_text(book: Codebook) -> str:
    """LICENSE.md of the release: the licence, why, and every attribution."""
    lic = book["license"]
    lines = ["# Licence", "", f"This dataset is licensed under **{lic['title']} ({lic['spdx']})**: {lic['path']}", "",
             lic["why"], "",
             "You may share and adapt it, also commercially, if you give credit as below and release what you make "
             "from it under the same licence.", "", "## Attribution", "",
             "When you reuse the data, keep this credit line:", "", f"> {book['attribution']}", "",
             "## Sources", "", "| source | its licence | used for |", "|---|---|---|"]
    lines += [f"| {s['title']} | {s['license']} | {s['used_for']} |" for s in book["sources"]]
    return "\n".join(lines) + "\n"


def changelog_text(book: Codebook) -> str:
    lines = ["# Changes", ""]
    for number, notes in book["releases"].items():
        lines += [f"## {number}", ""] + [f"- {note}" for note in notes] + [""]
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
