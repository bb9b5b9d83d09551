"""What zonemap writes, it writes whole, with the modes a user expects, and only over regular files (issue 14).

- a new file gets the mode the umask gives any new file; a file replaced with ``--force`` keeps its mode;
- a symbolic link, a device, a FIFO or a folder is never replaced, ``--force`` or not;
- a write that fails half-way (the file-size limit, a full disk) or is interrupted (Ctrl-C) leaves no file and
  no temporary file, and says so in one line (``interrupted`` and exit 130 for Ctrl-C);
- standard output on a full disk is one ``error:`` line; on a closed pipe, a silent exit.
"""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from geo.base.errors import ExportError
from geo.cli import main
from geo.io import atomic_write
from geo.io.write import temporary_file
from tests.hostile import CEILING, ROOT, syria_areas, write, zonemap

POINTS = "name,lat,lon\nSaraqib,35.86,36.80\nDouma,33.57,36.40\n"
# Each wait below follows the process — its exit, a file it makes, the bytes it takes out of a pipe — and ends as
# soon as it gets there; tests/hostile.CEILING only stops one that would hang.


@pytest.fixture
def files(tmp_path, monkeypatch) -> dict[str, Path]:
    monkeypatch.chdir(tmp_path)
    return {"areas": write(tmp_path / "areas.geojson", syria_areas()), "points": write(tmp_path / "points.csv", POINTS)}


def locate_to(target: Path, *extra: str) -> list[str]:
    return ["locate", "--zones", "areas.geojson", "points.csv", "-o", str(target), *extra]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".part" in p.name or p.name.startswith("zonemap-"))


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002, 0o027])
def test_a_new_file_gets_the_mode_the_umask_gives(files, tmp_path, capsys, umask):
    old = os.umask(umask)
    try:
        assert main(locate_to(tmp_path / "out.csv")) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.csv").stat().st_mode) == 0o666 & ~umask
    assert leftovers(tmp_path) == []


def test_an_export_follows_the_umask_too(files, tmp_path, capsys):
    old = os.umask(0o027)
    try:
        assert main(["export", "--zones", "areas.geojson", "-o", "map.html"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "map.html").stat().st_mode) == 0o640


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o444, 0o664])
def test_a_file_replaced_with_force_keeps_its_mode(files, tmp_path, capsys, mode):
    target = write(tmp_path / "out.csv", "old rows\n")
    target.chmod(mode)
    assert main(locate_to(target, "--force")) == 0
    assert stat.S_IMODE(target.stat().st_mode) == mode
    assert target.read_text().startswith('"name","lat","lon","zone_id"')
    assert leftovers(tmp_path) == []


def refused(capsys, argv: list[str], words: str) -> None:
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and len(err.splitlines()) == 1, err
    assert err.startswith("error: ") and words in err, err


def test_a_symbolic_link_is_never_replaced(files, tmp_path, capsys):
    precious = write(tmp_path / "precious.txt", "keep me")
    link = tmp_path / "out.csv"
    link.symlink_to(precious)
    refused(capsys, locate_to(link, "--force"), "out.csv: is a symbolic link — zonemap replaces only regular files")
    assert link.is_symlink() and precious.read_text() == "keep me"
    dangling = tmp_path / "gone.csv"
    dangling.symlink_to(tmp_path / "nowhere.csv")
    refused(capsys, locate_to(dangling, "--force"), "gone.csv: is a symbolic link")
    assert dangling.is_symlink() and not (tmp_path / "nowhere.csv").exists()
    refused(capsys, ["export", "--zones", "areas.geojson", "-o", str(link), "--force", "--format", "html"],
            "is a symbolic link")
    assert precious.read_text() == "keep me" and leftovers(tmp_path) == []


def test_devices_fifos_and_folders_are_never_replaced(files, tmp_path, capsys):
    refused(capsys, locate_to(Path("/dev/null"), "--force"), "/dev/null: is not a regular file (a device, pipe or socket)")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    refused(capsys, locate_to(fifo, "--force"), "pipe.csv: is not a regular file")
    refused(capsys, locate_to(fifo), "pipe.csv: already exists — use --force to overwrite it")
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    (tmp_path / "folder.csv").mkdir()
    refused(capsys, locate_to(tmp_path / "folder.csv", "--force"), "folder.csv: is a folder — give a file name")
    refused(capsys, locate_to(tmp_path / "missing" / "out.csv"), "does not exist")
    assert leftovers(tmp_path) == []


# --- failures half-way, for real, in the real command ------------------------------------------------------


def _limit_file_size() -> None:  # runs in the child: files may not grow past 4 KB, and that is an error, not a kill
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_write_that_fails_half_way_leaves_nothing(files, tmp_path):
    write(tmp_path / "many.csv", "name,lat,lon\n" + "Saraqib,35.86,36.80\n" * 2000)
    done = zonemap(["locate", "--zones", "areas.geojson", "many.csv", "-o", "out.csv"], tmp_path,
                   preexec_fn=_limit_file_size, text=True)
    assert done.returncode == 1, done.stderr
    assert done.stderr == ("error: out.csv: cannot be written: File too large — nothing was written; check the free "
                           "space and the folder's permissions\n")
    assert not (tmp_path / "out.csv").exists() and leftovers(tmp_path) == []


def test_a_file_that_appears_while_writing_is_kept_without_force(tmp_path):
    target = tmp_path / "out.csv"

    def write_slowly(tmp: Path) -> None:
        target.write_text("another run's output")  # e.g. a second zonemap with the same -o, a moment faster
        tmp.write_text("ours")

    with pytest.raises(ExportError, match="out.csv: appeared while writing — use --force to overwrite it"):
        atomic_write(target, write_slowly)
    assert target.read_text() == "another run's output" and leftovers(tmp_path) == []


def test_standard_output_on_a_full_disk_is_one_error_line(files, tmp_path):
    with open("/dev/full", "w") as full:
        done = zonemap(["zones", "--zones", "areas.geojson"], tmp_path, stdout=full, stderr=subprocess.PIPE,
                       capture_output=False, text=True)
    assert done.returncode == 1
    assert done.stderr == "error: cannot write the output: No space left on device\n"


def test_a_closed_pipe_ends_the_command_silently(files, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    reader = subprocess.Popen([sys.executable, "-m", "geo.cli", "governorates", "--format", "geojson"], cwd=tmp_path,
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reader.stdout.read(10)  # like `| head -c 10`: read a little, then close the pipe
    reader.stdout.close()
    err = reader.stderr.read().decode()
    assert reader.wait(timeout=CEILING) == 0 and err == ""


def wait_for(predicate, child: subprocess.Popen, what: str) -> None:
    """Wait until ``predicate()`` holds; fail if ``child`` ends first or the ceiling passes."""
    end = time.monotonic() + CEILING
    while not predicate():
        assert child.poll() is None, f"the command ended before {what}: {child.communicate()}"
        assert time.monotonic() < end, f"the command did not get to {what} in {CEILING:.0f} s"
        time.sleep(0.01)


def outcome(child: subprocess.Popen, *unblock) -> tuple[str, str]:
    """The child's output once it ends; past the ceiling, ``unblock`` (files it waits on) is closed, the child
    killed, and the test fails saying the Ctrl-C was not acted on."""
    try:
        return child.communicate(timeout=CEILING)
    except subprocess.TimeoutExpired:
        for f in unblock:
            f.close()
        child.kill()
        out, err = child.communicate()
        pytest.fail(f"Ctrl-C was not acted on in {CEILING:.0f} s: {out!r} {err!r}")


def ctrl_c_as_in_a_terminal() -> None:
    """Runs in the child: Ctrl-C (SIGINT) does what it does for a command run in a terminal. A suite started in
    the background (``make test &``, some CI runners) hands its children SIGINT ignored, and Python then never
    turns it into KeyboardInterrupt: the command could not be interrupted, whatever it does."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def unread_bytes(fd: int) -> int:
    """Bytes written to a pipe that its reader has not taken yet."""
    import array
    import fcntl
    import termios

    count = array.array("i", [0])
    fcntl.ioctl(fd, termios.FIONREAD, count, True)
    return count[0]


# The real command, with the last step of a write (the rename into place) held until the test interrupts it, so
# that Ctrl-C lands while the whole map sits in the temporary file: the worst moment, every time. The command
# says when it gets there by making a file.
HELD_RENAME = """
import os, sys, time
from pathlib import Path
real = os.replace
def held(a, b, **kw):
    Path("renaming-now").touch()
    time.sleep(3600)  # until Ctrl-C
    return real(a, b, **kw)
os.replace = held
from geo.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_ctrl_c_while_writing_leaves_no_file_and_exits_130(files, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", HELD_RENAME, "export", "--zones", "areas.geojson", "-o", "map.pdf"],
                             cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=ctrl_c_as_in_a_terminal)
    wait_for((tmp_path / "renaming-now").exists, child, "the rename of the written map")
    assert [p.stat().st_size > 1000 for p in tmp_path.iterdir() if ".part" in p.name] == [True]  # the whole map
    child.send_signal(signal.SIGINT)
    out, err = outcome(child)
    assert child.returncode == 130 and out == "" and err == "interrupted\n"
    assert not (tmp_path / "map.pdf").exists() and leftovers(tmp_path) == []


def test_ctrl_c_while_reading_a_pipe_leaves_no_copy_and_exits_130(files, tmp_path):
    fifo = tmp_path / "incoming.csv"
    os.mkfifo(fifo)
    spool = tmp_path / "spool"
    spool.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(spool)}
    child = subprocess.Popen([sys.executable, "-m", "geo.cli", "locate", "--zones", "areas.geojson", str(fifo), "-o",
                              "out.csv"], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             preexec_fn=ctrl_c_as_in_a_terminal)
    with open(fifo, "w") as feed:  # opens once the command opens the pipe; a first row, then nothing more
        feed.write("name,lat,lon\nSaraqib,35.86,36.80\n")
        feed.flush()
        wait_for(lambda: unread_bytes(feed.fileno()) == 0, child, "reading the pipe")  # it took the row, wants more
        child.send_signal(signal.SIGINT)
        out, err = outcome(child, feed)
    assert child.returncode == 130 and out == "" and err == "interrupted\n"
    assert list(spool.iterdir()) == [] and not (tmp_path / "out.csv").exists() and leftovers(tmp_path) == []


# --- reading from pipes ------------------------------------------------------------------------------------


def test_locate_reads_standard_input_dev_stdin_and_a_fifo_like_a_file(files, tmp_path):
    expected = zonemap(["locate", "--zones", "areas.geojson", "points.csv"], tmp_path, text=True)
    assert expected.returncode == 0 and expected.stdout.count("\n") == 3, expected.stderr
    for source in ("-", "/dev/stdin"):
        piped = subprocess.run(f"cat points.csv | {sys.executable} -m geo.cli locate --zones areas.geojson {source}",
                               shell=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                               capture_output=True, text=True, timeout=CEILING)
        assert (piped.returncode, piped.stdout, piped.stderr) == (0, expected.stdout, ""), source
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    child = subprocess.Popen([sys.executable, "-m", "geo.cli", "locate", "--zones", "areas.geojson", str(fifo), "-o",
                              "out.csv"], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with open(fifo, "w") as feed:
        feed.write(POINTS)
    assert child.wait(timeout=CEILING) == 0 and child.stderr.read() == ""
    assert (tmp_path / "out.csv").read_text() == expected.stdout


def test_locate_replace_overwrites_the_columns_it_adds_and_says_so(files, tmp_path, capsys):
    write(tmp_path / "mine.csv", "name,lat,lon,zone_id,governorate\nSaraqib,35.86,36.80,old,old\n")
    assert main(["locate", "--zones", "areas.geojson", "mine.csv", "--replace"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == ['"name","lat","lon","zone_id","zone_name","agreed_id","governorate"',
                                '"Saraqib","35.86","36.80","idlib_security_zone","Idlib Security Zone","","Idlib"']
    assert err == "warning: mine.csv: replaced the input's 'zone_id', 'governorate' columns\n"


def test_ctrl_c_just_as_the_temporary_file_is_made_leaves_nothing(tmp_path, monkeypatch):
    """A Ctrl-C that lands between the temporary file's creation and the set-up of its removal (a race a
    person hits now and then: CI did) still leaves nothing behind, for a write and for a pipe's copy."""
    real = tempfile.mkstemp

    def interrupted(*args, **kwargs):
        made = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)
        return made

    monkeypatch.setattr(tempfile, "mkstemp", interrupted)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a terminal, however the suite runs
    try:
        with pytest.raises(KeyboardInterrupt):
            atomic_write(tmp_path / "map.png", lambda tmp: tmp.write_bytes(b"picture"))
        with pytest.raises(KeyboardInterrupt), temporary_file("zonemap-locate-", ".csv", tmp_path):
            pass
    finally:
        signal.signal(signal.SIGINT, previous)
    assert list(tmp_path.iterdir()) == []
