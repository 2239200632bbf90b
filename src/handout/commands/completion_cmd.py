from __future__ import annotations

import click
from click.shell_completion import get_completion_class

SHELLS = ("bash", "zsh", "fish")
EXAMPLES = """\b
Examples:
  eval "$(handout completion bash)"      (this shell only; put it in ~/.bashrc)
  handout completion fish > ~/.config/fish/completions/handout.fish
"""


@click.command("completion", epilog=EXAMPLES)
@click.argument("shell", type=click.Choice(SHELLS, case_sensitive=False))
@click.pass_context
def command(ctx: click.Context, shell: str) -> None:
    """Print the completion script for SHELL: commands, options, files and style names.

    Load it in the current shell with eval "$(handout completion SHELL)", or save it
    where the shell looks for completions (see the examples).
    """
    cls = get_completion_class(shell)
    if cls is None:  # pragma: no cover - Click ships all three
        raise click.UsageError(f"no completion for {shell}", ctx)
    root = ctx.find_root()
    script = cls(root.command, {}, "handout", "_HANDOUT_COMPLETE").source()
    click.echo(script)
