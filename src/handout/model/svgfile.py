"""SVG drawings an author names as a section's picture: checked, never drawn here.

The file is read as XML (``lxml``, the parser ``svglib`` uses to draw it in the PDF),
with no entities expanded and nothing fetched from the network, so that a damaged or
hostile file is reported with its line before anything is drawn.  Its size is what a
browser would give it: ``width`` and ``height`` in any CSS unit, else its ``viewBox``.
"""

from __future__ import annotations

import re
from pathlib import Path

SUFFIXES = (".svg",)
MAX_BYTES = 5_000_000
"""Largest SVG file: a diagram is a few kilobytes; a huge one is usually a traced photo."""
_SVG_NS = "{http://www.w3.org/2000/svg}"
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*")
_CSS_PX = {None: 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54}
_CSS_PX["in"] = 96.0
_EXPORT = "export it again as plain SVG (in Inkscape: File, Save As, Plain SVG)"


def size(file: Path) -> tuple[tuple[float, float] | None, str]:
    """A drawing's width and height in CSS pixels (96 an inch), or why it has none."""
    from lxml import etree

    try:
        length = file.stat().st_size
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"
    if length > MAX_BYTES:
        return None, (
            f"is an SVG drawing of {length / 1_000_000:.1f} MB, too large to print from: an "
            f"SVG picture may have at most {MAX_BYTES // 1_000_000} MB; simplify it, or "
            "export it as a PNG at 300 dpi"
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(str(file), parser).getroot()
    except etree.XMLSyntaxError as exc:
        line = f" at line {exc.lineno}" if exc.lineno else ""
        return None, f"is damaged: it is not well-formed XML{line}; {_EXPORT}"
    except OSError as exc:
        return None, f"cannot be read: {exc}"
    if root is None or root.tag != f"{_SVG_NS}svg":
        return None, f"is not an SVG drawing (its first element is not <svg>); {_EXPORT}"
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = _view_box(root.get("viewBox"))
    if box and (width is None or height is None):
        if width is None and height is None:
            width, height = box
        elif width is None and height is not None:
            width = height * box[0] / box[1]
        elif width is not None:
            height = width * box[1] / box[0]
    if not width or not height:
        return None, (
            'has no size: give its <svg> element a width and height (width="600" '
            'height="400"), or a viewBox'
        )
    return (width, height), ""


def _length(value: str | None) -> float | None:
    """A CSS length in pixels; ``None`` for none, a percentage or an unknown unit."""
    m = _LENGTH.fullmatch(value or "")
    if not m:
        return None
    number = float(m.group(1))
    return number * _CSS_PX[m.group(2)] if number > 0 else None


def _view_box(value: str | None) -> tuple[float, float] | None:
    parts = re.split(r"[\s,]+", (value or "").strip())
    try:
        w, h = float(parts[2]), float(parts[3])
    except (IndexError, ValueError):
        return None
    return (w, h) if w > 0 and h > 0 else None
