"""The "When to get help" box and the "What you can do" checklist, in the HTML page.

Lists, not form inputs: the boxes of the checklist are drawn by the stylesheet
(``.checklist li::before``) for ticking on a printed page; screen readers hear a list.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from ..model.blocks import TextList
from ..model.content import Handout
from ..model.labels import Labels
from ..model.stylemodel import Style
from .blocks import text_list


def get_help(handout: Handout, style: Style, words: Labels, text: Callable[[str], str]) -> str:
    """The box as a labelled section; empty when the handout has none."""
    found = handout.get_help
    if found is None:
        return ""
    clinic = style.clinic
    out = [
        '<section class="get-help" aria-labelledby="get-help">',
        f'<h2 id="get-help">{escape(words.get_help, quote=False)}</h2>',
    ]
    for lead, items in (
        (words.emergency.format(number=style.get_help.emergency_number), found.emergency),
        (words.call_us(clinic.name, clinic.phone), found.call_us),
    ):
        if items:
            out.append(f'<p class="lead">{text(lead)}</p>')
            out.append(text_list(TextList(items), text))
    out.append("</section>")
    return "\n".join(out)


def actions(handout: Handout, words: Labels, text: Callable[[str], str]) -> str:
    """The checklist as a labelled section; empty when the handout has no actions."""
    if not handout.actions:
        return ""
    return "\n".join(
        [
            '<section class="actions" aria-labelledby="actions">',
            f'<h2 id="actions">{escape(words.actions, quote=False)}</h2>',
            text_list(TextList(handout.actions), text, cls="checklist"),
            "</section>",
        ]
    )


def words_used(handout: Handout, words: Labels, style: Style) -> str:
    """What these blocks print besides the content, for the font subsets."""
    clinic = style.clinic
    out = [words.actions] if handout.actions else []
    if handout.get_help is not None:
        out += [
            words.get_help,
            words.emergency.format(number=style.get_help.emergency_number),
            words.call_us(clinic.name, clinic.phone),
        ]
    return "\n".join(out)
