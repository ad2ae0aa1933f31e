"""Helpers of the hostile-input tests (tests/test_hostile.py): workspaces, snapshots, runs, hostile files.

A workspace is a folder with a site (`site/content`, its previous output
`site/out`, its cache `site/cache`) beside a folder it must never touch
(`somewhere/`, which the attacks name with `../`, symlinks and absolute
paths). `snapshot()` hashes every file of the workspace except OUT and the
cache, so a test sees any file the build or lint created, changed or removed
anywhere else.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image, PngImagePlugin

from conftest import EPOCH, PUBLISHCONF, ROOT, SITEURL, basic_site, build_clock, write_files
from openbeat.checks import check_folder, lint_renderer
from openbeat.config import site_settings
from openbeat.errors import Problem

PELICANCONF = str(ROOT / "pelicanconf.py")
LINT = str(ROOT / "scripts/lint.py")
NOW = datetime.fromtimestamp(EPOCH, UTC)
MARK = "SIBLINGSECRET"  # text of the sibling folder: never in OUT
META = "METADATAMARK"  # text hidden in image metadata: never in OUT
PROBLEM_LINE_RE = re.compile(r"^(?P<path>[^\s:][^:]*):(?P<line>\d+): (?P<message>.*)$")


# --- the workspace ---------------------------------------------------------------------------


@dataclass
class Workspace:
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def content(self) -> Path:
        return self.site / "content"

    @property
    def out(self) -> Path:
        return self.site / "out"

    @property
    def cache(self) -> Path:
        return self.site / "cache"

    @property
    def somewhere(self) -> Path:
        return self.root / "somewhere"


def sibling_files() -> dict[str, str | bytes]:
    """What the folder beside the site holds: files an attack would like to read or overwrite."""
    return {
        "x.jpg": jpeg_with_metadata(colour=(250, 0, 0)),
        "photo.jpg": jpeg_with_metadata(colour=(0, 250, 0)),
        "secret.csv": f"name,ssn\n{MARK},000-00-0000\n",
        "post.md": f"Title: {MARK}\nDate: 2026-01-01\n\n{MARK} text.\n",
        "notes/post.md": f"Title: {MARK} notes\nDate: 2026-01-01\n\n{MARK}.\n",
        "pwned.html": f"<p>{MARK}</p>\n",
    }


def make_workspace(root: Path, previous_out: Path | None, files: dict[str, str | bytes] | None = None) -> Workspace:
    """The basic site (plus files) in root/site/content, a copy of a previous output as OUT, and the sibling."""
    ws = Workspace(root)
    write_files(ws.somewhere, sibling_files())
    write_files(ws.content, {**basic_site(), **(files or {})})
    if previous_out is not None:
        shutil.copytree(previous_out, ws.out, symlinks=True)
    return ws


def snapshot(root: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    """relative path -> digest of every entry under root (files, links, FIFOs, devices), except skip."""
    found: dict[str, str] = {}
    skipped = {os.path.abspath(p) for p in skip}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if os.path.abspath(os.path.join(folder, d)) not in skipped)
        for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]):
            full = os.path.join(folder, name)
            if os.path.abspath(full) in skipped:
                continue
            relative = os.path.relpath(full, root)
            info = os.lstat(full)
            if stat.S_ISLNK(info.st_mode):
                found[relative] = "link:" + os.readlink(full)
            elif stat.S_ISREG(info.st_mode):
                with open(full, "rb") as handle:
                    found[relative] = hashlib.sha256(handle.read()).hexdigest()
            else:
                found[relative] = f"special:{stat.S_IFMT(info.st_mode)}"
        for name in dirs:
            found[os.path.relpath(os.path.join(folder, name), root) + "/"] = "folder"
    return found


def tree(folder: Path) -> dict[str, str]:
    """The whole of a folder (an OUT), to compare before and after a build."""
    return snapshot(folder)


def staging_left(ws: Workspace) -> list[str]:
    return sorted(p.name for p in ws.site.iterdir() if ".staging-" in p.name)


# --- running lint and builds -----------------------------------------------------------------


def lint_problems(content: Path, settings_file: str = PELICANCONF) -> list[Problem]:
    """What scripts/lint.py prints, from the same function, in this process."""
    settings = site_settings(settings_file, PATH=str(content))
    return check_folder(settings["PATH"], settings, NOW, render=lint_renderer(settings))


def lint_cli(content: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), **env}
    return subprocess.run([sys.executable, LINT, str(content)], capture_output=True, text=True, env=environment,
                          cwd=str(content.parent), timeout=120)


def pelican(content: Path, output: Path, settings_file: str = PUBLISHCONF, env: dict[str, str] | None = None,
            **overrides: object) -> subprocess.CompletedProcess:
    """The pelican command line, as staff run it; overrides as -e SETTING=JSON (the cache beside OUT by default)."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), "SITEURL": SITEURL, **(env or {})}
    overrides = {"CACHE_PATH": str(output.parent / "cache"), **overrides}
    command = [sys.executable, "-m", "pelican", str(content), "-s", settings_file, "-o", str(output), "-e"]
    command += [f"{name}={json.dumps(value)}" for name, value in overrides.items()]
    return subprocess.run(command, capture_output=True, text=True, env=environment, cwd=str(content.parent),
                          timeout=300)


def pelican_in_process(content: Path, output: Path, settings_file: str = PUBLISHCONF) -> subprocess.CompletedProcess:
    """The publish build as `pelican` runs it, in this process (no interpreter to start for each attack):
    a stopped build is return code 1 with its FILE:LINE lines on stderr, any other exception code 2."""
    import contextlib
    import traceback

    from pelican import Pelican
    from pelican.settings import read_settings

    from openbeat.errors import BuildError

    stderr = io.StringIO()
    code = 0
    try:
        with build_clock(), contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
            try:
                settings = read_settings(settings_file, override={
                    "PATH": str(content), "OUTPUT_PATH": str(output), "SITEURL": SITEURL,
                    "CACHE_PATH": str(output.parent / "cache")})
                Pelican(settings).run()
            except BuildError as error:
                code = 1
                print(error, file=sys.stderr)
            except Exception:  # noqa: BLE001 (the test fails on any traceback: it must see it)
                code = 2
                traceback.print_exc()
    finally:
        # The command line removes its staging folder when it exits (ob_atomic registers that with atexit).
        shutil.rmtree(output.parent / f".{output.name}.staging-{os.getpid()}", ignore_errors=True)
    return subprocess.CompletedProcess(["pelican"], code, "", stderr.getvalue())


def error_lines(text: str) -> set[str]:
    """The FILE:LINE: message lines of a build's log that are errors (not warnings or notes)."""
    found = set()
    for line in text.splitlines():
        match = PROBLEM_LINE_RE.match(line)
        if match and not match.group("message").startswith(("warning: ", "note: ")):
            found.add(line)
    return found


def warning_lines(text: str) -> set[str]:
    return {line for line in text.splitlines() if (m := PROBLEM_LINE_RE.match(line))
            and m.group("message").startswith("warning: ")}


def has(problems: list[Problem] | set[str], path: str, line: int, fragment: str) -> bool:
    """Is there an error at path:line whose message holds fragment?"""
    texts = problems if isinstance(problems, set) else {str(p) for p in problems if p.level == "error"}
    prefix = f"{path}:{line}: "
    return any(t.startswith(prefix) and fragment in t and not t[len(prefix):].startswith(("warning:", "note:"))
               for t in texts)


# --- hostile files -----------------------------------------------------------------------------


def jpeg_with_metadata(size: tuple[int, int] = (120, 90), colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A JPEG carrying EXIF (with GPS), a COM comment, an ICC profile and XMP, each holding META."""
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010E] = f"{META} description"  # ImageDescription
    exif[0x013B] = f"{META} artist"  # Artist
    exif[0x8825] = {1: "N", 2: (40.0, 26.0, 46.0), 3: "W", 4: (79.0, 58.0, 56.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes(), comment=f"{META} comment".encode(),
               icc_profile=b"\0" * 128 + META.encode(), xmp=f"<x:xmpmeta>{META}</x:xmpmeta>".encode())
    return buffer.getvalue()


def png_with_text(size: tuple[int, int] = (120, 90), colour: tuple[int, int, int] = (30, 30, 200)) -> bytes:
    """A PNG with tEXt, zTXt and iTXt (XMP) chunks and an eXIf chunk, each holding META."""
    image = Image.new("RGB", size, colour)
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"{META} tEXt")
    info.add_text("Author", f"{META} zTXt", zip=True)
    info.add_itxt("XML:com.adobe.xmp", f"<x:xmpmeta>{META}</x:xmpmeta>")
    exif = Image.Exif()
    exif[0x010E] = f"{META} exif"
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info, exif=exif.tobytes())
    return buffer.getvalue()


def gif_with_comments(size: tuple[int, int] = (120, 90), frames: int = 1) -> bytes:
    """A GIF with an XMP application extension and a comment extension before every frame, holding META."""
    colours = [(200, 200, 30), (30, 200, 200), (200, 30, 200)]
    images = [Image.new("RGB", size, colours[i % 3]).convert("P") for i in range(frames)]
    buffer = io.BytesIO()
    images[0].save(buffer, "GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    data = buffer.getvalue()
    text = f"{META} comment".encode()
    comment = b"\x21\xfe" + bytes([len(text)]) + text + b"\x00"
    xmp_text = f"<x:xmpmeta>{META}</x:xmpmeta>".encode()
    xmp = b"\x21\xff\x0bXMP DataXMP" + b"".join(bytes([len(c)]) + c for c in _chunks(xmp_text)) + b"\x00"
    flags = data[10]
    pos = 13 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
    out = bytearray(data[:pos] + xmp)
    after_control = False
    while pos < len(data) and data[pos] != 0x3B:
        if data[pos] == 0x21:
            end = _sub_blocks_end(data, pos + 2)
            if data[pos + 1] == 0xF9:
                out += comment
                after_control = True
        else:  # 0x2C: an image descriptor, its colour table, the LZW code size, then sub-blocks
            local = data[pos + 9]
            end = _sub_blocks_end(data, pos + 10 + (3 * 2 ** ((local & 7) + 1) if local & 0x80 else 0) + 1)
            if not after_control:
                out += comment
            after_control = False
        out += data[pos:end]
        pos = end
    return bytes(out + comment + data[pos:])


def _sub_blocks_end(data: bytes, pos: int) -> int:
    while data[pos] != 0:
        pos += data[pos] + 1
    return pos + 1


def _chunks(data: bytes) -> list[bytes]:
    return [data[i:i + 255] for i in range(0, len(data), 255)]


def webp_with_metadata(size: tuple[int, int] = (120, 90), colour: tuple[int, int, int] = (30, 160, 30)) -> bytes:
    image = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x010E] = f"{META} exif"
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", exif=exif.tobytes(), xmp=f"<x:xmpmeta>{META}</x:xmpmeta>".encode())
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height and whose pixel data is garbage: decoding it would fail,
    so an error about its size proves the header alone was read."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"garbage") + chunk(b"IEND", b"")


def gif_header_only(width: int, height: int) -> bytes:
    """A GIF whose logical screen and only frame claim width x height, with no pixel data."""
    return (b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00"
            + b"\x2c" + struct.pack("<HHHH", 0, 0, width, height) + b"\x00" + b"\x02\x02\x44\x01\x00" + b"\x3b")


def gif_of_many_frames(width: int, height: int, frames: int) -> bytes:
    """A GIF of a few hundred bytes whose frames, each within the pixel limit, are together far over it."""
    data = bytearray(b"GIF89a" + struct.pack("<HH", width, height) + b"\x80\x00\x00" + b"\x00\x00\x00\xff\xff\xff")
    data += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"
    for _frame in range(frames):
        data += b"\x21\xf9\x04\x00\x0a\x00\x00\x00"
        data += b"\x2c" + struct.pack("<HHHH", 0, 0, 1, 1) + b"\x00" + b"\x02\x02\x44\x01\x00"
    return bytes(data + b"\x3b")


def image_colour(data: bytes) -> tuple[int, int, int]:
    with Image.open(io.BytesIO(data)) as image:
        rgb = image.convert("RGB")
        return rgb.getpixel((rgb.width // 2, rgb.height // 2))


def story(title: str = "Hostile", header: str = "", body: str = "Text.") -> str:
    """A story post: Title on line 1, Date on line 2, header lines from line 3, the body after a blank line."""
    lines = [f"Title: {title}", "Date: 2026-01-01"] + ([header] if header else [])
    return "\n".join(lines) + "\n\n" + body + "\n"


def body_line(header: str = "") -> int:
    """The line of the first body line of story(header=...)."""
    return 4 + (header.count("\n") + 1 if header else 0)


@dataclass
class Attack:
    """One hostile input: content files added to the basic site, what lint and the build must report."""

    files: dict[str, str | bytes] = field(default_factory=dict)
    errors: tuple[tuple[str, int, str], ...] = ()  # (FILE, LINE, a fragment of the message)
    links: dict[str, str] = field(default_factory=dict)  # content path -> symlink target ({somewhere}, {content})
    special: dict[str, str] = field(default_factory=dict)  # content path -> "fifo", "socket" or "device"

    def apply(self, ws: Workspace) -> None:
        write_files(ws.content, self.files)
        for path, target in self.links.items():
            link = ws.content / path
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(target.format(somewhere=ws.somewhere, content=ws.content))
        for path, kind in self.special.items():
            full = ws.content / path
            full.parent.mkdir(parents=True, exist_ok=True)
            if kind == "fifo":
                os.mkfifo(full)
            elif kind == "device":
                os.mknod(full, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # like /dev/zero: never ends
            elif kind == "socket":
                import socket

                server = socket.socket(socket.AF_UNIX)
                server.bind(str(full))
                server.close()
