"""Policy history from git: revisions, word diffs, the changes feed, and no history without git."""

import os
import subprocess

import feedparser
import pytest

from conftest import basic_site, build, page, write_files
from ob_history.diff import word_diff

POLICY = "policies/use-of-force.md"


def commit(repo, message, date):
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(repo), "commit", "-q", "-m", message], check=True, env=env)


@pytest.fixture
def repo(tmp_path, clock):
    """A content folder in a git repository with two commits that change the policy."""
    repo = tmp_path / "repo"
    content = repo / "content"
    write_files(content, basic_site())
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "user.email", "pio@police.example.gov"], check=True)
    subprocess.run(["git", "-C", str(repo), "config", "user.name", "Pat Officer"], check=True)
    commit(repo, "Adopt the use of force policy", "2026-01-10T09:00:00-06:00")
    text = (content / POLICY).read_text()
    (content / POLICY).write_text(text.replace("Officers use only reasonable force.",
                                               "Officers use only the minimum necessary force."))
    commit(repo, "Require the minimum necessary force", "2026-03-02T10:30:00-06:00")
    return content


def test_history_page_shows_both_revisions_with_dates_and_messages(repo, tmp_path):
    output = build(repo, tmp_path / "out")
    soup = page(output, "/policies/use-of-force/history/")
    revisions = soup.select(".ob-history__revision")
    assert len(revisions) == 2
    oldest, newest = revisions  # oldest to newest
    assert "Require the minimum necessary force" in newest.h2.get_text()
    assert newest.find("time")["datetime"] == "2026-03-02"
    assert "Adopt the use of force policy" in oldest.h2.get_text()
    assert oldest.find("time")["datetime"] == "2026-01-10"


def test_changed_words_are_in_del_and_ins(repo, tmp_path):
    soup = page(build(repo, tmp_path / "out"), "/policies/use-of-force/history/")
    diff = soup.select_one(".ob-diff")
    assert [d.get_text() for d in diff.find_all("del")] == ["reasonable"]
    assert [i.get_text() for i in diff.find_all("ins")] == ["the minimum necessary"]


def test_policy_page_says_last_revised_and_links_its_history(repo, tmp_path):
    soup = page(build(repo, tmp_path / "out"), "/policies/use-of-force/")
    row = next(r for r in soup.select(".ob-meta__row") if "Last revised" in r.get_text())
    assert row.find("time")["datetime"] == "2026-03-02"
    assert row.find("a")["href"].endswith("/policies/use-of-force/history/")


def test_changes_feed_has_one_entry_per_revision_with_commit_ids(repo, tmp_path):
    output = build(repo, tmp_path / "out")
    feed = feedparser.parse(str(output / "feeds/policy-changes.atom.xml"))
    assert not feed.bozo
    assert len(feed.entries) == 2
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    assert feed.entries[0].id == f"policies/use-of-force.md@{head}"
    assert "Require the minimum necessary force" in feed.entries[0].title


def test_author_names_are_hidden_unless_allowed(repo, tmp_path):
    hidden = page(build(repo, tmp_path / "a"), "/policies/use-of-force/history/")
    assert "Pat Officer" not in hidden.get_text()
    shown = page(build(repo, tmp_path / "b", HISTORY_SHOW_AUTHORS=True), "/policies/use-of-force/history/")
    assert "Pat Officer" in shown.get_text()


def test_draft_revisions_stay_out_of_the_history(repo, tmp_path):
    text = (repo / POLICY).read_text()
    (repo / POLICY).write_text(text.replace("Title: Use of Force", "Title: Use of Force\nStatus: draft")
                               .replace("minimum necessary", "SECRET-DRAFT-WORDS"))
    commit(repo.parent, "Draft a change", "2026-04-01T10:00:00-06:00")
    (repo / POLICY).write_text(text.replace("minimum necessary", "least"))
    commit(repo.parent, "Require the least force", "2026-04-02T10:00:00-06:00")
    output = build(repo, tmp_path / "out")
    history = (output / "policies/use-of-force/history/index.html").read_text()
    assert "SECRET-DRAFT-WORDS" not in history and "Draft a change" not in history
    assert len(page(output, "/policies/use-of-force/history/").select(".ob-history__revision")) == 3


def test_history_pages_are_in_the_sitemap(repo, tmp_path):
    sitemap = (build(repo, tmp_path / "out") / "sitemap.xml").read_text()
    assert "/policies/use-of-force/history/</loc>" in sitemap


def test_content_outside_git_builds_and_says_so(site):
    output = site(basic_site())
    soup = page(output, "/policies/use-of-force/")
    assert "not in a git repository" in soup.select_one(".ob-note").get_text()
    assert not (output / "policies/use-of-force/history").exists()


def test_shallow_clone_builds_and_says_so(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.parent}", str(clone)], check=True)
    output = build(clone / "content", tmp_path / "out")
    assert "shallow clone" in page(output, "/policies/use-of-force/").select_one(".ob-note").get_text()


def test_word_diff_marks_only_changed_words():
    kinds = [(s.kind, s.text) for s in word_diff("one two three four", "one 2 three four five")]
    assert ("del", "two") in kinds and ("ins", "2") in kinds and ("ins", " five") in kinds
