"""ob_assets: one stylesheet from the theme's component files.

The theme keeps one CSS file per component in THEME/css/ (named so that they
sort in cascade order); a resident's phone gets them as one file,
theme/css/site.css, in one request. Comments are dropped; nothing else is
rewritten, so the output is exactly the source in order.
"""

from __future__ import annotations

import os
import re
from typing import Any

from pelican import signals
from pelican.generators import Generator

from ob_types.output import write_output

COMMENT_RE = re.compile(r"/\*.*?\*/", re.DOTALL)
BUNDLE = "theme/css/site.css"


def bundle_css(folder: str) -> str:
    """The component files of folder, in name order, without comments or blank lines."""
    parts = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".css"):
            with open(os.path.join(folder, name), encoding="utf-8") as handle:
                parts.append(COMMENT_RE.sub("", handle.read()))
    lines = (line.strip() for part in parts for line in part.splitlines())
    return "\n".join(line for line in lines if line) + "\n"


class AssetsGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        write_output(self.output_path, BUNDLE, bundle_css(os.path.join(self.settings["THEME"], "css")))


def get_generators(pelican: Any) -> type:
    return AssetsGenerator


def register() -> None:
    # get_generators: the bundle is written with the pages, into the staging folder.
    signals.get_generators.connect(get_generators)
