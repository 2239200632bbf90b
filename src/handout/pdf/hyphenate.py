"""Soft hyphens for words too wide for their table column.

A narrow column (four items in large print) can be narrower than a long word such
as "electromyography".  ReportLab would then cut the word anywhere, without a
hyphen ("electr|omyography").  We insert soft hyphens at the dictionary's break
points, for those words only, so ReportLab breaks them where a reader expects
and shows the hyphen.  Dictionaries come with ``pyphen``; nothing is downloaded.
Words are measured by the caller's ``Width``, in the font that will draw them.
Web and e-mail addresses and phone numbers (``text.addresses``) never get a hyphen: they
break where ``roles.break_addresses`` says, or not at all.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from ..text import addresses

SOFT_HYPHEN = "\u00ad"
Width = Callable[[str], float]
"""Width in points of a text, as it will be drawn."""


@functools.cache
def _dictionary(language: str) -> Any:
    import pyphen

    found = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=found) if found else None


def soft(word: str, language: str) -> str:
    """``word`` with soft hyphens at its break points (unchanged if no dictionary)."""
    dic = _dictionary(language)
    return dic.inserted(word, hyphen=SOFT_HYPHEN) if dic else word


def fit(text: str, width: Width, room: float, language: str) -> str:
    """Soft-hyphenate the words of ``text`` wider than ``room`` points.

    A word breaks at its language's dictionary points (pyphen), where ReportLab
    then shows a hyphen.  Only a piece between two such points that is itself wider
    than the column, or a word without any, is cut further: after its last letter
    that fits, the one place a word breaks outside the dictionary.  Each word wider
    than the column thus gets break points that all fit, so ReportLab never has to
    cut it anywhere on its own (it would then leave the rest of a hyphenated word
    running out of the column).
    """
    if width(text) <= room:
        return text
    words = text.split(" ")
    kept = _in_tokens(text, words)
    wide = [i for i, w in enumerate(words) if i not in kept and width(w) > room]
    for i in wide:
        words[i] = _break_points(words[i], width, room, language)
    return " ".join(words) if wide else text


def _in_tokens(text: str, words: list[str]) -> set[int]:
    """Which of ``text``'s space-separated ``words`` are part of an address or number."""
    found = addresses.find(text)
    if not found:
        return set()
    out, pos = set(), 0
    for i, word in enumerate(words):
        end = pos + len(word)
        if any(t.start < end and pos < t.end for t in found):
            out.add(i)
        pos = end + 1
    return out


_WORD = re.compile(r"(\W*)(.*?)(\W*)", re.DOTALL)


def _break_points(word: str, width: Width, room: float, language: str) -> str:
    """``word`` with soft hyphens where it may break, every piece fitting ``room``."""
    m = _WORD.fullmatch(word)
    assert m is not None
    head, core, tail = m.groups()
    pieces = soft(core, language).split(SOFT_HYPHEN)
    pieces[0] = head + pieces[0]
    pieces[-1] += tail
    out: list[str] = []
    for n, piece in enumerate(pieces):
        last = n == len(pieces) - 1
        while width(piece if last else piece + "-") > room and len(piece) > 1:
            cut = _longest_fit(piece, width, room)
            out.append(piece[:cut])
            piece = piece[cut:]
        out.append(piece)
    if width(word) > LONG_WORD * room:
        return " ".join(_lines(out, width, room))
    return SOFT_HYPHEN.join(out)


LONG_WORD = 3.0
"""A word wider than this many columns is broken into its lines before ReportLab sees it:
ReportLab's search for a soft hyphen that fits grows with the cube of a word's length
(a minute for a 2,000-letter "word"), while a word this long cannot start on the
line before anyway."""


def _lines(pieces: list[str], width: Width, room: float) -> list[str]:
    """``pieces`` of one word joined into the longest runs that fit ``room`` with a hyphen.

    Each run but the last ends with a hyphen.  Two runs never fit one line together,
    since each is as long as it can be, so ReportLab keeps them on lines of their own.
    """
    out: list[str] = []
    line = pieces[0]
    for piece in pieces[1:]:
        if width(line + piece + "-") <= room:
            line += piece
        else:
            out.append(line + "-")
            line = piece
    out.append(line)
    return out


def _longest_fit(piece: str, width: Width, room: float) -> int:
    """How many leading characters of ``piece`` fit ``room`` with a hyphen (at least 1)."""
    cut = 1
    while cut < len(piece) - 1 and width(piece[: cut + 1] + "-") <= room:
        cut += 1
    return cut
