"""The content rule set (contract section 6): openbeat.checks.check_folder, which lint and the build share."""

from datetime import UTC, datetime

import pytest

from conftest import (
    EPOCH,
    PUBLISHCONF,
    basic_site,
    build,
    build_clock,
    copy_of_basic,
    png_header,
    run_main,
    run_pelican,
    run_script,
    tree,
    write_files,
)
from openbeat.checks import check_folder, lint_renderer
from openbeat.config import site_settings
from openbeat.errors import BuildError

SETTINGS = site_settings(PUBLISHCONF)
NOW = datetime.fromtimestamp(EPOCH, UTC)
DEPARTMENT_PHONES = "555-0100, 555-0101, 555-0102, 555-0123"


def problems(root, files, settings=SETTINGS, now=NOW):
    """Every problem check_folder finds, as lint prints it."""
    write_files(root, files)
    return [str(p) for p in check_folder(str(root), settings, now, render=lint_renderer(settings))]


def with_file(path, text):
    return {**basic_site(), path: text}


CASES = {
    "not utf-8": (
        with_file("stories/latin1.md", "Title: Caf\xe9\nDate: 2026-01-01\n\nText.\n".encode("latin-1")),
        "stories/latin1.md:1: is not UTF-8 text: open it in your editor and save it with UTF-8 encoding",
    ),
    "unparseable metadata": (
        with_file("stories/bad.md", "Title: Bad\nDate 2026-01-01\n\nText.\n"),
        'stories/bad.md:2: "Date 2026-01-01" is not a "Key: value" line: write it as "Key: value", '
        "or leave a blank line before the text starts",
    ),
    "a key given twice": (
        with_file("stories/twice.md", "Title: Twice\nDate: 2026-01-01\nDate: 2026-01-02\n\nText.\n"),
        "stories/twice.md:3: Date is given twice (first on line 2): keep one of them",
    ),
    "a tab before a key": (
        with_file("stories/tab.md", "Title: Tab\n\tDate: 2026-01-01\n\nText.\n"),
        'stories/tab.md:2: starts with a tab: header lines start with the key ("Key: value"); a value continued on '
        "the next line starts with four spaces",
    ),
    "missing required key": (
        with_file("alerts/no-expiry.md", "Title: Bridge\nDate: 2026-01-01\n\nText.\n"),
        'alerts/no-expiry.md:1: Expires is missing: add "Expires: YYYY-MM-DD HH:MM" (when the alert ends)',
    ),
    "missing title": (
        with_file("stories/untitled.md", "Date: 2026-01-01\n\nText.\n"),
        'stories/untitled.md:1: Title is missing: add "Title: ..." on the first line',
    ),
    "unknown type folder": (
        with_file("fairs/fair.md", "Title: Fair\nDate: 2026-01-01\n\nText.\n"),
        'fairs/fair.md:1: is in "fairs/", which is not a content folder: move it into one of policies/, qa/, '
        "stories/, appeals/, news/, alerts/, events/, officers/, data/, pages/, images/, files/",
    ),
    "a post outside any folder": (
        with_file("readme.md", "Notes.\n"),
        "readme.md:1: is not in a content folder: move it into one of policies/, qa/, stories/, appeals/, news/, "
        "alerts/, events/, officers/, data/, pages/, images/, files/",
    ),
    "invalid date": (
        with_file("stories/bad-date.md", "Title: Bad\nDate: 2026-02-30\n\nText.\n"),
        'stories/bad-date.md:2: Date "2026-02-30" is not a real day: February 2026 has 28 days',
    ),
    "a date in another format": (
        with_file("stories/us-date.md", "Title: Bad\nDate: 03/04/2026\n\nText.\n"),
        'stories/us-date.md:2: Date "03/04/2026" is not a date: write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, like '
        "2026-03-04 14:30",
    ),
    "a choice that is not one": (
        with_file("appeals/lost.md", "Title: Lost\nDate: 2026-03-01\nKind: lost\nCase: 26-1\n\nText.\n"),
        'appeals/lost.md:3: Kind "lost" is not one of: missing, wanted, identify, witness',
    ),
    "a policy number that is not one": (
        with_file("policies/p.md", "Title: P\nDate: 2026-01-01\nNumber: three\nEffective: 2026-01-01\n\nText.\n"),
        'policies/p.md:3: Number "three" is not a policy number: write it like 300 or 300.2',
    ),
    "teaser too long": (
        with_file("stories/long.md", f"Title: Long\nDate: 2026-01-01\nTeaser: {'x' * 251}\n\nText.\n"),
        "stories/long.md:3: Teaser is 251 characters, over the limit of 250: shorten it",
    ),
    "image missing": (
        with_file("stories/gone.md", "Title: Gone\nDate: 2026-01-01\nImage: images/gone.jpg\nImage-Alt: A photo\n\n"
                                     "Text.\n"),
        'stories/gone.md:3: image "images/gone.jpg" does not exist: check the path and file name (paths start from '
        "the content folder, like images/photo.jpg)",
    ),
    "image cannot be decoded": (
        {**with_file("stories/bad.md", "Title: Bad\nDate: 2026-01-01\n\n![A photo](/images/bad.jpg)\n"),
         "images/bad.jpg": b"not an image"},
        "stories/bad.md:4: image /images/bad.jpg cannot be read as an image: export it again as JPEG (photos) or PNG "
        "(graphics)",
    ),
    "image over the pixel limit": (
        {**with_file("stories/huge.md", "Title: Huge\nDate: 2026-01-01\nImage: images/huge.png\nImage-Alt: Big\n\n"
                                        "Text.\n"),
         "images/huge.png": png_header(8000, 7000)},
        "stories/huge.md:3: image images/huge.png is 8000x7000 pixels, over the limit of 50,000,000: "
        "resize it (2000 pixels wide is plenty) and save it again",
    ),
    "image on another site": (
        with_file("stories/far.md", "Title: Far\nDate: 2026-01-01\n\n![A map](https://maps.example.org/a.png)\n"),
        "stories/far.md:4: image https://maps.example.org/a.png is on another site: save it in images/ and use that "
        "path (no third-party requests)",
    ),
    "image without alt": (
        with_file("stories/noalt.md", "Title: No alt\nDate: 2026-01-01\nImage: images/bike.png\n\nText.\n"),
        "stories/noalt.md:3: Image-Alt is missing: describe the photo for people who cannot see it",
    ),
    "photo without alt": (
        with_file("officers/noalt.md", "Title: No Alt\nRank: Officer\nPhoto: images/jane.png\n\nText.\n"),
        "officers/noalt.md:3: Photo-Alt is missing: describe the photo for people who cannot see it",
    ),
    "markdown image with empty alt": (
        with_file("stories/emptyalt.md", "Title: Empty\nDate: 2026-01-01\n\nText.\n\n![](/images/bike.png)\n"),
        "stories/emptyalt.md:6: image /images/bike.png has no alt text: write a description between the "
        "brackets, ![like this](/images/bike.png)",
    ),
    "unknown officer": (
        with_file("stories/who.md", "Title: Who\nDate: 2026-01-01\nOfficers: jane-doe, john-roe\n\nText.\n"),
        'stories/who.md:3: Officers names "john-roe", but there is no officers/john-roe.md: use the file '
        "name (slug) of an existing officer",
    ),
    "unknown policy": (
        with_file("qa/which.md", "Title: Which\nDate: 2026-01-02\nQuestion: Which?\nAsked: 2026-01-01\n"
                  "Authors: Records\nPolicies: no-such-policy\n\nText.\n"),
        'qa/which.md:6: Policies names "no-such-policy", but there is no policies/no-such-policy.md: use the '
        "file name (slug) of an existing policy",
    ),
    "same url": (
        with_file("stories/copy.md", "Title: Copy\nSlug: bike-unit\nDate: 2026-01-01\n\nText.\n"),
        "stories/copy.md:2: has the same URL as stories/bike-unit.md: give one of them another Slug or file name",
    ),
    "same id": (
        {**with_file("stories/a.md", "Title: A\nId: abc\nDate: 2026-01-01\n\nText.\n"),
         "stories/b.md": "Title: B\nId: abc\nDate: 2026-01-01\n\nText.\n"},
        'stories/b.md:2: has the same Id "abc" as stories/a.md: every item needs its own Id (scripts/new.py writes one)',
    ),
    "social security number": (
        with_file("stories/ssn.md", "Title: SSN\nDate: 2026-01-01\n\nHis number is 123-45-6789.\n"),
        'stories/ssn.md:4: "123-45-6789" looks like a Social Security number: remove it (never publish a person\'s SSN)',
    ),
    "social security number after the word SSN": (
        with_file("stories/ssn.md", "Title: SSN\nDate: 2026-01-01\n\nHis SSN: 123456789.\n"),
        'stories/ssn.md:4: "SSN: 123456789" looks like a Social Security number: remove it (never publish a person\'s '
        "SSN)",
    ),
    "date of birth": (
        with_file("stories/dob.md", "Title: DOB\nDate: 2026-01-01\n\nThe man, DOB 04/12/1986, was found.\n"),
        'stories/dob.md:4: "DOB 04/12/1986" is a date of birth: remove it, or give an age range if it matters '
        "to the story",
    ),
    "private phone number": (
        with_file("stories/phone.md", "Title: Phone\nDate: 2026-01-01\n\nCall her at (217) 555-0199.\n"),
        f'stories/phone.md:4: "(217) 555-0199" is a phone number that is not in PUBLIC_PHONES: remove it, or '
        f"use a department number ({DEPARTMENT_PHONES}",
    ),
    "personal data in a data set": (
        {**with_file("data/d.md", "Title: D\nDate: 2026-01-01\nSource: Records\n\nText.\n"),
         "data/d.csv": "Name,Phone\nRecords,555-0100\nJo,217-555-0199\n"},
        f'data/d.csv:3: "217-555-0199" is a phone number that is not in PUBLIC_PHONES: remove it, or use a '
        f"department number ({DEPARTMENT_PHONES}",
    ),
    "a slug that is a path": (
        with_file("stories/s.md", "Title: S\nSlug: ../etc\nDate: 2026-01-01\n\nText.\n"),
        'stories/s.md:2: Slug "../etc" is not a slug: use lower-case letters, digits and hyphens only, like '
        "bike-unit-returns (a slug is a name, never a path)",
    ),
    "an image outside the folder": (
        with_file("stories/s.md", "Title: S\nDate: 2026-01-01\nImage: ../../secret.jpg\nImage-Alt: x\n\nText.\n"),
        'stories/s.md:3: image "../../secret.jpg" leads outside the content folder: put the file in images/ or files/ '
        "and name it like images/photo.jpg",
    ),
    "a link outside the folder": (
        with_file("stories/s.md", "Title: S\nDate: 2026-01-01\n\n[the file]({static}/../secret.txt)\n"),
        'stories/s.md:4: the link "{static}/../secret.txt" leads outside the content folder: put the file in images/ '
        "or files/ and name it like images/photo.jpg",
    ),
    "a post in another format": (
        with_file("stories/s.rst", "Title: S\n"),
        "stories/s.rst:1: is a .rst file: only Markdown (.md) files are posts; copy its text into a .md file",
    ),
    "a hidden file": (
        with_file("stories/.secret.md", "Title: S\nDate: 2026-01-01\n\nText.\n"),
        'stories/.secret.md:1: is hidden (".secret.md" starts with a dot), so nobody would see it is published: '
        "rename it without the dot, or delete it",
    ),
    "a file a browser would run": (
        with_file("images/map.svg", "<svg/>"),
        "images/map.svg:1: is a .svg file, which a browser would run as part of the department's site: publish it as "
        "a post, or as a PDF",
    ),
    "a script tag": (
        with_file("stories/s.md", "Title: S\nDate: 2026-01-01\n\nText <script>alert(1)</script>.\n"),
        "stories/s.md:4: <script> is not allowed in a post and is removed from the page: delete it (posts may use "
        "emphasis, links, lists, tables, abbr, details and figures)",
    ),
    "a javascript link": (
        with_file("stories/s.md", "Title: S\nDate: 2026-01-01\n\n[click](javascript:alert(1))\n"),
        'stories/s.md:4: a link or image uses "javascript:", which is not allowed (only https:, http:, mailto: and '
        "tel:): link to a web page, or put the file in files/ or images/",
    ),
    "an event handler": (
        with_file("stories/s.md", "Title: S\nDate: 2026-01-01\n\n<p onclick=\"x()\">Text</p>\n"),
        "stories/s.md:4: the attribute onclick= is not allowed in a post and is removed: delete it",
    ),
    "a page at a URL the site makes": (
        with_file("pages/follow.md", "Title: Follow\n\nText.\n"),
        "pages/follow.md:1: /follow/ is a page the site makes itself: give this page another Slug or file name",
    ),
    "a ragged data set": (
        {**with_file("data/d.md", "Title: D\nDate: 2026-01-01\nSource: Records\n\nText.\n"),
         "data/d.csv": "Quarter,A,B\n2026 Q1,1,2\n2026 Q2,3\n"},
        "data/d.csv:3: has 2 values, but the header has 3: every row needs one value per column",
    ),
    "a word in a charted column": (
        {**with_file("data/d.md", "Title: D\nDate: 2026-01-01\nSource: Records\nChart: line\n\nText.\n"),
         "data/d.csv": "Quarter,A,B\n2026 Q1,1,2\n2026 Q2,3,n/a\n"},
        'data/d.csv:3: "n/a" in column "B" is not a number, and the data set has a Chart: write a number, or remove '
        "Chart",
    ),
    # Rules the new core adds.
    "a placeholder left in a published post": (
        with_file("stories/todo.md", "Title: T\nDate: 2026-01-01\n\nTODO: write this.\n"),
        "stories/todo.md:4: a placeholder TODO is left: write the real text (or keep Status: draft until it is ready)",
    ),
    "a Template key": (
        with_file("pages/odd.md", "Title: Odd\nTemplate: no-such-template\n\nText.\n"),
        "pages/odd.md:2: Template is not a key of Open Beat (the type decides the layout): remove this line",
    ),
    "Expires before Date": (
        with_file("alerts/x.md", "Title: X\nDate: 2026-05-01 08:00\nExpires: 2026-04-01 08:00\n\nText.\n"),
        "alerts/x.md:3: Expires (2026-04-01 08:00) is before Date (2026-05-01 08:00): check both dates",
    ),
    "Ends before Starts": (
        with_file("events/e.md", "Title: E\nDate: 2026-01-01\nStarts: 2026-02-01 10:00\nEnds: 2026-02-01 09:00\n"
                                 "Location: Hall\n\nText.\n"),
        "events/e.md:4: Ends (2026-02-01 09:00) is before Starts (2026-02-01 10:00): check both dates",
    ),
    "Resolved before Date": (
        with_file("appeals/a.md", "Title: A\nDate: 2026-03-01\nKind: missing\nCase: 26-1\nResolved: 2026-02-01\n"
                                  "Outcome: Found safe\n\nText.\n"),
        "appeals/a.md:5: Resolved (2026-02-01) is before Date (2026-03-01): check both dates",
    ),
    "a resolved appeal without Outcome": (
        with_file("appeals/a.md", "Title: A\nDate: 2026-01-01\nKind: missing\nCase: 26-1\nResolved: 2026-02-01\n\n"
                                  "Text.\n"),
        'appeals/a.md:5: a resolved appeal needs its Outcome: add "Outcome: ..." (for example Found safe)',
    ),
    "an update heading without a time": (
        with_file("news/x.md", "Title: X\nDate: 2026-05-01 08:00\n\nText.\n\n## Update 2026-05-01 8am\n\nMore.\n"),
        'news/x.md:6: the update heading has "2026-05-01 8am" where its time goes: write it as ## Update '
        "YYYY-MM-DD HH:MM, like ## Update 2026-11-16 07:30",
    ),
    "an update heading with an impossible time": (
        with_file("news/x.md", "Title: X\nDate: 2026-05-01 08:00\n\nText.\n\n## Update 2026-02-30 10:00\n\nMore.\n"),
        'news/x.md:6: the update heading\'s time "2026-02-30 10:00" is not a real day: February 2026 has 28 days',
    ),
    "two updates at the same time": (
        with_file("alerts/x.md", "Title: X\nDate: 2026-05-01 08:00\nExpires: 2026-06-01 08:00\n\n"
                                 "## Update 2026-05-02 10:00\n\nA.\n\n## Update 2026-05-02 10:00\n\nB.\n"),
        "alerts/x.md:9: two updates have the time 2026-05-02 10:00 (line 5 too): give each update its own time",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_error_is_reported_as_an_error_with_file_line_and_fix(tmp_path, case):
    files, expected = CASES[case]
    write_files(tmp_path, files)
    found = check_folder(str(tmp_path), SETTINGS, NOW, render=lint_renderer(SETTINGS))
    assert [p.level for p in found if str(p).startswith(expected)] == ["error"], [str(p) for p in found]


def test_a_clean_folder_has_no_problem(tmp_path):
    assert problems(tmp_path, basic_site()) == []


def test_public_phone_numbers_and_911_are_allowed(tmp_path):
    found = problems(tmp_path, with_file("stories/ok.md", "Title: Ok\nDate: 2026-01-01\n\nCall 911, or 555-0100 or "
                                                          "(217) 555-0101.\n"))
    assert found == []


@pytest.mark.parametrize(
    "body",
    ["Report MPD-2026-0412 was filed.", "Policy 300.2 applies.", "Open 8 a.m. to 5 p.m., 2026-01-15.",
     "Case 26-004512 is open."],
)
def test_case_numbers_dates_and_policy_numbers_are_not_personal_data(tmp_path, body):
    assert problems(tmp_path, with_file("stories/ok.md", f"Title: Ok\nDate: 2026-01-01\n\n{body}\n")) == []


def test_an_id_is_not_personal_data(tmp_path):
    found = problems(tmp_path, with_file("stories/ok.md", "Title: Ok\nId: urn:uuid:4d5e6f7a-8b9c-4d0e-9f1a-3b4c5d6e7f15"
                                                          "\nDate: 2026-01-01\n\nText.\n"))
    assert found == []


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Teaser: " + "y" * 210, "stories/w.md:3: warning: Teaser is 210 characters: some networks cut after 200"),
        ("Tagz: oops", "stories/w.md:3: warning: Tagz is not a key of stories/ and is ignored: check its spelling"),
    ],
    ids=["long-teaser", "unknown-key"],
)
def test_warnings_are_reported_but_are_not_errors(tmp_path, header, expected):
    write_files(tmp_path, with_file("stories/w.md", f"Title: W\nDate: 2026-01-01\n{header}\n\nText.\n"))
    found = check_folder(str(tmp_path), SETTINGS, NOW)
    assert [str(p) for p in found] == [expected]
    assert [p.level for p in found] == ["warning"]


def test_a_policy_past_review_due_warns(tmp_path):
    found = problems(tmp_path, with_file("policies/old.md", "Title: Old\nDate: 2020-01-01\nNumber: 100\n"
                                                            "Effective: 2020-01-01\nReview-Due: 2021-01-01\n\nText.\n"))
    assert found == ["policies/old.md:5: warning: Review-Due has passed: review it and set the next date"]


def test_an_answer_without_authors_warns(tmp_path):
    found = problems(tmp_path, with_file("qa/anon.md", "Title: Anon\nDate: 2026-01-02\nQuestion: Q?\nAsked: 2026-01-01"
                                                       "\n\nA.\n"))
    assert found == ['qa/anon.md:1: warning: no Authors: add "Authors: ..." so residents know who answered']


def test_a_scheduled_post_gets_a_note_saying_when_it_appears(tmp_path):
    write_files(tmp_path, with_file("stories/later.md", "Title: Later\nDate: 2026-07-01 09:30\n\nText.\n"))
    found = check_folder(str(tmp_path), SETTINGS, NOW)
    assert [(str(p), p.level) for p in found] == [
        ("stories/later.md:2: note: scheduled: it appears in the first build on or after 2026-07-01 09:30 "
         "(America/Chicago), not before", "note")]


def test_a_scheduled_draft_gets_no_note(tmp_path):
    found = problems(tmp_path, with_file("stories/later.md", "Title: Later\nDate: 2026-07-01\nStatus: draft\n\nText.\n"))
    assert found == []


def test_a_translation_that_matches_no_original_gets_a_hint_naming_the_likely_one(tmp_path):
    found = problems(tmp_path, with_file("stories/unidad.md", "Title: Unidad\nLang: es\nSlug: bike-units\n"
                                                              "Date: 2026-04-01\n\nTexto.\n"))
    assert found == ['stories/unidad.md:3: warning: no en post has the slug "bike-units": if this translates '
                     'stories/bike-unit.md, add "Slug: bike-unit" so the two link to each other']


def test_a_spanish_file_name_without_lang_gets_a_hint(tmp_path):
    found = problems(tmp_path, with_file("stories/unidad.es.md", "Title: Unidad\nDate: 2026-04-01\n\nTexto.\n"))
    assert found == ['stories/unidad.es.md:1: warning: the file name ends in .es.md but there is no "Lang: es": add '
                     "it, or the post is published as English"]


def test_a_translation_sharing_its_original_slug_is_clean(tmp_path):
    found = problems(tmp_path, with_file("alerts/bridge.es.md", "Title: Puente\nSlug: bridge\nLang: es\n"
                                                                "Date: 2026-05-01 08:00\nExpires: 2026-12-31 18:00\n\n"
                                                                "Texto.\n"))
    assert found == []


def test_a_draft_problems_are_warnings(tmp_path):
    found = problems(tmp_path, with_file("stories/wip.md", "Title: Work in progress\nStatus: draft\n"
                                                           "Image: images/not-yet.jpg\n\nCall 217-555-0199.\nTODO\n"))
    assert found and all(": warning: (draft) " in line for line in found), found
    assert 'stories/wip.md:1: warning: (draft) Date is missing: add "Date: YYYY-MM-DD" (the day it is published)' in found
    assert any(line.startswith("stories/wip.md:5: warning: (draft) \"217-555-0199\" is a phone number") for line in found)


def test_a_draft_may_hold_a_placeholder(tmp_path):
    found = problems(tmp_path, with_file("stories/wip.md", "Title: WIP\nDate: 2026-01-01\nStatus: draft\n\nTODO\n"))
    assert found == []


def test_a_draft_with_a_date_that_does_not_read_only_warns(tmp_path):
    found = problems(tmp_path, with_file("stories/wip.md", "Title: WIP\nStatus: draft\nDate: soon\n\nText.\n"))
    assert found == ['stories/wip.md:3: warning: (draft) Date "soon" is not a date: write it as YYYY-MM-DD or '
                     "YYYY-MM-DD HH:MM, like 2026-03-04 14:30"]


def test_a_draft_that_cannot_be_read_is_still_an_error(tmp_path):
    write_files(tmp_path, with_file("stories/wip.md", "Title: WIP\nStatus: draft\nDate 2026-01-01\n\nText.\n"))
    found = check_folder(str(tmp_path), SETTINGS, NOW)
    assert [p.level for p in found] == ["error"]


def test_a_published_post_naming_a_draft_warns(tmp_path):
    files = with_file("stories/s.md", "Title: S\nDate: 2026-01-01\nOfficers: bob\n\nText.\n")
    files["officers/bob.md"] = "Title: Bob\nRank: Officer\nPhoto: images/jane.png\nPhoto-Alt: Bob\nStatus: draft\n\nBob.\n"
    assert problems(tmp_path, files) == ['stories/s.md:3: warning: Officers names "bob", which is still a draft: the '
                                         "link will appear once it is published"]


def test_files_the_computer_made_are_only_warned_about(tmp_path):
    found = problems(tmp_path, with_file(".DS_Store", b"\x00\x01"))
    assert found == [".DS_Store:1: warning: is a file your computer made; it is not published (you may delete it)"]


def test_problems_are_sorted_by_file_and_line(tmp_path):
    files = with_file("stories/b.md", "Title: B\nDate: 2026-02-30\n\nCall 217-555-0199.\n")
    files["alerts/a.md"] = "Title: A\nDate: 2026-01-01\n\nText.\n"
    found = [line.split(": ")[0] for line in problems(tmp_path, files)]
    assert found == sorted(found, key=lambda where: (where.split(":")[0], int(where.split(":")[1])))


def test_the_same_rules_read_a_site_timezone(tmp_path):
    settings = {**SETTINGS, "TIMEZONE": "UTC"}
    write_files(tmp_path, with_file("stories/later.md", "Title: Later\nDate: 2026-06-01 00:30\n\nText.\n"))
    found = check_folder(str(tmp_path), settings, NOW)
    assert [p.message.split(":")[0] for p in found] == ["scheduled"]


# --- end to end: scripts/lint.py and the publish build ----------------------------------------


@pytest.mark.build
def test_lint_prints_each_problem_and_exits_one(tmp_path):
    files, expected = CASES["missing required key"]
    result = run_script("lint.py", str(write_files(tmp_path / "content", files)))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [expected]
    assert result.stderr.strip().startswith("1 error(s), 0 warning(s) in ")


@pytest.mark.build
def test_lint_exits_zero_on_a_clean_folder_and_prints_warnings(tmp_path):
    files = with_file("stories/w.md", "Title: W\nDate: 2026-01-01\nTagz: oops\n\nText.\n")
    result = run_script("lint.py", str(write_files(tmp_path / "content", files)))
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["stories/w.md:3: warning: Tagz is not a key of stories/ and is ignored: "
                                          "check its spelling"]


def test_lint_exits_two_for_a_missing_folder(tmp_path):
    result = run_main("lint.py", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "not a folder" in result.stderr



@pytest.mark.parametrize("case", ["missing required key", "invalid date", "social security number",
                                  "unknown officer", "a placeholder left in a published post", "a script tag"])
def test_the_publish_build_fails_on_the_same_errors_and_keeps_the_output(tmp_path, basic_output, case, capsys):
    content, output = copy_of_basic(basic_output, tmp_path)
    before = tree(output)
    files, expected = CASES[case]
    write_files(content, {path: data for path, data in files.items() if path not in basic_site()})
    with build_clock(), pytest.raises(BuildError):
        build(content, output, SEARCH=False)
    assert expected in capsys.readouterr().err
    assert tree(output) == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


@pytest.mark.build
def test_the_publish_command_exits_one_naming_each_error(tmp_path, basic_output):
    content, output = copy_of_basic(basic_output, tmp_path)
    write_files(content, {"stories/ssn.md": CASES["social security number"][0]["stories/ssn.md"],
                          "stories/s.md": CASES["a script tag"][0]["stories/s.md"]})
    result = run_pelican(content, output)
    assert result.returncode == 1
    assert CASES["social security number"][1] in result.stderr.splitlines()
    assert "Traceback" not in result.stderr


def test_an_unfinished_draft_does_not_stop_the_publish_build(site, capsys):
    files = with_file("stories/wip.md", "Title: Work in progress\nStatus: draft\nImage: images/not-yet.jpg\n"
                                        "Image-Alt: x\n\nSECRET\n")
    output = site(files)
    assert "stories/wip.md:1: warning: (draft) Date is missing" in capsys.readouterr().err
    assert not (output / "stories/wip").exists()


def test_a_missing_photo_alt_is_reported_once(tmp_path):
    found = problems(tmp_path, CASES["photo without alt"][0])
    assert [line for line in found if "Photo-Alt is missing" in line] == [CASES["photo without alt"][1]]


def test_the_department_numbers_are_named_once(tmp_path):
    found = problems(tmp_path, CASES["private phone number"][0])
    assert found == [CASES["private phone number"][1] + ")"]


@pytest.mark.build
def test_a_build_keeps_each_unchanged_posts_problems_and_checks_a_changed_one_again(tmp_path):
    content = write_files(tmp_path / "content", basic_site())
    assert run_pelican(content, tmp_path / "out").returncode == 0
    assert (tmp_path / "out-cache" / "openbeat-checks.pickle").is_file()
    story = content / "stories" / "bike-unit.md"
    story.write_text(story.read_text().replace("Date:", "Date", 1))
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode == 1
    assert "stories/bike-unit.md:" in result.stderr and 'is not a "Key: value" line' in result.stderr
    story.write_text(story.read_text().replace("Date ", "Date: ", 1))
    assert run_pelican(content, tmp_path / "out").returncode == 0


def test_a_change_of_the_rules_code_checks_every_post_again(tmp_path, monkeypatch):
    write_files(tmp_path, basic_site())
    memo: dict = {}
    check_folder(str(tmp_path), SETTINGS, NOW, memo=memo)
    before = set(memo)
    assert check_folder(str(tmp_path), SETTINGS, NOW, memo=memo) == check_folder(str(tmp_path), SETTINGS, NOW)
    assert set(memo) == before
    monkeypatch.setattr("openbeat.checks.context.code_digest", lambda: "other rules")
    check_folder(str(tmp_path), SETTINGS, NOW, memo=memo)
    assert len(memo) == len(before) and not set(memo) & before
