"""The one table of content types (contract sections 2 and 13).

Every type, built-in or a department's own, is declared in the same form: a dict
per folder, as `CONTENT_TYPES_EXTRA` in a site's settings. `type_table(settings)`
checks and merges them into `TypeSpec`s; lint, the build, `scripts/new.py`, the
editor, listings, navigation, feeds, the sitemap, cards, structured data and
templates ask the table what a type has. Behaviour that only some types have
(policy history, data tables, Q&A statistics, appeals, updates, events, CAP) is
named under `behaviours` and lives in one module each (openbeat/behaviours/).

Fields of an entry (only `name` is required; department types usually give the
first seven):

| field | meaning | default |
|---|---|---|
| `name`, `name_es` | one item, on pages and share cards | `name` |
| `required`, `optional` | keys besides Title, as the contract spells them | `[]` |
| `dates`, `lists` | keys that hold dates / comma lists (built-in keys know their kind) | `[]` |
| `sort` | `date` (newest first), `title`, `surname`, `number` or a behaviour's order | `date` |
| `feeds` | in `all.*`, its own `/feeds/FOLDER.*` and the social feed | `True` |
| `plural`, `plural_es` | the index page's title | the name |
| `intro`, `intro_es` | the index page's first sentence | none |
| `listed` | has an index page and a link in the navigation | `True` |
| `home` | how many of the newest are on the home page (0: none) | 3 |
| `url` | `type` (`/FOLDER/SLUG/`) or `root` (`/SLUG/`, plain pages) | `type` |
| `template` | the theme template of one item (`templates/FOLDER.html` if the theme has one) | `item` |
| `schema` | schema.org type of one item | `Article` |
| `badge`, `badge_es` | the label on share cards; `{key}` is replaced by that key's value | the name |
| `body` | the text `scripts/new.py` starts a post with | `TODO: write the text here.` |
| `behaviours` | modules of openbeat/behaviours/ that give the type more | `[]` |
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import SettingError
from .keys import COMMON_KEYS, IMAGE, KEYS, Key, key

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Top-level names the site makes itself: no type folder and no page may take them.
RESERVED_NAMES = frozenset({
    "images", "files", "feeds", "theme", "cards", "search", "pagefind", "admin", "follow",
    "sitemap", "es", "en", "index", "drafts", "static", "inbox", "assets", "favicon-ico",
})
SORTS = ("date", "title", "surname", "number")  # behaviours add their own


@dataclass(frozen=True)
class TypeSpec:
    """One type of the table; see the module's documentation for each field."""

    folder: str
    name: str
    name_es: str
    plural: str
    plural_es: str
    intro: str
    intro_es: str
    required: tuple[str, ...]  # lower case, besides title
    optional: tuple[str, ...]
    dates: tuple[str, ...]  # lower case: every key of this type that holds a date
    lists: tuple[str, ...]
    sort: str
    feeds: bool
    listed: bool
    home: int
    url: str
    template: str
    schema: str
    badge: str
    badge_es: str
    body: str
    behaviours: tuple[str, ...]
    builtin: bool = False
    keys: tuple[Key, ...] = field(default=(), compare=False)  # required then optional, as Key

    @property
    def dated(self) -> bool:
        """Items of this type carry a Date (posts); others (profiles, pages) do not."""
        return "date" in self.required

    @property
    def image_key(self) -> Key | None:
        """The key holding the item's lead image (Image, Photo), if the type has one."""
        return next((k for k in self.keys if k.kind == IMAGE), None)

    def known(self, name: str) -> bool:
        """May an item of this type carry this (lower-case) key?"""
        return name in COMMON_KEYS or name in self.required or name in self.optional

    def key(self, name: str) -> Key:
        return key(name, self.dates, self.lists)

    def label(self, lang: str, plural: bool = False) -> str:
        if plural:
            return self.plural_es if lang == "es" else self.plural
        return self.name_es if lang == "es" else self.name

    def has(self, behaviour: str) -> bool:
        return behaviour in self.behaviours


_EN_ES = ("Spanish", "in Spanish")
BUILTIN_TYPES: dict[str, dict[str, Any]] = {
    "policies": {
        "name": "Policy", "name_es": "Política", "plural": "Policies", "plural_es": "Políticas",
        "intro": "The rules our officers work by, in the order of the policy manual. Each policy shows when it "
                 "took effect and when it was last revised.",
        "intro_es": "Las normas con las que trabajan nuestros agentes, en el orden del manual. Cada política "
                    "muestra cuándo entró en vigor y cuándo se revisó por última vez.",
        "required": ["Date", "Number", "Effective"],
        "optional": ["Summary", "Teaser", "Tags", "Supersedes", "Review-Due", "Change-Note"],
        "sort": "number", "template": "policy", "schema": "Article",
        "badge": "Policy {number}", "badge_es": "Política {number}",
        "body": "## Purpose\n\nTODO\n\n## Policy\n\nTODO\n",
        "behaviours": ["history"], "home": 3,
    },
    "qa": {
        "name": "Question and answer", "name_es": "Pregunta y respuesta",
        "plural": "Questions and answers", "plural_es": "Preguntas y respuestas",
        "intro": "Questions residents asked us, in their own words, with our answers and how long we took to answer.",
        "intro_es": "Preguntas de residentes, en sus propias palabras, con nuestras respuestas y el tiempo que "
                    "tardamos en responder.",
        "required": ["Date", "Question", "Asked"],
        "optional": ["Asker", "Authors", "Teaser", "Tags", "Policies", "Reply-Url"],
        "template": "answer", "schema": "FAQPage", "badge": "Q&A", "badge_es": "Preguntas",
        "body": "TODO: the answer, in plain words.\n", "behaviours": ["answers"],
    },
    "stories": {
        "name": "Story", "name_es": "Historia", "plural": "Stories", "plural_es": "Historias",
        "intro": "Stories about our officers and the community we serve, newest first.",
        "intro_es": "Historias sobre nuestros agentes y la comunidad, de la más reciente a la más antigua.",
        "required": ["Date"],
        "optional": ["Officers", "Image", "Image-Alt", "Teaser", "Tags"],
        "template": "story", "schema": "NewsArticle",
    },
    "appeals": {
        "name": "Appeal", "name_es": "Solicitud de ayuda",
        "plural": "Appeals for help", "plural_es": "Solicitudes de ayuda",
        "intro": "We ask for your help: missing people, wanted people, people to identify and witnesses. "
                 "Open appeals come first.",
        "intro_es": "Le pedimos ayuda: personas desaparecidas o buscadas, personas por identificar y testigos. "
                    "Primero las solicitudes abiertas.",
        "required": ["Date", "Kind", "Case"],
        "optional": ["Image", "Image-Alt", "Last-Seen", "Tip-Phone", "Tip-Url", "Resolved", "Outcome",
                     "Teaser", "Tags"],
        "sort": "appeals", "template": "appeal", "schema": "NewsArticle",
        "badge": "Appeal: case {case}", "badge_es": "Ayuda: caso {case}",
        "body": "TODO: who or what we are looking for, when and where, and how residents can help.\n",
        "behaviours": ["appeals", "updates"], "home": 0,
    },
    "news": {
        "name": "News release", "name_es": "Comunicado", "plural": "News", "plural_es": "Noticias",
        "intro": "News releases and incident reports, newest first. Reports of incidents in progress are updated "
                 "as they unfold.",
        "intro_es": "Comunicados e informes de incidentes, del más reciente al más antiguo. Los informes de "
                    "incidentes en curso se actualizan a medida que avanzan.",
        "required": ["Date"],
        "optional": ["Case", "Location", "Image", "Image-Alt", "Video", "Teaser", "Tags"],
        "template": "news", "schema": "NewsArticle",
        "behaviours": ["updates", "video"],
    },
    "alerts": {
        "name": "Alert", "name_es": "Alerta", "plural": "Alerts", "plural_es": "Alertas",
        "intro": "Alerts and notices, newest first. Expired alerts stay here, marked as expired.",
        "intro_es": "Alertas y avisos, del más reciente al más antiguo. Las alertas vencidas se quedan aquí, "
                    "marcadas como vencidas.",
        "required": ["Date", "Expires"],
        "optional": ["Severity", "Area", "Teaser", "Tags"],
        "template": "alert", "schema": "SpecialAnnouncement",
        "behaviours": ["alerts", "updates"],
    },
    "events": {
        "name": "Event", "name_es": "Evento", "plural": "Events", "plural_es": "Eventos",
        "intro": "Community events: upcoming ones soonest first, then past ones.",
        "intro_es": "Eventos con la comunidad: primero los próximos, luego los pasados.",
        "required": ["Date", "Starts", "Location"],
        "optional": ["Ends", "Event-Status", "Image", "Image-Alt", "Teaser", "Tags"],
        "sort": "events", "template": "event", "schema": "Event",
        "body": "TODO: what happens, who it is for, and anything to bring.\n",
        "behaviours": ["events"],
    },
    "officers": {
        "name": "Officer", "name_es": "Agente", "plural": "Officers", "plural_es": "Agentes",
        "intro": "The people who serve you, with the stories they appear in.",
        "intro_es": "Las personas que le sirven, con las historias en las que aparecen.",
        "required": ["Rank", "Photo", "Photo-Alt"],
        "optional": ["Unit", "Joined", "Languages"],
        "sort": "surname", "feeds": False, "home": 0, "template": "officer", "schema": "ProfilePage",
        "body": "TODO: a few sentences about the officer, in their own words where possible.\n",
    },
    "data": {
        "name": "Data set", "name_es": "Conjunto de datos", "plural": "Data", "plural_es": "Datos",
        "intro": "The numbers behind our work, as tables you can read and files you can download.",
        "intro_es": "Los números detrás de nuestro trabajo, en tablas que puede leer y archivos que puede descargar.",
        "required": ["Date", "Source"],
        "optional": ["Summary", "Teaser", "Chart", "Tags"],
        "feeds": False, "template": "dataset", "schema": "Dataset", "badge": "Data", "badge_es": "Datos",
        "body": "TODO: what the numbers count, and what they do not.\n",
        "behaviours": ["dataset"],
    },
    "pages": {
        "name": "Information", "name_es": "Información", "plural": "Information", "plural_es": "Información",
        "required": [], "optional": [],
        "feeds": False, "listed": False, "home": 0, "url": "root", "template": "page", "schema": "WebPage",
    },
}
FIELDS = (
    "name", "name_es", "required", "optional", "dates", "lists", "sort", "feeds", "plural", "plural_es",
    "intro", "intro_es", "listed", "home", "url", "template", "schema", "badge", "badge_es", "body", "behaviours",
)


def _names(entry: Mapping[str, Any], field_name: str, folder: str) -> tuple[str, ...]:
    value = entry.get(field_name, [])
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) and v.strip() for v in value):
        raise SettingError(f"CONTENT_TYPES_EXTRA[{folder!r}][{field_name!r}] must be a list of key names, like [\"Date\"]")
    return tuple(v.strip().lower() for v in value)


def declare_type(folder: str, entry: Mapping[str, Any], builtin: bool = False,
                 sorts: tuple[str, ...] = SORTS, behaviours: tuple[str, ...] = ()) -> TypeSpec:
    """Check one table entry and make its TypeSpec; SettingError names what to fix."""
    where = f"CONTENT_TYPES_EXTRA[{folder!r}]"
    if not isinstance(folder, str) or not SLUG_RE.match(folder) or folder in RESERVED_NAMES:
        raise SettingError(f"{where}: the folder name must be lower-case letters, digits and hyphens, and not one of "
                           f"{', '.join(sorted(RESERVED_NAMES))}")
    if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
        raise SettingError(f'{where} needs at least a "name", like {{"name": "Job opening"}}')
    unknown = sorted(set(entry) - set(FIELDS))
    if unknown:
        raise SettingError(f"{where} has {', '.join(map(repr, unknown))}, which is not a field of a type: "
                           f"use {', '.join(FIELDS)}")
    required, optional = _names(entry, "required", folder), _names(entry, "optional", folder)
    dates = set(_names(entry, "dates", folder))
    lists = set(_names(entry, "lists", folder))
    for name in required + optional:  # built-in keys know their own kind
        kind = KEYS[name].kind if name in KEYS else None
        if kind == "date":
            dates.add(name)
        elif kind in ("list", "refs"):
            lists.add(name)
    if "title" in required:
        required = tuple(k for k in required if k != "title")
    sort = entry.get("sort", "date")
    if sort not in sorts:
        raise SettingError(f"{where}['sort'] is {sort!r}: use one of {', '.join(sorts)}")
    if sort in ("date",) and "date" not in required:
        sort = "title"
    text = {}
    for name in ("plural", "plural_es", "intro", "intro_es", "template", "schema", "badge", "badge_es", "body",
                 "name_es", "url"):
        value = entry.get(name, "")
        if not isinstance(value, str):
            raise SettingError(f"{where}[{name!r}] must be text")
        text[name] = value.strip() if name != "body" else value
    template = text["template"] or "item"
    if not re.fullmatch(r"[a-z0-9_-]+", template):
        raise SettingError(f"{where}['template'] is {template!r}: give a template name such as \"item\", not a path")
    if text["url"] not in ("", "type", "root"):
        raise SettingError(f"{where}['url'] must be \"type\" or \"root\"")
    named = tuple(entry.get("behaviours", []))
    missing = [b for b in named if b not in behaviours]
    if missing:
        raise SettingError(f"{where}['behaviours'] names {', '.join(missing)}: use some of {', '.join(behaviours)}")
    for flag, default in (("feeds", True), ("listed", True)):
        if not isinstance(entry.get(flag, default), bool):
            raise SettingError(f"{where}[{flag!r}] must be True or False")
    home = entry.get("home", 3)
    if not isinstance(home, int) or home < 0:
        raise SettingError(f"{where}['home'] must be a whole number, 0 or more")
    name, name_es = entry["name"].strip(), text["name_es"] or entry["name"].strip()
    dates_t, lists_t = tuple(sorted(dates)), tuple(sorted(lists))
    return TypeSpec(
        folder=folder, name=name, name_es=name_es,
        plural=text["plural"] or name, plural_es=text["plural_es"] or text["plural"] or name_es,
        intro=text["intro"], intro_es=text["intro_es"] or text["intro"],
        required=required, optional=optional, dates=dates_t, lists=lists_t,
        keys=tuple(key(k, dates_t, lists_t) for k in required + optional),
        sort=sort, feeds=entry.get("feeds", True), listed=entry.get("listed", True), home=home,
        url=text["url"] or "type", template=template, schema=text["schema"] or "Article",
        badge=text["badge"] or name, badge_es=text["badge_es"] or text["badge"] or name_es,
        body=text["body"] or "TODO: write the text here.\n", behaviours=named, builtin=builtin,
    )


@dataclass(frozen=True)
class TypeTable:
    """Every type of a site, built-in ones first, in navigation order."""

    types: tuple[TypeSpec, ...]

    def __iter__(self):
        return iter(self.types)

    def get(self, folder: str) -> TypeSpec | None:
        return next((t for t in self.types if t.folder == folder), None)

    def __getitem__(self, folder: str) -> TypeSpec:
        found = self.get(folder)
        if found is None:
            raise KeyError(folder)
        return found

    def __contains__(self, folder: object) -> bool:
        return self.get(str(folder)) is not None

    @property
    def folders(self) -> tuple[str, ...]:
        return tuple(t.folder for t in self.types)

    @property
    def listed(self) -> tuple[TypeSpec, ...]:
        return tuple(t for t in self.types if t.listed)

    @property
    def in_feeds(self) -> tuple[TypeSpec, ...]:
        return tuple(t for t in self.types if t.feeds)


def type_table(settings: Mapping[str, Any]) -> TypeTable:
    """The built-in types plus the site's CONTENT_TYPES_EXTRA, checked."""
    from .behaviours import BEHAVIOURS, SORTERS  # the behaviours register their names

    extra = settings.get("CONTENT_TYPES_EXTRA") or {}
    if not isinstance(extra, Mapping):
        raise SettingError("CONTENT_TYPES_EXTRA must be a dict of folder name to type, see contract section 13")
    clash = sorted(set(extra) & set(BUILTIN_TYPES))
    if clash:
        raise SettingError(f"CONTENT_TYPES_EXTRA declares {', '.join(clash)}, a built-in type: choose another folder")
    sorts = SORTS + tuple(SORTERS)
    names = tuple(BEHAVIOURS)
    types = [declare_type(f, e, True, sorts, names) for f, e in BUILTIN_TYPES.items()]
    types += [declare_type(f, e, False, sorts, names) for f, e in extra.items()]
    return TypeTable(tuple(types))
