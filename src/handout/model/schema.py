"""Small checks shared by every file format (content, style, manifest).

A ``Checker`` walks parsed data and *collects* problems instead of stopping at the
first one, so a user sees everything wrong with a file at once.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from ..errors import InputError, Problem
from .yamlfile import REFUSED_CHARS, PathKey, YamlDoc, describe_char

# Invisible characters that word processors paste in; dropped silently.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad\r"), None)
# The zero-width non-joiner and joiner choose a letter's form in Arabic-script and Indic
# text (Farsi "می‌خواهم", Devanagari half forms): kept next to a letter or mark of those
# scripts (Arabic, Syriac, Thaana, N'Ko and their presentation forms; Devanagari to
# Sinhala), dropped everywhere else, where they change nothing printed.
_JOINING = "\u0600-\u08ff\u0900-\u0dff\ufb50-\ufdff\ufe70-\ufefe"
_IDLE_JOINERS = re.compile(
    rf"(?<![{_JOINING}\u200c\u200d])[\u200c\u200d]+(?![{_JOINING}\u200c\u200d])"
)


def type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dt.date):
        return "a date"
    return type(value).__name__


def suggest(word: str, choices: Sequence[str]) -> str:
    """`` did you mean 'summary'?`` or ``""``."""
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


class Checker:
    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.problems: list[Problem] = list(doc.problems)

    def fail(self, path: PathKey, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def raise_if_failed(self) -> None:
        if self.problems:
            raise InputError(self.problems)

    def mapping(
        self,
        path: PathKey,
        value: Any,
        allowed: Sequence[str],
        required: Sequence[str] = (),
        what: str = "",
    ) -> dict[str, Any] | None:
        """Check ``value`` is a mapping with only ``allowed`` keys and every ``required`` one."""
        if not isinstance(value, dict):
            self.fail(
                path, f"expected {what or 'a mapping (key: value pairs)'}, found {type_name(value)}"
            )
            return None
        missing = [key for key in required if key not in value]
        for key in value:
            if key in allowed:
                continue
            match = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            if not match:
                self.fail((*path, key), f"unknown key '{key}'; allowed here: {', '.join(allowed)}")
                continue
            message = f"unknown key '{key}'; did you mean '{match[0]}'?"
            if match[0] in missing:  # one typo, one problem
                missing.remove(match[0])
                message += f" ({match[0]} is required)"
            self.fail((*path, key), message)
        for key in missing:
            self.fail(path, f"missing required key '{key}'")
        return value

    def text(self, path: PathKey, value: Any, required: bool = True) -> str | None:
        """Plain text: a string, cleaned of invisible characters, non-empty when required."""
        if value is None and not required:
            return None
        if not isinstance(value, str):
            hint = (
                " (put it in quotes to use it as text)"
                if isinstance(value, (int, float, bool, dt.date))
                else ""
            )
            self.fail(path, f"expected text, found {type_name(value)}{hint}")
            return None
        cleaned = clean_text(value)
        bad = REFUSED_CHARS.search(cleaned)
        if bad:
            self.fail(path, f"contains {describe_char(bad.group())}; delete it")
            return None
        if not cleaned.strip():
            if required:
                self.fail(path, "is empty; write some text here")
            return None
        return cleaned

    def text_list(self, path: PathKey, value: Any) -> list[str | None] | None:
        if not isinstance(value, list):
            self.fail(path, f"expected a list, found {type_name(value)}")
            return None
        return [self.text((*path, i), v) for i, v in enumerate(value)]

    def date(self, path: PathKey, value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        reason = ""
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError as exc:
                if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
                    reason = f" ({exc})"  # e.g. month must be in 1..12
        self.fail(path, f"expected a date written as YYYY-MM-DD, found {value!r}{reason}")
        return None


def clean_text(value: str) -> str:
    """NFC-normalise, drop invisible characters and turn tabs into spaces.

    NFC turns a letter followed by a combining accent into the one precomposed
    character that fonts carry, as typed text from another editor may come decomposed.
    Joiners stay where they change a letter's form (``_JOINING``).
    """
    value = value.translate(_INVISIBLE)
    if "\u200c" in value or "\u200d" in value:
        value = _IDLE_JOINERS.sub("", value)
    return unicodedata.normalize("NFC", value).replace("\t", " ")


_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")
"""White space but the no-break spaces."""


def one_line(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space, trimmed.

    A no-break space (U+00A0, U+202F, U+2007) is kept: it is there so that no line
    breaks at it, as before the ``?`` of French "Quelle est la différence ?".
    """
    return _SPACES.sub(_space, text).strip(" ")


def _space(run: re.Match[str]) -> str:
    """One space for a run of white space; none for a line break between two Chinese or
    Japanese characters, which are written without spaces (as CSS Text 3 does)."""
    text, start, end = run.string, run.start(), run.end()
    between = start > 0 and end < len(text) and "\n" in run.group()
    return "" if between and unspaced(text[start - 1]) and unspaced(text[end]) else " "


def unspaced(ch: str) -> bool:
    """Whether ``ch`` is wide (Han, kana, CJK punctuation) and not Hangul: Korean
    has spaces between its words."""
    return unicodedata.east_asian_width(ch) in ("W", "F") and not _HANGUL.match(ch)


_HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff]")


def paragraphs(text: str) -> tuple[str, ...]:
    """Split on blank lines; join the lines of each paragraph with single spaces (none
    between two Chinese or Japanese characters)."""
    out = []
    for block in re.split(r"\n\s*\n", text.strip()):
        joined = join_lines([line.strip() for line in block.splitlines() if line.strip()])
        if joined:
            out.append(joined)
    return tuple(out)


def join_lines(lines: Sequence[str]) -> str:
    """The lines of one paragraph (each stripped, none empty) joined with single spaces,
    none between two Chinese or Japanese characters."""
    return "".join(
        (" " if i and not (unspaced(lines[i - 1][-1]) and unspaced(line[0])) else "") + line
        for i, line in enumerate(lines)
    )
