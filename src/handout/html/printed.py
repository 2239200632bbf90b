"""What the page prints in each face: the text of its body, read back from the HTML made.

The fonts embedded in the page are cut to the characters each face draws
(``fonts.faces``): the regular face to all of them, the bold face only to the text the
stylesheet sets in bold (headings, the table's headers, ``**bold**``...), the italic
faces to what is in italics.  Reading the finished body, rather than gathering the
pieces from the handout again, keeps that true whatever element prints a word.
"""

from __future__ import annotations

from html.parser import HTMLParser

from ..model.stylemodel import Style
from .css import emphasised
from .fonts import Variant

VOID = frozenset({"area", "br", "col", "hr", "img", "input", "meta", "wbr"})
"""Elements without an end tag."""


class _Reader(HTMLParser):
    def __init__(self, bold: frozenset[str], italic: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.bold, self.italic = bold, italic
        self.open: list[tuple[str, bool, bool]] = [("", "body" in bold, "body" in italic)]
        self.texts: dict[Variant, list[str]] = {
            (w, s): [] for w in (400, 700) for s in ("normal", "italic")
        }

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            return
        classes = {f".{c}" for k, v in attrs if k == "class" and v for c in v.split()}
        names = {tag} | classes
        _, bold, italic = self.open[-1]
        self.open.append(
            (tag, bold or bool(names & self.bold), italic or bool(names & self.italic))
        )

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.open) - 1, 0, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return

    def handle_data(self, data: str) -> None:
        _, bold, italic = self.open[-1]
        self.texts[(400, "normal")].append(data)  # the regular face draws every character
        if bold or italic:
            self.texts[(700 if bold else 400, "italic" if italic else "normal")].append(data)


def texts(body: str, style: Style) -> dict[Variant, str]:
    """The text ``body`` (what the page's ``<body>`` holds) prints in each face: ``(700,
    "normal")`` in bold, ``(400, "italic")`` and ``(700, "italic")`` in italics, and all
    of it for ``(400, "normal")``: the regular face covers every character, a margin
    for a browser that matches weights in its own way."""
    reader = _Reader(*emphasised(style))
    reader.feed(body)
    reader.close()
    return {variant: "".join(parts) for variant, parts in reader.texts.items()}
