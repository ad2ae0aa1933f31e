#!/usr/bin/env python3
"""Post the new items of the built social feed to Mastodon and Bluesky (POSSE).

    .venv/bin/python scripts/syndicate.py output/feeds/social.rss.xml [--record FILE]
        [--since YYYY-MM-DD] [--max-posts N] [--dry-run]
    make syndicate

Run it after the site is deployed, so that the links work. Credentials come from the
environment only; a platform is used when its variables are set:

    MASTODON_BASE_URL   e.g. https://mastodon.example     MASTODON_TOKEN
    BLUESKY_HANDLE      e.g. millbrookpd.example          BLUESKY_APP_PASSWORD
    BLUESKY_PDS         default https://bsky.social

What was posted where is recorded in syndication.json at the project root (or --record
FILE); commit it. Without --since, the first run only records the items already in the
feed as seen. Exit status: 0 done, 1 an item failed or the run had to stop (the message
says why), 2 nothing could start (configuration, feed, record).
The behaviour is described in openbeat/social/syndicate.py and docs/deploying.md.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime

from openbeat.social.errors import ConfigError, FeedError, RecordError, Stop
from openbeat.social.http import redact
from openbeat.social.paths import PROJECT_ROOT
from openbeat.social.platforms import configured_platforms, secrets_of
from openbeat.social.record import FILE_NAME
from openbeat.social.syndicate import DEFAULT_MAX_POSTS, run


def since_date(text: str) -> datetime:
    """YYYY-MM-DD (midnight UTC) or an ISO date and time (UTC unless it names an offset)."""
    try:
        return datetime.fromisoformat(text)  # run() reads a time without an offset as UTC
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it like 2026-06-01") from None


def count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of posts: write it like 5")
    return int(text)


def main(argv: list[str] | None = None, env: dict[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("feed", help="the built social feed, e.g. output/feeds/social.rss.xml")
    parser.add_argument("--record", default=str(PROJECT_ROOT / FILE_NAME), help=f"the syndication record (default: {FILE_NAME} at the project root)")
    parser.add_argument("--since", type=since_date, help="never post items published before this date (YYYY-MM-DD, UTC)")
    parser.add_argument("--max-posts", type=count, default=DEFAULT_MAX_POSTS, help=f"new posts per run at most (default {DEFAULT_MAX_POSTS})")
    parser.add_argument("--dry-run", action="store_true", help="print exactly what would be sent; send and record nothing")
    args = parser.parse_args(argv)
    try:
        platforms = configured_platforms(os.environ if env is None else env)
    except ConfigError as error:
        print(f"syndicate: {error}", file=sys.stderr)
        return 2
    try:
        result = run(args.feed, args.record, platforms, since=args.since, max_posts=args.max_posts, dry_run=args.dry_run)
    except (FeedError, RecordError) as error:
        print(f"syndicate: {error}", file=sys.stderr)
        return 2
    except Stop as stop:
        print(f"syndicate: {redact(str(stop), secrets_of(platforms))}", file=sys.stderr)
        return 1
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
