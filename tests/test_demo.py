"""The demo department in content/: it builds, lints clean and has no broken link.

A department that replaces content/ with its own keeps a green suite: these tests are
skipped when content/ is not the Millbrook demo.
"""

import subprocess
import sys

import pytest

from conftest import ROOT, SITEURL, html_pages, run_main, run_pelican, run_script

CONTENT = ROOT / "content"
ABOUT = CONTENT / "pages" / "about.md"
IS_DEMO = ABOUT.is_file() and "Millbrook" in ABOUT.read_text(encoding="utf-8")
DEMO_EPOCH = 1795000000  # 2026-11-18: the demo's urgent alert is current, its Halloween alert has expired
pytestmark = pytest.mark.skipif(not IS_DEMO, reason="content/ is not the Millbrook demo (a department's own content)")


BUILDS = {}


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "out"
    result = run_pelican(CONTENT, out, epoch=DEMO_EPOCH)
    assert result.returncode == 0, result.stdout + result.stderr
    BUILDS[out] = result
    return out


def test_the_demo_builds_without_a_warning(demo):
    result = BUILDS[demo]
    assert "WARNING" not in result.stdout + result.stderr and "warning:" not in result.stderr, result.stderr


def test_the_demo_has_at_least_25_pages(demo):
    assert len(html_pages(demo)) >= 25


@pytest.mark.parametrize("folder, minimum", [
    ("policies", 6), ("qa", 8), ("stories", 6), ("alerts", 3), ("officers", 4), ("data", 2), ("appeals", 1),
    ("news", 1), ("events", 1),
])
def test_the_demo_has_enough_of_each_type(demo, folder, minimum):
    assert len(list((demo / folder).glob("*/index.html"))) >= minimum


def test_the_demo_has_spanish_pages(demo):
    assert len(list((demo / "es").rglob("index.html"))) > 10


def test_the_demo_has_an_urgent_banner_and_an_expired_alert(demo):
    assert "ob-banner" in (demo / "index.html").read_text()
    assert "ob-notice--expired" in (demo / "alerts/halloween-safety/index.html").read_text()


def test_the_demo_has_the_department_pages(demo):
    for slug in ("about", "ask", "privacy", "accessibility"):
        assert (demo / slug / "index.html").is_file(), slug


@pytest.mark.build
def test_the_demo_lints_clean():
    result = run_script("lint.py", str(CONTENT), epoch=DEMO_EPOCH)
    assert result.returncode == 0, result.stdout
    assert [line for line in result.stdout.splitlines() if ": note: " not in line] == []


def test_the_demo_has_no_broken_internal_link(demo):
    result = run_main("linkcheck.py", str(demo), "--siteurl", SITEURL)
    assert result.returncode == 0, result.stdout


VALIDATOR = ROOT.parent / "shared" / "tools" / "feedvalidator" / "validate.py"


@pytest.mark.skipif(not VALIDATOR.exists(), reason=f"the W3C Feed Validator is not at {VALIDATOR}")
def test_every_demo_feed_passes_the_w3c_feed_validator(demo):
    feeds = sorted(str(p) for p in (demo / "feeds").glob("*.xml"))
    result = subprocess.run([sys.executable, str(VALIDATOR), "--base", SITEURL, *feeds], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
