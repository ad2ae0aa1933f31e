"""Open Beat settings for the public build: pelicanconf.py plus production overrides.

`.venv/bin/pelican CONTENT -s publishconf.py -o OUT` works from any directory:
this file imports pelicanconf.py from beside itself, not from the working directory.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403 (publishconf = pelicanconf + overrides)

SITEURL = os.environ.get("SITEURL", "https://millbrook-pd.example").rstrip("/")
RELATIVE_URLS = False
# HTML outside the allowlist stops the public build (a preview only drops it).
STRICT_HTML = True
