"""What a style's fonts hold, read without drawing anything: whether a font file can be
used, which faces a family has, and which faces the style's roles ask for.

A face a role needs and its family lacks would print in another face (a bold title in
the regular weight), and a damaged file would stop the build halfway: both are found
here, so ``validate`` and ``build`` say so with the style's line.
"""

from __future__ import annotations

import functools
import struct
from dataclasses import dataclass
from pathlib import Path

from . import installed
from .stylemodel import FACES, Family, FontFiles, Style, face_name

_TRUETYPE = (b"\x00\x01\x00\x00", b"true")
_REQUIRED = (b"cmap", b"head", b"hhea", b"hmtx", b"maxp")
BOLD_WEIGHT = 600
"""A static file this heavy or heavier is a family's bold; a lighter one is not."""


def tables(data: bytes) -> dict[bytes, tuple[int, int]] | None:
    """The table directory at the start of a TrueType font's ``data``: each table's tag
    and its offset and length in the file; ``None`` if ``data`` ends before it does."""
    if len(data) < 12:
        return None
    (count,) = struct.unpack(">H", data[4:6])
    if len(data) < 12 + 16 * count:
        return None
    out = {}
    for i in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        out[tag] = (offset, length)
    return out


def damage(file: Path) -> str | None:
    """What makes ``file`` unusable as a TrueType font, or ``None`` when it reads.

    Reads the table directory only: a file cut short (a download or copy that stopped)
    has tables that run past its end, which is what breaks a build.
    """
    try:
        with open(file, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    head = data[:4]
    if head == b"OTTO":
        return (
            "holds PostScript (CFF) outlines, which cannot be embedded; "
            "use the family's TrueType (.ttf) files"
        )
    if head not in _TRUETYPE:
        return "is not a TrueType or OpenType font file"
    found = tables(data)
    if found is None:
        return "is damaged: it is cut short; copy it again from where it came from"
    tags = set(found)
    for tag, (offset, length) in found.items():
        if offset + length > len(data):
            return (
                f"is damaged: its '{tag.decode('latin-1').strip()}' table runs past the end "
                f"of the file ({len(data)} bytes), as if cut short; copy it again from "
                "where it came from"
            )
    missing = [t.decode() for t in _REQUIRED if t not in tags]
    if b"glyf" not in tags:
        missing.append("glyf")
    if missing:
        return f"is damaged or not a usable font: it has no {', '.join(missing)} table"
    if b"fvar" in found and not _axes_read(data, *found[b"fvar"]):
        return (
            "is damaged: its 'fvar' table (the weights a variable font spans) cannot be "
            "read; copy it again from where it came from"
        )
    return None


def _axes_read(data: bytes, offset: int, length: int) -> bool:
    """Whether a variable font's ``fvar`` table at ``offset`` reads as the OpenType
    specification lays it out: its version, its axes (each from its least to its most
    value) and its named instances all inside it.  Read wrongly, a variable font that
    spans bold would be said to have no bold face."""
    table = data[offset : offset + length]
    if len(table) < 16:
        return False
    major, _, start, _, axes, axis_size, instances, instance_size = struct.unpack(">8H", table[:16])
    if major != 1 or axis_size != 20 or instance_size not in (4 * axes + 4, 4 * axes + 6):
        return False
    if start + axes * axis_size + instances * instance_size > len(table):
        return False
    for i in range(axes):
        low, default, high = struct.unpack_from(">3i", table, start + i * axis_size + 4)
        if not low <= default <= high:
            return False
    return True


@functools.cache
def faces(family: Family) -> frozenset[str]:
    """The faces (``FACES``) ``family`` has.

    Files per face have those given, and one .ttf path its regular face; either has
    bold too when its regular file is a variable font whose weights reach 700.  An
    installed family has those its files cover: italic only with an italic file, bold
    only with a file of weight ``BOLD_WEIGHT`` or more (or a variable one reaching 700).
    """
    if isinstance(family, FontFiles):
        given = {f for f in FACES if getattr(family, f)}
        for face, heavier in (("regular", "bold"), ("italic", "bold_italic")):
            file = getattr(family, face)
            if file and heavier not in given and _reaches_bold(file):
                given.add(heavier)
        return frozenset(given)
    if Path(family).suffix.lower() in (".ttf", ".otf"):
        return faces(FontFiles(family))
    found = installed.family(family)
    if found is None:
        return frozenset()
    files = found.files
    out = set()
    for f in files:
        upright = "" if f.style == "normal" else "italic"
        heavy = (f.weight or 0) >= BOLD_WEIGHT or (f.variable and (f.wght_max or 0) >= 700)
        light = (f.weight or 400) < BOLD_WEIGHT or (f.variable and (f.wght_min or 400) <= 400)
        if light:
            out.add(upright or "regular")
        if heavy:
            out.add("bold_italic" if upright else "bold")
    return frozenset(out)


@functools.cache
def _reaches_bold(file: str) -> bool:
    """Whether ``file`` is a variable font whose weights reach 700: one file that is its
    family's regular and bold (drawn in its default weight, as ReportLab can)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(file, lazy=True) as font:
            if "fvar" not in font:
                return False
            return any(a.axisTag == "wght" and a.maxValue >= 700 for a in font["fvar"].axes)
    except Exception:  # noqa: BLE001 - a file fontTools cannot read is judged by ``damage``
        return False


def name(family: Family) -> str:
    """A family as messages name it."""
    return family.name if isinstance(family, FontFiles) else Path(family).name


@dataclass(frozen=True)
class Need:
    """A face a family lacks, and what the style sets in it."""

    family: Family
    face: str
    uses: tuple[str, ...]
    """What is set in that face: ``the title``, ``headings``, ..."""
    roles: tuple[str, ...]
    """The font roles (``body``, ``title``, ...) that ask for it."""
    keys: tuple[str, ...] = ()
    """The style's keys that ask for it (``fonts.title.bold``), where one does."""

    def message(self) -> str:
        face = self.face.replace("_", " ")
        uses = _listing(self.uses)
        keys = f", or set {' and '.join(self.keys)} to false" if self.keys else ""
        return (
            f"the font '{name(self.family)}' has no {face} face, and {uses} "
            f"{'is' if len(self.uses) == 1 else 'are'} set in {face}; give the family's "
            f"{face} file (family: {{regular: ..., {self.face}: ...}}) or choose a family "
            f"that has one{keys}"
        )


def _listing(items: tuple[str, ...]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


_USES = {
    "body": "body text",
    "heading": "headings",
    "title": "the title",
    "subtitle": "the subtitle",
    "table": "the table",
    "small": "the header and footer",
}


def lacking(style: Style) -> list[Need]:
    """Each face a role of ``style`` asks for and its family lacks: one ``Need`` per
    family and face, naming everything set in it."""
    f = style.fonts
    asks: dict[tuple[Family, str], tuple[list[str], list[str], list[str]]] = {}

    def ask(role: str, bold: bool, italic: bool, use: str, own: bool = False) -> None:
        family = getattr(f, role).family
        uses, roles, keys = asks.setdefault((family, face_name(bold, italic)), ([], [], []))
        uses.append(use)
        if role not in roles:
            roles.append(role)
        spec = getattr(f, role)
        if own:
            keys += [f"fonts.{role}.{k}" for k in ("bold", "italic") if getattr(spec, k)]
        else:
            keys.append("")  # asked for whatever the style says: no key turns it off

    for role, use in _USES.items():
        spec = getattr(f, role)
        ask(role, spec.bold, spec.italic, use, own=True)
    if style.sections.show_summaries or style.sections.at_a_glance:
        ask("body", True, False, "key point labels")
    ask("table", True, False, "the table's header row")
    ask("table", True, f.table.italic, "the table's first column")
    if style.clinic.name:
        ask("small", True, f.small.italic, "the clinic's name")
    if style.qr.place != "none":
        ask("small", True, f.small.italic, "the words beside the QR code")
    return [
        Need(
            family,
            face,
            tuple(dict.fromkeys(uses)),
            tuple(roles),
            () if "" in keys else tuple(dict.fromkeys(keys)),
        )
        for (family, face), (uses, roles, keys) in asks.items()
        if faces(family) and face not in faces(family)
    ]
