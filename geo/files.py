"""Writing files safely: whole or not at all, never over an existing file unless asked."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .errors import ExportError

__all__ = ["check_target", "atomic_write"]


def check_target(path: Path, force: bool) -> None:
    """Raise if ``path`` cannot be written: it exists (without ``force``), or its folder is missing."""
    if path.is_dir():
        raise ExportError(f"{path}: is a folder — give a file name")
    if _inside_bundled_data(path):
        raise ExportError(f"{path}: is inside zonemap's bundled data folder, which is never written — "
                          "write somewhere else")
    if path.exists() and not force:
        raise ExportError(f"{path}: already exists — use --force to overwrite it")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{path}: folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise ExportError(f"{path}: folder {folder} is not writable")


def atomic_write(path: Path, write: Callable[[Path], None], force: bool = False) -> Path:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it into place.

    A failure leaves ``path`` as it was; the temporary file is removed.
    """
    path = Path(path)
    check_target(path, force)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        if not force and path.exists():
            raise ExportError(f"{path}: appeared while writing — use --force to overwrite it")
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(f"{path}: cannot be written: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return path


def _inside_bundled_data(path: Path) -> bool:
    from . import data

    bundled = data.AREAS.parent.resolve()
    try:
        return path.resolve().is_relative_to(bundled)
    except OSError:
        return False
