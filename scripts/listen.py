#!/usr/bin/env python3
"""Collect the replies to our Mastodon and Bluesky posts into the inbox, for staff.

    .venv/bin/python scripts/listen.py [--record FILE] [--inbox DIR]
    make listen

Reads the posts from syndication.json (at the project root, or --record FILE) and writes
inbox/replies.json and inbox/index.html (or --inbox DIR; never inside content/ or an
output folder: the inbox holds residents' handles and is never published). Uses the same
environment variables as scripts/syndicate.py. Exit status: 0 done, 1 a platform could
not be collected (the rest was; the message says why), 2 nothing could start.
"""

from __future__ import annotations

import argparse
import os
import sys

from openbeat.social.errors import ConfigError, InboxError, RecordError
from openbeat.social.listen import listen
from openbeat.social.paths import PROJECT_ROOT
from openbeat.social.platforms import configured_platforms
from openbeat.social.record import FILE_NAME


def main(argv: list[str] | None = None, env: dict[str, str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--record", default=str(PROJECT_ROOT / FILE_NAME), help=f"the syndication record (default: {FILE_NAME} at the project root)")
    parser.add_argument("--inbox", default=str(PROJECT_ROOT / "inbox"), help="the folder to write (default: inbox/ at the project root)")
    args = parser.parse_args(argv)
    try:
        platforms = configured_platforms(os.environ if env is None else env)
    except ConfigError as error:
        print(f"listen: {error}", file=sys.stderr)
        return 2
    try:
        return listen(args.record, args.inbox, platforms).exit_code
    except (InboxError, RecordError) as error:
        print(f"listen: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
