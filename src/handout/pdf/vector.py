"""An SVG picture drawn as vectors in the PDF, with ``svglib``.

``svglib`` turns the drawing into ReportLab shapes, which stay sharp at any size and
take a few kilobytes.  Two things are changed on the way:

- its text is set in the handout's own fonts (the face of the font chain that has
  the text's letters, bold where the drawing says bold), so that every font in the
  PDF is embedded and the same on every machine (``svglib`` would otherwise pick a
  font installed on the machine, or an unembedded Helvetica);
- for a style of greys only, every colour (fills, strokes, gradient stops, pictures
  inside the drawing) is turned into its grey, as photos are.

A picture inside the drawing is read only from the drawing's own folder or below.
"""

from __future__ import annotations

import copy
import functools
import logging
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.lib.colors import Color

from ..model.figure import Figure, FigureError
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
        if gray:
            _gray(node)
    made.scale(width / parsed.width, height / parsed.height)
    made.width, made.height = width, height
    made.initialFontName = chain.primary.regular  # else ReportLab names Helvetica
    return made


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
