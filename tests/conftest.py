"""Build small real sites with the real Pelican into tmp_path, and read them back."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
PUBLISHCONF = str(ROOT / "publishconf.py")
SITEURL = "https://police.example.gov"
# 2026-06-01 00:00 UTC: the fixtures' clock unless a test sets another.
EPOCH = 1780272000


def image_bytes(size=(64, 48), fmt="PNG", colour=(40, 90, 140), exif=None) -> bytes:
    """A real image file made with Pillow (exif: a PIL.Image.Exif to embed)."""
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    image.save(buffer, fmt, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


PNG_SMALL = image_bytes()


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text or bytes}; text is dedented."""
    for relative, data in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")
    return root


def build(content: Path, output: Path, **overrides) -> Path:
    """Build content into output in this process, as publishconf.py would."""
    cache = str(output.parent / f"{output.name}-cache")
    settings = read_settings(
        PUBLISHCONF,
        override={
            "PATH": str(content), "OUTPUT_PATH": str(output), "SITEURL": SITEURL, "CACHE_PATH": cache,
            **overrides,
        },
    )
    Pelican(settings).run()
    return output


def run_pelican(content: Path, output: Path, epoch: int = EPOCH, **env: str) -> subprocess.CompletedProcess:
    """Build with the pelican command line, from another working directory."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "SITEURL": SITEURL, **env}
    return subprocess.run(
        [
            sys.executable, "-m", "pelican", str(content), "-s", PUBLISHCONF, "-o", str(output),
            "-e", f'CACHE_PATH="{output.parent / "cache"}"',
        ],
        capture_output=True, text=True, env=environment, cwd=str(content.parent), timeout=300,
    )


def page(output: Path, url: str) -> BeautifulSoup:
    """The parsed page at a site URL such as /policies/use-of-force/."""
    path = output / url.strip("/") / "index.html" if not url.endswith(".html") else output / url.strip("/")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def all_text(output: Path) -> str:
    """Every byte of every file in output, decoded leniently (for leak checks)."""
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(output.rglob("*")) if p.is_file())


POLICY = """
    Title: Use of Force
    Date: 2026-01-10
    Number: 300
    Effective: 2026-02-01
    Summary: When officers may use force.

    Officers use only reasonable force.
"""
ANSWER = """
    Title: Why are patrol cars on Elm Street?
    Date: 2026-03-10
    Question: Why are patrol cars on Elm Street?
    Asked: 2026-03-01
    Asker: Resident, Old Town
    Authors: Lt. Dana Reyes
    Policies: use-of-force

    Training at the community center.
"""
STORY = """
    Title: Bike unit returns
    Date: 2026-04-01
    Officers: jane-doe
    Image: images/bike.png
    Image-Alt: Two officers on bicycles

    The bike unit is back downtown.
"""
ALERT = """
    Title: Bridge closed
    Date: 2026-05-01 08:00
    Expires: 2026-12-31 18:00
    Severity: urgent

    Use the detour.
"""
OFFICER = """
    Title: Jane Doe
    Rank: Officer
    Photo: images/jane.png
    Photo-Alt: Officer Jane Doe in uniform

    Jane patrols downtown.
"""
PAGE = """
    Title: About

    About the department.
"""


def basic_site() -> dict[str, str | bytes]:
    """One item of every type, all valid and published at EPOCH."""
    return {
        "policies/use-of-force.md": POLICY,
        "qa/elm-street.md": ANSWER,
        "stories/bike-unit.md": STORY,
        "alerts/bridge.md": ALERT,
        "officers/jane-doe.md": OFFICER,
        "pages/about.md": PAGE,
        "images/bike.png": PNG_SMALL,
        "images/jane.png": PNG_SMALL,
    }


@pytest.fixture
def clock(monkeypatch):
    """Fix the build clock (SOURCE_DATE_EPOCH); returns a setter for other times."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    return lambda epoch: monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))


@pytest.fixture
def site(tmp_path, clock):
    """Build a content dict; returns the output folder."""

    def make(files: dict[str, str | bytes], name: str = "out", **overrides) -> Path:
        content = write_files(tmp_path / f"content-{name}", files)
        return build(content, tmp_path / name, **overrides)

    return make


@pytest.fixture(scope="session")
def basic_output(tmp_path_factory) -> Path:
    """The basic site, built once for the read-only tests."""
    root = tmp_path_factory.mktemp("basic")
    content = write_files(root / "content", basic_site())
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(EPOCH)
    try:
        return build(content, root / "out")
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
