"""The output formats a handout can be built in: ``pdf`` (default) and ``html``."""

from __future__ import annotations

from .schema import suggest

FORMATS = ("pdf", "html")
DEFAULT = ("pdf",)


def parse(text: str) -> tuple[str, ...]:
    """``"PDF, html"`` -> ``("pdf", "html")`` (in that order, each once).

    Raises ``ValueError`` with a message for the user when a name is unknown or none is given.
    """
    names = [n.strip().lower() for n in text.split(",")]
    wanted = [n for n in names if n]
    if not wanted:
        raise ValueError(f"names no format; use {', '.join(FORMATS)} or both: pdf,html")
    for name in wanted:
        if name not in FORMATS:
            hint = suggest(name, list(FORMATS))
            raise ValueError(
                f"unknown format '{name}'{hint + ' (' if hint else '; '}"
                f"use {', '.join(FORMATS)} or both: pdf,html{')' if hint else ''}"
            )
    return tuple(f for f in FORMATS if f in wanted)
