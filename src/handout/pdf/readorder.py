"""The order a right-to-left line's glyphs are written in, and the invisible marks
written beside them, so that text extractors read the line back in logical order.

A PDF holds glyphs at places, not text in an order: each extractor rebuilds the order
of a right-to-left line by rules of its own, simpler than the bidi algorithm.

- poppler (``pdftotext``) sorts a line's pieces by position and reads it from the
  right: right-to-left letters and neutrals right to left, and from a left-to-right
  letter, a digit or number punctuation (``#$%+,-./:``, the Arabic comma) left to
  right, taking in every neutral (a space, a bracket) to its left.
- pdfium reads the glyphs of a text object in the order they are written (objects in
  the order of where they start, a forward move read as a space), cuts the line into
  pieces of one class (left-to-right letters; digits, number punctuation and marks;
  right-to-left letters; neutrals) and, when right-to-left pieces are not fewer than
  left-to-right ones, takes the pieces in reverse order; either way a right-to-left
  piece is reversed and its brackets mirrored, and so is a neutral one after it.
- MuPDF 1.21 reads a line in the order it is written.

Written in visual order, a dose ("500 mg") comes back "mg 500" from pdfium, a bracket
mirrored, and a full stop ending a word on the wrong side of the space from poppler.
So, the places on the page staying the layout's:

- Marks (U+200E left-to-right, U+200F right-to-left) are added where poppler needs
  them, drawn with an empty glyph of no advance (``GlyphFont.blank``) beside the glyph
  they belong to: a left-to-right stretch (a number, a dose, a phone number, a Latin
  word) and a mirrored character (a bracket, «») are preceded by a left-to-right mark
  at their right edge and followed by a right-to-left one at their left edge, and a
  digit or number punctuation ending a right-to-left word (a full stop) is followed
  by a right-to-left mark, so that each left-to-right reading holds what it should.
- A line in one face is written as one text object in logical order, every move
  backwards (nothing pdfium could read as a space), right-to-left words glyph by glyph
  left to right, with enough left-to-right marks at the right edge of right-to-left
  words for pdfium to take the line as left to right; its right-to-left marks, which
  only poppler needs, are drawn after it, each a text object of no width that pdfium
  passes over.  pdfium then reads it exactly, MuPDF reads its words in order (each
  right-to-left word spelt from its end).
- A line that mixes faces (a bold word) is written so too, a text object per face:
  pdfium sorts objects by where they start, so each after the first starts at the
  line's right end with an empty glyph standing for a space, folded by pdfium into
  the real space beside it (faces change only at spaces: ``roles`` sets the
  punctuation next to a bold word in bold).
- A line whose faces change inside a word is written in the order pdfium reverses:
  its pieces from left to right, each left-to-right stretch's pieces right to left; a
  forward move starts a new text object.  pdfium may then read a space at the edge of
  a stretch.
- A line this cannot order (a glyph raised off the line, a nested level) is written
  in visual order.
- A vowel mark on its letter has a glyph of its own (``shaped``), so no glyph stands
  for characters of two directions.
- poppler takes a page as right to left only if its right-to-left letters are the
  more: each line's letters and marks are counted towards its page
  (``pagedirection``).

The marks are characters a plain-text editor would also keep (they hold a dose in
order in an Arabic sentence) and read back as such; nothing else is added.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Protocol

from . import glyphs, pagedirection

LRM, RLM = "\u200e", "\u200f"

_POPPLER_NUMERIC = frozenset("#$%+,-./:")
_WEAK = frozenset(("AN", "EN", "NSM", "CS", "ES", "ET", "BN"))


@dataclass(frozen=True)
class Placed:
    """A glyph placed on a line: drawn with ``code`` of ``font`` at (x, y), standing for
    the characters ``text[lo:hi]``, at bidi ``level``."""

    font: glyphs.GlyphFont
    code: str
    x: float
    y: float
    lo: int
    hi: int
    level: int


@dataclass(frozen=True)
class _Mark:
    char: str
    x: float | None = None
    """Where the mark belongs: at the right edge of what it follows on the page (a
    left-to-right mark), or the left edge of what it precedes (a right-to-left mark);
    ``None``: at the pen."""

    @property
    def at(self) -> float:
        """Where it is drawn: readers that sort characters by position then put a
        right-to-left mark just before the glyph it precedes, and a left-to-right mark
        just inside the glyph it follows (left of a right-to-left mark at the same
        place)."""
        assert self.x is not None
        return self.x - (EPSILON if self.char == RLM else 2 * EPSILON)


EPSILON = 0.02

_Token = Placed | _Mark


def _pdfium_class(text: str) -> str:
    """pdfium's direction class of a glyph standing for ``text``: "L", "W" (digits and
    number punctuation, marks), "R" or "N"."""
    kinds = {unicodedata.bidirectional(c) for c in text}
    if kinds & {"R", "AL"}:
        return "R"
    if "L" in kinds:
        return "L"
    if kinds and kinds <= _WEAK:
        return "W"
    return "N"


def _mixed(chars: str) -> bool:
    """Whether a glyph standing for ``chars`` holds a right-to-left letter and anything
    else (a vowel mark on its letter): pdfium reads its characters as pieces of
    different directions, which only the right-to-left reading puts back in order."""
    kinds = {_pdfium_class(c) for c in chars}
    return "R" in kinds and len(kinds) > 1


def _numeric_for_poppler(char: str) -> bool:
    """Whether poppler may read ``char`` as part of a number: left to right, taking
    in the neutrals to its left (``#$%+,-./:``, digits, the Arabic comma and other
    number separators and terminators)."""
    return char in _POPPLER_NUMERIC or unicodedata.bidirectional(char) in (
        "EN",
        "AN",
        "CS",
        "ES",
        "ET",
    )


def _chars(token: _Token, text: str) -> str:
    return token.char if isinstance(token, _Mark) else text[token.lo : token.hi]


class _Line:
    """One right-to-left line being ordered: its glyphs, their edges, its marks."""

    def __init__(self, placed: list[Placed], text: str, size: float) -> None:
        self.text = text
        self.size = size
        self.placed = placed

    def right(self, p: Placed) -> float:
        return p.x + p.font.width(p.code) * self.size / 1000

    def logical(self, base: int) -> list[_Token] | None:
        """The line in logical order with its marks; ``None`` if it cannot be ordered.

        Each mark is drawn where poppler reads it beside what it belongs to: the
        left-to-right mark after a stretch's right edge, the right-to-left mark before
        its left edge."""
        line = sorted(self.placed, key=lambda p: p.lo)
        text = self.text
        out: list[_Token] = []
        i = 0
        while i < len(line):
            p = line[i]
            if p.level > base:
                j = i
                while j < len(line) and line[j].level > base:
                    if line[j].level != base + 1:
                        return None  # nested: not ordered here
                    j += 1
                left = min(q.x for q in line[i:j])
                right = max(self.right(q) for q in line[i:j])
                out += [_Mark(LRM, right), *line[i:j], _Mark(RLM, left)]
                i = j
                continue
            chars = text[p.lo : p.hi]
            if any(unicodedata.mirrored(c) for c in chars) and _pdfium_class(chars) == "N":
                out += [_Mark(LRM, self.right(p)), p, _Mark(RLM, p.x)]
            elif _numeric_for_poppler(chars[-1]):
                out += [p, _Mark(RLM, p.x)]
            else:
                out.append(p)
            i += 1
        return out


def _segments(tokens: list[_Token], text: str) -> list[tuple[str, list[_Token]]]:
    """``tokens`` cut where pdfium's direction class changes."""
    out: list[tuple[str, list[_Token]]] = []
    for t in tokens:
        kind = _pdfium_class(_chars(t, text))
        if out and out[-1][0] == kind:
            out[-1][1].append(t)
        else:
            out.append((kind, [t]))
    return out


def _pdfium_order(segments: list[tuple[str, list[_Token]]], rtl: bool) -> list[_Token]:
    """The order to write the segments (logical) in so that pdfium, taking the line as
    right to left (``rtl``) or left to right, reads them back in logical order."""
    out: list[list[_Token]] = []
    current = "R" if rtl else "L"
    for kind, seg in segments:
        if kind == "R" or (kind == "N" and current == "R"):
            current = "R"
            out.append(seg[::-1])
        else:
            if kind == "L":
                current = "L"
            out.append(seg)
    return [t for seg in (out[::-1] if rtl else out) for t in seg]


def _left_to_right(tokens: list[_Token], text: str, line: _Line) -> list[_Token] | None:
    """The line (without its right-to-left marks) readied for pdfium to take it as
    left to right, which then writes it in logical order with every move backwards (no
    move it could read as a space): a left-to-right mark at the right edge of enough
    right-to-left words, where poppler reads it as a piece of its own, for
    left-to-right pieces to outnumber right-to-left ones; ``None`` if there are too
    few words."""
    segments = _segments(tokens, text)
    kinds = [k for k, _ in segments]
    need = kinds.count("R") - kinds.count("L") + 1
    out: list[_Token] = []
    previous = ""
    for kind, seg in segments:
        first = next((t for t in seg if isinstance(t, Placed)), None)
        if need > 0 and kind == "R" and previous != "L" and first is not None:
            out.append(_Mark(LRM, line.right(first)))
            need -= 1
        out += seg
        previous = kind
    if need > 0 and previous not in ("L", ""):  # one more at the line's left end
        out.append(_Mark(LRM, min(p.x for p in line.placed)))
        need -= 1
    return out if need <= 0 else None


class Links(Protocol):
    """The addresses of the paragraph being drawn (``shaped._Links``)."""

    def enter(self, writer: glyphs.Writer, offset: int) -> None: ...

    def start(self, offset: int) -> int | None: ...

    def placed(self, offset: int, left: float, right: float, y: float, size: float) -> None: ...


def write(
    writer: glyphs.Writer,
    placed: list[Placed],
    text: str,
    size: float,
    links: Links | None = None,
) -> None:
    """Write the glyphs of one right-to-left line (``placed``, in visual order);
    ``links`` puts an annotation over each address's glyphs, owned by the address's
    ``Link`` element, and makes the glyphs its content where the line is written as
    several text objects (a marked-content sequence ends a text object); in a line
    written as one, the glyphs stay the paragraph's content, and the annotation (whose
    ``Contents`` is the address) is what the ``Link`` element holds."""
    if not placed:
        return
    y = placed[0].y
    line = _Line(placed, text, size)
    tokens = line.logical(1) if all(abs(p.y - y) < 1e-3 for p in placed) else None
    plan = None
    whole = False
    if tokens is not None and not any(_mixed(text[p.lo : p.hi]) for p in placed):
        # pdfium needs no right-to-left mark here: they are drawn after the line, each
        # in a text object of its own, which pdfium passes over and poppler reads
        apart = [t for t in tokens if isinstance(t, _Mark) and t.char == RLM]
        marked = _left_to_right([t for t in tokens if t not in apart], text, line)
        if marked is not None:
            order = _pdfium_order(_segments(marked, text), rtl=False)
            plan = _plan_one(order, text, size, writer)
        if plan is not None:
            font = placed[0].font
            plan += [(font, font.code(font.blank(), RLM), m.at, True, -1) for m in apart]
            whole = True
    if plan is None and tokens is not None:
        # pdfium passes over the right-to-left marks, drawn apart (see _plan_split)
        kept = [t for t in tokens if not (isinstance(t, _Mark) and t.char == RLM)]
        kinds = [k for k, _ in _segments(kept, text)]
        if kinds.count("R") and kinds.count("R") >= kinds.count("L"):
            order = _pdfium_order(_segments(kept, text), rtl=True)
            rlms = [t for t in tokens if isinstance(t, _Mark) and t.char == RLM]
            plan = _plan_split(order, rlms, text, size)
    if plan is None:  # in visual order, each run of one level its own text object
        plan = [
            (p.font, p.code, p.x, i > 0 and p.level != placed[i - 1].level, p.lo)
            for i, p in enumerate(placed)
        ]
    canvas = writer.canvas
    if canvas.__dict__.get("_direction_tally") is not None:
        font = placed[0].font
        lrm = font.code(font.blank(), LRM)
        marks = "".join(LRM if c == lrm else RLM for _, c, _, _, at in plan if at < 0)
        where = canvas.absolutePosition(min(p.x for p in placed), y)
        drawn = "".join(text[p.lo : p.hi] for p in placed) + marks
        pagedirection.count(canvas, drawn, (font, *where))
    for font, code, x, split, at in plan:
        if links and at >= 0 and not whole:
            links.enter(writer, at)
        if split:
            writer.split()
        writer.glyph(font, code, x, y)
    if links:
        edges: dict[int, tuple[float, float]] = {}
        for p in placed:
            start = links.start(p.lo)
            if start is not None:
                left, right = edges.get(start, (p.x, p.x))
                edges[start] = (min(left, p.x), max(right, line.right(p)))
        for start, (left, right) in edges.items():
            links.placed(start, left, right, y, size)


_Plan = list[tuple[glyphs.GlyphFont, str, float, bool, int]]
"""(font, code, x, new text object?, offset in the text or -1 for a mark) for each glyph
and mark in writing order."""


def _plan_one(order: list[_Token], text: str, size: float, writer: glyphs.Writer) -> _Plan | None:
    """Every move backwards or too small to read as a space; ``None`` if not.

    One text object per face (each face's glyphs one subset of its font, else
    ``None``). pdfium sorts a line's text objects by where they start, so each after
    the first starts where the others do, at the line's right end, with a space drawn
    as an empty glyph, from which it moves back to its glyphs: a space pdfium then
    folds into the real one beside it, so a face may change only next to a space
    (else ``None``); poppler passes over a space glyph."""
    out: _Plan = []
    pen: float | None = None
    font: Any = None
    slack = 0.08 * size
    faces: dict[Any, int] = {}
    start = max(p.x + p.font.width(p.code) * size / 1000 for p in order if isinstance(p, Placed))
    last = ""
    for t in order:
        if isinstance(t, _Mark):
            font = font or next(u.font for u in order if isinstance(u, Placed))
            x = pen - EPSILON if t.x is None else t.at  # type: ignore[operator]
            if pen is not None and x > pen + slack:
                return None
            out.append((font, font.code(font.blank(), t.char), x, False, -1))
            pen, last = x, t.char
            continue
        subset = writer.subset(t.font, t.code)
        if faces.setdefault(t.font, subset) != subset:
            return None
        if font is not None and t.font is not font:
            if last != " " and text[t.lo : t.hi] != " ":
                return None
            blank = t.font.code(t.font.blank(), " ")
            if writer.subset(t.font, blank) != subset:
                return None
            out.append((t.font, blank, start, True, -1))
            pen = start
        if pen is not None and t.x > pen + slack:
            return None
        out.append((t.font, t.code, t.x, False, t.lo))
        font, last = t.font, text[t.hi - 1]
        pen = t.x + t.font.width(t.code) * size / 1000
    return out


def _plan_split(order: list[_Token], rlms: list[_Mark], text: str, size: float) -> _Plan | None:
    """A new text object wherever writing moves forward from anything but a space
    (pdfium would read that move as a space) or the font changes.  A left-to-right mark
    is written at the pen, where pdfium needs it, and also where poppler needs it if
    that is elsewhere; the right-to-left marks (``rlms``), which only poppler needs,
    are drawn after the rest of the line, each a text object of no width that pdfium
    passes over.  ``None`` if objects would not start left to right (pdfium sorts them
    by their first glyph)."""
    out: _Plan = []
    pen: float | None = None
    font: Any = None
    last = ""
    start = 0.0
    slack = 0.08 * size
    apart = list(rlms)
    for t in order:
        if isinstance(t, _Mark):
            if font is None or pen is None:
                continue
            pen, last = pen - EPSILON, t.char
            out.append((font, font.code(font.blank(), t.char), pen, False, -1))
            if t.x is not None and abs(t.at - pen) > slack:
                apart.append(t)
            continue
        split = False
        if pen is None:
            start = t.x
        elif (t.x > pen + slack and last != " ") or t.font is not font:
            split = True
            if t.x < start - 1e-6:
                return None
            start = t.x
        out.append((t.font, t.code, t.x, split, t.lo))
        font, last = t.font, text[t.hi - 1]
        pen = t.x + t.font.width(t.code) * size / 1000
    return out + [(font, font.code(font.blank(), m.char), m.at, True, -1) for m in apart]
