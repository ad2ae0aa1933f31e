"""scripts/new.py (every type), scripts/linkcheck.py and scripts/precompress.py, run as staff run them."""

import gzip
import runpy

import pytest

from conftest import ROOT, basic_site, run_main, run_pelican, run_script, write_files
from openbeat.header import read_post
from openbeat.types import type_table

TYPES = type_table({})


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    """A content folder with a new draft of every type, made by scripts/new.py."""
    content = write_files(tmp_path_factory.mktemp("new") / "content", basic_site())
    results = {spec.folder: run_main("new.py", spec.folder, "Bike unit returns downtown", "--content", str(content))
               for spec in TYPES}
    return content, results


@pytest.mark.parametrize("folder", TYPES.folders)
def test_new_writes_a_draft_with_every_required_key_and_an_id(drafts, folder):
    content, results = drafts
    assert results[folder].returncode == 0, results[folder].stderr
    post = read_post((content / folder / "bike-unit-returns-downtown.md").read_text())
    spec = TYPES[folder]
    assert post.problems == []
    assert post.get("title") == "Bike unit returns downtown" and post.get("status") == "draft"
    assert post.get("id").startswith("urn:uuid:")
    for key in spec.required:
        assert post.get(key), key
    assert list(post.values)[:2] == ["title", "id"] and list(post.values)[-1] == "status"


def test_new_writes_the_csv_of_a_data_set(drafts):
    content, _ = drafts
    assert (content / "data/bike-unit-returns-downtown.csv").read_text().startswith("Period,Count\n")


def test_new_drafts_lint_without_error(drafts):
    content, _ = drafts
    result = run_main("lint.py", str(content))
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(": warning: (draft) " in line or ": warning: " in line for line in result.stdout.splitlines())


@pytest.mark.build
def test_new_drafts_build_and_are_not_published(drafts, tmp_path):
    content, _ = drafts
    result = run_pelican(content, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert not list((tmp_path / "out").rglob("bike-unit-returns-downtown*"))


def test_each_placeholder_is_an_error_once_the_draft_is_published(tmp_path):
    content = write_files(tmp_path / "content", basic_site())
    assert run_main("new.py", "policies", "A new policy", "--content", str(content)).returncode == 0
    policy = content / "policies/a-new-policy.md"
    lint = run_main("lint.py", str(content))
    assert lint.returncode == 0 and "(draft) Number" in lint.stdout
    policy.write_text(policy.read_text().replace("Status: draft\n", ""))
    lint = run_main("lint.py", str(content), epoch=None)  # new.py dates the post today, by the real clock
    assert lint.returncode == 1
    todo = "a placeholder TODO is left: write the real text (or keep Status: draft until it is ready)"
    assert lint.stdout.splitlines() == [
        'policies/a-new-policy.md:4: Number "TODO (the policy number, e.g. 300)" is not a policy number: write it like '
        "300 or 300.2",
        f"policies/a-new-policy.md:4: {todo}", f"policies/a-new-policy.md:15: {todo}",
        f"policies/a-new-policy.md:19: {todo}"]


@pytest.mark.build
def test_new_ids_are_fresh(tmp_path):
    assert run_script("new.py", "stories", "One", "--content", str(tmp_path)).returncode == 0  # as staff run it
    assert run_main("new.py", "stories", "Two", "--content", str(tmp_path)).returncode == 0
    ids = {read_post(p.read_text()).get("id") for p in (tmp_path / "stories").glob("*.md")}
    assert len(ids) == 2


@pytest.mark.parametrize("name", ["story", "Story", "stories", "Historia", "qa", "Question and answer", "policy"])
def test_new_takes_a_type_by_folder_or_by_name(tmp_path, name):
    result = run_main("new.py", name, "A title", "--content", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("*/a-title.md"))) == 1


def test_new_never_overwrites_a_file(tmp_path):
    assert run_main("new.py", "story", "Same title", "--content", str(tmp_path)).returncode == 0
    path = tmp_path / "stories/same-title.md"
    path.write_text(path.read_text() + "\nMy edits.\n")
    again = run_main("new.py", "story", "Same title", "--content", str(tmp_path))
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert path.read_text().endswith("\nMy edits.\n")


def test_new_refuses_an_unknown_type_naming_the_known_ones(tmp_path):
    result = run_main("new.py", "recipes", "Fair", "--content", str(tmp_path))
    assert result.returncode == 2
    assert "'recipes' is not a type: use one of policies, qa, stories" in result.stderr
    assert not list(tmp_path.rglob("*.md"))


def test_new_needs_a_title(tmp_path):
    result = run_main("new.py", "stories", "--content", str(tmp_path))
    assert result.returncode == 2 and "Give a title" in result.stderr


# --- linkcheck and precompress --------------------------------------------------------------------------


@pytest.mark.build
def test_linkcheck_reports_a_broken_internal_link(tmp_path):
    site = write_files(tmp_path / "site", {
        "index.html": '<a href="/about/">About</a> <a href="/missing/">x</a> <a href="tel:911">911</a>'
                      ' <a href="https://elsewhere.example/">e</a> <img src="img/a.png" alt="a">'
                      ' <img srcset="img/a.png 1x, img/b.png 2x" alt="b">',
        "about/index.html": '<a href="../">Home</a>',
        "img/a.png": b"png",
    })
    result = run_script("linkcheck.py", str(site))  # the command line, as staff run it
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["index.html: broken link /missing/", "index.html: broken link img/b.png"]


def test_linkcheck_reads_the_site_url_from_the_home_page(tmp_path):
    site = write_files(tmp_path / "site", {
        "index.html": '<link rel="canonical" href="https://pd.example/"><a href="https://pd.example/gone/">x</a>',
    })
    result = run_main("linkcheck.py", str(site))
    assert result.stdout.splitlines() == ["index.html: broken link https://pd.example/gone/"]


def test_a_built_site_has_no_broken_internal_link(basic_output):
    result = run_main("linkcheck.py", str(basic_output))
    assert result.returncode == 0, result.stdout


@pytest.mark.build
def test_precompress_writes_identical_gzip_copies_of_text_files(tmp_path):
    site = write_files(tmp_path / "site", {"index.html": "<p>Hello</p>", "a.png": b"\x89PNG", "feeds/all.atom.xml": "<feed/>"})
    assert run_script("precompress.py", str(site)).returncode == 0
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == b"<p>Hello</p>"
    assert gzip.decompress((site / "feeds/all.atom.xml.gz").read_bytes()) == b"<feed/>"
    assert not (site / "a.png.gz").exists()
    first = (site / "index.html.gz").read_bytes()
    runpy.run_path(str(ROOT / "scripts/precompress.py"))["precompress"](str(site))  # again, in this process
    assert (site / "index.html.gz").read_bytes() == first
