"""Search (contract section 12): Pagefind, npm's build pinned in package-lock.json, run on a
site's pages through a cache. The build (plugins/ob_search) starts it as soon as the pages are
staged and waits for it at the end; the preview runs it after each reload.

npm's `pagefind` 1.6.0 writes a byte-identical bundle for the same pages, run after
run (PyPI's 1.5.2 does not), so the index keeps builds reproducible. It reads only
the HTML of the folder it is given: the staging folder, which holds published pages
only, so no draft, future post or future update can reach the index.

The bundle depends on nothing but those HTML files and Pagefind's version and
arguments, so it is kept in CACHE_PATH/pagefind/DIGEST/ and put back, instead of
running Pagefind again, when a build stages the same HTML.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
import weakref
from dataclasses import dataclass
from typing import IO, Any

from .paths import project_folder
from .render import link_or_copy

# npm installs Pagefind's program for this machine as node_modules/@pagefind/PLATFORM-ARCH/bin/NAME; its
# wrapper script (pagefind/lib/runner/bin.cjs) only finds it and runs it, so the build runs it itself and
# does not start Node twice per build. The names below are the wrapper's (pagefind/lib/resolveBinary.js).
PLATFORMS = {"linux": "linux", "darwin": "darwin", "win32": "windows"}  # sys.platform (and freebsd14 and so on)
ARCHES = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}  # platform.machine()
NAMES = ("pagefind_extended", "pagefind")
BUNDLE = "pagefind"  # the bundle's folder in OUT: /pagefind/
ARGUMENTS = ("--output-subdir", BUNDLE, "--quiet")
# What Pagefind writes that the default UI never loads (its component and modular UIs, highlighting).
UNUSED = ("pagefind-component-ui.css", "pagefind-component-ui.js", "pagefind-modular-ui.css",
          "pagefind-modular-ui.js", "pagefind-highlight.js")
TIMEOUT = 600  # seconds


logger = logging.getLogger(__name__)
SCRIPT_SETTING = "SEARCH_SCRIPT"  # set by prepare(): the search page's script in OUT, or "" without an index
SCRIPT = "search.js"  # in THEME/js/; published as theme/js/search.DIGEST.js


class PagefindFailed(Exception):
    """Pagefind was found but did not make an index."""


@dataclass(frozen=True)
class Tool:
    command: tuple[str, ...]  # the program
    version: str  # what `pagefind --version` prints, e.g. "pagefind 1.6.0"


@dataclass(frozen=True)
class Indexed:
    pages: dict[str, int]  # pages in the index, by language
    seconds: float  # from start() until the index was ready (Pagefind runs while the build goes on)
    reused: bool  # True when the bundle came from the cache


def tool_environment() -> dict[str, str]:
    """The environment without PAGEFIND_* variables, which would change what Pagefind writes."""
    return {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND_")}


def find_tool(project: str, system: str = sys.platform, machine: str = "") -> Tool | None:
    """Pagefind as `npm ci` installs it in the project (make html does), or None without it. npm picks the
    package by Node's architecture, which may not be Python's (under Rosetta): any other one is tried after.
    system and machine: sys.platform and platform.machine(), unless given."""
    system = "freebsd" if system.startswith("freebsd") else PLATFORMS.get(system, "")
    if not system:
        return None
    arch = ARCHES.get((machine or platform.machine()).lower(), "")
    packages = os.path.join(project, "node_modules", "@pagefind")
    found = sorted(glob.glob(os.path.join(glob.escape(packages), f"{system}-*")), key=lambda p: not p.endswith(f"-{arch}"))
    for package in found:
        for name in NAMES:
            program = os.path.join(package, "bin", name + (".exe" if system == "windows" else ""))
            tool = _probe(program) if os.path.isfile(program) else None
            if tool is not None:
                return tool
    return None


@functools.lru_cache(maxsize=8)
def _probe(program: str) -> Tool | None:
    """Run `pagefind --version` once per process: a program that does not run is no tool."""
    try:
        result = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60,
                                env=tool_environment(), check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return Tool((program,), result.stdout.strip())


def html_digest(site: str, tool: Tool) -> str:
    """A digest of every HTML file of the site (path and bytes), Pagefind's version and arguments."""
    hasher = hashlib.sha256(f"{tool.version}\0{' '.join(ARGUMENTS)}\0".encode())
    for folder, dirs, files in os.walk(site):
        dirs.sort()
        if os.path.relpath(folder, site).split(os.sep)[0] == BUNDLE:
            continue
        for name in sorted(files):
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                hasher.update(os.path.relpath(path, site).encode() + b"\0")
                with open(path, "rb") as handle:
                    hasher.update(hashlib.sha256(handle.read()).digest())
    return hasher.hexdigest()[:32]


def _copy_tree(source: str, target: str) -> None:
    shutil.copytree(source, target, copy_function=link_or_copy)  # hard links, like the cache of made outputs


class Running:
    """The index of one site being made: Pagefind running, or the bundle already put back from the cache."""

    def __init__(self, site: str, cache: str, key: str, started: float, process: subprocess.Popen[bytes] | None = None,
                 log: IO[bytes] | None = None) -> None:
        self.site, self.cache, self.key, self.started, self.process, self.log = site, cache, key, started, process, log
        if process is not None:  # a build that stops before finish() leaves no indexer running
            weakref.finalize(self, _stop, process)

    def finish(self) -> Indexed:
        """Wait for the index; raises PagefindFailed when Pagefind made none."""
        if self.process is None or self.log is None:
            return Indexed(pages_by_language(self.site), time.perf_counter() - self.started, True)
        try:
            code = self.process.wait(timeout=max(1.0, TIMEOUT - (time.perf_counter() - self.started)))
        except subprocess.TimeoutExpired:
            _stop(self.process)
            raise PagefindFailed(f"it was still running after {TIMEOUT} s") from None
        finally:
            self.log.seek(0)
            said = self.log.read().decode(errors="replace").strip()
            self.log.close()
        target = os.path.join(self.site, BUNDLE)
        if code != 0 or not os.path.isfile(os.path.join(target, "pagefind-entry.json")):
            raise PagefindFailed(said or f"exit status {code}")
        for name in UNUSED:
            path = os.path.join(target, name)
            if os.path.exists(path):
                os.unlink(path)
        if _RUNNING.get(self.site) is self.process:
            del _RUNNING[self.site]
        seconds = time.perf_counter() - self.started
        store(target, self.cache, self.key)
        return Indexed(pages_by_language(self.site), seconds, False)


_RUNNING: dict[str, subprocess.Popen[bytes]] = {}  # site -> the Pagefind this process last started on it


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()


def pages_by_language(site: str) -> dict[str, int]:
    with open(os.path.join(site, BUNDLE, "pagefind-entry.json"), encoding="utf-8") as handle:
        entry = json.load(handle)
    return {lang: info.get("page_count", 0) for lang, info in sorted(entry.get("languages", {}).items())}


def start(tool: Tool, site: str, cache: str) -> Running:
    """Start indexing site's pages into site/pagefind/, or put back the bundle of the same pages from the
    cache (which keeps the latest bundle only). Pagefind reads only the HTML files: the rest of the site
    may still be written meanwhile. An earlier Pagefind of this process on the same folder (a run that
    failed before it finished) is stopped first."""
    started = time.perf_counter()
    earlier = _RUNNING.pop(site, None)
    if earlier is not None:
        _stop(earlier)
    key = html_digest(site, tool)
    cached = os.path.join(cache, key)
    target = os.path.join(site, BUNDLE)
    shutil.rmtree(target, ignore_errors=True)
    if os.path.isfile(os.path.join(cached, "pagefind-entry.json")):
        _copy_tree(cached, target)
        return Running(site, cache, key, started)
    os.makedirs(cache, exist_ok=True)
    log = tempfile.TemporaryFile(dir=cache)  # not a pipe: nobody reads it before Pagefind ends
    try:
        process = launch(tool, site, log)
    except PagefindFailed:
        log.close()
        raise
    _RUNNING[site] = process
    return Running(site, cache, key, started, process, log)


def launch(tool: Tool, site: str, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """Pagefind started on site, writing site/pagefind/ (cwd: the site, so no pagefind.yml elsewhere applies)."""
    try:
        return subprocess.Popen([*tool.command, "--site", site, *ARGUMENTS], stdout=log, stderr=subprocess.STDOUT,
                                cwd=site, env=tool_environment())
    except OSError as error:
        raise PagefindFailed(str(error)) from None


def index(tool: Tool, site: str, cache: str) -> Indexed:
    """The bundle of site/pagefind/, made or from the cache, once Pagefind is done."""
    return start(tool, site, cache).finish()


def store(bundle: str, cache: str, key: str) -> None:
    """Keep the bundle as the cache's only entry (written aside, then renamed into place)."""
    os.makedirs(cache, exist_ok=True)
    temporary = os.path.join(cache, f".{key}.tmp{os.getpid()}")
    shutil.rmtree(temporary, ignore_errors=True)
    _copy_tree(bundle, temporary)
    for name in os.listdir(cache):
        if name != os.path.basename(temporary):
            shutil.rmtree(os.path.join(cache, name), ignore_errors=True)
    os.replace(temporary, os.path.join(cache, key))


def script_source(theme: str) -> bytes:
    with open(os.path.join(theme, "js", SCRIPT), "rb") as handle:
        return handle.read()


def script_path(theme: str) -> str:
    """The script's path in OUT; its name carries a digest of its bytes, so browsers may keep it."""
    stem, extension = os.path.splitext(SCRIPT)
    return f"theme/js/{stem}.{hashlib.sha256(script_source(theme)).hexdigest()[:10]}{extension}"


@functools.lru_cache(maxsize=8)
def warn_search_off(project: str) -> None:
    """Once per project and process (the preview rebuilds often)."""
    logger.warning("search is off: install Node.js and run make html (Pagefind was not found in %s); "
                   "the site is built without a search index", os.path.join(project, "node_modules"))


def prepare(settings: dict[str, Any]) -> Tool | None:
    """Pagefind when search is on and installed, else None (with the warning when it is missing); tells the
    templates which (SEARCH_SCRIPT: the search page's script, or "" when there is no index)."""
    tool = None
    if settings.get("SEARCH"):
        project = project_folder(settings)
        tool = find_tool(project)
        if tool is None:
            warn_search_off(project)
    settings[SCRIPT_SETTING] = script_path(settings["THEME"]) if tool is not None else ""
    return tool
