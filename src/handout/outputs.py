"""The one meaning of ``-o`` in every command that writes files.

- ``-`` is standard output (only where a command allows it: one PDF from ``build``);
- a path ending in ``/``, or a folder that exists, is a folder: each file goes into
  it under its own name (the folder is made when missing);
- a path ending in the command's suffix (``.pdf``, ``.yaml``) is that one file, and
  is refused when the command would write several files;
- a path ending in another file type's suffix (``report.json`` for PDFs) is refused
  as a likely slip;
- any other path is a folder, made when missing; a file in its way is refused.

Everything that can be checked before anything is built is checked here, so a
refused ``-o`` never leaves half a run behind.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError

STDOUT = "-"
"""``-o -``: write to standard output."""
FILE_SUFFIXES = (".pdf", ".yaml", ".yml", ".json", ".html", ".htm", ".txt")
"""Suffixes that make a path look like a file, not a folder."""


@dataclass(frozen=True)
class Target:
    """Where ``-o`` says to write: a folder, one file, or standard output."""

    given: str
    """``-o`` as typed, for messages."""
    path: Path | None
    """The folder or file; ``None`` for standard output."""
    folder: bool

    @property
    def stdout(self) -> bool:
        return self.path is None


def target(
    given: str | None, suffixes: Sequence[str], default: Path, stdout_ok: bool = False
) -> Target:
    """What ``-o given`` means for a command writing files ending in ``suffixes[0]``.

    ``default`` is the folder used without ``-o``.
    """
    try:
        return _target(given, suffixes, default, stdout_ok)
    except OSError as exc:  # a name the system will not look up, e.g. one too long
        raise UsageError(given or str(default), f"cannot be used: {exc.strerror or exc}") from None


def _target(given: str | None, suffixes: Sequence[str], default: Path, stdout_ok: bool) -> Target:
    if given is None:
        return Target(f"{default}/", default, True)
    if given == STDOUT:
        if not stdout_ok:
            raise UsageError("-o -", "this command cannot write to standard output; name a file")
        return Target(given, None, False)
    if not given.strip():
        raise UsageError("-o ''", "is empty; give a file or folder name")
    path = Path(given).expanduser()
    if given.endswith(("/", os.sep)) or path.is_dir():
        _refuse_file_in_the_way(path, suffixes)
        return Target(given, path, True)
    suffix = path.suffix.lower()
    if suffix in suffixes:
        _refuse_file_in_the_way(path.parent, suffixes)
        return Target(given, path, False)
    if suffix in FILE_SUFFIXES:
        raise UsageError(
            given,
            f"ends in {path.suffix}, but this command writes {suffixes[0]} files; "
            f"give a name ending in {suffixes[0]}, or a folder ending in /",
        )
    _refuse_file_in_the_way(path, suffixes)
    return Target(given, path, True)


def place(out: Target, names: Sequence[str], what: str) -> list[Path]:
    """The file each of ``names`` (file names with their suffix) is written to.

    ``what`` names one output for messages (``handout``, ``content file``).  Several
    outputs in one file are refused, as is a folder where a file would go.
    """
    if out.path is None or not out.folder:
        if len(names) > 1:
            shown = "standard output" if out.path is None else "one file"
            raise UsageError(
                f"-o {out.given}",
                f"writes {shown}, but {len(names)} {what}s would be written; "
                "give a folder (a path ending in /) instead",
            )
        return [out.path] if out.path is not None else []
    paths = [out.path / name for name in names]
    for path in paths:
        try:
            in_the_way = path.is_dir()
        except OSError as exc:
            raise UsageError(str(path), f"cannot be used: {exc.strerror or exc}") from None
        if in_the_way:
            raise UsageError(
                str(path), f"is a folder, where a {what} would be written; rename or move it"
            )
    return paths


def _refuse_file_in_the_way(folder: Path, suffixes: Sequence[str]) -> None:
    """Refuse a folder that is, or lies inside, a file, before anything is written."""
    for place in (folder, *folder.parents):
        if place.is_dir():
            return
        if place.exists():
            raise UsageError(
                str(place),
                f"is a file, not a folder; give -o a name ending in {suffixes[0]} or a folder",
            )
