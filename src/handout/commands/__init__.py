"""One module per subcommand; each exposes ``command``.  Here: what several share."""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


EXIT_CLOSED_OUTPUT = 128 + signal.SIGPIPE
"""141: standard output was closed by its reader (``| head -1``), as a Unix tool exits."""


def quiet_output() -> None:
    """Send what is still to be written to standard output nowhere: its reader has gone.

    The file descriptor itself is pointed at the null device, so that nothing written
    later (nor the flush when Python exits) fails again.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def echo(text: str) -> None:
    """``click.echo`` to standard output that carries on when its reader has gone
    (``| head -1``): what follows goes nowhere, and the command goes on (``batch``)."""
    try:
        click.echo(text)
    except BrokenPipeError:
        quiet_output()


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 page``, ``3 pages``, ``2 copies`` (``many`` for an irregular plural)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def paper_option(help_text: str) -> Callable[[F], F]:
    """``--paper``: a paper size, in any case (``A4`` or ``a4``), given in lower case."""
    from ..model.paper import PAPER_SIZES  # not the style model: read before a batch starts

    return click.option(
        "--paper", type=click.Choice(sorted(PAPER_SIZES), case_sensitive=False), help=help_text
    )


def complete_style(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of ``--style``: the names ``handout styles`` lists, or a path."""
    from click.shell_completion import CompletionItem  # only when the shell asks

    if "/" in incomplete or incomplete.startswith("."):
        return [CompletionItem(incomplete, type="file")]
    from ..model import style

    return [
        CompletionItem(name, help=description)
        for name, description, _ in style.available()
        if name.startswith(incomplete)
    ]
