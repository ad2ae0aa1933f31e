"""Index pages, the home page, and links between officers, stories, policies and answers."""

from conftest import basic_site, page


def titles(soup):
    return [h.get_text(strip=True) for h in soup.select(".ob-entry__title")]


def test_every_published_item_is_on_its_type_index(basic_output):
    expected = {
        "/policies/": "Use of Force", "/qa/": "Why are patrol cars on Elm Street?",
        "/stories/": "Bike unit returns", "/alerts/": "Bridge closed", "/officers/": "Jane Doe",
    }
    for url, title in expected.items():
        assert title in titles(page(basic_output, url)), url


def test_policies_index_is_ordered_by_number(site):
    files = basic_site()
    for number, slug in (("310", "cameras"), ("300.2", "reporting"), ("300.10", "review"), ("45", "early")):
        files[f"policies/{slug}.md"] = f"Title: P{number}\nDate: 2026-01-0{len(slug) % 9 + 1}\nNumber: {number}\nEffective: 2026-01-01\n\nText.\n"
    output = site(files)
    assert titles(page(output, "/policies/")) == ["P45", "Use of Force", "P300.2", "P300.10", "P310"]


def test_other_indexes_are_newest_first(site):
    files = basic_site()
    for day in ("05", "20", "12"):
        files[f"stories/s{day}.md"] = f"Title: Story {day}\nDate: 2026-03-{day}\n\nText.\n"
    output = site(files)
    assert titles(page(output, "/stories/")) == ["Bike unit returns", "Story 20", "Story 12", "Story 05"]


def test_home_page_shows_latest_items_and_the_ask_call_to_action(site):
    files = basic_site()
    files["pages/ask.md"] = "Title: Ask us a question\n\nHow to ask.\n"
    output = site(files)
    home = page(output, "/")
    assert "Bike unit returns" in titles(home)
    cta = home.select_one(".ob-cta a")
    assert cta["href"].endswith("/ask/")


def test_officer_page_lists_the_stories_that_name_the_officer(basic_output):
    officer = page(basic_output, "/officers/jane-doe/")
    links = [a["href"] for a in officer.select(".ob-related a")]
    assert any(href.endswith("/stories/bike-unit/") for href in links)


def test_story_links_each_officer_it_names(basic_output):
    story = page(basic_output, "/stories/bike-unit/")
    links = [a["href"] for a in story.select(".ob-related a")]
    assert any(href.endswith("/officers/jane-doe/") for href in links)


def test_answer_and_policy_link_each_other(basic_output):
    answer = page(basic_output, "/qa/elm-street/")
    assert any(a["href"].endswith("/policies/use-of-force/") for a in answer.select(".ob-related a"))
    policy = page(basic_output, "/policies/use-of-force/")
    assert any(a["href"].endswith("/qa/elm-street/") for a in policy.select(".ob-related a"))


def test_follow_page_lists_every_feed(basic_output):
    hrefs = [a["href"] for a in page(basic_output, "/follow/").select("main a")]
    for name in ("all", "policies", "qa", "stories", "alerts"):
        assert any(h.endswith(f"/feeds/{name}.rss.xml") for h in hrefs)
        assert any(h.endswith(f"/feeds/{name}.atom.xml") for h in hrefs)
    assert any(h.endswith("/feeds/social.rss.xml") for h in hrefs)
