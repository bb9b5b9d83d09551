"""Bounded, part two (issue 21), as a process: streams and devices that never end, pipes that never open,
and Ctrl-C at any moment — each run as the real command (``python -m geo``, what ``zonemap`` runs).

Each refusal: exit status 1, exactly one ``error:`` line naming the input and the problem, no traceback,
nothing written, and nothing left in the temporary folder (TMPDIR is a fresh folder, checked empty after).
Work is bounded by what the command read — the bytes a writer could push into its standard input before it
stopped reading — never by the clock (a generous ceiling only stops a test that would hang).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.hostile import write
from tests.hostile_input import areas_without, command, interrupt, mapped, points_csv

CEILING = 300  # seconds: only so that a hang fails instead of blocking the run
PIPE = 1 << 16  # what a pipe holds beyond what the command read (Linux's default pipe buffer)


@pytest.fixture
def spool(tmp_path):
    folder = tmp_path / "spool"
    folder.mkdir()
    yield folder
    assert list(folder.iterdir()) == [], "something was left in the temporary folder"


def finish(child, timeout: float = CEILING) -> tuple[int, str, str]:
    out, err = child.communicate(timeout=timeout)
    return child.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def assert_refused(result: tuple[int, str, str], where: str, *words: str) -> str:
    code, out, err = result
    lines = err.splitlines()
    assert (code, out) == (1, ""), err
    assert len(lines) == 1 and lines[0].startswith(f"error: {where}: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def feed(child, chunk: bytes, first: bytes = b"", most: int = 1 << 30) -> int:
    """Write ``first`` then ``chunk`` again and again into the child's standard input until it stops reading
    (or ``most`` bytes); the number of bytes it took."""
    sent = 0
    try:
        child.stdin.write(first)
        sent += len(first)
        while sent < most:
            child.stdin.write(chunk)
            child.stdin.flush()
            sent += len(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass
    finally:
        try:
            child.stdin.close()
        except BrokenPipeError:
            pass
        child.stdin = None  # closed: communicate() only reads
    return sent


# --- 1. streams and devices: refused early, within the budget, nothing left behind --------------------------


def test_locate_refuses_a_link_to_dev_zero_at_once_and_leaves_nothing(tmp_path, spool):
    os.symlink("/dev/zero", tmp_path / "zero.csv")
    child = command(["locate", "zero.csv", "-o", "out.csv"], tmp_path, {"TMPDIR": str(spool)})
    assert_refused(finish(child), "zero.csv", "holds NUL bytes")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spool", "zero.csv"]


@pytest.mark.parametrize("name, chunk, words", [
    ("zeros", bytes(PIPE), "holds NUL bytes"),
    ("random bytes", bytes(range(128, 256)) * 512, "not UTF-8 text (byte 0)"),
])
def test_locate_reads_little_of_a_stream_that_is_not_a_csv(tmp_path, spool, name, chunk, words):
    """The issue's ``cat /dev/urandom | zonemap locate -`` ran for minutes and left 14.6 GB behind."""
    child = command(["locate", "-"], tmp_path, {"TMPDIR": str(spool)}, stdin=-1)
    taken = feed(child, chunk, most=1 << 28)
    assert_refused(finish(child), "standard input", words)
    assert taken <= 1_000_000 + 2 * PIPE + len(chunk), f"{taken:,} bytes read"  # one chunk of 1 MB


def test_locate_stops_an_endless_csv_on_standard_input_at_the_byte_budget(tmp_path, spool):
    limit, line = 200_000, 10_000
    child = command(["locate", "-", "-o", "out.csv"], tmp_path,
                    {"TMPDIR": str(spool), "ZONEMAP_MAX_BYTES": str(limit), "ZONEMAP_MAX_LINE": str(line)}, stdin=-1)
    taken = feed(child, b"Saraqib,35.8645,36.8059\n" * 1000, first=b"name,lat,lon\n", most=1 << 28)
    assert_refused(finish(child), "standard input", "longer than 0.2 MB, the budget for standard input",
                   "ZONEMAP_MAX_BYTES")
    assert taken <= limit + line + 2 * PIPE + 24_000, f"{taken:,} bytes read"
    assert not (tmp_path / "out.csv").exists()


def test_locate_of_a_stream_within_the_budget_is_located(tmp_path, spool):
    child = command(["locate", "-"], tmp_path, {"TMPDIR": str(spool)}, stdin=-1)
    feed(child, b"", first=points_csv(newline="\r").encode(), most=0)
    code, out, err = finish(child)
    assert (code, err) == (0, "")
    assert [line.split(",")[3] for line in out.splitlines()[1:]] == ['"eastern_ghouta"', '"idlib"', '""']


def test_events_and_validate_refuse_a_pipe_and_a_device_without_waiting(tmp_path, spool):
    os.mkfifo(tmp_path / "events.csv")
    os.mkfifo(tmp_path / "mine.json")
    os.symlink("/dev/zero", tmp_path / "zero.parquet")
    for argv, where in ((["events", "--events", "events.csv"], "events.csv"),
                        (["events", "--events", "zero.parquet"], "zero.parquet"),
                        (["validate", "mine.json"], "mine.json")):
        child = command(argv, tmp_path, {"TMPDIR": str(spool)})
        assert_refused(finish(child), where, "is not a regular file (a device, pipe or socket)")


# --- 5. Ctrl-C at any moment: exit 130 and one line ------------------------------------------------------------

# Moments while the command runs, each recognised as it happens (never by a delay): a library mapped into
# the process means its import is under way; the temporary ".part" file means the export is being written.
CASES = [
    (["export", "-o", "map.png", "--width", "2400", "--height", "1800"], ("libproj", "ft2font", ".part")),
    (["provisions", "--zones", "lacking.geojson"], ("libgeos", "libgdal")),  # its warnings: never printed on Ctrl-C
    (["locate", "points.csv", "--dates", "2017-09-15,2018-09-17", "-o", "out.csv"], ("libarrow",)),
    (["dataset", "-o", "release"], (".part",)),  # a folder being written: removed whole
]


def _clean(folder: Path) -> None:
    """Remove what a command that ran to its end wrote."""
    import shutil

    for name in ("map.png", "out.csv", "release"):
        path = folder / name
        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)


def at_moment(child, moment: str, folder: Path) -> bool:
    """Wait (polling, no delay) until ``moment`` happens in ``child``; False if the child ended first."""
    while child.poll() is None:
        if moment == ".part":
            if any(".part" in p.name for p in folder.iterdir()):
                return True
        elif mapped(child.pid, moment):
            return True
        time.sleep(0.0005)
    return False


@pytest.mark.parametrize("argv, moments", [pytest.param(*case, id=case[0][0]) for case in CASES])
def test_ctrl_c_at_every_moment_gives_exit_130_and_one_line(tmp_path, spool, argv, moments):
    write(tmp_path / "lacking.geojson", areas_without("idlib", "southern"))
    write(tmp_path / "points.csv", points_csv())
    sent = 0
    for moment in moments:
        before = sorted(p.name for p in tmp_path.iterdir())
        child = command(argv, tmp_path, {"TMPDIR": str(spool)})
        if not (at_moment(child, moment, tmp_path) and interrupt(child)):
            code, _, err = finish(child)  # the moment never came (that command does not need the library)
            assert code == 0 and "Traceback" not in err, err
            _clean(tmp_path)
            continue
        sent += 1
        code, out, err = finish(child)
        if code == 0:  # it had finished its work as the signal came: a whole answer, nothing lost
            assert "Traceback" not in err
            _clean(tmp_path)
            continue
        assert (code, err) == (130, "interrupted\n"), (moment, code, err[-2000:])
        assert sorted(p.name for p in tmp_path.iterdir()) == before, moment  # no .part, no half file
    assert sent >= 1


@pytest.mark.parametrize("entry", ["geo", "geo.cli"])  # the installed zonemap script, and python -m geo.cli
def test_ctrl_c_in_the_first_instants_is_one_line_too(tmp_path, spool, entry):
    """The first Python modules of the command (the handler is installed before any of them) and the heavy
    imports that follow: a Ctrl-C as soon as the process has mapped numpy, then pandas' and pyproj's
    libraries, each gives exit 130 and ``interrupted`` alone."""
    sent = 0
    for moment in ("numpy", "pandas", "libproj"):
        child = command(["export", "-o", "map.png"], tmp_path, {"TMPDIR": str(spool)}, entry=entry)
        if not (at_moment(child, moment, tmp_path) and interrupt(child)):
            finish(child)
            (tmp_path / "map.png").unlink(missing_ok=True)
            continue
        sent += 1
        code, out, err = finish(child)
        assert (code, out, err) == (130, "", "interrupted\n"), (moment, err[-2000:])
        assert not (tmp_path / "map.png").exists()
    assert sent >= 1

