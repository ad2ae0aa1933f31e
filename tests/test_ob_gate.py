"""Drafts and future posts are published nowhere (contract section 3)."""

from datetime import UTC, datetime

import pytest

from conftest import EPOCH, PNG_SMALL, all_text, basic_site, image_bytes
from ob_gate import build_time

DRAFT = """
    Title: Secret draft title
    Date: 2026-01-01
    Status: draft
    Image: images/draft-only.png
    Image-Alt: A draft photo

    DRAFT-BODY-TEXT appears nowhere.
"""
FUTURE = """
    Title: Future story title
    Date: 2026-07-01
    Teaser: FUTURE-TEASER-TEXT

    FUTURE-BODY-TEXT appears nowhere.
"""


def leaky_site():
    files = basic_site()
    files["stories/secret.md"] = DRAFT
    files["stories/future.md"] = FUTURE
    files["images/draft-only.png"] = image_bytes(colour=(200, 0, 0))
    files["pages/draft-page.md"] = "Title: Draft page\nStatus: draft\n\nDRAFT-PAGE-TEXT\n"
    return files


@pytest.mark.parametrize(
    "needle",
    ["Secret draft title", "DRAFT-BODY-TEXT", "Future story title", "FUTURE-BODY-TEXT",
     "FUTURE-TEASER-TEXT", "DRAFT-PAGE-TEXT", "stories/secret", "stories/future", "draft-only"],
)
def test_drafts_and_future_posts_leave_no_trace(site, needle):
    output = site(leaky_site())
    assert needle not in all_text(output)


def test_no_drafts_folder_is_written(site):
    output = site(leaky_site())
    assert not (output / "drafts").exists()
    assert not (output / "stories/secret").exists()
    assert not (output / "stories/future").exists()
    assert not list(output.rglob("draft-only*"))


def test_a_future_post_appears_in_the_first_build_on_its_date(site, clock):
    clock(int(datetime(2026, 7, 1, 5, 0, tzinfo=UTC).timestamp()))  # 2026-07-01 00:00 in Chicago
    output = site(leaky_site())
    assert (output / "stories/future/index.html").is_file()
    assert "FUTURE-BODY-TEXT" in (output / "feeds/all.atom.xml").read_text()


def test_build_clock_is_source_date_epoch():
    assert build_time({"SOURCE_DATE_EPOCH": str(EPOCH)}) == datetime.fromtimestamp(EPOCH, UTC)
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH"):
        build_time({"SOURCE_DATE_EPOCH": "yesterday"})


def test_images_of_published_items_are_still_published(site):
    output = site(leaky_site())
    assert list(output.glob("images/bike-*.png")) or list(output.glob("images/bike-*.webp"))
    assert PNG_SMALL  # the fixture image is real
