"""Every path that content names, and every path the build writes, checked in one place.

Content is untrusted input: a header or a Markdown link may name any path. Only
`content_file()` turns such a reference into a path, and it refuses anything
that is not a regular file inside the content folder (symlinks resolved). Only
`output_file()` turns an output path into a file name, and it refuses anything
outside the output folder. `check_output_folder()` refuses an output folder that
would overwrite the content, the project or anything else the build reads, and
`check_cache_folder()` a cache inside the content or the output.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from .errors import OutputError

# How Pelican writes links to other content; they name files of the content folder.
LINK_PREFIXES = ("{static}", "{attach}", "{filename}", "|static|", "|attach|", "|filename|")
SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
SAFE_OUTPUT_RE = re.compile(r"^[A-Za-z0-9._~@+-]+$")  # one part of an output path


class PathRefused(ValueError):
    """A path named by content is not a file of the content folder; the message says why and what to do.

    `as_file` says the same of the path itself, when it is a file the content folder holds (as
    lint reports each file of the folder)."""

    def __init__(self, message: str, as_file: str = ""):
        super().__init__(message)
        self.as_file = as_file or message


def is_external(reference: str) -> bool:
    """A URL with a scheme (https:, mailto:, javascript:, ...) or a protocol-relative one."""
    return bool(SCHEME_RE.match(reference.strip()))


def strip_link_prefix(reference: str) -> tuple[str, str]:
    """(`{static}`-style prefix or "", the rest)."""
    for prefix in LINK_PREFIXES:
        if reference.startswith(prefix):
            return prefix, reference[len(prefix):]
    return "", reference


def logical_path(reference: str, source: str) -> str:
    """The content-relative posix path a reference names, before any check.

    `images/a.jpg` and `/images/a.jpg` are from the content folder (as the
    contract writes Image and Photo); `./a.jpg` and `../images/a.jpg` are from
    the Markdown file's folder; `{static}`, `{attach}`, `{filename}` prefixes
    are Pelican's and are dropped. Query and fragment are dropped.
    """
    _, rest = strip_link_prefix(reference.strip())
    rest = unquote(rest.split("#", 1)[0].split("?", 1)[0])
    if rest.startswith("/"):
        return posixpath.normpath(rest.lstrip("/"))
    if rest.startswith("."):
        return posixpath.normpath(posixpath.join(posixpath.dirname(source), rest))
    return posixpath.normpath(rest)


def content_file(root: str, reference: str, source: str) -> str:
    """The content-relative path of the file a reference in `source` names, if it is safe.

    Raises PathRefused when the reference leads outside the content folder (by
    `..`, an absolute path or a symlink), names something that is not a regular
    file, or names nothing.
    """
    if "\\" in reference or "\x00" in reference:
        raise PathRefused(f'"{reference}" has a backslash or a NUL character: write paths with / like images/photo.jpg')
    relative = logical_path(reference, source)
    if relative in ("", ".") or relative == ".." or relative.startswith("../") or os.path.isabs(relative):
        raise PathRefused(f'"{reference}" leads outside the content folder: put the file in images/ or files/ and name it like images/photo.jpg')
    real_root = os.path.realpath(root)
    full = os.path.join(real_root, *relative.split("/"))
    real = os.path.realpath(full)
    if os.path.commonpath([real, real_root]) != real_root:
        raise PathRefused(f'"{reference}" is a link that leads outside the content folder: copy the file itself into the content folder',
                          "is a link to a file outside the content folder: copy the file itself into the content folder")
    try:
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        raise PathRefused(f'"{reference}" does not exist: check the path and file name (paths start from the content folder, like images/photo.jpg)',
                          "is a link to nothing: delete it, or copy the file itself into the content folder") from None
    except OSError as error:  # a symlink loop, a name too long
        why = (error.strerror or "the system refuses it").lower()
        raise PathRefused(f'"{reference}" cannot be opened ({why}): name a plain file inside the content folder',
                          f"cannot be opened ({why}): delete it, or put a plain file in its place") from None
    if not stat.S_ISREG(mode):
        raise PathRefused(f'"{reference}" is not a file: name a file inside the content folder, like images/photo.jpg',
                          "is not a plain file (a pipe, a device or a socket): delete it, or put a plain file in "
                          "its place") from None
    return relative


def output_file(out_root: str, relative: str) -> str:
    """The file name of an output path inside out_root; OutputError for anything else.

    Output paths come from slugs and names the model has already checked; this
    is the last guard, so that no bug can make the build write outside OUT.
    """
    parts = relative.split("/")
    if not relative or relative.startswith("/") or any(p in ("", ".", "..") or not SAFE_OUTPUT_RE.match(p) for p in parts):
        raise OutputError(f"refusing to write {relative!r}: an output path must stay inside the output folder")
    return os.path.join(out_root, *parts)


def is_inside(path: str, folder: str) -> bool:
    """Is path the folder itself or somewhere below it (real paths compared)?"""
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([path, folder]) == folder


def check_output_folder(output: str, content: str, project: str, reads: Mapping[str, str] | None = None) -> None:
    """Refuse an output folder that is a file, or whose replacement would delete what is not the site:
    the content, the project, anything else the build reads (reads: what -> folder, such as the theme
    and the cache), a home folder or the file system's root."""
    if os.path.lexists(output) and not os.path.isdir(output):
        raise OutputError(f"{output} is a file, not a folder: give -o a folder name, such as output")
    real = os.path.realpath(output)
    if real == os.path.dirname(real):
        raise OutputError(f"{output} is the root of the file system, and a build replaces everything in its output "
                          "folder: choose an output folder of its own, such as output/")
    folders = {"content folder": content, "project folder": project, **(reads or {}),
               "home folder": os.path.expanduser("~")}
    for name, folder in folders.items():
        if folder and is_inside(folder, output):
            raise OutputError(f"{output} holds the {name} ({folder}), and a build replaces everything in its output "
                              "folder: choose another output folder, such as output/")
    if is_inside(output, content):
        raise OutputError(f"{output} is inside the content folder ({content}): the site would be read back as "
                          "content; choose an output folder outside it, such as output/")


def check_cache_folder(cache: str, output: str, content: str) -> None:
    """Refuse a cache folder (CACHE_PATH) inside the content folder or the output folder: the cache is
    written during the build, the content is only read, and the output is replaced only at the end."""
    for name, folder in (("content folder", content), ("output folder", output)):
        if is_inside(cache, folder):
            raise OutputError(f"CACHE_PATH ({cache}) is inside the {name} ({folder}): the build would write its cache "
                              "there; give CACHE_PATH a folder outside both, such as .cache in the project")


def project_folder(settings: Mapping[str, Any]) -> str:
    """The project's root (where node_modules/ is): PROJECT_PATH (pelicanconf.py sets it to its own
    folder), else the folder that holds the theme."""
    return settings.get("PROJECT_PATH") or os.path.dirname(os.path.abspath(settings["THEME"]))
