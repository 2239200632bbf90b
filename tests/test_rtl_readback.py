"""Right-to-left text reads back as written: exactly in poppler and pdfium, line by
line, whatever a line mixes in (doses, phone numbers, Latin names, brackets, quotes,
numbers in either digits, addresses); MuPDF reads the words in order (see
``pdf.readorder`` and docs/scripts.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from tools import mupdf, pdfium, poppler

from handout.cli import cli

ARABIC = [
    "خذ (500 mg) مرتين في اليوم.",
    "الجرعة 500 mg. لا تزد عليها.",
    "اتصل على (555) 010-0199، أو اكتب إلى clinic@example.org.",
    "دواء Oseltamivir (Tamiflu) أو Zanamivir (Relenza) يفيد.",
    "Amoxicillin 500 mg three times a day مع الطعام.",
    "قال الطبيب: «اشرب الماء» ثم استرح.",
    "الحرارة ٣٨٫٥ درجة أو 38.5 °C أو أكثر؟",
    "نسبة الشفاء 95% في أسبوعين [تقريبا].",
    "زر الموقع www.example.org/flu للمزيد.",
    "الخطوة 1: اغسل يديك. الخطوة 2: البس الكمامة.",
    "هل تشعر بألم؟ اتصل بنا! لا تنتظر...",
    "COVID-19 و RSV و Influenza A/B فيروسات.",
    "ترتفع الحرارة قليلًا، وتكون أشد عادةً، ولا يفيد الدواء غالبًا.",  # vowel marks
]
CORPUS = {
    "ar": ARABIC,
    "fa": [
        *ARABIC[:4],
        "من می‌خواهم به پزشک زنگ بزنم (۵۵۵) ۰۱۰-۰۱۹۹.",
        "فشار خون ۱۲۰/۸۰ است.",
        "اگر درد قفسهٔ سینه دارید، فوراً تماس بگیرید.",
    ],
    "ur": [*ARABIC[:3], "ڈاکٹر سے پوچھے بغیر دوا نہ لیں۔ بخار 38.5 °C ہو تو فون کریں۔"],
    "he": [
        "קח (500 mg) פעמיים ביום.",
        "המינון 500 mg. אל תעלה עליו.",
        "התקשר ל-(555) 010-0199, או כתוב ל-clinic@example.org.",
        "התרופה Oseltamivir (Tamiflu) עוזרת.",
        "Amoxicillin 500 mg three times a day עם האוכל.",
        'הרופא אמר: "שתה מים" ואז נח.',
        "חום של 38.5 °C או יותר?",
        "95% מחלימים תוך שבועיים [בערך].",
        "שָׁלוֹם, קַח אֶת הַתְּרוּפָה.",  # vowel points
    ],
}
CELLS = {  # a table row: cells side by side on one baseline, one with vowel marks
    "ar": ["لقاح كل سنة", "غسل اليدين كثيرًا"],
    "fa": ["واکسن هر سال", "شستن دست‌ها، معمولاً"],
    "ur": ["ہر سال ٹیکہ", "ہاتھ دھونا (20 s)"],
    "he": ["חיסון כל שנה", "רחצת ידיים (20 s)"],
}
BOLD = {  # a line that mixes faces: a bold word
    "ar": "**مهم جدا**: لا تأخذ أكثر من 4 g في اليوم.",
    "he": "**חשוב מאוד**: לא יותר מ-4 g ביום.",
}
_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def normal(text: str) -> str:
    """The bidi marks and controls left out (readers add their own), white space made
    single spaces."""
    return " ".join(_CONTROLS.sub("", text).split())


STYLES = ("default", "large-print", "example-clinic", "grayscale")


@pytest.fixture(scope="module", params=STYLES)
def handouts(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> dict[str, Path]:
    """One handout per language in each bundled style, each paragraph of its corpus a
    paragraph of a section (the language's own bundled family), built through the
    command line: the styles' widths and sizes break the lines differently."""
    folder = tmp_path_factory.mktemp("rtl")
    out = {}
    for lang, paras in CORPUS.items():
        body = "\n\n".join([*paras, BOLD.get(lang, paras[0])])
        doc = {
            "title": paras[0].split()[0],
            "language": lang,
            "items": ["א", "ב"] if lang == "he" else ["أ", "ب"],
            "summary": paras[1],
            "comparison": [{"attribute": paras[0].split()[1], "values": CELLS[lang]}],
            "sections": [{"heading": paras[0].split()[0], "body": body}],
            "disclaimer": paras[1],
        }
        src = folder / f"{lang}.yaml"
        src.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        pdf = folder / f"{lang}.pdf"
        args = ["build", str(src), "--style", request.param, "-o", str(pdf)]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        out[lang] = pdf
    return out


@pytest.mark.parametrize("extract", [poppler, pdfium], ids=["poppler", "pdfium"])
@pytest.mark.parametrize("lang", sorted(CORPUS))
def test_every_line_reads_back_exactly(
    handouts: dict[str, Path],
    lang: str,
    extract,  # type: ignore[no-untyped-def]
) -> None:
    """Each paragraph, each table cell, and the line in two faces (its bold label and
    the colon after it in bold, so that faces change only at spaces: ``roles``)."""
    got = normal(extract(handouts[lang]))
    paras = [*CORPUS[lang], *CELLS[lang], *([BOLD[lang].replace("**", "")] if lang in BOLD else [])]
    missing = [p for p in paras if normal(p) not in got]
    assert not missing, (missing, got)


def test_the_marks_are_the_only_characters_added(
    handouts: dict[str, Path], request: pytest.FixtureRequest
) -> None:
    """Besides the bidi marks, poppler reads nothing the content does not hold (in the
    styles that print no text of their own, a clinic's name and contact)."""
    if request.node.callspec.params["handouts"] in ("example-clinic",):
        pytest.skip("the clinic's own text is on the page")
    raw = poppler(handouts["ar"])
    extra = set(raw) - set("".join(ARABIC + CELLS["ar"]) + "أب12 \n\f") - set(BOLD["ar"])
    assert extra <= set("\u200e\u200f\u202a\u202b\u202c"), extra


def test_mupdf_reads_the_words_in_order_each_right_to_left_word_from_its_end(
    handouts: dict[str, Path],
) -> None:
    """MuPDF 1.21 reads a line in the order it is written: a line in one face is
    written in logical order, each right-to-left word glyph by glyph from the left."""
    got = normal(mupdf(handouts["ar"]))
    line = "الخطوة 1: اغسل يديك. الخطوة 2: البس الكمامة."
    at = 0
    for word in re.findall(r"[\u0621-\u064a]+|\d+", line):
        shown = word if word.isdigit() else word[::-1]
        found = got.find(shown, at)
        assert found >= 0, (word, got)
        at = found + len(shown)


@pytest.mark.parametrize("extract", [poppler, pdfium], ids=["poppler", "pdfium"])
def test_a_table_row_and_a_paragraph_split_across_pages_read_back_in_order(
    tmp_path: Path,
    extract,  # type: ignore[no-untyped-def]
) -> None:
    """A table cell that wraps and runs onto the next page, then a paragraph that does
    too: their words come back in logical order, page after page (the attribute, the
    other cell and the footers, whose words the text does not hold, left out)."""
    sentence = "ترتفع الحرارة قليلًا، وتكون أشد عادةً (500 mg) مرتين في اليوم."
    cell, body = " ".join([sentence] * 110), " ".join([sentence] * 60)
    doc = {
        "title": "عنوان",
        "language": "ar",
        "items": ["أ", "ب"],
        "summary": "ملخص قصير.",
        "comparison": [{"attribute": "الصفة", "values": [cell, "2"]}],
        "sections": [{"heading": "قسم", "body": body}],
        "disclaimer": "تنبيه.",
    }
    src, pdf = tmp_path / "long.yaml", tmp_path / "long.pdf"
    src.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(src), "-o", str(pdf)])
    assert result.exit_code == 0, result.output
    pages = [normal(page) for page in poppler(pdf).split("\f")]
    assert "3 pages" in result.output, result.output
    assert "2" in pages[0] and "قسم" in pages[1] and "اليوم." in pages[2]  # both split
    words = set(sentence.split())
    got = [w for w in normal(extract(pdf)).split() if w in words]
    assert got == normal(f"{cell} {body}").split()
