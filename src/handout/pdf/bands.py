"""The header band and the footer: what their text lines say, and how tall they are.

A clinic's name, phone number, website and footer line print whole, as written: a
line too long for its room wraps (at a space, or inside a web address where
``text.addresses`` lets it; never inside a phone number), and the band grows by a line
for it, the text frame shrinking to match.  Past ``MAX_LINES`` lines an item is
refused, naming the style's key and line and the room there is, in ``validate`` as
in ``build``.

The footer, from the top: the footer text, then the handout's id, version and review
date on the left with the page number on the right, on one baseline (the page number
on a line of its own above them when both do not fit).  A QR code in the footer
puts its words above the text, at the right, beside the code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import Problem
from ..model import labels, logo
from ..model.content import Handout
from ..model.labels import Labels
from ..model.stylemodel import Style
from ..text import addresses
from . import qr

if TYPE_CHECKING:
    from .roles import Role

MAX_LINES = 2
"""Most lines the clinic's name, its phone and website line, or the footer text may take."""
GAP = 12.0
"""Least space between the footer's id line and the page number, in points."""
LABEL_PAGES = 999
"""The page count a page number is measured with before pages are counted: wide enough."""
HEADER_PAD = 10.0
FOOTER_PAD = 8.0

Line = tuple[str, bool]
"""A line of header text and whether it is bold (the clinic's name)."""


@dataclass(frozen=True)
class Bands:
    """The header and footer bands of every page, laid out once per handout."""

    header: tuple[Line, ...]
    """The header's lines of text, top down."""
    header_h: float
    footer: tuple[str, ...]
    """The footer text's lines, top down."""
    footer_rows: int
    """Lines of text the footer holds, top down: the QR code's words (two, when there),
    the footer text, the page number when ``stacked``, then the id line."""
    footer_h: float
    stacked: bool
    problems: tuple[Problem, ...]
    """Clinic or footer text that does not fit; the kit is drawn only without any."""


def lay_out(style: Style, small: Role, qr_footer: bool, stacked: bool) -> Bands:
    """The bands of ``style`` drawn with ``small`` (taller for a QR code in the footer,
    or for a page number that needs a line of its own)."""
    problems: list[Problem] = []
    header, header_h = _header(style, small, problems)
    size = small.spec.size
    line = size * small.spec.leading
    room = text_room(style, qr_footer)
    footer: list[str] = []
    if style.footer.text:
        footer = wrap(style.footer.text, _measure(small, size, False), room)
        problems += _too_long(style, ("footer", "text"), footer, small, room, size, False, "footer")
    rows = (2 if qr_footer else 0) + len(footer) + (2 if stacked else 1)
    rows = max(rows, 4 if qr_footer else 2)
    footer_h = rows * line + FOOTER_PAD
    if qr_footer:
        footer_h = max(footer_h, qr.LARGEST + FOOTER_PAD)
    return Bands(tuple(header), header_h, tuple(footer), rows, footer_h, stacked, tuple(problems))


def text_room(style: Style, qr_footer: bool) -> float:
    """Width left for the footer's text (beside the widest QR code, when there is one)."""
    p = style.page
    width = p.width - p.margin_left - p.margin_right
    return width - (qr.LARGEST + 4 if qr_footer else 0.0)


def header_room(style: Style) -> float:
    """Width the header's text has, right of the logo."""
    p, clinic = style.page, style.clinic
    room = p.width - p.margin_left - p.margin_right
    if clinic.logo:
        room -= logo.size(clinic.logo)[0] + 10
    return room


def _header(style: Style, small: Role, problems: list[Problem]) -> tuple[list[Line], float]:
    clinic = style.clinic
    if not (clinic.name or clinic.phone or clinic.website or clinic.logo):
        return [], 4.0
    room = header_room(style)
    size, lead = small.spec.size, small.spec.leading
    lines: list[Line] = []
    name: list[str] = []
    if clinic.name:
        key = ("clinic", "name")
        name = wrap(clinic.name, _measure(small, size + 2, True), room)
        problems += _too_long(style, key, name, small, room, size + 2, True, "header")
        lines += [(t, True) for t in name]
    contact: list[str] = []
    text = " \u00b7 ".join(v for v in (clinic.phone, clinic.website) if v)
    if text:
        key = ("clinic", "website" if clinic.website else "phone")
        contact = wrap(text, _measure(small, size, False), room)
        problems += _too_long(style, key, contact, small, room, size, False, "header")
        lines += [(t, False) for t in contact]
    text_h = max(len(name), 1) * (size + 2) * lead + max(len(contact), 1) * size * lead
    return lines, max(text_h, logo.HEIGHT if clinic.logo else 0.0) + HEADER_PAD


Width = Callable[[str], float]


def _measure(small: Role, size: float, bold: bool) -> Width:
    scale = size / small.spec.size
    return lambda t: small.width(t, bold) * scale


def _too_long(
    style: Style,
    key: tuple[str, ...],
    lines: list[str],
    small: Role,
    room: float,
    size: float,
    bold: bool,
    band: str,
) -> list[Problem]:
    width = _measure(small, size, bold)
    wide = [t for t in lines if width(t) > room + 0.01]
    at = f"at {size:g}pt{' bold' if bold else ''}"
    if wide:
        return [
            style.problem(
                key,
                f"'{wide[0]}' cannot break and is {width(wide[0]):.0f}pt wide {at}, but the "
                f"{band} leaves {room:.0f}pt for it; shorten it, or make fonts.small.size smaller",
            )
        ]
    if len(lines) > MAX_LINES:
        return [
            style.problem(
                key,
                f"is too long for the {band}: {at} it takes {len(lines)} lines of {room:.0f}pt, "
                f"and the {band} holds {MAX_LINES}; shorten it, or make fonts.small.size smaller",
            )
        ]
    return []


def wrap(text: str, width: Width, room: float) -> list[str]:
    """``text`` in the fewest lines of at most ``room`` wide, broken at spaces, never in a
    phone number, and inside an address (at its break points) only when the address is
    wider than a line.  A line is wider than ``room`` only where a piece cannot break."""
    units: list[list[str]] = []  # [separator before it, text]: " " breaks, "" may break

    def add(sep: str, unit: str, may_break: bool = False) -> None:
        if units and not sep and not may_break:
            units[-1][1] += unit  # glued to what comes before: no break between them
        else:
            units.append([sep, unit])

    def plain(start: int, end: int) -> None:
        for m in re.finditer(r"\S+", text[start:end]):
            spaced = m.start() > 0 or (start > 0 and text[start - 1].isspace()) or not units
            add(" " if spaced else "", m.group())

    pos = 0
    for t in addresses.find(text):
        plain(pos, t.start)
        spaced = t.start == 0 or text[t.start - 1].isspace()
        whole = text[t.start : t.end]
        pieces = t.pieces(text) if width(whole) > room and t.breaks else [whole]
        add(" " if spaced else "", pieces[0])
        for piece in pieces[1:]:
            add("", piece, may_break=True)
        pos = t.end
    plain(pos, len(text))
    lines: list[str] = []
    line = ""
    for sep, unit in units:
        joined = line + sep + unit if line else unit
        if line and width(joined) > room:
            lines.append(line)
            line = unit
        else:
            line = joined
    return [*lines, line] if line else lines


def one_line(meta: str, words: Labels, small: Role, room: float) -> bool:
    """Whether the id line and the widest page number fit one line of ``room``."""
    label = words.page_of(LABEL_PAGES, LABEL_PAGES)
    return small.width(meta) + GAP + small.width(label) <= room


def footer_meta(handout: Handout, words: Labels | None = None) -> str:
    """The footer's id line: ``MSK-015 · Version 2 · Reviewed 2026-04-30`` (may be empty).

    In the handout's language (``words``; by default the data file's); the date is
    ISO 8601 in every language: unambiguous to every reader, and no month names.
    """
    words = words or labels.resolve(handout.language, Style())
    meta = handout.meta
    parts = []
    if meta.id:
        parts.append(meta.id)
    if meta.version:
        parts.append(words.version.format(version=meta.version))
    if meta.reviewed:
        parts.append(words.reviewed.format(date=meta.reviewed.isoformat()))
    return " \u00b7 ".join(parts)
