"""Embedded TrueType fonts: registration, fallback chains and glyph coverage.

Every family is registered with ReportLab once per process (``functools.cache``).
A *chain* is a primary family followed by fallbacks; text is drawn character by
character in the first family of the chain that has the glyph, so an English
handout never touches a fallback font, while Cyrillic, Greek, Vietnamese and
symbols still print.  A character no family has is an error before any PDF is
written: ReportLab would silently draw a blank there.
"""

from __future__ import annotations

import functools
import struct
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from ..errors import HandoutError, InputError, Problem
from ..model import fontfile, installed, logo
from ..model.stylemodel import FACES, Family, FontFiles, Style
from ..text import fontfiles, scripts

_VARIANTS = ((400, "normal"), (700, "normal"), (400, "italic"), (700, "italic"))
_ALWAYS_OK = frozenset(map(ord, "\n\u200c\u200d"))
"""Never missing: the joiners choose a neighbour's form and print nothing themselves."""


def _covers(fam: Registered, text: str) -> bool:
    """Whether ``fam`` draws all of ``text`` (the joiners, which print nothing, in any
    family: a Farsi word with a non-joiner stays in its own typeface)."""
    cps = fam.codepoints
    if cps.issuperset(map(ord, text)):  # one set operation: nearly every text
        return True
    return all(ord(ch) in cps or ord(ch) in _ALWAYS_OK for ch in text)


class FontError(HandoutError):
    """A font named by a style is not installed or cannot be read; for a file that cannot
    be used, ``path`` and ``problem`` say which and what is wrong with it, so that the
    message can name the style's line that gives it (``jobs.build``)."""

    def __init__(self, message: str, path: Path | None = None, problem: str = "") -> None:
        super().__init__(message)
        self.path = path
        self.problem = problem


@dataclass(frozen=True, eq=False)
class Registered:
    """One registered family: its four faces as ReportLab font names.

    Compared by identity: ``family()`` makes one per name and process.
    """

    name: str
    regular: str
    bold: str
    italic: str
    bold_italic: str
    codepoints: frozenset[int] = field(repr=False)

    def face(self, bold: bool = False, italic: bool = False) -> str:
        if bold:
            return self.bold_italic if italic else self.bold
        return self.italic if italic else self.regular


def installed_families() -> list[str]:
    """Names of the families installed as ``fontpkg-*`` packages, and the bundled ones
    (``text.fontfiles``)."""
    return sorted({*installed.names(), *fontfiles.BUNDLED})


def _face_files(name: Family) -> list[Path | None]:
    """The file of each face (``None`` where the family lacks it, ``fontfile.faces``)."""
    has = fontfile.faces(name)
    path = Path(name.regular if isinstance(name, FontFiles) else name)
    if isinstance(name, FontFiles) or path.suffix.lower() in (".ttf", ".otf"):
        files = name if isinstance(name, FontFiles) else FontFiles(str(path))
        if not path.is_file():
            raise FontError(f"font file not found: {path}")
        given = [getattr(files, face) for face in FACES]
        given[1] = given[1] or (given[0] if "bold" in has else None)  # a variable file
        given[3] = given[3] or (given[2] if "bold_italic" in has else None)
        return [Path(f) if f else None for f in given]
    bundled = fontfiles.face_files(name) if isinstance(name, str) else None
    if bundled is not None:  # prepared from a pip package on first use (text.fontfiles)
        return list(bundled)
    found = installed.family(name)
    if not has or found is None:
        raise FontError(
            f"font family '{name}' is not installed; installed families: "
            f"{', '.join(installed_families())} (or give a .ttf/.otf path)"
        )
    return [
        installed.path(found, w, s) if face in has else None
        for face, (w, s) in zip(FACES, _VARIANTS, strict=True)
    ]


def face_files(name: Family) -> list[Path]:
    """The files of a family's faces (regular, bold, italic, bold italic: those it has), by
    installed name, a .ttf/.otf path or files per face (``FontError`` when there is none)."""
    return [path for path in _face_files(name) if path is not None]


@functools.cache
def family(name: Family) -> Registered:
    """Register a family (by installed name, TTF/OTF path or files per face) and return it.

    A face the family lacks is drawn in the nearest it has (bold italic in bold, ...);
    ``model.fontfile.lacking`` refuses a style whose roles ask for one.  A face in a
    variable font file is drawn from its instance at the face's weight
    (``fontfiles.static_face``).
    """
    stem = name.name if isinstance(name, FontFiles) else Path(name).stem
    key = "".join(ch for ch in stem if ch.isalnum()) or "Font"
    faces: list[str | None] = []
    codepoints: frozenset[int] = frozenset()
    loaded: dict[Path, str] = {}
    for face, path, (weight, style) in zip(FACES, _face_files(name), _VARIANTS, strict=True):
        if path is None:
            faces.append(None)
            continue
        if _maybe_variable(name, path):  # its own instance for each weight, never its default
            try:
                path = fontfiles.static_face(path, weight, style == "italic")
            except fontfiles.DamagedFont as exc:
                raise FontError(exc.message, exc.path, exc.problem) from None
        if path in loaded:  # a variable or single-file family: one face serves all
            faces.append(loaded[path])
            continue
        face_name = key if face == "regular" else f"{key}-{_SUFFIX[face]}"
        font = _load(face_name, path, own=_is_files(name))
        pdfmetrics.registerFont(font)
        if not codepoints:
            codepoints = frozenset(font.face.charToGlyph)
        loaded[path] = face_name
        faces.append(face_name)
    regular = faces[0] or faces[1] or faces[2] or faces[3]
    if regular is None:
        raise FontError(f"the font family '{name}' has no file to draw with")
    bold = faces[1] or regular
    italic = faces[2] or regular
    bold_italic = faces[3] or (faces[1] if faces[1] else italic)
    pdfmetrics.registerFontFamily(
        regular, normal=regular, bold=bold, italic=italic, boldItalic=bold_italic
    )
    return Registered(str(name), regular, bold, italic, bold_italic, codepoints)


_SUFFIX = {"bold": "Bold", "italic": "Italic", "bold_italic": "BoldItalic"}


def load_roles(style: Style) -> None:
    """Load the family of each of ``style``'s roles, in the order ``roles.kit`` does (and
    its logo), without importing the layout code: a batch finds a font or logo it cannot
    use before its fork server has imported that code (``jobs.batch.plan``)."""
    f = style.fonts
    for spec in (f.body, f.small, f.heading, f.title, f.subtitle, f.table):
        family(spec.family)
    if style.clinic.logo:
        logo.size(style.clinic.logo)  # read, as the header band reads it


def _maybe_variable(name: Family, path: Path) -> bool:
    """Whether ``path``, a file of family ``name``, may be a variable font: a style's own
    file may, an installed family's file is when its package says so (an English handout
    in Atkinson Hyperlegible never opens a file to ask), a prepared face never is."""
    if _is_files(name):
        return True
    if not isinstance(name, str) or fontfiles.is_bundled(name):
        return False
    found = installed.family(name)
    return found is not None and any(f.variable and f.path == path for f in found.files)


WIDTHS_KEPT = 1_000
"""Widths a font keeps (``_Font.stringWidth``), then forgets all at once: a handout asks a
few hundred different ones, a batch in one language mostly the same again.  A worker's
memory stays flat (29.0 MB after 1,000 handouts, 29.1 MB after 10,000; 31 MB with
20,000 kept, as each handout's title brings a new number)."""


class _Font(TTFont):  # type: ignore[misc]
    """ReportLab's TrueType font, which encodes text it has seen before faster.

    ``splitString`` turns each string drawn into the codes of the font's subsets, a
    Python loop over its characters (about 5% of a render).  A string whose every
    character already has a code in the first subset (nearly every string of an
    English handout after its first lines) is encoded with one ``str.translate``:
    the same bytes, as nothing is assigned.  Anything else goes through ReportLab.

    And it measures a word it has measured before at once: ReportLab's line breaking
    asks the width of every word of every paragraph (a thousand times a handout, most
    of them words asked before), and its own answer takes 0.8 microseconds, where a
    dictionary lookup takes 0.2 (about 5% of a render).  Kept per font and size, while
    the font's widths stay as they are (``glyphs`` adds glyphs), up to ``WIDTHS_KEPT``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._widths: dict[tuple[str, float], Any] = {}
        self._widths_of = 0
        """How many characters had a width when ``_widths`` was measured."""

    def stringWidth(self, text: Any, size: float, encoding: str = "utf8") -> Any:  # noqa: N802
        widths = self._widths
        known = len(self.face.charWidths)
        if known != self._widths_of or len(widths) >= WIDTHS_KEPT:
            widths.clear()
            self._widths_of = known
        key = (text, size)
        found = widths.get(key)
        if found is None:
            found = super().stringWidth(text, size, encoding)
            if isinstance(text, str):
                widths[key] = found
        return found

    def splitString(self, text: Any, doc: Any, encoding: str = "utf-8") -> Any:  # noqa: N802
        state = self.state.get(doc)
        if state is None or not text or not isinstance(text, str):
            return super().splitString(text, doc, encoding)
        assigned = state.assignments
        if getattr(state, "handout_seen", -1) != len(assigned):
            low = {code: chr(n) for code, n in assigned.items() if n < 256}
            if 32 in low:
                low[0xA0] = low[32]  # ReportLab draws a no-break space as a space
            state.handout_low = low
            state.handout_chars = frozenset(map(chr, low))
            state.handout_seen = len(assigned)
        if state.handout_chars.issuperset(text):
            return [(0, text.translate(state.handout_low).encode("latin-1"))]
        return super().splitString(text, doc, encoding)


def _is_files(name: Family) -> bool:
    """Whether ``name`` is font files a style gives (not an installed family)."""
    return isinstance(name, FontFiles) or Path(name).suffix.lower() in (".ttf", ".otf")


def _load(face_name: str, path: Path, own: bool = False) -> TTFont:
    """The font in ``path``; a file that cannot be read is a ``FontError``, never a crash.

    A style's ``own`` file has its glyph data checked too (``_glyph_damage``): ReportLab
    reads it only when it writes the PDF, where a damaged table would stop the build."""
    problem = fontfile.damage(path)
    if problem is None:
        try:
            font = _Font(face_name, str(path))
            glyphs = _glyph_damage(font.face) if own else None
            if glyphs is None:
                return font
            problem = f"is damaged: {glyphs}"
        except (TTFError, OSError, ValueError, KeyError, IndexError, struct.error) as exc:
            problem = f"is damaged ({exc})"
        problem += "; copy it again from where it came from"
    raise FontError(f"the font file {path} {problem}", path, problem)


_COMPONENT_MORE, _COMPONENT_WORDS = 1 << 5, 1 << 0
_COMPONENT_SCALES = ((1 << 3, 2), (1 << 6, 4), (1 << 7, 8))


def _glyph_damage(face: Any) -> str | None:
    """What in the glyph data of ``face`` (ReportLab's reading of a font file) would
    break the PDF or print nothing where letters belong, or ``None``.

    The glyph locations must run forward inside the glyph table, each composite glyph
    name glyphs that exist, and no glyph be wider than ``10`` em: the checks ReportLab's
    subsetting relies on without making them (a table of 0xFF bytes passes its reading).
    """
    pos: list[int] = face.glyphPos
    count: int = face.numGlyphs
    start, length = face.get_table_pos("glyf")
    data: bytes = face._ttf_data
    if len(pos) != count + 1 or any(b < a for a, b in zip(pos, pos[1:], strict=False)):
        return "its glyph locations ('loca' table) are out of order"
    if pos[-1] > length:
        return "its glyph locations ('loca' table) point past its glyph table"
    widest = max((aw for aw, _ in face.hmetrics), default=0)
    if widest > 10 * face.unitsPerEm:
        em = widest // face.unitsPerEm
        return f"its glyph widths ('hmtx' table) reach {widest} units, {em} em"
    for glyph in range(count):
        at, end = start + pos[glyph], start + pos[glyph + 1]
        if end - at < 10:
            if end != at:
                return f"its glyph {glyph} is cut short"
            continue
        (contours,) = struct.unpack(">h", data[at : at + 2])
        if contours >= 0:
            if at + 10 + 2 * contours > end:
                return f"its glyph {glyph} is cut short"
            continue
        at += 10
        flags = _COMPONENT_MORE
        while flags & _COMPONENT_MORE:
            if at + 4 > end:
                return f"its glyph {glyph} is cut short"
            flags, part = struct.unpack(">HH", data[at : at + 4])
            if part >= count:
                return f"its glyph {glyph} is made of a glyph it does not have ({part})"
            at += 4 + (4 if flags & _COMPONENT_WORDS else 2)
            at += next((n for bit, n in _COMPONENT_SCALES if flags & bit), 0)
    return None


@dataclass(frozen=True, eq=False)
class Chain:
    """A primary family and the names of its fallbacks, tried in order.

    Fallback families are registered only when a character needs one, so an
    English handout never pays for loading them.
    """

    primary: Registered
    fallbacks: tuple[Family, ...]

    @property
    def families(self) -> tuple[Registered, ...]:
        return (self.primary, *(family(n) for n in self.fallbacks))

    def family_for(self, ch: str) -> Registered | None:
        if ord(ch) in self.primary.codepoints:
            return self.primary
        return _fallback_for(self, ch)

    def runs(self, text: str) -> list[tuple[str, Registered]]:
        """Split ``text`` into runs drawn in one family each.

        A word the primary family cannot draw whole is drawn whole in the first
        fallback that can, so that letters of one word never mix two typefaces.
        """
        if _covers(self.primary, text):
            return [(text, self.primary)]
        out: list[tuple[str, Registered]] = []
        for word in _words(text):
            for piece, fam in self._word_runs(word):
                if out and out[-1][1] is fam:
                    out[-1] = (out[-1][0] + piece, fam)
                else:
                    out.append((piece, fam))
        return out

    def _word_runs(self, word: str) -> list[tuple[str, Registered]]:
        if _covers(self.primary, word):
            return [(word, self.primary)]
        for name in self.fallbacks:
            fam = family(name)
            if _covers(fam, "".join(ch for ch in word if not ch.isspace())):
                return [(word, fam)]
        return [(ch, self.family_for(ch) or self.primary) for ch in word]

    def missing(self, text: str) -> list[str]:
        """Characters of ``text`` that no family of the chain can draw, in order, once each."""
        cps = self.primary.codepoints
        if cps.issuperset(map(ord, text)):
            return []
        seen: list[str] = []
        for ch in text:
            if ord(ch) in cps or ord(ch) in _ALWAYS_OK:
                continue
            if _fallback_for(self, ch) is None and ch not in seen:
                seen.append(ch)
        return seen


def _words(text: str) -> list[str]:
    """Split after each space, keeping the spaces: ``"a b"`` -> ``["a ", "b"]``."""
    out, start = [], 0
    for i, ch in enumerate(text):
        if ch == " ":
            out.append(text[start : i + 1])
            start = i + 1
    if start < len(text):
        out.append(text[start:])
    return out


@functools.cache
def _fallback_for(chain_: Chain, ch: str) -> Registered | None:
    code = ord(ch)
    for name in chain_.fallbacks:
        fam = family(name)
        if code in fam.codepoints:
            return fam
    return None


@functools.cache
def chain(primary: Family, fallbacks: tuple[Family, ...] = ()) -> Chain:
    """The chain for ``primary`` then ``fallbacks``; only the primary is loaded now."""
    rest = tuple(n for n in dict.fromkeys(fallbacks) if n != primary)
    return Chain(family(primary), rest)


WHOLE_SHARE = 0.05
"""Share of words with letters the primary family lacks from which the whole handout
is set in a fallback family (one typeface), rather than those words alone."""


def whole_family(primary: Family, fallbacks: Sequence[Family], text: str) -> Family | None:
    """The fallback family to set all of ``text`` in, or ``None`` to keep ``primary``.

    When the primary lacks letters that the text uses throughout (at least
    ``WHOLE_SHARE`` of its words hold one: Vietnamese, Greek or Cyrillic in Atkinson
    Hyperlegible), switching typeface word by word would make letter shapes and
    heights jump within a line: the first fallback that has every letter of the text
    is used for all of it.  An odd letter or symbol (a "β" in an English handout)
    stays a word-at-a-time fallback.
    """
    cps = family(primary).codepoints
    lacking = {ch for ch in set(text) if ord(ch) not in cps and _is_letter(ch)}
    if not lacking:
        return None
    words = text.split()
    odd = sum(1 for w in words if not lacking.isdisjoint(w))
    if odd < WHOLE_SHARE * len(words):
        return None
    letters = {ord(ch) for ch in set(text) if _is_letter(ch)}
    for name in dict.fromkeys(fallbacks):
        if name != primary and family(name).codepoints.issuperset(letters):
            return name
    return None


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM"


Locate = Callable[[str, str], Problem]
"""Turns a field path and a message into a located problem (``Handout.problem``)."""


def check_text(texts: Iterable[tuple[str, str]], chain_: Chain, locate: Locate) -> list[Problem]:
    """Problems with the characters of a handout's fields: letters of a script that needs
    shaping and is not supported (``scripts.refusal``), per field, and characters no font
    of the chain can draw.

    ``texts`` are ``(field path, text)`` pairs, as ``Handout.texts`` gives them.  The
    characters missing anywhere make one problem, at the first field that has one,
    saying what to do.
    """
    problems: list[Problem] = []
    undrawable: dict[str, None] = {}
    where: list[str] = []
    for path, text in texts:
        refused = scripts.refusal(text)
        if refused:
            problems.append(locate(path, refused))
        missing = chain_.missing(text)
        if refused:  # one message for a script that cannot be printed, whatever the font
            missing = [ch for ch in missing if not scripts.is_unsupported(ch)]
        if not missing:
            continue
        undrawable.update(dict.fromkeys(missing))
        where.append(path)
    if where:
        problems.append(locate(where[0], _undrawable(list(undrawable), where, chain_)))
    return problems


def _undrawable(chars: list[str], where: list[str], chain_: Chain) -> str:
    names = ", ".join(f.name for f in chain_.families)
    also = f"here and in {_fields(where[1:])}; " if len(where) > 1 else ""
    return (
        f"no font of this style can print {_describe(chars, 5)} "
        f"({also}fonts tried: {names}); {_advice(chars)}"
    )


def _fields(paths: list[str], limit: int = 3) -> str:
    more = f" and {len(paths) - limit} more fields" if len(paths) > limit else ""
    return ", ".join(paths[:limit]) + more


_SET_LANGUAGE = {
    "Hang": "ko (Korean)",
    "Hira": "ja (Japanese)",
    "Kana": "ja (Japanese)",
    "Hani": "zh-Hans (Simplified Chinese), zh-Hant (Traditional Chinese) or ja (Japanese)",
}
"""The ``language:`` to suggest for letters of a CJK script, first match first."""


def _advice(chars: list[str]) -> str:
    """What to do: for Chinese, Japanese or Korean letters, the language to set."""
    found = {scripts.script(ch) for ch in chars}
    for script, tag in _SET_LANGUAGE.items():
        if script in found:
            return (
                f"for Chinese, Japanese or Korean text set language: {tag} in the content "
                "file, and the handout is set in a font that has these letters "
                "(docs/languages.md)"
            )
    return (
        "remove or replace these characters, or add a font that has them to the style's "
        "fonts.fallbacks"
    )


def _describe(chars: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(f"'{ch}' U+{ord(ch):04X} {_name(ch)}".rstrip() for ch in chars[:limit])
    more = f" and {len(chars) - limit} more" if len(chars) > limit else ""
    return shown + more


def _name(ch: str) -> str:
    """The character's name, lower case; none where it only repeats the code
    (``CJK UNIFIED IDEOGRAPH-611F``)."""
    name = unicodedata.name(ch, "").lower()
    return "" if name.endswith(f"-{ord(ch):04x}") else name


def require_drawable(texts: Iterable[tuple[str, str]], chain_: Chain, locate: Locate) -> None:
    """Raise ``InputError`` when any text cannot be drawn with ``chain_``."""
    problems = check_text(texts, chain_, locate)
    if problems:
        raise InputError(problems)
