"""Left-to-right runs inside right-to-left text: numbers, doses, phone numbers, Latin words.

A browser orders a line with the Unicode Bidirectional Algorithm, which gets a lone
Latin word right but not the neutral characters around numbers: in Arabic text
"(555) 010-0199" can show as "0199-010 (555)" and a bracket can land on the wrong
side of "500 mg".  Marking each such run as an isolate of its own direction (HTML
``<span dir="ltr">``) keeps it whole and in its order, wherever it falls in the line.
"""

from __future__ import annotations

import unicodedata

_STRONG_LTR = frozenset({"L", "EN"})
"""Bidi classes that make a run left to right: Latin (and other LTR) letters, digits."""
_BREAKS = frozenset({"R", "AL", "AN", "B", "S"})
"""Classes a left-to-right run never crosses: RTL letters, Arabic digits, separators."""
_NEUTRAL = frozenset({"WS", "ON", "CS", "ES", "ET", "BN", "NSM", "S"})
"""Classes of the characters a run sheds at its ends: spaces, punctuation, dashes and
separators belong to the sentence around it ("RES-101 · ...": the dot is the list's; in
Hebrew "מ-4" the hyphen joins the prefix to the number) ..."""
_KEEP_FIRST, _KEEP_LAST = "([{+", ")]}%°"
"""... except an opening bracket or a plus sign that starts the run ("(555) 010-0199",
"+1 555") and a closing bracket, percent or degree sign that ends it ("50%")."""
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
    while start < end:
        first, last = text[start], text[end - 1]
        if first in _OPEN and _CLOSE[_OPEN.index(first)] not in text[start:end]:
            start += 1
        elif last in _CLOSE and _OPEN[_CLOSE.index(last)] not in text[start:end]:
            end -= 1
        elif first not in _KEEP_FIRST and unicodedata.bidirectional(first) in _NEUTRAL:
            start += 1
        elif last not in _KEEP_LAST and unicodedata.bidirectional(last) in _NEUTRAL:
            end -= 1
        else:
            break
    piece = text[start:end]
    if not any(unicodedata.bidirectional(ch) in _STRONG_LTR for ch in piece):
        return None
    return start, end


def protected(text: str) -> list[tuple[int, int, frozenset[int]]]:
    """The left-to-right runs of ``text`` as spans the bidi algorithm isolates and the
    line breaker keeps together (``breaks.Protected``): a run may break only at a space
    between two words, never inside "(555) 010-0199", "500 mg", "Oseltamivir (Tamiflu)"
    or "2026-11-15"."""
    out = []
    for start, end in ltr_runs(text):
        allowed = frozenset(
            i
            for i in range(start + 1, end)
            if i >= 2 and text[i - 1] == " " and text[i].isalpha() and text[i - 2].isalpha()
        )
        out.append((start, end, allowed))
    return out
