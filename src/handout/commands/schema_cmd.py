from __future__ import annotations

import click

from ..model import editor

EXAMPLES = """\b
Examples:
  handout schema content
  handout schema style > style.schema.json
"""


@click.command("schema", epilog=EXAMPLES)
@click.argument("kind", type=click.Choice(editor.KINDS, case_sensitive=False))
def command(kind: str) -> None:
    """Print the JSON Schema of a content or style file, for editors.

    With the YAML language server (VS Code's YAML extension, and others), a file whose
    first line is `# yaml-language-server: $schema=PATH` gets its keys completed and
    its mistakes underlined as you type; `handout new` writes that line, pointing at
    the schema shipped with handout.  The schema is made from the definitions
    `handout validate` uses; validate remains the full check.
    """
    click.echo(editor.text(kind.lower()), nl=False)
