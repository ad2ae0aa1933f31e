"""Reading a site's settings outside a Pelican build (scripts, lint, the preview), as the build does."""

from __future__ import annotations

import os
from typing import Any

from pelican.settings import read_settings

from . import settings as ob_settings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_SETTINGS = os.path.join(ROOT, "pelicanconf.py")


def site_settings(settings_file: str = DEFAULT_SETTINGS, **override: Any) -> dict[str, Any]:
    """Pelican's settings from the file (paths relative to it), with every Open Beat setting filled in."""
    settings = read_settings(settings_file, override=override or None)
    return ob_settings.apply(settings)
