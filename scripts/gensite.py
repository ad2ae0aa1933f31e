#!/usr/bin/env python3
"""Write a generated department of N posts, for benchmarks (make bench) and load tests.

    .venv/bin/python scripts/gensite.py OUT --posts 1000 [--photos 50] [--git] [--seed 7]

OUT/content/ gets policies, answers, stories, alerts, news, appeals, events, officers
with photos, data sets and pages in the proportions of a real department, in
English with some Spanish translations; with --photos, that many stories carry a
phone-sized photo (4032x3024 JPEG with EXIF); with --git, OUT is a git repository
whose policies have several revisions each.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

WORDS = ("officer community patrol resident safety policy report street traffic school park neighborhood "
         "response camera training complaint answer program volunteer youth bridge closure detour evidence "
         "record request public meeting council budget staffing shift vehicle pursuit language access data "
         "quarter review force incident call service hours station downtown market river festival").split()
SHARES = (("policies", 0.12), ("qa", 0.18), ("stories", 0.22), ("alerts", 0.08), ("news", 0.12),
          ("appeals", 0.06), ("events", 0.08), ("officers", 0.08), ("data", 0.03), ("pages", 0.03))


def sentence(rng: random.Random, n: int = 12) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def body(rng: random.Random, sections: int) -> str:
    parts = []
    for number in range(sections):
        if sections > 1:
            parts.append(f"## {sentence(rng, 3)[:-1]} {number + 1}")
        parts += [paragraph(rng) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.3:
            parts.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(4)))
    return "\n\n".join(parts) + "\n"


def photo(rng: random.Random, size: tuple[int, int] = (4032, 3024)) -> bytes:
    """A camera-like JPEG: smooth colour with noise, EXIF with GPS."""
    small = Image.new("RGB", (size[0] // 64, size[1] // 64))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(small.width * small.height)])
    image = small.resize(size, Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(2))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (41.0, 52.0, 1.0), 3: "W", 4: (87.0, 37.0, 2.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def portrait(rng: random.Random) -> bytes:
    image = Image.new("RGB", (600, 800), (rng.randrange(60, 200), rng.randrange(60, 200), rng.randrange(60, 200)))
    draw = ImageDraw.Draw(image)
    draw.ellipse((200, 150, 400, 380), fill=(230, 200, 170))
    draw.rectangle((150, 420, 450, 800), fill=(20, 40, 80))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def header(lines: list[tuple[str, str]]) -> str:
    return "\n".join(f"{k}: {v}" for k, v in lines if v) + "\n\n"


def write(content: Path, relative: str, text: str | bytes) -> None:
    path = content / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def generate(out: Path, posts: int, photos: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    content = out / "content"
    start = date(2024, 1, 1)
    counts = {folder: max(1, round(posts * share)) for folder, share in SHARES}
    officers = [f"officer-{n}" for n in range(counts["officers"])]
    policies = [f"policy-{n}" for n in range(counts["policies"])]
    for n, slug in enumerate(officers):
        write(content, f"images/{slug}.jpg", portrait(rng))
        write(content, f"officers/{slug}.md", header([
            ("Title", f"{rng.choice(['Dana', 'Kevin', 'Maria', 'James', 'Ana'])} {rng.choice(WORDS).title()} {n}"),
            ("Rank", rng.choice(["Officer", "Sergeant", "Lieutenant"])), ("Photo", f"images/{slug}.jpg"),
            ("Photo-Alt", "An officer in uniform"), ("Unit", "Patrol")]) + paragraph(rng) + "\n")
    for n, slug in enumerate(policies):
        day = start + timedelta(days=n % 600)
        write(content, f"policies/{slug}.md", header([
            ("Title", f"{sentence(rng, 3)[:-1]} {n}"), ("Id", f"urn:uuid:00000000-0000-4000-8000-{n:012d}"),
            ("Date", day.isoformat()), ("Number", f"{100 + n // 10}.{n % 10}"), ("Effective", day.isoformat()),
            ("Summary", sentence(rng))]) + body(rng, 6))
    photo_left = photos
    for folder in ("qa", "stories", "alerts", "news", "appeals", "events", "data", "pages"):
        for n in range(counts[folder]):
            day = start + timedelta(days=(n * 7) % 680)
            slug = f"{folder}-{n}"
            lines = [("Title", f"{sentence(rng, 5)[:-1]} {n}"), ("Id", f"urn:uuid:{folder[:4]:0<8}-0000-4000-8000-{n:012d}")]
            if folder != "pages":
                lines.append(("Date", day.isoformat()))
            extra = ""
            if folder == "qa":
                lines += [("Question", sentence(rng, 14).rstrip(".") + "?"),
                          ("Asked", (day - timedelta(days=rng.randint(1, 20))).isoformat()),
                          ("Asker", "Resident, Old Town"), ("Authors", "Records Unit"),
                          ("Policies", rng.choice(policies))]
            elif folder == "stories":
                lines.append(("Officers", ", ".join(rng.sample(officers, 2))))
                if photo_left > 0:
                    write(content, f"images/{slug}.jpg", photo(rng))
                    lines += [("Image", f"images/{slug}.jpg"), ("Image-Alt", "Officers with residents")]
                    photo_left -= 1
            elif folder == "alerts":
                lines += [("Expires", (day + timedelta(days=3)).isoformat() + " 18:00"),
                          ("Severity", rng.choice(["info", "warning"])), ("Area", "Downtown")]
                extra = f"\n\n## Update {(day + timedelta(days=1)).isoformat()} 09:00\n\n{paragraph(rng)}\n"
            elif folder == "news":
                lines += [("Case", f"26-{n:06d}"), ("Location", "Main Street")]
            elif folder == "appeals":
                lines += [("Kind", rng.choice(["witness", "identify"])), ("Case", f"26-{n:06d}"),
                          ("Tip-Phone", "555-0123")]
            elif folder == "events":
                lines += [("Starts", (day + timedelta(days=30)).isoformat() + " 18:00"), ("Location", "City Hall")]
            elif folder == "data":
                lines += [("Source", "Records management system"), ("Chart", "bar")]
                rows = "\n".join(f"2025 Q{q},{rng.randint(10, 90)},{rng.randint(10, 90)}" for q in range(1, 5))
                write(content, f"data/{slug}.csv", f"Quarter,Calls,Reports\n{rows}\n")
            write(content, f"{folder}/{slug}.md", header(lines) + body(rng, rng.randint(1, 3)) + extra)
            if folder in ("stories", "qa") and n % 10 == 0:
                spanish = [("Lang", "es"), ("Slug", slug)] + [(k, v) for k, v in lines if k not in ("Id",)]
                spanish[2] = ("Title", f"Título en español {n}")
                write(content, f"{folder}/{slug}.es.md", header(spanish) + body(rng, 1))
    return content


def git_history(out: Path, revisions: int, seed: int = 7) -> None:
    """A repository whose policies have `revisions` commits each (a word changed each time)."""
    rng = random.Random(seed)
    env = {**os.environ, "GIT_AUTHOR_NAME": "Records", "GIT_AUTHOR_EMAIL": "records@example.gov",
           "GIT_COMMITTER_NAME": "Records", "GIT_COMMITTER_EMAIL": "records@example.gov"}

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(out), *args], check=True, capture_output=True, env=env)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "First publication")
    policies = sorted((out / "content/policies").glob("*.md"))
    for number in range(revisions):
        for path in rng.sample(policies, max(1, len(policies) // 3)):
            text = path.read_text()
            word = rng.choice(WORDS)
            path.write_text(text.replace(" the ", f" {word} ", 1) if " the " in text else text + f"\n{word}\n")
        git("commit", "-qam", f"Revision {number}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=0)
    parser.add_argument("--git", type=int, default=0, metavar="REVISIONS", help="commit policy revisions")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    content = generate(args.out, args.posts, args.photos, args.seed)
    if args.git:
        git_history(args.out, args.git, args.seed)
    print(f"{sum(1 for _ in content.rglob('*.md'))} posts in {content}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
