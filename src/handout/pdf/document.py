"""Flowables -> PDF bytes -> a file on disk, atomically.

Rendering happens in memory; only a complete PDF is written, to a temporary file
in the target folder that is then renamed over the target.  A failure at any
point leaves no new file and an older PDF at that path untouched.
"""

from __future__ import annotations

import copy
import functools
import io
from collections.abc import Callable
from typing import Any, NamedTuple

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from .. import __version__
from ..model import labels
from ..model.content import Handout
from ..model.stylemodel import Style
from ..text import scripts
from . import archival, gray, layout, links, pagedirection, roles, subsets, tagging
from .platypus import BaseDocTemplate, Flowable, Frame, PageTemplate
from .story import Story
from .tuning import PLAIN, Tuning

rl_config.shapeChecking = 0  # our shapes come from validated styles; skip the per-call checks
rl_config.useA85 = 0  # binary streams: 3% smaller files, and a pack need not re-encode them


Placed = tuple[Flowable, float, float, float]
"""A flowable placed on a page, not yet drawn: it, x, y and the width it leaves (``_sW``)."""


class _NumberedCanvas(gray.GrayColors, links.Linking, Canvas):  # type: ignore[misc]
    """Holds each page until the end so the footer can say ``Page N of M``.

    Neutral colours are written in DeviceGray (``gray``), by the canvas and its text
    objects.  ``_tags`` records the marked content the flowables draw; at save the
    structure tree is written with the pages.

    With ``placed`` (a list), the canvas only notes where each page's flowables go
    (``_Frame``) and draws nothing: ``draw_placed`` draws them later, page by page,
    making the very same calls a layout that draws as it goes makes.  A layout that
    ``fit`` throws away is then never drawn.
    """

    def __init__(
        self,
        *args: Any,
        decor: layout.Decor,
        tags: tagging.Tags,
        placed: list[list[Placed]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._tags = tags
        self._held: list[dict[str, Any]] = []
        self._placed = placed
        if placed is not None:
            placed.append([])
        if scripts.direction(decor.handout.language) == "rtl":
            pagedirection.start(self)

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> gray.TextObject:  # noqa: N802
        return gray.TextObject(self, x, y, direction=direction)

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        if self._placed is not None:  # nothing drawn yet: the next page's flowables
            self._placed.append([])
            return
        self._held.append(dict(self.__dict__))
        self._startPage()

    def draw_placed(self) -> None:
        """Draw the flowables placed while laying out, each page in turn."""
        pages, self._placed = self._placed or [], None
        for page in pages[:-1]:  # the last is the empty page after the last showPage
            for flowable, x, y, room in page:
                flowable.drawOn(self, x, y, _sW=room)
            self.showPage()

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


_ATOMIC = frozenset({int, float, str, bool, type(None)})


class _Frame(Frame):  # type: ignore[misc]
    """The text frame: on a canvas that defers drawing (``_NumberedCanvas.placed``), a
    flowable that fits is noted with its place instead of drawn."""

    def __deepcopy__(self, memo: dict[int, Any]) -> _Frame:
        """A deep copy, made quickly: platypus copies the frame each time it measures a
        block kept together (``KeepTogether``), and all but one of its attributes are
        numbers and strings, which a deep copy shares anyway."""
        twin = object.__new__(type(self))
        twin.__dict__ = {
            k: v if type(v) in _ATOMIC else copy.deepcopy(v, memo) for k, v in vars(self).items()
        }
        return twin

    def add(self, flowable: Flowable, canv: Any, trySplit: int = 0) -> int:  # noqa: N803
        placed: list[list[Placed]] | None = canv._placed
        if placed is None:
            return int(super().add(flowable, canv, trySplit))
        page = placed[-1]

        def note(_canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
            page.append((flowable, x, y, _sW))

        # ReportLab's frame places, then draws: the drawing is noted instead.  Set in the
        # flowable's own dictionary: an indenter passes attributes set on it to its content.
        own = vars(flowable)
        own["drawOn"] = note
        try:
            return int(super().add(flowable, canv, trySplit))
        finally:
            del own["drawOn"]


def metadata(handout: Handout, style: Style) -> dict[str, Any]:
    """The PDF's document information, in the handout's language."""
    words = labels.resolve(handout.language, style)
    return {
        "title": handout.title,
        "subject": words.subject.format(items=labels.listed(handout.items, handout.language)),
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

    def __init__(
        self,
        doc: BaseDocTemplate,
        buf: io.BytesIO,
        height: float,
        story: Story,
        again: Callable[[], Laid],
    ) -> None:
        last = doc.frame  # the frame the story ended in, where it ended
        self.pages: int = doc.page
        self.last_fill: float = (last._y2 - last._y) / height
        """How much of the last page's text frame the story fills, 0 to 1."""
        self.story = story
        """Its flowables, which a tighter layout may take (``lay_out(story=)``)."""
        self._doc, self._buf = doc, buf
        self._generation = story.generation
        self._again = again

    def finish(self) -> Rendered:
        """The PDF (once).  If a later layout has set its flowables for another tuning
        since (``Story.retune``), it is laid out again first: the same placing."""
        if self.story.generation != self._generation:
            return self._again().finish()
        self.story.drawn = True
        canvas = self._doc.canv
        canvas.draw_placed()
        canvas.save()
        data = archival.with_content_id(self._buf.getvalue())
        return Rendered(data, self.pages, self.last_fill)


def render(handout: Handout, style: Style, draft: bool = False, tuning: Tuning = PLAIN) -> Rendered:
    """The PDF of one handout, its page count and how full its last page is; a draft is
    marked so on every page; ``tuning`` sets it tighter than its style (``fit``)."""
    return lay_out(handout, style, draft, tuning).finish()


def lay_out(
    handout: Handout,
    style: Style,
    draft: bool = False,
    tuning: Tuning = PLAIN,
    defer: bool = True,
    story: Story | None = None,
    keep: bool = False,
) -> Laid:
    """``render`` up to the bytes, which ``finish()`` makes: laid out, the pages held
    on the canvas; ``defer``: drawn only by ``finish()`` (the same bytes; a layout
    never finished is never drawn), else drawn as laid out.

    ``story``: the story of an earlier layout of this handout (``Laid.story``), set
    again for ``tuning`` rather than built anew where it can be (``Story.retune``);
    ``keep``: a story built here is kept so that it can be."""
    archival.check_source_date()
    kit = roles.kit_for(handout, style, tuning)
    if story is None or not story.retune(kit):
        root = tagging.Node("Document")
        clinic = style.clinic
        logo = clinic.logo and clinic.logo_alt
        figure = root.add("Figure", alt=clinic.logo_alt) if logo else None
        website = root.add("P").add("Link") if clinic.website else None  # after the logo
        made = layout.flowables(handout, style, root, kit)
        story = Story(made, root, figure, website, kit, reusable=keep or story is not None)
    words = labels.resolve(handout.language, style)
    mark = words.draft if draft else None
    decor = layout.Decor(
        handout, kit, words, figure=story.figure, website=story.website, draft=mark
    )
    x, y, w, h = kit.frame
    frame = _Frame(
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
    placed: list[list[Placed]] | None = [] if defer else None
    tags = tagging.Tags(story.root)
    canvas = functools.partial(_NumberedCanvas, decor=decor, tags=tags, placed=placed)
    doc.build(list(story.flowables), canvasmaker=canvas)  # platypus empties the list it is given

    def again() -> Laid:
        return lay_out(handout, style, draft, tuning, defer, story)

    return Laid(doc, buf, h, story, again)
