"""The style's font families as WOFF2 subsets, embedded in the page as ``data:`` URIs.

The same files the PDF embeds (``fontpkg`` families or a style's .ttf/.otf) are cut
down with fontTools, which takes a few hundred milliseconds a face.  So each face
comes in two parts that the browser joins by ``unicode-range``: printable ASCII and
common punctuation, the same for every handout (cut once per process), and the
handout's other characters (accents, other scripts), only when it has any.  A
fallback family (Fira Sans, Inter) is embedded only for the characters the primary
family lacks, as the PDF draws them.  Each face is cut to what the page prints in it
(``printed.texts``): the bold face to the bold text only, which for a Chinese page
is a tenth of its characters and of the bytes.
"""

from __future__ import annotations

import base64
import functools
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..model import fontfile, installed
from ..model.stylemodel import FACES, Family, FontFiles, Style
from ..text import fontfiles, scripts

Variant = tuple[int, str]
"""A face by its CSS weight and style: ``(700, "normal")``."""
BASE = frozenset(range(0x20, 0x7F)) | frozenset(
    map(ord, "\u00a0\u00b7\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u2022\u00b0")
)
"""Printable ASCII, a no-break space and common punctuation: the part every page shares."""
SPACE = frozenset({0x20})
"""In every face: a browser takes a line's height and baseline from the first face of the
element's family that has the space, so a face without it would move its text."""
VARIANTS: tuple[Variant, ...] = ((400, "normal"), (700, "normal"), (400, "italic"), (700, "italic"))


@dataclass(frozen=True)
class Face:
    """One ``@font-face``: a family name for CSS, its weights and style, the WOFF2 bytes."""

    family: str
    weight: str
    style: str
    data: bytes
    codepoints: frozenset[int]

    def css(self) -> str:
        src = base64.b64encode(self.data).decode("ascii")
        return (
            f'@font-face{{font-family:"{self.family}";font-weight:{self.weight};'
            f"font-style:{self.style};font-display:swap;"
            f'src:url(data:font/woff2;base64,{src}) format("woff2");'
            f"unicode-range:{_ranges(self.codepoints)}}}"
        )


def _ranges(codepoints: frozenset[int]) -> str:
    """``U+20-7E,U+B7``: the code points as CSS ``unicode-range`` runs."""
    out: list[str] = []
    run: list[int] = []
    for cp in sorted(codepoints):
        if run and cp == run[-1] + 1:
            run.append(cp)
            continue
        if run:
            out.append(f"U+{run[0]:X}" + (f"-{run[-1]:X}" if len(run) > 1 else ""))
        run = [cp]
    if run:
        out.append(f"U+{run[0]:X}" + (f"-{run[-1]:X}" if len(run) > 1 else ""))
    return ",".join(out)


def css_name(family: Family) -> str:
    """The name a family goes by in CSS: its own, or its (regular) font file's stem."""
    path = Path(family.regular if isinstance(family, FontFiles) else family)
    name = path.stem if path.suffix.lower() in (".ttf", ".otf") else str(family)
    return "".join(ch for ch in name if ch.isalnum() or ch in " -_") or "Font"


def _files(family: Family) -> list[Path | None]:
    """The file of each face of ``VARIANTS``; ``None`` for a face the family lacks."""
    path = Path(family.regular if isinstance(family, FontFiles) else family)
    if isinstance(family, FontFiles) or path.suffix.lower() in (".ttf", ".otf"):
        files = family if isinstance(family, FontFiles) else FontFiles(str(path))
        has = fontfile.faces(files)
        given = [getattr(files, n) for n in FACES]
        # A variable file is its own bold too: one @font-face spanning 400 to 700, which
        # the browser draws at each weight from the file's weight axis.
        given[1] = given[1] or (given[0] if "bold" in has else None)
        given[3] = given[3] or (given[2] if "bold_italic" in has else None)
        return [Path(f) if f else None for f in given]
    bundled = fontfiles.face_files(family)
    if bundled is not None:
        return list(bundled)
    has = fontfile.faces(family)
    found = installed.family(family)
    return [
        installed.path(found, w, s) if face in has and found else None
        for face, (w, s) in zip(FACES, VARIANTS, strict=True)
    ]


@functools.cache
def _cmap(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


@functools.lru_cache(maxsize=64)
def _subset(path: Path, codepoints: frozenset[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.hinting = False  # screens of phones ignore TrueType hints; a third smaller
    options.desubroutinize = True
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright, names and version: the licence asks
    # tables fontTools cannot cut (Noto's "meta": the languages a font is designed for)
    # are dropped, which it would otherwise announce on the terminal
    options.drop_tables += ["meta"]
    if _shaped(codepoints):
        # Arabic, Hebrew marks, Indic and Ethiopic text is shaped by the browser from the
        # font's layout tables (joining forms, conjuncts, mark positions): kept whole,
        # with the glyphs they reach.
        options.layout_features = ["*"]
        options.layout_closure = True
    else:
        # No kerning or ligature tables: the PDF (ReportLab) sets such text without them,
        # so the page looks the same, and reading them is most of the time a subset takes.
        options.layout_features = []
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern"]
    # The source's own modification date, not the time of cutting: the same handout
    # gives the same page, in any process, at any time.
    with TTFont(str(path), lazy=True, recalcTimestamp=False) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(codepoints))
        subsetter.subset(font)
        font.flavor = "woff2"
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


def _shaped(codepoints: frozenset[int]) -> bool:
    """Whether any of ``codepoints`` belongs to a script that is shaped."""
    return any(scripts.script(chr(cp)) in scripts.SHAPED for cp in codepoints if cp > 0x7F)


def faces(style: Style, printed: Mapping[Variant, str]) -> list[Face]:
    """The faces the page needs: of each family the style's roles use, each face cut to
    the characters ``printed`` in it (``printed.texts``: all of them for the regular
    face, the text set in bold for the bold one...), a face nothing is printed in left
    out; and fallback families for the characters no role family has."""
    wanted = {
        variant: frozenset(ord(ch) for ch in text if not ch.isspace()) | SPACE
        for variant, text in printed.items()
        if text
    }
    wanted[VARIANTS[0]] = wanted.get(VARIANTS[0], frozenset()) | BASE
    out: list[Face] = []
    covered: frozenset[int] | None = None
    for family in _role_families(style):
        have = _emit(out, family, wanted)
        covered = have if covered is None else covered & have
    missing = {v: chars - (covered or frozenset()) for v, chars in wanted.items()}
    for family in style.fonts.fallbacks:
        missing = {v: chars for v, chars in missing.items() if chars}
        if not missing:
            break
        have = _emit(out, family, missing)
        missing = {v: chars - have for v, chars in missing.items()}
    return out


def _role_families(style: Style) -> list[Family]:
    f = style.fonts
    roles = (f.body, f.heading, f.title, f.subtitle, f.table, f.small)
    return list(dict.fromkeys(r.family for r in roles))


def _emit(
    out: list[Face], family: Family, wanted: Mapping[Variant, frozenset[int]]
) -> frozenset[int]:
    """Add ``family``'s faces, each cut to what is ``wanted`` of it; the characters of
    all ``wanted`` that the family has.  Weights that share a file are one face."""
    files = _files(family)
    by_file: dict[tuple[Path, str], tuple[list[int], set[int]]] = {}
    for (weight, style), path in zip(VARIANTS, files, strict=True):
        if (weight, style) in wanted and path is not None:
            weights, chars = by_file.setdefault((path, style), ([], set()))
            weights.append(weight)
            chars |= wanted[(weight, style)]
    have = _cmap(next(f for f in files if f is not None))
    for (path, style), (weights, chars) in by_file.items():
        span = str(weights[0]) if len(weights) == 1 else f"{min(weights)} {max(weights)}"
        cmap = _cmap(path)
        wanted_here = frozenset(chars)
        shared = BASE & cmap if (wanted_here - SPACE) & BASE else frozenset()
        for part in (shared, (wanted_here & cmap) - shared):
            if part:
                out.append(Face(css_name(family), span, style, _subset(path, part), part))
    return have & frozenset().union(*wanted.values())
