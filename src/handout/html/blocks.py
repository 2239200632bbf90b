"""Paragraphs and lists of author text as HTML: ``<p>``, ``<ul>`` and ``<ol>``.

``text`` turns one piece of author text into HTML (escaped, with its emphasis);
the page's renderer hands it in, so that every piece of text is made the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..model.blocks import Block, Cell, TextList


def html(found: Iterable[Block], text: Callable[[str], str]) -> list[str]:
    """One element per block: a paragraph, or a list with an ``<li>`` per item."""
    out: list[str] = []
    for block in found:
        if isinstance(block, TextList):
            out.append(text_list(block, text))
        else:
            out.append(f"<p>{text(block)}</p>")
    return out


def text_list(found: TextList, text: Callable[[str], str], cls: str = "") -> str:
    """``<ul>``, or ``<ol>`` with its first number when it is not 1."""
    tag = "ol" if found.ordered else "ul"
    attrs = f' class="{cls}"' if cls else ""
    if found.ordered and found.start != 1:
        attrs += f' start="{found.start}"'
    items = "".join(f"<li>{text(item)}</li>" for item in found.items)
    return f"<{tag}{attrs}>{items}</{tag}>"


def cell(value: Cell, text: Callable[[str], str]) -> str:
    """A table cell's content: its line of text as it is, or its list; a paragraph
    and a list each in their element."""
    if len(value) == 1:
        (only,) = value
        return text_list(only, text) if isinstance(only, TextList) else text(only)
    return "".join(html(value, text))
