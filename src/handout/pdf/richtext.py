"""Author text -> ReportLab paragraph fragments, with no markup parsing.

Content is plain text: ``<b>`` or ``&amp;`` written by an author must print as
written.  Instead of escaping text into ReportLab's paragraph markup and having
ReportLab parse it back, we build the fragments (``ParaFrag``) ourselves: it is
both exact and much faster.  Two emphasis forms are recognised, ``**bold**`` and
``*italic*``; an unclosed marker prints as written.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus.paraparser import ParaFrag

from .fonts import Chain

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\*\w])")

Span = tuple[str, bool, bool]
"""Text, bold, italic."""


def spans(text: str, bold: bool = False, italic: bool = False) -> list[Span]:
    """Split ``text`` on ``**bold**`` and ``*italic*`` markers."""
    if "*" not in text:
        return [(text, bold, italic)]
    out: list[Span] = []
    pos = 0
    for m in _BOLD.finditer(text):
        out += _italics(text[pos : m.start()], bold, italic)
        out += _italics(m.group(1), True, italic)
        pos = m.end()
    out += _italics(text[pos:], bold, italic)
    return [s for s in out if s[0]]


def _italics(text: str, bold: bool, italic: bool) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for m in _ITALIC.finditer(text):
        out.append((text[pos : m.start()], bold, italic))
        out.append((m.group(1), bold, True))
        pos = m.end()
    out.append((text[pos:], bold, italic))
    return out


def plain(text: str) -> str:
    """The text as printed: emphasis markers removed."""
    return "".join(s[0] for s in spans(text))


def frags(
    text: str,
    chain: Chain,
    size: float,
    color: Color,
    bold: bool = False,
    italic: bool = False,
) -> list[Any]:
    """Paragraph fragments for ``text`` in ``chain``'s fonts."""
    out = []
    for piece, b, i in spans(text, bold, italic):
        for run, fam in chain.runs(piece):
            f = ParaFrag()
            f.text = run
            f.fontName = fam.face(b, i)
            f.fontSize = size
            f.textColor = color
            f.bold = int(b)
            f.italic = int(i)
            f.rise = 0
            f.greek = 0
            f.link = []
            f.us_lines = []
            out.append(f)
    return out
