"""ob_images: publish the images that published items use, and nothing else.

Each image is turned upright, stripped of all metadata and resized to
IMAGES_WIDTHS as WebP plus a JPEG (PNG for graphics) fallback; items get the
plan (`lead_image`) and their body images become `<picture>` elements.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from bs4 import BeautifulSoup
from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import Generator
from pelican.log import console  # Pelican's own summary line goes here too

from ob_types.model import is_external, resolve_reference
from ob_types.settings import declare

from .pipeline import ImageProblem, Plan, plan, render

logger = logging.getLogger(__name__)

DEFAULTS = {
    # Largest image, in pixels, that a content file may use (decompression-bomb guard).
    "IMAGES_MAX_PIXELS": 50_000_000,
    # Widths, in pixels, of the resized copies published for each image (never upscaled).
    "IMAGES_WIDTHS": [480, 800, 1200],
    # JPEG and WebP quality of the published copies (1-95).
    "IMAGES_QUALITY": 80,
    # Largest file size of a published copy, in bytes; quality is lowered to fit.
    "IMAGES_MAX_BYTES": 400_000,
}
SIZES = "(min-width: 48em) 44em, 100vw"  # the content column is at most 44em wide


def check_settings(pelican: Any) -> None:
    configure(pelican.settings)


def configure(settings: dict[str, Any]) -> None:
    """Fill in this plugin's defaults and check its settings (also used by scripts)."""
    declare(
        settings,
        DEFAULTS,
        {
            "IMAGES_MAX_PIXELS": (lambda v: isinstance(v, int) and v > 0, "a positive whole number"),
            "IMAGES_WIDTHS": (
                lambda v: isinstance(v, list) and v and all(isinstance(w, int) and w > 0 for w in v),
                "a list of positive widths in pixels",
            ),
            "IMAGES_QUALITY": (lambda v: isinstance(v, int) and 1 <= v <= 95, "a number from 1 to 95"),
            "IMAGES_MAX_BYTES": (lambda v: isinstance(v, int) and v >= 20_000, "a whole number of bytes, at least 20000"),
        },
    )


def plan_for(instance: Any, reference: str) -> Plan:
    settings = instance.settings
    source = resolve_reference(reference, instance.relative_source_path, settings["PATH"])
    return plan(settings["PATH"], source, settings["IMAGES_WIDTHS"], settings["IMAGES_MAX_PIXELS"])


def picture_markup(soup: BeautifulSoup, image_plan: Plan, alt: str, base: str, eager: bool) -> Any:
    """A `<picture>`: WebP source, then the JPEG/PNG `<img>` with its size."""
    picture = soup.new_tag("picture")
    picture.append(
        soup.new_tag("source", type="image/webp", srcset=image_plan.srcset("image/webp", base), sizes=SIZES)
    )
    fallback = image_plan.fallback
    img = soup.new_tag(
        "img",
        src=f"{base}/{fallback.path}",
        srcset=image_plan.srcset(fallback.mime, base),
        sizes=SIZES,
        alt=alt,
        width=str(image_plan.width),
        height=str(image_plan.height),
        decoding="async",
    )
    if not eager:
        img["loading"] = "lazy"
    picture.append(img)
    return picture


def attach_images(instance: Any) -> None:
    """Plan the lead image and rewrite body images; record what the item uses."""
    instance.lead_image = None
    instance.ob_images = []
    if not isinstance(instance, (Article, Page)) or not getattr(instance, "ob_type", None):
        return
    if instance.status == "draft":  # never published: its images are neither checked nor copied
        return
    if instance.image_path:
        try:
            instance.lead_image = plan_for(instance, instance.image_path)
            instance.ob_images.append(instance.lead_image)
        except ImageProblem as problem:
            logger.error("%s: %s %s", instance.relative_source_path, instance.image_path, problem)
    if "<img" not in (instance._content or ""):
        return
    soup = BeautifulSoup(instance._content, "html.parser")
    base = instance.settings["SITEURL"]
    eager = instance.lead_image is None
    for img in soup.find_all("img"):
        src = img.get("src", "")
        if not src or is_external(src):
            continue
        try:
            image_plan = plan_for(instance, src)
        except ImageProblem as problem:
            logger.error("%s: %s %s", instance.relative_source_path, src, problem)
            continue
        instance.ob_images.append(image_plan)
        picture = picture_markup(soup, image_plan, img.get("alt", ""), base, eager)
        if img.get("title"):  # a caption: ob_html turns it into a figure
            picture.img["title"] = img["title"]
        img.replace_with(picture)
        eager = False
    instance._content = str(soup)


class ImagesGenerator(Generator):
    """Writes the copies of every image a published item uses."""

    def generate_output(self, writer: Any) -> None:
        plans = {p.source: p for item in self.context.get("ob_items", []) for p in item.ob_images}
        cache_dir = os.path.join(self.settings["CACHE_PATH"], "ob_images")
        reused = 0
        for source in sorted(plans):
            reused += render(
                self.settings["PATH"], plans[source], self.output_path, cache_dir,
                self.settings["IMAGES_QUALITY"], self.settings["IMAGES_MAX_BYTES"],
            )
        console.print(f"Images: {len(plans) - reused} processed, {reused} reused from the cache")


def get_generators(pelican: Any) -> type:
    return ImagesGenerator


def register() -> None:
    # initialized: settings are checked once, before anything is read.
    signals.initialized.connect(check_settings)
    # content_object_init: body HTML is rewritten before Pelican caches or
    # renders it, and the plan is known before any template uses it.
    signals.content_object_init.connect(attach_images)
    # get_generators: copies are written with the rest of the output, inside
    # the staging folder that ob_atomic swaps in.
    signals.get_generators.connect(get_generators)
