"""Drawing one 1200x630 share card with Pillow.

Written by hand: pelican-social-cards describes itself as cards "with post
title embedded"; these cards also need the post's own photo cropped to fill, a
type badge, every Spanish letter (the theme ships DejaVu Sans, an open-licence
font with Latin Extended coverage) and text that wraps and shrinks to fit,
which is a few dozen lines of Pillow. The card's name carries a digest of every
input (`card_digest`), so a card is drawn again only when one of them changes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont, ImageOps

from .images import pixels_only, upright

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
VERSION = 3  # bump when the design changes, so every card is drawn again
FONTS = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")


@dataclass(frozen=True)
class CardDesign:
    background: str  # brand colour behind cards without a photo
    accent: str  # badge colour
    text: str  # title colour
    fonts: str  # the folder holding FONTS (THEME/fonts)
    logo: str = ""  # the department's PNG logo, drawn in the corner, or ""


@functools.lru_cache(maxsize=32)
def font(folder: str, name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(os.path.join(folder, name), size)


def fonts_digest(folder: str) -> str:
    digest = hashlib.sha256()
    for name in FONTS:
        with open(os.path.join(folder, name), "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:16]


def card_digest(design: CardDesign, title: str, site: str, badge: str, photo_digest: str, extra: str = "") -> str:
    """Everything a card shows, hashed: the card's file name carries it."""
    logo = ""
    if design.logo:
        with open(design.logo, "rb") as handle:
            logo = hashlib.sha256(handle.read()).hexdigest()
    data = [VERSION, title, site, badge, photo_digest, design.background, design.accent, design.text,
            fonts_digest(design.fonts), logo, extra]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:10]


def wrap(draw: ImageDraw.ImageDraw, text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap to a pixel width; a word longer than the line is broken."""
    lines: list[str] = []
    for word in text.split():
        while draw.textlength(word, font=face) > width and len(word) > 1:
            cut = len(word)
            while cut > 1 and draw.textlength(word[:cut] + "-", font=face) > width:
                cut -= 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(trial, font=face) <= width and not lines[-1].endswith("-"):
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def fit_text(draw: ImageDraw.ImageDraw, text: str, folder: str, name: str, width: int, height: int,
             sizes: tuple[int, ...]) -> tuple[ImageFont.FreeTypeFont, list[str], int]:
    """The largest size at which text fits in width x height, wrapped; at the smallest size, cut with …"""
    for size in sizes:
        face = font(folder, name, size)
        line_height = int(size * 1.22)
        lines = wrap(draw, text, face, width)
        if len(lines) * line_height <= height:
            return face, lines, line_height
    face = font(folder, name, sizes[-1])
    line_height = int(sizes[-1] * 1.22)
    lines = wrap(draw, text, face, width)[: max(1, height // line_height)]
    while lines[-1] and draw.textlength(lines[-1] + " …", font=face) > width:
        lines[-1] = lines[-1].rsplit(" ", 1)[0] if " " in lines[-1] else lines[-1][:-1]
    lines[-1] += " …"
    return face, lines, line_height


def background(photo: str | None, design: CardDesign, max_pixels: int) -> Image.Image:
    """The photo cropped to fill (a portrait keeps its top third: the face) and darkened, or a brand panel."""
    if photo:
        image = upright(photo, max_pixels, WIDTH * 2).convert("RGB")
        centre = (0.5, 0.3) if image.height > image.width else (0.5, 0.5)
        image = ImageOps.fit(image, (WIDTH, HEIGHT), centering=centre)
        return Image.blend(image, Image.new("RGB", (WIDTH, HEIGHT), (0, 0, 0)), 0.58)
    image = Image.new("RGB", (WIDTH, HEIGHT), design.background)
    ImageDraw.Draw(image).rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=design.accent)
    return image


def draw_card(title: str, site_name: str, badge: str, photo: str | None, design: CardDesign,
              max_pixels: int = 50_000_000) -> bytes:
    """The card as JPEG bytes, with nothing but pixels in the file."""
    image = background(photo, design, max_pixels)
    draw = ImageDraw.Draw(image)
    bold, regular = FONTS
    top = MARGIN
    if badge:
        face, lines, _ = fit_text(draw, badge, design.fonts, bold, WIDTH - 2 * MARGIN - 40, 60, (34, 30, 26, 22))
        text = lines[0]
        badge_width = draw.textlength(text, font=face)
        draw.rounded_rectangle((MARGIN, top, MARGIN + badge_width + 40, top + 62), radius=10, fill=design.accent)
        draw.text((MARGIN + 20, top + 31), text, font=face, fill="#0b0c0c", anchor="lm")
        top += 100
    site_face, site_lines, site_line = fit_text(draw, site_name, design.fonts, regular, WIDTH - 2 * MARGIN, 84,
                                                (34, 30, 26, 22))
    site_top = HEIGHT - MARGIN - len(site_lines) * site_line
    face, lines, line_height = fit_text(draw, title, design.fonts, bold, WIDTH - 2 * MARGIN, site_top - top - 24,
                                        (64, 58, 52, 46, 40, 34))
    for line in lines:
        draw.text((MARGIN, top), line, font=face, fill=design.text)
        top += line_height
    for line in site_lines:
        draw.text((MARGIN, site_top), line, font=site_face, fill=design.text)
        site_top += site_line
    if design.logo and design.logo.lower().endswith(".png"):
        with Image.open(design.logo) as logo:
            mark = ImageOps.contain(logo.convert("RGBA"), (120, 120))
        image.paste(mark, (WIDTH - MARGIN - mark.width, MARGIN), mark)
    buffer = io.BytesIO()
    pixels_only(image).save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()
