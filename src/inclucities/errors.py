"""Every error the kit reports to a person, each carrying its exit code; the command maps them in one place.

`InclucitiesError` and its kinds are *user* errors: the command prints their message and exits with their code,
never with a traceback. Anything else that escapes a command is a bug in the kit and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

EXIT_OK = 0
EXIT_INVALID = 1  # invalid input: every problem listed, nothing written
EXIT_USAGE = 2  # the command was called wrongly (an option's value, a missing argument)
EXIT_FAILED = 3  # a notebook or a build step failed
EXIT_INTERRUPTED = 130  # Ctrl-C


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


class InclucitiesError(Exception):
    """Base of every error meant for the person running the kit."""

    exit_code: ClassVar[int] = EXIT_FAILED

    def lines(self) -> list[str]:
        """What the command prints, one line each."""
        return [str(self)]


class KnowledgeBaseInvalid(InclucitiesError):
    """Invalid input, with every problem found, so that all of them can be reported at once."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(f"{len(self.problems)} problem(s)")

    def lines(self) -> list[str]:
        count = len(self.problems)
        return [problem.format() for problem in self.problems] + [
            f"{count} problem{'s' if count != 1 else ''} found; nothing was written."
        ]


class Refused(InclucitiesError):
    """A request refused as a whole because it would overwrite or mix with what is there (nothing was written)."""

    exit_code = EXIT_INVALID

    def __init__(self, subject: str, reason: str):
        self.subject, self.reason = subject, reason
        super().__init__(f"{subject}: {reason}")


class UsageError(InclucitiesError):
    """An option or argument with a value the command cannot take: `param` names it, `message` says what is allowed."""

    exit_code = EXIT_USAGE

    def __init__(self, param: str, message: str):
        self.param, self.message = param, message
        super().__init__(f"{param}: {message}")


class BuildFailed(InclucitiesError):
    """A build step failed; the message says which step and why."""

    exit_code = EXIT_FAILED

    def lines(self) -> list[str]:
        return [f"build failed: {self}"]


class NotebookFailed(BuildFailed):
    """A notebook raised: the message names the template's cell, its first line and the error.

    `detail` holds the traceback when the failure is the kit's own (a kernel that could not start, a bug), so that
    it is not lost on the way from a worker process to the person reading the message."""

    def __init__(self, message: str, detail: str = ""):
        self.detail = detail
        super().__init__(message)

    def lines(self) -> list[str]:
        return [f"analysis failed: {self}", *([self.detail] if self.detail else [])]


class GenerationFailed(BuildFailed):
    """Making a page or figure raised: a bug in the kit (its input was validated). The summary line names what was
    being made; the traceback follows it, for the report."""

    def __init__(self, what: str, error: BaseException, detail: str):
        self.what, self.detail = what, detail
        super().__init__(f"while making {what}: {type(error).__name__}: {error}")

    def lines(self) -> list[str]:
        return [f"build failed: {self}", "This is a bug in the kit; please report it with the traceback below.", self.detail]


class OutputNotWritable(InclucitiesError):
    """The build cannot write where its output goes (a read-only checkout, a folder of another user)."""

    exit_code = EXIT_INVALID

    def __init__(self, folder: str, reason: str, variable: str):
        super().__init__(
            f"{folder}: cannot be written ({reason}); a build writes its site, pages and caches there "
            f"(allowed: another folder, with `inclucities build KB --out DIR` or the environment variable {variable})"
        )


def _sort_key(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.path, problem.line or 0, problem.where, problem.message)
