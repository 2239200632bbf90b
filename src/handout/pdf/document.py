"""Flowables -> PDF bytes -> a file on disk, atomically.

Rendering happens in memory; only a complete PDF is written, to a temporary file
in the target folder that is then renamed over the target.  A failure at any
point leaves no new file and an older PDF at that path untouched.
"""

from __future__ import annotations

import functools
import io
from typing import Any, NamedTuple

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from .. import __version__
from ..model import labels
from ..model.content import Handout
from ..model.stylemodel import Style
from ..text import scripts
from . import archival, gray, layout, links, pagedirection, roles, subsets, tagging
from .tuning import PLAIN, Tuning

rl_config.shapeChecking = 0  # our shapes come from validated styles; skip the per-call checks
rl_config.useA85 = 0  # binary streams: 3% smaller files, and a pack need not re-encode them


class _NumberedCanvas(gray.GrayColors, links.Linking, Canvas):  # type: ignore[misc]
    """Holds each page until the end so the footer can say ``Page N of M``.

    Neutral colours are written in DeviceGray (``gray``), by the canvas and its text
    objects.  ``_tags`` records the marked content the flowables draw; at save the
    structure tree is written with the pages.
    """

    def __init__(self, *args: Any, decor: layout.Decor, tags: tagging.Tags, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._tags = tags
        self._held: list[dict[str, Any]] = []
        if scripts.direction(decor.handout.language) == "rtl":
            pagedirection.start(self)

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> gray.TextObject:  # noqa: N802
        return gray.TextObject(self, x, y, direction=direction)

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self._decor.draw(self, self._pageNumber, total)
            pagedirection.balance(self)
            super().showPage()
            archival.group_images(self._doc.Pages.pages[-1], gray.is_gray(self._decor.kit.style))
        self._tags.write(self)
        subsets.name_by_content(self._doc)
        archival.finish(self._doc, self._decor.handout.language)
        super().save()


def metadata(handout: Handout, style: Style) -> dict[str, Any]:
    """The PDF's document information, in the handout's language."""
    words = labels.resolve(handout.language, style)
    return {
        "title": handout.title,
        "subject": words.subject.format(items=", ".join(handout.items)),
        "author": style.clinic.name or "",
        "keywords": [words.keywords, *handout.items],
        "creator": f"handout {__version__}",
        "producer": f"handout {__version__} (ReportLab)",
        "lang": handout.language,
        "displayDocTitle": True,
    }


class Rendered(NamedTuple):
    data: bytes
    pages: int
    last_fill: float
    """How much of the last page's text frame the story fills, 0 to 1."""


class Laid:
    """A handout laid out: its page count and last page known, its bytes made on demand.

    Writing the file (decorating the pages, subsetting the fonts, compressing) is
    about a third of a render; ``fit`` lays out first and writes only the layout it keeps.
    """

    def __init__(self, doc: BaseDocTemplate, buf: io.BytesIO, height: float) -> None:
        last = doc.frame  # the frame the story ended in, where it ended
        self.pages: int = doc.page
        self.last_fill: float = (last._y2 - last._y) / height
        """How much of the last page's text frame the story fills, 0 to 1."""
        self._doc, self._buf = doc, buf

    def finish(self) -> Rendered:
        """The PDF (once)."""
        self._doc.canv.save()
        data = archival.with_content_id(self._buf.getvalue())
        return Rendered(data, self.pages, self.last_fill)


def render(handout: Handout, style: Style, draft: bool = False, tuning: Tuning = PLAIN) -> Rendered:
    """The PDF of one handout, its page count and how full its last page is; a draft is
    marked so on every page; ``tuning`` sets it tighter than its style (``fit``)."""
    return lay_out(handout, style, draft, tuning).finish()


def lay_out(handout: Handout, style: Style, draft: bool = False, tuning: Tuning = PLAIN) -> Laid:
    """``render`` up to the bytes, which ``finish()`` makes: laid out and drawn, the
    pages held on the canvas."""
    archival.check_source_date()
    kit = roles.kit_for(handout, style, tuning)
    root = tagging.Node("Document")
    clinic = style.clinic
    figure = root.add("Figure", alt=clinic.logo_alt) if clinic.logo and clinic.logo_alt else None
    website = root.add("P").add("Link") if clinic.website else None  # after the logo
    story = layout.flowables(handout, style, root, kit)
    words = labels.resolve(handout.language, style)
    mark = words.draft if draft else None
    decor = layout.Decor(handout, kit, words, figure=figure, website=website, draft=mark)
    x, y, w, h = kit.frame
    frame = Frame(
        x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body"
    )
    buf = io.BytesIO()
    page = style.page
    doc = BaseDocTemplate(
        buf,
        pagesize=(page.width, page.height),
        pageTemplates=[PageTemplate("page", [frame])],
        invariant=1,
        initialFontName=kit.body.chain.primary.regular,
        initialFontSize=kit.body.spec.size,
        trimBox=(0, 0, page.width, page.height),  # for imposition software: the page, no bleed
        bleedBox=(0, 0, page.width, page.height),
        **metadata(handout, style),
    )
    doc._doSave = 0  # Laid.finish saves
    canvas = functools.partial(_NumberedCanvas, decor=decor, tags=tagging.Tags(root))
    doc.build(story, canvasmaker=canvas)
    return Laid(doc, buf, h)
