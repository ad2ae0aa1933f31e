"""The site model as built pages: URLs, listings, pagination, home, links, banner, languages, site map."""

from datetime import UTC, datetime
from xml.etree import ElementTree

import pytest

from conftest import (
    SITEURL,
    basic_site,
    build,
    build_clock,
    html_pages,
    page,
    parsed_pages,
    session_build,
    write_files,
)

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CONTRACT_URLS = {
    "/policies/use-of-force/": "Use of Force",
    "/qa/elm-street/": "Why are patrol cars on Elm Street?",
    "/stories/bike-unit/": "Bike unit returns",
    "/alerts/bridge/": "Bridge closed",
    "/officers/jane-doe/": "Jane Doe",
    "/data/response-times/": "Response times",
    "/appeals/sam-lee/": "Help us find Sam Lee",
    "/news/oak-street/": "Water main break on Oak Street",
    "/events/coffee/": "Coffee with a cop",
    "/about/": "About",
    "/es/alerts/bridge/": "Puente cerrado",
    "/es/stories/nina/": "¿Dónde está la niña?",
}


def titles(soup):
    return [h.get_text(strip=True) for h in soup.select(".ob-entry__title")]


def soups(output):
    return parsed_pages(output)


# --- every type at its URL --------------------------------------------------------------------------


@pytest.mark.parametrize("url", CONTRACT_URLS)
def test_each_type_is_published_at_its_contract_url(rich_output, url):
    soup = page(rich_output, url)
    assert soup.h1.get_text(strip=True) == CONTRACT_URLS[url]
    assert soup.find("link", rel="canonical")["href"] == SITEURL + url


def test_spanish_pages_are_in_spanish(rich_output):
    soup = page(rich_output, "/es/alerts/bridge/")
    assert soup.html["lang"] == "es"
    assert soup.find("a", class_="ob-skip-link").get_text(strip=True) == "Saltar al contenido principal"


# --- listings ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("url, expected", [
    ("/policies/", ["Use of Force"]),
    ("/qa/", ["Why are patrol cars on Elm Street?"]),
    ("/stories/", ["¿Dónde está la niña?", "Bike unit returns"]),
    ("/alerts/", ["Bridge closed"]),
    ("/officers/", ["Jane Doe"]),
    ("/data/", ["Complaints", "Response times"]),
    ("/news/", ["Water main break on Oak Street"]),
    ("/es/alerts/", ["Puente cerrado"]),
])
def test_every_published_item_is_on_its_type_index(rich_output, url, expected):
    assert titles(page(rich_output, url)) == expected


def test_list_entries_are_classed_by_their_template(rich_output):
    classes = {li["class"][1] for li in page(rich_output, "/").select("li.ob-entry")}
    assert {"ob-entry--appeal", "ob-entry--policy", "ob-entry--answer", "ob-entry--story", "ob-entry--news",
            "ob-entry--alert", "ob-entry--event", "ob-entry--dataset"} <= classes


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    """The basic site with more policies, officers and answers, to list."""
    files = basic_site()
    for number, slug in (("310", "cameras"), ("300.2", "reporting"), ("300.10", "review"), ("45", "early")):
        files[f"policies/{slug}.md"] = (f"Title: P{number}\nDate: 2026-01-0{len(slug) % 9 + 1}\nNumber: {number}\n"
                                        "Effective: 2026-01-01\n\nText.\n")
    for name in ("Ann Zimmer", "Bob Adams", "Cy Moreno"):
        slug = name.lower().replace(" ", "-")
        files[f"officers/{slug}.md"] = (f"Title: {name}\nRank: Officer\nPhoto: images/jane.png\nPhoto-Alt: {name}\n\n"
                                        "Text.\n")
    for slug, asked, answered in (("a", "2026-01-02", "2026-01-05"), ("b", "2026-02-01", "2026-02-21"),
                                  ("c", "2026-04-01", "2026-04-05")):
        files[f"qa/{slug}.md"] = (f"Title: Q {slug}\nDate: {answered}\nQuestion: Why {slug}?\nAsked: {asked}\n"
                                  "Authors: Lt. Reyes\n\nBecause.\n")
    return session_build(tmp_path_factory, "listed", files, SEARCH=False)


def test_policies_are_listed_by_number(listed):
    assert titles(page(listed, "/policies/")) == ["P45", "Use of Force", "P300.2", "P300.10", "P310"]


def test_officers_are_listed_by_surname(listed):
    assert titles(page(listed, "/officers/")) == ["Bob Adams", "Jane Doe", "Cy Moreno", "Ann Zimmer"]


def test_answers_are_listed_newest_first(listed):
    assert titles(page(listed, "/qa/")) == ["Q c", "Why are patrol cars on Elm Street?", "Q b", "Q a"]


def test_appeals_list_open_ones_first_then_resolved_ones(rich_output):
    soup = page(rich_output, "/appeals/")
    sections = [h.get_text(strip=True) for h in soup.select("main h2.ob-listing__section")]
    assert sections == ["Open appeals", "Resolved"]
    assert titles(soup) == ["Help us find Sam Lee", "Help us identify a driver"]


def test_events_list_upcoming_ones_soonest_first_then_past_ones(rich_output):
    soup = page(rich_output, "/events/")
    assert [h.get_text(strip=True) for h in soup.select("main h2.ob-listing__section")] == ["Upcoming events",
                                                                                          "Past events"]
    assert titles(soup) == ["Coffee with a cop", "Bike rodeo", "Spring open house"]


def test_a_listing_marks_an_item_in_another_language(rich_output):
    entry = next(li for li in page(rich_output, "/es/stories/").select("li.ob-entry")
                 if "Bike unit returns" in li.get_text())
    assert [span.get_text(strip=True) for span in entry.find_all("span", lang="en")] == ["in English"]
    assert entry.find("a")["hreflang"] == "en"


def test_the_answers_index_shows_how_long_answers_took(listed):
    stats = page(listed, "/qa/").select_one(".ob-stats")
    assert "6.5 days" in stats.get_text()  # 3, 9, 20 and 4 days: median 6.5
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in stats.select("tbody tr")]
    assert rows == [["2026 Q1", "3", "9", "20"], ["2026 Q2", "1", "4", "4"]]


# --- pagination ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paginated(tmp_path_factory):
    files = basic_site()
    for day in range(1, 13):
        files[f"stories/s{day:02d}.md"] = f"Title: Story {day:02d}\nDate: 2026-03-{day:02d}\n\nText.\n"
    return session_build(tmp_path_factory, "paginated", files, LISTINGS_PER_PAGE=5, SEARCH=False)


def test_a_long_index_continues_on_later_pages(paginated):
    assert (paginated / "stories/page/2/index.html").is_file() and (paginated / "stories/page/3/index.html").is_file()
    assert not (paginated / "stories/page/4").exists() and not (paginated / "stories/page/1").exists()


def test_every_item_is_on_exactly_one_page_newest_first(paginated):
    listed = []
    for url in ("/stories/", "/stories/page/2/", "/stories/page/3/"):
        listed += titles(page(paginated, url))
    assert listed == ["Bike unit returns"] + [f"Story {n:02d}" for n in range(12, 0, -1)]


def test_index_pages_link_each_other_with_rel_prev_and_next(paginated):
    first, middle, last = (page(paginated, url) for url in ("/stories/", "/stories/page/2/", "/stories/page/3/"))

    def rels(soup, rel):
        return {link["href"] for link in soup.find_all(["link", "a"], rel=rel)}

    assert rels(first, "prev") == set() and rels(first, "next") == {f"{SITEURL}/stories/page/2/"}
    assert rels(middle, "prev") == {f"{SITEURL}/stories/"} and rels(middle, "next") == {f"{SITEURL}/stories/page/3/"}
    assert rels(last, "prev") == {f"{SITEURL}/stories/page/2/"} and rels(last, "next") == set()
    assert middle.find("link", rel="canonical")["href"] == f"{SITEURL}/stories/page/2/"


def test_later_pages_are_in_the_sitemap(paginated):
    urls = {loc.text for loc in ElementTree.parse(paginated / "sitemap.xml").iter(f"{SITEMAP_NS}loc")}
    assert {f"{SITEURL}/stories/page/2/", f"{SITEURL}/stories/page/3/"} <= urls


# --- the home page --------------------------------------------------------------------------------------


def test_open_appeals_come_first_on_the_home_page(rich_output):
    sections = page(rich_output, "/").select("main section")
    headings = [s.find(["h2"]).get_text(strip=True) for s in sections if s.find("li", class_="ob-entry")]
    assert headings[0] == "Appeals for help"
    first = [s for s in sections if s.find("li", class_="ob-entry")][0]
    assert titles(first) == ["Help us find Sam Lee"]


def test_the_home_page_shows_the_latest_of_each_type(rich_output):
    shown = titles(page(rich_output, "/"))
    for title in ("Use of Force", "Why are patrol cars on Elm Street?", "Bike unit returns", "Bridge closed",
                  "Water main break on Oak Street", "Coffee with a cop", "Response times"):
        assert title in shown
    assert "Help us identify a driver" not in shown  # resolved
    assert "Spring open house" not in shown  # past


def test_the_home_page_has_the_ask_call_to_action(rich_output):
    links = [a["href"] for a in page(rich_output, "/").select("main a")]
    assert f"{SITEURL}/ask/" in links


@pytest.fixture(scope="module")
def expired(tmp_path_factory):
    """The basic site built after its urgent alert expired."""
    root = tmp_path_factory.mktemp("expired")
    content = write_files(root / "content", basic_site())
    with build_clock(int(datetime(2027, 1, 2, tzinfo=UTC).timestamp())):
        return build(content, root / "out", SEARCH=False)


def test_the_home_page_shows_no_expired_alert(expired):
    assert "Bridge closed" not in titles(page(expired, "/"))


# --- links between items ----------------------------------------------------------------------------


def related(soup):
    return [a["href"] for a in soup.select(".ob-related a")]


def test_an_officer_page_lists_the_stories_that_name_the_officer(rich_output):
    assert f"{SITEURL}/stories/bike-unit/" in related(page(rich_output, "/officers/jane-doe/"))


def test_a_story_links_each_officer_it_names(rich_output):
    assert f"{SITEURL}/officers/jane-doe/" in related(page(rich_output, "/stories/bike-unit/"))


def test_an_answer_and_its_policy_link_each_other(rich_output):
    assert f"{SITEURL}/policies/use-of-force/" in related(page(rich_output, "/qa/elm-street/"))
    assert f"{SITEURL}/qa/elm-street/" in related(page(rich_output, "/policies/use-of-force/"))


def test_translations_link_each_other_with_hreflang(rich_output):
    english, spanish = page(rich_output, "/alerts/bridge/"), page(rich_output, "/es/alerts/bridge/")
    assert {link["hreflang"]: link["href"] for link in english.find_all("link", hreflang=True)} == {
        "en": f"{SITEURL}/alerts/bridge/", "es": f"{SITEURL}/es/alerts/bridge/"}
    assert {link["hreflang"]: link["href"] for link in spanish.find_all("link", hreflang=True)} == {
        "en": f"{SITEURL}/alerts/bridge/", "es": f"{SITEURL}/es/alerts/bridge/"}


# --- what every page shows -----------------------------------------------------------------------------


def banner(soup):
    return [a.get_text(strip=True) for a in soup.select(".ob-banner a")]


def test_the_urgent_banner_is_on_every_page_in_its_language(rich_output):
    pages = list(soups(rich_output))
    assert len(pages) > 30
    for path, soup in pages:
        expected = "Puente cerrado" if soup.html["lang"] == "es" else "Bridge closed"
        assert banner(soup) == [expected], path


def test_the_banner_is_gone_after_expires_and_the_alert_is_marked_expired(expired):
    for path, soup in soups(expired):
        assert soup.select_one(".ob-banner") is None, path
    assert page(expired, "/alerts/bridge/").select_one(".ob-notice--expired") is not None
    entry = page(expired, "/alerts/").select_one(".ob-entry--alert")
    assert "Bridge closed" in entry.get_text() and entry.select_one(".ob-tag--expired") is not None


def test_a_warning_alert_makes_no_banner(site):
    files = basic_site()
    files["alerts/bridge.md"] = files["alerts/bridge.md"].replace("Severity: urgent", "Severity: warning")
    assert page(site(files), "/").select_one(".ob-banner") is None


def test_every_page_has_a_language_switch(rich_output):
    for path, soup in soups(rich_output):
        other = "en" if soup.html["lang"] == "es" else "es"
        switch = soup.find("header").find("a", hreflang=other)
        assert switch is not None, path
        assert switch["href"].startswith(SITEURL + "/"), path


def test_the_language_switch_goes_to_the_translation_when_there_is_one(rich_output):
    switch = page(rich_output, "/alerts/bridge/").find("header").find("a", hreflang="es")
    assert switch["href"] == f"{SITEURL}/es/alerts/bridge/"
    switch = page(rich_output, "/stories/").find("header").find("a", hreflang="es")
    assert switch["href"] == f"{SITEURL}/es/stories/"


def test_the_language_switch_goes_to_the_other_home_page_otherwise(rich_output):
    switch = page(rich_output, "/policies/use-of-force/").find("header").find("a", hreflang="es")
    assert switch["href"] == f"{SITEURL}/es/"


def test_every_page_names_the_feeds(rich_output):
    for path, soup in soups(rich_output):
        types = {link["type"] for link in soup.find_all("link", rel="alternate", type=True)}
        assert {"application/rss+xml", "application/atom+xml"} <= types, path


def test_the_follow_page_lists_every_feed(rich_output):
    hrefs = {a["href"] for a in page(rich_output, "/follow/").select("main a")}
    for name in ("all", "policies", "qa", "stories", "alerts", "appeals", "news", "events"):
        assert {f"{SITEURL}/feeds/{name}.rss.xml", f"{SITEURL}/feeds/{name}.atom.xml"} <= hrefs, name
    assert f"{SITEURL}/feeds/social.rss.xml" in hrefs


# --- the site maps ------------------------------------------------------------------------------------------


def test_the_site_map_page_lists_every_published_item_and_nothing_else(rich_output):
    soup = page(rich_output, "/sitemap/")
    linked = {a["href"] for a in soup.select("main a")}
    items = {f"{SITEURL}/{url.strip('/')}/" for url in CONTRACT_URLS if not url.startswith("/es/")}
    assert items <= linked
    assert not any("secret" in href or "future" in href for href in linked)
    assert soup.find(string=lambda s: s and "Secret draft title" in s) is None


def test_the_site_map_page_links_the_index_of_each_listed_type(rich_output):
    linked = {a["href"] for a in page(rich_output, "/sitemap/").select("main a")}
    for folder in ("policies", "qa", "stories", "appeals", "news", "alerts", "events", "officers", "data"):
        assert f"{SITEURL}/{folder}/" in linked, folder


def test_sitemap_xml_lists_exactly_the_published_pages(rich_output):
    urls = {loc.text for loc in ElementTree.parse(rich_output / "sitemap.xml").iter(f"{SITEMAP_NS}loc")}
    pages = {f"{SITEURL}/{p.relative_to(rich_output).as_posix().removesuffix('index.html')}"
             for p in html_pages(rich_output)}
    assert urls == pages
    assert not any("secret" in url or "future" in url for url in urls)


def test_sitemap_xml_gives_each_item_its_last_change(rich_output):
    tree = ElementTree.parse(rich_output / "sitemap.xml")
    changes = {node.find(f"{SITEMAP_NS}loc").text: node.findtext(f"{SITEMAP_NS}lastmod")
               for node in tree.iter(f"{SITEMAP_NS}url")}
    assert changes[f"{SITEURL}/news/oak-street/"] == "2026-05-20"  # its latest update
    assert changes[f"{SITEURL}/policies/use-of-force/"] == "2026-01-10"


def test_robots_txt_points_to_the_sitemap(rich_output):
    assert f"Sitemap: {SITEURL}/sitemap.xml" in (rich_output / "robots.txt").read_text().splitlines()
