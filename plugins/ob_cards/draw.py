"""Drawing one 1200x630 share card with Pillow, and its content-keyed cache.

Written by hand: pelican-social-cards describes itself as cards "with post
title embedded"; these cards also need the post's own photo cropped to fill, a
type badge and a cache keyed by every input, which is a few dozen lines of Pillow.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, ImageOps

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
VERSION = 1  # bump when the design changes, so cached cards are redrawn


@dataclass(frozen=True)
class CardDesign:
    background: str  # brand colour behind cards without a photo
    accent: str  # badge colour
    text: str  # title colour


@dataclass(frozen=True)
class Card:
    path: str  # output path relative to OUT, posix
    alt: str
    width: int = WIDTH
    height: int = HEIGHT
    mime: str = "image/jpeg"


def font(size: int) -> ImageFont.FreeTypeFont:
    """Pillow's bundled scalable font: no font file to ship or fetch."""
    return ImageFont.load_default(size=size)


def wrap(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Greedy word wrap to a pixel width; the last line ends with … when cut."""
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=face) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        while lines[-1] and draw.textlength(lines[-1] + " …", font=face) > width:
            lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
        lines[-1] += " …"
    return lines


def background(photo: str | None, design: CardDesign) -> Image.Image:
    """The photo cropped to fill and darkened for legible text, or a plain brand panel."""
    if photo:
        with Image.open(photo) as source:
            image = ImageOps.fit(ImageOps.exif_transpose(source).convert("RGB"), (WIDTH, HEIGHT))
        shade = Image.new("RGB", (WIDTH, HEIGHT), (0, 0, 0))
        return Image.blend(image, shade, 0.55)
    image = Image.new("RGB", (WIDTH, HEIGHT), design.background)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=design.accent)
    return image


def draw_card(title: str, site_name: str, badge: str, photo: str | None, design: CardDesign) -> Image.Image:
    image = background(photo, design)
    draw = ImageDraw.Draw(image)
    badge_face, title_face, site_face = font(34), font(64), font(34)
    if badge:
        badge_width = draw.textlength(badge, font=badge_face)
        draw.rounded_rectangle(
            (MARGIN, MARGIN, MARGIN + badge_width + 40, MARGIN + 62), radius=10, fill=design.accent
        )
        draw.text((MARGIN + 20, MARGIN + 12), badge, font=badge_face, fill="#0b0c0c")
    lines = wrap(draw, title, title_face, WIDTH - 2 * MARGIN, 4)
    y = MARGIN + 110
    for line in lines:
        draw.text((MARGIN, y), line, font=title_face, fill=design.text)
        y += 80
    draw.text((MARGIN, HEIGHT - MARGIN - 40), site_name, font=site_face, fill=design.text)
    return image


def card_key(title: str, site_name: str, badge: str, photo: str | None, design: CardDesign) -> str:
    """A card depends on these inputs only: the cache key hashes all of them."""
    digest = hashlib.sha256(json.dumps([VERSION, title, site_name, badge, design.__dict__]).encode())
    if photo:
        with open(photo, "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:24]


def render_card(
    card: Card, title: str, site_name: str, badge: str, photo: str | None,
    design: CardDesign, out_dir: str, cache_dir: str,
) -> bool:
    """Write one card into out_dir; True when it came from the cache."""
    cached = os.path.join(cache_dir, card_key(title, site_name, badge, photo, design) + ".jpg")
    reused = os.path.exists(cached)
    if not reused:
        os.makedirs(cache_dir, exist_ok=True)
        temporary = cached + ".tmp"
        draw_card(title, site_name, badge, photo, design).save(temporary, "JPEG", quality=85, optimize=True)
        os.replace(temporary, cached)
    target = os.path.join(out_dir, card.path)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    shutil.copyfile(cached, target)
    return reused
