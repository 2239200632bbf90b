"""What print rooms need of a handout: greys in black ink only, subset names that cannot
be mixed up, and page boxes that say where the page is."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from pdfcheck import content_yaml
from tools import ghostscript

from handout.jobs import build
from handout.model import content
from handout.model import style as style_mod
from handout.model.stylemodel import Style
from handout.pdf import gray, subsets

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"
STYLES = ("default", "large-print", "grayscale", "example-clinic")
COLOUR_OPERATORS = {"rg", "RG", "k", "K", "sc", "SC", "scn", "SCN", "cs", "CS"}

GRAY_CLINIC = """\
name: gray-clinic
extends: {clinic}
colors: {{primary: "#000000", text: "#000000", muted: "#404040", rule: "#000000"}}
summary_box: {{background: "#F0F0F0", border: "#000000"}}
table: {{header_background: "#D0D0D0", header_text: "#000000", stripe: "#F2F2F2", grid: "#404040"}}
sections: {{summary_background: "#F0F0F0", summary_border: "#000000"}}
"""


def _render(path: Path, style: Style, source: Path = SHIPPED, draft: bool = False) -> Path:
    data, _ = build.render(content.load(source), style, draft=draft)
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def gray_pdfs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every grayscale handout: the bundled style on both papers and as a draft, and the
    example clinic's colour logo under a style that extends it with grey colours only."""
    tmp = tmp_path_factory.mktemp("gray")
    clinic = style_mod.bundled_dir() / "example-clinic.yaml"
    sheet = tmp / "gray-clinic.yaml"
    sheet.write_text(GRAY_CLINIC.format(clinic=clinic), encoding="utf-8")
    styles = {
        "grayscale-letter": style_mod.resolve("grayscale"),
        "grayscale-a4": style_mod.resolve("grayscale").with_paper("a4"),
        "gray-clinic": style_mod.resolve(str(sheet)),
    }
    assert styles["gray-clinic"].clinic.logo is not None
    pdfs = [_render(tmp / f"{name}.pdf", s) for name, s in styles.items()]
    # A draft's mark is grey at partial opacity: blended in grey too.
    draft = _render(tmp / "grayscale-draft.pdf", styles["grayscale-letter"], draft=True)
    return [draft, *pdfs]


def _inkcov(path: Path) -> list[tuple[float, float, float, float]]:
    done = subprocess.run(
        [ghostscript(), "-q", "-o", "-", "-sDEVICE=inkcov", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [
        (float(c), float(m), float(y), float(k))
        for c, m, y, k, *_ in (line.split() for line in done.stdout.splitlines() if "CMYK" in line)
    ]


def test_grayscale_handouts_print_with_black_ink_only(gray_pdfs: list[Path]) -> None:
    for path in gray_pdfs:
        pages = _inkcov(path)
        assert len(pages) >= 3, path.name
        for number, (c, m, y, k) in enumerate(pages, 1):
            assert (c, m, y) == (0, 0, 0), (path.name, number, c, m, y)
            assert k > 0.01, (path.name, number)


def _operators(page: pikepdf.Page) -> list[tuple[str, list[object]]]:
    return [(str(op), list(args)) for args, op in pikepdf.parse_content_stream(page)]


def test_grayscale_handouts_hold_no_rgb_or_cmyk_colour(gray_pdfs: list[Path]) -> None:
    for path in gray_pdfs:
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                used = {op for op, _ in _operators(page)}
                assert not used & COLOUR_OPERATORS, (path.name, used & COLOUR_OPERATORS)
                assert {"g", "G"} <= used
                for image in _images(page):
                    assert image.ColorSpace == "/DeviceGray", path.name
                    if "/SMask" in image:
                        assert image.SMask.ColorSpace == "/DeviceGray"
                if "/Group" in page.obj:
                    assert page.Group.CS == "/DeviceGray"
    with pikepdf.open(gray_pdfs[-1]) as pdf:  # the clinic's colour logo, in grey
        assert all(len(_images(page)) == 1 for page in pdf.pages)


def _images(page: pikepdf.Page) -> list[pikepdf.Stream]:
    xobjects = page.Resources.get("/XObject", {})
    return [x for _, x in xobjects.items() if x.Subtype == "/Image"]


@pytest.mark.parametrize("name", STYLES)
def test_every_neutral_colour_is_written_in_gray(name: str, tmp_path: Path) -> None:
    path = _render(tmp_path / f"{name}.pdf", style_mod.resolve(name))
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            ops = _operators(page)
            for op, args in ops:
                if op in ("rg", "RG"):
                    assert len({float(a) for a in args}) > 1, (name, op, args)  # type: ignore[arg-type]
            assert any(op in ("g", "G") for op, _ in ops)
    assert gray.is_gray(style_mod.resolve(name)) == (name == "grayscale")


def test_a_colour_is_still_written_in_rgb() -> None:
    from reportlab.lib.colors import HexColor

    assert gray.level(HexColor("#1F4E79")) is None
    assert gray.level(HexColor("#404040")) == pytest.approx(0x40 / 255)
    assert gray.level((1, 1, 1)) == 1.0


def _subset_fonts(path: Path) -> dict[str, bytes]:
    """Subset name -> font program, for every font the pages use."""
    with pikepdf.open(path) as pdf:
        return {
            str(font.BaseFont)[1:]: font.FontDescriptor.FontFile2.read_bytes()
            for page in pdf.pages
            for _, font in page.Resources.Font.items()
        }


def test_subsets_are_named_by_what_they_contain(tmp_path: Path) -> None:
    # A few words in other scripts among English ones: drawn a word at a time in the
    # fallback (a handout mostly in those scripts would be set wholly in it).
    text = "Café naïve — “quoted” Мышца Η μυϊκή cơ bắp. " + "Plain words about both. " * 20
    src = tmp_path / "a.yaml"
    src.write_text(content_yaml(summary=text), encoding="utf-8")
    a = _subset_fonts(_render(tmp_path / "a.pdf", Style(), src))
    assert len(a) >= 3  # bold and regular, and a fallback font
    tags = [name[:7] for name in a]
    assert len(set(tags)) == len(tags)  # each subset a tag of its own
    for name, program in a.items():
        assert name[:7] == subsets.subset_tag(program) and name[:6].isalpha()
    # Other text, other subsets, other names; the same text, the same names.
    src.write_text(content_yaml(summary="Déjà vu — résumé"), encoding="utf-8")
    b = _subset_fonts(_render(tmp_path / "b.pdf", Style(), src))
    regular = [n for n in a if n.endswith("AtkinsonHyperlegible-Regular")]
    assert regular and set(regular).isdisjoint(b)
    assert _subset_fonts(tmp_path / "a.pdf") == a


@pytest.mark.parametrize(
    "numbers",
    [[], [500], list(range(10)), list(range(11)), [600.5, 0, 1e-7, 333.3333, -2] * 60],
)
def test_a_subsets_widths_are_written_as_reportlab_writes_them(numbers: list[float]) -> None:
    """Ten numbers to a line, each as ReportLab formats a number (``subsets._Widths``)."""
    from reportlab.pdfbase import pdfdoc

    doc = pdfdoc.PDFDocument()
    assert subsets._Widths(numbers).format(doc) == pdfdoc.PDFArray(numbers).format(doc)


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("name", STYLES)
def test_trim_and_bleed_boxes_are_the_page(name: str, paper: str, tmp_path: Path) -> None:
    path = _render(tmp_path / "h.pdf", style_mod.resolve(name).with_paper(paper))
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            media = [float(v) for v in page.MediaBox]
            assert [float(v) for v in page.TrimBox] == media
            assert [float(v) for v in page.BleedBox] == media
