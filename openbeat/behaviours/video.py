"""A news release's `Video`: a YouTube or Vimeo address, shown as a click-to-play preview.

The page makes no request to the video host until the reader clicks: the preview
is a poster drawn with Pillow at build time (the department's colours, a play
button, the host's name and the title), published as one of the site's own
images, and a plain link to the video's page. No iframe, no thumbnail fetched
from the host, no script.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from PIL import Image, ImageDraw

from ..cards import FONTS, CardDesign, fit_text, font, fonts_digest
from ..cards import cost as card_cost
from ..digests import digest
from ..errors import Problem
from ..images import pixels_only
from ..render import Output

WIDTH, HEIGHT = 1280, 720
VERSION = 1  # bump when the poster's design changes
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{3,12}$")
YOUTUBE_HOSTS = ("youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com",
                 "www.youtube-nocookie.com")
VIMEO_HOSTS = ("vimeo.com", "www.vimeo.com", "player.vimeo.com")


@dataclass(frozen=True)
class Video:
    url: str  # the video's own page, in its canonical form (no tracking parameters)
    provider: str  # "YouTube" or "Vimeo"
    poster: str  # output path of the poster, relative to the site
    width: int = WIDTH
    height: int = HEIGHT


def video_page(address: str) -> tuple[str, str] | None:
    """(canonical URL, provider) of a YouTube or Vimeo address; None for anything else."""
    try:
        parts = urlsplit(address.strip())
    except ValueError:
        return None
    if parts.scheme not in ("https", "http") or parts.username or parts.password or parts.port:
        return None
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if host in YOUTUBE_HOSTS or host == "youtu.be":
        if host == "youtu.be":
            found = segments[0] if len(segments) == 1 else ""
        elif segments == ["watch"]:
            found = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) == 2 and segments[0] in ("embed", "shorts", "live", "v"):
            found = segments[1]
        else:
            found = ""
        return (f"https://www.youtube.com/watch?v={found}", "YouTube") if YOUTUBE_ID.match(found) else None
    if host in VIMEO_HOSTS:
        if host == "player.vimeo.com":
            segments = segments[1:] if segments[:1] == ["video"] else []
        elif segments[:1] == ["channels"] and len(segments) >= 3:
            segments = segments[2:]
        if not segments or not VIMEO_ID.match(segments[0]) or len(segments) > 2:
            return None
        if len(segments) == 2 and not re.fullmatch(r"[0-9a-f]{6,20}", segments[1]):  # an unlisted video's hash
            return None
        return "https://vimeo.com/" + "/".join(segments), "Vimeo"
    return None


def checks(entry: Any, context: Any) -> Iterator[Problem]:
    """Video is a YouTube or Vimeo address (anything else would need an embed we do not make)."""
    address = entry.post.get("video")
    if address and video_page(address) is None:
        yield Problem(entry.path, entry.post.line("video"),
                      f'Video "{address}" is not the address of a YouTube or Vimeo video: copy the address of the '
                      "video's page, like https://www.youtube.com/watch?v=dQw4w9WgXcQ or https://vimeo.com/76979871")


def poster_digest(design: CardDesign, title: str, provider: str) -> str:
    data = [VERSION, title, provider, design.background, design.accent, design.text, fonts_digest(design.fonts)]
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:10]


def view(root: Any, entry: Any, builder: Any) -> Video | None:
    found = video_page(builder.fields.get("video") or "")
    if found is None:
        return None
    url, provider = found
    name = poster_digest(builder.build.design, entry.post.get("title"), provider)
    return Video(url, provider, f"{builder.url}video.{name}.jpg")


def draw_poster(title: str, provider: str, design: CardDesign) -> bytes:
    """The preview: the department's colours, a large play button, the title and the host's name (JPEG)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), design.background)
    draw = ImageDraw.Draw(image)
    bold, regular = FONTS
    margin = 64
    draw.rectangle((0, HEIGHT - 16, WIDTH, HEIGHT), fill=design.accent)
    centre_x, centre_y, radius = WIDTH // 2, HEIGHT // 2 - 40, 110
    draw.ellipse((centre_x - radius, centre_y - radius, centre_x + radius, centre_y + radius), fill=design.accent)
    side = radius * 0.9
    draw.polygon([(centre_x - side * 0.38, centre_y - side * 0.55), (centre_x - side * 0.38, centre_y + side * 0.55),
                  (centre_x + side * 0.62, centre_y)], fill="#0b0c0c")
    face, lines, line_height = fit_text(draw, title, design.fonts, bold, WIDTH - 2 * margin, 2 * 62,
                                        (48, 44, 40, 36, 32))
    top = centre_y + radius + 36
    for line in lines:
        draw.text((WIDTH // 2, top), line, font=face, fill=design.text, anchor="ma")
        top += line_height
    draw.text((WIDTH - margin, margin), provider, font=font(design.fonts, regular, 34), fill=design.text, anchor="ra")
    buffer = io.BytesIO()
    pixels_only(image).save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue()


def _poster_files(path: str, title: str, provider: str, design: CardDesign) -> dict[str, bytes]:
    return {path: draw_poster(title, provider, design)}


def outputs(site: Any, pages: Any) -> Iterator[Output]:
    """The poster of every published video (an image, not a page: no sitemap entry)."""
    for item in site.items:
        video = item.parts.get("video")
        if video is None:
            continue
        key = digest(pages.global_key, "video-poster", video, item.title)
        yield Output((video.poster,), key, functools.partial(_poster_files, video.poster, item.title, video.provider,
                                                              site.build.design), cost=card_cost(None))


def jsonld(item: Any, data: dict[str, Any], absolute: Callable[[str], str]) -> None:
    """The video as a schema.org VideoObject, its poster as the thumbnail."""
    video = item.parts.get("video")
    if video is None:
        return
    data["video"] = {"@type": "VideoObject", "name": item.title, "description": item.teaser,
                     "url": video.url, "thumbnailUrl": absolute(video.poster)}
