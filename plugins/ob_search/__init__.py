"""ob_search: the Pagefind search index of the finished site (contract section 12).

Once ob_write has staged every published page (the `pages_placed` signal), it starts
Pagefind on the staging folder, or puts back the bundle of the same pages from the
cache (openbeat.search), while the images and cards are still being drawn; its
generator is the last plugin's, so its `generate_output` waits for the index after
every other generator wrote. Pagefind reads only the staged HTML, so drafts, future
posts and future updates never reach the index.

Without Node or Pagefind the site still builds: one warning, no index, and the search
page says that search is unavailable. `SEARCH = False` turns search off entirely.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.log import console

from openbeat.paths import project_folder
from openbeat.render import pages_placed
from openbeat.search import PagefindFailed, Running, prepare, start

logger = logging.getLogger(__name__)


class SearchGenerator(Generator):
    """Starts Pagefind once ob_write has staged every page; finishes after every other generator wrote."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.running: Running | PagefindFailed | None = None
        pages_placed.connect(self.start_index)  # held weakly: gone with this run's generator

    def start(self) -> Running:
        return start(self.tool, self.output_path, os.path.join(self.settings["CACHE_PATH"], "pagefind"))

    def start_index(self, sender: str, context: dict[str, Any] | None = None) -> None:
        if context is self.context:  # this run's (a generator of an earlier run may still be alive)
            try:
                self.running = self.start()
            except PagefindFailed as error:  # reported by generate_output, with the build's other errors
                self.running = error

    def generate_output(self, writer: Any) -> None:
        try:
            if self.running is None:  # ob_write sent no signal: index what is staged
                self.running = self.start()
            if isinstance(self.running, PagefindFailed):
                raise self.running
            result = self.running.finish()
        except PagefindFailed as error:
            logger.error("Pagefind could not index the site: %s. Run npm ci in %s, or set SEARCH = False",
                         error, project_folder(self.settings))
            return
        pages = ", ".join(f"{count} {lang}" for lang, count in result.pages.items())
        how = "reused from the cache" if result.reused else "made by Pagefind while the images and cards were drawn"
        console.print(f"Open Beat: search index of {pages} pages ({how}; ready after {result.seconds:.2f} s)")


def prepare_search(pelican: Any) -> type | None:
    """Tell the templates whether there is an index (SEARCH_SCRIPT), and add the generator when there is."""
    tool = prepare(pelican.settings)
    if tool is None:
        return None
    return type("SearchGenerator", (SearchGenerator,), {"tool": tool})


def register() -> None:
    # get_generators is the first signal of every run: SEARCH_SCRIPT is set before any page is
    # rendered, and the generator, added last, indexes the staged site.
    signals.get_generators.connect(prepare_search)
