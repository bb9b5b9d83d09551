"""geo/model/events is a package of stages (issue 26): no module imports one that imports it back, however indirectly."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "geo" / "model" / "events"


def _imports(path: Path) -> set[str]:
    """The package's own modules that ``path`` imports (``from .x import …``, ``from . import x``), at any depth."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            out |= {node.module} if node.module else {alias.name for alias in node.names}
    return out


def test_the_stages_of_geo_events_import_no_circle():
    modules = {p.stem: _imports(p) for p in PACKAGE.glob("*.py")}
    assert {"read", "dates", "shapes", "tally", "periods"} <= set(modules)  # the stages the issue names
    assert all(m in modules for imported in modules.values() for m in imported)  # no import of a missing module
    try:
        order = list(TopologicalSorter(modules).static_order())
    except CycleError as exc:
        raise AssertionError(f"import circle in geo/model/events: {' -> '.join(exc.args[1])}") from None
    assert order[-1] == "__init__"  # only the package's face imports the rest; nothing imports it back


def test_the_names_callers_use_are_still_there():
    from geo.model import events as ev

    for name in ev.__all__:
        assert getattr(ev, name) is not None, name
    for name in ("count_events", "summarise", "default_key_dates", "bundled_events", "EventCounts", "CAVEAT",
                 "REST", "RING", "KeyDates", "event_points", "bundled_citation"):
        assert name in ev.__all__, name
