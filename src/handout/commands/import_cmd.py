from __future__ import annotations

from pathlib import Path

import click

from .. import outputs
from ..authoring import importer
from ..model import yamlfile
from . import plural

EXAMPLES = """\b
Examples:
  handout import article.txt
  handout import articles/ -o content/
"""


@click.command("import", epilog=EXAMPLES)
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    metavar="FILE.yaml|DIR/",
    help="A .yaml file (one article), or a folder.  [default: content/]",
)
@click.option("--force", is_flag=True, help="Replace content files that exist.")
def command(sources: tuple[Path, ...], output: str | None, force: bool) -> None:
    """Turn comparison articles in plain text (docs/import.md) into content files.

    A folder means its *.txt files.  Each file is named after its title
    (muscle-atrophy-vs-muscle-denervation.yaml).  Table rows whose cells could not be
    told apart for sure are written as a best guess, marked "# CHECK" and listed here.
    """
    out = outputs.target(output, (".yaml", ".yml"), Path("content"))
    imported = importer.import_files(sources)
    targets = outputs.place(out, [item.name for item in imported], "content file")
    written = importer.write_all(imported, targets, force=force)
    for item, path in zip(imported, written, strict=True):
        name = yamlfile.display_name(path)
        for doubt in item.doubts:
            click.echo(f"{doubt} (in {name})", err=True)
        rows = f"; {plural(len(item.doubts), 'row')} to check" if item.doubts else ""
        click.echo(f"wrote {name} from {item.source}{rows}")
