"""The typefaces of Arabic, Farsi, Urdu, Hebrew, Indic and Ethiopic handouts: chosen by
the handout's language, real Regular and Bold faces, Latin paired where the script font
has none, embedded in the PDF and cut into WOFF2 subsets (with their layout tables) for
the HTML page."""

from __future__ import annotations

import base64
import functools
import io
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pdfcheck import fonts as pdf_fonts

from handout.html import fonts as html_fonts
from handout.jobs import build
from handout.model import content
from handout.model.stylemodel import Style
from handout.pdf import roles
from handout.text import fontfiles

DATA = Path(__file__).parent / "data"
FAMILY = {
    "ar": "IBM Plex Sans Arabic",
    "fa": "IBM Plex Sans Arabic",
    "ur": "IBM Plex Sans Arabic",
    "he": "Noto Sans Hebrew",
    "hi": "Noto Sans Devanagari",
    "ne": "Noto Sans Devanagari",
    "bn": "Noto Sans Bengali",
    "pa": "Noto Sans Gurmukhi",
    "gu": "Noto Sans Gujarati",
    "am": "Noto Sans Ethiopic",
}
LATIN = {"pa": "Fira Sans", "gu": "Fira Sans"}
"""Script families without Latin letters, and the family that draws those."""


@functools.cache
def handout(tag: str) -> content.Handout:
    return content.load(DATA / f"{tag}-cold-flu.yaml")


@pytest.mark.parametrize("tag", sorted(FAMILY))
def test_the_language_picks_its_family_and_every_letter_is_drawn(tag: str) -> None:
    k = roles.kit_for(handout(tag), Style())
    for role in (k.body, k.heading, k.title, k.table, k.small):
        assert role.chain.primary.name == FAMILY[tag]
    chain = k.body.chain
    if tag in LATIN:
        assert chain.fallbacks[0] == LATIN[tag]
        primary = chain.primary.codepoints
        assert not primary.issuperset(map(ord, "mgTamiflu"))  # no Latin letters of its own
        assert primary.issuperset(map(ord, "0123456789.,:;()-?"))  # digits, punctuation
    text = "\n".join(t for _, t in handout(tag).texts())
    assert chain.missing(text) == []
    # Every letter of the script itself is in the primary family (no word set in a
    # fallback's shapes).
    letters = {ch for ch in text if ch.isalpha() and not ch.isascii()}
    assert {ch for ch in letters if ord(ch) not in chain.primary.codepoints} == set()


@pytest.mark.parametrize("name", sorted(set(FAMILY.values())))
def test_regular_and_bold_are_real_static_faces_with_their_own_names(name: str) -> None:
    regular, bold, italic, bold_italic = fontfiles.face_files(name) or []
    assert (italic, bold_italic) == (regular, bold)  # no italics: emphasis prints upright
    names = set()
    for path, weight in ((regular, 400), (bold, 700)):
        with TTFont(path) as font:
            assert "fvar" not in font and "gvar" not in font  # static, not the Thin default
            assert "glyf" in font  # TrueType outlines
            assert font["OS/2"].usWeightClass == weight
            names.add(font["name"].getDebugName(6))
    assert len(names) == 2  # a PostScript name each: ReportLab keys fonts by it
    # Bold has more ink: its outlines enclose more area.
    with TTFont(regular) as r, TTFont(bold) as b:
        assert _ink(b) > _ink(r) * 1.1


def _ink(font: TTFont) -> float:
    """The outline area of a few of the font's glyphs (a rough measure of ink)."""
    from fontTools.pens.areaPen import AreaPen

    glyphs = font.getGlyphSet()
    total = 0.0
    for name in list(font.getBestCmap().values())[40:80]:
        pen = AreaPen(glyphs)
        glyphs[name].draw(pen)
        total += abs(pen.value)
    return total


def test_gurmukhi_and_gujarati_ship_with_their_licence() -> None:
    folder = Path(fontfiles.__file__).parent / "fonts"
    licence = (folder / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Noto" in licence
    for script in ("Gurmukhi", "Gujarati"):
        for style in ("Regular", "Bold"):
            with TTFont(folder / f"NotoSans{script}-{style}.ttf") as font:
                assert "Open Font License" in font["name"].getDebugName(13)


@pytest.mark.parametrize("tag", sorted(FAMILY))
def test_the_pdf_embeds_the_familys_regular_and_bold(tag: str) -> None:
    data = build.render(handout(tag), Style())[0]
    used = {re.sub(r"^[A-Z]{6}\+", "", name) for name, embedded in pdf_fonts(data)}
    assert all(embedded for _, embedded in pdf_fonts(data))
    stem = FAMILY[tag].replace(" ", "")
    assert any(n.startswith(stem) and "Bold" not in n for n in used), used
    assert any(n.startswith(f"{stem}-Bold") for n in used), used  # the headings, **bold**


@pytest.mark.parametrize("tag", ["ar", "hi", "bn", "am"])
def test_html_subsets_keep_the_layout_tables_the_browser_shapes_with(tag: str) -> None:
    styled = roles.typeset(handout(tag), Style())
    text = "\n".join(t for _, t in handout(tag).texts())
    faces = [
        f for f in html_fonts.faces(styled, {(400, "normal"): text}) if f.family == FAMILY[tag]
    ]
    script = [f for f in faces if any(cp > 0x7F and chr(cp).isalpha() for cp in f.codepoints)]
    assert script
    for face in script:
        font = TTFont(io.BytesIO(face.data))
        assert "GSUB" in font  # joining forms, conjuncts
        assert base64.b64encode(face.data)  # a real WOFF2


@pytest.mark.parametrize("tag", ["ar", "fa", "ur", "he"])
@pytest.mark.parametrize("style_name", ["default", "large-print"])
def test_doses_and_phone_numbers_read_left_to_right_on_one_line(tag: str, style_name: str) -> None:
    import pdfplumber
    from pdfcheck import source

    from handout.model import style

    data = build.render(handout(tag), style.resolve(style_name))[0]
    with pdfplumber.open(source(data)) as doc:
        words = [w for page in doc.pages for w in page.extract_words()]
    pairs = (("500", "mg"), ("(555)", "010-0199"), ("Oseltamivir", "(Tamiflu)"))

    def text(word: dict[str, object]) -> str:  # the bidi marks (no width) beside the glyphs
        return str(word["text"]).replace("\u200e", "").replace("\u200f", "")

    for first, second in pairs:
        a = [w for w in words if text(w) == first]
        b = [w for w in words if text(w) == second]
        assert a and b, (first, second)
        assert any(abs(x["top"] - y["top"]) < 1 and x["x1"] < y["x0"] for x in a for y in b), (
            first,
            second,
        )
