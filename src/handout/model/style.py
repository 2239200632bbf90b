"""Style sheets: YAML files -> a resolved ``stylemodel.Style``, following ``extends``.

Resolution reads the chain child -> parent -> ... (at most ``MAX_EXTENDS`` steps),
checks every file on its own (keys, units, colours, fonts, logos), lays the files
over the built-in defaults leaf by leaf (so nested mappings merge while lists and
scalars replace), then settles what only the merged result can tell: palette
references, font families that follow the body, and whether the margins leave room.
Every problem points into the file that holds it, parent files included.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import fontpkg
import yaml
from PIL import ImageColor, JpegImagePlugin, PngImagePlugin

from ..errors import InputError, Problem, UsageError
from . import inputs, labels, logo, yamlfile
from .schema import Checker, clean_text, suggest, type_name
from .stylemodel import (
    PAPER_SIZES,
    Clinic,
    Colors,
    Fonts,
    FontSpec,
    Footer,
    Page,
    Sections,
    Style,
    SummaryBox,
    TableStyle,
)
from .yamlfile import PathKey, YamlDoc, display_name

MAX_EXTENDS = 20
"""Most ``extends`` steps followed from one style; deeper chains are refused."""
UNITS = {"pt": 1.0, "in": 72.0, "cm": 72.0 / 2.54, "mm": 72.0 / 25.4}
MIN_ROOM = 216.0
"""Narrowest and shortest text area (3in) the margins may leave."""
MAX_FONT_SIZE = 144.0
PAGE_LIMITS = (216.0, 14400.0)
"""Smallest and largest page side: 3in, and PDF's 200in."""
LEADING_LIMITS = (1.0, 3.0)
PALETTE = tuple(f.name for f in dataclasses.fields(Colors))
FONT_ROLES = ("body", "heading", "title", "subtitle", "table", "small")
FONT_KEYS = ("family", "size", "leading", "bold", "italic")
SIDES = ("top", "right", "bottom", "left")
ALIGNS = ("left", "justify")
GROUPS = ("page", "fonts", "colors", "summary_box", "table", "clinic", "footer", "sections")
TOP_KEYS = ("name", "description", "extends", *GROUPS, "labels", "align")

# Every leaf of a style file and the kind of value it holds.
_FIELDS: dict[tuple[str, ...], str] = {
    ("page", "size"): "paper",
    **{("page", "margins", side): "margin" for side in SIDES},
    **{
        ("fonts", role, key): {"size": "font_size", "bold": "bool", "italic": "bool"}.get(key, key)
        for role in FONT_ROLES
        for key in FONT_KEYS
    },
    ("fonts", "fallbacks"): "families",
    **{("colors", key): "colour" for key in PALETTE},
    ("summary_box", "background"): "colour",
    ("summary_box", "border"): "colour",
    ("summary_box", "label"): "label",
    ("table", "header_background"): "colour",
    ("table", "header_text"): "colour",
    ("table", "stripe"): "colour",
    ("table", "grid"): "colour",
    ("table", "attribute_label"): "label",
    ("clinic", "name"): "opt_text",
    ("clinic", "phone"): "opt_text",
    ("clinic", "website"): "opt_text",
    ("clinic", "logo"): "logo",
    ("clinic", "logo_alt"): "opt_text",
    ("footer", "text"): "opt_text",
    ("footer", "page_numbers"): "bool",
    ("sections", "show_summaries"): "bool",
    ("sections", "summary_label"): "label",
    ("sections", "summary_background"): "colour",
    ("sections", "summary_border"): "colour",
    ("sections", "at_a_glance"): "bool",
    ("sections", "at_a_glance_label"): "label",
    ("align",): "align",
}


def _children() -> dict[PathKey, tuple[str, ...]]:
    out: dict[PathKey, list[str]] = {}
    for path in _FIELDS:
        for i in range(len(path)):
            names = out.setdefault(path[:i], [])
            if path[i] not in names:
                names.append(path[i])
    return {k: tuple(v) for k, v in out.items()}


_CHILDREN = _children()
_STYLE_ONLY = frozenset({"name", "description", *TOP_KEYS} - {"sections"})
_CONTENT_ONLY = frozenset(
    {"title", "subtitle", "items", "summary", "comparison", "disclaimer", "meta", "language"}
)
_BAD = object()
"""What a value reader returns after reporting a problem."""

Flat = dict[PathKey, Any]


# --- public API ------------------------------------------------------------------------


def bundled_dir() -> Path:
    """The folder of the styles that ship with ``handout``."""
    return Path(__file__).parent.parent / "styles"


def is_style(data: Any) -> bool:
    """Whether parsed YAML is a style sheet rather than content, judged by its keys."""
    if not isinstance(data, dict):
        return False
    keys = {str(k) for k in data}
    if keys & _CONTENT_ONLY:
        return False
    if isinstance(data.get("sections"), dict):
        return True
    return any(
        key in _STYLE_ONLY or difflib.get_close_matches(key, _STYLE_ONLY, n=1, cutoff=0.8)
        for key in keys
    )


def available(search_dirs: Sequence[Path] = (Path("styles"),)) -> list[tuple[str, str, Path]]:
    """``(name, description, path)`` of every style a name reaches, local ones first.

    A local style hides a bundled one of the same name, so each name appears once.
    """
    out: list[tuple[str, str, Path]] = []
    seen: set[str] = set()
    for folder in (*search_dirs, bundled_dir()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yaml", ".yml") and path.is_file() and path.stem not in seen:
                seen.add(path.stem)
                out.append((path.stem, _description(path), path))
    return out


def resolve(
    name_or_path: str | Path | None, search_dirs: Sequence[Path] = (Path("styles"),)
) -> Style:
    """The fully resolved style a name or path stands for (``None``: ``default``).

    Raises ``InputError`` listing every problem of the files involved, or
    ``UsageError`` when the name or path leads to no file.  Results are cached per
    file and modification time, so a batch pays for each style once.
    """
    try:
        return _resolve(name_or_path, search_dirs)
    except OSError as exc:  # a path the system will not look at, e.g. a name too long
        raise inputs.path_error(exc) from None


def _resolve(name_or_path: str | Path | None, search_dirs: Sequence[Path]) -> Style:
    path = locate(name_or_path, search_dirs)
    key = (
        str(path.resolve()),
        tuple(str(Path(d).resolve()) for d in search_dirs),
        os.getcwd(),
    )
    hit = _cache.get(key)
    if hit is not None and all(_stamp(Path(f)) == stamp for f, stamp in hit[0]):
        return hit[1]
    style, files = _resolve_file(path, search_dirs)
    _cache[key] = (tuple((str(f), _stamp(f)) for f in files), style)
    return style


def locate(
    name_or_path: str | Path | None, search_dirs: Sequence[Path] = (Path("styles"),)
) -> Path:
    """The file a style name or path names; a name is looked up locally, then bundled."""
    value = "default" if name_or_path is None else name_or_path
    if isinstance(value, Path) or is_path(value):
        path = Path(value)
        if not path.exists():
            raise UsageError(display_name(path), "no such style file" + inputs.suffix_hint(path))
        return path
    found = _find(value, search_dirs)
    if found is None:
        names = [n for n, _, _ in available(search_dirs)]
        raise UsageError(
            value,
            f"no style of that name (looked in {_places(search_dirs)}); "
            "`handout styles` lists them" + suggest(value, names),
        )
    return found


def to_yaml(style: Style) -> str:
    """The resolved style as a complete style file (no ``extends``) that resolves back to it."""
    doc: dict[str, Any] = {"name": style.name}
    if style.description:
        doc["description"] = style.description
    flat = _flatten(style)
    for path, kind in _FIELDS.items():
        shown = _show(kind, flat[path])
        if shown is None:
            continue
        node = doc
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = shown
    if style.labels:
        doc["labels"] = {tag: dict(words) for tag, words in style.labels}
    margins = doc["page"]["margins"]
    if len(set(margins.values())) == 1:
        doc["page"]["margins"] = margins["top"]
    header = f"# Style '{style.name}', fully resolved (see docs/style-format.md)\n"
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=1000)


# --- finding files and the extends chain ------------------------------------------------


_cache: dict[
    tuple[str, tuple[str, ...], str], tuple[tuple[tuple[str, tuple[int, int]], ...], Style]
] = {}


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


def is_path(value: str) -> bool:
    """Whether a style reference is a path (a ``/`` or a YAML suffix) rather than a name."""
    seps = {"/", os.sep, os.altsep or "/"}
    return any(s in value for s in seps) or value.lower().endswith((".yaml", ".yml"))


def _places(search_dirs: Sequence[Path]) -> str:
    local = ", ".join(f"{Path(d)}/" for d in search_dirs)  # as the user gave them
    bundled = f"the bundled styles ({display_name(bundled_dir())}/)"
    return f"{local} and {bundled}" if local else bundled


def _find(name: str, search_dirs: Sequence[Path], skip: Path | None = None) -> Path | None:
    for folder in (*search_dirs, bundled_dir()):
        for suffix in (".yaml", ".yml"):
            candidate = Path(folder) / f"{name}{suffix}"
            if candidate.is_file() and (skip is None or candidate.resolve() != skip):
                return candidate
    return None


def _description(path: Path) -> str:
    try:
        data = yamlfile.load(path).data
    except InputError:
        return f"(unreadable: run handout validate {display_name(path)})"
    text = data.get("description") if isinstance(data, dict) else None
    return " ".join(text.split()) if isinstance(text, str) else ""


@dataclasses.dataclass
class _Link:
    path: Path
    doc: YamlDoc


def _load_chain(top: Path, search_dirs: Sequence[Path]) -> tuple[list[_Link], list[Problem]]:
    links: list[_Link] = []
    problems: list[Problem] = []
    seen: dict[Path, int] = {}
    path = top
    while True:
        try:
            doc = yamlfile.load(path)
        except InputError as exc:
            problems.extend(exc.problems)
            break
        seen[path.resolve()] = len(links)
        links.append(_Link(path, doc))
        if not isinstance(doc.data, dict) or doc.data.get("extends") is None:
            break
        extends = doc.data["extends"]
        if not isinstance(extends, str) or not extends.strip():
            problems.append(
                doc.problem(
                    ("extends",),
                    f"expected the name or path of a style, found {type_name(extends)}",
                )
            )
            break
        if len(links) > MAX_EXTENDS:
            chain = [link.path.stem for link in links]
            shown = " -> ".join([*chain[:3], "...", *chain[-2:], extends.strip()])
            problems.append(
                links[0].doc.problem(
                    ("extends",),
                    f"the extends chain is more than {MAX_EXTENDS} steps deep ({shown}); "
                    f"at most {MAX_EXTENDS} are followed: extend a style nearer the root",
                )
            )
            break
        parent, message = _parent(extends.strip(), path, search_dirs)
        if parent is None:
            problems.append(doc.problem(("extends",), message))
            break
        if parent.resolve() in seen:
            start = seen[parent.resolve()]
            if start == len(links) - 1:
                message = "a style cannot extend itself; name another style or remove extends"
            else:
                loop = " -> ".join(display_name(x.path) for x in links[start:])
                message = (
                    f"'{extends.strip()}' leads back to {display_name(parent)} "
                    f"({loop} -> {display_name(parent)}); styles cannot extend in a circle"
                )
            problems.append(doc.problem(("extends",), message))
            break
        path = parent
    return links, problems


def _parent(extends: str, child: Path, search_dirs: Sequence[Path]) -> tuple[Path | None, str]:
    """The file ``extends`` names, or ``None`` and why it was not found."""
    if is_path(extends):
        path = Path(extends).expanduser()
        if not path.is_absolute():
            path = child.parent / path
        if path.is_file():
            return path, ""
        where = "is a folder" if path.is_dir() else "does not exist"
        return None, (
            f"the style file {display_name(path)} {where} "
            "(a path in extends is relative to the folder of this file)"
        )
    found = _find(extends, search_dirs, skip=child.resolve())
    if found is not None:
        return found, ""
    if child.stem == extends:
        return None, "a style cannot extend itself; name another style or remove extends"
    names = [n for n, _, _ in available(search_dirs)]
    return None, (
        f"no style named '{extends}' (looked in {_places(search_dirs)})" + suggest(extends, names)
    )


# --- reading one file -------------------------------------------------------------------


class _Reader:
    """Checks one style file on its own and turns its leaves into final units."""

    def __init__(self, link: _Link) -> None:
        self.doc = link.doc
        self.base = link.path.parent
        self.c = Checker(link.doc)
        self.values: Flat = {}
        self.origins: dict[PathKey, PathKey] = {}
        self.name: str | None = None
        self.description: str | None = None

    def read(self) -> None:
        data = self.doc.data
        if data is None:
            self.c.fail((), "the file is empty; see docs/style-format.md for what a style holds")
            return
        top = self.c.mapping(
            (), data, TOP_KEYS, what="a mapping of style settings (page:, fonts:, colors:, ...)"
        )
        for key, value in (top or {}).items():
            if key == "name":
                self.name = self._one_line(("name",), value)
            elif key == "description":
                blank = isinstance(value, str) and not value.strip()
                self.description = "" if blank else self._one_line(("description",), value)
            elif key == "labels":
                for leaf, (text, where) in labels.read_style_group(self.c, value).items():
                    self.values[leaf] = text
                    self.origins[leaf] = where
            elif key in TOP_KEYS and key != "extends":
                self._walk((str(key),), value)

    def _one_line(self, path: PathKey, value: Any) -> str | None:
        text = self.c.text(path, value)
        return " ".join(text.split()) if text else None

    def _walk(self, path: tuple[str, ...], value: Any) -> None:
        if path == ("page", "margins"):
            self._margins(path, value)
            return
        kind = _FIELDS.get(path)
        if kind is not None:
            result = _READERS[kind](self, path, value)
            if result is not _BAD:
                self.values[path] = result
                self.origins[path] = path
            return
        if value is None:
            return  # an empty section, e.g. every line under `clinic:` commented out
        allowed = _CHILDREN[path]
        mapping = self.c.mapping(path, value, allowed)
        for key, child in (mapping or {}).items():
            if key in allowed:
                self._walk((*path, str(key)), child)

    def _margins(self, path: PathKey, value: Any) -> None:
        if isinstance(value, dict):
            mapping = self.c.mapping(path, value, SIDES)
            for side, raw in (mapping or {}).items():
                if side in SIDES:
                    length = self.length((*path, side), raw, minimum=0.0)
                    if length is not None:
                        self.values[(*path, side)] = length
                        self.origins[(*path, side)] = (*path, side)
            return
        length = self.length(path, value, minimum=0.0)
        if length is not None:
            for side in SIDES:
                self.values[(*path, side)] = length
                self.origins[(*path, side)] = path

    def length(self, path: PathKey, value: Any, minimum: float | None = None) -> float | None:
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
                self.c.fail(path, f"'{value}' is in px, a screen unit; use pt (1px = 0.75pt)")
                return None
            elif m:
                self.c.fail(
                    path,
                    f"'{unit}' is not a unit here{suggest(unit, list(UNITS))}; "
                    "use pt, in, cm or mm (e.g. 12pt, 0.75in)",
                )
                return None
        if points is None or not math.isfinite(points):
            self.c.fail(
                path,
                f"expected a length such as 12pt, 0.75in, 2cm or 20mm, found {_quote(value)}",
            )
            return None
        if minimum is not None and points < minimum:
            self.c.fail(path, f"must be {minimum:g}pt or more, found {_quote(value)}")
            return None
        return points

    def font_size(self, path: PathKey, value: Any) -> Any:
        size = self.length(path, value)
        if size is None:
            return _BAD
        if size <= 0:
            self.c.fail(path, f"a font size must be more than 0pt, found {_quote(value)}")
            return _BAD
        if size > MAX_FONT_SIZE:
            self.c.fail(
                path,
                f"{_quote(value)} is {_pt(size)}; a font size is at most {_pt(MAX_FONT_SIZE)}",
            )
            return _BAD
        return size

    def leading(self, path: PathKey, value: Any) -> Any:
        low, high = LEADING_LIMITS
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if low <= value <= high:
                return float(value)
            self.c.fail(path, f"leading is {value}; use a value from {low:g} to {high:g}")
            return _BAD
        self.c.fail(
            path,
            f"expected a number (line height as a multiple of the font size, e.g. 1.4), "
            f"found {_quote(value)}",
        )
        return _BAD

    def bool(self, path: PathKey, value: Any) -> Any:
        if isinstance(value, bool):
            return value
        self.c.fail(path, f"expected true or false, found {_quote(value)}")
        return _BAD

    def text(self, path: PathKey, value: Any) -> Any:
        text = self.c.text(path, value)
        return " ".join(text.split()) if text is not None else _BAD

    def opt_text(self, path: PathKey, value: Any) -> Any:
        if value is None:
            return None
        return self.text(path, value)

    def label(self, path: PathKey, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, str) and not value.strip():
            return ""
        return self.text(path, value)

    def align(self, path: PathKey, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in ALIGNS:
            return value.strip().lower()
        self.c.fail(path, f"expected left or justify, found {_quote(value)}")
        return _BAD

    def colour(self, path: PathKey, value: Any) -> Any:
        if value is None:
            self.c.fail(
                path,
                'is empty; write a colour in quotes, e.g. "#1F4E79" '
                "(unquoted, YAML reads #... as a comment)",
            )
            return _BAD
        if not isinstance(value, str):
            self.c.fail(path, f'expected a colour in quotes, e.g. "#1F4E79", found {_quote(value)}')
            return _BAD
        text = value.strip()
        if re.fullmatch(r"#[0-9A-Fa-f]{6}", text):
            return text.upper()
        if re.fullmatch(r"#[0-9A-Fa-f]{3}", text):
            return "#" + "".join(ch * 2 for ch in text[1:]).upper()
        if text.startswith("#"):
            self.c.fail(path, f"'{text}' is not a colour; write #RGB or #RRGGBB in hex (0-9, A-F)")
            return _BAD
        if re.fullmatch(r"[0-9A-Fa-f]{6}", text):
            self.c.fail(path, f"'{text}' needs a leading #, in quotes: \"#{text.upper()}\"")
            return _BAD
        name = text.lower()
        if name in PALETTE:
            return name
        if name in ImageColor.colormap:
            return str(ImageColor.colormap[name]).upper()
        self.c.fail(
            path,
            f"'{text}' is neither a colour nor a palette entry: write #RRGGBB, #RGB, "
            f"a CSS colour name (e.g. navy) or a key of colors ({', '.join(PALETTE)})"
            + suggest(name, [*PALETTE, *ImageColor.colormap]),
        )
        return _BAD

    def family(self, path: PathKey, value: Any) -> Any:
        if not isinstance(value, str) or not value.strip():
            self.c.fail(
                path, f"expected a font family name or a .ttf/.otf path, found {_quote(value)}"
            )
            return _BAD
        text = value.strip()
        if text.lower().endswith((".ttf", ".otf")):
            return self._font_file(path, text)
        if is_path(text):
            self.c.fail(path, f"'{text}' looks like a path; a font file must end .ttf or .otf")
            return _BAD
        installed = fontpkg.families()
        slug = fontpkg.slugify(text)
        if slug in installed:
            return installed[slug].name
        names = sorted(f.name for f in installed.values())
        self.c.fail(
            path,
            f"the font family '{text}' is not installed (installed: {', '.join(names) or 'none'}"
            "); add one with pip install fontpkg-NAME, or give the path of a .ttf or .otf file"
            + suggest(text, names),
        )
        return _BAD

    def _font_file(self, path: PathKey, text: str) -> Any:
        file = Path(text).expanduser()
        if not file.is_absolute():
            file = self.base / file
        problem = None
        if not file.exists():
            problem = "does not exist (a font path is relative to the folder of this file)"
        elif file.is_dir():
            problem = "is a folder; name a .ttf or .otf file"
        elif not file.is_file():
            problem = "is not a regular file (a device or pipe); name a .ttf or .otf file"
        else:
            with open(file, "rb") as fh:
                head = fh.read(4)
            if head not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
                problem = "is not a TrueType or OpenType font file"
        if problem:
            self.c.fail(path, f"the font file {display_name(file)} {problem}")
            return _BAD
        return str(file.resolve())

    def families(self, path: PathKey, value: Any) -> Any:
        if not isinstance(value, list):
            self.c.fail(
                path,
                f"expected a list of font families, e.g. [Fira Sans, Inter], "
                f"found {type_name(value)}",
            )
            return _BAD
        found = [self.family((*path, i), v) for i, v in enumerate(value)]
        return _BAD if _BAD in found else tuple(found)

    def paper(self, path: PathKey, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in PAPER_SIZES:
            name = value.strip().lower()
            return (name, *PAPER_SIZES[name])
        if isinstance(value, list) and len(value) == 2:
            sides = [self.length((*path, i), v) for i, v in enumerate(value)]
            if None in sides:
                return _BAD
            low, high = PAGE_LIMITS
            for i, side in enumerate(sides):
                assert side is not None
                if not low <= side <= high:
                    self.c.fail(
                        (*path, i),
                        f"{_inches(side)} is outside {_inches(low)} to {_inches(high)}",
                    )
                    return _BAD
            return ("custom", *sides)
        hint = suggest(str(value), list(PAPER_SIZES)) if isinstance(value, str) else ""
        self.c.fail(
            path,
            f"expected letter, a4, legal or [width, height] (e.g. [8.5in, 11in]), "
            f"found {_quote(value)}{hint}",
        )
        return _BAD

    def logo(self, path: PathKey, value: Any) -> Any:
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.c.fail(path, f"expected the path of a PNG or JPEG file, found {_quote(value)}")
            return _BAD
        file = Path(value.strip()).expanduser()
        if not file.is_absolute():
            file = self.base / file
        shown = display_name(file)
        if not file.exists():
            self.c.fail(
                path,
                f"the logo {shown} does not exist "
                "(a logo path is relative to the folder of this file)",
            )
            return _BAD
        if file.is_dir():
            self.c.fail(path, f"the logo {shown} is a folder; name a PNG or JPEG file in it")
            return _BAD
        if not file.is_file():  # a named pipe would block reading
            self.c.fail(path, f"the logo {shown} is not a regular file; name a PNG or JPEG file")
            return _BAD
        size, problem = _image_size(file)
        if size is None:
            self.c.fail(path, f"the logo {shown} {problem}")
            return _BAD
        return (file.resolve(), size)


_Read = Callable[[_Reader, PathKey, Any], Any]
_READERS: dict[str, _Read] = {
    kind: getattr(_Reader, kind) for kind in set(_FIELDS.values()) - {"margin"}
}
"""A reader per kind of leaf; margins are read whole by ``_Reader._margins``."""


def _image_size(file: Path) -> tuple[tuple[int, int] | None, str]:
    """A PNG's or JPEG's size in pixels from its header alone, or why it is not one.

    The plugin classes are used directly: ``Image.open`` refuses very large images
    as "decompression bombs", yet a large logo is fine since it is never decoded here.
    """
    try:
        with open(file, "rb") as fh:
            head = fh.read(16)
            fh.seek(0)
            if head.startswith(b"\x89PNG\r\n\x1a\n"):
                plugin: Any = PngImagePlugin.PngImageFile
            elif head.startswith(b"\xff\xd8\xff"):
                plugin = JpegImagePlugin.JpegImageFile
            else:
                return None, _not_an_image(head)
            try:
                image = plugin(fh)
            except (SyntaxError, ValueError, EOFError, OSError):
                return None, "is damaged: its image header cannot be read; export it again as PNG"
            width, height = image.size
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"
    if width <= 0 or height <= 0:
        return None, "is an empty image"
    too_large = logo.too_large(image)
    if too_large:
        return None, too_large
    return (width, height), ""


def _not_an_image(head: bytes) -> str:
    start = head.lstrip().lower()
    if start.startswith(b"%pdf"):
        what = "is a PDF"
    elif start.startswith((b"<!doctype", b"<html", b"<?xml", b"<svg", b"<")):
        what = "is a web page or SVG"
    elif start.startswith((b"gif8", b"ii*\x00", b"mm\x00*", b"riff")):
        what = "is a GIF, TIFF or WebP image"
    else:
        what = "is not an image"
    return f"{what}, not a PNG or JPEG image (judged by its first bytes); save it as PNG"


# --- merging and building the model ------------------------------------------------------


def _resolve_file(path: Path, search_dirs: Sequence[Path]) -> tuple[Style, list[Path]]:
    links, problems = _load_chain(path, search_dirs)
    chain_complete = not problems
    readers = [_Reader(link) for link in links]
    for reader in readers:
        reader.read()
        problems.extend(reader.c.problems)
    if not chain_complete or not readers:
        raise InputError(problems)
    # Values that did not read keep what the layers below give, so the checks of the
    # merged style still run and a user sees those problems in the same pass.
    flat: Flat = dict(_DEFAULTS)
    origins: dict[PathKey, tuple[int, YamlDoc, PathKey]] = {}
    for depth in range(len(readers) - 1, -1, -1):
        reader = readers[depth]
        for key, value in reader.values.items():
            flat[key] = value
            origins[key] = (depth, reader.doc, reader.origins[key])
    top = readers[0]
    style = _build(
        flat,
        origins,
        problems,
        name=top.name or links[0].path.stem,
        description=top.description or "",
        source=top.doc.file,
    )
    return style, [link.path for link in links]


def _flatten(style: Style) -> Flat:
    """The model as leaves of a style file, each in its final unit."""
    page = style.page
    flat: Flat = {
        ("page", "size"): (page.size, page.width, page.height),
        **{("page", "margins", side): getattr(page, f"margin_{side}") for side in SIDES},
        ("fonts", "fallbacks"): style.fonts.fallbacks,
        ("align",): style.align,
    }
    for role in FONT_ROLES:
        spec = getattr(style.fonts, role)
        flat.update({("fonts", role, key): getattr(spec, key) for key in FONT_KEYS})
    for section in ("colors", "summary_box", "table", "footer", "sections"):
        part = getattr(style, section)
        flat.update({(section, f.name): getattr(part, f.name) for f in dataclasses.fields(part)})
    clinic = style.clinic
    flat.update(
        {("clinic", key): getattr(clinic, key) for key in ("name", "phone", "website", "logo_alt")}
    )
    flat[("clinic", "logo")] = (clinic.logo, clinic.logo_size) if clinic.logo else None
    for tag, words in style.labels:
        flat.update({("labels", tag, key): text for key, text in words})
    return flat


def _defaults() -> Flat:
    """The built-in layer under every style: ``Style()`` with a few values that follow
    others, so that a style changing ``colors.primary`` or the body family changes
    everything that was drawn with it."""
    flat = _flatten(Style())
    for path in (("colors", "rule"), ("summary_box", "border"), ("table", "header_background")):
        assert flat[path] == Colors().primary
        flat[path] = "primary"
    for role in FONT_ROLES[1:]:
        assert flat[("fonts", role, "family")] == FontSpec().family
        flat[("fonts", role, "family")] = None
    return flat


_DEFAULTS = _defaults()


def _build(
    flat: Flat,
    origins: dict[PathKey, tuple[int, YamlDoc, PathKey]],
    problems: list[Problem],
    name: str,
    description: str,
    source: str,
) -> Style:
    """The model from merged leaves; raises with ``problems`` and any found here."""

    def fail(paths: Sequence[PathKey], message: str) -> None:
        known = sorted((origins[p] for p in paths if p in origins), key=lambda o: o[0])
        if known:
            _, doc, where = known[0]
            problems.append(doc.problem(where, message))
        else:
            problems.append(Problem(source, None, None, yamlfile.format_path(paths[0]), message))

    palette = _palette(flat, fail)
    for path, kind in _FIELDS.items():
        if kind == "colour" and path[0] != "colors":
            flat[path] = palette.get(flat[path], flat[path])
    body_family = flat[("fonts", "body", "family")]
    for role in FONT_ROLES:
        if flat[("fonts", role, "family")] is None:
            flat[("fonts", role, "family")] = body_family
    _check_room(flat, fail)
    if problems:
        raise InputError(problems)

    def part(cls: Any, section: str) -> Any:
        return cls(**{f.name: flat[(section, f.name)] for f in dataclasses.fields(cls)})

    size, width, height = flat[("page", "size")]
    logo = flat[("clinic", "logo")]
    return Style(
        name=name,
        description=description,
        align=flat[("align",)],
        page=Page(
            size=size,
            width=width,
            height=height,
            **{f"margin_{side}": flat[("page", "margins", side)] for side in SIDES},
        ),
        fonts=Fonts(
            **{
                role: FontSpec(**{key: flat[("fonts", role, key)] for key in FONT_KEYS})
                for role in FONT_ROLES
            },
            fallbacks=tuple(flat[("fonts", "fallbacks")]),
        ),
        colors=Colors(**palette),
        summary_box=part(SummaryBox, "summary_box"),
        table=part(TableStyle, "table"),
        clinic=Clinic(
            name=flat[("clinic", "name")],
            phone=flat[("clinic", "phone")],
            website=flat[("clinic", "website")],
            logo=logo[0] if logo else None,
            logo_size=logo[1] if logo else None,
            logo_alt=flat[("clinic", "logo_alt")],
        ),
        footer=part(Footer, "footer"),
        sections=part(Sections, "sections"),
        labels=_style_labels(flat),
        source=source,
    )


def _style_labels(flat: Flat) -> tuple[tuple[str, tuple[tuple[str, str], ...]], ...]:
    """The ``("labels", tag, key)`` leaves as the model holds them, tags in file order."""
    out: dict[str, dict[str, str]] = {}
    for path, value in flat.items():
        if path[0] == "labels":
            out.setdefault(str(path[1]), {})[str(path[2])] = value
    return tuple((tag, tuple(words.items())) for tag, words in out.items())


def _palette(flat: Flat, fail: Callable[[Sequence[PathKey], str], None]) -> dict[str, str]:
    """``colors`` with references between its entries followed to a colour."""
    out: dict[str, str] = {}
    reported: set[frozenset[str]] = set()
    for key in PALETTE:
        trail = [key]
        value = flat[("colors", key)]
        while not value.startswith("#"):
            if value in trail:
                loop = trail[trail.index(value) :]
                if frozenset(loop) not in reported:
                    reported.add(frozenset(loop))
                    fail(
                        [("colors", k) for k in loop],
                        "palette entries refer to each other in a circle "
                        f"({' -> '.join([*loop, value])}); give one of them a colour",
                    )
                value = "#000000"
                break
            trail.append(value)
            value = flat[("colors", value)]
        out[key] = value
    return out


def _check_room(flat: Flat, fail: Callable[[Sequence[PathKey], str], None]) -> None:
    size, width, height = flat[("page", "size")]
    paper = size if size != "custom" else "this"
    for extent, total, first, second in (
        ("width", width, "left", "right"),
        ("height", height, "top", "bottom"),
    ):
        room = total - flat[("page", "margins", first)] - flat[("page", "margins", second)]
        if room < MIN_ROOM:
            left = f"leave {_inches(room)} of the" if room > 0 else "leave no room on the"
            fail(
                [("page", "margins", first), ("page", "margins", second), ("page", "size")],
                f"the {first} and {second} margins {left} {_inches(total)} {extent} "
                f"of {paper} paper; at least {_inches(MIN_ROOM)} is needed for the text",
            )


# --- writing values back as YAML ----------------------------------------------------------


def _show(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in ("font_size", "margin"):
        return _pt(value)
    if kind == "paper":
        name, width, height = value
        return name if name in PAPER_SIZES else [_pt(width), _pt(height)]
    if kind == "families":
        return list(value)
    if kind == "logo":
        return str(value[0])
    return value


def _pt(points: float) -> str:
    text = repr(float(points))
    return (text[:-2] if text.endswith(".0") else text) + "pt"


def _inches(points: float) -> str:
    return f"{points / 72:.2f}".rstrip("0").rstrip(".") + f"in ({points:.0f}pt)"


def _quote(value: Any) -> str:
    if isinstance(value, str):
        return repr(clean_text(value))
    return type_name(value) if value is None or isinstance(value, (dict, list)) else repr(value)
