"""The ``zonemap`` command: what applies where, from the terminal.

Exit status: 0 success, 1 bad data or input (one ``error:`` line per problem, no traceback),
2 bad usage (argparse).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from .errors import DataError, ZonemapError, one_line

__all__ = ["main"]

FORMATS_LAYER = ("table", "csv", "geojson")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            code = args.run(args)
        except DataError as exc:
            _print_warnings(caught)
            for line in exc.lines:
                print(f"error: {line}", file=sys.stderr)
            return 1
        except ZonemapError as exc:
            _print_warnings(caught)
            print(f"error: {one_line(str(exc))}", file=sys.stderr)
            return 1
        except BrokenPipeError:
            return 0
    _print_warnings(caught)
    return code


# --- subcommands ---------------------------------------------------------------------------


def _cmd_zones(args: argparse.Namespace) -> int:
    from . import analysis, load, tables

    areas = load.load_areas(args.zones)
    governorates = load.load_governorates(args.governorates)
    summary = tables.zones_summary(areas, governorates)
    if args.format == "geojson":
        out = areas.copy()
        out["km2"] = analysis.area_km2(areas).round(1)
        _write(args, out.to_json(drop_id=True, ensure_ascii=False))
    else:
        _write(args, tables.render(summary, args.format))
    return 0


def _cmd_provisions(args: argparse.Namespace) -> int:
    from . import load, provisions, tables

    areas = load.load_areas(args.zones)
    table = provisions.load_provisions(args.provisions, areas["id"])
    if args.category:
        known = provisions.categories_of(table)
        unknown = [c for c in args.category if c not in known]
        if unknown:
            raise ZonemapError(f"unknown category {unknown[0]!r}; known: {', '.join(known)}")
        table = provisions.filter_provisions(table, categories=args.category)
    if args.zone:
        _check_ids(args.zone, areas)
        joined = provisions.join(areas, table)
        keep = set(joined[joined["area_id"].isin(args.zone)]["number"])
        table = table[table["number"].isin(keep)]
    _write(args, tables.render(tables.provisions_view(table), args.format))
    return 0


def _cmd_governorates(args: argparse.Namespace) -> int:
    from . import analysis, load, tables

    governorates = load.load_governorates(args.governorates)
    if args.format == "geojson":
        out = governorates.copy()
        out["km2"] = analysis.area_km2(governorates).round(1)
        _write(args, out.to_json(drop_id=True, ensure_ascii=False))
    else:
        frame = governorates.drop(columns="geometry").copy()
        frame["km2"] = analysis.area_km2(governorates).round(0).astype(int)
        cols = [c for c in ("id", "name", "name_ar", "pcode", "km2") if c in frame.columns]
        _write(args, tables.render(frame[cols], args.format))
    return 0


def _cmd_locate(args: argparse.Namespace) -> int:
    from . import locate
    from .files import check_target

    if args.place:
        if args.input:
            raise ZonemapError("give either a CSV file or --place, not both")
        _write(args, locate.place_report(args.place, args.zones, args.governorates))
        return 0
    if not args.input:
        raise ZonemapError("nothing to locate: give a CSV file with lat and lon columns, or --place NAME")
    if args.output:
        check_target(Path(args.output), args.force)
    result = locate.locate_csv(Path(args.input), Path(args.output) if args.output else None,
                               args.zones, args.governorates, force=args.force)
    if result is not None:
        sys.stdout.buffer.write(result)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from . import validate

    report = validate.validate(args.files, args.zones, args.provisions, args.governorates)
    for line in report:
        print(line)
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from . import export

    path = export.export_cli(args)
    print(f"wrote {path}", file=sys.stderr)
    return 0


# --- plumbing ------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zonemap",
        description="The Astana de-escalation areas of Syria (15 Sep 2017) and the provisions that apply to them.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Callable, help_: str, layers: Sequence[str]) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(run=run)
        for layer in layers:
            p.add_argument(f"--{layer}", metavar="PATH", help=f"use this {layer} file instead of the bundled one")
        return p

    p = command("zones", _cmd_zones, "list the areas with their size, governorates and confidence", ("zones", "governorates"))
    p.add_argument("--format", choices=FORMATS_LAYER, default="table")
    p = command("provisions", _cmd_provisions, "list the statement's provisions and where they apply",
                ("zones", "provisions"))
    p.add_argument("--zone", action="append", metavar="ID", help="only provisions that apply to this area (repeatable)")
    p.add_argument("--category", action="append", metavar="C", help="only provisions in this category (repeatable)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p = command("governorates", _cmd_governorates, "list the governorates layer", ("governorates",))
    p.add_argument("--format", choices=FORMATS_LAYER, default="table")
    p = command("locate", _cmd_locate, "find the area and governorate of points in a CSV, or of a named place",
                ("zones", "governorates"))
    p.add_argument("input", nargs="?", metavar="INPUT.csv", help="CSV with lat and lon (or latitude and longitude) columns")
    p.add_argument("-o", "--output", metavar="OUT.csv", help="write here instead of standard output")
    p.add_argument("--force", action="store_true", help="overwrite OUT.csv if it exists")
    p.add_argument("--place", metavar="NAME", help="look a place name up in the gazetteer instead")
    p = command("validate", _cmd_validate, "check the bundled data, or your own files", ("zones", "provisions", "governorates"))
    p.add_argument("files", nargs="*", metavar="FILE", help="area (.geojson, .gpkg, .zip…) or provisions (.json) files")
    p = command("export", _cmd_export, "write the map as PNG, SVG, PDF or standalone HTML",
                ("zones", "provisions", "governorates"))
    p.add_argument("-o", "--output", required=True, metavar="PATH", help="file to write; the suffix picks the format")
    p.add_argument("--provision", action="append", type=int, metavar="N", help="highlight where provision N applies (repeatable)")
    p.add_argument("--zone", action="append", metavar="ID", help="highlight this area (repeatable)")
    p.add_argument("--format", choices=("png", "svg", "pdf", "html"), help="override the format the suffix implies")
    p.add_argument("--width", type=int, metavar="PX", help="image width in pixels (default 1600)")
    p.add_argument("--height", type=int, metavar="PX", help="image height in pixels (default 1200)")
    p.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    return parser


def _check_ids(ids: Sequence[str], areas) -> None:
    known = list(areas["id"])
    for i in ids:
        if i not in known:
            raise ZonemapError(f"unknown area {i!r}; known: {', '.join(known)}")


def _write(args: argparse.Namespace, text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _print_warnings(caught: list) -> None:
    for w in caught:
        print(f"warning: {one_line(str(w.message))}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
