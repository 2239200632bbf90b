"""Embedded font subsets: what each code means as text.

ReportLab embeds each TrueType font as subsets of up to 256 glyphs and writes a
ToUnicode map per subset.  Its map gives every unused code (and the .notdef glyph at
code 0) the character U+0000, writes characters beyond U+FFFF as five hex digits
instead of a UTF-16 surrogate pair, and puts up to 256 entries in one block where
the PDF standard allows 100.  PDF/A asks that every glyph map to a real character;
``_to_unicode_cmap`` replaces ReportLab's function (once, on import) with one that
maps only the codes that stand for a character.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.pdfbase import ttfonts

_BLOCK = 100
"""Most entries one ``beginbfchar`` block may hold (PDF 32000-1, 9.10.3)."""


def _utf16(cp: int) -> str:
    return chr(cp).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """The ToUnicode CMap of one subset: code ``i`` is the character ``subset[i]``.

    A 0 in ``subset`` is a code no character was given (or .notdef): left unmapped.
    """
    pairs = [f"<{i:02X}> <{_utf16(cp)}>" for i, cp in enumerate(subset) if cp]
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


ttfonts.makeToUnicodeCMap = _to_unicode_cmap
