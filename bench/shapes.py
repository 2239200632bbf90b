"""Random handouts of realistic shape, from a seed: 2-4 items, 3-8 sections, 3-15 rows.

Words come from the shipped handout, so their lengths and letters are those of real
patient text; sentences, paragraphs and counts are drawn from ranges typical of
comparison handouts.  The same seed always gives the same handout.
"""

from __future__ import annotations

import datetime as dt
import random
import re

from handout.model import blocks
from handout.model.content import Handout, Meta, Row, Section

from .corpus import shipped

HEADINGS = (
    "Introduction",
    "Causes",
    "Symptoms",
    "Risk factors",
    "Diagnosis",
    "Treatment",
    "Prevention",
    "Living with it",
    "Prognosis",
    "When to call your doctor",
    "Conclusion",
)
ITEMS = (
    "Type 1 Diabetes",
    "Type 2 Diabetes",
    "Migraine",
    "Tension Headache",
    "Cold",
    "Flu",
    "Sprain",
    "Strain",
    "Asthma",
    "COPD",
    "Anemia",
    "Iron Deficiency",
)


def _vocabulary() -> list[str]:
    h = shipped()
    texts = [*blocks.texts(h.summary), *(p for s in h.sections for p in blocks.texts(s.body))]
    return [w.lower() for w in re.findall(r"[A-Za-z']+", " ".join(texts))]


_WORDS = _vocabulary()


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(rng.randint(low, high)))


def _sentence(rng: random.Random) -> str:
    text = _words(rng, 8, 22)
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, low: int, high: int) -> str:
    """Sentences until about ``low``-``high`` words."""
    target = rng.randint(low, high)
    out: list[str] = []
    while sum(len(s.split()) for s in out) < target:
        out.append(_sentence(rng))
    return " ".join(out)


def handout(seed: int) -> Handout:
    """A handout of realistic shape, the same for the same seed."""
    rng = random.Random(seed)
    items = tuple(rng.sample(ITEMS, rng.randint(2, 4)))
    rows = tuple(
        Row(
            _words(rng, 1, 3).capitalize(),
            tuple((_words(rng, 1, 9).capitalize(),) for _ in items),
        )
        for _ in range(rng.randint(3, 15))
    )
    headings = rng.sample(HEADINGS, rng.randint(3, 8))
    sections = tuple(
        Section(
            heading,
            (paragraph(rng, 12, 35),) if rng.random() < 0.85 else (),
            tuple(paragraph(rng, 25, 110) for _ in range(rng.randint(1, 3))),
        )
        for heading in headings
    )
    return Handout(
        title=" vs. ".join(items),
        subtitle="What's the Difference?" if rng.random() < 0.7 else None,
        items=items,
        summary=tuple(paragraph(rng, 40, 90) for _ in range(rng.randint(1, 2))),
        comparison=rows,
        sections=sections,
        disclaimer=paragraph(rng, 12, 30) if rng.random() < 0.9 else None,
        meta=Meta(
            id=f"GEN-{seed:04d}",
            version=str(rng.randint(1, 4)),
            reviewed=dt.date(2026, rng.randint(1, 11), rng.randint(1, 28)),
        ),
        source=f"generated-{seed}.yaml",
    )
