"""Which text needs the text engine, which direction a language runs, what is refused."""

import unicodedata

import pytest

from handout.text import scripts


@pytest.mark.parametrize(
    ("text", "needed"),
    [
        ("Muscle atrophy", False),
        ("Cảm lạnh và cúm", False),
        ("Простуда и грипп", False),
        ("Γρίπη", False),
        ("感冒和流感", True),
        ("かぜ", True),
        ("감기", True),
        ("Amoxicillin，500 mg", True),  # a full-width comma is CJK punctuation
        ("الزكام", True),
        ("שפעת", True),
        ("सर्दी", True),
        ("সর্দি", True),
        ("ਜ਼ੁਕਾਮ", True),
        ("શરદી", True),
        ("ጉንፋን", True),
    ],
)
def test_which_text_needs_the_engine(text: str, needed: bool) -> None:
    assert scripts.needs_engine(text) is needed


@pytest.mark.parametrize(
    ("language", "way"),
    [("ar", "rtl"), ("fa-IR", "rtl"), ("ur", "rtl"), ("he", "rtl"), ("en", "ltr"), ("hi", "ltr")],
)
def test_direction_of_a_language(language: str, way: str) -> None:
    assert scripts.direction(language) == way


def test_scripts_that_need_shaping_but_are_not_supported_are_named_once() -> None:
    assert scripts.unsupported("ไข้หวัด and ไข้") == [("Thai", "ไ")]
    assert scripts.unsupported("ជំងឺ ලෙඩ") == [("Khmer", "ជ"), ("Sinhala", "ල")]
    assert scripts.unsupported("सर्दी 感冒 الزكام") == []


def test_plain_characters_are_those_the_lookup_finds_plain() -> None:
    """``scripts.plain`` answers without fontTools' tables: over every code point up to
    the arrows it must agree with the lookup (no engine, no CJK, no unsupported script)."""
    from fontTools import unicodedata as ucd

    plain = 0
    for cp in range(0x80, 0x2190):
        ch = chr(cp)
        if not scripts.plain(ch):
            continue
        plain += 1
        looked_up = str(ucd.script(ch))
        ext = ucd.script_extension(ch)
        shared = looked_up == "Zyyy" and (
            unicodedata.east_asian_width(ch) in ("W", "F")
            or (not scripts.CJK.isdisjoint(ext) and "Latn" not in ext)
        )
        assert looked_up not in scripts.CJK | scripts.SHAPED | scripts.COMPLEX, hex(cp)
        assert not shared and unicodedata.bidirectional(ch) not in ("R", "AL", "AN"), hex(cp)
    assert plain > 1600  # Latin-1 to Armenian, Latin Extended Additional to the currencies
