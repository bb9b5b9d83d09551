"""The project's exceptions: one base, a few kinds, messages that name file, feature and problem."""

from __future__ import annotations

from dataclasses import dataclass

from .text import clip, one_line

__all__ = ["ZonemapError", "DataError", "InputError", "ExportError", "Problem", "one_line"]

MAX_FILE, MAX_MESSAGE, MAX_HINT = 200, 400, 300  # characters: a message line stays readable whatever a file holds


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is, what it is, and how to fix it."""

    file: str
    message: str
    hint: str = ""
    feature: int | None = None
    feature_id: str | None = None

    def __str__(self) -> str:
        """One line, however long the values inside it: ``FILE: [feature N (id X): ]what — hint``."""
        where = self.file if len(self.file) <= MAX_FILE else "…" + self.file[-(MAX_FILE - 1):]
        if self.feature is not None:
            where += f": feature {self.feature}"
            if self.feature_id not in (None, ""):
                where += f" (id {clip(self.feature_id)})"
        text = f"{where}: {clip(self.message, MAX_MESSAGE)}"
        return one_line(f"{text} — {clip(self.hint, MAX_HINT)}" if self.hint else text)


class ZonemapError(Exception):
    """Base class of every error zonemap raises on purpose."""


class DataError(ZonemapError):
    """A data file (areas, provisions, governorates) is unreadable or invalid."""

    def __init__(self, problems: list[Problem] | Problem, more: int = 0):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.more = more
        super().__init__("\n".join(self.lines))

    @property
    def lines(self) -> list[str]:
        """One line per problem, ready to print; past the budget of lines, one line says how many more."""
        lines = [str(p) for p in self.problems]
        if self.more:
            where = self.problems[0].file if self.problems else "input"
            lines.append(one_line(f"{where}: … and {self.more:,} more problems (the first {len(lines)} are shown) "
                                  "— fix these and run again, or set ZONEMAP_MAX_ERRORS to see more"))
        return lines


class InputError(ZonemapError):
    """A user's input (a CSV of points, a place name, an option value) cannot be used."""


class ExportError(ZonemapError):
    """An export could not be written."""
