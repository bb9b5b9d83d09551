"""Ctrl-C in the ``zonemap`` command: one line, exit status 130, whenever it comes.

The command's entry point (``geo/__main__.py``) calls :func:`install` before it imports anything else, so an
interrupt during the first fraction of a second — while pandas or pyproj are half imported — is handled like
any other. The handler does not unwind the program (a ``KeyboardInterrupt`` raised inside a half-imported
module, a thread pool or a library's clean-up can print a traceback, or be swallowed and end in exit 0): it
removes the temporary files registered with :func:`removing`, writes ``interrupted`` and ends the process at
once. For the few steps that must not be cut in two (making a temporary file and registering it), :func:`held`
keeps the interrupt until they are done.

Anywhere else (tests calling ``geo.cli.main`` in-process, the page) nothing is installed: Python's own
``KeyboardInterrupt`` applies, and :func:`held` holds it the same way.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["install", "installed", "held", "removing", "register", "unregister", "STATUS", "LINE"]

STATUS = 130  # 128 + SIGINT, as a shell reports a command ended by Ctrl-C
LINE = b"interrupted\n"

_state = {"installed": False, "held": 0, "pending": False}
_temporary: set[str] = set()


def install() -> None:
    """Make Ctrl-C end the process with one line and status 130 (the main thread of the command only)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, _handler)
        _state["installed"] = True


def installed() -> bool:
    return bool(_state["installed"]) and signal.getsignal(signal.SIGINT) is _handler


@contextmanager
def held() -> Iterator[None]:
    """Hold a Ctrl-C for the few steps inside, then act on it (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if installed():
        _state["held"] += 1
        try:
            yield
        finally:
            _state["held"] -= 1
        if not _state["held"] and _state["pending"]:
            _finish()
        return
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    caught: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: caught.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


@contextmanager
def removing(path: str | os.PathLike) -> Iterator[None]:
    """While inside, ``path`` (a file, or a folder and all it holds) is removed if the command is interrupted."""
    register(path)
    try:
        yield
    finally:
        unregister(path)


def register(path: str | os.PathLike) -> None:
    """``path`` is removed if the command is interrupted, until :func:`unregister`."""
    _temporary.add(os.fspath(path))


def unregister(path: str | os.PathLike) -> None:
    _temporary.discard(os.fspath(path))


def _handler(number, frame) -> None:
    if _state["held"]:
        _state["pending"] = True
        return
    _finish()


def _finish() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C cannot cut the clean-up short
    for name in list(_temporary):
        try:
            if os.path.isdir(name) and not os.path.islink(name):
                import shutil

                shutil.rmtree(name, ignore_errors=True)
            else:
                os.unlink(name)
        except OSError:
            pass
    try:
        os.write(2, LINE)
    except OSError:
        pass
    os._exit(STATUS)
