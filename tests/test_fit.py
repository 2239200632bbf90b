"""Fit to fewer pages: a last page holding only a little is pulled back, nothing else moves."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from overflow import extent, plain, spill
from pdfcheck import outside_margins, overlapping_lines, page_texts

from handout.jobs import build
from handout.model import style as styles
from handout.model.stylemodel import Style
from handout.pdf import fit, roles
from handout.pdf.tuning import PLAIN

STYLES = ("default", "large-print", "grayscale", "example-clinic")
REPO = Path(__file__).resolve().parents[1]


def resolved(name: str, paper: str) -> Style:
    return styles.resolve(name).with_paper(paper)


def base_handout():  # noqa: ANN201
    from bench import shapes

    return shapes.handout(7)


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("name", STYLES)
@pytest.mark.parametrize("lines", [1, 5])
def test_a_few_lines_over_end_one_page_sooner(name: str, paper: str, lines: int) -> None:
    style = resolved(name, paper)
    line = style.fonts.body.size * style.fonts.body.leading
    handout, pages0 = spill(base_handout(), style, lines * line - 1)
    pages, used = extent(handout, style)
    assert pages == pages0 + 1 and used < fit.little(style) * roles.kit(style).frame[3]
    done = build.render_fitted(handout, style)
    assert done.tightened and done.pages == pages - 1 == pages0
    assert not outside_margins(done.data, style.page)
    assert not overlapping_lines(done.data)
    texts = page_texts(done.data)
    assert len(texts) == done.pages and f"Page {done.pages} of {done.pages}" in texts[-1]
    assert "Notes" in " ".join(texts)


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("name", STYLES)
def test_half_a_page_over_is_left_as_it_was(name: str, paper: str) -> None:
    style = resolved(name, paper)
    handout, pages0 = spill(base_handout(), style, roles.kit(style).frame[3] / 2)
    done = build.render_fitted(handout, style)
    unfitted = build.render(handout, plain(style))
    assert not done.tightened and done.pages == pages0 + 1
    assert done.data == unfitted[0]


def test_fit_enabled_false_turns_it_off() -> None:
    style = resolved("default", "letter")
    handout, _ = spill(base_handout(), style, 1)
    off = plain(style)
    assert build.render_fitted(handout, style).tightened
    done = build.render_fitted(handout, off)
    assert not done.tightened
    assert done.pages == extent(handout, style)[0]


def test_tightening_never_changes_a_font_size_and_keeps_the_floor() -> None:
    style = resolved("default", "letter")
    for tuning in fit.tunings(style):
        k = roles.kit(style, tuning)
        for role in (k.body, k.heading, k.title, k.subtitle, k.table, k.small):
            assert role.para.fontSize == role.spec.size
            floor = min(role.spec.leading, style.fit.min_leading)
            assert role.para.leading >= role.spec.size * floor - 1e-9
            assert role.para.leading <= role.spec.size * role.spec.leading + 1e-9
        assert 0.5 <= tuning.space <= 1


def test_steps_go_from_least_to_most_tightening() -> None:
    steps = fit.tunings(resolved("large-print", "letter"))
    assert steps == sorted(steps, key=lambda t: (-t.space, t.leading))
    assert steps[-1].leading == pytest.approx(0.1)  # large print: 1.5 down to its floor 1.4
    assert dataclasses.replace(steps[0], space=1.0) == PLAIN


def test_build_and_the_batch_report_say_when_a_handout_was_tightened(tmp_path: Path) -> None:
    import json

    import yaml
    from click.testing import CliRunner

    from bench import corpus
    from handout.cli import cli

    style = resolved("default", "letter")
    tight, _ = spill(base_handout(), style, 1)
    loose, _ = spill(base_handout(), style, roles.kit(style).frame[3] / 2)
    folder = tmp_path / "content"
    folder.mkdir()
    for name, h in (("tight", tight), ("loose", loose)):
        text = yaml.safe_dump(corpus.to_data(h), sort_keys=False, allow_unicode=True)
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = sorted(result.output.splitlines())
    assert re.search(r"loose\.pdf: \d+ pages, \d+ ms$", lines[0]), lines
    assert re.search(r"tight\.pdf: \d+ pages, tightened to fit, \d+ ms$", lines[1]), lines
    report = tmp_path / "report.json"
    args = ["batch", str(folder), "-o", str(tmp_path / "b"), "--report", str(report), "--jobs", "1"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    done = json.loads(report.read_text())
    assert {Path(h["input"]).stem: h["tightened"] for h in done["handouts"]} == {
        "loose": False,
        "tight": True,
    }
    assert done["totals"]["tightened"] == 1


def test_a_tightened_handout_is_the_same_bytes_every_time() -> None:
    style = resolved("example-clinic", "a4")
    handout, _ = spill(base_handout(), style, 1)
    first = build.render_fitted(handout, style)
    again = build.render_fitted(handout, style)
    assert first.tightened and first.data == again.data


def test_a_tighter_layout_that_fails_leaves_the_first_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.platypus.doctemplate import LayoutError

    from handout.pdf import document

    style = resolved("default", "letter")
    handout, _ = spill(base_handout(), style, 1)
    real = document.lay_out

    def failing(h, s, draft=False, tuning=PLAIN, defer=True, **kw):  # noqa: ANN001, ANN202, ANN003
        if tuning != PLAIN:
            raise LayoutError("too tall")
        return real(h, s, draft, tuning, defer, **kw)

    monkeypatch.setattr(document, "lay_out", failing)
    done = build.render_fitted(handout, style)
    assert not done.tightened and done.data == build.render(handout, plain(style))[0]


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8])
def test_the_search_finds_the_least_step_that_succeeds(count: int) -> None:
    for first_good in range(count + 1):  # count: no step succeeds
        tried: list[int] = []

        def attempt(i: int, first_good: int = first_good, tried: list[int] = tried) -> int | None:
            tried.append(i)
            return i if i >= first_good else None

        found = fit.least(count, attempt)
        assert found == (first_good if first_good < count else None)
        assert len(tried) == len(set(tried))  # no step laid out twice
        if first_good == 0:
            assert tried == [0]  # the usual case costs one more layout


def test_a_tightened_handout_is_its_least_saving_step_byte_for_byte() -> None:
    from handout.pdf import document

    style = resolved("large-print", "a4")  # more steps than the default
    handout, _ = spill(base_handout(), style, 5 * style.fonts.body.size * style.fonts.body.leading)
    first = document.render(handout, plain(style))
    steps = fit.tunings(style)
    pages = [document.render(handout, style, tuning=t).pages for t in steps]
    saving = [i for i, n in enumerate(pages) if n < first.pages]
    assert saving and saving == list(range(saving[0], len(steps)))
    done = build.render_fitted(handout, style)
    assert done.tightened
    assert done.data == document.render(handout, style, tuning=steps[saving[0]]).data
