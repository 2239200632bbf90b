"""A page's direction as poppler reads it.

poppler reads a page as right to left only where its right-to-left letters outnumber
its left-to-right ones; otherwise it reads every right-to-left line of it backwards.
A page of a right-to-left handout can hold more Latin letters than Arabic or Hebrew
ones (a clinic's name and contact in English, Latin drug names, a short last page), so
the letters of each page are counted as it is drawn (the text engine's lines and
ReportLab's text alike), and a page that needs it gets right-to-left marks enough: an
artifact (no reader voices it) of empty glyphs with no width, at the start of the
page's first right-to-left line, which pdfium passes over.
"""

from __future__ import annotations

import unicodedata
from typing import Any

_RLM = "\u200f"
_BEFORE = 0.04
"""Points left of the line's start the marks are drawn at: before its glyphs and its own
marks, for readers that sort characters by position."""


def start(canvas: Any) -> None:
    """Count the letters of ``canvas``'s pages from now on (a right-to-left handout)."""
    canvas._direction_tally = {}


def count(canvas: Any, text: str, where: tuple[Any, float, float] | None = None) -> None:
    """Add ``text``, drawn on the current page, to its count; ``where``: the glyph font
    and the place (on the page) of a right-to-left line's start."""
    pages = canvas.__dict__.get("_direction_tally")
    if pages is None:
        return
    kinds = [unicodedata.bidirectional(c) for c in text]
    left, right, first = pages.get(canvas._pageNumber, (0, 0, None))
    pages[canvas._pageNumber] = (
        left + kinds.count("L"),
        right + kinds.count("R") + kinds.count("AL"),
        first or where,
    )


def balance(canvas: Any) -> None:
    """Before the current page is finished: the marks it needs, if any."""
    pages = canvas.__dict__.get("_direction_tally") or {}
    left, right, first = pages.get(canvas._pageNumber, (0, 0, None))
    need = left - right + 1
    if first is None or need <= 0:
        return
    from . import glyphs

    font, x, y = first
    canvas._code.append("/Artifact BMC")
    writer = glyphs.Writer(canvas, 1)
    size = 128
    while need:  # in chunks of a power of two: a few codes in the font, whatever the count
        if need >= size:
            writer.glyph(font, font.code(font.blank(), _RLM * size), x - _BEFORE, y)
            need -= size
        else:
            size //= 2
    writer.end()
    canvas._code.append("EMC")
