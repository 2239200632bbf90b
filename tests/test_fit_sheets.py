"""Fitting that saves more sheets: the last page that holds a few lines and the disclaimer.

Two cases used to cost a sheet: five lines of body text and the disclaimer on page 2
of a Letter handout in ``default`` (the tightest ordinary step left them a line short:
the last resort tightens table cells and boxes and the line spacing to 1.2), and three
lines and the disclaimer on the last page of a large-print one (never tried: it held
more than a fifth of the page, the old limit; now half).  Each is built, checked
to be that case with fitting off, and made with ``handout build``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pdfplumber
import pytest
import yaml
from click.testing import CliRunner
from overflow import plain, with_words
from pdfcheck import outside_margins, overlapping_lines

from bench import corpus, shapes
from handout.cli import cli
from handout.jobs import build
from handout.model import style as styles
from handout.model.content import Handout
from handout.model.stylemodel import Style
from handout.pdf import fit

CASES = {
    # style: (seed, sections kept, rows kept, words of the last section, lines on the last page)
    "default": (4, 1, 6, 150, 5),
    "large-print": (0, None, None, 77, 3),
}


def _case(name: str) -> tuple[Handout, Style, int]:
    seed, sections, rows, words, _ = CASES[name]
    base = shapes.handout(seed)
    base = dataclasses.replace(
        base, sections=base.sections[:sections], comparison=base.comparison[:rows]
    )
    style = styles.resolve(name).with_paper("letter")
    return with_words(base, words), style, CASES[name][4]


def _last_page(data: bytes, disclaimer: str) -> tuple[int, int]:
    """Pages, and the lines of text on the last page above the disclaimer."""
    import io

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        lines = (pdf.pages[-1].extract_text() or "").splitlines()
        pages = len(pdf.pages)
    start = " ".join(disclaimer.split()[:3])
    return pages, next(i for i, line in enumerate(lines) if line.startswith(start))


def _least_line_gap(data: bytes, size: float) -> float:
    """The least distance between two baselines of text of ``size`` on any page."""
    import io

    least = float("inf")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            sized = {round(c["bottom"], 2) for c in page.chars if abs(c["size"] - size) < 0.01}
            ordered = sorted(sized)
            least = min([least, *(b - a for a, b in zip(ordered, ordered[1:], strict=False))])
    return least


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_few_lines_and_the_disclaimer_no_longer_cost_a_sheet(name: str, tmp_path: Path) -> None:
    handout, style, lines = _case(name)
    assert handout.disclaimer
    before = build.render(handout, plain(style))[0]
    pages, above = _last_page(before, handout.disclaimer)
    assert above == lines, "the case: its lines and the disclaimer alone on the last page"
    source = tmp_path / "case.yaml"
    data = yaml.safe_dump(corpus.to_data(handout), sort_keys=False, allow_unicode=True)
    source.write_text(data, encoding="utf-8")
    out = tmp_path / "case.pdf"
    args = ["build", str(source), "-o", str(out), "--style", name, "--paper", "letter"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "tightened to fit" in result.output
    made = out.read_bytes()
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == pages - 1
        assert handout.disclaimer.split()[-1] in (pdf.pages[-1].extract_text() or "")
    assert not outside_margins(made, style.page)
    assert not overlapping_lines(made)
    body = style.fonts.body.size
    floor = min(style.fit.last_resort_leading, style.fit.min_leading)
    assert _least_line_gap(made, body) >= body * floor - 0.01  # legible: never below the floor
    assert _least_line_gap(made, body) < body * style.fonts.body.leading - 0.01  # it tightened


def test_the_last_resort_comes_after_every_ordinary_step() -> None:
    style = styles.resolve("default").with_paper("letter")
    ordinary, last = fit.tunings(style), fit.last_resort(style)
    assert all(t.padding == 1 and t.floor is None for t in ordinary)
    assert last[0].padding == fit.PADDING and last[0].leading == ordinary[-1].leading
    assert [t.leading for t in last] == pytest.approx([0.15, 0.2])  # 1.4 down to 1.2
    assert all(t.floor == 1.2 for t in last)


def test_large_print_never_goes_below_its_line_spacing_even_as_a_last_resort() -> None:
    style = styles.resolve("large-print").with_paper("letter")
    last = fit.last_resort(style)
    assert len(last) == 1 and last[0].floor == 1.4 and last[0].padding == fit.PADDING
    assert last[0].leading == fit.tunings(style)[-1].leading
