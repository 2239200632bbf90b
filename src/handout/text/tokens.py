"""Web addresses, e-mail addresses and phone numbers in a text, and where each may break.

What a reader copies or dials must print exactly as written: a line break may not add a
hyphen to it, and may fall only where a reader still sees one address.  A URL breaks
only after a ``/`` or before a ``.``, ``?``, ``#`` or ``-`` (never in its ``https://``);
an e-mail address before a ``.``, ``-`` or the ``@``; a phone number never.  Pure text work:
both renderers, and any line breaker, ask ``protected`` and honour what it says.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

URL = "url"
EMAIL = "email"
PHONE = "phone"

_HOST = r"(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}"
_START = r"(?<![\w.@%+/:-])"
"""An address starts a word: the search never tries the middle of one (it would be slow)."""
_PATTERN = re.compile(
    rf"{_START}(?:(?P<email>[A-Za-z0-9._%+-]+@{_HOST})"
    rf"|(?P<url>(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.)[^\s<>\"]+|{_HOST}(?::\d+)?/[^\s<>\"]*"
    rf"|{_HOST}(?![\w@-])))"
    r"|(?P<phone>(?<![\w+])(?:(?:\+\d{1,3}|1)[ .-]?)?(?:\(\d{2,5}\)[ .-]?|\d{2,5}[ .-])"
    r"\d{2,5}(?:[ .-]\d{2,5}){0,3}(?!\w))"
)
_TRAILING = ".,;:!?'\"\u2019\u201d"
"""Punctuation that ends a sentence rather than an address."""
_URL_BEFORE = ".?#-"
_EMAIL_BEFORE = ".@-"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Token:
    """One address or number: ``text[start:end]``, its kind, and the offsets (into the
    whole text) where a line may break, a break going before the character there."""

    start: int
    end: int
    kind: str
    breaks: tuple[int, ...]

    def pieces(self, text: str) -> list[str]:
        """The token's text cut at every place it may break."""
        cuts = [self.start, *self.breaks, self.end]
        return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


_DOT_LETTER = re.compile(r"\.[A-Za-z]")
_NO_DIGITS = str.maketrans("", "", "0123456789")


def _may_hold(text: str) -> bool:
    """Whether ``text`` has what every address or phone number holds (a ``@``, a ``/``, a
    dot before a letter, seven digits): most prose has none and is not searched."""
    return (
        "@" in text
        or "/" in text
        or _DOT_LETTER.search(text) is not None
        or len(text) - len(text.translate(_NO_DIGITS)) >= 7
    )


def protected(text: str) -> list[Token]:
    """The URLs, e-mail addresses and phone numbers of ``text``, in order."""
    return list(_protected(text)) if _may_hold(text) else []


@functools.lru_cache(maxsize=4096)
def _protected(text: str) -> tuple[Token, ...]:
    """``protected``, once per text: a handout tightened to fit is laid out again."""
    out: list[Token] = []
    for m in _PATTERN.finditer(text):
        kind = m.lastgroup or URL
        start, end = m.span()
        if kind == URL:
            end = _url_end(text, start, end)
            if not any(ch.isalpha() for ch in text[start:end]):
                continue
        elif kind == PHONE:
            digits = sum(ch.isdigit() for ch in text[start:end])
            if not 7 <= digits <= 15 or _DATE.fullmatch(text[start:end]):
                continue
        out.append(Token(start, end, kind, _breaks(text, start, end, kind)))
    return tuple(out)


def _url_end(text: str, start: int, end: int) -> int:
    """Where a URL ends: not at the punctuation closing a sentence or a bracket around it."""
    while end > start:
        ch = text[end - 1]
        unmatched = ch == ")" and text.count("(", start, end) < text.count(")", start, end)
        if ch in _TRAILING or unmatched:
            end -= 1
        else:
            break
    return end


def _breaks(text: str, start: int, end: int, kind: str) -> tuple[int, ...]:
    if kind == PHONE:
        return ()
    body = start
    if kind == URL:
        scheme = text.find("://", start, end)
        body = scheme + 3 if scheme >= 0 else start
    out: list[int] = []
    for i in range(body + 1, end):
        ch, before = text[i], text[i - 1]
        if kind == URL:
            ok = (before == "/" and ch != "/") or (ch in _URL_BEFORE and before not in "/.-?#")
        else:
            ok = ch in _EMAIL_BEFORE and before not in _EMAIL_BEFORE
        if ok:
            out.append(i)
    return tuple(out)


Width = Callable[[str], float]
"""Width of a text, as it will be drawn (in any unit the caller likes)."""


def lines(token: Token, text: str, width: Width, room: float) -> list[str]:
    """The token cut at its break points into the longest runs that fit ``room``.

    A piece between two break points that is itself wider stays whole (the caller
    decides what then); nothing is added and nothing dropped: the runs joined are
    the token.
    """
    out: list[str] = []
    line = ""
    for piece in token.pieces(text):
        if line and width(line + piece) > room:
            out.append(line)
            line = piece
        else:
            line += piece
    out.append(line)
    return out


def units(text: str) -> list[str]:
    """The pieces of ``text`` no line break may cut: its words, a phone number whole (with
    its spaces), an address's pieces between its break points."""
    found = protected(text)
    out: list[str] = []
    pos = 0
    for t in found:
        out += text[pos : t.start].split()
        out += t.pieces(text)
        pos = t.end
    return out + text[pos:].split()
