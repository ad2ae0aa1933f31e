"""ob_write: render the site model into the output folder, through the cache of made outputs.

Every file of the site is an output of openbeat.outputs (pages, listings, feeds,
images, cards, files, calendars, CAP messages, the sitemap); openbeat.render
makes only what its cache lacks (images and cards in worker processes) and
places the rest, so a build with nothing changed renders nothing.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.log import console

from openbeat.outputs import SiteOutputs
from openbeat.render import Writer, pages_placed

logger = logging.getLogger(__name__)


class OutputsGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        site = self.context["site"]
        out = Writer(self.output_path, os.path.join(self.settings["CACHE_PATH"], "outputs"))
        outputs = SiteOutputs(site, site.build, self.env, out.cached).all()
        stats = out.write(outputs, lambda: pages_placed.send(self.output_path, context=self.context))
        out.prune(o.key for o in outputs)
        console.print(f"Open Beat: {len(site.items)} items published; {stats.written} files written "
                      f"({stats.made} made, {stats.reused} reused from the cache)")


def get_generators(pelican: Any) -> type:
    return OutputsGenerator


def register() -> None:
    # get_generators: outputs are written into the staging folder (ob_atomic), after
    # ob_model built the site model in generate_context.
    signals.get_generators.connect(get_generators)
