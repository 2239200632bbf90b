"""Handout + Style -> ReportLab flowables and the page decoration.

This stage reads no files but the style's logo and knows nothing of where the PDF
goes; ``pdf.py`` turns its result into bytes.  Paragraph styles, fonts and the
logo are built once per style and reused for every handout (``functools.cache``),
since a batch lays out thousands of handouts with one style.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ..model import labels, logo
from ..model.content import Handout
from ..model.labels import Labels
from ..model.stylemodel import FontSpec, Style
from . import fonts, gray, hyphenate, qr, richtext

ROLES = ("body", "heading", "title", "subtitle", "table", "small")
"""The font roles of a style (``Fonts``' fields but the fallbacks)."""
CELL_PAD = 5.0
MIN_SPLIT = 40.0
"""Smallest piece (points) a table row or box may be split into across pages."""


class _Paragraph(Paragraph):  # type: ignore[misc]
    """A paragraph that breaks its lines once per width.

    Platypus wraps a paragraph several times at the same width (a table sizes its
    cells, then wraps them again to draw; ``KeepTogether`` measures, then the
    frame places).  Line breaking depends on the width alone, so the last result
    is reused while the broken lines it made (``blPara``) are still in place:
    ``split`` drops them when the paragraph must move on whole.  Not when a word
    was split or hyphenated: ReportLab then rewrites the paragraph's fragments,
    and breaking them again can give other lines, which is what it draws.
    """

    _wrapped: tuple[float, Any, tuple[float, float]] | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        done = self._wrapped
        if done is not None and done[0] == availWidth and done[1] is self.__dict__.get("blPara"):
            return done[2]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        if getattr(self, "_splitLongWordCount", 0) or getattr(self, "_hyphenations", 0):
            self._wrapped = None  # breaking words rewrites the fragments: not repeatable
        else:
            self._wrapped = (availWidth, self.__dict__.get("blPara"), size)
        return size


@dataclass(frozen=True)
class Role:
    """A text role ready to draw: its font chain, paragraph style and colour."""

    spec: FontSpec
    chain: fonts.Chain
    para: ParagraphStyle
    color: Color

    def paragraph(self, text: str, bold: bool | None = None, hyphens: bool = False) -> Paragraph:
        """``hyphens``: break words at the soft hyphens ``text`` holds (``hyphenate.fit``)."""
        b = self.spec.bold if bold is None else bold
        frags = richtext.frags(text, self.chain, self.spec.size, self.color, b, self.spec.italic)
        return _Paragraph("", _hyphenating(self.para) if hyphens else self.para, frags=frags)

    def width(self, text: str, bold: bool | None = None) -> float:
        """Width in points, each word measured in the family that will draw it."""
        b = self.spec.bold if bold is None else bold
        size, italic = self.spec.size, self.spec.italic
        return float(
            sum(
                stringWidth(run, fam.face(b, italic), size)
                for run, fam in self.chain.runs(richtext.plain(text))
            )
        )


@functools.cache
def _hyphenating(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-hyphens", parent=style, embeddedHyphenation=1)


@dataclass(frozen=True)
class Kit:
    """Everything derived from a style alone: built once, used for every handout."""

    style: Style
    body: Role
    heading: Role
    title: Role
    subtitle: Role
    table: Role
    table_head: Role
    small: Role
    callout_label: Role
    header_h: float
    footer_h: float
    qr_footer: bool = False
    """The footer holds a QR code (taller, its text left of the code)."""

    @property
    def frame(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the text frame, inside the margins and page bands."""
        p = self.style.page
        x = p.margin_left
        y = p.margin_bottom + self.footer_h
        w = p.width - p.margin_left - p.margin_right
        h = p.height - p.margin_top - p.margin_bottom - self.header_h - self.footer_h
        return x, y, w, h


def _role(
    name: str,
    spec: FontSpec,
    fallbacks: tuple[str, ...],
    color: str,
    align: str = "left",
    space_after: float = 0.0,
    keep_with_next: bool = False,
) -> Role:
    chain = fonts.chain(spec.family, fallbacks)
    para = ParagraphStyle(
        name,
        fontName=chain.primary.face(spec.bold, spec.italic),
        fontSize=spec.size,
        leading=spec.size * spec.leading,
        textColor=HexColor(color),
        alignment=TA_JUSTIFY if align == "justify" else TA_LEFT,
        spaceAfter=space_after,
        keepWithNext=int(keep_with_next),
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )
    return Role(spec, chain, para, HexColor(color))


@functools.cache
def kit(style: Style, qr_footer: bool = False) -> Kit:
    f, c = style.fonts, style.colors
    fb = f.fallbacks
    body = _role("body", f.body, fb, c.text, style.align, space_after=f.body.size * 0.6)
    small = _role("small", f.small, fb, c.muted)
    clinic = style.clinic
    header_h = 4.0
    if clinic.name or clinic.phone or clinic.website or clinic.logo:
        text_h = (f.small.size + 2) * f.small.leading + (f.small.size * f.small.leading)
        header_h = max(text_h, logo.HEIGHT if clinic.logo else 0.0) + 10.0
    footer_lines = 4 if qr_footer else 2
    footer_h = footer_lines * f.small.size * f.small.leading + 8.0
    if qr_footer:
        footer_h = max(footer_h, qr.LARGEST + 8.0)
    return Kit(
        style=style,
        body=body,
        heading=_role("heading", f.heading, fb, c.primary, space_after=4.0, keep_with_next=True),
        title=_role("title", f.title, fb, c.primary, space_after=2.0),
        subtitle=_role("subtitle", f.subtitle, fb, c.muted, space_after=8.0),
        table=_role("table", f.table, fb, c.text),
        table_head=_role(
            "table_head",
            FontSpec(f.table.family, f.table.size, f.table.leading, True),
            fb,
            style.table.header_text,
        ),
        small=small,
        callout_label=_role(
            "callout_label",
            FontSpec(f.body.family, f.small.size + 1, 1.3, True),
            fb,
            c.text,
        ),
        header_h=header_h,
        footer_h=footer_h,
        qr_footer=qr_footer,
    )


def kit_for(handout: Handout, style: Style) -> Kit:
    """The kit for this handout: ``kit(style)``, or one in a fallback family that has
    the letters the handout's text needs throughout (``fonts.whole_family``), with a
    taller footer when a QR code goes there.

    Kits stay cached per (typeset) style: every Russian handout of a style shares one.
    """
    styled = typeset(handout, style)
    if handout.meta.url and style.qr.place == "footer":
        return kit(styled, qr_footer=True)
    return kit(styled)  # the same cache entry as kit(style) where the style is kept


def typeset(handout: Handout, style: Style) -> Style:
    """``style``, with its families swapped for a fallback where the text needs one."""
    f = style.fonts
    specs = {role: getattr(f, role) for role in ROLES}
    words = labels.resolve(handout.language, style)
    text = "\n".join(
        [t for _, t in handout.texts()] + [words.key_point, words.page, words.reviewed]
    )
    swap: dict[str, str] = {}
    for spec in specs.values():
        if spec.family not in swap:
            swap[spec.family] = fonts.whole_family(spec.family, f.fallbacks, text) or ""
    swap = {old: new for old, new in swap.items() if new}
    if not swap:
        return style
    fallbacks = (*swap, *(n for n in f.fallbacks if n not in swap.values()))
    changed = {
        role: dataclasses.replace(spec, family=swap.get(spec.family, spec.family))
        for role, spec in specs.items()
    }
    return dataclasses.replace(style, fonts=dataclasses.replace(f, fallbacks=fallbacks, **changed))


def flowables(handout: Handout, style: Style, k: Kit | None = None) -> list[Flowable]:
    """The story of one handout, top to bottom (``k``: its kit, if already made)."""
    k = k or kit_for(handout, style)
    words = labels.resolve(handout.language, style)
    heading: list[Flowable] = [k.title.paragraph(handout.title)]
    if handout.subtitle:
        heading.append(k.subtitle.paragraph(handout.subtitle))
    else:
        heading.append(Spacer(1, 8))
    url = handout.meta.url
    on_top = url is not None and style.qr.place == "first-page"
    story = _beside_qr(heading, url, words.read_online, k) if url and on_top else heading
    story.append(_summary_box(handout, k, words.summary_box))
    if style.sections.at_a_glance:
        story += _at_a_glance(handout, k, words.at_a_glance)
    story.append(Spacer(1, 12))
    story.append(comparison_table(handout, k, words.attribute))
    story.append(Spacer(1, 14))
    for section in handout.sections:
        heading = k.heading.paragraph(section.heading)
        if section.summary and style.sections.show_summaries:
            # Kept as one block; a heading alone keeps with its first paragraph by its style.
            callout = _callout(words.key_point, section.summary, k)
            story.append(KeepTogether([heading, callout, Spacer(1, 6)]))
        else:
            story.append(heading)
        story += [k.body.paragraph(p) for p in section.body]
        story.append(Spacer(1, 4))
    if handout.disclaimer:
        story.append(Spacer(1, 8))
        story.append(k.small.paragraph(handout.disclaimer))
    return story


QR_TEXT_EMS = 11.0
"""Width of the words beside the QR code on page 1, in sizes of the small font."""


def _beside_qr(heading: list[Flowable], url: str, label: str, k: Kit) -> list[Flowable]:
    """The title block on the left, the QR code and its words on the right (page 1).

    A title so long that its block would take more than a third of the page (a table
    row cannot run onto the next page), or a page too narrow to leave the title a third
    of its width, keeps the full width, the code under it.
    """
    code = qr.Code(url)
    words = [
        k.small.paragraph(label, bold=True),
        k.small.paragraph(qr.short(url)),
    ]
    room = min(k.small.spec.size * QR_TEXT_EMS, k.frame[2] - code.width)
    left = k.frame[2] - code.width - room
    cmds: list[tuple[Any, ...]] = [
        _cell_font(k),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (-1, 0), (-1, 0), "MIDDLE"),
    ]
    narrow = left < k.frame[2] / 3
    tall = narrow or sum(f.wrap(left - 10, k.frame[3])[1] for f in heading) > k.frame[3] / 3
    if tall:
        below = Table([[code, words]], colWidths=[code.width, room], hAlign="LEFT")
        below.setStyle(TableStyle(cmds))
        return [*heading, below, Spacer(1, 6)]
    row = Table(
        [[heading, code, words]],
        colWidths=[left, code.width, room],
        style=TableStyle([*cmds, ("RIGHTPADDING", (0, 0), (0, 0), 10)]),
        hAlign="LEFT",
    )
    return [row]


def _box(
    content: list[Flowable], background: str, border: str, k: Kit, left_rule: bool = False
) -> Flowable:
    """One shaded cell; split (inside the row) only when taller than what is left."""
    cmds: list[tuple[Any, ...]] = [
        _cell_font(k),
        ("BACKGROUND", (0, 0), (-1, -1), HexColor(background)),
        ("LEFTPADDING", (0, 0), (-1, -1), 10),
        ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]
    if left_rule:
        cmds.append(("LINEBEFORE", (0, 0), (0, -1), 3, HexColor(border)))
    else:
        cmds.append(("BOX", (0, 0), (-1, -1), 1, HexColor(border)))
    width = k.frame[2]
    return _PagedTable([[content]], colWidths=[width], style=TableStyle(cmds), splitInRow=MIN_SPLIT)


def _cell_font(k: Kit) -> tuple[Any, ...]:
    """Table cells that are not paragraphs (an empty one) would set Helvetica."""
    return ("FONTNAME", (0, 0), (-1, -1), k.table.chain.primary.regular)


def _summary_box(handout: Handout, k: Kit, label: str) -> Flowable:
    box = k.style.summary_box
    content: list[Flowable] = []
    if label:
        content.append(k.heading.paragraph(label))
    content += [k.body.paragraph(p) for p in handout.summary]
    # Never split across pages, unless it is taller than a whole page.
    return KeepTogether([_box(content, box.background, box.border, k)])


def _callout(label: str, text: str, k: Kit) -> Flowable:
    s = k.style.sections
    content: list[Flowable] = []
    if label:
        content.append(k.callout_label.paragraph(label))
    content.append(k.body.paragraph(text))
    return _box(content, s.summary_background, s.summary_border, k, left_rule=True)


def _at_a_glance(handout: Handout, k: Kit, label: str) -> list[Flowable]:
    items = [
        ListItem(k.body.paragraph(f"**{sec.heading}:** {sec.summary}"))
        for sec in handout.sections
        if sec.summary
    ]
    if not items:
        return []
    bullets = ListFlowable(
        items,
        bulletType="bullet",
        start="\u2022",
        bulletFontName=k.body.chain.primary.regular,
        bulletFontSize=k.body.spec.size,
        bulletColor=k.body.color,
        leftIndent=k.body.spec.size * 1.4,
    )
    return [Spacer(1, 10), k.heading.paragraph(label), bullets]


def column_widths(header: list[str], body: list[list[str]], k: Kit, total: float) -> list[float]:
    """Widths from the content, the way browsers lay out auto tables.

    Each column gets at least its longest word (so no column is starved) and the
    rest of the width in proportion to how much more its longest text wants.
    """
    n = len(header)
    pad = 2 * CELL_PAD + 0.01  # a column exactly as wide as a word broke it ("Secondite m")
    least = [0.0] * n
    most = [0.0] * n
    cells = [(k.table_head, True, header)] + [(k.table, False, row) for row in body]
    for role, is_head, row in cells:
        for i, text in enumerate(row):
            bold = is_head or i == 0
            words = set(richtext.plain(text).split()) or {""}
            least[i] = max(least[i], max(role.width(w, bold) for w in words) + pad)
            most[i] = max(most[i], role.width(text, bold) + pad)
    cap = total / n * 1.5
    least = [min(w, cap) for w in least]
    if sum(least) >= total:
        return _water_fill(least, total)
    if sum(most) <= total:
        extra = (total - sum(most)) / n
        return [w + extra for w in most]
    room = total - sum(least)
    want = [max(m - w, 0.0) for m, w in zip(most, least, strict=True)]
    share = sum(want) or 1.0
    return [w + room * x / share for w, x in zip(least, want, strict=True)]


def _water_fill(wants: list[float], total: float) -> list[float]:
    """Shrink only the widest columns, to a common width, until all fit in ``total``.

    Short words keep their whole width; only the longest words get broken.
    """
    remaining, left = total, len(wants)
    for w in sorted(wants):
        if w * left > remaining:
            level = remaining / left
            return [min(x, level) for x in wants]
        remaining -= w
        left -= 1
    return list(wants)


def comparison_table(handout: Handout, k: Kit, corner: str = "") -> Flowable:
    t = k.style.table
    header = [corner, *handout.items]
    body = [[row.attribute, *row.values] for row in handout.comparison]
    widths = column_widths(header, body, k, k.frame[2])
    rooms = [w - 2 * CELL_PAD for w in widths]
    lang = handout.language

    def cell(role: Role, text: str, col: int, bold: bool) -> Paragraph:
        soft = hyphenate.fit(text, functools.partial(role.width, bold=bold), rooms[col], lang)
        return role.paragraph(soft, bold, hyphens=soft is not text)

    data: list[list[Any]] = [[cell(k.table_head, h, i, True) for i, h in enumerate(header)]]
    for row in body:
        data.append(
            [
                cell(k.table, row[0], 0, True),
                *(cell(k.table, v, i, False) for i, v in enumerate(row[1:], 1)),
            ]
        )
    cmds: list[tuple[Any, ...]] = [
        _cell_font(k),
        ("BACKGROUND", (0, 0), (-1, 0), HexColor(t.header_background)),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, HexColor(t.stripe)]),
        ("GRID", (0, 0), (-1, -1), 0.75, HexColor(t.grid)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    return _PagedTable(
        data,
        colWidths=widths,
        repeatRows=1,
        splitInRow=MIN_SPLIT,
        style=TableStyle(cmds),
        hAlign="LEFT",
    )


class _PagedTable(Table):  # type: ignore[misc]
    """A table (or shaded box) whose rest, once it is split, starts on the next page.

    ReportLab splits between rows first and then tries the rest in the space left
    on the same page, where it may split again inside the rest's first row: the
    repeated header row would then print a second time in the middle of the page.
    And a first row a little taller than the room is split higher up: ReportLab
    splits a row only where both pieces are at least ``MIN_SPLIT`` tall, and a row
    it can neither fit nor split on an empty page stops the whole layout.
    """

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        parts: list[Flowable] = super().split(availWidth, availHeight)
        rows = self._rowHeights
        first = sum(rows[: self.repeatRows + 1])  # the header and the first row under it
        if not parts and len(rows) > self.repeatRows and first > availHeight:
            higher = first - self.splitInRow
            if higher < availHeight:
                parts = super().split(availWidth, higher)
        if len(parts) == 2:
            return [parts[0], PageBreak(), parts[1]]
        return parts


@dataclass(frozen=True)
class Decor:
    """What is drawn on every page outside the story: header band, footer, draft mark."""

    handout: Handout
    kit: Kit
    words: Labels
    draft: str | None = None
    """The mark printed across every page of a draft (``DRAFT``, translated), or ``None``."""

    def draw(self, canvas: Any, page: int, pages: int) -> None:
        self._header(canvas)
        self._footer(canvas, page, pages)
        if self.draft:
            draft_mark(canvas, self.kit, self.draft)

    def _header(self, canvas: Any) -> None:
        k, s = self.kit, self.kit.style
        p = s.page
        top = p.height - p.margin_top
        left, right = p.margin_left, p.width - p.margin_right
        rule_y = top - k.header_h + 3
        clinic = s.clinic
        x = left
        if clinic.logo:
            w, h = logo.draw(canvas, clinic.logo, left, rule_y + 5, top, gray.is_gray(s))
            x = left + w + 10
        lines = []
        if clinic.name:
            lines.append((clinic.name, True))
        contact = " \u00b7 ".join(v for v in (clinic.phone, clinic.website) if v)
        if contact:
            lines.append((contact, False))
        y = top
        for text, bold in lines:
            size = k.small.spec.size + (2 if bold else 0)
            y -= size * k.small.spec.leading
            shown = _fit(text, k.small, right - x, size, bold)
            _draw_text(canvas, k.small, shown, x, y + size * 0.25, size, bold, k.style.colors.text)
        canvas.setStrokeColor(HexColor(s.colors.rule))
        canvas.setLineWidth(1.5)
        canvas.line(left, rule_y, right, rule_y)

    def _footer(self, canvas: Any, page: int, pages: int) -> None:
        k, s = self.kit, self.kit.style
        p = s.page
        left, right = p.margin_left, p.width - p.margin_right
        size = k.small.spec.size
        line = size * k.small.spec.leading
        base = p.margin_bottom + line + size * 0.3
        top = base + line * 0.85
        url = self.handout.meta.url
        if k.qr_footer and url:
            right = self._footer_qr(canvas, url, right)
            top = p.margin_bottom + k.footer_h - 4.0
        meta_line = footer_meta(self.handout, self.words)
        page_label = self.words.page_of(page, pages) if s.footer.page_numbers else ""
        label_w = k.small.width(page_label)
        if s.footer.text:
            room = right - left - label_w - 12
            _draw_text(
                canvas,
                k.small,
                _fit(s.footer.text, k.small, room),
                left,
                base,
                size,
                False,
                s.colors.muted,
            )
        if page_label:
            _draw_text(
                canvas, k.small, page_label, right - label_w, base, size, False, s.colors.muted
            )
        if meta_line:
            _draw_text(
                canvas,
                k.small,
                meta_line,
                left,
                base - line,
                size,
                False,
                s.colors.muted,
            )
        canvas.setStrokeColor(HexColor(s.table.grid))
        canvas.setLineWidth(0.5)
        canvas.line(left, top, p.width - p.margin_right, top)

    def _footer_qr(self, canvas: Any, url: str, right: float) -> float:
        """Draw the QR code at the footer's right end, its words left of it, above the
        page number; the right end of what is left for the footer's other text."""
        k, s = self.kit, self.kit.style
        size = k.small.spec.size
        line = size * k.small.spec.leading
        bottom = s.page.margin_bottom
        width = qr.outer(url)
        qr.draw(canvas, url, right - width, bottom)
        right -= width + 4
        room = right - s.page.margin_left
        words = self.words.read_online
        y = bottom + 3 * line + size * 0.3
        for text, bold in ((words, True), (qr.short(url), False)):
            shown = _fit(text, k.small, room, size, bold)
            x = right - k.small.width(shown, bold)
            _draw_text(canvas, k.small, shown, x, y, size, bold, s.colors.text)
            y -= line
        return right


DRAFT_GREY = "#808080"
DRAFT_ALPHA = 0.28
"""The draft mark is mid-grey at 28 % opacity: plainly there, the text under it legible."""


def draft_mark(canvas: Any, k: Kit, text: str) -> None:
    """``text`` in large letters along the page's diagonal, over whatever is drawn there."""
    p = k.style.page
    role = k.title
    angle = math.degrees(math.atan2(p.height, p.width))
    room = 0.6 * math.hypot(p.width, p.height)
    per_point = sum(  # each run in the font that draws it (a translation may need a fallback)
        stringWidth(run, fam.face(True, role.spec.italic), 1) for run, fam in role.chain.runs(text)
    )
    size = min(room / max(per_point, 1e-6), p.width / 4)
    width = per_point * size
    canvas.saveState()
    canvas.translate(p.width / 2, p.height / 2)
    canvas.rotate(angle)
    _draw_text(canvas, role, text, -width / 2, -size * 0.35, size, True, DRAFT_GREY, DRAFT_ALPHA)
    canvas.restoreState()


def footer_meta(handout: Handout, words: Labels | None = None) -> str:
    """The footer's second line: ``MSK-015 · Version 2 · Reviewed 2026-04-30`` (may be empty).

    In the handout's language (``words``; by default the data file's); the date is
    ISO 8601 in every language: unambiguous to every reader, and no month names.
    """
    words = words or labels.resolve(handout.language, Style())
    meta = handout.meta
    parts = []
    if meta.id:
        parts.append(meta.id)
    if meta.version:
        parts.append(words.version.format(version=meta.version))
    if meta.reviewed:
        parts.append(words.reviewed.format(date=meta.reviewed.isoformat()))
    return " \u00b7 ".join(parts)


def _fit(text: str, role: Role, room: float, size: float | None = None, bold: bool = False) -> str:
    """Shorten ``text`` with an ellipsis until it fits ``room`` points (at ``size``)."""
    scale = (size or role.spec.size) / role.spec.size

    def width(t: str) -> float:
        return role.width(t, bold) * scale

    if width(text) <= room:
        return text
    while text and width(text + "\u2026") > room:
        text = text[:-1]
    return text.rstrip() + "\u2026"


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
    for run, fam in role.chain.runs(text):
        face = fam.face(bold, role.spec.italic)
        canvas.setFont(face, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, face, size)
