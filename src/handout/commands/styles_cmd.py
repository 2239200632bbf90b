from __future__ import annotations

import click

from ..model import style
from ..model.yamlfile import display_name
from . import complete_style

EXAMPLES = """\b
Examples:
  handout styles
  handout styles show large-print > styles/my-clinic.yaml
"""


@click.group("styles", invoke_without_command=True, epilog=EXAMPLES)
@click.pass_context
def command(ctx: click.Context) -> None:
    """List the styles a name can reach: ./styles first, then the bundled ones.

    A style in ./styles hides a bundled style of the same name.
    `handout styles show NAME` prints one style fully resolved.
    """
    if ctx.invoked_subcommand is not None:
        return
    bundled = style.bundled_dir().resolve()
    rows = [("NAME", "DESCRIPTION", "FILE")]
    for name, description, path in style.available():
        where = display_name(path)
        if path.parent.resolve() == bundled:
            where += " (bundled)"
        elif (bundled / path.name).exists():
            where += " (hides the bundled one)"
        rows.append((name, description or "-", where))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    for name, description, where in rows:
        click.echo(f"{name:<{widths[0]}}  {description:<{widths[1]}}  {where}")


@command.command("show", epilog="\b\nExample:\n  handout styles show example-clinic")
@click.argument("name", shell_complete=complete_style)
def show(name: str) -> None:
    """Print the style NAME (or a path) fully resolved, as a complete style file."""
    click.echo(style.to_yaml(style.resolve(name)), nl=False)
