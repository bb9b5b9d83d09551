"""Writing a folder of files safely: whole or not at all, never over a non-empty folder unless asked.

The files go into a temporary folder beside the target, which is renamed into place at the end; an old folder
replaced with ``--force`` is removed only after the new one is in place. A failure (or Ctrl-C) leaves the target
as it was and no temporary folder behind. New files and folders get the modes the umask gives.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from geo.base import data, interrupt
from geo.base.errors import ExportError
from geo.base.text import one_line

from .write import _umask, os_reason

__all__ = ["check_folder", "write_folder"]


def check_folder(path: Path, force: bool) -> None:
    """Raise if ``path`` cannot become the release folder (before anything is read)."""
    shown = one_line(str(path))
    if data.is_bundled(path):
        raise ExportError(f"{shown}: is inside zonemap's bundled data folder, which is never written — "
                          "write somewhere else")
    if os.path.islink(path):
        raise ExportError(f"{shown}: is a symbolic link — give a folder name")
    if os.path.lexists(path) and not path.is_dir():
        raise ExportError(f"{shown}: is a file, not a folder — give a folder name")
    if path.is_dir() and any(path.iterdir()) and not force:
        raise ExportError(f"{shown}: already exists and is not empty — use --force to replace it")
    parent = path.absolute().parent
    if not parent.is_dir():
        raise ExportError(f"{shown}: folder {one_line(str(parent))} does not exist — create it first")
    if not os.access(parent, os.W_OK):
        raise ExportError(f"{shown}: folder {one_line(str(parent))} is not writable — write somewhere else")


def write_folder(dst: Path, fill: Callable[[Path], None], force: bool = False) -> list[Path]:
    """``fill(tmp)`` a temporary folder beside ``dst``, then rename it to ``dst`` (an old ``dst`` goes only then)."""
    dst = Path(dst)
    check_folder(dst, force)
    parent = dst.absolute().parent
    tmp = old = None
    try:
        with interrupt.held():  # made and registered: a Ctrl-C removes it (geo.base.interrupt)
            tmp = Path(tempfile.mkdtemp(prefix=f".{dst.name[:100]}.", suffix=".part", dir=parent))
            interrupt.register(tmp)
        fill(tmp)
        for path in [tmp, *tmp.rglob("*")]:
            os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~_umask())
        with interrupt.held():
            if dst.is_dir() and any(dst.iterdir()):
                if not force:
                    raise ExportError(f"{one_line(str(dst))}: appeared while writing — use --force to replace it")
                old = Path(tempfile.mkdtemp(prefix=f".{dst.name[:100]}.", suffix=".old", dir=parent))
                interrupt.register(old)
                os.replace(dst, old)
            elif dst.is_dir():
                dst.rmdir()
            os.replace(tmp, dst)
            tmp = None
    except OSError as exc:
        raise ExportError(f"{one_line(str(dst))}: cannot be written: {os_reason(exc)} — nothing was written; "
                          "check the free space and the folder's permissions") from None
    finally:
        for left in (tmp, old):
            if left is not None and os.path.lexists(left):
                shutil.rmtree(left, ignore_errors=True)
        for made in (made for made in (tmp, old) if made is not None):
            interrupt.unregister(made)
    return sorted(p for p in dst.rglob("*") if p.is_file())
