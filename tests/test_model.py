"""The item views (openbeat.model, openbeat.item), built from posts without Pelican (fast tier)."""

from datetime import UTC, datetime

import pytest

from conftest import (
    ALERT_ES,
    APPEAL_RESOLVED,
    DRAFT,
    EPOCH,
    FUTURE,
    NEWS,
    PUBLISHCONF,
    SITEURL,
    basic_site,
    image_bytes,
    jpeg,
    write_files,
)
from openbeat import model
from openbeat.config import site_settings
from openbeat.header import read_post
from openbeat.markup import document
from openbeat.model import Build, Source, build_items
from openbeat.reading import Renderer, read_text, walk
from openbeat.site import build_site
from openbeat.types import type_table

NOW = datetime.fromtimestamp(EPOCH, UTC)
SETTINGS = site_settings(PUBLISHCONF, SITEURL=SITEURL, FEEDS_HASHTAGS=["#MillbrookPD"])
RENDERER = Renderer(SETTINGS)


def read_folder(root, settings):
    """The sources and static files of a content folder, read as the build reads them."""
    sources, statics = [], []
    for found in walk(str(root), type_table(settings)):
        if found.role == "post":
            post = read_post(read_text(str(root / found.path)))
            sources.append(Source(found.path, post, RENDERER.render(post.body)))
        elif found.role in ("image", "static"):
            statics.append(found.path)
    return sources, frozenset(statics)


def make_build(root, settings=SETTINGS, now=NOW):
    sources, statics = read_folder(root, settings)
    return sources, Build(str(root), settings, now, type_table(settings), statics)


def items_of(root, files, now=NOW, **settings):
    """{source path: Item} of a content folder."""
    write_files(root, files)
    sources, build = make_build(root, {**SETTINGS, **settings}, now)
    return {item.source: item for item in build_items(sources, build)}


@pytest.fixture(scope="module")
def items(tmp_path_factory):
    """The basic site plus news with updates, a translation, a resolved appeal, a draft and a future post."""
    files = {**basic_site(), "news/oak-street.md": NEWS, "alerts/bridge.es.md": ALERT_ES,
             "appeals/driver.md": APPEAL_RESOLVED, "stories/secret.md": DRAFT, "stories/future.md": FUTURE,
             "images/oak.jpg": jpeg(), "images/resolved-only.jpg": jpeg(), "images/draft-only.png": image_bytes()}
    return items_of(tmp_path_factory.mktemp("model"), files)


# --- what is published ---------------------------------------------------------------------------


def test_drafts_and_future_posts_get_no_item(items):
    assert "stories/secret.md" not in items and "stories/future.md" not in items
    assert set(items) == {"policies/use-of-force.md", "qa/elm-street.md", "stories/bike-unit.md", "alerts/bridge.md",
                          "alerts/bridge.es.md", "officers/jane-doe.md", "pages/about.md", "news/oak-street.md",
                          "appeals/driver.md"}


def test_a_future_post_gets_its_item_once_its_date_has_come(tmp_path):
    later = datetime(2026, 7, 1, 5, 0, tzinfo=UTC)  # 2026-07-01 00:00 in Chicago
    assert "stories/future.md" in items_of(tmp_path, {**basic_site(), "stories/future.md": FUTURE}, now=later)


def test_a_future_update_is_in_no_part_of_the_item(items):
    news = items["news/oak-street.md"]
    for text in (news.html, news.feed_html, news.text, news.teaser, repr(news.parts)):
        assert "FUTURE-UPDATE-TEXT" not in text
    assert [u.anchor for u in news.parts["updates"].entries] == ["update-202605201130"]
    assert news.updated == datetime(2026, 5, 20, 11, 30, tzinfo=news.date.tzinfo)


def test_an_image_only_a_draft_uses_is_not_planned(items):
    assert all(p.source != "images/draft-only.png" for i in items.values() for p in i.images)


def test_a_resolved_appeal_keeps_nothing_of_its_body_or_photo(items):
    appeal = items["appeals/driver.md"]
    assert appeal.html == "" and appeal.feed_html == "" and appeal.text == ""
    assert appeal.image is None and appeal.images == () and appeal.card.photo is None
    assert appeal.teaser == "Identified, thank you"
    assert "RESOLVED-BODY-TEXT" not in repr(appeal)


# --- ids, URLs and languages -----------------------------------------------------------------------


def test_ids_are_tag_iris_from_the_id_key_else_the_source_path(tmp_path):
    files = {**basic_site(), "stories/bike-unit.md": "Id: urn:uuid:1234\n" + basic_site()["stories/bike-unit.md"]}
    found = items_of(tmp_path, files)
    assert found["stories/bike-unit.md"].guid == "tag:police.example.gov,2026:urn:uuid:1234"
    assert found["policies/use-of-force.md"].guid == "tag:police.example.gov,2026:policies/use-of-force.md"


def test_the_id_authority_and_year_come_from_the_settings(tmp_path):
    found = items_of(tmp_path, basic_site(), FEED_ID_AUTHORITY="millbrook.example", FEED_ID_YEAR=2019)
    assert found["pages/about.md"].guid == "tag:millbrook.example,2019:pages/about.md"


def test_urls_follow_the_contract(items):
    urls = {path: item.url for path, item in items.items()}
    assert urls["policies/use-of-force.md"] == "policies/use-of-force/"
    assert urls["pages/about.md"] == "about/"
    assert urls["alerts/bridge.es.md"] == "es/alerts/bridge/"


def test_translations_are_linked_both_ways(items):
    english, spanish = items["alerts/bridge.md"], items["alerts/bridge.es.md"]
    assert [t.source for t in english.translations] == ["alerts/bridge.es.md"]
    assert [t.source for t in spanish.translations] == ["alerts/bridge.md"]
    assert spanish.lang == "es"


def test_officers_and_stories_are_linked_both_ways(items):
    assert [o.source for o in items["stories/bike-unit.md"].links["officers"]] == ["officers/jane-doe.md"]
    assert [s.source for s in items["officers/jane-doe.md"].links["stories"]] == ["stories/bike-unit.md"]


def test_policies_and_answers_are_linked_both_ways(items):
    assert [p.source for p in items["qa/elm-street.md"].links["policies"]] == ["policies/use-of-force.md"]
    assert [q.source for q in items["policies/use-of-force.md"].links["qa"]] == ["qa/elm-street.md"]


def test_a_link_to_a_draft_has_no_href_until_it_is_published(tmp_path):
    files = {**basic_site(), "stories/secret.md": DRAFT, "images/draft-only.png": image_bytes(),
             "pages/about.md": "Title: About\n\nSee [the story]({filename}/stories/secret.md) and "
                               "[the policy]({filename}/policies/use-of-force.md).\n"}
    about = items_of(tmp_path, files)["pages/about.md"]
    assert '<a>the story</a>' in about.html
    assert f'<a href="{SITEURL}/policies/use-of-force/">the policy</a>' in about.html


# --- teasers: Teaser, else Summary, else the first paragraph ----------------------------------


def test_the_teaser_is_the_teaser_key_first(tmp_path):
    files = {**basic_site(), "stories/bike-unit.md": "Title: Bikes\nDate: 2026-04-01\nTeaser: Bikes are back.\n"
                                                     "Summary: A summary.\n\nThe body.\n"}
    assert items_of(tmp_path, files)["stories/bike-unit.md"].teaser == "Bikes are back."


def test_the_teaser_is_the_summary_as_plain_text_else(items):
    assert items["policies/use-of-force.md"].teaser == "When officers may use force."


def test_the_teaser_is_the_first_paragraph_else(items):
    assert items["stories/bike-unit.md"].teaser == "The bike unit is back downtown."


def test_a_long_teaser_is_cut_at_a_word_boundary(tmp_path):
    body = "The bike unit is back downtown. " + "Officers ride every day of the week. " * 12
    files = {**basic_site(), "stories/bike-unit.md": f"Title: Bikes\nDate: 2026-04-01\n\n{body}\n"}
    story = items_of(tmp_path, files)["stories/bike-unit.md"]
    assert len(story.teaser) <= 250 and story.teaser.endswith("…")
    assert body.startswith(story.teaser.removesuffix("…"))
    assert story.teaser.removesuffix("…").split()[-1] in body.split()


def test_the_social_text_carries_the_hashtags_within_250_characters(tmp_path):
    body = "Officers ride every day of the week. " * 12
    files = {**basic_site(), "stories/bike-unit.md": f"Title: Bikes\nDate: 2026-04-01\n\n{body}\n"}
    story = items_of(tmp_path, files)["stories/bike-unit.md"]
    assert len(story.social_text) <= 250
    assert story.social_text.endswith("… #MillbrookPD")


# --- issue 12: the three symptoms -----------------------------------------------------------------


@pytest.mark.parametrize("body, teaser", [
    ("Questions: email info@millbrook-pd.example.", "Questions: email info@millbrook-pd.example."),
    ("Read [our policy](/policies/use-of-force/), then [ask us](/ask/)!", "Read our policy, then ask us!"),
    ("Call *us* at 555-0100; we answer.", "Call us at 555-0100; we answer."),
    ("The unit (see [the map](/map/)) is back.", "The unit (see the map) is back."),
])
def test_the_social_text_never_has_a_space_before_punctuation(tmp_path, body, teaser):
    files = {**basic_site(), "stories/bike-unit.md": f"Title: Bikes\nDate: 2026-04-01\n\n{body}\n"}
    story = items_of(tmp_path, files)["stories/bike-unit.md"]
    assert story.teaser == teaser
    assert story.social_text == f"{teaser} #MillbrookPD"


def test_feed_html_carries_no_screen_reader_notes_or_section_links(items):
    news = items["news/oak-street.md"]
    assert "(another website)" in news.html and "Link to this section" in news.html
    for html in [news.feed_html] + [u.feed_html for u in news.parts["updates"].entries]:
        assert "another website" not in html
        assert "Link to this section" not in html and "ob-anchor" not in html
        assert "ob-visually-hidden" not in html


def test_an_update_feed_html_carries_no_screen_reader_notes(tmp_path):
    news = NEWS.replace("Oak Street is open again.", "Oak Street is open again: [details](https://city.example.org/).")
    found = items_of(tmp_path, {**basic_site(), "news/oak-street.md": news, "images/oak.jpg": jpeg()})
    update = found["news/oak-street.md"].parts["updates"].entries[0]
    assert "(another website)" in update.html
    assert "another website" not in update.feed_html


def test_each_body_is_parsed_once_and_each_item_built_once(tmp_path, monkeypatch):
    files = {**basic_site(), "news/oak-street.md": NEWS, "images/oak.jpg": jpeg()}
    write_files(tmp_path, files)
    sources, build = make_build(tmp_path)
    parsed, built = [], []
    real_parse, real_build = document.parse, model.ItemBuilder.build_item
    monkeypatch.setattr(document, "parse", lambda html: parsed.append(html) or real_parse(html))
    monkeypatch.setattr(model.ItemBuilder, "build_item", lambda self: built.append(self.entry.path) or real_build(self))
    items = build_items(sources, build)
    build_site(items, build)
    bodies = {model.clean(s.html) for s in sources}
    assert sorted(built) == sorted(i.source for i in items)
    assert sorted(h for h in parsed if h in bodies) == sorted(model.clean(s.html) for s in sources)


def test_a_summary_is_parsed_once(tmp_path, monkeypatch):
    write_files(tmp_path, basic_site())
    sources, build = make_build(tmp_path)
    policy = [s for s in sources if s.path == "policies/use-of-force.md"]
    parsed = []
    real_parse = document.parse
    monkeypatch.setattr(document, "parse", lambda html: parsed.append(html) or real_parse(html))
    build_items(policy, build)
    assert len(parsed) == 2  # the body, the Summary


# --- feed HTML: absolute links ----------------------------------------------------------------------


def test_links_and_images_in_feed_html_are_absolute(tmp_path):
    files = {**basic_site(), "images/map.png": image_bytes((900, 600)),
             "pages/about.md": "Title: About\n\nSee [policies](/policies/), [this part](#contact), "
                               "[the story]({filename}/stories/bike-unit.md) and ![A map](/images/map.png).\n\n"
                               "## Contact\n\nCall us.\n"}
    about = items_of(tmp_path, files)["pages/about.md"]
    assert f'href="{SITEURL}/policies/"' in about.feed_html
    assert f'href="{SITEURL}/about/#contact"' in about.feed_html
    assert f'href="{SITEURL}/stories/bike-unit/"' in about.feed_html
    assert f'src="{SITEURL}/images/map.png"' in about.feed_html
    assert 'href="/' not in about.feed_html and 'src="/' not in about.feed_html and 'href="#' not in about.feed_html
    assert f"{SITEURL}/images/map-900." in about.feed_html  # srcset too


def test_page_html_keeps_relative_fragment_links(tmp_path):
    files = {**basic_site(), "pages/about.md": "Title: About\n\nSee [this part](#contact).\n\n## Contact\n\nCall.\n"}
    assert 'href="#contact"' in items_of(tmp_path, files)["pages/about.md"].html


# --- cards and images -------------------------------------------------------------------------------


def test_the_card_names_the_type_and_the_title(items):
    card = items["policies/use-of-force.md"].card
    assert card.alt == "Policy 300: Use of Force. Millbrook Police Department"
    assert card.path.startswith("cards/policies/use-of-force.") and (card.width, card.height) == (1200, 630)


def test_the_card_alt_text_takes_no_second_stop_after_a_question(items):
    assert items["qa/elm-street.md"].card.alt == "Q&A: Why are patrol cars on Elm Street? Millbrook Police Department"


def test_a_spanish_card_uses_the_spanish_type_name(items):
    assert items["alerts/bridge.es.md"].card.alt.startswith("Alerta: Puente cerrado.")


def test_the_lead_image_and_its_alt_come_from_image_or_photo(items):
    story, officer = items["stories/bike-unit.md"], items["officers/jane-doe.md"]
    assert (story.image.source, story.image_alt) == ("images/bike.png", "Two officers on bicycles")
    assert (officer.image.source, officer.image_alt) == ("images/jane.png", "Officer Jane Doe in uniform")
    assert story.card.photo == "images/bike.png"


def test_body_images_become_pictures_and_are_planned(tmp_path):
    files = {**basic_site(), "images/map.png": image_bytes((900, 600)),
             "stories/bike-unit.md": basic_site()["stories/bike-unit.md"] + "\n    ![A map](/images/map.png)\n"}
    story = items_of(tmp_path, files)["stories/bike-unit.md"]
    assert [p.source for p in story.images] == ["images/bike.png", "images/map.png"]
    assert '<picture><source type="image/webp"' in story.html and 'loading="lazy"' in story.html
