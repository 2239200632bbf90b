"""What a handout is made from, as digests: so that ``batch --resume`` rebuilds a handout
when any of it changed, and can say what.

A handout's PDF depends on its content file (with the pictures it shows, and the files
an SVG drawing among them links), its resolved
style (with the logo and font files the style names, and the files of the installed
font families it uses), the paper, the formats asked for, whether it is a draft, and the
version of ``handout``.
The report records each (``inputs``); ``--resume`` compares them with today's.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .. import __version__, files
from ..errors import HandoutError
from ..model import content, svgfile
from ..model.stylemodel import Style

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")

WHAT = {
    "handout": "handout's version changed",
    "content": "its content file changed (or a picture it shows)",
    "paper": "its paper changed",
    "formats": "the formats asked for changed",
    "draft": "--draft changed",
    "style": "its style changed (or the logo or a font file the style uses)",
}
"""Why a handout is rebuilt, by the input that changed, in the order they are judged
(the style's digest holds the paper too: a new paper is said as such)."""


def inputs(
    source: Path, style: str, formats: tuple[str, ...], paper: str, draft: bool
) -> dict[str, Any]:
    """The ``inputs`` of a handout as the report records them (``style``: ``style_digest``)."""
    return {
        "content": content_digest(source),
        "style": style,
        "paper": paper,
        "formats": list(formats),
        "draft": draft,
        "handout": __version__,
    }


def changed(recorded: Any, now: dict[str, Any]) -> str | None:
    """Why a handout with ``recorded`` inputs must be built again, or ``None`` when
    nothing changed. A report without inputs (an older version's) says nothing: rebuild."""
    if not isinstance(recorded, dict):
        return "the report does not say what it was made from"
    for key, why in WHAT.items():
        if recorded.get(key) != now[key]:
            return why
    return None


def content_digest(source: Path) -> str:
    """The SHA-256 of a content file, and of the pictures (``figure: image:``) it shows,
    with the files an SVG drawing among them links (``svgfile.linked``)."""
    try:
        data = source.read_bytes()
    except OSError:
        return "missing"
    digest = hashlib.sha256(data)
    if b"image:" in data:  # read as content only when it may name a picture
        try:
            handout = content.load(source)
        except HandoutError:  # refused: it is not built, so its pictures do not matter
            pass
        else:
            for section in handout.sections:
                figure = section.figure
                if figure is not None:
                    shown = [figure.image, *(svgfile.linked(figure.image) if figure.vector else [])]
                    for image in shown:
                        digest.update(f"\n{image}\n{file_digest(image)}".encode())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes; ``missing`` when it cannot be read."""
    try:
        return files.sha256_file(path)
    except OSError:
        return "missing"


def style_digest(style: Style) -> str:
    """One SHA-256 over a resolved style's every value and the bytes of every file it
    uses: its logo, font files it names, and the files of the installed families."""
    digest = hashlib.sha256(repr(style).encode())
    for path in sorted(set(_style_files(style))):
        digest.update(f"\n{path}\n{file_digest(path)}".encode())
    return digest.hexdigest()


def _style_files(style: Style) -> Iterator[Path]:
    from ..pdf import fonts  # where families are found: loaded only when digests are made

    for key, value in _values(style):
        if isinstance(value, Path):
            yield value
        elif isinstance(value, str) and (key in ("family", "fallbacks") or _is_font_file(value)):
            try:
                yield from fonts.face_files(value)
            except HandoutError:  # not installed, or no such file: the style says so itself
                continue


def _is_font_file(value: str) -> bool:
    return value.lower().endswith(FONT_SUFFIXES)


def _values(node: Any, key: str = "") -> Iterator[tuple[str, Any]]:
    """Every leaf value of a style, with the name of the field that holds it."""
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            yield from _values(getattr(node, f.name), f.name)
    elif isinstance(node, tuple | list):
        for item in node:
            yield from _values(item, key)
    elif isinstance(node, dict):
        for name, item in node.items():
            yield from _values(item, str(name))
    else:
        yield key, node
