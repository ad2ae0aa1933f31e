"""ob_data: a published data set is its Markdown page plus the CSV beside it.

Sets `dataset` on every data item (header, rows, CSV URL and, with `Chart`, the
chart geometry); the CSV itself is copied next to the page for download.
"""

from __future__ import annotations

import csv
import logging
import os
import shutil
from dataclasses import dataclass
from typing import Any

from pelican import signals
from pelican.contents import Article
from pelican.generators import Generator

from .chart import Chart, build_chart

logger = logging.getLogger(__name__)


@dataclass
class Dataset:
    source: str  # content-relative path of the CSV
    csv_url: str  # URL of the published copy
    csv_name: str
    header: list[str]
    rows: list[list[str]]
    chart: Chart | None


def read_dataset(content_root: str, item_path: str, url: str, kind: str, title: str) -> Dataset:
    """Read the CSV beside item_path. ob_checks has already rejected bad CSV."""
    source = os.path.splitext(item_path)[0] + ".csv"
    with open(os.path.join(content_root, source), encoding="utf-8", newline="") as handle:
        table = [row for row in csv.reader(handle) if row]
    header, rows = table[0], table[1:]
    name = os.path.basename(source)
    chart = build_chart(kind, header, rows, title) if kind in ("bar", "line") else None
    return Dataset(source, url + name, name, header, rows, chart)


def attach_dataset(instance: Any) -> None:
    if not isinstance(instance, Article) or getattr(instance, "ob_type", None) != "data" or not instance.url:
        return
    settings = instance.settings
    try:
        instance.dataset = read_dataset(
            settings["PATH"], instance.relative_source_path, instance.url, instance.chart, instance.title
        )
    except (OSError, ValueError, IndexError) as error:
        logger.error("%s: cannot read its CSV (%s)", instance.relative_source_path, error)
        instance.dataset = None


class DataGenerator(Generator):
    """Copies each published data set's CSV next to its page."""

    def generate_output(self, writer: Any) -> None:
        for item in self.context.get("ob_items", []):
            dataset = getattr(item, "dataset", None)
            if dataset is None:
                continue
            target = os.path.join(self.output_path, dataset.csv_url)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(self.settings["PATH"], dataset.source), target)


def get_generators(pelican: Any) -> type:
    return DataGenerator


def register() -> None:
    # content_object_init: the table and chart are ready before any template runs.
    signals.content_object_init.connect(attach_dataset)
    # get_generators: the CSV copies go into the staging folder with the pages.
    signals.get_generators.connect(get_generators)
