"""Reading one value of a style file: a reader per kind of leaf (``READERS``).

Each reader takes the file's ``FileChecker``, the leaf's path and its raw YAML value;
it returns the value in its final unit (points, ``#RRGGBB``, a resolved path...) or
reports the problem to the checker and returns ``BAD``.  Messages name what was found
and what to write instead.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import fontfile, images, installed, logo
from .paper import PAPER_SIZES
from .schema import Checker, clean_text, one_line, suggest, type_name
from .stylemodel import FACES, GET_HELP_PLACES, QR_PLACES, Colors, FontFiles
from .yamlfile import PathKey, YamlDoc, display_name

UNITS = {"pt": 1.0, "in": 72.0, "cm": 72.0 / 2.54, "mm": 72.0 / 25.4}
MAX_FONT_SIZE = 144.0
PAGE_LIMITS = (216.0, 14400.0)
"""Smallest and largest page side: 3in, and PDF's 200in."""
LEADING_LIMITS = (1.0, 3.0)
PALETTE = tuple(f.name for f in dataclasses.fields(Colors))
ALIGNS = ("left", "justify")
BAD = object()
"""What a value reader returns after reporting a problem."""


class FileChecker(Checker):
    """A ``Checker`` of one style file that knows the folder its relative paths start from."""

    def __init__(self, doc: YamlDoc, base: Path) -> None:
        super().__init__(doc)
        self.base = base


def is_path(value: str) -> bool:
    """Whether a style reference is a path (a ``/`` or a YAML suffix) rather than a name."""
    seps = {"/", os.sep, os.altsep or "/"}
    return any(s in value for s in seps) or value.lower().endswith((".yaml", ".yml"))


# --- lengths and paper --------------------------------------------------------------------


def length(c: FileChecker, path: PathKey, value: Any, minimum: float | None = None) -> float | None:
    """A length in points from ``12``, ``12pt``, ``0.75in``, ``2cm`` or ``20mm``."""
    points: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        points = float(value)
    elif isinstance(value, str):
        m = re.fullmatch(r"\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([A-Za-z%]*)\s*", value)
        unit = m.group(2).lower() if m else ""
        if m and (unit or "pt") in UNITS:
            points = float(m.group(1)) * UNITS[unit or "pt"]
        elif unit == "px":
            c.fail(path, f"'{value}' is in px, a screen unit; use pt (1px = 0.75pt)")
            return None
        elif m:
            c.fail(
                path,
                f"'{unit}' is not a unit here{suggest(unit, list(UNITS))}; "
                "use pt, in, cm or mm (e.g. 12pt, 0.75in)",
            )
            return None
    if points is None or not math.isfinite(points):
        c.fail(
            path,
            f"expected a length such as 12pt, 0.75in, 2cm or 20mm, found {quote(value)}",
        )
        return None
    if minimum is not None and points < minimum:
        c.fail(path, f"must be {minimum:g}pt or more, found {quote(value)}")
        return None
    return points


def font_size(c: FileChecker, path: PathKey, value: Any) -> Any:
    size = length(c, path, value)
    if size is None:
        return BAD
    if size <= 0:
        c.fail(path, f"a font size must be more than 0pt, found {quote(value)}")
        return BAD
    if size > MAX_FONT_SIZE:
        c.fail(
            path,
            f"{quote(value)} is {pt(size)}; a font size is at most {pt(MAX_FONT_SIZE)}",
        )
        return BAD
    return size


def leading(c: FileChecker, path: PathKey, value: Any) -> Any:
    low, high = LEADING_LIMITS
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if low <= value <= high:
            return float(value)
        c.fail(path, f"leading is {value}; use a value from {low:g} to {high:g}")
        return BAD
    c.fail(
        path,
        f"expected a number (line height as a multiple of the font size, e.g. 1.4), "
        f"found {quote(value)}",
    )
    return BAD


def paper(c: FileChecker, path: PathKey, value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in PAPER_SIZES:
        name = value.strip().lower()
        return (name, *PAPER_SIZES[name])
    if isinstance(value, list) and len(value) == 2:
        sides = [length(c, (*path, i), v) for i, v in enumerate(value)]
        if None in sides:
            return BAD
        low, high = PAGE_LIMITS
        for i, side in enumerate(sides):
            assert side is not None
            if not low <= side <= high:
                c.fail(
                    (*path, i),
                    f"{inches(side)} is outside {inches(low)} to {inches(high)}",
                )
                return BAD
        return ("custom", *sides)
    hint = suggest(str(value), list(PAPER_SIZES)) if isinstance(value, str) else ""
    c.fail(
        path,
        f"expected letter, a4, legal or [width, height] (e.g. [8.5in, 11in]), "
        f"found {quote(value)}{hint}",
    )
    return BAD


# --- yes/no, text and choices -------------------------------------------------------------


def yes_no(c: FileChecker, path: PathKey, value: Any) -> Any:
    if isinstance(value, bool):
        return value
    c.fail(path, f"expected true or false, found {quote(value)}")
    return BAD


def text(c: FileChecker, path: PathKey, value: Any) -> Any:
    text = c.text(path, value)
    return one_line(text) if text is not None else BAD


def opt_text(c: FileChecker, path: PathKey, value: Any) -> Any:
    if value is None:
        return None
    return text(c, path, value)


def label(c: FileChecker, path: PathKey, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str) and not value.strip():
        return ""
    return text(c, path, value)


def align(c: FileChecker, path: PathKey, value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in ALIGNS:
        return value.strip().lower()
    c.fail(path, f"expected left or justify, found {quote(value)}")
    return BAD


def qr_place(c: FileChecker, path: PathKey, value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in QR_PLACES:
        return value.strip().lower()
    hint = suggest(value.strip().lower(), list(QR_PLACES)) if isinstance(value, str) else ""
    c.fail(path, f"expected first-page, footer or none, found {quote(value)}{hint}")
    return BAD


def get_help_place(c: FileChecker, path: PathKey, value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in GET_HELP_PLACES:
        return value.strip().lower()
    hint = suggest(value.strip().lower(), list(GET_HELP_PLACES)) if isinstance(value, str) else ""
    c.fail(path, f"expected {', '.join(GET_HELP_PLACES)}, found {quote(value)}{hint}")
    return BAD


# --- colours ------------------------------------------------------------------------------


def colour(c: FileChecker, path: PathKey, value: Any) -> Any:
    if value is None:
        c.fail(
            path,
            'is empty; write a colour in quotes, e.g. "#1F4E79" '
            "(unquoted, YAML reads #... as a comment)",
        )
        return BAD
    if not isinstance(value, str):
        c.fail(path, f'expected a colour in quotes, e.g. "#1F4E79", found {quote(value)}')
        return BAD
    text = value.strip()
    if re.fullmatch(r"#[0-9A-Fa-f]{6}", text):
        return text.upper()
    if re.fullmatch(r"#[0-9A-Fa-f]{3}", text):
        return "#" + "".join(ch * 2 for ch in text[1:]).upper()
    if text.startswith("#"):
        c.fail(path, f"'{text}' is not a colour; write #RGB or #RRGGBB in hex (0-9, A-F)")
        return BAD
    if re.fullmatch(r"[0-9A-Fa-f]{6}", text):
        c.fail(path, f"'{text}' needs a leading #, in quotes: \"#{text.upper()}\"")
        return BAD
    name = text.lower()
    if name in PALETTE:
        return name
    from PIL import ImageColor  # its CSS colour names; loaded only for a name (14 ms)

    if name in ImageColor.colormap:
        return str(ImageColor.colormap[name]).upper()
    c.fail(
        path,
        f"'{text}' is neither a colour nor a palette entry: write #RRGGBB, #RGB, "
        f"a CSS colour name (e.g. navy) or a key of colors ({', '.join(PALETTE)})"
        + suggest(name, [*PALETTE, *ImageColor.colormap]),
    )
    return BAD


# --- fonts --------------------------------------------------------------------------------


def family(c: FileChecker, path: PathKey, value: Any) -> Any:
    """An installed family's name (``str``), or ``FontFiles``: one .ttf file (its regular
    face) or a mapping of faces to files (``{regular: ..., bold: ...}``)."""
    if isinstance(value, dict):
        return _face_files(c, path, value)
    if not isinstance(value, str) or not value.strip():
        c.fail(
            path,
            f"expected a font family name, a .ttf path or files per face "
            f"({{regular: ..., bold: ...}}), found {quote(value)}",
        )
        return BAD
    text = value.strip()
    if text.lower().endswith((".ttf", ".otf")):
        file = _font_file(c, path, text)
        return BAD if file is BAD else FontFiles(file)
    if is_path(text):
        c.fail(path, f"'{text}' looks like a path; a font file must end .ttf or .otf")
        return BAD
    found = installed.family(text)
    if found is not None:
        return found.name
    names = installed.names()
    c.fail(
        path,
        f"the font family '{text}' is not installed (installed: {', '.join(names) or 'none'}"
        "); add one with pip install fontpkg-NAME, or give the path of a .ttf or .otf file"
        + suggest(text, names),
    )
    return BAD


def _face_files(c: FileChecker, path: PathKey, value: dict[Any, Any]) -> Any:
    mapping = c.mapping(path, value, FACES, required=("regular",), what="files per face")
    if mapping is None or "regular" not in mapping:
        return BAD
    files: dict[str, str] = {}
    for face in FACES:
        if face in mapping and mapping[face] is not None:
            raw = mapping[face]
            if not isinstance(raw, str) or not raw.lower().strip().endswith((".ttf", ".otf")):
                c.fail((*path, face), f"expected the path of a .ttf file, found {quote(raw)}")
                continue
            found = _font_file(c, (*path, face), raw.strip())
            if found is not BAD:
                files[face] = found
    if len(files) < len([f for f in FACES if mapping.get(f) is not None]):
        return BAD
    return FontFiles(**files)


def _font_file(c: FileChecker, path: PathKey, text: str) -> Any:
    file = Path(text).expanduser()
    if not file.is_absolute():
        file = c.base / file
    problem = None
    if not file.exists():
        problem = "does not exist (a font path is relative to the folder of this file)"
    elif file.is_dir():
        problem = "is a folder; name a .ttf or .otf file"
    elif not file.is_file():
        problem = "is not a regular file (a device or pipe); name a .ttf or .otf file"
    else:
        problem = fontfile.damage(file)
    if problem:
        c.fail(path, f"the font file {display_name(file)} {problem}")
        return BAD
    return str(file.resolve())


def families(c: FileChecker, path: PathKey, value: Any) -> Any:
    if not isinstance(value, list):
        c.fail(
            path,
            f"expected a list of font families, e.g. [Fira Sans, Inter], found {type_name(value)}",
        )
        return BAD
    found = [family(c, (*path, i), v) for i, v in enumerate(value)]
    return BAD if BAD in found else tuple(found)


# --- the logo image -----------------------------------------------------------------------


def logo_file(c: FileChecker, path: PathKey, value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        c.fail(path, f"expected the path of a PNG or JPEG file, found {quote(value)}")
        return BAD
    file = Path(value.strip()).expanduser()
    if not file.is_absolute():
        file = c.base / file
    shown = display_name(file)
    missing = images.file_problem(file, shown, "logo", "the folder of this file")
    if missing:
        c.fail(path, missing)
        return BAD
    size, problem = images.image_size(file, "logo", logo.ENOUGH)
    if size is None:
        c.fail(path, f"the logo {shown} {problem}")
        return BAD
    return (file.resolve(), size)


Read = Callable[[FileChecker, PathKey, Any], Any]
READERS: dict[str, Read] = {
    "paper": paper,
    "font_size": font_size,
    "leading": leading,
    "bool": yes_no,
    "text": text,
    "opt_text": opt_text,
    "label": label,
    "align": align,
    "qr_place": qr_place,
    "get_help_place": get_help_place,
    "colour": colour,
    "family": family,
    "families": families,
    "logo": logo_file,
}
"""A reader per kind of leaf of ``style._FIELDS``; margins are read whole by the style."""


# --- writing values in messages ---------------------------------------------------------


def pt(points: float) -> str:
    text = repr(float(points))
    return (text[:-2] if text.endswith(".0") else text) + "pt"


def inches(points: float) -> str:
    return f"{points / 72:.2f}".rstrip("0").rstrip(".") + f"in ({points:.0f}pt)"


def quote(value: Any) -> str:
    if isinstance(value, str):
        return repr(clean_text(value))
    return type_name(value) if value is None or isinstance(value, (dict, list)) else repr(value)
