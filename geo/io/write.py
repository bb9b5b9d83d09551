"""Writing files safely: whole or not at all, never over an existing file unless asked, only regular files.

A new file gets the mode the umask gives any new file (not the 0600 of a temporary file); a file replaced
with ``--force`` keeps its mode. A symbolic link, a device or any other non-regular file is never replaced.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from geo.base import data, interrupt
from geo.base.errors import ExportError
from geo.base.text import one_line

__all__ = ["check_target", "atomic_write", "temporary_file", "os_reason"]


def check_target(path: Path, force: bool) -> None:
    """Raise if ``path`` cannot be written: it exists (without ``force``), is not a regular file, or its folder is missing."""
    path = Path(path)
    shown = one_line(str(path))
    if path.is_dir():
        raise ExportError(f"{shown}: is a folder — give a file name")
    if data.is_bundled(path):
        raise ExportError(f"{shown}: is inside zonemap's bundled data folder, which is never written — "
                          "write somewhere else")
    if os.path.lexists(path):
        if not force:
            raise ExportError(f"{shown}: already exists — use --force to overwrite it")
        mode = os.lstat(path).st_mode
        if stat.S_ISLNK(mode):
            raise ExportError(f"{shown}: is a symbolic link — zonemap replaces only regular files; remove the link first")
        if not stat.S_ISREG(mode):
            raise ExportError(f"{shown}: is not a regular file (a device, pipe or socket) — give a file name")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{shown}: folder {one_line(str(folder))} does not exist — create it first")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"{shown}: folder {one_line(str(folder))} is not writable — write somewhere else")


def atomic_write(path: Path, write: Callable[[Path], None], force: bool = False) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place.

    A failure (or Ctrl-C) leaves ``path`` as it was; the temporary file is removed.
    """
    path = Path(path)
    check_target(path, force)
    mode = os.stat(path).st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
    try:
        with temporary_file(f".{path.name[:100]}.", ".part", path.parent or Path(".")) as tmp:
            write(tmp)
            os.chmod(tmp, mode)
            if not force and os.path.lexists(path):
                raise ExportError(f"{one_line(str(path))}: appeared while writing — use --force to overwrite it")
            os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(f"{one_line(str(path))}: cannot be written: {os_reason(exc)} — nothing was written; "
                          "check the free space and the folder's permissions") from None
    return path


@contextmanager
def temporary_file(prefix: str, suffix: str, folder: Path | None = None) -> Iterator[Path]:
    """A new empty file (in ``folder``, else the system's temporary folder), removed on leaving — also after a
    Ctrl-C, even one that comes while the file is being made (it is held until the file can be removed)."""
    tmp = None
    with ExitStack() as stack:
        try:
            with interrupt.held():
                fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
                tmp = Path(name)
                stack.enter_context(interrupt.removing(tmp))
                os.close(fd)
            yield tmp
        finally:
            if tmp is not None and os.path.lexists(tmp):
                tmp.unlink()


def os_reason(exc: OSError) -> str:
    """What went wrong, as the system says it ("No space left on device"), also when the error comes through a
    library (pyarrow writes "Error writing bytes to file. Detail: [errno 28] …")."""
    number = exc.errno
    if number is None:
        found = re.search(r"\[errno (\d+)\]", str(exc))
        number = int(found.group(1)) if found else None
    if number is not None:
        return os.strerror(number)
    return exc.strerror or str(exc) or type(exc).__name__


def _umask() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current
