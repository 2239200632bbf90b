"""Lists inside text: the blocks a text field is made of.

A text field with more than one paragraph (``summary``, a section's ``summary`` and
``body``, a table cell) is split on blank lines into blocks.  Inside a block, each
line that starts with ``- `` begins an item of a bulleted list, and each line that
starts with a number, a full stop and a space (``1. ``, ``2. ``...) an item of a
numbered one; a line that starts with neither continues the item above it (an item
may be written over several lines).  Lines before the first item are a paragraph of
their own.  A hyphen anywhere else (``take 1-2 tablets``, ``a - b``) is text, and a
line that starts with a backslash before the hyphen or number (``\\- 5 degrees``)
prints as written without the backslash: that is how to start a line with ``- ``.

Renderer-independent: the PDF and the HTML page draw the same blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .schema import join_lines, one_line

_ITEM = re.compile(r"(?:(-)|(\d{1,3})\.)[ \t]+(?=\S)")
_ESCAPED = re.compile(r"\\(?=-|\d{1,3}\.)")


@dataclass(frozen=True)
class TextList:
    """A bulleted (``ordered=False``) or numbered list; each item is text that may
    hold emphasis.  A numbered list counts up from ``start``, whatever the numbers
    written after the first."""

    items: tuple[str, ...]
    ordered: bool = False
    start: int = 1

    def labels(self) -> list[str]:
        """The printed label of each item: a bullet, or ``3.``."""
        if not self.ordered:
            return ["\u2022"] * len(self.items)
        return [f"{self.start + i}." for i in range(len(self.items))]


Block = str | TextList
"""A paragraph (its lines joined with single spaces, none between two Chinese or
Japanese characters: ``schema.join_lines``) or a list."""


def blocks(text: str) -> tuple[Block, ...]:
    """The paragraphs and lists of ``text``, in order."""
    out: list[Block] = []
    for chunk in re.split(r"\n[ \t]*\n", text.strip()):
        out += _chunk(chunk)
    return tuple(out)


def _chunk(chunk: str) -> list[Block]:
    """The blocks of text with no blank line in it."""
    out: list[Block] = []
    para: list[str] = []
    items: list[str] = []
    ordered, start = False, 1
    for raw in chunk.splitlines():
        line = raw.strip()
        if not line:
            continue
        m = _ITEM.match(line)
        if m:
            if para:
                out.append(join_lines(para))
                para = []
            numbered = m.group(2) is not None
            if items and numbered != ordered:
                out.append(TextList(tuple(items), ordered, start))
                items = []
            if not items:
                ordered, start = numbered, int(m.group(2)) if numbered else 1
            items.append(line[m.end() :])
        elif items:
            items[-1] = join_lines([items[-1], _unescape(line)])
        else:
            para.append(_unescape(line))
    if items:
        out.append(TextList(tuple(items), ordered, start))
    if para:
        out.append(join_lines(para))
    return out


def _unescape(line: str) -> str:
    return _ESCAPED.sub("", line, count=1) if line.startswith("\\") else line


def escape_start(text: str) -> str:
    """``text`` written so that it reads back as text, not as a list item."""
    return "\\" + text if _ITEM.match(text) else text


def source(found: Iterable[Block]) -> str:
    """Text that reads back as ``found``: paragraphs a blank line apart, a list one
    item a line."""
    out = []
    for block in found:
        if isinstance(block, TextList):
            marks = block.labels() if block.ordered else ["-"] * len(block.items)
            out.append("\n".join(f"{m} {item}" for m, item in zip(marks, block.items, strict=True)))
        else:
            out.append(escape_start(block))
    return "\n\n".join(out)


Cell = tuple[Block, ...]
"""A table cell: one line of text, a list, or both (a lead-in line and its list, a list
and a line after it, a blank line apart)."""


def cell(text: str) -> Cell:
    """A table cell's blocks, each paragraph one line."""
    return tuple(b if isinstance(b, TextList) else one_line(b) for b in blocks(text))


def texts(found: Iterable[Block]) -> list[str]:
    """Each paragraph and each list item, as separate pieces of text."""
    out: list[str] = []
    for block in found:
        out += list(block.items) if isinstance(block, TextList) else [block]
    return out


def has_list(found: Iterable[Block]) -> bool:
    return any(isinstance(block, TextList) for block in found)
