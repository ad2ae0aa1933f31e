"""ob_search: the Pagefind search index of the finished site (contract section 12).

Its generator is the last plugin's, so its `generate_output` runs after ob_write has
staged every published page: it runs Pagefind on the staging folder, or puts back the
bundle of the same pages from the cache (openbeat.search). Pagefind reads only the
staged HTML, so drafts, future posts and future updates never reach the index.

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
from openbeat.search import PagefindFailed, index, prepare

logger = logging.getLogger(__name__)


class SearchGenerator(Generator):
    """Runs after every other generator has written into the staging folder."""

    def generate_output(self, writer: Any) -> None:
        try:
            result = index(self.tool, self.output_path, os.path.join(self.settings["CACHE_PATH"], "pagefind"))
        except PagefindFailed as error:
            logger.error("Pagefind could not index the site: %s. Run npm ci in %s, or set SEARCH = False",
                         error, project_folder(self.settings))
            return
        pages = ", ".join(f"{count} {lang}" for lang, count in result.pages.items())
        how = "reused from the cache" if result.reused else "made by Pagefind"
        console.print(f"Open Beat: search index of {pages} pages ({how} in {result.seconds:.2f} s)")


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
