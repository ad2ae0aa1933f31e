#!/usr/bin/env python3
"""Check a content folder without building it (contract section 6).

    .venv/bin/python scripts/lint.py content/

Prints one line per problem, `FILE:LINE: message`, FILE relative to the folder;
warnings say `warning:` and notes `note:`, and neither fails. Exits 0 when there
is no error, 1 when there is, 2 when the folder or settings cannot be read. The
publish build runs the same checks (openbeat.checks) and fails on the same errors.
"""

from __future__ import annotations

import argparse
import os
import sys

from openbeat.checks import check_folder, lint_renderer
from openbeat.clock import build_time
from openbeat.config import DEFAULT_SETTINGS, site_settings


def lint(path: str, settings_file: str) -> int:
    settings = site_settings(settings_file, PATH=os.path.abspath(path))
    problems = check_folder(settings["PATH"], settings, build_time(os.environ), render=lint_renderer(settings))
    for problem in problems:
        print(problem)
    errors = sum(1 for p in problems if p.level == "error")
    warnings = sum(1 for p in problems if p.level == "warning")
    print(f"{errors} error(s), {warnings} warning(s) in {path}", file=sys.stderr)
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the content folder, e.g. content/")
    parser.add_argument("-s", "--settings", default=DEFAULT_SETTINGS,
                        help="settings file (default: pelicanconf.py of the project)")
    args = parser.parse_args(argv)
    if not os.path.isdir(args.path):
        print(f"{args.path}: not a folder: give the content folder, e.g. content/", file=sys.stderr)
        return 2
    try:
        return lint(args.path, args.settings)
    except ValueError as error:  # a SettingError, or Pelican's ValueError of a settings file it cannot use
        print(f"{args.settings}: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
