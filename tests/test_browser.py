"""Quality gates in a real browser: axe-core, the Nu Html Checker, keyboard, page weight.

Run on the demo site, or on any content folder named by QUALITY_CONTENT. Skipped,
with the reason, when the tools are not installed (make browser-tools); .ci/run
installs them.
"""

import gzip
import json
import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from browser import VNU, chromium, missing_tools, run_axe, serve
from conftest import ROOT, build, html_pages

pytestmark = pytest.mark.browser
MISSING = missing_tools()
if MISSING and os.environ.get("OB_REQUIRE_BROWSER") == "1":  # set by .ci/run: never skip there
    pytest.fail(f"browser tools missing: {', '.join(MISSING)}", pytrace=False)
needs_tools = pytest.mark.skipif(bool(MISSING), reason=f"browser tools missing: {', '.join(MISSING)} (run make browser-tools)")
CONTENT = Path(os.environ.get("QUALITY_CONTENT", ROOT / "content"))
BUDGET = 30 * 1024  # bytes, gzipped: a page's HTML plus the CSS and JS it loads
WIDTHS = {"desktop": (1280, 900), "phone": (375, 740)}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The content built for, and served from, 127.0.0.1: (base URL, output folder)."""
    output = tmp_path_factory.mktemp("quality") / "out"
    output.mkdir()
    with serve(str(output)) as base:
        previous = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = "1795000000"
        try:
            build(CONTENT, output, SITEURL=base)
        finally:
            os.environ.pop("SOURCE_DATE_EPOCH") if previous is None else os.environ.__setitem__("SOURCE_DATE_EPOCH", previous)
        yield base, output


def page_urls(base, output):
    return [f"{base}/{p.relative_to(output).as_posix().removesuffix('index.html')}" for p in html_pages(output)]


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
def test_axe_catches_a_violation(tmp_path):
    (tmp_path / "index.html").write_text('<!doctype html><html><title>x</title><img src="a.png"><a href="#"></a>')
    with serve(str(tmp_path)) as base, chromium() as driver:
        driver.get(base + "/")
        ids = {v["id"] for v in run_axe(driver)}
    assert {"image-alt", "html-has-lang", "link-name"} <= ids


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


@needs_tools
def test_skip_link_is_first_and_moves_focus_to_main(served):
    from selenium.webdriver.common.keys import Keys

    base, output = served
    with chromium(*WIDTHS["phone"]) as driver:
        for url in (f"{base}/", f"{base}/policies/", page_urls(base, output)[-1]):
            driver.get(url)
            body = driver.find_element("tag name", "body")
            body.send_keys(Keys.TAB)
            active = driver.switch_to.active_element
            assert active.get_attribute("class") == "ob-skip-link", url
            assert active.rect["y"] >= 0 and active.is_displayed()
            active.send_keys(Keys.ENTER)
            assert driver.switch_to.active_element.get_attribute("id") == "main", url


@needs_tools
def test_focus_is_visible_on_every_control(served):
    from selenium.webdriver.common.keys import Keys

    base, _ = served
    script = """
        const s = getComputedStyle(document.activeElement);
        return [document.activeElement.outerHTML.slice(0, 80), s.outlineStyle, s.outlineWidth, s.boxShadow];
    """
    with chromium(*WIDTHS["desktop"]) as driver:
        for path in ("/", "/data/", "/qa/"):
            driver.get(base + path)
            body = driver.find_element("tag name", "body")
            body.send_keys(Keys.TAB)
            seen = set()
            for _ in range(60):
                html, style, width, shadow = driver.execute_script(script)
                if html in seen or html.startswith("<body"):
                    break
                seen.add(html)
                assert (style != "none" and width != "0px") or shadow != "none", (path, html)
                driver.switch_to.active_element.send_keys(Keys.TAB)
            assert len(seen) > 5


@needs_tools
def test_pages_request_nothing_from_another_origin(served):
    base, output = served
    with chromium() as driver:
        for url in page_urls(base, output)[:15]:
            driver.get(url)
            names = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
            assert all(name.startswith(base) for name in names), (url, names)


def test_every_page_is_within_the_weight_budget(served, capsys):
    """HTML + CSS + JS a page loads, gzipped, at most 30 KB; prints the heaviest."""
    base, output = served
    weights = {}
    for path in html_pages(output):
        soup = BeautifulSoup(path.read_text(), "html.parser")
        files = [path]
        for tag in soup.select('link[rel="stylesheet"], script[src]'):
            ref = urlsplit(tag.get("href") or tag.get("src"))
            assert ref.netloc in ("", urlsplit(base).netloc), (path, tag)
            files.append(output / ref.path.lstrip("/"))
        weights[path.relative_to(output).as_posix()] = sum(len(gzip.compress(f.read_bytes())) for f in files)
    heaviest = sorted(weights.items(), key=lambda kv: kv[1], reverse=True)[:3]
    with capsys.disabled():
        print("\nheaviest pages (HTML+CSS+JS, gzipped):", ", ".join(f"{p} {w / 1024:.1f} KB" for p, w in heaviest))
    assert max(weights.values()) <= BUDGET, heaviest
