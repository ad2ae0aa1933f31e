"""Search and keyboard use in a real browser: typing a query, the type filter, Spanish results, the
header's box, results under a path, keyboard alone, the skip link, visible focus, the logo."""

from __future__ import annotations

import json
import time
from urllib.parse import urlsplit

import pytest

from browser_sites import (
    EPOCH,
    WIDTHS,
    chromium,
    needs_tools,
    page_urls,
    run_axe,
    search_results,
    serve,
    type_into_search,
    wait_for,
)
from conftest import basic_site, build, build_clock, write_files

pytestmark = [pytest.mark.browser, pytest.mark.build]


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
def test_header_search_box_lands_on_results_for_its_words(other):
    from selenium.webdriver.common.keys import Keys

    base, _ = other
    with chromium(*WIDTHS["desktop"]) as driver:
        driver.get(f"{base}/policies/")
        box = driver.find_element("id", "header-search")
        box.send_keys("procedure", Keys.ENTER)
        results = search_results(driver)
        assert driver.current_url.startswith(f"{base}/search/?q=procedure")
        assert any("/policies/policy-" in href for href in results), results
        assert driver.find_element("css selector", ".pagefind-ui__search-input").get_attribute("value") == "procedure"


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
        with build_clock(EPOCH):
            build(content, tmp_path / "public" / "department", SITEURL=f"{base}/department", SEARCH=True)
        with chromium(*WIDTHS["desktop"]) as driver:
            driver.get(f"{base}/department/search/?q=bicycles")
            results = search_results(driver)
            assert results == ["/department/stories/bike-unit/"], results


# --- layout: a phone, a desktop ------------------------------------------------------------------

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
