"""The Unicode Bidirectional Algorithm (UAX #9): embedding levels of a paragraph, and
the order in which the pieces of one line are shown.

Why our own: the layout breaks a paragraph into lines itself, so it needs the resolved
level of every character (UAX #9 rules W1-I2 over the whole paragraph), then the order
of each line (rules L1-L2).  ``python-bidi`` gives only the reordered string of a whole
text, and its licence (LGPL) would be a second one to carry; the tests compare this
module's order with it on many texts.

What handouts need, and what this does:
- a paragraph's direction comes from its language (an Arabic handout is right to left
  even where a paragraph starts with a Latin word), or from its first strong letter;
- numbers, doses, phone numbers, URLs and e-mail addresses inside right-to-left text
  keep their left-to-right order as a whole: the caller passes their spans as
  left-to-right isolates (as if wrapped in U+2066 ... U+2069), so "(555) 010-0199" and
  "500 mg" are never reordered inside;
- isolates an author wrote (U+2066-U+2069) work the same way; the older embedding and
  override controls (U+202A-U+202E) are ignored, as rule X9 removes them.
- Mirrored characters (brackets) are mirrored by the shaper (HarfBuzz mirrors them in a
  right-to-left run), not here.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

Span = tuple[int, int]

_STRONG = {"L": "L", "R": "R", "AL": "R", "EN": "R", "AN": "R"}
"""How a class counts as strong for rules N0-N2 (numbers count as right to left)."""
_NEUTRAL = frozenset({"B", "S", "WS", "ON", "NI"})
_REMOVED = frozenset({"LRE", "RLE", "PDF", "LRO", "RLO", "BN"})
_OPENERS = "([{\u0f3a\u0f3c\u169b\u2045\u207d\u208d\u2308\u230a\u2329\u2768\u276a\u276c\u276e\u2770\u2772\u2774\u27c5\u27e6\u27e8\u27ea\u27ec\u27ee\u2983\u2985\u2987\u2989\u298b\u298d\u298f\u2991\u2993\u2995\u2997\u29d8\u29da\u29fc\u3008\u300a\u300c\u300e\u3010\u3014\u3016\u3018\u301a\ufe59\ufe5b\ufe5d\uff08\uff3b\uff5b\uff5f\uff62"  # noqa: E501
_CLOSERS = ")]}\u0f3b\u0f3d\u169c\u2046\u207e\u208e\u2309\u230b\u232a\u2769\u276b\u276d\u276f\u2771\u2773\u2775\u27c6\u27e7\u27e9\u27eb\u27ed\u27ef\u2984\u2986\u2988\u298a\u298c\u298e\u2990\u2992\u2994\u2996\u2998\u29d9\u29db\u29fd\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b\ufe5a\ufe5c\ufe5e\uff09\uff3d\uff5d\uff60\uff63"  # noqa: E501
_PAIR = dict(zip(_OPENERS, _CLOSERS, strict=True))
_CLOSE = frozenset(_CLOSERS)
_ISOLATE_OPEN = {"\u2066": "L", "\u2067": "R", "\u2068": "FS"}
_ISOLATE_CLOSE = "\u2069"


def base_level(text: str) -> int:
    """0 or 1: the direction of ``text``'s first strong letter (rules P2-P3), 0 if none."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return 0
        if kind in ("R", "AL"):
            return 1
    return 0


def levels(text: str, base: int | None = None, isolates: Sequence[Span] = ()) -> list[int]:
    """The resolved embedding level of each character of ``text`` (one paragraph).

    ``base``: the paragraph level (0 left to right, 1 right to left), or ``None`` for
    that of the first strong letter.  ``isolates``: sorted, non-overlapping spans shown
    as left-to-right isolates (a dose, a phone number, a URL).
    """
    if base is None:
        base = base_level(text)
    spans = _author_isolates(text, list(isolates))
    out = [base] * len(text)
    _resolve(text, 0, len(text), base, spans, out)
    return out


def _author_isolates(text: str, given: list[Span]) -> list[tuple[int, int, str]]:
    """The caller's spans (left to right) and the isolates written in ``text``, outermost
    first; an unclosed isolate runs to the end."""
    spans = [(a, b, "L") for a, b in given]
    if not any(ch in _ISOLATE_OPEN or ch == _ISOLATE_CLOSE for ch in text):
        return spans
    stack: list[tuple[int, str]] = []
    found: list[tuple[int, int, str]] = []
    for i, ch in enumerate(text):
        if ch in _ISOLATE_OPEN:
            stack.append((i, _ISOLATE_OPEN[ch]))
        elif ch == _ISOLATE_CLOSE and stack:
            start, kind = stack.pop()
            found.append((start + 1, i, kind))
    found += [(start + 1, len(text), kind) for start, kind in stack]
    inside = [s for s in spans if not any(a <= s[0] and s[1] <= b for a, b, _ in found)]
    return sorted(found + inside)


def _resolve(
    text: str, start: int, end: int, level: int, spans: list[tuple[int, int, str]], out: list[int]
) -> None:
    """Resolve ``text[start:end]`` at ``level``; spans inside are isolates, each resolved
    on its own and seen from outside as one neutral character."""
    top = [s for s in spans if start <= s[0] and s[1] <= end]
    outer = [s for s in top if not any(o is not s and o[0] <= s[0] and s[1] <= o[1] for o in top)]
    idx: list[int] = []
    kinds: list[str] = []
    i = start
    for a, b, kind in sorted(outer):
        for j in range(i, a):
            idx.append(j)
            kinds.append(_class(text[j]))
        idx.append(-1)  # the isolate, a neutral
        kinds.append("NI")
        inner_text = text[a:b]
        way = base_level(inner_text) if kind == "FS" else (0 if kind == "L" else 1)
        inner = level + 1 + ((level + 1) % 2 != way)
        for j in range(a, b):
            out[j] = inner
        _resolve(text, a, b, inner, [s for s in spans if s not in outer], out)
        i = b
    for j in range(i, end):
        idx.append(j)
        kinds.append(_class(text[j]))
    chars = [text[j] if j >= 0 else "" for j in idx]
    resolved = _weak_and_neutral(kinds, chars, "R" if level % 2 else "L")
    for j, kind in zip(idx, resolved, strict=True):
        if j < 0:
            continue
        if level % 2 == 0:
            out[j] = level + (1 if kind == "R" else 2 if kind in ("AN", "EN") else 0)
        else:
            out[j] = level + (1 if kind in ("L", "EN", "AN") else 0)


def _class(ch: str) -> str:
    kind = unicodedata.bidirectional(ch) or "L"
    if ch in _ISOLATE_OPEN or ch == _ISOLATE_CLOSE:
        return "NI"
    return kind


def _weak_and_neutral(kinds: list[str], chars: list[str], e: str) -> list[str]:
    """Rules W1-W7 and N0-N2 over one isolating run sequence; ``e`` is its direction."""
    t = ["BN" if k in _REMOVED else k for k in kinds]
    n = len(t)
    # W1: a mark takes the class of what it sits on
    prev = e
    for i in range(n):
        if t[i] == "NSM":
            t[i] = "ON" if prev == "NI" else prev
        if t[i] != "BN":
            prev = t[i]
    # W2, W3: European digits after Arabic letters are Arabic; AL is R
    last = e
    for i in range(n):
        if t[i] in ("L", "R", "AL"):
            last = t[i]
        elif t[i] == "EN" and last == "AL":
            t[i] = "AN"
    t = ["R" if k == "AL" else k for k in t]
    # W4: one separator between two numbers of a kind
    for i in range(1, n - 1):
        if t[i] == "ES" and t[i - 1] == "EN" and t[i + 1] == "EN":
            t[i] = "EN"
        elif t[i] == "CS" and t[i - 1] == t[i + 1] and t[i - 1] in ("EN", "AN"):
            t[i] = t[i - 1]
    # W5: terminators next to a European number
    i = 0
    while i < n:
        if t[i] == "ET":
            j = i
            while j < n and t[j] in ("ET", "BN"):
                j += 1
            if (i > 0 and t[i - 1] == "EN") or (j < n and t[j] == "EN"):
                for k in range(i, j):
                    t[k] = "EN"
            i = j
        else:
            i += 1
    # W6, W7
    t = ["ON" if k in ("ES", "ET", "CS") else k for k in t]
    last = e
    for i in range(n):
        if t[i] in ("L", "R"):
            last = t[i]
        elif t[i] == "EN" and last == "L":
            t[i] = "L"
    _brackets(t, chars, e)
    # N1, N2: neutrals between two of a direction take it, others the embedding's
    i = 0
    while i < n:
        if t[i] in _NEUTRAL or t[i] == "BN":
            j = i
            while j < n and (t[j] in _NEUTRAL or t[j] == "BN"):
                j += 1
            before = _STRONG.get(t[i - 1], e) if i > 0 else e
            after = _STRONG.get(t[j], e) if j < n else e
            fill = before if before == after else e
            for k in range(i, j):
                t[k] = fill
            i = j
        else:
            i += 1
    return t


def _brackets(t: list[str], chars: list[str], e: str) -> None:
    """Rule N0: a pair of brackets takes the direction of what it encloses (BD16)."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(chars):
        if t[i] != "ON":
            continue
        if ch in _PAIR:
            if len(stack) == 63:
                break
            stack.append((_PAIR[ch], i))
        elif ch in _CLOSE:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == ch:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    for a, b in sorted(pairs):
        inside = {_STRONG[k] for k in t[a + 1 : b] if k in _STRONG}
        if not inside:
            continue
        before = next((_STRONG[k] for k in reversed(t[:a]) if k in _STRONG), e)
        t[a] = t[b] = e if e in inside else before


def visual_order(levels_: Sequence[int]) -> list[int]:
    """Rule L2: the indices of a line's pieces in the order they are shown, left to right.

    ``levels_`` are the pieces' levels after rule L1 (``line_levels``).
    """
    order = list(range(len(levels_)))
    if not levels_:
        return order
    highest = max(levels_)
    lowest_odd = min((lv for lv in levels_ if lv % 2), default=highest + 1)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels_[order[i]] >= level:
                j = i
                while j < len(order) and levels_[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def line_levels(text: str, levels_: Sequence[int], base: int) -> list[int]:
    """Rule L1: ``levels_`` of one line with its trailing white space (and white space
    before a tab) put back at the paragraph level ``base``."""
    out = list(levels_)
    i = len(text)
    while i > 0 and unicodedata.bidirectional(text[i - 1]) in ("WS", "BN", "S", "B"):
        i -= 1
        out[i] = base
    for j, ch in enumerate(text):
        if unicodedata.bidirectional(ch) in ("S", "B"):
            out[j] = base
            k = j
            while k > 0 and unicodedata.bidirectional(text[k - 1]) in ("WS", "BN"):
                k -= 1
                out[k] = base
    return out
