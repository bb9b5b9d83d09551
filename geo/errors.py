"""The project's exceptions: one base, a few kinds, messages that name file, feature and problem."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ZonemapError", "DataError", "InputError", "ExportError", "Problem", "one_line"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is, what it is, and how to fix it."""

    file: str
    message: str
    hint: str = ""
    feature: int | None = None
    feature_id: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.feature is not None:
            where += f": feature {self.feature}"
            if self.feature_id not in (None, ""):
                where += f" (id {self.feature_id})"
        text = f"{where}: {self.message}"
        return one_line(f"{text} — {self.hint}" if self.hint else text)


# Characters that would break "one line per problem" (or hide text) in a terminal: shown escaped.
_CONTROL = {c: f"\\x{c:02x}" for c in range(0x20)} | {0x7F: "\\x7f", 0x85: "\\x85",
                                                      0x2028: "\\u2028", 0x2029: "\\u2029"}


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped, so it prints as one line."""
    return text.translate(_CONTROL)


class ZonemapError(Exception):
    """Base class of every error zonemap raises on purpose."""


class DataError(ZonemapError):
    """A data file (areas, provisions, governorates) is unreadable or invalid."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def lines(self) -> list[str]:
        """One line per problem, ready to print."""
        return [str(p) for p in self.problems]


class InputError(ZonemapError):
    """A user's input (a CSV of points, a place name, an option value) cannot be used."""


class ExportError(ZonemapError):
    """An export could not be written."""
