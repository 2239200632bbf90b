"""Errors a user can cause, each carrying its exit status and where it happened.

Like Click's ``ClickException``, an error keeps its message (``format_message``)
apart from how it is shown; the CLI decides how to print it.  Stages raise these,
never ``click`` exceptions, so each stage stays usable without the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EXIT_OK = 0
EXIT_BUG = 1
EXIT_BAD_INPUT = 2
EXIT_FINDINGS = 3
EXIT_INTERRUPTED = 130


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file: ``FILE:LINE:COL: PATH: MESSAGE``."""

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.path:
            return f"{where}: {self.path}: {self.message}"
        return f"{where}: {self.message}"


class HandoutError(Exception):
    """Base of every error the user can cause; never a bug."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        return self.message


class InputError(HandoutError):
    """One or more problems in a user's file (content, style, manifest)."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(HandoutError):
    """A file or folder named on the command line cannot be used as asked."""

    def __init__(self, file: str, message: str) -> None:
        self.problems = [Problem(file, None, None, "", message)]
        super().__init__(str(self.problems[0]))


def _problem_order(p: Problem) -> tuple[str, int, int, str]:
    return (p.file, p.line or 0, p.column or 0, p.path)


def problem(file: str, location: tuple[int, int] | None, path: str, message: str) -> Problem:
    """Build a problem from a ``(line, column)`` pair as ``yamlfile`` gives it."""
    if location is None:
        return Problem(file, None, None, path, message)
    return Problem(file, location[0], location[1], path, message)
