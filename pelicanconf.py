"""Open Beat settings for local builds (`make html`, `make serve`).

Department-specific values live at the top; the rest wires the content contract
(../shared/CONTENT-CONTRACT.md) into Pelican and should rarely change.
Every plugin setting, with its default, is listed in docs/settings.md.
"""

import os

# --- The department ------------------------------------------------------------
SITENAME = os.environ.get("SITENAME", "Millbrook Police Department")
SITEURL = os.environ.get("SITEURL", "")
CITY = "City of Millbrook"
TIMEZONE = "America/Chicago"
DEFAULT_LANG = "en"
# Phone numbers the department publishes on purpose; any other phone number in
# content is reported as personal data (contract section 6).
PUBLIC_PHONES = ["555-0100", "555-0101", "555-0102", "555-0123"]
NON_EMERGENCY_PHONE = "555-0100"
CONTACT_EMAIL = "info@millbrook-pd.example"
ADDRESS = "200 Main Street, Millbrook"

# --- Content folders (contract section 2) ---------------------------------------
PATH = "content"
ARTICLE_PATHS = ["policies", "qa", "stories", "alerts", "data"]
# Officer profiles have no date, so Pelican reads them as pages; ob_types gives
# them their /officers/SLUG/ URL.
PAGE_PATHS = ["pages", "officers"]
STATIC_PATHS = ["files"]
# Images are published by ob_images only when a published item uses them.
SLUGIFY_SOURCE = "basename"
# Translations share type and slug (a qa and a story may share a slug).
ARTICLE_TRANSLATION_ID = ("ob_type", "slug")
PAGE_TRANSLATION_ID = ("ob_type", "slug")
# Future posts are held back by ob_gate against the build clock
# (SOURCE_DATE_EPOCH), not by Pelican's wall clock.
WITH_FUTURE_DATES = True
FORMATTED_FIELDS = ["summary"]

# URLs are set per type by ob_types; these are the fallbacks Pelican needs.
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = "{category}/{slug}/index.html"
ARTICLE_LANG_URL = "{lang}/{category}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/{category}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"

# Nothing Pelican would write on its own that the contract does not ask for:
# drafts are never written anywhere, and there are no tag, category, author or
# date archives (ob_listings writes the home and type index pages).
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
DIRECT_TEMPLATES = []
INDEX_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
# Feeds are written by ob_feeds (contract section 4), not by Pelican.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None

# --- Theme and plugins -----------------------------------------------------------
THEME = "theme"
THEME_STATIC_DIR = "theme"
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}
DEFAULT_DATE_FORMAT = "%B %-d, %Y"
DATE_FORMATS = {"en": "%B %-d, %Y", "es": "%-d/%m/%Y"}
CACHE_CONTENT = False
CACHE_PATH = ".cache"  # image derivatives (ob_images); safe to delete
LOAD_CONTENT_CACHE = False

PLUGIN_PATHS = ["plugins"]
# Order matters: signals call plugins in this order, and a plugin imports
# only plugins listed above it.
PLUGINS = [
    "ob_types",  # type, URL and typed keys of every item, from its folder
    "ob_gate",  # drafts and future posts: published nowhere
    "ob_images",  # images used by published items, metadata stripped
    "ob_checks",  # the content rule set (scripts/lint.py runs the same)
    "ob_atomic",  # strict build into a staging folder, swapped in on success
    "ob_i18n",  # theme strings in English and Spanish
    "ob_assets",  # the theme's CSS components as one stylesheet
    "ob_html",  # figures, tables, heading anchors, external and contact links
    "ob_data",  # data sets: table, SVG chart and CSV download
    "ob_links",  # officers <-> stories, policies <-> answers
    "ob_alerts",  # urgent banner and expired marker
    "ob_listings",  # home page and type index pages
    "ob_cards",  # a 1200x630 share card per item
    "ob_feeds",  # Atom/RSS feeds and the social feed
    "ob_history",  # policy revisions from git: history pages, changes feed
    "ob_sitemap",  # sitemap.xml and robots.txt
]
