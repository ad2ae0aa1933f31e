"""ob_model: read every post once and build the site model once; `context["site"]` is all it shares.

Posts are read with Pelican's readers (openbeat's PostReader, with Pelican's
content cache); openbeat.pipeline builds one view per published item (reusing
the views of unchanged items from the last build) and the listings and chrome
of the site model. Writers (ob_write) only render it. Pelican's own generators
read nothing (pelicanconf.py gives them no paths); its closing summary still
counts what was read.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import signals
from pelican.contents import Page
from pelican.generators import ArticlesGenerator, CachingGenerator, PagesGenerator

from openbeat.errors import report
from openbeat.model import Source
from openbeat.parallel import fork_map
from openbeat.pipeline import ITEM_CACHE, load_cache, make_site, read_folder, save_cache
from openbeat.reading import ContentFile, walk
from openbeat.types import type_table

logger = logging.getLogger(__name__)


class ContentGenerator(CachingGenerator):
    """Reads every post of the content folder and builds the site model."""

    def generate_context(self) -> None:
        settings = self.settings
        types = type_table(settings)
        files = list(walk(self.path, types))
        self.read_ahead(files)
        sources, statics = read_folder(files, self.read)
        cache = load_cache(settings, ITEM_CACHE)
        site, problems = make_site(self.path, settings, settings["BUILD_TIME"], sources, statics, cache)
        report(logger, problems)  # an error logged here stops the build (ob_atomic counts them)
        save_cache(settings, ITEM_CACHE, cache)
        self.context["site"] = site
        self.drafts = sum(s.post.draft for s in sources)
        self.save_cache()
        self.readers.save_cache()
        # Saved: the model holds what the pages need, so Pelican's copy of every post as read is let go
        # (Pelican keeps it in memory to the end otherwise: a third of the build's peak at 5,000 posts).
        self.readers._cache.clear()

    def read_ahead(self, files: list[ContentFile]) -> None:
        """Read the posts Pelican's content cache lacks on every core, into that cache."""
        reader = self.readers.readers["md"]
        missing = []
        for found in files:
            full = os.path.join(self.path, found.path)
            if found.role == "post" and self.readers.get_cached_data(full, (None, None))[0] is None:
                missing.append(full)
        for full, read in zip(missing, fork_map(reader.read, missing), strict=True):
            self.readers.cache_data(full, read)

    def read(self, path: str) -> Source:
        """One post through Pelican's readers (and their cache); a cache entry made by another version
        of the reader is read again."""
        page = self.readers.read_file(base_path=self.path, path=path, content_class=Page, context=self.context)
        if page.metadata.get("reader_version") != self.readers.readers["md"].version:
            self.readers._cache.pop(os.path.join(self.path, path), None)  # Pelican keys it by the full path
            page = self.readers.read_file(base_path=self.path, path=path, content_class=Page, context=self.context)
        return Source(path, page.metadata["header"], page._content or "")

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
