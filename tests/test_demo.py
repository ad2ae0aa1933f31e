"""The demo department in content/: builds, lints clean, has no broken link."""

import subprocess
import sys

import pytest

from conftest import ROOT, SITEURL, html_pages, run_pelican
from linkcheck import check


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "out"
    result = run_pelican(ROOT / "content", out, epoch=1795000000)  # 2026-11-18
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_demo_has_at_least_25_pages(demo):
    assert len(html_pages(demo)) >= 25


@pytest.mark.parametrize(
    "folder, minimum", [("policies", 6), ("qa", 8), ("stories", 6), ("alerts", 3), ("officers", 4), ("data", 2)]
)
def test_demo_has_enough_of_each_type(demo, folder, minimum):
    items = [p for p in (demo / folder).glob("*/index.html")]
    assert len(items) >= minimum


def test_demo_has_an_urgent_banner_and_an_expired_alert(demo):
    home = (demo / "index.html").read_text()
    assert "ob-banner" in home
    assert "ob-notice--expired" in (demo / "alerts/halloween-safety/index.html").read_text()


def test_demo_has_the_department_pages(demo):
    for slug in ("about", "ask", "privacy", "accessibility"):
        assert (demo / slug / "index.html").is_file()


def test_demo_lints_clean():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/lint.py"), str(ROOT / "content")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_demo_has_no_broken_internal_link(demo):
    assert check(str(demo), SITEURL) == []
