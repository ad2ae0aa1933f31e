"""scripts/new.py (scaffold), scripts/linkcheck.py and scripts/precompress.py."""

import gzip
import subprocess
import sys

import pytest

from conftest import ROOT, basic_site, write_files
from ob_checks.header import read_header
from ob_types.model import TYPES

NEW = str(ROOT / "scripts/new.py")


def new(tmp_path, kind, title):
    return subprocess.run(
        [sys.executable, NEW, kind, title, "--content", str(tmp_path / "content")],
        capture_output=True, text=True, timeout=60,
    )


@pytest.mark.parametrize("kind", list(TYPES))
def test_scaffold_writes_every_required_key_an_id_and_a_draft_status(tmp_path, kind):
    result = new(tmp_path, kind, "Bike unit returns downtown")
    assert result.returncode == 0, result.stderr
    path = tmp_path / "content" / kind / "bike-unit-returns-downtown.md"
    header = read_header(path.read_text())
    assert header.problems == []
    assert header.values["title"] == "Bike unit returns downtown"
    assert header.values["status"] == "draft"
    for key in TYPES[kind].required:
        assert header.values.get(key), key
    if kind != "pages":
        assert header.values["id"].startswith("urn:uuid:")


def test_scaffold_ids_are_fresh(tmp_path):
    new(tmp_path, "stories", "One")
    new(tmp_path, "stories", "Two")
    ids = {read_header(p.read_text()).values["id"] for p in (tmp_path / "content/stories").glob("*.md")}
    assert len(ids) == 2


def test_scaffold_refuses_to_overwrite(tmp_path):
    assert new(tmp_path, "story", "Same title").returncode == 0
    path = tmp_path / "content/stories/same-title.md"
    path.write_text(path.read_text() + "\nMy edits.\n")
    again = new(tmp_path, "story", "Same title")
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert "My edits." in path.read_text()


def test_scaffold_rejects_an_unknown_type(tmp_path):
    result = new(tmp_path, "events", "Fair")
    assert result.returncode == 2
    assert "is not a type" in result.stderr


def test_new_drafts_point_at_their_todos_and_fail_once_published(tmp_path):
    write_files(tmp_path / "content", basic_site())
    new(tmp_path, "stories", "A new story")
    new(tmp_path, "policy", "A new policy")
    lint = subprocess.run(
        [sys.executable, str(ROOT / "scripts/lint.py"), str(tmp_path / "content")], capture_output=True, text=True
    )
    # drafts warn: the TODOs are pointed at, and become errors once Status: draft is removed
    assert lint.returncode == 0
    assert all(line.startswith("policies/a-new-policy.md") for line in lint.stdout.splitlines())
    assert any("(draft) Number" in line for line in lint.stdout.splitlines())
    policy = tmp_path / "content/policies/a-new-policy.md"
    policy.write_text(policy.read_text().replace("Status: draft\n", ""))
    lint = subprocess.run(
        [sys.executable, str(ROOT / "scripts/lint.py"), str(tmp_path / "content")], capture_output=True, text=True
    )
    assert lint.returncode == 1


def test_linkcheck_reports_a_broken_internal_link(tmp_path):
    site = write_files(tmp_path / "site", {
        "index.html": '<a href="/about/">About</a> <a href="/missing/">x</a> <a href="tel:911">911</a>'
                      ' <a href="https://elsewhere.example/">e</a> <img src="img/a.png" alt="a">',
        "about/index.html": '<a href="../">Home</a>',
        "img/a.png": b"png",
    })
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/linkcheck.py"), str(site)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["index.html: broken link /missing/"]


def test_precompress_writes_identical_gzip_copies(tmp_path):
    site = write_files(tmp_path / "site", {"index.html": "<p>Hello</p>", "a.png": b"\x89PNG"})
    subprocess.run([sys.executable, str(ROOT / "scripts/precompress.py"), str(site)], check=True, capture_output=True)
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == b"<p>Hello</p>"
    assert not (site / "a.png.gz").exists()
    first = (site / "index.html.gz").read_bytes()
    subprocess.run([sys.executable, str(ROOT / "scripts/precompress.py"), str(site)], check=True, capture_output=True)
    assert (site / "index.html.gz").read_bytes() == first


def test_linkcheck_reads_the_site_url_from_the_home_page(tmp_path):
    site = write_files(tmp_path / "site", {
        "index.html": '<link rel="canonical" href="https://pd.example/"><a href="https://pd.example/gone/">x</a>',
    })
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/linkcheck.py"), str(site)], capture_output=True, text=True
    )
    assert result.stdout.splitlines() == ["index.html: broken link https://pd.example/gone/"]
