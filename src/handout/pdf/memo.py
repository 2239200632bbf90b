"""What the layouts of one handout share while ``fit`` tries them.

``fit`` lays a handout out again tighter, which changes the line spacing and the
space between blocks, never a width or a font: what a layout works out from the text
and the fonts alone (a paragraph's lines, the table's column widths, a cell's
hyphenation) holds for every layout of the handout, and is worked out once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

_KEPT: ContextVar[dict[Any, Any] | None] = ContextVar("kept_lines", default=None)


@contextlib.contextmanager
def lines_kept() -> Iterator[None]:
    """Inside, a paragraph's lines, once broken, are kept for the next layout of the
    same handout: ``fit`` lays a handout out again tighter, which changes the line
    spacing and the space between blocks, never a width or a font, so every line
    breaks where it broke before (ReportLab's ``breakLines`` is the cost saved).

    Kept by the paragraph's role, text and weight and the widths it is broken to:
    the same paragraph of the next layout asks for the same key.  Not kept: a
    paragraph that split or hyphenated a word (ReportLab rewrites its fragments), one
    whose address may be cut to fit (``roles._Paragraph._source``), one that holds a
    link (its lines' fragments carry that layout's ``Link`` element), the parts of a
    paragraph split over two pages (they start where that layout's page ended).
    """
    token = _KEPT.set({})
    try:
        yield
    finally:
        _KEPT.reset(token)


_T = TypeVar("_T")


def remembered(key: tuple[Any, ...], make: Callable[[], _T]) -> _T:
    """``make()``, made once per handout inside ``lines_kept``: what a layout works out
    from the text and the fonts alone (a table's column widths, a cell's hyphenation)
    is the same in every layout ``fit`` tries, since no step changes a width or a font.
    ``key`` holds every input of ``make`` (its first item names what is kept)."""
    kept = _KEPT.get()
    if kept is None:
        return make()
    if key in kept:
        found: _T = kept[key]
        return found
    made = kept[key] = make()
    return made


def current() -> dict[Any, Any] | None:
    """What is kept for the handout being laid out (``None`` outside ``lines_kept``)."""
    return _KEPT.get()
