"""Author text -> ReportLab paragraph fragments, with no markup parsing.

Content is plain text: ``<b>`` or ``&amp;`` written by an author must print as
written.  Instead of escaping text into ReportLab's paragraph markup and having
ReportLab parse it back, we build the fragments (``ParaFrag``) ourselves: it is
both exact and much faster.  The emphasis forms, ``**bold**`` and ``*italic*``, are
parsed in ``model.emphasis``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from reportlab.lib.colors import Color

from ..model.emphasis import Span, plain, spans
from ..text import addresses
from .fonts import Chain
from .platypus import ParaFrag
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
    for target, runs in _plan(text, chain, bold, italic, linked):
        link = [target] if target else []  # one list for the runs of one piece, as ever
        for run, face, b, i in runs:
            out.append(
                ParaFrag(
                    text=run,
                    fontName=face,
                    fontSize=size,
                    textColor=color,
                    bold=b,
                    italic=i,
                    rise=0,
                    greek=0,
                    link=link,
                    us_lines=[],
                )
            )
    return out


_Plan = tuple[tuple[tuple[int, str] | None, tuple[tuple[str, str, int, int], ...]], ...]


@functools.lru_cache(maxsize=512)
def _plan(text: str, chain: Chain, bold: bool, italic: bool, linked: bool) -> _Plan:
    """What ``frags`` makes of ``text``: its pieces, each with its link (or ``None``)
    and its runs (text, face, bold, italic).  Kept for the handout's next layouts
    (``fit``), which set the same texts again; the fragments themselves are made anew
    each time, since a layout changes them."""
    out = []
    n = 0
    for piece, b, i in spans(text, bold, italic):
        for segment, target in _linked(piece) if linked else ((piece, None),):
            link = (n, target) if target else None
            n += bool(target)
            runs = tuple((run, fam.face(b, i), int(b), int(i)) for run, fam in chain.runs(segment))
            out.append((link, runs))
    return tuple(out)


def _linked(text: str) -> tuple[tuple[str, str | None], ...]:
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
    return tuple(out)
