"""The print pack: every handout of a run in one PDF, each repeated for its copies.

The pack is written as it is read, one handout at a time, straight into a
temporary file beside it: only a handout's own objects and a small index are in
memory at once, so a pack of ten thousand handouts needs no more memory than a
pack of ten.  Each PDF is read back from disk and checked against the SHA-256 the
run recorded for it, so the pack holds exactly this run's bytes.

Each handout's objects are copied in once; its further copies are new page
objects that share the first copy's content streams and resources, and new
structure elements (``packtags``: every copy stays tagged).  Pages and elements
are written in compressed object streams, where copies differ only in object
numbers: a copy of a tagged two-page handout costs about a kilobyte.  Fonts and
images that several handouts embed identically (the same subset of the same font)
are stored once: the objects under each page's resources are written bottom-up and
keyed by a hash of what they hold.  Each subset keeps, or gets, the tag a handout
gives it (``subsets.subset_tag``, from its font program): handouts made by an older
version, whose subsets were all ``AAAAAA+Font``, are named apart too.
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, Stream

from .. import __version__, signals
from ..errors import HandoutError
from ..files import commit, temporary
from ..names import shown
from . import archival, packtags
from .subsets import SUBSET_TAG, subset_tag

_PDF_DATE = re.compile(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)([+-])(\d\d)'(\d\d)")
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
"""Page attributes a page may take from the page tree above it."""
_CATALOG, _PAGES = 1, 2
"""Object numbers of the document catalog and the page tree, reserved first."""


@dataclass(frozen=True)
class Part:
    """One handout of the pack: its PDF and how many copies follow one another."""

    pdf: Path
    copies: int = 1
    sha256: str = ""
    """What the PDF must hash to (this run wrote it); empty: not checked."""


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


@dataclass(frozen=True)
class _Copied:
    """A handout already in the pack: its page objects, to repeat for further copies."""

    pages: list[bytes]
    last_size: tuple[Any, Any]
    """Width and height of its last page (for a duplex blank page)."""
    first: list[int]
    """Object numbers of the first copy's pages, written but not yet placed."""
    keys: list[int]
    """The first copy's ``/StructParents`` keys (empty: the handout has no structure tree)."""
    tags: packtags.Template | None


def write(path: Path, parts: Sequence[Part], duplex: bool = False) -> Packed:
    """Write the pack of ``parts`` (in order) to ``path`` atomically."""
    if not parts:
        raise HandoutError(f"{shown(path)}: no handout to pack")
    with temporary(path) as (out, tmp):
        writer = _Writer(out)
        copied: dict[Path, _Copied] = {}
        languages: Counter[str] = Counter()
        dates: dict[str, bytes] = {}
        copies = blanks = handouts = 0
        paths = [part.pdf.resolve() for part in parts]
        last = {key: i for i, key in enumerate(paths)}
        for i, (part, key) in enumerate(zip(parts, paths, strict=True)):
            signals.check()  # inside signals.polled(): a stop between handouts
            if key not in copied:
                handouts += 1
                with _open(part) as pdf:
                    copied[key] = writer.handout(pdf)
                    if "/Lang" in pdf.Root:
                        languages[str(pdf.Root.Lang)] += 1
                    if not dates:
                        writer.first_of(pdf)
                        info = pdf.docinfo
                        keys = ("/CreationDate", "/ModDate")  # the first handout's: reproducible
                        dates = {k: _scalar(info[k]) for k in keys if k in info}
            done = copied[key]
            for _ in range(part.copies):
                if done.first:
                    nums, marks = list(done.first), done.keys
                    writer.kids += done.first
                    done.first.clear()
                else:
                    marks = writer.tree.keys(len(done.pages)) if done.tags else []
                    nums = [writer.page(page, key) for page, key in _zip(done.pages, marks)]
                if done.tags:
                    writer.tree.copy(done.tags, nums, marks)
                else:
                    writer.tree.untagged += 1
                copies += 1
                if duplex and len(done.pages) % 2:
                    writer.blank(done.last_size)
                    blanks += 1
            if last[key] == i:  # no later part repeats it: its pages and tree can go
                del copied[key]
        size = writer.finish(handouts, copies, languages, dates)
        pages = len(writer.kids)
    commit(tmp, path)
    return Packed(path, handouts, copies, pages, blanks, size)


class _Writer:
    """Writes PDF objects to a file as they come; the page tree and the index at the end."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.offsets: list[int] = [0, 0]  # the catalog and the page tree come last
        self.pos = 0
        self.digest = hashlib.sha256()
        self.kids: list[int] = []
        self.by_hash: dict[bytes, int] = {}
        self.tag_of: dict[int, str] = {}
        self.tree = packtags.Tree(self)
        self.pending: list[tuple[int, bytes]] = []
        self.pending_size = 0
        self.intents = b""
        """The first handout's output intents (PDF/A), as written in the catalog."""
        self.created = ""
        """The first handout's creation date, for the XMP metadata."""
        self._put(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def _put(self, data: bytes) -> None:
        self.out.write(data)
        self.digest.update(data)
        self.pos += len(data)

    def _reserve(self) -> int:
        self.offsets.append(0)
        return len(self.offsets)

    def _emit(self, num: int, body: bytes, raw: bytes | None = None) -> None:
        self.offsets[num - 1] = self.pos
        if raw is None:
            self._put(b"%d 0 obj\n%s\nendobj\n" % (num, body))
        else:
            self._put(b"%d 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (num, body, raw))

    def packed(self, objects: list[tuple[int, bytes]]) -> None:
        """Write small objects (not streams) later, compressed together in an object stream.

        Copies differ only in object numbers: compressed together, a copy's pages and
        structure elements cost a few hundred bytes.
        """
        self.pending += objects
        self.pending_size += sum(len(body) for _, body in objects)
        if self.pending_size > 1 << 18 or len(self.pending) > 8000:
            self.flush()

    def flush(self) -> None:
        """Write the objects waiting in ``pending`` as one object stream.

        In the index such an object is ``-(stream number << 16 | its place in it)``.
        """
        if not self.pending:
            return
        num = self._reserve()
        heads, size = [], 0
        for i, (obj, body) in enumerate(self.pending):
            heads.append(b"%d %d" % (obj, size))
            size += len(body) + 1
            self.offsets[obj - 1] = -(num << 16 | i)
        head = b" ".join(heads) + b"\n"
        data = zlib.compress(head + b"\n".join(body for _, body in self.pending))
        self._emit(
            num,
            b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>"
            % (len(self.pending), len(head), len(data)),
            data,
        )
        self.pending, self.pending_size = [], 0

    def handout(self, pdf: Pdf) -> _Copied:
        """Copy one handout's pages and what they use; the page objects, for its copies."""
        copier = _Copier(self)
        first = []
        tags = packtags.read(pdf)
        keys = self.tree.keys(len(pdf.pages)) if tags else []
        for page in pdf.pages:
            copier.done[page.obj.objgen] = self._reserve()  # links back to it (/P) point here
        for page, key in _zip(pdf.pages, keys):
            num = copier.done[page.obj.objgen]
            body = copier.page(page.obj)
            self.packed([(num, _keyed(body, key))])
            first.append(body)
        box = _inherited(pdf.pages[-1].obj, "/MediaBox")
        size = (box[2] - box[0], box[3] - box[1]) if box is not None else (612, 792)
        nums = [copier.done[page.obj.objgen] for page in pdf.pages]
        return _Copied(first, size, nums, keys, tags)

    def first_of(self, pdf: Pdf) -> None:
        """Take what the pack shares with its first handout: output intents, creation date."""
        if "/OutputIntents" in pdf.Root:
            self.intents = _Copier(self).value(pdf.Root.OutputIntents, True)
        self.created = str(pdf.docinfo.get("/CreationDate", ""))

    def page(self, body: bytes, key: int | None = None) -> int:
        """Place a page (a copy's, under its ``/StructParents`` key if tagged); its number."""
        num = self._reserve()
        self.packed([(num, _keyed(body, key))])
        self.kids.append(num)
        return num

    def blank(self, size: tuple[Any, Any]) -> None:
        width, height = (_number(v) for v in size)
        self.page(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [ 0 0 %s %s ] /Resources << >> >>"
            % (_PAGES, width, height)
        )

    def finish(
        self, handouts: int, copies: int, languages: Counter[str], dates: dict[str, bytes]
    ) -> int:
        """Write the page tree, catalog, document info and index; the file's size."""
        kids = b" ".join(b"%d 0 R" % k for k in self.kids)
        self._emit(_PAGES, b"<< /Type /Pages /Kids [ %s ] /Count %d >>" % (kids, len(self.kids)))
        tree = self.tree.finish()
        lang = b""
        if languages:
            lang = b" /Lang " + pikepdf.String(languages.most_common(1)[0][0]).unparse()
        info = {
            "/Title": f"Print pack: {handouts} handout{'s' if handouts != 1 else ''}",
            "/Subject": f"{copies} cop{'ies' if copies != 1 else 'y'} of patient handouts",
            "/Creator": f"handout {__version__}",
            "/Producer": f"handout {__version__}",
        }
        extra = lang + tree + self._archival(info, languages)
        self._emit(
            _CATALOG,
            b"<< /Type /Catalog /Pages %d 0 R /ViewerPreferences << /DisplayDocTitle true >>%s >>"
            % (_PAGES, extra),
        )
        fields = [_pair(k, pikepdf.String(v).unparse()) for k, v in info.items()]
        fields += [_pair(k, v) for k, v in dates.items()]
        info_num = self._reserve()
        self._emit(info_num, b"<<" + b"".join(fields) + b">>")
        self.flush()
        ident = self.digest.hexdigest()[:32].encode()
        xref = self._reserve()
        self.offsets[xref - 1] = start = self.pos
        rows = [bytes(6) + b"\xff\xff"]  # object 0: free, generation 65535
        for at in self.offsets:
            if at >= 0:
                rows.append(b"\1" + at.to_bytes(5, "big") + b"\0\0")
            else:
                rows.append(b"\2" + (-at).to_bytes(7, "big"))  # object stream, index
        data = zlib.compress(b"".join(rows))
        self._put(
            b"%d 0 obj\n<< /Type /XRef /Size %d /W [ 1 5 2 ] /Root %d 0 R /Info %d 0 R "
            b"/ID [ <%s> <%s> ] /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream\n"
            b"endobj\nstartxref\n%d\n%%%%EOF\n"
            % (xref, len(rows), _CATALOG, info_num, ident, ident, len(data), data, start)
        )
        return self.pos

    def _archival(self, info: dict[str, str], languages: Counter[str]) -> bytes:
        """PDF/A-2u, as the handouts are: their output intent, and XMP saying what Info says.

        The XMP claims PDF/UA-1 too when every copy in the pack is tagged.
        """
        if not self.intents:
            return b""
        out = b" /OutputIntents " + self.intents
        date = _PDF_DATE.match(self.created)
        if date is None:  # a handout from elsewhere: no PDF/A claim can be made for it
            return out
        y, mo, d, h, mi, sec, sign, zh, zm = date.groups()
        stamp = archival.xmp_date(
            int(y), int(mo), int(d), int(h), int(mi), int(sec), int(sign + zh), int(zm)
        )
        packet = archival.xmp(
            title=info["/Title"],
            subject=info["/Subject"],
            author="",
            keywords="",
            producer=info["/Producer"],
            tool=info["/Creator"],
            date=stamp,
            lang=languages.most_common(1)[0][0] if languages else "und",
            ua=self.tree.complete,
        )
        num = self._reserve()
        head = b"<</Type/Metadata/Subtype/XML/Length %d>>" % len(packet)
        self._emit(num, head, packet)
        return out + b" /Metadata %d 0 R" % num


class _Copier:
    """Copies the objects of one source PDF into the writer, each once."""

    def __init__(self, writer: _Writer) -> None:
        self.w = writer
        self.done: dict[tuple[int, int], int] = {}
        self.busy: set[tuple[int, int]] = set()
        self.cycle: dict[tuple[int, int], int] = {}
        """Objects met again while being copied: numbered early, never merged."""

    def page(self, page: Dictionary) -> bytes:
        """The page object, its parts copied; written by the caller (once per copy)."""
        fields = [b"/Parent %d 0 R" % _PAGES]  # compact: a copy costs only this object
        for key in sorted({*page.keys(), *_INHERITED}):
            if key in ("/Parent", "/B", "/Trans", "/StructParents"):  # a copy gets its own key
                continue
            if key == "/Annots":  # links, for reading on screen: a pack is for printing
                continue
            value = _inherited(page, key) if key in _INHERITED else page.get(key)
            if value is None or (key == "/Rotate" and value == 0):
                continue
            if key == "/Resources" and isinstance(value, Dictionary) and not value.is_indirect:
                encoded = b"%d 0 R" % self.interned(value)  # one object for every copy
            else:
                encoded = self.value(value, key == "/Resources")
            fields.append(_pair(key, encoded))
        return b"<<" + b"".join(fields) + b">>"

    def interned(self, obj: Dictionary) -> int:
        """A direct dictionary written as an object of its own, once for equal ones."""
        body = self.dictionary(obj, True)
        digest = hashlib.sha256(body + b"\0").digest()
        num = self.w.by_hash.get(digest, 0)
        if not num:
            num = self.w.by_hash[digest] = self.w._reserve()
            self.w._emit(num, body)
        return num

    def value(self, obj: Any, shared: bool) -> bytes:
        """``obj`` as it is written in the pack; an indirect one as a reference to its copy."""
        if isinstance(obj, (Dictionary, Array, Stream)) and obj.is_indirect:
            return b"%d 0 R" % self.indirect(obj, shared)
        if isinstance(obj, Stream):
            raise HandoutError("a PDF stream that is not an indirect object; build it again")
        if isinstance(obj, Dictionary):
            return self.dictionary(obj, shared)
        if isinstance(obj, Array):
            return self._array(obj, shared)
        return _scalar(obj)

    def dictionary(
        self, obj: Dictionary, shared: bool, rename: str = "", stream: bool = False
    ) -> bytes:
        fields = []
        for key in sorted(obj.keys()):
            if key in ("/Parent", "/P"):  # a link back up: kept only to what is copied
                target = obj.get(key)
                num = self.done.get(target.objgen) if target is not None else None
                if num:
                    fields.append(Name(key).unparse() + b" %d 0 R" % num)
                continue
            if key == "/Length" and stream:  # written from the data copied
                continue
            value = obj.get(key)
            if rename and key in ("/BaseFont", "/FontName") and isinstance(value, Name):
                encoded = Name("/" + SUBSET_TAG.sub(rename, str(value).lstrip("/"))).unparse()
            else:
                encoded = self.value(value, shared)
            fields.append(_pair(key, encoded))
        return b"<<" + b"".join(fields) + b">>"

    def indirect(self, obj: Any, shared: bool) -> int:
        og = obj.objgen
        if og in self.done:
            return self.done[og]
        if og in self.busy:  # a loop back to an object being copied
            return self.cycle.setdefault(og, self.w._reserve())
        self.busy.add(og)
        raw = obj.read_raw_bytes() if isinstance(obj, Stream) else None
        body, tag = self._body(obj, shared, raw)
        self.busy.discard(og)
        num = self.cycle.pop(og, 0)
        if not num and shared:
            digest = hashlib.sha256(body + b"\0" + (raw or b"")).digest()
            num = self.w.by_hash.get(digest, 0)
            if num:
                self.done[og] = num
                return num
            num = self.w.by_hash[digest] = self.w._reserve()
        elif not num:
            num = self.w._reserve()
        self.done[og] = num
        self.w._emit(num, body, raw)
        if tag is not None:
            self.w.tag_of[num] = tag
        return num

    def _body(self, obj: Any, shared: bool, raw: bytes | None) -> tuple[bytes, str | None]:
        """The object's dictionary or array, and the subset tag it was given (a font's)."""
        if isinstance(obj, Stream):
            body = self.dictionary(obj.stream_dict, shared, stream=True)
            return body[:-2] + b"/Length %d>>" % len(raw or b""), None
        if not isinstance(obj, Dictionary):
            return self._array(obj, shared), None
        body = self.dictionary(obj, shared)
        tag = self._subset_tag(obj) if shared else None
        if tag is not None:
            body = self.dictionary(obj, shared, rename=tag)
        return body, tag

    def _array(self, obj: Any, shared: bool) -> bytes:
        return b"[" + b" ".join(self.value(v, shared) for v in obj) + b"]"

    def _subset_tag(self, obj: Dictionary) -> str | None:
        """The tag for a subset font or its descriptor: from the descriptor's own hash."""
        name = obj.get("/FontName") if "/FontName" in obj else obj.get("/BaseFont")
        if not isinstance(name, Name) or not SUBSET_TAG.match(str(name).lstrip("/")):
            return None
        if "/FontName" in obj:  # the descriptor, with its font program
            program = obj.get("/FontFile2")
            return subset_tag(program.read_bytes()) if isinstance(program, Stream) else None
        for key in ("/FontDescriptor", "/DescendantFonts"):
            ref = obj.get(key)
            if isinstance(ref, Array) and len(ref):
                ref = ref[0]
            if ref is not None and getattr(ref, "is_indirect", False):
                tag = self.w.tag_of.get(self.done.get(ref.objgen, 0))
                if tag:
                    return tag
        return None


def _keyed(body: bytes, key: int | None) -> bytes:
    """A page object's body with its ``/StructParents`` key, when it has one."""
    return body if key is None else body[:-2] + b"/StructParents %d>>" % key


def _zip(pages: Any, keys: list[int]) -> Any:
    """Each page with its key, or with None when the handout is not tagged."""
    return zip(pages, keys, strict=True) if keys else ((page, None) for page in pages)


def _pair(key: str, value: bytes) -> bytes:
    """``/Key value`` as PDF writes it most compactly (no space before a delimiter)."""
    return Name(key).unparse() + (value if value[:1] in b"/[<(" else b" " + value)


def _inherited(page: Dictionary, key: str) -> Any:
    node: Any = page
    for _ in range(64):
        if node is None:
            return None
        if key in node:
            return node.get(key)
        node = node.get("/Parent")
    return None


def _number(value: Any) -> bytes:
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if isinstance(value, int):
        return b"%d" % value
    text = format(Decimal(str(value)), "f")
    return (text.rstrip("0").rstrip(".") if "." in text else text).encode() or b"0"


def _scalar(value: Any) -> bytes:
    if value is None:
        return b"null"
    if isinstance(value, (bool, int, float, Decimal)):
        return _number(value)
    return bytes(value.unparse())


def _open(part: Part) -> Pdf:
    # Read into memory: thousands of open files would run out of file handles.
    path = shown(part.pdf)
    try:
        data = part.pdf.read_bytes()
    except OSError as exc:
        raise HandoutError(f"{path}: cannot read for the pack: {exc.strerror or exc}") from None
    if part.sha256 and hashlib.sha256(data).hexdigest() != part.sha256:
        raise HandoutError(
            f"{path}: changed on disk during this run (another program, or another batch "
            "writing to the same folder?); the pack was not written: run again"
        )
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        raise HandoutError(f"{path}: not a readable PDF ({exc}); build it again") from None
