"""ob_atomic: a build either publishes everything or changes nothing, and writes only inside OUT.

Pelican writes into OUTPUT_PATH as it goes, so a failure halfway would leave a
half-written site. This plugin refuses an output folder that would overwrite the
content or the project, points the run at a staging folder beside OUT, and swaps
it in only when the run ends without a logged error. When OUT is a symlink, the
folder it points to is replaced and the link stays. Staging folders left by a
killed build are removed by the next one.
"""

from __future__ import annotations

import atexit
import logging
import shutil
from typing import Any

from pelican import signals

from openbeat.errors import BuildError
from openbeat.outputdir import check_folders, fresh_staging, swap_in

logger = logging.getLogger(__name__)


class BuildFailed(BuildError):
    """Errors were logged during the build; the previous output was kept."""


class ErrorCounter(logging.Handler):
    """Counts the errors any logger reports during one run.

    It listens on the root logger and on every logger that does not pass its records
    on (ob_setup's plain FILE:LINE loggers do not): an error logged anywhere counts.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0
        self.loggers: list[logging.Logger] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def attach(self) -> None:
        self.loggers = [logging.getLogger()] + [
            found for found in list(logging.Logger.manager.loggerDict.values())
            if isinstance(found, logging.Logger) and not found.propagate
        ]
        for target in self.loggers:
            target.addHandler(self)

    def detach(self) -> None:
        for target in self.loggers:
            target.removeHandler(self)
        self.loggers = []


def start_staging(pelican: Any) -> None:
    """Check the output folder, then point this run's writers at a fresh staging folder."""
    previous = getattr(pelican, "ob_error_counter", None)
    if previous is not None:
        previous.detach()
    check_folders(pelican.settings)
    staging = fresh_staging(pelican.settings["OUTPUT_PATH"])
    atexit.register(shutil.rmtree, staging, ignore_errors=True)
    pelican.output_path = staging
    pelican.ob_error_counter = ErrorCounter()
    pelican.ob_error_counter.attach()


def finish(pelican: Any) -> None:
    """Swap the staging folder in, unless an error was logged during the run."""
    counter = pelican.ob_error_counter
    counter.detach()
    pelican.ob_error_counter = None
    staging, output_path = pelican.output_path, pelican.settings["OUTPUT_PATH"]
    pelican.output_path = output_path
    if counter.count:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(f"{counter.count} error{'s' if counter.count != 1 else ''} during the build (listed above): "
                          f"{output_path} was left as it was")
    swap_in(staging, output_path, pelican.settings)


def register() -> None:
    # get_generators runs at the start of every run, before the generators are
    # made with pelican.output_path: they all write into the staging folder.
    signals.get_generators.connect(start_staging)
    # finalized: every generator has written; the last moment to swap in or throw away.
    signals.finalized.connect(finish)
