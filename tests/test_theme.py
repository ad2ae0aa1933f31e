"""What every page guarantees (contract section 3) and the theme's own rules."""

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import ROOT, SITEURL, basic_site, html_pages, page


def soups(output):
    return [(p, BeautifulSoup(p.read_text(), "html.parser")) for p in html_pages(output)]


def test_every_page_has_lang_one_h1_skip_link_and_canonical(basic_output):
    for path, soup in soups(basic_output):
        assert soup.html.get("lang") in ("en", "es"), path
        assert len(soup.find_all("h1")) == 1, path
        skip = soup.find("a", class_="ob-skip-link")
        assert skip is not None and skip["href"] == "#main", path
        assert soup.find("main", id="main") is not None, path
        canonical = soup.find("link", rel="canonical")
        assert canonical["href"].startswith(SITEURL + "/"), path


def test_canonical_url_is_the_page_itself(basic_output):
    soup = page(basic_output, "/stories/bike-unit/")
    assert soup.find("link", rel="canonical")["href"] == f"{SITEURL}/stories/bike-unit/"


def test_every_img_has_alt_width_and_height(basic_output):
    for path, soup in soups(basic_output):
        for img in soup.find_all("img"):
            assert img.get("alt", "").strip(), (path, img)
            assert img.get("width", "").isdigit() and img.get("height", "").isdigit(), (path, img)


def test_resident_text_is_escaped_never_executed(site):
    files = basic_site()
    files["qa/elm-street.md"] = files["qa/elm-street.md"].replace(
        "Question: Why are patrol cars on Elm Street?",
        "Question: Why <script>alert('q')</script> <b>cars</b>?",
    ).replace("Asker: Resident, Old Town", "Asker: <img src=x onerror=alert(1)>")
    output = site(files)
    soup = page(output, "/qa/elm-street/")
    assert [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"] == []
    assert soup.find("b") is None
    assert not soup.select('img[onerror]')
    question = soup.select_one(".ob-question__text").get_text()
    assert "<script>alert('q')</script>" in question
    assert "<img src=x onerror=alert(1)>" in soup.select_one(".ob-question__who").get_text()
    listing = page(output, "/qa/")
    assert [s for s in listing.find_all("script") if s.get("type") != "application/ld+json"] == []


def test_answer_page_shows_who_asked_when_and_days_to_answer(basic_output):
    text = page(basic_output, "/qa/elm-street/").get_text(" ", strip=True)
    assert "Asked by Resident, Old Town" in text
    assert "9 days" in text
    assert "Lt. Dana Reyes" in text


def test_policy_page_shows_number_effective_date_and_review(site):
    files = basic_site()
    files["policies/use-of-force.md"] = files["policies/use-of-force.md"].replace(
        "Effective: 2026-02-01", "Effective: 2026-02-01\n    Review-Due: 2027-02-01"
    )
    soup = page(site(files), "/policies/use-of-force/")
    times = {t["datetime"] for t in soup.select(".ob-meta time")}
    assert {"2026-02-01", "2027-02-01"} <= times
    assert "300" in soup.select_one(".ob-meta").get_text()


def test_header_says_not_for_emergencies_call_911(basic_output):
    soup = page(basic_output, "/")
    notice = soup.select_one(".ob-emergency")
    assert "911" in notice.get_text()
    assert notice.find("a", href="tel:911") is not None


def test_identifier_footer_names_department_and_city(site):
    files = basic_site()
    files["pages/accessibility.md"] = "Title: Accessibility statement\n\nText.\n"
    files["pages/privacy.md"] = "Title: Privacy\n\nText.\n"
    footer = page(site(files), "/").find("footer")
    text = footer.get_text(" ", strip=True)
    assert "City of Millbrook" in text
    hrefs = [a["href"] for a in footer.find_all("a")]
    assert any(h.endswith("/accessibility/") for h in hrefs)
    assert any(h.endswith("/privacy/") for h in hrefs)


def test_every_nav_has_a_label_and_current_page_is_marked(basic_output):
    soup = page(basic_output, "/policies/")
    for nav in soup.find_all("nav"):
        assert nav.get("aria-label"), nav
    current = soup.select('.ob-nav a[aria-current="page"]')
    assert [a.get_text() for a in current] == ["Policies"]


def test_no_page_references_another_origin(basic_output):
    for path, soup in soups(basic_output):
        for tag in soup.find_all(["script", "link", "img", "source", "iframe"]):
            for attr in ("src", "href", "srcset"):
                value = tag.get(attr, "")
                if value and tag.name != "link" or tag.get("rel") == ["stylesheet"]:
                    assert value == "" or value.startswith(SITEURL) or value.startswith("/"), (path, tag)


def test_theme_has_no_outside_urls():
    allowed = ("http://www.w3.org/", "http://www.sitemaps.org/")
    for path in (ROOT / "theme").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".css", ".xsl", ".json"):
            for url in re.findall(r"https?://[^\s\"')]+", path.read_text()):
                assert url.startswith(allowed), (path, url)


def test_english_and_spanish_strings_have_the_same_keys():
    strings = json.loads((ROOT / "theme/strings.json").read_text())
    assert set(strings["en"]) == set(strings["es"])


def test_every_string_a_template_uses_exists():
    strings = json.loads((ROOT / "theme/strings.json").read_text())["en"]
    used = set()
    for template in Path(ROOT / "theme/templates").rglob("*.html"):
        used |= set(re.findall(r"""\bt\(['"]([a-z_]+)['"]\)""", template.read_text()))
    assert used - set(strings) == set()


def test_stylesheet_has_dark_mode_print_and_focus_styles(basic_output):
    css = (basic_output / "theme/css/site.css").read_text()
    assert "prefers-color-scheme: dark" in css
    assert "@media print" in css
    assert ":focus-visible" in css
