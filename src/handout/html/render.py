"""Handout + Style -> one self-contained, accessible HTML5 page (UTF-8 bytes).

Every piece of author text is escaped (``<b>`` prints as written, as in the PDF);
``**bold**`` and ``*italic*`` become ``<strong>`` and ``<em>``.  Nothing is fetched
when the page is opened: the stylesheet is inline, fonts and the logo are ``data:``
URIs, and a Content-Security-Policy forbids the browser anything else.  The same
input gives the same bytes.
"""

from __future__ import annotations

import base64
import functools
from html import escape

from .. import __version__
from ..model import emphasis, labels
from ..model import figure as figures
from ..model import logo as logos
from ..model.blocks import has_list, texts
from ..model.content import Handout, Section
from ..model.figure import Figure
from ..model.labels import Labels
from ..model.placement import get_help_slot
from ..model.stylemodel import Style
from ..text import addresses, isolates, scripts
from . import blocks, css, fonts, gethelp, printed

POLICY = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:"
"""The page may load nothing but what it holds; following a link is still allowed."""
_DIR_RTL, _DIR_LTR = ' dir="rtl"', ' dir="ltr"'


def _text(text: str, rtl: bool = False) -> str:
    """Author text as HTML: escaped, with its emphasis as ``<strong>`` and ``<em>``, web
    addresses, e-mail addresses and phone numbers as links (``text.addresses``); on a
    right-to-left page, numbers, doses, phone numbers and Latin words isolated as left
    to right (``_isolated``)."""
    out = []
    for piece, bold, italic in emphasis.spans(text):
        html = _linked(piece, rtl)
        if italic:
            html = f"<em>{html}</em>"
        if bold:
            html = f"<strong>{html}</strong>"
        out.append(html)
    return "".join(out)


def _linked(text: str, rtl: bool = False) -> str:
    """``text`` escaped (isolated on a right-to-left page), each address in it a link."""
    out, at = [], 0
    for link in addresses.links(text):
        shown = escape(text[link.start : link.end], quote=False)
        out += [_plain(text[at : link.start], rtl), _a(link.target, shown, rtl)]
        at = link.end
    out.append(_plain(text[at:], rtl))
    return "".join(out)


def _a(target: str, html: str, rtl: bool = False) -> str:
    """A link; its text isolated left to right on a right-to-left page (an address
    reads so)."""
    inner = f'<span dir="ltr">{html}</span>' if rtl else html
    return f'<a href="{escape(target, quote=True)}">{inner}</a>'


def _isolated(text: str) -> str:
    """``text`` escaped, each left-to-right run in a ``<span dir="ltr">``: an isolate the
    Bidirectional Algorithm keeps whole, so that "(555) 010-0199" or "500 mg" never
    reads backwards in Arabic or Hebrew text."""
    out, pos = [], 0
    for start, end in isolates.ltr_runs(text):
        out.append(escape(text[pos:start], quote=False))
        out.append(f'<span dir="ltr">{escape(text[start:end], quote=False)}</span>')
        pos = end
    out.append(escape(text[pos:], quote=False))
    return "".join(out)


def _plain(text: str, rtl: bool) -> str:
    """Text that is not the author's (the clinic's name, labels): escaped, isolated on a
    right-to-left page."""
    return _isolated(text) if rtl else escape(text, quote=False)


def _attr(text: str) -> str:
    """Text for an attribute value: markers removed, escaped with quotes."""
    return escape(emphasis.plain(text), quote=True)


def render(handout: Handout, style: Style, draft: bool = False) -> bytes:
    """The HTML page of one handout; a draft says so above everything else."""
    words = labels.resolve(handout.language, style)
    rtl = scripts.direction(handout.language) == "rtl"
    slot = get_help_slot(handout, style)

    def text(piece: str) -> str:
        return _text(piece, rtl)

    def help_box(here: str | int) -> list[str]:
        return [gethelp.get_help(handout, style, words, text)] if slot == here else []

    sections = []
    for i, s in enumerate(handout.sections):
        sections += [_section(i + 1, s, style, words, rtl), *help_box(i)]
    body = "\n".join(
        [
            *([f'<p class="draft">{escape(words.draft, quote=False)}</p>'] if draft else []),
            *_clinic(style, rtl),
            "<main>",
            *_title(handout, rtl),
            *_summary(handout, words, rtl),
            *help_box("after-summary"),
            *_glance(handout, style, words, rtl),
            *_table(handout, words, rtl),
            *help_box("after-table"),
            *sections,
            *help_box("after-sections"),
            *([gethelp.actions(handout, words, text)] if handout.actions else []),
            *help_box("before-disclaimer"),
            *(
                [f'<p class="disclaimer">{_text(handout.disclaimer, rtl)}</p>']
                if handout.disclaimer
                else []
            ),
            "</main>",
            *_footer(handout, style, words, rtl),
        ]
    )
    extra = css.lists(style) if _has_lists(handout) else ""
    shown = printed.texts(body, style)
    shown[(400, "normal")] += _label_text(handout, words, style)
    font_css = "\n".join(face.css() for face in fonts.faces(style, shown))
    names = labels.listed((emphasis.plain(i) for i in handout.items), handout.language)
    subject = words.subject.format(items=names)
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(handout.language)}"{_DIR_RTL if rtl else ""}>\n'
        '<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">\n'
        f"<title>{escape(emphasis.plain(handout.title), quote=False)}</title>\n"
        f'<meta name="description" content="{escape(subject)}">\n'
        f'<meta name="generator" content="handout {__version__}">\n'
        f"<style>\n{font_css}\n{css.stylesheet(style)}{extra}</style>\n</head>\n"
        f'<body>\n<div class="page">\n{body}\n</div>\n</body>\n</html>\n'
    )
    return page.encode("utf-8")


def _has_lists(handout: Handout) -> bool:
    """Whether the page holds a list, the checklist or the "When to get help" box."""
    cells = [b for row in handout.comparison for v in row.values for b in v]
    found = [*handout.summary, *cells]
    for section in handout.sections:
        found += [*section.summary, *section.body]
    return bool(handout.actions or handout.get_help or has_list(found))


def _label_text(handout: Handout, words: Labels, style: Style) -> str:
    """The words the page prints besides the content, for the font subsets."""
    clinic = style.clinic
    return "\n".join(
        [
            words.key_point,
            words.at_a_glance,
            words.version,
            words.reviewed,
            words.read_online,
            words.draft,
            words.attribute,
            words.summary_box,
            *(v or "" for v in (clinic.name, clinic.phone, clinic.website, style.footer.text)),
            gethelp.words_used(handout, words, style),
            "0123456789-·",
        ]
    )


def _clinic(style: Style, rtl: bool) -> list[str]:
    clinic = style.clinic
    if not (clinic.name or clinic.phone or clinic.website or clinic.logo):
        return []
    out = ['<header class="clinic">']
    if clinic.logo:
        data, width, height = logos.web_png(clinic.logo, clinic.logo.stat().st_mtime)
        alt = escape(clinic.logo_alt or "", quote=True)
        uri = "data:image/png;base64," + base64.b64encode(data).decode("ascii")
        out.append(f'<img src="{uri}" alt="{alt}" width="{width}" height="{height}">')
    lines = []
    if clinic.name:
        lines.append(f'<p class="clinic-name">{_plain(clinic.name, rtl)}</p>')
    contact = " \u00b7 ".join(_contact(clinic.phone, clinic.website, rtl))
    if contact:
        lines.append(f"<p>{contact}</p>")
    if lines:
        out.append("<div>" + "".join(lines) + "</div>")
    out.append("</header>")
    return out


def _contact(phone: str | None, website: str | None, rtl: bool) -> list[str]:
    """The clinic's phone as a ``tel:`` link and its website as a link."""
    out = []
    if phone:
        tel = addresses.telephone(phone)
        out.append(_a(tel, escape(phone, quote=False), rtl) if tel else _plain(phone, rtl))
    if website:
        out.append(_a(addresses.website(website), escape(website, quote=False), rtl))
    return out


def _title(handout: Handout, rtl: bool) -> list[str]:
    out = [f"<h1>{_text(handout.title, rtl)}</h1>"]
    if handout.subtitle:
        out.append(f'<p class="subtitle">{_text(handout.subtitle, rtl)}</p>')
    return out


def _summary(handout: Handout, words: Labels, rtl: bool) -> list[str]:
    label = words.summary_box
    paragraphs = blocks.html(handout.summary, functools.partial(_text, rtl=rtl))
    if label:
        return [
            '<section class="summary" aria-labelledby="summary">',
            f'<h2 id="summary">{escape(label, quote=False)}</h2>',
            *paragraphs,
            "</section>",
        ]
    return ['<div class="summary">', *paragraphs, "</div>"]


def _glance(handout: Handout, style: Style, words: Labels, rtl: bool) -> list[str]:
    if not style.sections.at_a_glance:
        return []
    items = [
        f"<li><strong>{_text(s.heading, rtl)}:</strong> "
        f"{_text(' '.join(texts(s.summary)), rtl)}</li>"
        for s in handout.sections
        if s.summary
    ]
    if not items:
        return []
    return [
        '<section class="glance" aria-labelledby="glance">',
        f'<h2 id="glance">{escape(words.at_a_glance, quote=False)}</h2>',
        "<ul>",
        *items,
        "</ul>",
        "</section>",
    ]


def _table(handout: Handout, words: Labels, rtl: bool) -> list[str]:
    corner = words.attribute
    names = labels.listed((emphasis.plain(i) for i in handout.items), handout.language)
    caption = words.compared.format(items=names)
    # The roles repeat what the elements say: a browser that drops a table's meaning
    # when its cells are laid out as cards (Safari) still tells screen readers.
    col = 'th scope="col" role="columnheader"'
    head = [
        f"<{col}>{escape(corner, quote=False)}</th>" if corner else '<td role="cell"></td>',
        *(f"<{col}>{_text(item, rtl)}</th>" for item in handout.items),
    ]
    out = [
        '<table class="comparison" role="table">',
        f'<caption class="visually-hidden">{escape(caption, quote=False)}</caption>',
        '<thead role="rowgroup">',
        '<tr role="row">' + "".join(head) + "</tr>",
        "</thead>",
        '<tbody role="rowgroup">',
    ]
    for row in handout.comparison:
        cells = [f'<th scope="row" role="rowheader">{_text(row.attribute, rtl)}</th>']
        for item, value in zip(handout.items, row.values, strict=True):
            # The item's name, shown over the value when the table becomes cards; hidden
            # from screen readers, which announce the column header instead.
            label = f'<span class="item" aria-hidden="true">{_text(item, rtl)}</span>'
            shown = blocks.cell(value, functools.partial(_text, rtl=rtl))
            cells.append(f'<td role="cell">{label}{shown}</td>')
        out.append('<tr role="row">' + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _section(number: int, section: Section, style: Style, words: Labels, rtl: bool) -> str:
    head = f"h-{number}"
    out = [
        f'<section class="section" aria-labelledby="{head}">',
        f'<h2 id="{head}">{_text(section.heading, rtl)}</h2>',
    ]
    if section.summary and style.sections.show_summaries:
        label = f"k-{number}"
        out += [
            f'<aside class="key-point" aria-labelledby="{label} {head}">',
            f'<p class="label" id="{label}">{escape(words.key_point, quote=False)}</p>',
            *blocks.html(section.summary, functools.partial(_text, rtl=rtl)),
            "</aside>",
        ]
    out += blocks.html(section.body, functools.partial(_text, rtl=rtl))
    if section.figure:
        out.append(_figure(section.figure, rtl))
    out.append("</section>")
    return "\n".join(out)


WEB_PIXELS = 1200
"""Widest picture in a web page, in pixels: sharp at twice the column's width (42em)."""


def _figure(fig: Figure, rtl: bool = False) -> str:
    """A section's picture as ``<figure>``: embedded, with its alternative text and caption."""
    data, kind, width, height = figures.web(fig, WEB_PIXELS)
    uri = f"data:image/{kind.lower()};base64," + base64.b64encode(data).decode("ascii")
    img = f'<img src="{uri}" alt="{escape(fig.alt, quote=True)}" width="{width}" height="{height}">'
    caption = f"<figcaption>{_text(fig.caption, rtl)}</figcaption>" if fig.caption else ""
    return f"<figure>{img}{caption}</figure>"


def _footer(handout: Handout, style: Style, words: Labels, rtl: bool) -> list[str]:
    out = ["<footer>"]
    if style.footer.text:
        out.append(f"<p>{_plain(style.footer.text, rtl)}</p>")
    meta = handout.meta
    url = meta.url
    if url:
        shown = escape(url[len("https://") :].rstrip("/"), quote=False)
        # The link on a line of its own, as beside the PDF's QR code: a colon typed here
        # would be wrong in French (a no-break space before it) and in Chinese (：).
        out.append(
            f"<p>{escape(words.read_online, quote=False)}<br>"
            f'<a href="{escape(url, quote=True)}"{_DIR_LTR if rtl else ""}>{shown}</a></p>'
        )
    parts = []
    if style.clinic.name:
        parts.append(_plain(style.clinic.name, rtl))
    if meta.id:
        parts.append(_plain(meta.id, rtl))
    if meta.version:
        parts.append(_plain(words.version.format(version=meta.version), rtl))
    if meta.reviewed:
        day = meta.reviewed.isoformat()
        parts.append(
            escape(words.reviewed.format(date=f"\x00{day}\x01"), quote=False)
            .replace("\x00", f'<time datetime="{day}"{_DIR_LTR if rtl else ""}>')
            .replace("\x01", "</time>")
        )
    if parts:
        out.append("<p>" + " \u00b7 ".join(parts) + "</p>")
    out.append("</footer>")
    return out if len(out) > 2 else []
