"""Handout + Style -> ReportLab flowables and the page decoration.

This stage reads no files but the style's logo and knows nothing of where the PDF
goes; ``document.py`` turns its result into bytes.  Paragraph styles, fonts and the
logo are built once per style and reused for every handout (``roles.kit``),
since a batch lays out thousands of handouts with one style.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..model import labels, logo
from ..model.blocks import Block, texts
from ..model.content import Handout
from ..model.labels import Labels
from ..model.placement import get_help_slot
from ..model.stylemodel import Style
from ..text import addresses
from . import figure, gethelp, gray, links, lists, qr, tagging
from .bands import footer_meta as footer_meta
from .keep import KeepHead
from .platypus import Flowable, KeepTogether, Table, TableStyle
from .roles import Kit, Role, kit_for
from .table import box, cell_font, comparison_table


def flowables(
    handout: Handout, style: Style, root: tagging.Node, k: Kit | None = None
) -> list[Flowable]:
    """The story of one handout, top to bottom; its structure goes under ``root``
    (``k``: its kit, if already made)."""
    k = k or kit_for(handout, style)
    words = labels.resolve(handout.language, style)
    rtl = k.rtl
    heading: list[Flowable] = [k.title.paragraph(handout.title, tag=root.add("H1"))]
    if handout.subtitle:
        heading.append(k.subtitle.paragraph(handout.subtitle, tag=root.add("P")))
    else:
        heading.append(k.gap(8))
    url = handout.meta.url
    on_top = url is not None and style.qr.place == "first-page"
    story = _beside_qr(heading, url, words.read_online, k, root, rtl) if url and on_top else heading
    story.append(_summary_box(handout, k, words.summary_box, root))
    slot = get_help_slot(handout, style)

    def help_box(here: str | int) -> list[Flowable]:
        return gethelp.get_help(handout, k, words, root) if slot == here else []

    story += help_box("after-summary")
    if style.sections.at_a_glance:
        story += _at_a_glance(handout, k, words.at_a_glance, root)
    story.append(k.gap(12))
    story.append(comparison_table(handout, k, words.attribute, root.add("Table")))
    story += help_box("after-table")
    story.append(k.gap(14))
    for i, section in enumerate(handout.sections):
        if i:
            story.append(k.gap(4))
        sect = root.add("Sect")
        head: list[Flowable] = [k.heading.paragraph(section.heading, tag=sect.add("H2"))]
        if section.summary and style.sections.show_summaries:
            callout = _callout(words.key_point, section.summary, k, sect.add("Div"), rtl)
            head += [callout, k.gap(6)]
        body = lists.flow(section.body, k.body, sect)
        story.append(KeepHead(head, body[0] if body else None))
        story += body
        if section.figure:
            story.append(figure.block(section.figure, k, gray.is_gray(style), sect.add("Div")))
        story += help_box(i)
    story += help_box("after-sections")
    story += gethelp.actions(handout, k, words, root)
    story += help_box("before-disclaimer")
    if handout.disclaimer:
        story.append(k.gap(12))
        story.append(KeepTogether([k.small.paragraph(handout.disclaimer, tag=root.add("P"))]))
    # Never a space last: one that does not fit would start a page of its own.
    return story


QR_TEXT_EMS = 11.0
"""Width of the words beside the QR code on page 1, in sizes of the small font."""


def _beside_qr(
    heading: list[Flowable], url: str, label: str, k: Kit, root: tagging.Node, rtl: bool = False
) -> list[Flowable]:
    """The title block on the left, the QR code and its words on the right (page 1);
    mirrored on a right-to-left page.

    A title so long that its block would take more than a third of the page (a table
    row cannot run onto the next page), or a page too narrow to leave the title a third
    of its width, keeps the full width, the code under it.  The words are read after
    the title; the code itself, which says what they say, is a layout artifact.
    """
    code = _QRCode(url)
    group = root.add("Div")
    words = [
        k.small.paragraph(label, bold=True, tag=group.add("P")),
        k.small.paragraph(qr.short(url), tag=group.add("P")),
    ]
    room = min(k.small.spec.size * QR_TEXT_EMS, k.frame[2] - code.width)
    left = k.frame[2] - code.width - room
    cmds: list[tuple[Any, ...]] = [
        cell_font(k),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (-1, 0), (-1, 0), "MIDDLE"),
    ]
    narrow = left < k.frame[2] / 3
    tall = narrow or sum(f.wrap(left - 10, k.frame[3])[1] for f in heading) > k.frame[3] / 3
    side = "RIGHT" if rtl else "LEFT"
    if tall:
        cells, widths = [code, words], [code.width, room]
        if rtl:
            cells, widths = cells[::-1], widths[::-1]
            cmds[-1] = ("VALIGN", (0, 0), (0, 0), "MIDDLE")
        below = Table([cells], colWidths=widths, hAlign=side)
        below.setStyle(TableStyle(cmds))
        return [*heading, below, k.gap(6)]
    if rtl:  # the words, the code, then the title block at the right
        cmds[-1] = ("VALIGN", (0, 0), (0, 0), "MIDDLE")
        return [
            Table(
                [[words, code, heading]],
                colWidths=[room, code.width, left],
                style=TableStyle([*cmds, ("LEFTPADDING", (2, 0), (2, 0), 10)]),
                hAlign=side,
            )
        ]
    row = Table(
        [[heading, code, words]],
        colWidths=[left, code.width, room],
        style=TableStyle([*cmds, ("RIGHTPADDING", (0, 0), (0, 0), 10)]),
        hAlign=side,
    )
    return [row]


class _QRCode(qr.Code):
    """The QR code beside the title, drawn as a layout artifact."""

    def draw(self) -> None:
        with tagging.artifact(self.canv):
            super().draw()


def _summary_box(handout: Handout, k: Kit, label: str, root: tagging.Node) -> Flowable:
    sb = k.style.summary_box
    content: list[Flowable] = []
    if label:
        group = root.add("Sect")
        content.append(k.heading.paragraph(label, tag=group.add("H2")))
    else:
        group = root.add("Div")
    content += lists.flow(handout.summary, k.body, group)
    # It follows the title on page 1: a box too tall for the room left there is split
    # (each part two lines or more, ``keep``) rather than moved on, which would leave
    # the title alone on page 1.
    return box(content, sb.background, sb.border, k)


def _callout(
    label: str, text: tuple[Block, ...], k: Kit, group: tagging.Node, rtl: bool = False
) -> Flowable:
    """A section's key point; its label and text are one group in the structure.  Its
    bar is on the side a line starts: the right on a right-to-left page."""
    s = k.style.sections
    content: list[Flowable] = []
    if label:
        content.append(k.callout_label.paragraph(label, tag=group.add("P")))
    content += lists.flow(text, k.body, group)
    return box(content, s.summary_background, s.summary_border, k, rule="right" if rtl else "left")


def _at_a_glance(handout: Handout, k: Kit, label: str, root: tagging.Node) -> list[Flowable]:
    summed = [sec for sec in handout.sections if sec.summary]
    if not summed:
        return []
    sect = root.add("Sect")
    heading = k.heading.paragraph(label, tag=sect.add("H2"))
    items = [f"**{sec.heading}:** {' '.join(texts(sec.summary))}" for sec in summed]
    return [k.gap(10), heading, lists.bullets(items, k.body, sect)]


@dataclass(frozen=True)
class Decor:
    """What is drawn on every page outside the story: header band, footer, draft mark.

    All are pagination artifacts, except the logo on the first page when the style
    says what it shows (``clinic.logo_alt``): it is then a ``Figure``.
    """

    handout: Handout
    kit: Kit
    words: Labels
    figure: tagging.Node | None = None
    website: tagging.Node | None = None
    """The clinic's website on the first page: a ``Link`` (and its annotation)."""
    draft: str | None = None
    """The mark printed across every page of a draft (``DRAFT``, translated), or ``None``."""

    @property
    def rtl(self) -> bool:
        """A right-to-left handout: header band and footer are mirrored."""
        return self.kit.rtl

    def draw(self, canvas: Any, page: int, pages: int) -> None:
        self._header(canvas, page)
        with tagging.artifact(canvas, tagging.FOOTER):
            self._footer(canvas, page, pages)
        if self.draft:
            with tagging.artifact(canvas, tagging.WATERMARK):
                draft_mark(canvas, self.kit, self.draft)

    def _header(self, canvas: Any, page: int) -> None:
        k, s = self.kit, self.kit.style
        p = s.page
        top = p.height - p.margin_top
        left, right = p.margin_left, p.width - p.margin_right
        rule_y = top - k.header_h + 3
        clinic = s.clinic
        x, end = left, right  # where the clinic's words go
        if clinic.logo:
            shade = gray.is_gray(s)
            figure = self.figure if page == 1 else None
            tags: tagging.Tags | None = getattr(canvas, "_tags", None)
            at = right - logo.size(clinic.logo)[0] if self.rtl else left  # mirrored: right
            if figure is not None and tags is not None and tags.begin(canvas, figure):
                lx, ly, w, h = logo.draw(canvas, clinic.logo, at, rule_y + 5, top, shade)
                canvas._code.append(tagging.EMC)
                figure.attrs = f"<</O /Layout /BBox [{lx:.2f} {ly:.2f} {lx + w:.2f} {ly + h:.2f}]>>"
            else:
                with tagging.artifact(canvas, tagging.HEADER):
                    _, _, w, h = logo.draw(canvas, clinic.logo, at, rule_y + 5, top, shade)
            if self.rtl:
                end = at - 10
            else:
                x = left + w + 10
        with tagging.artifact(canvas, tagging.HEADER):
            self._header_text(canvas, x, top, end, page)
            canvas.setStrokeColor(HexColor(s.colors.rule))
            canvas.setLineWidth(1.5)
            canvas.line(left, rule_y, right, rule_y)

    def _header_text(self, canvas: Any, x: float, top: float, right: float, page: int) -> None:
        """The clinic's name and contact lines (``bands``) between ``x`` and ``right``:
        from ``x`` on, or ending at ``right`` on a right-to-left page; on page 1 the
        website is a link."""
        k, site = self.kit, self.kit.style.clinic.website
        y = top
        for text, bold in k.bands.header:
            size = k.small.spec.size + (2 if bold else 0)
            y -= size * k.small.spec.leading
            base = y + size * 0.25
            at = right - k.small.width(text, bold) * size / k.small.spec.size if self.rtl else x
            linked = page == 1 and self.website and site and not bold and not self.rtl
            if linked and site and text.endswith(site):
                text = text[: -len(site)]  # the website is drawn as content: a link
                # where the website starts on the other pages: a width measured with
                # the text engine leaves out the space the text ends with
                start = x + k.small.width(text + site) - k.small.width(site)
                with tagging.resumed(canvas):
                    self._website(canvas, site, start, base)
            _draw_text(canvas, k.small, text, at, base, size, bold, k.style.colors.text)

    def _website(self, canvas: Any, site: str, x: float, y: float) -> None:
        """The clinic's website on the first page, marked as a ``Link`` with its annotation."""
        k = self.kit
        tags: tagging.Tags | None = getattr(canvas, "_tags", None)
        size = k.small.spec.size
        if self.website is None or tags is None or not tags.begin(canvas, self.website):
            _draw_text(canvas, k.small, site, x, y, size, False, k.style.colors.text)
            return
        _draw_text(canvas, k.small, site, x, y, size, False, k.style.colors.text)
        canvas._code.append(tagging.EMC)
        rect = (x, y - size * 0.25, x + k.small.width(site), y + size)
        links.annotate(canvas, tags, self.website, addresses.website(site), rect)

    def _footer(self, canvas: Any, page: int, pages: int) -> None:
        """The footer's rows, top down (``bands``): the QR code's words, the footer text,
        then the id line with the page number at its end (mirrored on a right-to-left
        page: the text and id at the right, the page number at the left)."""
        k, s = self.kit, self.kit.style
        p = s.page
        left, right = p.margin_left, p.width - p.margin_right
        size = k.small.spec.size
        line = size * k.small.spec.leading
        rows = k.bands.footer_rows

        def baseline(row: int) -> float:
            return p.margin_bottom + (rows - 1 - row) * line + size * 0.3

        top = baseline(0) + line * 0.85
        url = self.handout.meta.url
        row = 0
        if k.qr_footer and url:
            left, right = self._footer_qr(canvas, url, left, right, baseline(0), line)
            top = p.margin_bottom + k.footer_h - 4.0
            row = 2
        rtl = self.rtl

        def start(text: str) -> float:
            """Where a line of the footer starts: at the left, or ending at the right."""
            return right - k.small.width(text) if rtl else left

        def draw(text: str, x: float, row: int) -> None:
            _draw_text(canvas, k.small, text, x, baseline(row), size, False, s.colors.muted)

        for text in k.bands.footer:
            draw(text, start(text), row)
            row += 1
        if s.footer.page_numbers:
            label = self.words.page_of(page, pages)
            draw(label, left if rtl else right - k.small.width(label), row)
            row += k.bands.stacked
        meta_line = footer_meta(self.handout, self.words)
        if meta_line:
            draw(meta_line, start(meta_line), row)
        canvas.setStrokeColor(HexColor(s.table.grid))
        canvas.setLineWidth(0.5)
        canvas.line(p.margin_left, top, p.width - p.margin_right, top)

    def _footer_qr(
        self, canvas: Any, url: str, left: float, right: float, y: float, line: float
    ) -> tuple[float, float]:
        """Draw the QR code at the footer's right end and its words left of it, from
        baseline ``y`` down (mirrored on a right-to-left page: the code at the left end,
        its words right of it); the ends of what is left for the footer's other text."""
        k, s = self.kit, self.kit.style
        size = k.small.spec.size
        bottom = s.page.margin_bottom
        width = qr.outer(url)
        if self.rtl:
            qr.draw(canvas, url, left, bottom)
            left += width + 4
        else:
            qr.draw(canvas, url, right - width, bottom)
            right -= width + 4
        for text, bold in ((self.words.read_online, True), (qr.short(url), False)):
            x = left if self.rtl else right - k.small.width(text, bold)
            _draw_text(canvas, k.small, text, x, y, size, bold, s.colors.text)
            y -= line
        return left, right


DRAFT_GREY = "#808080"
DRAFT_ALPHA = 0.28
"""The draft mark is mid-grey at 28 % opacity: plainly there, the text under it legible."""


def draft_mark(canvas: Any, k: Kit, text: str) -> None:
    """``text`` in large letters along the page's diagonal, over whatever is drawn there."""
    p = k.style.page
    role = k.title
    angle = math.degrees(math.atan2(p.height, p.width))
    room = 0.6 * math.hypot(p.width, p.height)
    if role.engine(text):
        per_point = role.width(text, True) / role.spec.size
    else:  # each run in the font that draws it (a translation may need a fallback)
        per_point = sum(
            stringWidth(run, fam.face(True, role.spec.italic), 1)
            for run, fam in role.chain.runs(text)
        )
    size = min(room / max(per_point, 1e-6), p.width / 4)
    width = per_point * size
    canvas.saveState()
    canvas.translate(p.width / 2, p.height / 2)
    canvas.rotate(angle)
    _draw_text(canvas, role, text, -width / 2, -size * 0.35, size, True, DRAFT_GREY, DRAFT_ALPHA)
    canvas.restoreState()


def _draw_text(
    canvas: Any,
    role: Role,
    text: str,
    x: float,
    y: float,
    size: float,
    bold: bool,
    color: str,
    alpha: float | None = None,
) -> None:
    """Draw one line of text with the role's font chain (fallbacks per run)."""
    canvas.setFillColor(HexColor(color) if alpha is None else Color(*HexColor(color).rgb(), alpha))
    if role.engine(text):
        from .shaped import line  # the text engine, imported when first needed

        line(canvas, role.setting(text, bold, size), x, y)
        return
    for run, fam in role.chain.runs(text):
        face = fam.face(bold, role.spec.italic)
        canvas.setFont(face, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, face, size)
