"""The Decap CMS configuration of the browser editor, made from the type table.

One collection per type (built-in and CONTENT_TYPES_EXTRA), one field per key the
type has (contract section 2), in the order scripts/new.py writes them, so that the
file format (editor/src/pelican-format.js) writes new keys in that order too:
Title, Id, the required keys, the optional keys, Modified, Slug, Lang, Status, and
the body last. Each key's kind (openbeat/keys.py) picks its widget:

| kind | widget |
|---|---|
| date | `ob-date`: a date picker, and a time picker (required for `Expires`, `Starts`, `Ends`) |
| list | a list, typed comma-separated |
| refs | `relation` to the items of `refers_to` (`Officers`, `Policies`), several allowed |
| image | `image`, uploaded into `images/` of the content folder |
| image's alt text | `ob-alt`: required whenever the image is set |
| teaser | `ob-teaser`: counts characters, refuses more than TEASER_LIMIT |
| choice | `select` of the key's choices |
| url, phone, number, year | `string` with the pattern lint checks |
| markdown (Summary) | `text` |

The editor's own checks (required keys, patterns, teaser length, alt text) are shown
before saving; lint stays the authority.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ..keys import (
    CHOICE,
    DATE,
    IMAGE,
    LIST,
    MARKDOWN,
    NUMBER,
    PHONE,
    REFS,
    TEASER,
    TEASER_LIMIT,
    TEASER_WARN,
    URL,
    YEAR,
    Key,
    key,
)
from ..types import SLUG_RE, TypeSpec, TypeTable

FORMAT = "pelican"  # the name editor/src/pelican-format.js is registered under
# Keys the contract gives as "date and time" (section 2 table): the editor asks for the time too.
DATE_AND_TIME = frozenset({"expires", "starts", "ends"})
TODAY = "{{today}}"  # a date field's default for a new entry; the page fills in today's date in TIMEZONE
# Keys every post may carry that a type's own list may leave out (contract section 2), written after its keys.
TRAILING_KEYS = ("modified", "slug", "lang", "status")
LANGUAGES = (("en", "English"), ("es", "Español"))
DEFAULT_BRANCH = "main"

PATTERNS: dict[str, tuple[str, str]] = {
    URL: (r"^https?://\S+$", "An address starting with https://"),
    PHONE: (r"^\+?[0-9][0-9 ().-]{2,}$", "A phone number, like 555-0123"),
    NUMBER: (r"^[0-9]+(\.[0-9]+)*$", "A policy number, like 300 or 300.2"),
    YEAR: (r"^[0-9]{4}$", "A year, like 2019"),
}
SLUG_PATTERN = (SLUG_RE.pattern, "Lower-case letters, digits and hyphens, like bike-unit-returns")
# What to write, for the keys whose lint hint does not say it the way a form should.
HINTS = {
    "title": "The headline residents see.",
    "question": "The resident's words, exactly as asked.",
    "asker": "Who asked, without their name: for example Resident, Old Town.",
    "tags": "Topics, separated by commas.",
    "authors": "Who answered, separated by commas.",
    "languages": "Separated by commas.",
    "teaser": f"Plain text for social media, at most {TEASER_LIMIT} characters. Empty: made from the summary or the "
              "first paragraph.",
    "summary": "One or two sentences at the top of the page.",
    "slug": "Leave empty: the address comes from the file name. For a Spanish translation: the English post's "
            "address (its file name without .md), so the two are linked.",
    "lang": "Spanish for a translation; give the English post's address under Slug.",
    "status": "Draft: saved, but published nowhere. Published (or empty): on the site at the next build.",
    "modified": "The day the post last changed in a way readers should know about.",
    "change_note": "A sentence for the public saying what this revision changed.",
    "body": "The text, in Markdown.",
}


def _label(k: Key) -> str:
    """The key as files spell it, with what pages call it when that says more (Date (published))."""
    if k.label and k.label.lower() != k.name.lower().replace("-", " "):
        return f"{k.name} ({k.label.lower()})"
    return k.name


def _hint(k: Key) -> str:
    name = k.id
    if name in HINTS:
        return HINTS[name]
    hint = k.hint.strip()
    if hint.startswith(("add ", "write ")):  # lint's words ("add "X: ..." (the day ...)"): keep what is in brackets
        inner = hint[hint.rfind("(") + 1:-1] if hint.endswith(")") and "(" in hint else ""
        return inner[:1].upper() + inner[1:] + "." if inner else ""
    return hint[:1].upper() + hint[1:] + ("." if hint and not hint.endswith(".") else "")


def _alt_keys(spec: TypeSpec) -> dict[str, str]:
    """alt key id -> the id of the image key it describes."""
    return {k.alt_key.replace("-", "_"): k.id for k in spec.keys if k.kind == IMAGE and k.alt_key}


def key_field(spec: TypeSpec, k: Key, required: bool, types: TypeTable, timezone: str) -> dict[str, Any]:
    """The Decap field of one key of a type."""
    field: dict[str, Any] = {"name": k.id, "label": _label(k), "required": required}
    hint = _hint(k)
    if hint:
        field["hint"] = hint
    alt_of = _alt_keys(spec).get(k.id)
    if alt_of:
        field.update(widget="ob-alt", image_field=alt_of)
        field.setdefault("hint", "Describe the image for people who cannot see it.")
    elif k.kind == DATE:
        field.update(widget="ob-date", time="required" if k.id in DATE_AND_TIME else "optional", timezone=timezone)
        if required and k.starter == "{today}":
            field["default"] = TODAY
    elif k.kind in (LIST, REFS):
        target = types.get(k.refers_to) if k.kind == REFS else None
        if target is not None:
            field.update(widget="relation", collection=target.folder, value_field="{{slug}}",
                         search_fields=["title"], display_fields=["title"], multiple=True,
                         filters=[{"field": "lang", "values": ["en"]}])
        else:
            field.update(widget="list")
    elif k.kind == IMAGE:
        field.update(widget="image", choose_url=False)
    elif k.kind == TEASER:
        field.update(widget="ob-teaser", limit=TEASER_LIMIT, warn=TEASER_WARN)
    elif k.kind == CHOICE:
        field.update(widget="select", options=[
            {"label": k.choice_labels.get(c, (c.capitalize(),))[0], "value": c} for c in k.choices])
        if k.starter in k.choices:
            field["default"] = k.starter
    elif k.kind == MARKDOWN:
        field.update(widget="text")
    elif k.kind in PATTERNS:
        field.update(widget="string", pattern=list(PATTERNS[k.kind]))
    else:
        field.update(widget="string")
    return field


def type_fields(spec: TypeSpec, types: TypeTable, timezone: str) -> list[dict[str, Any]]:
    """Every field of a type's collection, in the order of the file (the body last)."""
    fields: list[dict[str, Any]] = [
        {"name": "title", "label": "Title", "widget": "string", "hint": HINTS["title"]},
        {"name": "id", "label": "Id", "widget": "hidden", "required": False},
    ]
    for k in spec.keys:
        fields.append(key_field(spec, k, k.name.lower() in spec.required, types, timezone))
    names = {f["name"] for f in fields}
    for name in TRAILING_KEYS:
        if name in names:
            continue
        if name == "slug":
            fields.append({"name": "slug", "label": "Slug (web address)", "widget": "string", "required": False,
                           "pattern": list(SLUG_PATTERN), "hint": HINTS["slug"]})
        elif name == "lang":
            fields.append({"name": "lang", "label": "Language", "widget": "select", "default": "en",
                           "required": False, "hint": HINTS["lang"],
                           "options": [{"label": label, "value": code} for code, label in LANGUAGES]})
        elif name == "status":
            fields.append({"name": "status", "label": "Status", "widget": "select", "default": "draft",
                           "required": False, "hint": HINTS["status"],
                           "options": [{"label": "Draft", "value": "draft"}, {"label": "Published", "value": "published"}]})
        else:
            fields.append(key_field(spec, key(name), False, types, timezone))
    fields.append({"name": "body", "label": "Text", "widget": "markdown", "required": False, "hint": HINTS["body"],
                   "modes": ["rich_text", "raw"]})
    return fields


def collection(spec: TypeSpec, types: TypeTable, folder_prefix: str, timezone: str) -> dict[str, Any]:
    """The Decap collection of one type."""
    fields = type_fields(spec, types, timezone)
    sortable = ["title"] + (["date"] if spec.dated else [])
    return {
        "name": spec.folder,
        "label": spec.plural,
        "label_singular": spec.name,
        "folder": f"{folder_prefix}{spec.folder}",
        "extension": "md",
        "format": FORMAT,
        "create": True,
        "delete": False,
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}} ({{lang}})" if not spec.dated else "{{title}} ({{lang}}, {{date}})",
        "sortable_fields": sortable,
        "view_groups": [{"label": "Language", "field": "lang"}],
        "fields": fields,
    }


def content_folder_in_repo(settings: Mapping[str, Any]) -> str:
    """The content folder relative to the root of its git repository (what a git host's API names), e.g. content."""
    path = os.path.abspath(str(settings.get("PATH") or "content"))
    probe = path
    while True:
        if os.path.exists(os.path.join(probe, ".git")):
            return os.path.relpath(path, probe).replace(os.sep, "/").strip(".") or ""
        parent = os.path.dirname(probe)
        if parent == probe:
            return os.path.basename(path)
        probe = parent


DEFAULT_PROXY = "http://127.0.0.1:8081/api/v1"  # decap-server's API, as make edit starts it


def backend(settings: Mapping[str, Any], local: bool, proxy_url: str) -> dict[str, Any]:
    """Decap's backend: decap-server on this machine, or the git host of EDITOR_BACKEND."""
    if local:
        return {"name": "proxy", "proxy_url": proxy_url, "branch": DEFAULT_BRANCH}
    host = settings.get("EDITOR_BACKEND") or ""
    repo = settings.get("EDITOR_REPO") or ""
    branch = settings.get("EDITOR_BRANCH") or DEFAULT_BRANCH
    auth_url = settings.get("EDITOR_AUTH_URL") or ""
    labels = {"commit_messages": {
        "create": "Create {{collection}} “{{slug}}”", "update": "Update {{collection}} “{{slug}}”",
        "delete": "Delete {{collection}} “{{slug}}”", "uploadMedia": "Upload “{{path}}”",
        "deleteMedia": "Delete “{{path}}”"}}
    if host == "github":
        result = {"name": "github", "repo": repo, "branch": branch, **labels}
        if auth_url:
            parts = urlsplit(auth_url)
            result["base_url"] = f"{parts.scheme}://{parts.netloc}"
            result["auth_endpoint"] = parts.path.strip("/") or "auth"
        return result
    if host == "gitlab":
        result = {"name": "gitlab", "repo": repo, "branch": branch, "auth_type": "pkce",
                  "app_id": settings.get("EDITOR_APP_ID") or "", **labels}
        if auth_url:  # a department's own GitLab
            parts = urlsplit(auth_url)
            base = f"{parts.scheme}://{parts.netloc}"
            result.update(base_url=base, api_root=f"{base}/api/v4", auth_endpoint="oauth/authorize")
        return result
    raise ValueError(f"EDITOR_BACKEND is {host!r}: set it to 'github' or 'gitlab' to publish the editor")


def backend_hosts(config: Mapping[str, Any]) -> list[str]:
    """The origins the editor page may connect to besides its own (its Content-Security-Policy), for
    the backend part of editor_config()."""
    if config["name"] == "proxy":
        parts = urlsplit(config["proxy_url"])
        return [f"{parts.scheme}://{parts.netloc}"]
    if config["name"] == "github":
        return ["https://api.github.com"]
    return [config.get("base_url", "https://gitlab.com")]


def editor_config(settings: Mapping[str, Any], types: TypeTable, local: bool,
                  proxy_url: str = DEFAULT_PROXY) -> dict[str, Any]:
    """The whole Decap configuration: backend, media folder, one collection per type.

    `local`: saves go through decap-server into the content folder (make edit), and
    folders are named inside the content folder; else through EDITOR_BACKEND's git host,
    with the editorial workflow (each save a pull request), and folders are named
    inside the repository.
    """
    prefix = "" if local else (content_folder_in_repo(settings).strip("/") + "/").lstrip("/")
    timezone = str(settings.get("TIMEZONE") or "UTC")
    config: dict[str, Any] = {
        "backend": backend(settings, local, proxy_url),
        "load_config_file": False,
        "media_folder": f"{prefix}images",
        "public_folder": "images",
        "site_url": "/" if local else str(settings.get("SITEURL") or "/"),
        "display_url": "/" if local else str(settings.get("SITEURL") or "/"),
        "locale": "en",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [collection(spec, types, prefix, timezone) for spec in types],
    }
    if not local:
        config["publish_mode"] = "editorial_workflow"
    return config
