"""The shipped handout says what its source article says, sentence by sentence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from handout.model import content
from handout.model.blocks import texts

SEED_NAME = "muscle-atrophy-vs-muscle-denervation.txt"

# Labels of the source web page's own layout, not text of the article: the handout
# has its own ("What's the difference?" table heading, section rules).
PAGE_LABELS = {"vs.", "Comparison", "Further Detail"}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


@pytest.fixture
def handout(shipped_content: Path) -> content.Handout:
    return content.load(shipped_content)


@pytest.fixture
def seed_lines(repo_root: Path) -> list[str]:
    seed = repo_root.parent / "shared" / "seeds" / SEED_NAME
    if not seed.is_file():
        pytest.skip(f"the seed text {seed} is not beside this checkout (CI puts shared/ there)")
    return [line.strip() for line in seed.read_text("utf-8").splitlines() if line.strip()]


def split_seed(lines: list[str]) -> tuple[list[str], list[str]]:
    """The seed's comparison table lines (header first) and its other lines."""
    start, end = lines.index("Comparison"), lines.index("Further Detail")
    table = lines[start + 1 : end]
    prose = [line for line in lines[:start] + lines[end:] if line not in PAGE_LABELS]
    return table, prose


def test_every_seed_sentence_is_in_the_handout(
    handout: content.Handout, seed_lines: list[str]
) -> None:
    _, prose = split_seed(seed_lines)
    text = "\n".join(t for _, t in handout.texts())
    missing = [s for line in prose for s in sentences(line) if s not in text]
    assert not missing
    assert len(prose) >= 17  # title, subtitle, summary, 7 headings and bodies, disclaimer


def test_the_table_matches_the_seed_cell_by_cell(
    handout: content.Handout, seed_lines: list[str]
) -> None:
    # The seed glues each row's cells together with nothing between them.
    table, _ = split_seed(seed_lines)
    assert table[0] == "Attribute" + "".join(handout.items)
    assert table[1:] == [
        row.attribute + "".join(t for v in row.values for t in texts(v))
        for row in handout.comparison
    ]


def test_the_handout_adds_no_sentence_the_seed_lacks(
    handout: content.Handout, seed_lines: list[str]
) -> None:
    seed = " ".join(seed_lines)
    added = [
        (field, s)
        for field, text in handout.texts()
        if not field.startswith(("meta.", "comparison["))
        for s in sentences(text)
        if s not in seed
    ]
    assert not added


def test_each_section_summary_is_one_sentence_of_its_body(handout: content.Handout) -> None:
    for section in handout.sections:
        assert len(section.summary) == 1 and isinstance(section.summary[0], str), section.heading
        summary = section.summary[0]
        assert len(sentences(summary)) == 1, summary
        body_sentences = [s for paragraph in texts(section.body) for s in sentences(paragraph)]
        assert summary in body_sentences, section.heading
