"""Writing outputs: each file the site consists of, keyed by a digest of everything it is made of.

An `Output` names the files it writes and a `key`: the same key always makes the
same bytes. `Writer` makes each output once and keeps it in the cache
(CACHE_PATH/outputs/), so a warm build copies what did not change instead of
rendering it again, and the preview rewrites only the files whose key changed.
Images and cards, the slow outputs, are made in worker processes.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from multiprocessing import get_context

from .paths import output_file

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Output:
    paths: tuple[str, ...]  # the files it writes, relative to OUT
    key: str  # digest of every input: the same key, the same bytes
    make: Callable[[], dict[str, bytes]]  # path -> bytes, for each of paths
    heavy: bool = False  # slow and picklable: made in a worker process
    pages: tuple[tuple[str, datetime | None], ...] = ()  # (site URL, last change) of pages it adds to the sitemap


@dataclass
class Stats:
    made: int = 0
    reused: int = 0
    written: int = 0  # files
    unchanged: int = 0  # files the preview left as they were


def _link_or_copy(source: str, target: str) -> None:
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        if os.path.lexists(target):
            os.unlink(target)
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _make(make: Callable[[], dict[str, bytes]]) -> dict[str, bytes]:
    return make()


@dataclass
class Writer:
    """Writes outputs into a folder, through the cache of made outputs."""

    out_dir: str
    cache_dir: str  # CACHE_PATH/outputs
    workers: int = field(default_factory=lambda: max(1, min(4, os.cpu_count() or 1)))
    written_keys: dict[str, str] = field(default_factory=dict)  # path -> key now in out_dir (the preview)

    def _cached(self, key: str) -> str:
        return os.path.join(self.cache_dir, key[:2], key)

    def _store(self, output: Output, files: dict[str, bytes]) -> None:
        folder = self._cached(output.key)
        temporary = f"{folder}.tmp{os.getpid()}"
        shutil.rmtree(temporary, ignore_errors=True)
        os.makedirs(temporary)
        for index, path in enumerate(output.paths):
            with open(os.path.join(temporary, str(index)), "wb") as handle:
                handle.write(files[path])
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(temporary, folder)

    def _place(self, output: Output) -> None:
        folder = self._cached(output.key)
        for index, path in enumerate(output.paths):
            if self.written_keys.get(path) == output.key and os.path.exists(output_file(self.out_dir, path)):
                continue
            _link_or_copy(os.path.join(folder, str(index)), output_file(self.out_dir, path))
            self.written_keys[path] = output.key

    def cached(self, key: str, index: int = 0) -> str | None:
        """The file of a made output in the cache, if it is there."""
        path = os.path.join(self._cached(key), str(index))
        return path if os.path.exists(path) else None

    def write(self, outputs: Iterable[Output]) -> Stats:
        """Make what the cache lacks, then put every output's files in out_dir."""
        outputs = list(outputs)
        seen: dict[str, Output] = {}
        for output in outputs:
            for path in output.paths:
                if path in seen and seen[path].key != output.key:
                    raise ValueError(f"two outputs write {path}")
                seen[path] = output
        stats = Stats()
        missing = {o.key: o for o in outputs if not os.path.isdir(self._cached(o.key))}
        heavy = [o for o in missing.values() if o.heavy]
        if len(heavy) > 2 and self.workers > 1:
            with ProcessPoolExecutor(self.workers, mp_context=get_context("fork")) as pool:
                for output, files in zip(heavy, pool.map(_make, [o.make for o in heavy]), strict=True):
                    self._store(output, files)
        else:
            for output in heavy:
                self._store(output, output.make())
        for output in missing.values():
            if not output.heavy:
                self._store(output, output.make())
        stats.made = len(missing)
        stats.reused = len({o.key for o in outputs}) - stats.made
        for output in outputs:
            self._place(output)
        stats.written = len(seen)
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
                if name not in keep:
                    shutil.rmtree(os.path.join(folder, name), ignore_errors=True)


def save_manifest(path: str, keys: dict[str, str]) -> None:
    temporary = f"{path}.tmp"
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(keys, handle, sort_keys=True)
    os.replace(temporary, path)
