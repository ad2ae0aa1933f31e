"""Alerts in the Common Alerting Protocol (contract section 10): every cap.xml valid against the OASIS schema."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import feedparser
import pytest
from lxml import etree
from test_newsroom_site import CAP_NS, build_newsroom, cap_schema, newsroom_site, shared_newsroom

from conftest import SITEURL, page
from openbeat.cap import cap_time, safe

ALERT_ID = "urn:uuid:00000000-0000-4000-8000-000000000005"
CAP_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$")


@pytest.fixture(scope="session")
def newsroom_output(tmp_path_factory):
    return shared_newsroom(tmp_path_factory)


def message(path) -> etree._Element:
    return etree.parse(str(path)).getroot()


def text(root: etree._Element, path: str) -> str:
    return root.findtext(path, namespaces=CAP_NS)


# --- fast: the pieces -----------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (datetime(2026, 11, 16, 7, 0, 0, 123456, tzinfo=ZoneInfo("America/Chicago")), "2026-11-16T07:00:00-06:00"),
    (datetime(2026, 6, 1, 7, 30, tzinfo=ZoneInfo("America/Chicago")), "2026-06-01T07:30:00-05:00"),
    (datetime(2026, 6, 1, 12, 0, tzinfo=UTC), "2026-06-01T12:00:00-00:00"),
    (datetime(2026, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))), "2026-06-01T12:00:00+05:30"),
])
def test_cap_times_have_seconds_an_offset_no_z_and_no_fraction(value, expected):
    assert cap_time(value) == expected


def test_cap_identifiers_lose_the_characters_cap_forbids():
    assert safe("alerts/bridge closed, <north> & south.md") == "alerts/bridge_closed___north>___south.md"


# --- a build ---------------------------------------------------------------------------------------

@pytest.mark.build
def test_every_cap_message_is_valid_against_the_oasis_schema(newsroom_output):
    schema = cap_schema()
    files = sorted(newsroom_output.rglob("cap.xml"), key=lambda p: str(p.relative_to(newsroom_output)))
    assert [str(p.relative_to(newsroom_output)) for p in files] == [
        "alerts/bridge-closed/cap.xml", "alerts/bridge/cap.xml", "alerts/scam/cap.xml", "es/alerts/bridge-closed/cap.xml"]
    for path in files:
        document = etree.parse(str(path))
        assert schema.validate(document), (path, schema.error_log)


@pytest.mark.build
def test_an_expired_alert_has_no_cap_message_and_its_page_no_link(newsroom_output):
    assert not (newsroom_output / "alerts/halloween/cap.xml").exists()
    assert page(newsroom_output, "/alerts/halloween/").select_one(".ob-cap-link") is None
    link = page(newsroom_output, "/alerts/scam/").select_one(".ob-cap-link a")
    assert link["href"] == f"{SITEURL}/alerts/scam/cap.xml" and link["type"] == "application/cap+xml"


@pytest.mark.build
def test_a_first_message_is_an_alert_from_the_items_id(newsroom_output):
    root = message(newsroom_output / "alerts/scam/cap.xml")
    assert text(root, "cap:identifier") == "alerts/scam.md"  # no Id: the source path
    assert text(root, "cap:sender") == "police.example.gov"
    assert text(root, "cap:sent") == "2026-05-10T10:00:00-05:00"
    assert (text(root, "cap:status"), text(root, "cap:msgType"), text(root, "cap:scope")) == ("Actual", "Alert", "Public")
    assert root.find("cap:references", CAP_NS) is None
    info = root.find("cap:info", CAP_NS)
    assert [text(info, f"cap:{k}") for k in ("urgency", "severity", "certainty")] == ["Expected", "Moderate", "Likely"]
    assert text(info, "cap:areaDesc") is None and text(info, "cap:area/cap:areaDesc") == "Millbrook Police Department"
    assert text(info, "cap:expires") == "2026-09-01T00:00:00-05:00"
    assert text(info, "cap:web") == f"{SITEURL}/alerts/scam/"
    assert text(info, "cap:description") == "Hang up on callers who ask for gift cards."


@pytest.mark.build
def test_an_alert_with_updates_is_an_update_message_referencing_the_previous_one(newsroom_output):
    root = message(newsroom_output / "alerts/bridge-closed/cap.xml")
    assert text(root, "cap:identifier") == f"{ALERT_ID}#update-202605031030"
    assert text(root, "cap:sent") == "2026-05-03T10:30:00-05:00"
    assert text(root, "cap:msgType") == "Update"
    assert text(root, "cap:references") == f"police.example.gov,{ALERT_ID}#update-202605020900,2026-05-02T09:00:00-05:00"
    info = root.find("cap:info", CAP_NS)
    assert (text(info, "cap:language"), text(info, "cap:category")) == ("en", "Safety")
    assert text(info, "cap:event") == text(info, "cap:headline") == "Bridge closed, use the detour"
    assert [text(info, f"cap:{k}") for k in ("urgency", "severity", "certainty")] == ["Immediate", "Severe", "Observed"]
    assert text(info, "cap:area/cap:areaDesc") == "Mill River Bridge & Main Street"
    description = text(info, "cap:description")
    assert "The bridge stays closed until December." in description and "Use the detour on Route 9." in description
    assert "FUTURE" not in description and "<" not in description


@pytest.mark.build
def test_cap_identifiers_and_times_have_the_form_cap_requires(newsroom_output):
    for path in newsroom_output.rglob("cap.xml"):
        root = message(path)
        assert not re.search(r"[\s,<&]", text(root, "cap:identifier"))
        for node in root.iter("{urn:oasis:names:tc:emergency:cap:1.2}sent", "{urn:oasis:names:tc:emergency:cap:1.2}expires"):
            assert CAP_TIME.match(node.text), node.text


@pytest.mark.build
def test_a_spanish_alert_is_a_message_in_spanish(newsroom_output):
    root = message(newsroom_output / "es/alerts/bridge-closed/cap.xml")
    assert text(root, "cap:info/cap:language") == "es"
    assert text(root, "cap:info/cap:web") == f"{SITEURL}/es/alerts/bridge-closed/"
    assert text(root, "cap:info/cap:description").startswith("Actualización 2026-05-02 09:00: Los autobuses")


@pytest.mark.build
def test_the_cap_atom_feed_links_each_current_alerts_message(newsroom_output):
    feed = feedparser.parse((newsroom_output / "feeds/alerts.cap.atom.xml").read_bytes())
    assert not feed.bozo
    links = sorted(link.href for e in feed.entries for link in e.links if link.type == "application/cap+xml")
    assert links == [f"{SITEURL}/alerts/bridge-closed/cap.xml", f"{SITEURL}/alerts/bridge/cap.xml",
                     f"{SITEURL}/alerts/scam/cap.xml", f"{SITEURL}/es/alerts/bridge-closed/cap.xml"]
    assert all(link.rel == "alternate" for e in feed.entries for link in e.links if link.type == "application/cap+xml")
    assert "halloween" not in (newsroom_output / "feeds/alerts.cap.atom.xml").read_text()
    follow = page(newsroom_output, "/follow/")
    assert follow.find("a", href=f"{SITEURL}/feeds/alerts.cap.atom.xml") is not None


@pytest.mark.build
def test_cap_sender_and_area_come_from_the_settings(tmp_path):
    output = build_newsroom(tmp_path, files=newsroom_site(), CAP_SENDER="pd.millbrook.gov", CAP_AREA="City of Millbrook")
    root = message(output / "alerts/scam/cap.xml")
    assert text(root, "cap:sender") == "pd.millbrook.gov"
    assert text(root, "cap:info/cap:area/cap:areaDesc") == "City of Millbrook"
    area = message(output / "alerts/bridge-closed/cap.xml")
    assert text(area, "cap:info/cap:area/cap:areaDesc") == "Mill River Bridge & Main Street"  # Area comes first
    assert cap_schema().validate(etree.parse(str(output / "alerts/scam/cap.xml")))
