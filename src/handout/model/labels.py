"""The words handout itself puts on a page, in the handout's language.

They live in one data file, ``data/labels.yaml``; a style's own labels win over it.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .stylemodel import Style

DATA = Path(__file__).parent / "data" / "labels.yaml"


@dataclass(frozen=True)
class Labels:
    """One language's labels; templates hold ``{placeholders}``."""

    key_point: str
    at_a_glance: str
    page: str
    version: str
    reviewed: str
    subject: str
    keywords: str
    draft: str
    read_online: str
    compared: str

    def page_of(self, page: int, pages: int) -> str:
        return self.page.format(page=page, pages=pages)


@functools.cache
def _table() -> dict[str, dict[str, Any]]:
    with DATA.open(encoding="utf-8") as fh:
        data: dict[str, dict[str, Any]] = yaml.safe_load(fh)
    return data


def known(language: str) -> str | None:
    """The table's language for a BCP 47 tag (``es-MX`` -> ``es``), or ``None``."""
    table = _table()
    tag = language.lower()
    while tag:
        if tag in table:
            return tag
        tag = tag.rpartition("-")[0]
    return None


@functools.cache
def resolve(language: str, style: Style) -> Labels:
    """The labels for ``language``: the table's, with the style's where it sets them."""
    words = dict(_table()["en"])
    words.update(_table().get(known(language) or "en", {}))
    names = {f.name for f in dataclasses.fields(Labels)}
    return Labels(**{k: v for k, v in words.items() if k in names})
