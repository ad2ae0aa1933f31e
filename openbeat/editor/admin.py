"""Every file of the editor's folder (`/admin/`), as bytes; nothing is written here.

| file | what it is |
|---|---|
| `index.html` | the page (editor/templates/index.html): `noindex`, and a Content-Security-Policy that lets it connect to its own host and the editor's backend only |
| `config.yml` | the Decap configuration (config.py), as JSON, which is YAML too |
| `boot.js`, `pelican-format.js`, `openbeat-editor.js`, `editor.css` | Open Beat's own code (editor/src/) |
| `preview.css` | the site's CSS (THEME/css/*.css in name order), for the preview |
| `decap/...` | Decap CMS, copied from the pinned npm package (editor/package-lock.json); each file's sha256 is checked against editor/decap-dist.sha256 |

`scripts/edit.py` writes them for the local backend; a build with `EDITOR_BACKEND`
publishes `admin_files(settings, types, local=False)` as `OUT/admin/`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..types import TypeTable
from .config import DEFAULT_PROXY, backend_hosts, editor_config

ROOT = Path(__file__).resolve().parents[2]
EDITOR = ROOT / "editor"
SOURCES = EDITOR / "src"
TEMPLATES = EDITOR / "templates"
DECAP_DIST = EDITOR / "node_modules" / "decap-cms" / "dist"
DECAP_MANIFEST = EDITOR / "decap-dist.sha256"
OWN_FILES = ("boot.js", "pelican-format.js", "openbeat-editor.js", "editor.css")


class EditorFilesError(RuntimeError):
    """Decap's files are missing or differ from the pinned ones; the message says what to run."""


def manifest(path: Path = DECAP_MANIFEST) -> dict[str, str]:
    """file name -> sha256 of each of Decap's files the page serves."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(None, 1)
            pins[name.strip()] = digest
    return pins


@lru_cache(maxsize=4)
def _decap_files(dist: str, pins: tuple[tuple[str, str], ...]) -> dict[str, bytes]:
    files = {}
    for name, digest in pins:
        path = os.path.join(dist, name)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            raise EditorFilesError(
                f"{path} is missing: install the editor's packages with `npm ci --prefix editor` "
                "(make edit does it on first use)") from None
        if hashlib.sha256(data).hexdigest() != digest:
            raise EditorFilesError(
                f"{path} is not the pinned Decap CMS file (sha256 differs from editor/decap-dist.sha256): "
                "reinstall with `rm -rf editor/node_modules && npm ci --prefix editor`")
        files[f"decap/{name}"] = data
    return files


def decap_files(dist: Path = DECAP_DIST) -> dict[str, bytes]:
    """Decap's own files, checked against the pinned sha256 of each (read once per process)."""
    return _decap_files(str(dist), tuple(sorted(manifest().items())))


def site_css(settings: Mapping[str, Any]) -> str:
    """The theme's component CSS files in name order, as the site gets them, then the preview's own rules."""
    theme = Path(str(settings.get("THEME") or ROOT / "theme"))
    parts = [p.read_text(encoding="utf-8") for p in sorted((theme / "css").glob("*.css"))]
    parts.append((SOURCES / "preview-extra.css").read_text(encoding="utf-8"))
    return "".join(part if part.endswith("\n") else part + "\n" for part in parts)


def content_security_policy(origins: list[str]) -> str:
    """What the page may load and connect to: its own folder, and the backend's origins."""
    connect = " ".join(["'self'", "blob:", "data:", *origins])  # Decap reads its own blob: URLs (media, backups)
    return "; ".join([
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",  # Decap compiles its config schema (ajv)
        "style-src 'self' 'unsafe-inline'",  # Decap styles itself with CSS-in-JS
        f"img-src 'self' blob: data: {' '.join(origins)}".strip(),
        "font-src 'self' data:",
        f"connect-src {connect}",
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def index_html(settings: Mapping[str, Any], origins: list[str]) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
    return env.get_template("index.html").render(
        csp=content_security_policy(origins), site_name=str(settings.get("SITENAME") or "Open Beat"))


def admin_files(settings: Mapping[str, Any], types: TypeTable, local: bool,
                proxy_url: str = DEFAULT_PROXY) -> dict[str, bytes]:
    """Relative path -> bytes of every file of the editor's folder.

    `local`: for make edit (decap-server at `proxy_url` writes into the content folder);
    else for the git host of EDITOR_BACKEND (raises ValueError when it is not set).
    Raises EditorFilesError when Decap's files are not installed or not the pinned ones.
    """
    config = editor_config(settings, types, local, proxy_url)
    origins = backend_hosts(config["backend"])
    files = {
        "index.html": index_html(settings, origins).encode("utf-8"),
        "config.yml": (json.dumps(config, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
        "preview.css": site_css(settings).encode("utf-8"),
    }
    for name in OWN_FILES:
        files[name] = (SOURCES / name).read_bytes()
    files.update(decap_files())
    return files
