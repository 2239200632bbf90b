"""The print pack's structure tree: every copy of a tagged handout stays tagged.

A handout's structure tree is read once, while its pages are copied in, into a
``Template``: its elements in reading order, each an element body with holes for
what differs from copy to copy (the objects of the element itself, its parent, its
kids and its pages).  Each copy then writes new elements from the template, on that
copy's page objects, and one parent-tree entry per page (the element of each
marked-content ID), under a fresh ``/StructParents`` key of the page.  The source's
elements are never copied as they are: their ``/Pg`` would drag its pages along.

The copies' ``Document`` elements follow one another under the pack's structure
tree root, each with its handout's ``/Lang`` (a pack may mix languages).  Only
what the tree needs is kept in memory between handouts: a number per copy and two
per page; the rest is written as it comes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from pikepdf import Array, Dictionary, Name, Pdf

_KEPT = frozenset({"/A", "/C", "/Alt", "/ActualText", "/E", "/Lang", "/T", "/R"})
"""Element keys copied as they are (attributes, texts, language, title, revision)."""
_ELEM, _PAGE = 0, 1
"""Kinds of hole in a template: an element (-1: the tree root), a page."""

Hole = tuple[int, int]


class _Out(Protocol):
    def _reserve(self) -> int: ...

    def _emit(self, num: int, body: bytes, raw: bytes | None = None) -> None: ...

    def packed(self, objects: list[tuple[int, bytes]]) -> None: ...


@dataclass
class Template:
    """One handout's structure tree, for writing again on each copy's pages."""

    elems: list[list[bytes | Hole]] = field(default_factory=list)
    """Each element's dictionary as pieces of bytes and holes, in reading order."""
    top: list[int] = field(default_factory=list)
    """The elements directly under the tree root (the handout's ``Document``)."""
    marks: list[list[int]] = field(default_factory=list)
    """For each page, the element of each marked-content ID (-1: none)."""


def read(pdf: Pdf) -> Template | None:
    """The template of ``pdf``'s structure tree; None when it has none."""
    root = pdf.Root.get("/StructTreeRoot")
    kids = _kids(root.get("/K")) if isinstance(root, Dictionary) else []
    if not kids:
        return None
    reader = _Reader(pdf)
    lang = pdf.Root.get("/Lang")
    for kid in kids:
        if isinstance(kid, Dictionary) and "/S" in kid:
            reader.template.top.append(reader.elem(kid, -1, lang))
    return reader.template if reader.template.top else None


class _Reader:
    def __init__(self, pdf: Pdf) -> None:
        self.pages = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        self.template = Template(marks=[[] for _ in self.pages])
        self.seen: set[tuple[int, int]] = set()

    def elem(self, obj: Dictionary, parent: int, lang: Any = None) -> int:
        """Add the element ``obj`` and those under it; its index."""
        t = self.template
        me = len(t.elems)
        t.elems.append([])
        if obj.is_indirect:
            self.seen.add(obj.objgen)
        fields = dict(obj.items())  # one call into pikepdf instead of one for each key
        home = self.page(fields.get("/Pg"))
        out: list[bytes | Hole] = [
            b"<</Type/StructElem/S" + _encode(fields.get("/S")) + b"/P ",
            (_ELEM, parent),
        ]
        if home is not None:
            out += [b"/Pg ", (_PAGE, home)]
        for key in sorted(_KEPT.intersection(fields)):
            out.append(Name(key).unparse() + b" " + _encode(fields[key]))
        if lang is not None and "/Lang" not in fields:
            out.append(b"/Lang " + _encode(lang))
        out.append(b"/K[")
        for kid in _kids(fields.get("/K")):
            if type(kid) is int:  # noqa: E721 - the common case first, and not a bool
                if self.mark(home, kid, me):
                    out.append(b" %d" % kid)
            else:
                out += self.kid(kid, me, home)
        out.append(b"]>>")
        t.elems[me] = out
        return me

    def kid(self, kid: Any, me: int, home: int | None) -> list[bytes | Hole]:
        if not isinstance(kid, Dictionary) or (kid.is_indirect and kid.objgen in self.seen):
            return []
        fields = dict(kid.items())
        kind = fields.get("/Type")
        if kind == Name.MCR:
            page = self.page(fields["/Pg"]) if "/Pg" in fields else home
            mcid = fields.get("/MCID")
            if "/Stm" in fields or not isinstance(mcid, int) or not self.mark(page, mcid, me):
                return []
            return [b" <</Type/MCR/Pg ", (_PAGE, page or 0), b"/MCID %d>>" % mcid]
        if kind == Name.OBJR or "/S" not in fields:
            return []  # handouts have no annotations: the pack shares them between copies
        return [b" ", (_ELEM, self.elem(kid, me))]

    def page(self, obj: Any) -> int | None:
        return self.pages.get(obj.objgen) if isinstance(obj, Dictionary) else None

    def mark(self, page: int | None, mcid: int, elem: int) -> bool:
        """Record marked content ``mcid`` on ``page`` as ``elem``'s; False if it cannot be."""
        if page is None or not 0 <= mcid < 1 << 20:
            return False
        marks = self.template.marks[page]
        marks.extend([-1] * (mcid + 1 - len(marks)))
        marks[mcid] = elem
        return True


class Tree:
    """The pack's structure tree, written copy by copy; its root and parent tree at the end."""

    def __init__(self, out: _Out) -> None:
        self.out = out
        self.root = 0
        self.kids: list[int] = []
        self.parents: list[tuple[int, int]] = []
        """Each tagged page's ``/StructParents`` key and its parent-tree entry's object."""
        self.next_key = 0
        self.untagged = 0
        """Copies of handouts without a structure tree."""

    @property
    def complete(self) -> bool:
        """Every copy in the pack is tagged: the pack can claim PDF/UA as its handouts do."""
        return bool(self.root) and not self.untagged

    def keys(self, count: int) -> list[int]:
        """Fresh ``/StructParents`` keys for the ``count`` pages of a copy."""
        self.next_key += count
        return list(range(self.next_key - count, self.next_key))

    def copy(self, template: Template, pages: list[int], keys: list[int]) -> None:
        """Write one copy's elements on its ``pages`` (object numbers), under ``keys``."""
        out = self.out
        if not self.root:
            self.root = out._reserve()
        nums = [out._reserve() for _ in template.elems]

        def ref(hole: Hole) -> bytes:
            kind, i = hole
            if kind == _PAGE:
                return b"%d 0 R" % pages[i]
            return b"%d 0 R" % (nums[i] if i >= 0 else self.root)

        objects = [
            (num, b"".join(p if isinstance(p, bytes) else ref(p) for p in pieces))
            for num, pieces in zip(nums, template.elems, strict=True)
        ]
        for key, marks in zip(keys, template.marks, strict=True):
            num = out._reserve()
            owners = (b"%d 0 R" % nums[e] if e >= 0 else b"null" for e in marks)
            objects.append((num, b"[" + b" ".join(owners) + b"]"))
            self.parents.append((key, num))
        out.packed(objects)  # compressed: a copy's elements differ from the last's only in numbers
        self.kids += (nums[i] for i in template.top)

    def finish(self) -> bytes:
        """Write the root and parent tree; what the catalog says of them (empty: no tree)."""
        if not self.root:
            return b""
        out = self.out
        parent_tree = out._reserve()
        nums = b" ".join(b"%d %d 0 R" % pair for pair in sorted(self.parents))
        out._emit(parent_tree, b"<</Nums[%s]>>" % nums)
        kids = b" ".join(b"%d 0 R" % k for k in self.kids)
        out._emit(
            self.root,
            b"<</Type/StructTreeRoot/K[%s]/ParentTree %d 0 R/ParentTreeNextKey %d>>"
            % (kids, parent_tree, self.next_key),
        )
        marked = b"true" if self.complete else b"false"
        return b"/MarkInfo<</Marked %s>>/StructTreeRoot %d 0 R" % (marked, self.root)


def _kids(k: Any) -> Any:
    if k is None:
        return ()
    return k if isinstance(k, Array) else (k,)


def _encode(value: Any) -> bytes:
    """A direct value as PDF writes it; indirect objects inside are written in place."""
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, (float, Decimal)):
        return format(Decimal(str(value)), "f").encode()
    return bytes(value.unparse(resolved=True))
