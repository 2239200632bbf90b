from __future__ import annotations

from pathlib import Path

import click

from .. import outputs
from ..authoring import template
from ..model import yamlfile

EXAMPLES = """\b
Examples:
  handout new "Muscle Atrophy" "Muscle Denervation"
  handout new Flu Cold COVID-19 -o drafts/
  handout new --language es Gripe Resfriado
"""


@click.command("new", epilog=EXAMPLES)
@click.argument("items", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    metavar="FILE.yaml|DIR/",
    help="A .yaml file, or a folder for <slug of the title>.yaml.  [default: content/]",
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
def command(items: tuple[str, ...], output: str | None, language: str, force: bool) -> None:
    """Start a content file comparing 2 to 4 ITEMS.

    Writes the standard sections and comparison rows with "TODO:" placeholders;
    `handout check` lists the ones still to fill in, and `handout build` refuses
    them (unless --draft).  With --language es (or vi, ru, fr, ...) the template is
    in that language.  `handout help content` describes every field.
    """
    draft = template.new_draft(items, language.strip())
    out = outputs.target(output, (".yaml", ".yml"), Path("content"))
    (path,) = outputs.place(out, [f"{template.slug(draft.title)}.yaml"], "content file")
    name = yamlfile.display_name(path)
    template.write_file(path, template.checked(template.render(draft), name), force=force)
    click.echo(f"wrote {name}: replace each TODO, then run: handout check {name}")
