"""Greys in DeviceGray: a neutral colour is written with the gray operators.

ReportLab writes every colour as DeviceRGB (``r g b rg``), greys too; a printer or a
print contract then counts a page of black text as a colour page, and a printer's
driver may mix grey from cyan, magenta and yellow.  A colour whose red, green and blue
are equal is written ``level g`` / ``level G`` instead.  Both the canvas and the text
objects it hands out (paragraph text is drawn through those) mix in ``GrayColors``:
every colour a handout sets passes through one of them.

A style whose colours are all neutral (the bundled ``grayscale``) prints in grey
throughout: ``is_gray`` says so, and its logo is then converted to grey as well.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from typing import Any

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.textobject import PDFTextObject, _PDFColorSetter

from ..model.stylemodel import Style
from . import pagedirection

_HEX = re.compile(r"#[0-9A-Fa-f]{6}")


def level(color: Any) -> float | None:
    """The gray level of a neutral colour (0 black, 1 white), or ``None``."""
    if isinstance(color, CMYKColor):
        return None
    if isinstance(color, Color):
        r, g, b = color.red, color.green, color.blue
    elif isinstance(color, (tuple, list)) and len(color) == 3:
        r, g, b = color
    else:
        return None
    return float(r) if r == g == b else None


class GrayColors(_PDFColorSetter):  # type: ignore[misc]
    """Mixed into a canvas or a text object, before the ReportLab class."""

    def setFillColor(self, aColor: Any, alpha: float | None = None) -> None:  # noqa: N802, N803
        gray = level(aColor)
        if gray is None:
            super().setFillColor(aColor, alpha)
            return
        self._fillColorObj = aColor
        self._code.append(f"{fp_str(gray)} g")
        alpha = getattr(aColor, "alpha", None) if alpha is None else alpha
        if alpha is not None:
            self.setFillAlpha(alpha)

    def setStrokeColor(self, aColor: Any, alpha: float | None = None) -> None:  # noqa: N802, N803
        gray = level(aColor)
        if gray is None:
            super().setStrokeColor(aColor, alpha)
            return
        self._strokeColorObj = aColor
        self._code.append(f"{fp_str(gray)} G")
        alpha = getattr(aColor, "alpha", None) if alpha is None else alpha
        if alpha is not None:
            self.setStrokeAlpha(alpha)

    def linearGradient(  # noqa: N802
        self, x0: float, y0: float, x1: float, y1: float, colors: Any, *args: Any, **kw: Any
    ) -> None:
        """A gradient of greys (in an SVG picture) shaded in DeviceGray too."""
        shading = _gray_shading(colors, *args, **kw)
        if shading is None:
            super().linearGradient(x0, y0, x1, y1, colors, *args, **kw)
            return
        from reportlab.pdfbase.pdfdoc import PDFAxialShading

        self.shade(PDFAxialShading(x0, y0, x1, y1, **shading))

    def radialGradient(  # noqa: N802
        self, x: float, y: float, radius: float, colors: Any, *args: Any, **kw: Any
    ) -> None:
        shading = _gray_shading(colors, *args, **kw)
        if shading is None:
            super().radialGradient(x, y, radius, colors, *args, **kw)
            return
        from reportlab.pdfbase.pdfdoc import PDFRadialShading

        self.shade(PDFRadialShading(x, y, 0.0, x, y, radius, **shading))


def _gray_shading(colors: Any, positions: Any = None, extend: bool = True) -> dict[str, Any] | None:
    """The shading's function and colour space when every colour is a grey, else ``None``."""
    from reportlab.pdfgen.canvas import _buildColorFunction, _gradientExtendStr

    levels = [level(c) for c in colors]
    if not levels or any(v is None for v in levels):
        return None
    return {
        "Function": _buildColorFunction([(v,) for v in levels], positions),
        "ColorSpace": "DeviceGray",
        "Extend": _gradientExtendStr(extend),
    }


class TextObject(GrayColors, PDFTextObject):  # type: ignore[misc]
    """ReportLab's text object, writing neutral colours in DeviceGray, and counting its
    letters towards the page's direction (``pagedirection``)."""

    def _formatText(self, text: str) -> str:  # noqa: N802 - ReportLab's name
        pagedirection.count(self._canvas, text)
        return str(super()._formatText(text))


@functools.cache
def is_gray(style: Style) -> bool:
    """Whether every colour the style sets (``#RRGGBB``, in any part) is a grey."""
    colors = [
        value
        for part in dataclasses.astuple(style)
        if isinstance(part, tuple)
        for value in part
        if isinstance(value, str) and _HEX.fullmatch(value)
    ]
    return all(c[1:3].upper() == c[3:5].upper() == c[5:7].upper() for c in colors)
