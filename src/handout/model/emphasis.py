"""The two emphasis forms of author text, ``**bold**`` and ``*italic*``.

Renderer-independent: the PDF builds paragraph fragments from these spans, the
HTML builds ``<strong>`` and ``<em>``.  An unclosed marker prints as written.
"""

from __future__ import annotations

import re

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
