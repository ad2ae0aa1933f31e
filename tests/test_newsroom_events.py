"""Events (contract section 9): listing order, the page, schema.org Event, and iCalendar files."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from test_newsroom_site import EVENTS, build_newsroom, json_ld, newsroom_site, shared_newsroom

from conftest import SITEURL, page

pytestmark = pytest.mark.build
CHICAGO = ZoneInfo("America/Chicago")
COFFEE_GUID = "tag:police.example.gov,2026:urn:uuid:00000000-0000-4000-8000-000000000006"


@pytest.fixture(scope="session")
def newsroom_output(tmp_path_factory):
    return shared_newsroom(tmp_path_factory)


def calendar(path) -> Calendar:
    return Calendar.from_ical(path.read_bytes())


def events_of(cal: Calendar) -> dict[str, object]:
    return {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}


def test_events_list_upcoming_soonest_first_then_past_newest_first(newsroom_output):
    soup = page(newsroom_output, "/events/")
    sections = soup.select(".ob-listing__section")
    assert [s.get_text(strip=True) for s in sections] == ["Upcoming events", "Past events"]
    upcoming = [a.get_text(strip=True) for a in sections[0].find_next("ul").select(".ob-entry__title")]
    past = [a.get_text(strip=True) for a in sections[1].find_next("ul").select(".ob-entry__title")]
    # the Spanish-only event is listed too (in English listings, marked with its language)
    assert upcoming == ["Safety fair", "Coffee with a cop", "Feria de seguridad", "Bike rodeo", "Town hall"]
    assert past == ["Spring open house", "Winter walk"]
    marked = {e.select_one(".ob-entry__title").get_text(strip=True): e.select_one(".ob-tag").get_text(strip=True)
              for e in soup.select(".ob-entry") if e.select_one(".ob-tag")}
    assert marked == {"Bike rodeo": "Cancelled", "Safety fair": "Postponed"}


def test_the_home_page_shows_the_next_three_upcoming_events(newsroom_output):
    home = page(newsroom_output, "/")
    section = next(s for s in home.select(".ob-home__section") if "ob-home__section--event" in s["class"])
    assert [a.get_text(strip=True) for a in section.select(".ob-entry__title")] == [
        "Safety fair", "Coffee with a cop", "Feria de seguridad"]


def test_an_event_page_shows_day_times_location_status_and_add_to_calendar(newsroom_output):
    soup = page(newsroom_output, "/events/bike-rodeo/")
    when = soup.select_one(".ob-event__when")
    times = [t["datetime"] for t in when.find_all("time")]
    assert times == ["2026-06-20T10:00:00-05:00", "2026-06-20T11:00:00-05:00"]  # one hour without Ends
    assert "Saturday" in when.get_text() and "Millbrook Park" in when.get_text()
    assert "Cancelled" in soup.select_one(".ob-notice--cancelled").get_text()
    add = soup.select_one(".ob-event__calendar a.ob-button")
    assert add["href"] == f"{SITEURL}/events/bike-rodeo.ics" and add["type"] == "text/calendar"
    assert (newsroom_output / "events/bike-rodeo.ics").is_file()
    assert page(newsroom_output, "/events/coffee/").select_one(".ob-notice") is None


def test_a_spanish_event_links_its_calendar_under_es(newsroom_output):
    soup = page(newsroom_output, "/es/events/feria/")
    assert soup.select_one(".ob-event__calendar a.ob-button")["href"] == f"{SITEURL}/es/events/feria.ics"
    assert (newsroom_output / "es/events/feria.ics").is_file()


@pytest.mark.parametrize("slug, status", [("coffee", "EventScheduled"), ("bike-rodeo", "EventCancelled"),
                                          ("safety-fair", "EventPostponed")])
def test_event_structured_data_is_a_schema_org_event_with_its_status(newsroom_output, slug, status):
    data = json_ld(page(newsroom_output, f"/events/{slug}/"))
    assert data["@type"] == "Event"
    assert data["eventStatus"] == f"https://schema.org/{status}"
    assert data["name"] and data["startDate"] and data["endDate"] and data["location"]["@type"] == "Place"


def test_every_calendar_file_parses_and_names_its_timezone(newsroom_output):
    files = sorted(newsroom_output.rglob("*.ics"))
    assert len(files) == len(EVENTS) + 1
    for path in files:
        cal = calendar(path)
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/Chicago"], path
        for event in cal.walk("VEVENT"):
            assert event["DTSTART"].params["TZID"] == "America/Chicago"
            assert event["DTEND"].params["TZID"] == "America/Chicago"
            for key in ("UID", "SUMMARY", "LOCATION", "URL", "STATUS", "DTSTAMP"):
                assert key in event, (path, key)


def test_one_event_calendar_holds_its_event(newsroom_output):
    events = events_of(calendar(newsroom_output / "events/coffee.ics"))
    event = events["Coffee with a cop"]
    assert list(events) == ["Coffee with a cop"]
    assert str(event["UID"]) == COFFEE_GUID
    assert event.decoded("DTSTART") == datetime(2026, 6, 10, 9, 0, tzinfo=CHICAGO)
    assert event.decoded("DTEND") == datetime(2026, 6, 10, 11, 0, tzinfo=CHICAGO)
    assert str(event["LOCATION"]) == "Main Street Café, 12 Main St."
    assert str(event["URL"]) == f"{SITEURL}/events/coffee/"
    assert str(event["STATUS"]) == "CONFIRMED"


def test_the_subscribable_calendar_holds_every_published_event(newsroom_output):
    events = events_of(calendar(newsroom_output / "events/calendar.ics"))
    assert set(events) == {"Coffee with a cop", "Bike rodeo", "Safety fair", "Town hall", "Spring open house",
                           "Winter walk", "Feria de seguridad"}
    assert str(events["Bike rodeo"]["STATUS"]) == "CANCELLED"
    assert events["Town hall"].decoded("DTEND") == datetime(2026, 7, 1, 19, 0, tzinfo=CHICAGO)
    assert len({str(e["UID"]) for e in events.values()}) == len(events)


def test_calendar_files_are_not_sitemap_pages(newsroom_output):
    sitemap = (newsroom_output / "sitemap.xml").read_text()
    assert ".ics" not in sitemap and "cap.xml" not in sitemap and "video." not in sitemap


def test_an_events_uid_stays_when_its_title_slug_and_date_change(tmp_path):
    files = newsroom_site()
    edited = dict(files)
    del edited["events/coffee.md"]
    edited["events/coffee-and-donuts.md"] = files["events/coffee.md"].replace(
        "Coffee with a cop", "Coffee and donuts with a cop").replace("2026-06-10", "2026-06-12")
    before = build_newsroom(tmp_path, "before", files)
    after = build_newsroom(tmp_path, "after", edited)
    old = events_of(calendar(before / "events/coffee.ics"))["Coffee with a cop"]
    new = events_of(calendar(after / "events/coffee-and-donuts.ics"))["Coffee and donuts with a cop"]
    assert str(old["UID"]) == str(new["UID"]) == COFFEE_GUID
    assert not (after / "events/coffee.ics").exists()
