"""The print pack: every handout of a run in one PDF, each repeated for its copies.

Each handout's PDF is copied in once; its further copies are new page objects that
share the first copy's content streams and resources, so a copy costs a few hundred
bytes.  Fonts and images that several handouts embed identically (the same subset
of the same font) are stored once: the objects under each handout's page resources
are merged bottom-up by a hash of what they hold.  Each subset keeps, or gets, the
tag a handout gives it (``subsets.subset_tag``, from its font program): handouts made
by an older version, whose subsets were all ``AAAAAA+Font``, are named apart too.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

from .. import __version__
from ..errors import HandoutError
from ..files import write_atomic
from . import archival
from .subsets import SUBSET_TAG, subset_tag

_NOT_MERGED = frozenset({"/Parent", "/P", "/Widths", "/W", "/FontBBox", "/BBox", "/Matrix"})
"""Keys not walked: links back up the page tree, and arrays that hold only numbers."""


@dataclass(frozen=True)
class Part:
    """One handout of the pack: its PDF and how many copies follow one another."""

    pdf: Path
    copies: int = 1


@dataclass(frozen=True)
class Packed:
    path: Path
    handouts: int
    """Distinct handout PDFs in the pack."""
    copies: int
    pages: int
    blanks: int
    """Blank pages added so that, printed duplex, every copy starts on a new sheet."""
    size: int


def write(path: Path, parts: Sequence[Part], duplex: bool = False) -> Packed:
    """Write the pack of ``parts`` (in order) to ``path`` atomically."""
    if not parts:
        raise HandoutError(f"{path}: no handout to pack")
    out = pikepdf.new()
    merger = _Merger()
    sources: dict[Path, Pdf] = {}  # open until saved: copied pages read their streams
    first: dict[Path, list[pikepdf.Page]] = {}
    languages: Counter[str] = Counter()
    blanks = copies = count = 0

    def add(page: pikepdf.Page) -> pikepdf.Page:
        # Counted here: len(out.pages) walks the page tree, each time.
        nonlocal count
        out.pages.append(page)  # a page of this file again: a shallow copy sharing its parts
        count += 1
        return out.pages[count - 1]

    for part in parts:
        key = part.pdf.resolve()
        if key not in sources:
            sources[key] = _open(part.pdf)
            lang = sources[key].Root.get("/Lang")
            if lang is not None:
                languages[str(lang)] += 1
        pages = first.get(key)
        for _ in range(part.copies):
            if pages is None:
                pages = first[key] = [add(page) for page in sources[key].pages]
                for page in pages:
                    merger.resources(page.obj)
            else:
                for page in pages:
                    add(page)
            copies += 1
            if duplex and len(pages) % 2:
                box = pages[-1].mediabox
                out.add_blank_page(page_size=(float(box[2] - box[0]), float(box[3] - box[1])))
                count += 1
                blanks += 1
    merger.retag()
    _describe(out, sources, len(sources), copies, languages)
    buf = io.BytesIO()
    out.save(
        buf,
        deterministic_id=True,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,  # fonts and images: copied as stored
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    data = buf.getvalue()
    write_atomic(path, data)
    return Packed(path, len(sources), copies, count, blanks, len(data))


def _open(path: Path) -> Pdf:
    # Read into memory: thousands of open files would run out of file handles.
    try:
        return pikepdf.open(io.BytesIO(path.read_bytes()))
    except OSError as exc:
        raise HandoutError(f"{path}: cannot read for the pack: {exc.strerror or exc}") from None
    except pikepdf.PdfError as exc:
        raise HandoutError(f"{path}: not a readable PDF ({exc}); build it again") from None


def _describe(
    out: Pdf, sources: dict[Path, Pdf], handouts: int, copies: int, languages: Counter[str]
) -> None:
    """Title, language and dates: the dates of the first handout, so the pack is reproducible."""
    first = next(iter(sources.values())).docinfo
    info = out.docinfo
    info["/Title"] = f"Print pack: {handouts} handout{'s' if handouts != 1 else ''}"
    info["/Subject"] = f"{copies} cop{'ies' if copies != 1 else 'y'} of patient handouts"
    info["/Creator"] = f"handout {__version__}"
    info["/Producer"] = f"handout {__version__} (pikepdf)"
    for key in ("/CreationDate", "/ModDate"):
        if key in first:
            info[key] = first[key]
    if languages:
        out.Root.Lang = languages.most_common(1)[0][0]
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    _archival(out, next(iter(sources.values())))


_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([+-])(\d\d)'(\d\d)")


def _archival(out: Pdf, first: Pdf) -> None:
    """PDF/A-2u, as the handouts are: their output intent, and XMP saying what Info says.

    No PDF/UA claim: the pack keeps no structure tree.
    """
    if "/OutputIntents" in first.Root:
        out.Root.OutputIntents = out.copy_foreign(first.make_indirect(first.Root.OutputIntents))
    info = out.docinfo
    date = _PDF_DATE.match(str(info.get("/CreationDate", "")))
    if date is None:  # a handout from elsewhere: no PDF/A claim can be made for it
        return
    y, mo, d, h, mi, sec, sign, zh, zm = date.groups()
    stamp = archival.xmp_date(
        int(y), int(mo), int(d), int(h), int(mi), int(sec), int(sign + zh), int(zm)
    )
    packet = archival.xmp(
        title=str(info["/Title"]),
        subject=str(info["/Subject"]),
        author="",
        keywords="",
        producer=str(info["/Producer"]),
        tool=str(info["/Creator"]),
        date=stamp,
        lang=str(out.Root.get("/Lang", "und")),
        ua=False,
    )
    out.Root.Metadata = out.make_stream(packet, Type=Name.Metadata, Subtype=Name.XML)


class _Merger:
    """Stores identical objects under page resources once (fonts, images, their parts)."""

    def __init__(self) -> None:
        self.by_hash: dict[bytes, pikepdf.Object] = {}
        self.canonical: dict[tuple[int, int], pikepdf.Object] = {}
        self.fonts: list[pikepdf.Object] = []

    def resources(self, page: Dictionary) -> None:
        if "/Resources" in page:
            self._visit(page, "/Resources")

    def _visit(self, container: pikepdf.Object, key: str | int) -> None:
        child = container[key]
        if not isinstance(child, (Dictionary, Array, Stream)):
            return  # numbers, names, strings: nothing to merge below them
        if child.is_indirect:
            same = self._merge(child)
            if same.objgen != child.objgen:
                container[key] = same
        else:
            self._walk(child)

    def _walk(self, obj: pikepdf.Object) -> None:
        if isinstance(obj, Array):
            for i in range(len(obj)):
                self._visit(obj, i)
            return
        for key in list(obj.keys()):
            if key not in _NOT_MERGED:
                self._visit(obj, key)

    def _merge(self, obj: pikepdf.Object) -> pikepdf.Object:
        """The first object seen with the same content as ``obj`` (``obj`` if none)."""
        og = obj.objgen
        done = self.canonical.get(og)
        if done is not None:
            return done
        self.canonical[og] = obj  # also stops a cycle
        body = obj.stream_dict if isinstance(obj, Stream) else obj
        self._walk(body)
        h = hashlib.sha256(body.unparse(resolved=True))
        if isinstance(obj, Stream):
            h.update(obj.read_raw_bytes())
        digest = h.digest()
        same = self.by_hash.setdefault(digest, obj)
        self.canonical[og] = same
        if same is obj and isinstance(obj, Dictionary) and obj.get("/Type") == Name.Font:
            self.fonts.append(obj)
        return same

    def retag(self) -> None:
        """Tag each distinct embedded subset by its font program (font and descriptor agree)."""
        for font in self.fonts:
            named = font
            if "/DescendantFonts" in font:
                named = font.DescendantFonts[0]
            desc = named.get("/FontDescriptor")
            base = str(font.get("/BaseFont", ""))
            if desc is None or "/FontFile2" not in desc or not SUBSET_TAG.match(base.lstrip("/")):
                continue
            tag = subset_tag(desc.FontFile2.read_bytes())
            for obj, key in ((font, "/BaseFont"), (named, "/BaseFont"), (desc, "/FontName")):
                if key in obj:
                    obj[key] = Name("/" + SUBSET_TAG.sub(tag, str(obj[key]).lstrip("/")))
