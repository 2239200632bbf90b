"""The "When to get help" box and the "What you can do" checklist, in the PDF.

The box stands out without colour: a 3pt frame (in the style's ``get_help.border``),
a white ground and bold headings, so it holds in grayscale and on a black-and-white
copier too.  It is kept whole on one page (unless it is taller than a page).  Its
headings name the style's emergency number and the clinic's phone when it has one.
"""

from __future__ import annotations

from ..model.content import Handout
from ..model.labels import Labels
from . import lists, tagging
from .keep import KeepHead
from .platypus import Flowable, KeepTogether
from .roles import Kit
from .table import box

FRAME = 3.0
"""Points: the box's frame, three times a shaded box's."""


def get_help(handout: Handout, k: Kit, words: Labels, root: tagging.Node) -> list[Flowable]:
    """The box, after a space; nothing when the handout has no ``get_help``."""
    found = handout.get_help
    if found is None:
        return []
    s, clinic = k.style.get_help, k.style.clinic
    sect = root.add("Sect")
    content: list[Flowable] = [k.heading.paragraph(words.get_help, tag=sect.add("H2"))]
    for lead, items in (
        (words.emergency.format(number=s.emergency_number), found.emergency),
        (words.call_us(clinic.name, clinic.phone), found.call_us),
    ):
        if items:
            content.append(k.body.paragraph(lead, bold=True, tag=sect.add("P")))
            content.append(lists.bullets(list(items), k.body, sect))
    framed = box(content, s.background, s.border, k, frame=FRAME)
    return [k.gap(12), KeepTogether([framed])]


def actions(handout: Handout, k: Kit, words: Labels, root: tagging.Node) -> list[Flowable]:
    """The heading and a checklist with an empty box before each action."""
    if not handout.actions:
        return []
    sect = root.add("Sect")
    heading = k.heading.paragraph(words.actions, tag=sect.add("H2"))
    listing = lists.checklist(list(handout.actions), k.body, sect, k.style.colors.text)
    return [k.gap(8), KeepHead([heading], listing), listing]
