"""ob_search: the Pagefind search index of the finished site (contract section 12).

Its generator is the last plugin's, so its `generate_output` runs after ob_write has
staged every published page: it writes the search page's script (theme/js/) and runs
Pagefind on the staging folder, or puts back the bundle of the same pages from the
cache (ob_search.pagefind). Pagefind reads only the staged HTML, so drafts, future
posts and future updates never reach the index.

Without Node or Pagefind the site still builds: one warning, no index, and the search
page says that search is unavailable. `SEARCH = False` turns search off entirely.
The search page learns which case it is in from SEARCH_SCRIPT, set here before
anything is rendered: the path of its script in OUT, or "" when there is no index.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.log import console

from .pagefind import PagefindFailed, Tool, find_tool, index

logger = logging.getLogger(__name__)
SCRIPT_SETTING = "SEARCH_SCRIPT"
SCRIPT = "search.js"  # in THEME/js/; published as theme/js/search.DIGEST.js


def project_folder(settings: dict[str, Any]) -> str:
    """Where node_modules/ is: PROJECT_PATH (pelicanconf.py sets it), else the folder that holds the theme."""
    return settings.get("PROJECT_PATH") or os.path.dirname(os.path.abspath(settings["THEME"]))


def script_source(theme: str) -> bytes:
    with open(os.path.join(theme, "js", SCRIPT), "rb") as handle:
        return handle.read()


def script_path(theme: str) -> str:
    """The script's path in OUT; its name carries a digest of its bytes, so browsers may keep it."""
    stem, extension = os.path.splitext(SCRIPT)
    return f"theme/js/{stem}.{hashlib.sha256(script_source(theme)).hexdigest()[:10]}{extension}"


def write_script(theme: str, out: str) -> str:
    path = script_path(theme)
    target = os.path.join(out, *path.split("/"))
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "wb") as handle:
        handle.write(script_source(theme))
    return path


@functools.lru_cache(maxsize=8)
def warn_search_off(project: str) -> None:
    """Once per project and process (the preview rebuilds often)."""
    logger.warning("search is off: install Node.js and run make html (Pagefind was not found in %s); "
                   "the site is built without a search index", os.path.join(project, "node_modules"))


def search_tool(settings: dict[str, Any]) -> Tool | None:
    """Pagefind when search is on and installed; None otherwise (with the warning, when it is missing)."""
    if not settings.get("SEARCH"):
        return None
    project = project_folder(settings)
    tool = find_tool(project)
    if tool is None:
        warn_search_off(project)
    return tool


class SearchGenerator(Generator):
    """Runs after every other generator has written into the staging folder."""

    def generate_output(self, writer: Any) -> None:
        tool = search_tool(self.settings)
        if tool is None:
            return
        write_script(self.settings["THEME"], self.output_path)
        try:
            result = index(tool, self.output_path, os.path.join(self.settings["CACHE_PATH"], "pagefind"))
        except PagefindFailed as error:
            logger.error("Pagefind could not index the site: %s. Run npm ci in %s, or set SEARCH = False",
                         error, project_folder(self.settings))
            return
        pages = ", ".join(f"{count} {lang}" for lang, count in result.pages.items())
        how = "reused from the cache" if result.reused else "made by Pagefind"
        console.print(f"Open Beat: search index of {pages} pages ({how} in {result.seconds:.2f} s)")


def prepare_search(pelican: Any) -> type | None:
    """Tell the templates whether there is an index (SEARCH_SCRIPT), and add the generator when there is."""
    settings = pelican.settings
    tool = search_tool(settings)
    settings[SCRIPT_SETTING] = script_path(settings["THEME"]) if tool is not None else ""
    return SearchGenerator if tool is not None else None


def register() -> None:
    # get_generators is the first signal of every run (also each preview rebuild): SEARCH_SCRIPT
    # is set before any page is rendered, and the generator, added last, indexes the staged site.
    signals.get_generators.connect(prepare_search)
