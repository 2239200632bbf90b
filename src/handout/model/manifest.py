"""Manifest files: the jobs of one print run, read and checked like every other file.

A manifest names content files (or folders of them), how many copies of each, and
optionally a style and paper per job; the top of the file holds the defaults.  Every
problem is reported at once with its line, and a mistyped key gets a "did you mean".
Paths (content, and a style given as a path) are relative to the manifest's folder,
and a style name is looked up beside the manifest first (its folder, then its
``styles/``), then in ``./styles`` and the bundled styles, so a manifest can be run
from anywhere.  Files are named in messages as the user typed them.  The format is
documented in docs/batch.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from . import formats, inputs, style, yamlfile
from .paper import PAPER_SIZES
from .schema import Checker, suggest, type_name
from .yamlfile import PathKey, YamlDoc

TOP_KEYS = ("style", "paper", "format", "duplex", "jobs")
JOB_KEYS = ("content", "copies", "style", "paper", "format")
MAX_COPIES = 10_000
"""Most copies of one job: more is almost surely a typo (2500 for 25)."""


@dataclass(frozen=True)
class Entry:
    """One content file to print: a job, or one file of a job that names a folder."""

    content: Path
    copies: int = 1
    style: str | None = None
    """Name or path of the job's own style; ``None``: the run's default."""
    paper: str | None = None
    formats: tuple[str, ...] | None = None
    """What to write (``pdf``, ``html``); ``None``: the run's default."""
    where: str = ""
    """``FILE:LINE`` of the job in the manifest, for messages."""


@dataclass(frozen=True)
class Manifest:
    file: str
    entries: tuple[Entry, ...]
    style: str | None = None
    paper: str | None = None
    duplex: bool = False
    formats: tuple[str, ...] | None = None
    search_dirs: tuple[Path, ...] = (Path("styles"),)
    """Where a style name is looked up, before the bundled styles."""


def search_dirs(base: Path) -> tuple[Path, ...]:
    """Beside the manifest (its folder, its ``styles/``), then ``./styles``; each once."""
    dirs: dict[Path, Path] = {}
    for folder in (base, base / "styles", Path("styles")):
        dirs.setdefault(folder.resolve(), folder)
    return tuple(dirs.values())


def load(path: Path) -> Manifest:
    """Read and check a manifest; raise ``InputError`` listing every problem."""
    return from_doc(yamlfile.load(path, str(path)), path.parent)


def from_doc(doc: YamlDoc, base: Path) -> Manifest:
    """Check parsed manifest data; paths in it are relative to ``base``."""
    c = Checker(doc)
    if doc.data is None:
        c.fail((), "the file is empty; a manifest needs jobs: (see docs/batch.md)")
        c.raise_if_failed()
    top = c.mapping(
        (), doc.data, TOP_KEYS, ("jobs",), what="a mapping with jobs: (and style:, paper:, duplex:)"
    )
    if top is None:
        c.raise_if_failed()
        raise AssertionError("unreachable")
    default_style = _style(c, ("style",), top.get("style"), base)
    paper = _paper(c, ("paper",), top.get("paper"))
    default_formats = _formats(c, ("format",), top.get("format"))
    duplex = top.get("duplex", False)
    if not isinstance(duplex, bool):
        c.fail(("duplex",), f"expected yes or no, found {type_name(duplex)}")
    entries = _jobs(c, top["jobs"], base) if "jobs" in top else []
    c.raise_if_failed()
    return Manifest(
        doc.file,
        tuple(entries),
        default_style,
        paper,
        duplex is True,
        default_formats,
        search_dirs(base),
    )


def _jobs(c: Checker, value: Any, base: Path) -> list[Entry]:
    if not isinstance(value, list):
        c.fail(("jobs",), f"expected a list of jobs (- content: ...), found {type_name(value)}")
        return []
    if not value:
        c.fail(("jobs",), "is empty; list at least one job (- content: FILE)")
    out: list[Entry] = []
    for i, raw in enumerate(value):
        path: PathKey = ("jobs", i)
        job = c.mapping(path, raw, JOB_KEYS, ("content",), what="a job with content: FILE")
        if job is None:
            continue
        copies = _copies(c, (*path, "copies"), job.get("copies", 1))
        own_style = _style(c, (*path, "style"), job.get("style"), base)
        paper = _paper(c, (*path, "paper"), job.get("paper"))
        wanted = _formats(c, (*path, "format"), job.get("format"))
        files = _content(c, (*path, "content"), job["content"], base) if "content" in job else []
        line = c.doc.where(path)
        where = f"{c.doc.file}:{line[0]}" if line else c.doc.file
        out += [Entry(f, copies, own_style, paper, wanted, where) for f in files]
    return out


def _content(c: Checker, path: PathKey, value: Any, base: Path) -> list[Path]:
    text = c.text(path, value)
    if text is None:
        return []
    typed = text.strip()
    target = base / Path(typed).expanduser()
    if not target.exists():
        c.fail(
            path,
            f"no such file or folder: {typed} (paths are relative to the manifest's "
            f"folder, {base}/){inputs.suffix_hint(target, typed)}",
        )
        return []
    try:
        return inputs.expand([target])
    except UsageError as exc:
        c.fail(path, exc.problems[0].message)
        return []


def _copies(c: Checker, path: PathKey, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        c.fail(path, f"expected a whole number of copies, found {type_name(value)}")
        return 1
    if not 1 <= value <= MAX_COPIES:
        c.fail(path, f"{value} copies; give a number from 1 to {MAX_COPIES:,}")
        return 1
    return value


def _paper(c: Checker, path: PathKey, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value.strip().lower() not in PAPER_SIZES:
        shown = repr(value) if isinstance(value, str) else type_name(value)
        hint = suggest(str(value).lower(), sorted(PAPER_SIZES)) if isinstance(value, str) else ""
        c.fail(path, f"unknown paper {shown}; use {', '.join(sorted(PAPER_SIZES))}{hint}")
        return None
    return value.strip().lower()


def _formats(c: Checker, path: PathKey, value: Any) -> tuple[str, ...] | None:
    """``pdf``, ``html`` or ``pdf,html`` (also as a list ``[pdf, html]``)."""
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ",".join(value)
    if not isinstance(value, str):
        c.fail(path, f"expected pdf, html or pdf,html, found {type_name(value)}")
        return None
    try:
        return formats.parse(value)
    except ValueError as exc:
        c.fail(path, str(exc))
        return None


def _style(c: Checker, path: PathKey, value: Any, base: Path) -> str | None:
    """A style name, or a path made relative to the manifest; checked to lead to a file."""
    if value is None:
        return None
    text = c.text(path, value)
    if text is None:
        return None
    ref = text.strip()
    if style.is_path(ref):
        target = base / Path(ref).expanduser()
        if not target.is_file():
            c.fail(
                path,
                f"no such style file: {ref} (paths are relative to the manifest's folder, "
                f"{base}/){inputs.suffix_hint(target, ref)}",
            )
            return None
        ref = str(target)
    try:
        style.locate(ref, search_dirs(base))
    except UsageError as exc:
        c.fail(path, exc.problems[0].message)
        return None
    return ref
