"""Errors that stop a build on purpose, and a filter that keeps their report short."""

from __future__ import annotations

import logging


class BuildError(Exception):
    """A build stopped on purpose; its message and the lines logged before it say why.

    Pelican exits with `exitcode` and logs the message; the traceback would only
    hide the FILE:LINE messages from the staff member reading them.
    """

    exitcode = 1


class HideBuildErrorTraceback(logging.Filter):
    """Drop the traceback from Pelican's report of a BuildError (keep the message)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], BuildError):
            record.exc_info = None
            record.exc_text = None
        return True
