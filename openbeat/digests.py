"""Digests: what an output, an item or a build is made of, hashed. Equal digests, equal results."""

from __future__ import annotations

import functools
import hashlib
import os
from typing import Any


def digest(*parts: object) -> str:
    """A short stable digest of any data made of str, numbers, tuples, dicts and dataclasses (by repr)."""
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode() if isinstance(part, str) else repr(part).encode())
        hasher.update(b"\x00")
    return hasher.hexdigest()[:32]


@functools.cache  # the code a process runs does not change while it runs (the preview asks at every rebuild)
def code_digest() -> str:
    """This package's source, so that a changed writer never reuses an old output."""
    hasher = hashlib.sha256()
    root = os.path.dirname(os.path.abspath(__file__))
    for folder, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".py"):
                with open(os.path.join(folder, name), "rb") as handle:
                    hasher.update(name.encode() + handle.read())
    return hasher.hexdigest()


def theme_digest(theme: str) -> str:
    hasher = hashlib.sha256()
    for folder, dirs, files in sorted(os.walk(theme)):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(folder, name)
            hasher.update(os.path.relpath(path, theme).encode())
            with open(path, "rb") as handle:
                hasher.update(handle.read())
    return hasher.hexdigest()


def plain_settings(settings: dict[str, Any]) -> dict[str, Any]:
    """The settings a template may read, without what changes every run (the clock) or has no stable repr."""
    def plain(value: Any) -> bool:
        if isinstance(value, (str, int, float, bool, type(None))):
            return True
        if isinstance(value, (list, tuple)):
            return all(plain(v) for v in value)
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        return False

    return {k: v for k, v in sorted(settings.items()) if k.isupper() and k != "BUILD_TIME" and plain(v)}
