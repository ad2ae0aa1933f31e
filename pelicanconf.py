"""Open Beat settings for local builds (`make html`, `make serve`).

Department-specific values live at the top; the rest wires the content contract
(docs/contract.md) into Pelican and should rarely change. Every Open Beat setting,
with its default, is listed in docs/settings.md.
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
TIP_PHONE = "555-0123"  # appeals without their own Tip-Phone
CONTACT_EMAIL = "info@millbrook-pd.example"
ADDRESS = "200 Main Street, Millbrook"
FEEDS_HASHTAGS = ["#MillbrookPD"]
LOGO = "branding/seal.png"  # the seal: header, share cards, structured data (SVG or PNG)
SOCIAL_ACCOUNTS = {  # footer and Follow page, with rel="me"
    "mastodon": "https://mastodon.example/@millbrookpd",
    "bluesky": "https://bsky.app/profile/millbrookpd.example",
    "facebook": "https://www.facebook.com/millbrookpd.example",
}
# The department's own content types (contract section 13), for example:
# CONTENT_TYPES_EXTRA = {"jobs": {"name": "Job opening", "required": ["Date", "Closes"], "dates": ["Closes"]}}

# --- Pelican wiring ------------------------------------------------------------------
PROJECT_PATH = os.path.dirname(os.path.abspath(__file__))
PATH = "content"
# Open Beat reads every post itself (plugins/ob_model, from the type table in
# openbeat/types.py); Pelican's own generators read and write nothing.
ARTICLE_PATHS = []
PAGE_PATHS = []
STATIC_PATHS = []
# Only .md posts, read by openbeat's reader; no file name or path decides a date.
READERS = {"html": None, "htm": None, "rst": None, "markdown": None, "mkd": None, "mdown": None}
FILENAME_METADATA = ""
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
PAGE_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
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
# Future posts are held back by Open Beat against the build clock (SOURCE_DATE_EPOCH).
WITH_FUTURE_DATES = True

# --- Theme, Markdown, caches and plugins --------------------------------------------------
# Absolute, so that a settings file elsewhere that imports this one finds them.
THEME = os.path.join(PROJECT_PATH, "theme")
THEME_STATIC_PATHS = []
# auto_reload off: a build renders with the templates it started with, without a stat of each template
# on every include (make serve turns it back on, so an edited template shows).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True, "auto_reload": False}
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.smarty": {},
    },
    "output_format": "html5",
}
# Pelican's content cache (posts read again only when their text changes) and
# Open Beat's cache of made outputs: a build with nothing changed renders nothing.
CACHE_PATH = os.path.join(PROJECT_PATH, ".cache")
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "md5"
GZIP_CACHE = False  # a few MB more on disk; compressing it took a tenth of a second of every build

PLUGIN_PATHS = [os.path.join(PROJECT_PATH, "plugins")]
# Order matters: signals call plugins in this order. Plugins import only openbeat/.
PLUGINS = [
    "ob_setup",  # settings, the .md reader and the build clock
    "ob_checks",  # the content rule set (scripts/lint.py runs the same)
    "ob_atomic",  # build into a staging folder, swapped in on success; never outside OUT
    "ob_model",  # read every post once; build the site model once
    "ob_i18n",  # theme strings and dates in the page's language
    "ob_write",  # render the site model, through the cache of made outputs
    "ob_search",  # the Pagefind search index of the finished site
]
