"""ob_checks: the build refuses content that breaks the rules of contract section 6.

The rules are openbeat.checks; scripts/lint.py prints the same problems. They run
before any post is read or any page written, on every run (each preview rebuild too); a post
whose text and surroundings are unchanged since the last build keeps its problems
from then (check_folder's memo, kept in CACHE_PATH), except those that read the clock.
"""

from __future__ import annotations

import logging
from typing import Any

from pelican import signals

from openbeat.checks import check_folder
from openbeat.errors import ContentError, report
from openbeat.outputdir import check_folders
from openbeat.pipeline import CHECK_CACHE, load_cache, save_cache

logger = logging.getLogger(__name__)


def check_content(pelican: Any) -> None:
    """Run the rule set on the whole content folder; stop the build before anything is read."""
    settings = pelican.settings
    memo = load_cache(settings, CHECK_CACHE)
    problems = check_folder(settings["PATH"], settings, settings["BUILD_TIME"], memo=memo)
    check_folders(settings)  # nothing is written into a cache folder ob_atomic is about to refuse
    save_cache(settings, CHECK_CACHE, memo)
    errors = report(logger, problems)
    if errors:
        raise ContentError(
            f"{errors} content error{'s' if errors != 1 else ''} (listed above): nothing was published and the "
            "previous output is unchanged. Fix them, then run make lint to check again."
        )


def register() -> None:
    # get_generators: the first signal of every run, after ob_setup's clock: the rules run
    # before any content is read or any file written.
    signals.get_generators.connect(check_content)
