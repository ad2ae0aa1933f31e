"""What every page guarantees (contract section 3) and the theme's own rules: the header
(emergency line, identity, menu, search box, language switch), the footer and its
identifier strip, the side column, pagination, social accounts, the site map, and the
theme files themselves (strings, CSS, no outside URLs, no inline styles or scripts)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITEURL, basic_site, build, build_clock, html_pages, page, write_files

THEME = ROOT / "theme"
SEAL = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10">'
        '<circle cx="5" cy="5" r="4" fill="#c90"/></svg>\n')
SOCIAL = {"facebook": "https://www.facebook.com/millbrookpd", "mastodon": "https://social.example/@millbrookpd",
          "bluesky": "https://bsky.app/profile/pd.millbrook.example"}
SPANISH_STORY = "Title: Vuelve la unidad de bicicletas\nSlug: bike-unit\nLang: es\nDate: 2026-04-02\n\nLa unidad vuelve.\n"


def soups(output: Path) -> list[tuple[Path, BeautifulSoup]]:
    return [(p, BeautifulSoup(p.read_text(), "html.parser")) for p in html_pages(output)]


def strings() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted((THEME / "strings").glob("*.json")):
        for lang, table in json.loads(path.read_text()).items():
            merged.setdefault(lang, {}).update(table)
    return merged


@pytest.fixture(scope="module")
def identity_output(tmp_path_factory) -> Path:
    """The basic site with a logo, social accounts, footer pages, a Spanish page and five policies
    per index page (so /policies/ has two pages)."""
    root = tmp_path_factory.mktemp("identity")
    files = basic_site()
    for n in range(1, 7):
        files[f"policies/rule-{n}.md"] = (f"Title: Rule {n}\nDate: 2026-01-0{n}\nNumber: {310 + n}\n"
                                          f"Effective: 2026-02-01\nTags: patrol, records\n\nRule {n}.\n")
    files.update({
        "stories/bike-unit.es.md": SPANISH_STORY,
        "pages/accessibility.md": "Title: Accessibility statement\n\nText.\n",
        "pages/privacy.md": "Title: Privacy\n\nText.\n",
        "pages/ask.md": "Title: Ask us\n\nHow to ask.\n",
    })
    content = write_files(root / "content", files)
    (root / "seal.svg").write_text(SEAL)
    with build_clock(1780272000):
        return build(content, root / "out", LOGO=str(root / "seal.svg"), SOCIAL_ACCOUNTS=SOCIAL,
                     LISTINGS_PER_PAGE=5, SEARCH=False)


# --- every page ---------------------------------------------------------------------------------

@pytest.mark.build
def test_every_page_has_lang_one_h1_skip_link_and_canonical(basic_output):
    for path, soup in soups(basic_output):
        assert soup.html.get("lang") in ("en", "es"), path
        assert len(soup.find_all("h1")) == 1, path
        skip = soup.find("a", class_="ob-skip-link")
        assert skip is not None and skip["href"] == "#main", path
        assert soup.body.find(True) is skip, path  # the first thing in the page
        assert soup.find("main", id="main") is not None, path
        canonical = soup.find("link", rel="canonical")
        assert canonical["href"].startswith(SITEURL + "/"), path


@pytest.mark.build
def test_canonical_url_is_the_page_itself(basic_output):
    soup = page(basic_output, "/stories/bike-unit/")
    assert soup.find("link", rel="canonical")["href"] == f"{SITEURL}/stories/bike-unit/"


@pytest.mark.build
def test_every_img_has_alt_width_and_height(identity_output):
    for path, soup in soups(identity_output):
        for img in soup.find_all("img"):
            assert "alt" in img.attrs, (path, img)
            assert img.get("width", "").isdigit() and img.get("height", "").isdigit(), (path, img)


@pytest.mark.build
def test_no_inline_styles_and_no_scripts_but_data(identity_output):
    for path, soup in soups(identity_output):
        assert soup.find("style") is None, path
        assert soup.find(style=True) is None, path
        assert [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"] == [], path
        assert not [tag for tag in soup.find_all(True) if any(name.startswith("on") for name in tag.attrs)], path


@pytest.mark.build
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
    assert not soup.select("img[onerror]")
    assert "<script>alert('q')</script>" in soup.select_one(".ob-question__text").get_text()
    assert "<img src=x onerror=alert(1)>" in soup.select_one(".ob-question__who").get_text()


@pytest.mark.build
def test_no_page_references_another_origin(identity_output):
    for path, soup in soups(identity_output):
        for tag in soup.find_all(["script", "link", "img", "source", "iframe"]):
            if tag.name == "link" and tag.get("rel") != ["stylesheet"] and tag.get("rel") != ["icon"]:
                continue
            for attr in ("src", "href", "srcset"):
                value = tag.get(attr, "")
                assert value == "" or value.startswith(SITEURL + "/"), (path, tag)


@pytest.mark.build
def test_answer_page_shows_who_asked_when_and_days_to_answer(basic_output):
    text = page(basic_output, "/qa/elm-street/").get_text(" ", strip=True)
    assert "Asked by Resident, Old Town" in text
    assert "9 days" in text
    assert "Lt. Dana Reyes" in text


@pytest.mark.build
def test_policy_page_shows_number_effective_date_and_review(site):
    files = basic_site()
    files["policies/use-of-force.md"] = files["policies/use-of-force.md"].replace(
        "Effective: 2026-02-01", "Effective: 2026-02-01\n    Review-Due: 2027-02-01")
    soup = page(site(files), "/policies/use-of-force/")
    assert {"2026-02-01", "2027-02-01"} <= {t["datetime"] for t in soup.select(".ob-meta time")}
    assert "300" in soup.select_one(".ob-meta").get_text()


# --- the header -----------------------------------------------------------------------------------

@pytest.mark.build
def test_every_page_opens_with_not_for_emergencies_and_911_is_never_a_link(identity_output):
    for path, soup in soups(identity_output):
        notice = soup.select_one(".ob-emergency")
        assert notice is not None and "911" in notice.get_text(), path
        assert soup.find("header").find_previous(class_="ob-emergency") is notice, path
        assert not [a for a in soup.find_all("a") if "911" in a.get("href", "") or a.get_text(strip=True) == "911"], path
    assert page(identity_output, "/").select_one(".ob-emergency a")["href"] == "tel:5550100"


@pytest.mark.build
def test_header_shows_the_logo_the_city_and_the_department(identity_output):
    soup = page(identity_output, "/policies/")
    brand = soup.select_one("header .ob-header__brand")
    assert brand["href"] == f"{SITEURL}/"
    assert brand.select_one(".ob-header__city").get_text() == "City of Millbrook"
    assert brand.select_one(".ob-header__name").get_text() == "Millbrook Police Department"
    logo = brand.find("img")
    assert logo["alt"] == ""  # the name beside it says it
    path = logo["src"].removeprefix(SITEURL + "/")
    assert re.fullmatch(r"theme/logo\.[0-9a-f]{10}\.svg", path)
    assert (identity_output / path).read_text() == SEAL
    footer_logo = soup.select_one(".ob-identifier img")
    assert footer_logo["src"] == logo["src"]


@pytest.mark.build
def test_structured_data_names_the_same_logo(identity_output):
    soup = page(identity_output, "/policies/use-of-force/")
    logo = soup.select_one("header .ob-header__logo")["src"]
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["publisher"]["logo"] == logo
    assert sorted(data["publisher"]["sameAs"]) == sorted(SOCIAL.values())


@pytest.mark.build
def test_without_a_logo_the_header_shows_the_name_only(basic_output):
    soup = page(basic_output, "/")
    assert soup.select_one("header img") is None and soup.select_one(".ob-identifier img") is None
    assert soup.select_one(".ob-header__name").get_text() == "Millbrook Police Department"


@pytest.mark.build
def test_the_menu_is_a_details_button_holding_the_labelled_navigation(identity_output):
    for path, soup in soups(identity_output):
        menu = soup.select_one("header details.ob-menu")
        assert menu is not None and "open" not in menu.attrs, path
        assert menu.find("summary").get_text(strip=True) in ("Menu", "Menú"), path
        nav = menu.find("nav")
        assert nav["aria-label"] in ("Main menu", "Menú principal"), path
        assert nav.find("a", href=f"{SITEURL}/policies/") or nav.find("a", href=f"{SITEURL}/es/policies/"), path


@pytest.mark.build
def test_every_nav_has_a_label_and_the_current_page_is_marked(identity_output):
    soup = page(identity_output, "/policies/")
    for nav in soup.find_all("nav"):
        assert nav.get("aria-label") or nav.get("aria-labelledby"), nav
    assert [a.get_text() for a in soup.select('.ob-nav a[aria-current="page"]')] == ["Policies"]
    item = page(identity_output, "/policies/use-of-force/")
    assert [a.get_text() for a in item.select('.ob-nav a[aria-current="true"]')] == ["Policies"]
    assert page(identity_output, "/ask/").select_one('.ob-nav__link--ask[aria-current="page"]')


@pytest.mark.build
def test_language_switch_names_the_home_page_when_there_is_no_translation(identity_output):
    switch = page(identity_output, "/policies/use-of-force/").select_one(".ob-header__langs a")
    assert switch["href"] == f"{SITEURL}/es/" and switch["lang"] == "es"
    assert switch.get_text() == "Español (página principal)"
    assert "ob-header__lang--home" in switch["class"]
    translated = page(identity_output, "/stories/bike-unit/").select_one(".ob-header__langs a")
    assert translated["href"] == f"{SITEURL}/es/stories/bike-unit/" and translated.get_text() == "Español"
    back = page(identity_output, "/es/stories/bike-unit/").select_one(".ob-header__langs a")
    assert back["href"] == f"{SITEURL}/stories/bike-unit/" and back.get_text() == "English"


@pytest.mark.build
def test_a_site_in_one_language_has_no_language_switch(basic_output):
    assert page(basic_output, "/").select_one(".ob-header__langs") is None


# --- the footer -----------------------------------------------------------------------------------

@pytest.mark.build
def test_footer_has_contact_site_pages_and_follow_then_the_identifier(identity_output):
    footer = page(identity_output, "/").find("footer")
    titles = [h.get_text() for h in footer.find_all("h2")]
    assert titles == ["Contact us", "Site information", "Follow us"]
    hrefs = [a["href"] for a in footer.find_all("a")]
    for path in ("about/", "accessibility/", "privacy/", "sitemap/", "follow/"):
        assert f"{SITEURL}/{path}" in hrefs, path
    assert "tel:5550100" in hrefs and "mailto:info@millbrook-pd.example" in hrefs
    assert "911" in footer.get_text() and not any("911" in h for h in hrefs)
    identity = footer.select_one(".ob-identifier").get_text(" ", strip=True)
    assert "Millbrook Police Department , a department of the City of Millbrook" in identity
    spanish = page(identity_output, "/es/stories/bike-unit/").find("footer")
    assert "un departamento de la City of Millbrook" in spanish.select_one(".ob-identifier").get_text()
    assert [h.get_text() for h in spanish.find_all("h2")] == ["Contacto", "Información del sitio", "Síganos"]


@pytest.mark.build
def test_footer_and_ask_link_lead_to_the_pages_in_the_page_language(site):
    files = basic_site()
    files.update({"pages/ask.md": "Title: Ask us\n\nHow.\n", "pages/ask.es.md": "Title: Pregunte\nSlug: ask\nLang: es\n\nCómo.\n",
                  "pages/about.es.md": "Title: Sobre nosotros\nSlug: about\nLang: es\n\nTexto.\n"})
    output = site(files)
    english = page(output, "/")
    assert english.select_one(".ob-nav__link--ask")["href"] == f"{SITEURL}/ask/"
    assert english.select_one("footer a[href$='/about/']")["href"] == f"{SITEURL}/about/"
    assert page(output, "/es/").select_one(".ob-nav__link--ask")["href"] == f"{SITEURL}/es/ask/"


@pytest.mark.build
def test_social_accounts_in_the_footer_and_on_the_follow_page_with_rel_me(identity_output):
    for url in ("/", "/follow/"):
        links = page(identity_output, url).select(".ob-social a")
        found = {a["href"]: a for a in links}
        assert set(found) == set(SOCIAL.values()), url
        for a in links:
            assert {"me", "noopener", "noreferrer"} <= set(a["rel"]), a
        assert found[SOCIAL["mastodon"]].get_text(" ", strip=True).startswith("Mastodon")
    follow = page(identity_output, "/follow/")
    assert follow.select_one(".ob-social--addresses")
    assert "social.example/@millbrookpd" in follow.select_one(".ob-social").get_text()
    assert follow.find("h2", id="social-title").get_text() == "Our social media accounts"


@pytest.mark.build
def test_without_social_accounts_there_is_no_list(basic_output):
    assert page(basic_output, "/").select_one(".ob-social") is None
    assert page(basic_output, "/follow/").find(id="social-title") is None


# --- wide pages, lists, the site map --------------------------------------------------------------

@pytest.mark.build
def test_item_pages_have_the_article_and_a_labelled_side_column(identity_output):
    soup = page(identity_output, "/policies/use-of-force/")
    layout = soup.select_one("main .ob-layout")
    article, aside = layout.find("article"), layout.find("aside")
    assert "ob-layout__main" in article["class"] and aside["aria-label"] == "Related links"
    assert aside.find("a", href=f"{SITEURL}/policies/")
    assert aside.find("a", href="tel:5550100") and "911" in aside.get_text()
    assert aside.has_attr("data-pagefind-ignore")


@pytest.mark.build
def test_item_pages_carry_the_search_type_filter_and_body(identity_output):
    article = page(identity_output, "/policies/use-of-force/").find("article")
    assert article["data-pagefind-filter"] == "type:Policy" and article.has_attr("data-pagefind-body")
    spanish = page(identity_output, "/es/stories/bike-unit/").find("article")
    assert spanish["data-pagefind-filter"] == "type:Historia"
    for path, soup in soups(identity_output):
        bodies = soup.select("[data-pagefind-body]")
        assert len(bodies) <= 1 and all(b.name == "article" for b in bodies), path


@pytest.mark.build
def test_pagination_is_a_labelled_nav_with_previous_and_next(identity_output):
    first = page(identity_output, "/policies/").select_one("nav.ob-pagination")
    assert first["aria-label"] == "Pages"
    assert first.select_one("a[rel=next]")["href"] == f"{SITEURL}/policies/page/2/"
    assert first.select_one("a[rel=prev]") is None
    assert first.select_one(".ob-pagination__here").get_text() == "Page 1 of 2"
    second = page(identity_output, "/policies/page/2/").select_one("nav.ob-pagination")
    assert second.select_one("a[rel=prev]")["href"] == f"{SITEURL}/policies/"


@pytest.mark.build
def test_the_site_map_lists_every_item_by_type(identity_output):
    soup = page(identity_output, "/sitemap/")
    linked = {a["href"] for a in soup.select(".ob-sitemap a")}
    items = {f"{SITEURL}/{p.parent.relative_to(identity_output).as_posix()}/" for p in html_pages(identity_output)
             if "data-pagefind-body" in p.read_text() and not p.relative_to(identity_output).parts[0] == "es"}
    assert items <= linked
    assert [h.get_text(strip=True) for h in soup.select(".ob-sitemap__title")][:2] == ["Site information", "Policies"]


# --- the theme's files ----------------------------------------------------------------------------

def test_theme_has_no_outside_urls():
    allowed = ("http://www.w3.org/", "http://www.sitemaps.org/")
    for path in THEME.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".css", ".xsl", ".json", ".js"):
            for url in re.findall(r"https?://[^\s\"')]+", path.read_text()):
                assert url.startswith(allowed), (path, url)


def test_english_and_spanish_strings_have_the_same_keys():
    table = strings()
    assert set(table["en"]) == set(table["es"])


def test_every_string_a_template_uses_exists():
    table = strings()["en"]
    used = set()
    for template in (THEME / "templates").rglob("*.html"):
        used |= set(re.findall(r"""\bt\(['"]([a-z0-9_]+)['"]\)""", template.read_text()))
    assert used - set(table) == set()


def test_css_classes_are_ob_bem_and_colours_are_tokens():
    bem = re.compile(r"^ob-[a-z0-9]+(-[a-z0-9]+)*(__[a-z0-9]+(-[a-z0-9]+)*)?(--[a-z0-9]+(-[a-z0-9]+)*)?$")
    for path in sorted((THEME / "css").glob("*.css")):
        css = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.DOTALL)
        selectors = " ".join(re.findall(r"([^{}]+)\{", css))
        for name in re.findall(r"\.(-?[_a-zA-Z][\w-]*)", selectors):
            microformat = re.match(r"^(h|p|u|dt|e)-[a-z]+$", name)
            assert bem.match(name) or microformat or name.startswith("pagefind-ui__"), (path.name, name)
        if path.name != "00-tokens.css" and "print" not in path.name:
            assert not re.findall(r"#[0-9a-fA-F]{3,6}\b(?![\w-])", re.sub(r"#ob-[\w-]+", "", css)), path.name


def test_the_only_script_is_the_search_page_s_and_it_is_small():
    scripts = sorted(p.name for p in (THEME / "js").iterdir())
    assert scripts == ["search.js"]
    assert len((THEME / "js" / "search.js").read_bytes()) < 8_000


@pytest.mark.build
def test_stylesheet_has_dark_mode_print_focus_and_target_sizes(basic_output):
    link = page(basic_output, "/").find("link", rel="stylesheet")["href"]
    css = (basic_output / link.removeprefix(SITEURL + "/")).read_text()
    assert "prefers-color-scheme: dark" in css
    assert "@media print" in css
    assert ":focus-visible" in css
    assert "::details-content" in css  # the menu shown open on wide screens
