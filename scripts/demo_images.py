#!/usr/bin/env python3
"""Draw the demo department's images (flat illustrations) into content/images/.

    .venv/bin/python scripts/demo_images.py

The images are committed; this script documents how they were made and can
make them again. Two of them carry camera metadata (a fictional GPS position
and a rotation flag), as a phone photo would, so the demo shows the image
pipeline removing it.
"""

from __future__ import annotations

import os
import random

from PIL import Image, ImageDraw

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
IMAGES = os.path.join(ROOT, "content", "images")
SKY, GROUND, NAVY, GOLD = (176, 206, 230), (120, 150, 96), (18, 53, 91), (255, 191, 71)


def scene(size: tuple[int, int], seed: int, sky=SKY, ground=GROUND) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """Sky gradient, ground, a row of buildings: the town of Millbrook."""
    width, height = size
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    for y in range(height * 2 // 3):
        shade = tuple(int(c * (0.8 + 0.2 * y / height)) for c in sky)
        draw.line([(0, y), (width, y)], fill=shade)
    rng = random.Random(seed)
    x = 0
    while x < width:
        w, h = rng.randint(width // 12, width // 6), rng.randint(height // 6, height // 2)
        tone = rng.randint(150, 210)
        draw.rectangle([x, height * 2 // 3 - h, x + w, height * 2 // 3], fill=(tone, tone - 20, tone - 40))
        for wy in range(height * 2 // 3 - h + 15, height * 2 // 3 - 20, 40):
            for wx in range(x + 12, x + w - 20, 36):
                draw.rectangle([wx, wy, wx + 16, wy + 22], fill=(250, 240, 200))
        x += w + rng.randint(4, 30)
    draw.rectangle([0, height * 2 // 3, width, height], fill=ground)
    return image, draw


def person(draw: ImageDraw.ImageDraw, x: int, y: int, scale: float, shirt=NAVY) -> None:
    """A simple figure in uniform: head, body, badge."""
    s = scale
    draw.ellipse([x - 22 * s, y - 120 * s, x + 22 * s, y - 76 * s], fill=(141, 99, 72))
    draw.rounded_rectangle([x - 34 * s, y - 76 * s, x + 34 * s, y + 10 * s], radius=int(14 * s), fill=shirt)
    draw.polygon([(x + 12 * s, y - 60 * s), (x + 22 * s, y - 52 * s), (x + 12 * s, y - 44 * s), (x + 2 * s, y - 52 * s)], fill=GOLD)
    draw.rectangle([x - 28 * s, y + 10 * s, x - 6 * s, y + 70 * s], fill=(30, 30, 40))
    draw.rectangle([x + 6 * s, y + 10 * s, x + 28 * s, y + 70 * s], fill=(30, 30, 40))


def bicycle(draw: ImageDraw.ImageDraw, x: int, y: int, r: int) -> None:
    for cx in (x - r, x + r):
        draw.ellipse([cx - r * 0.8, y - r * 0.8, cx + r * 0.8, y + r * 0.8], outline=(20, 20, 20), width=max(3, r // 8))
    draw.line([(x - r, y), (x, y - r), (x + r, y), (x - r, y)], fill=(200, 30, 30), width=max(3, r // 8))


def portrait(name: str, background: tuple[int, int, int], seed: int) -> None:
    image = Image.new("RGB", (800, 1000), background)
    draw = ImageDraw.Draw(image)
    rng = random.Random(seed)
    skin = rng.choice([(141, 99, 72), (224, 172, 105), (198, 134, 66), (96, 63, 43)])
    draw.ellipse([250, 180, 550, 520], fill=skin)
    draw.pieslice([230, 140, 570, 420], 180, 360, fill=(40, 30, 25))
    draw.rounded_rectangle([130, 560, 670, 1100], radius=120, fill=NAVY)
    draw.polygon([(520, 660), (560, 700), (520, 740), (480, 700)], fill=GOLD)
    draw.polygon([(360, 560), (400, 640), (440, 560)], fill=(235, 235, 240))
    image.save(os.path.join(IMAGES, name), "JPEG", quality=82)


def with_phone_metadata(image: Image.Image, path: str) -> None:
    """Save as a phone would: camera make, a GPS position, a rotation flag."""
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"  # Make
    exif[0x0110] = "DemoPhone 12"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90 degrees clockwise to display
    exif.get_ifd(0x8825).update({1: "N", 2: (41.0, 52.0, 12.5), 3: "W", 4: (87.0, 37.0, 40.2)})
    image.rotate(90, expand=True).save(path, "JPEG", quality=85, exif=exif)


def main() -> None:
    os.makedirs(IMAGES, exist_ok=True)
    image, draw = scene((1800, 1200), 1)
    person(draw, 700, 860, 2.2)
    person(draw, 1100, 860, 2.2)
    bicycle(draw, 700, 1040, 110)
    bicycle(draw, 1100, 1040, 110)
    with_phone_metadata(image, os.path.join(IMAGES, "bike-unit.jpg"))

    image, draw = scene((1800, 1200), 2, ground=(90, 160, 80))
    for i, x in enumerate(range(250, 1700, 180)):
        person(draw, x, 940, 1.2, shirt=(200, 40, 40) if i % 2 else (240, 240, 240))
    person(draw, 900, 900, 2.0)
    draw.ellipse([1300, 980, 1360, 1040], fill=(250, 250, 250), outline=(0, 0, 0), width=4)
    image.save(os.path.join(IMAGES, "youth-soccer.jpg"), "JPEG", quality=82)

    image, draw = scene((1800, 1200), 3, sky=(250, 214, 165))
    draw.rectangle([600, 760, 1200, 820], fill=(120, 70, 40))
    for x in (700, 900, 1100):
        draw.rounded_rectangle([x - 40, 690, x + 10, 760], radius=10, fill=(245, 245, 245))
    person(draw, 650, 900, 1.8)
    person(draw, 1150, 900, 1.8, shirt=(60, 120, 160))
    image.save(os.path.join(IMAGES, "coffee-with-a-cop.jpg"), "JPEG", quality=82)

    image, draw = scene((1800, 1200), 4)
    draw.rectangle([0, 900, 1800, 1000], fill=(70, 70, 70))
    for x in range(40, 1800, 160):
        draw.rectangle([x, 940, x + 80, 960], fill=(255, 255, 255))
    person(draw, 900, 860, 2.0, shirt=(230, 120, 30))
    draw.regular_polygon((900, 560, 90), 8, fill=(200, 20, 20))
    image.save(os.path.join(IMAGES, "crossing-guard.jpg"), "JPEG", quality=82)

    image, draw = scene((1800, 1200), 5, sky=(200, 200, 225))
    person(draw, 750, 880, 2.0)
    person(draw, 1050, 880, 2.0, shirt=(90, 60, 120))
    draw.rounded_rectangle([1250, 700, 1650, 950], radius=30, fill=(250, 250, 250))
    draw.text((1290, 790), "CRISIS TEAM", fill=NAVY)
    image.save(os.path.join(IMAGES, "co-responder.jpg"), "JPEG", quality=82)

    image, draw = scene((1800, 1200), 6, ground=(150, 170, 90))
    person(draw, 800, 880, 2.0)
    draw.ellipse([950, 900, 1250, 1040], fill=(120, 80, 40))
    draw.ellipse([1180, 820, 1320, 940], fill=(120, 80, 40))
    draw.polygon([(1200, 830), (1230, 770), (1250, 840)], fill=(90, 60, 30))
    with_phone_metadata(image, os.path.join(IMAGES, "k9-ranger.jpg"))

    for name, background, seed in (
        ("officer-alvarez.jpg", (201, 222, 240), 11),
        ("officer-whitfield.jpg", (226, 236, 214), 12),
        ("officer-reyes.jpg", (240, 224, 210), 13),
        ("officer-osei.jpg", (225, 220, 240), 14),
    ):
        portrait(name, background, seed)


if __name__ == "__main__":
    main()
