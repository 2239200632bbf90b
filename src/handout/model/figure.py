"""A section's picture: ``figure: {image: FILE, alt: TEXT, caption: TEXT}``.

The file is checked when the content is read (exists, is a PNG or JPEG, is not too
large to decode) and decoded only when a page is drawn, then shrunk to what its
printed size needs (``pixels``): a photo straight from a camera would otherwise make
a handout of many megabytes.  An SVG drawing is checked as XML (``svgfile``) and
drawn as vectors in the PDF (``pdf.vector``, with ``svglib``); the HTML page embeds
the file, with the pictures it links put in it (``svgfile.embedded``).

``alt`` is required: it is what a screen reader says instead of the picture.
``alt: ""`` says the picture is decoration only; it is then not read at all.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import HandoutError
from . import images, svgfile
from .schema import Checker, one_line, type_name
from .yamlfile import PathKey, display_name

KEYS = ("image", "alt", "caption")
REQUIRED = ("image", "alt")
MAX_ALT_CHARS = 400
"""Longest alternative text: a screen reader reads it in one breath; say more in the text."""
ENOUGH = "printed across a column at 300 dpi, 2,500 pixels across is plenty"
DPI = 300
"""Print resolution: a picture is shrunk to this many pixels an inch at its printed size."""
JPEG_QUALITY = 88
"""A photo shrunk for print is saved as a JPEG again at this quality."""
SVG_SUFFIXES = (".svgz",)
"""Compressed SVG, refused with a message (save it as plain SVG)."""


@dataclass(frozen=True)
class Figure:
    """A picture (or SVG drawing) of a section, with its description."""

    image: Path
    """The picture file, resolved."""
    size: tuple[int, int]
    """Its width and height in pixels, read from its header (an SVG drawing's in CSS
    pixels, 96 an inch)."""
    alt: str
    """What the picture shows, for readers who cannot see it; empty: decoration only."""
    caption: str | None = None
    origin: str = ""
    """Where it was written (``flu.yaml:38:7: sections[2].figure``), for a later message."""

    @property
    def decorative(self) -> bool:
        return not self.alt

    @property
    def vector(self) -> bool:
        """Whether it is an SVG drawing, printed as vectors."""
        return self.image.suffix.lower() in svgfile.SUFFIXES


class FigureError(HandoutError):
    """A picture that passed its checks cannot be decoded after all (a damaged file)."""


def read(c: Checker, path: PathKey, value: Any, base: Path) -> Figure | None:
    """The figure of a section, checked; ``base``: the folder image paths start from."""
    fig = c.mapping(
        path, value, KEYS, (), what="a figure with image:, alt: and caption: (optional)"
    )
    if fig is None:
        return None
    image = _image(c, (*path, "image"), fig["image"], base) if "image" in fig else None
    if "image" not in fig:
        c.fail(path, "missing required key 'image': the PNG, JPEG or SVG file of the picture")
    alt = _alt(c, (*path, "alt"), fig)
    caption = c.text((*path, "caption"), fig.get("caption"), required=False)
    if image is None or alt is None:
        return None
    where = c.doc.problem(path, "")
    origin = ":".join(str(p) for p in (where.file, where.line, where.column) if p is not None)
    return Figure(
        image[0],
        image[1],
        alt,
        one_line(caption) if caption else None,
        f"{origin}: {where.path}",
    )


def _alt(c: Checker, path: PathKey, fig: dict[str, Any]) -> str | None:
    if "alt" not in fig:
        c.fail(
            path[:-1],
            "missing required key 'alt': say in a sentence what the picture shows, for "
            'readers who cannot see it (or write alt: "" if it is decoration only)',
        )
        return None
    raw = fig["alt"]
    if isinstance(raw, str) and not raw.strip():
        return ""
    if raw is None:
        c.fail(
            path,
            'is empty; say what the picture shows, or write alt: "" (with the quotes) '
            "if it is decoration only",
        )
        return None
    text = c.text(path, raw)
    if text is None:
        return None
    shown = one_line(text)
    if len(shown) > MAX_ALT_CHARS:
        c.fail(
            path,
            f"is {len(shown)} characters long; keep it to {MAX_ALT_CHARS} (a screen reader "
            "reads it in one go): say what matters, and put the rest in the caption or text",
        )
        return None
    return shown


def _image(
    c: Checker, path: PathKey, value: Any, base: Path
) -> tuple[Path, tuple[int, int]] | None:
    if not isinstance(value, str) or not value.strip():
        c.fail(path, f"expected the path of a PNG, JPEG or SVG file, found {type_name(value)}")
        return None
    file = Path(value.strip()).expanduser()
    if not file.is_absolute():
        file = base / file
    shown = display_name(file)
    if file.suffix.lower() in SVG_SUFFIXES:
        c.fail(path, f"the picture {shown} {_SVG}")
        return None
    missing = images.file_problem(file, shown, "picture", "the folder of the content file")
    if missing:
        c.fail(path, missing)
        return None
    if file.suffix.lower() in svgfile.SUFFIXES:
        drawn, problem = svgfile.size(file)
        if drawn is None:
            c.fail(path, f"the picture {shown} {problem}")
            return None
        unlinked = svgfile.link_problems(file)
        for problem in unlinked:
            c.fail(path, f"the SVG drawing {shown} {problem}")
        if unlinked:
            return None
        return file.resolve(), (max(1, round(drawn[0])), max(1, round(drawn[1])))
    size, problem = images.image_size(file, "picture", ENOUGH)
    if size is None:
        if "SVG" in problem:
            problem = (
                "is not a PNG or JPEG image (judged by its first bytes): if it is an SVG "
                "drawing, name it so that it ends in .svg"
            )
        c.fail(path, f"the picture {shown} {problem}")
        return None
    try:
        with open(file, "rb") as fh:
            if _turned(images.open_header(fh)):  # a phone's photo, shown upright
                size = (size[1], size[0])
    except (OSError, SyntaxError, ValueError, EOFError):
        pass  # read as it is stored; a real fault is reported when it is drawn
    return file.resolve(), size


_SVG = (
    "is a compressed SVG drawing (.svgz); save it as plain SVG (.svg), or export it as "
    "PNG at 300 dpi"
)


def pixels(figure: Figure, width: float, height: float, gray: bool = False) -> tuple[bytes, str]:
    """The picture for a printed size of ``width`` x ``height`` points: its file's bytes
    when they have no more pixels than ``DPI`` needs, else a copy shrunk to that (JPEG
    stays JPEG, PNG stays PNG); ``gray``: converted to grey.  Also its format, ``JPEG``
    or ``PNG``.  A damaged file raises ``FigureError``."""
    w = max(1, round(width / 72 * DPI))
    h = max(1, round(height / 72 * DPI))
    return _scaled(figure.image, figure.image.stat().st_mtime, (w, h), gray, figure.origin)


def web(figure: Figure, most: int, gray: bool = False) -> tuple[bytes, str, int, int]:
    """The picture for a web page, at most ``most`` pixels wide: bytes, format (``PNG``,
    ``JPEG``, ``SVG+XML``: an SVG drawing is its file, with the pictures it links put
    in it), size."""
    w, h = figure.size
    if w > most:
        w, h = most, max(1, round(h * most / w))
    if figure.vector:
        try:
            shrink = functools.partial(_linked_for_web, most=most, origin=figure.origin)
            return svgfile.embedded(figure.image, shrink), "SVG+XML", w, h
        except OSError as exc:
            raise FigureError(
                f"{figure.origin}: cannot read the picture {display_name(figure.image)} ({exc})"
            ) from None
    data, kind = _scaled(figure.image, figure.image.stat().st_mtime, (w, h), gray, figure.origin)
    return data, kind, w, h


def _linked_for_web(path: Path, most: int, origin: str) -> tuple[bytes, str]:
    """A picture an SVG drawing links, for the page: at most ``most`` pixels each way."""
    return _scaled(path, path.stat().st_mtime, (most, most), False, origin)


@functools.lru_cache(maxsize=32)
def _scaled(
    file: Path, mtime: float, box: tuple[int, int], gray: bool, origin: str
) -> tuple[bytes, str]:
    from PIL import Image, ImageOps

    try:
        with open(file, "rb") as fh:
            img: Any = images.open_header(fh)
            if img is None:  # changed since it was checked
                raise FigureError(f"{origin}: the picture {display_name(file)} is no PNG or JPEG")
            raw = None
            kind = "JPEG" if img.format == "JPEG" else "PNG"
            turned = _turned(img)
            if turned:
                box = (box[1], box[0])  # the stored pixels are on their side
            fits = img.width <= box[0] and img.height <= box[1]
            plain = img.mode in (("L", "RGB") if kind == "JPEG" else ("L", "LA", "RGB", "RGBA"))
            if fits and plain and not turned and not (gray and img.mode not in ("L", "LA")):
                fh.seek(0)
                raw = fh.read()
            else:
                if kind == "JPEG":
                    img.draft("RGB", box)
                img.load()
                img.thumbnail(box, Image.Resampling.LANCZOS)
                img = _plain(ImageOps.exif_transpose(img), kind, gray)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise FigureError(
            f"{origin}: cannot read the picture {display_name(file)} ({exc}); "
            "export it again as PNG or JPEG"
        ) from None
    if raw is not None:
        return raw, kind
    buf = io.BytesIO()
    if kind == "JPEG":
        img.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True)
    else:
        img.save(buf, "PNG", optimize=True)
    return buf.getvalue(), kind


def _turned(img: Any) -> bool:
    """Whether a photo's EXIF orientation says its pixels are stored turned a quarter."""
    return img.getexif().get(_ORIENTATION, 1) in (5, 6, 7, 8)


_ORIENTATION = 0x0112


def _plain(img: Any, kind: str, gray: bool) -> Any:
    """``img`` in a mode a PDF draws as it is: grey or RGB (with alpha for a PNG)."""
    alpha = kind == "PNG" and (img.mode in ("RGBA", "LA", "PA") or "transparency" in img.info)
    if gray:
        return img.convert("LA" if alpha else "L")
    if img.mode in ("L", "RGB") or (alpha and img.mode in ("LA", "RGBA")):
        return img
    return img.convert("RGBA" if alpha else "RGB")
