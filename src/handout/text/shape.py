"""Shaping with HarfBuzz: a run of text in one font -> glyphs, their positions and the
characters each glyph stands for.

Conjuncts and vowel signs that print before their consonant (Devanagari, Bengali,
Gurmukhi, Gujarati), the joining forms and lam-alef of Arabic, and marks placed on
their letters all come from the font's OpenType tables, applied by HarfBuzz.  Runs are
shaped with the whole paragraph as context (``item_offset``), so a word whose middle is
bold still joins.  Clusters are kept at character level (``CHARACTERS``): each glyph
says which character it came from, even when it is drawn before it, which is what the
PDF needs to write text that reads back in logical order.
"""

from __future__ import annotations

from dataclasses import dataclass

import uharfbuzz as hb

RTL = "rtl"
LTR = "ltr"


@dataclass(frozen=True, slots=True)
class Glyph:
    """One glyph of a shaped run, in font units; ``cluster`` is the index in the
    paragraph's text of the first character it stands for."""

    gid: int
    cluster: int
    advance: int
    dx: int
    dy: int


class Font:
    """A font file ready to shape with: its HarfBuzz font at the size of its units."""

    def __init__(self, data: bytes, index: int = 0) -> None:
        face = hb.Face(hb.Blob(data), index)
        self.upem: int = face.upem
        self.hb = hb.Font(face)

    def shape(
        self,
        text: str,
        start: int,
        end: int,
        direction: str = LTR,
        script: str | None = None,
        language: str | None = None,
    ) -> list[Glyph]:
        """The glyphs of ``text[start:end]``, shaped in the context of all of ``text``,
        in visual order (right to left runs come out reversed, as drawn)."""
        buf = hb.Buffer()
        buf.cluster_level = hb.BufferClusterLevel.CHARACTERS
        buf.add_str(text, start, end - start)
        buf.direction = direction
        if script:
            buf.script = script
        if language:
            buf.language = language
        buf.guess_segment_properties()
        hb.shape(self.hb, buf)
        return [
            Glyph(info.codepoint, info.cluster, pos.x_advance, pos.x_offset, pos.y_offset)
            for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
        ]
