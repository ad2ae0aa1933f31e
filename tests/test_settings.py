"""Every plugin setting is documented in docs/settings.md with its real default."""

import importlib
import re

import pytest

from conftest import ROOT
from ob_types.settings import SettingError, declare

PLUGINS_WITH_SETTINGS = ["ob_checks", "ob_images", "ob_cards", "ob_feeds"]


def documented():
    rows = {}
    for line in (ROOT / "docs/settings.md").read_text().splitlines():
        match = re.match(r"\| `([A-Z_]+)` \| [^|]+ \| `([^`]*)`", line)
        if match:
            rows[match.group(1)] = match.group(2)
    return rows


@pytest.mark.parametrize("plugin", PLUGINS_WITH_SETTINGS)
def test_every_setting_is_documented_with_its_default(plugin):
    rows = documented()
    for name, value in importlib.import_module(plugin).DEFAULTS.items():
        assert name in rows, f"{name} is missing from docs/settings.md"
        assert rows[name] == repr(value), f"docs/settings.md gives {rows[name]} for {name}, the code {value!r}"


def test_a_bad_setting_names_itself_its_value_and_the_fix():
    settings = {"IMAGES_QUALITY": 200}
    importlib.import_module("ob_images")
    with pytest.raises(SettingError, match=r"IMAGES_QUALITY \(200\): it must be a number from 1 to 95"):
        importlib.import_module("ob_images").configure(settings)


def test_defaults_fill_in_missing_settings():
    settings = {}
    declare(settings, {"X": [1]}, {})
    assert settings == {"X": [1]}


def test_docs_contract_is_the_shared_contract():
    shared = ROOT.parent / "shared" / "CONTENT-CONTRACT.md"
    if not shared.exists():
        pytest.skip("../shared/CONTENT-CONTRACT.md is not beside this clone")
    assert (ROOT / "docs/contract.md").read_text() == shared.read_text(), "copy ../shared/CONTENT-CONTRACT.md to docs/contract.md"
