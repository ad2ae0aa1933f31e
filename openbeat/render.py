"""Writing outputs: each file the site consists of, keyed by a digest of everything it is made of.

An `Output` names the files it writes and a `key`: the same key always makes the
same bytes. `Writer` makes each output once and keeps it in the cache
(CACHE_PATH/outputs/), so a warm build copies what did not change instead of
rendering it again, and the preview rewrites only the files whose key changed.
Images and cards, the slow outputs, are made in worker processes.
"""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

import blinker

from .parallel import MIN_BATCH, fork_map
from .paths import output_file

logger = logging.getLogger(__name__)
# Sent by a full build (ob_write), with the staging folder as sender and the run's context, once every
# page is in it: the search index (ob_search) is made from the pages while images and cards are drawn.
pages_placed = blinker.signal("openbeat.pages_placed")


@dataclass(frozen=True)
class Output:
    paths: tuple[str, ...]  # the files it writes, relative to OUT
    key: str  # digest of every input: the same key, the same bytes
    make: Callable[[], dict[str, bytes]]  # path -> bytes, for each of paths
    cost: float = 0.0  # rough milliseconds to make, for the slow ones (images, cards); 0: a page or another fast one
    late: bool = False  # made after every other output (the social feed gives the cards' sizes)
    pages: tuple[tuple[str, datetime | None], ...] = ()  # (site URL, last change) of pages it adds to the sitemap


@dataclass
class Stats:
    made: int = 0  # outputs made (the others came from the cache)
    reused: int = 0
    written: int = 0  # files put in place (a file already there with the same key is left as it is)


def link_or_copy(source: str, target: str) -> None:
    """target as a hard link to source where the file system allows it, else as a copy (in place of any file there)."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        if os.path.lexists(target):
            os.unlink(target)
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


BATCH_COST = 40.0  # rough milliseconds of slow outputs sent to a worker at a time
PAGE_BATCH = 16  # pages sent to a worker at a time (about a millisecond each)


def batches(outputs: Iterable[Output]) -> list[list[Output]]:
    """Slow outputs in batches of about BATCH_COST, the longest first: fifty photos in one batch would keep
    one core busy long after the others ran out of work, and a card a batch would cost more to send than
    to draw."""
    found: list[list[Output]] = []
    total = BATCH_COST
    for output in sorted(outputs, key=lambda o: -o.cost):
        if total >= BATCH_COST:
            found.append([])
            total = 0.0
        found[-1].append(output)
        total += output.cost
    return found


@dataclass
class Writer:
    """Writes outputs into a folder, through the cache of made outputs."""

    out_dir: str
    cache_dir: str  # CACHE_PATH/outputs
    written_keys: dict[str, str] = field(default_factory=dict)  # path -> key now in out_dir (the preview)

    def _cached(self, key: str, index: int = 0) -> str:
        return os.path.join(self.cache_dir, key[:2], f"{key}.{index}")

    def cached(self, key: str, index: int = 0) -> str | None:
        """The file of a made output in the cache, if it is there."""
        path = self._cached(key, index)
        return path if os.path.exists(path) else None

    def _store(self, output: Output, files: dict[str, bytes]) -> None:
        """Keep a made output's files in the cache: each written under a temporary name, then renamed."""
        os.makedirs(os.path.dirname(self._cached(output.key)), exist_ok=True)
        for index, path in enumerate(output.paths):
            target = self._cached(output.key, index)
            temporary = f"{target}.{os.getpid()}.tmp"
            with open(temporary, "wb") as handle:
                handle.write(files[path])
            os.replace(temporary, target)

    def _make_and_store(self, output: Output) -> None:
        self._store(output, output.make())

    def _make_all(self, batch: list[Output]) -> None:
        for output in batch:
            self._make_and_store(output)

    def _place(self, output: Output) -> int:
        """Put the output's files in out_dir; how many were not there already."""
        placed = 0
        for index, path in enumerate(output.paths):
            if self.written_keys.get(path) == output.key and os.path.exists(output_file(self.out_dir, path)):
                continue
            link_or_copy(self._cached(output.key, index), output_file(self.out_dir, path))
            self.written_keys[path] = output.key
            placed += 1
        return placed

    def write(self, outputs: Iterable[Output], after_pages: Callable[[], None] | None = None) -> Stats:
        """Make what the cache lacks (on every core) and put every output's files in out_dir. The pages go
        to the workers first and the slow outputs (longest first) behind them; once the pages are made,
        they are placed and after_pages() is called (the search index starts from them) while the workers
        go on. The late outputs come last."""
        outputs = list(outputs)
        seen: dict[str, Output] = {}
        for output in outputs:
            for path in output.paths:
                if path in seen and seen[path].key != output.key:
                    raise ValueError(f"two outputs write {path}")
                seen[path] = output
        missing = list({o.key: o for o in outputs if not all(self.cached(o.key, i) for i in range(len(o.paths)))}.values())
        stats = Stats(made=len(missing), reused=len({o.key for o in outputs}) - len(missing))
        fast = [o for o in missing if not o.cost and not o.late]
        pages = [fast[n:n + PAGE_BATCH] for n in range(0, len(fast), PAGE_BATCH)]

        def place_pages() -> None:  # while the workers go on with the slow outputs
            stats.written = sum(self._place(o) for o in outputs if not o.cost and not o.late)
            if after_pages is not None:
                after_pages()

        slow = batches(o for o in missing if o.cost and not o.late)
        # Two batches are worth the workers when there are many pages or a few photos; a small site's
        # handful of pages and cards is made in this process faster than workers start.
        worth = len(fast) >= MIN_BATCH or sum(o.cost for batch in slow for o in batch) >= 2 * BATCH_COST
        fork_map(self._make_all, pages + slow, chunksize=1, minimum=2 if worth else len(pages) + len(slow) + 1,
                 then=(len(pages), place_pages))
        fork_map(self._make_and_store, [o for o in missing if o.late])  # they may read the slow ones (card sizes)
        stats.written += sum(self._place(o) for o in outputs if o.cost or o.late)
        return stats

    def remove_others(self, keep: Iterable[str]) -> list[str]:
        """Delete the files of out_dir that no output wrote (the preview, after an item is deleted)."""
        keep = set(keep)
        removed = []
        for path in sorted(set(self.written_keys) - keep):
            full = output_file(self.out_dir, path)
            if os.path.exists(full):
                os.unlink(full)
            removed.append(path)
            del self.written_keys[path]
        return removed

    def prune(self, keys: Iterable[str]) -> None:
        """Forget every cached output but these (run after a full build, so the cache stays its size)."""
        keep = set(keys)
        if not os.path.isdir(self.cache_dir):
            return
        for shard in os.listdir(self.cache_dir):
            folder = os.path.join(self.cache_dir, shard)
            if not os.path.isdir(folder):
                continue
            for name in os.listdir(folder):
                if name.split(".", 1)[0] not in keep:
                    path = os.path.join(folder, name)
                    shutil.rmtree(path) if os.path.isdir(path) else os.unlink(path)
