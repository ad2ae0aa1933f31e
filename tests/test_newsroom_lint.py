"""Content errors of the newsroom types (contract section 6) with FILE:LINE, video addresses, and drafts of
every newsroom type that lint and build (contract section 3)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from conftest import PNG_SMALL as PNG
from conftest import PUBLISHCONF, ROOT, build, write_files
from openbeat.behaviours.video import video_page
from openbeat.checks import check_folder
from openbeat.config import site_settings

NOW = datetime(2026, 5, 31, 19, 0, tzinfo=ZoneInfo("America/Chicago"))
APPEAL_HEADER = "Title: Help us find Sam\nDate: 2026-05-25\nKind: missing\nCase: 26-004600\n"  # lines 1-4


def problems(tmp_path: Path, files: dict[str, str], **settings) -> list[str]:
    """Every problem lint reports for these files, as FILE:LINE: message lines."""
    root = write_files(tmp_path / "content", files)
    found = check_folder(str(root), site_settings(PUBLISHCONF, PATH=str(root), **settings), NOW)
    return [str(p) for p in found]


def run_script(name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "scripts" / name), *args], capture_output=True, text=True,
                          timeout=120)


def appeal(extra: str = "", header: str = APPEAL_HEADER) -> str:
    """An appeal; the keys in extra start on line 5."""
    return header + (extra + "\n" if extra else "") + "\nSam was last seen near the library.\n"


def test_a_clean_appeal_has_no_problem(tmp_path):
    assert problems(tmp_path, {"appeals/sam.md": appeal()}) == []


def test_an_appeal_with_no_way_to_give_a_tip_is_an_error(tmp_path):
    found = problems(tmp_path, {"appeals/sam.md": appeal()}, TIP_PHONE="", TIP_URL="")
    assert found == ['appeals/sam.md:1: an appeal needs a way to give a tip: add "Tip-Phone: ..." or "Tip-Url: '
                     'https://...", or set TIP_PHONE or TIP_URL in the settings']
    assert problems(tmp_path / "url", {"appeals/sam.md": appeal("Tip-Url: https://tips.example.org/")},
                    TIP_PHONE="", TIP_URL="") == []


def test_a_resolved_appeal_without_outcome_is_an_error_at_its_resolved_line(tmp_path):
    found = problems(tmp_path, {"appeals/sam.md": appeal("Resolved: 2026-05-30")})
    assert found == ['appeals/sam.md:5: a resolved appeal needs its Outcome: add "Outcome: ..." (for example Found safe)']


def test_resolved_before_date_is_an_error(tmp_path):
    found = problems(tmp_path, {"appeals/sam.md": appeal("Resolved: 2026-05-01\nOutcome: Found safe")})
    assert found == ["appeals/sam.md:5: Resolved (2026-05-01) is before Date (2026-05-25): check both dates"]


def test_an_unknown_kind_is_an_error(tmp_path):
    found = problems(tmp_path, {"appeals/sam.md": appeal().replace("Kind: missing", "Kind: lost")})
    assert found == ['appeals/sam.md:3: Kind "lost" is not one of: missing, wanted, identify, witness']


@pytest.mark.parametrize("phone", ["911", "+1-911", "1 911"])
def test_911_as_tip_phone_is_an_error(tmp_path, phone):
    found = problems(tmp_path, {"appeals/sam.md": appeal(f"Tip-Phone: {phone}")})
    assert len(found) == 1 and found[0].startswith("appeals/sam.md:5: Tip-Phone is the emergency number")


def test_an_outcome_without_resolved_is_a_warning(tmp_path):
    found = problems(tmp_path, {"appeals/sam.md": appeal("Outcome: Found safe")})
    assert found == ['appeals/sam.md:5: warning: Outcome is shown only once the appeal is resolved: add "Resolved: '
                     'YYYY-MM-DD" (the day it was resolved)']


def test_an_appeal_photo_in_files_is_a_warning(tmp_path):
    files = {"appeals/sam.md": appeal("Image: files/sam.png\nImage-Alt: Sam"), "files/sam.png": PNG}
    found = problems(tmp_path, files)
    assert found == ["appeals/sam.md:5: warning: files/sam.png is in files/, which is published as it is, even after "
                     "the appeal is resolved: move the picture to images/ and use that path"]


def test_a_translation_left_open_when_the_original_is_resolved_is_an_error(tmp_path):
    spanish = appeal(header=APPEAL_HEADER.replace("Title: Help us find Sam", "Title: Ayúdenos\nSlug: sam\nLang: es"))
    found = problems(tmp_path, {"appeals/sam.md": appeal("Resolved: 2026-05-30\nOutcome: Found safe"),
                                "appeals/sam.es.md": spanish})
    assert len(found) == 1 and found[0].startswith("appeals/sam.es.md:1: its translation appeals/sam.md is resolved")


@pytest.mark.parametrize("heading, message", [
    ("## Update 2026-05-26", '5: the update heading has "2026-05-26" where its time goes'),
    ("## Update 2026-02-30 10:00", "5: the update heading's time \"2026-02-30 10:00\" is not a real day"),
    ("## Update 2026-05-26 25:00", "5: the update heading's time \"2026-05-26 25:00\" is not a real time"),
    ("## Actualización 26/05/2026 10:00", '5: the update heading has "26/05/2026 10:00" where its time goes'),
    ("## Update", '5: the heading "## Update" has no time'),
])
def test_an_update_heading_with_an_invalid_time_is_an_error(tmp_path, heading, message):
    files = {"news/crash.md": f"Title: Crash\nDate: 2026-05-20\n\nText.\n{heading}\n\nMore.\n"}
    found = problems(tmp_path, files)
    assert len(found) == 1 and found[0].startswith(f"news/crash.md:{message}"), found


def test_two_updates_with_the_same_time_are_an_error(tmp_path):
    text = "Title: Crash\nDate: 2026-05-20\n\n## Update 2026-05-21 10:00\n\nA.\n\n## Update 2026-05-21 10:00\n\nB.\n"
    found = problems(tmp_path, {"news/crash.md": text})
    assert found == ["news/crash.md:8: two updates have the time 2026-05-21 10:00 (line 4 too): give each update its "
                     "own time"]


def test_a_heading_that_starts_with_update_but_has_no_time_is_a_warning(tmp_path):
    found = problems(tmp_path, {"alerts/x.md": "Title: X\nDate: 2026-05-20\nExpires: 2026-06-20\n\n## Update: "
                                               "road open\n\nText.\n"})
    assert len(found) == 1 and found[0].startswith('alerts/x.md:5: warning: the heading "## Update: road open" has no')


def test_ends_before_starts_is_an_error(tmp_path):
    text = "Title: Fair\nDate: 2026-05-01\nStarts: 2026-06-10 10:00\nEnds: 2026-06-10 09:00\nLocation: Park\n\nFun.\n"
    assert problems(tmp_path, {"events/fair.md": text}) == [
        "events/fair.md:4: Ends (2026-06-10 09:00) is before Starts (2026-06-10 10:00): check both dates"]


def test_an_event_may_not_take_the_calendars_name(tmp_path):
    text = "Title: Calendar\nDate: 2026-05-01\nStarts: 2026-06-10 10:00\nLocation: Park\n\nFun.\n"
    found = problems(tmp_path, {"events/calendar.md": text})
    assert len(found) == 1 and found[0].startswith("events/calendar.md:1: /events/calendar.ics is the calendar")


def test_an_unknown_event_status_is_an_error(tmp_path):
    text = "Title: Fair\nDate: 2026-05-01\nStarts: 2026-06-10 10:00\nLocation: Park\nEvent-Status: moved\n\nFun.\n"
    assert problems(tmp_path, {"events/fair.md": text}) == [
        'events/fair.md:5: Event-Status "moved" is not one of: scheduled, cancelled, postponed']


def test_expires_before_date_is_an_error(tmp_path):
    text = "Title: X\nDate: 2026-05-20 10:00\nExpires: 2026-05-19 10:00\n\nText.\n"
    assert problems(tmp_path, {"alerts/x.md": text}) == [
        "alerts/x.md:3: Expires (2026-05-19 10:00) is before Date (2026-05-20 10:00): check both dates"]


def test_a_video_that_is_not_youtube_or_vimeo_is_an_error(tmp_path):
    text = "Title: Crash\nDate: 2026-05-20\nVideo: https://videos.example.com/watch/123\n\nText.\n"
    found = problems(tmp_path, {"news/crash.md": text})
    assert len(found) == 1 and found[0].startswith('news/crash.md:3: Video "https://videos.example.com/watch/123" is '
                                                   "not the address of a YouTube or Vimeo video")


@pytest.mark.parametrize("address, expected", [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&si=abc", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ?si=abc", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("https://vimeo.com/76979871", "https://vimeo.com/76979871"),
    ("https://vimeo.com/76979871/a1b2c3d4e5", "https://vimeo.com/76979871/a1b2c3d4e5"),
    ("https://player.vimeo.com/video/76979871", "https://vimeo.com/76979871"),
    ("https://vimeo.com/channels/staffpicks/76979871", "https://vimeo.com/76979871"),
])
def test_youtube_and_vimeo_addresses_are_accepted_in_their_canonical_form(address, expected):
    assert video_page(address)[0] == expected


@pytest.mark.parametrize("address", [
    "https://www.youtube.com/", "https://www.youtube.com/watch?v=short", "https://www.youtube.com/@millbrookpd",
    "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ", "https://vimeo.com/about", "javascript:alert(1)",
    "https://user@www.youtube.com/watch?v=dQw4w9WgXcQ", "ftp://vimeo.com/76979871", "https://dailymotion.com/x1",
])
def test_other_addresses_are_not_videos(address):
    assert video_page(address) is None


@pytest.mark.build
@pytest.mark.parametrize("folder", ["appeals", "news", "events", "alerts"])
def test_a_new_draft_of_each_newsroom_type_lints_and_builds(tmp_path, folder, monkeypatch):
    content = tmp_path / "content"
    content.mkdir()
    made = run_script("new.py", folder, "A new post", "--content", str(content), "-s", PUBLISHCONF)
    assert made.returncode == 0, made.stderr
    draft = next(content.rglob("*.md"))
    assert "Status: draft" in draft.read_text()
    linted = run_script("lint.py", str(content), "-s", PUBLISHCONF)
    assert linted.returncode == 0, linted.stdout + linted.stderr
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780272000")
    output = build(content, tmp_path / "out")
    assert not (output / folder / "a-new-post").exists()  # a draft is published nowhere
