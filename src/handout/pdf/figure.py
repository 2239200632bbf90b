"""A section's picture in the PDF: scaled to the column, shrunk to print resolution,
tagged as a ``Figure`` with its alternative text and its caption as a ``Caption``.

The picture and its caption are one block that is never split: it moves on to the
next page whole.  It starts at the column's left edge, like the text; it is as wide
as the column at most, no taller than ``MAX_HEIGHT`` of the text frame, and never
printed larger than one point a pixel (72 dpi), so a small picture is not blown up
into a blur.  Its pixels
are shrunk to 300 dpi at the printed size (``model.figure.pixels``) before they go
into the PDF; an SVG drawing is drawn as vectors (``vector``), no larger than its own
size either.  A decorative picture (``alt: ""``) is a layout artifact.
"""

from __future__ import annotations

import io

from reportlab.lib.utils import ImageReader

from ..model import figure as figures
from ..model.figure import Figure
from . import tagging
from .platypus import Flowable, Paragraph
from .roles import Kit

MAX_HEIGHT = 0.5
"""Tallest picture, as a share of the text frame's height."""
CAPTION_GAP = 4.0
"""Space between the picture and its caption, in points."""


def block(fig: Figure, k: Kit, gray: bool, group: tagging.Node) -> Flowable:
    """The picture and its caption; their structure goes under ``group``."""
    node = None if fig.decorative else group.add("Figure", alt=fig.alt)
    caption = None
    if fig.caption:
        role = "P" if fig.decorative else "Caption"
        caption = k.small.paragraph(fig.caption, tag=group.add(role))
    return _Block(fig, k, gray, node, caption)


def printed_size(fig: Figure, width: float, frame_height: float) -> tuple[float, float]:
    """Width and height in points the picture prints at in a column ``width`` wide."""
    w, h = (float(n) * (72 / 96 if fig.vector else 1.0) for n in fig.size)  # CSS pixels
    scale = min(1.0, width / w, frame_height * MAX_HEIGHT / h)
    return w * scale, h * scale


class _Block(Flowable):  # type: ignore[misc]
    def __init__(
        self,
        fig: Figure,
        k: Kit,
        gray: bool,
        node: tagging.Node | None,
        caption: Paragraph | None,
    ) -> None:
        super().__init__()
        self.fig, self.gray, self.node, self.caption = fig, gray, node, caption
        self.chain = k.body.chain
        self.frame_height = k.frame[3]
        self.space = k.body.para.spaceAfter
        self.spaceAfter = self.space
        self.image = (0.0, 0.0)
        self.caption_height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.image = printed_size(self.fig, availWidth, self.frame_height)
        self.caption_height = 0.0
        if self.caption is not None:
            self.caption_height = CAPTION_GAP + self.caption.wrap(availWidth, availHeight)[1]
        self.height = self.image[1] + self.caption_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []  # whole on the next page

    def draw(self) -> None:
        canvas = self.canv
        w, h = self.image
        x = 0.0
        y = self.caption_height
        tags: tagging.Tags | None = getattr(canvas, "_tags", None)
        if self.node is not None and tags is not None and tags.begin(canvas, self.node):
            self._picture(x, y)
            canvas._code.append(tagging.EMC)
            x0, y0 = canvas.absolutePosition(x, y)
            x1, y1 = canvas.absolutePosition(x + w, y + h)
            self.node.attrs = f"<</O /Layout /BBox [{x0:.2f} {y0:.2f} {x1:.2f} {y1:.2f}]>>"
        else:
            with tagging.artifact(canvas):
                self._picture(x, y)
        if self.caption is not None:
            self.caption.drawOn(canvas, 0, 0)

    def _picture(self, x: float, y: float) -> None:
        w, h = self.image
        if self.fig.vector:
            from . import vector  # svglib, imported for a handout with a drawing only

            vector.draw(vector.drawing(self.fig, w, h, self.chain, self.gray), self.canv, x, y)
            return
        data, _ = figures.pixels(self.fig, w, h, self.gray)
        self.canv.drawImage(ImageReader(io.BytesIO(data)), x, y, w, h, mask="auto")

    def __repr__(self) -> str:
        return f"Figure({self.fig.origin})"
