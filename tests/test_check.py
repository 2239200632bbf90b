"""handout check: reading level, long sentences, structure and currency."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from fresh import START

from handout.authoring import check, readability
from handout.cli import cli

TODAY = dt.date(2026, 6, 1)
SIMPLE = "The cat sat on the mat. It was a sunny day. We like to play in the sun."
DENSE = (
    "Diagnosing muscle atrophy typically involves a physical examination, medical history "
    "review, and possibly imaging tests such as MRI or CT scans. Blood tests may also be "
    "conducted to rule out underlying medical conditions. Muscle denervation, on the other "
    "hand, may require electromyography (EMG) and nerve conduction studies to assess nerve "
    "function and muscle response."
)
LONG = (
    "You can go for a walk in the park or sit in the sun or read a book or call a friend "
    "and have a nap."
)  # 26 short words


def handout_text(
    summary: str = "A cold is mild. The flu makes you feel very sick. Rest and drink water.",
    body: str = "Stay in bed. Drink lots of water.\nCall us if you get worse.",
    section_summary: str | None = "Rest at home.",
    meta: str = "meta:\n  id: GEN-001\n  reviewed: 2026-01-15\n",
    summary_last: bool = False,
    acting: str = "get_help:\n  call_us:\n    - You get worse.\nactions:\n  - Rest at home.\n",
) -> str:
    summary_yaml = "summary: |\n" + textwrap.indent(textwrap.fill(summary, 70), "  ") + "\n"
    key_point = f"    summary: {section_summary}\n" if section_summary else ""
    text = (
        "title: Cold vs. Flu\n"
        "items:\n  - Cold\n  - Flu\n"
        + ("" if summary_last else summary_yaml)
        + "comparison:\n  - attribute: Fever\n    values:\n      - Rare\n      - Common\n"
        "sections:\n"
        "  - heading: Care\n"
        + key_point
        + "    body: |\n"
        + textwrap.indent(body, "      ")
        + "\n"
        + (summary_yaml if summary_last else "")
        + "disclaimer: Ask your nurse.\n"
        + meta
        + acting
    )
    return text


def findings(text: str, **targets: object) -> list[check.Finding]:
    report = check.check_text(text, "h.yaml", check.Targets(today=TODAY, **targets))  # type: ignore[arg-type]
    assert report.valid, report.problems
    return list(report.findings)


def kinds(text: str, **targets: object) -> list[str]:
    return [f.kind for f in findings(text, **targets)]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, AssertionError | TypeError), result.exception
    return result.exit_code, result.stdout, result.stderr


# Reading level -------------------------------------------------------------------------


def test_grade_of_texts_of_known_level() -> None:
    assert readability.grade(SIMPLE) < 5
    assert readability.grade(DENSE) > 12  # type: ignore[operator]
    assert readability.grade("") is None


@pytest.mark.parametrize(
    ("word", "count"),
    [
        ("the", 1),
        ("muscle", 2),
        ("atrophy", 3),
        ("denervation", 4),
        ("medication", 4),
        ("life", 1),
        ("changes", 2),
        ("needed", 2),
        ("created", 3),
        ("video", 3),
        ("MRI", 3),
        ("2026", 4),
        ("long-term", 2),
        ("don't", 1),
    ],
)
def test_syllables(word: str, count: int) -> None:
    assert readability.syllables(word) == count


def test_sentences_are_not_cut_at_abbreviations() -> None:
    text = "Take it with food, e.g. toast. Call Dr. Lee if it hurts. Then rest! Is it 5 p.m.? Yes."
    assert readability.sentences(text) == [
        "Take it with food, e.g. toast.",
        "Call Dr. Lee if it hurts.",
        "Then rest!",
        "Is it 5 p.m.?",
        "Yes.",
    ]


def test_a_simple_handout_has_no_findings(tmp_path: Path) -> None:
    assert findings(handout_text()) == []
    path = tmp_path / "h.yaml"
    path.write_text(handout_text())
    code, stdout, _ = run("check", str(path), "--as-of", "2026-06-01")
    assert code == 0
    grade = check.check_text(handout_text(), "h", check.Targets(today=TODAY)).grade
    assert stdout == f"{path}: no findings; reading level grade {grade:.1f} (target 8 or below)\n"


def test_a_dense_summary_is_over_target_and_its_hardest_sentences_named() -> None:
    found = findings(handout_text(summary=DENSE))
    level = [f for f in found if f.kind == "reading-level"]
    assert [f.path for f in level] == ["", "summary"]
    assert level[1].line == 5 and "the summary reads at grade 1" in level[1].message
    hard = [f for f in found if f.kind == "hard-sentence"]
    assert len(hard) == 2  # at most two per part, hardest first
    assert hard[0].message.startswith("hard sentence (grade ")
    assert '"Diagnosing muscle atrophy typically' in hard[0].message
    assert hard[0].line == 6  # the line the sentence starts on, not the key's
    assert '"Muscle denervation, on the other hand' in hard[1].message
    assert hard[1].line == 9
    assert "for the whole handout" not in level[0].message
    assert level[0].message.startswith("the whole handout reads at grade")
    # A higher target lets it pass.
    assert "reading-level" not in kinds(handout_text(summary=DENSE), max_grade=20)


def test_a_dense_section_is_named_by_its_heading() -> None:
    found = findings(handout_text(body=DENSE))
    assert any(
        f.kind == "reading-level" and f.path == "sections[0]" and f.message.startswith('"Care"')
        for f in found
    )
    assert {f.path for f in found if f.kind == "hard-sentence"} == {"sections[0].body"}


def test_long_sentences() -> None:
    found = findings(handout_text(body=LONG))
    long = [f for f in found if f.kind == "long-sentence"]
    assert len(long) == 1
    assert long[0].path == "sections[0].body"
    assert long[0].message.startswith("sentence of 26 words (aim for 25 or fewer)")
    assert "long-sentence" not in kinds(handout_text(body=LONG.replace(" and have a nap", "")))


def test_a_hard_sentence_that_is_also_long_is_one_finding(tmp_path: Path) -> None:
    hard_and_long = (
        "Diagnosing muscle atrophy typically involves a comprehensive physical examination, "
        "detailed medical history review, electromyography, and possibly sophisticated "
        "imaging investigations such as magnetic resonance imaging for adults and for "
        "children alike."
    )
    (tmp_path / "h.yaml").write_text(handout_text(body=hard_and_long), encoding="utf-8")
    code, out, _ = run("check", str(tmp_path / "h.yaml"))
    assert code == 3
    lines = [line for line in out.splitlines() if '"Diagnosing muscle' in line]
    assert len(lines) == 1
    assert lines[0].split(": ", 2)[2].startswith("hard sentence (grade ")
    assert ") of 30 words (aim for 25 or fewer): " in lines[0]
    assert "sentence of " not in out


def test_placeholders_are_reported_once_and_left_out_of_the_reading_level(tmp_path: Path) -> None:
    # handout new's own TODO text, hard to read, is not the handout's: one finding each.
    summary = "TODO: " + DENSE
    (tmp_path / "h.yaml").write_text(handout_text(summary=summary), encoding="utf-8")
    code, out, _ = run("check", str(tmp_path / "h.yaml"))
    assert code == 3
    about_summary = [line for line in out.splitlines() if ": summary: " in line]
    assert len(about_summary) == 1 and "placeholder left: " in about_summary[0]
    assert "reads at" not in out and "hard sentence" not in out and "sentence of" not in out
    fresh = tmp_path / "new.yaml"
    assert run("new", "Cold", "Flu", "-o", str(fresh))[0] == 0
    code, out, _ = run("check", str(fresh))
    placeholders = fresh.read_text(encoding="utf-8").count("TODO:") - 1  # one is a comment
    assert code == 3 and out.count("placeholder left: ") == placeholders
    assert "reads at" not in out and "hard sentence" not in out and "sentence of" not in out
    assert out.splitlines()[-1].endswith("; no prose (target 8 or below)")


# Structure -----------------------------------------------------------------------------


def test_a_long_summary() -> None:
    summary = " ".join(["Rest and drink water."] * 31)  # 124 words
    found = [f for f in findings(handout_text(summary=summary)) if f.kind == "summary-length"]
    assert len(found) == 1 and "124 words; keep it to 120 or fewer" in found[0].message


def test_the_summary_comes_first() -> None:
    found = [f for f in findings(handout_text(summary_last=True)) if f.kind == "summary-order"]
    assert len(found) == 1 and "comes after comparison (line 5)" in found[0].message


def test_every_section_has_a_summary() -> None:
    found = [f for f in findings(handout_text(section_summary=None)) if f.kind == "section-summary"]
    assert [(f.path, f.line) for f in found] == [("sections[0]", 14)]
    assert found[0].message.startswith('"Care" has no summary')


def test_placeholders_are_found_on_their_line() -> None:
    text = handout_text(body="Stay in bed.\nTODO: say when to call.", section_summary="TBD")
    found = [f for f in findings(text) if f.kind == "placeholder"]
    assert [(f.path, f.line) for f in found] == [
        ("sections[0].summary", 15),
        ("sections[0].body", 18),
    ]
    assert found[1].message == 'placeholder left: "Stay in bed. TODO: say when to call."'
    assert "placeholder" not in kinds(handout_text(body="Todo lists help."))


# Currency --------------------------------------------------------------------------------


def test_review_dates() -> None:
    def review(meta: str, **targets: object) -> list[check.Finding]:
        return [f for f in findings(handout_text(meta=meta), **targets) if "review" in f.kind]

    overdue = review("meta:\n  id: X\n  reviewed: 2024-05-31\n")
    assert [(f.kind, f.path, f.line) for f in overdue] == [("review-overdue", "meta.reviewed", 22)]
    assert overdue[0].message.startswith(
        "last reviewed 2024-05-31, more than 24 months ago (review was due 2026-05-31)"
    )
    assert review("meta:\n  id: X\n  reviewed: 2024-06-01\n") == []  # due today: not yet late
    assert review("meta:\n  id: X\n  reviewed: 2025-11-30\n", review_months=6)[0].kind == (
        "review-overdue"
    )
    missing = review("meta:\n  id: X\n")
    assert [(f.kind, f.line) for f in missing] == [("review-missing", 20)]  # at meta:
    assert review("")[0].line is None  # no meta at all: no line to point at
    future = review("meta:\n  id: X\n  reviewed: 2026-07-01\n")
    assert future[0].kind == "review-future" and "after today (2026-06-01)" in future[0].message


def test_a_missing_id() -> None:
    found = [f for f in findings(handout_text(meta="")) if f.kind == "id-missing"]
    assert len(found) == 1 and str(found[0]).startswith("h.yaml: meta.id: no handout ID")


def test_as_of_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(handout_text())
    assert run("check", str(path), "--as-of", "2026-06-01")[0] == 0
    code, stdout, _ = run("check", str(path), "--as-of", "2028-02-01")
    assert code == 3 and "review was due 2028-01-15" in stdout
    assert run("check", str(path), "--as-of", "2028-02-01", "--review-months", "36")[0] == 0


def test_add_months() -> None:
    assert check.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    assert check.add_months(dt.date(2024, 11, 15), 24) == dt.date(2026, 11, 15)
    assert check.add_months(dt.date(2024, 12, 1), 1) == dt.date(2025, 1, 1)


# The report ------------------------------------------------------------------------------


def test_json_and_text_give_the_same_findings(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    path.write_text(handout_text(summary=DENSE, body=LONG, section_summary=None, meta=""))
    code, text, _ = run("check", str(path), "--as-of", "2026-06-01")
    code_json, raw, _ = run("check", str(path), "--as-of", "2026-06-01", "--format", "json")
    assert code == code_json == 3
    reports = json.loads(raw)
    assert len(reports) == 1 and reports[0]["valid"] is True
    from_json = [
        str(check.Finding(f["file"], f["line"], f["path"], f["kind"], f["message"]))
        for f in reports[0]["findings"]
    ]
    lines = text.splitlines()
    assert lines[:-1] == from_json
    assert len(from_json) >= 7
    grades = reports[0]["grades"]
    assert grades["summary"] > 12 and grades["sections"][0]["heading"] == "Care"
    assert lines[-1] == (
        f"{path}: {len(from_json)} findings; reading level grade {grades['handout']:.1f} "
        "(target 8 or below)"
    )


def test_invalid_content_is_reported_as_validate_reports_it(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("title: X\nitems: [A]\n")
    code, stdout, _ = run("check", str(path))
    _, validated, _ = run("validate", str(path))
    assert code == 2
    assert stdout.splitlines()[:-1] == validated.splitlines()[:-1]
    assert stdout.splitlines()[-1] == f"{path}: invalid, not checked"
    code, raw, _ = run("check", str(path), "--format", "json")
    assert code == 2
    report = json.loads(raw)[0]
    assert report["valid"] is False and report["grades"] is None
    assert report["problems"][0]["file"] == str(path)


def test_a_folder_gives_a_report_per_file_and_a_total(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(handout_text())
    (tmp_path / "b.yaml").write_text(handout_text(section_summary=None))
    code, stdout, _ = run("check", str(tmp_path), "--as-of", "2026-06-01")
    assert code == 3
    lines = stdout.splitlines()
    assert lines[0].startswith(f"{tmp_path / 'a.yaml'}: no findings")
    assert lines[-1] == "2 files checked: 1 finding"


def test_rows_imported_by_guesswork_are_reported(tmp_path: Path) -> None:
    article = Path(__file__).parent / "data" / "articles" / "headache-doubtful-rows.txt"
    assert run("import", str(article), "-o", str(tmp_path))[0] == 0
    path = tmp_path / "tension-headache-vs-migraine.yaml"
    lines = path.read_text("utf-8").splitlines()
    marks = [n for n, line in enumerate(lines, 1) if line.startswith("  # CHECK:")]
    report = check.check_path(path, check.Targets(today=TODAY))
    found = [f for f in report.findings if f.kind == "import-check"]
    assert [(f.line, f.path) for f in found] == list(
        zip(marks, ["comparison[1]", "comparison[3]", "comparison[4]"], strict=True)
    )
    # An imported article misses what the importer must not invent.
    assert {"section-summary", "review-missing", "id-missing"} <= {f.kind for f in report.findings}


def test_the_shipped_handout(shipped_content: Path) -> None:
    code, stdout, _ = run("check", str(shipped_content))
    report = check.check_path(shipped_content, check.Targets())
    assert report.valid and report.grade is not None
    assert code == (3 if report.findings else 0)
    assert stdout.splitlines() == report.lines(check.Targets())
    assert stdout.splitlines()[-1].endswith(
        f"reading level grade {report.grade:.1f} (target 8 or below)"
    )


# Offline and light ---------------------------------------------------------------------

OFFLINE = """
import socket, sys

def refuse(*args, **kwargs):
    raise OSError("network used")

socket.socket = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from handout.cli import cli
sys.exit(cli.main(sys.argv[1:], standalone_mode=False))
"""


def test_check_works_offline(shipped_content: Path) -> None:
    # It loads the PDF's fonts (to report what build would refuse), but fetches nothing.
    done = subprocess.run(
        [sys.executable, "-c", OFFLINE, "check", str(shipped_content)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 3, done.stderr
    assert "network used" not in done.stderr
    assert done.stdout.strip().endswith("(target 8 or below)")


def test_import_and_new_do_not_load_pyphen() -> None:
    code = (
        START + "import handout.commands.import_cmd, handout.commands.new_cmd\n"
        "print([m for m in NEW() if m.split('.')[0] in ('pyphen', 'reportlab')])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr


def test_readme_shows_what_check_says_about_the_shipped_handout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The README's report is the command's real output (judged as of the day it was taken)."""
    import re

    repo = Path(__file__).resolve().parents[1]
    monkeypatch.chdir(repo)
    readme = (repo / "README.md").read_text(encoding="utf-8")
    block = re.search(r"\$ handout check (\S+)\n(.*?)```", readme, re.S)
    assert block, "README has no check report"
    result = CliRunner().invoke(cli, ["check", block.group(1), "--as-of", "2026-11-29"])
    assert result.exit_code == 3
    assert result.output == block.group(2)
