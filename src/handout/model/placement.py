"""Where the "When to get help" box goes: a style's choice, the same in PDF and HTML."""

from __future__ import annotations

from .content import Handout
from .emphasis import plain
from .stylemodel import Style


def get_help_slot(handout: Handout, style: Style) -> str | int:
    """``"after-summary"``, ``"after-table"``, the index of the section the box follows,
    ``"after-sections"`` (before the actions list) or ``"before-disclaimer"`` (after it).

    A style's ``after_section`` names a section by its heading (capitals and emphasis
    ignored); a handout without that section uses the style's ``place``.
    """
    s = style.get_help
    if s.after_section:
        wanted = " ".join(s.after_section.split()).casefold()
        for i, section in enumerate(handout.sections):
            if plain(section.heading).casefold() == wanted:
                return i
    return s.place
