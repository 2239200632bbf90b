"""Author text -> ReportLab paragraph fragments, with no markup parsing.

Content is plain text: ``<b>`` or ``&amp;`` written by an author must print as
written.  Instead of escaping text into ReportLab's paragraph markup and having
ReportLab parse it back, we build the fragments (``ParaFrag``) ourselves: it is
both exact and much faster.  The emphasis forms, ``**bold**`` and ``*italic*``, are
parsed in ``model.emphasis``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus.paraparser import ParaFrag

from ..model.emphasis import Span, plain, spans
from ..text import addresses
from .fonts import Chain
from .tagging import SOFT_HYPHEN

__all__ = ["Span", "frags", "plain", "spans"]


def frags(
    text: str,
    chain: Chain,
    size: float,
    color: Color,
    bold: bool = False,
    italic: bool = False,
    linked: bool = True,
) -> list[Any]:
    """Paragraph fragments for ``text`` in ``chain``'s fonts; with ``linked``, those of
    a web or e-mail address carry its link (``(n, target)``, ``n`` counting them)."""
    out = []
    n = 0
    for piece, b, i in spans(text, bold, italic):
        for segment, target in _linked(piece) if linked else [(piece, None)]:
            link = [(n, target)] if target else []
            n += bool(target)
            out += _runs(segment, chain, size, color, b, i, link)
    return out


def _runs(
    text: str, chain: Chain, size: float, color: Color, b: bool, i: bool, link: list[Any]
) -> list[Any]:
    out = []
    for run, fam in chain.runs(text):
        f = ParaFrag()
        f.text = run
        f.fontName = fam.face(b, i)
        f.fontSize = size
        f.textColor = color
        f.bold = int(b)
        f.italic = int(i)
        f.rise = 0
        f.greek = 0
        f.link = link
        f.us_lines = []
        out.append(f)
    return out


def _linked(text: str) -> list[tuple[str, str | None]]:
    """``text`` in pieces, each web or e-mail address with its target.

    An address's piece is the whole word it stands in (the brackets and full stop
    around it too): a word broken over two lines is then inside one link.
    """
    out: list[tuple[str, str | None]] = []
    at = 0
    # found in the text without the soft hyphens a narrow column may have put in
    kept: Sequence[int] = range(len(text))
    plain = text
    if SOFT_HYPHEN in text:
        kept = [i for i, ch in enumerate(text) if ch != SOFT_HYPHEN]
        plain = "".join(text[i] for i in kept)
    for link in addresses.links(plain, (addresses.WEB, addresses.EMAIL)):
        first, last = kept[link.start], kept[link.end - 1]
        start = max(text.rfind(" ", 0, first) + 1, at)
        end = text.find(" ", last) + 1  # with the space after it: a piece that started
        end = len(text) if end <= 0 else end  # with one would print two
        if start > at:
            out.append((text[at:start], None))
        out.append((text[start:end], link.target))
        at = end
    if at < len(text) or not out:
        out.append((text[at:], None))
    return out
