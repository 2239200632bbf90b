from __future__ import annotations

from pathlib import Path

import click

from .. import content, inputs, yamlfile
from ..errors import EXIT_BAD_INPUT, InputError


@click.command("validate")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def command(paths: tuple[Path, ...]) -> None:
    """Check content files (a folder means its *.yaml and *.yml files).

    Prints one line per valid file, every problem of each invalid one, then a count.
    """
    valid = invalid = 0
    for path in inputs.expand(paths):
        name = yamlfile.display_name(path)
        try:
            content.from_doc(yamlfile.load(path, name))
        except InputError as exc:
            invalid += 1
            click.echo(exc.format_message())
            continue
        valid += 1
        click.echo(f"{name}: valid")
    click.echo(f"{valid} valid, {invalid} invalid")
    if invalid:
        raise click.exceptions.Exit(EXIT_BAD_INPUT)
