"""The words handout prints itself, looked up by the handout's language."""

from __future__ import annotations

from handout.model import labels
from handout.model.stylemodel import Style


def test_a_regional_tag_falls_back_to_its_language_and_an_unknown_one_to_english() -> None:
    assert labels.known("en-US") == "en"
    assert labels.known("xx") is None
    assert labels.resolve("xx", Style()).page_of(2, 5) == "Page 2 of 5"
