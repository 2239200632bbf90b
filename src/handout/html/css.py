"""The page's stylesheet, from the style: the same colours, fonts and sizes as the PDF.

Sizes: 12pt is 1rem (16 CSS px), so a style's point sizes keep their proportions and
the reader's own text-size setting still scales everything.  Three layouts:

- wide screens: one centred column at most ``42em`` wide, the comparison as a table;
- narrow screens (phones): the same, and the table becomes one card per attribute,
  each value under its item's name, so nothing needs sideways scrolling at 320 px;
- print: like the PDF: the style's paper and margins, the table header repeated on
  every page, backgrounds printed.

Sides are logical (``text-align:start``, ``border-inline-start``,
``padding-inline-start``): on a right-to-left page (``dir="rtl"``) the key point's bar,
the list's bullets and the table's text sit on the right, on a phone too.
"""

from __future__ import annotations

from ..model.stylemodel import Family, FontSpec, Style
from .fonts import css_name

CARDS_BELOW = 40.0
"""The table turns into cards below this width, in ems of a 12pt body (scaled with it)."""


def _rem(points: float) -> str:
    return f"{points / 12:.4g}rem"


def _family(family: Family, style: Style) -> str:
    names = [css_name(family), *(css_name(f) for f in style.fonts.fallbacks)]
    quoted = ",".join(f'"{n}"' for n in dict.fromkeys(names))
    return f"{quoted},system-ui,sans-serif"


def _font(spec: FontSpec, style: Style, bold: bool | None = None) -> str:
    weight = 700 if (spec.bold if bold is None else bold) else 400
    italic = "font-style:italic;" if spec.italic else ""
    return (
        f"font-family:{_family(spec.family, style)};font-size:{_rem(spec.size)};"
        f"line-height:{spec.leading:.4g};font-weight:{weight};{italic}"
    )


def stylesheet(style: Style) -> str:
    """The CSS for ``style`` (without its ``@font-face`` rules)."""
    f, c, t = style.fonts, style.colors, style.table
    box, sec = style.summary_box, style.sections
    p = style.page
    cards = f"{CARDS_BELOW * f.body.size / 12:.4g}em"
    small_label = FontSpec(f.body.family, f.small.size + 1, 1.3, True)
    rules = [
        "*,*::before,*::after{box-sizing:border-box}",
        f"html{{color:{c.text};background:#FFFFFF;-webkit-text-size-adjust:100%}}",
        f"body{{margin:0;{_font(f.body, style)}overflow-wrap:break-word;hyphens:auto}}",
        ".page{max-width:42em;margin:0 auto;padding:1rem}",
        "p{margin:0 0 0.6em}",
        "strong{font-weight:700}",
        "figure{margin:0.4em 0 1em}",
        "figure img{display:block;max-width:100%;height:auto}",
        f"figcaption{{margin-top:0.3em;{_font(f.small, style)}color:{c.muted}}}",
        f"a{{color:{c.primary};text-decoration:underline}}",
        ".clinic a,.comparison thead a{color:inherit}",
        ".visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;"
        "margin:-1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap;border:0}",
        f".draft{{margin:0 0 1rem;padding:0.3em 0.6em;border:3px solid #B00020;color:#B00020;"
        f"font-weight:700;font-size:{_rem(f.heading.size)};letter-spacing:0.1em;text-align:center}}",
        # clinic header band
        f".clinic{{display:flex;flex-wrap:wrap;align-items:center;gap:0.5rem 0.8rem;"
        f"padding-bottom:0.5rem;margin-bottom:1rem;border-bottom:2px solid {c.rule}}}",
        ".clinic img{height:3.333rem;width:auto;max-width:100%}",
        f".clinic p{{margin:0;{_font(f.small, style)}color:{c.text}}}",
        f".clinic .clinic-name{{font-size:{_rem(f.small.size + 2)};font-weight:700}}",
        # title block
        f"h1{{margin:0 0 0.1em;{_font(f.title, style)}color:{c.primary}}}",
        f".subtitle{{margin:0 0 0.6em;{_font(f.subtitle, style)}color:{c.muted}}}",
        f"h2{{margin:1.2em 0 0.3em;{_font(f.heading, style)}color:{c.primary}}}",
        f".summary{{background:{box.background};border:1px solid {box.border};"
        "padding:0.6em 0.8em 0.2em;margin:0 0 1em}",
        ".summary h2{margin-top:0.2em}",
        # comparison table
        f".comparison{{width:100%;border-collapse:collapse;margin:1em 0 1.2em;"
        f"{_font(f.table, style)}}}",
        f".comparison th,.comparison td{{border:1px solid {t.grid};padding:0.3em 0.45em 0.4em;"
        "text-align:start;vertical-align:top;overflow-wrap:anywhere}",
        f".comparison thead th,.comparison thead td{{background:{t.header_background};"
        f"color:{t.header_text};font-weight:700}}",
        f".comparison tbody tr:nth-child(even){{background:{t.stripe}}}",
        ".comparison tbody th{font-weight:700}",
        ".comparison .item{display:none}",
        # sections
        f".key-point{{background:{sec.summary_background};"
        f"border-inline-start:0.25rem solid {sec.summary_border};padding:0.5em 0.8em 0.1em;"
        "margin:0 0 0.8em}",
        f".key-point .label{{margin:0 0 0.1em;{_font(small_label, style)}color:{c.text}}}",
        ".glance ul{padding-inline-start:1.4em;margin:0 0 1em}",
        f".disclaimer{{margin-top:1.5em;{_font(f.small, style)}color:{c.muted}}}",
        f"footer{{margin-top:1.5em;padding-top:0.5em;border-top:1px solid {t.grid};"
        f"{_font(f.small, style)}color:{c.muted}}}",
        "footer p{margin:0 0 0.3em}",
        # phones: one card per attribute, each value under its item's name
        f"@media screen and (max-width:{cards}){{"
        ".page{padding:0.75rem}"
        ".comparison,.comparison tbody,.comparison tr,.comparison th,.comparison td"
        "{display:block;width:auto}"
        ".comparison thead{position:absolute;width:1px;height:1px;overflow:hidden;"
        "clip-path:inset(50%);white-space:nowrap}"
        ".comparison caption{display:block}"
        f".comparison tbody tr{{border:1px solid {t.grid};margin:0 0 0.75em}}"
        ".comparison tbody tr:nth-child(even){background:transparent}"
        f".comparison tbody th{{background:{t.header_background};color:{t.header_text};"
        "border:0}"
        f".comparison td{{border:0;border-top:1px solid {t.grid}}}"
        ".comparison .item{display:block;font-weight:700}"
        "}",
        # paper: like the PDF
        "@media print{"
        f"@page{{size:{p.width:.4g}pt {p.height:.4g}pt;margin:{p.margin_top:.4g}pt "
        f"{p.margin_right:.4g}pt {p.margin_bottom:.4g}pt {p.margin_left:.4g}pt}}"
        "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
        ".page{max-width:none;padding:0}"
        ".comparison thead{display:table-header-group}"
        ".comparison tr,.summary,.key-point{break-inside:avoid}"
        "h1,h2,.key-point .label{break-after:avoid}"
        + (".section p{text-align:justify}" if style.align == "justify" else "")
        + "}",
    ]
    return "\n".join(rules) + "\n"


def emphasised(style: Style) -> tuple[frozenset[str], frozenset[str]]:
    """The elements (tag names and ``.class`` names) whose text the stylesheet sets in
    bold, and in italics, with all they hold.  The page's bold and italic fonts are cut
    to the characters inside them (``printed.texts``), so a rule above that makes
    an element bold or italic must be named here too; ``test_html_cjk`` checks it in a
    browser."""
    f = style.fonts
    by_role = {
        "body": f.body,
        "h1": f.title,
        ".subtitle": f.subtitle,
        "h2": f.heading,
        ".comparison": f.table,
        "figcaption": f.small,
        ".clinic": f.small,
        ".disclaimer": f.small,
        "footer": f.small,
    }
    bold = {"strong", "th", ".clinic-name", ".draft", ".item", ".label", ".lead"}
    italic = {"em"}
    for name, spec in by_role.items():
        if spec.bold:
            bold.add(name)
        if spec.italic:
            italic.add(name)
    return frozenset(bold), frozenset(italic)


def lists(style: Style) -> str:
    """The rules for lists, the checklist and the "When to get help" box, added to the
    stylesheet of a page that has any of them (a page without stays as small as before)."""
    c = style.colors
    rules = [
        "main ul,main ol{padding-inline-start:1.6em;margin:0 0 0.6em}",
        "main li{margin:0 0 0.25em}",
        ".comparison ul,.comparison ol{padding-inline-start:1.2em;margin:0}",
        ".comparison td p{margin:0 0 0.25em}",
        ".comparison td ul+p,.comparison td ol+p{margin:0.25em 0 0}",
        f".get-help{{background:{style.get_help.background};"
        f"border:0.25rem solid {style.get_help.border};padding:0.2em 0.8em 0.2em;"
        "margin:1.2em 0}",
        ".get-help h2{margin-top:0.4em}",
        ".get-help .lead{font-weight:700;margin:0.6em 0 0.3em}",
        ".checklist{list-style:none;padding-inline-start:0}",
        ".checklist li{position:relative;padding-inline-start:1.6em}",
        ".checklist li::before{content:'';position:absolute;inset-inline-start:0.1em;"
        f"top:0.2em;width:0.8em;height:0.8em;border:0.1em solid {c.text}}}",
        "@media print{.get-help,.checklist li{break-inside:avoid}}",
    ]
    return "\n".join(rules) + "\n"
