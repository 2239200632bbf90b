"""The same handout made with Typst (the ``typst`` package), for comparison.

``markup`` writes Typst markup for a handout: the same page size, margins, fonts
(the Atkinson Hyperlegible files, given through ``font_paths``), colours, summary
box, striped table, sections with their key point, and a "Page N of M" footer.
Text goes in as Typst string literals, so nothing an author writes is read as
markup.  Run alone: ``python -m bench.typst_doc IN.yaml OUT.pdf``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from handout.model.blocks import texts
from handout.model.content import Handout
from handout.pdf import layout, richtext

PREAMBLE = """\
#set document(title: {title})
#set page(width: 612pt, height: 792pt, margin: (x: 54pt, top: 54pt, bottom: 80pt),
  footer: context [
    #set text(size: 9pt, fill: rgb("#4A5560"))
    #line(length: 100%, stroke: 0.5pt + rgb("#9AA5B1"))
    {meta} #h(1fr) Page #counter(page).display() of #counter(page).final().first()
  ])
#set text(font: "Atkinson Hyperlegible", size: 12pt, lang: {lang}, fill: rgb("#1A1A1A"))
#set par(leading: 0.6em, spacing: 0.9em)
#show heading: it => block(above: 1.1em, below: 0.5em,
  text(size: 15pt, weight: "bold", fill: rgb("#1F4E79"), it.body))
#let panel(fill, stroke, body) = block(width: 100%, fill: rgb(fill), inset: 10pt,
  stroke: stroke, breakable: true, body)
"""


def font_folder() -> Path:
    import fontpkg

    return Path(fontpkg.path("Atkinson Hyperlegible", 400, "normal").parent)


def lit(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def rich(text: str) -> str:
    """Markup for text with ``**bold**`` and ``*italic*`` spans."""
    out = []
    for piece, bold, italic in richtext.spans(text):
        expr = lit(piece)
        if italic:
            expr = f"emph({expr})"
        if bold:
            expr = f"strong({expr})"
        out.append("#" + expr)
    return "".join(out)


def markup(h: Handout) -> str:
    meta = layout.footer_meta(h)
    parts = [PREAMBLE.format(title=lit(h.title), meta=rich(meta), lang=lit(h.language))]
    parts.append(
        f'#text(size: 22pt, weight: "bold", fill: rgb("#1F4E79"), [{rich(h.title)}])\\\n'
        f'#text(size: 14pt, fill: rgb("#4A5560"), [{rich(h.subtitle or "")}])\n'
    )
    summary = "\n\n".join(rich(p) for p in texts(h.summary))
    parts.append(f'#panel("#EAF2FA", 1pt + rgb("#1F4E79"), [{summary}])\n')
    n = len(h.items)
    cells = ["table.header([], " + ", ".join(f"[*{rich(x)}*]" for x in h.items) + ")"]
    for row in h.comparison:
        cells.append(
            f"[*{rich(row.attribute)}*], "
            + ", ".join(f"[{rich(' '.join(texts(v)))}]" for v in row.values)
        )
    parts.append(
        '#v(6pt)\n#set table(stroke: 0.75pt + rgb("#9AA5B1"))\n'
        "#show table.cell.where(y: 0): set text(fill: white)\n"
        f"#table(columns: (auto, {', '.join(['1fr'] * n)}), inset: 5pt,\n"
        '  fill: (x, y) => if y == 0 { rgb("#1F4E79") } else if calc.even(y) { rgb("#F2F5F8") },\n'
        "  " + ",\n  ".join(cells) + ")\n"
    )
    for s in h.sections:
        parts.append(f"= {rich(s.heading)}\n")
        if s.summary:
            key = rich(" ".join(texts(s.summary)))
            parts.append(
                '#panel("#FFF4D6", (left: 3pt + rgb("#C98A00")), '
                f'[#text(size: 10pt, weight: "bold")[Key point]\\\n{key}])\n'
            )
        parts += [rich(p) + "\n" for p in texts(s.body)]
    if h.disclaimer:
        parts.append(f'#v(8pt)\n#text(size: 9pt, fill: rgb("#4A5560"))[{rich(h.disclaimer)}]\n')
    return "\n".join(parts)


class Renderer:
    """One Typst compiler kept for the process, as a service would keep it."""

    def __init__(self) -> None:
        import typst

        self.compiler: Any = typst.Compiler(
            font_paths=[str(font_folder())], ignore_system_fonts=True
        )

    def render(self, h: Handout) -> bytes:
        data: bytes = self.compiler.compile(input=markup(h).encode("utf-8"), format="pdf")
        return data


if __name__ == "__main__":
    from handout.model import content

    Path(sys.argv[2]).write_bytes(Renderer().render(content.load(Path(sys.argv[1]))))
