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
import logging
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
from .errors import ContentError, Problem
from .header import Post, read_post
from .types import TypeTable, type_table

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
# A list item's marker: Markdown nests one list per marker, also on one line ("- - - x").
LIST_MARKER_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)")
RULE_RE = re.compile(r"^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$")  # a horizontal rule, "- - -"
TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*?)?(/?)>")
CODE_SPAN_RE = re.compile(r"(`+).*?\1")
# Elements that hold nothing, or whose end tag may be left out: they do not nest.
FLAT_ELEMENTS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "optgroup", "colgroup",
    "caption", "rt", "rp",
})
READ_SECONDS = 10  # one post's Markdown must render within this time
logger = logging.getLogger(__name__)


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
    """A line too long, or quotes, lists or HTML elements nested too deep for Markdown and the HTML
    sanitiser to read in bounded time and stack."""
    html_depth = 0
    for number, line in post.body_lines():
        if len(line) > max_line:
            return number, (f"is {len(line):,} characters long, over the limit of {max_line:,}: "
                            "break it into paragraphs (CONTENT_MAX_LINE)")
        depth = block_depth(line)
        if depth > max_depth:
            return number, (f"nests quotes or lists {depth} levels deep, over the limit of {max_depth}: "
                            "flatten it (CONTENT_MAX_DEPTH)")
        if "<" in line:
            html_depth = element_depth(line, html_depth)
            if html_depth > max_depth:
                return number, (f"nests HTML elements {html_depth} deep (an element opened inside another, and not "
                                f"closed), over the limit of {max_depth}: close each element, or flatten it "
                                "(CONTENT_MAX_DEPTH)")
    return None


def block_depth(line: str) -> int:
    """How many quotes and lists the start of a line opens: each `>` and each list marker one, and each
    four columns of indentation one more."""
    if RULE_RE.match(line):
        return 0
    depth = column = position = 0
    while position < len(line):
        char = line[position]
        if char in " \t":
            column += 1 if char == " " else 4 - column % 4
            position += 1
            continue
        marker = LIST_MARKER_RE.match(line, position)
        if char != ">" and marker is None:
            break
        depth += 1 + column // 4
        column = 0
        position = position + 1 if char == ">" else marker.end()
    return depth + column // 4


def element_depth(line: str, depth: int) -> int:
    """The depth of HTML elements after this line, from the depth before it (code spans left out)."""
    for closing, name, empty in TAG_RE.findall(CODE_SPAN_RE.sub("", line)):
        if empty or name.lower() in FLAT_ELEMENTS:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
    return depth


class RenderTimeout(Exception):
    pass


class RenderRefused(ValueError):
    """A post's Markdown cannot be rendered within the time and stack limits; str() says what to do."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
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

    def render(self, text: str, first_line: int = 1) -> str:
        """The HTML of text; RenderRefused (naming first_line, where text starts in its file) when Markdown
        needs more than READ_SECONDS or more stack than Python has."""
        self.markdown.reset()
        try:
            with time_limit(READ_SECONDS):
                return self.markdown.convert(text)
        except RenderTimeout:
            refused = RenderRefused(first_line, f"takes too long to read (over {READ_SECONDS} seconds): split it into "
                                                "several posts, or make its lists, tables and HTML simpler")
        except RecursionError:
            refused = RenderRefused(first_line, "nests quotes, lists or HTML too deeply to be read: flatten them")
        self.markdown.reset()
        raise refused


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

    The checks have already refused any file this reader could not read safely,
    except a body that Markdown cannot render in time (only rendering tells):
    that stops the build with its FILE:LINE, and nothing of it is cached.
    Pelican's metadata gets only the title; the model reads `header` (the Post).
    """

    enabled = True
    file_extensions = ["md"]

    def __init__(self, settings: dict[str, Any]):
        super().__init__(settings)
        self.renderer = Renderer(settings)
        self.version = reader_version(settings)
        self.types = type_table(settings)

    def post(self, source_path: str) -> tuple[str, Post]:
        """(HTML, header) of one post; RenderRefused when Markdown cannot render it safely."""
        relative = os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")
        spec = self.types.get(relative.split("/")[0])
        post = read_post(read_text(source_path), spec.lists if spec else ())
        return self.renderer.render(post.body, post.body_start), post

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        relative = os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")
        try:
            html, post = self.post(source_path)
        except RenderRefused as refused:
            logger.error("%s", Problem(relative, refused.line, str(refused)))
            raise ContentError("1 content error (listed above): nothing was published and the previous output is "
                               "unchanged. Fix it, then run make lint to check again.") from None
        return html, {"title": post.get("title") or os.path.basename(source_path), "header": post,
                      "reader_version": self.version}
