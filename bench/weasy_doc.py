"""The same handout made with WeasyPrint (HTML + CSS), for comparison.

``html`` writes the handout as one HTML page whose stylesheet loads the Atkinson
Hyperlegible files through ``@font-face`` and sets the same page size, margins,
colours, summary box, striped table, key-point callouts and a "Page N of M"
footer in the page margin.  Run alone: ``python -m bench.weasy_doc IN.yaml OUT.pdf``.
"""

from __future__ import annotations

import sys
from html import escape
from pathlib import Path
from typing import Any

from handout.model.blocks import texts
from handout.model.content import Handout
from handout.pdf import layout, richtext

FACES = (("Regular", 400, "normal"), ("Bold", 700, "normal"), ("Italic", 400, "italic"),
         ("BoldItalic", 700, "italic"))  # fmt: skip

CSS = """
@page { size: 612pt 792pt; margin: 54pt 54pt 80pt 54pt;
  @bottom-left { font: 9pt Atkinson; color: #4A5560; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages);
    font: 9pt Atkinson; color: #4A5560; } }
body { font: 12pt/1.4 Atkinson; color: #1A1A1A; margin: 0; }
h1 { font-size: 22pt; line-height: 1.2; color: #1F4E79; margin: 0; }
.subtitle { font-size: 14pt; color: #4A5560; margin: 0 0 8pt; }
.summary { background: #EAF2FA; border: 1pt solid #1F4E79; padding: 8pt 10pt 6pt;
  break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 12pt 0 14pt; font-size: 11pt;
  line-height: 1.3; }
th, td { border: 0.75pt solid #9AA5B1; padding: 4pt 5pt 5pt; text-align: left;
  vertical-align: top; }
thead th { background: #1F4E79; color: white; }
tbody tr:nth-child(even) { background: #F2F5F8; }
h2 { font-size: 15pt; color: #1F4E79; margin: 10pt 0 4pt; break-after: avoid; }
.key { background: #FFF4D6; border-left: 3pt solid #C98A00; padding: 8pt 10pt 6pt;
  margin-bottom: 8pt; break-inside: avoid; }
.key b { font-size: 10pt; display: block; }
p { margin: 0 0 7pt; }
.small { font-size: 9pt; color: #4A5560; }
"""


def font_css() -> str:
    import fontpkg

    folder = Path(fontpkg.path("Atkinson Hyperlegible", 400, "normal").parent)
    return "".join(
        f"@font-face {{ font-family: Atkinson; font-weight: {w}; font-style: {s}; "
        f"src: url({(folder / f'AtkinsonHyperlegible-{face}.ttf').as_uri()}); }}\n"
        for face, w, s in FACES
    )


def css_string(text: str) -> str:
    """A CSS string literal (safe inside an HTML ``<style>``)."""
    return '"' + "".join(c if c.isalnum() or c in " .,-" else f"\\{ord(c):x} " for c in text) + '"'


def rich(text: str) -> str:
    out = []
    for piece, bold, italic in richtext.spans(text):
        t = escape(piece)
        if italic:
            t = f"<i>{t}</i>"
        if bold:
            t = f"<b>{t}</b>"
        out.append(t)
    return "".join(out)


def html(h: Handout) -> str:
    meta = layout.footer_meta(h)
    out = [
        f'<!doctype html><html lang="{escape(h.language)}"><head><meta charset="utf-8">'
        f"<title>{escape(h.title)}</title><style>@page {{ @bottom-left {{ content: "
        f"{css_string(meta)} }} }}</style></head><body><h1>{rich(h.title)}</h1>",
        f'<p class="subtitle">{rich(h.subtitle or "")}</p><div class="summary">',
        *(f"<p>{rich(p)}</p>" for p in texts(h.summary)),
        "</div><table><thead><tr><th></th>",
        *(f"<th>{rich(x)}</th>" for x in h.items),
        "</tr></thead><tbody>",
    ]
    for row in h.comparison:
        cells = "".join(f"<td>{rich(' '.join(texts(v)))}</td>" for v in row.values)
        out.append(f"<tr><th>{rich(row.attribute)}</th>{cells}</tr>")
    out.append("</tbody></table>")
    for s in h.sections:
        out.append(f"<h2>{rich(s.heading)}</h2>")
        if s.summary:
            out.append(f'<div class="key"><b>Key point</b>{rich(" ".join(texts(s.summary)))}</div>')
        out += [f"<p>{rich(p)}</p>" for p in texts(s.body)]
    if h.disclaimer:
        out.append(f'<p class="small">{rich(h.disclaimer)}</p>')
    out.append("</body></html>")
    return "".join(out)


class Renderer:
    """Fonts and stylesheet loaded once for the process, as a service would keep them."""

    def __init__(self) -> None:
        from weasyprint import CSS as Sheet
        from weasyprint.text.fonts import FontConfiguration

        self.fonts: Any = FontConfiguration()
        self.sheet: Any = Sheet(string=font_css() + CSS, font_config=self.fonts)

    def render(self, h: Handout) -> bytes:
        from weasyprint import HTML

        data: bytes = HTML(string=html(h)).write_pdf(
            stylesheets=[self.sheet], font_config=self.fonts
        )
        return data


if __name__ == "__main__":
    from handout.model import content

    Path(sys.argv[2]).write_bytes(Renderer().render(content.load(Path(sys.argv[1]))))
