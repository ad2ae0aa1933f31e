"""Errors: content problems (FILE:LINE: message + fix), and errors that stop a build."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One content problem; `message` says what is wrong and how to fix it."""

    path: str  # relative to the content folder, posix
    line: int
    message: str
    level: str = "error"  # or "warning", or "note" (information a writer should see)

    def __str__(self) -> str:
        prefix = "" if self.level == "error" else f"{self.level}: "
        return f"{self.path}:{self.line}: {prefix}{self.message}"


def report(logger: logging.Logger, problems: Iterable[Problem]) -> int:
    """Log every problem at its level (a note as information); return how many are errors."""
    errors = 0
    for problem in problems:
        if problem.level == "error":
            errors += 1
            logger.error("%s", problem)
        elif problem.level == "warning":
            logger.warning("%s", problem)
        else:
            logger.info("%s", problem)
    return errors


class BuildError(Exception):
    """A build stopped on purpose; its message and the lines logged before it say why.

    Pelican exits with `exitcode` and logs the message; the traceback would only
    hide the FILE:LINE messages from the staff member reading them.
    """

    exitcode = 1


class ContentError(BuildError):
    """The content folder has errors; each was logged as FILE:LINE: message."""


class SettingError(BuildError, ValueError):
    """A setting (or the environment) has a value the site cannot use; the message names the fix."""


class OutputError(BuildError):
    """The output folder cannot be used (it is a file, or it holds the content or the project)."""


class HideBuildErrorTraceback(logging.Filter):
    """Drop the traceback from Pelican's report of a BuildError (keep the message)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], BuildError):
            record.exc_info = None
            record.exc_text = None
        return True
