"""Fit to fewer pages: pull a last page that holds only a little back onto the page before.

Print rooms pay per sheet.  When the first render's last page holds only a little
(``little``: under half the text frame, or six lines of body text in a type so large
that half holds fewer), the handout is set again a little tighter, in small fixed
steps a reader does not notice: first the space between blocks (down to
``SPACE_STEPS[-1]`` of the style's), then the line spacing,
``LEADING_STEP`` at a time, down to the style's ``fit.min_leading``; never a font size.
The least tightening that saves the page is kept.  Only when none of those does, the
last resort (``last_resort``): the space above and below the text in table cells and
boxes too, and the line spacing on down to ``fit.last_resort_leading`` (1.2 in
``default``; large print keeps its 1.4).  If even that does not save the page, the
handout is the first render, byte for byte; a handout saved by the ordinary steps is
the one it was before the last resort existed.

A handout that needs no tightening costs nothing more: the check reads the first
layout's last page.  One that does costs one more layout when the least step saves
it (the usual case), two when no ordinary step does, and then one or two for the
last resort (one or two steps in the shipped styles).  Those further layouts are
cheap: a layout only places the story (``document.lay_out(defer=True)``) and only
the layout kept is drawn and written out (``document.Laid.finish``); each step takes
the first layout's story, set for its tuning (``story.Story``), instead of building
it again; and each paragraph's lines, broken once, are reused by every later layout
of the handout (``memo.lines_kept``), as are the table's column widths and its cells'
hyphenation (``memo.remembered``), since no step changes a width.  The bytes are those
of laying out every step from scratch (``reuse=False``, which the tests compare).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from ..model.content import Handout
from ..model.stylemodel import FontSpec, Style
from . import document, memo, roles
from .platypus import LayoutError
from .tuning import PLAIN, Tuning

LITTLE = 0.5
"""A last page filled less than this (a fraction of the text frame) is worth saving...

Half: the steps are the same whatever the last page holds, and the one kept is the
least that saves the page; a handout of several pages, tightened a little on each,
often takes half a page back (measured: ``docs/printing.md``).  Up to 7 December it
was a fifth, which left most of those sheets printed."""
LITTLE_LINES = 6
"""... or less than this many lines of body text, when that is more."""
SPACE_STEPS = (0.8, 0.6)
"""Factors on the space between blocks, tried first."""
LEADING_STEP = 0.05
"""Line spacing taken off per step (a multiple of the font size), after the space."""
PADDING = 0.6
"""The last resort's factor on the space above and below the text in table cells and boxes."""


class Fitted(NamedTuple):
    data: bytes
    pages: int
    tightened: bool
    """Set tighter than its style to save a page."""


def render(handout: Handout, style: Style, draft: bool = False, reuse: bool = True) -> Fitted:
    """The PDF of ``handout``, tightened to end a page sooner when that is worth it.

    ``reuse=False`` lays out every step from scratch, drawing as it goes: the same
    bytes the slow way, kept for the tests that prove it (``LineMemo``)."""
    with memo.lines_kept() if reuse else contextlib.nullcontext():
        return _render(handout, style, draft, reuse)


def _render(handout: Handout, style: Style, draft: bool, reuse: bool) -> Fitted:
    keep = reuse and style.fit.enabled
    first = document.lay_out(handout, style, draft, defer=reuse, keep=keep)
    if not style.fit.enabled or first.pages < 2 or first.last_fill >= little(style):
        return _kept(first.finish(), False)
    latest = [first.story if reuse else None]  # the story each step sets again

    def search(steps: list[Tuning]) -> document.Laid | None:
        def attempt(i: int) -> document.Laid | None:
            """Step ``i`` laid out, if it ends a page sooner; its bytes are made only if kept."""
            try:
                done = document.lay_out(
                    handout, style, draft, steps[i], defer=reuse, story=latest[0]
                )
            except LayoutError:  # a tighter layout is no reason to fail where the first did not
                return None
            if reuse:
                latest[0] = done.story
            return done if done.pages < first.pages else None

        return least(len(steps), attempt)

    best = search(tunings(style)) or search(last_resort(style))
    if best is None:
        return _kept(first.finish(), False)
    return _kept(best.finish(), True)


T = TypeVar("T")


def least(count: int, attempt: Callable[[int], T | None]) -> T | None:
    """The result of the least step ``i`` (of ``count``, least tightening first) whose
    ``attempt`` succeeds, assuming every step tighter than one that succeeds succeeds too.

    The least step first: a last page that holds only a little is nearly always
    saved by it, in one more layout.  Then the tightest (can the page be saved at
    all?), then halving between.  Only a step that was laid out and ends a page
    sooner is ever kept.
    """
    best = attempt(0)
    if best is not None or count == 1:
        return best
    best = attempt(count - 1)
    if best is None:
        return None
    low, high = 0, count - 1
    while high - low > 1:
        mid = (low + high) // 2
        done = attempt(mid)
        if done is None:
            low = mid
        else:
            high, best = mid, done
    return best


def _kept(done: document.Rendered, tightened: bool) -> Fitted:
    return Fitted(done.data, done.pages, tightened)


def little(style: Style) -> float:
    """How full (a fraction of the text frame) a last page may be and still be saved."""
    body = style.fonts.body
    return max(LITTLE, LITTLE_LINES * body.size * body.leading / roles.kit(style).frame[3])


def tunings(style: Style) -> list[Tuning]:
    """Every step from the least to the most tightening ``style`` allows."""
    steps = [Tuning(space=s) for s in SPACE_STEPS]
    most = max(spec.leading - style.fit.min_leading for spec in _specs(style))
    cut = LEADING_STEP
    while cut < most + LEADING_STEP / 2:
        steps.append(Tuning(space=SPACE_STEPS[-1], leading=round(cut, 6)))
        cut += LEADING_STEP
    return [t for t in steps if t != PLAIN]


def last_resort(style: Style) -> list[Tuning]:
    """The steps tried when no step of ``tunings`` saves the page: the tightest of them
    with the space above and below the text in table cells and boxes at ``PADDING`` of
    the style's, then the line spacing further down, ``LEADING_STEP`` at a time, to the
    style's ``fit.last_resort_leading`` (large print: not below its ``min_leading``)."""
    tightest = tunings(style)[-1]
    floor = min(style.fit.last_resort_leading, style.fit.min_leading)
    steps = [Tuning(tightest.space, tightest.leading, PADDING, floor)]
    most = max(spec.leading - floor for spec in _specs(style))
    cut = tightest.leading + LEADING_STEP
    while cut < most + LEADING_STEP / 2:
        steps.append(Tuning(tightest.space, round(cut, 6), PADDING, floor))
        cut += LEADING_STEP
    return steps


def _specs(style: Style) -> tuple[FontSpec, ...]:
    f = style.fonts
    return (f.body, f.heading, f.title, f.subtitle, f.table, f.small)
