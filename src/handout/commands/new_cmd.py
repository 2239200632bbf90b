from __future__ import annotations

from pathlib import Path

import click

from ..authoring import template
from ..model import yamlfile


@click.command("new")
@click.argument("items", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write [default: content/<slug of the title>.yaml].",
)
@click.option(
    "--language",
    "-l",
    default="en",
    show_default=True,
    help="Language of the handout (BCP 47 tag: es, vi, ru, es-MX, ...): "
    "the template's headings and instructions are written in it.",
)
@click.option("--force", is_flag=True, help="Replace the file if it exists.")
def command(items: tuple[str, ...], output: Path | None, language: str, force: bool) -> None:
    """Start a content file comparing 2 to 4 ITEMS, e.g.
    handout new "Muscle Atrophy" "Muscle Denervation".

    Writes the standard sections and comparison rows with "TODO:" placeholders;
    `handout check` lists the ones still to fill in.  With --language es (or vi, ru,
    fr, ...) the template is in that language, e.g.
    handout new --language es "Gripe" "Resfriado".
    """
    draft = template.new_draft(items, language.strip())
    path = output or Path("content") / f"{template.slug(draft.title)}.yaml"
    name = yamlfile.display_name(path)
    template.write_file(path, template.checked(template.render(draft), name), force=force)
    click.echo(f"wrote {name}: replace each TODO, then run: handout check {name}")
