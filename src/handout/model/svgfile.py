"""SVG drawings an author names as a section's picture: checked, never drawn here.

The file is read as XML (``lxml``, the parser ``svglib`` uses to draw it in the PDF),
with no entities expanded and nothing fetched from the network, so that a damaged or
hostile file is reported with its line before anything is drawn.  Its size is what a
browser would give it: ``width`` and ``height`` in any CSS unit, else its ``viewBox``.

A drawing may show a picture it only links (Inkscape's "Link" when a photo is
imported: ``<image xlink:href="photo.png">``).  ``svglib`` draws such a file when it
is in the drawing's folder; ``linked`` lists those files (``batch --resume`` builds a
handout again when one changes) and ``embedded`` puts them in the drawing for the HTML
page, where a drawing is an image of its own and loads nothing from outside.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

SUFFIXES = (".svg",)
MAX_BYTES = 5_000_000
"""Largest SVG file: a diagram is a few kilobytes; a huge one is usually a traced photo."""
_SVG_NS = "{http://www.w3.org/2000/svg}"
_LENGTH = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*")
_CSS_PX = {None: 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54}
_CSS_PX["in"] = 96.0
_EXPORT = "export it again as plain SVG (in Inkscape: File, Save As, Plain SVG)"


def size(file: Path) -> tuple[tuple[float, float] | None, str]:
    """A drawing's width and height in CSS pixels (96 an inch), or why it has none."""
    from lxml import etree

    try:
        length = file.stat().st_size
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"
    if length > MAX_BYTES:
        return None, (
            f"is an SVG drawing of {length / 1_000_000:.1f} MB, too large to print from: an "
            f"SVG picture may have at most {MAX_BYTES // 1_000_000} MB; simplify it, or "
            "export it as a PNG at 300 dpi"
        )
    try:
        root = etree.parse(str(file), _parser()).getroot()
    except etree.XMLSyntaxError as exc:
        line = f" at line {exc.lineno}" if exc.lineno else ""
        return None, f"is damaged: it is not well-formed XML{line}; {_EXPORT}"
    except OSError as exc:
        return None, f"cannot be read: {exc}"
    if root is None or root.tag != f"{_SVG_NS}svg":
        return None, f"is not an SVG drawing (its first element is not <svg>); {_EXPORT}"
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = _view_box(root.get("viewBox"))
    if box and (width is None or height is None):
        if width is None and height is None:
            width, height = box
        elif width is None and height is not None:
            width = height * box[0] / box[1]
        elif width is not None:
            height = width * box[1] / box[0]
    if not width or not height:
        return None, (
            'has no size: give its <svg> element a width and height (width="600" '
            'height="400"), or a viewBox'
        )
    return (width, height), ""


_XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
_LINKING = (f"{_SVG_NS}image", f"{_SVG_NS}use")
"""The elements whose file ``svglib`` draws: a picture, and a part of another drawing."""
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_EMBEDDED = re.compile(r"data:image/(jpe?g|png);base64")
"""A picture embedded in a drawing as svglib draws one: a PNG or JPEG in base64."""
_KINDS = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"))
"""The pictures a page shows from a drawing: a PNG or a JPEG, by its first bytes."""


def links(file: Path, trees: dict[Path, Any] | None = None) -> list[tuple[str, Path | None]]:
    """Each file drawing ``file`` refers to (its ``<image>`` and ``<use>`` elements), and
    in turn those the drawings it links refer to: as written, with the file it names in
    the drawing's folder or below, where ``svglib`` reads it, or ``None`` when it names
    none there (an address, an absolute path, a path out of the folder).  Each once, in
    the order met; a part of a drawing (``#id``) and a ``data:`` URI are no files.
    ``trees``: the drawings already read (``_tree``)."""
    folder = os.path.realpath(file.parent)
    trees = {} if trees is None else trees
    found: dict[str, tuple[str, Path | None]] = {}
    todo = [file]
    while todo:
        drawing = todo.pop(0)
        tree = _tree(drawing, trees)
        for _, iri, path in _links(tree, drawing, folder) if tree is not None else ():
            key = str(path) if path is not None else iri
            if key in found or path == file:
                continue
            found[key] = (iri, path)
            if path is not None and path.suffix.lower() in SUFFIXES:
                todo.append(path)
    return list(found.values())


def linked(file: Path) -> list[Path]:
    """The files in its folder that drawing ``file`` shows from outside itself (``links``).
    A file named but missing is listed too: when it appears, the drawing changes."""
    return [path for _, path in links(file) if path is not None]


def link_problems(file: Path) -> list[str]:
    """Why a file drawing ``file`` links would not be drawn (``svglib`` leaves it out
    without a word): each as the rest of a sentence that starts with the drawing's name."""
    from . import images

    trees: dict[Path, Any] = {}
    uses, drawn = _uses(file, os.path.realpath(file.parent), {}, frozenset(), trees)
    if uses > MAX_LINKS or drawn > MAX_BYTES:
        return [
            f"shows pictures or drawings from other files more than {MAX_LINKS} times, or "
            f"drawings of more than {MAX_BYTES // 1_000_000} MB in all (counting each time "
            "a drawing it links shows one), more than a handout's drawing may: embed the "
            "pictures in it, or export it as a PNG at 300 dpi"
        ]
    out = []
    for iri, path in links(file, trees):
        said = f"links the picture {iri}"
        if iri.startswith("data:"):
            out.append(
                f"embeds a picture ({iri}) that svglib does not draw: it draws a PNG or a "
                "JPEG; embed the picture again as one of those"
            )
        elif path is None:
            out.append(f"{said}, {_outside(iri)}; {_MOVE}")
        elif not path.exists():
            out.append(f"{said}, which does not exist (a path in a drawing starts at its folder)")
        elif not path.is_file():
            out.append(f"{said}, which is not a file; {_MOVE}")
        elif path.suffix.lower() in SUFFIXES:
            if _tree(path, trees) is None:
                out.append(f"{said}, which is not a well-formed SVG drawing; {_EXPORT}")
        else:
            size, problem = images.image_size(path, "picture", _ENOUGH)
            if size is None:
                out.append(f"{said}, which {problem}")
    return out


MAX_LINKS = 100
"""Most times a drawing may show pictures and drawings from other files, counting each
time a drawing it links shows one: a diagram shows a few.  A file made to multiply them
(a drawing that shows another a hundred times, which shows a third a hundred times...)
would make a page of millions of pictures; the drawings it shows are bounded in all by
``MAX_BYTES``, as the phone page holds each of them as often as it is shown."""


def _uses(
    drawing: Path,
    folder: str,
    counted: dict[Path, tuple[int, int]],
    chain: frozenset[Path],
    trees: dict[Path, Any],
) -> tuple[int, int]:
    """How many times ``drawing`` shows a file, and the bytes of the drawings among them,
    counting what each linked drawing shows each time it is shown; stops counting past
    the limits (``MAX_LINKS``, ``MAX_BYTES``)."""
    if drawing in counted:
        return counted[drawing]
    if len(chain) > MAX_LINKS:  # each drawing deeper shows at least one: past the limit
        return MAX_LINKS + 1, 0
    tree = _tree(drawing, trees)
    uses = drawn = 0
    for _, _, path in _links(tree, drawing, folder) if tree is not None else ():
        uses += 1
        if path is not None and path.suffix.lower() in SUFFIXES and path not in chain:
            inner_uses, inner_drawn = _uses(path, folder, counted, chain | {drawing}, trees)
            uses += inner_uses
            with contextlib.suppress(OSError):
                drawn += path.stat().st_size + inner_drawn
        if uses > MAX_LINKS or drawn > MAX_BYTES:
            break
    counted[drawing] = (uses, drawn)
    return uses, drawn


def _outside(iri: str) -> str:
    if _SCHEME.match(iri):
        return "an address: a handout is made from files only"
    if os.path.isabs(iri):
        return "by a path from the top of the disk: a handout must not depend on where it is"
    return "which is outside the drawing's folder, where svglib reads no file"


_MOVE = (
    "save the picture in the drawing's folder and link it from there, or embed it in the "
    "drawing (in Inkscape: Extensions, Images, Embed Images)"
)
_ENOUGH = "in a drawing printed across a column at 300 dpi, 2,500 pixels across is plenty"


Shrink = Callable[[Path], tuple[bytes, str]]
"""A linked PNG or JPEG picture as the page embeds it: its bytes and ``PNG`` or ``JPEG``."""


def embedded(file: Path, shrink: Shrink) -> bytes:
    """The drawing's bytes, each PNG, JPEG or SVG file its ``<image>`` elements link
    (``linked``) put in as a ``data:`` URI, a picture as ``shrink`` makes it; the file as
    it is when it links none."""
    data = file.read_bytes()
    tree = _parsed(file)
    if tree is None:
        return data
    seen = {os.path.realpath(file)}
    if not _embed(tree, file, os.path.realpath(file.parent), seen, shrink):
        return data
    from lxml import etree

    out: bytes = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    return out


def _embed(tree: Any, drawing: Path, folder: str, seen: set[str], shrink: Shrink) -> bool:
    """Put each picture ``tree``'s ``<image>`` elements link into it; whether one was."""
    changed = False
    for element, _, path in _links(tree, drawing, folder):
        if path is None or element.tag != f"{_SVG_NS}image":
            continue
        uri = _data_uri(path, folder, seen, shrink)
        if uri is None:
            continue
        for name in (_XLINK_HREF, "href"):
            if element.get(name) is not None:
                element.set(name, uri)
        changed = True
    return changed


def _data_uri(path: Path, folder: str, seen: set[str], shrink: Shrink) -> str | None:
    """A linked picture as a ``data:`` URI; ``None`` when it cannot be read, is of a
    kind a browser does not show, or is a drawing that links itself in a circle."""
    if path.suffix.lower() in SUFFIXES:
        real = os.path.realpath(path)
        tree = _parsed(path) if real not in seen else None
        if tree is None:
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None
        if _embed(tree, path, folder, seen | {real}, shrink):
            from lxml import etree

            data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
        kind = "svg+xml"
    else:
        try:
            with open(path, "rb") as fh:
                head = fh.read(8)
        except OSError:
            return None
        if not any(head.startswith(magic) for magic, _ in _KINDS):
            return None
        data, kind = shrink(path)
        kind = kind.lower()
    return f"data:image/{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _links(tree: Any, drawing: Path, folder: str) -> Iterator[tuple[Any, str, Path | None]]:
    """Each element of ``tree`` (read from ``drawing``) that refers to a file, what it
    wrote, and that file where it lies in ``folder`` as ``svglib`` requires (else
    ``None``: an address, an absolute path, a path out of the folder)."""
    for element in tree.iter(*_LINKING):
        href = element.get(_XLINK_HREF) or element.get("href") or ""  # as svglib reads it
        if _EMBEDDED.match(href):
            continue  # a picture embedded in it
        iri = href.split("#", 1)[0]
        if not iri:
            continue  # a part of a drawing
        if iri.startswith("data:"):
            yield element, f"{iri[:24]}...", None  # embedded, but not as svglib reads one
            continue
        if _SCHEME.match(iri) or os.path.isabs(iri):
            yield element, iri, None
            continue
        path = os.path.normpath(os.path.join(os.path.dirname(drawing), iri))
        inside = os.path.commonpath([folder, os.path.realpath(path)]) == folder
        yield element, iri, Path(path) if inside else None


def _tree(file: Path, trees: dict[Path, Any]) -> Any:
    """``_parsed(file)``, read once for all who share ``trees`` (a check reads each
    drawing once, though it walks them twice); only to read: ``_embed`` changes its own."""
    if file not in trees:
        trees[file] = _parsed(file)
    return trees[file]


def _parsed(file: Path) -> Any:
    """The drawing as an lxml tree, read as ``size`` reads it; ``None`` if it cannot be."""
    from lxml import etree

    try:
        if file.stat().st_size > MAX_BYTES:
            return None
        return etree.parse(str(file), _parser())
    except (OSError, etree.XMLSyntaxError):
        return None


def _parser() -> Any:
    """No entity expanded, nothing fetched, no tree deeper than lxml's safe limits."""
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def _length(value: str | None) -> float | None:
    """A CSS length in pixels; ``None`` for none, a percentage or an unknown unit."""
    m = _LENGTH.fullmatch(value or "")
    if not m:
        return None
    number = float(m.group(1))
    return number * _CSS_PX[m.group(2)] if number > 0 else None


def _view_box(value: str | None) -> tuple[float, float] | None:
    parts = re.split(r"[\s,]+", (value or "").strip())
    try:
        w, h = float(parts[2]), float(parts[3])
    except (IndexError, ValueError):
        return None
    return (w, h) if w > 0 and h > 0 else None
