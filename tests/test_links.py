"""Links: which text is an address, and link annotations tagged as PDF/UA-1 asks."""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pytest
from matrix import figures, handout
from pdfcheck import Elem, content_yaml, tagged
from tools import verapdf

from handout.jobs import build
from handout.model import style
from handout.model.stylemodel import Style
from handout.pdf import pack


def opened(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


@pytest.fixture(scope="module")
def linked() -> bytes:
    doc = handout(figures())
    return build.render(doc, style.resolve("example-clinic"))[0]


def test_addresses_are_link_elements_with_their_annotations(linked: bytes) -> None:
    doc = tagged(linked)
    found = {doc.text(e): e for e in doc.root.find("Link")}
    assert set(found) == {"clinic.example", "https://example.org/flu-shots", "help@example.org,"}
    with opened(linked) as pdf:
        annots = {a.objgen: a for page in pdf.pages for a in page.get("/Annots", [])}
        tree = pdf.Root.StructTreeRoot
        assert int(tree.ParentTreeNextKey) == len(pdf.pages) + len(annots)
        for elem in found.values():
            (ref,) = elem.objrs
            annot = annots[ref]
            assert annot.Subtype == "/Link" and int(annot.F) == 4
            assert str(annot.Contents) == str(annot.A.URI).removeprefix("mailto:")
            assert doc.parents[int(annot.StructParent)] == elem.ref
        uris = {str(a.A.URI) for a in annots.values()}
    assert uris == {
        "https://clinic.example",
        "https://example.org/flu-shots",
        "mailto:help@example.org",
    }  # a phone number is dialled by hand: no annotation
    assert not doc.untagged


def test_the_link_is_read_in_its_paragraph(linked: bytes) -> None:
    doc = tagged(linked)
    (para,) = [p for p in doc.root.find("P") if "flu-shots" in doc.text(p)]
    assert [k.role for k in para.kids if isinstance(k, Elem)] == ["Link", "Link"]
    assert doc.text(para) == (
        "Some body text before the picture: see https://example.org/flu-shots or write "
        "to help@example.org, or call (555) 010-0142."
    )


def test_the_clinic_website_is_a_link_on_the_first_page_only(linked: bytes) -> None:
    doc = tagged(linked)
    (site,) = [e for e in doc.root.find("Link") if doc.text(e) == "clinic.example"]
    assert {page for page, _ in site.marks()} == {1}
    assert "clinic.example" in doc.artifact_text  # on the other pages, page furniture
    with opened(linked) as pdf:
        for page in pdf.pages[1:]:
            assert all("clinic" not in str(a.A.URI) for a in page.get("/Annots", []))


def test_the_linked_website_is_drawn_where_it_is_on_the_other_pages(linked: bytes) -> None:
    """On page 1 the website is drawn apart (as a link), after the space before it."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(linked)) as pdf:
        starts = []
        for page in pdf.pages:
            (top,) = {round(c["top"]) for c in page.chars if c["text"] == "\u00b7"}
            line = [c for c in page.chars if round(c["top"]) == top and c["text"].strip()]
            chars = sorted(line, key=lambda c: c["x0"])
            at = next(i for i, c in enumerate(chars) if c["text"] == "\u00b7")
            dot, site = chars[at], chars[at + 1]
            assert site["text"] == "c" and site["x0"] - dot["x1"] > 1.5  # a space apart
            starts.append(site["x0"])
    assert len(starts) > 1 and max(starts) - min(starts) < 0.3


def test_an_address_wider_than_the_column_reads_whole_without_a_link() -> None:
    url = "https://example.org/" + "/".join(["a-long-part-of-the-address"] * 12)
    data, _ = build.render(handout(content_yaml(summary=f"Go to {url} today.")), Style())
    doc = tagged(data)
    assert not doc.root.find("Link") and not doc.untagged  # cut into pieces: no annotation
    assert f"Go to {url} today." in doc.text()
    with opened(data) as pdf:
        assert "/Annots" not in pdf.pages[0].obj


def test_a_handout_without_addresses_has_no_annotations() -> None:
    data, _ = build.render(handout(content_yaml()), Style())
    with opened(data) as pdf:
        assert all("/Annots" not in page.obj for page in pdf.pages)
        assert int(pdf.Root.StructTreeRoot.ParentTreeNextKey) == len(pdf.pages)


def test_a_print_pack_leaves_links_out_and_stays_conformant(tmp_path: Path, linked: bytes) -> None:
    source = tmp_path / "linked.pdf"
    source.write_bytes(linked)
    done = pack.write(tmp_path / "pack.pdf", [pack.Part(source, 2)])
    with pikepdf.open(done.path if hasattr(done, "path") else tmp_path / "pack.pdf") as pdf:
        assert all("/Annots" not in page.obj for page in pdf.pages)
    pdfs = [tmp_path / "pack.pdf"]
    for flavour in ("ua1", "2u"):
        verdict = verapdf(flavour, pdfs)[pdfs[0]]
        assert verdict.compliant, (flavour, verdict.failed)
