"""Where things landed in a real PDF: headings, the lines of each paragraph, page by page.

Read with pdfplumber.  The story's own lines start at the left margin (table cells
and boxes are padded in from it); they are told apart by size: headings, body
paragraphs, the disclaimer.  Each body paragraph of the content is then matched,
in order, to the lines that print it, so a test can see on which page each of its
lines fell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pdfplumber
from pdfcheck import source

from handout.model.content import Handout
from handout.model.stylemodel import Style
from handout.pdf import roles


@dataclass(frozen=True)
class Line:
    page: int
    text: str
    size: float


@dataclass
class Placement:
    pages: int
    lines: list[Line]
    """The story's lines at the left margin, in reading order."""
    page_text: list[str]
    """Each page's text, with spaces and hyphens left out (``squash``)."""
    words: list[list[dict]]
    """Each page's words, with their positions."""
    paragraphs: dict[str, list[int]] = field(default_factory=dict)
    """Each body paragraph (squashed) -> the page of each of its lines."""


def squash(text: str) -> str:
    """Text with whitespace and hyphens left out: compares across line and page breaks."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def read(data: bytes, style: Style) -> Placement:
    k = roles.kit(style)
    left = style.page.margin_left
    x, y, w, h = k.frame
    lines: list[Line] = []
    texts: list[str] = []
    all_words: list[list[dict]] = []
    with pdfplumber.open(source(data)) as pdf:
        for n, page in enumerate(pdf.pages, 1):
            top, bottom = page.height - (y + h), page.height - y  # the frame, from the top
            texts.append(squash(page.extract_text()))
            rows: dict[float, list[dict]] = {}
            all_words.append(page.extract_words(extra_attrs=["size"]))
            for word in all_words[-1]:
                if top - 1 <= word["bottom"] <= bottom + 1:
                    rows.setdefault(round(word["bottom"], 1), []).append(word)
            for _, words in sorted(rows.items()):
                words.sort(key=lambda wd: wd["x0"])
                if abs(words[0]["x0"] - left) > 0.5:
                    continue
                text = " ".join(wd["text"] for wd in words)
                lines.append(Line(n, text, round(words[0]["size"], 1)))
        pages = len(pdf.pages)
    return Placement(pages, lines, texts, all_words)


def column_text(placed: Placement, page: int, x0: float, x1: float) -> str:
    """The squashed text of the words of ``page`` starting between ``x0`` and ``x1``."""
    words = [w for w in placed.words[page - 1] if x0 <= w["x0"] < x1]
    words.sort(key=lambda w: (round(w["bottom"], 1), w["x0"]))
    return squash(" ".join(w["text"] for w in words))


def match_paragraphs(placed: Placement, handout: Handout, style: Style) -> None:
    """Fill ``placed.paragraphs``: the pages of the lines of each section paragraph."""
    body = [ln for ln in placed.lines if abs(ln.size - style.fonts.body.size) < 0.05]
    i = 0
    for section in handout.sections:
        for paragraph in section.body:
            want = squash(paragraph)
            got = ""
            pages: list[int] = []
            while got != want:
                assert i < len(body), f"ran out of lines matching {paragraph[:40]!r}"
                got += squash(body[i].text)
                assert want.startswith(got), (body[i], paragraph[:60])
                pages.append(body[i].page)
                i += 1
            placed.paragraphs[want] = pages
