"""Posting to Mastodon and Bluesky, and listening to the replies (contract sections 7, 8, 11).

The modules, from the bottom up:

| module | job |
|---|---|
| `errors.py` | the exceptions; each message says what to do |
| `paths.py` | the project root, and the folders the record and the inbox may not live in |
| `feed.py` | reads the built social feed (`OUT/feeds/social.rss.xml`, see docs/social-feed.md) |
| `text.py` | post texts within each platform's limit, Bluesky facets, record keys (TIDs) |
| `http.py` | one HTTP client: retries, Retry-After, a deadline, no credentials to other hosts |
| `record.py` | `syndication.json`: what was posted where; `discussions()` for the build |
| `mastodon.py`, `bluesky.py` | the two platforms: post, delete, find after a crash, replies |
| `platforms.py` | the platforms the environment configures |
| `syndicate.py` | one syndication run: what to post, delete, thread and record |
| `listen.py` | collects the replies to every recorded post |
| `inbox.py` | `inbox/replies.json` and `inbox/index.html`; `question_from_reply()` for `new.py` |

Everything is written on the standard library (plus Jinja2 for the inbox page):
Mastodon.py and the atproto SDK are large, and neither gives the control over
idempotency keys, record keys, redirects and retries needed here.
"""
