"""Declaring and checking plugin settings, the same way in every plugin."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any


class SettingError(ValueError):
    """A setting has a value the plugin cannot use; the message names the fix."""


def declare(
    settings: dict[str, Any],
    defaults: dict[str, Any],
    checks: dict[str, tuple[Callable[[Any], bool], str]],
) -> None:
    """Fill in missing settings from defaults, then check every value.

    checks maps a setting name to (predicate, what a good value looks like).
    """
    for name, value in defaults.items():
        settings.setdefault(name, copy.deepcopy(value))
    for name, (is_ok, expected) in checks.items():
        if not is_ok(settings[name]):
            raise SettingError(
                f"Detected misconfigured {name} ({settings[name]!r}): "
                f"it must be {expected} (default {defaults[name]!r})"
            )
