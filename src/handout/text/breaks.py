"""Where a line may break: the Unicode line-breaking algorithm (UAX #14), tailored.

UAX #14 (from ``uniseg``) already keeps a line from starting with closing punctuation
(，。、：；！？）」』》〉】 and their kin), an ellipsis or a full stop, and from ending
with an opening bracket; it breaks between two Han or kana characters and never
inside a Latin word or a number.  Tailored here, as clinics' handouts need:

- strict kinsoku (Japanese): small kana and the prolonged sound mark (ぁぃぅぇぉっゃゅょ
  ァィゥェォッャュョ ー and kin, class CJ) never start a line;
- Korean breaks at spaces, as English does, not between syllables;
- a number and its unit ("500 mg", "38 °C") stay on one line;
- a URL, e-mail address or phone number (``protected`` spans, from ``text.addresses``)
  breaks only where its own rule allows (after ``/``, before ``.``...), never elsewhere.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

_UNITS = (
    r"(?:mg/kg|mg/dL|mmol/L|mg|mcg|µg|μg|g|kg|ml|mL|l|L|dl|dL|mmHg|mmol|IU|UI|cm|mm|m|km|"
    r"°C|°F|℃|℉|%|kcal|h|min|s|lb|lbs|oz|毫克|毫升|克|公斤)"
)
_UNIT = re.compile(r"(?<![0-9A-Za-z.,])\d(?:[\d.,]*\d)?[ \u00a0]" + _UNITS + r"(?![A-Za-z])")

Protected = tuple[int, int, frozenset[int]]
"""A span that breaks only at its own offsets: start, end, and the positions (in the
paragraph) before which it may break."""


@functools.cache
def _tailored() -> Callable[[str], Any]:
    """UAX #14's line-break class of a character, tailored as above.

    ``uniseg`` is imported here, when a paragraph is first broken into lines: a
    handout that never needs the text engine's line breaking does not load it.
    """
    from uniseg import linebreak as lb

    korean = frozenset({lb.LB.H2, lb.LB.H3, lb.LB.JL, lb.LB.JV, lb.LB.JT})

    def tailored(ch: str) -> Any:
        kind = lb.line_break(ch)
        if kind == lb.LB.CJ:
            return lb.LB.NS
        if kind in korean:
            return lb.LB.AL
        return kind

    return tailored


@functools.lru_cache(maxsize=4096)
def _uax14(text: str) -> tuple[int, ...]:
    from uniseg import linebreak as lb

    marks = lb.line_break_breakables(text, property=_tailored())
    return tuple(i for i, ok in enumerate(marks) if ok and i)


def opportunities(text: str, protected: Iterable[Protected] = ()) -> list[int]:
    """The offsets ``i`` (0 < i < len) where a line may break before ``text[i]``."""
    found = set(_uax14(text))
    for start, end in units(text):
        found.difference_update(range(start + 1, end))
    for start, end, allowed in protected:
        for i in range(start + 1, end):
            if i not in allowed:
                found.discard(i)
            else:
                found.add(i)
    return sorted(found)


def units(text: str) -> list[tuple[int, int]]:
    """The spans of numbers with their unit ("500 mg", "38 °C"): one unbreakable piece,
    and left to right as a whole inside right-to-left text."""
    if not any(ch.isdigit() for ch in text):
        return []
    return [m.span() for m in _UNIT.finditer(text)]


def graphemes(text: str, start: int, end: int) -> Sequence[int]:
    """Offsets inside ``text[start:end]`` between its user-perceived characters: where a
    word too long for its line is cut, as the last resort."""
    from uniseg.graphemecluster import grapheme_cluster_boundaries

    return [start + b for b in grapheme_cluster_boundaries(text[start:end]) if 0 < b < end - start]
