#!/usr/bin/env python3
"""Write a .gz copy beside every text file of a built site, for hosts that serve them.

    .venv/bin/python scripts/precompress.py output/

Deterministic (no file name or time in the gzip header), so reproducible
builds stay byte-identical.
"""

from __future__ import annotations

import gzip
import os
import sys

SUFFIXES = (".html", ".css", ".js", ".xml", ".xsl", ".txt", ".svg", ".csv", ".json")


def precompress(root: str) -> int:
    count = 0
    for folder, _, files in os.walk(root):
        for name in files:
            if name.endswith(SUFFIXES):
                path = os.path.join(folder, name)
                with open(path, "rb") as source:
                    data = source.read()
                with open(path + ".gz", "wb") as target:
                    target.write(gzip.compress(data, compresslevel=9, mtime=0))
                count += 1
    return count


if __name__ == "__main__":
    root = sys.argv[1] if len(sys.argv) > 1 else "output"
    print(f"{precompress(root)} files precompressed in {root}")
