"""Whole builds (contract sections 1 and 3): nothing unpublished leaks, atomic, reproducible, incremental."""

import os
import re
import shutil
import textwrap
from datetime import UTC, datetime

import pytest

from conftest import (
    ROOT,
    all_text,
    basic_site,
    build,
    build_clock,
    copy_of_basic,
    page,
    rich_site,
    run_pelican,
    tree,
    write_files,
)
from openbeat.clock import build_time
from openbeat.errors import OutputError, SettingError
from openbeat.paths import check_output_folder

LEAKS = ["Secret draft title", "DRAFT-BODY-TEXT", "Future story title", "FUTURE-BODY-TEXT", "FUTURE-TEASER-TEXT",
         "FUTURE-UPDATE-TEXT", "stories/secret", "stories/future", "draft-only", "RESOLVED-BODY-TEXT",
         "RESOLVED-ALT-TEXT", "resolved-only"]


def made(result):
    """(files written, outputs made, outputs reused) from the build's closing line."""
    found = re.search(r"(\d+) files written \((\d+) made, (\d+) reused", " ".join(result.stdout.split()))
    assert found, result.stdout + result.stderr
    return tuple(int(n) for n in found.groups())


# --- nothing unpublished is published ----------------------------------------------------------------


@pytest.fixture(scope="module")
def rich_text(rich_output):
    return all_text(rich_output)


@pytest.mark.parametrize("needle", LEAKS)
def test_drafts_future_posts_and_resolved_appeals_leave_no_trace(rich_text, needle):
    assert needle not in rich_text


def test_no_page_or_file_is_written_for_a_draft_or_a_future_post(rich_output):
    assert not (rich_output / "drafts").exists()
    assert not (rich_output / "stories/secret").exists() and not (rich_output / "stories/future").exists()
    assert not [p for p in rich_output.rglob("*") if "secret" in p.name or "future" in p.name]


def test_a_future_post_and_a_future_update_appear_in_the_first_build_on_their_time(site, clock):
    clock(int(datetime(2026, 7, 1, 4, 59, tzinfo=UTC).timestamp()))  # 2026-06-30 23:59 in Chicago
    before = site(rich_site(), "before")
    assert not (before / "stories/future").exists()
    clock(int(datetime(2026, 7, 1, 14, 0, tzinfo=UTC).timestamp()))  # 2026-07-01 09:00 in Chicago
    on = site(rich_site(), "on")
    assert (on / "stories/future/index.html").is_file()
    assert "FUTURE-BODY-TEXT" in (on / "feeds/all.atom.xml").read_text()
    assert "FUTURE-UPDATE-TEXT" in page(on, "/news/oak-street/").get_text()  # its update is due at 09:00
    assert "FUTURE-UPDATE-TEXT" not in page(before, "/news/oak-street/").get_text()


def test_the_build_clock_is_source_date_epoch():
    assert build_time({"SOURCE_DATE_EPOCH": "1780272000"}) == datetime(2026, 6, 1, tzinfo=UTC)
    with pytest.raises(SettingError, match="SOURCE_DATE_EPOCH='yesterday' is not a time in whole seconds"):
        build_time({"SOURCE_DATE_EPOCH": "yesterday"})


# --- the command line, from anywhere ------------------------------------------------------------------


@pytest.fixture(scope="module")
def cli_build(tmp_path_factory):
    """The publish build as staff run it: the pelican command, from another folder, into an OUT that is a
    symlink, with SITEURL and SITENAME from the environment."""
    root = tmp_path_factory.mktemp("cli")
    content = write_files(root / "content", basic_site())
    real = root / "releases/current"
    real.mkdir(parents=True)
    (real / "old.html").write_text("old")
    (root / "out").symlink_to(real, target_is_directory=True)
    before = sorted(p.name for p in root.iterdir())
    result = run_pelican(content, root / "out", SITEURL="https://pd.example.org", SITENAME="Testville PD")
    return {"root": root, "real": real, "result": result, "before": before, "content": content}


def test_the_publish_build_works_from_any_directory(cli_build):
    assert cli_build["result"].returncode == 0, cli_build["result"].stderr
    assert (cli_build["root"] / "out/policies/use-of-force/index.html").is_file()


def test_the_publish_build_writes_only_out_and_its_cache(cli_build):
    root = cli_build["root"]
    assert sorted(p.name for p in root.iterdir()) == sorted(cli_build["before"] + ["out-cache"])
    assert sorted(p.name for p in (root / "releases").iterdir()) == ["current"]  # no staging folder left
    assert tree(cli_build["content"]) == tree(write_files(root.parent / f"{root.name}-again", basic_site()))


def test_a_symlinked_output_stays_a_symlink_and_its_folder_is_updated(cli_build):
    link, real = cli_build["root"] / "out", cli_build["real"]
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert (real / "policies/use-of-force/index.html").is_file()
    assert not (real / "old.html").exists()


def test_siteurl_and_sitename_come_from_the_environment(cli_build):
    home = page(cli_build["root"] / "out", "/")
    assert home.find("link", rel="canonical")["href"] == "https://pd.example.org/"
    assert "Testville PD" in home.title.get_text()


# --- atomic: a failed build changes nothing --------------------------------------------------------------


@pytest.mark.build
def test_a_template_error_mid_build_keeps_the_previous_output(basic_output, tmp_path):
    content, output = copy_of_basic(basic_output, tmp_path)
    before = tree(output)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "templates/story.html").write_text('{% extends "item.html" %}{% block body %}{{ item.nope() }}'
                                                "{% endblock %}")
    settings = tmp_path / "broken.py"
    settings.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(ROOT)!r})
        from publishconf import *  # noqa: F403
        THEME = {str(theme)!r}
        PLUGIN_PATHS = [{str(ROOT / "plugins")!r}]
    """))
    result = run_pelican(content, output, settings=str(settings))
    assert result.returncode != 0
    assert tree(output) == before
    assert [p.name for p in tmp_path.iterdir() if "staging" in p.name] == []


@pytest.mark.build
def test_output_retention_keeps_the_named_files(tmp_path):
    content = write_files(tmp_path / "content", basic_site())
    output = tmp_path / "out"
    (output / ".git").mkdir(parents=True)
    (output / ".git/HEAD").write_text("ref: refs/heads/gh-pages\n")
    (output / "stale.html").write_text("stale")
    build_settings = {"OUTPUT_RETENTION": [".git"], "SEARCH": False}
    with build_clock():
        build(content, output, **build_settings)
    assert (output / ".git/HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert not (output / "stale.html").exists()


@pytest.mark.parametrize("where", ["content", "project", "file", "inside-content"])
def test_an_output_folder_that_would_overwrite_the_content_or_the_project_is_refused(tmp_path, where):
    content = tmp_path / "site/content"
    content.mkdir(parents=True)
    (tmp_path / "site/file.txt").write_text("x")
    output = {"content": tmp_path / "site", "project": tmp_path, "file": tmp_path / "site/file.txt",
              "inside-content": content / "out"}[where]
    with pytest.raises(OutputError):
        check_output_folder(str(output), str(content), str(tmp_path / "site"))


def test_the_build_refuses_to_write_over_its_content(tmp_path, clock):
    content = write_files(tmp_path / "content", basic_site())
    with pytest.raises(OutputError, match="holds the content folder"):
        build(content, tmp_path, SEARCH=False)
    assert tree(content) == tree(write_files(tmp_path.parent / f"{tmp_path.name}-again", basic_site()))


# --- reproducible and incremental --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rich_builds(tmp_path_factory):
    """The rich site built cold twice (each with its own cache), then warm (again, with the first cache),
    then once more after one story's text changed."""
    root = tmp_path_factory.mktemp("repro")
    content = write_files(root / "content", rich_site())
    runs = {}
    for name, output in (("cold", "one"), ("other", "two"), ("warm", "one")):
        runs[name] = run_pelican(content, root / output)
        assert runs[name].returncode == 0, runs[name].stderr
        runs[f"{name}_tree"] = tree(root / output)
    cached = cache_files(root / "one-cache")
    story = content / "stories/bike-unit.md"
    story.write_text(story.read_text().replace("back downtown.", "back downtown, on new bikes."))
    runs["edited"] = run_pelican(content, root / "one")
    assert runs["edited"].returncode == 0, runs["edited"].stderr
    runs["edited_tree"] = tree(root / "one")
    runs["new_cache_files"] = cache_files(root / "one-cache") - cached
    return runs


def cache_files(cache):
    """Every file of the writer's cache of made outputs."""
    return {p for p in (cache / "outputs").rglob("*") if p.is_file()}


def test_the_same_content_and_epoch_give_byte_identical_output(rich_builds):
    first, second = rich_builds["cold_tree"], rich_builds["other_tree"]
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []
    assert any(name.startswith("pagefind/") for name in first)  # the search index too


def test_a_warm_build_is_byte_identical_to_a_cold_build(rich_builds):
    first, warm = rich_builds["cold_tree"], rich_builds["warm_tree"]
    assert sorted(first) == sorted(warm)
    assert [name for name in first if first[name] != warm[name]] == []


def test_a_warm_build_with_nothing_changed_makes_nothing(rich_builds):
    written, made_cold, reused_cold = made(rich_builds["cold"])
    assert made_cold > 50 and reused_cold == 0
    assert made(rich_builds["warm"]) == (written, 0, made_cold)


def test_a_content_change_makes_only_what_shows_it(rich_builds):
    written, count, reused = made(rich_builds["edited"])
    new = rich_builds["new_cache_files"]
    assert 0 < count < written / 4 and len(new) >= count
    for path in new:  # no image, card or copy was made again: only text outputs
        assert not path.read_bytes().startswith((b"\xff\xd8", b"\x89PNG", b"RIFF")), path
    before, after = rich_builds["warm_tree"], rich_builds["edited_tree"]
    assert after["stories/bike-unit/index.html"] != before["stories/bike-unit/index.html"]
    assert after["policies/use-of-force/index.html"] == before["policies/use-of-force/index.html"]
    assert after["feeds/policies.atom.xml"] == before["feeds/policies.atom.xml"]
    assert b"on new bikes" in after["feeds/stories.atom.xml"]
