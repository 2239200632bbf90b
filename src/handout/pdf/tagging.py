"""Tagged PDF: marked content in the page streams, and the structure tree over it.

Open-source ReportLab writes neither, so we do it in the writer.  The layout gives
each flowable that draws content a ``Node`` (``H1``, ``P``, ``TD`` ...) of a tree
rooted in ``Document``; when the flowable draws, ``begin`` opens a marked-content
sequence with the next MCID of that page (``/P <</MCID 3>> BDC``) and records the
MCID under the node.  Everything else drawn (page header and footer, backgrounds,
rules, grid lines, a repeated table header) goes inside ``artifact``.  At save,
``Tags.write`` turns the nodes into structure elements, the page-to-element
``ParentTree``, and the catalog and page keys a tagged PDF needs.

A word broken over two lines reads as its pieces (``Elec-``, ``tromyography``);
``word_spans`` finds such words by aligning the drawn lines with the paragraph's
text, and ``insert_spans`` wraps the pieces in a ``Span`` whose ``/ActualText`` is
the word, so that assistive technology and text extraction read it whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFName, PDFObject

LAYOUT = "/Artifact <</Type /Layout>> BDC"
HEADER = "/Artifact <</Type /Pagination /Subtype /Header>> BDC"
FOOTER = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC"
WATERMARK = "/Artifact <</Type /Pagination /Subtype /Watermark>> BDC"
EMC = "EMC"
SOFT_HYPHEN = "\u00ad"

Mark = tuple[int, int]
"""A marked-content sequence: page number (from 1) and MCID on that page."""


class Annot:
    """An annotation under its element (an ``OBJR``): the index of ``Tags.annots``."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


class Node:
    """One structure element: its type, attributes and kids in reading order.

    Kids are nodes and ``Mark``s; a node split over pages (a paragraph, a table
    row) has marks on each page.  ``text`` is the plain text of a paragraph node
    and ``cursor`` how much of it earlier parts (on earlier pages) drew.
    """

    __slots__ = ("role", "attrs", "alt", "kids", "text", "cursor", "carry")

    def __init__(self, role: str, attrs: str = "", alt: str | None = None) -> None:
        self.role = role
        self.attrs = attrs
        self.alt = alt
        self.kids: list[Node | Mark | Annot] = []
        self.text: str | None = None
        self.cursor: int | None = 0
        self.carry = False

    def add(self, role: str, attrs: str = "", alt: str | None = None) -> Node:
        """A new child element, last in reading order."""
        kid = Node(role, attrs, alt)
        self.kids.append(kid)
        return kid


def scope(which: str) -> str:
    """The attributes of a table header cell for a column or a row (``Column``, ``Row``)."""
    return f"<</O /Table /Scope /{which}>>"


class Tags:
    """The marked content of one document as it is drawn, and its structure tree."""

    def __init__(self, root: Node) -> None:
        self.root = root
        self.owners: dict[int, list[Node]] = {}
        """For each page, the node of each MCID in order."""
        self.quiet = 0
        """Inside an artifact: content drawn now is not tagged."""
        self.annots: list[tuple[Node, Any, int]] = []
        """Each annotation (a link's), its element and its page (``links``)."""

    def annotate(self, node: Node, annot: Any, page: int) -> None:
        """Record the annotation ``annot`` on ``page`` as ``node``'s, after its content."""
        node.kids.append(Annot(len(self.annots)))
        self.annots.append((node, annot, page))

    def begin(self, canvas: Any, node: Node, code: list[str] | None = None) -> bool:
        """Open ``node``'s next marked-content sequence on the current page (in ``code``,
        a text object's, or else the canvas's).

        False (and nothing written) inside an artifact; the caller then writes no ``EMC``.
        """
        if self.quiet:
            return False
        page = canvas._pageNumber
        owners = self.owners.setdefault(page, [])
        mcid = len(owners)
        owners.append(node)
        node.kids.append((page, mcid))
        (canvas._code if code is None else code).append(f"/{node.role} <</MCID {mcid}>> BDC")
        return True

    def write(self, canvas: Any) -> None:
        """Add the structure tree to the document ``canvas`` is writing; call once, at save."""
        doc = canvas._doc
        pages = doc.Pages.pages
        page_refs = [_ref(doc, p) for p in pages]
        tree = _Raw()
        tree_ref = _ref(doc, tree)
        refs: dict[int, str] = {}
        made: list[tuple[Node, _Raw]] = []
        _number(self.root, doc, refs, made)
        objrs = []
        for i, (_, annot, page) in enumerate(self.annots):
            annot["StructParent"] = len(pages) + i  # after the pages' keys
            objrs.append(f"<</Type /OBJR /Obj {_ref(doc, annot)} /Pg {page_refs[page - 1]}>>")
        _fill(self.root, tree_ref, refs, page_refs, dict(made), objrs)
        nums = " ".join(
            f"{i} [{' '.join(refs[id(n)] for n in self.owners.get(i + 1, []))}]"
            for i in range(len(pages))
        )
        nums += "".join(
            f" {len(pages) + i} {refs[id(node)]}" for i, (node, _, _) in enumerate(self.annots)
        )
        tree.data = (
            f"<</Type /StructTreeRoot /K {refs[id(self.root)]} /ParentTree <</Nums [{nums}]>> "
            f"/ParentTreeNextKey {len(pages) + len(self.annots)}>>"
        ).encode("ascii")
        cat = doc.Catalog
        cat.StructTreeRoot = tree
        cat.MarkInfo = _Raw(b"<</Marked true>>")
        for i, page in enumerate(pages):
            page.__NoDefault__ = [*page.__NoDefault__, "StructParents", "Tabs"]
            page.StructParents = i
            page.Tabs = PDFName("S")


class _Raw(PDFObject):  # type: ignore[misc]
    """A PDF object written as prepared text: much faster than nested PDFDictionary."""

    def __init__(self, data: bytes = b"") -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


def _ref(doc: Any, obj: Any) -> str:
    name = doc.Reference(obj).name
    number, version = doc.idToObjectNumberAndVersion[name]
    return f"{number} {version} R"


def _number(node: Node, doc: Any, refs: dict[int, str], made: list[tuple[Node, _Raw]]) -> bool:
    """Give an object number to ``node`` and each node under it that marks content.

    False when nothing under ``node`` was drawn: it is left out of the tree.
    """
    drawn = False
    for kid in node.kids:
        drawn = (_number(kid, doc, refs, made) if isinstance(kid, Node) else True) or drawn
    if drawn:
        obj = _Raw()
        refs[id(node)] = _ref(doc, obj)
        made.append((node, obj))
    return drawn


def _fill(
    node: Node,
    parent: str,
    refs: dict[int, str],
    pages: list[str],
    objs: dict[Node, _Raw],
    objrs: list[str],
) -> None:
    """Write the structure element of ``node`` and of each node under it (``objrs``: the
    object reference of each annotation)."""
    marks = [k for k in node.kids if isinstance(k, tuple)]
    home = marks[0][0] if marks else 0
    kids = []
    me = refs[id(node)]
    for kid in node.kids:
        if isinstance(kid, Node):
            if id(kid) in refs:
                kids.append(refs[id(kid)])
                _fill(kid, me, refs, pages, objs, objrs)
        elif isinstance(kid, Annot):
            kids.append(objrs[kid.index])
        elif kid[0] == home:
            kids.append(str(kid[1]))
        else:
            kids.append(f"<</Type /MCR /Pg {pages[kid[0] - 1]} /MCID {kid[1]}>>")
    out = f"<</Type /StructElem /S /{node.role} /P {parent} /K [{' '.join(kids)}]"
    if home:
        out += f" /Pg {pages[home - 1]}"
    if node.attrs:
        out += f" /A {node.attrs}"
    if node.alt is not None:
        out += f" /Alt {text_string(node.alt)}"
    objs[node].data = (out + ">>").encode("ascii")


def text_string(text: str) -> str:
    """``text`` as a PDF text string: literal when plain ASCII, else UTF-16BE hex."""
    if text.isascii() and text.isprintable() and not any(c in text for c in "()\\"):
        return f"({text})"
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


@contextmanager
def artifact(canvas: Any, kind: str = LAYOUT) -> Iterator[None]:
    """Whatever is drawn inside is an artifact of ``kind`` (``LAYOUT``, ``HEADER`` ...)."""
    tags: Tags | None = getattr(canvas, "_tags", None)
    if tags is None or tags.quiet:
        yield
        return
    code = canvas._code
    code.append(kind)
    tags.quiet += 1
    try:
        yield
    finally:
        tags.quiet -= 1
        code.append(EMC)


@contextmanager
def resumed(canvas: Any) -> Iterator[None]:
    """Inside an artifact, content drawn here is tagged again (the artifact is closed
    for it and opened again after)."""
    tags: Tags | None = getattr(canvas, "_tags", None)
    if tags is None or tags.quiet != 1:
        yield
        return
    code = canvas._code
    opened = next(op for op in reversed(code) if op.startswith("/Artifact"))
    code.append(EMC)
    tags.quiet -= 1
    try:
        yield
    finally:
        tags.quiet += 1
        code.append(opened)


def line_texts(bl_para: Any) -> list[str]:
    """The text each line of a broken paragraph draws (``Paragraph.blPara``)."""
    if bl_para.kind == 0:
        return [" ".join(words) for _, words in bl_para.lines]
    return ["".join(getattr(f, "text", "") for f in line.words) for line in bl_para.lines]


Ops = dict[int, list[tuple[int, str]]]
"""For each line, where to insert which operator: (character offset, operator)."""


def word_spans(node: Node, lines: list[str]) -> Ops:
    """Where to open and close an ``/ActualText`` span around each word broken over lines.

    ``lines`` are what one part of the paragraph draws; ``node`` carries the text
    and how far earlier parts got.  A word that runs on into the next part (the
    next page) reads whole in this part and as nothing in the next.  When the
    lines do not match the text, nothing is marked: the pieces then read as drawn.
    """
    if node.text is None or node.cursor is None:
        return {}
    # as the lines draw it: no soft hyphens, one space between words
    text = " ".join(w for w in node.text.replace(SOFT_HYPHEN, "").split(" ") if w)
    pos = node.cursor
    ends: list[int] = []
    for line in lines:
        t = line.rstrip(" ")
        if text.startswith(t, pos):
            end = pos + len(t)
        elif t.endswith("-") and text.startswith(t[:-1], pos):
            end = pos + len(t) - 1
        else:
            node.cursor = None
            return {}
        ends.append(end)
        pos = end
        while pos < len(text) and text[pos] == " ":
            pos += 1
    node.cursor = pos
    ops: Ops = {}
    open_ = node.carry
    if open_:
        ops[0] = [(0, "/Span <</ActualText <FEFF>>> BDC")]
    for i, line in enumerate(lines):
        t = line.rstrip(" ")
        inside = ends[i] < len(text) and text[ends[i]] != " "
        here = ops.setdefault(i, [])
        if open_:
            space = t.find(" ")
            if space < 0 and inside:
                continue  # the middle of a word broken over three lines
            here.append((len(t) if space < 0 else space, EMC))
            open_ = False
        if inside:
            head = t.rfind(" ") + 1
            start = text.rfind(" ", 0, ends[i]) + 1
            stop = text.find(" ", ends[i])
            word = text[start : stop if stop >= 0 else len(text)]
            here.append((head, f"/Span <</ActualText {text_string(word)}>> BDC"))
            open_ = True
    if open_:
        ops[len(lines) - 1].append((len(lines[-1].rstrip(" ")), EMC))
    node.carry = open_
    return {i: v for i, v in ops.items() if v}


def insert_spans(text: Any, ops: Ops) -> None:
    """Make the text object ``text`` write ``ops`` at their places in its lines.

    Its ``_textOut``, which paragraphs call for each run of a line, is wrapped on the
    instance: the text object may be any class the canvas hands out.
    """
    text._textOut = _SpanWriter(text, ops)


class _SpanWriter:
    """A text object's ``_textOut`` that inserts operators at character offsets in each line."""

    def __init__(self, text: Any, ops: Ops) -> None:
        self.text = text
        self.out = text._textOut
        self.ops = {i: list(v) for i, v in ops.items()}
        self.line = 0
        self.done = 0

    def __call__(self, text: str, TStar: int = 0) -> None:  # noqa: N803 - ReportLab's name
        ops = self.ops.get(self.line)
        if ops:
            done = self.done
            end = done + len(text)
            cut = done
            while ops and (ops[0][0] < end or (ops[0][0] == end and ops[0][1] == EMC)):
                off, op = ops.pop(0)
                if off > cut:
                    self.out(text[cut - done : off - done])
                    cut = off
                self.text._code.append(op)
            self.done = end
            text = text[cut - done :]
            if TStar and ops:  # what is left closes at the end of the line
                if text:
                    self.out(text)
                self.text._code.extend(op for _, op in ops)
                ops.clear()
                self.text._code.append("T*")
                self.line += 1
                self.done = 0
                return
        if text or TStar:
            self.out(text, TStar)
        if TStar:
            self.line += 1
            self.done = 0
