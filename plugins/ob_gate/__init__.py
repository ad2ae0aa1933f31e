"""ob_gate: drafts and future posts are published nowhere (contract section 3).

Pelican's WITH_FUTURE_DATES compares with the wall clock; this gate compares with
the build clock instead, so that the same content and the same SOURCE_DATE_EPOCH
always publish the same items (reproducible builds). Drafts are never written
because pelicanconf.py sets every DRAFT_*SAVE_AS to "".
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from pelican import signals
from pelican.contents import Article, Page


def build_time(environ: dict[str, str]) -> datetime:
    """The build clock: SOURCE_DATE_EPOCH when set, else the current time (UTC)."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), UTC)
        except ValueError:
            raise ValueError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds; "
                "unset it or give a Unix time such as 1767225600"
            ) from None
    return datetime.now(UTC)


def set_build_time(pelican: Any) -> None:
    """Read the clock once per run; every plugin uses settings["BUILD_TIME"]."""
    pelican.settings["BUILD_TIME"] = build_time(dict(os.environ))


def hold_back(instance: Any) -> None:
    """A post dated after the build clock becomes a draft; no draft has an output file.

    The empty save_as also overrides the URL ob_types gave the item, so Pelican's
    draft writer skips it whatever DRAFT_SAVE_AS says.
    """
    if not isinstance(instance, (Article, Page)):
        return
    now = instance.settings.get("BUILD_TIME") or build_time(dict(os.environ))
    if hasattr(instance, "date") and instance.date > now:
        instance.status = "draft"
    if instance.status == "draft":
        instance.override_save_as = ""
        instance.override_url = ""


def register() -> None:
    # get_generators is the first signal of every run (also each autoreload
    # rebuild), before any content is read.
    signals.get_generators.connect(set_build_time)
    # content_object_init (after ob_types has set the URL): the status must be
    # settled before the generator sorts the item into published or drafts.
    signals.content_object_init.connect(hold_back)
