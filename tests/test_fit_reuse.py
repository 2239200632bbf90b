"""The cheap second layout: fitting reuses the first layout's line breaks and draws only
the layout it keeps, and the PDF is byte for byte the one the slow way makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from overflow import spill

from handout.jobs import build
from handout.model import content
from handout.model import style as styles
from handout.model.content import Handout
from handout.pdf import fit, roles
from handout.pdf.tuning import PLAIN

REPO = Path(__file__).resolve().parents[1]
STYLES = ("default", "large-print", "grayscale", "example-clinic")
SHIPPED = sorted((REPO / "content").glob("*.yaml"))
SCRIPTS = [
    REPO / "tests" / "data" / "cjk" / "zh-Hans.yaml",
    REPO / "tests" / "data" / "ar-cold-flu.yaml",
]


def _spread() -> list[tuple[str, Handout, str, str]]:
    """Every shipped handout in every bundled style on Letter and A4, a Chinese and an
    Arabic one, and a generated one spilling a line (tightened) and half a page (not)."""
    out = [
        (path.stem, content.load(path), name, paper)
        for path in SHIPPED
        for name in STYLES
        for paper in ("letter", "a4")
    ]
    out += [
        (p.stem, content.load(p), "default", paper) for p in SCRIPTS for paper in ("letter", "a4")
    ]
    from bench import shapes

    style = styles.resolve("default").with_paper("letter")
    frame = roles.kit(style).frame[3]
    for label, over in (("one line over", 1.0), ("half a page over", frame / 2)):
        handout, _ = spill(shapes.handout(7), style, over)
        out.append((label, handout, "default", "letter"))
    return out


def test_the_fast_path_writes_the_bytes_of_the_full_second_layout() -> None:
    tightened = set()
    for label, handout, name, paper in _spread():
        style = styles.resolve(name).with_paper(paper)
        build.check(handout, style)
        fast = fit.render(handout, style)
        slow = fit.render(handout, style, reuse=False)
        assert fast.data == slow.data, f"{label}, {name}, {paper}"
        assert (fast.pages, fast.tightened) == (slow.pages, slow.tightened)
        tightened.add(fast.tightened)
    assert tightened == {True, False}  # the spread has both kinds


def test_the_second_layout_breaks_no_paragraph_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.platypus.paragraph import Paragraph

    from handout.pdf import document

    shipped = content.load(REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml")
    style = styles.resolve("default").with_paper("letter")
    broken: list[int] = []
    layouts: list[int] = []
    real_break, real_lay_out = Paragraph.breakLines, document.lay_out

    def counting(self: Paragraph, width: object) -> object:
        broken[-1] += 1
        return real_break(self, width)

    def lay_out(*args: object, **kwargs: object) -> document.Laid:
        broken.append(0)
        layouts.append(1)
        return real_lay_out(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    monkeypatch.setattr(document, "lay_out", lay_out)
    assert fit.render(shipped, style, reuse=False).tightened
    assert len(broken) == 2 and broken[1] >= broken[0] * 0.8  # the slow way breaks them all again
    broken.clear()
    assert fit.render(shipped, style).tightened
    assert len(broken) == 2 and broken[0] > 30
    # only the pieces of paragraphs split over a page are broken again
    assert broken[1] < broken[0] / 5


def test_the_second_layout_measures_no_table_column_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison table's column widths and its cells' hyphenation depend on the text
    and the fonts alone: worked out in the first layout, taken by the next."""
    from handout.pdf import hyphenate, table

    shipped = content.load(REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml")
    style = styles.resolve("default").with_paper("letter")
    calls = {"widths": 0, "hyphens": 0}
    real_widths, real_fit = table.column_widths, hyphenate.fit

    def widths(*args: object, **kwargs: object) -> list[float]:
        calls["widths"] += 1
        return real_widths(*args, **kwargs)  # type: ignore[arg-type]

    def hyphens(*args: object, **kwargs: object) -> str:
        calls["hyphens"] += 1
        return real_fit(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(table, "column_widths", widths)
    monkeypatch.setattr(hyphenate, "fit", hyphens)
    assert fit.render(shipped, style, reuse=False).tightened
    slow = dict(calls)
    assert slow["widths"] == 2 and slow["hyphens"] > 10  # once per layout the slow way
    calls.update(widths=0, hyphens=0)
    fast = fit.render(shipped, style)
    assert fast.tightened
    assert calls == {"widths": 1, "hyphens": slow["hyphens"] // 2}


def _matrix_case(name: str) -> tuple[Handout, object]:
    import matrix

    from handout.model.stylemodel import Style

    made = {
        "long-table": (matrix.handout(matrix.long_table()), Style()),
        "long-list": (matrix.handout(matrix.long_list()), Style()),
        "hyphenated-split-row": (
            matrix.handout(matrix.hyphenated(rows=60)),
            styles.resolve("large-print"),
        ),
    }
    return made[name]


SHIPPED_ONE = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"


@pytest.mark.parametrize("case", ["shipped", "long-table", "long-list", "hyphenated-split-row"])
def test_a_story_set_again_lays_out_as_one_built_anew(case: str) -> None:
    """The first layout's flowables, set for each tighter step in turn (``story``), give
    the bytes of a story built for that step: for the shipped handout (tightened on
    Letter), a table whose rows split across pages, a list running over pages, and
    hyphenated words in rows split across pages (large print).  A layout whose story
    was set for another step since is laid out again before it is written, to the
    same bytes: the first (no step saved a page), one between, the last."""
    from handout.pdf import document, memo

    if case == "shipped":
        handout = content.load(SHIPPED_ONE)
        style = styles.resolve("default").with_paper("letter")
    else:
        handout, style = _matrix_case(case)  # type: ignore[assignment]
    build.check(handout, style)  # type: ignore[arg-type]
    steps = [PLAIN, *fit.tunings(style)]  # type: ignore[arg-type]
    for kept in (0, len(steps) // 2, len(steps) - 1):
        fresh = document.render(handout, style, tuning=steps[kept])  # type: ignore[arg-type]
        with memo.lines_kept():
            laid = [document.lay_out(handout, style, keep=True)]  # type: ignore[arg-type]
            for step in steps[1:]:
                story = laid[-1].story
                laid.append(document.lay_out(handout, style, tuning=step, story=story))  # type: ignore[arg-type]
            story = laid[0].story
            assert all(done.story is story for done in laid)  # built once
            assert story.generation == len(steps) - 1
            assert laid[kept].finish().data == fresh.data, (case, steps[kept])
    assert fresh.pages > 1


def test_fitting_builds_the_story_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from handout.pdf import layout

    handout = content.load(SHIPPED_ONE)
    style = styles.resolve("default").with_paper("letter")
    built: list[int] = []
    real = layout.flowables

    def counting(*args: object, **kwargs: object) -> object:
        built.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(layout, "flowables", counting)
    slow = fit.render(handout, style, reuse=False)
    assert slow.tightened and len(built) == 2
    built.clear()
    fast = fit.render(handout, style)
    assert fast.data == slow.data and len(built) == 1


def test_a_story_that_cannot_be_set_again_is_built_anew() -> None:
    """The title block beside a QR code is shaped by its height (its line spacing), and
    the last resort changes the space inside table cells and boxes: neither story is
    set again, and the story asked is left as it was."""
    import dataclasses

    import matrix

    from handout.model.stylemodel import Style
    from handout.pdf import document, memo

    linked = matrix.handout(
        matrix.content_yaml(meta={"url": "https://example.org/handouts/msk-014"})
    )
    shipped = content.load(SHIPPED_ONE)
    letter = styles.resolve("default").with_paper("letter")
    step = fit.tunings(letter)[0]
    for handout, style, tuning in (
        (linked, Style(), step),
        (shipped, letter, fit.last_resort(letter)[0]),
    ):
        with memo.lines_kept():
            first = document.lay_out(handout, style, keep=True)
            again = document.lay_out(handout, style, tuning=tuning, story=first.story)
            assert again.story is not first.story and first.story.generation == 0
            assert first.finish().data == document.render(handout, style).data
            assert again.finish().data == document.render(handout, style, tuning=tuning).data
    plain = dataclasses.replace(letter, fit=dataclasses.replace(letter.fit, enabled=False))
    assert not document.lay_out(shipped, plain).story.retune(roles.kit_for(shipped, plain, step))


def test_a_step_that_fails_after_setting_the_story_leaves_the_first_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reportlab.platypus.doctemplate import LayoutError

    from handout.pdf import document

    handout = content.load(SHIPPED_ONE)
    style = styles.resolve("default").with_paper("letter")
    real = document.lay_out

    def failing(*args: object, **kwargs: object) -> document.Laid:
        done = real(*args, **kwargs)  # type: ignore[arg-type]
        if kwargs.get("story") is not None:  # a step: its story was set, then it fails
            raise LayoutError("too tall")
        return done

    monkeypatch.setattr(document, "lay_out", failing)
    done = fit.render(handout, style)
    assert not done.tightened and done.pages == 4
    monkeypatch.setattr(document, "lay_out", real)
    import dataclasses

    plain = dataclasses.replace(style, fit=dataclasses.replace(style.fit, enabled=False))
    assert done.data == fit.render(handout, plain).data
