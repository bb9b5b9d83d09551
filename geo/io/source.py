"""Opening a user's file: one place for the checks every reader needs, with the same words each time.

:func:`check_path` refuses what is not a readable regular file of an allowed type (missing, a folder, a
device or pipe, empty, over the byte budget); :func:`read_bytes` reads at most the budget (a device that
claims size 0 cannot stream forever); :func:`read_json` decodes UTF-8 (a BOM is fine) and parses JSON,
turning every failure into one :class:`~geo.base.errors.Problem`.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from geo.base.errors import DataError, Problem

from .budget import ENV, NODES_PER_FEATURE, Budget, over

__all__ = ["check_path", "open_regular", "read_bytes", "read_json", "check_nodes", "check_texts", "json_type"]

NOT_REGULAR = "is not a regular file (a device, pipe or socket)"


def check_path(path: Path, where: str, suffixes: Sequence[str], budget: Budget, what: str = "data") -> Problem | None:
    """The first reason ``path`` cannot be read as a ``what`` file, or None."""
    suffix = path.suffix.lower()
    if suffixes and suffix not in suffixes:
        return Problem(where, f"unsupported file type {suffix or '(none)'!r}", f"use one of {', '.join(suffixes)}")
    try:
        info = path.stat()
    except FileNotFoundError:
        return Problem(where, "file not found", "check the path")
    except OSError as exc:
        return Problem(where, f"cannot be read: {exc.strerror or exc}", "check the file's permissions")
    if stat.S_ISDIR(info.st_mode):
        return Problem(where, "is a folder, not a file", f"give the path of one {what} file")
    if not stat.S_ISREG(info.st_mode):
        return Problem(where, NOT_REGULAR, f"give the path of one {what} file")
    if info.st_size == 0:
        return Problem(where, "file is empty", "was it saved or downloaded completely?")
    if info.st_size > budget.bytes:
        return over(where, "bytes", info.st_size, budget)
    if not os.access(path, os.R_OK):
        return Problem(where, "cannot be read: Permission denied", "check the file's permissions")
    return None


def open_regular(path: str | os.PathLike) -> BinaryIO | None:
    """``path`` opened for reading if it is a regular file, else None — without ever waiting: a pipe with no
    writer or a device is opened non-blocking and closed again (a plain ``open`` of a pipe waits for a
    writer forever). OSError as ``open`` raises it."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path, where: str, suffixes: Sequence[str], budget: Budget, what: str = "data") -> bytes:
    """The file's bytes, after :func:`check_path`; never more than the byte budget."""
    problem = check_path(path, where, suffixes, budget, what)
    if problem:
        raise DataError(problem)
    try:
        fh = open_regular(path)
        if fh is None:  # replaced by a pipe or device since it was checked
            raise DataError(Problem(where, NOT_REGULAR, f"give the path of one {what} file"))
        with fh:
            raw = fh.read(budget.bytes + 1)
    except OSError as exc:
        raise DataError(Problem(where, f"cannot be read: {exc.strerror or exc}", "check the file's permissions")) from None
    if len(raw) > budget.bytes:
        raise DataError(over(where, "bytes", len(raw), budget))
    if not raw.strip():
        raise DataError(Problem(where, "file is empty", "was it saved or downloaded completely?"))
    return raw


def read_json(raw: bytes, where: str, expected: str) -> Any:
    """Parse JSON bytes (UTF-8, a BOM allowed); ``expected`` is the hint for a file that is not JSON."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(Problem(where, f"not UTF-8 text (byte {exc.start})", "is it a binary file?")) from None
    try:
        return json.loads(text)
    except RecursionError:
        raise DataError(Problem(where, "JSON is nested too deeply", expected)) from None
    except json.JSONDecodeError as exc:
        cut_short = exc.pos >= len(exc.doc.rstrip()) or exc.msg.startswith("Unterminated")
        message = f"not valid JSON: {exc.msg.removesuffix(' at')} at line {exc.lineno}, column {exc.colno}"
        raise DataError(Problem(where, message, "the file looks cut short" if cut_short else expected)) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        text = str(exc).split(";")[0].split(":")[0]
        raise DataError(Problem(where, f"not usable JSON: {text}", "a number has far too many digits")) from None


def check_nodes(raw: bytes, where: str, budget: Budget) -> None:
    """Refuse, before parsing, a JSON document with more objects or arrays than its budget of features and
    vertices can need (brackets inside text count too: the count is an upper bound, and cheap).

    Parsed, each JSON object or array is a Python object of 60 bytes or more, so 40 MB of ``{}`` would take
    over a gigabyte; counted here, it is refused in a few milliseconds.
    """
    objects = raw.count(b"{")
    objects_cap = NODES_PER_FEATURE * budget.features
    if objects > objects_cap:
        raise DataError(Problem(where, f"file has {objects:,} JSON objects, over the budget of {objects_cap:,} "
                                f"({NODES_PER_FEATURE} per feature)", f"set {ENV['features']} to raise it"))
    arrays = raw.count(b"[")
    arrays_cap = budget.vertices + NODES_PER_FEATURE * budget.features
    if arrays > arrays_cap:
        raise DataError(Problem(where, f"file has {arrays:,} JSON arrays, over the budget of {arrays_cap:,} "
                                f"({budget.vertices:,} vertices and {NODES_PER_FEATURE} per feature)",
                                f"set {ENV['vertices']} to raise it"))


def check_texts(doc: Any, where: str, budget: Budget) -> None:
    """Refuse a parsed JSON document holding a text longer than the text budget (a provisions file: every
    value is shown on the page and in tables)."""
    stack = [doc]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if len(value) > budget.text:
                raise DataError(Problem(where, f"a text has {len(value):,} characters, over the budget of "
                                        f"{budget.text:,}", f"set {ENV['text']} to raise it"))
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def json_type(value: Any) -> str:
    """The JSON name of a Python value's type, for messages."""
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null",
            int: "number", float: "number"}.get(type(value), type(value).__name__)
