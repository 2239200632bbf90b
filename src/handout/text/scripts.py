"""Scripts and writing direction: which text needs more than a plain left-to-right line.

Latin, Greek and Cyrillic text (and Vietnamese) prints letter by letter from left to
right; ReportLab's paragraphs set it well.  Three kinds of text need the text engine
(``text.shape``, ``text.bidi``, ``text.breaks``) instead:

- CJK (Han, kana, Hangul): no spaces between words, a line may break between almost
  any two characters, and the kinsoku rules say where it may not;
- scripts whose letters change form and order with their neighbours (Arabic, Hebrew
  marks, the Indic scripts, Ethiopic): shaped with HarfBuzz;
- right-to-left text (Arabic, Hebrew): ordered by the Unicode Bidirectional Algorithm.

Scripts that need shaping but are not yet supported (Thai, Khmer, Sinhala, ...) are
refused (``unsupported``): printed letter by letter they would be misspelled.
"""

from __future__ import annotations

import functools
import unicodedata

CJK = frozenset({"Hani", "Hira", "Kana", "Hang", "Bopo"})
"""Scripts set as CJK: broken between characters, no shaping needed."""

SHAPED = frozenset({"Arab", "Hebr", "Deva", "Beng", "Guru", "Gujr", "Ethi"})
"""Scripts the engine shapes with HarfBuzz (and orders right to left where they are)."""

COMPLEX = frozenset(
    {
        "Thai", "Laoo", "Khmr", "Mymr", "Sinh", "Tibt", "Taml", "Telu", "Knda", "Mlym",
        "Orya", "Syrc", "Thaa", "Mong", "Nkoo", "Java", "Bali", "Lana", "Tale", "Talu",
        "Cakm", "Mtei", "Olck", "Sund", "Bugi", "Batk", "Cham", "Kali", "Lepc", "Limb",
        "Rohg", "Adlm", "Tfng", "Sora", "Takr", "Tirh", "Gran", "Shrd", "Sidd", "Modi",
        "Khoj", "Sind", "Mahj", "Newa", "Phag", "Soyo", "Zanb", "Dogr", "Gong", "Gonm",
        "Nand", "Yezi", "Mand", "Samr", "Hmnp", "Wcho", "Diak", "Kthi", "Brah", "Bhks",
    }
)  # fmt: skip
"""Scripts that print wrong unless shaped (reordered, conjoined, marks placed)."""

NAMES = {
    "Thai": "Thai", "Laoo": "Lao", "Khmr": "Khmer", "Mymr": "Myanmar", "Sinh": "Sinhala",
    "Tibt": "Tibetan", "Taml": "Tamil", "Telu": "Telugu", "Knda": "Kannada",
    "Mlym": "Malayalam", "Orya": "Odia", "Syrc": "Syriac", "Thaa": "Thaana",
    "Mong": "Mongolian", "Nkoo": "N'Ko", "Java": "Javanese", "Bali": "Balinese",
}  # fmt: skip

RTL_LANGUAGES = frozenset({"ar", "fa", "ur", "he", "yi", "ps", "sd", "ug", "ckb", "dv", "iw"})
"""Languages (primary subtags) written right to left."""


ENGINE_LANGUAGES = RTL_LANGUAGES | frozenset(
    {"zh", "ja", "ko", "hi", "ne", "mr", "bn", "pa", "gu", "am", "ti"}
)
"""Languages whose text is CJK, shaped or right to left: the engine sets it in the
handout's language (HarfBuzz picks forms by language) and direction."""


def engine_language(language: str) -> bool:
    """Whether ``language``'s handouts are set with the text engine's language and
    direction (``ENGINE_LANGUAGES``)."""
    return primary(language) in ENGINE_LANGUAGES


def primary(language: str) -> str:
    """The primary subtag of a BCP 47 tag, lower case: ``"zh"`` for ``"zh-Hant-TW"``."""
    return language.split("-", 1)[0].split("_", 1)[0].lower()


def direction(language: str) -> str:
    """``"rtl"`` for a language written right to left, else ``"ltr"``."""
    return "rtl" if primary(language) in RTL_LANGUAGES else "ltr"


def plain(ch: str) -> bool:
    """Whether ``ch`` is known without looking its script up to need nothing of the text
    engine, to be no CJK character and no letter of an unsupported script: Latin, Greek,
    Cyrillic and Armenian letters and marks, and the punctuation, spaces and currency
    signs Latin text uses.  An English or Spanish handout then never loads the script
    tables (fontTools' ``unicodedata``).  Left out of the ranges: the two Bopomofo tone
    marks U+02EA-02EB, the right-to-left mark U+200F, and code points this Python's
    Unicode data does not know yet (U+208F, U+20C1-20C4): the lookup decides those."""
    cp = ord(ch)
    return (
        cp < 0x2EA
        or 0x2EC <= cp < 0x590
        or 0x1E00 <= cp < 0x200F
        or 0x2010 <= cp < 0x208F
        or 0x2090 <= cp < 0x20C1
        or 0x20C5 <= cp < 0x2190
    )


@functools.lru_cache(maxsize=4096)
def script(ch: str) -> str:
    """The ISO 15924 code of ``ch``'s script (``Latn``, ``Hani``, ``Arab``; ``Zyyy`` for
    punctuation, digits and spaces shared by scripts, ``Zinh`` for inherited marks)."""
    from fontTools import unicodedata as ucd  # only for text that is not ASCII

    return str(ucd.script(ch))


@functools.lru_cache(maxsize=4096)
def _needs_engine(ch: str) -> bool:
    if plain(ch):
        return False
    s = script(ch)
    if s in CJK or s in SHAPED:
        return True
    if s == "Zyyy":  # CJK punctuation, full-width forms, the ideographic space
        from fontTools import unicodedata as ucd

        ext = ucd.script_extension(ch)
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            return True
        # CJK's own punctuation, but not what Latin text shares with it (the middle dot
        # of "MSK-015 · Version 2", the caron and other spacing accents)
        if not CJK.isdisjoint(ext) and "Latn" not in ext:
            return True
    return unicodedata.bidirectional(ch) in ("R", "AL", "AN")


def needs_engine(text: str) -> bool:
    """Whether ``text`` holds CJK, shaped or right-to-left characters."""
    return not text.isascii() and any(_needs_engine(ch) for ch in set(text))


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a CJK letter or CJK punctuation (set without spaces)."""
    if plain(ch):
        return False
    s = script(ch)
    return s in CJK or (s == "Zyyy" and unicodedata.east_asian_width(ch) in ("W", "F"))


def unsupported(text: str) -> list[tuple[str, str]]:
    """The scripts of ``text`` that need shaping and are not supported, each once with
    its first character: ``[("Thai", "ส")]``."""
    if text.isascii():
        return []
    found: dict[str, str] = {}
    for ch in text:
        if plain(ch):
            continue
        s = script(ch)
        if s in COMPLEX and s not in found:
            found[s] = ch
    if not found:
        return []
    from fontTools import unicodedata as ucd

    return [(NAMES.get(s, str(ucd.script_name(s))), ch) for s, ch in found.items()]


SHAPED_NAMES = "Arabic, Hebrew, Devanagari, Bengali, Gurmukhi, Gujarati and Ethiopic"
"""The scripts of ``SHAPED``, as messages name them."""


def is_unsupported(ch: str) -> bool:
    """Whether ``ch`` belongs to a script that needs shaping and is not supported."""
    return script(ch) in COMPLEX


def refusal(text: str) -> str | None:
    """The one message refusing ``text`` for the unsupported scripts it holds, naming
    each with its first character; ``None`` when it holds none.

    Whatever font a style gives, such text is refused: drawn glyph by glyph from the
    font's character map, without shaping, its words would be misspelled.
    """
    found = unsupported(text)
    if not found:
        return None
    names = [name for name, _ in found]
    said = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    shown = ", ".join(
        f"'{ch}' U+{ord(ch):04X} {unicodedata.name(ch, '').lower()}".rstrip() for _, ch in found
    )
    return (
        f"{said} text ({shown}) cannot be printed yet: {'its' if len(names) == 1 else 'their'} "
        "letters must be shaped (joined, "
        f"reordered, their marks placed), and handout shapes only {SHAPED_NAMES}; printed "
        "letter by letter its words would be misspelled. Remove this text, or make this "
        f"handout in a tool that shapes {said}"
    )
