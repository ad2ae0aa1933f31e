#!/usr/bin/env python3
"""Check a content folder without building it (contract section 6).

    .venv/bin/python scripts/lint.py content/

Prints one line per problem, `FILE:LINE: message`, FILE relative to the folder;
warnings say `warning:` and do not fail. Exits 0 when there is no error, 1 when
there is, 2 when the folder or settings cannot be read. The publish build runs
exactly these checks (plugins/ob_checks) and fails on the same errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from _paths import ROOT  # noqa: F401 (puts plugins/ on sys.path)

from pelican.settings import read_settings

import ob_checks
import ob_images
from ob_checks.rules import check_folder
from ob_gate import build_time


def lint(path: str, settings_file: str) -> int:
    settings = read_settings(settings_file, override={"PATH": os.path.abspath(path)})
    ob_images.configure(settings)
    ob_checks.configure(settings)
    problems = check_folder(settings["PATH"], settings, build_time(dict(os.environ)))
    for problem in problems:
        print(problem)
    errors = sum(1 for p in problems if p.level == "error")
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s) in {path}", file=sys.stderr)
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="the content folder, e.g. content/")
    parser.add_argument(
        "-s", "--settings", default=os.path.join(ROOT, "pelicanconf.py"),
        help="settings file (default: pelicanconf.py beside scripts/)",
    )
    args = parser.parse_args(argv)
    if not os.path.isdir(args.path):
        print(f"{args.path}: not a folder: give the content folder, e.g. content/", file=sys.stderr)
        return 2
    return lint(args.path, args.settings)


if __name__ == "__main__":
    sys.exit(main())
