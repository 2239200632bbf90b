"""Reading level: sentences, words, syllables and the Flesch-Kincaid grade.

Works offline with no download: syllables are counted with ``pyphen``'s English
hyphenation dictionary (shipped inside the package) and a vowel-group rule:

1. A word is cut at pyphen's hyphenation points (``med-i-ca-tion``).
2. Each piece counts its groups of vowels (a, e, i, o, u, y), at least one; a final
   silent ``e`` (``life``, but not ``-le`` as in ``muscle``), ``-es`` (not after s, x, z,
   ch, sh, c, g) and ``-ed`` (not after t, d) are not counted; ``ia``, ``iu``, ``io`` (not
   after t, s, c, x, g: ``-tion``, ``-sion``, ``-cial``), ``eo``, ``uo`` and ``ua`` (not
   before r) count twice (``di-a``, ``vid-eo``).
3. An acronym (2 to 5 capitals, ``MRI``) is spelled out: one syllable a letter, W three.
   A number counts one syllable a digit.

Against the CMU Pronouncing Dictionary (the fewest syllables it lists for a word) this
gives the right count for 95% of the distinct words of the seed article and 91% of a
random sample of 3,000 of its entries, with no bias worth speaking of (+0.04 and -0.04
syllables a word); a word counts at least one.  Most misses are words said shorter
than spelled (``fam-i-ly``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pyphen

WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['\u2019.\-][A-Za-z0-9\u00c0-\u024f]+)*")
"""A word: letters and digits, with inner apostrophes, hyphens and points (``don't``,
``long-term``, ``1.5``)."""

# Abbreviations whose point does not end a sentence.
_ABBREVIATIONS = frozenset(
    {"e.g", "i.e", "vs", "dr", "mr", "mrs", "ms", "st", "approx", "fig", "cf"}
)
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]\u201d\u2019]*\s+(?=[\"'(\[\u201c\u2018]?[A-Z0-9])")
_VOWELS = re.compile(r"[aeiouy]+")
_HIATUS = re.compile(r"(?<![tscxg])i[aou]|eo|uo|ua(?!r)")


@dataclass(frozen=True)
class Counts:
    sentences: int
    words: int
    syllables: int

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.sentences + other.sentences,
            self.words + other.words,
            self.syllables + other.syllables,
        )

    @property
    def grade(self) -> float | None:
        """Flesch-Kincaid grade level; ``None`` for no words."""
        if not self.words or not self.sentences:
            return None
        return 0.39 * self.words / self.sentences + 11.8 * self.syllables / self.words - 15.59


NO_TEXT = Counts(0, 0, 0)


def sentences(text: str) -> list[str]:
    """Split on ``.``, ``!`` or ``?`` followed by a capital or digit, except after ``e.g.``,
    ``Dr.`` and the like."""
    text = " ".join(text.split())
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start() + 1].split()
        last = before[-1].rstrip(".").casefold() if before else ""
        if last in _ABBREVIATIONS:
            continue
        out.append(text[start : m.end()].strip())
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def words(text: str) -> list[str]:
    return WORD.findall(text)


@functools.cache
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


@functools.cache
def syllables(word: str) -> int:
    """Syllables of one word, at least 1 (see the module's docstring for the rule)."""
    if any(c.isdigit() for c in word):
        return max(1, sum(c.isdigit() for c in word))
    letters = re.sub(r"['\u2019.]", "", word)
    if letters.isupper() and 2 <= len(letters) <= 5:
        return sum(3 if c == "W" else 1 for c in letters)
    total = 0
    for part in letters.split("-"):
        if part:
            pieces = _dictionary().inserted(part.lower(), hyphen="\x00").split("\x00")
            total += sum(_vowel_groups(piece) for piece in pieces)
    return max(1, total)


def _vowel_groups(piece: str) -> int:
    n = len(_VOWELS.findall(piece))
    if n > 1 and (
        re.search(r"[^aeiouy]e$", piece)
        and not re.search(r"[^aeiouy]le$", piece)
        or re.search(r"[^aeiouy]es$", piece)
        and not re.search(r"(s|x|z|ch|sh|c|g)es$", piece)
        or re.search(r"[^aeiouy]ed$", piece)
        and not re.search(r"[td]ed$", piece)
    ):
        n -= 1
    n += len(_HIATUS.findall(piece))
    return max(1, n) if _VOWELS.search(piece) else 0


def count(text: str) -> Counts:
    """Sentences, words and syllables of a piece of prose."""
    found = words(text)
    if not found:
        return NO_TEXT
    return Counts(len(sentences(text)), len(found), sum(syllables(w) for w in found))


def grade(text: str) -> float | None:
    """Flesch-Kincaid grade: 0.39 * words/sentences + 11.8 * syllables/words - 15.59."""
    return count(text).grade


def total(parts: Iterable[Counts]) -> Counts:
    out = NO_TEXT
    for part in parts:
        out += part
    return out
