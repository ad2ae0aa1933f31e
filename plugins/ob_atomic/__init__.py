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
import glob
import logging
import os
import re
import shutil
from typing import Any

from pelican import signals

from openbeat.errors import BuildError
from openbeat.paths import check_cache_folder, check_output_folder

logger = logging.getLogger(__name__)
STAGING_RE = re.compile(r"\.staging-(\d+)(\.old)?$")


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


def target_folder(output_path: str) -> str:
    """The folder a build replaces: OUT itself, or the folder a symlinked OUT points to."""
    return os.path.realpath(output_path)


def staging_path(output_path: str, pid: int | None = None) -> str:
    parent, name = os.path.split(target_folder(output_path).rstrip(os.sep))
    return os.path.join(parent, f".{name}.staging-{pid or os.getpid()}")


def remove_stale_staging(output_path: str) -> None:
    """Staging folders of builds that were killed (their process is gone) are removed."""
    parent, name = os.path.split(target_folder(output_path).rstrip(os.sep))
    pattern = os.path.join(glob.escape(parent), f".{glob.escape(name)}.staging-*")
    for folder in glob.glob(pattern):
        match = STAGING_RE.search(folder)
        if not match or int(match.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(match.group(1)), 0)
            continue  # another build is running
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            continue


def keep_retained(settings: dict[str, Any], old: str, new: str) -> None:
    """OUTPUT_RETENTION (Pelican's setting, e.g. [".git"]): these names survive the swap."""
    for name in settings.get("OUTPUT_RETENTION", []):
        source = os.path.join(old, name)
        if os.path.lexists(source) and not os.path.lexists(os.path.join(new, name)):
            os.replace(source, os.path.join(new, name))


def swap_in(staging: str, output_path: str, settings: dict[str, Any]) -> None:
    """Replace the output folder by staging with two renames on the same file system."""
    target = target_folder(output_path)
    retired = staging + ".old"
    shutil.rmtree(retired, ignore_errors=True)
    if os.path.isdir(target):
        keep_retained(settings, target, staging)
        os.replace(target, retired)
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def build_reads(settings: dict[str, Any]) -> dict[str, str]:
    """Folders the build reads besides the content and the project: replacing OUT must never delete them."""
    reads = {"theme folder": settings.get("THEME") or "", "cache folder": settings.get("CACHE_PATH") or ""}
    for number, folder in enumerate(settings.get("PLUGIN_PATHS") or [], start=1):
        reads[f"plugin folder {number}"] = folder
    return reads


def start_staging(pelican: Any) -> None:
    """Check the output folder, then point this run's writers at a fresh staging folder."""
    previous = getattr(pelican, "ob_error_counter", None)
    if previous is not None:
        previous.detach()
    settings = pelican.settings
    output = settings["OUTPUT_PATH"]
    project = settings.get("PROJECT_PATH") or os.path.dirname(os.path.abspath(settings["THEME"]))
    check_output_folder(output, settings["PATH"], project, build_reads(settings))
    check_cache_folder(settings["CACHE_PATH"], output, settings["PATH"])
    remove_stale_staging(output)
    staging = staging_path(output)
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
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
