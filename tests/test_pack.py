"""The print pack: order, copies, duplex blanks, shared objects, fonts, metadata, atomicity."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from pdfcheck import STANDARD_14, Elem, base_name, documents, fonts, page_texts, tagged

from handout.errors import HandoutError
from handout.jobs import build
from handout.model.stylemodel import Style
from handout.pdf import pack

LIBRARY = Path(__file__).parent / "data" / "batch" / "library"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """cold (1 page), sprain (2 pages), anemia on A4 (1 page)."""
    out = tmp_path_factory.mktemp("pdfs")
    made = {
        "cold": build.build_one(LIBRARY / "cold-vs-flu.yaml", Style(), out / "cold.pdf"),
        "sprain": build.build_one(LIBRARY / "sprain-vs-strain.yaml", Style(), out / "sprain.pdf"),
        "anemia": build.build_one(
            LIBRARY / "anemia-vs-iron-deficiency.yaml", Style().with_paper("a4"), out / "a4.pdf"
        ),
    }
    assert [m.pages for m in made.values()] == [1, 2, 1]
    return {name: m.output for name, m in made.items()}


def sizes(path: Path) -> list[tuple[float, float]]:
    with pikepdf.open(path) as doc:
        return [(round(float(p.mediabox[2]), 2), round(float(p.mediabox[3]), 2)) for p in doc.pages]


def test_pages_in_order_with_copies(tmp_path: Path, pdfs: dict[str, Path]) -> None:
    parts = [pack.Part(pdfs["sprain"], 2), pack.Part(pdfs["cold"], 3), pack.Part(pdfs["sprain"])]
    done = pack.write(tmp_path / "pack.pdf", parts)
    sprain, cold = page_texts(pdfs["sprain"]), page_texts(pdfs["cold"])
    assert page_texts(done.path) == sprain * 2 + cold * 3 + sprain
    assert (done.handouts, done.copies, done.pages, done.blanks) == (2, 6, 9, 0)
    assert done.size == done.path.stat().st_size


def test_duplex_puts_a_blank_page_of_the_same_size_after_odd_handouts(
    tmp_path: Path, pdfs: dict[str, Path]
) -> None:
    parts = [pack.Part(pdfs["cold"], 2), pack.Part(pdfs["sprain"]), pack.Part(pdfs["anemia"])]
    done = pack.write(tmp_path / "pack.pdf", parts, duplex=True)
    texts = page_texts(done.path)
    cold, sprain, anemia = (page_texts(pdfs[k]) for k in ("cold", "sprain", "anemia"))
    assert texts == cold + [""] + cold + [""] + sprain + anemia + [""]
    letter, a4 = (612.0, 792.0), (595.28, 841.89)
    assert sizes(done.path) == [letter] * 6 + [a4, a4]
    assert done.blanks == 3
    with pikepdf.open(done.path) as doc:
        assert not doc.pages[1].obj.get("/Contents")  # truly blank, not white ink


def test_a_copy_costs_a_few_percent_of_its_handout(tmp_path: Path, pdfs: dict[str, Path]) -> None:
    one = pack.write(tmp_path / "one.pdf", [pack.Part(pdfs["sprain"])])
    done = pack.write(tmp_path / "pack.pdf", [pack.Part(pdfs["sprain"], 100)])
    assert done.pages == 200
    per_copy = (done.size - one.size) / 99  # its pages and its own structure elements
    assert per_copy < 1200 < pdfs["sprain"].stat().st_size / 30, per_copy
    with pikepdf.open(done.path) as doc:
        contents = {p.obj.Contents.objgen for p in doc.pages}
        assert len(contents) == 2  # every copy shows the first copy's content streams
        assert len(doc.Root.StructTreeRoot.K) == 100
        assert doc.check_pdf_syntax() == []


def test_every_copy_keeps_its_handouts_structure(tmp_path: Path, pdfs: dict[str, Path]) -> None:
    parts = [pack.Part(pdfs["cold"], 2), pack.Part(pdfs["sprain"], 2)]
    done = pack.write(tmp_path / "pack.pdf", parts, duplex=True)
    assert (done.pages, done.blanks) == (8, 2)
    docs = documents(done.path)
    cold, sprain = (tagged(pdfs[k]) for k in ("cold", "sprain"))
    assert [d.role for d, _ in docs] == ["Document"] * 4
    for (doc, text), source in zip(docs, [cold, cold, sprain, sprain], strict=True):
        assert [k.role for k in doc.kids if isinstance(k, Elem)] == [
            k.role for k in source.root.kids if isinstance(k, Elem)
        ]
        assert len(doc.find("Table")) == len(doc.find("H1")) == 1
        assert len(doc.find("TD")) == len(source.root.find("TD")) > 0
        assert text == source.text()  # each copy reads as its handout, once
    pages = [sorted({page for page, _ in doc.marks()}) for doc, _ in docs]
    assert pages == [[1], [3], [5, 6], [7, 8]]  # duplex blanks (2, 4) mark nothing
    with pikepdf.open(done.path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        tree = pdf.Root.StructTreeRoot
        nums = list(tree.ParentTree.Nums)
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        keys = [p.obj.get("/StructParents") for p in pdf.pages]
        assert keys[1] is None and keys[3] is None
        assert len({k for k in keys if k is not None}) == 6
        assert int(tree.ParentTreeNextKey) > max(k for k in keys if k is not None)
        for doc, _ in docs:  # every marked piece of content leads back to its element
            for elem in doc.walk():
                for page, mcid in (k for k in elem.kids if not isinstance(k, Elem)):
                    owner = parents[int(keys[page - 1])][mcid]
                    assert owner.objgen == elem.ref
        tabs = {str(p.obj.get("/Tabs")) for i, p in enumerate(pdf.pages) if i not in (1, 3)}
        assert tabs == {"/S"}


def test_identical_fonts_of_different_handouts_are_stored_once(
    tmp_path: Path, pdfs: dict[str, Path]
) -> None:
    twin = Path(shutil.copy(pdfs["cold"], tmp_path / "twin.pdf"))
    done = pack.write(tmp_path / "pack.pdf", [pack.Part(pdfs["cold"]), pack.Part(twin)])
    with pikepdf.open(pdfs["cold"]) as one:
        in_one = len(font_programs(one))
    with pikepdf.open(done.path) as doc:
        assert len(font_programs(doc)) == in_one
        assert doc.check_pdf_syntax() == []
    assert done.size < 1.5 * pdfs["cold"].stat().st_size


def font_programs(doc: pikepdf.Pdf) -> set[tuple[int, int]]:
    """The embedded font files that the file's font descriptors point to."""
    found = set()
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == pikepdf.Name.FontDescriptor:
            found |= {obj[k].objgen for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in obj}
    return found


def _subset_names(path: Path) -> set[str]:
    return {f for f, _ in fonts(path)}


def test_different_subsets_get_different_names(tmp_path: Path, pdfs: dict[str, Path]) -> None:
    # Handouts made before subsets were named by content all said AAAAAA+Font.
    old = tmp_path / "old-sprain.pdf"
    with pikepdf.open(pdfs["sprain"]) as doc:
        for page in doc.pages:
            for _, font in page.Resources.Font.items():
                name = "/AAAAAA+" + str(font.BaseFont)[8:]
                font.BaseFont = font.FontDescriptor.FontName = pikepdf.Name(name)
        doc.save(old)
    cold = pdfs["cold"]
    done = pack.write(tmp_path / "pack.pdf", [pack.Part(cold), pack.Part(old)])
    program_of: dict[str, set[bytes]] = {}
    with pikepdf.open(done.path) as doc:
        for page in doc.pages:
            for _, font in page.Resources.Font.items():
                desc = font.FontDescriptor
                assert str(desc.FontName) == str(font.BaseFont)
                program = desc.FontFile2.read_bytes()
                program_of.setdefault(str(font.BaseFont)[1:], set()).add(program)
    # One name, one font program; different programs, different names.
    assert all(len(programs) == 1 for programs in program_of.values()), program_of.keys()
    assert len({p for ps in program_of.values() for p in ps}) == len(program_of)
    # The pack names a subset as the handout itself does, an old handout's too.
    assert _subset_names(cold) | _subset_names(pdfs["sprain"]) == set(program_of)


def test_metadata_fonts_and_structure(tmp_path: Path, pdfs: dict[str, Path]) -> None:
    parts = [pack.Part(pdfs["cold"], 2), pack.Part(pdfs["sprain"]), pack.Part(pdfs["anemia"])]
    done = pack.write(tmp_path / "pack.pdf", parts, duplex=True)
    with pikepdf.open(done.path) as doc:
        assert str(doc.docinfo["/Title"]) == "Print pack: 3 handouts"
        assert str(doc.Root.Lang) == "en"
        assert bool(doc.Root.ViewerPreferences.DisplayDocTitle) is True
        assert doc.check_pdf_syntax() == []
    used = fonts(done.path)
    assert used and all(embedded for _, embedded in used)
    assert not {base_name(f) for f, _ in used} & STANDARD_14


def test_the_same_parts_give_the_same_bytes(tmp_path: Path, pdfs: dict[str, Path]) -> None:
    parts = [pack.Part(pdfs["cold"], 2), pack.Part(pdfs["sprain"])]
    a = pack.write(tmp_path / "a.pdf", parts, duplex=True)
    b = pack.write(tmp_path / "b.pdf", parts, duplex=True)
    assert a.path.read_bytes() == b.path.read_bytes()


def test_a_missing_handout_leaves_the_older_pack_untouched(
    tmp_path: Path, pdfs: dict[str, Path]
) -> None:
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"%PDF-older")
    with pytest.raises(HandoutError, match="cannot read for the pack"):
        pack.write(target, [pack.Part(pdfs["cold"]), pack.Part(tmp_path / "gone.pdf")])
    assert target.read_bytes() == b"%PDF-older"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.pdf"]


def test_a_file_that_is_not_a_pdf_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    with pytest.raises(HandoutError, match="not a readable PDF"):
        pack.write(tmp_path / "pack.pdf", [pack.Part(bad)])
    assert not (tmp_path / "pack.pdf").exists()
