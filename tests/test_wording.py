"""Translations that read right: templates whose grammar holds for any item, the
Spanish "e"/"u", French no-break spaces, and the reviewed wording of each language."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from handout.authoring import template
from handout.cli import cli
from handout.jobs import build
from handout.model import content, labels, style
from handout.model.stylemodel import Style

TEMPLATE = yaml.safe_load(template.DATA.read_text(encoding="utf-8"))
LABELS = yaml.safe_load(labels.DATA.read_text(encoding="utf-8"))
NBSP = "\u00a0"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, AssertionError | TypeError), result.exception
    return result.exit_code, result.output


def new(tmp_path: Path, language: str, *items: str) -> tuple[str, content.Handout]:
    out = tmp_path / f"{language}.yaml"
    code, said = run("new", "--language", language, *items, "-o", str(out), "--force")
    assert code == 0, said
    return out.read_text(encoding="utf-8"), content.load(out)


def strings(node: object) -> list[str]:
    """Every string of a data file's block, keys included."""
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in (*strings(k), *strings(v))]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return [node] if isinstance(node, str) else []


# --- Spanish "y"/"e" and "o"/"u" ------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "following", "expected"),
    [
        (" y ", "Influenza", " e "),
        (" y ", "ibuprofeno", " e "),
        (" y ", "Ídolo", " e "),
        (" y ", "Hipertensión", " e "),
        (" y ", "hígado", " e "),
        (" y ", "Hierro", " y "),  # hie- is a diphthong: "agua y hielo"
        (" y ", "hielo", " y "),
        (" y ", "Yodo", " y "),
        (" y ", "Asma", " y "),
        (" o ", "Osteoporosis", " u "),
        (" o ", "otitis", " u "),
        (" o ", "Hongos", " u "),
        (" o ", "Óvulo", " u "),
        (" o ", "Artritis", " o "),
        (" o ", "Úlcera", " o "),
    ],
)
def test_spanish_y_and_o_change_before_the_sounds_of_i_and_o(
    word: str, following: str, expected: str
) -> None:
    assert template.conjunction(word, following, "es") == expected
    assert template.conjunction(word, following, "es-MX") == expected
    assert template.conjunction(word, following, "pt") == word  # Spanish only


def test_new_in_spanish_writes_e_and_u(tmp_path: Path) -> None:
    written, h = new(tmp_path, "es", "Artritis", "Osteoporosis")
    assert h.title == "Artritis u Osteoporosis"
    assert "Artritis y Osteoporosis" in h.summary[0]
    written, h = new(tmp_path, "es-MX", "Gripe", "Influenza")
    assert h.title == "Gripe o Influenza"
    assert "Gripe e Influenza" in h.summary[0] and "y Influenza" not in written
    _, h = new(tmp_path, "es", "Anemia", "Déficit de hierro", "Hierro bajo")
    assert "Anemia, Déficit de hierro y Hierro bajo" in h.summary[0]
    _, h = new(tmp_path, "es", "Gripe", "Resfriado", "Otitis")
    assert h.title == "Gripe, Resfriado u Otitis"


# --- grammar that holds for any item ----------------------------------------------------

GENDERED = ("es", "fr", "pt", "de", "it", "pl", "ru", "uk", "el")
"""Languages whose words around an item would agree with it or take its article."""


@pytest.mark.parametrize("language", GENDERED)
def test_an_item_follows_a_colon_in_every_row_of_a_gendered_language(language: str) -> None:
    for row, ask in TEMPLATE[language]["attributes"].items():
        assert re.search(rf"[^\s]{NBSP}?: \{{item\}}$", ask), (language, row, ask)


def test_a_feminine_item_in_portuguese_is_not_made_masculine(tmp_path: Path) -> None:
    written, h = new(tmp_path, "pt", "Gripe", "Rinite")
    cells = " ".join(b for row in h.comparison for v in row.values for b in v)
    for masculine in ("diagnosticado", "tratado", "revertido", "do Gripe", "o Gripe"):
        assert masculine not in cells, masculine
    assert "como se faz o diagnóstico: Gripe" in cells
    assert "isenção de responsabilidade" in written and "aviso legal" not in written


def test_a_feminine_item_or_a_vowel_in_french_reads_right(tmp_path: Path) -> None:
    written, h = new(tmp_path, "fr", "Grippe", "Influenza")
    cells = " ".join(b for row in h.comparison for v in row.values for b in v)
    assert "est-il" not in cells and "réversible" not in cells
    assert not re.search(r"\bde [AEIOUHÉaeiouhé]", written)  # "de Influenza": no elision
    assert f"principaux symptômes{NBSP}: Influenza" in cells
    assert "appeler votre médecin" in written and "la clinique" not in written
    assert "comment on traite chacun d’eux" in written and "se soigne" not in written


def test_greek_asks_what_causes_it_not_what_it_causes() -> None:
    el = TEMPLATE["el"]
    assert el["attributes"]["Αιτία"] == "από τι προκαλείται: {item}"
    assert el["sections"]["Αίτια"].startswith("από τι προκαλείται")


def test_ukrainian_joins_items_with_ta() -> None:
    assert TEMPLATE["uk"]["and"] == "та"
    assert " і " not in " ".join(strings(TEMPLATE["uk"]))


# --- French no-break spaces -------------------------------------------------------------


def french() -> list[str]:
    return [*strings(TEMPLATE["fr"]), *strings(LABELS["fr"])]


def test_french_has_a_no_break_space_before_double_marks_and_inside_guillemets() -> None:
    texts = french()
    assert any(f"{NBSP}?" in t for t in texts) and any(f"«{NBSP}" in t for t in texts)
    for text in texts:
        assert not re.search(r" [?:;!»]|« ", text), repr(text)
        assert not re.search(r"(?<=\S)[?!;»]", text), f"{text!r}: no space before the mark"


def test_no_line_of_a_french_pdf_starts_with_a_double_mark(tmp_path: Path) -> None:
    """A French handout from the template, in large print, its text column narrowed a
    tenth of an inch at a time: no line starts with ? : ; ! or », none ends with «.
    (With ordinary spaces, "{item} est-il réversible ?" broke before its "?" at 2.3in.)"""
    src = tmp_path / "fr.yaml"
    items = ("Grippe", "Rhume", "Allergie", "Sinusite")
    assert run("new", "-l", "fr", *items, "-o", str(src))[0] == 0
    h = content.load(src)
    starts: list[str] = []
    cells = 0
    for tenths in range(15, 25):
        narrow = tmp_path / f"narrow{tenths}.yaml"
        narrow.write_text(
            f"extends: large-print\npage: {{margins: {{left: {tenths / 10}in, right: 0.5in}}}}\n"
        )
        pdf = tmp_path / f"fr{tenths}.pdf"
        pdf.write_bytes(build.render(h, style.resolve(narrow), draft=True)[0])
        lines = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        for line in lines:
            for cell in re.split(r"\s{3,}", line.replace(NBSP, " ").strip()):
                cells += 1
                if cell[:1] in tuple("?:;!»") or cell.endswith("«"):
                    starts.append(f"{tenths / 10}in: {cell}")
        assert "Quelle est la différence" in "\n".join(lines)
    assert cells > 1000
    assert starts == []


def test_a_no_break_space_in_content_is_kept(tmp_path: Path) -> None:
    written, _ = new(tmp_path, "fr", "Grippe", "Rhume")
    h = content.load(tmp_path / "fr.yaml")
    assert h.subtitle == f"Quelle est la différence{NBSP}?"
    assert all(f"{NBSP}:" in v[0] for row in h.comparison for v in row.values)
    assert f"Dernière révision{NBSP}: " in labels.resolve("fr", Style()).reviewed


# --- the reviewed wording -----------------------------------------------------------


def test_the_corrections_of_the_review() -> None:
    assert TEMPLATE["es"]["disclaimer"] == "el descargo de responsabilidad de su clínica."
    assert TEMPLATE["pt"]["disclaimer"] == "a isenção de responsabilidade da sua clínica."
    assert TEMPLATE["ru"]["disclaimer"].startswith("текст об отказе от ответственности")
    assert "να καλέσει το ιατρείο" in " ".join(strings(TEMPLATE["el"]))
    assert "κλινική" not in " ".join(strings(TEMPLATE["el"]))
    de = " ".join(strings(TEMPLATE["de"]))
    assert "rückgängig" not in de and ", und" not in de
    assert "cofnąć" not in " ".join(strings(TEMPLATE["pl"]))
    assert LABELS["fr"]["reviewed"] == f"Dernière révision{NBSP}: {{date}}"
    assert LABELS["it"]["read_online"] == "Disponibile online e in altre lingue"
    assert LABELS["pl"]["draft"] == "WERSJA ROBOCZA"
    assert LABELS["vi"]["reviewed"] == "Ngày soát xét: {date}"
    assert LABELS["de"]["subject"] == "Patienteninformation – Vergleich: {items}"
    assert LABELS["tl"]["subject"] == "Babasahin para sa pasyente, paghahambing: {items}"
    assert LABELS["es"]["subject"] == "Hoja informativa para pacientes. Comparación: {items}"
    for language in ("es", "pt", "fr", "tl", "de"):
        assert re.search(rf":{NBSP}?$|: \{{items\}}$", LABELS[language]["subject"]), language


# --- the template -------------------------------------------------------------------


def test_the_english_template_fits_infections_and_says_when_to_call() -> None:
    en = TEMPLATE["en"]
    assert list(en["attributes"]) == [
        "Cause",
        "How it starts",
        "Symptoms",
        "Diagnosis",
        "Treatment",
        "How long it lasts",
    ]
    assert list(en["sections"])[-1] == "When to call"
    assert "911" in en["sections"]["When to call"]
    for chronic in ("Reversible", "Prognosis", "Conclusion"):
        assert chronic not in en["attributes"] and chronic not in en["sections"]


WHEN_TO_CALL = {
    "en": "When to call",
    "es": "Cuándo llamar",
    "fr": "Quand appeler",
    "pt": "Quando ligar",
    "de": "Wann anrufen",
    "it": "Quando chiamare",
    "pl": "Kiedy dzwonić",
    "ru": "Когда звонить врачу",
    "uk": "Коли телефонувати лікарю",
    "el": "Πότε να καλέσετε",
    "vi": "Khi nào cần gọi",
    "tl": "Kailan tatawag",
    "ht": "Kilè pou rele",
    "ar": "متى تتصل",
    "fa": "چه وقت تماس بگیرید",
    "ur": "کب فون کریں",
    "he": "מתי להתקשר",
    "hi": "कब फ़ोन करें",
    "ne": "कहिले फोन गर्ने",
    "bn": "কখন ফোন করবেন",
    "pa": "ਕਦੋਂ ਫ਼ੋਨ ਕਰੀਏ",
    "gu": "ક્યારે ફોન કરવો",
    "am": "መቼ መደወል እንዳለብዎት",
    "zh-Hans": "何时就医",
    "zh-Hant": "何時就醫",
    "ja": "受診の目安",
    "ko": "연락이 필요한 경우",
}
"""Every language the tool ships: the When to call section is last in each."""


@pytest.mark.parametrize("language", sorted(WHEN_TO_CALL))
def test_every_template_ends_with_when_to_call(language: str, tmp_path: Path) -> None:
    assert set(WHEN_TO_CALL) == set(TEMPLATE)
    _, h = new(tmp_path, language, "A", "B")
    assert h.sections[-1].heading == WHEN_TO_CALL[language]
    assert [s.heading for s in h.sections].count(WHEN_TO_CALL[language]) == 1
    assert len(h.sections) == len(TEMPLATE["en"]["sections"])
    assert len(h.comparison) == len(TEMPLATE["en"]["attributes"])


# --- every language the tool ships ----------------------------------------------------


COLON = "[:：፦]"
"""A colon as each script writes it: Latin and most others, full-width (Chinese,
Japanese), Ethiopic preface colon (Amharic)."""


@pytest.mark.parametrize("language", list(LABELS))
def test_every_language_lists_the_items_after_a_colon(language: str) -> None:
    """The PDF's subject and the HTML table's caption list the items with commas only,
    which no sentence around them can take ("comparing Flu, Cold", "تقارن بين ...", Urdu
    "... کا موازنہ"): the list follows a colon, as the review asked for es, pt, fr, tl."""
    for key in ("subject", "compared"):
        value = LABELS[language][key]
        assert re.search(rf"{COLON} ?\{{items\}}$", value), (language, key, value)


@pytest.mark.parametrize("language", list(TEMPLATE))
def test_the_list_of_items_is_never_followed_by_the_same_and(language: str) -> None:
    """{all} ends "... B and C"; an "and" right after it ("qué son Gripe y Otitis y a
    quién afectan", Haitian "ant Grip ak Rim ak sa lektè a dwe fè") runs the list into
    the next clause."""
    words = TEMPLATE[language]
    sep = words.get("and_sep", f" {words['and']} ")
    # Arabic and Hebrew write "and" onto the next word (" و"); elsewhere it is a word of
    # its own (Japanese "とは" after a list is a particle, not "and").
    after = "" if sep.startswith(" ") and not sep.endswith(" ") else r"(?!\w)"
    for text in strings(words):
        assert not re.search(rf"\{{all\}}\s*{re.escape(sep.strip())}{after}", text), text


AGREEING = {
    "it": ("diversi",),
    "ar": ("يسببه", "كيف يبدأ", "كم يدوم", "أن يعود"),
    "ur": ("شروع ہوتا", "رہتا ہے", "ہوتے ہیں"),
    "hi": ("वजह से होता है", "शुरू होता", "रहता है", "होते हैं"),
    "pa": ("ਕਿਉਂ ਹੁੰਦਾ ਹੈ", "ਸ਼ੁਰੂ ਹੁੰਦਾ", "ਰਹਿੰਦਾ ਹੈ", "ਹੁੰਦੇ ਹਨ"),
    "he": ("מה הם", "הם קורים"),
    "am": ("እንደሚጀምር", "እንደሚታወቅ", "እንደሚታከም", "እንደሚቆይ"),
}
"""Words that agree in gender with the item or items they speak of: Italian "diversi",
masculine verbs of Arabic, Urdu, Hindi and Punjabi ("kaise shuru hota hai", how [it]
starts) and Amharic (እንዴት እንደሚጀምር, the same), Hebrew masculine plural "הם". A
feminine item (Influenza, الإنفلونزا, खाँसी, שפעת) would need the other form."""


@pytest.mark.parametrize("language", sorted(AGREEING))
def test_no_words_around_an_item_agree_with_it(language: str) -> None:
    words = TEMPLATE[language]
    around = [*words["attributes"].values(), words["summary"]]
    around += [ask for ask in words["sections"].values() if "{all}" in ask]
    for ask in around:
        for form in AGREEING[language]:
            assert form not in ask, (language, form, ask)


def test_rows_that_agree_with_no_item_in_the_languages_added_later() -> None:
    assert TEMPLATE["ar"]["attributes"]["البداية"] == "طريقة البداية (مفاجئة أو تدريجية): {item}"
    assert TEMPLATE["hi"]["attributes"]["शुरुआत"] == "शुरुआत कैसे होती है (अचानक या धीरे-धीरे): {item}"
    assert TEMPLATE["it"]["summary"].endswith("in che cosa si differenziano {all}.")


@pytest.mark.parametrize("language", ["pl", "ru", "uk", "el"])
def test_a_clinics_name_follows_a_colon_where_it_would_take_a_case(language: str) -> None:
    """Russian "Позвоните в {clinic}" needs the name in the accusative ("в Городскую
    поликлинику"), which a name as typed is not: the name follows a colon instead."""
    assert ": {clinic}, " in LABELS[language]["call_clinic"], language


def test_the_french_html_page_has_a_no_break_space_before_every_double_mark(
    tmp_path: Path,
) -> None:
    """Every French text of the page, the link to the handout online included (it was
    "Lire en ligne ou dans une autre langue: ", its colon added by the page)."""
    import html as htmllib

    _, h = new(tmp_path, "fr", "Grippe", "Angine")
    src = tmp_path / "fr.yaml"
    text = src.read_text(encoding="utf-8").replace(
        "\nmeta:\n",
        "\nmeta:\n  version: 2\n  reviewed: 2026-09-01\n  url: https://clinic.example/flu\n",
    )
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "fr.html"
    code, said = run(
        "build",
        str(src),
        "--draft",
        "--format",
        "html",
        "--style",
        "example-clinic",
        "-o",
        str(out),
    )
    assert code == 0, said
    page = out.read_text(encoding="utf-8")
    body = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    body = re.sub(r"</?(time|a|strong|em|span|bdi)\b[^>]*>", "", body)  # inline: no break
    shown = htmllib.unescape(re.sub(r"<[^>]+>", "\n", body))
    shown = shown.replace("Questions about this handout? Call us", "")  # the style's own words
    assert "Lire en ligne ou dans une autre langue" in shown
    assert f"Dernière révision{NBSP}: 2026-09-01" in shown
    marks = [
        line
        for line in shown.splitlines()
        for hit in re.finditer(r"(?<!TODO)(?<!https)[?:;!»]|«", line)
        if not re.search(rf"{NBSP}[?:;!»]|«{NBSP}", line[max(0, hit.start() - 1) : hit.end() + 1])
    ]
    assert marks == []


def test_the_docs_table_of_labels_is_the_data_files() -> None:
    """docs/languages.md's table shows each language's labels and `handout new`
    subtitle as the data files have them (no-break spaces shown as spaces)."""
    docs = Path(__file__).parent.parent / "docs" / "languages.md"
    table = docs.read_text(encoding="utf-8").split("## Languages with labels", 1)[1]
    rows = [line.strip("|").split(" | ") for line in table.split("\n\n", 2)[1].splitlines()]
    shown = {row[0].strip(" `"): [c.strip() for c in row[2:8]] for row in rows[2:]}
    assert list(shown) == list(LABELS)
    for tag, words in LABELS.items():
        expected = [
            words["key_point"],
            words["at_a_glance"],
            words["page"].format(page=1, pages=3),
            f"{words['version'].format(version=2)} · {words['reviewed'].format(date='2026-09-01')}",
            words["draft"],
            TEMPLATE[tag]["subtitle"],
        ]
        assert shown[tag] == [e.replace(NBSP, " ") for e in expected], tag


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "الإنفلونزا، نزلة البرد"),
        ("fa", "الإنفلونزا، نزلة البرد"),
        ("zh-TW", "流感、感冒"),
        ("ja", "流感、感冒"),
        ("am", "ጉንፋን፣ ኢንፍሉዌንዛ"),
        ("he", "שפעת, הצטננות"),
        ("es-MX", "Gripe, Resfriado"),
    ],
)
def test_a_list_of_items_takes_the_languages_comma(language: str, expected: str) -> None:
    items = expected.replace("، ", "|").replace("、", "|").replace("፣ ", "|").replace(", ", "|")
    assert labels.listed(items.split("|"), language) == expected


def test_an_arabic_pdf_and_page_list_the_items_with_the_arabic_comma(tmp_path: Path) -> None:
    """The PDF's subject and the HTML table's caption: "الإنفلونزا، نزلة البرد", not the
    Latin comma of "الإنفلونزا, نزلة البرد"."""
    from pypdf import PdfReader

    src = Path(__file__).parent / "data" / "ar-cold-flu.yaml"
    code, said = run("build", str(src), "--format", "pdf,html", "-o", f"{tmp_path}/")
    assert code == 0, said
    info = PdfReader(tmp_path / "ar-cold-flu.pdf").metadata
    assert info is not None and info.subject == "نشرة للمرضى، مقارنة: الإنفلونزا، نزلة البرد"
    page = (tmp_path / "ar-cold-flu.html").read_text(encoding="utf-8")
    assert "مقارنة: الإنفلونزا، نزلة البرد" in re.sub(r"<[^>]+>", "", page)
    assert "الإنفلونزا, " not in page
    written, _ = new(tmp_path, "ar", "الإنفلونزا", "الحصبة", "الربو")
    assert "الإنفلونزا، الحصبة والربو" in written  # the template's {all}, as before
