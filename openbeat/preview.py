"""The live preview (`make serve`): rebuild what an edit changes, and reload the page in the browser.

`Preview` keeps a build's state between edits: the posts as read (by their text's
digest), the items (openbeat.model's item cache) and the files in OUT (by their
output keys). An edit reads the changed posts again, rebuilds the site model from
cached items, and writes only the outputs whose key changed; the files it makes are
byte-identical to a cold build's. A content error prints one short summary and
leaves OUT as it was.

`serve()` runs it with an HTTP server on 127.0.0.1 that serves OUT, adds a small
script to each HTML page it serves (only here: never in a built file), and tells
the page through server-sent events to reload after a rebuild, or shows the
problems on the page after a failed one. Ctrl-C stops it at once.
"""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import queue
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from pelican import Pelican
from pelican.generators import Generator

from .checks import check_folder
from .clock import build_time
from .errors import BuildError, Problem
from .model import Source
from .outputdir import check_folders, fresh_staging, swap_in
from .outputs import SiteOutputs
from .pipeline import make_site, read_folder
from .reading import PostReader, RenderRefused, walk
from .render import Writer
from .search import PagefindFailed, index
from .search import prepare as prepare_search
from .types import type_table

LIVE_PATH = "/__openbeat/"
LIVE_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static", "live.js")
# The one tag the preview adds to a page it serves (a constant: nothing from content goes in it).
LIVE_TAG = b'<script src="/__openbeat/live.js" defer></script>'
SUMMARY_LINES = 8


@dataclass
class Result:
    ok: bool
    seconds: float
    problems: list[Problem] = field(default_factory=list)
    written: int = 0
    made: int = 0
    removed: int = 0


class Refused(Exception):
    """A post Markdown cannot render safely (too slow, too deep): the rebuild stops with its problem."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class Preview:
    """A site's build state, rebuilt after each edit."""

    def __init__(self, settings: dict[str, Any]):
        self.settings = settings
        Pelican(settings)  # loads the plugins: settings checked, the theme's template helpers registered
        self.root, self.out = settings["PATH"], settings["OUTPUT_PATH"]
        check_folders(settings)
        self.search = prepare_search(settings)  # Pagefind, or None (search off, or Node missing)
        self.env = Generator({}, settings, self.root, settings["THEME"], self.out).env
        self.env.auto_reload = True  # an edited template shows at the next rebuild (builds turn this off)
        self.reader = PostReader(settings)
        self.posts: dict[str, tuple[str, Source]] = {}  # path -> (digest of its text, the post as read)
        self.items: dict[str, Any] = {}  # the item cache (openbeat.model.cache_key)
        self.checked: dict[str, list[Problem]] = {}  # each unchanged post's problems (check_folder's memo)
        self.writer: Writer | None = None

    def read(self, path: str) -> Source:
        full = os.path.join(self.root, path)
        with open(full, "rb") as handle:
            digest = hashlib.sha256(handle.read()).hexdigest()
        known = self.posts.get(path)
        if known is None or known[0] != digest:
            try:
                html, post = self.reader.post(full)
            except RenderRefused as refused:
                raise Refused(Problem(path, refused.line, str(refused))) from None
            known = (digest, Source(path, post, html))
            self.posts[path] = known
        return known[1]

    def rebuild(self) -> Result:
        """Check, rebuild the model, write what changed. On any error OUT is left as it was."""
        start = time.perf_counter()
        now = build_time(os.environ)
        self.settings["BUILD_TIME"] = now
        try:
            problems = check_folder(self.root, self.settings, now, memo=self.checked)
            if any(p.level == "error" for p in problems):
                return Result(False, time.perf_counter() - start, problems)
            sources, statics = read_folder(walk(self.root, type_table(self.settings)), self.read)
            self.posts = {path: self.posts[path] for path in (s.path for s in sources)}
            site, found = make_site(self.root, self.settings, now, sources, statics, self.items)
        except Refused as refused:
            return Result(False, time.perf_counter() - start, [refused.problem])
        except BuildError as error:
            return Result(False, time.perf_counter() - start, [Problem("(settings)", 1, str(error))])
        problems += found
        if any(p.level == "error" for p in problems):
            return Result(False, time.perf_counter() - start, problems)
        first = self.writer is None
        target = fresh_staging(self.out) if first else self.out
        writer = Writer(target, os.path.join(self.settings["CACHE_PATH"], "outputs")) if first else self.writer
        outputs = SiteOutputs(site, site.build, self.env, writer.cached).all()
        stats = writer.write(outputs)
        removed = writer.remove_others(path for output in outputs for path in output.paths)
        if first:
            swap_in(target, self.out, self.settings)
            writer.out_dir = self.out
            self.writer = writer
        return Result(True, time.perf_counter() - start, problems, stats.written, stats.made, len(removed))


    def index_search(self) -> None:
        """The search index of OUT as it is now (Pagefind takes about a second at 1,000 posts: serve() runs
        this after the page has reloaded)."""
        if self.search is not None:
            try:
                index(self.search, self.out, os.path.join(self.settings["CACHE_PATH"], "pagefind"))
            except PagefindFailed as error:
                print(f"search: Pagefind could not index the preview ({error})", file=sys.stderr)


def summary(result: Result) -> str:
    """One short report of a rebuild: the errors (FILE:LINE) or what was written."""
    if result.ok:
        warnings = sum(p.level == "warning" for p in result.problems)
        extra = f", {warnings} warning(s) (make lint lists them)" if warnings else ""
        return (f"Rebuilt in {result.seconds:.2f} s: {result.written} file(s) written, {result.removed} removed{extra}. "
                "The page in your browser reloads itself.")
    errors = [p for p in result.problems if p.level == "error"]
    lines = [str(p) for p in errors[:SUMMARY_LINES]]
    if len(errors) > SUMMARY_LINES:
        lines.append(f"... and {len(errors) - SUMMARY_LINES} more (make lint lists them all)")
    lines.append("Not rebuilt: the preview still shows the last good version. Fix the lines above and save.")
    return "\n".join(lines)


class Serial:
    """Runs a job in a background thread, one at a time; a job asked for while one runs runs once after it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.again = threading.Event()

    def run(self, job: Any) -> None:
        self.again.set()
        if not self.lock.acquire(blocking=False):
            return
        try:
            while self.again.is_set():
                self.again.clear()
                job()
        finally:
            self.lock.release()


class Events:
    """The browsers listening for rebuilds (server-sent events)."""

    def __init__(self) -> None:
        self.listeners: list[queue.Queue] = []
        self.lock = threading.Lock()
        self.last: tuple[str, str] | None = None  # the last failure, for pages opened after it

    def listen(self) -> queue.Queue:
        listener: queue.Queue = queue.Queue()
        with self.lock:
            self.listeners.append(listener)
            if self.last:
                listener.put(self.last)
        return listener

    def forget(self, listener: queue.Queue) -> None:
        with self.lock:
            if listener in self.listeners:
                self.listeners.remove(listener)

    def send(self, event: str, data: str) -> None:
        with self.lock:
            self.last = (event, data) if event == "problems" else None
            for listener in self.listeners:
                listener.put((event, data))


def handler_class(out: str, admin: str | None, events: Events) -> type[http.server.SimpleHTTPRequestHandler]:
    class Handler(http.server.SimpleHTTPRequestHandler):
        """Serves OUT (and the editor's folder at /admin/); adds the live script to HTML pages."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=out, **kwargs)

        def log_message(self, format: str, *args: Any) -> None:  # the terminal shows rebuilds, not requests
            return

        def translate_path(self, path: str) -> str:
            """OUT, and the editor's folder at /admin/."""
            if admin and (path == "/admin" or path.startswith(("/admin/", "/admin?"))):
                self.directory = admin
                return super().translate_path(path[len("/admin"):] or "/")
            self.directory = out
            return super().translate_path(path)

        def do_GET(self) -> None:
            if self.path.startswith(LIVE_PATH):
                self.live()
                return
            path = self.translate_path(self.path)
            if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
                path = os.path.join(path, "index.html")
            if path.endswith(".html") and os.path.isfile(path):
                self.html(path)
                return
            super().do_GET()

        def html(self, path: str) -> None:
            with open(path, "rb") as handle:
                body = handle.read()
            if not self.path.startswith("/admin"):
                body = body.replace(b"</body>", LIVE_TAG + b"</body>", 1)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def live(self) -> None:
            if self.path.startswith(LIVE_PATH + "live.js"):
                with open(LIVE_SCRIPT, "rb") as handle:
                    body = handle.read()
                self.send_response(200)
                self.send_header("Content-Type", "text/javascript; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            listener = events.listen()
            try:
                self.wfile.write(b": connected\n\n")
                self.wfile.flush()
                while True:
                    try:
                        event, data = listener.get(timeout=15)
                    except queue.Empty:
                        event, data = "", ""
                    message = f"event: {event}\ndata: {data}\n\n" if event else ": still here\n\n"
                    self.wfile.write(message.encode())
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, OSError):
                pass
            finally:
                events.forget(listener)

    return Handler


def watched(settings: dict[str, Any]) -> list[str]:
    return [settings["PATH"], settings["THEME"]]


def serve(preview: Preview, port: int, admin: str | None = None, out=sys.stdout) -> None:
    """Build, serve on 127.0.0.1:port, and rebuild after every change until Ctrl-C."""
    from watchfiles import watch

    result = preview.rebuild()
    print(summary(result), file=out, flush=True)
    if result.ok:
        preview.index_search()
    events = Events()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler_class(preview.out, admin, events))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    print(f"Preview on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops it)", file=out, flush=True)
    stop = threading.Event()
    indexing = Serial()
    try:
        for _changes in watch(*watched(preview.settings), debounce=40, step=20, stop_event=stop):
            result = preview.rebuild()
            print(summary(result), file=out, flush=True)
            if result.ok:
                events.send("reload", str(result.written))
                threading.Thread(target=indexing.run, args=(preview.index_search,), daemon=True).start()
            else:
                errors = [str(p) for p in result.problems if p.level == "error"]
                events.send("problems", json.dumps(errors[:SUMMARY_LINES]))
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        print("Preview stopped.", file=out, flush=True)
