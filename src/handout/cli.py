"""The ``handout`` command: parses arguments, calls the stages, prints, exits.

Subcommands live in ``handout.commands`` and are imported only when run, so that
``handout build`` does not pay for the imports of ``check`` or ``batch``.
"""

from __future__ import annotations

import difflib
import gc
import importlib
from typing import Any

import click

from . import __version__, signals
from .errors import HandoutError
from .text import fontfiles

COMMANDS = {
    "build": "Build handout PDFs from content files.",
    "batch": "Build many handouts at once, with copies, a print pack and a report.",
    "validate": "Check content and style files and report every problem.",
    "check": "Report reading level, long sentences, structure and review dates.",
    "new": "Start a new content file from the standard template.",
    "import": "Turn plain-text comparison articles into content files.",
    "styles": "List the styles a name can reach, or show one resolved.",
    "schema": "Print the JSON Schema of content or style files, for editors.",
    "help": "Show the help of a command, or the content format (help content).",
    "completion": "Print the shell completion script for bash, zsh or fish.",
}


class LazyGroup(click.Group):
    """A group that imports each subcommand's module on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module = importlib.import_module(f"handout.commands.{cmd_name.replace('-', '_')}_cmd")
        command: click.Command = module.command
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        # Click suggests a close name only from commands it has loaded: here, none yet.
        name = args[0]
        if name not in COMMANDS and not name.startswith("-") and not ctx.resilient_parsing:
            raise click.UsageError(f"No such command '{name}'.{did_you_mean(name)}", ctx)
        return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Short help comes from COMMANDS so that --help imports no subcommand.
        with formatter.section("Commands"):
            formatter.write_dl(sorted(COMMANDS.items()))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HandoutError as exc:
            click.echo(exc.format_message(), err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt as exc:
            name = f" by {exc.name}" if isinstance(exc, signals.Stopped) else ""
            click.echo(f"Interrupted{name}.", err=True)
            ctx.exit(signals.exit_code(exc))
        except BrokenPipeError:  # `| head -1` read what it wanted: stop quietly, as Unix tools do
            from .commands import EXIT_CLOSED_OUTPUT, quiet_output

            quiet_output()
            ctx.exit(EXIT_CLOSED_OUTPUT)


def did_you_mean(name: str) -> str:
    """`` Did you mean 'build'?`` for a mistyped command (as Click says for options), or ``""``."""
    match = difflib.get_close_matches(name, COMMANDS, n=1, cutoff=0.6)
    return f" Did you mean '{match[0]}'?" if match else ""


EPILOG = """\b
Examples:
  handout new "Flu" "Common Cold"
  handout build content/flu-vs-common-cold.yaml
  handout help build
"""


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=EPILOG,
)
@click.version_option(__version__, "-V", "--version", prog_name="handout")
def cli() -> None:
    """Print-ready patient handout PDFs from YAML content and YAML style sheets.

    Exit status: 0 success, 2 bad input (the message names the file, line and key),
    3 findings (check), 130 interrupted (143 by SIGTERM, 129 by SIGHUP), 141 its
    output closed (`| head`), 1 a bug in handout.
    `handout help content` describes the content format.
    """
    fontfiles.announce = _announce
    fontfiles.announce_face = _announce_face
    if click.get_current_context().invoked_subcommand not in ARMS_ITSELF:
        signals.arm()  # held back while Click read the command line: acted on here


ARMS_ITSELF = frozenset({"batch"})
"""Commands that act on a stopping signal held back since the start themselves: ``batch``
once it knows its job list, so that its report says what was not built."""


def _announce(bundled: fontfiles.Bundled) -> None:
    _announce_face(f"{bundled.script} fonts", bundled.seconds)


def _announce_face(what: str, seconds: int) -> None:
    click.echo(f"Preparing the {what} (first use only, about {seconds} s)...", err=True)


def main() -> None:
    try:
        signals.install()
        cli(prog_name="handout")
    except KeyboardInterrupt as exc:  # before or after a command ran
        click.echo("Interrupted.", err=True)
        raise SystemExit(signals.exit_code(exc)) from None
    finally:
        signals.settle()
        # The process ends here. Python's collections at exit would walk every object
        # the run made and every module (a quarter of a short build's time) looking for
        # cycles that ending the process frees anyway: move them out of its sight. Exit
        # handlers still run, and files are closed where they are written.
        gc.freeze()
