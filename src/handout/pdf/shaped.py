"""Paragraphs set by the text engine: CJK, shaped and right-to-left text, drawn glyph by
glyph.

A ``Setting`` is a paragraph prepared once, whatever its width: its characters' bidi
levels (``text.bidi``), its runs shaped with HarfBuzz (``text.shape``), the advance of
each character and where a line may break (``text.breaks``).  ``Paragraph`` is the
flowable: it breaks the setting into lines for the width it is given, splits between
lines across pages (never leaving one line alone), and places each line's glyphs in
visual order (``bidi.visual_order``), right-aligned in a right-to-left paragraph.

What is drawn reads back as what was written:
- a cluster whose glyphs map one to one to its characters, in order, is drawn glyph by
  glyph, each mapped to its character;
- any other cluster (a conjunct, a vowel sign drawn before its consonant, a ligature),
  and a pair of glyphs the font's kerning sets a space apart in a right-to-left word,
  is drawn as one composite glyph mapped to its characters (``glyphs``);
- a left-to-right line is written in visual order; a right-to-left one in the order
  ``readorder`` gives, with the marks it adds, so that text extractors read it back in
  logical order.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle

from ..text import bidi, breaks, isolates, scripts, shape
from . import glyphs, readorder, tagging
from .platypus import Flowable

_JOINERS = ("\u200c", "\u200d")

_Placing = tuple[shape.Glyph, float, float]
"""A shaped glyph and where it is drawn (x, y)."""

Face = tuple[int, int, str]
"""A span of the paragraph drawn in one face: start, end, ReportLab face name."""


@dataclass(frozen=True)
class _Run:
    start: int
    end: int
    level: int
    font: glyphs.GlyphFont
    glyphs: tuple[shape.Glyph, ...]

    @functools.cached_property
    def simple(self) -> bool:
        """One glyph per character, in order, none moved: drawn without grouping (CJK,
        most Latin)."""
        return len(self.glyphs) == self.end - self.start and all(
            g.cluster == self.start + i and not (g.dx or g.dy) and g.advance
            for i, g in enumerate(self.glyphs)
        )


class Setting:
    """One paragraph, shaped: levels, runs, advances and break opportunities."""

    def __init__(
        self,
        text: str,
        faces: Sequence[Face],
        size: float,
        base: int,
        language: str,
        protected: Sequence[breaks.Protected] = (),
    ) -> None:
        self.text = text
        self.size = size
        self.base = base
        # In right-to-left text every left-to-right piece (a number, a dose, a phone
        # number, a Latin word) is an isolate, as in the HTML page: shown whole, in order.
        spans = isolates.ltr_runs(text) if base else []
        self.levels = bidi.levels(text, base, spans) if text else []
        self.runs = tuple(self._shape(faces, language))
        adv = [0.0] * (len(text) + 1)
        for run in self.runs:
            scale = run.font.scale * size
            for g in run.glyphs:
                adv[g.cluster] += g.advance * scale
        self.prefix = [0.0]
        for a in adv[: len(text)]:
            self.prefix.append(self.prefix[-1] + a)
        self._protected = protected
        self._lines: dict[float, tuple[tuple[int, int], ...]] = {}

    @functools.cached_property
    def breaks(self) -> list[int]:
        """Where a line may break (``text.breaks``): found when first asked, as a line
        of the page's header or footer, only measured and drawn, never needs them."""
        return breaks.opportunities(self.text, self._protected)

    def _shape(self, faces: Sequence[Face], language: str) -> list[_Run]:
        text, levels = self.text, self.levels
        out: list[_Run] = []
        lang = scripts.primary(language)
        for start, end, face in faces:
            font = glyphs.font(face)
            for a, b, script in _items(text, levels, start, end):
                way = shape.RTL if levels[a] % 2 else shape.LTR
                shaped = font.shaper.shape(text, a, b, way, script, lang)
                out.append(_Run(a, b, levels[a], font, tuple(shaped)))
        return out

    def width(self, start: int = 0, end: int | None = None) -> float:
        """The width of ``text[start:end]`` without its trailing white space."""
        end = _trim(self.text, start, len(self.text) if end is None else end)
        return self.prefix[end] - self.prefix[start]

    def segments(self) -> list[float]:
        """The widths of the pieces no line breaks inside (a word, a Han character)."""
        edges = [0, *self.breaks, len(self.text)]
        return [self.width(a, b) for a, b in zip(edges, edges[1:], strict=False)]

    def lines(self, room: float) -> tuple[tuple[int, int], ...]:
        """The lines of the paragraph in a column ``room`` points wide: (start, end)."""
        found = self._lines.get(room)
        if found is None:
            found = self._lines[room] = self._break(room)
        return found

    def _break(self, room: float) -> tuple[tuple[int, int], ...]:
        text, n = self.text, len(self.text)
        out: list[tuple[int, int]] = []
        start = 0
        points = [*self.breaks, n]
        k = 0
        while start < n:
            best = None
            while k < len(points) and self.width(start, points[k]) <= room + 1e-6:
                best = points[k]
                k += 1
            if best is None:  # even the first piece is too wide: cut it between letters
                end = points[k] if k < len(points) else n
                best = self._cut(start, end, room)
                if best == end:
                    k += 1
            out.append((start, best))
            start = best
            while start < n and text[start] == " ":
                start += 1
        return tuple(out)

    def _cut(self, start: int, end: int, room: float) -> int:
        """The furthest place inside ``text[start:end]``, between two user-perceived
        characters, where a line of ``room`` points can end (at least one character)."""
        cuts = [c for c in breaks.graphemes(self.text, start, end)]
        best = cuts[0] if cuts else end
        for c in cuts:
            if self.width(start, c) <= room + 1e-6:
                best = c
        return best

    def gaps(self, start: int, end: int) -> list[int]:
        """Where a justified line ``text[start:end]`` is widened: after each space, and
        between two CJK characters where a line may break."""
        end = _trim(self.text, start, end)
        text = self.text
        return [
            i
            for i in self.breaks
            if start < i < end
            and (text[i - 1] == " " or (scripts.is_cjk(text[i - 1]) and scripts.is_cjk(text[i])))
        ]

    def draw_line(
        self,
        writer: glyphs.Writer,
        start: int,
        end: int,
        x: float,
        y: float,
        extra: float = 0.0,
        links: _Links | None = None,
    ) -> None:
        """Draw ``text[start:end]`` (less its trailing spaces) from ``x`` rightwards,
        ``extra`` points wider at each of its ``gaps`` (a justified line); ``links``
        marks an address's glyphs as its ``Link`` and puts an annotation over them.

        A right-to-left line is written in the order ``readorder`` gives, so that
        text extractors read it back in logical order; any other line piece by piece,
        in visual order."""
        wider = frozenset(i - 1 for i in self.gaps(start, end)) if extra else frozenset()
        end = _trim(self.text, start, end)
        cuts = links.cuts if links else ()
        pieces = [
            (run, a, b)
            for run in self.runs
            if run.start < end and run.end > start
            for a, b in _cut_at(max(run.start, start), min(run.end, end), cuts)
        ]
        order = bidi.visual_order([p[0].level for p in pieces])
        if self.base % 2:
            placed: list[readorder.Placed] = []
            for i in order:
                run, a, b = pieces[i]
                x = self._place(placed, run, a, b, x, y, wider, extra)
            readorder.write(writer, placed, self.text, self.size, links)
            return
        for i in order:
            run, a, b = pieces[i]
            writer.cut()
            if links:
                links.enter(writer, a)
            left = x
            done: list[readorder.Placed] = []
            x = self._place(done, run, a, b, x, y, wider, extra)
            for p in done:
                writer.glyph(p.font, p.code, p.x, p.y)
            if links:
                links.placed(a, left, x, y, self.size)

    def _place(
        self,
        out: list[readorder.Placed],
        run: _Run,
        a: int,
        b: int,
        x: float,
        y: float,
        wider: frozenset[int] = frozenset(),
        extra: float = 0.0,
    ) -> float:
        """Add the glyphs of ``text[a:b]`` in ``run`` to ``out``, left to right from
        ``x``; the pen after them."""
        scale = run.font.scale * self.size
        level = run.level
        if run.simple and level % 2 == 0:
            font, text, code = run.font, self.text, run.font.code
            for g in run.glyphs[a - run.start : b - run.start]:
                c = g.cluster
                out.append(readorder.Placed(font, code(g.gid, text[c]), x, y, c, c + 1, level))
                x += g.advance * scale
                if c in wider:
                    x += extra
            return x
        seq = [g for g in run.glyphs if a <= g.cluster < b]
        placed = []
        for g in seq:
            placed.append((g, x + g.dx * scale, y + g.dy * scale))
            x += g.advance * scale
            if g.cluster in wider:
                x += extra
        rtl = level % 2 == 1
        logical = placed[::-1] if rtl else placed
        groups = [(group, lo, hi, False) for group, lo, hi in _groups(logical, b, self.text)]
        if rtl:
            groups = self._kerned(run.font, groups)
        for group, lo, hi, whole in groups[::-1] if rtl else groups:
            self._place_group(out, run.font, group, lo, hi, level, whole)
        return x

    def _kerned(
        self, font: glyphs.GlyphFont, groups: list[tuple[list[_Placing], int, int, bool]]
    ) -> list[tuple[list[_Placing], int, int, bool]]:
        """Groups of a right-to-left run (logical order) joined where the font's
        kerning opens a gap inside a word wider than text extractors take for a space
        (poppler: a tenth of the size): the pair is then drawn as one glyph."""
        out: list[tuple[list[_Placing], int, int, bool]] = []
        limit = 0.05 * self.size
        scale = font.scale * self.size
        text = self.text
        for group, lo, hi, whole in groups:
            if out and not text[lo:hi].isspace() and not text[out[-1][1] : out[-1][2]].isspace():
                before, start, _, _ = out[-1]  # logically before: on the right
                left = min(px for _, px, _ in before)
                end = max(px + font.advance(g.gid) * scale for g, px, _ in group)
                if left - end > limit:
                    out[-1] = (before + group, start, hi, True)
                    continue
            out.append((group, lo, hi, whole))
        return out

    def _place_group(
        self,
        out: list[readorder.Placed],
        font: glyphs.GlyphFont,
        group: list[_Placing],
        lo: int,
        hi: int,
        level: int,
        whole: bool = False,
    ) -> None:
        """Place one group (glyphs in logical order): glyph by glyph when they map one
        to one, in order, to its characters (unless drawn ``whole``); else as one
        composite glyph."""
        rtl = level % 2 == 1
        text = self.text[lo:hi]
        pieces = _apart(text) if rtl else ()
        if len(pieces) > 1:
            # a letter with vowel marks on it (or inside a ligature): the glyph stands
            # for the letters before the first mark, an empty glyph just after it (on
            # its left) for each character after them, so that no glyph mixes
            # directions for readers (pdfium reads a mark as part of a number)
            self._place_group(out, font, group, lo, lo + pieces[0][1], level, True)
            letter = out[-1]
            for k, (a, b) in enumerate(pieces[1:], 1):
                code = font.code(font.blank(), text[a:b])
                at = letter.x - k * readorder.EPSILON
                out.append(readorder.Placed(font, code, at, letter.y, lo + a, lo + b, level))
            return
        if not whole and (
            len(group) == 1
            or (
                len(group) == hi - lo
                and all(
                    g.cluster == lo + i and g.advance and not (g.dx or g.dy)
                    for i, (g, _, _) in enumerate(group)
                )
            )
        ):
            for g, gx, gy in group[::-1] if rtl else group:
                a, b = (lo, hi) if len(group) == 1 else (g.cluster, g.cluster + 1)
                gid, at = g.gid, gx
                if self.text[a:b] in _JOINERS:
                    # a joiner prints nothing: the empty glyph, whatever HarfBuzz put
                    # there for a font without it (the space, with its width), just left
                    # of the glyph after it for readers that sort by position
                    gid, at = font.blank(), gx - readorder.EPSILON
                code = font.code(gid, _as_read(self.text[a:b], rtl))
                out.append(readorder.Placed(font, code, at, gy, a, b, level))
            return
        visual = group[::-1] if rtl else group
        ox = visual[0][1] - visual[0][0].dx * font.scale * self.size
        oy = visual[0][2] - visual[0][0].dy * font.scale * self.size
        unit = 1 / (font.scale * self.size)
        parts = tuple(
            (g.gid, round((gx - ox) * unit), round((gy - oy) * unit)) for g, gx, gy in visual
        )
        advance = sum(g.advance for g, _, _ in group)
        gid = font.composite(parts, advance)
        out.append(
            readorder.Placed(font, font.code(gid, _as_read(text, rtl)), ox, oy, lo, hi, level)
        )


def _cut_at(a: int, b: int, cuts: Sequence[int]) -> list[tuple[int, int]]:
    """``[a, b)`` cut at the offsets of ``cuts`` inside it (empty pieces left out)."""
    edges = [a, *(c for c in cuts if a < c < b), b]
    return [(p, q) for p, q in zip(edges, edges[1:], strict=False) if p < q]


class _Links:
    """The web and e-mail addresses of a tagged paragraph being drawn: each address's
    glyphs are the content of its ``Link`` element (the paragraph's element is split
    around it, as ``links.Marker`` does for ReportLab's paragraphs), and each piece of
    it on a line gets a link annotation (``links.annotate``)."""

    def __init__(self, canvas: Any, tags: tagging.Tags, para: tagging.Node, text: str) -> None:
        from ..text import addresses

        self.canvas, self.tags, self.para = canvas, tags, para
        self.found = [
            (link.start, link.end, tagging.Node("Link"), link.target)
            for link in addresses.links(text, (addresses.WEB, addresses.EMAIL))
        ]
        self.cuts = sorted({edge for a, b, _, _ in self.found for edge in (a, b)})
        self.open = para

    def __bool__(self) -> bool:
        return bool(self.found)

    def _at(self, offset: int) -> tuple[int, int, tagging.Node, str] | None:
        return next((f for f in self.found if f[0] <= offset < f[1]), None)

    def start(self, offset: int) -> int | None:
        """Where the address holding ``offset`` starts; ``None`` outside addresses."""
        link = self._at(offset)
        return link[0] if link else None

    def enter(self, writer: glyphs.Writer, offset: int) -> None:
        """Mark what is drawn next, from ``offset``, as its element's content."""
        link = self._at(offset)
        want = link[2] if link else self.para
        if want is self.open:
            return
        writer.marked(tagging.EMC)
        if want is not self.para and want not in self.para.kids:
            self.para.kids.append(want)
        code: list[str] = []
        self.tags.begin(self.canvas, want, code)
        writer.marked(code[0])
        self.open = want

    def placed(self, offset: int, left: float, right: float, y: float, size: float) -> None:
        """An annotation over the piece from ``offset`` just drawn, if it is an address."""
        from . import links

        link = self._at(offset)
        if link is None or right <= left:
            return
        if link[2] not in self.para.kids:
            self.para.kids.append(link[2])
        rect = self.canvas._absRect((left, y - 0.25 * size, right, y + 0.9 * size), 1)
        links.annotate(self.canvas, self.tags, link[2], link[3], rect)


def _apart(text: str) -> tuple[tuple[int, int], ...]:
    """``text`` as the letters before its first vowel mark, then each character after
    them on its own, if it holds a mark after a letter (else one piece): a glyph of
    several marks would read back with them in a different order in poppler and
    pdfium."""
    first = next((i for i, c in enumerate(text) if unicodedata.bidirectional(c) == "NSM"), 0)
    if not first:
        return ((0, len(text)),)
    return ((0, first), *((i, i + 1) for i in range(first, len(text))))


def _as_read(text: str, rtl: bool) -> str:
    """The text a glyph maps to: readers reverse what a right-to-left glyph stands for
    (a lam-alef reads "ال" unless mapped to "ال" reversed), so it is stored reversed."""
    return text[::-1] if rtl and len(text) > 1 else text


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \u3000\n":
        end -= 1
    return end


def _items(text: str, levels: list[int], start: int, end: int) -> list[tuple[int, int, str]]:
    """``text[start:end]`` cut where the level or the script changes; characters common
    to scripts (spaces, digits, punctuation) and marks go with the letters before them."""
    out: list[tuple[int, int, str]] = []
    a = start
    current = ""
    for i in range(start, end):
        s = scripts.script(text[i])
        if s in ("Zyyy", "Zinh", "Zzzz"):
            s = current
        if i > a and (levels[i] != levels[a] or (s and current and s != current)):
            out.append((a, i, current or "Zyyy"))
            a = i
        if s:
            current = s
    if a < end:
        out.append((a, end, current or "Zyyy"))
    return [(a, b, _hb_script(s)) for a, b, s in out]


def _hb_script(code: str) -> str:
    return "" if code == "Zyyy" else code


def _groups(logical: list[_Placing], end: int, text: str) -> list[tuple[list[_Placing], int, int]]:
    """Cut glyphs (in logical order) into the smallest groups that stand for runs of
    characters of their own: glyphs of a cluster drawn out of order stay together, and
    a mark (a glyph with no advance) stays with the letter it sits on; a joiner is a
    group of its own (it draws nothing, and a glyph standing for a letter and a joiner
    would read back wrong in pdfium)."""
    n = len(logical)
    if not n:
        return []
    low = [0] * n
    m = 1 << 30
    for i in range(n - 1, -1, -1):
        m = min(m, logical[i][0].cluster)
        low[i] = m
    out = []
    top = -1
    first = 0
    for i in range(n):
        top = max(top, logical[i][0].cluster)
        after = logical[i + 1][0] if i < n - 1 else None
        if after is None or (
            top < low[i + 1] and (after.advance or text[after.cluster] in _JOINERS)
        ):
            group = logical[first : i + 1]
            lo = low[first]
            hi = low[i + 1] if i < n - 1 else end
            out.append((group, lo, hi))
            first = i + 1
    return out


class Paragraph(Flowable):  # type: ignore[misc]
    """A paragraph of the text engine, as a platypus flowable (in frames, boxes and
    table cells alike), tagged as its structure element's content like ``roles``'
    paragraphs."""

    _tag: tagging.Node | None = None

    def __init__(
        self,
        setting: Setting,
        style: ParagraphStyle,
        rtl: bool,
        color: Any,
        part: tuple[tuple[int, int], ...] | None = None,
    ) -> None:
        super().__init__()
        self.setting = setting
        self.style = style
        self.rtl = rtl
        self.color = color
        self._part = part
        self._lines: tuple[tuple[int, int], ...] = part or ()
        self.blPara = SimpleNamespace(lines=self._lines)

    def _lines_for(self, width: float) -> tuple[tuple[int, int], ...]:
        return self._part if self._part is not None else self.setting.lines(width)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self._lines = self._lines_for(availWidth)
        self.blPara = SimpleNamespace(lines=self._lines)
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self._lines_for(availWidth)
        leading = self.style.leading
        fit = int((availHeight + 1e-6) // leading)
        n = len(lines)
        if fit >= n:
            return [self]
        if n - fit < 2:  # no widow: leave at least two lines for the next page
            fit = n - 2
        if fit < 2:  # no orphan: at least two lines here
            return []
        parts = []
        for i, chunk in enumerate((lines[:fit], lines[fit:])):
            part = Paragraph(self.setting, self.style, self.rtl, self.color, chunk)
            part._tag = self._tag
            if i == 0:
                part.spaceAfter = 0
            else:
                part.spaceBefore = 0
            parts.append(part)
        return parts

    _links: _Links | None = None

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        tags: tagging.Tags | None = getattr(canvas, "_tags", None)
        if tags is None or self._tag is None or not tags.begin(canvas, self._tag):
            super().drawOn(canvas, x, y, _sW)
            return
        self._links = _Links(canvas, tags, self._tag, self.setting.text) or None
        super().drawOn(canvas, x, y, _sW)
        self._links = None
        canvas._code.append(tagging.EMC)

    def draw(self) -> None:
        canvas = self.canv
        setting, style = self.setting, self.style
        canvas.setFillColor(self.color)
        writer = glyphs.Writer(canvas, setting.size)
        links = self._links
        y = self.height - style.fontSize
        last = len(self._lines) - 1
        for i, (start, end) in enumerate(self._lines):
            room = self.width - setting.width(start, end)
            gaps = len(setting.gaps(start, end))
            if style.alignment == TA_JUSTIFY and i < last and gaps and room > 0:
                setting.draw_line(writer, start, end, 0.0, y, room / gaps, links)
            else:
                setting.draw_line(writer, start, end, room if self.rtl else 0.0, y, 0.0, links)
            y -= style.leading
        writer.end()


def line(canvas: Any, setting: Setting, x: float, y: float) -> None:
    """Draw ``setting`` as one line with its start at (x, y): a header, a footer, a mark."""
    writer = glyphs.Writer(canvas, setting.size)
    setting.draw_line(writer, 0, len(setting.text), x, y)
    writer.end()
