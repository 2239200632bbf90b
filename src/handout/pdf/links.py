"""Web and e-mail addresses in the PDF: link annotations, tagged as PDF/UA-1 asks.

``richtext.frags`` marks the fragments of each address (``text.addresses``; the whole
word it stands in, so that a word broken over two lines stays inside one link).
``attach`` gives each address a ``Link`` structure element.  When the paragraph
draws, ``Marker`` wraps its text object: the text is marked as the paragraph's
content, and an address's text as its ``Link``'s (the paragraph's element is then
split around it: ``P``, ``Link``, ``P``).  ReportLab asks the canvas for a link
over each line of an address (``linkURL``); ``Linking`` makes that annotation with
``/Contents`` (the address), the print flag PDF/A wants, and a place in the
structure: an object reference (``OBJR``) under the ``Link``, and the
annotation's ``/StructParent`` key in the parent tree (``Tags.write``).

Content drawn as an artifact (a repeated table header) gets no annotation: every
annotation of a PDF/UA file must be in the structure tree.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString

from . import tagging


class Href(str):
    """A link's address as ReportLab passes it to the canvas, with its ``Link`` element."""

    node: tagging.Node


def attach(frags: list[Any]) -> bool:
    """Give each address among ``frags`` a ``Link`` element; whether there is one."""
    made: dict[int, tuple[int, Href]] = {}
    for f in frags:
        if not f.link:
            continue
        n, target = f.link[0]
        if n not in made:
            href = Href(target)
            href.node = tagging.Node("Link")
            made[n] = (n, href)
        f.link = [made[n]]
    return bool(made)


def owners(para: Any) -> list[list[tagging.Node | None]]:
    """For each drawn line of ``para`` (its ``blPara``), the ``Link`` of each text run
    ReportLab writes, in order (``None``: the paragraph's own text)."""
    bl = para.blPara
    if bl.kind == 0:
        link = para.frags[0].link if para.frags else []
        node = link[0][1].node if link else None
        return [[node] for _ in bl.lines]
    return [
        [f.link[0][1].node if f.link else None for f in line.words if not hasattr(f, "cbDefn")]
        for line in bl.lines
    ]


class Marker:
    """A text object's ``_textOut`` that marks each run as its element's content."""

    def __init__(
        self, text: Any, canvas: Any, tags: tagging.Tags, para: tagging.Node, lines: list[Any]
    ) -> None:
        self.text, self.canvas, self.tags, self.para = text, canvas, tags, para
        self.lines = lines
        self.out = text._textOut
        self.line = self.run = 0
        self.open: tagging.Node | None = None
        self.get_code = text.getCode
        text._textOut = self
        text.getCode = self.close

    def __call__(self, text: str, TStar: int = 0) -> None:  # noqa: N803 - ReportLab's name
        runs = self.lines[self.line] if self.line < len(self.lines) else []
        want = (runs[self.run] if self.run < len(runs) else None) or self.para
        self.run += 1
        if text and want is not self.open:
            self._switch(want)
        self.out(text, TStar)
        if TStar:
            self.line += 1
            self.run = 0

    def _switch(self, node: tagging.Node) -> None:
        if self.open is not None:
            self.text._code.append(tagging.EMC)
            self.open = None
        if node is not self.para and node not in self.para.kids:
            self.para.kids.append(node)
        if self.tags.begin(self.canvas, node, self.text._code):
            self.open = node

    def close(self) -> str:
        """The text object's code, its last marked sequence closed."""
        if self.open is not None:
            self.text._code.append(tagging.EMC)
            self.open = None
        code: str = self.get_code()
        return code


class Linking:
    """Mixed into the canvas: a link over an address is a tagged link annotation."""

    def linkURL(  # noqa: N802 - ReportLab's name
        self, url: Any, rect: Any, relative: int = 0, *args: Any, **kwargs: Any
    ) -> None:
        node: tagging.Node | None = getattr(url, "node", None)
        tags: tagging.Tags | None = getattr(self, "_tags", None)
        if node is None or tags is None:
            super().linkURL(url, rect, relative, *args, **kwargs)  # type: ignore[misc]
            return
        if tags.quiet:
            return  # an artifact's text: no annotation outside the structure tree
        canvas: Any = self
        annotate(canvas, tags, node, str(url), canvas._absRect(rect, relative))


def annotate(canvas: Any, tags: tagging.Tags, node: tagging.Node, target: str, rect: Any) -> None:
    """A link annotation to ``target`` over ``rect`` (page space), owned by ``node``."""
    ann = PDFDictionary()
    ann["Type"] = PDFName("Annot")
    ann["Subtype"] = PDFName("Link")
    ann["Rect"] = PDFArray([round(float(v), 2) for v in rect])
    ann["Border"] = PDFArray([0, 0, 0])
    ann["F"] = 4  # printed (PDF/A), as the text under it is
    ann["Contents"] = PDFString(target.removeprefix("mailto:"))
    action = PDFDictionary()
    action["S"] = PDFName("URI")
    action["URI"] = PDFString(target)
    ann["A"] = action
    name = f"Link{len(tags.annots)}"
    canvas._addAnnotation(ann, name)
    tags.annotate(node, ann, canvas._pageNumber)
