from __future__ import annotations

import difflib
from importlib import resources

import click

CONTENT_PAGE = "content-format.md"
"""The content format, shipped with the package (the same text as docs/content-format.md)."""

EXAMPLES = """\b
Examples:
  handout help build
  handout help styles show
  handout help content
"""


@click.command("help", epilog=EXAMPLES)
@click.argument("topic", nargs=-1)
@click.pass_context
def command(ctx: click.Context, topic: tuple[str, ...]) -> None:
    """Show the help of a COMMAND (as COMMAND --help does), or `content`: the content format."""
    if topic == ("content",):
        click.echo(content_page(), nl=False)
        return
    parent = ctx.find_root()
    node: click.Command = parent.command
    sub = parent
    for name in topic:
        found = node.get_command(sub, name) if isinstance(node, click.Group) else None
        if found is None:
            where = " ".join(["handout", *topic[: topic.index(name)]])
            names = node.list_commands(sub) if isinstance(node, click.Group) else []
            match = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
            hint = f"did you mean '{match[0]}'? " if match else ""
            raise click.UsageError(
                f"no command '{name}' in {where}; {hint}`handout --help` lists them"
                + ("" if topic.index(name) else ", and `handout help content` the content format"),
                ctx,
            )
        node = found
        sub = click.Context(found, info_name=name, parent=sub)
    click.echo(node.get_help(sub))


def content_page() -> str:
    return resources.files("handout").joinpath("data", CONTENT_PAGE).read_text(encoding="utf-8")
