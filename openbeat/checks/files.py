"""Rules on files: what each file is, and whether a post can be read at all."""

from __future__ import annotations

import os
import re
from typing import Any

from pelican.utils import slugify

from ..errors import Problem
from ..header import Post, read_post
from ..markup.sanitize import SCHEMES
from ..paths import PathRefused, content_file
from ..reading import ContentFile, nesting_problem, read_text
from ..types import SLUG_RE, TypeSpec, TypeTable
from .context import Entry

LANG_SUFFIX_RE = re.compile(r"\.(en|es)$")
LINK_SCHEME_RE = re.compile(r"(?:\]\(\s*<?|\]:\s*<?)\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


def file_problem(root: str, found: ContentFile) -> Problem | None:
    """The problem of a file that is not a usable post or static file, if any."""
    if found.role == "error":
        return Problem(found.path, 1, found.problem)
    if found.role == "ignored":
        return Problem(found.path, 1, found.problem, "warning")
    try:
        content_file(root, found.path, "")
    except PathRefused as refused:
        return Problem(found.path, 1, refused.as_file)
    return None


def file_slug(path: str, settings: dict[str, Any]) -> str:
    """The slug a post without a Slug key gets: its file name without `.md` and a `.es`/`.en` language
    suffix, slugified as Pelican does."""
    name = LANG_SUFFIX_RE.sub("", os.path.splitext(os.path.basename(path))[0])
    return slugify(
        name,
        regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
        preserve_case=False,
        use_unicode=False,
    )


def read_entry(root: str, path: str, types: TypeTable, settings: dict[str, Any],
               problems: list[Problem]) -> Entry | None:
    """Read one post; problems that stop any further check are added here and None is returned."""
    full = os.path.join(root, path)
    size = os.path.getsize(full)
    limit = settings["CONTENT_MAX_BYTES"]
    if size > limit:
        problems.append(Problem(path, 1, f"is {size:,} bytes, over the limit of {limit:,} bytes: split it into "
                                         "several posts, or move large text into a file in files/ (CONTENT_MAX_BYTES)"))
        return None
    try:
        text = read_text(full)
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        problems.append(Problem(path, line, "is not UTF-8 text: open it in your editor and save it with UTF-8 "
                                            "encoding"))
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(Problem(path, line, "has a NUL character (a binary file saved as .md?): save it again as "
                                            "plain text"))
        return None
    spec = types[path.split("/")[0]]
    post = read_post(text, spec.lists)
    unreadable = False
    for line, message in post.problems:
        problems.append(Problem(path, line, message))
        unreadable = True
    deep = nesting_problem(post, settings["CONTENT_MAX_DEPTH"], settings["CONTENT_MAX_LINE"])
    if deep is not None:
        problems.append(Problem(path, deep[0], deep[1]))
        unreadable = True
    if unreadable:
        return None
    return make_entry(path, spec, post, settings)


def make_entry(path: str, spec: TypeSpec, post: Post, settings: dict[str, Any]) -> Entry:
    """A readable post with the slug and language it will have (the checks and the model make it alike)."""
    slug = post.get("slug") or file_slug(path, settings)
    lang = post.get("lang").lower() or settings.get("DEFAULT_LANG", "en")
    return Entry(path, spec, post, slug, lang)


def slug_problem(entry: Entry) -> Problem | None:
    if SLUG_RE.match(entry.slug):
        return None
    if entry.post.get("slug"):
        return Problem(entry.path, entry.post.line("slug"),
                       f'Slug "{entry.post.get("slug")}" is not a slug: use lower-case letters, digits and hyphens '
                       "only, like bike-unit-returns (a slug is a name, never a path)")
    return Problem(entry.path, 1, "the file name makes no usable URL: rename the file with letters or digits, like "
                                  "bike-unit-returns.md, or add a Slug")


def may_hold_html(post: Any) -> bool:
    """Could this post's HTML hold something outside the allowlist? Only raw HTML, attribute lists
    and links with an odd scheme can; plain Markdown cannot."""
    body = post.body
    if "<" in body or "{" in body or "&" in body:
        return True
    return any(scheme.lower() not in SCHEMES for scheme in LINK_SCHEME_RE.findall(body))
