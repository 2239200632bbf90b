"""The clinic logo: read once per process, scaled down, drawn in the header band.

A logo prints about half an inch tall, so anything above ``MAX_PIXELS`` on its
long side is wasted; we shrink it once and keep the small copy.  JPEGs are
decoded already reduced (Pillow's ``draft``), so a huge photo costs little memory.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

from .errors import HandoutError

HEIGHT = 40.0
"""Height of the logo in the header band, in points."""
MAX_WIDTH = 160.0
MAX_PIXELS = 600
MAX_DECODE_PIXELS = 40_000_000
"""A PNG is decoded whole; above this many pixels it is refused, not decoded."""


class LogoError(HandoutError):
    """The style's logo cannot be used."""


@functools.cache
def _reader(path: Path, mtime: float) -> tuple[Any, int, int]:
    """The logo shrunk to at most ``MAX_PIXELS`` a side, ready to draw, and its pixel size.

    The format plugins are called directly: ``Image.open`` would refuse a very large
    JPEG as a "decompression bomb", yet ``draft`` decodes it at 1/8 scale cheaply.
    """
    from PIL import JpegImagePlugin, PngImagePlugin
    from reportlab.lib.utils import ImageReader

    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            fh.seek(0)
            img: Any
            if head.startswith(b"\xff\xd8\xff"):
                img = JpegImagePlugin.JpegImageFile(fh)
                img.draft("RGB", (MAX_PIXELS, MAX_PIXELS))
            elif head.startswith(b"\x89PNG\r\n\x1a\n"):
                img = PngImagePlugin.PngImageFile(fh)
                if img.width * img.height > MAX_DECODE_PIXELS:
                    raise LogoError(
                        f"{path}: the logo is {img.width} x {img.height} pixels; use one under "
                        f"{MAX_DECODE_PIXELS // 1_000_000} megapixels ({MAX_PIXELS} pixels "
                        "wide is plenty for print)"
                    )
            else:
                raise LogoError(f"{path}: the logo must be a PNG or JPEG image")
            img.thumbnail((MAX_PIXELS, MAX_PIXELS))
            small = img if img.mode in ("RGB", "RGBA", "L", "LA") else img.convert("RGBA")
            buf = io.BytesIO()
            small.save(buf, "PNG", optimize=False)
            width, height = small.size
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise LogoError(f"{path}: cannot read the logo image: {exc}") from None
    buf.seek(0)
    return ImageReader(buf), width, height


def size(path: Path) -> tuple[float, float]:
    """Width and height in points the logo takes in the header band."""
    _, w, h = _reader(path, path.stat().st_mtime)
    scale = min(HEIGHT / h, MAX_WIDTH / w)
    return w * scale, h * scale


def draw(canvas: Any, path: Path, x: float, bottom: float, top: float) -> tuple[float, float]:
    """Draw the logo with its left edge at ``x``, centred between ``bottom`` and ``top``."""
    reader, _, _ = _reader(path, path.stat().st_mtime)
    w, h = size(path)
    y = bottom + max((top - bottom - h) / 2, 0.0)
    canvas.drawImage(reader, x, y, w, h, mask="auto")
    return w, h
