"""Urgent alerts: a banner on every page until Expires, then archived as expired."""

from datetime import UTC, datetime

from bs4 import BeautifulSoup

from conftest import basic_site, html_pages, page


def banner_links(soup):
    return [a.get_text(strip=True) for a in soup.select(".ob-banner a")]


def test_urgent_alert_banner_is_on_every_page(basic_output):
    pages = html_pages(basic_output)
    assert len(pages) > 10
    for path in pages:
        soup = BeautifulSoup(path.read_text(), "html.parser")
        assert "Bridge closed" in banner_links(soup), path


def test_banner_is_gone_after_expires_and_the_alert_is_marked_expired(site, clock):
    clock(int(datetime(2027, 1, 2, tzinfo=UTC).timestamp()))
    output = site(basic_site())
    assert banner_links(page(output, "/")) == []
    alert = page(output, "/alerts/bridge/")
    assert alert.select_one(".ob-notice--expired") is not None
    archive = page(output, "/alerts/")
    entry = archive.select_one(".ob-entry--alerts")
    assert "Bridge closed" in entry.get_text()
    assert entry.select_one(".ob-tag--expired") is not None


def test_warning_alerts_make_no_banner(site):
    files = basic_site()
    files["alerts/bridge.md"] = files["alerts/bridge.md"].replace("Severity: urgent", "Severity: warning")
    output = site(files)
    assert page(output, "/").select_one(".ob-banner") is None
