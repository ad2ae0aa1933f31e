"""The build clock: what "now" is for a build, lint and the scripts.

It is SOURCE_DATE_EPOCH when set, so that the same content and the same value
always publish the same items (reproducible builds); else the current time.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from .errors import SettingError


def build_time(environ: Mapping[str, str]) -> datetime:
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(int(epoch), UTC)
    except (ValueError, OverflowError, OSError):
        raise SettingError(f"SOURCE_DATE_EPOCH={epoch!r} is not a time in whole seconds since 1970: unset it, or give "
                           "a Unix time such as 1767225600") from None
