"""Policy history from git (contract section 3, issues #13 and #16): change notes, never commit
messages or e-mail addresses, grouped word diffs, the right dates, the changes feed, few git processes.

The sites are real git repositories in tmp_path, built with the real Pelican; the function tests
at the top need no build.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest

import openbeat.history
from conftest import ROOT, SITEURL, all_text, build, build_clock, page, write_files
from openbeat.history import git as history_git
from openbeat.history.diff import Segment, counts, group_changes, word_diff
from openbeat.history.git import Change, Commit, Version, file_chains, parse_log
from openbeat.history.revisions import author_name, read_text, revisions

VALIDATOR = ROOT.parent / "shared" / "tools" / "feedvalidator" / "validate.py"
CHICAGO = ZoneInfo("America/Chicago")
AUTHOR = ("Sgt Pat Officer", "pat.officer@police.example.gov")
COMMITTER = ("Casey Committer", "casey.committer@police.example.gov")
MESSAGES = ("typo lol", "wip - Sgt Pat draft", "mv force.md zz", "wip - Sgt Pat again", "tags only zz", "first commit zz")


# --- a repository with a policy's whole life ---------------------------------------------------------


def policy(body: str, *, status: str = "", note: str = "", tags: str = "force", modified: str = "",
           title: str = "Use of Force") -> str:
    header = [f"Title: {title}", "Id: urn:uuid:5b0c2f7e-2d0b-4a57-9a61-3f1f0c2e8a01", "Date: 2026-01-10",
              "Number: 300", "Effective: 2026-02-01", f"Tags: {tags}"]
    header += [f"Status: {status}"] if status else []
    header += [f"Change-Note: {note}"] if note else []
    header += [f"Modified: {modified}"] if modified else []
    return "\n".join(header) + "\n\n" + body + "\n"


def spanish(body: str) -> str:
    return ("Title: Uso de la fuerza\nSlug: use-of-force\nLang: es\nDate: 2026-01-10\nNumber: 300\n"
            f"Effective: 2026-02-01\n\n{body}\n")


def git(repo: Path, *args: str, date: str = "2026-01-01T09:00:00-06:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": AUTHOR[0], "GIT_AUTHOR_EMAIL": AUTHOR[1],
           "GIT_COMMITTER_NAME": COMMITTER[0], "GIT_COMMITTER_EMAIL": COMMITTER[1],
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    for name in history_git.REPOSITORY_VARIABLES:
        env.pop(name, None)
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return result.stdout.strip()


def commit(repo: Path, files: dict[str, str], message: str, date: str) -> str:
    write_files(repo / "content", files)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD")


def new_repo(root: Path) -> Path:
    repo = root / "repo"
    (repo / "content").mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    return repo


V1 = "Officers shall use force only when it is needed.\n\nOfficers try to calm a situation first."
V2 = "Officers must attempt force only when it is needed.\n\nOfficers try to calm a situation first."
V3 = "Officers must attempt force only when it is needed.\n\nOfficers always try to calm a situation first."
V4 = "Officers must attempt force only when it is needed.\n\nOfficers always try to calm every situation first."
NOTES = ["Adopted the use of force policy.", "Officers must now attempt other means before force."]


def life_of_a_policy(root: Path) -> tuple[Path, dict[str, str]]:
    """A draft, the first publication, a noted change, a rename that keeps the note, a change without a
    note, a change of private keys only; a Spanish translation with two revisions."""
    repo = new_repo(root)
    shas = {}
    shas["draft"] = commit(repo, {"policies/force.md": policy("SECRETDRAFTWORDS " + V1, status="draft",
                                                              note="DRAFTNOTE never published")},
                           MESSAGES[1], "2026-01-05T09:00:00-06:00")
    shas["first"] = commit(repo, {"policies/force.md": policy(V1, note=NOTES[0])}, MESSAGES[5],
                           "2026-01-12T09:00:00-06:00")
    shas["noted"] = commit(repo, {"policies/force.md": policy(V2, note=NOTES[1]),
                                  "policies/force.es.md": spanish("Los agentes usan la fuerza.")}, MESSAGES[0],
                           "2026-02-01T10:30:00-06:00")
    (repo / "content/policies/force.md").rename(repo / "content/policies/use-of-force.md")
    shas["renamed"] = commit(repo, {"policies/use-of-force.md": policy(V3, note=NOTES[1]),
                                    "policies/force.es.md": spanish("Los agentes usan poca fuerza.")}, MESSAGES[2],
                             "2026-02-15T10:00:00-06:00")
    shas["minor"] = commit(repo, {"policies/use-of-force.md": policy(V4)}, MESSAGES[3], "2026-03-02T23:30:00-06:00")
    shas["private"] = commit(repo, {"policies/use-of-force.md": policy(V4, tags="force, de-escalation")},
                             MESSAGES[4], "2026-03-10T10:00:00-06:00")
    return repo, shas


@pytest.fixture(scope="module")
def life(tmp_path_factory):
    """The repository of life_of_a_policy, built once: (repo, commits, output)."""
    root = tmp_path_factory.mktemp("life")
    repo, shas = life_of_a_policy(root)
    with build_clock():
        output = build(repo / "content", root / "out", SEARCH=False)
    return repo, shas, output


def revision_items(output: Path, url: str = "/policies/use-of-force/history/") -> list:
    return page(output, url).select(".ob-history__revision")


# --- the word diff (functions) ------------------------------------------------------------------------


def test_a_run_of_changed_words_is_one_deletion_and_one_insertion():
    found = word_diff("Officers shall use force.", "Officers must attempt force.")
    assert [(s.kind, s.text) for s in found] == [("same", "Officers "), ("del", "shall use"),
                                                 ("ins", "must attempt"), ("same", " force.")]


def test_changes_separated_only_by_spaces_are_grouped():
    interleaved = [Segment("del", "shall"), Segment("ins", "must"), Segment("same", " "), Segment("del", "use"),
                   Segment("ins", "attempt"), Segment("same", " force")]
    assert group_changes(interleaved) == [Segment("del", "shall use"), Segment("ins", "must attempt"),
                                          Segment("same", " force")]


def test_changes_separated_by_a_word_stay_apart():
    kinds = [(s.kind, s.text) for s in word_diff("one two three four", "one 2 three four five")]
    assert kinds == [("same", "one "), ("del", "two"), ("ins", "2"), ("same", " three four "), ("ins", "five")]
    assert counts(word_diff("one two three four", "one 2 three four five")) == (2, 1)


def test_rewrapping_a_paragraph_is_not_a_change():
    old = "Officers use only the force\nthat is reasonable. They report it."
    new = "Officers use only the\nforce that is reasonable. They report it."
    assert all(s.kind == "same" for s in word_diff(old, new))


def test_long_unchanged_text_is_shortened_around_the_change():
    words = " ".join(f"w{i}" for i in range(400))
    found = word_diff(words, words.replace(" w200 ", " changed "))
    assert [s.kind for s in found] == ["gap", "same", "del", "ins", "same", "gap"]
    assert found[1].text.split() == [f"w{i}" for i in range(188, 200)]


def test_a_long_policy_with_changes_at_both_ends_diffs_word_by_word():
    sentences = [f"Sentence {i} says officers shall act {i}." for i in range(3000)]
    old, new = " ".join(sentences), " ".join(["New first sentence."] + sentences[1:-1] + ["New last one."])
    added, removed = counts(word_diff(old, new))
    assert (added, removed) == (6, 14)


# --- which versions are revisions (functions) ---------------------------------------------------------


def versions(*states: tuple[str, str, str]) -> tuple[list[Version], dict]:
    """(blob name, ISO date, file text) per commit, oldest first: a chain and its blob reader."""
    chain, texts = [], {}
    for number, (blob, date, text) in enumerate(states):
        when = datetime.fromisoformat(date)
        chain.append(Version(Commit(f"{number:040x}", when, "Pat", ()), "policies/p.md", blob))
        texts[blob] = read_text(text.encode()) if blob else None
    return chain, texts


def test_drafts_and_private_only_changes_are_no_revisions():
    chain, texts = versions(("a", "2026-01-05T09:00:00+00:00", policy("Draft words.", status="draft")),
                            ("b", "2026-01-12T09:00:00+00:00", policy("Public words.")),
                            ("c", "2026-01-20T09:00:00+00:00", policy("Public words.", tags="other")),
                            ("d", "2026-02-01T09:00:00+00:00", policy("Public words, changed.")))
    found = revisions(chain, texts.__getitem__, CHICAGO)
    assert [r.sha[-1] for r in found] == ["1", "3"]
    assert found[0].first and found[0].date.date().isoformat() == "2026-01-12"
    assert all("Draft" not in s.text for r in found for s in r.segments)


def test_a_note_is_shown_once_and_a_kept_note_is_a_minor_edit():
    chain, texts = versions(("a", "2026-01-12T09:00:00+00:00", policy("One.", note="First note.")),
                            ("b", "2026-02-01T09:00:00+00:00", policy("Two.", note="Second note.")),
                            ("c", "2026-02-02T09:00:00+00:00", policy("Three.", note="Second note.")),
                            ("d", "2026-02-03T09:00:00+00:00", policy("Four.")))
    found = revisions(chain, texts.__getitem__, CHICAGO)
    assert [(r.note, r.minor) for r in found] == [("First note.", False), ("Second note.", False), ("", True),
                                                  ("", True)]


def test_a_commit_that_changes_only_the_note_corrects_the_revision_before():
    chain, texts = versions(("a", "2026-01-12T09:00:00+00:00", policy("One.")),
                            ("b", "2026-02-01T09:00:00+00:00", policy("Two.")),
                            ("c", "2026-02-02T09:00:00+00:00", policy("Two.", note="What two changed.")))
    found = revisions(chain, texts.__getitem__, CHICAGO)
    assert [(r.sha[-1], r.note) for r in found] == [("0", ""), ("1", "What two changed.")]


def test_a_scheduled_version_replaced_before_its_date_never_appears():
    scheduled = policy("SCHEDULED words.").replace("Date: 2026-01-10", "Date: 2026-03-01")
    chain, texts = versions(("a", "2026-01-12T09:00:00+00:00", policy("One.")),
                            ("b", "2026-02-01T09:00:00+00:00", scheduled),
                            ("c", "2026-02-10T09:00:00+00:00", policy("Two.")))
    found = revisions(chain, texts.__getitem__, CHICAGO)
    assert len(found) == 2 and "SCHEDULED" not in repr(found)


def test_a_version_scheduled_after_its_commit_is_dated_when_it_was_published():
    scheduled = policy("One.").replace("Date: 2026-01-10", "Date: 2026-02-01")
    chain, texts = versions(("a", "2026-01-12T09:00:00+00:00", scheduled))
    assert revisions(chain, texts.__getitem__, CHICAGO)[0].date == datetime(2026, 2, 1, tzinfo=CHICAGO)


def test_an_author_name_is_never_an_email_address():
    assert author_name("Pat Officer") == "Pat Officer"
    assert author_name("pat@police.example.gov") == ""


# --- reading git (a real repository, no site) -----------------------------------------------------------


def test_one_log_follows_renames_of_every_file(tmp_path):
    repo = new_repo(tmp_path)
    commit(repo, {"policies/a.md": policy("A one."), "policies/b.md": policy("B one.")}, "x", "2026-01-12T09:00:00Z")
    (repo / "content/policies/a.md").rename(repo / "content/policies/a-renamed.md")
    commit(repo, {"policies/b.md": policy("B two.")}, "x", "2026-01-13T09:00:00Z")
    commit(repo, {"policies/a-renamed.md": policy("A two.")}, "x", "2026-01-14T09:00:00Z")
    commits = history_git.log(history_git.repository(str(repo / "content")), "content")
    chains = file_chains(commits, lambda path: path.endswith(".md"))
    assert sorted(chains) == ["content/policies/a-renamed.md", "content/policies/b.md"]
    assert [v.path for v in chains["content/policies/a-renamed.md"]] == [
        "content/policies/a.md", "content/policies/a-renamed.md", "content/policies/a-renamed.md"]
    assert len(chains["content/policies/b.md"]) == 2


def test_a_merged_branch_is_one_revision_dated_when_it_was_merged(tmp_path):
    repo = new_repo(tmp_path)
    commit(repo, {"policies/a.md": policy("One.")}, "x", "2026-01-12T09:00:00Z")
    git(repo, "checkout", "-q", "-b", "edit")
    commit(repo, {"policies/a.md": policy("Two.")}, "x", "2026-01-13T09:00:00Z")
    commit(repo, {"policies/a.md": policy("Three.")}, "x", "2026-01-14T09:00:00Z")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "edit", date="2026-01-20T09:00:00Z")
    merge = git(repo, "rev-parse", "HEAD")
    commits = history_git.log(history_git.repository(str(repo / "content")), "content")
    chain = file_chains(commits, lambda path: True)["content/policies/a.md"]
    assert [v.commit.sha for v in chain][-1] == merge and len(chain) == 2


def test_the_log_parses_changes_and_renames():
    zero, one, two = "0" * 40, "1" * 40, "2" * 40
    output = (f"\x1eabc\x1f2026-01-12T09:00:00+00:00\x1fPat\0\n:000000 100644 {zero} {one} A\0p.md\0"
              f":100644 100644 {one} {two} R090\0q.md\0r.md\0:100644 000000 {two} {zero} D\0s.md\0")
    (found,) = parse_log(output)
    assert found == Commit("abc", datetime.fromisoformat("2026-01-12T09:00:00+00:00"), "Pat", (
        Change("A", "p.md", "p.md", "", one), Change("R", "q.md", "r.md", one, two), Change("D", "s.md", "s.md", two, "")))


def test_git_never_prints_a_commit_message_or_an_email(tmp_path, monkeypatch):
    repo = new_repo(tmp_path)
    commit(repo, {"policies/a.md": policy("One.")}, "typo lol", "2026-01-12T09:00:00Z")
    printed = []
    run = history_git.run
    monkeypatch.setattr(history_git, "run", lambda *args: printed.append(run(*args)) or printed[-1])
    history_git.log(history_git.repository(str(repo / "content")), "content")
    assert printed and not any(secret in printed[-1] for secret in ("typo lol", *AUTHOR[1:], *COMMITTER))


# --- the public pages ---------------------------------------------------------------------------------------


@pytest.mark.build
def test_history_page_shows_each_revision_oldest_first_with_its_date_and_note(life):
    _repo, shas, output = life
    items = revision_items(output)
    assert [i["id"] for i in items] == [f"rev-{shas[k][:12]}" for k in ("first", "noted", "renamed", "minor")]
    assert [i.find("time")["datetime"] for i in items] == ["2026-01-12", "2026-02-01", "2026-02-15", "2026-03-02"]
    notes = [i.select_one(".ob-history__note").get_text(" ", strip=True) for i in items]
    assert NOTES[0] in notes[0] and "First published version" in notes[0]
    assert NOTES[1] in notes[1]
    assert notes[2:] == ["Minor edit", "Minor edit"]  # kept the previous note; gave none


@pytest.mark.build
def test_nothing_of_git_but_dates_and_notes_is_published(life):
    _repo, _shas, output = life
    text = all_text(output)
    for secret in (*MESSAGES, *AUTHOR, *COMMITTER, "SECRETDRAFTWORDS", "DRAFTNOTE"):
        assert secret not in text, secret
    assert not re.search(r"[\w.+-]+@police\.example\.gov", text)


@pytest.mark.build
def test_the_diff_groups_changed_words(life):
    _repo, _shas, output = life
    diff = revision_items(output)[1].select_one(".ob-diff")
    assert [d.get_text() for d in diff.find_all("del")] == ["shall use"]
    assert [i.get_text() for i in diff.find_all("ins")] == ["must attempt"]
    assert "Words added: " in revision_items(output)[1].select_one(".ob-history__meta").get_text()


@pytest.mark.build
def test_a_renamed_policy_keeps_its_history(life):
    _repo, shas, output = life
    ids = [i["id"] for i in revision_items(output)]
    assert f"rev-{shas['first'][:12]}" in ids  # committed as policies/force.md


@pytest.mark.build
def test_policy_page_says_last_revised_and_links_its_history(life):
    _repo, _shas, output = life
    soup = page(output, "/policies/use-of-force/")
    row = next(r for r in soup.select(".ob-meta__row") if "Last revised" in r.get_text())
    assert row.find("time")["datetime"] == "2026-03-02"  # the latest revision; the Tags-only commit is none
    assert row.find("a")["href"] == f"{SITEURL}/policies/use-of-force/history/"
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["dateModified"].startswith("2026-03-02")


@pytest.mark.build
def test_history_page_data_is_the_sites_not_the_policys(life):
    _repo, _shas, output = life
    data = json.loads(page(output, "/policies/use-of-force/history/").find("script", type="application/ld+json").string)
    assert data["@type"] == "GovernmentOrganization" and "headline" not in data


@pytest.mark.build
def test_a_spanish_policy_says_cambio_menor(life):
    _repo, _shas, output = life
    items = revision_items(output, "/es/policies/use-of-force/history/")
    assert [i.select_one(".ob-history__note").get_text(strip=True) for i in items] == [
        "Primera versión publicada", "Cambio menor"]


@pytest.mark.build
def test_modified_wins_over_the_latest_revision(tmp_path, clock):
    repo, _shas = life_of_a_policy(tmp_path)
    commit(repo, {"policies/use-of-force.md": policy(V4, modified="2026-04-01")}, "m", "2026-03-20T09:00:00-06:00")
    output = build(repo / "content", tmp_path / "out", SEARCH=False)
    row = next(r for r in page(output, "/policies/use-of-force/").select(".ob-meta__row")
               if "Last revised" in r.get_text())
    assert row.find("time")["datetime"] == "2026-04-01"


@pytest.mark.build
def test_authors_only_with_the_setting_and_never_their_email(tmp_path, clock):
    repo, _shas = life_of_a_policy(tmp_path)
    output = build(repo / "content", tmp_path / "out", SEARCH=False, HISTORY_SHOW_AUTHORS=True)
    assert AUTHOR[0] in page(output, "/policies/use-of-force/history/").get_text()
    text = all_text(output)
    assert AUTHOR[1] not in text and COMMITTER[0] not in text and COMMITTER[1] not in text


# --- the changes feed --------------------------------------------------------------------------------------


@pytest.mark.build
def test_changes_feed_has_one_entry_per_revision_with_notes_never_messages(life):
    _repo, shas, output = life
    feed = feedparser.parse(str(output / "feeds/policy-changes.atom.xml"))
    assert not feed.bozo, feed.get("bozo_exception")
    english = [e for e in feed.entries if e.title == "Policy 300: Use of Force"]
    assert len(english) == 4 and len(feed.entries) == 6
    guid = "tag:police.example.gov,2026:urn:uuid:5b0c2f7e-2d0b-4a57-9a61-3f1f0c2e8a01"
    assert [e.id for e in english] == [f"{guid}/revision/{shas[k]}" for k in ("minor", "renamed", "noted", "first")]
    assert english[0].summary == "Minor edit (words added: 1, removed: 1)"
    assert english[2].summary.startswith(NOTES[1]) and "words added" in english[2].summary
    assert english[3].summary == NOTES[0]
    assert english[0].link == f"{SITEURL}/policies/use-of-force/history/#rev-{shas['minor'][:12]}"
    for entry in feed.entries:
        assert re.fullmatch(r"tag:[a-z0-9.-]+,\d{4}:[^\s@<>\"{}|\\^`]+", entry.id), entry.id


@pytest.mark.build
def test_changes_feed_has_its_own_id_and_the_department_as_author(life):
    _repo, _shas, output = life
    changes = feedparser.parse(str(output / "feeds/policy-changes.atom.xml")).feed
    policies = feedparser.parse(str(output / "feeds/policies.atom.xml")).feed
    assert changes.id != policies.id
    assert changes.author_detail.name == policies.author_detail.name


@pytest.mark.build
@pytest.mark.skipif(not VALIDATOR.exists(), reason=f"the W3C Feed Validator is not at {VALIDATOR} "
                                                   "(../shared/tools beside the repository)")
def test_changes_feed_passes_the_w3c_feed_validator(life):
    _repo, _shas, output = life
    result = subprocess.run([sys.executable, str(VALIDATOR), "--base", SITEURL,
                             str(output / "feeds/policy-changes.atom.xml")], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0 and "DOES NOT VALIDATE" not in result.stdout, result.stdout + result.stderr


# --- without history ------------------------------------------------------------------------------------------


@pytest.mark.build
def test_content_outside_git_builds_and_says_so(tmp_path, clock):
    content = write_files(tmp_path / "content", {"policies/use-of-force.md": policy(V1)})
    output = build(content, tmp_path / "out", SEARCH=False)
    soup = page(output, "/policies/use-of-force/")
    assert "not in a git repository" in soup.select_one(".ob-note").get_text()
    assert not (output / "policies/use-of-force/history").exists()
    assert not feedparser.parse(str(output / "feeds/policy-changes.atom.xml")).bozo


@pytest.mark.build
def test_shallow_clone_builds_and_says_so(tmp_path, clock):
    repo, _shas = life_of_a_policy(tmp_path)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True,
                   env={k: v for k, v in os.environ.items() if k not in history_git.REPOSITORY_VARIABLES})
    output = build(clone / "content", tmp_path / "out", SEARCH=False)
    assert "shallow clone" in page(output, "/policies/use-of-force/").select_one(".ob-note").get_text()
    assert not (output / "policies/use-of-force/history").exists()


@pytest.mark.build
def test_a_new_commit_shows_in_the_next_build_of_the_same_process(tmp_path, clock):
    repo, _shas = life_of_a_policy(tmp_path)
    build(repo / "content", tmp_path / "a", SEARCH=False)
    latest = commit(repo, {"policies/use-of-force.md": policy(V4 + " More.", note="Added more.")}, "x",
                    "2026-04-02T09:00:00-06:00")
    output = build(repo / "content", tmp_path / "b", SEARCH=False)
    assert revision_items(output)[-1]["id"] == f"rev-{latest[:12]}"


# --- git processes ---------------------------------------------------------------------------------------------


@pytest.fixture
def git_processes(monkeypatch):
    """Every git process started, through subprocess.Popen (which subprocess.run uses too)."""
    started: list[list[str]] = []
    original = subprocess.Popen

    class Counting(original):
        def __init__(self, args, *rest, **options):
            if list(args)[:1] == ["git"]:
                started.append(list(args))
            super().__init__(args, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", Counting)
    return started


def many_policies(root: Path, count: int, revisions_each: int) -> Path:
    repo = new_repo(root)
    for revision in range(revisions_each):
        files = {f"policies/p{n}.md": policy(f"Officers act {revision} times in case {n}.",
                                             title=f"Policy {n}").replace("Number: 300", f"Number: {300 + n}")
                                      .replace("5b0c2f7e", f"{n:08x}") for n in range(count)}
        commit(repo, files, f"revision {revision}", f"2026-01-{12 + revision}T09:00:00Z")
    return repo


def subcommand(args: list[str]) -> str:
    rest = args[1:]
    while rest and rest[0].startswith("-"):
        rest = rest[2:] if rest[0] in ("-C", "-c") else rest[1:]
    return rest[0]


@pytest.mark.build
def test_git_processes_do_not_grow_with_policies_or_revisions(tmp_path, clock, git_processes):
    small = many_policies(tmp_path / "small", 2, 2)
    git_processes.clear()
    build(small / "content", tmp_path / "small-out", SEARCH=False)
    small_count = len(git_processes)
    git_processes.clear()
    large = many_policies(tmp_path / "large", 12, 5)
    git_processes.clear()
    output = build(large / "content", tmp_path / "large-out", SEARCH=False)
    assert len(revision_items(output, "/policies/p11/history/")) == 5
    assert small_count == len(git_processes) <= 3, git_processes
    assert [subcommand(args) for args in git_processes] == ["rev-parse", "log", "cat-file"]


@pytest.mark.build
def test_a_warm_cache_reads_no_file_versions(tmp_path, clock, git_processes):
    repo = many_policies(tmp_path, 3, 3)
    output = build(repo / "content", tmp_path / "out", SEARCH=False)
    assert list((tmp_path / "out-cache" / "history").rglob("*.json"))
    cold = {p: (output / p).read_bytes() for p in ("policies/p2/history/index.html", "feeds/policy-changes.atom.xml")}
    openbeat.history.forget()
    git_processes.clear()
    output = build(repo / "content", tmp_path / "out", SEARCH=False)
    assert len(revision_items(output, "/policies/p2/history/")) == 3
    assert not [args for args in git_processes if "cat-file" in args]
    assert {p: (output / p).read_bytes() for p in cold} == cold


@pytest.mark.build
def test_a_commit_of_an_edit_already_built_adds_its_revision_in_a_warm_build(tmp_path, clock):
    """Built with the edit not yet committed, then committed: the file is unchanged, the history is not."""
    repo = many_policies(tmp_path, 1, 2)
    edited = (repo / "content/policies/p0.md").read_text().replace("1 times", "3 times")
    (repo / "content/policies/p0.md").write_text(edited)
    output = build(repo / "content", tmp_path / "out", SEARCH=False)
    assert len(revision_items(output, "/policies/p0/history/")) == 2
    commit(repo, {"policies/p0.md": edited}, "revision 2", "2026-01-20T09:00:00Z")
    openbeat.history.forget()
    output = build(repo / "content", tmp_path / "out", SEARCH=False)
    assert len(revision_items(output, "/policies/p0/history/")) == 3
