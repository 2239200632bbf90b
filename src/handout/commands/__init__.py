"""One module per subcommand; each exposes ``command``.  Here: what several share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

F = TypeVar("F", bound=Callable[..., Any])


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 page``, ``3 pages``, ``2 copies`` (``many`` for an irregular plural)."""
    return f"{count} {word if count == 1 else many or word + 's'}"


def paper_option(help_text: str) -> Callable[[F], F]:
    """``--paper``: a paper size, in any case (``A4`` or ``a4``), given in lower case."""
    from ..model.stylemodel import PAPER_SIZES

    return click.option(
        "--paper", type=click.Choice(sorted(PAPER_SIZES), case_sensitive=False), help=help_text
    )


def complete_style(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of ``--style``: the names ``handout styles`` lists, or a path."""
    if "/" in incomplete or incomplete.startswith("."):
        return [CompletionItem(incomplete, type="file")]
    from ..model import style

    return [
        CompletionItem(name, help=description)
        for name, description, _ in style.available()
        if name.startswith(incomplete)
    ]
