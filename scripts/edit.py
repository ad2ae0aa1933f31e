#!/usr/bin/env python3
"""The browser editor beside the live preview (contract section 14): `make edit`.

    .venv/bin/python scripts/edit.py content/ -o output/ -s pelicanconf.py --port 8000

Opens nothing by itself; it prints the two addresses:

- http://127.0.0.1:PORT/admin/  the editor (Decap CMS), one collection per type;
- http://127.0.0.1:PORT/        the live preview of the site (scripts/serve.py).

Saving in the editor writes the Markdown file into the content folder through
decap-server, bound to 127.0.0.1 on the next port (or a free one). Ctrl-C stops
everything. On first use (or when editor/package-lock.json changed) it installs
the editor's pinned packages with `npm ci --prefix editor`.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from openbeat.config import DEFAULT_SETTINGS, ROOT, site_settings
from openbeat.editor import EditorFilesError, admin_files
from openbeat.editor.admin import EDITOR
from openbeat.errors import SettingError
from openbeat.types import type_table

BUILD = EDITOR / "build"  # the editor's folder of each running make edit, by port; git-ignored
STAMP = EDITOR / "node_modules" / ".openbeat-lock.sha256"
DECAP_SERVER = EDITOR / "node_modules" / "decap-server" / "dist" / "index.js"
HOST = "127.0.0.1"


def lock_digest() -> str:
    return hashlib.sha256((EDITOR / "package-lock.json").read_bytes()).hexdigest()


def install_needed() -> bool:
    """The editor's packages are missing, or were installed from another lock file."""
    return not STAMP.exists() or STAMP.read_text(encoding="utf-8").strip() != lock_digest()


def install() -> None:
    """npm ci: exactly the versions and integrity hashes of editor/package-lock.json. One at a time: a
    second make edit (or test process) waits for the first, then finds the packages installed."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("The editor needs Node.js 18 or newer (npm): install it, then run make edit again.")
    with open(EDITOR / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not install_needed():
            return
        print("Installing the editor's packages (once; about a minute)...", flush=True)
        subprocess.run([npm, "ci", "--prefix", str(EDITOR), "--no-audit", "--no-fund", "--loglevel=error"],
                       check=True)
        STAMP.write_text(lock_digest() + "\n", encoding="utf-8")


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind: ignore TIME_WAIT
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, processes: list[subprocess.Popen], timeout: float = 60.0) -> bool:
    """True once something listens on port; False if a process ended or time ran out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            return False
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def write_admin(files: dict[str, bytes], folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return folder


def stop(processes: list[subprocess.Popen]) -> None:
    """End each process group we started (the process and its children), gently, then for sure."""
    for process in processes:
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    deadline = time.monotonic() + 5
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", help="the content folder, e.g. content/")
    parser.add_argument("-o", "--output", default=os.path.join(ROOT, "output"), help="the preview's output folder")
    parser.add_argument("-s", "--settings", default=DEFAULT_SETTINGS)
    parser.add_argument("--port", type=int, default=8000, help="the editor's and the preview's port (default 8000)")
    parser.add_argument("--backend-port", type=int, default=0,
                        help="decap-server's port (default: PORT+1, or a free one)")
    parser.add_argument("--serve-script", default=os.path.join(ROOT, "scripts", "serve.py"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    content = os.path.abspath(args.content)
    if not os.path.isdir(content):
        print(f"{args.content}: not a folder: give the content folder, e.g. content/", file=sys.stderr)
        return 2
    if not port_free(args.port):
        print(f"Port {args.port} is in use: stop what uses it, or run make edit PORT=8010", file=sys.stderr)
        return 2
    backend_port = args.backend_port or (args.port + 1 if port_free(args.port + 1) else free_port())
    try:
        settings = site_settings(args.settings, PATH=content)
        types = type_table(settings)
        if install_needed():
            install()
        files = admin_files(settings, types, local=True, proxy_url=f"http://{HOST}:{backend_port}/api/v1")
    except (SettingError, EditorFilesError, subprocess.CalledProcessError) as error:
        print(f"The editor cannot start: {error}", file=sys.stderr)
        return 1
    admin = write_admin(files, BUILD / str(args.port) / "admin")
    node = shutil.which("node")
    if node is None:
        print("The editor needs Node.js 18 or newer: install it, then run make edit again.", file=sys.stderr)
        return 1

    backend_env = {
        **os.environ, "PORT": str(backend_port), "BIND_HOST": HOST, "MODE": "fs", "LOG_LEVEL": "warn",
        "GIT_REPO_DIRECTORY": content, "ORIGIN": f"http://{HOST}:{args.port}",
    }
    processes: list[subprocess.Popen] = []
    # Each child leads its own process group, so that stop() ends it with its children,
    # and Ctrl-C in the terminal reaches only this script, which stops them in order.
    try:
        processes.append(subprocess.Popen(  # cwd: decap-server reads a .env file there; editor/build has none
            [node, str(DECAP_SERVER)], env=backend_env, cwd=str(admin.parent), start_new_session=True))
        processes.append(subprocess.Popen(
            [sys.executable, args.serve_script, content, "-o", os.path.abspath(args.output), "-s",
             os.path.abspath(args.settings), "--port", str(args.port), "--admin", str(admin)],
            start_new_session=True))
        if not (wait_for_port(backend_port, processes) and wait_for_port(args.port, processes)):
            print("The editor did not start: see the messages above.", file=sys.stderr)
            return 1
        print(f"Editor:  http://{HOST}:{args.port}/admin/\nPreview: http://{HOST}:{args.port}/\n"
              "Saving writes into " + content + ". Press Ctrl-C to stop.", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        while all(p.poll() is None for p in processes):
            time.sleep(0.3)
        print("A part of the editor stopped; stopping the rest.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop(processes)
        shutil.rmtree(admin.parent, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
