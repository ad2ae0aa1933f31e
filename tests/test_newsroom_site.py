"""The newsroom site (contract sections 7-10), built once and shared by tests/test_newsroom_*.py, and the
tests about it as a whole: nothing of a resolved appeal or a future update anywhere, reproducible files.

Every marker word in capitals (RESOLVED-..., FUTURE-...) is text that must not be published.
The build clock is conftest.EPOCH: 2026-05-31 19:00 in America/Chicago.
"""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from PIL import Image

from conftest import EVENT_CANCELLED, ROOT, basic_site, build, build_clock, image_bytes, write_files

pytestmark = pytest.mark.build
XSD = ROOT / "tests" / "cap" / "CAP-v1.2.xsd"
CAP_NS = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
MAGENTA = (255, 0, 255)  # the resolved appeal's photo, and nothing else, is this colour
LIME = (0, 255, 0)  # the image only the resolved appeal's body shows


def jpeg(size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    return image_bytes(size, "JPEG", colour)


APPEAL_OPEN = """
    Title: Help us find Sam Lee
    Id: urn:uuid:00000000-0000-4000-8000-000000000001
    Date: 2026-05-25 10:00
    Kind: missing
    Case: 26-004600
    Last-Seen: Near the library, May 24
    Image: images/sam.jpg
    Image-Alt: Sam Lee in a blue coat
    Tip-Phone: 555-0199
    Tip-Url: https://tips.example.org/millbrook

    Sam is 14 and was last seen near the library.

    ## Update 2026-05-26 08:15

    Sam may be travelling by bus.

    ## Update 2026-05-30 17:40

    A driver saw Sam on Route 5.

    ## Update 2026-06-02 12:00

    FUTURE-APPEAL-UPDATE not yet.
"""
APPEAL_OPEN_ES = """
    Title: Ayúdenos a encontrar a Sam Lee
    Id: urn:uuid:00000000-0000-4000-8000-000000000002
    Slug: sam-lee
    Lang: es
    Date: 2026-05-25 10:00
    Kind: missing
    Case: 26-004600
    Image: images/sam.jpg
    Image-Alt: Sam Lee con un abrigo azul
    Tip-Phone: 555-0199

    Sam tiene 14 años.

    ## Actualización 2026-05-26 08:15

    Sam podría viajar en autobús.
"""
APPEAL_WANTED = """
    Title: Wanted for bank robbery
    Date: 2026-05-28 09:00
    Kind: wanted
    Case: 26-004700

    A man robbed the Main Street bank.
"""
APPEAL_RESOLVED = """
    Title: Driver identified
    Id: urn:uuid:00000000-0000-4000-8000-000000000003
    Date: 2026-04-10
    Kind: identify
    Case: 26-003100
    Image: images/resolved-only.jpg
    Image-Alt: RESOLVED-ALT-TEXT of the driver
    Teaser: RESOLVED-TEASER-TEXT for social media
    Last-Seen: RESOLVED-LAST-SEEN at the mall
    Tags: RESOLVED-TAG-NAME
    Tip-Url: https://RESOLVED-TIP-URL.example.org/
    Resolved: 2026-05-02
    Outcome: Identified, thank you

    RESOLVED-BODY-TEXT about the driver in the white van.

    ![RESOLVED-BODY-ALT map](../images/resolved-body.png)

    ## Update 2026-04-12 10:00

    RESOLVED-UPDATE-TEXT the van was seen again.
"""
APPEAL_RESOLVED_OLDER = """
    Title: Missing hiker found
    Date: 2026-03-01
    Kind: missing
    Case: 26-002000
    Resolved: 2026-03-02 09:30
    Outcome: Found safe

    The hiker is home.
"""
NEWS = """
    Title: Water main break on Oak Street
    Id: urn:uuid:00000000-0000-4000-8000-000000000004
    Date: 2026-05-20 07:00
    Case: 26-004512
    Location: Oak Street and 3rd Avenue
    Video: https://youtu.be/dQw4w9WgXcQ?si=tracking
    Tags: traffic

    Crews are working on Oak Street.

    ## Update 2026-05-20 11:30

    Oak Street is open again.

    ## Update 2026-07-01 09:00

    FUTURE-NEWS-UPDATE is not published yet.
"""
ALERT = """
    Title: Bridge closed, use the detour
    Id: urn:uuid:00000000-0000-4000-8000-000000000005
    Date: 2026-05-01 08:00
    Expires: 2026-12-31 18:00
    Severity: urgent
    Area: Mill River Bridge & Main Street

    Use the detour on Route 9.

    ## Update 2026-05-02 09:00

    Buses use the detour.

    ## Update 2026-05-03 10:30

    The bridge stays closed until December.

    ## Update 2026-06-10 10:30

    FUTURE-ALERT-UPDATE the bridge reopens.
"""
ALERT_ES = """
    Title: Puente cerrado
    Slug: bridge-closed
    Lang: es
    Date: 2026-05-01 08:00
    Expires: 2026-12-31 18:00
    Severity: urgent

    Use el desvío.

    ## Actualización 2026-05-02 09:00

    Los autobuses usan el desvío.
"""
ALERT_WARNING = """
    Title: Phone scam
    Date: 2026-05-10 10:00
    Expires: 2026-09-01 00:00
    Severity: warning

    Hang up on callers who ask for gift cards.
"""
ALERT_EXPIRED = """
    Title: Halloween street closures
    Date: 2025-10-24 09:00
    Expires: 2025-11-01 06:00
    Severity: info

    Elm Street closed for trick-or-treat.
"""
EVENTS = {
    "events/coffee.md": """
        Title: Coffee with a cop
        Id: urn:uuid:00000000-0000-4000-8000-000000000006
        Date: 2026-05-15
        Starts: 2026-06-10 09:00
        Ends: 2026-06-10 11:00
        Location: Main Street Café, 12 Main St.

        Meet your officers.
    """,
    "events/bike-rodeo.md": EVENT_CANCELLED,
    "events/safety-fair.md": """
        Title: Safety fair
        Date: 2026-05-17
        Starts: 2026-06-05 13:00
        Ends: 2026-06-06 17:00
        Location: Community Center
        Event-Status: postponed

        A new date is coming.
    """,
    "events/town-hall.md": """
        Title: Town hall
        Date: 2026-05-18
        Starts: 2026-07-01 18:00
        Location: City Hall

        Talk to the chief.
    """,
    "events/open-house.md": """
        Title: Spring open house
        Date: 2026-03-01
        Starts: 2026-04-01 17:00
        Location: Police headquarters

        Tour the station.
    """,
    "events/winter-walk.md": """
        Title: Winter walk
        Date: 2026-01-01
        Starts: 2026-01-20 10:00
        Location: Riverside

        A walk.
    """,
    "events/feria.es.md": """
        Title: Feria de seguridad
        Lang: es
        Date: 2026-05-20
        Starts: 2026-06-15 10:00
        Location: Parque Millbrook

        Una feria.
    """,
}


def newsroom_site() -> dict[str, str | bytes]:
    """The basic site plus every newsroom type, each case the contract names."""
    files = basic_site()
    files.update({
        "appeals/sam-lee.md": APPEAL_OPEN,
        "appeals/sam-lee.es.md": APPEAL_OPEN_ES,
        "appeals/bank-robbery.md": APPEAL_WANTED,
        "appeals/driver.md": APPEAL_RESOLVED,
        "appeals/hiker.md": APPEAL_RESOLVED_OLDER,
        "news/oak-street.md": NEWS,
        "alerts/bridge-closed.md": ALERT,
        "alerts/bridge-closed.es.md": ALERT_ES,
        "alerts/scam.md": ALERT_WARNING,
        "alerts/halloween.md": ALERT_EXPIRED,
        "images/sam.jpg": jpeg((600, 900), (30, 90, 40)),
        "images/resolved-only.jpg": jpeg((640, 480), MAGENTA),
        "images/resolved-body.png": image_bytes((300, 200), "PNG", LIME),
        **EVENTS,
    })
    return files


def cap_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def json_ld(soup: BeautifulSoup) -> dict:
    return json.loads(soup.find("script", type="application/ld+json").string)


def image_files(output: Path) -> list[Path]:
    return [p for p in sorted(output.rglob("*")) if p.suffix.lower() in (".jpg", ".jpeg", ".png", ".webp", ".gif", ".ico")]


def has_colour(data: bytes, colour: tuple[int, int, int], tolerance: int = 40, share: float = 0.02) -> bool:
    """Does the image show the colour on more than `share` of its pixels (so it was made from such an image)?"""
    with Image.open(io.BytesIO(data)) as image:
        small = image.convert("RGB").resize((64, 64))
    raw = small.tobytes()
    pixels = [raw[i:i + 3] for i in range(0, len(raw), 3)]
    close = sum(1 for p in pixels if all(abs(a - b) <= tolerance for a, b in zip(p, colour, strict=True)))
    return close > share * len(pixels)


def readable_text(output: Path) -> str:
    """Every file of output as text, gzip files (the search index's fragments) decompressed first."""
    parts = []
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        parts.append(data.decode("utf-8", "replace"))
    return "\n".join(parts)


def files_named(output: Path, part: str) -> list[str]:
    return [os.path.relpath(p, output) for p in output.rglob("*") if part in p.name]


def build_newsroom(root: Path, name: str = "out", files: dict[str, str | bytes] | None = None, **settings) -> Path:
    content = write_files(root / f"content-{name}", files or newsroom_site())
    with build_clock():
        return build(content, root / name, **settings)


_BUILT: dict[str, Path] = {}


def shared_newsroom(tmp_path_factory) -> Path:
    """The newsroom site, built once per session for every module that reads it (TIP_PHONE is the setting's
    555-0123; no CAP settings). Each module's `newsroom_output` fixture returns it."""
    if "out" not in _BUILT:
        _BUILT["out"] = build_newsroom(tmp_path_factory.mktemp("newsroom"), TIP_PHONE="555-0123")
    return _BUILT["out"]


@pytest.fixture(scope="session")
def newsroom_output(tmp_path_factory) -> Path:
    return shared_newsroom(tmp_path_factory)


# --- the site as a whole ------------------------------------------------------------------------

RESOLVED_WORDS = ("RESOLVED-BODY-TEXT", "white van", "RESOLVED-ALT-TEXT", "RESOLVED-TEASER-TEXT", "RESOLVED-LAST-SEEN",
                  "RESOLVED-BODY-ALT", "RESOLVED-UPDATE-TEXT", "the van was seen again", "RESOLVED-TAG-NAME",
                  "RESOLVED-TIP-URL")


def test_a_resolved_appeal_leaves_no_sentence_of_its_body_in_any_file(newsroom_output):
    everything = readable_text(newsroom_output)  # pages, feeds, structured data, the search index, images
    for words in RESOLVED_WORDS:
        assert words not in everything, words
    assert "Identified, thank you" in everything  # the outcome is published
    if (newsroom_output / "pagefind").is_dir():
        assert "pagefind_dcd" in everything and "Sam is 14" in everything  # the search index was read


def test_a_resolved_appeal_leaves_no_image_made_from_its_photo_or_body_images(newsroom_output):
    assert any(has_colour(p.read_bytes(), (30, 90, 40)) for p in image_files(newsroom_output))  # the check sees
    assert files_named(newsroom_output, "resolved-only") == []
    assert files_named(newsroom_output, "resolved-body") == []
    for path in image_files(newsroom_output):
        data = path.read_bytes()
        assert not has_colour(data, MAGENTA), path  # no copy, crop or card of the photo
        assert not has_colour(data, LIME), path


def test_the_resolved_appeals_card_is_drawn_without_the_photo(newsroom_output):
    soup = BeautifulSoup((newsroom_output / "appeals/driver/index.html").read_text(), "html.parser")
    card = soup.find("meta", property="og:image")["content"].removeprefix("https://police.example.gov/")
    assert (newsroom_output / card).is_file()
    assert not has_colour((newsroom_output / card).read_bytes(), MAGENTA)


def test_future_updates_leave_no_trace_in_any_file(newsroom_output):
    everything = readable_text(newsroom_output)
    for words in ("FUTURE-APPEAL-UPDATE", "FUTURE-NEWS-UPDATE", "FUTURE-ALERT-UPDATE", "202606021200", "202607010900",
                  "202606101030"):
        assert words not in everything, words


def test_the_same_content_and_clock_make_byte_identical_newsroom_files(newsroom_output, tmp_path):
    again = build_newsroom(tmp_path, "again", TIP_PHONE="555-0123")
    paths = [p.relative_to(newsroom_output) for p in newsroom_output.rglob("*")
             if p.is_file() and (p.suffix in (".ics", ".xml") or p.name.startswith("video."))]
    assert any(p.suffix == ".ics" for p in paths) and any(p.name == "cap.xml" for p in paths)
    for relative in paths:
        assert (again / relative).read_bytes() == (newsroom_output / relative).read_bytes(), relative
