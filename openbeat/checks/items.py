"""Rules on one post's keys, images, links and text, and on the folder as a whole."""

from __future__ import annotations

import difflib
import html
import os
import re
from collections.abc import Iterator

from .. import keys as K
from ..behaviours import behaviour
from ..errors import Problem
from ..images import ImageProblem, inspect
from ..paths import LINK_PREFIXES, PathRefused, content_file, is_external, strip_link_prefix
from ..reading import IMAGE_EXTENSIONS, STATIC_FOLDERS
from ..types import RESERVED_NAMES
from ..values import format_date, typed_value
from .context import Context, Entry
from .files import slug_problem
from .personal import find_personal_data

MD_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)>?(?:\s+[\"'][^\"']*[\"'])?\s*\)")
# A reference-style image, ![alt][label], ![alt][] or ![alt], and the definition it names.
MD_REF_IMAGE_RE = re.compile(r"!\[(?P<alt>[^\]]*)\](?!\()(?:[ ]?\[(?P<label>[^\]]*)\])?")
MD_REF_DEF_RE = re.compile(r"^[ ]{0,3}\[(?P<label>[^\]^][^\]]*)\]:[ \t]*<?(?P<src>[^\s>]+)>?")
HTML_IMG_RE = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
HTML_ATTR_RE = re.compile(r"""(?<![\w-])(src|alt)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.IGNORECASE)
CONTENT_LINK_RE = re.compile("(" + "|".join(map(re.escape, LINK_PREFIXES)) + r")[^\s)\"'>]*")
TODO_RE = re.compile(r"\bTODO\b")
# Pairs of date keys: the first may not come before the second (contract section 6).
NOT_BEFORE = (("expires", "date"), ("resolved", "date"), ("ends", "starts"), ("date", "asked"))


def check_entry(entry: Entry, context: Context) -> Iterator[Problem]:
    """Every rule on one post."""
    problem = slug_problem(entry)
    if problem is not None:
        yield problem
    yield from check_keys(entry, context)
    yield from check_images(entry, context)
    yield from check_links(entry, context)
    yield from check_text(entry, context)
    for name in entry.spec.behaviours:
        rules = getattr(behaviour(name), "checks", None)
        if rules is not None:
            yield from rules(entry, context)


def check_keys(entry: Entry, context: Context) -> Iterator[Problem]:
    post, spec, path = entry.post, entry.spec, entry.path
    image = spec.image_key
    for name in ("title",) + spec.required:
        if image is not None and name == image.alt_key and post.get(image.name.lower()):
            continue  # check_images names the missing text alternative at the image's line
        if not post.get(name):
            key = spec.key(name)
            yield Problem(path, post.line(name), f"{key.name} is missing: {key.hint or f'add {key.name}: ...'}")
    if "template" in post.values:
        yield Problem(path, post.line("template"), "Template is not a key of Open Beat (the type decides the "
                                                   "layout): remove this line")
    tz = context.settings["TIMEZONE"]
    dates = {}
    for name, raw in post.values.items():
        if name == "template":
            continue
        if not spec.known(name):
            yield Problem(path, post.line(name), f"{name.title()} is not a key of {spec.folder}/ and is ignored: "
                                                 "check its spelling", "warning")
            continue
        key = spec.key(name)
        if not raw.strip():
            continue
        try:
            value = typed_value(key, raw, tz)
        except ValueError as error:
            yield Problem(path, post.line(name), f"{key.name} {error}")
            continue
        if key.kind == K.DATE:
            dates[name] = value
    teaser = post.get("teaser")
    if len(teaser) > K.TEASER_LIMIT:
        yield Problem(path, post.line("teaser"),
                      f"Teaser is {len(teaser)} characters, over the limit of {K.TEASER_LIMIT}: shorten it")
    elif len(teaser) > K.TEASER_WARN:
        yield Problem(path, post.line("teaser"),
                      f"Teaser is {len(teaser)} characters: some networks cut after {K.TEASER_WARN}", "warning")
    for later, earlier in NOT_BEFORE:
        if later in dates and earlier in dates and dates[later] < dates[earlier]:
            yield Problem(path, post.line(later), f"{spec.key(later).name} ({post.get(later)}) is before "
                                                  f"{spec.key(earlier).name} ({post.get(earlier)}): check both dates")


def check_schedule(entry: Entry, context: Context) -> Iterator[Problem]:
    """The rules that read the clock, apart from the rest: those may be reused while a post is unchanged."""
    post, spec, tz = entry.post, entry.spec, context.settings["TIMEZONE"]
    dates = {}
    for name in ("review-due", "date"):
        if spec.known(name) and spec.key(name).kind == K.DATE and post.get(name):
            try:
                dates[name] = typed_value(spec.key(name), post.values[name], tz)
            except ValueError:
                continue  # check_keys names the problem
    if "review-due" in dates and dates["review-due"] < context.now:
        yield Problem(entry.path, post.line("review-due"), "Review-Due has passed: review it and set the next date",
                      "warning")
    if "date" in dates and dates["date"] > context.now and not entry.draft:
        when = format_date(dates["date"])
        yield Problem(entry.path, post.line("date"), f"scheduled: it appears in the first build on or after {when} "
                                                     f"({tz}), not before", "note")


def image_references(entry: Entry) -> Iterator[tuple[int, str, str | None, str]]:
    """(line, path, alt text or None when missing, the alt key's name) of every image a post uses."""
    post, spec = entry.post, entry.spec
    key = spec.image_key
    if key is not None and post.get(key.name.lower()):
        yield post.line(key.name.lower()), post.get(key.name.lower()), post.get(key.alt_key) or None, key.alt_key
    lines = post.body_lines()
    definitions = {}
    for _number, line in lines:
        definition = MD_REF_DEF_RE.match(line)
        if definition:
            definitions.setdefault(reference_label(definition.group("label")), definition.group("src"))
    for number, line in lines:
        for match in MD_IMAGE_RE.finditer(line):
            yield number, match.group("src"), match.group("alt").strip() or None, "alt"
        for match in MD_REF_IMAGE_RE.finditer(line):
            src = definitions.get(reference_label(match.group("label") or match.group("alt")))
            if src is not None:
                yield number, src, match.group("alt").strip() or None, "alt"
        for tag in HTML_IMG_RE.findall(line):
            attrs = {m.group(1).lower(): html.unescape(next(v for v in m.groups()[1:] if v is not None))
                     for m in HTML_ATTR_RE.finditer(tag)}
            yield number, attrs.get("src", ""), (attrs.get("alt") or "").strip() or None, "alt"


def reference_label(label: str) -> str:
    """A Markdown reference's label as Markdown matches it: case and runs of spaces do not count."""
    return " ".join(label.lower().split())


def image_size(context: Context, relative: str) -> tuple[int, int, str] | str:
    """(width, height, format) of an image of the folder, or its problem; each image is decoded once."""
    if relative not in context.images:
        try:
            context.images[relative] = inspect(os.path.join(context.root, relative),
                                               context.settings["IMAGES_MAX_PIXELS"])
        except ImageProblem as problem:
            context.images[relative] = str(problem)
    return context.images[relative]


def check_images(entry: Entry, context: Context) -> Iterator[Problem]:
    for line, reference, alt, alt_key in image_references(entry):
        if not reference:
            yield Problem(entry.path, line, "an image has no src: give the path of the file, like images/photo.jpg")
            continue
        if is_external(reference):
            yield Problem(entry.path, line, f"image {reference} is on another site: save it in images/ and use "
                                            "that path (no third-party requests)")
            continue
        if alt is None:
            yield Problem(entry.path, line,
                          f"{alt_key.title()} is missing: describe the photo for people who cannot see it"
                          if alt_key != "alt" else
                          f"image {reference} has no alt text: write a description between the brackets, "
                          f"![like this]({reference})")
        try:
            relative = content_file(context.root, reference, entry.path)
        except PathRefused as refused:
            yield Problem(entry.path, line, f"image {refused}")
            continue
        if os.path.splitext(relative)[1].lower() not in IMAGE_EXTENSIONS or relative.split("/")[0] not in STATIC_FOLDERS:
            yield Problem(entry.path, line, f"image {reference} is not an image of images/ or files/ (JPEG, PNG, GIF "
                                            "or WebP): put the picture in images/ and use that path")
            continue
        size = image_size(context, relative)
        if isinstance(size, str):
            yield Problem(entry.path, line, f"image {reference} {size}")


def check_links(entry: Entry, context: Context) -> Iterator[Problem]:
    """`{static}`, `{attach}` and `{filename}` links name a file of the content folder."""
    posts, statics = context.post_paths, context.other_paths
    for number, line in entry.post.body_lines():
        for match in CONTENT_LINK_RE.finditer(line):
            reference = match.group(0)
            try:
                relative = content_file(context.root, reference, entry.path)
            except PathRefused as refused:
                yield Problem(entry.path, number, f"the link {refused}")
                continue
            if relative not in posts and relative not in statics:
                yield Problem(entry.path, number, f"the link {reference} names {relative}, which is not published: "
                                                  "link to a post, or to a file in images/ or files/")
            elif strip_link_prefix(reference)[0] in ("{filename}", "|filename|") and relative not in posts:
                yield Problem(entry.path, number, f"the link {reference} uses {{filename}} for a file that is not a "
                                                  "post: use {static} for files")


def check_text(entry: Entry, context: Context) -> Iterator[Problem]:
    """Personal data anywhere in the file; placeholders left in a published post."""
    phones = context.public_phones
    lines = entry.post.text.split("\n")
    for number, line in enumerate(lines, start=1):
        if number == entry.post.line("id") and "id" in entry.post.values:
            continue  # an Id is a random identifier, not text a resident reads
        for message in find_personal_data(line, phones):
            yield Problem(entry.path, number, message)
        if TODO_RE.search(line) and not entry.draft:
            yield Problem(entry.path, number, "a placeholder TODO is left: write the real text (or keep "
                                              "Status: draft until it is ready)")


def check_site(context: Context) -> Iterator[Problem]:
    """Rules across posts: references, the same URL or Id twice, reserved names, lost translations;
    the images of files/, which are published whether a post uses them or not."""
    yield from check_static_images(context)
    urls: dict[tuple[str, str], str] = {}
    ids: dict[str, str] = {}
    for entry in context.entries:
        post, spec = entry.post, entry.spec
        for key in spec.keys:
            if key.kind != K.REFS or not post.get(key.name.lower()):
                continue
            known = context.slugs.get(key.refers_to, {})
            target = context.types.get(key.refers_to)
            for slug in [s.strip() for s in post.get(key.name.lower()).split(",") if s.strip()]:
                if slug not in known:
                    yield Problem(entry.path, post.line(key.name.lower()),
                                  f'{key.name} names "{slug}", but there is no {key.refers_to}/{slug}.md: use the file '
                                  f"name (slug) of an existing {target.name.lower() if target else 'item'}")
                elif known[slug].draft and not entry.draft:
                    yield Problem(entry.path, post.line(key.name.lower()),
                                  f'{key.name} names "{slug}", which is still a draft: the link will appear once it is '
                                  "published", "warning")
        if spec.url == "root" and (entry.slug in RESERVED_NAMES or entry.slug in context.types.folders):
            yield Problem(entry.path, post.line("slug"),
                          f"/{entry.slug}/ is a page the site makes itself: give this page another Slug or file name")
        place = (spec.folder if spec.url == "type" else "", entry.slug)
        url_key = (entry.lang, "/".join(place))
        if url_key in urls:
            yield Problem(entry.path, post.line("slug"),
                          f"has the same URL as {urls[url_key]}: give one of them another Slug or file name")
        else:
            urls[url_key] = entry.path
        item_id = post.get("id")
        if item_id:
            if item_id in ids:
                yield Problem(entry.path, post.line("id"), f'has the same Id "{item_id}" as {ids[item_id]}: every item '
                                                           "needs its own Id (scripts/new.py writes one)")
            else:
                ids[item_id] = entry.path
        yield from translation_hints(entry, context)


def check_static_images(context: Context) -> Iterator[Problem]:
    """Every image of files/ is published again from its pixels: each must decode, within the pixel limit."""
    for found in context.others:
        if found.role == "image" and found.path.startswith("files/"):
            try:
                inspect(os.path.join(context.root, found.path), context.settings["IMAGES_MAX_PIXELS"], every_frame=True)
            except ImageProblem as problem:
                yield Problem(found.path, 1, str(problem))


def translation_hints(entry: Entry, context: Context) -> Iterator[Problem]:
    """A translation links to its original by sharing its Slug; say which one a lone translation meant."""
    if entry.lang == context.default_lang:
        stem = os.path.basename(entry.path)
        if re.search(r"\.(es)\.md$", stem) and not entry.post.get("lang"):
            yield Problem(entry.path, 1, 'the file name ends in .es.md but there is no "Lang: es": add it, or the '
                                         "post is published as English", "warning")
        return
    originals = [e for e in context.entries if e.spec is entry.spec and e.lang == context.default_lang]
    if any(e.slug == entry.slug for e in originals):
        return
    names = {e.slug: e.path for e in originals}
    close = difflib.get_close_matches(entry.slug, list(names), n=1, cutoff=0.4)
    if close:
        yield Problem(entry.path, entry.post.line("slug"),
                      f'no {context.default_lang} post has the slug "{entry.slug}": if this translates {names[close[0]]}, '
                      f'add "Slug: {close[0]}" so the two link to each other', "warning")
