"""The history's cache on disk: one small JSON file per key, in CACHE_PATH/history/.

Keys are digests of what a result is made of (the texts compared, the code that compares
them), so an entry is never stale: a changed input is another key. Files are written to a
temporary name and renamed, so a build that stops half-way, or two builds at once, never
leave a half-written entry. A cache that cannot be read or written is only slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from typing import Any

FOLDER = "history"


def key(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogateescape"))
        hasher.update(b"\0")
    return hasher.hexdigest()


class Store:
    """Entries of one kind ("diffs", "files") under CACHE_PATH/history/."""

    def __init__(self, cache_path: str | None, kind: str):
        self.folder = os.path.join(cache_path, FOLDER, kind) if cache_path else ""

    def _path(self, name: str) -> str:
        return os.path.join(self.folder, name[:2], name + ".json")

    def get(self, name: str) -> Any:
        if not self.folder:
            return None
        try:
            with open(self._path(name), encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError):
            return None

    def put(self, name: str, value: Any) -> None:
        if not self.folder:
            return
        path = self._path(name)
        folder = os.path.dirname(path)
        try:
            os.makedirs(folder, exist_ok=True)
            descriptor, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                json.dump(value, handle, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def code_version(*modules: Any) -> str:
    """A digest of the source of the modules a cached result comes from."""
    hasher = hashlib.sha256()
    for module in modules:
        with open(module.__file__, "rb") as handle:
            hasher.update(handle.read())
    return hasher.hexdigest()
