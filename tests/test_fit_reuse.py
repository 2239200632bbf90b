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
