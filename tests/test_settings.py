"""Every Open Beat setting is checked at start-up and documented in docs/settings.md with its real default."""

import copy
import re

import pytest

from conftest import ROOT
from openbeat.errors import SettingError
from openbeat.settings import BY_NAME, SETTINGS, apply

ROW_RE = re.compile(r"^\| `([A-Z_]+)` \| ([^|]+) \| `([^`]*)` \| (.+) \|$")


def documented():
    """{name: (type, default, description)} of every row of docs/settings.md."""
    rows = {}
    for line in (ROOT / "docs/settings.md").read_text().splitlines():
        match = ROW_RE.match(line)
        if match:
            rows[match.group(1)] = (match.group(2).strip(), match.group(3), match.group(4).strip())
    return rows


@pytest.mark.parametrize("name", [s.name for s in SETTINGS])
def test_every_setting_is_documented_with_its_default(name):
    rows = documented()
    assert name in rows, f"{name} is missing from docs/settings.md"
    kind, default, description = rows[name]
    assert default == repr(BY_NAME[name].default), f"docs/settings.md gives {default} for {name}, the code " \
                                                   f"{BY_NAME[name].default!r}"
    assert kind and description


def test_every_documented_open_beat_setting_exists():
    section = (ROOT / "docs/settings.md").read_text().split("## Open Beat", 1)[1].split("## Environment", 1)[0]
    names = {m.group(1) for line in section.splitlines() if (m := ROW_RE.match(line))}
    assert names == set(BY_NAME)


def test_every_default_passes_its_own_check():
    settings = apply({})
    assert {name: settings[name] for name in BY_NAME} == {s.name: s.default for s in SETTINGS}


def test_defaults_fill_in_only_what_is_missing_and_are_never_shared():
    first = apply({"FEED_MAX_ITEMS": 10})
    assert first["FEED_MAX_ITEMS"] == 10 and first["LISTINGS_PER_PAGE"] == 20
    first["IMAGES_WIDTHS"].append(1600)
    assert apply({})["IMAGES_WIDTHS"] == [480, 800, 1200]


@pytest.mark.parametrize("name, value, message", [
    ("IMAGES_QUALITY", 200, "Detected misconfigured IMAGES_QUALITY (200): it must be a number from 1 to 95 (default 80)"),
    ("CARDS_BACKGROUND", "navy", "Detected misconfigured CARDS_BACKGROUND ('navy'): it must be a colour like #12355b"),
    ("FEEDS_HASHTAGS", ["MillbrookPD"], "Detected misconfigured FEEDS_HASHTAGS (['MillbrookPD']): it must be a list "
                                        "of hashtags such as ['#MillbrookPD']"),
    ("FEED_ID_AUTHORITY", "https://x.example", "Detected misconfigured FEED_ID_AUTHORITY ('https://x.example'): it "
                                               "must be a host name such as police.example.gov"),
    ("LISTINGS_PER_PAGE", 2, "Detected misconfigured LISTINGS_PER_PAGE (2): it must be a whole number from 5 to 500"),
    ("SEARCH", "yes", "Detected misconfigured SEARCH ('yes'): it must be True or False"),
    ("SOCIAL_ACCOUNTS", {"myspace": "https://x.example"}, "Detected misconfigured SOCIAL_ACCOUNTS"),
    ("FEED_MAX_ITEMS", True, "Detected misconfigured FEED_MAX_ITEMS (True): it must be a positive whole number"),
])
def test_a_bad_setting_names_itself_its_value_and_the_fix(name, value, message):
    with pytest.raises(SettingError) as raised:
        apply({name: copy.deepcopy(value)})
    assert str(raised.value).startswith(message)


def test_the_docs_contract_is_the_shared_contract():
    shared = ROOT.parent / "shared" / "CONTENT-CONTRACT.md"
    if not shared.exists():
        pytest.skip("../shared/CONTENT-CONTRACT.md is not beside this clone")
    assert (ROOT / "docs/contract.md").read_text() == shared.read_text(), \
        "copy ../shared/CONTENT-CONTRACT.md to docs/contract.md"
