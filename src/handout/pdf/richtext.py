"""Author text -> ReportLab paragraph fragments, with no markup parsing.

Content is plain text: ``<b>`` or ``&amp;`` written by an author must print as
written.  Instead of escaping text into ReportLab's paragraph markup and having
ReportLab parse it back, we build the fragments (``ParaFrag``) ourselves: it is
both exact and much faster.  The emphasis forms, ``**bold**`` and ``*italic*``, are
parsed in ``model.emphasis``.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus.paraparser import ParaFrag

from ..model.emphasis import Span, plain, spans
from .fonts import Chain

__all__ = ["Span", "frags", "plain", "spans"]


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
