"""ob_atomic: a build either publishes everything or changes nothing.

Pelican writes into OUTPUT_PATH as it goes, so a failure halfway leaves a
half-written site. This plugin points the run at a staging folder beside
OUTPUT_PATH and swaps it in only when the run ends without a logged error.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
from typing import Any

from pelican import signals

from ob_types.errors import BuildError

logger = logging.getLogger(__name__)


class BuildFailed(BuildError):
    """Errors were logged during the build; the previous output was kept."""


class ErrorCounter(logging.Handler):
    """Counts the errors any logger reports during one run."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def staging_path(output_path: str) -> str:
    output_path = os.path.abspath(output_path)
    parent, name = os.path.split(output_path.rstrip(os.sep))
    return os.path.join(parent, f".{name}.staging-{os.getpid()}")


def swap_in(staging: str, output_path: str) -> None:
    """Replace output_path by staging with two renames on the same file system."""
    retired = staging + ".old"
    shutil.rmtree(retired, ignore_errors=True)
    if os.path.exists(output_path):
        os.replace(output_path, retired)
    os.replace(staging, output_path)
    shutil.rmtree(retired, ignore_errors=True)


def start_staging(pelican: Any) -> None:
    """Point this run's writers at a fresh staging folder and start counting errors."""
    previous = getattr(pelican, "ob_error_counter", None)
    if previous is not None:
        logging.getLogger().removeHandler(previous)
    staging = staging_path(pelican.settings["OUTPUT_PATH"])
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    atexit.register(shutil.rmtree, staging, ignore_errors=True)
    pelican.output_path = staging
    pelican.ob_error_counter = ErrorCounter()
    logging.getLogger().addHandler(pelican.ob_error_counter)


def finish(pelican: Any) -> None:
    """Swap the staging folder in, unless an error was logged during the run."""
    counter = pelican.ob_error_counter
    logging.getLogger().removeHandler(counter)
    pelican.ob_error_counter = None
    staging, output_path = pelican.output_path, pelican.settings["OUTPUT_PATH"]
    pelican.output_path = output_path
    if counter.count:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(
            f"{counter.count} error{'s' if counter.count != 1 else ''} during the build "
            f"(listed above): {output_path} was left as it was"
        )
    swap_in(staging, output_path)


def register() -> None:
    # get_generators runs at the start of every run, before the generators are
    # created with pelican.output_path: they all write into the staging folder.
    signals.get_generators.connect(start_staging)
    # finalized: every generator has written; this is the last moment to
    # decide between swapping in and throwing away.
    signals.finalized.connect(finish)
