"""Left-to-right runs inside right-to-left text: numbers, doses, phone numbers, Latin words.

A browser orders a line with the Unicode Bidirectional Algorithm, which gets a lone
Latin word right but not the neutral characters around numbers: in Arabic text
"(555) 010-0199" can show as "0199-010 (555)" and a bracket can land on the wrong
side of "500 mg".  Marking each such run as an isolate of its own direction (HTML
``<span dir="ltr">``) keeps it whole and in its order, wherever it falls in the line.
"""

from __future__ import annotations

import re
import unicodedata

_STRONG_LTR = frozenset({"L", "EN"})
"""Bidi classes that make a run left to right: Latin (and other LTR) letters, digits."""
_BREAKS = frozenset({"R", "AL", "AN", "B", "S"})
"""Classes a left-to-right run never crosses: RTL letters, Arabic digits, separators."""
_EDGE = re.compile(r"^[\s,.;:!?،؛\-\u2010-\u2014]+|[\s,.;:!?،؛\-\u2010-\u2014]+$")
"""Punctuation, dashes and spaces at a run's ends belong to the sentence around it
(Hebrew "מ-4": the hyphen joins the prefix to the number)."""
_OPEN, _CLOSE = "([{", ")]}"


def ltr_runs(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of ``text`` to isolate as left to right: each holds a
    Latin letter or a European digit, is not crossed by a right-to-left letter, and
    keeps its brackets only when both ends are inside (``(Tamiflu)``, ``(555) 010-0199``).
    """
    if text.isascii():
        span = _trim(text, 0, len(text))
        return [span] if span else []
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, ch in enumerate(text + "\u05d0"):  # an RTL letter closes the last run
        klass = unicodedata.bidirectional(ch)
        if klass in _BREAKS or (klass == "NSM" and start is None):
            if start is not None:
                span = _trim(text, start, i)
                if span:
                    out.append(span)
                start = None
        elif start is None:
            start = i
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without the neutrals at its ends and its unpaired brackets; ``None`` when
    nothing left to right remains."""
    while True:
        piece = text[start:end]
        m = _EDGE.search(piece)
        if m and m.group():
            if m.start() == 0:
                start += m.end()
            else:
                end = start + m.start()
            continue
        if piece and piece[0] in _OPEN and _CLOSE[_OPEN.index(piece[0])] not in piece:
            start += 1
            continue
        if piece and piece[-1] in _CLOSE and _OPEN[_CLOSE.index(piece[-1])] not in piece:
            end -= 1
            continue
        break
    piece = text[start:end]
    if not any(unicodedata.bidirectional(ch) in _STRONG_LTR for ch in piece):
        return None
    return start, end
