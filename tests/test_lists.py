"""Lists inside text and table cells: how lines are read, and how the PDF and the HTML
page draw them (tagged L / LI / Lbl / LBody; <ul> and <ol>)."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from matrix import ACTING, STYLES, long_list
from pdfcheck import Elem, Tagged, content_yaml, page_texts, tagged

from handout.html import render
from handout.jobs import build
from handout.model import content, yamlfile
from handout.model.blocks import TextList, blocks, cell
from handout.model.emphasis import plain
from handout.model.stylemodel import Fit, Style


def load(text: str) -> content.Handout:
    return content.from_doc(yamlfile.parse(text, "h.yaml"))


# --- reading the lines --------------------------------------------------------------------


def test_lines_that_start_with_a_dash_or_a_number_are_list_items() -> None:
    text = (
        "Take these steps:\n- Rest in *bed*.\n- Drink **plenty**\n  of fluids.\n\n"
        "1. First\n2. Second\n\n3. Third, counted from here"
    )
    assert blocks(text) == (
        "Take these steps:",
        TextList(("Rest in *bed*.", "Drink **plenty** of fluids.")),
        TextList(("First", "Second"), ordered=True),
        TextList(("Third, counted from here",), ordered=True, start=3),
    )
    assert TextList(("a", "b"), ordered=True, start=3).labels() == ["3.", "4."]
    assert TextList(("a",)).labels() == ["\u2022"]


def test_a_hyphen_elsewhere_is_text_and_a_backslash_keeps_a_leading_one() -> None:
    assert blocks("Take 1-2 tablets - or none.\nA line - with a dash.") == (
        "Take 1-2 tablets - or none. A line - with a dash.",
    )
    assert blocks("-5 degrees\n1.5 litres a day\n2.Wrong") == (
        "-5 degrees 1.5 litres a day 2.Wrong",
    )
    assert blocks("\\- 5 degrees is cold.\n\\1. is not a step") == (
        "- 5 degrees is cold. 1. is not a step",
    )
    assert blocks("- a\n- b\n1. c") == (TextList(("a", "b")), TextList(("c",), True))


def test_a_table_cell_is_a_line_a_list_or_a_line_and_a_list() -> None:
    assert cell("One  line\nof text") == ("One line of text",)
    assert cell("- Sneezing\n- Stuffy nose") == (TextList(("Sneezing", "Stuffy nose")),)
    assert cell("Often:\n- fever\n- *aches*") == ("Often:", TextList(("fever", "*aches*")))
    assert cell("- fever\n- aches\n\nSee a **doctor**.") == (
        TextList(("fever", "aches")),
        "See a **doctor**.",
    )
    assert cell("- fever\nand chills") == (TextList(("fever and chills",)),)  # continues
    assert cell("\\- dash") == ("- dash",)


def test_lists_in_every_text_field_the_issue_names() -> None:
    doc = load(
        content_yaml(
            summary="Lead.\n- one\n- two",
            comparison=[{"attribute": "Signs", "values": ["- a\n- b", "plain"]}],
            sections=[{"heading": "H", "summary": "1. first\n2. second", "body": "- x"}],
        )
    )
    assert doc.summary == ("Lead.", TextList(("one", "two")))
    assert doc.comparison[0].values == ((TextList(("a", "b")),), ("plain",))
    assert doc.sections[0].summary == (TextList(("first", "second"), True),)
    assert doc.sections[0].body == (TextList(("x",)),)
    texts = [t for p, t in doc.texts() if p.startswith(("summary", "comparison[0].values"))]
    assert texts == ["Lead.", "one", "two", "a", "b", "plain"]


# --- the PDF ------------------------------------------------------------------------------


def lists(doc: Tagged) -> list[Elem]:
    return doc.root.find("L")


def items(doc: Tagged, listing: Elem) -> list[tuple[str, str]]:
    """Each item's label text and body text."""
    out = []
    for li in listing.kids:
        assert isinstance(li, Elem) and li.role == "LI"
        parts = {k.role: doc.text(k) for k in li.kids if isinstance(k, Elem)}
        assert set(parts) <= {"Lbl", "LBody"} and "LBody" in parts
        out.append((parts.get("Lbl", ""), parts["LBody"]))
    return out


def yaml_lists(path: Path) -> list[list[str]]:
    """What the content file's lists say, in the order the default layout prints them."""
    doc = content.load(path)
    found: list[TextList] = [b for b in doc.summary if isinstance(b, TextList)]
    for row in doc.comparison:
        found += [b for v in row.values for b in v if isinstance(b, TextList)]
    for sec in doc.sections:
        found += [b for b in (*sec.summary, *sec.body) if isinstance(b, TextList)]
    out = [[plain(i) for i in t.items] for t in found]
    out.append(list(doc.actions))
    assert doc.get_help is not None
    return [*out, list(doc.get_help.emergency), list(doc.get_help.call_us)]


@pytest.mark.parametrize("name", [f"acting-{s}-{p}" for s in STYLES for p in ("letter", "a4")])
def test_every_list_is_tagged_with_its_items_in_every_style(
    conformance_pdfs: dict[str, Path], name: str
) -> None:
    doc = tagged(conformance_pdfs[name])
    got = [items(doc, listing) for listing in lists(doc)]
    # What the YAML says is what the tree says, item by item, in order.
    assert [[body for _, body in found] for found in got] == yaml_lists(ACTING)
    bullets, numbered, checklist = got[0], got[4], got[-3]
    assert {label for label, _ in bullets} == {"\u2022"}
    assert [label for label, _ in numbered] == ["1.", "2.", "3."]
    assert {label for label, _ in checklist} == {""}  # its boxes are artifacts, not read out
    assert not doc.untagged
    # ... and it is what the page prints.
    printed = " ".join(" ".join(page_texts(conformance_pdfs[name])).split())
    for found in got:
        for _, body in found:
            assert body in printed


def test_a_long_list_runs_over_pages_between_items(conformance_pdfs: dict[str, Path]) -> None:
    doc = tagged(conformance_pdfs["long-list"])
    (listing,) = [e for e in lists(doc) if len(e.kids) == 70]
    pages_of = []
    for i, li in enumerate(listing.kids):
        assert isinstance(li, Elem)
        label, body = (k for k in li.kids if isinstance(k, Elem))
        assert doc.text(label) == "\u2022"
        assert doc.text(body).startswith(f"Item {i:02d} says word0")
        lbl_page = label.marks()[0][0]
        pages = {page for page, _ in body.marks()}
        assert lbl_page == min(pages)  # the bullet is on the page where its item starts
        if i % 5 != 2:
            assert len(pages) == 1  # a short item is never split
        pages_of.append(pages)
    assert len(set().union(*pages_of)) >= 3
    wanted = yaml.safe_load(long_list())["sections"][0]["body"].splitlines()
    assert [doc.text(li) for li in listing.kids] == [  # type: ignore[arg-type]
        "\u2022 " + plain(w.removeprefix("- ")) for w in wanted
    ]


def test_a_list_in_a_table_cell_runs_over_pages_between_items(
    conformance_pdfs: dict[str, Path],
) -> None:
    doc = tagged(conformance_pdfs["cell-list"])
    (listing,) = lists(doc)
    assert items(doc, listing) == [
        ("\u2022", f"Sign number {i} that is described") for i in range(80)
    ]
    pages = [{page for page, _ in li.marks()} for li in listing.kids]  # type: ignore[union-attr]
    assert all(len(p) == 1 for p in pages)
    assert len(set().union(*pages)) == 3
    (td,) = [c for c in doc.root.find("TD") if listing in c.kids]
    assert len({page for page, _ in td.marks()}) == 3  # one cell, over three pages


@pytest.mark.parametrize("name", [f"acting-{s}-{p}" for s in STYLES for p in ("letter", "a4")])
def test_a_cell_holds_a_line_and_a_list_tagged_p_and_l(
    conformance_pdfs: dict[str, Path], name: str
) -> None:
    """The shipped example's "Common signs": a list alone, a lead-in line and its list,
    a list and a line after it; each cell's element holds a ``P`` and an ``L``."""
    doc = tagged(conformance_pdfs[name])
    (row,) = [tr for tr in doc.root.find("TR") if doc.text(tr).startswith("Common signs")]
    cells = [c for c in row.kids if isinstance(c, Elem) and c.role == "TD"]
    parts = [[(k.role, doc.text(k)) for k in td.kids if isinstance(k, Elem)] for td in cells]
    assert [[role for role, _ in p] for p in parts] == [["L"], ["P", "L"], ["L", "P"]]
    assert parts[1][0] == ("P", "Often all at once:")
    assert parts[2][1] == ("P", "Some people have none.")
    assert items(doc, cells[1].kids[1])[0] == ("\u2022", "Fever and chills")  # type: ignore[arg-type]
    printed = " ".join(" ".join(page_texts(conformance_pdfs[name])).split())
    assert "Often all at once:" in printed and "Some people have none." in printed


def test_an_item_is_never_cut_from_its_bullet_at_a_page_foot() -> None:
    """Wherever a page ends, an item of three lines moves on whole, its bullet with it."""
    item = " ".join(f"word{j}" for j in range(30))  # three lines
    split = set()
    loose = replace(Style(), fit=Fit(enabled=False))  # no tightening to one page
    for filler in range(14, 20):
        body = "\n\n".join(["Filler line."] * filler) + "\n\n" + f"- {item}\n- {item}"
        doc = load(content_yaml(sections=[{"heading": "H", "body": body}]))
        found = tagged(build.render(doc, loose)[0])
        (listing,) = lists(found)
        pages = [{page for page, _ in li.marks()} for li in listing.kids]  # type: ignore[union-attr]
        assert all(len(p) == 1 for p in pages), filler
        split.add(pages[0] != pages[1])
    assert split == {True, False}  # some of these page ends fell inside the list


# --- the HTML page ------------------------------------------------------------------------


def test_the_html_page_has_ul_and_ol_with_the_items() -> None:
    doc = content.load(ACTING)
    page = render.render(doc, Style()).decode()
    assert page.count("<ol>") == 1 and page.count('<ul class="checklist">') == 1
    assert "<ul><li>Sneezing</li><li>Stuffy or runny nose</li><li>Sore throat</li></ul>" in page
    assert "<li>A <strong>cold</strong> comes on slowly and is usually mild.</li>" in page
    assert "<input" not in page
    # a cell of a line and a list: a paragraph and the list, in the order written
    assert (
        "<p>Often all at once:</p><ul><li>Fever and chills</li><li>Body aches</li>"
        "<li>Great tiredness</li></ul></td>"
    ) in page
    assert "<li>New loss of taste or smell</li></ul><p>Some people have none.</p></td>" in page
    numbered = load(content_yaml(summary="3. three\n4. four"))
    assert '<ol start="3"><li>three</li><li>four</li></ol>' in render.render(
        numbered, Style()
    ).decode("utf-8")


# --- import ---------------------------------------------------------------------------

ARTICLE = """\
Cold vs. Flu
What's the Difference?
Both are caused by viruses. Here is how they differ:
\u2022 A cold is mild.
\u2022 Flu is worse and
comes on suddenly.

Comparison
AttributeColdFlu
OnsetGradualSudden

Further Detail
Treatment

Most people get better at home. Try these:

- Rest.

- Drink fluids.

1) Call us.
2) Take medicine.

Not medical advice.
"""


def test_import_turns_bulleted_lines_into_list_items() -> None:
    from handout.authoring import importer

    imported = importer.import_text(ARTICLE, "article.txt")
    assert "  - A cold is mild.\n  - Flu is worse and comes on suddenly.\n" in imported.text
    doc = load(imported.text)
    assert doc.summary == (
        "Both are caused by viruses. Here is how they differ:",
        TextList(("A cold is mild.", "Flu is worse and comes on suddenly.")),
    )
    assert doc.sections[0].body == (
        "Most people get better at home. Try these:",
        TextList(("Rest.", "Drink fluids.")),  # items a blank line apart: one list
        TextList(("Call us.", "Take medicine."), ordered=True),
    )


def test_on_a_right_to_left_page_bullets_numbers_and_boxes_hang_at_the_right() -> None:
    import pdfplumber

    from handout.model import style

    doc = load(
        content_yaml(
            language="he",
            summary="Two things:\n- Rest at home\n- Drink plenty",
            sections=[{"heading": "Steps", "body": "1. First step\n2. Second step"}],
            actions=["Wash your hands"],
        )
    )
    s = style.resolve("example-clinic")
    data = build.render(doc, s)[0]
    right = s.page.width - s.page.margin_right
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        marks = str.maketrans("", "", "\u200e\u200f")  # no width (pdf.readorder)
        words = [{**w, "text": w["text"].translate(marks)} for w in page.extract_words()]
        bullets = [c for c in page.chars if c["text"] == "\u2022"]
        rest = next(w for w in words if w["text"] == "home")
        assert len(bullets) == 2 and all(b["x0"] > rest["x1"] for b in bullets)
        wash = next(w for w in words if w["text"] == "hands")
        boxes = [r for r in page.rects if abs(r["width"] - r["height"]) < 0.5 and r["width"] < 12]
        assert len(boxes) == 1 and boxes[0]["x0"] > wash["x1"] and boxes[0]["x1"] <= right + 1
    found = tagged(data)
    read = [
        [(label, body.translate(marks)) for label, body in items(found, listing)]
        for listing in lists(found)
    ]
    assert read[:2] == [
        [("\u2022", "Rest at home"), ("\u2022", "Drink plenty")],
        [("1.", "First step"), ("2.", "Second step")],
    ]
