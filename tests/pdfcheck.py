"""Helpers for tests that open the PDFs the tool wrote."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
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


# --- tagged PDF: the structure tree and the text of its marked content -------------------


@dataclass
class Elem:
    """A structure element: its type, attributes, ``/Alt``, and kids in order.

    Kids are elements and ``(page, mcid)`` marks (page numbered from 1).
    """

    role: str
    attrs: dict[str, str]
    alt: str | None
    ref: tuple[int, int]
    """The element's object number and generation."""
    kids: list[Elem | tuple[int, int]] = field(default_factory=list)
    objrs: list[tuple[int, int]] = field(default_factory=list)
    """The annotations (object number and generation) the element owns (``OBJR``)."""

    def walk(self) -> list[Elem]:
        out = [self]
        for kid in self.kids:
            if isinstance(kid, Elem):
                out += kid.walk()
        return out

    def marks(self) -> list[tuple[int, int]]:
        """Every mark under this element, in reading order."""
        out: list[tuple[int, int]] = []
        for kid in self.kids:
            out += kid.marks() if isinstance(kid, Elem) else [kid]
        return out

    def find(self, role: str) -> list[Elem]:
        return [e for e in self.walk() if e.role == role]


@dataclass
class Tagged:
    """What a tagged PDF says: its tree, each page's ParentTree and the marked text."""

    root: Elem
    parents: dict[int, Any]
    """For each ParentTree key, the element (its ``ref``) of each MCID of a page, or the
    element of an annotation."""
    struct_parents: dict[int, int]
    texts: dict[tuple[int, int], str]
    """The text each marked-content sequence draws (``/ActualText`` where given)."""
    used: dict[int, list[int]]
    """For each page, the MCIDs its content uses, in content order."""
    untagged: list[tuple[int, str]]
    """Content neither in a marked sequence with an MCID nor in an artifact."""
    artifact_text: str

    def text(self, elem: Elem | None = None) -> str:
        """The text of ``elem`` (the whole tree by default), read in order."""
        marks = (elem or self.root).marks()
        return " ".join(" ".join(self.texts.get(m, "") for m in marks).split())


def tagged(data: bytes | Path) -> Tagged:
    """Read the structure tree and the marked content of a PDF."""
    with pikepdf.open(source(data)) as pdf:
        numbers = {p.objgen: n for n, p in enumerate(pdf.pages, 1)}
        tree = pdf.Root.StructTreeRoot
        root = _elem(tree.K, numbers, None)
        nums = list(tree.ParentTree.Nums)
        parents = {
            int(nums[i]): (
                [e.objgen for e in nums[i + 1]]
                if isinstance(nums[i + 1], pikepdf.Array)
                else nums[i + 1].objgen  # an annotation's element
            )
            for i in range(0, len(nums), 2)
        }
        struct_parents = {n: int(p.obj.StructParents) for n, p in enumerate(pdf.pages, 1)}
    texts, used, untagged, artifacts = _marked_text(data)
    return Tagged(root, parents, struct_parents, texts, used, untagged, artifacts)


def documents(path: Path) -> list[tuple[Elem, str]]:
    """Each element under the structure tree root, with the text it marks, in order.

    A print pack has one per copy; a handout, one.
    """
    with pikepdf.open(path) as pdf:
        numbers = {p.objgen: n for n, p in enumerate(pdf.pages, 1)}
        top = pdf.Root.StructTreeRoot.K
        roots = [
            _elem(e, numbers, None) for e in (top if isinstance(top, pikepdf.Array) else [top])
        ]
    texts = _marked_text(path)[0]
    return [(r, " ".join(" ".join(texts.get(m, "") for m in r.marks()).split())) for r in roots]


def _elem(obj: Any, numbers: dict[tuple[int, int], int], page: int | None) -> Elem:
    if "/Pg" in obj:
        page = numbers[obj.Pg.objgen]
    attrs = {}
    if "/A" in obj:
        attrs = {str(k): _plain(v) for k, v in obj.A.items()}
    alt = str(obj.Alt) if "/Alt" in obj else None
    elem = Elem(str(obj.S).lstrip("/"), attrs, alt, obj.objgen)
    kids = obj.K if isinstance(obj.K, pikepdf.Array) else [obj.K]
    for kid in kids:
        if isinstance(kid, int):
            assert page is not None
            elem.kids.append((page, int(kid)))
        elif kid.get("/Type") == "/MCR":
            elem.kids.append((numbers[kid.Pg.objgen], int(kid.MCID)))
        elif kid.get("/Type") == "/OBJR":
            elem.objrs.append(kid.Obj.objgen)
        else:
            elem.kids.append(_elem(kid, numbers, page))
    return elem


def _plain(value: Any) -> str:
    if isinstance(value, pikepdf.Array):
        return " ".join(_plain(v) for v in value)
    return str(value)


def _marked_text(
    data: bytes | Path,
) -> tuple[dict[tuple[int, int], str], dict[int, list[int]], list[tuple[int, str]], str]:
    from pdfminer.pdfdevice import PDFTextDevice
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.utils import decode_text

    class Marks(PDFTextDevice):  # type: ignore[misc]
        """Text by MCID: a space where a new line starts, ``/ActualText`` for what it covers."""

        def __init__(self, rsrc: Any) -> None:
            super().__init__(rsrc)
            self.page = 0
            self.stack: list[tuple[str, dict[str, Any]]] = []
            self.texts: dict[tuple[int, int], list[str]] = {}
            self.used: dict[int, list[int]] = {}
            self.untagged: list[tuple[int, str]] = []
            self.artifacts: list[str] = []
            self.last_y: float | None = None
            self.pending: str | None = None

        def begin_tag(self, tag: Any, props: Any = None) -> None:
            props = props if isinstance(props, dict) else {}
            self.stack.append((tag.name, props))
            if "MCID" in props:
                self.used.setdefault(self.page, []).append(props["MCID"])
                self.last_y = None
            if "ActualText" in props and not self._replaced(skip_last=True):
                # read at its first character: a span that starts a line follows a space
                self.pending = decode_text(props["ActualText"])

        def end_tag(self) -> None:
            if self.pending is not None:  # a span that drew nothing
                self._add(self.pending)
                self.pending = None
            self.stack.pop()

        def _mark(self) -> tuple[int, int] | None:
            for _, props in reversed(self.stack):
                if "MCID" in props:
                    return (self.page, props["MCID"])
            return None

        def _artifact(self) -> bool:
            return any(tag == "Artifact" for tag, _ in self.stack)

        def _replaced(self, skip_last: bool = False) -> bool:
            stack = self.stack[:-1] if skip_last else self.stack
            return any("ActualText" in props for _, props in stack)

        def _add(self, text: str) -> None:
            mark = self._mark()
            if self._artifact():
                self.artifacts.append(text)
            elif mark is None:
                self.untagged.append((self.page, text))
            else:
                self.texts.setdefault(mark, []).append(text)

        def render_char(self, matrix: Any, font: Any, fontsize: float, scaling: float,
                        rise: float, cid: int, ncs: Any, graphicstate: Any) -> float:  # fmt: skip
            y = matrix[5]
            if self.last_y is not None and abs(y - self.last_y) > 0.01:
                self._add(" ")
            self.last_y = y
            if self.pending is not None:
                self._add(self.pending)
                self.pending = None
            if not self._replaced():
                try:
                    self._add(font.to_unichr(cid))
                except Exception:  # noqa: BLE001 - an unmapped glyph reads as nothing
                    self._add("\ufffd")
            return float(font.char_width(cid) * fontsize * scaling)

        def paint_path(self, graphicstate: Any, stroke: Any, fill: Any, evenodd: Any,
                       path: Any) -> None:  # fmt: skip
            if self._mark() is None and not self._artifact():
                self.untagged.append((self.page, "path"))

        def render_image(self, name: str, stream: Any) -> None:
            if self._mark() is None and not self._artifact():
                self.untagged.append((self.page, "image"))

    rsrc = PDFResourceManager()
    device = Marks(rsrc)
    interp = PDFPageInterpreter(rsrc, device)
    fh = io.BytesIO(data) if isinstance(data, bytes) else open(data, "rb")  # noqa: SIM115
    with fh:
        for n, page in enumerate(PDFPage.get_pages(fh), 1):
            device.page = n
            device.last_y = None
            interp.process_page(page)
    texts = {k: "".join(v) for k, v in device.texts.items()}
    return texts, device.used, device.untagged, "".join(device.artifacts)
