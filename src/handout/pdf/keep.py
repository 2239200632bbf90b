"""Where a page may break: the keep-together rules a typesetter uses, as platypus flowables.

- A section's heading and key point stay with the start of the text that follows
  (``KeepHead``): at least two lines of its first paragraph, or all of a paragraph
  of three lines or fewer.
- No paragraph leaves one line alone at the foot or the head of a page: the
  paragraph styles ask for it (``allowOrphans=0``, ``allowWidows=0``), which
  ReportLab's ``Paragraph.split`` honours for our paragraphs too (in table cells
  and boxes as well, since a cell splits its paragraphs the same way).
- A table row of two lines or fewer is never split inside (``PagedTable``); a taller
  row splits only into pieces of at least ``MIN_SPLIT`` points, each holding two
  lines or more of every paragraph it cuts.

Where a rule cannot be met (a block taller than a page), the layout goes on as
platypus would without the rule: a rule never stops a handout from being made.
"""

from __future__ import annotations

from typing import Any

from .platypus import Flowable, KeepTogether, ListFlowable, PageBreak, Table

MIN_SPLIT = 40.0
"""Smallest piece (points) a table row or box may be split into across pages."""
SHORT_ROW = 2
"""A row whose every cell has this many lines or fewer is never split inside."""


def lead_in(paragraph: Flowable, width: float) -> float:
    """The least of ``paragraph`` a page may hold at its foot: two lines, or all of it
    when it has three or fewer (two on this page would leave one alone on the next);
    of a list (``pdf.lists``), its first item."""
    if hasattr(paragraph, "lead_in"):
        return float(paragraph.lead_in(width))
    height = float(paragraph.wrap(width, 0x7FFFFFFF)[1])
    lines = len(getattr(getattr(paragraph, "blPara", None), "lines", ()))
    if lines <= 3:
        return height
    return 2 * float(paragraph.style.leading)


class KeepHead(KeepTogether):  # type: ignore[misc]
    """A section's heading (and key point) that moves on to the next page unless the
    start of the following paragraph (``lead_in``) fits under it.

    ReportLab's own ``keepWithNext`` would keep the heading with the *whole* next
    paragraph, leaving most of a page empty before a long one.
    """

    def __init__(self, head: list[Flowable], follow: Flowable | None) -> None:
        super().__init__(head)
        for flowable in head:
            flowable.keepWithNext = 0  # this block decides where the heading goes
        self._follow = follow

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        size: tuple[float, float] = super().wrap(aW, aH)
        if self._follow is not None:
            self._H += self._content[-1].getSpaceAfter() + lead_in(self._follow, aW)
        return size


class PagedTable(Table):  # type: ignore[misc]
    """A table (or shaded box) whose rest, once it is split, starts on the next page.

    ReportLab splits between rows first and then tries the rest in the space left
    on the same page, where it may split again inside the rest's first row: the
    repeated header row would then print a second time in the middle of the page.
    And a first row a little taller than the room is split higher up: ReportLab
    splits a row only where both pieces are at least ``MIN_SPLIT`` tall, and a row
    it can neither fit nor split on an empty page stops the whole layout.

    ReportLab splits inside a row only when no row under the header fits: that row
    is then split unless it is short (``SHORT_ROW``), and the table moves on instead.
    """

    splitInRow: float  # noqa: N815 - ReportLab's name

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        in_row = self.splitInRow
        if in_row and self._short(self.repeatRows):
            self.splitInRow = 0
        try:
            parts = self._split(availWidth, availHeight)
        finally:
            self.splitInRow = in_row
        for part in parts:
            if isinstance(part, Table):
                part.splitInRow = in_row
        if len(parts) == 2:
            return [parts[0], PageBreak(), parts[1]]
        return parts

    def _split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = super().split(availWidth, availHeight)
        rows = self._rowHeights
        first = sum(rows[: self.repeatRows + 1])  # the header and the first row under it
        if not parts and self.splitInRow and len(rows) > self.repeatRows and first > availHeight:
            higher = first - self.splitInRow
            if higher < availHeight:
                parts = super().split(availWidth, higher)
        return parts

    def _short(self, row: int) -> bool:
        """Whether every cell of ``row`` holds ``SHORT_ROW`` lines or fewer (once wrapped)."""
        if row >= len(self._cellvalues):
            return False
        return all(_lines(cell) <= SHORT_ROW for cell in self._cellvalues[row])


def _lines(cell: Any) -> int:
    flowables = cell if isinstance(cell, (list, tuple)) else [cell]
    total = 0
    for f in flowables:
        if isinstance(f, ListFlowable):  # a list: the lines of its items
            total += sum(_lines(item._flowable) for item in f._content)
        else:
            total += len(getattr(getattr(f, "blPara", None), "lines", ()))
    return total
