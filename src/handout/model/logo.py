"""The clinic logo: read once per process, scaled down, drawn in the header band.

A logo prints about half an inch tall, so anything above ``MAX_PIXELS`` on its
long side is wasted; we shrink it once and keep the small copy.  Baseline JPEGs
are decoded already reduced (Pillow's ``draft``), so a huge photo costs little
memory; a PNG or a progressive JPEG is decoded whole, so above ``images.MAX_DECODE_PIXELS``
it is refused.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

from ..errors import HandoutError
from . import images

HEIGHT = 40.0
"""Height of the logo in the header band, in points."""
MAX_WIDTH = 160.0
MAX_PIXELS = 600
ENOUGH = f"it prints half an inch tall, so {MAX_PIXELS} pixels across is plenty"
"""Why a logo needs no more pixels, for the message refusing a huge one."""


class LogoError(HandoutError):
    """The style's logo cannot be used."""


@functools.cache
def _small(path: Path, mtime: float, gray: bool = False) -> tuple[bytes, int, int]:
    """The logo shrunk to at most ``MAX_PIXELS`` a side, as PNG bytes, and its pixel size.

    ``gray``: converted to grey (keeping its transparency), for a style that prints in grey.

    The format plugins are called directly: ``Image.open`` would refuse a very large
    JPEG as a "decompression bomb", yet ``draft`` decodes it at 1/8 scale cheaply.
    """
    from PIL import JpegImagePlugin, PngImagePlugin

    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            fh.seek(0)
            img: Any
            if head.startswith(b"\xff\xd8\xff"):
                img = JpegImagePlugin.JpegImageFile(fh)
            elif head.startswith(b"\x89PNG\r\n\x1a\n"):
                img = PngImagePlugin.PngImageFile(fh)
            else:
                raise LogoError(f"{path}: the logo must be a PNG or JPEG image")
            problem = images.too_large(img, "logo", ENOUGH)
            if problem:
                raise LogoError(f"{path}: the logo {problem}")
            if img.format == "JPEG":
                img.draft("RGB", (MAX_PIXELS, MAX_PIXELS))
            img.thumbnail((MAX_PIXELS, MAX_PIXELS))
            small = img if img.mode in ("RGB", "RGBA", "L", "LA") else img.convert("RGBA")
            if gray and small.mode not in ("L", "LA"):
                small = small.convert("LA" if small.mode == "RGBA" else "L")
            buf = io.BytesIO()
            small.save(buf, "PNG", optimize=False)
            width, height = small.size
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise LogoError(f"{path}: cannot read the logo image: {exc}") from None
    return buf.getvalue(), width, height


@functools.cache
def _reader(path: Path, mtime: float, gray: bool = False) -> tuple[Any, int, int]:
    """The small copy, ready for ReportLab to draw, and its pixel size."""
    from reportlab.lib.utils import ImageReader

    data, width, height = _small(path, mtime, gray)
    return ImageReader(io.BytesIO(data)), width, height


WEB_PIXELS = 128
"""Tallest logo in a web page, in pixels: it shows about 53 CSS pixels tall, so this is
sharp on screens of up to 2.4 device pixels per CSS pixel, and stays a few kilobytes."""


@functools.cache
def web_png(path: Path, mtime: float) -> tuple[bytes, int, int]:
    """The logo for a web page: PNG bytes at most ``WEB_PIXELS`` tall, and its pixel size."""
    from PIL import Image

    data, width, height = _small(path, mtime)
    if height <= WEB_PIXELS:
        return data, width, height
    img: Any = Image.open(io.BytesIO(data))
    img.thumbnail((width * WEB_PIXELS // height or 1, WEB_PIXELS), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=True)
    return buf.getvalue(), img.width, img.height


def size(path: Path) -> tuple[float, float]:
    """Width and height in points the logo takes in the header band."""
    _, w, h = _reader(path, path.stat().st_mtime)
    scale = min(HEIGHT / h, MAX_WIDTH / w)
    return w * scale, h * scale


def draw(
    canvas: Any, path: Path, x: float, bottom: float, top: float, gray: bool = False
) -> tuple[float, float, float, float]:
    """Draw the logo with its left edge at ``x``, centred between ``bottom`` and ``top``.

    Returns where it went: x, y, width and height.
    """
    reader, _, _ = _reader(path, path.stat().st_mtime, gray)
    w, h = size(path)
    y = bottom + max((top - bottom - h) / 2, 0.0)
    canvas.drawImage(reader, x, y, w, h, mask="auto")
    return x, y, w, h
