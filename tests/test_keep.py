"""Keep-together rules, found in real PDFs of many generated handouts.

For each handout: where each heading printed, on which page each line of each
paragraph fell, whether the key point, the disclaimer and each short table row
printed whole on one page.  ``HANDOUT_KEEP_EXAMPLES=400 pytest tests/test_keep.py``
looks at more handouts.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from placement import Placement, column_text, match_paragraphs, read, squash

from handout.jobs import build
from handout.model import content
from handout.model import style as styles
from handout.model.blocks import texts
from handout.model.content import Handout
from handout.model.stylemodel import Style
from handout.pdf import keep, roles
from handout.pdf import table as tables

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import shapes  # noqa: E402

DATA = Path(__file__).parent / "data" / "print"
EXAMPLES = int(os.environ.get("HANDOUT_KEEP_EXAMPLES", "32"))
LOOKS = [(name, paper) for name in ("default", "large-print") for paper in ("letter", "a4")]


def broken_rules(handout: Handout, style: Style, data: bytes) -> list[str]:
    """Every place where the PDF breaks a keep-together rule."""
    placed = read(data, style)
    match_paragraphs(placed, handout, style)
    found: list[str] = []
    for text, pages in placed.paragraphs.items():
        if len(set(pages)) > 1:
            for page in sorted(set(pages)):
                if pages.count(page) == 1:
                    found.append(f"one line of a paragraph alone on page {page}: {text[:30]}")
    found += _headings(handout, style, placed)
    disclaimer = squash(handout.disclaimer or "")
    if disclaimer and not any(disclaimer in t for t in placed.page_text):
        found.append("the disclaimer is split")
    found += _rows(handout, style, placed)
    return found


def _headings(handout: Handout, style: Style, placed: Placement) -> list[str]:
    size = style.fonts.heading.size
    heads: dict[str, int] = {}
    for line in placed.lines:
        if abs(line.size - size) < 0.05:
            heads[squash(line.text)] = line.page
    found = []
    for section in handout.sections:
        page = heads[squash(section.heading)]
        shown = section.summary and style.sections.show_summaries
        if shown and squash(" ".join(texts(section.summary))) not in placed.page_text[page - 1]:
            found.append(f"{section.heading!r}: its key point is not whole on its page")
        first = placed.paragraphs[squash(section.body[0])]
        need = len(first) if len(first) <= 3 else 2
        if first.count(page) < need:
            found.append(f"{section.heading!r} on page {page}, {first.count(page)} lines under it")
    return found


def _rows(handout: Handout, style: Style, placed: Placement) -> list[str]:
    """Rows of two lines or fewer (as the layout wraps them) print whole on one page."""
    k = roles.kit(style)
    table = tables.comparison_table(handout, k)
    table.wrap(k.frame[2], 0x7FFFFFFF)
    edges = [style.page.margin_left]
    for w in table._colWidths:
        edges.append(edges[-1] + w)
    found = []
    for r, row in enumerate(handout.comparison, 1):
        if not table._short(r):
            continue
        cells = [row.attribute, *(" ".join(texts(v)) for v in row.values)]
        whole = [
            page
            for page in range(1, placed.pages + 1)
            if all(
                squash(text) in column_text(placed, page, edges[c], edges[c + 1])
                for c, text in enumerate(cells)
            )
        ]
        if not whole:
            found.append(f"table row {r} ({row.attribute}) of two lines or fewer is split")
    return found


@pytest.mark.parametrize("seed", range(EXAMPLES))
def test_generated_handouts_keep_together(seed: int) -> None:
    name, paper = LOOKS[seed % len(LOOKS)]
    style = styles.resolve(name).with_paper(paper)
    handout = shapes.handout(1000 + seed)
    data, _ = build.render(handout, style)
    assert broken_rules(handout, style, data) == []


def test_the_checks_find_what_reportlab_alone_would_do() -> None:
    """Without the rules (ReportLab's own keepWithNext, single lines allowed), the same
    checks find stranded headings and lone lines: they can fail."""
    import dataclasses

    from overflow import TEXT, plain, with_words
    from reportlab.platypus import KeepTogether

    from handout.model.content import Section

    style = plain(styles.resolve("large-print"))
    body = roles.kit(style).body.para
    old_wrap = keep.KeepHead.wrap
    stranded, alone = [], []
    try:
        keep.KeepHead.wrap = KeepTogether.wrap  # type: ignore[method-assign]
        body.allowOrphans = body.allowWidows = 1
        for seed in range(4):
            handout = shapes.handout(1000 + seed)
            stranded += broken_rules(handout, style, build.render(handout, style)[0])
        # A paragraph pushed down a line at a time over the foot of a page.
        second = " ".join(TEXT[500:700]) + "."
        for words in range(20, 200, 6):
            h = with_words(shapes.handout(7), words)
            notes = Section("Notes", (), (*h.sections[-1].body, second))
            h = dataclasses.replace(h, sections=(*h.sections[:-1], notes))
            alone = broken_rules(h, style, build.render(h, style)[0])
            if alone:
                break
    finally:
        keep.KeepHead.wrap = old_wrap  # type: ignore[method-assign]
        body.allowOrphans = body.allowWidows = 0
    assert any("lines under it" in f for f in stranded), stranded
    assert any("alone on page" in f for f in alone), alone


def test_a_one_line_disclaimer_no_longer_takes_a_sheet_of_its_own() -> None:
    from overflow import plain
    from pdfcheck import outside_margins, page_texts

    handout = content.load(DATA / "es-disclaimer-alone.yaml")
    style = styles.resolve("default")
    before = build.render_fitted(handout, plain(style))
    assert before.pages == 2
    assert page_texts(before.data)[1].startswith(handout.disclaimer or "-")  # alone there
    after = build.render_fitted(handout, style)
    assert after.pages == 1 and after.tightened
    assert handout.disclaimer in page_texts(after.data)[0]
    assert not outside_margins(after.data, style.page)
    assert broken_rules(handout, style, after.data) == []


def test_the_shipped_handout_takes_as_many_pages_with_a_clinic_header() -> None:
    shipped = content.load(REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml")
    pages = {
        name: build.render_fitted(shipped, styles.resolve(name))
        for name in ("default", "example-clinic")
    }
    assert pages["example-clinic"].pages == pages["default"].pages == 3
    for name, done in pages.items():
        assert broken_rules(shipped, styles.resolve(name), done.data) == [], name


def _table_low_on_the_page(words: int) -> Handout:
    """A handout whose table starts lower the more words its summary has; rows of two lines."""
    from overflow import TEXT

    from handout.model.content import Row, Section

    rows = tuple(
        Row(f"Item{i}", ((" ".join(TEXT[i * 10 : i * 10 + 10]),), ("Short",))) for i in range(8)
    )
    return Handout(
        title="Alpha vs. Beta",
        items=("Alpha", "Beta"),
        summary=(" ".join(TEXT[100 : 100 + words]) + ".",),
        comparison=rows,
        sections=(Section("Causes", (), ("Some words.",)),),
    )


def test_a_row_of_two_lines_is_never_split() -> None:
    """The table starts lower and lower until it runs over the page foot at many heights."""
    style = styles.resolve("large-print").with_paper("letter")
    k = roles.kit(style)
    table = tables.comparison_table(_table_low_on_the_page(10), k)
    table.wrap(k.frame[2], 0x7FFFFFFF)
    assert all(table._short(r) and keep._lines(table._cellvalues[r][1]) == 2 for r in range(1, 9))
    across = 0
    for words in range(150, 400, 16):
        handout = _table_low_on_the_page(words)
        data, _ = build.render(handout, style)
        placed = read(data, style)
        assert _rows(handout, style, placed) == [], words
        pages = [p for p, t in enumerate(placed.page_text) if "Item" in t]
        across += len(pages) > 1
    assert across >= 5


@pytest.mark.parametrize("name", ["default", "large-print"])
def test_rules_that_cannot_be_met_still_give_a_handout(name: str) -> None:
    """Blocks taller than a page: they split where they must, and nothing is lost."""
    from overflow import TEXT
    from pdfcheck import text

    from handout.model.content import Section

    long = " ".join(TEXT[:900]) + "."
    handout = Handout(
        title="Alpha vs. Beta",
        items=("Alpha", "Beta"),
        summary=(long,),
        comparison=_table_low_on_the_page(1).comparison,
        sections=(Section("Causes", (long,), (long, "Short.")), Section("Signs", (), (long,))),
        disclaimer=long,
    )
    style = styles.resolve(name)
    data, pages = build.render(handout, style)
    assert pages >= 6
    printed = re.sub(r"Page\d+of\d+", "", squash(text(data)))  # the footers between pages
    assert printed.count(squash(long)) == 5
