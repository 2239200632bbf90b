"""Soft hyphens for words too wide for their table column.

A narrow column (four items in large print) can be narrower than a long word such
as "electromyography".  ReportLab would then cut the word anywhere, without a
hyphen ("electr|omyography").  We insert soft hyphens at the dictionary's break
points, for those words only, so ReportLab breaks them where a reader expects
and shows the hyphen.  Dictionaries come with ``pyphen``; nothing is downloaded.
"""

from __future__ import annotations

import functools
from typing import Any

SOFT_HYPHEN = "\u00ad"


@functools.cache
def _dictionary(language: str) -> Any:
    import pyphen

    found = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=found) if found else None


def soft(word: str, language: str) -> str:
    """``word`` with soft hyphens at its break points (unchanged if no dictionary)."""
    dic = _dictionary(language)
    return dic.inserted(word, hyphen=SOFT_HYPHEN) if dic else word
