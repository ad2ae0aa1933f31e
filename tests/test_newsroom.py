"""Appeals (contract section 7), updates (section 8) and news releases with a video, on a real build."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree

import feedparser
import pytest
from PIL import Image
from test_newsroom_site import json_ld, shared_newsroom

from conftest import SITEURL, page

pytestmark = pytest.mark.build

SAM_GUID = "tag:police.example.gov,2026:urn:uuid:00000000-0000-4000-8000-000000000001"
DRIVER_GUID = "tag:police.example.gov,2026:urn:uuid:00000000-0000-4000-8000-000000000003"


@pytest.fixture(scope="session")
def newsroom_output(tmp_path_factory):
    return shared_newsroom(tmp_path_factory)


def titles(soup, selector=".ob-entry__title"):
    return [node.get_text(strip=True) for node in soup.select(selector)]


# --- appeals -------------------------------------------------------------------------------------

def test_appeals_index_lists_open_appeals_newest_first_then_resolved_by_resolution(newsroom_output):
    soup = page(newsroom_output, "/appeals/")
    headings = [h.get_text(strip=True) for h in soup.select(".ob-listing__section")]
    assert headings == ["Open appeals", "Resolved"]
    assert titles(soup) == ["Wanted for bank robbery", "Help us find Sam Lee", "Driver identified",
                            "Missing hiker found"]


def test_every_open_appeal_is_on_the_home_page_above_other_posts(newsroom_output):
    soup = page(newsroom_output, "/")
    first = soup.select(".ob-home__section")[0]
    assert titles(first) == ["Wanted for bank robbery", "Help us find Sam Lee"]
    assert "Driver identified" not in soup.get_text()


def test_an_open_appeal_shows_its_kind_case_last_seen_and_the_tip_line_large(newsroom_output):
    soup = page(newsroom_output, "/appeals/sam-lee/")
    assert soup.select_one(".ob-item__kicker").get_text(strip=True) == "Missing person"
    assert soup.select_one(".ob-appeal__case").get_text(strip=True) == "26-004600"
    assert "Near the library, May 24" in soup.select_one(".ob-appeal__facts").get_text()
    tip = soup.select_one(".ob-tip")
    assert tip.select_one(".ob-tip__phone a")["href"] == "tel:5550199"
    assert tip.select_one(".ob-tip__url a")["href"] == "https://tips.example.org/millbrook"
    assert "https://tips.example.org/millbrook" in tip.select_one(".ob-tip__address").get_text()
    assert "26-004600" in tip.get_text()
    assert soup.select_one(".ob-appeal__photo img")["alt"] == "Sam Lee in a blue coat"


def test_an_appeal_without_tip_phone_uses_the_tip_phone_setting(newsroom_output):
    soup = page(newsroom_output, "/appeals/bank-robbery/")
    assert soup.select_one(".ob-tip__phone a")["href"] == "tel:5550123"
    assert soup.select_one(".ob-tip__url") is None


def test_the_print_style_makes_the_appeal_a_poster_with_the_tip_line(newsroom_output):
    soup = page(newsroom_output, "/appeals/sam-lee/")
    css = (newsroom_output / soup.find("link", rel="stylesheet")["href"].removeprefix(SITEURL + "/")).read_text()
    poster = css[css.index(".ob-item--appeal .ob-item__kicker"):]
    assert "@media print" in css[: css.index(".ob-item--appeal .ob-item__kicker")]
    assert ".ob-item--appeal .ob-tip" in poster and "break-inside:avoid" in poster.replace(" ", "")
    assert soup.select_one(".ob-print-note").get_text().endswith(f"{SITEURL}/appeals/sam-lee/")


def test_a_resolved_appeal_page_keeps_only_the_outcome_and_the_date(newsroom_output):
    soup = page(newsroom_output, "/appeals/driver/")
    article = soup.select_one("article")
    assert soup.select_one(".ob-resolved__outcome").get_text(strip=True) == "Identified, thank you"
    assert article.select_one("time.dt-updated")["datetime"] == "2026-05-02"
    assert soup.h1.get_text(strip=True) == "Driver identified"
    assert article.find("img") is None and article.find("picture") is None
    assert article.select_one(".e-content") is None and article.select_one(".ob-tip") is None
    assert soup.find("meta", property="og:description")["content"] == "Identified, thank you"


def test_a_resolved_appeal_keeps_its_ids_and_carries_the_outcome_in_feeds(newsroom_output):
    feed = feedparser.parse((newsroom_output / "feeds/appeals.atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.id == DRIVER_GUID)
    assert entry.summary == "Identified, thank you"
    assert entry.updated.startswith("2026-05-02")  # the resolution is its last change
    assert "Identified, thank you" in entry.content[0].value
    social = feedparser.parse((newsroom_output / "feeds/social.rss.xml").read_bytes())
    items = [e for e in social.entries if e.id.startswith(DRIVER_GUID)]
    assert [e.id for e in items] == [DRIVER_GUID]
    assert items[0].summary.startswith("Identified, thank you")  # and the site's hashtags


def test_appeal_structured_data_is_an_article_with_the_case_number(newsroom_output):
    data = json_ld(page(newsroom_output, "/appeals/sam-lee/"))
    assert data["@type"] == "NewsArticle" and data["identifier"] == "26-004600"
    assert data["headline"] == "Help us find Sam Lee"
    resolved = json_ld(page(newsroom_output, "/appeals/driver/"))
    assert resolved["description"] == "Identified, thank you" and resolved["identifier"] == "26-003100"
    assert resolved["image"].startswith(f"{SITEURL}/cards/")  # the card, drawn without the photo
    assert resolved["dateModified"].startswith("2026-05-02")


def test_a_spanish_appeal_is_in_spanish_with_its_update_heading(newsroom_output):
    soup = page(newsroom_output, "/es/appeals/sam-lee/")
    assert soup.html["lang"] == "es"
    assert soup.select_one(".ob-item__kicker").get_text(strip=True) == "Persona desaparecida"
    assert soup.select_one(".ob-tip__title").get_text(strip=True) == "¿Puede ayudar?"
    assert soup.select_one("#update-202605260815") is not None
    assert soup.select_one(".ob-updates__title").get_text(strip=True) == "Actualizaciones"


# --- updates -------------------------------------------------------------------------------------

def test_updates_are_shown_newest_first_above_the_original_text_with_anchors(newsroom_output):
    soup = page(newsroom_output, "/appeals/sam-lee/")
    ids = [li["id"] for li in soup.select(".ob-update")]
    assert ids == ["update-202605301740", "update-202605260815"]
    article = str(soup.select_one("article"))
    assert article.index("ob-updates") < article.index("e-content")
    assert "Sam may be travelling by bus." not in soup.select_one(".e-content").get_text()
    times = [t["datetime"] for t in soup.select(".ob-update__time time")]
    assert times == ["2026-05-30T17:40:00-05:00", "2026-05-26T08:15:00-05:00"]


@pytest.mark.parametrize("url, latest", [
    ("/appeals/sam-lee/", "2026-05-30T17:40:00-05:00"),
    ("/news/oak-street/", "2026-05-20T11:30:00-05:00"),
    ("/alerts/bridge-closed/", "2026-05-03T10:30:00-05:00"),
])
def test_updated_near_the_title_is_the_latest_published_update(newsroom_output, url, latest):
    soup = page(newsroom_output, url)
    assert soup.select_one("time.dt-updated")["datetime"] == latest
    assert json_ld(soup)["dateModified"] == latest


def test_atom_updated_follows_the_latest_update_and_the_id_stays(newsroom_output):
    feed = feedparser.parse((newsroom_output / "feeds/appeals.atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.id == SAM_GUID)
    assert entry.updated == "2026-05-30T17:40:00-05:00"
    assert entry.published == "2026-05-25T10:00:00-05:00"


def test_each_published_update_is_its_own_social_item_with_a_permanent_guid(newsroom_output):
    root = ElementTree.parse(newsroom_output / "feeds/social.rss.xml").getroot()
    items = {i.findtext("guid"): i for i in root.iter("item")}
    for anchor in ("update-202605301740", "update-202605260815"):
        item = items[f"{SAM_GUID}#{anchor}"]
        assert item.findtext("title") == "Update: Help us find Sam Lee"
        assert item.findtext("link") == f"{SITEURL}/appeals/sam-lee/#{anchor}"
        assert item.find("guid").get("isPermaLink") == "false"
        assert item.find("enclosure").get("url") == items[SAM_GUID].find("enclosure").get("url")
    assert items[f"{SAM_GUID}#update-202605301740"].findtext("description").startswith("A driver saw Sam on Route 5.")
    assert not any("202606021200" in guid for guid in items)


# --- news releases -------------------------------------------------------------------------------

def test_a_news_release_shows_case_location_and_a_click_to_play_video(newsroom_output):
    soup = page(newsroom_output, "/news/oak-street/")
    meta = soup.select_one(".ob-meta").get_text(" ", strip=True)
    assert "26-004512" in meta and "Oak Street and 3rd Avenue" in meta
    link = soup.select_one(".ob-video__link")
    assert link["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"  # without the tracking parameter
    poster = link.find("img")
    assert poster["src"].startswith(f"{SITEURL}/news/oak-street/video.")
    assert poster.has_attr("alt") and poster["width"] == "1280" and poster["height"] == "720"


def test_the_video_page_requests_nothing_from_the_video_host_before_the_click(newsroom_output):
    html = (newsroom_output / "news/oak-street/index.html").read_text()
    soup = page(newsroom_output, "/news/oak-street/")
    assert soup.find("iframe") is None and soup.find("script", src=True) is None
    for tag in soup.find_all(src=True) + soup.find_all("link", href=True) + soup.find_all(srcset=True):
        for value in (tag.get("src", ""), tag.get("href", ""), tag.get("srcset", "")):
            assert not re.search(r"youtube|youtu\.be|ytimg|vimeo", value), tag
    body = page(newsroom_output, "/news/oak-street/").find("main")
    links = [a["href"] for a in body.find_all("a", href=re.compile("youtube"))]
    assert links == ["https://www.youtube.com/watch?v=dQw4w9WgXcQ"]  # a link, followed only on a click
    assert "youtube" not in html.split("<main", 1)[0].split('type="application/ld+json"', 1)[0]


def test_the_video_poster_is_our_own_image_without_metadata(newsroom_output):
    soup = page(newsroom_output, "/news/oak-street/")
    path = soup.select_one(".ob-video__poster")["src"].removeprefix(f"{SITEURL}/")
    with Image.open(io.BytesIO((newsroom_output / path).read_bytes())) as image:
        assert image.size == (1280, 720) and image.format == "JPEG"
        assert not image.getexif() and "comment" not in image.info


def test_news_structured_data_names_the_video(newsroom_output):
    data = json_ld(page(newsroom_output, "/news/oak-street/"))
    assert data["@type"] == "NewsArticle"
    assert data["video"]["@type"] == "VideoObject"
    assert data["video"]["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert data["video"]["thumbnailUrl"].startswith(f"{SITEURL}/news/oak-street/video.")


def test_a_news_feed_entry_links_the_video_and_carries_its_updates(newsroom_output):
    feed = feedparser.parse((newsroom_output / "feeds/news.atom.xml").read_bytes())
    content = feed.entries[0].content[0].value
    assert "https://www.youtube.com/watch?v=dQw4w9WgXcQ" in content and "Oak Street is open again." in content
    assert feed.entries[0].updated == "2026-05-20T11:30:00-05:00"
