"""How much tighter than its style a handout is set: what ``fit`` varies, ``layout`` applies."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tuning:
    """How much tighter than its style a handout is set (``fit`` tries these to save a sheet).

    Only the space between blocks and the line spacing change, never a font size.
    """

    space: float = 1.0
    """Factor on the space between blocks (paragraphs, sections, boxes)."""
    leading: float = 0.0
    """Taken off every role's leading (a multiple of its size), down to ``fit.min_leading``."""
    padding: float = 1.0
    """Factor on the space above and below the text in table cells and boxes (the last
    resort only)."""
    floor: float | None = None
    """The least leading, when not the style's ``fit.min_leading`` (the last resort's
    ``fit.last_resort_leading``)."""

    def lead(self, leading: float, floor: float) -> float:
        """A role's leading under this tuning; a role already below ``floor`` keeps its own."""
        if leading <= floor:
            return leading
        return max(floor, leading - self.leading)


PLAIN = Tuning()
"""The style exactly as written."""
