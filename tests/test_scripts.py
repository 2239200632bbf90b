"""Which text needs the text engine, which direction a language runs, what is refused."""

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
