"""Handout + Style -> ReportLab flowables and the page decoration.

This stage reads no files but the style's logo and knows nothing of where the PDF
goes; ``document.py`` turns its result into bytes.  Paragraph styles, fonts and the
logo are built once per style and reused for every handout (``roles.kit``),
since a batch lays out thousands of handouts with one style.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, ListFlowable, ListItem, Spacer

from ..model import logo
from ..model.content import Handout
from ..model.stylemodel import Style
from .roles import Kit, Role, kit
from .table import box, comparison_table


def flowables(handout: Handout, style: Style) -> list[Flowable]:
    """The story of one handout, top to bottom."""
    k = kit(style)
    story: list[Flowable] = [k.title.paragraph(handout.title)]
    if handout.subtitle:
        story.append(k.subtitle.paragraph(handout.subtitle))
    else:
        story.append(Spacer(1, 8))
    story.append(_summary_box(handout, k))
    if style.sections.at_a_glance:
        story += _at_a_glance(handout, k)
    story.append(Spacer(1, 12))
    story.append(comparison_table(handout, k))
    story.append(Spacer(1, 14))
    for section in handout.sections:
        heading = k.heading.paragraph(section.heading)
        if section.summary and style.sections.show_summaries:
            # Kept as one block; a heading alone keeps with its first paragraph by its style.
            callout = _callout(style.sections.summary_label, section.summary, k)
            story.append(KeepTogether([heading, callout, Spacer(1, 6)]))
        else:
            story.append(heading)
        story += [k.body.paragraph(p) for p in section.body]
        story.append(Spacer(1, 4))
    if handout.disclaimer:
        story.append(Spacer(1, 8))
        story.append(k.small.paragraph(handout.disclaimer))
    return story


def _summary_box(handout: Handout, k: Kit) -> Flowable:
    sb = k.style.summary_box
    content: list[Flowable] = []
    if sb.label:
        content.append(k.heading.paragraph(sb.label))
    content += [k.body.paragraph(p) for p in handout.summary]
    # Never split across pages, unless it is taller than a whole page.
    return KeepTogether([box(content, sb.background, sb.border, k)])


def _callout(label: str, text: str, k: Kit) -> Flowable:
    s = k.style.sections
    content: list[Flowable] = []
    if label:
        content.append(k.callout_label.paragraph(label))
    content.append(k.body.paragraph(text))
    return box(content, s.summary_background, s.summary_border, k, left_rule=True)


def _at_a_glance(handout: Handout, k: Kit) -> list[Flowable]:
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
    return [Spacer(1, 10), k.heading.paragraph(k.style.sections.at_a_glance_label), bullets]


@dataclass(frozen=True)
class Decor:
    """What is drawn on every page outside the story: header band and footer."""

    handout: Handout
    kit: Kit

    def draw(self, canvas: Any, page: int, pages: int) -> None:
        self._header(canvas)
        self._footer(canvas, page, pages)

    def _header(self, canvas: Any) -> None:
        k, s = self.kit, self.kit.style
        p = s.page
        top = p.height - p.margin_top
        left, right = p.margin_left, p.width - p.margin_right
        rule_y = top - k.header_h + 3
        clinic = s.clinic
        x = left
        if clinic.logo:
            w, h = logo.draw(canvas, clinic.logo, left, rule_y + 5, top)
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
        meta_line = footer_meta(self.handout)
        page_label = f"Page {page} of {pages}" if s.footer.page_numbers else ""
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
        canvas.line(left, base + line * 0.85, right, base + line * 0.85)


def footer_meta(handout: Handout) -> str:
    """The footer's second line: ``MSK-015 · Version 2 · Reviewed 2026-04-30`` (may be empty)."""
    meta = handout.meta
    parts = []
    if meta.id:
        parts.append(meta.id)
    if meta.version:
        parts.append(f"Version {meta.version}")
    if meta.reviewed:
        parts.append(f"Reviewed {meta.reviewed.isoformat()}")
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
    canvas: Any, role: Role, text: str, x: float, y: float, size: float, bold: bool, color: str
) -> None:
    """Draw one line of text with the role's font chain (fallbacks per run)."""
    canvas.setFillColor(HexColor(color))
    for run, fam in role.chain.runs(text):
        face = fam.face(bold, role.spec.italic)
        canvas.setFont(face, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, face, size)
