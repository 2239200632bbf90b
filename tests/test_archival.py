"""PDF/A-2u: every handout is archival, checked by veraPDF, with XMP that matches Info."""

from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import matrix as cases
import pikepdf
import pytest
from pdfcheck import content_yaml
from tools import Verdict, verapdf

from handout.jobs import build
from handout.model import content
from handout.model import style as style_mod
from handout.model.stylemodel import Style
from handout.pdf import archival

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def _render(tmp_path: Path, name: str, yaml_text: str | None, style: Style) -> Path:
    if yaml_text is None:
        handout = content.load(SHIPPED)
    else:
        src = tmp_path / f"{name}.yaml"
        src.write_text(yaml_text, encoding="utf-8")
        handout = content.load(src)
    data, _ = build.render(handout, style)
    out = tmp_path / f"{name}.pdf"
    out.write_bytes(data)
    return out


@pytest.fixture(scope="module")
def matrix(conformance_pdfs: dict[str, Path]) -> list[Path]:
    """The handouts every conformance check runs on (``matrix.py``); the shipped one first."""
    return list(conformance_pdfs.values())


@pytest.fixture(scope="module")
def packed(conformance_pdfs: dict[str, Path]) -> Path:
    """A duplex print pack: two copies each of an English and a Russian handout, and more."""
    from handout.pdf import pack

    colour, grey, russian = (
        conformance_pdfs[name]
        for name in ("shipped-default-letter", "shipped-grayscale-letter", "russian")
    )
    parts = [pack.Part(colour, 2), pack.Part(russian, 2), pack.Part(grey)]
    parts.append(pack.Part(conformance_pdfs["logo-no-alt"]))
    return pack.write(colour.with_name("pack.pdf"), parts, duplex=True).path


def test_every_handout_and_the_pack_conform_to_pdfa_2u(
    verapdf_2u: dict[Path, Verdict], packed: Path
) -> None:
    verdicts = {**verapdf_2u, **verapdf("2u", [packed])}
    failed = {p.name: v.failed for p, v in verdicts.items() if not v.compliant}
    assert not failed, failed


def test_the_pack_conforms_to_pdf_ua1(packed: Path) -> None:
    verdict = verapdf("ua1", [packed])[packed]
    assert verdict.compliant, verdict.failed


def test_the_pack_describes_itself_in_xmp_with_both_claims(packed: Path) -> None:
    with pikepdf.open(packed) as pdf:
        root = _xmp(pdf)
        assert _one(root, "dc:title/rdf:Alt/rdf:li") == str(pdf.docinfo["/Title"])
        assert _one(root, "xmp:CreateDate") == "2000-01-01T00:00:00+00:00"
        assert _one(root, "pdfaid:part") == "2"
        assert _one(root, "pdfuaid:part") == "1"
        langs = [str(doc.Lang) for doc in pdf.Root.StructTreeRoot.K]
        assert langs == ["en", "en", "ru", "ru", "en", "en"]  # each copy in its own language
        assert str(pdf.Root.Lang) == _one(root, "dc:language/rdf:Bag/rdf:li") == "en"
        assert pdf.Root.OutputIntents[0].DestOutputProfile.read_bytes() == archival.srgb_profile()


def _xmp(pdf: pikepdf.Pdf) -> ET.Element:
    meta = pdf.Root.Metadata
    assert meta.Type == "/Metadata" and meta.Subtype == "/XML"
    assert "/Filter" not in meta  # readable by any tool that looks for the packet
    return ET.fromstring(meta.read_bytes())


def _one(root: ET.Element, path: str) -> str:
    found = root.findall(".//" + path, NS)
    assert len(found) == 1, path
    return found[0].text or ""


def test_xmp_says_what_the_info_dictionary_says(matrix: list[Path]) -> None:
    for path in matrix:
        with pikepdf.open(path) as pdf:
            info, root = pdf.docinfo, _xmp(pdf)
            assert _one(root, "dc:title/rdf:Alt/rdf:li") == str(info["/Title"])
            assert _one(root, "dc:description/rdf:Alt/rdf:li") == str(info["/Subject"])
            assert _one(root, "pdf:Keywords") == str(info["/Keywords"])
            assert _one(root, "pdf:Producer") == str(info["/Producer"])
            assert _one(root, "xmp:CreatorTool") == str(info["/Creator"])
            assert _one(root, "dc:language/rdf:Bag/rdf:li") == str(pdf.Root.Lang)
            authors = root.findall(".//dc:creator/rdf:Seq/rdf:li", NS)
            assert [a.text for a in authors] == ([str(info["/Author"])] if info["/Author"] else [])
            assert _one(root, "pdfaid:part") == "2"
            assert _one(root, "pdfaid:conformance") == "U"
            assert _one(root, "pdfuaid:part") == "1"
    with pikepdf.open(matrix[-1]) as pdf:  # example-clinic: the author is the clinic
        assert _one(_xmp(pdf), "dc:creator/rdf:Seq/rdf:li") == "Example Family Clinic"


def test_xmp_dates_follow_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    path = _render(tmp_path, "dated", content_yaml(), Style())
    with pikepdf.open(path) as pdf:
        root = _xmp(pdf)
        assert str(pdf.docinfo["/CreationDate"]) == "D:20260101000000+00'00'"
        for key in ("xmp:CreateDate", "xmp:ModifyDate"):
            assert _one(root, key) == "2026-01-01T00:00:00+00:00"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    with pikepdf.open(_render(tmp_path, "undated", content_yaml(), Style())) as pdf:
        assert _one(_xmp(pdf), "xmp:CreateDate") == "2000-01-01T00:00:00+00:00"


def test_xml_special_characters_in_the_title_are_escaped(tmp_path: Path) -> None:
    title = "Salt & pepper <and> \"quotes\" vs. 'apostrophes'"
    path = _render(tmp_path, "escaped", content_yaml(title=title), Style())
    with pikepdf.open(path) as pdf:
        assert _one(_xmp(pdf), "dc:title/rdf:Alt/rdf:li") == title


def test_srgb_output_intent_with_a_fixed_profile(matrix: list[Path]) -> None:
    with pikepdf.open(matrix[0]) as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        assert str(intent.OutputConditionIdentifier) == archival.OUTPUT_CONDITION
        profile = intent.DestOutputProfile
        assert profile.N == 3
        data = profile.read_bytes()
    assert data == archival.PROFILE.read_bytes()
    assert struct.unpack(">I", data[:4])[0] == len(data)
    assert data[12:24] == b"mntrRGB XYZ "
    assert struct.unpack(">6H", data[24:36]) == (2026, 12, 1, 0, 0, 0)  # no build clock
    from PIL import ImageCms

    profile_obj = ImageCms.ImageCmsProfile(io.BytesIO(data))
    assert ImageCms.getProfileDescription(profile_obj).strip() == "sRGB built-in"


def test_every_stream_ends_with_an_eol_before_endstream(matrix: list[Path]) -> None:
    for path in matrix[:2]:
        raw = path.read_bytes()
        assert raw.count(b"endstream") == raw.count(b"\nendstream\n")
        assert b"\nstream\n" in raw


def test_pages_with_the_logo_have_a_transparency_group(
    conformance_pdfs: dict[str, Path],
) -> None:
    with pikepdf.open(conformance_pdfs["logo-no-alt"]) as pdf:
        for page in pdf.pages:
            assert page.Group.S == "/Transparency" and page.Group.CS == "/DeviceRGB"
    with pikepdf.open(conformance_pdfs["shipped-default-letter"]) as pdf:  # no image, no group
        assert all("/Group" not in page.obj for page in pdf.pages)


def test_no_encryption(matrix: list[Path]) -> None:
    for path in matrix:
        with pikepdf.open(path) as pdf:
            assert not pdf.is_encrypted and "/Encrypt" not in pdf.trailer


def test_document_ids_are_deterministic_and_differ_between_handouts(
    matrix: list[Path], tmp_path: Path
) -> None:
    ids = []
    for path in matrix:
        with pikepdf.open(path) as pdf:
            first, second = (bytes(x) for x in pdf.trailer.ID)
            assert first == second and len(first) == 16
            ids.append(first)
    assert len(set(ids)) == len(ids)
    again = _render(tmp_path, "again", None, style_mod.resolve("default").with_paper("letter"))
    assert again.read_bytes() == matrix[0].read_bytes()
    again = _render(tmp_path, "scripts-again", cases.scripts(), Style())  # fallback fonts
    assert again.read_bytes() == next(p for p in matrix if p.stem == "scripts").read_bytes()


def test_fonts_have_complete_tounicode_maps(conformance_pdfs: dict[str, Path]) -> None:
    """Every code a font uses maps to a real character: not U+0000, not private use."""
    cases = ("shipped-default-letter", "four-items", "long-table", "scripts", "logo-no-alt")
    for path in (conformance_pdfs[name] for name in cases):
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                for _, font in page.Resources.Font.items():
                    cmap = font.ToUnicode.read_bytes().decode("latin-1")
                    targets = [int(t, 16) for t in _targets(cmap)]
                    assert targets, font.BaseFont
                    bad = [hex(t) for t in targets if t == 0 or 0xE000 <= t <= 0xF8FF]
                    assert not bad, (path.name, str(font.BaseFont), bad)


def _targets(cmap: str) -> list[str]:
    """The Unicode values a ToUnicode CMap maps codes to (bfchar and bfrange)."""
    import re

    out = []
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        out += re.findall(r"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", block)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        out += re.findall(r"<[0-9A-Fa-f]+>\s*<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", block)
    return out


def test_tounicode_leaves_unused_codes_out_and_writes_surrogate_pairs() -> None:
    from handout.pdf import subsets

    subset = [0, *([0] * 31), *range(32, 300), 0x1D465]  # .notdef, unused, 268 chars, 𝑥
    cmap = subsets._to_unicode_cmap("AAAAAA+Test", subset)
    targets = _targets(cmap)
    assert len(targets) == 269 and "0000" not in targets
    assert targets[-1] == "D835DC65"
    import re

    counts = [int(n) for n in re.findall(r"(\d+) beginbfchar", cmap)]
    assert counts == [100, 100, 69]


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "99999999999999", "１２"])
def test_a_bad_source_date_epoch_is_refused_clearly(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from handout.cli import cli

    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    result = CliRunner().invoke(cli, ["build", str(SHIPPED), "-o", str(tmp_path / "h.pdf")])
    assert result.exit_code == 2, result.output
    assert "SOURCE_DATE_EPOCH" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "h.pdf").exists()
