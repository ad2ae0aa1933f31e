"""Quality gates in a real browser: axe-core (WCAG 2.2 AA), the Nu Html Checker, keyboard,
search, layout at phone and desktop widths, page weight.

Run on two sites: the demo (or any content folder named by QUALITY_CONTENT) and another
department's content made here, with a logo, every social network, a long name, paginated
lists with tags, its own type and both languages. Skipped, with the reason, when the tools
are not installed (make browser-tools); with OB_REQUIRE_BROWSER=1 (CI) that is a failure.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import os
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, basic_site, build, html_pages, image_bytes, write_files


def load_script_module(name: str):
    """A module of scripts/ (not on the test path: scripts import nothing of the tests)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


browser = load_script_module("browser")
VNU, chromium, missing_tools, run_axe, serve = (browser.VNU, browser.chromium, browser.missing_tools,
                                                browser.run_axe, browser.serve)

pytestmark = [pytest.mark.browser, pytest.mark.build]
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
        previous = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = EPOCH
        try:
            build(content, output, SITEURL=base, SEARCH=True, **overrides)
        finally:
            if previous is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous
        yield base, output


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo content (or QUALITY_CONTENT), built and served: (base URL, output folder)."""
    if MISSING:
        pytest.skip(f"browser tools missing: {', '.join(MISSING)} (run make browser-tools)")
    yield from serve_build(tmp_path_factory.mktemp("demo"), DEMO)


@pytest.fixture(scope="module")
def other(tmp_path_factory):
    """Another department's content, built and served: (base URL, output folder)."""
    if MISSING:
        pytest.skip(f"browser tools missing: {', '.join(MISSING)} (run make browser-tools)")
    folder = tmp_path_factory.mktemp("other")
    content = write_files(folder / "content", other_department())
    yield from serve_build(folder, content, **other_settings(folder))


@pytest.fixture(scope="module", params=["demo", "other"])
def served(request):
    return request.getfixturevalue(request.param)


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

@needs_tools
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_passes_axe_with_zero_violations(served, width):
    base, output = served
    failures = {}
    with chromium(*WIDTHS[width]) as driver:
        for url in page_urls(base, output):
            driver.get(url)
            violations = run_axe(driver)
            if violations:
                failures[url] = violations
    assert failures == {}, json.dumps(failures, indent=1)


@needs_tools
def test_pages_pass_axe_in_dark_mode(served):
    base, output = served
    failures = {}
    with chromium(*WIDTHS["desktop"]) as driver:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        assert driver.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
        for url in page_urls(base, output):
            driver.get(url)
            violations = run_axe(driver)
            if violations:
                failures[url] = violations
    assert failures == {}, json.dumps(failures, indent=1)


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
@pytest.mark.parametrize("width", WIDTHS)
def test_typing_a_policy_word_finds_the_policy_and_the_results_pass_axe(other, width):
    base, _ = other
    with chromium(*WIDTHS[width]) as driver:
        driver.get(f"{base}/search/")
        type_into_search(driver, "procedure")
        results = search_results(driver)
        assert any("/policies/policy-" in href for href in results), results
        status = wait_for(driver, "return document.getElementById('ob-search-status').textContent")
        assert "procedure" in status
        assert run_axe(driver) == []


@needs_tools
def test_header_search_box_lands_on_results_for_its_words(demo):
    from selenium.webdriver.common.keys import Keys

    base, _ = demo
    with chromium(*WIDTHS["desktop"]) as driver:
        driver.get(f"{base}/policies/")
        box = driver.find_element("id", "header-search")
        box.send_keys("force", Keys.ENTER)
        results = search_results(driver)
        assert driver.current_url.startswith(f"{base}/search/?q=force")
        assert any("/policies/use-of-force/" in href for href in results), results
        assert driver.find_element("css selector", ".pagefind-ui__search-input").get_attribute("value") == "force"


@needs_tools
def test_the_type_filter_narrows_results_to_one_type(other):
    base, _ = other
    counts = """return Object.fromEntries(Array.from(document.querySelectorAll('.pagefind-ui__filter-label'))
        .map(l => [l.getAttribute('for'), l.textContent]))"""
    with chromium(*WIDTHS["desktop"]) as driver:
        driver.get(f"{base}/search/?q=harbor")
        search_results(driver)
        filters = wait_for(driver, counts)
        assert {"type-Policy", "type-Question and answer"} <= set(filters), filters
        driver.find_element("css selector", "label[for='type-Question and answer']").click()
        time.sleep(1)
        narrowed = search_results(driver)
        assert narrowed and all("/qa/" in h for h in narrowed), narrowed
        assert run_axe(driver) == []


@needs_tools
def test_spanish_search_finds_spanish_pages_only(other):
    base, _ = other
    with chromium(*WIDTHS["phone"]) as driver:
        driver.get(f"{base}/es/search/?q=marina")
        results = search_results(driver)
        assert results and all(urlsplit(h).path.startswith("/es/") for h in results), results
        labels = driver.execute_script(
            "return Array.from(document.querySelectorAll('.pagefind-ui__filter-name')).map(e => e.textContent)")
        assert labels == ["Tipo"]
        assert run_axe(driver) == []


@needs_tools
def test_search_works_with_the_keyboard_alone(other):
    from selenium.webdriver.common.keys import Keys

    base, _ = other
    with chromium(*WIDTHS["desktop"]) as driver:
        driver.get(f"{base}/search/")
        wait_for(driver, "return document.querySelector('.pagefind-ui__search-input')")
        body = driver.find_element("tag name", "body")
        body.send_keys(Keys.TAB)
        for _ in range(60):  # from the skip link, through the header, to Pagefind's field
            active = driver.switch_to.active_element
            if "pagefind-ui__search-input" in (active.get_attribute("class") or ""):
                break
            active.send_keys(Keys.TAB)
        else:
            raise AssertionError("the search field is not reachable with Tab")
        active.send_keys("marine")
        results = search_results(driver)
        assert results
        for _ in range(10):  # on to the first result, then follow it
            driver.switch_to.active_element.send_keys(Keys.TAB)
            if "pagefind-ui__result-link" in (driver.switch_to.active_element.get_attribute("class") or ""):
                break
        target = driver.switch_to.active_element.get_attribute("href")
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        wait_for(driver, f"return location.href === {json.dumps(target)}")


@needs_tools
def test_results_link_into_a_site_published_under_a_path(tmp_path):
    """A site at https://example.github.io/department/: result links keep /department/."""
    content = write_files(tmp_path / "content", basic_site())
    with serve(str(tmp_path / "public")) as base:
        previous = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = EPOCH
        try:
            build(content, tmp_path / "public" / "department", SITEURL=f"{base}/department", SEARCH=True)
        finally:
            if previous is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = previous
        with chromium(*WIDTHS["desktop"]) as driver:
            driver.get(f"{base}/department/search/?q=bicycles")
            results = search_results(driver)
            assert results == ["/department/stories/bike-unit/"], results


# --- layout: a phone, a desktop ------------------------------------------------------------------

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
def test_no_page_scrolls_sideways_on_a_phone(served):
    base, output = served
    wide = {}
    with chromium(*WIDTHS["phone"]) as driver:
        for url in page_urls(base, output):
            driver.get(url)
            width = driver.execute_script("return document.documentElement.scrollWidth")
            if width > WIDTHS["phone"][0]:
                wide[url] = width
    assert wide == {}


@needs_tools
def test_logo_shows_in_header_and_footer(other):
    base, _ = other
    with chromium(*WIDTHS["phone"]) as driver:
        driver.get(f"{base}/")
        for selector in (".ob-header__logo", ".ob-identifier__logo"):
            driver.execute_script(f"document.querySelector('{selector}').scrollIntoView()")
            size = wait_for(driver, f"const i = document.querySelector('{selector}');"
                                    " return i.complete && i.naturalWidth && [i.naturalWidth, i.getBoundingClientRect().height];")
            assert size and size[0] > 0 and 32 <= size[1] <= 56, (selector, size)


# --- keyboard, origins, weight -------------------------------------------------------------------

@needs_tools
def test_skip_link_is_first_and_moves_focus_to_main(served):
    from selenium.webdriver.common.keys import Keys

    base, output = served
    with chromium(*WIDTHS["phone"]) as driver:
        for url in (f"{base}/", f"{base}/policies/", f"{base}/search/", page_urls(base, output)[-1]):
            driver.get(url)
            body = driver.find_element("tag name", "body")
            body.send_keys(Keys.TAB)
            active = driver.switch_to.active_element
            assert active.get_attribute("class") == "ob-skip-link", url
            assert active.rect["y"] >= 0 and active.is_displayed()
            active.send_keys(Keys.ENTER)
            assert driver.switch_to.active_element.get_attribute("id") == "main", url


@needs_tools
@pytest.mark.parametrize("width", WIDTHS)
def test_focus_is_visible_on_every_control(demo, width):
    from selenium.webdriver.common.keys import Keys

    base, _ = demo
    script = """
        const s = getComputedStyle(document.activeElement);
        return [document.activeElement.outerHTML.slice(0, 80), s.outlineStyle, s.outlineWidth, s.boxShadow];
    """
    with chromium(*WIDTHS[width]) as driver:
        for path in ("/", "/data/", "/qa/", "/follow/"):
            driver.get(base + path)
            body = driver.find_element("tag name", "body")
            body.send_keys(Keys.TAB)
            seen = set()
            for _ in range(80):
                html, style, outline, shadow = driver.execute_script(script)
                if html in seen or html.startswith("<body"):
                    break
                seen.add(html)
                assert (style != "none" and outline != "0px") or shadow != "none", (path, html)
                driver.switch_to.active_element.send_keys(Keys.TAB)
            assert len(seen) > 5


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
def test_no_page_but_search_runs_a_script(served):
    base, output = served
    with chromium() as driver:
        for url in page_urls(base, output):
            driver.get(url)
            scripts = driver.execute_script(
                "return Array.from(document.scripts).filter(s => s.type !== 'application/ld+json').map(s => s.src)")
            if urlsplit(url).path.rstrip("/").endswith("search"):
                assert len(scripts) == 2, scripts
            else:
                assert scripts == [], (url, scripts)
