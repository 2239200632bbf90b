"""Handouts made to run onto one more page by a set amount, found by bisecting a body length.

The handout is a generated one of realistic shape (``bench.shapes``) with one more
section at the end whose paragraph has ``words`` words.  The more words, the
further the story runs; ``spill`` finds the fewest words that put at least
``amount`` points of text on a new last page (laid out with fitting off).
"""

from __future__ import annotations

import dataclasses
import functools
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench import shapes  # noqa: E402
from handout.model.content import Handout, Section  # noqa: E402
from handout.model.stylemodel import Style  # noqa: E402
from handout.pdf import document, roles  # noqa: E402

MAX_WORDS = 2048


def plain(style: Style) -> Style:
    """``style`` with fitting off."""
    return dataclasses.replace(style, fit=dataclasses.replace(style.fit, enabled=False))


TEXT = shapes.paragraph(random.Random(0), MAX_WORDS, MAX_WORDS).split()


def with_words(base: Handout, words: int) -> Handout:
    """``base`` and a last section of the first ``words`` words of one long text."""
    body = " ".join(TEXT[:words]).rstrip(".") + "."
    return dataclasses.replace(base, sections=(*base.sections, Section("Notes", (), (body,))))


def extent(handout: Handout, style: Style) -> tuple[int, float]:
    """Pages, and the points of text on the last one (fitting off)."""
    done = document.render(handout, plain(style))
    return done.pages, done.last_fill * roles.kit(style).frame[3]


@functools.cache
def _extent(base: Handout, words: int, style: Style) -> tuple[int, float]:
    return extent(with_words(base, words), style)


def spill(base: Handout, style: Style, amount: float) -> tuple[Handout, int]:
    """The handout with the fewest words that runs at least ``amount`` points onto a page
    past the one its shortest form ends on; and that shortest form's page count."""
    pages0, _ = _extent(base, 1, style)

    def enough(words: int) -> bool:
        pages, used = _extent(base, words, style)
        return pages > pages0 + 1 or (pages == pages0 + 1 and used >= amount)

    low, high = 1, MAX_WORDS
    assert enough(high), "the bisection range is too short for this style"
    while high - low > 1:
        mid = (low + high) // 2
        if enough(mid):
            high = mid
        else:
            low = mid
    return with_words(base, high), pages0
