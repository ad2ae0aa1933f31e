"""Feeds of contract section 4, read as a feed reader would (feedparser)."""

import textwrap

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import SITEURL, basic_site, build, html_pages, write_files

FEEDS = ["all.atom.xml", "all.rss.xml", "social.rss.xml"] + [
    f"{name}.{kind}.xml" for name in ("policies", "qa", "stories", "alerts") for kind in ("atom", "rss")
]


def parse(output, name):
    return feedparser.parse(str(output / "feeds" / name))


@pytest.mark.parametrize("name", FEEDS)
def test_every_feed_parses_without_a_warning(basic_output, name):
    feed = parse(basic_output, name)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.entries


def test_all_feed_has_every_post_newest_first(basic_output):
    titles = [e.title for e in parse(basic_output, "all.atom.xml").entries]
    assert titles == ["Bridge closed", "Bike unit returns", "Why are patrol cars on Elm Street?", "Use of Force"]


def test_type_feed_has_only_its_type(basic_output):
    assert [e.title for e in parse(basic_output, "qa.rss.xml").entries] == ["Why are patrol cars on Elm Street?"]


def test_all_links_in_feeds_are_absolute(basic_output):
    for name in FEEDS:
        for entry in parse(basic_output, name).entries:
            assert entry.link.startswith(SITEURL + "/"), (name, entry.link)
            for enclosure in entry.get("enclosures", []):
                assert enclosure.href.startswith(SITEURL + "/")


def test_entry_id_is_the_id_key_else_the_source_path(site):
    files = basic_site()
    files["stories/bike-unit.md"] = "Id: urn:uuid:1234\n" + textwrap.dedent(files["stories/bike-unit.md"]).lstrip()
    output = site(files)
    ids = {e.title: e.id for e in parse(output, "all.atom.xml").entries}
    assert ids["Bike unit returns"] == "urn:uuid:1234"
    assert ids["Use of Force"] == "policies/use-of-force.md"
    guids = {e.title: e.id for e in parse(output, "social.rss.xml").entries}
    assert guids == ids
    assert not parse(output, "social.rss.xml").entries[0].guidislink


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.replace("Title: Use of Force", "Title: Use of Force (revised)"),
        lambda t: t.replace("Title: Use of Force", "Title: Use of Force\n    Slug: force"),
        lambda t: t.replace("Officers use only reasonable force.", "Officers use only the force needed."),
        lambda t: t.replace("Date: 2026-01-10", "Date: 2026-01-11"),
    ],
    ids=["title", "slug", "body", "date"],
)
def test_entry_id_never_changes_when_a_post_is_edited(site, edit):
    files = basic_site()
    files["qa/elm-street.md"] = files["qa/elm-street.md"].replace("    Policies: use-of-force\n", "")
    before = {e.id for e in parse(site(files, "before"), "social.rss.xml").entries}
    files["policies/use-of-force.md"] = edit(files["policies/use-of-force.md"])
    after = {e.id for e in parse(site(files, "after"), "social.rss.xml").entries}
    assert after == before


def test_modified_sets_updated_and_keeps_the_publication_date(site):
    files = basic_site()
    files["policies/use-of-force.md"] = files["policies/use-of-force.md"].replace(
        "Date: 2026-01-10", "Date: 2026-01-10\n    Modified: 2026-04-02"
    )
    entry = next(e for e in parse(site(files), "all.atom.xml").entries if e.title == "Use of Force")
    assert entry.published.startswith("2026-01-10")
    assert entry.updated.startswith("2026-04-02")


def test_social_items_have_plain_teaser_card_enclosure_and_media(basic_output):
    feed = parse(basic_output, "social.rss.xml")
    for entry in feed.entries:
        assert entry.title and entry.link.startswith(SITEURL)
        assert "<" not in entry.description and len(entry.description) <= 250
        assert entry.published
        enclosure = entry.enclosures[0]
        assert enclosure.type in ("image/jpeg", "image/png") and int(enclosure.length) > 0
        media = entry.media_content[0]
        assert (media["width"], media["height"]) == ("1200", "630")
        card = basic_output / enclosure.href.removeprefix(SITEURL + "/")
        assert card.is_file() and card.stat().st_size == int(enclosure.length)


def test_long_teaser_is_cut_at_a_word_with_hashtags_counted(site):
    files = basic_site()
    files["stories/bike-unit.md"] = files["stories/bike-unit.md"].replace(
        "The bike unit is back downtown.", "The bike unit is back downtown. " + "Officers ride every day. " * 20
    )
    output = site(files, FEEDS_HASHTAGS=["#MillbrookPD"])
    entry = next(e for e in parse(output, "social.rss.xml").entries if e.title == "Bike unit returns")
    assert len(entry.description) <= 250
    assert entry.description.endswith("… #MillbrookPD")
    assert entry.description.split(" …")[0].endswith("day") or entry.description.split("…")[0][-1] != " "


def test_teaser_comes_from_teaser_then_summary_then_first_paragraph(basic_output):
    teasers = {e.title: e.description for e in parse(basic_output, "social.rss.xml").entries}
    assert teasers["Use of Force"] == "When officers may use force."  # Summary
    assert teasers["Bike unit returns"] == "The bike unit is back downtown."  # first paragraph


def test_every_page_advertises_the_feeds(basic_output):
    for path in html_pages(basic_output):
        soup = BeautifulSoup(path.read_text(), "html.parser")
        types = {link["type"] for link in soup.find_all("link", rel="alternate", type=True)}
        assert {"application/rss+xml", "application/atom+xml"} <= types, path


def test_feed_opened_in_a_browser_has_a_stylesheet(basic_output):
    head = (basic_output / "feeds/all.rss.xml").read_text()[:300]
    assert '<?xml-stylesheet type="text/xsl"' in head
    assert (basic_output / "feeds/feed.xsl").is_file()


def test_feeds_are_reproducible_with_source_date_epoch(tmp_path, clock):
    content = write_files(tmp_path / "content", basic_site())
    first = build(content, tmp_path / "one")
    second = build(content, tmp_path / "two")
    for name in FEEDS:
        assert (first / "feeds" / name).read_bytes() == (second / "feeds" / name).read_bytes()
