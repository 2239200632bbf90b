"""Web addresses, e-mail addresses and phone numbers in author text: what becomes a link.

Both renderers ask ``find``: the HTML page links all three (``https:``, ``mailto:``,
``tel:``); the PDF makes link annotations for web and e-mail addresses (a phone
number on paper is dialled by hand).  The rules are cautious, so that ordinary text
is never taken for an address:

- a web address starts ``https://``, ``http://`` or ``www.``, and runs to the next
  space; punctuation that ends a sentence or closes a bracket around it (``.``,
  ``,``, ``;``, ``:``, ``!``, ``?``, quote marks, and ``)`` or ``]`` without their
  opening partner inside the address) is not part of it;
- an e-mail address is ``name@host.tld``;
- a phone number has 7 to 15 digits in groups separated by spaces, dots or hyphens,
  with an optional ``+country`` (or ``1``) and area code in brackets: ``(555) 010-0142``,
  ``555-010-0142``, ``+44 20 7946 0958``.  A date (``2026-04-30``) is not one: its
  last group has two digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WEB, EMAIL, PHONE = "web", "email", "phone"

_WEB = re.compile(r"(?<![\w@/.])(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+\d{1,3}|1)[ .-]?)?(?:\(\d{2,5}\)[ .-]?|\d{2,5}[ .-])(?:\d{2,5}[ .-])?"
    r"\d{3,5}(?![\w-])"
)
_TRAILING = ".,;:!?'\"\u2019\u201d"
_CLOSERS = {")": "(", "]": "["}


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    """Where the address is in the text (``text[start:end]``)."""
    kind: str
    """``WEB``, ``EMAIL`` or ``PHONE``."""
    target: str
    """What it links to: ``https://...``, ``mailto:...`` or ``tel:+...``."""


def find(text: str, kinds: tuple[str, ...] = (WEB, EMAIL, PHONE)) -> list[Link]:
    """The addresses of ``kinds`` in ``text``, in order, none overlapping."""
    found: list[Link] = []
    if WEB in kinds:
        for m in _WEB.finditer(text):
            end = m.start() + len(_trimmed(m.group()))
            shown = text[m.start() : end]
            if "." not in shown.split("//", 1)[-1]:
                continue  # "https://" alone, or no host with a dot
            target = shown if "://" in shown else "https://" + shown
            found.append(Link(m.start(), end, WEB, target))
    if EMAIL in kinds:
        for m in _EMAIL.finditer(text):
            found.append(Link(m.start(), m.end(), EMAIL, "mailto:" + m.group()))
    if PHONE in kinds:
        for m in _PHONE.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if 7 <= len(digits) <= 15:
                plus = "+" if m.group().startswith("+") else ""
                found.append(Link(m.start(), m.end(), PHONE, f"tel:{plus}{digits}"))
    out: list[Link] = []
    for link in sorted(found, key=lambda k: (k.start, -k.end)):
        if not out or link.start >= out[-1].end:
            out.append(link)
    return out


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


def _trimmed(url: str) -> str:
    """``url`` without the punctuation that ends the sentence around it."""
    while url:
        last = url[-1]
        unmatched = last in _CLOSERS and url.count(_CLOSERS[last]) < url.count(last)
        if last not in _TRAILING and not unmatched:
            break
        url = url[:-1]
    return url
