"""Quality gates in a real browser: axe-core (WCAG 2.2 AA) at desktop and phone widths, light and dark,
the Nu Html Checker, layout at phone and desktop widths, page weight, and no script but search's.

The sites, the tools and their helpers are in browser_sites.py; search and keyboard use are in
test_browser_use.py (two files, so that make test runs them on two cores).
"""

from __future__ import annotations

import gzip
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from browser_sites import (
    BUDGET,
    PHONE_HEADER_MAX,
    VNU,
    WIDTHS,
    browser,
    chromium,
    needs_tools,
    page_urls,
    representative,
    run_axe,
    serve,
    wait_for,
)
from conftest import html_pages

pytestmark = [pytest.mark.browser, pytest.mark.build]


@dataclass
class Visit:
    """What one page showed in the browser: axe's violations light and dark at desktop width and at
    phone width, its width on a phone, and its scripts."""

    axe: dict[str, list[dict]]
    phone_width: int
    scripts: list[str]


# By output folder: pytest sets up a parametrized fixture again whenever its parameter changes back.
SURVEYS: dict[str, dict[str, Visit]] = {}


@pytest.fixture
def survey(served) -> tuple[str, dict[str, Visit]]:
    """Every kind of page of the site (representative), loaded once: axe at desktop width (light, then
    dark), then at a 375 px phone."""
    base, output = served
    if str(output) not in SURVEYS:
        SURVEYS[str(output)] = visit_pages(base, output)
    return base, SURVEYS[str(output)]


def visit_pages(base: str, output: Path) -> dict[str, Visit]:
    visits = {}
    dark = {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
    light = {"features": [{"name": "prefers-color-scheme", "value": "light"}]}
    with chromium(*WIDTHS["desktop"]) as driver:
        for url in representative(page_urls(base, output)):
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", light)
            browser.emulate_screen(driver, *WIDTHS["desktop"])
            driver.get(url)
            axe = {"desktop": run_axe(driver)}
            scripts = driver.execute_script(
                "return Array.from(document.scripts).filter(s => s.type !== 'application/ld+json').map(s => s.src)")
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", dark)
            assert driver.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
            axe["dark"] = run_axe(driver)
            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", light)
            browser.emulate_screen(driver, *WIDTHS["phone"])
            axe["phone"] = run_axe(driver)
            width = driver.execute_script("return document.documentElement.scrollWidth")
            visits[url] = Visit(axe, width, scripts)
    return visits


def failures(visits: dict[str, Visit], mode: str) -> dict[str, list[dict]]:
    return {url: visit.axe[mode] for url, visit in visits.items() if visit.axe[mode]}


@needs_tools
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_passes_axe_with_zero_violations(survey, width):
    found = failures(survey[1], width)
    assert found == {}, json.dumps(found, indent=1)


@needs_tools
def test_pages_pass_axe_in_dark_mode(survey):
    found = failures(survey[1], "dark")
    assert found == {}, json.dumps(found, indent=1)


@needs_tools
def test_axe_catches_a_violation(tmp_path):
    (tmp_path / "index.html").write_text('<!doctype html><html><title>x</title><img src="a.png"><a href="#"></a>')
    with serve(str(tmp_path)) as base, chromium() as driver:
        driver.get(base + "/")
        ids = {v["id"] for v in run_axe(driver)}
    assert {"image-alt", "html-has-lang", "link-name"} <= ids


@needs_tools
def test_axe_catches_a_target_too_small(tmp_path):
    links = "".join(f'<a href="/{n}" style="font-size:9px">{n}</a>' for n in range(5))
    (tmp_path / "index.html").write_text(f"<!doctype html><html lang=en><title>x</title><main>{links}</main>")
    with serve(str(tmp_path)) as base, chromium() as driver:
        driver.get(base + "/")
        assert "target-size" in {v["id"] for v in run_axe(driver)}


@needs_tools
def test_every_page_is_valid_html(served):
    _, output = served
    result = subprocess.run(
        ["java", "-jar", VNU, "--errors-only", "--format", "json", "--skip-non-html", str(output)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    assert messages == [], json.dumps(messages[:20], indent=1)


@needs_tools
def test_nu_checker_catches_an_error(tmp_path):
    (tmp_path / "bad.html").write_text("<!doctype html><html lang=en><title>x</title><p><div></span>")
    result = subprocess.run(["java", "-jar", VNU, "--errors-only", str(tmp_path / "bad.html")], capture_output=True, text=True)
    assert result.returncode != 0


# --- search, as a resident uses it ---------------------------------------------------------------

@needs_tools
def test_phone_header_is_compact_and_its_menu_folds_without_script(served):
    from selenium.webdriver.common.keys import Keys

    base, _ = served
    with chromium(*WIDTHS["phone"]) as driver:
        driver.get(f"{base}/policies/")
        bottom = driver.execute_script("return document.querySelector('.ob-header').getBoundingClientRect().bottom")
        assert bottom <= PHONE_HEADER_MAX
        assert driver.find_element("css selector", ".ob-emergency").is_displayed()
        visible = "return document.querySelector('.ob-nav__link').checkVisibility()"
        assert driver.execute_script(visible) is False
        summary = driver.find_element("css selector", ".ob-menu__button")
        summary.send_keys(Keys.ENTER)
        assert driver.execute_script(visible) is True
        assert driver.find_element("css selector", ".ob-menu").get_attribute("open") is not None


@needs_tools
def test_desktop_shows_the_menu_and_a_side_column(served):
    base, output = served
    item = next(p for p in html_pages(output) if p.relative_to(output).as_posix().startswith("policies/")
                and p.parent.name != "policies" and "page" not in p.parts and "history" not in p.parts)
    with chromium(*WIDTHS["desktop"]) as driver:
        driver.get(f"{base}/{item.relative_to(output).parent.as_posix()}/")
        assert driver.execute_script("return document.querySelector('.ob-nav__link').checkVisibility()")
        assert not driver.find_element("css selector", ".ob-menu__button").is_displayed()
        article, aside = driver.execute_script(
            "return [document.querySelector('article').getBoundingClientRect().toJSON(),"
            " document.querySelector('.ob-aside').getBoundingClientRect().toJSON()]")
        assert aside["left"] >= article["right"]  # beside it, not below
        assert aside["right"] - article["left"] >= 1000  # the page uses the screen


@needs_tools
def test_no_page_scrolls_sideways_on_a_phone(survey):
    wide = {url: visit.phone_width for url, visit in survey[1].items() if visit.phone_width > WIDTHS["phone"][0]}
    assert wide == {}


@needs_tools
def test_pages_request_nothing_from_another_origin(served):
    base, output = served
    with chromium() as driver:
        for url in page_urls(base, output)[:25] + [f"{base}/search/?q=police", f"{base}/es/search/?q=policía"]:
            driver.get(url)
            if "?q=" in url:
                wait_for(driver, "return document.querySelector('.pagefind-ui__results, .pagefind-ui__message')")
            names = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
            assert all(name.startswith(base) for name in names), (url, names)


def test_every_page_is_within_the_weight_budget(served, capsys):
    """HTML + CSS + JS a page loads, gzipped, at most 30 KB; Pagefind's bundle (search page only) apart."""
    base, output = served
    weights, pagefind = {}, 0
    for path in html_pages(output):
        if path.relative_to(output).as_posix().startswith(("pagefind/", "admin/")):
            continue
        soup = BeautifulSoup(path.read_text(), "html.parser")
        files = [path]
        for tag in soup.select('link[rel="stylesheet"], script[src]'):
            ref = urlsplit(tag.get("href") or tag.get("src"))
            assert ref.netloc in ("", urlsplit(base).netloc), (path, tag)
            target = output / ref.path.lstrip("/")
            if ref.path.startswith("/pagefind/"):
                pagefind = max(pagefind, len(gzip.compress(target.read_bytes())))
                continue
            files.append(target)
        weights[path.relative_to(output).as_posix()] = sum(len(gzip.compress(f.read_bytes())) for f in files)
    heaviest = sorted(weights.items(), key=lambda kv: kv[1], reverse=True)[:3]
    with capsys.disabled():
        print("\nheaviest pages (HTML+CSS+JS, gzipped):", ", ".join(f"{p} {w / 1024:.1f} KB" for p, w in heaviest))
    assert max(weights.values()) <= BUDGET, heaviest
    assert pagefind > 0  # the search page loads Pagefind's interface


@needs_tools
def test_no_page_but_search_runs_a_script(survey):
    for url, visit in survey[1].items():
        if urlsplit(url).path.rstrip("/").endswith("search"):
            assert len(visit.scripts) == 2, visit.scripts
        else:
            assert visit.scripts == [], (url, visit.scripts)
