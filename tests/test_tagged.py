"""Tagged PDF: the structure tree, its marked content, and veraPDF's PDF/UA-1 verdict."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pytest
import yaml
from matrix import FOUR_ITEMS, SHIPPED, handout, long_table
from pdfcheck import Elem, Tagged, content_yaml, tagged
from tools import Verdict

from handout.jobs import build
from handout.model import content, labels, style
from handout.model.blocks import texts
from handout.model.content import Handout
from handout.model.stylemodel import Style
from handout.pdf import layout, richtext


def reading(doc: Handout, s: Style) -> str:
    """The handout's text in reading order, as the default layout shows it."""
    words = labels.resolve(doc.language, s)
    parts = [doc.title, doc.subtitle or "", *texts(doc.summary)]
    parts += [words.attribute, *doc.items]
    for row in doc.comparison:
        parts += [row.attribute, *(t for v in row.values for t in texts(v))]
    for sec in doc.sections:
        parts.append(sec.heading)
        if sec.summary and s.sections.show_summaries:
            parts += [words.key_point, *texts(sec.summary)]
        parts += texts(sec.body)
    parts.append(doc.disclaimer or "")
    return " ".join(" ".join(richtext.plain(p) for p in parts).split())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def kinds(elem: Elem) -> list[str]:
    return [k.role for k in elem.kids if isinstance(k, Elem)]


@pytest.fixture(scope="module")
def shipped(conformance_pdfs: dict[str, Path]) -> Tagged:
    return tagged(conformance_pdfs["shipped-default-letter"])


@pytest.fixture(scope="module")
def long(conformance_pdfs: dict[str, Path]) -> Tagged:
    return tagged(conformance_pdfs["long-table"])


def test_reading_order_is_the_handouts(shipped: Tagged) -> None:
    handout = content.load(SHIPPED)
    doc = shipped.root
    assert doc.role == "Document"
    sections = ["Sect"] * len(handout.sections)
    assert kinds(doc) == ["H1", "P", "Div", "Table", *sections, "P"]
    assert shipped.text(doc.find("H1")[0]) == handout.title
    assert [shipped.text(h) for h in doc.find("H2")] == [s.heading for s in handout.sections]
    for sect in doc.find("Sect"):
        assert kinds(sect)[:2] == ["H2", "Div"]  # heading, then its key point
        assert set(kinds(sect)[2:]) == {"P"}


def test_tree_text_is_the_content_once_in_order(shipped: Tagged) -> None:
    handout = content.load(SHIPPED)
    got = shipped.text()
    assert got == reading(handout, Style())
    for sentence in sentences(got):
        assert got.count(sentence) == reading(handout, Style()).count(sentence), sentence


def test_a_paragraph_split_across_pages_is_one_element(conformance_pdfs: dict[str, Path]) -> None:
    doc = tagged(conformance_pdfs["shipped-large-print-letter"])
    handout = content.load(SHIPPED)
    assert doc.text() == reading(handout, style.resolve("large-print"))
    split = [e for e in doc.root.find("P") if len({page for page, _ in e.marks()}) > 1]
    assert split  # large print splits body paragraphs over pages
    bodies = [
        " ".join(richtext.plain(b).split()) for sec in handout.sections for b in texts(sec.body)
    ]
    assert all(doc.text(e) in bodies for e in split)


def test_key_point_label_and_text_are_one_group(shipped: Tagged) -> None:
    handout = content.load(SHIPPED)
    for sect, sec in zip(shipped.root.find("Sect"), handout.sections, strict=True):
        div = [k for k in sect.kids if isinstance(k, Elem) and k.role == "Div"][0]
        assert kinds(div) == ["P", "P"]
        label, text = (k for k in div.kids if isinstance(k, Elem))
        assert shipped.text(label) == "Key point"
        assert shipped.text(text) == " ".join(richtext.plain(" ".join(texts(sec.summary))).split())


def test_comparison_is_one_table_with_header_cells(shipped: Tagged) -> None:
    handout = content.load(SHIPPED)
    (table,) = shipped.root.find("Table")
    rows = [k for k in table.kids if isinstance(k, Elem)]
    assert [r.role for r in rows] == ["TR"] * (1 + len(handout.comparison))
    head = [c for c in rows[0].kids if isinstance(c, Elem)]
    assert [c.role for c in head] == ["TH"] * (1 + len(handout.items))
    assert all(c.attrs == {"/O": "/Table", "/Scope": "/Column"} for c in head)
    assert [shipped.text(c) for c in head[1:]] == list(handout.items)
    for tr, row in zip(rows[1:], handout.comparison, strict=True):
        cells = [c for c in tr.kids if isinstance(c, Elem)]
        assert [c.role for c in cells] == ["TH"] + ["TD"] * len(handout.items)
        assert cells[0].attrs["/Scope"] == "/Row"
        assert [shipped.text(c) for c in cells] == [row.attribute, *sum(row.values, ())]


def test_a_table_over_several_pages_is_one_table(long: Tagged) -> None:
    rows = yaml.safe_load(long_table())["comparison"]
    assert len(long.root.find("Table")) == 1
    assert len(long.root.find("TR")) == 61
    assert len(long.root.find("TH")) == 3 + 60  # one header row, not one a page
    assert len(long.root.find("TD")) == 120
    for tr, row in zip(long.root.find("TR")[1:], rows, strict=True):
        assert long.text(tr) == " ".join([row["attribute"], *row["values"]])
    split = [c for c in long.root.find("TD") if len({page for page, _ in c.marks()}) > 1]
    assert len(split) >= 4  # rows split across pages: one cell, marked on both pages
    assert len(long.used) >= 4
    assert long.text().count("Alpha Beta") == 1
    pages = {page for page, _ in long.root.find("Table")[0].marks()}
    repeated = long.artifact_text.replace(" ", "").count("AlphaBeta")
    assert repeated == len(pages) - 1 >= 3  # the header repeated on each later page: artifacts


def test_every_mark_is_reachable_through_the_parent_tree(conformance_pdfs: dict[str, Path]) -> None:
    for name in (
        "shipped-example-clinic-letter",
        "shipped-large-print-a4",
        "long-table",
        "hyphenated-split-row",
        "at-a-glance",
    ):
        doc = tagged(conformance_pdfs[name])
        owner = {m: e.ref for e in doc.root.walk() for m in e.kids if not isinstance(m, Elem)}
        for page, mcids in doc.used.items():
            assert mcids == list(range(len(mcids))), (name, page)  # each MCID once a page
            key = doc.struct_parents[page]
            assert doc.parents[key] == [owner[(page, m)] for m in mcids], (name, page)
        assert len(owner) == sum(len(m) for m in doc.used.values())
        assert not doc.untagged, (name, doc.untagged[:5])


def test_header_and_footer_are_artifacts(conformance_pdfs: dict[str, Path]) -> None:
    doc = tagged(conformance_pdfs["shipped-example-clinic-letter"])
    clinic = style.resolve("example-clinic")
    handout = content.load(SHIPPED)
    text = doc.text()
    pages = len(doc.used)
    for line in (
        clinic.clinic.phone or "",
        clinic.footer.text,
        "Page 1 of",
        layout.footer_meta(handout),
    ):
        assert line and line not in text, line
        assert line in doc.artifact_text, line
    assert doc.artifact_text.count(clinic.clinic.name or "") == pages
    draft = tagged(conformance_pdfs["draft"])
    marks = draft.artifact_text.replace(" ", "").count("DRAFT")  # drawn aslant: spaced out
    assert "DRAFT" not in draft.text() and marks == len(draft.used)


def test_logo_is_a_figure_with_its_alt_text_or_an_artifact(
    conformance_pdfs: dict[str, Path],
) -> None:
    with_alt = tagged(conformance_pdfs["shipped-example-clinic-letter"])
    figure = with_alt.root.kids[0]
    assert isinstance(figure, Elem) and figure.role == "Figure"
    assert figure.alt == "Example Family Clinic logo"
    assert figure.attrs["/O"] == "/Layout"
    x0, y0, x1, y1 = map(float, figure.attrs["/BBox"].split())
    assert 0 < x0 < x1 and 0 < y0 < y1
    assert [page for page, _ in figure.marks()] == [1]  # once, not on every page
    without = tagged(conformance_pdfs["logo-no-alt"])
    assert not without.root.find("Figure") and not without.untagged
    assert kinds(without.root)[:2] == ["P", "H1"]  # the clinic's website (a link), the title


def test_at_a_glance_is_a_list(conformance_pdfs: dict[str, Path]) -> None:
    doc = tagged(conformance_pdfs["at-a-glance"])
    (listing,) = doc.root.find("L")
    items = [k for k in listing.kids if isinstance(k, Elem)]
    summed = [s for s in content.load(SHIPPED).sections if s.summary]
    assert len(items) == len(summed)
    for li, sec in zip(items, summed, strict=True):
        assert li.role == "LI" and kinds(li) == ["Lbl", "LBody"]
        label, body = (k for k in li.kids if isinstance(k, Elem))
        assert doc.text(label) == "\u2022"
        assert doc.text(body) == " ".join(f"{sec.heading}: {' '.join(texts(sec.summary))}".split())


def test_broken_words_read_whole(conformance_pdfs: dict[str, Path]) -> None:
    doc = tagged(conformance_pdfs["hyphenated"])
    cells = [doc.text(c) for c in doc.root.find("TH") + doc.root.find("TD")]
    assert "Neuromuscular Disease" in cells and "Electromyography studies" in cells
    assert all("-" not in c for c in cells), cells
    raw = b"".join(
        p.Contents.read_bytes() for p in pikepdf.open(conformance_pdfs["hyphenated"]).pages
    )
    assert b"/ActualText (Electromyography)" in raw  # the pieces are drawn, the word is read


def test_a_word_broken_across_pages_reads_once(conformance_pdfs: dict[str, Path]) -> None:
    doc = tagged(conformance_pdfs["hyphenated-split-row"])
    words = "Electromyography neuromuscular hypersensitivity immunohistochemistry"
    (cell,) = [c for c in doc.root.find("TD") if len(c.marks()) > 1]
    assert doc.text(cell) == " ".join([words] * 60)
    assert [doc.text(c) for c in doc.root.find("TH")[1:5]] == FOUR_ITEMS


def test_a_long_word_split_anywhere_reads_whole(tmp_path: Path) -> None:
    url = "https://example.org/" + "x" * 300
    doc = handout(content_yaml(summary=f"See  {url}  for more."))
    data, _ = build.render(doc, Style())
    (para,) = tagged(data).root.find("Div")[0].kids
    assert isinstance(para, Elem)
    assert tagged(data).text(para) == f"See {url} for more."


def test_fallback_scripts_read_as_written(conformance_pdfs: dict[str, Path]) -> None:
    doc = tagged(conformance_pdfs["scripts"])
    text = doc.text()
    for words in ("Μυϊκή ατροφία", "мышечная денервация", "Đột ngột ≥ 2 ngày", "Bệnh nhân"):
        assert words in text


def test_document_keys_of_a_tagged_pdf(conformance_pdfs: dict[str, Path]) -> None:
    with pikepdf.open(conformance_pdfs["shipped-default-a4"]) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en"
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert int(root.StructTreeRoot.ParentTreeNextKey) == len(pdf.pages)
        for n, page in enumerate(pdf.pages):
            assert page.obj.Tabs == pikepdf.Name.S
            assert int(page.obj.StructParents) == n


def test_every_handout_conforms_to_pdf_ua1_and_pdfa_2u(
    conformance_pdfs: dict[str, Path],
    verapdf_ua1: dict[Path, Verdict],
    verapdf_2u: dict[Path, Verdict],
) -> None:
    failed = {
        (name, flavour): verdicts[path].failed
        for name, path in conformance_pdfs.items()
        for flavour, verdicts in (("ua1", verapdf_ua1), ("2u", verapdf_2u))
        if not verdicts[path].compliant
    }
    assert not failed
