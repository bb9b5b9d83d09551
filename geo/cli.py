"""The ``zonemap`` command: what applied where, and when, from the terminal.

Exit status: 0 success, 1 bad data or input (one ``error:`` line per problem, no traceback), 2 bad usage
(argparse), 130 interrupted. One handler turns anything unexpected into one line
(``error: internal error in <command> — please report: <type>``); ``--debug`` shows the traceback.
Everything printed goes through :func:`geo.base.text.printable` / :func:`geo.base.text.one_line`: no control or
bidi character from a file reaches the terminal, and nothing can forge an output line.
"""

from __future__ import annotations

if __name__ == "__main__":  # python -m geo.cli: Ctrl-C handled before the imports below, as by the command
    from geo.base import interrupt

    interrupt.install()

import argparse
import errno
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from geo.base.errors import DataError, ZonemapError
from geo.base.text import clip, one_line, printable

__all__ = ["main"]

FORMATS_LAYER = ("table", "csv", "geojson")
MAX_LINE = 1000  # characters of one error or warning line, whatever a message holds


def main(argv: Sequence[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):  # a terminal that is not UTF-8 gets escapes, never an encoding error
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass
    parser = _parser()
    args = parser.parse_args(argv)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", ResourceWarning)  # an interrupted import's open file: not the user's
        try:
            code = args.run(args)
        except DataError as exc:
            return _fail(caught, exc.lines)
        except ZonemapError as exc:
            return _fail(caught, [str(exc)])
        except BrokenPipeError:
            _silence_stdout()
            return 0
        except KeyboardInterrupt:  # in-process (the command's own handler ends the process: geo.base.interrupt)
            print("interrupted", file=sys.stderr)
            return 130
        except OSError as exc:
            from geo.io.write import os_reason

            if exc.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT) or exc.filename is None:
                return _fail(caught, [f"cannot write the output: {os_reason(exc)}"])
            return _fail(caught, [f"{exc.filename}: {os_reason(exc)}"])
        except Exception as exc:  # noqa: BLE001 - the one top-level handler
            if args.debug:
                import traceback

                traceback.print_exc()
            return _fail(caught, [f"internal error in {args.command} — please report: {type(exc).__name__}"
                                  + ("" if args.debug else " (run with --debug for details)")])
    _print_warnings(caught)
    return code


# --- subcommands ---------------------------------------------------------------------------


def _cmd_zones(args: argparse.Namespace) -> int:
    from geo.draw import tables

    atlas = _atlas(args)
    dated = atlas.at(_date(args, atlas))
    if args.format == "geojson":
        out = dated.shapes.drop(columns=["start", "end"]).copy()
        out["km2"] = [round(dated.km2.get(i, 0.0), 1) for i in out["id"]]
        _write(out.to_json(drop_id=True, ensure_ascii=False))
    else:
        summary = tables.zones_summary(dated, args.lang)
        columns = None if args.full else \
            ["id", "kind", "name", "km2", "governorates", "confidence", "valid_from", "valid_to"]
        _write(tables.render(summary, args.format, full=args.full, columns=columns, raw_csv=args.raw_csv))
    return 0


def _cmd_provisions(args: argparse.Namespace) -> int:
    from geo.draw import tables
    from geo.model import agreements
    from geo.model.provisions import applying

    atlas = _atlas(args, notes=True)
    if args.date is not None:
        table = atlas.at(_date(args, atlas)).provisions
    elif args.agreement:
        table = atlas.provisions
    else:  # the default set: the statement's provisions, as before dates existed
        table = atlas.provisions[atlas.provisions["agreement"] == atlas.schema.default_agreement]
    if args.agreement:
        _known("agreement", args.agreement, [a.id for a in atlas.agreements])
        table = table[table["agreement"].isin(args.agreement)]
    if args.category:
        _known("category", args.category, agreements.categories_of(atlas.provisions))
        table = agreements.filter_provisions(table, categories=args.category)
    if args.zone:
        dated = atlas.at(_date(args, atlas))
        _known("area", args.zone, list(atlas.names))
        keep = {key for zone in args.zone for key in applying(dated, zone)["key"]}
        table = table[table["key"].isin(keep)]
        if table.empty:
            raise ZonemapError(f"no provision applies to {', '.join(args.zone)} on {dated.date.isoformat()}")
    from geo.model.local import local_names

    view = tables.provisions_view(table, local_names(atlas, args.lang), atlas.schema.scope_words,
                                  atlas.schema.default_agreement, atlas.schema.grounds, args.lang)
    # the status is always shown: a summary says it is one, a report's words say they are not the agreement's
    columns = ["key", "title", "text_status", "where", "text", "lang", "translation", "version"] if args.full \
        else ["key", "title", "text_status", "where", "text"]
    _write(tables.render(view, args.format, full=args.full, columns=columns, raw_csv=args.raw_csv))
    return 0


def _cmd_agreements(args: argparse.Namespace) -> int:
    import pandas as pd

    from geo.draw import tables
    from geo.model import agreements

    atlas = _atlas(args)
    counts = atlas.provisions.groupby("agreement").size()
    frame = pd.DataFrame([{"id": a.id, "date": a.date.isoformat(), "in_force": a.in_force.isoformat() if a.in_force else "",
                           "kind": a.kind, "title": a.title, "short_title": a.short_title, "parties": list(a.parties),
                           "place": a.place, "provisions": int(counts.get(a.id, 0)), "text_status": a.text_status,
                           "lang": list(a.lang), "pax_id": a.pax_id or "", "pax_local_id": a.pax_local_id or "",
                           "known": agreements.known_text(a, atlas.provisions), "source": a.source}
                          for a in atlas.agreements])
    columns = ["id", "date", "kind", "short_title", "provisions", "text_status", "lang"]
    _write(tables.render(frame, args.format, full=args.full, columns=columns, raw_csv=args.raw_csv))
    return 0


def _cmd_timeline(args: argparse.Namespace) -> int:
    from geo.draw import tables
    from geo.model.history import steps

    atlas = _atlas(args)
    if args.zone:
        _known("area", args.zone, list(atlas.names))
    frame = steps(atlas, args.zone)
    if args.lang != "en":  # the labels in the language asked for; ids, dates and columns as they are
        from geo.base.i18n import translator
        from geo.model.local import local_kind

        t = translator(args.lang)
        frame["kind"] = [local_kind(atlas, k, t.lang) for k in frame["kind"]]
        frame["confidence"] = [t.data("confidence", c) for c in frame["confidence"]]
        frame["fate"] = [t.data("fate", f) for f in frame["fate"]]
    columns = None if args.full else ["id", "offensive", "valid_from", "valid_to", "km2", "change_km2", "lost",
                                      "gained"]
    _write(tables.render(frame, args.format, full=args.full, columns=columns, raw_csv=args.raw_csv))
    return 0


def _cmd_governorates(args: argparse.Namespace) -> int:
    from geo.base.crs import area_km2
    from geo.draw import tables
    from geo.model import load

    governorates = load.load_governorates(args.governorates)
    if args.format == "geojson":
        out = governorates.copy()
        out["km2"] = area_km2(governorates).round(1)
        _write(out.to_json(drop_id=True, ensure_ascii=False))
    else:
        frame = governorates.drop(columns="geometry").copy()
        frame["km2"] = area_km2(governorates).round(0).astype(int)
        cols = [c for c in ("id", "name", "name_ar", "pcode", "km2") if c in frame.columns]
        _write(tables.render(frame[cols], args.format, full=args.full, raw_csv=args.raw_csv))
    return 0


def _cmd_locate(args: argparse.Namespace) -> int:
    from geo.io import check_target
    from geo.model.atlas import parse_day
    from geo.model.span import check_day
    from geo.points.locate import locate_csv, place_report

    if args.date is not None and args.dates is not None:
        raise ZonemapError("give either --date or --dates, not both")
    if args.place:
        if args.input:
            raise ZonemapError("give either a CSV file or --place, not both")
        atlas = _atlas(args)
        _write(place_report(args.place, atlas, _date(args, atlas), args.lang))
        return 0
    if not args.input:
        raise ZonemapError("nothing to locate: give a CSV file with lat and lon columns (or - for standard input), "
                           "or --place NAME")
    _engine_options(args)
    if args.output == "-":  # as for the input: standard output, not a file named "-"
        args.output = None
    if args.engine == "dask" and not args.output:
        raise ZonemapError("--engine dask writes partitioned Parquet into a folder: give it with -o DIR")
    if args.output and args.engine != "dask":
        check_target(Path(args.output), args.force)
    several = args.dates is not None
    atlas = _atlas(args)
    days = [check_day(atlas, parse_day(d.strip()), "--dates") for d in args.dates.split(",") if d.strip()] \
        if several else [_date(args, atlas)]
    if several and not days:
        raise ZonemapError("--dates needs at least one date, e.g. --dates 2017-09-15,2018-09-17")
    sys.stdout.flush()
    if args.engine == "dask":
        from geo.points.engine_dask import locate_dask

        rows = locate_dask(args.input, args.output, atlas, days, several=several, force=args.force,
                           replace=args.replace, scheduler=args.scheduler, workers=args.workers, lang=args.lang)
        print(one_line(f"located {rows:,} rows into {args.output}"), file=sys.stderr)
        return 0
    locate_csv(args.input, args.output, atlas, days, several=several, force=args.force, replace=args.replace,
               raw_csv=args.raw_csv, lang=args.lang)
    return 0


def _cmd_validate(args: argparse.Namespace) -> int:
    from geo.model import validate

    for line in validate.validate(args.files, args.zones, args.provisions, args.governorates, args.agreements):
        _write(line)
    return 0


def _cmd_events(args: argparse.Namespace) -> int:
    """Events and deaths per area, its ring and the rest of Syria, per month or per period between key dates."""
    import json
    import shutil
    import textwrap

    from geo.draw import tables
    from geo.model import events
    from geo.model.agreements import milestones

    atlas = _atlas(args)
    kinds = list(atlas.schema.area_kinds)
    zones = _event_zones(atlas, kinds, args.zone) if args.zone else None
    _engine_options(args)
    options = {"precision": args.precision, "date_range": _date_range(args.date_range), "ring_km": args.ring_km,
               "kinds": kinds}
    if args.engine == "dask":
        from geo.points.engine_dask import count_events_dask

        counts = count_events_dask(args.events, atlas.areas, atlas.outline, scheduler=args.scheduler,
                                   workers=args.workers, **options)
    else:
        counts = events.count_events(args.events, atlas.areas, atlas.outline, **options)
    if args.by == "period":
        table = counts.by_period(events.default_key_dates(atlas.areas, milestones(atlas.agreements), kinds=kinds,
                                                          names=atlas.names, events=atlas.offensive_dates), zones)
    else:
        table = counts.by_month(zones)
    notes = counts.lines() + [events.bundled_citation() if args.events is None
                              else f"events file: {args.events} (your own file)"]
    if args.format == "json":
        rows = json.loads(tables.render(table, "json"))
        _write(json.dumps({"caveat": events.CAVEAT, "notes": notes, "rows": rows}, ensure_ascii=False, indent=2))
        return 0
    if args.format == "csv":
        lines = [f"# {_comment(line, args.raw_csv)}" for text in (events.CAVEAT, *notes)
                 for line in textwrap.wrap(text, 98, break_on_hyphens=False)]
        _write("\n".join(lines) + "\n" + tables.render(table, "csv", raw_csv=args.raw_csv))
        return 0
    width = max(shutil.get_terminal_size((120, 24)).columns, 40)
    below = [line for text in (events.CAVEAT, *notes) for line in textwrap.wrap(one_line(text), width - 1)]
    _write(_events_tables(table, atlas.names, args.ring_km, args.full) + "\n\n" + "\n".join(below))
    return 0


def _events_tables(table, names: dict[str, str], ring_km: float, full: bool) -> str:
    """The counts as a terminal shows them: one table per zone under its name, short headers, low-high in one
    column, each period's length in days (the CSV and JSON keep every column as it is)."""
    import pandas as pd

    from geo.draw import tables
    from geo.model import events

    out = []
    for zone, rows in table.groupby("zone_id", sort=False):
        area = zone.removesuffix(events.RING)
        if zone == events.REST:
            title = "rest of Syria (in no area and no ring)"
        elif zone != area:
            title = f"{zone}: ring up to {ring_km:g} km outside {names.get(area, area)}"
        else:
            title = f"{zone}: {names.get(zone, zone)}"
        view = pd.DataFrame(index=rows.index)
        if "month" in rows.columns:
            view["month"] = rows["month"]
        else:
            view["period"] = rows["period"]
            view["from"] = rows["period_start"]
            view["days"] = (pd.to_datetime(rows["period_end"]) - pd.to_datetime(rows["period_start"])).dt.days
        view["events"] = rows["events"]
        view["deaths"] = rows["deaths_best"]
        view["low-high"] = [f"{lo}-{hi}" for lo, hi in zip(rows["deaths_low"], rows["deaths_high"], strict=True)]
        view["per 30 days"] = [f"{v:.1f}" for v in rows["deaths_per_30_days"]]
        out.append(one_line(title) + "\n" + tables.render(view.reset_index(drop=True), "table", full=full))
    return "\n\n".join(out)


def _engine_options(args: argparse.Namespace) -> None:
    """--scheduler and --workers belong to --engine dask."""
    if args.engine != "dask" and (args.scheduler or args.workers is not None):
        raise ZonemapError("--scheduler and --workers go with --engine dask")


def _event_zones(atlas, kinds: list[str], wanted: list[str]) -> list[str]:
    """The areas asked for with --zone, each one whose events are counted (an area of a counted kind)."""
    counted = list(dict.fromkeys(atlas.areas.loc[atlas.areas["kind"].isin(kinds), "id"]))
    for zone in wanted:
        if zone in counted:
            continue
        if zone in atlas.names:
            kind = atlas.areas.loc[atlas.areas["id"] == zone, "kind"].iloc[0]
            raise ZonemapError(f"{zone!r} is a {kind}: events are counted only in areas of kind "
                               f"{' or '.join(kinds)} (the other kinds lie inside them) — choose one of "
                               f"{', '.join(counted)}")
        raise ZonemapError(f"unknown area {zone!r} — events are counted in {', '.join(counted)}")
    return list(dict.fromkeys(wanted))


def _date_range(value: str | None) -> tuple[str | None, str | None] | None:
    """``FROM,TO`` (either may be left empty for an open end) as a pair for geo.model.events."""
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not any(parts):
        raise ZonemapError(f"--date-range was {value[:40]!r} but must be FROM,TO, e.g. 2017-01-01,2018-12-31 "
                           "(leave one side empty for an open end: 2018-01-01,)")
    return parts[0] or None, parts[1] or None


def _precision(value: str) -> int | None:
    """--precision: a whole number from 1 to 7, or ``all``."""
    if value.strip().lower() == "all":
        return None
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value[:20]!r} is not a whole number from 1 to 7, or all") from None
    if not 1 <= number <= 7:
        raise argparse.ArgumentTypeError(f"{number} is not from 1 to 7")
    return number


def _comment(text: str, raw: bool) -> str:
    """A ``#`` line of a CSV header, safe in a spreadsheet that splits it at commas: no piece starts a formula,
    and no double quote opens a field that would swallow the lines after it."""
    from geo.base.text import csv_cell

    text = one_line(text)
    if raw:
        return text
    pieces = text.replace('"', "'").split(",")
    return ",".join([pieces[0]] + [p[:len(p) - len(p.lstrip())] + csv_cell(p.lstrip()) for p in pieces[1:]])


def _cmd_export(args: argparse.Namespace) -> int:
    from geo.draw import export
    from geo.io import check_target

    path = Path(args.output)
    animation = (args.start, args.end, args.step, args.offensive)
    if not args.animate and any(v is not None for v in animation):
        raise ZonemapError("--from, --to, --step and --offensive go with --animate")
    if args.animate:
        return _animate(args, path)
    if args.each:  # a folder or a .pdf, checked before the layers are read (the text: a trailing / means a folder)
        export.each_target(args.output, args.format)
    else:
        export.format_for(path, args.format)
        check_target(path, args.force)  # before the layers are read: a refused target costs nothing
    atlas = _atlas(args, notes=True)
    _date(args, atlas)  # a date the data describes, or one line saying its span
    written = export.export_cli(args, atlas)
    if isinstance(written, list):
        folder = written[0].parent if written else path
        print(one_line(f"wrote {len(written)} files to {folder}"), file=sys.stderr)
    else:
        print(one_line(f"wrote {written}"), file=sys.stderr)
    return 0


def _animate(args: argparse.Namespace, path: Path) -> int:
    """``export --animate``: the front frame by frame, as a GIF or an MP4 (checked before the layers are read)."""
    from geo.draw import animate
    from geo.io import check_target
    from geo.model.atlas import parse_day

    if args.each or args.provision or args.mark or args.format or args.date:
        raise ZonemapError("--animate draws the front over a span of days: it takes --from, --to, --step, "
                           "--offensive, --zone and the size options, not --each, --provision, --mark, --format "
                           "or --date")
    kind = animate.format_of(path)
    check_target(path, args.force)
    if kind == "mp4":
        animate._ffmpeg(path)
    from geo.model.span import check_day

    start = parse_day(args.start) if args.start else None
    end = parse_day(args.end) if args.end else None
    atlas = _atlas(args)
    start = check_day(atlas, start, "--from") if start else None  # days the data describes, or their span
    end = check_day(atlas, end, "--to") if end else None
    zone = args.zone[-1] if args.zone else None
    the_plan = animate.plan(atlas, zone, start, end, args.step if args.step is not None else 7, args.offensive)
    width = animate.DEFAULT_WIDTH if args.width is None else args.width
    height = animate.DEFAULT_HEIGHT if args.height is None else args.height
    written = animate.animate(atlas, path, the_plan, width, height, force=args.force, preset=args.preset)
    print(one_line(f"wrote {written} ({len(the_plan.days)} frames, {the_plan.days[0]} to {the_plan.days[-1]})"),
          file=sys.stderr)
    return 0


def _cmd_dataset(args: argparse.Namespace) -> int:
    from geo.dataset import write_release

    written = write_release(Path(args.output), force=args.force)
    print(one_line(f"wrote {len(written)} files to {args.output}"), file=sys.stderr)
    return 0


# --- plumbing ------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zonemap",
        description="The de-escalation areas of the Astana process in Syria (2017–2020) and the provisions of "
                    "the agreements that governed them.",
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, run: Callable, help_: str, layers: Sequence[str], dated: bool = True,
                formats: Sequence[str] = (), writes_csv: bool = False, lang: bool = False) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(run=run)
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        for layer in layers:
            p.add_argument(f"--{layer}", metavar="PATH", help=f"use this {layer} file instead of the bundled one")
        if dated:
            p.add_argument("--date", metavar="YYYY-MM-DD", help="the date to answer for (default 2017-09-15)")
        if formats:
            p.add_argument("--format", choices=formats, default=formats[0])
            p.add_argument("--full", action="store_true", help="every column, and long texts in full (wrapped)")
        if formats or writes_csv:
            p.add_argument("--raw-csv", action="store_true",
                           help="write CSV cells as they are (by default a cell starting with = + - @ gets a quote)")
        if lang:
            from geo.base.i18n import LANGS

            p.add_argument("--lang", choices=LANGS, default="en",
                           help="the language of the names and labels written: en or ar (Arabic); columns, ids "
                                "and messages stay as they are")
        return p

    command("zones", _cmd_zones, "list the areas and zones on a date, with size, governorates and confidence",
            ("zones", "governorates"), formats=FORMATS_LAYER, lang=True)
    p = command("provisions", _cmd_provisions, "list the provisions and where they apply",
                ("zones", "provisions", "agreements"), formats=("table", "csv", "json"), lang=True)
    p.add_argument("--zone", action="append", metavar="ID", help="only provisions that apply to this area (repeatable)")
    p.add_argument("--category", action="append", metavar="C", help="only provisions in this category (repeatable)")
    p.add_argument("--agreement", action="append", metavar="ID", help="only this agreement's provisions (repeatable)")
    command("agreements", _cmd_agreements, "list the agreements: date, kind, how much of the text is known, the "
            "language of its quoted words", ("provisions", "agreements"), dated=False,
            formats=("table", "csv", "json"))
    p = command("timeline", _cmd_timeline, "the steps of the front: each area's dated states, with km², the offensive "
                "and the localities lost and gained", ("zones",), dated=False, formats=("table", "csv", "json"),
                lang=True)
    p.add_argument("--zone", action="append", metavar="ID", help="only this area or zone (repeatable; by default "
                   "every area, no zones)")
    command("governorates", _cmd_governorates, "list the governorates layer", ("governorates",), dated=False,
            formats=FORMATS_LAYER)
    p = command("events", _cmd_events, "events and deaths of organised violence (UCDP GED) per area, its ring and the "
                "rest of Syria, per month or per period between the agreements", ("zones", "agreements", "events"),
                dated=False, formats=("table", "csv", "json"))
    p.add_argument("--zone", action="append", metavar="ID", help="only this area, its ring and the rest of Syria "
                   "(repeatable)")
    p.add_argument("--by", choices=("month", "period"), default="month",
                   help="one row per calendar month (default), or per period between key dates: the agreements, "
                        "each area's redrawings and its end")
    p.add_argument("--precision", type=_precision, default=2, metavar="N",
                   help="keep events whose location precision (where_prec) is N or better (default 2: a settlement "
                        "or better; all keeps every event)")
    p.add_argument("--date-range", metavar="FROM,TO", help="only events from FROM to TO, both included "
                   "(YYYY-MM-DD,YYYY-MM-DD; one side may be empty)")
    p.add_argument("--ring-km", type=float, default=10.0, metavar="KM",
                   help="width of the ring outside each area's edge (default 10)")
    _engine_arguments(p, "events: the same tables")
    p = command("locate", _cmd_locate, "find the area and governorate of points in a CSV, or of a named place",
                ("zones", "governorates"), writes_csv=True, lang=True)
    p.add_argument("input", nargs="?", metavar="INPUT.csv",
                   help="CSV with lat and lon (or latitude and longitude) columns; - reads standard input")
    p.add_argument("-o", "--output", metavar="OUT.csv", help="write here instead of standard output (-: standard output)")
    p.add_argument("--force", action="store_true", help="overwrite OUT.csv if it exists")
    p.add_argument("--dates", metavar="D1,D2,…", help="one zone_id_<date> column per date instead of --date")
    p.add_argument("--replace", action="store_true", help="overwrite input columns that locate adds")
    p.add_argument("--place", metavar="NAME", help="look a place name up in the gazetteer instead")
    _engine_arguments(p, "locate: writes partitioned Parquet into -o DIR")
    p = command("validate", _cmd_validate, "check the bundled data, or your own files",
                ("zones", "provisions", "governorates", "agreements"), dated=False)
    p.add_argument("files", nargs="*", metavar="FILE", help="area (.geojson, .gpkg, .zip…) or provisions (.json) files")
    p = command("export", _cmd_export, "write the map as PNG, SVG, PDF or standalone HTML",
                ("zones", "provisions", "governorates", "agreements"), lang=True)
    p.add_argument("-o", "--output", required=True, metavar="PATH",
                   help="file to write (the suffix picks the format); with --each, a folder (DIR/) or a .pdf handout")
    p.add_argument("--provision", action="append", metavar="N",
                   help="highlight where provision N applies: 5 (the statement's) or sochi-2018:3 (repeatable)")
    p.add_argument("--zone", action="append", metavar="ID", help="select this area (with --animate: the area to follow)")
    p.add_argument("--mark", metavar="PLACE", help="mark a place (looked up in the gazetteer) on the map")
    p.add_argument("--each", choices=("provision", "zone", "date"),
                   help="one map per provision (the statement's, or those in force on --date of the agreements that drew "
                        "the areas, or those given with "
                        "--provision), per area and zone, or per date the map changed (the whole story: small multiples), "
                        "into DIR/ (provision-05.png, date-2018-09-17.png…) or one PDF handout")
    p.add_argument("--animate", action="store_true",
                   help="the front frame by frame, one frame per week: -o NAME.gif (or .mp4 where ffmpeg is "
                        "installed), from --from to --to (default: the span of the last offensive against --zone)")
    p.add_argument("--from", dest="start", metavar="YYYY-MM-DD", help="with --animate: the first frame's day")
    p.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="with --animate: the last frame's day")
    p.add_argument("--step", type=int, metavar="DAYS", help="with --animate: days between frames (default 7)")
    p.add_argument("--offensive", metavar="ID", help="with --animate: the span of this offensive (zonemap "
                   "timeline names them)")
    p.add_argument("--preset", choices=("page", "column", "slide"),
                   help="text sizes and labels for a page, a newspaper column or a slide (default: from --width)")
    p.add_argument("--arabic", action="store_true", help="add the areas' Arabic names under their English names "
                   "(with --lang ar: their English names under the Arabic)")
    p.add_argument("--format", choices=("png", "svg", "pdf", "html"), help="override the format the suffix implies")
    p.add_argument("--width", type=int, metavar="PX", help="image width in pixels (default 1600)")
    p.add_argument("--height", type=int, metavar="PX", help="image height in pixels (default 1200)")
    p.add_argument("--force", action="store_true", help="overwrite PATH (with --each: the files in DIR/) if it exists")
    p = command("dataset", _cmd_dataset, "write the citable dataset: every table in GeoPackage, GeoParquet and CSV, "
                "with a codebook, datapackage.json, CITATION.cff, the licence and checksums", (), dated=False)
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="folder to write (must not exist or be empty)")
    p.add_argument("--force", action="store_true", help="replace DIR if it exists and is not empty")
    return parser


def _engine_arguments(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument("--engine", choices=("default", "dask"), default="default",
                   help=f"dask: read the file in partitions and work on many cores or a cluster ({what}); needs "
                        "pip install 'zonemap[dask]'")
    p.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: a running dask.distributed "
                   "scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster on this machine's cores)")
    p.add_argument("--workers", type=int, metavar="N", help="with --engine dask and no --scheduler: worker "
                   "processes of the local cluster (default: this machine's cores)")


def _atlas(args: argparse.Namespace, notes: bool = False):
    """The atlas of the files given; with ``notes``, one ``warning:`` per provision that names an area the
    areas file lacks (the provisions are shown: where they apply is part of the answer)."""
    from geo.model.atlas import Sources, load_atlas

    atlas = load_atlas(Sources(areas=getattr(args, "zones", None), provisions=getattr(args, "provisions", None),
                               governorates=getattr(args, "governorates", None),
                               agreements=getattr(args, "agreements", None)))
    if notes:
        for note in atlas.warnings:
            warnings.warn(f"{atlas.origin}: {note}", stacklevel=2)
    return atlas


def _date(args: argparse.Namespace, atlas) -> date:
    from geo.model.atlas import parse_day
    from geo.model.span import check_day

    value = getattr(args, "date", None)
    return atlas.schema.default_date if value is None else check_day(atlas, parse_day(value))


def _known(what: str, given: Sequence[str], known: Sequence[str]) -> None:
    """Raise for the first of ``given`` that is not ``known``, listing the known ones."""
    for value in given:
        if value not in known:
            raise ZonemapError(f"unknown {what} {value!r}; known: {', '.join(known)}")


def _write(text: str) -> None:
    sys.stdout.write(printable(text if text.endswith("\n") else text + "\n"))
    sys.stdout.flush()


def _fail(caught: list, lines: list[str]) -> int:
    _print_warnings(caught)
    for line in lines:
        print(f"error: {one_line(clip(line, MAX_LINE))}", file=sys.stderr)
    return 1


def _print_warnings(caught: list) -> None:
    shown = _lines_shown()
    for w in caught[:shown]:
        print(f"warning: {one_line(clip(str(w.message), MAX_LINE))}", file=sys.stderr)
    if len(caught) > shown:
        print(f"warning: … and {len(caught) - shown:,} more warnings", file=sys.stderr)


def _lines_shown() -> int:
    """The budget of warning lines (ZONEMAP_MAX_ERRORS, as for errors)."""
    from geo.io.budget import Budget

    try:
        return Budget.from_env().errors
    except ZonemapError:
        return Budget.errors


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so Python's exit flush does not complain."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
