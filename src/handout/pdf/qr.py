"""A QR code to the handout's ``meta.url``, drawn as vector shapes.

``segno`` makes the symbol; its dark modules are drawn as one filled path of
rectangles (a run of dark modules in a row is one rectangle), so the code stays
sharp at any print resolution and costs a fraction of a millisecond.
"""

from __future__ import annotations

import functools
from typing import Any

from reportlab.lib.colors import black

from .platypus import Flowable

SIZE = 54.0
"""Width of the symbol without its quiet zone, in points (0.75in, 19mm): big enough for
a phone camera at reading distance for addresses up to ``content.MAX_URL_CHARS``."""
QUIET = 4
"""Light modules around the symbol that scanners need, as the standard asks."""
LARGEST = SIZE * (21 + 2 * QUIET) / 21
"""Width with the quiet zone of the smallest symbol (21 modules), the widest drawn."""


@functools.cache
def modules(url: str) -> tuple[tuple[int, int, int], ...]:
    """The dark runs of the symbol: ``(row, first column, length)``, no quiet zone."""
    import segno  # loaded only for a handout that has a URL

    code = segno.make(url, error="m", micro=False, boost_error=False)
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(code.matrix):
        start = None
        for c, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                runs.append((r, start, c - start))
                start = None
    return tuple(runs)


@functools.cache
def count(url: str) -> int:
    """Modules on a side of the symbol, without the quiet zone."""
    return max(r for r, _, _ in modules(url)) + 1


def outer(url: str) -> float:
    """Width in points of the symbol with its quiet zone."""
    return SIZE * (count(url) + 2 * QUIET) / count(url)


def draw(canvas: Any, url: str, x: float, y: float) -> None:
    """Draw the symbol with its quiet zone's lower left corner at ``x``, ``y``."""
    n = count(url)
    unit = SIZE / n
    left, top = x + QUIET * unit, y + (QUIET + n) * unit
    path = canvas.beginPath()
    for r, c, length in modules(url):
        path.rect(left + c * unit, top - (r + 1) * unit, length * unit, unit)
    canvas.saveState()
    canvas.setFillColor(black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def short(url: str) -> str:
    """The address as printed beside the code: without ``https://`` and a final ``/``."""
    return url[len("https://") :].rstrip("/")


class Code(Flowable):  # type: ignore[misc]
    """The symbol with its quiet zone, as a flowable (page 1, beside the title)."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.url = url
        self.width = self.height = outer(url)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        draw(self.canv, self.url, 0.0, 0.0)
