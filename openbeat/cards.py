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
from typing import Any

import PIL
import zlib_ng
from PIL import Image, ImageColor, ImageDraw, ImageFont, ImageOps

from .images import open_image, pixels_only, upright
from .png import palette_png

WIDTH, HEIGHT = 1200, 630
MARGIN = 64
VERSION = 9  # bump when the design changes, so every card is drawn again
FONTS = ("DejaVuSans-Bold.ttf", "DejaVuSans.ttf")
LIBRARIES = (PIL.__version__, zlib_ng.__version__)  # what draws and compresses a card: a new one, new bytes
DARKEN = [round(v * 0.42) for v in range(256)] * 3  # a photo behind a card's text keeps 42% of its light


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


@functools.lru_cache(maxsize=8)
def fonts_digest(folder: str) -> str:
    digest = hashlib.sha256()
    for name in FONTS:
        with open(os.path.join(folder, name), "rb") as handle:
            digest.update(handle.read())
    return digest.hexdigest()[:16]


def card_digest(design: CardDesign, title: str, site: str, badge: str, photo_digest: str, extra: str = "") -> str:
    """Everything a card shows, hashed: the card's file name carries it."""
    data = [VERSION, LIBRARIES, title, site, badge, photo_digest, design.background, design.accent, design.text,
            fonts_digest(design.fonts), file_digest(design.logo) if design.logo else "", extra]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:10]


@functools.lru_cache(maxsize=8)
def file_digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


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


COVER = (WIDTH * 4 // 5, HEIGHT * 4 // 5)  # the least of a photo a card needs: under the darkened layer and
# the text, a photo scaled up by a quarter at most looks as sharp as a larger one


def covers(size: tuple[int, int]) -> bool:
    """Whether a photo of that size covers COVER when cropped to the card's shape."""
    return max(COVER[0] / size[0], COVER[1] / size[1]) <= 1


def background(photo: str | None, design: CardDesign, max_pixels: int, decoded: Image.Image | None = None) -> Image.Image:
    """The photo cropped to fill (a portrait keeps its top third: the face) and darkened, or a brand panel.

    decoded: the photo's pixels, upright, when the caller has them (see `draw_card`); else the photo is
    decoded at the smallest scale that covers COVER (a phone photo at a quarter of its size, not half).
    A transparent photo lies on the brand colour.
    """
    if photo:
        image = decoded if decoded is not None else upright(photo, max_pixels, COVER)
        if image.mode in ("RGBA", "LA"):
            image = Image.alpha_composite(Image.new("RGBA", image.size, design.background), image.convert("RGBA"))
        image = image.convert("RGB")
        centre = (0.5, 0.3) if image.height > image.width else (0.5, 0.5)
        image = ImageOps.fit(image, (WIDTH, HEIGHT), Image.Resampling.BILINEAR, centering=centre)  # darkened: bilinear will do
        return image.point(DARKEN)
    image = Image.new("RGB", (WIDTH, HEIGHT), design.background)
    ImageDraw.Draw(image).rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=design.accent)
    return image


def logo_mark(logo: str, max_pixels: int) -> Image.Image | None:
    """The department's PNG logo at card size (an SVG logo is for pages: Pillow does not draw SVG)."""
    if not logo or not logo.lower().endswith(".png"):
        return None
    try:
        stat = os.stat(logo)
    except OSError:
        stat = None
    return _logo_mark(logo, max_pixels, stat and (stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=4)
def _logo_mark(logo: str, max_pixels: int, version: Any) -> Image.Image:
    """Decoded and scaled once per build, not once per card (a millisecond a card); version: the file's
    modification time and size, so that the preview sees a new logo. Callers only read the image."""
    with open_image(logo, max_pixels) as source:
        return ImageOps.contain(source.convert("RGBA"), (100, 100))


SHARED_PHOTO_COST = 12.0  # rough milliseconds to draw a card on a photo already decoded for its copies


def cost(photo: str | None) -> float:
    """Rough milliseconds to draw a card (the writer makes slow outputs longest first)."""
    return 40.0 if photo else 4.0


def card_format(photo: str | None) -> tuple[str, str]:
    """(extension, MIME type): a photo card is a JPEG; a brand panel is a PNG of a few colours,
    a quarter of a JPEG's size, and sharp text."""
    return ("jpg", "image/jpeg") if photo else ("png", "image/png")


def _gradient(start: str, end: str) -> list[int]:
    """128 palette entries from start to end (the antialiased edge of text drawn in end on start)."""
    a, b = ImageColor.getrgb(start)[:3], ImageColor.getrgb(end)[:3]
    return [round(a[c] + (b[c] - a[c]) * step / 127) for step in range(128) for c in range(3)]


@functools.lru_cache(maxsize=8)
def _palette(background: str, text: str, accent: str) -> bytes:
    """A brand panel's 256 colours: 0-127 the background into the text colour, 128-255 the accent into the
    badge's text."""
    return bytes(_gradient(background, text) + _gradient(accent, "#0b0c0c"))


def frame(draw: ImageDraw.ImageDraw, site_name: str, badge: str, design: CardDesign,
          colours: tuple[Any, Any, Any]) -> tuple[int, int]:
    """The badge and the site name; colours: (accent, badge text, text) in the image's mode. Returns where
    the title goes: from its top to the site name's top."""
    accent, badge_text, text_colour = colours
    bold, regular = FONTS
    top = MARGIN
    if badge:
        face, lines, _ = fit_text(draw, badge, design.fonts, bold, WIDTH - 2 * MARGIN - 40, 60, (34, 30, 26, 22))
        badge_width = draw.textlength(lines[0], font=face)
        draw.rounded_rectangle((MARGIN, top, MARGIN + badge_width + 40, top + 62), radius=10, fill=accent)
        draw.text((MARGIN + 20, top + 31), lines[0], font=face, fill=badge_text, anchor="lm")
        top += 100
    site_face, site_lines, site_line = fit_text(draw, site_name, design.fonts, regular, WIDTH - 2 * MARGIN, 84,
                                                (34, 30, 26, 22))
    site_top = HEIGHT - MARGIN - len(site_lines) * site_line
    for number, line in enumerate(site_lines):
        draw.text((MARGIN, site_top + number * site_line), line, font=site_face, fill=text_colour)
    return top, site_top


def draw_title(draw: ImageDraw.ImageDraw, title: str, design: CardDesign, top: int, bottom: int, colour: Any) -> None:
    """The title, as large as fits between top and bottom (the site name's top)."""
    face, lines, line_height = fit_text(draw, title, design.fonts, FONTS[0], WIDTH - 2 * MARGIN, bottom - top - 24,
                                        (64, 58, 52, 46, 40, 34))
    for line in lines:
        draw.text((MARGIN, top), line, font=face, fill=colour)
        top += line_height


@functools.lru_cache(maxsize=4)  # the cards come in path order, a type's together; each panel is 0.75 MB
def _panel(site_name: str, badge: str, design: CardDesign) -> tuple[Image.Image, int, int]:
    """A brand panel's levels with all but the title, and where the title goes: drawn once per process for
    each badge (most types have one; a policy's carries its number, so those are drawn each time). Callers
    draw on a copy."""
    levels = Image.new("L", (WIDTH, HEIGHT), 0)
    draw = ImageDraw.Draw(levels)
    draw.rectangle((0, HEIGHT - 18, WIDTH, HEIGHT), fill=128)
    top, bottom = frame(draw, site_name, badge, design, (128, 255, 127))
    return levels, top, bottom


def draw_card(title: str, site_name: str, badge: str, photo: str | None, design: CardDesign,
              max_pixels: int = 50_000_000, decoded: Image.Image | None = None) -> bytes:
    """The card's bytes (card_format says which format), with nothing but pixels in the file.

    decoded: the photo's pixels, upright, if the caller has them (a copy the page shows) and they cover
    the card or are the whole photo: then the photo is not decoded again.
    """
    if card_format(photo)[0] == "png":
        # Drawn as levels in one band: 0-127 the background blending into the text colour,
        # 128-255 the accent blending into the badge's text; a 256-colour palette gives the colours.
        panel, top, bottom = _panel(site_name, badge, design)
        levels = panel.copy()
        draw_title(ImageDraw.Draw(levels), title, design, top, bottom, 127)
        mark = logo_mark(design.logo, max_pixels)
        if mark is not None:  # the seal in the panel's two colours: its light parts in the text colour
            shades = mark.convert("L").point(lambda v: v * 127 // 255)
            levels.paste(shades, (WIDTH - MARGIN - mark.width, MARGIN), mark.getchannel("A"))
        return palette_png(levels, _palette(design.background, design.text, design.accent))
    image = background(photo, design, max_pixels, decoded)
    draw = ImageDraw.Draw(image)
    top, bottom = frame(draw, site_name, badge, design, (design.accent, "#0b0c0c", design.text))
    draw_title(draw, title, design, top, bottom, design.text)
    mark = logo_mark(design.logo, max_pixels)
    if mark is not None:
        image.paste(mark, (WIDTH - MARGIN - mark.width, MARGIN), mark)
    buffer = io.BytesIO()
    # For the platforms, which fetch it whole and encode it again: not progressive, nor optimised (8% larger).
    pixels_only(image).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()
