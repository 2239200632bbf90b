"""Helpers for tests that open the PDFs the tool wrote."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf
import yaml
from pypdf import PdfReader

STANDARD_14 = {
    "Courier",
    "Courier-Bold",
    "Courier-Oblique",
    "Courier-BoldOblique",
    "Helvetica",
    "Helvetica-Bold",
    "Helvetica-Oblique",
    "Helvetica-BoldOblique",
    "Times-Roman",
    "Times-Bold",
    "Times-Italic",
    "Times-BoldItalic",
    "Symbol",
    "ZapfDingbats",
}


def source(data: bytes | Path) -> Any:
    return io.BytesIO(data) if isinstance(data, bytes) else data


def text(data: bytes | Path) -> str:
    """All text of the PDF, whitespace folded to single spaces."""
    reader = PdfReader(source(data))
    raw = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(raw.split())


def page_texts(data: bytes | Path) -> list[str]:
    reader = PdfReader(source(data))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def fonts(data: bytes | Path) -> list[tuple[str, bool]]:
    """(BaseFont, embedded) of every font any page uses."""
    out = []
    with pikepdf.open(source(data)) as pdf:
        for page in pdf.pages:
            res = page.obj.get("/Resources", {})
            for _, font in res.get("/Font", {}).items():
                desc = font.get("/FontDescriptor")
                if desc is None and "/DescendantFonts" in font:
                    desc = font.DescendantFonts[0].get("/FontDescriptor")
                embedded = desc is not None and any(
                    k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                out.append((str(font.BaseFont).lstrip("/"), embedded))
    return out


def base_name(font: str) -> str:
    return re.sub(r"^[A-Z]{6}\+", "", font)


def boxes(data: bytes | Path) -> list[tuple[int, float, float, list[dict[str, Any]]]]:
    """(page number, width, height, chars+rects+lines+images) for each page."""
    out = []
    with pdfplumber.open(source(data)) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            objs = page.chars + page.rects + page.lines + page.images
            out.append((n, float(page.width), float(page.height), objs))
    return out


def content_yaml(**fields: Any) -> str:
    """A valid content file, with ``fields`` replacing the defaults."""
    doc: dict[str, Any] = {
        "title": "Alpha vs. Beta",
        "items": ["Alpha", "Beta"],
        "summary": "Alpha and beta are two things.",
        "comparison": [{"attribute": "Cause", "values": ["One thing", "Another thing"]}],
        "sections": [{"heading": "Causes", "summary": "A key point.", "body": "Some body text."}],
    }
    doc.update(fields)
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True)


def outside_margins(data: bytes, page: Any) -> list[tuple[int, dict[str, Any]]]:
    """Everything drawn outside the margins of ``page`` (a style's ``Page``), with its page."""
    out = []
    for n, width, height, objs in boxes(data):
        for o in objs:
            if (
                o["x0"] < page.margin_left - 0.01
                or o["x1"] > width - page.margin_right + 0.01
                or o["top"] < page.margin_top - 0.01
                or o["bottom"] > height - page.margin_bottom + 0.01
            ):
                out.append((n, o))
    return out


def overlapping_lines(data: bytes) -> list[int]:
    """Pages on which two lines of text overlap (the check of ``test_build``)."""
    bad = []
    for page, _, _, objs in boxes(data):
        chars = [o for o in objs if o.get("object_type") == "char" and o["text"].strip()]
        lines: dict[float, list[dict[str, Any]]] = {}
        for c in chars:
            lines.setdefault(round(c["bottom"], 1), []).append(c)
        spans = sorted(
            (min(c["x0"] for c in cs), max(c["x1"] for c in cs), b - cs[0]["size"] * 0.7, b)
            for b, cs in lines.items()
        )
        for i, (x0, x1, top, bottom) in enumerate(spans):
            for a0, a1, atop, abottom in spans[i + 1 :]:
                overlap_x = min(x1, a1) > max(x0, a0)
                overlap_y = min(bottom, abottom) > max(top, atop) + 0.5
                if overlap_x and overlap_y and abs(bottom - abottom) > 0.2:
                    bad.append(page)
    return bad
