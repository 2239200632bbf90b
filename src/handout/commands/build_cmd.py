from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_BAD_INPUT, HandoutError, UsageError
from ..jobs import build
from ..model import formats, inputs, style, yamlfile
from ..model.stylemodel import PAPER_SIZES


@click.command("build")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--style",
    "-s",
    "style_name",
    default=None,
    metavar="NAME|PATH",
    help="Style by name (./styles, then bundled) or path.  [default: default]",
)
@click.option(
    "--paper",
    type=click.Choice(sorted(PAPER_SIZES)),
    default=None,
    help="Paper size, overriding the style's.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    metavar="FILE|DIR",
    help="A .pdf file (one handout) or a folder.  [default: output/]",
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
    output: Path | None,
    format_text: str,
) -> None:
    """Build a handout PDF from each CONTENT file (or folder of them).

    Prints the path written, the page count and the time taken.  A bad file is
    reported and skipped; the others are still built, and the exit status is 2.
    """
    try:
        wanted = formats.parse(format_text)
    except ValueError as exc:
        raise UsageError(f"--format {format_text}", str(exc)) from None
    resolved = style.resolve(style_name)
    if paper:
        resolved = resolved.with_paper(paper)
    files = inputs.expand(sources)
    targets = build.output_paths(files, output)
    failed = 0
    for src, dest in zip(files, targets, strict=True):
        try:
            done = build.build_one(src, resolved, dest, wanted)
        except HandoutError as exc:
            failed += 1
            click.echo(exc.format_message(), err=True)
            continue
        click.echo(_line(done))
    if failed:
        raise click.exceptions.Exit(EXIT_BAD_INPUT)


def _line(done: build.Built) -> str:
    """``output/x.pdf: 3 pages, 20 ms``, and the HTML page with its size."""
    ms = f"{done.seconds * 1000:.0f} ms"
    if not done.pages:
        return f"{yamlfile.display_name(done.output)}: {done.size / 1024:.0f} KB, {ms}"
    plural = "s" if done.pages != 1 else ""
    line = f"{yamlfile.display_name(done.output)}: {done.pages} page{plural}, {ms}"
    if done.html is not None:
        line += f"\n{yamlfile.display_name(done.html)}: {done.html_size / 1024:.0f} KB"
    return line
