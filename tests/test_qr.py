"""The QR code to ``meta.url`` on paper: decoded from a rendered page, inside the margins."""

from __future__ import annotations

import io
import shutil
import subprocess
import time
from pathlib import Path

import pikepdf
import pytest
from pdfcheck import boxes, content_yaml, page_texts
from tools import need

from handout.jobs import build
from handout.model import content, style
from handout.model.stylemodel import Style
from handout.pdf import qr

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"
URL = "https://example.org/handouts/msk-014"


def with_url(tmp_path: Path, url: str = URL) -> content.Handout:
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "  source: Comparison", f"  url: {url}\n  source: Comparison"
    )
    src = tmp_path / "h.yaml"
    src.write_text(text, encoding="utf-8")
    return content.load(src)


def decode(pdf: bytes, tmp_path: Path, page: int) -> list[str]:
    """Texts of the QR codes found on an image of ``page`` (from 1), as a phone would."""
    try:
        import zxingcpp
    except ImportError:
        need("zxing-cpp (pip install -e '.[test]')", False)
        raise
    from PIL import Image

    need("pdftoppm (poppler-utils)", shutil.which("pdftoppm") is not None)
    path = tmp_path / "page.pdf"
    path.write_bytes(pdf)
    prefix = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", str(page), "-l", str(page), "-singlefile"]
        + [str(path), str(prefix)],
        check=True,
    )
    image = Image.open(f"{prefix}.png")
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


@pytest.mark.parametrize("name", ["default", "large-print", "grayscale", "example-clinic"])
def test_the_code_on_page_1_decodes_to_the_url_and_stays_inside_the_margins(
    tmp_path: Path, name: str
) -> None:
    resolved = style.resolve(name)
    pdf, pages = build.render(with_url(tmp_path), resolved)
    assert decode(pdf, tmp_path, 1) == [URL]
    assert all(decode(pdf, tmp_path, p) == [] for p in range(2, pages + 1))
    first = page_texts(pdf)[0]
    assert "Read this online or in another language" in first
    assert "example.org/handouts/msk-014" in "".join(first.split())  # may wrap after a /
    m = resolved.page
    for _, width, height, objs in boxes(pdf):
        for o in objs:
            assert m.margin_left - 0.01 <= o["x0"] and o["x1"] <= width - m.margin_right + 0.01
            assert (
                m.margin_top - 0.01 <= o["top"] and o["bottom"] <= height - m.margin_bottom + 0.01
            )


def test_in_the_footer_the_code_is_on_every_page(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("extends: example-clinic\nqr: {place: footer}\n", encoding="utf-8")
    resolved = style.resolve(path)
    pdf, pages = build.render(with_url(tmp_path), resolved)
    assert pages >= 2
    for p in range(1, pages + 1):
        assert decode(pdf, tmp_path, p) == [URL], p
    texts = page_texts(pdf)
    assert all(
        "Read this online" in t and f"Page {i} of {pages}" in t for i, t in enumerate(texts, 1)
    )
    m = resolved.page
    for _, width, height, objs in boxes(pdf):
        for o in objs:
            assert m.margin_left - 0.01 <= o["x0"] and o["x1"] <= width - m.margin_right + 0.01
            assert o["bottom"] <= height - m.margin_bottom + 0.01


def test_no_code_without_a_url_or_when_the_style_says_none(tmp_path: Path) -> None:
    plain, _ = build.render(content.load(SHIPPED), Style())
    assert decode(plain, tmp_path, 1) == []
    assert "Read this online" not in page_texts(plain)[0]
    path = tmp_path / "s.yaml"
    path.write_text("qr: {place: none}\n", encoding="utf-8")
    off, _ = build.render(with_url(tmp_path), style.resolve(path))
    assert decode(off, tmp_path, 1) == []
    assert "Read this online" not in page_texts(off)[0]


def test_the_code_is_vector_shapes_not_an_image(tmp_path: Path) -> None:
    pdf, _ = build.render(with_url(tmp_path), Style())
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        assert not page.get_images(), "the QR code must not be a bitmap"
        ops = [op for _, op in pikepdf.parse_content_stream(page)]
    runs = len(qr.modules(URL))
    assert ops.count(pikepdf.Operator("re")) >= runs  # one rectangle per run of dark modules


def test_drawing_the_code_is_cheap() -> None:
    """Far from the 26 ms ReportLab's barcode widget takes; best of 20, so that other
    work on the machine does not count."""
    from reportlab.pdfgen.canvas import Canvas

    qr.modules(URL)
    best = 1.0
    for _ in range(20):
        canvas = Canvas(io.BytesIO())
        start = time.perf_counter()
        qr.draw(canvas, URL, 0, 0)
        best = min(best, time.perf_counter() - start)
    assert best < 0.002, f"{best * 1000:.2f} ms"


def test_a_page_with_the_code_is_still_pdf_a_2u(tmp_path: Path) -> None:
    from tools import verapdf

    footer = tmp_path / "s.yaml"
    footer.write_text("extends: grayscale\nqr: {place: footer}\n", encoding="utf-8")
    paths = []
    for name, resolved in (("first", Style()), ("footer", style.resolve(footer))):
        pdf, _ = build.render(with_url(tmp_path), resolved)
        paths.append(tmp_path / f"{name}.pdf")
        paths[-1].write_bytes(pdf)
    verdicts = verapdf("2u", paths)
    assert all(v.compliant for v in verdicts.values()), verdicts


def test_a_title_too_long_to_sit_beside_the_code_puts_the_code_under_it(tmp_path: Path) -> None:
    text = content_yaml(title="Word " * 300, meta={"url": URL})
    src = tmp_path / "long.yaml"
    src.write_text(text, encoding="utf-8")
    pdf, pages = build.render(content.load(src), Style())
    found = [p for p in range(1, pages + 1) if decode(pdf, tmp_path, p) == [URL]]
    assert len(found) == 1


def test_on_a_narrow_page_in_large_print_the_code_still_fits(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        "extends: large-print\npage: {size: [3.5in, 6in], margins: 0.25in}\n", encoding="utf-8"
    )
    resolved = style.resolve(path)
    src = tmp_path / "short.yaml"
    src.write_text(content_yaml(title="Flu", meta={"url": URL}), encoding="utf-8")
    pdf, _ = build.render(content.load(src), resolved)
    assert decode(pdf, tmp_path, 1) == [URL]
    m = resolved.page
    for _, width, _, objs in boxes(pdf):
        for o in objs:
            assert m.margin_left - 0.01 <= o["x0"] and o["x1"] <= width - m.margin_right + 0.01
