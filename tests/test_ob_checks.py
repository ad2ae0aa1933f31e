"""The content rule set (contract section 6): scripts/lint.py and the build agree."""

import subprocess
import sys

import pytest

from conftest import ROOT, basic_site, image_bytes, run_pelican, write_files

LINT = str(ROOT / "scripts/lint.py")


def lint(tmp_path, files):
    content = write_files(tmp_path / "content", files)
    result = subprocess.run([sys.executable, LINT, str(content)], capture_output=True, text=True, timeout=120)
    return result.returncode, result.stdout.splitlines()


def with_file(path, text):
    files = basic_site()
    files[path] = text
    return files


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
    "missing required key": (
        with_file("alerts/no-expiry.md", "Title: Bridge\nDate: 2026-01-01\n\nText.\n"),
        'alerts/no-expiry.md:1: Expires is missing: add "Expires: YYYY-MM-DD HH:MM" (when the alert ends)',
    ),
    "missing title": (
        with_file("stories/untitled.md", "Date: 2026-01-01\n\nText.\n"),
        'stories/untitled.md:1: Title is missing: add "Title: ..." on the first line',
    ),
    "unknown type folder": (
        with_file("events/fair.md", "Title: Fair\nDate: 2026-01-01\n\nText.\n"),
        "events/fair.md:1: is not in a content folder: move it into one of policies/, qa/, stories/, "
        "alerts/, officers/, data/, pages/",
    ),
    "invalid date": (
        with_file("stories/bad-date.md", "Title: Bad\nDate: 2026-02-30\n\nText.\n"),
        'stories/bad-date.md:2: Date "2026-02-30" is not a valid date: write it as YYYY-MM-DD or YYYY-MM-DD HH:MM',
    ),
    "teaser too long": (
        with_file("stories/long.md", f"Title: Long\nDate: 2026-01-01\nTeaser: {'x' * 251}\n\nText.\n"),
        "stories/long.md:3: Teaser is 251 characters, over the limit of 250: shorten it",
    ),
    "image missing": (
        with_file("stories/gone.md", "Title: Gone\nDate: 2026-01-01\nImage: images/gone.jpg\nImage-Alt: A photo\n\nText.\n"),
        "stories/gone.md:3: image images/gone.jpg does not exist: check the path and file name",
    ),
    "image cannot be decoded": (
        {**with_file("stories/bad.md", "Title: Bad\nDate: 2026-01-01\n\n![A photo](/images/bad.jpg)\n"),
         "images/bad.jpg": b"not an image"},
        "stories/bad.md:4: image /images/bad.jpg cannot be read as an image (UnidentifiedImageError): "
        "export it again as JPEG or PNG",
    ),
    "image over the pixel limit": (
        {**with_file("stories/huge.md", "Title: Huge\nDate: 2026-01-01\nImage: images/huge.png\nImage-Alt: Big\n\nText.\n"),
         "images/huge.png": image_bytes((8000, 7000), colour=(0, 0, 0))},
        "stories/huge.md:3: image images/huge.png is 8000x7000 pixels, over the limit of 50,000,000: "
        "resize it (2000 pixels wide is plenty) and save it again",
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
        "stories/copy.md:2: has the same URL /stories/bike-unit/ as stories/bike-unit.md: give one of them "
        "another Slug or file name",
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
    "date of birth": (
        with_file("stories/dob.md", "Title: DOB\nDate: 2026-01-01\n\nThe man, DOB 04/12/1986, was found.\n"),
        'stories/dob.md:4: "DOB 04/12/1986" is a date of birth: remove it, or give an age range if it matters '
        "to the story",
    ),
    "private phone number": (
        with_file("stories/phone.md", "Title: Phone\nDate: 2026-01-01\n\nCall her at (217) 555-0199.\n"),
        'stories/phone.md:4: "(217) 555-0199" is a phone number that is not in PUBLIC_PHONES: remove it, or '
        "use a department number (555-0100, 555-0101, 555-0102, 555-0123)",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_lint_reports_each_error_with_file_line_and_fix(tmp_path, case):
    files, expected = CASES[case]
    code, lines = lint(tmp_path, files)
    assert code == 1
    assert expected in lines


@pytest.mark.parametrize("case", ["missing required key", "invalid date", "social security number", "unknown officer"])
def test_publish_build_fails_on_the_same_errors_and_keeps_output(tmp_path, case):
    content = write_files(tmp_path / "content", basic_site())
    output = tmp_path / "out"
    assert run_pelican(content, output).returncode == 0
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    files, expected = CASES[case]
    write_files(content, files)
    result = run_pelican(content, output)
    assert result.returncode == 1
    assert expected in result.stderr.splitlines()
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before


def test_clean_folder_lints_with_exit_zero(tmp_path):
    code, lines = lint(tmp_path, basic_site())
    assert (code, lines) == (0, [])


def test_public_phone_numbers_and_911_are_allowed(tmp_path):
    code, lines = lint(tmp_path, with_file("stories/ok.md", "Title: Ok\nDate: 2026-01-01\n\nCall 911, or 555-0100 or (217) 555-0101.\n"))
    assert code == 0, lines


@pytest.mark.parametrize(
    "body",
    ["Report MPD-2026-0412 was filed.", "Policy 300.2 applies.", "Open 8 a.m. to 5 p.m., 2026-01-15.",
     "Id urn:uuid:4d5e6f7a-8b9c-4d0e-9f1a-3b4c5d6e7f15"],
)
def test_case_numbers_dates_and_ids_are_not_personal_data(tmp_path, body):
    code, lines = lint(tmp_path, with_file("stories/ok.md", f"Title: Ok\nDate: 2026-01-01\n\n{body}\n"))
    assert code == 0, lines


@pytest.mark.parametrize(
    "header, expected",
    [
        ("Teaser: " + "y" * 210, "stories/w.md:3: warning: Teaser is 210 characters: some networks cut after 200"),
        ("Tagz: oops", "stories/w.md:3: warning: Tagz is not a key of stories/ and is ignored: check its spelling"),
    ],
)
def test_warnings_print_but_do_not_fail(tmp_path, header, expected):
    code, lines = lint(tmp_path, with_file("stories/w.md", f"Title: W\nDate: 2026-01-01\n{header}\n\nText.\n"))
    assert code == 0
    assert expected in lines


def test_policy_past_review_due_and_answer_without_authors_warn(tmp_path):
    files = with_file("policies/old.md", "Title: Old\nDate: 2020-01-01\nNumber: 100\nEffective: 2020-01-01\nReview-Due: 2021-01-01\n\nText.\n")
    files["qa/anon.md"] = "Title: Anon\nDate: 2026-01-02\nQuestion: Q?\nAsked: 2026-01-01\n\nA.\n"
    code, lines = lint(tmp_path, files)
    assert code == 0
    assert "policies/old.md:5: warning: Review-Due has passed: review the policy and set the next date" in lines
    assert 'qa/anon.md:1: warning: no Authors: add "Authors: ..." so residents know who answered' in lines


def test_lint_exits_two_for_a_missing_folder(tmp_path):
    result = subprocess.run([sys.executable, LINT, str(tmp_path / "nope")], capture_output=True, text=True)
    assert result.returncode == 2


def test_an_unfinished_draft_warns_but_does_not_fail(tmp_path):
    files = with_file("stories/wip.md", "Title: Work in progress\nStatus: draft\nImage: images/not-yet.jpg\n\nCall 217-555-0199.\n")
    code, lines = lint(tmp_path, files)
    assert code == 0
    assert "stories/wip.md:1: warning: (draft) Date is missing: add \"Date: YYYY-MM-DD\" (the day it is published)" in lines
    assert any(line.startswith("stories/wip.md:3: warning: (draft) image images/not-yet.jpg does not exist") for line in lines)


def test_an_unfinished_draft_does_not_stop_the_publish_build(tmp_path):
    files = with_file("stories/wip.md", "Title: Work in progress\nStatus: draft\nImage: images/not-yet.jpg\nImage-Alt: x\n\nSECRET\n")
    result = run_pelican(write_files(tmp_path / "content", files), tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "out/stories/wip").exists()


def test_a_draft_pelican_cannot_read_is_still_an_error(tmp_path):
    code, lines = lint(tmp_path, with_file("stories/wip.md", "Title: WIP\nStatus: draft\nDate: soon\n\nText.\n"))
    assert code == 1
    assert 'stories/wip.md:3: Date "soon" is not a valid date: write it as YYYY-MM-DD or YYYY-MM-DD HH:MM' in lines


def test_ssn_without_dashes_after_the_word_ssn_is_found(tmp_path):
    code, lines = lint(tmp_path, with_file("stories/s.md", "Title: S\nDate: 2026-01-01\n\nHis SSN: 123456789.\n"))
    assert code == 1
    assert any("looks like a Social Security number" in line for line in lines)


def test_a_page_may_not_take_a_url_the_site_makes(tmp_path):
    code, lines = lint(tmp_path, with_file("pages/follow.md", "Title: Follow\n\nText.\n"))
    assert code == 1
    assert "pages/follow.md:1: /follow/ is a page the site makes itself: give this page another Slug or file name" in lines
