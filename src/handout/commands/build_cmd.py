from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_BAD_INPUT, HandoutError
from ..jobs import build
from ..model import inputs, style, yamlfile
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
def command(
    sources: tuple[Path, ...], style_name: str | None, paper: str | None, output: Path | None
) -> None:
    """Build a handout PDF from each CONTENT file (or folder of them).

    Prints the path written, the page count and the time taken.  A bad file is
    reported and skipped; the others are still built, and the exit status is 2.
    """
    resolved = style.resolve(style_name)
    if paper:
        resolved = resolved.with_paper(paper)
    files = inputs.expand(sources)
    targets = build.output_paths(files, output)
    failed = 0
    for src, dest in zip(files, targets, strict=True):
        try:
            done = build.build_one(src, resolved, dest)
        except HandoutError as exc:
            failed += 1
            click.echo(exc.format_message(), err=True)
            continue
        plural = "s" if done.pages != 1 else ""
        tightened = ", tightened to fit" if done.tightened else ""
        click.echo(
            f"{yamlfile.display_name(done.output)}: {done.pages} page{plural}{tightened}, "
            f"{done.seconds * 1000:.0f} ms"
        )
    if failed:
        raise click.exceptions.Exit(EXIT_BAD_INPUT)
