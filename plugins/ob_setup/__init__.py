"""ob_setup: Open Beat's settings, readers and build clock, before anything is read.

Every setting of openbeat.settings gets its default and is checked once; Pelican
reads posts with openbeat's reader only (`.md`; its HTML and reST readers are
off, so no other format can bypass the checks); the build clock is read once per
run; a build stopped on purpose is reported without a traceback.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

from pelican import signals
from pelican.log import console

from openbeat import settings as ob_settings
from openbeat.clock import build_time
from openbeat.errors import BuildError, HideBuildErrorTraceback, SettingError
from openbeat.images import ImageProblem, inspect
from openbeat.paths import project_folder
from openbeat.reading import PostReader
from openbeat.types import type_table

logger = logging.getLogger(__name__)


def configure(pelican: Any) -> None:
    """Fill in and check every Open Beat setting; the type table is checked with them."""
    pelican_logger = logging.getLogger("pelican")  # first: a setting refused below is reported plainly
    if not any(isinstance(f, HideBuildErrorTraceback) for f in pelican_logger.filters):
        pelican_logger.addFilter(HideBuildErrorTraceback())
    if not any(isinstance(f, PlainStop) for f in pelican_logger.filters):
        pelican_logger.addFilter(PlainStop())
    for name in ("openbeat", "ob_checks", "ob_model"):
        plain_lines(logging.getLogger(name))
    settings = pelican.settings
    ob_settings.apply(settings)
    type_table(settings)
    for name in ("LOGO", "SYNDICATION_RECORD"):
        if settings[name] and not os.path.isabs(settings[name]):
            settings[name] = os.path.join(project_folder(settings), settings[name])
    if settings["LOGO"] and not os.path.isfile(settings["LOGO"]):
        raise SettingError(f"LOGO names {settings['LOGO']}, which does not exist: give the path of an SVG or PNG file")
    if settings["LOGO"].lower().endswith(".png"):  # drawn on every share card: the site's pixel limit applies
        try:
            inspect(settings["LOGO"], settings["IMAGES_MAX_PIXELS"])
        except ImageProblem as problem:
            raise SettingError(f"LOGO names {settings['LOGO']}, which {problem}") from None


class StderrLines(logging.Handler):
    """Writes each record's message as one line to the current sys.stderr.

    Pelican's console handler wraps long lines to the terminal width, which splits
    a problem from its file name in CI logs and editors' error lists.
    """

    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(self.format(record) + "\n")


class PlainStop(logging.Filter):
    """Why a build stopped on purpose (a BuildError) is one plain line on stderr, its message alone.

    Pelican reports it as "CRITICAL ContentError: ...", wrapped to the terminal's width,
    which puts a Python class name before the message and can split a path in two.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        stop = next((a for a in (record.msg, *args) if isinstance(a, BuildError)), None)
        if stop is None:
            return True
        sys.stderr.write(f"{stop}\n")
        return False


def plain_lines(target: logging.Logger) -> None:
    if not any(isinstance(h, StderrLines) for h in target.handlers):
        target.addHandler(StderrLines())
        target.propagate = False


def use_post_reader(readers: Any) -> None:
    """Posts are `.md` files read by openbeat; every other reader is off."""
    for extension in list(readers.reader_classes):
        readers.reader_classes[extension] = None
    readers.reader_classes["md"] = PostReader


def start_clock(pelican: Any) -> None:
    """Read the clock once per run; every plugin uses settings["BUILD_TIME"]."""
    pelican.settings["BUILD_TIME"] = build_time(dict(os.environ))


def stop_spinner(pelican: Any) -> None:
    """Pelican's "Generating..." spinner is redrawn by a thread of rich's; openbeat.parallel forks
    worker processes only when no other thread runs (a thread holding a lock at the fork would
    leave the workers stuck), so the build would stay on one core. The build prints its own lines."""
    for live in list(getattr(console, "_live_stack", ())):  # rich keeps no public list of live displays
        thread = getattr(live, "_refresh_thread", None)
        live.stop()
        if thread is not None:
            thread.join(1)


def register() -> None:
    # initialized: settings are filled in and checked once, before anything is read.
    signals.initialized.connect(configure)
    # readers_init: whenever Pelican makes its readers, ours is the only one.
    signals.readers_init.connect(use_post_reader)
    # get_generators is the first signal of every run (also each preview rebuild).
    signals.get_generators.connect(start_clock)
    signals.get_generators.connect(stop_spinner)
