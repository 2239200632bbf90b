"""The same handout written as a plain ReportLab platypus script, for comparison.

What anyone would write in an afternoon: the Atkinson Hyperlegible TTFs embedded,
markup paragraphs (text escaped into ReportLab's mini-HTML), a boxed summary, a
striped table, sections with their key point, and a page-number footer.  None of
handout's features (fallback fonts, glyph checks, column sizing, "Page N of M",
widow control, atomic writes).  Run alone: ``python -m bench.plain_reportlab IN.yaml OUT.pdf``.
"""

from __future__ import annotations

import io
import re
import sys
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from handout.model.blocks import texts
from handout.model.content import Handout

FACES = {
    "Atkinson": "Regular",
    "Atkinson-Bold": "Bold",
    "Atkinson-Italic": "Italic",
    "Atkinson-BoldItalic": "BoldItalic",
}
BLUE, MARGIN = colors.HexColor("#1F4E79"), 54


def register_fonts() -> None:
    import fontpkg

    folder = fontpkg.path("Atkinson Hyperlegible", 400, "normal").parent
    for name, face in FACES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / f"AtkinsonHyperlegible-{face}.ttf")))
    pdfmetrics.registerFontFamily(
        "Atkinson", normal="Atkinson", bold="Atkinson-Bold",
        italic="Atkinson-Italic", boldItalic="Atkinson-BoldItalic",
    )  # fmt: skip


def style(name: str, size: float, font: str = "Atkinson", **kw: object) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.35, **kw)


BODY, CELL, SMALL = style("body", 12, spaceAfter=7), style("cell", 11), style("small", 9)
TITLE = style("title", 22, textColor=BLUE, font="Atkinson-Bold")
TH = style("th", 11, font="Atkinson-Bold", textColor=colors.white)
HEAD = style("head", 15, textColor=BLUE, font="Atkinson-Bold", spaceBefore=8, spaceAfter=4)


def md(text: str) -> str:
    """Escape for ReportLab markup, then turn **bold** and *italic* into tags."""
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(text))
    return re.sub(r"\*(.+?)\*", r"<i>\1</i>", text)


def boxed(flowables: list[object], fill: str, line: str, width: float) -> Table:
    return Table([[flowables]], colWidths=[width], style=[
        ("FONTNAME", (0, 0), (-1, -1), "Atkinson"),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(fill)),
        ("BOX", (0, 0), (-1, -1), 1, colors.HexColor(line)),
        ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
    ])  # fmt: skip


def story(h: Handout, width: float) -> list[object]:
    out: list[object] = [Paragraph(md(h.title), TITLE), Paragraph(md(h.subtitle or ""), BODY)]
    out.append(
        boxed([Paragraph(md(p), BODY) for p in texts(h.summary)], "#EAF2FA", "#1F4E79", width)
    )
    rows = [["", *h.items]] + [
        [r.attribute, *(" ".join(texts(v)) for v in r.values)] for r in h.comparison
    ]
    cells = [[Paragraph(md(c), TH if i == 0 else CELL) for c in row] for i, row in enumerate(rows)]
    out += [Spacer(1, 12), Table(cells, repeatRows=1, style=TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), "Atkinson"), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), BLUE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F5F8")]),
        ("GRID", (0, 0), (-1, -1), 0.75, colors.HexColor("#9AA5B1")),
    ]))]  # fmt: skip
    for s in h.sections:
        out.append(Paragraph(md(s.heading), HEAD))
        if s.summary:
            key = Paragraph("<b>Key point</b><br/>" + md(" ".join(texts(s.summary))), BODY)
            out.append(boxed([key], "#FFF4D6", "#C98A00", width))
        out += [Paragraph(md(p), BODY) for p in texts(s.body)]
    out.append(Paragraph(md(h.disclaimer or ""), SMALL))
    return out


def render(h: Handout) -> bytes:
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=letter, title=h.title, invariant=1, initialFontName="Atkinson",
        leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN + 20,
    )  # fmt: skip
    footer = " \u00b7 ".join(x for x in (h.meta.id, h.meta.version) if x)

    def on_page(canvas: object, document: object) -> None:
        canvas.setFont("Atkinson", 9)  # type: ignore[attr-defined]
        canvas.drawString(MARGIN, MARGIN, footer)  # type: ignore[attr-defined]
        page = f"Page {document.page}"  # type: ignore[attr-defined]
        canvas.drawRightString(letter[0] - MARGIN, MARGIN, page)  # type: ignore[attr-defined]

    doc.build(story(h, doc.width), onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


if __name__ == "__main__":
    from pathlib import Path

    from handout.model import content

    register_fonts()
    Path(sys.argv[2]).write_bytes(render(content.load(Path(sys.argv[1]))))
