"""Image files an author names (the style's logo, a section's figure): checked, never decoded.

The checks run while a file is validated, so a missing, damaged or enormous picture is
reported with the file, line and key like any other mistake, before anything is drawn.
Only the header is read: the plugin classes are used directly, since ``Image.open``
refuses very large images as "decompression bombs".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

MAX_DECODE_PIXELS = 40_000_000
"""A PNG or progressive JPEG is decoded whole; above this many pixels it is refused."""


def decoded_whole(image: Any) -> bool:
    """Whether Pillow decodes the whole image (a PNG, a progressive JPEG).

    A progressive JPEG counts as whole: ``draft`` shrinks what it gives, but the
    decoder keeps every coefficient of the full image (2 bytes a sample), so a small
    file of 20,000 x 20,000 pixels would take gigabytes.
    """
    return image.format == "PNG" or bool(image.info.get("progressive"))


def too_large(image: Any, what: str, enough: str) -> str | None:
    """Why an opened, not yet decoded, PNG or JPEG is too large to use, or ``None``.

    ``what``: the picture's name in the message (``logo``); ``enough``: why fewer
    pixels are plenty.
    """
    if not decoded_whole(image) or image.width * image.height <= MAX_DECODE_PIXELS:
        return None
    kind = "PNG" if image.format == "PNG" else "progressive JPEG"
    return (
        f"is {image.width} x {image.height} pixels, too large to print from: a {kind} {what} "
        f"may have at most {MAX_DECODE_PIXELS // 1_000_000} million pixels ({enough}); "
        "save a smaller copy"
    )


def open_header(fh: Any) -> Any:
    """The PNG or JPEG image of the open file ``fh``, its header read, or ``None``."""
    # Pillow's plugins load here, for a handout or style that has a picture: a build
    # without one does not import them.
    from PIL import JpegImagePlugin, PngImagePlugin

    head = fh.read(8)
    fh.seek(0)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PngImagePlugin.PngImageFile(fh)
    if head.startswith(b"\xff\xd8\xff"):
        return JpegImagePlugin.JpegImageFile(fh)
    return None


def image_size(file: Path, what: str, enough: str) -> tuple[tuple[int, int] | None, str]:
    """A PNG's or JPEG's size in pixels from its header alone, or why it is not one."""
    try:
        with open(file, "rb") as fh:
            head = fh.read(16)
            fh.seek(0)
            try:
                image = open_header(fh)
            except (SyntaxError, ValueError, EOFError, OSError):
                return None, "is damaged: its image header cannot be read; export it again as PNG"
            if image is None:
                return None, not_an_image(head)
            width, height = image.size
            if width <= 0 or height <= 0:
                return None, "is an empty image"
            problem = too_large(image, what, enough) or _damaged(image)
            if problem:
                return None, problem
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"
    return (width, height), ""


def _damaged(image: Any) -> str | None:
    """Why the pixel data of an opened PNG or JPEG cannot be read whole, or ``None``.

    A file cut short or damaged past its header would otherwise pass every check and
    stop the build where the picture is drawn.  A PNG's chunks are read and their
    checksums compared (``verify``: nothing is decompressed); a JPEG is decoded at an
    eighth of its size, which reads all of its data for a fraction of the time.
    """
    try:
        if image.format == "PNG":
            image.verify()
        else:
            image.draft("RGB", (1, 1))
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        return f"is damaged ({exc}); export it again as PNG or JPEG"
    return None


def not_an_image(head: bytes) -> str:
    start = head.lstrip().lower()
    if start.startswith(b"%pdf"):
        what = "is a PDF"
    elif start.startswith((b"<!doctype", b"<html", b"<?xml", b"<svg", b"<")):
        what = "is a web page or SVG"
    elif start.startswith((b"gif8", b"ii*\x00", b"mm\x00*", b"riff")):
        what = "is a GIF, TIFF or WebP image"
    else:
        what = "is not an image"
    return f"{what}, not a PNG or JPEG image (judged by its first bytes); save it as PNG"


def file_problem(file: Path, shown: str, what: str, relative_to: str) -> str | None:
    """Why the path an author gave for a picture names no readable file, or ``None``."""
    if not file.exists():
        return f"the {what} {shown} does not exist (a {what} path is relative to {relative_to})"
    if file.is_dir():
        return f"the {what} {shown} is a folder; name a PNG or JPEG file in it"
    if not file.is_file():  # a named pipe would block reading
        return f"the {what} {shown} is not a regular file; name a PNG or JPEG file"
    return None
