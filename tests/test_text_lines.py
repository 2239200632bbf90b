"""The text engine's rules without a PDF: bidi order (against python-bidi) and breaks."""

from __future__ import annotations

import random

import pytest
from bidi import get_display

from handout.text import bidi, breaks

LRI, PDI = "\u2066", "\u2069"


def shown(text: str, base: int, isolates: list[tuple[int, int]]) -> str:
    """``text`` in the order ``text.bidi`` shows it, on one line."""
    levels = bidi.line_levels(text, bidi.levels(text, base, isolates), base)
    return "".join(text[i] for i in bidi.visual_order(levels))


def reference(text: str, base: int, isolates: list[tuple[int, int]]) -> str:
    """The same by python-bidi (the Rust unicode-bidi crate), isolates as LRI ... PDI."""
    for a, b in sorted(isolates, reverse=True):
        text = text[:a] + LRI + text[a:b] + PDI + text[b:]
    out = get_display(text, base_dir="R" if base else "L")
    assert isinstance(out, str)
    return out.replace(LRI, "").replace(PDI, "")


CASES = [
    ("اتصل على (555) 010-0199 الآن.", 1, [(9, 23)]),
    ("خذ 500 mg من Amoxicillin مرتين (صباحاً ومساءً).", 1, [(3, 9)]),
    ("זה טקסט עם abc def ו-123 (בסוגריים).", 1, []),
    ("English with עברית inside (and more).", 0, []),
    ("السعر 12.5% أو $30 (تقريباً)", 1, []),
    ("راجع https://example.org/flu-info?a=1 اليوم", 1, [(5, 37)]),
    ("a (b) ج [د] {e}", 1, []),
    ("١٢٣ و 456", 1, []),
    ("می‌خواهم دارو را (دو بار) بخورم.", 1, []),
    ("", 1, []),
]


@pytest.mark.parametrize(("text", "base", "isolates"), CASES)
def test_the_order_of_a_line_is_that_of_the_reference(
    text: str, base: int, isolates: list[tuple[int, int]]
) -> None:
    assert shown(text, base, isolates) == reference(text, base, isolates)


def test_random_mixtures_are_ordered_as_the_reference_orders_them() -> None:
    pieces = ["سلام", "עולם", "abc", "123", "4.5", " ", "(", ")", "-", "%", "$", ",", ".", ":", "/"]
    rng = random.Random(20261207)
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        base = rng.randint(0, 1)
        assert shown(text, base, []) == reference(text, base, []), text


def test_a_phone_number_and_a_dose_keep_their_order_in_right_to_left_text() -> None:
    text = "اتصل على (555) 010-0199 وخذ 500 mg."
    spans = [(9, 23), *breaks.units(text)]
    line = shown(text, 1, spans)
    assert "(555) 010-0199" in line and "500 mg" in line


# --- breaks ---------------------------------------------------------------------------

NO_START = set("，。、：；！？）」』》〉】…ーぁぃぅぇぉっゃゅょァィゥェォッャュョ")
NO_END = set("（「『《〈【")


def pieces(text: str) -> list[str]:
    edges = [0, *breaks.opportunities(text), len(text)]
    return [text[a:b] for a, b in zip(edges, edges[1:], strict=False)]


def test_kinsoku_no_line_starts_with_closing_marks_or_small_kana_nor_ends_opening() -> None:
    text = (
        "感冒是由病毒引起的，常见症状（如咳嗽）包括「喉咙痛」……。ちょっとコーヒーを飲んでください！"
    )
    for piece in pieces(text)[1:]:
        assert piece[0] not in NO_START, piece
    for piece in pieces(text)[:-1]:
        assert piece.rstrip()[-1] not in NO_END, piece


def test_latin_words_numbers_and_doses_are_never_split_in_cjk_text() -> None:
    text = "请服用Amoxicillin 500 mg，每天两次，体温38.5 °C以上请联系COVID-19门诊。"
    got = pieces(text)
    for word in ("Amoxicillin", "500 mg", "38.5 °C", "COVID-19"):
        assert any(word in p for p in got), (word, got)
    assert "服" in got[0] or got[0] == "请"


def test_korean_breaks_at_spaces_only() -> None:
    assert pieces("감기는 바이러스 때문입니다.") == ["감기는 ", "바이러스 ", "때문입니다."]


def test_a_phone_number_breaks_nowhere_when_protected() -> None:
    text = "电话 (555) 010-0199 或"
    phone = (3, 17, frozenset())
    assert "(555) 010-0199 " in pieces_with(text, [phone])


def pieces_with(text: str, protected: list[breaks.Protected]) -> list[str]:
    edges = [0, *breaks.opportunities(text, protected), len(text)]
    return [text[a:b] for a, b in zip(edges, edges[1:], strict=False)]
