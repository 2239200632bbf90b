"""Handouts in the patient's language: labels, one typeface, breaks measured right.

The content files in tests/data/languages compare flu, cold and allergy in Spanish,
Russian, Vietnamese, Greek and German, in plain patient-education sentences.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import time
from pathlib import Path
from typing import Any

import pdfplumber
import pyphen
import pytest
import yaml
from click.testing import CliRunner
from pdfcheck import source, text
from pypdf import PdfReader
from reportlab.pdfbase.pdfmetrics import stringWidth

from handout.cli import cli
from handout.jobs import build
from handout.model import content, labels, style
from handout.model.stylemodel import Style
from handout.pdf import fonts, hyphenate, roles

DATA = Path(__file__).parent / "data" / "languages"
SHIPPED = Path(__file__).parent.parent / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"
LANGUAGES = ("es", "ru", "vi", "el", "de")
STYLES = ("default", "large-print", "grayscale", "example-clinic")
EXPECTED = {
    "es": ("Punto clave", "Página 1 de", "Versión 2", "Revisado: 2026-09-01"),
    "ru": ("Главное", "Страница 1 из", "Версия 2", "Проверено: 2026-09-01"),
    "vi": ("Điểm chính", "Trang 1/", "Phiên bản 2", "Ngày soát xét: 2026-09-01"),
    "el": ("Βασικό σημείο", "Σελίδα 1 από", "Έκδοση 2", "Αναθεώρηση: 2026-09-01"),
    "de": ("Das Wichtigste", "Seite 1 von", "Version 2", "Geprüft: 2026-09-01"),
}
"""Key point, page, version and review labels as each language's reader expects them."""
GLANCE = {"es": "De un vistazo", "ru": "Кратко", "vi": "Tóm tắt", "el": "Με μια ματιά"}
GLANCE["de"] = "Auf einen Blick"
ENGLISH = ("Key point", "Page", "Version", "Reviewed", "At a glance", "Patient handout")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, AssertionError | TypeError), result.exception
    return result.exit_code, result.output


@functools.cache
def handout(lang: str) -> content.Handout:
    return content.load(DATA / f"{lang}.yaml")


@functools.cache
def pdf(lang: str, style_name: str) -> bytes:
    return build.render(handout(lang), style.resolve(style_name))[0]


def families(data: bytes) -> set[str]:
    """The families (subset tag and weight dropped) that draw any character."""
    with pdfplumber.open(source(data)) as doc:
        names = {c["fontname"] for page in doc.pages for c in page.chars}
    return {re.sub(r"^[A-Z]{6}\+|-.*$", "", n) for n in names}


# --- labels --------------------------------------------------------------------------


@pytest.mark.parametrize("style_name", STYLES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_words_handout_prints_are_in_the_handouts_language(lang: str, style_name: str) -> None:
    data = pdf(lang, style_name)
    got = text(data)
    for word in EXPECTED[lang]:
        assert word in got, (word, got[-300:])
    english = [w for w in ENGLISH if w != "Version" or lang != "de"]
    if style_name == "example-clinic":  # its footer text is the clinic's own, in English
        got = got.replace("Questions about this handout? Call us at (555) 010-0100.", "")
    assert [w for w in english if w in got] == []
    info = PdfReader(source(data)).metadata
    assert info is not None
    assert "Patient handout" not in str(info.subject)
    assert handout(lang).items[1] in str(info.subject)
    assert "patient handout" not in str(info.get("/Keywords"))


def test_at_a_glance_is_translated(tmp_path: Path) -> None:
    (tmp_path / "glance.yaml").write_text("extends: default\nsections: {at_a_glance: true}\n")
    glance = style.resolve(tmp_path / "glance.yaml")
    for lang in LANGUAGES:
        got = text(build.render(handout(lang), glance)[0])
        assert GLANCE[lang] in got
        assert "At a glance" not in got


def test_a_regional_tag_falls_back_to_its_language_and_an_unknown_one_to_english() -> None:
    assert labels.known("es-MX") == "es"
    assert labels.resolve("es-MX", Style()).page_of(1, 3) == "Página 1 de 3"
    assert labels.known("so") is None
    assert labels.resolve("so", Style()).key_point == "Key point"


def test_every_shipped_language_has_every_label_with_its_placeholders() -> None:
    shipped = ("en", "es", "fr", "pt", "de", "it", "pl", "ru", "uk", "el", "vi", "tl", "ht")
    assert set(shipped) <= set(labels.languages())
    table = yaml.safe_load(labels.DATA.read_text(encoding="utf-8"))
    for lang in shipped:
        assert set(labels.REQUIRED) <= set(table[lang]), lang
        for key in labels.REQUIRED:
            assert labels.placeholder_problem(key, table[lang][key]) is None, (lang, key)
        if lang != "en":
            assert table[lang]["key_point"] != table["en"]["key_point"], lang


def test_unknown_language_is_a_warning_of_validate_not_an_error(tmp_path: Path) -> None:
    file = tmp_path / "so.yaml"
    file.write_text((DATA / "es.yaml").read_text().replace("language: es", "language: so"))
    code, out = run("validate", str(file))
    assert code == 0
    assert "so.yaml:3:1: language: warning: handout has no labels for 'so'" in out
    assert "en, es, fr, pt, de, it, pl, ru, uk, el, vi, tl, ht" in out
    assert "1 valid, 0 invalid" in out
    code, out = run("validate", str(DATA / "es.yaml"))
    assert (code, "warning" in out) == (0, False)


# --- a style's labels ---------------------------------------------------------------

CLINIC = """\
extends: large-print
sections: {summary_label: Remember}
labels:
  es: {key_point: Lo más importante, page: "Hoja {page} de {pages}"}
"""


def test_a_styles_labels_per_language_win_and_its_label_keys_apply_to_the_rest(
    tmp_path: Path,
) -> None:
    (tmp_path / "clinic.yaml").write_text(CLINIC, encoding="utf-8")
    (tmp_path / "child.yaml").write_text(
        "extends: clinic.yaml\nlabels: {es-MX: {at_a_glance: En resumen}}\n"
        "sections: {at_a_glance: true}\n",
        encoding="utf-8",
    )
    child = style.resolve(tmp_path / "child.yaml")
    es = text(build.render(handout("es"), child)[0])
    assert "Lo más importante" in es and "Hoja 1 de" in es
    assert "Remember" not in es and "Punto clave" not in es
    mexican = labels.resolve("es-MX", child)
    assert (mexican.at_a_glance, mexican.key_point) == ("En resumen", "Lo más importante")
    assert labels.resolve("es", child).at_a_glance == "De un vistazo"
    ru = text(build.render(handout("ru"), child)[0])
    assert "Remember" in ru and "Страница 1 из" in ru and "Главное" not in ru

    code, shown = run("styles", "show", str(tmp_path / "child.yaml"))
    assert code == 0
    doc = yaml.safe_load(shown)
    assert doc["labels"] == {
        "es": {"key_point": "Lo más importante", "page": "Hoja {page} de {pages}"},
        "es-mx": {"at_a_glance": "En resumen"},
    }
    assert style.resolve(tmp_path / "child.yaml") == child


def test_the_default_style_does_not_block_the_translation() -> None:
    default = style.resolve("default")
    assert default.sections.summary_label is None
    assert labels.resolve("ru", default).key_point == "Главное"


def test_validate_checks_a_styles_labels(tmp_path: Path) -> None:
    file = tmp_path / "bad.yaml"
    file.write_text(
        "extends: default\n"
        "labels:\n"
        "  sp: {key_point: Punto}\n"
        "  ru: {key_pont: x, version: Версия, reviewed: '{date} {when}'}\n"
        "  de: {page: 'Seite {page'}\n"
        "  no: {key_point: Viktig}\n"
        "  so: {key_point: a, at_a_glance: b, page: '{page}', version: '{version}',"
        " reviewed: '{date}', subject: '{items}', keywords: c, draft: d,"
        " read_online: e, compared: '{items}'}\n",
        encoding="utf-8",
    )
    code, out = run("validate", str(file))
    assert code == 2
    assert "bad.yaml:3:3: labels.sp: 'sp' is not a language handout has labels for" in out
    assert "did you mean 'es' (Spanish)?" in out
    assert "labels.ru.key_pont: unknown key 'key_pont'; did you mean 'key_point'?" in out
    assert "labels.ru.version: must hold {version}" in out
    assert "labels.ru.reviewed: '{when}' is not a placeholder here" in out
    assert "labels.de.page: has an unmatched {" in out
    assert "YAML reads no, yes, on and off as yes/no" in out
    assert "labels.so" not in out  # a complete set adds a language
    assert "1 invalid" in out


# --- one typeface ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ru", "vi", "el"])
def test_one_family_draws_a_script_the_primary_font_lacks(lang: str) -> None:
    for style_name in STYLES:
        assert families(pdf(lang, style_name)) == {"FiraSans"}, style_name


@pytest.mark.parametrize("lang", ["es", "de"])
def test_latin_languages_stay_in_atkinson_hyperlegible(lang: str) -> None:
    assert families(pdf(lang, "default")) == {"AtkinsonHyperlegible"}


def test_an_odd_letter_is_drawn_alone_in_the_fallback() -> None:
    h = content.load(SHIPPED)
    odd = dataclasses.replace(h, disclaimer="Ask before you take a β-blocker.")
    data = build.render(odd, Style())[0]
    with pdfplumber.open(source(data)) as doc:
        chars = [c for page in doc.pages for c in page.chars]
    fira = {c["text"] for c in chars if "FiraSans" in c["fontname"]}
    assert "β" in fira and "A" not in fira
    assert sum("Atkinson" in c["fontname"] for c in chars) > 0.95 * len(chars)


def test_kits_stay_cached_per_style() -> None:
    s = style.resolve("large-print")
    english = content.load(SHIPPED)
    assert roles.kit_for(english, s) is roles.kit(s)
    assert roles.kit_for(handout("ru"), s) is roles.kit_for(handout("el"), s)
    assert roles.kit_for(handout("ru"), s).body.chain.primary.name == "Fira Sans"


# --- breaks ---------------------------------------------------------------------------


def test_a_word_is_measured_in_the_font_that_draws_it() -> None:
    role = roles.kit(Style()).table
    fira = fonts.family("Fira Sans").regular
    assert role.width("Постепенно") == pytest.approx(stringWidth("Постепенно", fira, 11.0))
    assert role.width("Постепенно") > 40


def _source_words(h: content.Handout) -> set[str]:
    return {_bare(w) for _, t in h.texts() for w in t.split()}


def _bare(word: str) -> str:
    return re.sub(r"^\W+|\W+$", "", word)


def _check_cell(lines: list[str], words: set[str], dic: Any) -> list[str]:
    """Problems with how the words of one cell are broken across its lines."""
    bad = []
    for a, b in zip(lines, lines[1:], strict=False):
        if not a.split() or not b.split():
            continue
        x, y = a.split()[-1], b.split()[0]
        if x.endswith("-") and _bare(x[:-1] + y) in words and _bare(x + y) not in words:
            head = _bare(x[:-1])
            whole = _bare(x[:-1] + y)
            if dic is None or len(head) not in dic.positions(whole):
                bad.append(f"{x}|{y}: not a dictionary break of {whole}")
        elif not x.endswith("-") and _bare(x + y) in words and _bare(x) not in words:
            bad.append(f"{x}|{y}: broken without a hyphen")
    return bad


@pytest.mark.parametrize("lang", ["ru", "el", "de", "vi"])
def test_table_words_are_whole_or_hyphenated_at_a_dictionary_point(lang: str) -> None:
    data = pdf(lang, "large-print")
    words = _source_words(handout(lang))
    found = pyphen.language_fallback(lang)
    dic = pyphen.Pyphen(lang=found) if found else None
    problems, cells, broken = [], 0, 0
    with pdfplumber.open(source(data)) as doc:
        for page in doc.pages:
            for table in page.find_tables():
                for row in table.rows:
                    for bbox in row.cells:
                        if bbox is None:
                            continue
                        cell = page.crop(bbox)
                        lines = (cell.extract_text() or "").split("\n")
                        cells += 1
                        broken += sum(line.endswith("-") for line in lines)
                        problems += _check_cell(lines, words, dic)
                        overflow = [c["text"] for c in cell.chars if c["x1"] > bbox[2] + 0.5]
                        assert not overflow, (lang, lines)
                # no character of the page runs out of a cell of this table
                x0, _, x1, _ = table.bbox
                inside = [c for c in page.chars if table.bbox[1] <= c["top"] <= table.bbox[3]]
                assert all(x0 - 0.5 <= c["x0"] and c["x1"] <= x1 + 0.5 for c in inside)
    assert cells > 20
    assert problems == []
    if lang != "vi":  # Vietnamese words are short syllables: nothing to hyphenate
        assert broken > 0, "the test data should make some words break"


def test_a_word_without_a_break_point_that_fits_is_the_only_one_cut_hard() -> None:
    role = roles.kit(Style()).table
    room = role.width("Профи-")
    soft = hyphenate.fit("Профилактика гриппа", role.width, room, "ru")
    assert soft.split(" ")[0].split(hyphenate.SOFT_HYPHEN) == ["Про", "фи", "лак", "ти", "ка"]
    assert soft.split(" ")[1] == "гриппа"
    # no dictionary point: cut after the last letter that fits
    room = role.width("Xxxx-")
    cut = hyphenate.fit("Xxxxxxxxxx", role.width, room, "en")
    pieces = cut.split(hyphenate.SOFT_HYPHEN)
    assert len(pieces) == 3 and "".join(pieces) == "Xxxxxxxxxx"
    assert all(role.width(p + "-") <= room for p in pieces)


# --- handout new --language ---------------------------------------------------------


def test_new_in_spanish_writes_a_spanish_template_that_validates(tmp_path: Path) -> None:
    out = tmp_path / "gripe.yaml"
    code, _ = run("new", "--language", "es", "Gripe", "Resfriado", "-o", str(out))
    assert code == 0
    written = out.read_text(encoding="utf-8")
    for word in ("¿Cuál es la diferencia?", "Introducción", "Cuándo llamar", "descargo"):
        assert word in written
    h = content.load(out)
    assert h.language == "es"
    assert h.title == "Gripe o Resfriado"
    assert (
        "What's" not in written and "Introduction" not in written and "aviso legal" not in written
    )
    assert run("validate", "--draft", str(out)) == (0, f"{out}: valid\n1 valid, 0 invalid\n")


@pytest.mark.parametrize("lang", labels.languages())
def test_new_has_a_template_in_every_language_with_labels(lang: str, tmp_path: Path) -> None:
    out = tmp_path / f"{lang}.yaml"
    assert run("new", "-l", lang, "A", "B", "C", "-o", str(out))[0] == 0
    h = content.load(out)
    assert h.language == lang
    assert len(h.sections) == 7 and len(h.comparison) == 6
    if lang != "en":
        assert h.subtitle != "What's the Difference?"


def test_new_refuses_a_language_without_a_template(tmp_path: Path) -> None:
    code, out = run("new", "-l", "so", "A", "B", "-o", str(tmp_path / "x.yaml"))
    assert code == 2
    assert "no template in 'so'" in out


def test_a_very_long_word_breaks_quickly_and_stays_in_its_column() -> None:
    h = handout("ru")
    row = h.comparison[0]
    word = "Профилактика" * 170  # 2,040 letters
    long = dataclasses.replace(
        h,
        comparison=(dataclasses.replace(row, values=((word,), *row.values[1:])), *h.comparison[1:]),
    )
    start = time.perf_counter()
    data = build.render(long, style.resolve("large-print"))[0]
    assert time.perf_counter() - start < 15  # ReportLab alone took about a minute
    with pdfplumber.open(source(data)) as doc:
        page = doc.pages[0]
        table = page.find_tables()[0]
        bbox = table.rows[1].cells[1]
        lines = (page.crop(bbox).extract_text() or "").split("\n")
    assert len(lines) > 5
    assert all(line.endswith("-") for line in lines[:-1])
    assert "".join(line[:-1] for line in lines[:-1]) in word


def test_every_label_is_read_as_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A label that YAML would take for a yes/no or a number stays the words written."""
    data = tmp_path / "labels.yaml"
    data.write_text("en:\n  name: English\n  draft: No\n  comma: 10\n", encoding="utf-8")
    monkeypatch.setattr(labels, "DATA", data)
    assert labels._table.__wrapped__()["en"] == {"name": "English", "draft": "No", "comma": "10"}
