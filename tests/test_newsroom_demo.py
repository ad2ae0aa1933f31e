"""The demo department (or whatever content/ holds) against contract sections 7-10: every calendar parses,
every CAP message is valid, and no resolved appeal leaves its body or photo in the output."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from lxml import etree
from test_newsroom_site import cap_schema, readable_text

from conftest import ROOT, run_pelican
from openbeat.header import read_post
from openbeat.values import parse_date

pytestmark = pytest.mark.build
EPOCH = 1795000000  # 2026-11-18, as tests/test_demo.py builds the demo
CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory):
    out = tmp_path_factory.mktemp("newsroom-demo") / "out"
    result = run_pelican(CONTENT, out, epoch=EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def resolved_appeals() -> list[tuple[str, object]]:
    """(path, post) of every appeal of content/ resolved at the build time."""
    now = datetime.fromtimestamp(EPOCH, ZoneInfo("UTC"))
    found = []
    for path in sorted((CONTENT / "appeals").glob("*.md")) if (CONTENT / "appeals").is_dir() else []:
        post = read_post(path.read_text(encoding="utf-8"))
        if post.get("resolved") and parse_date(post.get("resolved"), "America/Chicago") <= now:
            found.append((str(path.relative_to(CONTENT)), post))
    return found


def test_every_demo_calendar_parses_with_icalendar(demo_output):
    for path in demo_output.rglob("*.ics"):
        calendar = Calendar.from_ical(path.read_bytes())
        assert calendar.walk("VEVENT") and calendar.walk("VTIMEZONE"), path


def test_every_demo_cap_message_is_valid(demo_output):
    schema = cap_schema()
    for path in demo_output.rglob("cap.xml"):
        assert schema.validate(etree.parse(str(path))), (path, schema.error_log)


def test_no_resolved_demo_appeal_leaves_its_body_or_images(demo_output):
    everything = readable_text(demo_output)
    names = {p.name for p in demo_output.rglob("*")}
    others = "\n".join(p.read_text(encoding="utf-8") for p in CONTENT.rglob("*.md")
                       if str(p.relative_to(CONTENT)) not in dict(resolved_appeals()))
    for path, post in resolved_appeals():
        for paragraph in re.split(r"\n\s*\n", post.body):
            words = re.sub(r"[*_`#>\[\]()!]", "", " ".join(paragraph.split())).split()
            if len(words) >= 6 and not paragraph.startswith("## Update"):
                assert " ".join(words[:6]) not in everything, (path, paragraph)
        images = [post.get("image")] + re.findall(r"\(([^)\s]+\.(?:jpe?g|png|gif|webp))", post.body)
        for image in filter(None, images):
            stem = image.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            if stem in others:
                continue  # a published post uses it too
            assert not any(name.startswith(stem) for name in names), (path, image)
