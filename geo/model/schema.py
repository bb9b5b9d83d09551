"""The rules of the data, read from ``zones/schema.json``: kinds, layers, scope words, required properties.

Nothing in ``geo/`` names an area: which kinds exist, which layer each belongs to, which words a scope may use
and what an area's properties must look like all come from the schema file, so a user's files behave exactly
like the bundled ones. :func:`check` validates one record with jsonschema and turns every error into the
project's one-line message (what is wrong, and a hint).
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

import jsonschema

from geo.base import data
from geo.base.text import short

__all__ = ["Schema", "schema", "check", "parse_date", "is_missing"]

DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NOUNS = {"provision": "provision", "agreement": "agreement"}  # what a record of each part is called


@dataclass(frozen=True)
class Schema:
    """The parsed schema file."""

    raw: dict

    @property
    def kinds(self) -> dict[str, dict]:
        return self.raw["kinds"]

    @property
    def area_kinds(self) -> tuple[str, ...]:
        """Kinds that are areas in their own right (provisions apply there; ``locate`` answers with them)."""
        return tuple(k for k, v in self.kinds.items() if v.get("area"))

    @property
    def agreed_kinds(self) -> tuple[str, ...]:
        """Kinds of the shapes an agreement described ("areas as agreed"), kept apart from the held areas."""
        return tuple(k for k, v in self.kinds.items() if v.get("agreed"))

    @property
    def layers(self) -> dict[str, str]:
        return self.raw["layers"]

    @property
    def default_layers(self) -> tuple[str, ...]:
        return tuple(self.raw["default_layers"])

    @property
    def scope_words(self) -> dict[str, str]:
        return self.raw["scope_words"]

    @property
    def text_statuses(self) -> dict[str, str]:
        return self.raw["text_statuses"]

    @property
    def agreement_kinds(self) -> dict[str, str]:
        return self.raw.get("agreement_kinds", {})

    @property
    def agreement_statuses(self) -> dict[str, str]:
        return self.raw.get("agreement_statuses", {})

    @property
    def languages(self) -> dict[str, str]:
        return self.raw.get("languages", {})

    @property
    def grounds(self) -> dict[str, dict]:
        """The grounds a deal names itself (``sw_syria``…): label, governorates, how the map draws it."""
        return self.raw.get("grounds", {})

    @property
    def default_date(self) -> date:
        return date.fromisoformat(self.raw["default_date"])

    @property
    def default_agreement(self) -> str:
        return self.raw["default_agreement"]

    def layer_of(self, kind: str) -> str:
        return self.kinds.get(kind, {}).get("layer", "areas")

    def kind_label(self, kind: str, plural: bool = False) -> str:
        meta = self.kinds.get(kind, {})
        return meta.get("plural" if plural else "label", kind.capitalize())

    def hatch(self, kind: str) -> str | None:
        return self.kinds.get(kind, {}).get("hatch")

    def dash(self, kind: str) -> tuple[float, ...] | None:
        """The dash pattern (on, off, … in points) of a kind drawn as a dashed outline, or None."""
        dash = self.kinds.get(kind, {}).get("dash")
        return tuple(float(v) for v in dash) if dash else None

    def colour(self, kind: str, default: str) -> str:
        """The colour of a zone of ``kind`` (its line and hatching)."""
        return self.kinds.get(kind, {}).get("colour", default)


@lru_cache(maxsize=1)
def schema() -> Schema:
    """The bundled schema (read once)."""
    return Schema(json.loads(data.SCHEMA.read_text(encoding="utf-8")))


def check(record: dict, part: str) -> list[tuple[str, str]]:
    """Every problem of ``record`` against the schema's ``part`` (``area_properties``, ``provision``, ``agreement``).

    Returns (message, hint) pairs in a stable order; an empty list when the record is fine. Missing values
    (None, NaN, blank text) count as absent.
    """
    present = {k: v for k, v in record.items() if not is_missing(v)}
    validator = _validator(part)
    problems: list[tuple[str, str]] = []
    missing: list[str] = []
    for error in sorted(validator.iter_errors(present), key=lambda e: (list(e.path), e.validator)):
        if error.validator == "required":
            missing.append(error.message.split("'")[1])
            continue
        field = str(error.path[0]) if error.path else part
        hint = _hint(part, field, error)
        problems.append((f"{field} is {short(error.instance)}", hint))
    if missing:
        problems.insert(0, (f"missing required properties: {', '.join(missing)}",
                            f"every {NOUNS.get(part, 'feature')} needs {', '.join(_required(part))}"))
    return _dedupe(problems)


def parse_date(value: Any) -> date | None:
    """A ``YYYY-MM-DD`` text as a date; None for anything else."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not DATE.match(value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


# --- helpers -------------------------------------------------------------------------------


@lru_cache(maxsize=4)
def _validator(part: str) -> jsonschema.Draft202012Validator:
    resolved = _resolve(copy.deepcopy(schema().raw[part]), schema().raw)
    checker = jsonschema.FormatChecker()
    checker.checks("date")(lambda v: not isinstance(v, str) or parse_date(v) is not None)
    return jsonschema.Draft202012Validator(resolved, format_checker=checker)


def _resolve(node: Any, raw: dict) -> Any:
    """Replace ``x-enum-from`` with the enum it names (kinds, confidences, scope words…)."""
    if isinstance(node, dict):
        if "x-enum-from" in node:
            source = raw[node.pop("x-enum-from")]
            node["enum"] = list(source)
        return {k: _resolve(v, raw) for k, v in node.items()}
    if isinstance(node, list):
        return [_resolve(v, raw) for v in node]
    return node


def _hint(part: str, field: str, error: jsonschema.ValidationError) -> str:
    spec = schema().raw[part].get("properties", {}).get(field, {})
    enum = error.schema.get("enum") if isinstance(error.schema, dict) else None
    if enum:
        return f"expected one of {', '.join(map(repr, enum))}"
    return spec.get("x-hint", "see the data contract in the README")


def _required(part: str) -> list[str]:
    return list(schema().raw[part].get("required", []))


def is_missing(value: Any) -> bool:
    """None, NaN or blank text: a property left out (as GeoPackages and shapefiles write it)."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def _dedupe(problems: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen, out = set(), []
    for p in problems:
        if p[0] not in seen:
            seen.add(p[0])
            out.append(p)
    return out
