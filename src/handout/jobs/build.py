"""One handout from files to PDF: load, check fonts, lay out, render, write."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, UsageError
from ..files import write_atomic
from ..model import content, inputs, yamlfile
from ..model.content import Handout
from ..model.stylemodel import Style
from ..pdf import document, fonts, layout, roles


@dataclass(frozen=True)
class Built:
    source: Path
    output: Path
    pages: int
    seconds: float
    size: int


def check_fonts(handout: Handout, style: Style) -> None:
    """Refuse text that the style's fonts cannot print, before anything is drawn."""
    k = roles.kit(style)
    chains = {id(r.chain): r.chain for r in (k.body, k.heading, k.title, k.table, k.small)}
    texts = handout.texts()
    for chain in chains.values():
        fonts.require_drawable(texts, chain, handout.problem)


def check_footer(handout: Handout, style: Style) -> None:
    """Refuse an ID or version too long for the footer's one line, which cannot wrap."""
    small = roles.kit(style).small
    room = roles.kit(style).frame[2]
    width = small.width(layout.footer_meta(handout))
    if width <= room:
        return
    meta = handout.meta
    field = "meta.id" if len(meta.id or "") >= len(meta.version or "") else "meta.version"
    raise InputError(
        [
            handout.problem(
                field,
                f"is too long for the footer: with the rest of its line it would be "
                f"{width:.0f}pt wide, and the page leaves {room:.0f}pt; shorten it",
            )
        ]
    )


def render(handout: Handout, style: Style) -> tuple[bytes, int]:
    """Check and render one handout; the PDF bytes and the page count."""
    check_fonts(handout, style)
    check_footer(handout, style)
    return document.render(handout, style)


def build_one(source: Path, style: Style, output: Path) -> Built:
    """Build ``source`` into ``output`` atomically."""
    start = time.perf_counter()
    handout = content.from_doc(yamlfile.load(source))
    data, pages = render(handout, style)
    write_atomic(output, data)
    return Built(source, output, pages, time.perf_counter() - start, len(data))


def output_paths(sources: Sequence[Path], out: Path | None) -> list[Path]:
    """Where each source's PDF goes; two sources may not write the same file.

    ``out`` is a file when it ends in ``.pdf`` (one source only), else a folder;
    by default ``output/<stem>.pdf``.  Everything that can be checked before building
    is: a file or a folder in the way is refused before any PDF is written.
    """
    try:
        return _output_paths(sources, out)
    except OSError as exc:
        raise inputs.path_error(exc) from None


def _output_paths(sources: Sequence[Path], out: Path | None) -> list[Path]:
    if out is not None and out.suffix.lower() == ".pdf":
        if len(sources) > 1:
            raise UsageError(
                str(out),
                "names one file, but several handouts were given; give a folder with -o instead",
            )
        if out.is_dir():
            raise UsageError(str(out), "is a folder; give a file name ending .pdf or a folder")
        _refuse_file_in_the_way(out.parent)
        return [out]
    folder = out if out is not None else Path("output")
    _refuse_file_in_the_way(folder)
    paths = [folder / f"{src.stem}.pdf" for src in sources]
    seen: dict[Path, Path] = {}
    for src, dest in zip(sources, paths, strict=True):
        if dest in seen:
            raise UsageError(
                yamlfile.display_name(src),
                f"would write {dest}, as {yamlfile.display_name(seen[dest])} does; "
                "rename one of them (nothing was written)",
            )
        if dest.is_dir():
            raise UsageError(
                str(dest), "is a folder, where this PDF would go; rename or move that folder"
            )
        seen[dest] = src
    return paths


def _refuse_file_in_the_way(folder: Path) -> None:
    """Refuse an output folder that is, or lies inside, a file, before anything is built."""
    for place in (folder, *folder.parents):
        if place.is_dir():
            return
        if place.exists():
            raise UsageError(
                str(place), "is a file, not a folder; give a folder or a .pdf name with -o"
            )
