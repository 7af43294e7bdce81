"""Problems found in a knowledge base, and the exception that carries them to the command line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file: `path:line: where: message`."""

    path: str
    line: int | None
    where: str
    message: str

    def format(self) -> str:
        location = self.path if self.line is None else f"{self.path}:{self.line}"
        where = f" {self.where}:" if self.where else ""
        return f"{location}:{where} {self.message}"


class KnowledgeBaseInvalid(Exception):
    """Raised with every problem found, so that all of them can be reported at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(f"{len(self.problems)} problem(s)")


class BuildFailed(Exception):
    """A build step failed; the message says which step and why."""


def _sort_key(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.path, problem.line or 0, problem.where, problem.message)


def relative(path: Path, root: Path) -> str:
    """The path as the user should read it: relative to the knowledge base when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
