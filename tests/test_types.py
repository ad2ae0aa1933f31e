"""The type table (contract sections 2 and 13): built-in types, a department's own, and what each gets."""

import json
import re
import textwrap
from datetime import UTC, datetime
from xml.etree import ElementTree

import feedparser
import pytest
from PIL import Image

from conftest import (
    ALERT,
    EPOCH,
    JOBS_TYPE,
    ROOT,
    SITEURL,
    all_text,
    basic_site,
    html_pages,
    page,
    run_pelican,
    run_script,
    session_build,
    write_files,
)
from openbeat import keys as K
from openbeat.checks import check_folder
from openbeat.config import site_settings
from openbeat.errors import ContentError, SettingError
from openbeat.header import read_post
from openbeat.scaffold import header_lines, starter_text
from openbeat.types import BUILTIN_TYPES, declare_type, type_table
from openbeat.values import number_key, parse_date, split_list, typed_value

NOW = datetime.fromtimestamp(EPOCH, UTC)
# Contract section 2: folder -> required keys besides Title.
CONTRACT_TYPES = {
    "policies": {"date", "number", "effective"},
    "qa": {"date", "question", "asked"},
    "stories": {"date"},
    "alerts": {"date", "expires"},
    "officers": {"rank", "photo", "photo-alt"},
    "data": {"date", "source"},
    "appeals": {"date", "kind", "case"},
    "news": {"date"},
    "events": {"date", "starts", "location"},
    "pages": set(),
}


def table(extra=None):
    return type_table({"CONTENT_TYPES_EXTRA": extra or {}})


# --- the built-in table --------------------------------------------------------------------


def test_builtin_types_are_the_contract_folders_with_their_required_keys():
    types = table()
    assert set(types.folders) == set(CONTRACT_TYPES)
    for folder, required in CONTRACT_TYPES.items():
        assert set(types[folder].required) == required, folder


def test_builtin_optional_keys_include_the_contract_ones():
    optional = {"policies": {"summary", "teaser", "tags", "supersedes", "review-due"},
                "qa": {"asker", "authors", "teaser", "tags", "policies"},
                "stories": {"officers", "image", "image-alt", "teaser", "tags"},
                "alerts": {"severity", "area", "teaser", "tags"},
                "officers": {"unit", "joined", "languages"},
                "news": {"case", "location", "image", "image-alt", "video", "teaser", "tags"},
                "events": {"ends", "event-status", "image", "image-alt", "teaser", "tags"}}
    types = table()
    for folder, keys in optional.items():
        assert keys <= set(types[folder].optional), folder


def test_types_with_feeds_are_the_contract_feed_names():
    assert {t.folder for t in table().in_feeds} == {"policies", "qa", "stories", "alerts", "appeals", "news", "events"}


def test_pages_live_at_the_root_and_are_not_listed():
    pages = table()["pages"]
    assert pages.url == "root" and not pages.listed and not pages.feeds


def test_every_builtin_type_has_an_english_and_a_spanish_name():
    for spec in table():
        assert spec.name and spec.name_es and spec.plural and spec.plural_es, spec.folder


def test_builtin_date_keys_are_dates_and_reference_keys_name_their_type():
    types = table()
    assert {"date", "expires"} <= set(types["alerts"].dates)
    assert {"date", "starts", "ends"} <= set(types["events"].dates)
    assert types["stories"].key("officers").refers_to == "officers"
    assert types["qa"].key("policies").refers_to == "policies"
    assert types["stories"].image_key.name == "Image" and types["officers"].image_key.name == "Photo"


def test_the_builtin_table_entries_are_in_the_form_a_site_writes():
    for folder, entry in BUILTIN_TYPES.items():
        assert declare_type(folder, entry, builtin=True, sorts=("date", "title", "surname", "number", "appeals",
                                                                "events"),
                            behaviours=tuple(entry.get("behaviours", ()))).folder == folder


# --- a department's own type: declaring it ---------------------------------------------------


def test_the_contract_example_type_is_added_after_the_builtin_ones():
    types = table(JOBS_TYPE)
    assert types.folders[-1] == "jobs"
    jobs = types["jobs"]
    assert (jobs.name, jobs.name_es) == ("Job opening", "Empleo")
    assert jobs.required == ("date", "closes")
    assert set(jobs.dates) == {"date", "closes"}
    assert jobs.sort == "date" and jobs.feeds and jobs.listed and not jobs.builtin
    assert jobs.template == "item"


def test_a_builtin_key_named_by_a_site_type_means_the_same_there():
    jobs = table(JOBS_TYPE)["jobs"]
    assert jobs.image_key == K.KEYS["image"]
    assert jobs.key("tags").kind == K.LIST
    assert jobs.key("teaser").kind == K.TEASER


def test_a_site_key_listed_under_dates_is_a_date_and_others_are_text():
    jobs = table(JOBS_TYPE)["jobs"]
    assert jobs.key("closes").kind == K.DATE
    assert jobs.key("salary").kind == K.TEXT
    assert typed_value(jobs.key("closes"), "2026-06-30", "UTC") == datetime(2026, 6, 30, tzinfo=parse_date(
        "2026-06-30", "UTC").tzinfo)


def test_only_a_name_is_required_and_a_type_without_date_sorts_by_title():
    spec = table({"units": {"name": "Unit"}})["units"]
    assert spec.required == () and spec.sort == "title" and spec.plural == "Unit" and spec.name_es == "Unit"


@pytest.mark.parametrize(
    "extra, message",
    [
        (["jobs"], "CONTENT_TYPES_EXTRA must be a dict of folder name to type, see contract section 13"),
        ({"jobs": {}}, "CONTENT_TYPES_EXTRA['jobs'] needs at least a \"name\", like {\"name\": \"Job opening\"}"),
        ({"Jobs": {"name": "Job"}}, "CONTENT_TYPES_EXTRA['Jobs']: the folder name must be lower-case letters, digits "
                                    "and hyphens"),
        ({"images": {"name": "Image"}}, "CONTENT_TYPES_EXTRA['images']: the folder name must be lower-case letters, "
                                        "digits and hyphens, and not one of"),
        ({"policies": {"name": "Rule"}}, "CONTENT_TYPES_EXTRA declares policies, a built-in type: choose another "
                                         "folder"),
        ({"jobs": {"name": "Job", "colour": "red"}}, "CONTENT_TYPES_EXTRA['jobs'] has 'colour', which is not a field "
                                                     "of a type: use name, name_es, required"),
        ({"jobs": {"name": "Job", "required": "Date"}}, "CONTENT_TYPES_EXTRA['jobs']['required'] must be a list of key "
                                                        "names, like [\"Date\"]"),
        ({"jobs": {"name": "Job", "sort": "salary"}}, "CONTENT_TYPES_EXTRA['jobs']['sort'] is 'salary': use one of "
                                                      "date, title, surname, number"),
        ({"jobs": {"name": "Job", "template": "../base"}}, "CONTENT_TYPES_EXTRA['jobs']['template'] is '../base': give "
                                                           "a template name such as \"item\", not a path"),
        ({"jobs": {"name": "Job", "behaviours": ["magic"]}}, "CONTENT_TYPES_EXTRA['jobs']['behaviours'] names magic: "
                                                             "use some of history, answers"),
        ({"jobs": {"name": "Job", "feeds": "yes"}}, "CONTENT_TYPES_EXTRA['jobs']['feeds'] must be True or False"),
        ({"jobs": {"name": "Job", "home": -1}}, "CONTENT_TYPES_EXTRA['jobs']['home'] must be a whole number, 0 or "
                                                "more"),
        ({"jobs": {"name": "Job", "url": "elsewhere"}}, "CONTENT_TYPES_EXTRA['jobs']['url'] must be \"type\" or "
                                                        "\"root\""),
    ],
    ids=["not-a-dict", "no-name", "upper-case", "reserved", "builtin", "unknown-field", "required-text", "sort",
         "template-path", "behaviour", "feeds-flag", "home", "url"],
)
def test_a_bad_type_declaration_says_what_to_fix(extra, message):
    with pytest.raises(SettingError) as raised:
        table(extra)
    assert str(raised.value).startswith(message)


# --- values of typed keys ----------------------------------------------------------------------


def test_dates_are_iso_in_the_site_timezone():
    assert parse_date("2026-03-04", "America/Chicago").isoformat() == "2026-03-04T00:00:00-06:00"
    assert parse_date("2026-12-31 18:00", "America/Chicago").isoformat() == "2026-12-31T18:00:00-06:00"


@pytest.mark.parametrize("bad, message", [
    ("03/04/2026", "is not a date: write it as YYYY-MM-DD or YYYY-MM-DD HH:MM"),
    ("2026-13-01", "has no month 13: months go from 01 to 12"),
    ("2026-02-30", "is not a real day: February 2026 has 28 days"),
    ("2026-02-01 25:00", "is not a real time"),
    ("next tuesday", "is not a date"),
])
def test_a_date_that_does_not_read_says_how_to_write_it(bad, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_date(bad, "UTC")


def test_policy_numbers_sort_numerically():
    assert sorted(["310", "300.10", "300", "300.2", "45"], key=number_key) == ["45", "300", "300.2", "300.10", "310"]


def test_lists_are_split_on_commas_and_stripped():
    assert split_list("a, b ,, c") == ("a", "b", "c")


def test_choice_keys_read_case_insensitively_and_refuse_other_values():
    severity = K.KEYS["severity"]
    assert typed_value(severity, "Urgent", "UTC") == "urgent"
    with pytest.raises(ValueError, match="is not one of: info, warning, urgent"):
        typed_value(severity, "severe", "UTC")


# --- contract section 13, end to end: a site with the `jobs` type ----------------------------


def test_a_site_type_gets_pages_at_its_url_from_the_generic_template(jobs_output):
    soup = page(jobs_output, "/jobs/dispatcher/")
    article = soup.select_one("article.ob-item")
    assert "ob-item--item" in article["class"]
    assert soup.h1.get_text(strip=True) == "Dispatcher"
    fields = {dt.get_text(strip=True): dd.get_text(strip=True) for dt, dd in
              zip(article.select("dl.ob-meta dt"), article.select("dl.ob-meta dd"), strict=True)}
    assert fields["Salary"] == "$52,000 a year"
    assert fields["Closes"] == "June 30, 2026"
    assert article.select_one("dl.ob-meta time[datetime='2026-06-30']")


def test_a_site_type_gets_an_index_newest_first(jobs_output):
    soup = page(jobs_output, "/jobs/")
    assert [a.get_text(strip=True) for a in soup.select(".ob-entry__title a")] == ["Dispatcher", "Crossing guard"]
    assert [li["class"] for li in soup.select("li.ob-entry")][0] == ["ob-entry", "ob-entry--item"]


def test_every_page_links_the_site_type_in_its_navigation(jobs_output):
    for path in html_pages(jobs_output):
        soup = page(jobs_output, path.relative_to(jobs_output).as_posix())
        nav = soup.find("nav", class_="ob-nav")
        links = {a.get_text(strip=True): a["href"] for a in nav.find_all("a")}
        expected = f"{SITEURL}/es/jobs/" if soup.html["lang"] == "es" else f"{SITEURL}/jobs/"
        name = "Empleo" if soup.html["lang"] == "es" else "Job opening"
        assert links.get(name) == expected, path


def test_a_site_type_translation_uses_its_spanish_name(jobs_output):
    soup = page(jobs_output, "/es/jobs/dispatcher/")
    assert soup.html["lang"] == "es"
    hreflang = {link["hreflang"]: link["href"] for link in soup.find_all("link", hreflang=True)}
    assert hreflang["en"] == f"{SITEURL}/jobs/dispatcher/"
    card = soup.find("meta", property="og:image:alt")["content"]
    assert card.startswith("Empleo: Despachador.")


def test_a_site_type_holds_back_drafts_and_future_posts(jobs_output):
    text = all_text(jobs_output)
    assert "DRAFT-JOB-TITLE" not in text and "FUTURE-JOB-TITLE" not in text
    assert not (jobs_output / "jobs/draft-job").exists() and not (jobs_output / "jobs/future-job").exists()


def test_a_site_type_gets_a_share_card(jobs_output):
    soup = page(jobs_output, "/jobs/dispatcher/")
    meta = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert meta["og:image:alt"] == "Job opening: Dispatcher. Millbrook Police Department"
    card = jobs_output / meta["og:image"].removeprefix(SITEURL + "/")
    with Image.open(card) as image:
        assert image.size == (1200, 630) and image.format == "JPEG"


def test_a_site_type_gets_structured_data(jobs_output):
    soup = page(jobs_output, "/jobs/dispatcher/")
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "Article"
    assert data["headline"] == "Dispatcher"
    assert data["url"] == f"{SITEURL}/jobs/dispatcher/"
    assert data["datePublished"].startswith("2026-05-02")


def test_a_site_type_gets_its_own_feeds_and_is_in_the_all_and_social_feeds(jobs_output):
    for name in ("jobs.atom.xml", "jobs.rss.xml"):
        feed = feedparser.parse(str(jobs_output / "feeds" / name))
        assert not feed.bozo, feed.get("bozo_exception")
        assert [e.title for e in feed.entries] == ["Despachador", "Dispatcher", "Crossing guard"], name
    for name in ("all.atom.xml", "all.rss.xml", "social.rss.xml"):
        titles = [e.title for e in feedparser.parse(str(jobs_output / "feeds" / name)).entries]
        assert "Dispatcher" in titles and "Crossing guard" in titles, name


def test_a_site_type_is_in_the_sitemap(jobs_output):
    tree = ElementTree.parse(jobs_output / "sitemap.xml")
    urls = {loc.text for loc in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {f"{SITEURL}/jobs/", f"{SITEURL}/jobs/dispatcher/", f"{SITEURL}/jobs/crossing-guard/",
            f"{SITEURL}/es/jobs/dispatcher/"} <= urls
    assert not any("draft-job" in u or "future-job" in u for u in urls)


def test_a_site_type_is_on_the_follow_page(jobs_output):
    hrefs = [a["href"] for a in page(jobs_output, "/follow/").select("main a")]
    assert f"{SITEURL}/feeds/jobs.atom.xml" in hrefs and f"{SITEURL}/feeds/jobs.rss.xml" in hrefs


JOB_SETTINGS = {"CONTENT_TYPES_EXTRA": JOBS_TYPE}


def job_problems(tmp_path, text, name="jobs/clerk.md"):
    settings = site_settings(str(ROOT / "publishconf.py"), **JOB_SETTINGS)
    write_files(tmp_path, {**basic_site(), name: text})
    return [str(p) for p in check_folder(str(tmp_path), settings, NOW)]


def test_lint_checks_a_site_type_required_keys_with_file_and_line(tmp_path):
    problems = job_problems(tmp_path, "Title: Clerk\nDate: 2026-05-01\n\nFile records.\n")
    assert problems == ["jobs/clerk.md:1: Closes is missing: add Closes: ..."]


def test_lint_checks_a_site_type_dates_with_file_and_line(tmp_path):
    problems = job_problems(tmp_path, "Title: Clerk\nDate: 2026-05-01\nCloses: end of June\n\nFile records.\n")
    assert problems == ['jobs/clerk.md:3: Closes "end of June" is not a date: write it as YYYY-MM-DD or '
                        'YYYY-MM-DD HH:MM, like 2026-03-04 14:30']


def test_lint_checks_a_site_type_image_like_a_builtin_one(tmp_path):
    problems = job_problems(tmp_path, "Title: Clerk\nDate: 2026-05-01\nCloses: 2026-06-01\nImage: images/bike.png\n\n"
                                      "File records.\n")
    assert problems == ["jobs/clerk.md:4: Image-Alt is missing: describe the photo for people who cannot see it"]


def settings_file(tmp_path):
    """A department's settings file outside the project: pelicanconf.py plus its own type."""
    path = tmp_path / "department.py"
    path.write_text(textwrap.dedent(f"""
        import os
        import sys

        sys.path.insert(0, {str(ROOT)!r})
        from publishconf import *  # noqa: F403

        THEME = os.path.join({str(ROOT)!r}, "theme")
        PLUGIN_PATHS = [os.path.join({str(ROOT)!r}, "plugins")]
        CONTENT_TYPES_EXTRA = {JOBS_TYPE!r}
    """))
    return str(path)


@pytest.mark.build
def test_new_starts_a_site_type_draft_that_lints_and_builds(tmp_path):
    settings = settings_file(tmp_path)
    content = write_files(tmp_path / "content", basic_site())
    made = run_script("new.py", "jobs", "Records clerk", "--content", str(content), "-s", settings)
    assert made.returncode == 0, made.stderr
    post = read_post((content / "jobs/records-clerk.md").read_text())
    assert post.get("status") == "draft" and post.get("title") == "Records clerk"
    assert parse_date(post.get("closes"), "UTC") and post.get("id").startswith("urn:uuid:")
    lint = run_script("lint.py", str(content), "-s", settings)
    assert lint.returncode == 0, lint.stdout + lint.stderr
    built = run_pelican(content, tmp_path / "out", settings=settings)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out/jobs/index.html").is_file()
    assert not (tmp_path / "out/jobs/records-clerk").exists()


def test_the_build_fails_on_a_site_type_error_naming_the_file(site, capsys):
    files = {**basic_site(), "jobs/clerk.md": "Title: Clerk\nDate: 2026-05-01\nCloses: soon\n\nText.\n"}
    with pytest.raises(ContentError):
        site(files, CONTENT_TYPES_EXTRA=JOBS_TYPE)
    assert 'jobs/clerk.md:3: Closes "soon" is not a date' in capsys.readouterr().err


@pytest.mark.build
def test_a_bad_site_type_stops_lint_naming_the_setting(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text(f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom publishconf import *  # noqa: F403\n"
                    "CONTENT_TYPES_EXTRA = {'jobs': {'name': 'Job', 'sort': 'salary'}}\n")
    result = run_script("lint.py", str(write_files(tmp_path / "content", basic_site())), "-s", str(path))
    assert result.returncode == 2
    assert "CONTENT_TYPES_EXTRA['jobs']['sort'] is 'salary'" in result.stderr


# --- built-in types at their URLs ----------------------------------------------------------------


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    """The basic site with a Slug key, keys in odd cases, and a story sharing the answer's slug."""
    files = basic_site()
    files["alerts/bridge.md"] = "Slug: mill-bridge\n" + textwrap.dedent(ALERT).lstrip()
    files["policies/use-of-force.md"] = ("TITLE: Use of Force\ndate: 2026-01-10\nNUMBER: 300\neffective: 2026-02-01\n"
                                         "\nBody.\n")
    files["stories/elm-street.md"] = "Title: Elm Street fair\nDate: 2026-04-02\n\nA fair.\n"
    return session_build(tmp_path_factory, "variants", files, SEARCH=False)


def test_slug_key_overrides_the_file_name(variants):
    assert (variants / "alerts/mill-bridge/index.html").is_file()
    assert not (variants / "alerts/bridge").exists()


def test_keys_are_case_insensitive(variants):
    assert "Policy 300" in page(variants, "/policies/use-of-force/").get_text()


def test_two_types_may_share_a_slug(variants):
    assert (variants / "qa/elm-street/index.html").is_file() and (variants / "stories/elm-street/index.html").is_file()


# --- what scripts/new.py starts a post with (openbeat.scaffold) ---------------------------------------


def test_the_starter_names_every_key_of_its_type_in_order():
    spec = table()["events"]
    names = [name for name, _ in header_lines(spec, "Fair", datetime(2026, 6, 1, tzinfo=UTC), "urn:uuid:x")]
    assert names == ["Title", "Id"] + [key.name for key in spec.keys] + ["Status"]


def test_the_starter_fills_in_today_and_marks_what_to_write():
    text = starter_text(table()["policies"], "Use of Force", datetime(2026, 6, 1, tzinfo=UTC), "urn:uuid:x")
    post = read_post(text)
    assert post.get("date") == "2026-06-01" and post.get("effective") == "2026-06-01"
    assert post.get("number").startswith("TODO") and "TODO" in post.body
