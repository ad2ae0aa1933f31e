"""Plain functions of the image pipeline: check, plan and render one image.

Written by hand on Pillow because pelican-image-process (the ecosystem's
candidate) keeps EXIF unless told per-process, writes no WebP fallback pairs
with sizes known before rendering, and has no cache keyed by content.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's own decompression-bomb guard is set far above our limit; our limit
# is checked on the header before any pixel is decoded.
Image.MAX_IMAGE_PIXELS = None

_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
_GRAPHIC_FORMATS = {"PNG", "GIF"}


class ImageProblem(ValueError):
    """An image a content file uses cannot be published; the message says why."""


@dataclass(frozen=True)
class Variant:
    path: str  # output path, relative to OUT, posix
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class Plan:
    source: str  # content-relative path of the original
    width: int  # of the largest published copy
    height: int
    variants: tuple[Variant, ...]
    display: Variant  # the largest JPEG/PNG copy, also published at the source's own path

    @property
    def fallback(self) -> Variant:
        """The `src` of an `<img>`: the display copy."""
        return self.display

    def srcset(self, mime: str, base: str = "") -> str:
        """`srcset` of the copies of one type, with URLs under base (SITEURL)."""
        return ", ".join(
            f"{base}/{v.path} {v.width}w" for v in self.variants if v.mime == mime
        )


def inspect(path: str, max_pixels: int, decode: bool = True) -> tuple[int, int, str]:
    """Width and height as displayed (orientation applied) and the format.

    The size is read from the header, so a decompression bomb is refused before
    any pixel is decoded; with decode, the pixels are then decoded once to catch
    truncated or corrupt files. Raises ImageProblem with a message that says what to do.
    """
    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ImageProblem(
                    f"is {width}x{height} pixels, over the limit of {max_pixels:,}: "
                    "resize it (2000 pixels wide is plenty) and save it again"
                )
            orientation = image.getexif().get(0x0112, 1)
            image_format = image.format or ""
            if decode:
                image.load()
    except FileNotFoundError:
        raise ImageProblem("does not exist: check the path and file name") from None
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ImageProblem(
            f"cannot be read as an image ({error.__class__.__name__}): "
            "export it again as JPEG or PNG"
        ) from None
    if orientation in _ROTATED:
        width, height = height, width
    return width, height, image_format


def plan(content_root: str, source: str, widths: list[int], max_pixels: int) -> Plan:
    """Which copies an image gets; no pixel is written (or decoded: ob_checks has
    already decoded every image once, before the build read any content)."""
    width, height, image_format = inspect(os.path.join(content_root, source), max_pixels, decode=False)
    fallback_ext, fallback_mime = (
        ("png", "image/png") if image_format in _GRAPHIC_FORMATS else ("jpg", "image/jpeg")
    )
    sizes = sorted({w for w in widths if w < width} | {min(width, max(widths))})
    stem = os.path.splitext(source)[0]
    variants = []
    for size in sizes:
        size_height = max(1, round(height * size / width))
        for ext, mime in (("webp", "image/webp"), (fallback_ext, fallback_mime)):
            variants.append(Variant(f"{stem}-{size}.{ext}", size, size_height, mime))
    top = variants[-1]
    # The contract publishes images at /images/...: the display copy takes the
    # source's path (never the original's bytes) when the format matches its name.
    same_format = os.path.splitext(source)[1].lower() in ((".jpg", ".jpeg") if fallback_ext == "jpg" else (".png",))
    display = Variant(source, top.width, top.height, fallback_mime) if same_format else top
    return Plan(source, top.width, top.height, tuple(variants), display)


def cache_key(source_bytes: bytes, widths: list[int], quality: int, max_bytes: int) -> str:
    """Derivatives depend on the source's content and the settings, nothing else."""
    digest = hashlib.sha256(source_bytes)
    digest.update(json.dumps([widths, quality, max_bytes, Image.__version__]).encode())
    return digest.hexdigest()[:24]


def _encode(image: Image.Image, mime: str, quality: int) -> bytes:
    # No exif=, icc_profile= or pnginfo= is passed: nothing but pixels is written.
    buffer = io.BytesIO()
    if mime == "image/webp":
        image.save(buffer, "WEBP", quality=quality, method=4)
    elif mime == "image/png":
        image.save(buffer, "PNG", optimize=True)
    else:
        image.convert("RGB").save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def _save(image: Image.Image, path: str, mime: str, quality: int, max_bytes: int) -> None:
    """Encode at quality, lowering it step by step while the file is over max_bytes."""
    data = _encode(image, mime, quality)
    while len(data) > max_bytes and quality > 30 and mime != "image/png":
        quality -= 10
        data = _encode(image, mime, quality)
    if len(data) > max_bytes and mime == "image/png":  # a large graphic: 256 colours
        data = _encode(image.convert("RGBA").quantize(256), mime, quality)
    with open(path, "wb") as handle:
        handle.write(data)


def render(
    content_root: str, image_plan: Plan, out_dir: str, cache_dir: str, quality: int, max_bytes: int
) -> bool:
    """Write every copy of one image into out_dir; True when all came from the cache."""
    source_path = os.path.join(content_root, image_plan.source)
    with open(source_path, "rb") as handle:
        source_bytes = handle.read()
    widths = sorted({v.width for v in image_plan.variants})
    folder = os.path.join(cache_dir, cache_key(source_bytes, widths, quality, max_bytes))
    reused = os.path.isdir(folder)
    if not reused:
        staging = folder + ".tmp"
        shutil.rmtree(staging, ignore_errors=True)
        os.makedirs(staging)
        with Image.open(source_path) as original:
            upright = ImageOps.exif_transpose(original)
            if upright.mode not in ("RGB", "RGBA", "L", "LA"):
                upright = upright.convert("RGBA" if "transparency" in upright.info else "RGB")
            for variant in image_plan.variants:
                copy = upright.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
                copy.info = {}
                name = f"{variant.width}.{variant.path.rsplit('.', 1)[1]}"
                _save(copy, os.path.join(staging, name), variant.mime, quality, max_bytes)
        os.replace(staging, folder)
    fallback_ext = [v for v in image_plan.variants if v.mime != "image/webp"][-1].path.rsplit(".", 1)[1]
    for variant in (*image_plan.variants, image_plan.display):
        target = os.path.join(out_dir, variant.path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        ext = "webp" if variant.mime == "image/webp" else fallback_ext
        shutil.copyfile(os.path.join(folder, f"{variant.width}.{ext}"), target)
    return reused
