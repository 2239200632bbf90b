"""handout import: plain-text comparison articles -> content files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from handout.authoring import importer
from handout.cli import cli
from handout.errors import InputError
from handout.model import content, yamlfile

ARTICLES = Path(__file__).parent / "data" / "articles"
SEED_NAME = "muscle-atrophy-vs-muscle-denervation.txt"
KIDNEY = ARTICLES / "kidney-three-way.txt"
DOUBTFUL = ARTICLES / "headache-doubtful-rows.txt"
PAGE_LABELS = {"vs.", "Comparison", "Further Detail"}


@pytest.fixture
def seed(repo_root: Path) -> Path:
    path = repo_root.parent / "shared" / "seeds" / SEED_NAME
    if not path.is_file():
        pytest.skip(f"the seed text {path} is not beside this checkout")
    return path


def handout_of(text: str) -> content.Handout:
    return content.from_doc(yamlfile.parse(text, "imported.yaml"))


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, AssertionError | TypeError), result.exception
    return result.exit_code, result.stdout, result.stderr


# The seed ------------------------------------------------------------------------------


def test_seed_table_is_the_shipped_table_cell_for_cell(seed: Path, shipped_content: Path) -> None:
    imported = handout_of(importer.import_text(seed.read_text("utf-8"), "seed.txt").text)
    shipped = content.load(shipped_content)
    assert imported.items == shipped.items
    assert [(r.attribute, r.values) for r in imported.comparison] == [
        (r.attribute, r.values) for r in shipped.comparison
    ]


def test_seed_keeps_every_sentence_and_its_parts(seed: Path, shipped_content: Path) -> None:
    result = importer.import_text(seed.read_text("utf-8"), "seed.txt")
    assert result.doubts == ()
    handout = handout_of(result.text)
    shipped = content.load(shipped_content)
    assert (handout.title, handout.subtitle, handout.disclaimer) == (
        shipped.title,
        shipped.subtitle,
        shipped.disclaimer,
    )
    assert [(s.heading, s.body) for s in handout.sections] == [
        (s.heading, s.body) for s in shipped.sections
    ]
    assert all(s.summary == () for s in handout.sections)  # not invented
    assert handout.meta == content.Meta()  # not invented either
    lines = [line.strip() for line in seed.read_text("utf-8").splitlines() if line.strip()]
    table = lines[lines.index("Comparison") + 1 : lines.index("Further Detail")]
    prose = [line for line in lines if line not in PAGE_LABELS and line not in table]
    text = "\n".join(t for _, t in handout.texts())
    expected = [s for line in prose for s in sentences(line)]
    assert len(expected) > 40
    assert [s for s in expected if s not in text] == []


def test_import_is_byte_for_byte_repeatable(seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "content"
    code, stdout, _ = run("import", str(seed), "-o", str(out))
    assert code == 0, stdout
    written = out / "muscle-atrophy-vs-muscle-denervation.yaml"
    first = written.read_bytes()
    assert run("import", str(seed), "-o", str(out), "--force")[0] == 0
    assert written.read_bytes() == first
    assert first == importer.import_text(seed.read_text("utf-8"), str(seed)).text.encode()
    assert sorted(p.name for p in out.iterdir()) == [written.name]  # no temporary file left
    assert run("validate", str(written))[0] == 0


def test_written_yaml_is_laid_out_for_people(seed: Path) -> None:
    text = importer.import_text(seed.read_text("utf-8"), "seed.txt").text
    assert "summary: |\n  Muscle atrophy and muscle denervation are both" in text
    assert "    body: |\n" in text
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "# Imported from seed.txt" in text
    assert "\nmeta:" not in text and "#   reviewed: YYYY-MM-DD" in text


# Own articles --------------------------------------------------------------------------


def test_three_items_with_unusual_capitals_split_with_confidence() -> None:
    result = importer.import_text(KIDNEY.read_text("utf-8"), "kidney.txt")
    assert result.doubts == ()
    assert result.name == "acute-kidney-injury-vs-chronic-kidney-disease-vs-kidney-stones.yaml"
    handout = handout_of(result.text)
    assert handout.items == ("Acute Kidney Injury", "Chronic Kidney Disease", "Kidney Stones")
    rows = {r.attribute: sum(r.values, ()) for r in handout.comparison}  # one line each
    assert rows == {
        "Cause": (
            "Sudden drop in blood flow, an infection or a medicine",
            "Years of diabetes or high blood pressure",
            "Minerals in urine that form crystals",
        ),
        "Typical age at onset": ("60 or older", "Over 40", "Between 30 and 50"),
        "Key blood test": ("eGFR and creatinine", "eGFR over time", "Usually normal"),
        "Best imaging test": ("Ultrasound", "Ultrasound", "CT scan"),
        "Other scans": ("MRI of the kidneys", "MRI if needed", "X-ray"),
        "Treatment": (
            "Fluids and stopping harmful drugs",
            "Blood pressure control (ACE inhibitors)",
            "Drinking more water",
        ),
        "Reversible": ("Often, within weeks", "No", "Stones pass or are removed"),
        "Urine pH": ("Normal", "Normal", "Often below 5.5"),
        # "YouTube" is one word because the article's prose writes it so.
        "Where to learn more": ("Clinic class", "Video on YouTube", "Kidney Foundation leaflet"),
    }
    treatment = next(s for s in handout.sections if s.heading == "Treatment")
    assert len(treatment.body) == 2  # two paragraphs under one heading
    assert [s.heading for s in handout.sections] == [
        "Introduction",
        "Causes",
        "Diagnosis",
        "Treatment",
        "Outlook",
    ]


def test_rows_split_by_guesswork_are_marked_and_reported(tmp_path: Path) -> None:
    code, stdout, stderr = run("import", str(DOUBTFUL), "-o", str(tmp_path))
    assert code == 0  # the file was written
    written = tmp_path / "tension-headache-vs-migraine.yaml"
    text = written.read_text("utf-8")
    assert f"wrote {written}" in stdout and "3 rows to check" in stdout
    lines = text.splitlines()
    marked = {
        original: lines[i + 1]
        for i, line in enumerate(lines)
        for original in re.findall(
            r'^  # CHECK: could not split this row with confidence: "(.*)"$', line
        )
    }
    assert marked == {
        "Onsetslowly, over hoursSudden, often after warning signs": (
            "  - attribute: Onsetslowly, over hours"
        ),
        "Where to learn moreClinic classVideo on YouTube": "  - attribute: Where to learn more",
        "Tablet strength5 mgUp to 10 mgAs told": "  - attribute: Tablet strength",
    }
    messages = stderr.strip().splitlines()
    source = yamlfile.display_name(DOUBTFUL)
    assert len(messages) == 3
    assert messages[0].startswith(f"{source}:13: comparison[1]: could not split this row")
    assert "found only 1 of the 2 places where one cell ends" in messages[0]
    assert messages[1].startswith(f"{source}:15: comparison[3]:")
    assert "it could be split 3 ways" in messages[1]
    assert messages[2].startswith(f"{source}:16: comparison[4]:")
    assert "it could be split 3 ways" in messages[2]
    assert all(m.endswith(f"(in {written})") for m in messages)
    handout = content.load(written)  # the best guess is still valid content
    rows = {r.attribute: sum(r.values, ()) for r in handout.comparison}  # one line each
    assert rows["Cause"] == ("Tight muscles and stress", "Changes in brain activity and nerves")
    assert rows["How long it lasts"] == ("30 minutes to 7 days", "4 to 72 hours")
    # The most plausible of the three cuts: its edges fall between words the article uses.
    assert rows["Where to learn more"] == ("Clinic class", "Video on YouTube")


@pytest.mark.parametrize(
    ("row", "n_cells", "cells"),
    [
        ("OnsetGradualSudden", 3, ("Onset", "Gradual", "Sudden")),
        ("Test used(EMG)Blood test", 3, ("Test used", "(EMG)", "Blood test")),
        ("Test usedEMGBlood test", 3, ("Test used", "EMG", "Blood test")),
        ("Kidney functionLow eGFRNormal eGFR", 3, ("Kidney function", "Low eGFR", "Normal eGFR")),
        ("Age at onset50 or olderAny age", 3, ("Age at onset", "50 or older", "Any age")),
        ("Can you drive?NoNoYes", 4, ("Can you drive?", "No", "No", "Yes")),
        ("Named afterMcArdleMcLeod", 3, ("Named after", "McArdle", "McLeod")),
        ("Where to goGPUrgent careER", 4, ("Where to go", "GP", "Urgent care", "ER")),
        ("Blood sugar60 mg/dLUnder 100 mg/dL", 3, ("Blood sugar", "60 mg/dL", "Under 100 mg/dL")),
    ],
)
def test_cells_are_found_where_capitals_are_unusual(
    row: str, n_cells: int, cells: tuple[str, ...]
) -> None:
    assert importer.split_row(row, n_cells) == importer.Split(cells)


@pytest.mark.parametrize(
    ("row", "n_cells", "doubt"),
    [
        # Too few places: a cell starting in lowercase, two acronyms glued together.
        ("Onsetgradual over monthsSudden", 3, "only 1 of the 2 places"),
        ("Best testMRICT scan", 3, "only 1 of the 2 places"),
        ("Best testscanscan", 3, "only 0 of the 2 places"),
        # Too many clear places: a capital inside a word.
        ("Teaching aidPowerPoint slidesPrinted leaflet", 3, "split 3 ways"),
        # Too few clear places and too many doubtful ones.
        ("Dose5 mgUp to 10 mgAs told", 3, "split 3 ways"),
    ],
)
def test_each_kind_of_doubt_is_named(row: str, n_cells: int, doubt: str) -> None:
    split = importer.split_row(row, n_cells)
    assert doubt in split.doubt
    assert len(split.cells) == n_cells and all(split.cells)
    assert "".join(split.cells).replace(" ", "") == row.replace(" ", "")  # nothing lost


def test_the_most_plausible_cut_uses_the_articles_words() -> None:
    words = frozenset({"teaching", "aid", "slides", "printed", "leaflet"})
    split = importer.split_row("Teaching aidPowerPoint slidesPrinted leaflet", 3, (), words)
    assert split.cells == ("Teaching aid", "PowerPoint slides", "Printed leaflet")
    assert split.doubt
    with_term = importer.split_row(
        "Teaching aidPowerPoint slidesPrinted leaflet", 3, ["PowerPoint"]
    )
    assert with_term == importer.Split(("Teaching aid", "PowerPoint slides", "Printed leaflet"))


# Broken articles -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("no-further-detail.txt", 9, 'the line "Further Detail" is missing after the table'),
        ("no-comparison.txt", 17, 'the line "Comparison" is missing before "Further Detail"'),
        ("empty-table.txt", 9, 'the table under "Comparison" is empty'),
    ],
)
def test_structurally_broken_articles_name_file_line_and_what_is_missing(
    name: str, line: int, message: str, tmp_path: Path
) -> None:
    path = ARTICLES / name
    code, stdout, stderr = run("import", str(path), "-o", str(tmp_path))
    assert code == 2
    assert stderr.startswith(f"{yamlfile.display_name(path)}:{line}: {message}")
    assert list(tmp_path.iterdir()) == []


def broken(text: str) -> str:
    with pytest.raises(InputError) as caught:
        importer.import_text(text, "a.txt")
    return caught.value.format_message()


def test_other_layout_mistakes_are_reported_with_their_line(seed: Path) -> None:
    text = seed.read_text("utf-8")
    assert broken("").startswith("a.txt: the file is empty")
    assert broken(text.replace("What's the Difference?", "Overview")).startswith(
        'a.txt:3: the line "What\'s the Difference?" is missing after the title'
    )
    assert broken(text.replace("Muscle Atrophy vs. Muscle Denervation", "Muscles", 1)).startswith(
        "a.txt:3: expected the title, e.g. 'Muscle Atrophy vs. Muscle Denervation', found 'Muscles'"
    )
    five = "A vs. B vs. C vs. D vs. E"
    assert "names 5 items" in broken(text.replace("Muscle Atrophy vs. Muscle Denervation", five, 1))
    assert "the table header 'AttributeMuscle AtrophyNerve Loss'" in broken(
        text.replace(
            "AttributeMuscle AtrophyMuscle Denervation", "AttributeMuscle AtrophyNerve Loss"
        )
    )
    no_rows = re.sub(
        r"(AttributeMuscle AtrophyMuscle Denervation\n).*?\n\n", r"\1\n", text, flags=re.S
    )
    assert "a.txt:11: the table has a header but no rows" in broken(no_rows)
    assert "a.txt:12: the row 'Ca' is too short for 3 cells" in broken(
        text.replace(
            "CauseLack of muscle use or stimulationLoss of nerve supply to the muscle", "Ca"
        )
    )
    message = broken(text.replace("\n\nSymptoms\n\n", "\n\nSymptoms\n\nTreatment\n\n", 1))
    assert "the heading 'Symptoms' has no paragraph under it" in message
    assert "a.txt:5: unexpected text between the title" in broken(
        text.replace("\n\nWhat's", "\n\nA stray line\n\nWhat's", 1)
    )
    assert 'text under "Further Detail" before the first section heading' in broken(
        text.replace("Further Detail\n\n", "Further Detail\n\nA paragraph first.\n\n", 1)
    )
    assert "contains the control character U+0007" in broken(text.replace("Gradual", "Grad\x07ual"))


def test_all_problems_of_an_article_are_reported_at_once(seed: Path) -> None:
    text = seed.read_text("utf-8").replace("Comparison\n", "").replace("Further Detail\n", "")
    message = broken(text)
    assert '"Comparison" is missing' in message and '"Further Detail" is missing' in message


# Files and folders ---------------------------------------------------------------------


def test_a_folder_means_its_txt_files(seed: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "seed.txt").write_bytes(seed.read_bytes())
    (folder / "kidney.txt").write_bytes(KIDNEY.read_bytes())
    (folder / "notes.md").write_text("not an article")
    out = tmp_path / "out"
    code, stdout, _ = run("import", str(folder), "-o", str(out))
    assert code == 0, stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "acute-kidney-injury-vs-chronic-kidney-disease-vs-kidney-stones.yaml",
        "muscle-atrophy-vs-muscle-denervation.yaml",
    ]
    assert run("validate", str(out))[0] == 0


def test_refuses_to_overwrite_without_force(seed: Path, tmp_path: Path) -> None:
    target = tmp_path / "muscle-atrophy-vs-muscle-denervation.yaml"
    target.write_text("a nurse's edits")
    code, _, stderr = run("import", str(seed), "-o", str(tmp_path))
    assert code == 2
    assert stderr.strip() == f"{target}: already exists; use --force to replace it"
    assert target.read_text() == "a nurse's edits"
    assert run("import", str(seed), "-o", str(tmp_path), "--force")[0] == 0
    assert target.read_text("utf-8").startswith("# Patient handout")


def test_nothing_is_written_when_one_article_of_many_is_broken(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_bytes(KIDNEY.read_bytes())
    (folder / "bad.txt").write_bytes((ARTICLES / "empty-table.txt").read_bytes())
    code, _, stderr = run("import", str(folder), "-o", str(tmp_path / "out"))
    assert code == 2 and "bad.txt:9:" in stderr
    assert not (tmp_path / "out").exists()


def test_two_articles_with_one_title_are_refused(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_bytes(KIDNEY.read_bytes())
    (folder / "b.txt").write_bytes(KIDNEY.read_bytes())
    code, _, stderr = run("import", str(folder), "-o", str(tmp_path / "out"))
    assert code == 2 and "has the same title as" in stderr


def test_unusable_paths_are_refused(tmp_path: Path) -> None:
    assert "no such file or folder" in run("import", str(tmp_path / "nope.txt"))[2]
    assert "folder holds no .txt files" in run("import", str(tmp_path))[2]
    a_file = tmp_path / "out"
    a_file.write_text("")
    code, _, stderr = run("import", str(KIDNEY), "-o", str(a_file))
    assert code == 2 and "out: is a file, not a folder" in stderr


def test_windows_line_ends_and_a_byte_order_mark_change_nothing(tmp_path: Path) -> None:
    article = KIDNEY.read_text("utf-8")
    windows = tmp_path / "kidney.txt"
    windows.write_bytes(b"\xef\xbb\xbf" + article.replace("\n", "\r\n").encode("utf-8"))
    [imported] = importer.import_files([windows])
    assert imported.text == importer.import_text(article, "kidney.txt").text
