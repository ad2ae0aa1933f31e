"""The output folder: what a build may replace, and how it replaces it all at once.

A build writes into a staging folder beside OUT (`fresh_staging`) and swaps it in
only when it succeeds (`swap_in`); when OUT is a symlink, the folder it points to
is replaced and the link stays. Staging folders of builds that were killed are
removed by the next build. `check_folders` refuses an OUT or a cache that would
overwrite the content, the project, or a folder the build reads.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
from typing import Any

from .paths import check_cache_folder, check_output_folder, project_folder

STAGING_RE = re.compile(r"\.staging-(\d+)(\.old)?$")


def target_folder(output_path: str) -> str:
    """The folder a build replaces: OUT itself, or the folder a symlinked OUT points to."""
    return os.path.realpath(output_path)


def staging_path(output_path: str, pid: int | None = None) -> str:
    parent, name = os.path.split(target_folder(output_path).rstrip(os.sep))
    return os.path.join(parent, f".{name}.staging-{pid or os.getpid()}")


def remove_stale_staging(output_path: str) -> None:
    """Staging folders of builds that were killed (their process is gone) are removed."""
    parent, name = os.path.split(target_folder(output_path).rstrip(os.sep))
    pattern = os.path.join(glob.escape(parent), f".{glob.escape(name)}.staging-*")
    for folder in glob.glob(pattern):
        match = STAGING_RE.search(folder)
        if not match or int(match.group(1)) == os.getpid():
            continue
        try:
            os.kill(int(match.group(1)), 0)
            continue  # another build is running
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            continue


def keep_retained(settings: dict[str, Any], old: str, new: str) -> None:
    """OUTPUT_RETENTION (Pelican's setting, e.g. [".git"]): these names survive the swap."""
    for name in settings.get("OUTPUT_RETENTION", []):
        source = os.path.join(old, name)
        if os.path.lexists(source) and not os.path.lexists(os.path.join(new, name)):
            os.replace(source, os.path.join(new, name))


def swap_in(staging: str, output_path: str, settings: dict[str, Any]) -> None:
    """Replace the output folder by staging with two renames on the same file system."""
    target = target_folder(output_path)
    retired = staging + ".old"
    shutil.rmtree(retired, ignore_errors=True)
    if os.path.isdir(target):
        keep_retained(settings, target, staging)
        os.replace(target, retired)
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def build_reads(settings: dict[str, Any]) -> dict[str, str]:
    """Folders the build reads besides the content and the project: replacing OUT must never delete them."""
    reads = {"theme folder": settings.get("THEME") or "", "cache folder": settings.get("CACHE_PATH") or ""}
    for number, folder in enumerate(settings.get("PLUGIN_PATHS") or [], start=1):
        reads[f"plugin folder {number}"] = folder
    return reads


def check_folders(settings: dict[str, Any]) -> None:
    """Refuse an output or cache folder the build must not write (OutputError names it and the fix)."""
    output = settings["OUTPUT_PATH"]
    check_output_folder(output, settings["PATH"], project_folder(settings), build_reads(settings))
    check_cache_folder(settings["CACHE_PATH"], output, settings["PATH"])


def fresh_staging(output_path: str) -> str:
    """An empty staging folder beside OUT, after removing those of killed builds."""
    remove_stale_staging(output_path)
    staging = staging_path(output_path)
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    return staging
