"""Feeds of contract sections 4 and 8, read as a feed reader and an auto-share tool would."""

import re
import subprocess
import sys
from xml.etree import ElementTree

import feedparser
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from conftest import ROOT, SITEURL, basic_site, session_build

TAG = "tag:police.example.gov,2026:"
ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DC_LANGUAGE = "{http://purl.org/dc/elements/1.1/}language"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"
VALIDATOR = ROOT.parent / "shared" / "tools" / "feedvalidator" / "validate.py"
TYPE_FEEDS = ("policies", "qa", "stories", "alerts", "appeals", "news", "events")


def parse(output, name):
    return feedparser.parse(str(output / "feeds" / name))


def feed_files(output):
    return sorted((output / "feeds").glob("*.xml"))


def entry(output, name, title):
    return next(e for e in parse(output, name).entries if e.title == title)


def social(output):
    return {e.title: e for e in parse(output, "social.rss.xml").entries}


# --- every feed -------------------------------------------------------------------------------------


def test_every_contract_feed_is_published(rich_output):
    names = {p.name for p in feed_files(rich_output)}
    expected = {"all.atom.xml", "all.rss.xml", "social.rss.xml"}
    expected |= {f"{name}.{kind}.xml" for name in TYPE_FEEDS for kind in ("atom", "rss")}
    assert expected <= names


def test_every_feed_parses_without_a_warning(basic_output, rich_output, jobs_output):
    for path in feed_files(basic_output) + feed_files(rich_output) + feed_files(jobs_output):
        feed = feedparser.parse(str(path))
        assert not feed.bozo, (path, feed.get("bozo_exception"))


def test_a_feed_opened_in_a_browser_says_where_to_follow_it(rich_output):
    for path in feed_files(rich_output):
        head = path.read_text(encoding="utf-8")[:400]
        assert "<?xml-stylesheet" not in head, path.name
        comment = re.search(r"<!--(.*?)-->", head, re.DOTALL)
        assert comment and f"{SITEURL}/follow/" in comment.group(1), path.name


def test_the_all_feed_has_every_post_newest_first(basic_output):
    titles = [e.title for e in parse(basic_output, "all.atom.xml").entries]
    assert titles == ["Bridge closed", "Bike unit returns", "Why are patrol cars on Elm Street?", "Use of Force"]
    assert [e.title for e in parse(basic_output, "all.rss.xml").entries] == titles


def test_a_type_feed_has_only_its_type(rich_output):
    assert [e.title for e in parse(rich_output, "qa.rss.xml").entries] == ["Why are patrol cars on Elm Street?"]
    assert [e.title for e in parse(rich_output, "alerts.atom.xml").entries] == ["Bridge closed", "Puente cerrado"]


def test_types_without_feeds_are_in_no_feed(rich_output):
    for path in feed_files(rich_output):
        titles = {e.title for e in feedparser.parse(str(path)).entries}
        assert not titles & {"Jane Doe", "About", "Response times", "Ask us a question"}, path.name


def test_drafts_future_posts_and_future_updates_are_in_no_feed(rich_output):
    for path in feed_files(rich_output):
        text = path.read_text(encoding="utf-8")
        for needle in ("Secret draft title", "DRAFT-BODY-TEXT", "Future story title", "FUTURE-", "RESOLVED-BODY-TEXT",
                       "RESOLVED-ALT-TEXT", "resolved-only"):
            assert needle not in text, (path.name, needle)


# --- ids ---------------------------------------------------------------------------------------------


def test_every_id_is_a_tag_iri(rich_output):
    for path in feed_files(rich_output):
        feed = feedparser.parse(str(path))
        if "atom" in path.name:
            assert feed.feed.id.startswith(TAG), path.name
        for item in feed.entries:
            assert item.id.startswith(TAG), (path.name, item.id)


@pytest.fixture(scope="module")
def variant(tmp_path_factory):
    """The basic site with an Id on the story, Modified on the policy, a long story, and other id settings."""
    files = basic_site()
    files["stories/bike-unit.md"] = files["stories/bike-unit.md"].replace("Title:", "Id: urn:uuid:1234\n    Title:")
    files["stories/bike-unit.md"] = files["stories/bike-unit.md"].replace(
        "The bike unit is back downtown.", "The bike unit is back downtown. " + "Officers ride every day. " * 20)
    files["policies/use-of-force.md"] = files["policies/use-of-force.md"].replace(
        "Date: 2026-01-10", "Date: 2026-01-10\n    Modified: 2026-04-02")
    return session_build(tmp_path_factory, "variant", files, SEARCH=False, FEEDS_HASHTAGS=["#MillbrookPD"],
                         FEED_ID_AUTHORITY="millbrook.example", FEED_ID_YEAR=2019)


def test_an_entry_id_is_the_id_key_else_the_source_path(variant):
    ids = {e.title: e.id for e in parse(variant, "all.atom.xml").entries}
    assert ids["Bike unit returns"] == "tag:millbrook.example,2019:urn:uuid:1234"
    assert ids["Use of Force"] == "tag:millbrook.example,2019:policies/use-of-force.md"
    assert {e.title: e.id for e in parse(variant, "social.rss.xml").entries} == ids
    assert {e.title: e.id for e in parse(variant, "all.rss.xml").entries} == ids
    assert not parse(variant, "social.rss.xml").entries[0].guidislink


def test_the_id_authority_and_year_come_from_the_settings(variant):
    assert {e.id for e in parse(variant, "all.atom.xml").entries} == {
        f"tag:millbrook.example,2019:{path}" for path in ("alerts/bridge.md", "urn:uuid:1234", "qa/elm-street.md",
                                                          "policies/use-of-force.md")}


def edits_site():
    files = basic_site()
    files["qa/elm-street.md"] = files["qa/elm-street.md"].replace("    Policies: use-of-force\n", "")
    return files


def test_an_entry_id_never_changes_when_the_title_slug_body_and_date_change(site):
    before = site(edits_site(), "before")
    files = edits_site()
    files["policies/use-of-force.md"] = (
        files["policies/use-of-force.md"]
        .replace("Title: Use of Force", "Title: Use of Force (revised)\n    Slug: force")
        .replace("Officers use only reasonable force.", "Officers use only the force needed.")
        .replace("Date: 2026-01-10", "Date: 2026-01-11"))
    after = site(files, "after")
    assert (after / "policies/force/index.html").is_file()
    for name in ("all.atom.xml", "all.rss.xml", "policies.atom.xml", "policies.rss.xml", "social.rss.xml"):
        assert {e.id for e in parse(after, name).entries} == {e.id for e in parse(before, name).entries}, name
        assert "Use of Force (revised)" in {e.title for e in parse(after, name).entries}, name


def test_modified_sets_updated_and_keeps_the_publication_date(variant):
    found = entry(variant, "all.atom.xml", "Use of Force")
    assert found.published.startswith("2026-01-10") and found.updated.startswith("2026-04-02")


def test_an_update_sets_updated_and_keeps_the_id(rich_output):
    found = entry(rich_output, "news.atom.xml", "Water main break on Oak Street")
    assert found.published.startswith("2026-05-20T07:00") and found.updated.startswith("2026-05-20T11:30")
    assert found.id == f"{TAG}news/oak-street.md"


# --- content ------------------------------------------------------------------------------------------


def test_a_feed_carries_the_newest_feed_max_items(site):
    files = basic_site()
    output = site(files, FEED_MAX_ITEMS=2)
    for name in ("all.atom.xml", "all.rss.xml", "social.rss.xml"):
        assert [e.title for e in parse(output, name).entries] == ["Bridge closed", "Bike unit returns"], name


def contents(path):
    """The HTML content of every entry of a feed, as written (feedparser would drop tel: links)."""
    root = ElementTree.parse(path).getroot()
    return [node.text or "" for node in root.iter() if node.tag in (f"{ATOM}content", CONTENT_ENCODED)]


def test_every_link_in_every_feed_is_absolute(rich_output):
    for path in feed_files(rich_output):
        for item in feedparser.parse(str(path)).entries:
            assert item.links, path.name
            for link in item.links:  # alternate, related and enclosure links
                assert link.href.startswith(SITEURL + "/"), (path.name, link.href)
        for content in contents(path):
            html = BeautifulSoup(content, "html.parser")
            for node in html.find_all(href=True):
                assert re.match(r"^(https?|mailto|tel):", node["href"]), (path.name, node["href"])
            for node in html.find_all(src=True):
                assert node["src"].startswith(SITEURL + "/"), (path.name, node["src"])


def test_feed_content_carries_no_screen_reader_notes(rich_output):
    for path in feed_files(rich_output):
        text = path.read_text(encoding="utf-8")
        assert "another website" not in text and "Link to this section" not in text, path.name
        assert "ob-visually-hidden" not in text, path.name


def test_a_fragment_link_in_a_post_points_at_the_post_page_in_feeds(rich_output):
    content = entry(rich_output, "news.atom.xml", "Water main break on Oak Street").content[0].value
    assert f'href="{SITEURL}/news/oak-street/#detour"' in content


def test_an_answer_entry_includes_the_resident_question(rich_output):
    content = entry(rich_output, "qa.atom.xml", "Why are patrol cars on Elm Street?").content[0].value
    html = BeautifulSoup(content, "html.parser")
    assert html.blockquote.get_text(strip=True) == "Why are patrol cars on Elm Street?"
    assert "Resident, Old Town" in html.get_text()
    assert "Training at the community center." in html.get_text()


def test_a_story_entry_includes_its_photo(rich_output):
    content = entry(rich_output, "stories.atom.xml", "Bike unit returns").content[0].value
    img = BeautifulSoup(content, "html.parser").img
    assert img["src"] == f"{SITEURL}/images/bike.png" and img["alt"] == "Two officers on bicycles"
    assert (img["width"], img["height"]) == ("64", "48")


def test_an_update_is_in_its_post_entry(rich_output):
    content = entry(rich_output, "news.rss.xml", "Water main break on Oak Street").content[0].value
    assert "Oak Street is open again." in content and "Crews are working on Oak Street." in content


def test_spanish_entries_say_their_language(rich_output):
    atom = ElementTree.parse(rich_output / "feeds/all.atom.xml").getroot()
    assert atom.get(XML_LANG) == "en"
    langs = {e.findtext(f"{ATOM}title"): e.get(XML_LANG) for e in atom.iter(f"{ATOM}entry")}
    assert langs["Puente cerrado"] == "es" and langs["¿Dónde está la niña?"] == "es"
    assert langs["Bridge closed"] is None
    for name in ("all.rss.xml", "social.rss.xml"):
        rss = ElementTree.parse(rich_output / "feeds" / name).getroot()
        langs = {i.findtext("title"): i.findtext(DC_LANGUAGE) for i in rss.iter("item")}
        assert langs["Puente cerrado"] == "es" and langs["Bridge closed"] == "en", name


def test_a_resolved_appeal_carries_its_outcome_with_the_same_id(rich_output):
    found = entry(rich_output, "appeals.atom.xml", "Help us identify a driver")
    assert found.summary == "Identified, thank you"
    assert found.id == f"{TAG}appeals/driver.md"
    assert social(rich_output)["Help us identify a driver"].description == "Identified, thank you #MillbrookPD"


# --- the social feed (contract section 4) -----------------------------------------------------------------


def test_each_social_item_has_what_the_contract_names(rich_output):
    items = parse(rich_output, "social.rss.xml").entries
    assert items
    for item in items:
        assert item.title and item.link.startswith(SITEURL + "/")
        assert item.id.startswith(TAG) and not item.guidislink
        assert item.published
        assert "<" not in item.description and len(item.description) <= 250
        assert item.description.endswith("#MillbrookPD")


def test_each_social_item_has_its_card_as_enclosure_and_media_content(rich_output):
    for item in parse(rich_output, "social.rss.xml").entries:
        enclosure = item.enclosures[0]
        card = rich_output / enclosure.href.removeprefix(SITEURL + "/")
        assert card.is_file(), enclosure.href
        assert int(enclosure.length) == card.stat().st_size, item.title
        media = item.media_content[0]
        assert media["url"] == enclosure.href and media["type"] == enclosure.type
        assert (media["width"], media["height"]) == ("1200", "630")
        with Image.open(card) as image:
            assert image.size == (1200, 630)
            assert {"JPEG": "image/jpeg", "PNG": "image/png"}[image.format] == enclosure.type


def test_the_social_feed_has_one_item_per_post_and_per_update_newest_first(rich_output):
    items = parse(rich_output, "social.rss.xml").entries
    posts = parse(rich_output, "all.rss.xml").entries
    assert len(items) == len(posts) + 1  # one published update
    dates = [item.published_parsed for item in items]
    assert dates == sorted(dates, reverse=True)


def test_an_update_is_a_social_item_of_its_own(rich_output):
    update = social(rich_output)["Update: Water main break on Oak Street"]
    post = social(rich_output)["Water main break on Oak Street"]
    assert update.link == f"{SITEURL}/news/oak-street/#update-202605201130"
    assert update.id == f"{post.id}#update-202605201130"
    assert update.description == "Oak Street is open again. #MillbrookPD"
    assert update.enclosures[0].href == post.enclosures[0].href
    assert "Update: Water main break on Oak Street" in social(rich_output)


def test_the_social_teaser_keeps_punctuation_after_a_link(rich_output):
    description = social(rich_output)["Water main break on Oak Street"].description
    assert description == ("Crews are working on Oak Street. See the detour map and the city’s page. Questions: email "
                           "info@millbrook-pd.example. #MillbrookPD")


def test_a_long_teaser_is_cut_at_a_word_with_the_hashtags_counted(variant):
    item = social(variant)["Bike unit returns"]
    assert len(item.description) <= 250 and item.description.endswith("… #MillbrookPD")
    assert item.description.removesuffix("… #MillbrookPD").endswith(("day", "every", "ride", "Officers", "."))


def test_the_social_feed_carries_the_hashtags_of_the_site_settings(basic_output):
    """pelicanconf.py sets FEEDS_HASHTAGS = ["#MillbrookPD"]; the other feeds carry the teaser alone."""
    assert all(item.description.endswith(" #MillbrookPD") for item in social(basic_output).values())
    assert all("#MillbrookPD" not in e.summary for e in parse(basic_output, "all.atom.xml").entries)


def test_teasers_come_from_teaser_then_summary_then_first_paragraph(basic_output):
    teasers = {title: item.description for title, item in social(basic_output).items()}
    assert teasers["Use of Force"].startswith("When officers may use force.")  # Summary
    assert teasers["Bike unit returns"].startswith("The bike unit is back downtown.")  # first paragraph


# --- the W3C Feed Validator ---------------------------------------------------------------------------------


def validate(paths):
    return subprocess.run([sys.executable, str(VALIDATOR), "--base", SITEURL, *map(str, paths)],
                          capture_output=True, text=True, timeout=300)


needs_validator = pytest.mark.skipif(not VALIDATOR.exists(), reason=f"the W3C Feed Validator is not at {VALIDATOR} "
                                                                    "(../shared/tools beside the repository)")


@needs_validator
def test_every_feed_passes_the_w3c_feed_validator(basic_output, rich_output, jobs_output):
    paths = [path for output in (basic_output, rich_output, jobs_output) for path in feed_files(output)]
    result = validate(paths)
    failing = [line for line in result.stdout.splitlines() if "DOES NOT VALIDATE" in line]
    assert result.returncode == 0 and not failing, result.stdout + result.stderr
    assert result.stdout.count(": valid") == len(paths)


@pytest.mark.build
@needs_validator
def test_the_validator_catches_a_broken_feed(tmp_path):
    """The check above is real: a feed with an entry without an id fails."""
    broken = tmp_path / "all.atom.xml"
    broken.write_text('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                      "<title>x</title><id>tag:x.example,2026:f</id><updated>2026-01-01T00:00:00Z</updated>"
                      "<author><name>x</name></author><entry><title>e</title>"
                      "<updated>2026-01-01T00:00:00Z</updated></entry></feed>")
    assert validate([broken]).returncode == 1
