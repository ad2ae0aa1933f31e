"""What every header key means: its kind, its label on pages, and what to write.

Contract section 2 lists the keys; a type (types.py) names which of them it uses.
A key that a department's own type names and that is not here is plain text,
unless the type lists it under `dates` or `lists` (contract section 13).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

# Kinds of value, and how each is read (see item.typed_value and checks.keys).
TEXT = "text"  # one line of plain text
DATE = "date"  # YYYY-MM-DD or YYYY-MM-DD HH:MM in TIMEZONE
LIST = "list"  # comma-separated
CHOICE = "choice"  # one of `choices`
IMAGE = "image"  # a path inside the content folder; its alt text is `alt_key`
URL = "url"  # an http(s) address
PHONE = "phone"  # a public phone number
REFS = "refs"  # comma-separated slugs of items of the type `refers_to`
NUMBER = "number"  # a policy number: 300, 300.2
YEAR = "year"  # a four-digit year
TEASER = "teaser"  # plain text, at most TEASER_LIMIT characters
MARKDOWN = "markdown"  # a little Markdown, shown as HTML (Summary)

TEASER_LIMIT = 250
TEASER_WARN = 200  # some networks cut earlier: a warning, not an error


@dataclass(frozen=True)
class Key:
    name: str  # as the contract spells it: "Review-Due"
    kind: str = TEXT
    label: str = ""  # on pages, English
    label_es: str = ""
    hint: str = ""  # what to write, for lint messages about a missing or wrong value
    starter: str = ""  # what scripts/new.py writes ({today} and {now} are filled in; TODO when required)
    choices: tuple[str, ...] = ()
    choice_labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # value -> (en, es)
    default: str = ""  # the value of an absent CHOICE key
    alt_key: str = ""  # IMAGE: the key of its text alternative
    refers_to: str = ""  # REFS: the folder of the items named

    @property
    def id(self) -> str:
        """The key as templates and views name it: lower case, `-` as `_` (review_due)."""
        return _key_id(self.name)

    def label_in(self, lang: str) -> str:
        return self.label_es if lang == "es" else self.label

    def choice_label(self, value: str, lang: str) -> str:
        """A CHOICE value as a page in lang shows it (the value itself when it has no label)."""
        labels = self.choice_labels.get(value)
        if not labels:
            return value
        return labels[1] if lang == "es" else labels[0]


@functools.cache
def _key_id(name: str) -> str:
    """One string per key name: every item's fields share it (in memory and in what the workers send)."""
    return name.lower().replace("-", "_")


def _k(name: str, kind: str = TEXT, label: str = "", label_es: str = "", hint: str = "", **more) -> Key:
    return Key(name, kind, label or name, label_es or label or name, hint, **more)


SEVERITY_LABELS = {"info": ("Information", "Información"), "warning": ("Warning", "Advertencia"),
                   "urgent": ("Urgent", "Urgente")}
KIND_LABELS = {
    "missing": ("Missing person", "Persona desaparecida"),
    "wanted": ("Wanted", "Se busca"),
    "identify": ("Help us identify", "Ayúdenos a identificar"),
    "witness": ("Witnesses sought", "Se buscan testigos"),
}
EVENT_STATUS_LABELS = {
    "scheduled": ("Scheduled", "Programado"),
    "cancelled": ("Cancelled", "Cancelado"),
    "postponed": ("Postponed", "Aplazado"),
}

KEYS: dict[str, Key] = {
    key.name.lower(): key
    for key in (
        _k("Title", hint='add "Title: ..." on the first line'),
        _k("Date", DATE, "Published", "Publicado", 'add "Date: YYYY-MM-DD" (the day it is published)', starter="{today}"),
        _k("Modified", DATE, "Updated", "Actualizado", 'write "Modified: YYYY-MM-DD" (the day it last changed)'),
        _k("Slug", hint="lower-case letters, digits and hyphens, like bike-unit-returns"),
        _k("Id", hint="scripts/new.py writes one; never change it"),
        _k("Status", CHOICE, choices=("published", "draft"), default="published"),
        _k("Lang", CHOICE, choices=("en", "es"), default="en"),
        _k("Tags", LIST, "Topics", "Temas"),
        _k("Teaser", TEASER, hint=f"plain text, at most {TEASER_LIMIT} characters"),
        _k("Summary", MARKDOWN, "Summary", "Resumen"),
        _k("Change-Note", TEXT, "What changed", "Qué cambió",
           "a sentence for the public saying what this revision changed"),
        _k("Number", NUMBER, "Policy number", "Número de política",
           'add "Number: 300" (the number in the policy manual)', starter="TODO (the policy number, e.g. 300)"),
        _k("Effective", DATE, "Effective", "En vigor desde",
           'add "Effective: YYYY-MM-DD" (the day the policy takes effect)', starter="{today}"),
        _k("Review-Due", DATE, "Next review", "Próxima revisión", 'write "Review-Due: YYYY-MM-DD"'),
        _k("Supersedes", TEXT, "Replaces", "Reemplaza"),
        _k("Question", TEXT, "Question", "Pregunta", "add \"Question: ...\" with the resident's words",
           starter="TODO: the resident's words, exactly as asked"),
        _k("Asked", DATE, "Asked", "Preguntado", 'add "Asked: YYYY-MM-DD" (the day the question came in)',
           starter="{today}"),
        _k("Asker", TEXT, "Asked by", "Preguntado por", starter="Resident, TODO neighborhood"),
        _k("Authors", LIST, "Answered by", "Respondido por", starter="TODO: who answered"),
        _k("Reply-Url", URL, "The resident's reply", "La respuesta del residente",
           "the address of the reply this question came from (staff only: not shown on the page)"),
        _k("Policies", REFS, "Related policies", "Políticas relacionadas", refers_to="policies"),
        _k("Officers", REFS, "Officers", "Agentes", refers_to="officers"),
        _k("Image", IMAGE, "Image", "Imagen", 'write "Image: images/NAME.jpg"', alt_key="image-alt"),
        _k("Image-Alt", TEXT, hint='add "Image-Alt: ..." describing the photo for people who cannot see it'),
        _k("Photo", IMAGE, "Photo", "Foto", 'add "Photo: images/NAME.jpg"', alt_key="photo-alt",
           starter="images/TODO.jpg"),
        _k("Photo-Alt", TEXT, hint='add "Photo-Alt: ..." describing the photo for people who cannot see it',
           starter="TODO: describe the photo for people who cannot see it"),
        _k("Expires", DATE, "Expires", "Vence", 'add "Expires: YYYY-MM-DD HH:MM" (when the alert ends)',
           starter="TODO (YYYY-MM-DD HH:MM, when the alert ends)"),
        _k("Severity", CHOICE, "Severity", "Gravedad", choices=("info", "warning", "urgent"),
           choice_labels=SEVERITY_LABELS, default="info", starter="info"),
        _k("Area", TEXT, "Area", "Zona"),
        _k("Rank", TEXT, "Rank", "Rango", 'add "Rank: ..." (for example Officer, Sergeant)',
           starter="TODO (e.g. Officer, Sergeant)"),
        _k("Unit", TEXT, "Unit", "Unidad"),
        _k("Joined", YEAR, "Joined the department", "Ingresó al departamento", "write the year, like 2019"),
        _k("Languages", LIST, "Languages", "Idiomas"),
        _k("Source", TEXT, "Source", "Fuente", 'add "Source: ..." (where the numbers come from)',
           starter="TODO: where the numbers come from"),
        _k("Chart", CHOICE, "Chart", "Gráfico", choices=("bar", "line")),
        _k("Kind", CHOICE, "Kind", "Tipo", 'add "Kind: missing" (or wanted, identify, witness)',
           choices=("missing", "wanted", "identify", "witness"), choice_labels=KIND_LABELS,
           starter="TODO (missing, wanted, identify or witness)"),
        _k("Case", TEXT, "Case number", "Número de caso", 'add "Case: 26-004512" (the case number)',
           starter="TODO (the case number, e.g. 26-004512)"),
        _k("Last-Seen", TEXT, "Last seen", "Visto por última vez"),
        _k("Tip-Phone", PHONE, "Tip line", "Línea de pistas", "a phone number, like 555-0123"),
        _k("Tip-Url", URL, "Give a tip online", "Dar una pista en línea", "an address starting with https://"),
        _k("Resolved", DATE, "Resolved", "Resuelto", 'write "Resolved: YYYY-MM-DD"'),
        _k("Outcome", TEXT, "Outcome", "Resultado", 'add "Outcome: ..." (for example Found safe)'),
        _k("Location", TEXT, "Location", "Lugar", 'add "Location: ..." (where it happens)',
           starter="TODO (where it happens)"),
        _k("Video", URL, "Video", "Video", "a YouTube or Vimeo address"),
        _k("Starts", DATE, "Starts", "Empieza", 'add "Starts: YYYY-MM-DD HH:MM"',
           starter="TODO (YYYY-MM-DD HH:MM, when it starts)"),
        _k("Ends", DATE, "Ends", "Termina", 'write "Ends: YYYY-MM-DD HH:MM"'),
        _k("Event-Status", CHOICE, "Status", "Estado", choices=("scheduled", "cancelled", "postponed"),
           choice_labels=EVENT_STATUS_LABELS, default="scheduled"),
    )
}
# Keys any post may carry, whatever its type (contract section 2).
COMMON_KEYS = ("title", "date", "modified", "slug", "id", "status", "lang", "tags", "teaser")


def key(name: str, dates: tuple[str, ...] = (), lists: tuple[str, ...] = ()) -> Key:
    """The Key for a header key name; a department's own key is text, a date or a list
    as its type declares (`dates`, `lists` hold lower-case names)."""
    lower = name.lower()
    if lower in KEYS:
        return KEYS[lower]
    kind = DATE if lower in dates else LIST if lower in lists else TEXT
    spelled = "-".join(part.capitalize() for part in lower.split("-"))
    return _k(spelled, kind, starter="{today}" if kind == DATE else "")
