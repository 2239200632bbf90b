"""A handout's story kept between the layouts ``fit`` tries: set tighter, not built again.

``fit`` lays a handout out again with less space between blocks and less line spacing
(``Tuning``), never another width, font or text.  Building the story again for that
(fragments, tables, lists, structure elements) was about half of what a second layout
cost.  A ``Story`` keeps the flowables of the first layout, with each one's attributes
as they were made (``vars``, before platypus placed them: it notes on them what it
measured, what it split, what it kept with the next), and for a tighter kit puts those
back and changes only what the tuning changes: each paragraph's style (the role's, at
the tighter line spacing), each gap's height (``Kit.gap``), a list's space after it
and between its items, a picture's space after it.  What a layout then makes of it is
what it makes of a story built anew for that kit (``tests/test_fit_reuse.py`` compares
the bytes).

A story holding a flowable this module does not know, or one made from its line
spacing (the title block beside a QR code is measured to choose its shape), is not
set again: ``retune`` says no and the layout builds its story anew, as does one whose
tuning changes the space inside table cells and boxes (``Tuning.padding``).
"""

from __future__ import annotations

import sys
from typing import Any

from reportlab.lib.styles import ParagraphStyle

from . import figure, keep, lists, roles, tagging
from .platypus import Flowable, KeepTogether


class Story:
    """The flowables of one handout as built for ``kit``, and its structure tree.

    ``retune`` sets the very same flowables for another tuning of the kit; each time
    it does, ``generation`` counts up, so that a layout of an earlier generation knows
    its flowables no longer hold what it placed (``document.Laid.finish``)."""

    def __init__(
        self,
        flowables: list[Flowable],
        root: tagging.Node,
        figure: tagging.Node | None,
        website: tagging.Node | None,
        kit: roles.Kit,
        reusable: bool = True,
    ) -> None:
        self.flowables = flowables
        self.root, self.figure, self.website = root, figure, website
        self.kit = kit
        """The kit the flowables are set for now."""
        self.generation = 0
        self.drawn = False
        """A layout of it was drawn, which leaves marks in its structure tree: it is
        not set again (a layout still to be written then builds its story anew)."""
        self._made = kit
        self._saved: list[tuple[Any, dict[str, Any]]] | None = None
        self._styles: set[int] = set()
        if reusable:
            self._saved = _snapshot(flowables, self._styles)

    def retune(self, kit: roles.Kit) -> bool:
        """Set the flowables for ``kit`` (the same handout, another tuning); ``False``
        if this story cannot be (build one anew): nothing is changed then."""
        made = self._made
        saved = self._saved
        if saved is None or self.drawn or kit.rtl != made.rtl:
            return False
        if kit.style is not made.style and kit.style != made.style:  # kits are kept by value
            return False
        if kit.tuning.padding != made.tuning.padding:
            return False
        styles = _style_map(made, kit)
        if not self._styles <= styles.keys():
            return False
        for thing, state in saved:
            own = thing.__dict__
            own.clear()
            own.update(state)
        for thing, _ in saved:
            _tune(thing, kit, styles)
        self.kit = kit
        self.generation += 1
        return True


def _snapshot(
    flowables: list[Flowable], styles: set[int]
) -> list[tuple[Any, dict[str, Any]]] | None:
    """Each flowable of the story (those inside boxes, tables, lists and kept-together
    blocks too) with a copy of its attributes; ``None`` if one of them is unknown.
    Adds to ``styles`` the paragraph styles the story uses.

    A loop, not a recursive inner function: one would hold the list it fills in a
    reference cycle, and every flowable with it, until the garbage collector ran."""
    saved: list[tuple[Any, dict[str, Any]]] = []
    seen: set[int] = set()
    todo: list[Any] = list(flowables)
    while todo:
        thing = todo.pop()
        if isinstance(thing, (list, tuple)):
            todo += thing
            continue
        if isinstance(thing, str) or id(thing) in seen:
            continue
        seen.add(id(thing))
        saved.append((thing, thing.__dict__.copy()))
        kind = type(thing)
        if kind is roles._Paragraph:  # the most of them
            styles.add(id(thing.style))
        elif kind is roles.Gap:
            pass
        elif isinstance(thing, keep.PagedTable):
            todo += thing._cellvalues
        elif isinstance(thing, KeepTogether):
            todo += thing._content
            todo.append(getattr(thing, "_follow", None) or [])
        elif isinstance(thing, lists.List):
            styles.add(id(thing._para))
            for item in thing._flowables:
                saved.append((item, item.__dict__.copy()))
                todo += item._flowables
        elif isinstance(thing, figure._Block):
            todo.append(thing.caption or [])
        elif _paragraph(thing):
            styles.add(id(thing.style))
        else:
            return None  # unknown: not set again
    return saved


def _style_map(made: roles.Kit, kit: roles.Kit) -> dict[int, ParagraphStyle]:
    """Each paragraph style of ``made``'s roles (and its hyphenating twin) by id: the
    style of the same role in ``kit``."""
    out: dict[int, ParagraphStyle] = {}
    for name in roles.ROLE_FIELDS:
        old, new = getattr(made, name).para, getattr(kit, name).para
        out[id(old)] = new
        out[id(roles._hyphenating(old))] = roles._hyphenating(new)
    return out


def _tune(thing: Any, kit: roles.Kit, styles: dict[int, ParagraphStyle]) -> None:
    """What ``kit``'s tuning changes in ``thing``, its attributes as they were made."""
    if _paragraph(thing):
        thing.style = styles[id(thing.style)]
    elif isinstance(thing, roles.Gap):
        thing.height = thing.points * kit.tuning.space  # as ``Kit.gap`` makes it
    elif isinstance(thing, lists.List):  # as ``lists.List`` is made
        thing.spaceAfter = float(styles[id(thing._para)].spaceAfter)
    elif isinstance(thing, figure._Block):  # as ``figure._Block`` is made
        thing.space = thing.spaceAfter = kit.body.para.spaceAfter


def _paragraph(thing: Any) -> bool:
    """Whether ``thing`` is a paragraph of a role: ReportLab's, or the text engine's
    (``shaped``, imported only by a handout that needs it: none without it)."""
    if isinstance(thing, roles._Paragraph):
        return True
    engine = sys.modules.get(f"{__package__}.shaped")
    return engine is not None and isinstance(thing, engine.Paragraph)
