"""What the rules read: each post as an Entry, and the whole folder as a Context."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

import pelican
import PIL

from ..digests import code_digest, digest, plain_settings
from ..header import Post
from ..reading import ContentFile
from ..types import TypeSpec, TypeTable
from .personal import department_phones

RULE_LIBRARIES = (PIL.__version__, pelican.__version__)  # the rules decode images (Pillow) and make slugs (Pelican)


@dataclass
class Entry:
    """One readable post: its path, type, header and the slug and language it will have."""

    path: str
    spec: TypeSpec
    post: Post
    slug: str
    lang: str

    @property
    def draft(self) -> bool:
        return self.post.draft


@dataclass
class Context:
    root: str
    settings: dict[str, Any]
    now: datetime
    types: TypeTable
    entries: list[Entry]
    others: list[ContentFile]  # files that are not posts: CSVs, images, static files
    images: dict[str, tuple[int, int, str] | str] = field(default_factory=dict)  # path -> size, or the problem

    @cached_property
    def drafts(self) -> set[str]:
        return {e.path for e in self.entries if e.draft}

    @cached_property
    def post_paths(self) -> frozenset[str]:
        return frozenset(e.path for e in self.entries)

    @cached_property
    def other_paths(self) -> frozenset[str]:
        return frozenset(f.path for f in self.others)

    @cached_property
    def slugs(self) -> dict[str, dict[str, Entry]]:
        """folder -> slug -> the entry (the default language's, when translated)."""
        found: dict[str, dict[str, Entry]] = {}
        for entry in sorted(self.entries, key=lambda e: e.lang != self.default_lang):
            found.setdefault(entry.spec.folder, {}).setdefault(entry.slug, entry)
        return found

    @cached_property
    def public_phones(self) -> list[str]:
        """PUBLIC_PHONES, the TIP_PHONE setting and every Tip-Phone: the numbers the department publishes."""
        tips = (e.post.get("tip-phone") for e in self.entries)
        return list(dict.fromkeys(p for p in [*department_phones(self.settings), *tips] if p))

    def signature(self) -> str:
        """A digest of what one post's rules read besides the post: the rules' code and the libraries they
        use, the settings, every post's name, slug, language, state and tip line, every other file's name,
        size and time. Not the clock (check_schedule)."""
        posts = [(e.path, e.spec.folder, e.slug, e.lang, e.draft, e.post.get("resolved"), e.post.get("tip-phone"))
                 for e in self.entries]
        files = []
        for found in self.others:
            stat = os.stat(os.path.join(self.root, found.path))
            files.append((found.path, found.role, stat.st_size, stat.st_mtime_ns))
        return digest(code_digest(), RULE_LIBRARIES, plain_settings(self.settings), posts, files)

    @property
    def default_lang(self) -> str:
        return self.settings.get("DEFAULT_LANG", "en")
