"""Drawing glyphs by number, with text that reads back right.

ReportLab draws text character by character through a font's cmap; a shaped run is
glyphs, some of which no character maps to (a Devanagari conjunct, an Arabic final
form, a lam-alef ligature).  Each glyph we draw gets a *code* here: the character
itself when the font maps it to that glyph, otherwise a stand-in character from
Supplementary Private Use Area-B, mapped to the glyph in the font's table and to the
text it stands for in ``subsets.TEXTS``.  The stand-in never reaches the PDF: ReportLab writes
subset codes, and ``subsets`` writes the ToUnicode map from ``TEXTS``, so every glyph
reads back as the characters it draws (never a private-use code point), and its width
in the PDF is the font's own advance (``hmtx``), not a shaped one.

A glyph that stands for different text in two places (rare) gets two stand-ins.

A cluster whose glyphs do not map one to one, in order, to its characters (a vowel
sign drawn before its consonant, a vowel drawn in two parts on both sides) is drawn as
one glyph: a composite of its glyphs at their shaped places, added to the embedded
subset (``composite``), mapped to the cluster's characters.  Every text extractor then
reads the cluster as spelt, whether or not it honours ``/ActualText`` (MuPDF 1.21 does
not) and whatever order it reads glyphs in; its width is the composite's own advance.

``Writer`` turns positioned glyphs into the operators of one text object: a ``TJ``
array per run of one font, with position adjustments where the shaped advance differs
from the font's, and a new ``Tm`` where a glyph is raised or lowered (a mark).
"""

from __future__ import annotations

import struct
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..text import shape
from .subsets import TEXTS

_FIRST_STAND_IN = 0x100000


class GlyphFont:
    """One face of a family, for drawing glyphs: ReportLab's font and HarfBuzz's."""

    def __init__(self, face_name: str) -> None:
        font = pdfmetrics.getFont(face_name)
        assert isinstance(font, TTFont)
        self.name = face_name
        self.rl = font
        face = font.face
        self.shaper = shape.Font(face._ttf_data, getattr(face, "subfontIndex", 0))
        self.scale = 1.0 / self.shaper.upem
        """Points per font unit at size 1."""
        self._ps = face.name.decode("latin-1") if isinstance(face.name, bytes) else str(face.name)
        self._glyph = face.charToGlyph
        self._codes: dict[tuple[int, str], str] = {}
        self._blank: int | None = None
        self._next = _FIRST_STAND_IN
        self._composites: dict[tuple[tuple[tuple[int, int, int], ...], int], int] = {}

    def has(self, ch: str) -> bool:
        return ord(ch) in self._glyph

    def code(self, gid: int, text: str) -> str:
        """The character to draw glyph ``gid`` with, reading back as ``text``."""
        key = (gid, text)
        found = self._codes.get(key)
        if found is not None:
            return found
        if len(text) == 1 and self._glyph.get(ord(text)) == gid:
            code = text
        else:
            face = self.rl.face
            while self._next in self._glyph:
                self._next += 1
            point = self._next
            self._next += 1
            face.charToGlyph[point] = gid
            face.charWidths[point] = face._pdfScale(face.hmetrics[gid][0])
            TEXTS[(self._ps, point)] = text
            code = chr(point)
        self._codes[key] = code
        return code

    def composite(self, parts: tuple[tuple[int, int, int], ...], advance: int) -> int:
        """A glyph drawing ``parts`` (glyph, x, y in font units) with ``advance``: a
        TrueType composite glyph appended to the font as ReportLab reads it."""
        key = (parts, advance)
        found = self._composites.get(key)
        if found is not None:
            return found
        face = self.rl.face
        self.blank()
        data = bytearray(face._ttf_data)  # ReportLab wants bytes: copied once per new glyph
        glyf_at, _ = face.get_table_pos("glyf")
        box: list[int] = []
        records = []
        for i, (gid, x, y) in enumerate(parts):
            start = glyf_at + face.glyphPos[gid]
            if face.glyphPos[gid + 1] > face.glyphPos[gid]:
                x0, y0, x1, y1 = struct.unpack(">4h", bytes(data[start + 2 : start + 10]))
                corners = [x0 + x, y0 + y, x1 + x, y1 + y]
                box = (
                    corners
                    if not box
                    else [*map(min, box[:2], corners[:2]), *map(max, box[2:], corners[2:])]
                )
            flags = 0x0001 | 0x0002 | (0x0020 if i < len(parts) - 1 else 0)
            records.append(struct.pack(">HHhh", flags, gid, x, y))
        x0, y0, x1, y1 = box or [0, 0, 0, 0]
        glyph = struct.pack(">hhhhh", -1, x0, y0, x1, y1) + b"".join(records)
        glyph += b"\0" * (-len(glyph) % 4)
        data.extend(glyph)
        face.glyphPos.append(len(data) - glyf_at)
        face._ttf_data = bytes(data)
        face.table["glyf"] = {**face.table["glyf"], "length": len(data) - glyf_at}
        gid = len(face.hmetrics)
        face.hmetrics.append((advance, x0 & 0xFFFF))  # as ReportLab reads them: unsigned
        self._composites[key] = gid
        return gid

    def blank(self) -> int:
        """An empty glyph with no advance, added to the font as ReportLab reads it: what
        the invisible marks of ``readorder`` are drawn with (fonts seldom map U+200E and
        U+200F).  The glyphs ``composite`` adds come after it."""
        face = self.rl.face
        if self._blank is None:
            face.glyphPos = list(face.glyphPos)
            face.hmetrics = list(face.hmetrics)
            data = bytearray(face._ttf_data)
            glyf_at, _ = face.get_table_pos("glyf")
            data.extend(b"\0" * (-len(data) % 4))
            end = len(data) - glyf_at
            face.glyphPos[-1] = end  # the last glyph keeps the padding
            face.glyphPos.append(end)  # the blank glyph: no outline at all
            face._ttf_data = bytes(data)
            face.table["glyf"] = {**face.table["glyf"], "length": len(data) - glyf_at}
            self._blank = len(face.hmetrics)
            face.hmetrics.append((0, 0))
        return self._blank

    def advance(self, gid: int) -> int:
        """Glyph ``gid``'s own advance (``hmtx``), in font units."""
        return int(self.rl.face.hmetrics[gid][0])

    def width(self, code: str) -> float:
        """The advance of ``code``'s glyph in the PDF, in thousandths of the size."""
        return float(self.rl.face.getCharWidth(ord(code)))


_FONTS: dict[str, GlyphFont] = {}


def font(face_name: str) -> GlyphFont:
    """The glyph font of a registered face, made once per process."""
    found = _FONTS.get(face_name)
    if found is None:
        found = _FONTS[face_name] = GlyphFont(face_name)
    return found


class Writer:
    """The operators of one text object, glyph by glyph (``BT`` ... ``ET``).

    What each glyph's code is in the document's subsets is asked of ReportLab once per
    document (``_codes``, kept on the canvas); consecutive glyphs at their pens'
    places are written as one string.
    """

    def __init__(self, canvas: Any, size: float) -> None:
        self.canvas = canvas
        self.doc = canvas._doc
        self.size = size
        self.ops: list[str] = ["BT"]
        self._tj: list[str] = []
        self._run = bytearray()
        self._font: tuple[GlyphFont, int] | None = None
        self._pen: tuple[float, float] | None = None
        codes = canvas.__dict__.get("_glyph_codes")
        if codes is None:
            codes = canvas._glyph_codes = {}
        self._codes: dict[tuple[GlyphFont, str], tuple[int, int, str, float]] = codes

    def _code(self, gf: GlyphFont, code: str) -> tuple[int, int, str, float]:
        """(subset, byte, the subset's font name, advance at size 1) of ``code``."""
        key = (gf, code)
        found = self._codes.get(key)
        if found is None:
            (subset, data), *_ = gf.rl.splitString(code, self.doc)
            name = gf.rl.getSubsetInternalName(subset, self.doc)
            found = self._codes[key] = (subset, data[0], name, gf.width(code) / 1000)
        return found

    def glyph(self, gf: GlyphFont, code: str, x: float, y: float) -> None:
        """Draw ``code`` of ``gf`` with its origin at (x, y)."""
        subset, byte, name, advance = self._code(gf, code)
        if self._font is None or self._font[0] is not gf or self._font[1] != subset:
            self._flush()
            self.ops.append(f"{name} {_num(self.size)} Tf")
            self._font = (gf, subset)
        pen = self._pen
        if pen is None or abs(pen[1] - y) > 1e-6:
            self._flush()
            self.ops.append(f"1 0 0 1 {_num(x)} {_num(y)} Tm")
        elif abs(pen[0] - x) > 1e-4:
            self._close_run()
            self._tj.append(_num((pen[0] - x) * 1000 / self.size))
        self._run.append(byte)
        self._pen = (x + advance * self.size, y)

    def cut(self) -> None:
        """End the text-showing operator here: what follows is shown by a new one (each
        run of one direction its own, so that readers order right-to-left runs)."""
        self._flush()
        self._pen = None

    def subset(self, gf: GlyphFont, code: str) -> int:
        """Which of the document's subsets of ``gf`` holds ``code``."""
        return self._code(gf, code)[0]

    def split(self) -> None:
        """End the text-showing operator here, the pen where it is: what follows is a
        new text object for readers that treat each one as a piece of the line."""
        self._flush()

    def marked(self, op: str) -> None:
        """Write a marked-content operator (``/Span <<...>> BDC``, ``EMC``) here."""
        self._flush()
        self.ops.append(op)

    def _close_run(self) -> None:
        if self._run:
            self._tj.append(f"<{self._run.hex()}>")
            self._run = bytearray()

    def _flush(self) -> None:
        self._close_run()
        if self._tj:
            self.ops.append(f"[{' '.join(self._tj)}] TJ")
            self._tj = []

    def end(self) -> None:
        """Close the text object and write it to the canvas's page."""
        self._flush()
        self.ops.append("ET")
        self.canvas._code.append("\n".join(self.ops))


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
