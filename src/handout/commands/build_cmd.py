from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import outputs
from ..errors import EXIT_BAD_INPUT, HandoutError, UsageError
from ..jobs import build
from ..model import content, formats, inputs, style, yamlfile
from . import complete_style, paper_option, plural

EXAMPLES = """\b
Examples:
  handout build content/flu-vs-cold.yaml --style large-print --paper a4
  handout build content/ -o print/
  cat flu.yaml | handout build - -o - > flu.pdf
  handout build content/flu-vs-cold.yaml --format pdf,html
"""


@click.command("build", epilog=EXAMPLES)
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--style",
    "-s",
    "style_name",
    default=None,
    metavar="NAME|PATH",
    shell_complete=complete_style,
    help="Style by name (./styles, then bundled) or path.  [default: default]",
)
@paper_option("Paper size, overriding the style's.")
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    metavar="FILE.pdf|DIR/|-",
    help="A .pdf file (one handout; .html with --format html), a folder, or - for standard "
    "output.  [default: output/]",
)
@click.option(
    "--draft",
    is_flag=True,
    help="Build even with TODO placeholders left, with DRAFT across every page.",
)
@click.option(
    "--format",
    "format_text",
    default="pdf",
    metavar="pdf|html|pdf,html",
    help="What to write: a PDF, an HTML page for phones (next to it), or both.  [default: pdf]",
)
def command(
    sources: tuple[Path, ...],
    style_name: str | None,
    paper: str | None,
    output: str | None,
    draft: bool,
    format_text: str,
) -> None:
    """Build a handout PDF from each CONTENT file (or folder of them; - reads standard input).

    Prints the path written, the page count and the time taken.  A bad file is
    reported and skipped; the others are still built, and the exit status is 2.
    A handout with "TODO:" placeholders left is refused unless --draft is given.
    """
    try:
        wanted = formats.parse(format_text)
    except ValueError as exc:
        raise UsageError(f"--format {format_text}", str(exc)) from None
    suffix = ".html" if wanted == ("html",) else ".pdf"
    out = outputs.target(output, (suffix,), Path("output"), stdout_ok=True)
    if out.stdout and len(wanted) > 1:
        raise UsageError("-o -", "writes one file; ask for one --format, or give a folder")
    if out.stdout and sys.stdout.isatty() and suffix == ".pdf":
        raise UsageError(
            "-o -",
            "would print the PDF on this terminal; redirect it (> FILE.pdf) or give -o FILE.pdf",
        )
    resolved = style.resolve(style_name)
    if paper:
        resolved = resolved.with_paper(paper)
    files = inputs.expand(sources)
    if out.stdout:
        outputs.place(out, [f"{build.stem(f)}{suffix}" for f in files], "handout")
        handout = content.from_doc(yamlfile.load(files[0]))
        data, pages, tightened = build.render_formats(handout, resolved, wanted, draft)[wanted[0]]
        stdout = sys.stdout.buffer
        stdout.write(data)
        stdout.flush()
        click.echo(_line("standard output", pages, None, draft, len(data), tightened), err=True)
        return
    targets = build.output_paths(files, out)
    failed = 0
    for src, dest in zip(files, targets, strict=True):
        try:
            done = build.build_one(src, resolved, dest, draft, formats=wanted)
        except HandoutError as exc:
            failed += 1
            click.echo(exc.format_message(), err=True)
            continue
        name = yamlfile.display_name(done.output)
        click.echo(_line(name, done.pages, done.seconds, draft, done.size, done.tightened))
        if done.pages and done.html is not None:
            click.echo(_line(yamlfile.display_name(done.html), 0, None, draft, done.html_size))
    if failed:
        raise click.exceptions.Exit(EXIT_BAD_INPUT)


def _line(
    name: str, pages: int, seconds: float | None, draft: bool, size: int, tightened: bool = False
) -> str:
    """``output/flu.pdf: 3 pages, tightened to fit, 12 ms`` (``, draft`` when it is one);
    for an HTML page (no pages) its size: ``output/flu.html: 26 KB``."""
    text = f"{name}: {plural(pages, 'page')}" if pages else f"{name}: {size / 1024:.0f} KB"
    if tightened:
        text += ", tightened to fit"
    if seconds is not None:
        text += f", {seconds * 1000:.0f} ms"
    return text + (", draft" if draft else "")
