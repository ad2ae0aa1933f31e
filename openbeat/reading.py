"""Which files of a content folder are what, and reading a post into header + HTML.

Every file in a content folder is a post (a `.md` file in a type folder), a
data set's CSV beside its post, a static file of `images/` or `files/`, or an
error: a hidden file, another text format, a file outside the type folders is
reported, never skipped silently. Posts are read by `PostReader`, a Pelican
reader for `.md` only (pelicanconf.py turns Pelican's other readers off), so
lint and the build read the same header the same way and render the same HTML.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import markdown
from markdown import Markdown
from pelican.readers import BaseReader

from . import header as header_module
from .header import Post, read_post
from .types import TypeTable

STATIC_FOLDERS = ("images", "files")
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp")
# Files a static folder may hold besides images: documents a resident downloads.
DOCUMENT_EXTENSIONS = (".pdf", ".csv", ".txt", ".docx", ".xlsx", ".odt", ".ods", ".zip", ".mp3", ".mp4", ".ics")
# Formats a browser runs or renders as a page of the department's own site.
ACTIVE_EXTENSIONS = (".html", ".htm", ".xhtml", ".svg", ".svgz", ".xml", ".xsl", ".js", ".mjs", ".css", ".swf",
                     ".php", ".shtml", ".json", ".wasm")
OTHER_TEXT_FORMATS = (".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm", ".txt", ".adoc", ".textile", ".ipynb")
# Files operating systems leave behind: not published, and not worth an error.
SYSTEM_FILES = (".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", ".keep")
QUOTE_RE = re.compile(r"^[ \t]*((?:>[ \t]?)+)")
READ_SECONDS = 10  # one post's Markdown must render within this time


@dataclass(frozen=True)
class ContentFile:
    path: str  # relative to the content folder, posix
    role: str  # "post", "csv", "image", "static", "ignored" or "error"
    problem: str = ""  # for "error" (and "ignored"): what is wrong and the fix


def classify(path: str, types: TypeTable) -> ContentFile:
    """What one file of the content folder is."""
    parts = path.split("/")
    name = parts[-1]
    extension = os.path.splitext(name)[1]
    lower = extension.lower()
    if name in SYSTEM_FILES:
        return ContentFile(path, "ignored", "is a file your computer made; it is not published (you may delete it)")
    hidden = next((p for p in parts if p.startswith(".")), None)
    if hidden is not None:
        return ContentFile(path, "error", f'is hidden ("{hidden}" starts with a dot), so nobody would see it is '
                                          "published: rename it without the dot, or delete it")
    folder = parts[0] if len(parts) > 1 else ""
    if folder in STATIC_FOLDERS:
        if lower in ACTIVE_EXTENSIONS:
            return ContentFile(path, "error", f"is a {lower} file, which a browser would run as part of the "
                                              "department's site: publish it as a post, or as a PDF")
        if lower in (".heic", ".heif", ".tif", ".tiff", ".bmp"):
            return ContentFile(path, "error", f"is a {lower[1:].upper()} image, which browsers cannot show: "
                                              "export it as JPEG (photos) or PNG (graphics)")
        if lower in IMAGE_EXTENSIONS:
            return ContentFile(path, "image")
        if lower in DOCUMENT_EXTENSIONS:
            return ContentFile(path, "static")
        return ContentFile(path, "error", f"has an extension ({extension or 'none'}) the site does not publish: "
                                          f"use one of {', '.join(IMAGE_EXTENSIONS + DOCUMENT_EXTENSIONS)}")
    spec = types.get(folder)
    if spec is None:
        where = "is not in a content folder" if not folder else f'is in "{folder}/", which is not a content folder'
        return ContentFile(path, "error", f"{where}: move it into one of "
                                          f"{', '.join(f'{t}/' for t in types.folders + STATIC_FOLDERS)}")
    if extension == ".md":
        return ContentFile(path, "post")
    if lower == ".md":
        return ContentFile(path, "error", f"ends in {extension}: rename it to end in .md (lower case), or it is not read")
    if lower == ".csv" and spec.has("dataset"):
        return ContentFile(path, "csv")
    if lower in OTHER_TEXT_FORMATS:
        return ContentFile(path, "error", f"is a {lower} file: only Markdown (.md) files are posts; "
                                          "copy its text into a .md file")
    return ContentFile(path, "error", "is not a post (.md): move it into images/ or files/, or delete it")


def walk(root: str, types: TypeTable) -> Iterator[ContentFile]:
    """Every file under root, classified, sorted by path. Symlinked folders are not entered."""
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in sorted(files) + sorted(d for d in dirs if os.path.islink(os.path.join(folder, d))):
            path = name if relative == "." else f"{relative}/{name}"
            if os.path.isdir(os.path.join(folder, name)):
                yield ContentFile(path, "error", "is a link to a folder: copy the files themselves into the content folder")
                continue
            yield classify(path, types)


def markdown_config(settings: dict[str, Any]) -> dict[str, Any]:
    """Python-Markdown's options from MARKDOWN, without the meta extension (headers are ours)."""
    config = dict(settings.get("MARKDOWN") or {})
    extensions = [e for e in config.get("extensions", []) if e not in ("meta", "markdown.extensions.meta")]
    for name in config.get("extension_configs", {}):
        if name not in extensions:
            extensions.append(name)
    config["extensions"] = extensions
    return config


def nesting_problem(post: Post, max_depth: int, max_line: int) -> tuple[int, str] | None:
    """A line too long, or lists and quotes nested too deep for Markdown to read in bounded time."""
    for number, line in post.body_lines():
        if len(line) > max_line:
            return number, (f"is {len(line):,} characters long, over the limit of {max_line:,}: "
                            "break it into paragraphs (CONTENT_MAX_LINE)")
        quotes = QUOTE_RE.match(line)
        depth = quotes.group(1).count(">") if quotes else 0
        indent = len(line) - len(line.lstrip(" \t"))
        depth += line[:indent].expandtabs(4).count("    ")
        if depth > max_depth:
            return number, (f"nests quotes or lists {depth} levels deep, over the limit of {max_depth}: "
                            "flatten it (CONTENT_MAX_DEPTH)")
    return None


class RenderTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Stop a render that runs longer than seconds (main thread only; elsewhere no limit)."""
    try:
        previous = signal.signal(signal.SIGALRM, _timeout)
    except ValueError:  # not the main thread
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _timeout(signum: int, frame: Any) -> None:
    raise RenderTimeout


class Renderer:
    """Markdown to HTML with the site's options; one Markdown instance, reset per post."""

    def __init__(self, settings: dict[str, Any]):
        self.markdown = Markdown(**markdown_config(settings))

    def render(self, text: str) -> str:
        self.markdown.reset()
        with time_limit(READ_SECONDS):
            return self.markdown.convert(text)


def read_text(full_path: str) -> str:
    """A post's text; UnicodeDecodeError for anything but UTF-8 (the checks report it with its line)."""
    with open(full_path, "rb") as handle:
        return handle.read().decode("utf-8")


def reader_version(settings: dict[str, Any]) -> str:
    """What a cached read depends on besides the file: this reader's code, Markdown and its options."""
    hasher = hashlib.sha256(repr(sorted(markdown_config(settings).items(), key=str)).encode())
    hasher.update(markdown.__version__.encode())
    for module in (__file__, header_module.__file__):
        with open(module, "rb") as handle:
            hasher.update(handle.read())
    return hasher.hexdigest()[:16]


class PostReader(BaseReader):
    """Pelican's reader for `.md` posts: the header by openbeat.header, the body by Python-Markdown.

    The checks have already refused any file this reader could not read safely.
    Pelican's metadata gets only the title; the model reads `header` (the Post).
    """

    enabled = True
    file_extensions = ["md"]

    def __init__(self, settings: dict[str, Any]):
        super().__init__(settings)
        self.renderer = Renderer(settings)
        self.version = reader_version(settings)

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        post = read_post(read_text(source_path))
        try:
            html = self.renderer.render(post.body)
        except (RenderTimeout, RecursionError):
            html = ""  # the checks report the file; nothing of it is published
        return html, {"title": post.get("title") or os.path.basename(source_path), "header": post,
                      "reader_version": self.version}
