"""ob_cards: how each page looks when shared: a 1200x630 card, and schema.org data.

Sets `card` and `jsonld` on every published item, `default_card` and
`site_jsonld` in the context; the
cards are drawn (or copied from the cache) into the output by CardsGenerator.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.log import console  # Pelican's own summary line goes here too

from ob_i18n import load_strings, translate
from ob_types.settings import declare

from .draw import Card, CardDesign, render_card
from .jsonld import site_data, structured_data

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Background of cards for posts without a photo (a CSS hex colour).
    "CARDS_BACKGROUND": "#12355b",
    # Colour of the type badge and the bottom rule.
    "CARDS_ACCENT": "#ffbf47",
    # Colour of the title and the department's name.
    "CARDS_TEXT": "#ffffff",
}
HEX_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
SITE_CARD = "cards/site.jpg"


def check_settings(pelican: Any) -> None:
    configure(pelican.settings)


def configure(settings: dict[str, Any]) -> None:
    """Fill in this plugin's defaults and check its settings (also used by scripts)."""
    is_hex = (lambda v: isinstance(v, str) and bool(HEX_RE.match(v)), "a colour like #12355b")
    declare(settings, DEFAULTS, {name: is_hex for name in DEFAULTS})


def card_path(url: str) -> str:
    """cards/policies/use-of-force.jpg for the item at policies/use-of-force/."""
    return f"cards/{url.strip('/') or 'home'}.jpg"


def badge(strings: dict[str, dict[str, str]], item: Any) -> str:
    return translate(strings, item.lang, f"badge_{item.ob_type}").format(number=getattr(item, "number", ""))


def assign_cards(generators: list[Any]) -> None:
    """Every published item gets its card's path and alt text before pages are written."""
    if not generators:
        return
    context, settings = generators[0].context, generators[0].settings
    strings = load_strings(settings["THEME"])
    site = settings["SITENAME"]
    for item in context.get("ob_items", []):
        label = badge(strings, item)
        alt = translate(strings, item.lang, "card_alt").format(badge=label, title=item.title, site=site)
        item.card = Card(card_path(item.url), alt)
        item.card_badge = label
        item.jsonld = structured_data(item, settings, f"{settings['SITEURL']}/{item.card.path}")
    context["default_card"] = Card(SITE_CARD, site)
    context["site_jsonld"] = site_data(settings)


class CardsGenerator(Generator):
    def generate_output(self, writer: Any) -> None:
        settings = self.settings
        design = CardDesign(settings["CARDS_BACKGROUND"], settings["CARDS_ACCENT"], settings["CARDS_TEXT"])
        cache = os.path.join(settings["CACHE_PATH"], "ob_cards")
        site = settings["SITENAME"]
        city = settings.get("CITY", "")
        reused = render_card(self.context["default_card"], site, city, "", None, design, self.output_path, cache)
        items = self.context.get("ob_items", [])
        for item in items:
            photo = None
            if item.lead_image is not None:
                photo = os.path.join(settings["PATH"], item.lead_image.source)
            reused += render_card(item.card, item.title, site, item.card_badge, photo, design, self.output_path, cache)
        console.print(f"Share cards: {len(items) + 1 - reused} drawn, {reused} reused from the cache")


def get_generators(pelican: Any) -> type:
    return CardsGenerator


def register() -> None:
    # initialized: settings are checked once, before anything is read.
    signals.initialized.connect(check_settings)
    # all_generators_finalized: the published items are known (ob_types put
    # them in the context) and no page is written yet, so og:image is set.
    signals.all_generators_finalized.connect(assign_cards)
    # get_generators: cards are drawn into the staging folder with the pages.
    signals.get_generators.connect(get_generators)
