"""Images: check, plan and render the published copies of one image.

Written by hand on Pillow because pelican-image-process (the ecosystem's
candidate) keeps EXIF unless told per-process, writes no WebP fallback pairs
with sizes known before rendering, and has no cache keyed by content.

Every published image is re-encoded from its pixels alone (`pixels_only`): no
EXIF, GPS, XMP, IPTC, ICC profile, JPEG comment, PNG text chunk or GIF comment
survives. Derivative names carry a digest of the source and the settings, so two
images with the same name (x.jpg, x.png) never share copies, and a browser may
cache each copy for a year.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

_ROTATED = {5, 6, 7, 8}  # EXIF orientations that swap width and height
_GRAPHIC_FORMATS = {"PNG", "GIF"}
FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
# Bicubic: for scaling down to a page's widths it looks the same as Lanczos and takes two thirds of the time.
RESAMPLE = Image.Resampling.BICUBIC


class ImageProblem(ValueError):
    """An image a content file uses cannot be published; the message says why."""


@dataclass(frozen=True)
class Variant:
    path: str  # output path, relative to OUT, posix
    width: int
    height: int
    mime: str


@dataclass(frozen=True)
class ImagePlan:
    source: str  # content-relative path of the original
    digest: str  # of the source's bytes and the settings: names the copies and keys the cache
    width: int  # of the largest published copy
    height: int
    variants: tuple[Variant, ...]
    display: Variant  # the largest JPEG/PNG copy, also published at the source's own path
    whole: bool = False  # the largest copy has every pixel of the source (it is not scaled down)

    @property
    def fallback(self) -> Variant:
        """The `src` of an `<img>`: the display copy."""
        return self.display

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(v.path for v in self.variants) + (self.display.path,)

    def srcset(self, mime: str, base: str = "") -> str:
        """`srcset` of the copies of one type, with URLs under base (SITEURL)."""
        return ", ".join(f"{base}/{v.path} {v.width}w" for v in self.variants if v.mime == mime)


def open_image(path: str, max_pixels: int) -> Image.Image:
    """Open an image with the site's own pixel limit, read from the header before any pixel is decoded.

    Pillow's process-wide guard (Image.MAX_IMAGE_PIXELS) is left as it is: it only
    raises above twice its own limit, which is far above ours.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(path)
    except FileNotFoundError:
        raise ImageProblem("does not exist: check the path and file name") from None
    except Image.DecompressionBombError:
        raise ImageProblem(f"is far over the limit of {max_pixels:,} pixels: resize it (2000 pixels wide is "
                           "plenty) and save it again") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ImageProblem("cannot be read as an image: export it again as JPEG (photos) or PNG (graphics)") from None
    width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise ImageProblem(f"is {width}x{height} pixels, over the limit of {max_pixels:,}: resize it (2000 pixels "
                           "wide is plenty) and save it again")
    if image.format not in FORMATS:
        image.close()
        raise ImageProblem(f"is a {image.format} image, which browsers cannot show: export it as JPEG or PNG")
    return image


def check_frames(image: Image.Image, max_pixels: int) -> None:
    """An animation whose frames together are over the pixel limit (each frame is decoded in full when
    it is published again: a small file of many large frames would stall the build)."""
    frames = getattr(image, "n_frames", 1)
    width, height = image.size
    if frames > 1 and width * height * frames > max_pixels:
        raise ImageProblem(f"is an animation of {frames:,} frames of {width}x{height} pixels, over the limit of "
                           f"{max_pixels:,} pixels in all: make it shorter or smaller, or save one frame as PNG")


def inspect(path: str, max_pixels: int, decode: bool = True, every_frame: bool = False) -> tuple[int, int, str]:
    """Width and height as displayed (orientation applied) and the format.

    With decode, the pixels are decoded once to catch truncated or corrupt files.
    With every_frame (an image published with all its frames, as in files/), the
    frames together must stay within the pixel limit.
    """
    image = open_image(path, max_pixels)
    with image:
        if every_frame:
            check_frames(image, max_pixels)
        width, height = image.size
        orientation = image.getexif().get(0x0112, 1)
        if decode:
            if image.format == "JPEG":  # decoded at an eighth of the size: every byte is still read, 6x faster
                image.draft(image.mode, (max(1, width // 8), max(1, height // 8)))
            try:
                image.load()
            except (OSError, SyntaxError, ValueError):
                raise ImageProblem("is damaged (it cannot be decoded to the end): export it again") from None
        image_format = image.format or ""
    if orientation in _ROTATED:
        width, height = height, width
    return width, height, image_format


def file_digest(path: str, settings_key: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    digest.update(settings_key.encode())
    return digest.hexdigest()[:16]


def settings_key(widths: list[int], quality: int, max_bytes: int) -> str:
    """Copies depend on the source's content and these settings, nothing else."""
    return json.dumps([sorted(widths), quality, max_bytes, Image.__version__, 5])


def plan(content_root: str, source: str, size: tuple[int, int, str], widths: list[int], key: str) -> ImagePlan:
    """Which copies an image of that (width, height, format) gets; no pixel is read."""
    width, height, image_format = size
    digest = file_digest(os.path.join(content_root, source), key)
    fallback_ext, fallback_mime = ("png", "image/png") if image_format in _GRAPHIC_FORMATS else ("jpg", "image/jpeg")
    sizes = sorted({w for w in widths if w < width} | {min(width, max(widths))})
    stem = os.path.splitext(source)[0]
    variants = []
    for size_width in sizes:
        size_height = max(1, round(height * size_width / width))
        for ext, mime in (("webp", "image/webp"), (fallback_ext, fallback_mime)):
            variants.append(Variant(f"{stem}-{size_width}.{digest[:10]}.{ext}", size_width, size_height, mime))
    top = variants[-1]
    # The contract publishes images at /images/...: the display copy takes the
    # source's path (never the original's bytes) when the format matches its name.
    same_format = os.path.splitext(source)[1].lower() in ((".jpg", ".jpeg") if fallback_ext == "jpg" else (".png",))
    display = Variant(source, top.width, top.height, fallback_mime) if same_format else top
    return ImagePlan(source, digest, top.width, top.height, tuple(variants), display, whole=top.width == width)


STRIP_COST = 20.0  # rough milliseconds to publish an image of files/ again


def cost(image_plan: ImagePlan) -> float:
    """Rough milliseconds to make every copy of an image (the writer makes slow outputs longest first)."""
    return 10 + image_plan.width * image_plan.height / 10_000


def pixels_only(image: Image.Image) -> Image.Image:
    """The image with nothing but its pixels: Pillow writes what `info` holds (comments, ICC, EXIF)."""
    image.info = {}
    return image


def encode(image: Image.Image, mime: str, quality: int) -> bytes:
    buffer = io.BytesIO()
    pixels_only(image)
    if mime == "image/webp":
        image.save(buffer, "WEBP", quality=quality, method=2)  # 4 and up: a tenth smaller, twice as slow
    elif mime == "image/png":
        image.save(buffer, "PNG", optimize=True)
    elif mime == "image/gif":
        image.save(buffer, "GIF")
    else:
        # Baseline, not progressive: a third of the time to make, less work for an old phone to decode, 2% larger.
        (image if image.mode in ("RGB", "L") else image.convert("RGB")).save(buffer, "JPEG", quality=quality,
                                                                               optimize=True)
    return buffer.getvalue()


def fit(image: Image.Image, mime: str, quality: int, max_bytes: int) -> bytes:
    """Encode at quality, lowering it step by step while the file is over max_bytes."""
    data = encode(image, mime, quality)
    while len(data) > max_bytes and quality > 30 and mime != "image/png":
        quality -= 10
        data = encode(image, mime, quality)
    if len(data) > max_bytes and mime == "image/png":  # a large graphic: 256 colours
        data = encode(image.convert("RGBA").quantize(256), mime, quality)
    return data


def upright(path: str, max_pixels: int, cover: tuple[int, int] | None = None) -> Image.Image:
    """The decoded image turned the right way up, in a mode every encoder takes.

    With cover (the width and height the largest copy needs, as displayed; 0 for
    either side that does not matter), a JPEG is decoded at a reduced scale when
    that still covers both: one cheap decode instead of a full one.
    """
    with open_image(path, max_pixels) as original:
        if cover and original.format == "JPEG":
            rotated = original.getexif().get(0x0112, 1) in _ROTATED
            width, height = original.size
            shown = (height, width) if rotated else (width, height)
            scale = max(cover[0] / shown[0], cover[1] / shown[1])
            original.draft("RGB", (max(1, int(width * scale)), max(1, int(height * scale))))
        original.load()
        ImageOps.exif_transpose(original, in_place=True)  # in place: no copy of an image already upright
        image = original
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    return pixels_only(image)


def resized(content_root: str, image_plan: ImagePlan, max_pixels: int) -> dict[int, Image.Image]:
    """The pixels of every copy, by width: one decode, one resize per width (each from the next larger)."""
    image = upright(os.path.join(content_root, image_plan.source), max_pixels, (image_plan.width, 0))
    current = image
    by_width: dict[int, Image.Image] = {}
    for width in sorted({v.width for v in image_plan.variants}, reverse=True):
        height = next(v.height for v in image_plan.variants if v.width == width)
        current = current if current.size == (width, height) else current.resize((width, height), RESAMPLE, reducing_gap=2.0)
        by_width[width] = pixels_only(current)
    return by_width


def render(content_root: str, image_plan: ImagePlan, quality: int, max_bytes: int, max_pixels: int,
           by_width: dict[int, Image.Image] | None = None) -> dict[str, bytes]:
    """Every copy of one image: output path -> bytes; by_width: the pixels from `resized`, when the caller
    has them already."""
    by_width = by_width or resized(content_root, image_plan, max_pixels)
    files = {v.path: fit(by_width[v.width], v.mime, quality, max_bytes) for v in image_plan.variants}
    top = max(image_plan.variants, key=lambda v: (v.width, v.mime != "image/webp"))
    files[image_plan.display.path] = files[top.path]
    return files


def strip(path: str, max_pixels: int) -> bytes:
    """A static image of files/ again with its own size and format, without any metadata.

    What only shows how the pixels look is kept: an animation's frame times and loop
    count, a transparent colour (as an alpha channel).
    """
    with open_image(path, max_pixels) as original:
        image_format = original.format
        frames = getattr(original, "n_frames", 1)
        if image_format == "GIF" and frames > 1:
            check_frames(original, max_pixels)
            durations = []
            for index in range(frames):
                original.seek(index)
                durations.append(original.info.get("duration", 100))
            original.seek(0)
            timing = {"duration": durations, "loop": original.info.get("loop", 0)}
            buffer = io.BytesIO()
            pixels_only(original)
            original.save(buffer, "GIF", save_all=True, comment=b"", **timing)
            return buffer.getvalue()
        image = ImageOps.exif_transpose(original)
        image.load()
    if "transparency" in image.info:
        image = image.convert("RGBA")
    mime = {"PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}.get(image_format, "image/jpeg")
    return encode(image, mime, 90)
