"""The two sites the browser tests check, and their helpers (imported by test_browser*.py).

The demo (or any content folder named by QUALITY_CONTENT) and another department's content made
here, with a logo, every social network, a long name, paginated lists with tags, its own type and
both languages. The tests are skipped, with the reason, when the tools are not installed (make
browser-tools); with OB_REQUIRE_BROWSER=1 (CI) that is a failure.
"""

from __future__ import annotations

import importlib.util
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import ROOT, build, build_clock, html_pages, image_bytes, write_files


def load_script_module(name: str):
    """A module of scripts/ (not on the test path: scripts import nothing of the tests)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


browser = load_script_module("browser")
VNU, chromium, missing_tools, run_axe, serve = (browser.VNU, browser.chromium, browser.missing_tools,
                                                browser.run_axe, browser.serve)

MISSING = missing_tools()
if MISSING and os.environ.get("OB_REQUIRE_BROWSER") == "1":  # CI: never skip
    pytest.fail(f"browser tools missing: {', '.join(MISSING)}", pytrace=False)
needs_tools = pytest.mark.skipif(bool(MISSING), reason=f"browser tools missing: {', '.join(MISSING)} (run make browser-tools)")
DEMO = Path(os.environ.get("QUALITY_CONTENT", ROOT / "content"))
BUDGET = 30 * 1024  # bytes, gzipped: a page's HTML plus the CSS and JS it loads (Pagefind's bundle apart)
WIDTHS = {"desktop": (1280, 900), "phone": (375, 800)}
EPOCH = "1795000000"  # 2026-11-18: the demo's urgent alert is in effect, its events upcoming
PHONE_HEADER_MAX = 260  # px: emergency line and header on a 375x800 phone, menu folded: under a third of it

SEAL = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
<path d="M32 2 60 12v18c0 16-12 27-28 32C16 57 4 46 4 30V12z" fill="#f2c14e" stroke="#ffffff" stroke-width="3"/>
<path d="M32 14 36 26h12l-10 7 4 12-10-7-10 7 4-12-10-7h12z" fill="#1d3557"/></svg>
"""
SOCIAL = {
    "facebook": "https://www.facebook.com/harborviewsheriff", "instagram": "https://www.instagram.com/harborviewsheriff/",
    "x": "https://x.com/harborviewso", "nextdoor": "https://nextdoor.com/agency/harborview-sheriff/",
    "youtube": "https://www.youtube.com/@harborviewsheriff", "mastodon": "https://social.example/@harborview",
    "bluesky": "https://bsky.app/profile/sheriff.harborview.example",
}
JOBS = {"jobs": {"name": "Job opening", "name_es": "Empleo", "required": ["Date", "Closes"],
                 "optional": ["Salary", "Teaser", "Tags"], "dates": ["Closes"], "sort": "date", "feeds": True}}
TOPICS = ["traffic", "records", "training", "community", "youth", "transparency", "complaints", "patrol"]


def other_department() -> dict[str, str | bytes]:
    """A department nobody designed the theme for: long lists (two pages each) with tags, every
    type, Spanish pages, a job type of its own, an urgent alert, an open appeal."""
    files: dict[str, str | bytes] = {}
    for n in range(1, 27):
        tags = ", ".join(TOPICS[n % 8: n % 8 + 3])
        files[f"policies/policy-{n}.md"] = (
            f"Title: Harbor patrol rule number {n}\nDate: 2026-0{1 + n % 9}-1{n % 9}\nNumber: {400 + n}\n"
            f"Effective: 2026-10-01\nTags: {tags}\nSummary: What deputies do in case {n}.\n\n"
            f"## Purpose\n\nDeputies follow rule {n} on the harbor and beyond.\n\n## Procedure\n\n"
            f"Keep a record of every stop under rule {n}.\n")
    for n in range(1, 25):
        files[f"qa/question-{n}.md"] = (
            f"Title: Why does the harbor patrol do thing {n}?\nDate: 2026-09-{10 + n % 18}\n"
            f"Question: Why do deputies do thing {n} near the marina?\nAsked: 2026-09-0{1 + n % 9}\n"
            f"Asker: Resident, Harbor {n}\nTags: {TOPICS[n % 8]}, marina\n\nBecause rule {n} asks for it.\n")
    for n in range(1, 5):
        files[f"stories/story-{n}.md"] = (
            f"Title: Deputy story {n}\nDate: 2026-08-0{n}\nTags: community\nImage: images/dock.jpg\n"
            f"Image-Alt: Deputies on the dock\n\nA story about the dock, number {n}.\n")
    files.update({
        "alerts/storm.md": "Title: Storm surge: stay off the harbor wall\nDate: 2026-11-15 06:00\n"
                           "Expires: 2027-01-01 00:00\nSeverity: urgent\nArea: Harbor district\n\nStay away.\n",
        "alerts/storm.es.md": "Title: Marejada: no suba al muro del puerto\nSlug: storm\nLang: es\n"
                              "Date: 2026-11-15 06:00\nExpires: 2027-01-01 00:00\nSeverity: urgent\n\nNo se acerque.\n",
        "officers/lee-park.md": "Title: Lee Park\nRank: Sergeant\nUnit: Marine unit\nPhoto: images/lee.png\n"
                                "Photo-Alt: Sergeant Lee Park on the patrol boat\n\nLee runs the marine unit.\n",
        "appeals/boat-theft.md": "Title: Who took the blue skiff?\nDate: 2026-11-10 09:00\nKind: witness\n"
                                 "Case: 26-009911\nTip-Phone: 555-0177\n\nA blue skiff was taken from pier 4.\n",
        "news/harbor-drill.md": "Title: Harbor rescue drill on Saturday\nDate: 2026-11-12 10:00\n"
                                "Location: Pier 4\nTags: training\n\nExpect boats and sirens.\n",
        "events/open-dock.md": "Title: Open dock day\nDate: 2026-11-01\nStarts: 2026-12-05 10:00\n"
                               "Location: Pier 4\n\nMeet the marine unit.\n",
        "data/stops.md": "Title: Harbor stops\nDate: 2026-10-01\nSource: Marine unit logs\nChart: bar\n\nStops.\n",
        "data/stops.csv": "Quarter,Stops,Warnings\n2026 Q1,12,30\n2026 Q2,15,28\n2026 Q3,9,35\n",
        "jobs/deputy.md": "Title: Marine deputy\nDate: 2026-11-01\nCloses: 2026-12-31\nSalary: 61,000 a year\n"
                          "Tags: jobs\n\nPatrol the harbor.\n",
        "pages/about.md": "Title: About the sheriff's office\n\nWe serve the harbor.\n",
        "pages/about.es.md": "Title: Sobre la oficina\nSlug: about\nLang: es\n\nServimos al puerto.\n",
        "pages/accessibility.md": "Title: Accessibility\n\nTell us what does not work.\n",
        "pages/privacy.md": "Title: Privacy\n\nNo cookies.\n",
        "pages/ask.md": "Title: Ask the sheriff\n\nWrite to us.\n",
        "qa/marina.es.md": "Title: ¿Por qué patrullan la marina?\nLang: es\nDate: 2026-10-02\nQuestion: ¿Por qué hay "
                              "agentes en la marina de noche?\nAsked: 2026-09-28\n\nPor los robos de botes.\n",
        "images/dock.jpg": image_bytes((900, 600), "JPEG", (20, 80, 120)),
        "images/lee.png": image_bytes((300, 400), "PNG", (90, 60, 30)),
    })
    return files


def other_settings(folder: Path) -> dict:
    logo = folder / "seal.svg"
    logo.write_text(SEAL, encoding="utf-8")
    return {
        "SITENAME": "Harborview County Sheriff's Office of Marine and Coastal Safety", "CITY": "Harborview County",
        "LOGO": str(logo), "SOCIAL_ACCOUNTS": SOCIAL, "CONTENT_TYPES_EXTRA": JOBS,
        "PUBLIC_PHONES": ["555-0170", "555-0177"], "NON_EMERGENCY_PHONE": "555-0170", "TIP_PHONE": "555-0177",
        "CONTACT_EMAIL": "desk@harborview-sheriff.example", "ADDRESS": "1 Pier Road, Harborview",
    }


def serve_build(folder: Path, content: Path, **overrides):
    """Build content into folder/out with the site's own URL as SITEURL, and serve it."""
    output = folder / "out"
    output.mkdir()
    with serve(str(output)) as base:
        with build_clock(EPOCH):
            build(content, output, SITEURL=base, SEARCH=True, **overrides)
        yield base, output


# Session-wide: each site is built and served once per test process, however pytest orders the tests.
@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demo content (or QUALITY_CONTENT), built and served: (base URL, output folder)."""
    if MISSING:
        pytest.skip(f"browser tools missing: {', '.join(MISSING)} (run make browser-tools)")
    yield from serve_build(tmp_path_factory.mktemp("demo"), DEMO)


@pytest.fixture(scope="session")
def other(tmp_path_factory):
    """Another department's content, built and served: (base URL, output folder)."""
    if MISSING:
        pytest.skip(f"browser tools missing: {', '.join(MISSING)} (run make browser-tools)")
    folder = tmp_path_factory.mktemp("other")
    content = write_files(folder / "content", other_department())
    yield from serve_build(folder, content, **other_settings(folder))


@pytest.fixture(scope="session", params=["demo", "other"])
def served(request):
    return request.getfixturevalue(request.param)


# Path parts that name a kind of page rather than one page: kept when pages are grouped by kind.
KIND_PARTS = {"page", "history", "es", "en"}


def representative(urls: list[str], per_kind: int = 1) -> list[str]:
    """per_kind pages of each kind (language, type folder, shape of the path): every page type,
    at a fraction of the pages (axe takes a while per page)."""
    kinds: dict[tuple[str, ...], list[str]] = {}
    for url in urls:
        parts = urlsplit(url).path.strip("/").split("/") if urlsplit(url).path.strip("/") else []
        shape = tuple(p if (n == 0 or p in KIND_PARTS or (n == 1 and parts[0] in KIND_PARTS)) else "*"
                      for n, p in enumerate(parts))
        kinds.setdefault(shape, []).append(url)
    return [url for group in kinds.values() for url in group[:per_kind]]


def page_urls(base: str, output: Path) -> list[str]:
    return [f"{base}/{p.relative_to(output).as_posix().removesuffix('index.html')}" for p in html_pages(output)
            if not p.relative_to(output).as_posix().startswith(("pagefind/", "admin/"))]


def wait_for(driver, script: str, timeout: float = 10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def search_results(driver) -> list[str]:
    """The result links once Pagefind has shown them."""
    wait_for(driver, "return document.querySelector('.pagefind-ui__result-link, .pagefind-ui__message')")
    time.sleep(0.3)  # results arrive one by one
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('.pagefind-ui__result-link')).map(a => a.getAttribute('href'))")


def type_into_search(driver, words: str) -> None:
    """Type into Pagefind's own search field, as a person does."""
    field = wait_for(driver, "return document.querySelector('.pagefind-ui__search-input')")
    field.click()
    field.send_keys(words)


# --- axe and the Nu checker on every page ---------------------------------------------------------
