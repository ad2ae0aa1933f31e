"""Types, URLs and typed keys of contract section 2."""

import textwrap

from conftest import ALERT, basic_site, page
from ob_types import typed_values
from ob_types.model import item_url, number_key, parse_date, split_list


def test_each_type_is_published_at_its_contract_url(basic_output):
    for url in (
        "/policies/use-of-force/", "/qa/elm-street/", "/stories/bike-unit/",
        "/alerts/bridge/", "/officers/jane-doe/", "/about/",
    ):
        assert (basic_output / url.strip("/") / "index.html").is_file(), url


def test_slug_key_overrides_the_file_name(site):
    files = basic_site()
    files["alerts/bridge.md"] = "Slug: mill-bridge\n" + textwrap.dedent(ALERT).lstrip()
    output = site(files)
    assert (output / "alerts/mill-bridge/index.html").is_file()
    assert not (output / "alerts/bridge").exists()


def test_keys_are_case_insensitive(site):
    files = basic_site()
    files["policies/use-of-force.md"] = """
        TITLE: Use of Force
        date: 2026-01-10
        NUMBER: 300
        effective: 2026-02-01

        Body.
    """
    output = site(files)
    assert "Policy 300" in page(output, "/policies/use-of-force/").get_text()


def test_spanish_item_lives_under_es_and_links_its_translation(site):
    files = basic_site()
    files["alerts/bridge.es.md"] = """
        Title: Puente cerrado
        Slug: bridge
        Lang: es
        Date: 2026-05-01 08:00
        Expires: 2026-12-31 18:00
        Severity: urgent

        Use el desvío.
    """
    output = site(files)
    spanish = page(output, "/es/alerts/bridge/")
    assert spanish.html["lang"] == "es"
    english = page(output, "/alerts/bridge/")
    hreflangs = {link["hreflang"]: link["href"] for link in english.find_all("link", hreflang=True)}
    assert hreflangs["es"].endswith("/es/alerts/bridge/")
    back = {link["hreflang"]: link["href"] for link in spanish.find_all("link", hreflang=True)}
    assert back["en"].endswith("/alerts/bridge/")
    assert "Saltar al contenido principal" in spanish.get_text()


def test_a_qa_and_a_story_may_share_a_slug(site):
    files = basic_site()
    files["stories/elm-street.md"] = "Title: Elm Street fair\nDate: 2026-04-02\n\nA fair.\n"
    output = site(files)
    assert (output / "qa/elm-street/index.html").is_file()
    assert (output / "stories/elm-street/index.html").is_file()


def test_typed_values_parse_dates_lists_and_defaults():
    values = typed_values(
        {"expires": "2026-12-31 18:00", "officers": "a, b ,", "number": "300.2"}, "alerts", "America/Chicago"
    )
    assert values["expires"].isoformat() == "2026-12-31T18:00:00-06:00"
    assert values["officer_slugs"] == ["a", "b"]
    assert values["severity"] == "info"
    assert values["number_key"] == (300, 2)


def test_policy_numbers_sort_numerically():
    assert sorted(["310", "300.10", "300", "300.2"], key=number_key) == ["300", "300.2", "300.10", "310"]


def test_only_iso_dates_are_accepted():
    assert parse_date("2026-03-04", "UTC").day == 4
    for bad in ("03/04/2026", "2026-13-01", "next tuesday", "2026-02-30"):
        try:
            parse_date(bad, "UTC")
        except ValueError:
            continue
        raise AssertionError(f"{bad} was accepted")


def test_item_urls_follow_the_contract():
    assert item_url("policies", "x", "en") == "policies/x/"
    assert item_url("pages", "about", "en") == "about/"
    assert item_url("qa", "x", "es") == "es/qa/x/"
    assert split_list(["a,", "b"]) == ["a", "b"]
