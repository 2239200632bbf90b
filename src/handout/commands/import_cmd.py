from __future__ import annotations

from pathlib import Path

import click

from ..authoring import importer
from ..model import yamlfile


@click.command("import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Folder to write the content files into.",
)
@click.option("--force", is_flag=True, help="Replace content files that exist.")
def command(sources: tuple[Path, ...], output: Path, force: bool) -> None:
    """Turn comparison articles in plain text (docs/import.md) into content files.

    A folder means its *.txt files.  Each file is named after its title
    (muscle-atrophy-vs-muscle-denervation.yaml).  Table rows whose cells could not be
    told apart for sure are written as a best guess, marked "# CHECK" and listed here.
    """
    imported = importer.import_files(sources)
    written = importer.write_all(imported, output, force=force)
    for item, path in zip(imported, written, strict=True):
        name = yamlfile.display_name(path)
        for doubt in item.doubts:
            click.echo(f"{doubt} (in {name})", err=True)
        rows = f"; {len(item.doubts)} row(s) to check" if item.doubts else ""
        click.echo(f"wrote {name} from {item.source}{rows}")
