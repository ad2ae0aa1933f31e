#!/usr/bin/env python3
"""Print the numbers that matter: build times, page weights, and what a phone photo costs.

    make bench

Builds the demo content (cold, then warm) into a temporary folder, measures
every page's weight, then builds a story whose lead image is a 5 MB phone
photo and prints the bytes a 375 px wide phone (2x screen) downloads for it.
"""

from __future__ import annotations

import gzip
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
PHONE_WIDTH, PHONE_DPR = 375, 2


def pelican(content: Path, output: Path, cache: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "publishconf.py"), "-o", str(output),
         "-e", f'CACHE_PATH="{cache}"'],
        check=True, capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": "1795000000"},
    )
    return time.perf_counter() - start


def page_weight(output: Path, page: Path) -> int:
    """HTML plus its stylesheet, gzipped (what a phone downloads before images)."""
    css = output / "theme/css/site.css"
    return len(gzip.compress(page.read_bytes())) + len(gzip.compress(css.read_bytes()))


def phone_photo(path: Path, target_bytes: int = 5_000_000) -> int:
    """A 4032x3024 JPEG with camera-like texture, about 5 MB, with EXIF and GPS."""
    rng = random.Random(7)
    small = Image.new("RGB", (504, 378))
    small.putdata([(rng.randrange(256), rng.randrange(256), rng.randrange(256)) for _ in range(504 * 378)])
    image = small.resize((4032, 3024), Image.Resampling.BICUBIC).filter(ImageFilter.GaussianBlur(1))
    noise = Image.effect_noise((4032, 3024), 40).convert("RGB")
    image = Image.blend(image, noise, 0.25)
    exif = Image.Exif()
    exif[0x010F], exif[0x0112] = "PhoneMaker", 1
    exif.get_ifd(0x8825).update({1: "N", 2: (41.0, 52.0, 1.0), 3: "W", 4: (87.0, 37.0, 2.0)})
    for quality in (97, 95, 92, 90, 85):
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=quality, exif=exif)
        if buffer.tell() <= target_bytes * 1.15:
            break
    path.write_bytes(buffer.getvalue())
    return buffer.tell()


def chosen_candidate(srcset: str, needed: int) -> str:
    """The srcset URL a browser picks: the smallest width at least `needed` pixels."""
    candidates = sorted((int(w.rstrip("w")), url) for url, w in (p.strip().split(" ") for p in srcset.split(",")))
    return next((url for width, url in candidates if width >= needed), candidates[-1][1])


def main() -> int:
    from bs4 import BeautifulSoup

    work = Path(tempfile.mkdtemp(prefix="ob-bench-"))
    try:
        cache = work / "cache"
        cold = pelican(ROOT / "content", work / "out", cache)
        warm = pelican(ROOT / "content", work / "out", cache)
        pages = sorted((work / "out").rglob("*.html"))
        weights = {p.relative_to(work / "out").as_posix(): page_weight(work / "out", p) for p in pages}
        heaviest = max(weights, key=weights.get)
        start = time.perf_counter()
        subprocess.run([sys.executable, str(ROOT / "scripts/lint.py"), str(ROOT / "content")], capture_output=True)
        lint_time = time.perf_counter() - start
        print("Demo site")
        print(f"  pages:                {len(pages)}")
        print(f"  build, cold cache:    {cold:.2f} s")
        print(f"  build, warm cache:    {warm:.2f} s")
        print(f"  lint:                 {lint_time:.2f} s")
        print(f"  page weight, gzipped HTML+CSS: median {statistics.median(weights.values()) / 1024:.1f} KB, "
              f"heaviest {weights[heaviest] / 1024:.1f} KB ({heaviest}); budget 30 KB")
        output_bytes = sum(p.stat().st_size for p in (work / "out").rglob("*") if p.is_file())
        print(f"  output:               {output_bytes / 1e6:.1f} MB in {sum(1 for p in (work / 'out').rglob('*') if p.is_file())} files")

        content = work / "photo-site"
        shutil.copytree(ROOT / "content", content)
        photo_bytes = phone_photo(content / "images/phone-photo.jpg")
        story = (content / "stories/bike-unit-returns.md").read_text()
        (content / "stories/bike-unit-returns.md").write_text(story.replace("images/bike-unit.jpg", "images/phone-photo.jpg"))
        pelican(content, work / "photo-out", cache)
        page = work / "photo-out/stories/bike-unit-returns/index.html"
        soup = BeautifulSoup(page.read_text(), "html.parser")
        source = soup.select_one(".ob-figure--lead source[type='image/webp']")
        chosen = chosen_candidate(source["srcset"], PHONE_WIDTH * PHONE_DPR)
        image_bytes = (work / "photo-out" / chosen.split("/", 3)[-1]).stat().st_size
        html_css = page_weight(work / "photo-out", page)
        largest = max(p.stat().st_size for p in (work / "photo-out/images").glob("phone-photo-*"))
        print(f"\nStory page with a {photo_bytes / 1e6:.1f} MB phone photo, on a {PHONE_WIDTH} px phone at {PHONE_DPR}x")
        print(f"  before (the original photo linked):  {(photo_bytes + html_css) / 1024:,.0f} KB")
        print(f"  after (HTML+CSS+{chosen.rsplit('/', 1)[-1]}):  {(image_bytes + html_css) / 1024:,.0f} KB "
              f"({(photo_bytes + html_css) / (image_bytes + html_css):.0f}x less)")
        print(f"  largest published copy of the photo: {largest / 1024:,.0f} KB; metadata removed")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
