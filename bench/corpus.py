"""The content every tool renders: the shipped handout and variants of the same shape.

A variant swaps two words in every paragraph, chosen by a seeded random generator,
so that each render differs from every earlier one (no cache can hand back a
previous document, even one that caches per paragraph) while the length, the
characters and the structure stay those of the shipped handout.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from handout.model import content
from handout.model.blocks import Block, TextList, source
from handout.model.content import Handout, Row, Section

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"

_WORD = re.compile(r"[A-Za-z]{3,}")


def shipped() -> Handout:
    return content.load(SHIPPED)


def _swap(text: str, rng: random.Random) -> str:
    """``text`` with two of its words (three letters or more) swapped."""
    spans = [m.span() for m in _WORD.finditer(text)]
    if len(spans) < 2:
        return text
    (a0, a1), (b0, b1) = sorted(rng.sample(spans, 2))
    return text[:a0] + text[b0:b1] + text[a1:b0] + text[a0:a1] + text[b1:]


def variant(base: Handout, seed: int) -> Handout:
    """``base`` with two words swapped in every paragraph and a numbered id."""
    rng = random.Random(seed)

    def v(text: str) -> str:
        return _swap(text, rng)

    def vb(block: Block) -> Block:
        if isinstance(block, TextList):
            return replace(block, items=tuple(v(i) for i in block.items))
        return v(block)

    return replace(
        base,
        title=f"{base.title} {seed}",
        summary=tuple(vb(p) for p in base.summary),
        comparison=tuple(
            Row(row.attribute, tuple(tuple(vb(b) for b in x) for x in row.values))
            for row in base.comparison
        ),
        sections=tuple(
            Section(s.heading, tuple(vb(p) for p in s.summary), tuple(vb(p) for p in s.body))
            for s in base.sections
        ),
        meta=replace(base.meta, id=f"BENCH-{seed:05d}"),
    )


def to_data(h: Handout) -> dict[str, Any]:
    """The content-file mapping that loads back as ``h``."""
    data: dict[str, Any] = {"title": h.title}
    if h.subtitle:
        data["subtitle"] = h.subtitle
    data["language"] = h.language
    data["items"] = list(h.items)
    data["summary"] = source(h.summary)
    data["comparison"] = [
        {"attribute": r.attribute, "values": [source(v) for v in r.values]} for r in h.comparison
    ]
    data["sections"] = [
        {
            "heading": s.heading,
            **({"summary": source(s.summary)} if s.summary else {}),
            "body": source(s.body),
        }
        for s in h.sections
    ]
    if h.disclaimer:
        data["disclaimer"] = h.disclaimer
    meta = {k: getattr(h.meta, k) for k in ("id", "version", "reviewed", "source")}
    data["meta"] = {k: v for k, v in meta.items() if v is not None}
    return data


def write(folder: Path, count: int, first_seed: int = 0) -> list[Path]:
    """Write ``count`` variants of the shipped handout as content files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    base = shipped()
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    paths = []
    for i in range(count):
        seed = first_seed + i
        path = folder / f"bench-{seed:05d}.yaml"
        text = yaml.dump(
            to_data(variant(base, seed)),
            Dumper=dumper,
            sort_keys=False,
            allow_unicode=True,
            width=88,
        )
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
