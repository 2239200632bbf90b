"""The resolved style: every value final, in points and ``#RRGGBB`` colours.

``style.py`` builds this from YAML (after ``extends``); ``layout`` reads it.  Kept
apart from the loader so the layout stage depends on the shape only.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..errors import Problem
from .paper import PAPER_SIZES

FACES = ("regular", "bold", "italic", "bold_italic")
"""The faces of a family, as a style names them."""


@dataclass(frozen=True)
class FontFiles:
    """A family given as font files, one per face (absolute paths); a face not given is
    one the family lacks."""

    regular: str
    bold: str | None = None
    italic: str | None = None
    bold_italic: str | None = None

    @property
    def name(self) -> str:
        """The family's name in messages and CSS: its regular file's name, without suffix."""
        return Path(self.regular).stem

    def __str__(self) -> str:
        return self.name


Family = str | FontFiles
"""A ``fontpkg`` family name (or, from Python, the path of one .ttf file), or files per face."""


def face_name(bold: bool, italic: bool) -> str:
    """``regular``, ``bold``, ``italic`` or ``bold_italic``."""
    return FACES[int(bold) + 2 * int(italic)]


@dataclass(frozen=True)
class FontSpec:
    """One role's font (``fonts.body``, ``fonts.title``, ...): family, size and line height."""

    family: Family = "Atkinson Hyperlegible"
    """A ``fontpkg`` family name, or a family's font files."""
    size: float = 12.0
    """Points."""
    leading: float = 1.4
    """Line height as a multiple of ``size``."""
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Fonts:
    """The font of each role, and the families tried for characters a role's family lacks."""

    body: FontSpec = FontSpec()
    heading: FontSpec = FontSpec(size=15.0, leading=1.25, bold=True)
    title: FontSpec = FontSpec(size=22.0, leading=1.2, bold=True)
    subtitle: FontSpec = FontSpec(size=14.0, leading=1.3)
    table: FontSpec = FontSpec(size=11.0, leading=1.3)
    small: FontSpec = FontSpec(size=9.0, leading=1.3)
    fallbacks: tuple[Family, ...] = ("Fira Sans", "Inter")
    """Families tried, character by character, for what the role's family lacks."""


@dataclass(frozen=True)
class Page:
    """The paper and its margins, in points."""

    size: str = "letter"
    width: float = 612.0
    height: float = 792.0
    margin_top: float = 54.0
    margin_right: float = 54.0
    margin_bottom: float = 54.0
    margin_left: float = 54.0


@dataclass(frozen=True)
class Colors:
    """The palette: headings and rules, body text, quieter text."""

    primary: str = "#1F4E79"
    text: str = "#1A1A1A"
    muted: str = "#4A5560"
    rule: str = "#1F4E79"


@dataclass(frozen=True)
class SummaryBox:
    """The "What's the difference?" box."""

    background: str = "#EAF2FA"
    border: str = "#1F4E79"
    label: str | None = None
    """A heading inside the box; ``None``: the language's (none), ``""``: none."""


@dataclass(frozen=True)
class TableStyle:
    """The comparison table's colours and its top-left cell."""

    header_background: str = "#1F4E79"
    header_text: str = "#FFFFFF"
    stripe: str = "#F2F5F8"
    grid: str = "#9AA5B1"
    attribute_label: str | None = None
    """Text of the top-left header cell; ``None``: the language's (blank)."""


@dataclass(frozen=True)
class Clinic:
    """The clinic's band: name, phone, website and logo."""

    name: str | None = None
    phone: str | None = None
    website: str | None = None
    logo: Path | None = None
    """Absolute path of a PNG or JPEG file, checked to be one."""
    logo_size: tuple[int, int] | None = None
    """The logo's width and height in pixels, read from its header (never decoded)."""
    logo_alt: str | None = None
    """What the logo shows, for readers who cannot see it; without it the logo is decoration."""


@dataclass(frozen=True)
class Footer:
    """The line at the foot of every page."""

    text: str | None = None
    page_numbers: bool = True


@dataclass(frozen=True)
class Sections:
    """Each section's key-point callout and the "At a glance" list."""

    show_summaries: bool = True
    summary_label: str | None = None
    """The callout's label, for every language; ``None``: "Key point" in the handout's."""
    summary_background: str = "#FFF4D6"
    summary_border: str = "#C98A00"
    at_a_glance: bool = False
    at_a_glance_label: str | None = None
    """``None``: "At a glance" in the handout's language."""


GET_HELP_PLACES = ("before-disclaimer", "after-summary", "after-table", "after-sections")


@dataclass(frozen=True)
class GetHelp:
    """The "When to get help" box (content's ``get_help:``) and where it goes."""

    emergency_number: str = "911"
    """Printed in the box's emergency heading: 911, 112, 999, 000 ..."""
    place: str = "before-disclaimer"
    after_section: str | None = None
    """The heading of a section the box follows, where the handout has one (ignoring
    capitals); otherwise ``place``."""
    background: str = "#FFFFFF"
    border: str = "#1A1A1A"
    """Drawn 3pt thick: the box stands out by its frame, in grey too.  By default the
    palette's ``text`` colour, so that a style of greys only stays grey."""


QR_PLACES = ("first-page", "footer", "none")


@dataclass(frozen=True)
class QR:
    """The QR code to the handout's ``meta.url``."""

    place: str = "first-page"
    """Where the PDF prints the QR code to the content's ``meta.url``: beside the title
    on page 1, in the footer of every page, or nowhere."""


@dataclass(frozen=True)
class Fit:
    """Pulling a nearly empty last page back onto the page before."""

    enabled: bool = True
    min_leading: float = 1.25
    """The least line height (a multiple of the font size) tightening may set; roles
    whose own leading is lower keep theirs."""
    last_resort_leading: float = 1.2
    """The least line height of the last resort, tried only when no ordinary step saves
    the page (table cells and boxes a little tighter too); at ``min_leading`` or above,
    the last resort tightens the padding alone."""


@dataclass(frozen=True)
class Style:
    """A resolved style: every key of a style file, final after ``extends``."""

    name: str = "default"
    description: str = ""
    align: str = "left"
    """``left`` or ``justify`` for body text."""
    page: Page = Page()
    fonts: Fonts = Fonts()
    colors: Colors = Colors()
    summary_box: SummaryBox = SummaryBox()
    table: TableStyle = TableStyle()
    clinic: Clinic = Clinic()
    footer: Footer = Footer()
    sections: Sections = Sections()
    fit: Fit = Fit()
    labels: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()
    """The style's own labels per language tag: ``(("es", (("key_point", "..."),)),)``."""
    qr: QR = QR()
    get_help: GetHelp = GetHelp()
    source: str = field(default="", compare=False)
    """The file it was resolved from, as shown in messages."""
    places: tuple[tuple[tuple[str | int, ...], Problem], ...] = field(default=(), compare=False)
    """Where some keys were set (fonts, clinic, footer): the file, line and column as an
    empty ``Problem``, so that what only a renderer can find points at the style's line."""

    def __hash__(self) -> int:
        """The hash of the compared fields, as a frozen dataclass's, worked out once: a style
        keys the caches of kits, labels and fonts, which ask for it many times a handout."""
        found: int | None = self.__dict__.get("_hash")
        if found is None:
            found = hash(tuple(getattr(self, f.name) for f in _HASHED))
            object.__setattr__(self, "_hash", found)
        return found

    def __getstate__(self) -> dict[str, Any]:
        """Pickled without the kept hash: a string hashes otherwise in another process."""
        state = dict(self.__dict__)
        state.pop("_hash", None)
        return state

    def problem(self, key: tuple[str | int, ...], message: str) -> Problem:
        """A problem with the style's ``key`` (``("footer", "text")``), at the line that set it."""
        for path, where in self.places:
            if path == key:
                return replace(where, message=message)
        shown = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in key).lstrip(".")
        return Problem(self.source, None, None, shown, message)

    def with_paper(self, size: str) -> Style:
        """The same style on another paper size (margins kept)."""
        width, height = PAPER_SIZES[size]
        return replace(self, page=replace(self.page, size=size, width=width, height=height))


_HASHED = tuple(f for f in fields(Style) if (f.compare if f.hash is None else f.hash))
"""The fields a frozen dataclass's own ``__hash__`` would hash."""
