#!/usr/bin/env python3
"""Preview the site while you write: rebuilt after every save, and the page reloads itself.

    make serve                      (content/ into output/, on http://127.0.0.1:8000/)
    make serve INPUTDIR=... OUTPUTDIR=... PORT=8001
    .venv/bin/python scripts/serve.py CONTENT -o OUT [-s SETTINGS] [--port 8000] [--admin DIR]

Only what an edit changes is rebuilt. A content error prints one short FILE:LINE
summary, shows it on the page, and the preview keeps the last good version.
Ctrl-C stops it. With --admin, the folder DIR is served at /admin/ (make edit).
"""

from __future__ import annotations

import argparse
import os
import sys

from openbeat.config import DEFAULT_SETTINGS, site_settings
from openbeat.errors import BuildError
from openbeat.preview import Preview, serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", help="the content folder")
    parser.add_argument("-o", "--output", required=True, help="the output folder")
    parser.add_argument("-s", "--settings", default=DEFAULT_SETTINGS)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--admin", help="a folder to serve at /admin/ (the editor of make edit)")
    args = parser.parse_args(argv)
    try:
        settings = site_settings(args.settings, PATH=os.path.abspath(args.content),
                                 OUTPUT_PATH=os.path.abspath(args.output))
        preview = Preview(settings)
    except BuildError as error:
        print(f"serve: {error}", file=sys.stderr)
        return 2
    try:
        serve(preview, args.port, os.path.abspath(args.admin) if args.admin else None)
    except OSError as error:
        print(f"serve: cannot listen on 127.0.0.1:{args.port} ({error.strerror}): choose another PORT", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
