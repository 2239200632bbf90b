"""handout check in other languages: the formula made for each, or "not measured".

The scores of the passages below are computed by hand from hand-counted words,
sentences and syllables, so that a wrong coefficient or a wrong count shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from handout.authoring import check, readability
from handout.authoring.counting import count, sentences, syllables, words
from handout.cli import cli

AS_OF = "2026-06-01"


def handout(language: str, body: str, summary: str | None = None) -> str:
    """A valid content file in ``language`` whose only prose is ``summary`` and ``body``."""
    summary = summary or body.splitlines()[0]
    return (
        f"title: A vs B\nlanguage: {language}\nitems: [A, B]\n"
        f"summary: {json.dumps(summary, ensure_ascii=False)}\n"
        "comparison:\n  - attribute: X\n    values: [Often, Rare]\n"
        "sections:\n  - heading: Care\n"
        f"    summary: {json.dumps(summary, ensure_ascii=False)}\n"
        "    body: |\n"
        + "".join(f"      {line}\n" for line in body.splitlines())
        + "disclaimer: .\n"
        "meta:\n  id: GEN-001\n  reviewed: 2026-01-15\n"
        "check: {skip: [get-help-missing, action-missing]}\n"  # reading level only
    )


def run(path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", str(path), "--as-of", AS_OF, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout


# Counting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # Spanish: vowel nuclei; diphthongs with unstressed i/u, hiatus with two strong
        # vowels or an accented í/ú, silent u in que/gui, final y a vowel.
        (
            "es",
            "Llame clínica tiene dificultad respirar día poeta ciudad aeropuerto guía que "
            "muy ayer Uruguay pingüino",
            [2, 3, 2, 4, 3, 2, 3, 2, 5, 2, 1, 1, 2, 3, 3],
        ),
        # Portuguese: nasal diphthongs, hiatus before r/z/nh and in an unaccented final -ia.
        (
            "pt",
            "saúde doença coração pão ligue dificuldade água sair juiz rainha dia farmácia "
            "ideia muito",
            [3, 3, 3, 1, 2, 5, 2, 2, 2, 3, 2, 3, 3, 2],
        ),
        # French: vowel groups, silent final e/es, diaeresis, y between vowels.
        (
            "fr",
            "Appelez médecin respirer tousse fièvre maladie journée naïf payer beaucoup hôpital",
            [3, 3, 3, 1, 1, 3, 2, 2, 2, 2, 3],
        ),
        # German: vowel groups (ei, ie, au, eu one each).
        (
            "de",
            "Rufen Praxis atmen Krankenhaus Fieber Erkältung Müdigkeit ansteckende Atemwege",
            [2, 2, 2, 3, 2, 3, 3, 4, 4],
        ),
        # Dutch: vowel groups (ij by its i), a diaeresis starts a new one.
        (
            "nl",
            "huisarts moeilijk ademt geïnteresseerd bacteriën eeuw ziekenhuis",
            [2, 2, 2, 5, 4, 1, 3],
        ),
        # Russian: one per vowel letter; a preposition without a vowel has none.
        # (a drug's name in Latin letters counts its vowel groups).
        ("ru", "Позвоните в клинику трудно температура Пейте Ibuprofen", [4, 0, 3, 2, 5, 2, 4]),
        # English as before: pyphen pieces and vowel groups.
        ("en", "muscle denervation clinic trouble breathing", [2, 4, 2, 2, 2]),
    ],
)
def test_syllables_are_counted_by_hand(language: str, text: str, expected: list[int]) -> None:
    assert [syllables(w, language) for w in text.split()] == expected


def test_words_and_sentences_in_greek_cyrillic_and_vietnamese() -> None:
    assert words("Cảm lạnh và cúm. Грипп — это «вирус». Έχετε πυρετό; l'eau") == [
        "Cảm",
        "lạnh",
        "và",
        "cúm",
        "Грипп",
        "это",
        "вирус",
        "Έχετε",
        "πυρετό",
        "l'eau",
    ]
    # Greek ends a question with ";" (U+037E, the same character once normalised).
    greek = "Έχετε πυρετό\u037e Καλέστε τον γιατρό. Ναι!"
    assert sentences(greek, "el") == ["Έχετε πυρετό;", "Καλέστε τον γιατρό.", "Ναι!"]
    assert len(sentences("Uno; Dos.", "es")) == 1  # elsewhere ";" does not end one
    assert sentences("¿Tiene fiebre? ¡Llame ya! Tome agua, p. ej. jugo.", "es") == [
        "¿Tiene fiebre?",
        "¡Llame ya!",
        "Tome agua, p. ej. jugo.",
    ]
    assert sentences("Avez-vous de la fièvre ? « Oui », dit-il.", "fr-CA") == [
        "Avez-vous de la fièvre ?",
        "« Oui », dit-il.",
    ]
    assert sentences("Позвоните врачу. Если трудно дышать, т.е. сразу.", "ru") == [
        "Позвоните врачу.",
        "Если трудно дышать, т.е. сразу.",
    ]
    assert sentences("Bạn có sốt không? Hãy gọi bác sĩ.", "vi") == [
        "Bạn có sốt không?",
        "Hãy gọi bác sĩ.",
    ]


# Formulas -------------------------------------------------------------------------------


def test_english_flesch_kincaid_by_hand() -> None:
    """ "Call the clinic if you have trouble breathing.": 8 words, 1 sentence, 11
    syllables (clin-ic, trou-ble, breath-ing): 0.39 x 8 + 11.8 x 11/8 - 15.59 = 3.755."""
    text = "Call the clinic if you have trouble breathing."
    assert count(text, "en").syllables == 11
    assert readability.grade(text) == pytest.approx(3.755)


PASSAGES = {
    # Lla-me a la clí-ni-ca si tie-ne di-fi-cul-tad pa-ra res-pi-rar (9 words, 19
    # syllables) + To-me mu-cha a-gua (3, 6): 12 words, 25 syllables, 2 sentences.
    # 206.84 - 60 x 25/12 - 1.02 x 12/2 = 206.84 - 125 - 6.12 = 75.72
    "es": (
        "Llame a la clínica si tiene dificultad para respirar. Tome mucha agua.",
        "Fernández-Huerta",
        75.72,
    ),
    # Ap-pe-lez le mé-de-cin si vous a-vez du mal à res-pi-rer (10, 17) + Bu-vez
    # beau-coup d'eau (3, 5): 13 words, 22 syllables, 2 sentences.
    # 207 - 1.015 x 13/2 - 73.6 x 22/13 = 207 - 6.5975 - 124.5538 = 75.8487
    "fr": (
        "Appelez le médecin si vous avez du mal à respirer. Buvez beaucoup d'eau.",
        "Kandel-Moles",
        75.8487,
    ),
    # 12 words, 2 sentences; syllables 1 2 1 2 4 3 1 4 | 2 1 1 2: 3 words of 3 or more
    # (MS 25%), 5 of one (ES 41.67%), 4 of more than 6 letters (IW 33.33%), SL 6.
    # 0.1935 x 25 + 0.1672 x 6 + 0.1297 x 33.33 - 0.0327 x 41.67 - 0.875 = 7.9265
    "de": (
        "Die Grippe ist eine ansteckende Erkrankung der Atemwege. Trinken Sie viel Wasser.",
        "Wiener Sachtextformel",
        7.92653,
    ),
    # 53 letters, 11 words, 2 sentences: 89 + (300 x 2 - 10 x 53) / 11 = 95.3636
    "it": (
        "Chiami la clinica se ha difficoltà a respirare. Beva molta acqua.",
        "Gulpease",
        95.3636,
    ),
    # Li-gue pa-ra a clí-ni-ca se ti-ver di-fi-cul-da-de pa-ra res-pi-rar (9, 21) + Be-ba
    # mui-ta á-gua (3, 6): 12 words, 27 syllables, 2 sentences.
    # 248.835 - 1.015 x 6 - 84.6 x 27/12 = 248.835 - 6.09 - 190.35 = 52.395
    "pt": (
        "Ligue para a clínica se tiver dificuldade para respirar. Beba muita água.",
        "Flesch-Martins",
        52.395,
    ),
    # Bel de huis-arts als u moei-lijk a-demt (7 words, 10 syllables) + Drink veel wa-ter
    # (3, 4): 10 words, 14 syllables, 2 sentences.
    # 206.84 - 77 x 14/10 - 0.93 x 10/2 = 206.84 - 107.8 - 4.65 = 94.39
    "nl": ("Bel de huisarts als u moeilijk ademt. Drink veel water.", "Flesch-Douma", 94.39),
    # По-зво-ни-те в кли-ни-ку ес-ли вам труд-но ды-шать (7 words, 14 vowels) + Пей-те
    # мно-го во-ды (3, 6): 10 words, 20 syllables, 2 sentences.
    # 206.835 - 1.3 x 5 - 60.1 x 2 = 80.135
    "ru": (
        "Позвоните в клинику, если вам трудно дышать. Пейте много воды.",
        "Flesch-Oborneva",
        80.135,
    ),
}


@pytest.mark.parametrize("language", sorted(PASSAGES))
def test_each_language_scores_a_known_passage(language: str) -> None:
    text, name, expected = PASSAGES[language]
    formula = readability.for_language(language)
    assert formula is not None and formula.name == name
    assert formula.score(count(text, language)) == pytest.approx(expected, abs=1e-3)


def test_a_regional_tag_uses_its_language() -> None:
    assert readability.for_language("es-MX") is readability.for_language("es")
    assert readability.for_language("pt-BR") is readability.for_language("pt")
    assert readability.for_language("en-US") is readability.FLESCH_KINCAID


@pytest.mark.parametrize(
    ("language", "grade", "target"),
    [
        # --max-grade is the US reading grade, as Flesch-Kincaid gives it in English.
        ("en", 8, 8),
        ("de", 8, 8),  # the Wiener Sachtextformel's Schulstufe: the grade a text suits
        # Flesch's reading-grade table (1949, p. 149): 70-80 is 7th grade, 60-70 8th-9th.
        ("fr", 8, 65),
        ("ru", 6, 80),
        ("ru", 9, 60),
        # Tables of grades completed: reading grade 8 is grade 7 completed.
        ("es", 8, 65),  # 60-70 is "7th or 8th grade" completed
        ("es", 7, 70),  # 70-80 is "6th grade" completed
        ("es", 9, 60),
        ("it", 8, 66.7),  # 7 years of school, between 80 (5 years) and 60 (8 years)
        ("it", 9, 60),  # below 60 is hard after 8 years of school
        ("nl", 8, 70),  # 70-80 is the 6th or 7th class of primary school
        ("pt", 8, 50),  # Martins: 50-75 is 5th to 8th grade, read as reading grades
        ("pt", 6, 62.5),
        ("pt", 20, 0),
        ("es", 2, 100),
    ],
)
def test_targets_follow_the_formulas_grade_tables(
    language: str, grade: float, target: float
) -> None:
    formula = readability.for_language(language)
    assert formula is not None and formula.target(grade) == target


@pytest.mark.parametrize("grade", [5, 6, 7, 8, 9])
def test_a_flesch_band_is_the_same_reading_grade_in_every_language(grade: int) -> None:
    """Fernández-Huerta's table (grades completed) and Flesch's reading-grade table,
    which Kandel-Moles and Oborneva keep, put the same scores at the same reading grade:
    60-70 is grade 7 or 8 completed, and reading grade 8 or 9."""
    spanish, french, russian = (readability.for_language(x) for x in ("es", "fr", "ru"))
    assert spanish is not None and french is not None and russian is not None
    assert spanish.target(grade) == french.target(grade) == russian.target(grade)
    assert [spanish.completed, french.completed, russian.completed] == [True, False, False]


# The report --------------------------------------------------------------------------

DENSE = {
    "es": "Las manifestaciones clínicas características de la enfermedad respiratoria "
    "incluyen fiebre elevada, mialgias generalizadas y postración considerable.",
    "fr": "Les manifestations cliniques caractéristiques de la pathologie respiratoire "
    "comprennent une hyperthermie importante et des myalgies généralisées.",
    "de": "Die charakteristischen klinischen Manifestationen der Atemwegserkrankung "
    "umfassen Hyperthermie, generalisierte Myalgien und ausgeprägte Erschöpfungszustände.",
    "it": "Le manifestazioni cliniche caratteristiche della patologia respiratoria "
    "comprendono ipertermia considerevole, mialgie generalizzate e prostrazione.",
    "pt": "As manifestações clínicas características da enfermidade respiratória "
    "compreendem hipertermia considerável, mialgias generalizadas e prostração.",
    "nl": "De karakteristieke klinische manifestaties van de luchtwegaandoening omvatten "
    "hyperthermie, gegeneraliseerde myalgieën en uitgesproken uitputtingsverschijnselen.",
    "ru": "Характерные клинические проявления респираторного заболевания включают "
    "выраженную гипертермию, генерализованные миалгии и значительную астенизацию.",
}
NAMED = {
    "es": "on the Fernández-Huerta scale",
    "fr": "on the Kandel-Moles scale",
    "de": "on the Wiener Sachtextformel",
    "it": "on the Gulpease index",
    "pt": "on the Flesch-Martins scale",
    "nl": "on the Flesch-Douma scale",
    "ru": "on the Flesch-Oborneva scale",
}


@pytest.mark.parametrize("language", sorted(DENSE))
def test_dense_text_is_reported_with_the_languages_formula(language: str, tmp_path: Path) -> None:
    path = tmp_path / f"{language}.yaml"
    easy = PASSAGES[language][0]
    path.write_text(handout(language, DENSE[language], summary=easy), encoding="utf-8")
    code, stdout = run(path)
    assert code == 3
    lines = stdout.splitlines()
    level = [line for line in lines if "reads at" in line]
    assert level and all(NAMED[language] in line for line in level)
    assert any("hard sentence (" in line and NAMED[language] in line for line in lines)
    assert "grade" not in stdout or language == "de"  # no English grade on other languages
    assert NAMED[language] in lines[-1] and "no prose" not in lines[-1]
    code_json, raw = run(path, "--format", "json")
    reading = json.loads(raw)[0]["reading"]
    formula = readability.for_language(language)
    assert formula is not None
    assert code_json == 3
    assert reading["formula"] == formula.name and reading["language"] == language
    assert reading["scale"] == formula.scale and reading["target"] == formula.target(8)
    assert formula.over(reading["sections"][0]["score"], reading["target"])
    assert not formula.over(reading["summary"], reading["target"])  # the easy passage


def test_a_plain_spanish_sentence_is_not_called_hard(tmp_path: Path) -> None:
    """The English formula called it grade 8.9; Fernández-Huerta gives 9 words, 19
    syllables: 206.84 - 60 x 19/9 - 1.02 x 9 = 71.0, easier than the target of 65."""
    plain = "Llame a la clínica si tiene dificultad para respirar."
    path = tmp_path / "es.yaml"
    path.write_text(handout("es-MX", f"{DENSE['es']}\n{plain}", summary=plain), encoding="utf-8")
    code, stdout = run(path)
    assert code == 3  # the dense sentence
    hard = [line for line in stdout.splitlines() if "hard sentence" in line]
    assert len(hard) == 1 and '"Las manifestaciones' in hard[0]
    assert "Llame" not in stdout
    formula = readability.for_language("es")
    assert formula is not None
    assert formula.score(count(plain, "es")) == pytest.approx(71.0, abs=0.01)


UNMEASURED = {
    "vi": (
        "Vietnamese",
        "Hãy uống nhiều nước và nghỉ ngơi ở nhà cho đến khi bạn cảm thấy khỏe hơn và không "
        "còn sốt trong ít nhất một ngày.",
        "TODO: ghi khi nào cần gọi bác sĩ.",
    ),
    "el": (
        "Greek",
        "Πίνετε πολύ νερό και ξεκουραστείτε στο σπίτι μέχρι να νιώσετε καλύτερα και να μην "
        "έχετε πυρετό για τουλάχιστον μία ολόκληρη ημέρα χωρίς φάρμακα για τον πυρετό.",
        "TODO: πότε να καλέσετε τον γιατρό;",
    ),
    "uk": (
        "Ukrainian",
        "Пийте багато теплої води і відпочивайте вдома доти, доки не почуватиметеся краще і "
        "не матимете гарячки принаймні один повний день без жодних ліків від неї зовсім.",
        "TODO: коли телефонувати лікарю.",
    ),
}


@pytest.mark.parametrize("language", sorted(UNMEASURED))
def test_a_language_without_a_formula_is_not_measured_but_checked(
    language: str, tmp_path: Path
) -> None:
    name, long_sentence, placeholder = UNMEASURED[language]
    assert len(words(long_sentence)) == 26
    path = tmp_path / f"{language}.yaml"
    path.write_text(handout(language, f"{long_sentence}\n{placeholder}"), encoding="utf-8")
    code, stdout = run(path)
    lines = stdout.splitlines()
    assert code == 3
    assert any("sentence of 26 words (aim for 25 or fewer)" in line for line in lines)
    assert any("placeholder left" in line for line in lines)
    assert lines[-1].endswith(
        f"reading level not measured: no reading formula for {name} ({language})"
    )
    assert sum("not measured" in line for line in lines) == 1  # said once
    assert "grade" not in stdout and "reads at" not in stdout and "no prose" not in stdout
    code_json, raw = run(path, "--format", "json")
    report = json.loads(raw)[0]
    assert code_json == 3
    assert report["reading"]["formula"] is None and report["reading"]["handout"] is None
    assert "not measured" in report["reading"]["note"]
    assert {f["kind"] for f in report["findings"]} == {"long-sentence", "placeholder"}


def test_not_measured_alone_is_not_a_finding(tmp_path: Path) -> None:
    path = tmp_path / "vi.yaml"
    path.write_text(handout("vi", "Hãy uống nhiều nước. Nghỉ ngơi ở nhà."), encoding="utf-8")
    code, stdout = run(path)
    assert code == 0
    assert stdout == (
        f"{path}: no findings; reading level not measured: no reading formula for Vietnamese (vi)\n"
    )


def test_max_grade_moves_each_languages_target(tmp_path: Path) -> None:
    path = tmp_path / "es.yaml"
    path.write_text(handout("es", PASSAGES["es"][0]), encoding="utf-8")  # 75.7
    assert run(path)[0] == 0
    code, stdout = run(path, "--max-grade", "5")  # 4th grade completed: 90
    assert code == 3 and "the target is 90 or above" in stdout
    report = check.check_path(path, check.Targets(max_grade=5))
    assert report.formula is not None and report.formula.name == "Fernández-Huerta"
    assert report.grade is None and report.score == pytest.approx(75.72, abs=0.01)


def test_the_docs_list_every_formula(repo_root: Path) -> None:
    text = (repo_root / "docs" / "languages.md").read_text(encoding="utf-8")
    section = text.split("## Reading level", 1)[1]
    for language, formula in readability.FORMULAS.items():
        assert f"(`{language}`) | {formula.name}" in section


PLAIN_FLU = {
    "en": (
        "Flu is a contagious respiratory illness caused by influenza viruses. It can cause "
        "mild to severe illness, and at times can lead to death. The best way to prevent "
        "flu is by getting vaccinated each year.",
        6.8,
    ),
    "es": (
        "La influenza es una enfermedad respiratoria contagiosa provocada por los virus de "
        "la influenza. Puede causar una enfermedad leve o grave y, en ocasiones, puede "
        "llevar a la muerte. La mejor manera de prevenir la influenza es vacunarse todos "
        "los años.",
        67.0,
    ),
    "fr": (
        "La grippe est une infection respiratoire aiguë causée par un virus. Elle se "
        "transmet facilement d'une personne à l'autre. Le meilleur moyen de s'en protéger "
        "est de se faire vacciner chaque année.",
        72.0,
    ),
    "pt": (
        "A gripe é uma infecção do sistema respiratório causada pelo vírus influenza. Ela "
        "passa de uma pessoa para outra com facilidade. A melhor forma de se proteger é "
        "tomar a vacina todos os anos.",
        63.2,
    ),
    "de": (
        "Die Grippe ist eine akute Infektion der Atemwege, die durch Viren verursacht "
        "wird. Sie wird leicht von Mensch zu Mensch übertragen. Der beste Schutz ist eine "
        "jährliche Impfung.",
        5.7,
    ),
    "it": (
        "L'influenza è una malattia respiratoria acuta causata da un virus. Si trasmette "
        "facilmente da una persona all'altra. Il modo migliore per proteggersi è "
        "vaccinarsi ogni anno.",
        68.6,
    ),
    "nl": (
        "Griep is een besmettelijke ziekte van de luchtwegen die wordt veroorzaakt door een "
        "virus. Griep gaat gemakkelijk over van mens op mens. De beste bescherming is elk "
        "jaar een griepprik.",
        74.3,
    ),
    "ru": (
        "Грипп — это острая инфекция дыхательных путей, которую вызывает вирус. Он легко "
        "передаётся от человека к человеку. Лучший способ защититься — делать прививку "
        "каждый год.",
        42.7,
    ),
}


@pytest.mark.parametrize("language", sorted(PLAIN_FLU))
def test_how_strict_each_formula_is_as_docs_languages_says(language: str) -> None:
    """The figures in docs/languages.md: a plain paragraph is within target in every
    language but Russian."""
    text, expected = PLAIN_FLU[language]
    formula = readability.for_language(language)
    assert formula is not None
    score = formula.score(count(text, language))
    assert score is not None and round(score, 1) == expected
    assert formula.over(score, formula.target(8)) == (language == "ru")


def test_the_docs_table_of_targets_is_the_formulas(repo_root: Path) -> None:
    """docs/languages.md says per language which grade table it uses and the targets
    it gives for grades 8, 6 and 7: the same figures as the formulas'."""
    text = (repo_root / "docs" / "languages.md").read_text(encoding="utf-8")
    section = text.split("### How the target is derived", 1)[1].split("\n\n- **", 1)[0]
    names = {f.name: f for f in readability.FORMULAS.values()}
    rows = [line.split(" | ") for line in section.splitlines() if line.startswith("| ")][1:]
    assert len(rows) == len(readability.FORMULAS)
    for row in rows:
        formula = names[row[1]]
        assert row[3].startswith("reading") != formula.completed, row
        shown = [float(x.strip(" |")) for x in row[4:7]]
        assert shown == [formula.target(8), formula.target(6), formula.target(7)], row
