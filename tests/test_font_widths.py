"""``pdf.fonts._Font``: a word it has measured before is measured at once, with the width
ReportLab gives it, and again when the font's widths change."""

from __future__ import annotations

from typing import Any

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from handout.model import style
from handout.pdf import fonts, roles


@pytest.fixture
def font() -> Any:
    kit = roles.kit(style.resolve(None))
    found = pdfmetrics.getFont(kit.body.chain.primary.regular)
    assert isinstance(found, fonts._Font)
    return found


def test_a_word_is_measured_by_reportlab_once_per_size(
    font: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[str, float]] = []
    measure = TTFont.stringWidth

    def counted(self: Any, text: str, size: float, encoding: str = "utf8") -> Any:
        asked.append((text, size))
        return measure(self, text, size, encoding)

    monkeypatch.setattr(TTFont, "stringWidth", counted)
    word = "Denervation-width-test"
    widths = [pdfmetrics.stringWidth(word, font.fontName, 12) for _ in range(3)]
    widths.append(pdfmetrics.stringWidth(word, font.fontName, 18))
    assert asked == [(word, 12), (word, 18)]
    assert widths[:3] == [measure(font, word, 12)] * 3
    assert widths[3] == measure(font, word, 18) > widths[0]


def test_a_width_the_font_gains_is_used_at_once(font: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """``glyphs`` gives a shaped glyph a stand-in character, with its width: a text holding
    that character is measured anew."""
    text = "a\ue0ffb"
    before = font.stringWidth(text, 10)
    monkeypatch.setitem(font.face.charWidths, 0xE0FF, 2000.0)
    after = font.stringWidth(text, 10)
    assert after == TTFont.stringWidth(font, text, 10)
    assert after > before


def test_the_widths_kept_are_bounded(font: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "WIDTHS_KEPT", 3)
    for i in range(10):
        font.stringWidth(f"word{i}", 11)
        assert len(font._widths) <= 3
