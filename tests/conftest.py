"""Build small real sites with the real Pelican into tmp_path, and read them back.

Two tiers: fast tests call openbeat's functions; build tests (marker `build`, added
here to every test that uses a site-building fixture) build real sites. Builds
that several tests only read are made once per session (`basic_output`,
`rich_output`, `jobs_output`).
"""

from __future__ import annotations

import io
import os
import runpy
import shutil
import socket
import struct
import subprocess
import sys
import textwrap
import zlib
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings
from PIL import Image

from fake_social import FakeSocial

ROOT = Path(__file__).resolve().parent.parent
PUBLISHCONF = str(ROOT / "publishconf.py")
SITEURL = "https://police.example.gov"
# 2026-06-01 00:00 UTC: the fixtures' clock unless a test sets another.
EPOCH = 1780272000
# Fixtures that build a site: a test that uses one is in the build tier.
BUILD_FIXTURES = frozenset({"site", "basic_output", "rich_output", "jobs_output", "demo", "paginated", "published",
                            "listed", "expired", "variant", "photos", "good_build", "rich_builds", "rich_text",
                            "cli_build", "variants"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that build a site are marked `build` (make test-fast leaves them out)."""
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)



def image_bytes(size=(64, 48), fmt="PNG", colour=(40, 90, 140), exif=None) -> bytes:
    """A real image file made with Pillow (exif: a PIL.Image.Exif to embed)."""
    buffer = io.BytesIO()
    image = Image.new("RGB", size, colour)
    image.save(buffer, fmt, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


PNG_SMALL = image_bytes()


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares its size and holds no pixels: what an image too large to decode looks like
    to a reader that checks the size first (a decompression bomb costs nothing to make here)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


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


# A test site is not Millbrook: the demo's seal and social accounts (pelicanconf.py) are left out
# unless a test gives its own.
NO_IDENTITY = {"LOGO": "", "SOCIAL_ACCOUNTS": {}}


def build(content: Path, output: Path, **overrides) -> Path:
    """Build content into output in this process, as publishconf.py would."""
    cache = str(output.parent / f"{output.name}-cache")
    settings = read_settings(
        PUBLISHCONF,
        override={
            "PATH": str(content), "OUTPUT_PATH": str(output), "SITEURL": SITEURL, "CACHE_PATH": cache,
            **NO_IDENTITY, **overrides,
        },
    )
    Pelican(settings).run()
    return output


@contextmanager
def build_clock(epoch: int | str | None = EPOCH):
    """SOURCE_DATE_EPOCH for the duration, or unset with None (for session fixtures, which cannot use
    monkeypatch)."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def run_pelican(content: Path, output: Path, epoch: int = EPOCH, settings: str = PUBLISHCONF,
                **env: str) -> subprocess.CompletedProcess:
    """Build with the pelican command line, from another working directory."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "SITEURL": SITEURL, **env}
    return subprocess.run(
        [
            sys.executable, "-m", "pelican", str(content), "-s", settings, "-o", str(output),
            "-e", f'CACHE_PATH="{output.parent / (output.name + "-cache")}"',
        ],
        capture_output=True, text=True, env=environment, cwd=str(content.parent), timeout=300,
    )


def run_script(name: str, *args: str, epoch: int | None = EPOCH, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run scripts/NAME.py with the project's Python (epoch None: the real clock)."""
    environment = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        environment["SOURCE_DATE_EPOCH"] = str(epoch)
    return subprocess.run([sys.executable, str(ROOT / "scripts" / name), *args], capture_output=True, text=True,
                          env=environment, cwd=str(cwd or ROOT), timeout=120)


def run_main(name: str, *args: str, epoch: int | None = EPOCH) -> subprocess.CompletedProcess:
    """Run main() of scripts/NAME.py in this process (as fast as a function call), with its output
    captured: what run_script gives, without starting Python again. Scripts import only openbeat and
    never edit sys.path (tests/test_code_style.py), so they run here as they run on their own."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with build_clock(epoch):
        main = runpy.run_path(str(ROOT / "scripts" / f"{name}"))["main"]
        with redirect_stdout(stdout), redirect_stderr(stderr):
            code = main(list(args))
    return subprocess.CompletedProcess([name, *args], code, stdout.getvalue(), stderr.getvalue())


def page(output: Path, url: str) -> BeautifulSoup:
    """The parsed page at a site URL such as /policies/use-of-force/."""
    path = output / url.strip("/") / "index.html" if not url.endswith(".html") else output / url.strip("/")
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


_PARSED: dict[Path, list[tuple[Path, BeautifulSoup]]] = {}


def parsed_pages(output: Path) -> list[tuple[Path, BeautifulSoup]]:
    """(path, parsed page) of every HTML page of a built site, parsed once per session: read, never change."""
    if output not in _PARSED:
        _PARSED[output] = [(path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser"))
                           for path in html_pages(output)]
    return _PARSED[output]


def all_text(output: Path) -> str:
    """Every byte of every file in output, decoded leniently (for leak checks)."""
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in sorted(output.rglob("*")) if p.is_file())


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a folder: relative path -> bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


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


# --- the rich site: every type, both languages, updates, appeals, events, data ---------------

NEWS = """
    Title: Water main break on Oak Street
    Date: 2026-05-20 07:00
    Case: 26-004512
    Location: Oak Street and 3rd Avenue
    Image: images/oak.jpg
    Image-Alt: A flooded street
    Video: https://www.youtube.com/watch?v=dQw4w9WgXcQ
    Tags: traffic, water

    Crews are working on Oak Street. See [the detour map](#detour) and the
    [city's page](https://city.example.org/water). Questions: email info@millbrook-pd.example.

    ## Detour

    Use 5th Avenue.

    ## Update 2026-05-20 11:30

    Oak Street is open again.

    ## Update 2026-07-01 09:00

    FUTURE-UPDATE-TEXT is not published yet.
"""
APPEAL_OPEN = """
    Title: Help us find Sam Lee
    Date: 2026-05-25 10:00
    Kind: missing
    Case: 26-004600
    Last-Seen: Near the library, May 24
    Image: images/sam.jpg
    Image-Alt: Sam Lee smiling
    Tip-Phone: 555-0199

    Sam is 14 and was last seen near the library.
"""
APPEAL_RESOLVED = """
    Title: Help us identify a driver
    Date: 2026-04-10
    Kind: identify
    Case: 26-003100
    Image: images/resolved-only.jpg
    Image-Alt: RESOLVED-ALT-TEXT
    Resolved: 2026-05-02
    Outcome: Identified, thank you

    RESOLVED-BODY-TEXT about the driver.
"""
EVENT_UPCOMING = """
    Title: Coffee with a cop
    Date: 2026-05-15
    Starts: 2026-06-10 09:00
    Ends: 2026-06-10 11:00
    Location: Main Street Café

    Meet your officers.
"""
EVENT_CANCELLED = """
    Title: Bike rodeo
    Date: 2026-05-16
    Starts: 2026-06-20 10:00
    Location: Millbrook Park
    Event-Status: cancelled

    Cancelled because of the weather.
"""
EVENT_PAST = """
    Title: Spring open house
    Date: 2026-03-01
    Starts: 2026-04-01 17:00
    Location: Police headquarters

    Tour the station.
"""
DATASET = """
    Title: Response times
    Date: 2026-04-01
    Source: Dispatch records
    Chart: bar
    Summary: Median minutes from call to arrival.

    Minutes, median.
"""
DATASET_CSV = "Quarter,Priority 1,Priority 2\n2026 Q1,6.1,14.8\n2026 Q2,5.9,15.2\n"
# A data set without a chart, whose cells a spreadsheet would run (contract section 6).
FORMULAS = """
    Title: Complaints
    Date: 2026-04-02
    Source: Internal affairs

    Complaints received.
"""
FORMULAS_CSV = 'Month,Count,Note\nJanuary,-3,=HYPERLINK("http://evil.example")\nFebruary,+4,@SUM(A1)\nMarch,1e3,-cmd\n'
ALERT_ES = """
    Title: Puente cerrado
    Slug: bridge
    Lang: es
    Date: 2026-05-01 08:00
    Expires: 2026-12-31 18:00
    Severity: urgent

    Use el desvío.
"""
STORY_ES = """
    Title: ¿Dónde está la niña?
    Lang: es
    Date: 2026-05-10

    Una historia solo en español.
"""
DRAFT = """
    Title: Secret draft title
    Date: 2026-01-01
    Status: draft
    Image: images/draft-only.png
    Image-Alt: A draft photo

    DRAFT-BODY-TEXT appears nowhere.
"""
FUTURE = """
    Title: Future story title
    Date: 2026-07-01
    Teaser: FUTURE-TEASER-TEXT

    FUTURE-BODY-TEXT appears nowhere.
"""


def jpeg(size=(800, 600), colour=(120, 60, 30)) -> bytes:
    return image_bytes(size, "JPEG", colour)


def rich_site() -> dict[str, str | bytes]:
    """basic_site plus every other type, a translation, a Spanish-only post, updates (one not yet
    due), an open and a resolved appeal, upcoming, cancelled and past events, a data set, a draft
    and a future post."""
    files = basic_site()
    files.update({
        "news/oak-street.md": NEWS,
        "appeals/sam-lee.md": APPEAL_OPEN,
        "appeals/driver.md": APPEAL_RESOLVED,
        "events/coffee.md": EVENT_UPCOMING,
        "events/bike-rodeo.md": EVENT_CANCELLED,
        "events/open-house.md": EVENT_PAST,
        "data/response-times.md": DATASET,
        "data/response-times.csv": DATASET_CSV,
        "data/complaints.md": FORMULAS,
        "data/complaints.csv": FORMULAS_CSV,
        "alerts/bridge.es.md": ALERT_ES,
        "stories/nina.es.md": STORY_ES,
        "stories/secret.md": DRAFT,
        "stories/future.md": FUTURE,
        "pages/ask.md": "Title: Ask us a question\n\nHow to ask.\n",
        "images/oak.jpg": jpeg(),
        "images/sam.jpg": jpeg((600, 900), (30, 90, 40)),
        "images/resolved-only.jpg": jpeg((640, 480), (200, 200, 10)),
        "images/draft-only.png": image_bytes(colour=(200, 0, 0)),
    })
    return files


RICH_SETTINGS = {"FEEDS_HASHTAGS": ["#MillbrookPD"], "TIP_PHONE": "555-0123", "SEARCH": False}

# --- a department's own type, exactly as contract section 13 writes it ------------------------

JOBS_TYPE = {
    "jobs": {
        "name": "Job opening",
        "name_es": "Empleo",
        "required": ["Date", "Closes"],
        "optional": ["Salary", "Image", "Image-Alt", "Teaser", "Tags"],
        "dates": ["Closes"],
        "sort": "date",
        "feeds": True,
    },
}
JOB = """
    Title: Dispatcher
    Date: 2026-05-02
    Closes: 2026-06-30
    Salary: $52,000 a year
    Image: images/desk.jpg
    Image-Alt: The dispatch desk
    Tags: jobs

    Answer calls and send help.
"""
JOB_OLDER = """
    Title: Crossing guard
    Date: 2026-04-15
    Closes: 2026-05-15

    Keep children safe on their way to school.
"""


def jobs_site() -> dict[str, str | bytes]:
    files = basic_site()
    files.update({
        "jobs/dispatcher.md": JOB,
        "jobs/crossing-guard.md": JOB_OLDER,
        "jobs/dispatcher.es.md": "Title: Despachador\nSlug: dispatcher\nLang: es\nDate: 2026-05-03\nCloses: 2026-06-30\n\n"
                                 "Conteste llamadas.\n",
        "jobs/draft-job.md": "Title: DRAFT-JOB-TITLE\nDate: 2026-05-01\nCloses: 2026-07-01\nStatus: draft\n\nText.\n",
        "jobs/future-job.md": "Title: FUTURE-JOB-TITLE\nDate: 2026-08-01\nCloses: 2026-09-01\n\nText.\n",
        "images/desk.jpg": jpeg(),
    })
    return files


@pytest.fixture
def clock(monkeypatch):
    """Fix the build clock (SOURCE_DATE_EPOCH); returns a setter for other times."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    return lambda epoch: monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))


@pytest.fixture
def site(tmp_path, clock):
    """Build a content dict; returns the output folder. Without the search index (SEARCH=False), which
    only the search tests need, unless a test asks for it."""

    def make(files: dict[str, str | bytes], name: str = "out", **overrides) -> Path:
        content = write_files(tmp_path / f"content-{name}", files)
        return build(content, tmp_path / name, **{"SEARCH": False, **overrides})

    return make


def session_build(tmp_path_factory, name: str, files: dict[str, str | bytes], **overrides) -> Path:
    """Build a content dict once for a session or module fixture, with the fixtures' clock."""
    root = tmp_path_factory.mktemp(name)
    content = write_files(root / "content", files)
    with build_clock():
        return build(content, root / "out", **overrides)


@pytest.fixture(scope="session")
def basic_output(tmp_path_factory) -> Path:
    """The basic site, built once for the read-only tests."""
    return session_build(tmp_path_factory, "basic", basic_site())


def free_port() -> int:
    """A port nothing listens on, on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_of_basic(basic_output: Path, tmp_path: Path) -> tuple[Path, Path]:
    """The basic site's content and its good build, copied for a test that changes them: (content, out)."""
    shutil.copytree(basic_output.parent / "content", tmp_path / "content")
    shutil.copytree(basic_output, tmp_path / "out")
    return tmp_path / "content", tmp_path / "out"


@pytest.fixture(scope="session")
def rich_output(tmp_path_factory) -> Path:
    """The rich site (every type, both languages), built once for the read-only tests."""
    return session_build(tmp_path_factory, "rich", rich_site(), **RICH_SETTINGS)


@pytest.fixture(scope="session")
def jobs_output(tmp_path_factory) -> Path:
    """The basic site plus the `jobs` type of contract section 13, built once."""
    return session_build(tmp_path_factory, "jobs", jobs_site(), CONTENT_TYPES_EXTRA=JOBS_TYPE, SEARCH=False)


@pytest.fixture
def fake():
    """A fake Mastodon and Bluesky on 127.0.0.1 (tests/fake_social.py), for one test."""
    server = FakeSocial().start()
    yield server
    server.close()


# The browser tests' two sites (tests/browser_sites.py), as fixtures every test module may use.
from browser_sites import demo, other, served  # noqa: E402, F401 (fixtures; browser_sites imports this module)
