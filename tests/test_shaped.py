"""Shaped text in the PDF reads back as written, by three extractors, and its fonts
say what they draw (ToUnicode without private-use code points, widths the font's)."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import fontpkg
import pikepdf
import pytest
import yaml
from click.testing import CliRunner
from fontTools.ttLib import TTFont
from tools import mupdf, need, pdfium, poppler

from handout.cli import cli

HINDI = {
    "summary": (
        "कोविड, सर्दी और फ्लू तीनों वायरस से होते हैं। क्लिनिक में जांच कराएं। डॉक्टर की "
        "सलाह के बिना दवा न लें। कृपया (555) 010-0199 पर फ़ोन करें।"
    ),
    "body": "बुखार, खांसी, गले में खराश और शरीर में दर्द। स्त्री, क्षमा, ज्ञान, श्री, द्वार, प्रार्थना, कर्म, सर्दी।",
    "attribute": "कारण",
    "items": ["सर्दी", "फ्लू"],
    "values": ["राइनोवायरस", "इन्फ्लूएंज़ा वायरस"],
    "title": "सर्दी और फ्लू में क्या अंतर है?",
    "heading": "लक्षण",
    "disclaimer": "यह जानकारी डॉक्टर की सलाह का विकल्प नहीं है।",
}
ARABIC = {
    "summary": (
        "الزكام والإنفلونزا مرضان يسببهما فيروس. لا تأخذ الدواء إلا بوصفة طبية من الطبيب. "
        "اشرب الماء واسترح في البيت."
    ),
    "body": "الحمى والسعال والتعب وآلام الجسم من أعراض الإنفلونزا.",
    "attribute": "السبب",
    "items": ["الزكام", "الإنفلونزا"],
    "values": ["فيروسات الأنف", "فيروس الإنفلونزا"],
    "title": "الزكام والإنفلونزا: ما الفرق؟",
    "heading": "الأعراض",
    "disclaimer": "هذه المعلومات لا تغني عن استشارة الطبيب.",
}


def content(t: dict[str, object], language: str, repeat: int = 1) -> str:
    return yaml.safe_dump(
        {
            "title": t["title"],
            "language": language,
            "items": t["items"],
            "summary": t["summary"],
            "comparison": [{"attribute": t["attribute"], "values": t["values"]}],
            "sections": [{"heading": t["heading"], "body": "\n\n".join([str(t["body"])] * repeat)}],
            "disclaimer": t["disclaimer"],
        },
        allow_unicode=True,
    )


def build(tmp_path: Path, family: str, text: str, name: str) -> Path:
    (tmp_path / "style.yaml").write_text(
        f"extends: default\nfonts:\n  body: {{family: '{family}'}}\n"
    )
    (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.pdf"
    result = CliRunner().invoke(
        cli,
        ["build", str(tmp_path / f"{name}.yaml"), "--style", str(tmp_path / "style.yaml")]
        + ["-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    return out


_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def normal(text: str) -> str:
    """NFC, bidi controls an extractor adds dropped, white space made single spaces."""
    return " ".join(_CONTROLS.sub("", unicodedata.normalize("NFC", text)).split())


def paragraphs(t: dict[str, object]) -> list[str]:
    out = []
    for value in t.values():
        out += value if isinstance(value, list) else [str(value)]
    return [normal(p) for p in out]


@pytest.mark.parametrize("extract", [poppler, pdfium, mupdf])
def test_hindi_reads_back_as_written_in_every_extractor(tmp_path: Path, extract) -> None:  # type: ignore[no-untyped-def]
    pdf = build(tmp_path, "Noto Sans Devanagari", content(HINDI, "hi"), "hi")
    got = normal(extract(pdf))
    for para in paragraphs(HINDI):
        assert para in got, (para, got)
    for word in ("कोविड", "क्लिनिक", "सर्दी"):
        assert word in got.split() or word + "," in got.split()


def test_hindi_split_across_pages_reads_back_whole(tmp_path: Path) -> None:
    pdf = build(tmp_path, "Noto Sans Devanagari", content(HINDI, "hi", repeat=40), "long")
    with pikepdf.open(pdf) as doc:
        assert len(doc.pages) >= 2
    got = normal(poppler(pdf))
    assert got.count(normal(str(HINDI["body"]))) == 40


def words(text: str) -> list[str]:
    """The words of ``text`` without punctuation, in order."""
    return re.findall(r"[\w\u064b-\u065f\u0670]+", text)


@pytest.mark.parametrize("extract", [poppler, pdfium])
def test_arabic_words_read_back_spelt_right_in_logical_order(tmp_path: Path, extract) -> None:  # type: ignore[no-untyped-def]
    pdf = build(tmp_path, "IBM Plex Sans Arabic", content(ARABIC, "ar"), "ar")
    got = " ".join(words(normal(extract(pdf))))
    for para in paragraphs(ARABIC):
        assert " ".join(words(para)) in got, (para, got)


def to_unicode_targets(pdf: Path) -> list[str]:
    targets = []
    with pikepdf.open(pdf) as doc:
        for page in doc.pages:
            for font in page.Resources.Font.values():
                if "/ToUnicode" not in font:
                    continue
                cmap = font.ToUnicode.read_bytes().decode("latin-1")
                blocks = re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.DOTALL)
                for hexes in re.findall(r"<[0-9A-F]+> <([0-9A-F]+)>", "".join(blocks)):
                    targets.append(bytes.fromhex(hexes).decode("utf-16-be"))
    return targets


@pytest.mark.parametrize(
    ("t", "lang", "family"),
    [(HINDI, "hi", "Noto Sans Devanagari"), (ARABIC, "ar", "IBM Plex Sans Arabic")],
)
def test_every_glyph_maps_to_real_characters_never_private_use(
    tmp_path: Path, t, lang, family
) -> None:  # type: ignore[no-untyped-def]
    pdf = build(tmp_path, family, content(t, lang), lang)
    targets = to_unicode_targets(pdf)
    assert targets
    for target in targets:
        assert target and not any(unicodedata.category(ch) == "Co" for ch in target), target
    assert any(len(t) > 1 for t in targets)  # conjuncts and ligatures map to all they stand for


def test_widths_in_the_pdf_are_the_embedded_fonts_own(tmp_path: Path) -> None:
    pdf = build(tmp_path, "Noto Sans Devanagari", content(HINDI, "hi"), "hi")
    import io

    checked = 0
    with pikepdf.open(pdf) as doc:
        for font in doc.pages[0].Resources.Font.values():
            program = font.FontDescriptor.FontFile2.read_bytes()
            tt = TTFont(io.BytesIO(program))
            scale = 1000 / tt["head"].unitsPerEm
            cmap = tt["cmap"].getcmap(1, 0).cmap
            order = tt.getGlyphOrder()
            for code, width in enumerate(font.Widths, start=int(font.FirstChar)):
                if code in cmap:
                    advance = tt["hmtx"][cmap[code]][0] * scale
                    assert abs(float(width) - advance) < 1, (code, width, advance)
                    checked += 1
            assert len(order) == tt["maxp"].numGlyphs
    assert checked > 50


def test_a_justified_shaped_paragraph_fills_its_lines_and_still_reads_back(
    tmp_path: Path,
) -> None:
    import pdfplumber

    (tmp_path / "base.yaml").write_text("extends: default\nalign: justify\n")
    font = fontpkg.path("Noto Sans Devanagari", 400, "normal", nearest=True)
    style = f"extends: {tmp_path / 'base.yaml'}\nfonts:\n  body: {{family: '{font}'}}\n"
    (tmp_path / "style.yaml").write_text(style)
    long = {**HINDI, "body": " ".join([str(HINDI["body"])] * 5)}
    (tmp_path / "j.yaml").write_text(content(long, "hi"), encoding="utf-8")
    out = tmp_path / "j.pdf"
    args = ["build", str(tmp_path / "j.yaml"), "--style", str(tmp_path / "style.yaml")]
    result = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as doc:
        page = doc.pages[0]
        lines: dict[float, float] = {}
        for ch in page.chars:
            if ch["size"] == 12 and ch["top"] > 200:  # the section's body, under the table
                key = round(ch["top"])
                lines[key] = max(lines.get(key, 0.0), ch["x1"])
    rights = [lines[k] for k in sorted(lines)]
    full = [r for r in rights if r > rights[0] - 2]
    assert len(full) >= 3 and max(full) - min(full) < 1.5, rights
    assert normal(str(long["body"])) in normal(poppler(out))


MIXED = (
    "لا تأخذ Amoxicillin بجرعة 500 mg إلا بوصفة طبية (من الطبيب). "
    "اتصل على (555) 010-0199 إذا ارتفعت الحرارة."
)


def word_boxes(pdf: Path) -> list[tuple[str, float, float]]:
    """Each word poppler finds, as drawn (right-to-left words spelt backwards), with its
    left edge and its line's top; the bidi marks beside them (no width) left out."""
    need("pdftotext (poppler-utils)", shutil.which("pdftotext") is not None)
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True)
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', out.stdout)
    words = [(_CONTROLS.sub("", w), float(x), float(y)) for x, y, w in found]
    return [(w, x, y) for w, x, y in words if w]


def test_word_order_on_the_page_right_to_left_with_left_to_right_pieces_inside(
    tmp_path: Path,
) -> None:
    t = {**ARABIC, "body": MIXED}
    pdf = build(tmp_path, "IBM Plex Sans Arabic", content(t, "ar"), "mixed")
    boxes = word_boxes(pdf)

    def at(word: str) -> tuple[float, float]:
        for w, x, y in boxes:
            if word in (w, w[::-1]) or w.strip(".()")[::-1] == word or w.strip(".()") == word:
                return x, y
        raise AssertionError((word, boxes))

    arabic = [w for w in words(MIXED) if not w.isascii()]
    pairs = [(at(a), at(b)) for a, b in zip(arabic, arabic[1:], strict=False)]
    same_line = [(p, q) for p, q in pairs if abs(p[1] - q[1]) < 1]
    assert len(same_line) >= 5
    # right to left: each word further left than the one before it
    assert all(q[0] < p[0] for p, q in same_line), same_line
    # but a dose and a phone number read left to right
    assert at("500")[0] < at("mg")[0] and abs(at("500")[1] - at("mg")[1]) < 1
    assert at("555")[0] < at("010-0199")[0] and abs(at("555")[1] - at("010-0199")[1]) < 1


def test_a_farsi_zero_width_non_joiner_is_kept_and_read_back(tmp_path: Path) -> None:
    farsi = {
        **ARABIC,
        "title": "سرماخوردگی یا آنفولانزا؟",
        "summary": "من می‌خواهم بدانم. نمی‌دانم چه دارویی بخورم.",
        "body": "اگر تب دارید، در خانه بمانید و آب بنوشید.",
    }
    pdf = build(tmp_path, "IBM Plex Sans Arabic", content(farsi, "fa"), "fa")
    for extract in (poppler, pdfium):
        got = normal(extract(pdf))
        assert "می\u200cخواهم" in got and "نمی\u200cدانم" in got, got


def test_addresses_in_shaped_text_are_tagged_link_annotations(tmp_path: Path) -> None:
    t = {
        **ARABIC,
        "summary": "لمزيد من المعلومات زر https://example.org/ar/flu أو اكتب إلى "
        "info@example.org اليوم.",
    }
    pdf = build(tmp_path, "IBM Plex Sans Arabic", content(t, "ar"), "links")
    with pikepdf.open(pdf) as doc:
        annots = [a for a in doc.pages[0].get("/Annots", []) if a.Subtype == "/Link"]
        assert sorted(str(a.A.URI) for a in annots) == [
            "https://example.org/ar/flu",
            "mailto:info@example.org",
        ]
        assert {str(a.Contents) for a in annots} == {
            "https://example.org/ar/flu",
            "info@example.org",
        }
        links = []

        def walk(node: pikepdf.Object) -> None:
            if isinstance(node, pikepdf.Dictionary) and node.get("/S") == "/Link":
                links.append(node)
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids else []:
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)

        walk(doc.Root.StructTreeRoot)
        assert len(links) == 2
        for link in links:
            objrs = [
                k for k in link.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"
            ]
            assert len(objrs) == 1 and objrs[0].Obj.Subtype == "/Link"
            # a line written as one text object (pdf.readorder) keeps the address's
            # glyphs in the paragraph; the Link holds the annotation, which says it
    for extract in (poppler, pdfium):
        assert normal(str(t["summary"])) in normal(extract(pdf))


def test_a_batch_of_footer_lines_keeps_a_bounded_number_of_shaped_lines() -> None:
    """Every right-to-left handout's footer id line (all its text goes through the text
    engine) is shaped once and cached; a worker building thousands of handouts keeps
    only the last few hundred, so its memory stops growing."""
    from handout.model.stylemodel import Style
    from handout.pdf import roles

    small = roles.kit(Style(), language="he").small
    assert small.engine("MSK-00001")
    roles._setting.cache_clear()
    widths = [
        small.width(f"MSK-{i:05d} \u00b7 Version 1.0 \u00b7 Reviewed 2026-11-01")
        for i in range(700)
    ]
    assert all(w > 0 for w in widths)
    assert roles._setting.cache_info().misses == 700
    assert roles._setting.cache_info().currsize == roles._setting.cache_info().maxsize <= 512
