"""Bundle the collected texts of the Astana process: ``zones/texts/astana-process/*.txt``.

Run ``python -m zones.draw.texts`` from the repository root. Each file of
``../shared/texts/astana-process/`` that ``zones/agreements.json`` quotes is copied byte for byte under a
short provenance header (``#`` lines: the document, its status as the research notes give it, where the copy
comes from). The app and the tests read only the copies: a provision marked verbatim, partial or reported must
be found in its copy (tests/test_astana_process.py). The files left out, with the reason, are listed in
``zones/texts/README.md`` (``LEFT_OUT`` here says the same).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from zones.draw import build

SHARED = Path(os.environ.get("ZONEMAP_SHARED_TEXTS", build.ZONES_DIR.parent.parent / "shared" / "texts"))
SOURCE = SHARED / "astana-process"
TARGET = build.ZONES_DIR / "texts" / "astana-process"

# The files quoted by zones/agreements.json (file stem → agreement id).
BUNDLED = {
    "ru-tr-ceasefire-2016-12-29": "ceasefire-2016",
    "unsc-2336": "unsc-2336",
    "astana-memorandum-2017-05-04-supplement": "memorandum-2017",
    "astana-05-2017-07-05": "astana-5-2017",
    "sw-syria-ceasefire-2017-07-07": "sw-ceasefire-2017",
    "cairo-ghouta-jaysh-islam-2017-07-22": "cairo-ghouta-2017",
    "cairo-north-homs-2017-07-31": "cairo-north-homs-2017",
    "cairo-ghouta-faylaq-rahman-2017-08-16": "geneva-ghouta-2017",
    "astana-07-2017-10-31": "astana-7-2017",
    "amman-mop-2017-11-08": "amman-mop-2017",
    "danang-us-ru-joint-statement-2017-11-11": "danang-2017",
    "summit-sochi-2017-11-22": "sochi-summit-2017",
    "astana-08-2017-12-22": "astana-8-2017",
    "unsc-2401": "unsc-2401",
    "summit-ankara-2018-04-04": "ankara-summit-2018",
    "north-homs-handover-2018-05-02": "north-homs-handover-2018",
    "astana-09-2018-05-15": "astana-9-2018",
    "astana-10-sochi-2018-07-31": "sochi-10-2018",
    "summit-tehran-2018-09-07": "tehran-summit-2018",
    "sochi-memorandum-2018-09-17-supplement": "sochi-2018",
    "astana-11-2018-11-29": "astana-11-2018",
    "summit-sochi-2019-02-14": "sochi-summit-2019",
    "astana-12-2019-04-26": "astana-12-2019",
    "astana-13-2019-08-02": "astana-13-2019",
    "summit-ankara-2019-09-16": "ankara-summit-2019",
    "astana-14-2019-12-11": "astana-14-2019",
}
# The files not made into an agreement, and why (zones/texts/README.md gives the same reasons).
LEFT_OUT = {
    "astana-04-2017-05-04": "no document of its own: the outcome of the fourth round is the memorandum of 4 May 2017 "
                            "(memorandum-2017); the file holds only the Turkish foreign ministry's press release about it",
    "ru-tr-mou-sochi-2019-10-22": "not about the de-escalation areas: the Russia-Turkey memorandum on north-east Syria "
                                  "(Operation Peace Spring, Tel Abyad to Ras al-Ayn, Manbij, Tal Rifaat)",
    "us-tr-joint-statement-2019-10-17": "not about the de-escalation areas: the US-Turkey statement on north-east Syria "
                                        "(the safe zone of Operation Peace Spring)",
    "notes-better-sources-for-already-collected": "not a document: pointers to better copies of texts already bundled "
                                                  "(the Moscow protocol, the statement of 15 Sep 2017, the memorandums)",
}


def header(name: str, text: str) -> str:
    """The provenance header of one copy: the document's title and status from its own lines."""
    fields = {}
    for line in text.splitlines()[:8]:
        key, sep, value = line.partition(":")
        if sep and key in ("title", "date", "status"):
            fields[key] = value.strip()
    return (
        f"# {fields.get('title', name)} ({fields.get('date', 'no date')})\n"
        f"# STATUS: {fields.get('status', 'not given')}\n"
        f"# Copied byte for byte, below this header, from the project's research notes "
        f"(shared/texts/astana-process/{name}.txt) by python -m zones.draw.texts.\n"
        f"# The notes give each passage's source (the 'source:' line and the lines above each passage, with their "
        f"http addresses); zonemap quotes only these words.\n"
    )


def bundle(source: Path = SOURCE, target: Path = TARGET) -> list[Path]:
    """Write the copies; return their paths. Every file of ``source`` must be bundled or left out."""
    found = {p.stem for p in source.glob("*.txt")}
    unknown = found - set(BUNDLED) - set(LEFT_OUT)
    missing = set(BUNDLED) - found
    if unknown or missing:
        raise SystemExit(f"texts: not accounted for: {sorted(unknown)}; missing: {sorted(missing)}")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in sorted(BUNDLED):
        text = (source / f"{name}.txt").read_text(encoding="utf-8")
        path = target / f"{name}.txt"
        path.write_text(header(name, text) + text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zones.draw.texts", description=__doc__.splitlines()[0])
    parser.parse_args(argv)
    if not SOURCE.is_dir():
        print(f"texts: {SOURCE} not found (set ZONEMAP_SHARED_TEXTS)", file=sys.stderr)
        return 1
    written = bundle()
    print(f"wrote {len(written)} files to {TARGET.relative_to(build.ZONES_DIR.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
