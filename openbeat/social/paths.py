"""Where the record and the inbox live, and where they must never be.

Both are staff files: `syndication.json` is committed to git but never published, and the
inbox holds residents' words and handles. Neither may sit inside the content folder (the
build would publish or choke on it) or inside a built output folder (it would be uploaded).
"""

from __future__ import annotations

from pathlib import Path

# openbeat/social/paths.py -> the project root, the folder of pelicanconf.py.
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def is_output_folder(folder: Path) -> bool:
    """A folder a build wrote: it holds the social feed, or a site map beside a home page."""
    return (folder / "feeds" / "social.rss.xml").is_file() or (
        (folder / "sitemap.xml").is_file() and (folder / "index.html").is_file()
    )


def forbidden_parent(path: Path, root: Path, extra: list[Path] | None = None) -> Path | None:
    """The content or output folder that `path` would be inside, or None when it is allowed.

    Forbidden: ROOT/content, ROOT/output*, the folders in `extra` (e.g. the OUT of the feed
    being posted), any folder a build wrote, and any `content` folder beside a
    `pelicanconf.py` (another project's content).
    """
    target = path.resolve()
    root = root.resolve()
    forbidden = [root / "content", *(p.resolve() for p in extra or [])]
    forbidden += [p for p in root.glob("output*") if p.is_dir()]
    for folder in forbidden:
        if target == folder or folder in target.parents:
            return folder
    for folder in [target, *target.parents]:
        if folder.is_dir() and is_output_folder(folder):
            return folder
        if folder.name == "content" and (folder.parent / "pelicanconf.py").is_file():
            return folder
    return None
