"""A few pages and feeds of the basic site, compared byte for byte with tests/golden/.

Any change to what the site publishes shows up here as a diff to review. After a
change on purpose: `make update-golden` (UPDATE_GOLDEN=1), then read the diff of tests/golden/.
"""

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
FILES = [
    "policies/use-of-force/index.html",
    "qa/elm-street/index.html",
    "feeds/all.atom.xml",
    "feeds/social.rss.xml",
    "sitemap.xml",
]


@pytest.mark.parametrize("name", FILES)
def test_output_matches_golden(basic_output, name):
    produced = (basic_output / name).read_bytes()
    golden = GOLDEN / name.replace("/", "__")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(produced)
    assert golden.exists(), f"no golden copy of {name}: run make update-golden"
    assert produced.decode() == golden.read_text(), f"{name} changed: run make update-golden if on purpose"
