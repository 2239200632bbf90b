"""Web addresses, e-mail addresses and phone numbers in author text: the one finder.

Everything that treats an address specially asks ``find``, so that they never
disagree on where one starts and ends: the HTML page links it (``https:``, ``mailto:``,
``tel:``), the PDF makes a link annotation over a web or e-mail address (a phone
number on paper is dialled by hand), and every line breaker breaks it only where a
reader still sees one address, never adding a hyphen (``Address.breaks``).

The rules are cautious, so that ordinary text is never taken for an address:

- a web address starts ``https://``, ``http://`` or ``www.`` (any capitals), or is a
  host and a path (``cdc.gov/flu``), and runs to the next space; punctuation that ends
  a sentence or closes a bracket around it (``.``, ``,``, ``;``, ``:``, ``!``, ``?``,
  quote marks, ``*``, and ``)`` or ``]`` without their opening partner inside the
  address) is not part of it.  Its host must have a dot before a letter
  (``http://localhost`` is not one).  A bare host (``example.org``) is kept whole on
  a line but is not a link: a full stop with no space after it (``fluids.Then``)
  looks the same;
- an e-mail address is ``name@host.tld``;
- a phone number has 7 to 15 digits in two to five groups separated by spaces, dots
  or hyphens, with an optional ``+country`` (or ``1``) and area code in brackets:
  ``(555) 010-0142``, ``1-800-555-0199``, ``+44 20 7946 0958``, ``01 23 45 67 89``.
  A date (``2026-04-30``, ``30.04.2026``) is not one.

Where each may break: a web address after a ``/`` or before a ``.``, ``?``, ``#`` or
``-`` (never in its ``https://``); an e-mail address before a ``.``, ``-`` or the
``@``; a phone number never.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

WEB = "web"
EMAIL = "email"
PHONE = "phone"

_HOST = r"(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}"
_START = r"(?<![\w.@%+/:-])"
"""An address starts a word: the search never tries the middle of one (it would be slow)."""
_PATTERN = re.compile(
    rf"{_START}(?:(?P<email>[A-Za-z0-9._%+-]+@{_HOST}(?![\w-]))"
    rf"|(?P<web>(?i:https?://|www\.)[^\s<>\"]+|{_HOST}(?::\d+)?/[^\s<>\"]*)"
    rf"|(?P<host>{_HOST}(?![\w@-])))"
    r"|(?P<phone>(?<![\w+])(?:(?:\+\d{1,3}|1)[ .-]?)?(?:\(\d{2,5}\)[ .-]?|\d{2,5}[ .-])"
    r"\d{2,5}(?:[ .-]\d{2,5}){0,3}(?![\w-]))"
)
_TRAILING = ".,;:!?'\"*\u2019\u201d"
"""Punctuation that ends a sentence (or emphasis) rather than an address."""
_CLOSERS = {")": "(", "]": "["}
_WEB_BEFORE = ".?#-"
_EMAIL_BEFORE = ".@-"
_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{4}")
_HOST_DOT = re.compile(r"\.[A-Za-z]")


@dataclass(frozen=True)
class Address:
    """One address or phone number: ``text[start:end]``."""

    start: int
    end: int
    kind: str
    """``WEB``, ``EMAIL`` or ``PHONE``."""
    target: str | None
    """What it links to (``https://...``, ``mailto:...``, ``tel:+...``); ``None`` for
    a bare host, which is not a link."""
    breaks: tuple[int, ...]
    """The offsets (into the whole text) where a line may break, before the character."""

    def pieces(self, text: str) -> list[str]:
        """The address's text cut at every place it may break."""
        cuts = [self.start, *self.breaks, self.end]
        return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


_NO_DIGITS = str.maketrans("", "", "0123456789")


def _may_hold(text: str) -> bool:
    """Whether ``text`` has what every address or phone number holds (a ``@``, a ``/``, a
    dot before a letter, seven digits): most prose has none and is not searched."""
    return (
        "@" in text
        or "/" in text
        or _HOST_DOT.search(text) is not None
        or len(text) - len(text.translate(_NO_DIGITS)) >= 7
    )


def find(text: str) -> list[Address]:
    """The web and e-mail addresses and phone numbers of ``text``, in order."""
    return list(_find(text)) if _may_hold(text) else []


@dataclass(frozen=True)
class Link:
    """An address that is a link: ``text[start:end]`` leads to ``target``."""

    start: int
    end: int
    kind: str
    target: str


def links(text: str, kinds: tuple[str, ...] = (WEB, EMAIL, PHONE)) -> list[Link]:
    """The addresses of ``kinds`` in ``text`` that are links, in order."""
    return [
        Link(a.start, a.end, a.kind, a.target)
        for a in find(text)
        if a.kind in kinds and a.target is not None
    ]


@functools.lru_cache(maxsize=4096)
def _find(text: str) -> tuple[Address, ...]:
    """``find``, once per text: a handout tightened to fit is laid out again."""
    out: list[Address] = []
    for m in _PATTERN.finditer(text):
        group = m.lastgroup or WEB
        start, end = m.span()
        shown = m.group()
        target: str | None
        if group == "email":
            kind, target = EMAIL, "mailto:" + shown
        elif group == "phone":
            digits = re.sub(r"\D", "", shown)
            if not 7 <= len(digits) <= 15 or _DATE.fullmatch(shown):
                continue
            kind, target = PHONE, f"tel:{'+' if shown.startswith('+') else ''}{digits}"
        else:
            end = _web_end(text, start, end)
            shown = text[start:end]
            scheme = re.match(r"https?://", shown, re.IGNORECASE)
            host = re.split(r"[/?#:]", shown[scheme.end() if scheme else 0 :], maxsplit=1)[0]
            if not _HOST_DOT.search(host):
                continue  # "https://" alone, or no host with a dot
            kind = WEB
            target = None if group == "host" else shown if scheme else "https://" + shown
        out.append(Address(start, end, kind, target, _breaks(text, start, end, kind)))
    return tuple(out)


def _web_end(text: str, start: int, end: int) -> int:
    """Where a web address ends: not at the punctuation closing a sentence or a bracket
    around it."""
    while end > start:
        ch = text[end - 1]
        opener = _CLOSERS.get(ch)
        unmatched = opener is not None and text.count(opener, start, end) < text.count(
            ch, start, end
        )
        if ch in _TRAILING or unmatched:
            end -= 1
        else:
            break
    return end


def _breaks(text: str, start: int, end: int, kind: str) -> tuple[int, ...]:
    if kind == PHONE:
        return ()
    body = start
    if kind == WEB:
        scheme = text.find("://", start, end)
        body = scheme + 3 if scheme >= 0 else start
    out: list[int] = []
    for i in range(body + 1, end):
        ch, before = text[i], text[i - 1]
        if kind == WEB:
            ok = (before == "/" and ch != "/") or (ch in _WEB_BEFORE and before not in "/.-?#")
        else:
            ok = ch in _EMAIL_BEFORE and before not in _EMAIL_BEFORE
        if ok:
            out.append(i)
    return tuple(out)


def website(value: str) -> str:
    """The address a clinic's ``website`` (``example.org`` or ``https://...``) links to."""
    value = value.strip()
    return value if re.match(r"https?://", value, re.IGNORECASE) else "https://" + value


def telephone(value: str) -> str | None:
    """The ``tel:`` address of a phone number as a clinic writes it, or ``None``."""
    digits = re.sub(r"\D", "", value)
    if not 3 <= len(digits) <= 15:
        return None
    return f"tel:{'+' if value.strip().startswith('+') else ''}{digits}"


Width = Callable[[str], float]
"""Width of a text, as it will be drawn (in any unit the caller likes)."""


def lines(address: Address, text: str, width: Width, room: float) -> list[str]:
    """The address cut at its break points into the longest runs that fit ``room``.

    A piece between two break points that is itself wider stays whole (the caller
    decides what then); nothing is added and nothing dropped: the runs joined are
    the address.
    """
    out: list[str] = []
    line = ""
    for piece in address.pieces(text):
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
    out: list[str] = []
    pos = 0
    for a in find(text):
        out += text[pos : a.start].split()
        out += a.pieces(text)
        pos = a.end
    return out + text[pos:].split()
