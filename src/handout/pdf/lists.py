"""Lists in the PDF: bulleted, numbered and checklists, tagged ``L`` / ``LI`` / ``Lbl`` / ``LBody``.

A list is a platypus ``ListFlowable`` whose items the frame places one by one, so a
long list runs onto the next page between items.  An item of three lines or fewer
is never split; a longer one splits only as a paragraph does (two lines at least on
each page), and its bullet always stays with its first lines.  The bullet or number
is drawn as the content of the item's ``Lbl``; a checklist's empty box is a drawn
square, a layout artifact (the item has no ``Lbl`` then: a box that says nothing
is not read out).  In a right-to-left role the bullets, numbers and boxes hang at the
right, the text indented from it.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import HexColor

from ..model.blocks import Block, TextList
from . import tagging
from .platypus import Flowable, LIIndenter, ListFlowable, ListItem
from .roles import Role

ITEM_GAP = 0.25
"""Space between items, in lines of the list's text."""


def flow(
    found: tuple[Block, ...] | list[Block], role: Role, parent: tagging.Node
) -> list[Flowable]:
    """Paragraphs and lists of text in ``role``, their structure under ``parent``."""
    out: list[Flowable] = []
    for block in found:
        if isinstance(block, TextList):
            out.append(text_list(block, role, parent))
        else:
            out.append(role.paragraph(block, tag=parent.add("P")))
    return out


def text_list(found: TextList, role: Role, parent: tagging.Node | None) -> Flowable:
    """A bulleted or numbered list; ``parent``: where its ``L`` goes (``None``: untagged)."""
    return _build(list(found.items), found.labels(), role, parent)


def bullets(items: list[str], role: Role, parent: tagging.Node) -> Flowable:
    """A bulleted list of ``items``."""
    return _build(items, ["\u2022"] * len(items), role, parent)


def checklist(items: list[str], role: Role, parent: tagging.Node, box_color: str) -> Flowable:
    """Items each after an empty square to tick on paper."""
    return _build(items, [""] * len(items), role, parent, box_color=box_color)


def _build(
    items: list[str],
    marks: list[str],
    role: Role,
    parent: tagging.Node | None,
    box_color: str | None = None,
) -> Flowable:
    size = role.spec.size
    listing = parent.add("L") if parent is not None else None
    made, labels = [], {}
    for text, mark in zip(items, marks, strict=True):
        li = listing.add("LI") if listing is not None else None
        label = li.add("Lbl") if li is not None and mark else None
        para = role.paragraph(text, tag=li.add("LBody") if li is not None else None)
        labels[id(para)] = label
        made.append(ListItem(para, value=mark or " "))
    widest = max((role.width(m) for m in marks if m), default=0.0)
    indent = (size * 1.4 if box_color else max(size * 1.4, widest + size * 0.6)) + 1
    side = (
        {"rightIndent": indent, "leftIndent": 0, "bulletDir": "rtl"}
        if role.rtl
        else {"leftIndent": indent}
    )
    listed = List(
        made,
        labels,
        box_color,
        bulletType="bullet",
        start="\u2022",
        bulletFontName=role.chain.primary.regular,
        bulletFontSize=size,
        bulletColor=role.color,
        bulletDedent=indent,
        spaceBefore=0,
        spaceAfter=float(role.para.spaceAfter),
        **side,
    )
    listed._para = role.para  # the space after it is the role's (``story`` sets it again)
    return listed


class List(ListFlowable):  # type: ignore[misc]
    """A list whose bullets are the ``Lbl`` of their item's ``LI`` element (or, with
    ``box``, a checklist whose boxes are artifacts)."""

    def lead_in(self, width: float) -> float:
        """The least of the list a page may hold at its foot: its first item."""
        first = self._getContent()[0]
        return float(first.wrap(width, 0x7FFFFFFF)[1])

    _para: Any = None
    """The paragraph style of its role: its space after the list."""

    def __init__(
        self,
        items: list[Any],
        labels: dict[int, tagging.Node | None],
        box: str | None = None,
        **kwargs: Any,
    ) -> None:
        self._labels = labels
        self._box = box
        super().__init__(items, **kwargs)

    def _makeLIIndenter(self, flowable: Any, bullet: Any, params: Any = None) -> Any:  # noqa: N802
        made = super()._makeLIIndenter(flowable, bullet, params)
        gap = flowable.style.leading * ITEM_GAP
        item = _Item(made._flowable, made._leftIndent, made._rightIndent, made._bullet, 0, gap)
        item._label = self._labels.get(id(flowable))
        item._box = self._box
        return item


class _Item(LIIndenter):  # type: ignore[misc]
    """One list item: its bullet drawn as the content of the item's ``Lbl``."""

    _IndenterAttrs = [*LIIndenter._IndenterAttrs, "_label", "_box"]

    def __init__(
        self,
        flowable: Any,
        left: float,
        right: float,
        bullet: Any,
        space_before: float | None = None,
        space_after: float | None = None,
    ) -> None:
        super().__init__(flowable, left, right, bullet, space_before, space_after)
        self._label: tagging.Node | None = None
        self._box: str | None = None

    def split(self, aW: float, aH: float) -> list[Any]:  # noqa: N803
        lines = getattr(getattr(self._flowable, "blPara", None), "lines", ())
        if len(lines) <= 3:
            return []  # a short item moves on whole, its bullet with it
        parts = []
        for part in super().split(aW, aH):
            first = part._bullet is not None
            item = _Item(part._flowable, part._leftIndent, part._rightIndent, part._bullet)
            item._label = self._label if first else None
            item._box = self._box if first else None
            item.__dict__["spaceAfter"] = self.__dict__.get("spaceAfter", 0)
            parts.append(item)
        return parts

    def drawOn(self, canv: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        inner = max(0, _sW - self._leftIndent - self._rightIndent)
        if self._box and self._bullet:
            self._draw_box(canv, x, y)
            self._flowable.drawOn(canv, x + self._leftIndent, y, inner)
            return
        tags: tagging.Tags | None = getattr(canv, "_tags", None)
        if not self._bullet or self._label is None or tags is None:
            super().drawOn(canv, x, y, _sW)
            return
        marked = tags.begin(canv, self._label)
        self._bullet.drawOn(self, canv, x, y, 0)
        if marked:
            canv._code.append(tagging.EMC)
        self._flowable.drawOn(canv, x + self._leftIndent, y, inner)

    def _draw_box(self, canv: Any, x: float, y: float) -> None:
        """An empty square as tall as a capital, on the item's first line."""
        style = self._flowable.style
        side = style.fontSize * 0.8
        base = y + self._flowable.height - style.leading + (style.leading - style.fontSize) / 2
        left = x + 0.6
        if self._rightIndent and not self._leftIndent:  # right to left: the box at the right
            left = x + (self.width or 0) - side - 0.6
        with tagging.artifact(canv):
            canv.saveState()
            canv.setStrokeColor(HexColor(self._box))
            canv.setLineWidth(1.2)
            canv.rect(left, base + style.fontSize * 0.05, side, side, stroke=1, fill=0)
            canv.restoreState()
