"""Text roles of a style: fonts, paragraph styles and colours, built once per style.

A ``Kit`` holds every role a handout draws with and the page bands' heights; it
depends on the style alone, so it is made once (``functools.cache``) and reused
for every handout of a batch.
"""

from __future__ import annotations

import dataclasses
import functools
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..model import labels
from ..model.content import Handout
from ..model.stylemodel import Family, FontSpec, Style
from ..text import addresses, fontfiles, isolates, scripts
from . import bands, fonts, links, memo, richtext, tagging
from .platypus import Flowable, Paragraph, Spacer
from .tuning import PLAIN, Tuning

if TYPE_CHECKING:  # the text engine is imported when a handout first needs it
    from . import shaped

ROLES = ("body", "heading", "title", "subtitle", "table", "small")
"""The font roles of a style (``Fonts``' fields but the fallbacks)."""
CELL_PAD = 5.0
CJK_LEAST = 4.0
"""The least width of a table column of CJK text, in ems (four characters)."""


class _Paragraph(Paragraph):  # type: ignore[misc]
    """A paragraph that breaks its lines once per width.

    Platypus wraps a paragraph several times at the same width (a table sizes its
    cells, then wraps them again to draw; ``KeepTogether`` measures, then the
    frame places).  Line breaking depends on the width alone, so the last result
    is reused while the broken lines it made (``blPara``) are still in place:
    ``split`` drops them when the paragraph must move on whole.  Not when a word
    was split or hyphenated: ReportLab then rewrites the paragraph's fragments,
    and breaking them again can give other lines, which is what it draws.
    """

    _wrapped: tuple[float, Any, tuple[float, float]] | None = None
    _key: tuple[str, int, str, bool] | None = None
    """Its lines' key in ``memo.lines_kept``: style, alignment, text and weight (``None``:
    not kept)."""
    _source: tuple[Role, str, bool] | None = None
    """The role, text and weight it was made from, while an address in it may need breaking."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._source is not None:
            self._break_addresses(availWidth)
        done = self._wrapped
        if done is not None and done[0] == availWidth and done[1] is self.__dict__.get("blPara"):
            return done[2]
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        if getattr(self, "_splitLongWordCount", 0) or getattr(self, "_hyphenations", 0):
            self._wrapped = None  # breaking words rewrites the fragments: not repeatable
        else:
            self._wrapped = (availWidth, self.__dict__.get("blPara"), size)
        return size

    def breakLines(self, width: Any) -> Any:  # noqa: N802 - ReportLab's name
        kept, key = memo.current(), self._key
        if kept is None or key is None:
            return super().breakLines(width)
        at = (key, tuple(width) if isinstance(width, (list, tuple)) else (width,))
        found = kept.get(at)
        if found is not None:  # what ReportLab's breakLines leaves on the paragraph, too
            self._width_max = found[1]
            self._splitLongWordCount = self._hyphenations = 0
            self.height = 0
            if found[2] is not None:
                self.frags = found[2]
            return found[0]
        made = self.frags
        lines = super().breakLines(width)
        if not self._breaks_words():
            # Lines of several fragments come with the words ReportLab made of them
            # (its new ``frags``), which the lines point into: a paragraph split over two
            # pages cuts those words where its lines are cut (with the fragments it was
            # made of, ReportLab would add a space to the last word of each line it
            # keeps, in the lines every layout shares).
            words = None if self.frags is made else self.frags
            kept[at] = (lines, self._width_max, words)
        return lines

    # Tagging: what the paragraph draws is marked as its structure element's content.
    _tag: tagging.Node | None = None
    _broken = False
    """This paragraph, or the one it was split from, broke a word over two lines."""
    _ops: tagging.Ops | None = None
    _links = False
    """It holds an address: its text is marked run by run (``links.Marker``)."""

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        broken = self._broken or self._breaks_words()
        parts: list[Flowable] = super().split(availWidth, availHeight)
        for part in parts:
            part._tag = self._tag
            part._broken = broken
            part._links = self._links
        return parts

    def _break_addresses(self, width: float) -> None:
        """Cut an address wider than ``width`` where it may break (``text.addresses``), as
        words of their own: ReportLab would cut it anywhere, or add a hyphen."""
        role, text, bold = self._source  # type: ignore[misc]
        self._source = None  # a paragraph is laid out at one width (a part keeps its lines)
        broken, read = broken_and_read(text, functools.partial(role.width, bold=bold), width)
        if broken != text:
            if self._tag is not None and read != text:  # a phone number cut at a hyphen
                self._tag.text = read
            # The pieces of a cut address read as one text but are no longer one word:
            # such a paragraph gets no link annotations (``links``), its text still tagged.
            self.frags = role.frags(broken, bold, found=[], linked=False)
            self._broken = True
            self._links = False

    def _breaks_words(self) -> bool:
        return bool(getattr(self, "_splitLongWordCount", 0) or getattr(self, "_hyphenations", 0))

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        tags: tagging.Tags | None = getattr(canvas, "_tags", None)
        if self._links or tags is None or self._tag is None or not tags.begin(canvas, self._tag):
            super().drawOn(canvas, x, y, _sW)
            return
        super().drawOn(canvas, x, y, _sW)
        canvas._code.append(tagging.EMC)

    def draw(self) -> None:
        if self._tag is not None and (self._broken or self._breaks_words()):
            self._ops = tagging.word_spans(self._tag, tagging.line_texts(self.blPara))
        super().draw()

    def beginText(self, x: float, y: float) -> Any:  # noqa: N802 - ReportLab's name
        text = self.canv.beginText(x, y)
        if self._ops:
            tagging.insert_spans(text, self._ops)
        tags: tagging.Tags | None = getattr(self.canv, "_tags", None)
        if self._links and self._tag is not None and tags is not None:
            links.Marker(text, self.canv, tags, self._tag, links.owners(self))
        return text


@dataclass(frozen=True, eq=False)
class Role:
    """A text role ready to draw: its font chain, paragraph style and colour.

    ``language`` and ``rtl`` are the handout's: text that needs the text engine (CJK,
    shaped or right-to-left scripts, and all text of a right-to-left handout) is set
    by ``shaped``, the rest by ReportLab's paragraphs.
    """

    spec: FontSpec
    chain: fonts.Chain
    para: ParagraphStyle
    color: Color
    language: str = "en"
    rtl: bool = False

    @property
    def measure(self) -> tuple[Any, ...]:
        """What the widths this role measures depend on: its fonts, language and
        direction, not its line spacing (``memo.remembered``)."""
        return (self.chain, self.spec, self.language, self.rtl)

    def engine(self, text: str) -> bool:
        """Whether ``text`` is set by the text engine."""
        return self.rtl or scripts.needs_engine(text)

    def setting(
        self, text: str, bold: bool | None = None, size: float | None = None
    ) -> shaped.Setting:
        """``text`` (with its emphasis) shaped in this role's fonts, at ``size``."""
        b = self.spec.bold if bold is None else bold
        s = size or self.spec.size
        return _setting(self.chain, self.spec.italic, self.language, self.rtl, text, b, s)

    def paragraph(
        self,
        text: str,
        bold: bool | None = None,
        hyphens: bool = False,
        tag: tagging.Node | None = None,
    ) -> Flowable:
        """``hyphens``: break words at the soft hyphens ``text`` holds (``hyphenate.fit``);
        ``tag``: the structure element whose content the paragraph is."""
        b = self.spec.bold if bold is None else bold
        if self.engine(text):
            from . import shaped

            setting = self.setting(text, b)
            engine = shaped.Paragraph(setting, self.para, self.rtl, self.color)
            if tag is not None:
                engine._tag = tag
                tag.text = setting.text
            return engine
        found = addresses.find(text)
        frags = self.frags(text, b, found)
        para = _Paragraph("", _hyphenating(self.para) if hyphens else self.para, frags=frags)
        if tag is not None and links.attach(frags):
            para._links = True
        if tag is not None:
            para._tag = tag
            tag.text = "".join(f.text for f in frags)
        if any(t.breaks or t.kind == addresses.PHONE for t in found):
            para._source = (self, text, b)
        elif not any(f.link for f in frags):
            para._key = (para.style.name, para.style.alignment, text, b)
        return para

    def frags(
        self,
        text: str,
        bold: bool,
        found: list[addresses.Address] | None = None,
        linked: bool = True,
    ) -> list[Any]:
        """The fragments of ``text`` (whose addresses are ``found``, if known), a phone
        number's spaces made unbreakable; ``linked``: a web or e-mail address's carry
        its link."""
        text = glue(text, addresses.find(text) if found is None else found)
        return richtext.frags(
            text, self.chain, self.spec.size, self.color, bold, self.spec.italic, linked
        )

    def width(self, text: str, bold: bool | None = None) -> float:
        """Width in points, each word measured in the family that will draw it."""
        if self.engine(text):
            return self.setting(text, bold).width()
        b = self.spec.bold if bold is None else bold
        size, italic = self.spec.size, self.spec.italic
        return float(
            sum(
                stringWidth(run, fam.face(b, italic), size)
                for run, fam in self.chain.runs(richtext.plain(text))
            )
        )

    def least(self, text: str, bold: bool | None = None) -> float:
        """The width of the widest piece of ``text`` that no line breaks inside: a word,
        a phone number, a piece of an address between its break points.

        CJK text may break between any two characters; a short label ("病因") is still
        kept on one line: its least is the whole text up to ``CJK_LEAST`` ems."""
        if self.engine(text):
            setting = self.setting(text, bold)
            least = max(setting.segments(), default=0.0)
            if any(map(scripts.is_cjk, text)):
                least = max(least, min(setting.width(), CJK_LEAST * self.spec.size))
            return least
        words = set(addresses.units(richtext.plain(text))) or {""}
        return max(self.width(w, bold) for w in words)


# Enough for every paragraph, cell and label of the largest handout (a three-page Chinese
# one needs about 100), reused when it is measured, drawn and laid out again to fit; kept
# small because every handout adds its own footer line, which no later handout needs: a
# worker's memory would otherwise grow by some 12 KB a handout for the first thousand.
# Kept by what shaping depends on, not by role: the roles of a kit tightened to fit
# (``Tuning``: other line spacing, the same fonts) share the first layout's lines.
@functools.lru_cache(maxsize=512)
def _setting(
    chain: fonts.Chain, italic: bool, language: str, rtl: bool, text: str, bold: bool, size: float
) -> shaped.Setting:
    from . import shaped

    faces: list[shaped.Face] = []
    families = []
    plain: list[str] = []
    at = 0
    for piece, b, i in richtext.spans(text, bold, italic):
        for run, fam in chain.runs(piece.replace("\n", " ")):
            faces.append((at, at + len(run), fam.face(b, i)))
            families.append(fam)
            plain.append(run)
            at += len(run)
    text = "".join(plain)
    if rtl:
        faces = _punctuation_with_its_word(faces, families, text)
    # In right-to-left text, numbers, dates, phone numbers and Latin words are isolates
    # (``Setting``), and a line breaks inside one only at a space before a word: never
    # inside "(555) 010-0199", "500 mg" or "2026-11-15".  In any text a URL, e-mail
    # address or phone number breaks only where its own rule allows (``text.addresses``);
    # later spans win, so the address rules apply inside a right-to-left isolate too.
    kept = [
        *(isolates.protected(text) if rtl else ()),
        *((t.start, t.end, frozenset(t.breaks)) for t in addresses.find(text)),
    ]
    return shaped.Setting(text, faces, size, int(rtl), language, kept)


def _punctuation_with_its_word(
    faces: list[shaped.Face], families: list[Any], text: str
) -> list[shaped.Face]:
    """Where a family's face changes between a word and the punctuation that closes or
    opens it ("**مهم جدا**:", "(**הערה**)"), the punctuation in the word's face, so
    that faces change only at spaces: a right-to-left line whose faces change elsewhere
    cannot be written for pdfium to read back exactly (``readorder``)."""
    out = list(faces)
    for k in range(len(out) - 1):
        (a, b, left), (_, c, right) = out[k], out[k + 1]
        if families[k] is not families[k + 1] or left == right or b in (a, c):
            continue
        if text[b - 1] == " " or text[b] == " ":
            continue
        j = b
        while j < c and _punctuation(text[j]):
            j += 1
        if j > b and (j == c or text[j] == " "):  # closing punctuation: the word's face
            out[k], out[k + 1] = (a, j, left), (j, c, right)
            continue
        j = b
        while j > a and _punctuation(text[j - 1]):
            j -= 1
        if j < b and (j == a or text[j - 1] == " "):  # opening punctuation
            out[k], out[k + 1] = (a, j, left), (j, c, right)
    return [f for f in out if f[0] < f[1]]


def _punctuation(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PS"


NO_BREAK = "\u00a0"


def glue(text: str, found: list[addresses.Address]) -> str:
    """``text`` with the spaces inside its phone numbers (of ``found``) made no-break
    spaces: a phone number never breaks over two lines."""
    for t in found:
        if t.kind != addresses.PHONE:
            continue
        text = text[: t.start] + text[t.start : t.end].replace(" ", NO_BREAK) + text[t.end :]
    return text


def break_addresses(text: str, width: addresses.Width, room: float) -> str:
    """``text`` with each address wider than ``room`` cut at its break points into pieces
    that fit, with a space between them; ``text`` itself when none is that wide.

    The pieces are as long as they can be, so no two of them ever share a line: the
    spaces never print, and the lines joined read the address exactly.  A phone number
    wider than ``room`` (a narrow column in large print) is cut between its groups
    (``_cut``), each piece unbreakable.  When anything is cut, every phone number of
    the text comes back glued (``glue``): the text is not to be glued again.
    """
    return broken_and_read(text, width, room)[0]


def broken_and_read(text: str, width: addresses.Width, room: float) -> tuple[str, str]:
    """``break_addresses``, and the text as it reads, each piece of each cut address
    joined again: what the tagged paragraph says (a phone number cut at a space keeps
    that space; cut before a hyphen, nothing between its pieces)."""
    found = addresses.find(text)
    cuts = [t for t in found if (t.breaks or t.kind == addresses.PHONE)]
    cuts = [t for t in cuts if width(text[t.start : t.end]) > room]
    if not cuts:
        return text, text
    drawn, read, pos = [], [], 0
    for t in found:
        token = text[t.start : t.end]
        if t.kind == addresses.PHONE:
            runs = _cut(token, width, room) if t in cuts else [token]
            pieces = [run.replace(" ", NO_BREAK) for run in runs]
            reading, at = "", 0
            for piece in pieces:  # a space the cut dropped is read again
                at += len(piece)
                gap = len(token[at:]) - len(token[at:].lstrip(" "))
                reading += piece + " " * gap
                at += gap
        elif t in cuts:
            pieces = [
                r for run in addresses.lines(t, text, width, room) for r in _cut(run, width, room)
            ]
            reading = token
        else:
            pieces, reading = [token], token
        drawn += [text[pos : t.start], " ".join(pieces)]
        read += [text[pos : t.start], reading]
        pos = t.end
    return "".join(drawn) + text[pos:], "".join(read) + text[pos:]


def _group_cut(run: str, most: int) -> int:
    """Where in ``run[:most]``, at the latest, a phone number may break between its
    groups: at a space, else before a hyphen or dot (a line ending in a hyphen reads as a
    word broken there, and text extractors drop the hyphen) or after a ``)``; 0: nowhere."""
    for p in range(most, 0, -1):
        if run[p] == " ":
            return p
    for p in range(most, 0, -1):
        if run[p] in "-." or run[p - 1] == ")":
            return p
    return 0


def _cut(run: str, width: addresses.Width, room: float) -> list[str]:
    """``run`` as it is, or, when even one piece of an address (or a whole phone number)
    is wider than ``room``, cut where it fits (never with a hyphen): the last resort.

    A cut goes between a phone number's groups where one fits (``_group_cut``):
    "(555)" / "010-0199", never "(555) 01" / "0-0199"; else after the last character
    that fits.  The spaces at a cut are dropped: the line break stands for them."""
    out = []
    while width(run) > room and len(run) > 1:
        cut = 1
        while cut < len(run) - 1 and width(run[: cut + 1]) <= room:
            cut += 1
        cut = _group_cut(run, cut) or cut
        out.append(run[:cut].rstrip(" "))
        run = run[cut:].lstrip(" ")
    return [*out, run]


@functools.cache
def _hyphenating(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-hyphens", parent=style, embeddedHyphenation=1)


@dataclass(frozen=True)
class Kit:
    """Everything derived from a style alone: built once, used for every handout."""

    style: Style
    body: Role
    heading: Role
    title: Role
    subtitle: Role
    table: Role
    table_head: Role
    small: Role
    callout_label: Role
    bands: bands.Bands
    """The header's and footer's lines and heights."""
    qr_footer: bool = False
    """The footer holds a QR code (taller, its text left of the code)."""
    tuning: Tuning = PLAIN
    rtl: bool = False
    """The handout's language is written right to left: its page is mirrored (table
    columns, key-point bars, bullets, header band and footer) and its text right-aligned."""

    @property
    def header_h(self) -> float:
        return self.bands.header_h

    @property
    def footer_h(self) -> float:
        return self.bands.footer_h

    def gap(self, points: float) -> Gap:
        """Vertical space between blocks, as tight as the tuning says."""
        return Gap(points, self.tuning.space)

    @property
    def frame(self) -> tuple[float, float, float, float]:
        """x, y, width, height of the text frame, inside the margins and page bands."""
        p = self.style.page
        x = p.margin_left
        y = p.margin_bottom + self.footer_h
        w = p.width - p.margin_left - p.margin_right
        h = p.height - p.margin_top - p.margin_bottom - self.header_h - self.footer_h
        return x, y, w, h


class Gap(Spacer):  # type: ignore[misc]
    """Vertical space between blocks: ``points`` of the style's, times the tuning's
    factor (``story`` sets it again for another)."""

    def __init__(self, points: float, factor: float) -> None:
        self.width, self.height = 1, points * factor  # as ``Spacer(1, height)`` sets them
        self.points = points


def _role(
    name: str,
    spec: FontSpec,
    fallbacks: tuple[Family, ...],
    color: str,
    align: str = "left",
    space_after: float = 0.0,
    keep_with_next: bool = False,
    tuning: tuple[Tuning, float] = (PLAIN, 0.0),
) -> Role:
    """``tuning``: the tuning and the style's least leading (``fit.min_leading``)."""
    chain = fonts.chain(spec.family, fallbacks)
    tune, floor = tuning
    para = ParagraphStyle(
        name,
        fontName=chain.primary.face(spec.bold, spec.italic),
        fontSize=spec.size,
        leading=spec.size * tune.lead(spec.leading, floor),
        textColor=HexColor(color),
        alignment=TA_JUSTIFY if align == "justify" else TA_LEFT,
        spaceAfter=space_after * tune.space,
        keepWithNext=int(keep_with_next),
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )
    return Role(spec, chain, para, HexColor(color))


def kit(
    style: Style,
    tuning: Tuning = PLAIN,
    qr_footer: bool = False,
    language: str = "en",
    *,
    stacked: bool = False,
) -> Kit:
    """The kit of ``style`` (set as tight as ``tuning`` says; with a taller footer that
    holds a QR code, or the page number on a line of its own) for a handout in
    ``language``, built once."""
    made = _kit(style, tuning, qr_footer, stacked)
    if not scripts.engine_language(language):
        return made  # one kit for every language ReportLab's paragraphs set alone
    return _in_language(made, language)


ROLE_FIELDS = (*ROLES, "table_head", "callout_label")


@functools.cache
def _in_language(made: Kit, language: str) -> Kit:
    """``made`` with each role knowing the handout's language and direction; in a
    right-to-left language its paragraphs are right-aligned (justified stays justified)
    and the page is mirrored (``Kit.rtl``)."""
    rtl = scripts.direction(language) == "rtl"
    roles = {}
    for name in ROLE_FIELDS:
        role = getattr(made, name)
        para = role.para
        if rtl and para.alignment != TA_JUSTIFY:
            para = ParagraphStyle(f"{para.name}-rtl", parent=para, alignment=TA_RIGHT)
        roles[name] = dataclasses.replace(role, language=language, rtl=rtl, para=para)
    return dataclasses.replace(made, rtl=rtl, **roles)


@functools.cache
def _kit(style: Style, tuning: Tuning, qr_footer: bool, stacked: bool) -> Kit:
    f, c = style.fonts, style.colors
    fb = f.fallbacks
    t = (tuning, style.fit.min_leading if tuning.floor is None else tuning.floor)
    body = _role("body", f.body, fb, c.text, style.align, f.body.size * 0.6, tuning=t)
    small = _role("small", f.small, fb, c.muted, tuning=t)
    return Kit(
        style=style,
        body=body,
        heading=_role(
            "heading", f.heading, fb, c.primary, space_after=4.0, keep_with_next=True, tuning=t
        ),
        title=_role("title", f.title, fb, c.primary, space_after=2.0, tuning=t),
        subtitle=_role("subtitle", f.subtitle, fb, c.muted, space_after=8.0, tuning=t),
        table=_role("table", f.table, fb, c.text, tuning=t),
        table_head=_role(
            "table_head",
            FontSpec(f.table.family, f.table.size, f.table.leading, True),
            fb,
            style.table.header_text,
            tuning=t,
        ),
        small=small,
        callout_label=_role(
            "callout_label",
            FontSpec(f.body.family, f.small.size + 1, 1.3, True),
            fb,
            c.text,
            tuning=t,
        ),
        bands=bands.lay_out(style, small, qr_footer, stacked),
        tuning=tuning,
        qr_footer=qr_footer,
    )


def kit_for(handout: Handout, style: Style, tuning: Tuning = PLAIN) -> Kit:
    """The kit for this handout: ``kit(style)``, or one in a fallback family that has
    the letters the handout's text needs throughout (``fonts.whole_family``), with a
    taller footer when a QR code goes there, or when the page number needs a line of
    its own (the id line leaves no room for it).

    Kits stay cached per (typeset) style: every Russian handout of a style shares one.
    """
    styled, qr_footer, stacked = _chosen(handout, style)
    # the same cache entry as kit(style) where it is kept
    return kit(styled, tuning, qr_footer, handout.language, stacked=stacked)


_LAST: list[Any] = []
"""The handout and style ``_chosen`` was last asked about, and its answer."""


def _chosen(handout: Handout, style: Style) -> tuple[Style, bool, bool]:
    """What ``kit_for`` chooses for a handout whatever the tuning: its typeset style,
    whether the footer holds a QR code, whether the page number needs a line of its
    own.  Kept for the last handout: it is asked again by the checks and by each
    layout ``fit`` tries."""
    if _LAST and _LAST[0] is handout and _LAST[1] is style:
        found: tuple[Style, bool, bool] = _LAST[2]
        return found
    styled = typeset(handout, style)
    qr_footer = bool(handout.meta.url) and style.qr.place == "footer"
    stacked = False
    if style.footer.page_numbers:
        made = kit(styled, PLAIN, qr_footer, handout.language)
        words = labels.resolve(handout.language, style)
        meta = bands.footer_meta(handout, words)
        room = bands.text_room(styled, qr_footer)
        stacked = not bands.one_line(meta, words, made.small, room)
    _LAST[:] = [handout, style, (styled, qr_footer, stacked)]
    return styled, qr_footer, stacked


def typeset(handout: Handout, style: Style) -> Style:
    """``style``, with its families swapped for a fallback where the text needs one.

    A language set in a family of its own (Chinese, Japanese, Korean, Arabic, Farsi,
    Urdu, Hebrew, the Indic languages, Amharic: ``fontfiles.for_language``) is set in it
    throughout, Latin letters and digits included where it has them; a family without
    Latin letters puts its partner first among the fallbacks (``Bundled.latin``), then
    the style's families."""
    f = style.fonts
    specs = {role: getattr(f, role) for role in ROLES}
    words = labels.resolve(handout.language, style)
    text = "\n".join(
        [t for _, t in handout.texts()] + [words.key_point, words.page, words.reviewed]
    )
    swap: dict[Family, Family] = {}
    own = fontfiles.for_language(handout.language)  # Han unification: the language picks
    for spec in specs.values():
        if spec.family not in swap:
            swap[spec.family] = own or fonts.whole_family(spec.family, f.fallbacks, text) or ""
    swap = {old: new for old, new in swap.items() if new}
    if not swap:
        return style
    # A script family without Latin letters draws them in its partner (Gurmukhi, Gujarati:
    # Fira Sans), before the style's own families.
    latin = fontfiles.BUNDLED[own].latin if isinstance(own, str) else None
    first = (latin,) if latin else ()
    fallbacks = tuple(
        dict.fromkeys((*first, *swap, *(n for n in f.fallbacks if n not in swap.values())))
    )
    changed = {
        role: dataclasses.replace(spec, family=swap.get(spec.family, spec.family))
        for role, spec in specs.items()
    }
    return dataclasses.replace(style, fonts=dataclasses.replace(f, fallbacks=fallbacks, **changed))
