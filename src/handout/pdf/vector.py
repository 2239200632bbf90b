"""An SVG picture drawn as vectors in the PDF, with ``svglib``.

``svglib`` turns the drawing into ReportLab shapes, which stay sharp at any size and
take a few kilobytes.  Two things are changed on the way:

- its text is set in the handout's own fonts (the face of the font chain that has
  the text's letters, bold where the drawing says bold), so that every font in the
  PDF is embedded and the same on every machine (``svglib`` would otherwise pick a
  font installed on the machine, or an unembedded Helvetica);
- for a style of greys only, every colour (fills, strokes, gradient stops, pictures
  inside the drawing) is turned into its grey, as photos are.

A picture inside the drawing (embedded in it, or linked from the drawing's own folder
or below) is drawn as a photo is (``draw``): an image of its own in the PDF, shrunk to
print resolution.
"""

from __future__ import annotations

import copy
import functools
import io
import logging
import math
from pathlib import Path
from typing import Any

from reportlab.graphics.renderPDF import _PDFRenderer, renderScaledDrawing
from reportlab.graphics.shapes import Drawing, Group, Image, String
from reportlab.lib.colors import Color
from reportlab.lib.utils import ImageReader

from ..model.figure import DPI, JPEG_QUALITY, Figure, FigureError
from ..model.yamlfile import display_name
from .fonts import Chain

logging.getLogger("svglib").addHandler(logging.NullHandler())  # its notes are not ours
logging.getLogger("svglib").propagate = False


def drawing(fig: Figure, width: float, height: float, chain: Chain, gray: bool) -> Drawing:
    """The picture's drawing, scaled to ``width`` x ``height`` points."""
    parsed = _parsed(fig.image, fig.image.stat().st_mtime, fig.origin)
    made: Drawing = copy.deepcopy(parsed)
    for node in _nodes(made):
        if isinstance(node, String):
            _set_font(node, chain)
        if isinstance(node, Image) and node.path is not None:
            if isinstance(node.path, str):  # linked: svglib gives its path
                node.path = _picture(Path(node.path), fig)
            node.path.info.setdefault(_SOURCE, node.path.format)  # a photo stays a JPEG
        if gray:
            _gray(node)
    made.scale(width / parsed.width, height / parsed.height)
    made.width, made.height = width, height
    made.initialFontName = chain.primary.regular  # else ReportLab names Helvetica
    return made


def draw(made: Drawing, canvas: Any, x: float, y: float) -> None:
    """Draw ``made`` with its lower left corner at ``x``, ``y``, as ReportLab's
    ``renderPDF.draw`` does, but for its pictures (``_Renderer``)."""
    _Renderer().draw(renderScaledDrawing(made), canvas, x, y, showBoundary=False)


class _Renderer(_PDFRenderer):  # type: ignore[misc]
    """ReportLab's renderer writes a picture into the page's own instructions (an inline
    image), in a form that needs the text-only streams this PDF does not use; it is
    drawn as a photo is instead: an image of its own, at no more pixels than ``DPI``
    needs at the size it prints."""

    def drawImage(self, image: Any) -> None:  # noqa: N802 - ReportLab's name
        picture = image.path  # a Pillow image (``drawing``)
        if image.width <= 0 or image.height <= 0:
            return
        a, b, c, d, _, _ = self._canvas._currentMatrix
        need = (
            max(1, round(image.width * math.hypot(a, b) / 72 * DPI)),
            max(1, round(image.height * math.hypot(c, d) / 72 * DPI)),
        )
        if picture.width > need[0] and picture.height > need[1]:
            from PIL import Image as Pictures

            picture = picture.resize(need, Pictures.Resampling.LANCZOS)
        reader = ImageReader(picture)
        if picture.info.get(_SOURCE) == "JPEG" and picture.mode in ("RGB", "L"):
            buf = io.BytesIO()
            picture.save(buf, "JPEG", quality=JPEG_QUALITY, optimize=True)
            reader = ImageReader(buf)
        self._canvas.drawImage(reader, image.x, image.y, image.width, image.height, mask="auto")


_SOURCE = "handout-source-format"
"""Where a picture notes its file's format (Pillow's ``format`` is lost on a copy)."""


@functools.lru_cache(maxsize=16)
def _parsed(file: Path, mtime: float, origin: str) -> Drawing:
    from svglib.svglib import svg2rlg

    try:
        made = svg2rlg(str(file), external_reference_root=str(file.parent))
    # svglib is a parser of files from anywhere: whatever it raises means the file
    # cannot be drawn, which the author is told, never a traceback
    except Exception as exc:  # noqa: BLE001
        made, why = None, f" ({exc})"
    else:
        why = ""
    if made is None or made.width <= 0 or made.height <= 0:
        raise FigureError(
            f"{origin}: cannot draw the SVG picture {display_name(file)}{why}; export it "
            "again as plain SVG, or as a PNG at 300 dpi"
        )
    return made


def _picture(path: Path, fig: Figure) -> Any:
    """The picture at ``path`` that ``fig``'s drawing links, as a Pillow image."""
    try:
        mtime = path.stat().st_mtime
    except OSError as exc:
        raise FigureError(
            f"{fig.origin}: cannot draw the picture {display_name(path)} that the SVG drawing "
            f"{display_name(fig.image)} links ({exc.strerror or exc})"
        ) from None
    return _linked(path, mtime, fig.image, fig.origin)


@functools.lru_cache(maxsize=16)
def _linked(path: Path, mtime: float, drawing: Path, origin: str) -> Any:
    """A picture the drawing links, read whole (svglib gives its path), upright as a
    photo's EXIF says, so that it can be turned grey and shrunk like one; read again
    when the file changes (``mtime``), though the drawing did not."""
    from PIL import Image as Pictures
    from PIL import ImageOps

    try:
        with Pictures.open(path) as opened:
            upright = ImageOps.exif_transpose(opened)
            upright.info[_SOURCE] = opened.format
            return upright
    except (OSError, ValueError, Pictures.DecompressionBombError) as exc:
        raise FigureError(
            f"{origin}: cannot draw the picture {display_name(path)} that the SVG drawing "
            f"{display_name(drawing)} links ({exc}); export it again as PNG or JPEG"
        ) from None


def _nodes(node: Any) -> list[Any]:
    """``node`` and every shape inside it."""
    out = [node]
    if isinstance(node, Group):
        for kid in node.contents:
            out += _nodes(kid)
    return out


def _set_font(node: String, chain: Chain) -> None:
    name = str(getattr(node, "fontName", ""))
    bold = "bold" in name.lower()
    italic = "italic" in name.lower() or "oblique" in name.lower()
    runs = chain.runs(node.text) if node.text else []
    family = runs[0][1] if runs else chain.primary
    node.fontName = family.face(bold, italic)


def _gray(node: Any) -> None:
    """Every colour of ``node`` as its grey (the luminance ReportLab's own conversion
    and photos use), its transparency kept; a picture inside it in grey."""
    for key, value in list(vars(node).items()):
        if isinstance(value, Color):
            setattr(node, key, _grey(value))
        elif isinstance(value, list | tuple) and any(isinstance(v, Color) for v in value):
            setattr(node, key, type(value)(_grey(v) if isinstance(v, Color) else v for v in value))
        elif hasattr(value, "convert") and hasattr(value, "mode"):  # a PIL image
            setattr(node, key, value.convert("LA" if "A" in value.mode else "L"))


def _grey(c: Color) -> Color:
    level = 0.299 * c.red + 0.587 * c.green + 0.114 * c.blue
    return Color(level, level, level, alpha=c.alpha)
