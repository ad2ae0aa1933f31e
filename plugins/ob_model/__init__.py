"""ob_model: read every post once and build the site model once; `context["site"]` is all it shares.

Posts are read with Pelican's readers (openbeat's PostReader, with Pelican's
content cache), then openbeat.model makes one view per published item and
openbeat.site the listings and what every page shows. Writers (ob_write) only
render the model. Pelican's own generators read nothing (pelicanconf.py gives
them no paths); the closing summary still counts what was read.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import signals
from pelican.contents import Page
from pelican.generators import ArticlesGenerator, CachingGenerator, PagesGenerator

from openbeat.checks import as_draft_warnings
from openbeat.checks.context import Entry
from openbeat.checks.files import file_slug
from openbeat.errors import ContentError, Problem
from openbeat.markup.sanitize import violations
from openbeat.model import Build, Source, build_items
from openbeat.reading import walk
from openbeat.site import build_site
from openbeat.social.record import RecordError, discussions
from openbeat.types import type_table

logger = logging.getLogger(__name__)


def html_problems(path: str, post: Any, html: str, strict: bool) -> list[Problem]:
    """HTML outside the allowlist: errors in a publish build, warnings (and dropped) in a preview."""
    found = []
    for violation in violations(html):
        line = next((n for n, text in post.body_lines() if violation.needle.lower() in text.lower()), post.body_start)
        found.append(Problem(path, line, violation.message, "error" if strict else "warning"))
    return found


class ContentGenerator(CachingGenerator):
    """Reads every post of the content folder and builds the site model."""

    def generate_context(self) -> None:
        settings = self.settings
        types = type_table(settings)
        sources, statics, problems = [], [], []
        self.drafts = 0
        for found in walk(self.path, types):
            if found.role in ("image", "static"):
                statics.append(found.path)
            if found.role != "post":
                continue
            page = self.read(found.path)
            post = page.metadata["header"]
            sources.append(Source(found.path, post, page._content or ""))
            entry = Entry(found.path, types[found.path.split("/")[0]], post, post.get("slug") or
                          file_slug(found.path, settings), post.get("lang") or settings["DEFAULT_LANG"])
            problems += html_problems(found.path, post, page._content or "", settings["STRICT_HTML"])
            self.drafts += entry.draft
        record = settings["SYNDICATION_RECORD"]
        try:
            known = discussions(record, settings["SITEURL"]) if record else {}
        except RecordError as error:
            raise ContentError(f"{os.path.basename(record)}: {error}") from None
        build = Build(self.path, settings, settings["BUILD_TIME"], types, frozenset(statics), known)
        items = build_items(sources, build)
        drafts = {s.path for s in sources if s.post.get("status").lower() == "draft"}
        for problem in as_draft_warnings(problems + build.problems, drafts):
            (logger.error if problem.level == "error" else logger.warning)("%s", problem)
        self.context["site"] = build_site(items, build)
        self.read_count = len(sources)
        self.save_cache()
        self.readers.save_cache()

    def generate_output(self, writer: Any) -> None:
        """Nothing to write (ob_write renders the model); Pelican's generators have written nothing
        by now, so their lists may take the counts of Pelican's closing summary."""
        site = self.context["site"]
        for generator in getattr(self, "pelican_generators", []):
            if isinstance(generator, ArticlesGenerator):
                generator.articles = [i for i in site.items if i.type.dated]
                generator.drafts = [None] * self.drafts
            else:
                generator.pages = [i for i in site.items if not i.type.dated]

    def read(self, path: str) -> Page:
        """One post through Pelican's readers (and their cache); a cache entry from another version of
        the reader is read again."""
        page = self.readers.read_file(base_path=self.path, path=path, content_class=Page, context=self.context)
        if page.metadata.get("reader_version") != self.readers.readers["md"].version:
            full = os.path.join(self.path, path)
            self.readers._cache.pop(full, None)  # Pelican keys its reader cache by the full path
            page = self.readers.read_file(base_path=self.path, path=path, content_class=Page, context=self.context)
        return page


def get_generators(pelican: Any) -> type:
    return ContentGenerator


def remember_generators(generators: list[Any]) -> None:
    """Pelican's closing line counts its own generators' lists: keep them, to fill in after they wrote."""
    for generator in generators:
        if isinstance(generator, ContentGenerator):
            generator.pelican_generators = [g for g in generators if isinstance(g, (ArticlesGenerator, PagesGenerator))]


def register() -> None:
    # get_generators: the model is built in generate_context, which Pelican runs for every
    # generator before any writes: everything is read before anything is written.
    signals.get_generators.connect(get_generators)
    # all_generators_finalized: everything is read; Pelican's summary will get the real counts.
    signals.all_generators_finalized.connect(remember_generators)
