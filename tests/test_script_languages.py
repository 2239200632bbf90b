"""Arabic, Farsi, Urdu, Hebrew, Indic and Ethiopic handouts: what is independent of the
shaping engine (joiners kept where they print, sentence ends and words for ``check``).

The content files tests/data/<tag>-cold-flu.yaml compare flu and a cold (Hindi: and
COVID) in plain patient-education sentences, with a Latin drug name, "500 mg" and a
phone number in the middle of the text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from handout.authoring import template
from handout.authoring.counting import sentences, words
from handout.cli import cli
from handout.model import content, labels
from handout.model.schema import clean_text
from handout.model.stylemodel import Style
from handout.text import scripts

DATA = Path(__file__).parent / "data"
TAGS = ("ar", "fa", "ur", "he", "hi", "ne", "bn", "pa", "gu", "am")
ZWNJ, ZWJ = "\u200c", "\u200d"


def sample(tag: str) -> Path:
    return DATA / f"{tag}-cold-flu.yaml"


# --- joiners -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", True),  # Farsi: I want
        ("\u0915\u094d\u200d\u0937", True),  # Devanagari: half ka + ssa
        ("\u0915\u094d\u200c", True),  # Devanagari: a visible virama, word end
        ("\u0995\u09cd\u200d\u09af", True),  # Bengali: ya-phala
        ("\u0a15\u0a4d\u200d\u0a39", True),  # Gurmukhi
        ("a\u200cb", False),  # Latin: the joiner changes nothing
        ("Caf\u00e9\u200d", False),
        ("\u05e9\u200c\u05dc", False),  # Hebrew letters do not join
        ("\u200c\u200d", False),
    ],
)
def test_joiners_are_kept_only_where_they_change_the_printed_form(typed: str, kept: bool) -> None:
    cleaned = clean_text(typed)
    has = ZWNJ in cleaned or ZWJ in cleaned
    assert has is kept, (typed, cleaned)
    assert cleaned.replace(ZWNJ, "").replace(ZWJ, "") == typed.replace(ZWNJ, "").replace(ZWJ, "")


def test_a_farsi_handout_keeps_its_non_joiners_through_loading() -> None:
    handout = content.load(sample("fa"))
    text = "\n".join(t for _, t in handout.texts())
    assert "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645" in text  # می‌خواهم
    assert text.count(ZWNJ) >= 20
    # The zero-width space and the soft hyphen are still dropped, also next to Arabic letters.
    assert clean_text("\u0645\u06cc\u200b\u062e\u00ad") == "\u0645\u06cc\u062e"


# --- check ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("ar", "ما الفرق بينهما؟ الإنفلونزا أشد. نزلة البرد أخف", 3),
        ("ur", "فلو عام ہے۔ زکام ہلکا ہوتا ہے۔ کیا فرق ہے؟ آرام کریں", 4),
        ("fa", "چه فرقی دارند؟ آنفولانزا شدیدتر است. استراحت کنید", 3),
        ("hi", "फ़्लू आम है। सर्दी हल्की होती है। क्या अंतर है? आराम करें", 4),
        ("ne", "फ्लु गम्भीर हुन्छ। रुघाखोकी हल्का हुन्छ॥ आराम गर्नुहोस्", 3),
        ("bn", "ফ্লু হঠাৎ শুরু হয়। সর্দি হালকা হয়। বিশ্রাম নিন", 3),
        ("pa", "ਫਲੂ ਅਚਾਨਕ ਸ਼ੁਰੂ ਹੁੰਦਾ ਹੈ। ਆਰਾਮ ਕਰੋ", 2),
        ("am", "ኢንፍሉዌንዛ ከባድ ነው። ጉንፋን ቀላል ነው። ያርፉ", 3),
    ],
)
def test_sentences_end_at_each_scripts_marks(language: str, text: str, expected: int) -> None:
    got = sentences(text, language)
    assert len(got) == expected, got


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("कोविड क्लिनिक सर्दी", ["कोविड", "क्लिनिक", "सर्दी"]),  # vowel signs and viramas
        ("सर्दी-ज़ुकाम 500 mg", ["सर्दी-ज़ुकाम", "500", "mg"]),
        ("می\u200cخواهم با پرستار", ["می\u200cخواهم", "با", "پرستار"]),  # one word with ZWNJ
        ("ফ্লুর টিকা", ["ফ্লুর", "টিকা"]),
        ("ਜ਼ੁਕਾਮ ਦਾ ਇਲਾਜ", ["ਜ਼ੁਕਾਮ", "ਦਾ", "ਇਲਾਜ"]),
        ("ફ્લૂની રસી", ["ફ્લૂની", "રસી"]),
        ("שפעת והצטננות", ["שפעת", "והצטננות"]),
        ("ኢንፍሉዌንዛ እና ጉንፋን", ["ኢንፍሉዌንዛ", "እና", "ጉንፋን"]),
    ],
)
def test_words_hold_their_marks_and_joiners(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def run_check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", *args, "--as-of", "2026-12-01"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.mark.parametrize("tag", TAGS)
def test_check_says_not_measured_and_counts_long_sentences_by_words(
    tag: str, tmp_path: Path
) -> None:
    code, out = run_check(str(sample(tag)), "--format", "json")
    report = json.loads(out)[0]
    assert report["reading"]["formula"] is None
    assert "not measured" in report["reading"]["note"]
    assert code in (0, 3)
    # Three sentences made one: a finding that counts their words, not their letters.
    src = sample(tag).read_text(encoding="utf-8")
    handout = content.load(sample(tag))
    summary = handout.summary[0] if isinstance(handout.summary, tuple) else handout.summary
    parts = sentences(summary, tag)
    assert len(parts) >= 2, parts
    n = len(words(summary))
    long = " ".join([summary] * (26 // n + 1))
    block = "summary: |\n"
    start = src.index(block) + len(block)
    end = src.index("\n\n", start)
    path = tmp_path / f"{tag}.yaml"
    path.write_text(src[:start] + "  " + long + src[end:], encoding="utf-8")
    code, out = run_check(str(path))
    assert "summary: sentence of" not in out, out  # sentences still end at the script's marks
    one = " ".join(p.rstrip(".!?\u061f\u06d4\u0964\u0965\u1362") for p in parts)
    path.write_text(src[:start] + "  " + " ".join([one] * 3) + src[end:], encoding="utf-8")
    code, out = run_check(str(path))
    count = len(words(one)) * 3
    assert code == 3 and f"summary: sentence of {count} words (aim for 25 or fewer)" in out, out


# --- labels and templates --------------------------------------------------------------

PAGE = {
    "ar": "صفحة 2 من 3",
    "fa": "صفحهٔ 2 از 3",
    "ur": "صفحہ 2 از 3",
    "he": "עמוד 2 מתוך 3",
    "hi": "पृष्ठ 2 / 3",
    "ne": "पृष्ठ 2 / 3",
    "bn": "পৃষ্ঠা 2 / 3",
    "pa": "ਸਫ਼ਾ 2 / 3",
    "gu": "પાનું 2 / 3",
    "am": "ገጽ 2 ከ3",
}


@pytest.mark.parametrize("tag", TAGS)
def test_each_language_has_its_own_labels(tag: str) -> None:
    words = labels.resolve(tag, Style())
    english = labels.resolve("en", Style())
    assert words.page_of(2, 3) == PAGE[tag]
    for key in ("key_point", "at_a_glance", "draft", "read_online", "keywords"):
        assert getattr(words, key) != getattr(english, key), key
    assert labels.known(f"{tag}-IN") == tag  # a regional tag uses its language


@pytest.mark.parametrize("tag", TAGS)
def test_new_writes_a_template_in_the_language_that_validates(tag: str, tmp_path: Path) -> None:
    loaded = content.load(sample(tag))
    items = loaded.items[:2]
    result = CliRunner().invoke(cli, ["new", *items, "--language", tag, "-o", f"{tmp_path}/"])
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.glob("*.yaml")
    # The file name is the title in ASCII, by the one rule for every script.
    assert path.name == f"{template.slug(content.load(path).title)}.yaml"
    assert path.name.isascii() and path.name != "handout.yaml"
    written = content.load(path)
    assert written.language == tag and written.items == items
    assert written.subtitle and written.subtitle != "What's the Difference?"
    head = path.read_text(encoding="utf-8").splitlines()[0]
    assert head.startswith("# ") and "Patient handout" not in head


def test_arabic_and_hebrew_write_and_onto_the_next_item() -> None:
    draft = template.new_draft(["الإنفلونزا", "نزلة البرد", "الحساسية"], "ar")
    assert "الإنفلونزا، نزلة البرد والحساسية" in draft.summary[0]
    assert draft.title == "الإنفلونزا، نزلة البرد أو الحساسية"
    draft = template.new_draft(["שפעת", "הצטננות"], "he")
    assert "שפעת והצטננות" in draft.summary[0]
    draft = template.new_draft(["फ़्लू", "सर्दी"], "hi")
    assert "फ़्लू और सर्दी" in draft.summary[0]


# --- scripts that are not shaped yet are refused ----------------------------------------

NOTO = Path("/usr/share/fonts/truetype/noto")
UNSHAPED = [
    ("Thai", "ไข้หวัดใหญ่", "U+0E44"),
    ("Khmer", "ផ្តាសាយ", "U+1795"),
    ("Lao", "ໄຂ້ຫວັດ", "U+0EC4"),
    ("Sinhala", "උණ", "U+0D8B"),
    ("Myanmar", "တုပ်ကွေး", "U+1010"),
    ("Tibetan", "ཆམ་པ", "U+0F46"),
    ("Tamil", "காய்ச்சல்", "U+0B95"),
]


def unshaped_yaml(word: str) -> str:
    return (
        f"title: Flu vs. Cold\nitems: [Flu, Cold]\nsummary: The flu ({word}) is worse.\n"
        "comparison:\n  - attribute: Cause\n    values: [Virus, Virus]\n"
        "sections:\n  - heading: Care\n    summary: Rest.\n    body: Rest at home.\n"
        "disclaimer: Ask your doctor.\nmeta: {id: GEN-001, reviewed: 2026-01-15}\n"
    )


@pytest.mark.parametrize(("script", "word", "code"), UNSHAPED)
@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_a_script_that_needs_shaping_is_refused_with_one_message(
    script: str, word: str, code: str, fmt: str, tmp_path: Path
) -> None:
    src = tmp_path / "flu.yaml"
    src.write_text(unshaped_yaml(word), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(src), "--format", fmt, "-o", f"{out}/"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1, result.output  # no second message about fonts
    line = lines[0]
    assert line.startswith(f"{src}:3:1: summary: {script} text (") and code in line
    assert "must be shaped" in line and "Remove this text" in line
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.skipif(not (NOTO / "NotoSansThai-Regular.ttf").is_file(), reason="no Thai font")
def test_thai_is_refused_also_when_the_style_gives_a_thai_font(tmp_path: Path) -> None:
    style = tmp_path / "thai.yaml"
    style.write_text(
        "extends: default\nfonts:\n  fallbacks:\n"
        f"    - {NOTO / 'NotoSansThai-Regular.ttf'}\n    - {NOTO / 'NotoSansKhmer-Regular.ttf'}\n",
        encoding="utf-8",
    )
    src = tmp_path / "flu.yaml"
    src.write_text(unshaped_yaml("ไข้หวัดใหญ่ ផ្តាសាយ"), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["build", str(src), "--style", str(style), "-o", f"{tmp_path}/out/"]
    )
    assert result.exit_code == 2
    assert "summary: Thai and Khmer text ('ไ' U+0E44" in result.output
    assert result.output.count("\n") == 1


def test_supported_scripts_are_not_refused_as_unshaped() -> None:
    for tag in TAGS:
        handout = content.load(sample(tag))
        assert all(scripts.refusal(t) is None for _, t in handout.texts()), tag


def test_validate_refuses_a_script_that_needs_shaping(tmp_path: Path) -> None:
    src = tmp_path / "flu.yaml"
    src.write_text(unshaped_yaml("ໄຂ້ຫວັດ"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(src)])
    assert result.exit_code == 2, result.output
    assert f"{src}:3:1: summary: Lao text ('ໄ' U+0EC4" in result.output
    assert result.output.count("Lao text") == 1 and "0 valid, 1 invalid" in result.output
    good = tmp_path / "hi.yaml"
    good.write_text(sample("hi").read_text(encoding="utf-8"), encoding="utf-8")
    assert CliRunner().invoke(cli, ["validate", str(good)]).exit_code == 0
