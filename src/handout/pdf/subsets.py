"""Embedded font subsets: their names, and what each code means as text.

ReportLab names the subsets of every document ``AAAAAA+Font``, ``AAAAAB+Font``, ...:
two handouts (or a handout's regular and bold faces) carry different subsets under
one name, and a printer that caches fonts by name across jobs, or a tool that merges
PDFs, can draw one with the other's glyphs.  ``subset_tag`` derives the six letters
from the subset's own font program instead: the same subset gets the same tag in
every file (so the same input still gives the same bytes), different subsets get
different ones.  ``name_by_content`` applies it to a ReportLab document before it is
written; the print pack (``pack``) applies it to the subsets it merges.

ReportLab embeds each TrueType font as subsets of up to 256 glyphs and writes a
ToUnicode map per subset.  Its map gives every unused code (and the .notdef glyph at
code 0) the character U+0000, writes characters beyond U+FFFF as five hex digits
instead of a UTF-16 surrogate pair, and puts up to 256 entries in one block where
the PDF standard allows 100.  PDF/A asks that every glyph map to a real character;
``_to_unicode_cmap`` replaces ReportLab's function (once, on import) with one that
maps only the codes that stand for a character.  A glyph drawn by number (a shaped
run, ``glyphs``) stands for the text ``TEXTS`` gives it, often several characters.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from typing import Any

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, ttfonts

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")

TEXTS: dict[tuple[str, int], str] = {}
"""(font's PostScript name, stand-in code point) -> the text that glyph stands for."""

_BLOCK = 100
"""Most entries one ``beginbfchar`` block may hold (PDF 32000-1, 9.10.3)."""


def _utf16(cp: int) -> str:
    """``cp`` in UTF-16BE as hex: four digits, or eight (a surrogate pair) beyond U+FFFF."""
    if cp < 0x10000:
        return f"{cp:04X}"
    cp -= 0x10000
    return f"{0xD800 + (cp >> 10):04X}{0xDC00 + (cp & 0x3FF):04X}"


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """The ToUnicode CMap of one subset: code ``i`` is the character ``subset[i]``.

    A 0 in ``subset`` is a code no character was given (or .notdef): left unmapped.
    """
    face = fontname.split("+", 1)[-1]
    pairs = [f"<{i:02X}> <{_text(face, cp)}>" for i, cp in enumerate(subset) if cp]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
    ]
    for start in range(0, len(pairs), _BLOCK):
        block = pairs[start : start + _BLOCK]
        lines += [f"{len(block)} beginbfchar", *block, "endbfchar"]
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _text(face: str, cp: int) -> str:
    text = TEXTS.get((face, cp))
    return _utf16(cp) if text is None else "".join(_utf16(ord(ch)) for ch in text)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap

_get_table = ttfonts.TTFontFile.get_table


def _table(self: Any, tag: str) -> bytes:
    """A table of the font, copied out of the file once: every subset ReportLab makes
    reads its tables again, and a CJK font's glyph table is megabytes long."""
    cache = self.__dict__.get("_tables")
    if cache is None or cache[0] is not self._ttf_data:  # a glyph was added (``glyphs``)
        cache = self._tables = (self._ttf_data, {})
    found: bytes | None = cache[1].get(tag)
    if found is None:
        found = cache[1][tag] = _get_table(self, tag)
    return found


ttfonts.TTFontFile.get_table = _table


def subset_tag(program: bytes) -> str:
    """The tag of the subset whose (uncompressed) font program is ``program``: ``ABCDEF+``."""
    digest = hashlib.sha256(program).digest()
    return "".join(chr(ord("A") + b % 26) for b in digest[:6]) + "+"


def name_by_content(doc: Any) -> None:
    """Embed ``doc``'s fonts now and tag each subset by its font program.

    ReportLab embeds the fonts when it writes the file; done here first, the names can
    still change (ReportLab then has no font left to embed).
    """
    for font in doc.delayedFonts:
        font.addObjects(doc)
    doc.delayedFonts = []
    for font in doc.idToObject["BasicFonts"].dict.values():
        old = getattr(font, "BaseFont", "")
        if not isinstance(font, pdfdoc.PDFTrueTypeFont) or not SUBSET_TAG.match(old):
            continue
        font.Widths = _Widths(font.Widths.sequence)
        descriptor = doc.idToObject[font.FontDescriptor.name]
        program = doc.idToObject[descriptor.dict["FontFile2"].name].content
        new = subset_tag(program) + old[7:]
        font.BaseFont = new
        descriptor.dict["FontName"] = pdfdoc.PDFName(new)
        cmap = doc.idToObject[font.ToUnicode.name]
        cmap.content = cmap.content.replace(old, new)


class _Widths(pdfdoc.PDFArray):  # type: ignore[misc]
    """A subset's glyph widths, written as ReportLab writes a ``PDFArray`` of numbers (ten
    to a line), with one call for all the numbers instead of several for each: a
    handout's subsets hold hundreds."""

    def format(self, document: Any, IND: bytes = b"\n ") -> bytes:  # noqa: N803 - ReportLab's
        numbers = self.sequence
        plain = numbers and all(type(n) in (int, float) for n in numbers)
        if rl_config.pdfMultiLine or not plain:
            return bytes(super().format(document, IND))
        words = fp_str(*numbers).split(" ")
        rows = [" ".join(words[i : i + 10]) for i in range(0, len(words), 10)]
        return ("[ " + " \n  ".join(rows) + " ]").encode("ascii")
