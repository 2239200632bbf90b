"""The comparison table and the shaded boxes, which are one-cell tables.

Column widths come from the content; words too long for a narrow column are
hyphenated at dictionary points; a table or box split across pages continues at
the top of the next page.
"""

from __future__ import annotations

import functools
from typing import Any

from reportlab.lib.colors import HexColor, white

from ..model.blocks import Cell, TextList
from ..model.content import Handout
from . import hyphenate, lists, richtext, tagging
from .keep import MIN_SPLIT, PagedTable
from .memo import remembered
from .platypus import Flowable, TableStyle
from .roles import CELL_PAD, Kit, Role


def box(
    content: list[Flowable],
    background: str,
    border: str,
    k: Kit,
    rule: str = "",
    frame: float = 1.0,
) -> Flowable:
    """One shaded cell; split (inside the row) only when taller than what is left.
    ``rule``: ``left`` or ``right`` for a bar on that side instead of a border;
    ``frame``: the border's width in points."""
    cmds: list[tuple[Any, ...]] = [
        cell_font(k),
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(background)),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 8 * k.tuning.padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6 * k.tuning.padding),
    ]
    if rule:
        side = "LINEBEFORE" if rule == "left" else "LINEAFTER"
        cmds.append((side, (0, 0), (0, -1), 3, HexColor(border)))
    else:
        cmds.append(("BOX", (0, 0), (-1, -1), frame, HexColor(border)))
    width = k.frame[2]
    return _PagedTable([[content]], colWidths=[width], style=TableStyle(cmds), splitInRow=MIN_SPLIT)


def cell_font(k: Kit) -> tuple[Any, ...]:
    """Table cells that are not paragraphs (an empty one) would set Helvetica."""
    return ("FONTNAME", (0, 0), (-1, -1), k.table.chain.primary.regular)


def column_widths(header: list[str], body: list[list[Cell]], k: Kit, total: float) -> list[float]:
    """Widths from the content, the way browsers lay out auto tables.

    Each column gets at least its longest word, or phone number, or piece of an address
    between two of its break points (``text.addresses``), so no column is starved, and the
    rest of the width in proportion to how much more its longest text wants.
    """
    n = len(header)
    pad = 2 * CELL_PAD + 0.01  # a column exactly as wide as a word broke it ("Secondite m")
    least = [0.0] * n
    most = [0.0] * n
    cells: list[tuple[Role, bool, list[Cell]]] = [(k.table_head, True, [(h,) for h in header])]
    cells += [(k.table, False, row) for row in body]
    for role, is_head, row in cells:
        for i, value in enumerate(row):
            bold = is_head or i == 0
            for block in value:
                listed = isinstance(block, TextList)
                indent = role.spec.size * 1.4 + 1 if listed else 0.0
                for text in block.items if isinstance(block, TextList) else (block,):
                    least[i] = max(least[i], role.least(text, bold) + pad + indent)
                    most[i] = max(most[i], role.width(text, bold) + pad + indent)
    cap = total / n * 1.5
    least = [min(w, cap) for w in least]
    if sum(least) >= total:
        return _water_fill(least, total)
    if sum(most) <= total:
        extra = (total - sum(most)) / n
        return [w + extra for w in most]
    room = total - sum(least)
    want = [max(m - w, 0.0) for m, w in zip(most, least, strict=True)]
    share = sum(want) or 1.0
    return [w + room * x / share for w, x in zip(least, want, strict=True)]


def _water_fill(wants: list[float], total: float) -> list[float]:
    """Shrink only the widest columns, to a common width, until all fit in ``total``.

    Short words keep their whole width; only the longest words get broken.
    """
    remaining, left = total, len(wants)
    for w in sorted(wants):
        if w * left > remaining:
            level = remaining / left
            return [min(x, level) for x in wants]
        remaining -= w
        left -= 1
    return list(wants)


def comparison_table(
    handout: Handout, k: Kit, corner: str = "", tag: tagging.Node | None = None
) -> Flowable:
    """The comparison table (``corner``: its top-left cell); ``tag``: its ``Table``
    structure element, given rows and cells.

    On a right-to-left page the columns are mirrored: the attributes at the right, the
    first item next to them.  The structure tree keeps the logical order (cells are
    tagged as they are made, before the rows are turned), so a screen reader reads the
    attribute, then the first item, whatever side they are drawn on."""
    t = k.style.table
    header = [corner, *handout.items]
    body: list[list[Cell]] = [[(row.attribute,), *row.values] for row in handout.comparison]
    total = k.frame[2]
    measures = (k.table_head.measure, k.table.measure, total)
    key = ("widths", tuple(header), tuple(map(tuple, body)), *measures)
    widths = list(remembered(key, lambda: tuple(column_widths(header, body, k, total))))
    rooms = [w - 2 * CELL_PAD for w in widths]
    lang = handout.language

    def cell(
        role: Role, value: Cell, col: int, bold: bool, node: tagging.Node | None
    ) -> Flowable | list[Flowable]:
        """A cell's line of text or list, tagged as the cell's content; a cell of a
        paragraph and a list holds both, a ``P`` and an ``L`` in its element."""
        if len(value) == 1:
            return block(role, value[0], col, bold, node)
        return [
            block(
                role,
                b,
                col,
                bold,
                node if isinstance(b, TextList) or node is None else node.add("P"),
            )
            for b in value
        ]

    def block(
        role: Role, text: str | TextList, col: int, bold: bool, node: tagging.Node | None
    ) -> Flowable:
        if isinstance(text, TextList):
            return lists.text_list(text, role, node)
        if role.engine(text):  # breaks where its scripts allow; never hyphenated
            return role.paragraph(text, bold, tag=node)
        room = rooms[col]

        def fitted() -> tuple[str, bool]:
            soft = hyphenate.fit(text, functools.partial(role.width, bold=bold), room, lang)
            return soft, soft is not text

        soft, hyphens = remembered(("soft", text, role.measure, bold, room, lang), fitted)
        para = role.paragraph(soft, bold, hyphens=hyphens, tag=node)
        if node is not None and hyphens:
            node.text = richtext.plain(text)  # what the broken words read as
        return para

    cells = _CellTags(tag)
    data: list[list[Any]] = [
        [cell(k.table_head, (h,), i, True, cells.head()) for i, h in enumerate(header)]
    ]
    for row in body:
        data.append(
            [
                cell(k.table, row[0], 0, True, cells.row()),  # an attribute: never a list
                *(cell(k.table, v, i, False, cells.data()) for i, v in enumerate(row[1:], 1)),
            ]
        )
    rtl = k.rtl
    if rtl:
        data = [row[::-1] for row in data]
        widths = widths[::-1]
    cmds: list[tuple[Any, ...]] = [
        cell_font(k),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(t.header_background)),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, HexColor(t.stripe)]),
        ("GRID", (0, 0), (-1, -1), 0.75, HexColor(t.grid)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 4 * k.tuning.padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5 * k.tuning.padding),
    ]
    return _PagedTable(
        data,
        colWidths=widths,
        repeatRows=1,
        splitInRow=MIN_SPLIT,
        style=TableStyle(cmds),
        hAlign="RIGHT" if rtl else "LEFT",
    )


class _CellTags:
    """Structure elements for a table's cells, made row by row (none without a table)."""

    def __init__(self, table: tagging.Node | None) -> None:
        self.table = table
        self.tr: tagging.Node | None = None

    def head(self) -> tagging.Node | None:
        """A column header: the first row's cells."""
        return self._cell("TH", tagging.scope("Column"))

    def row(self) -> tagging.Node | None:
        """A row header, the first cell of a new body row."""
        self.tr = None
        return self._cell("TH", tagging.scope("Row"))

    def data(self) -> tagging.Node | None:
        return self._cell("TD")

    def _cell(self, kind: str, attrs: str = "") -> tagging.Node | None:
        if self.table is None:
            return None
        if self.tr is None:
            self.tr = self.table.add("TR")
        return self.tr.add(kind, attrs)


class _PagedTable(PagedTable):
    """A ``PagedTable`` (``keep``) drawn as tagged content.

    Backgrounds, rules and grid lines are layout artifacts; so is the header row
    repeated at the top of a part after the first, which is not content again.
    """

    _repeats = False
    """The first ``repeatRows`` rows repeat the header of the part before."""
    _cells = 0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = super().split(availWidth, availHeight)
        if len(parts) == 3:  # the part on this page, a page break, the rest
            parts[0]._repeats = self._repeats
            parts[2]._repeats = bool(self.repeatRows)
        return parts

    def draw(self) -> None:
        self._cells = 0
        super().draw()

    def _drawBkgrnd(self) -> None:  # noqa: N802 - ReportLab's name
        with tagging.artifact(self.canv):
            super()._drawBkgrnd()

    def _drawLines(self) -> None:  # noqa: N802 - ReportLab's name
        with tagging.artifact(self.canv):
            super()._drawLines()

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:  # noqa: N802
        n = self._cells  # cells are drawn row by row: the table has no spans
        self._cells = n + 1
        if isinstance(cellval, str) or (self._repeats and n < self.repeatRows * self._ncols):
            with tagging.artifact(self.canv):
                super()._drawCell(cellval, cellstyle, pos, size)
        else:
            super()._drawCell(cellval, cellstyle, pos, size)
