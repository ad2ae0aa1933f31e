"""ob_checks: the build refuses content that breaks the rules of contract section 6.

The rules live in rules.py; scripts/lint.py prints the same problems. A build
with any error writes nothing and exits non-zero.
"""

from __future__ import annotations

import logging
import sys
from typing import Any

from pelican import signals

from ob_types.errors import BuildError
from ob_types.settings import declare

from .rules import Problem, check_folder

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Phone numbers the department publishes on purpose; any other is personal data.
    "PUBLIC_PHONES": [],
}


class ContentError(BuildError):
    """The content folder has errors; each was logged as FILE:LINE: message."""


def check_settings(pelican: Any) -> None:
    configure(pelican.settings)
    plain_problem_lines()


def plain_problem_lines() -> None:
    """Problems print as plain `FILE:LINE: message` lines on stderr, as lint prints them.

    Pelican's console handler wraps long lines to the terminal width, which
    splits a message from its file name in CI logs and editors' error lists.
    """
    if not logger.handlers:
        logger.addHandler(StderrLines())
        logger.propagate = False


class StderrLines(logging.Handler):
    """Writes each record's message as one line to the current sys.stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


def configure(settings: dict[str, Any]) -> None:
    """Fill in this plugin's defaults and check its settings (also used by scripts)."""
    declare(
        settings,
        DEFAULTS,
        {"PUBLIC_PHONES": (lambda v: isinstance(v, list) and all(isinstance(p, str) for p in v), "a list of strings such as ['555-0100']")},
    )


def report(problems: list[Problem]) -> int:
    """Log every problem; return how many are errors."""
    errors = 0
    for problem in problems:
        if problem.level == "error":
            errors += 1
            logger.error("%s", problem)
        else:
            logger.warning("%s", problem)
    return errors


def check_content(pelican: Any) -> None:
    """Run the rule set on the whole content folder; raise before anything is read."""
    settings = pelican.settings
    errors = report(check_folder(settings["PATH"], settings, settings["BUILD_TIME"]))
    if errors:
        raise ContentError(
            f"{errors} content error{'s' if errors != 1 else ''} (listed above): "
            "nothing was published and the previous output is unchanged. "
            "Fix them, or run scripts/lint.py to see them again."
        )


def register() -> None:
    # initialized: settings are checked once, before anything is read.
    signals.initialized.connect(check_settings)
    # get_generators is the first signal of every run (also on each autoreload
    # rebuild): the rules run before any content is read or written.
    signals.get_generators.connect(check_content)
