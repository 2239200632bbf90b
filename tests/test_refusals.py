""" "valid" means "will build": every refusal ``build`` can give before laying out pages is
given by ``validate`` too (and by ``batch``), and ``check`` never says "no findings" on
a file ``build`` refuses. End to end, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from pdfcheck import content_yaml

from handout.cli import cli

LONG_ID = "-".join(["ABCDEFGHIJKLMNOPQRSTUVWXYZ"] * 4)

# (case, the content's fields, what build says about them)
REFUSED = [
    ("placeholder", {"title": "TODO: the title"}, 'still holds the placeholder "TODO: the title"'),
    # Linear B: a script no font of any style here draws
    ("missing-glyphs", {"title": "Alpha \U00010000 vs. Beta"}, "no font of this style can print "),
    (
        "footer-too-long",
        {"meta": {"id": LONG_ID, "version": "1.0"}},
        "meta.id: is too long for the footer",
    ),
]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def handout(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args), prog_name="handout")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def problem_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("h.yaml:")]


@pytest.mark.parametrize(("fields", "said"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_validate_refuses_what_build_refuses_with_the_same_message(
    fields: dict[str, object], said: str
) -> None:
    Path("h.yaml").write_text(content_yaml(**fields), encoding="utf-8")
    built = handout("build", "h.yaml")
    assert built.exit_code == 2 and said in built.stderr
    assert not Path("output/h.pdf").exists()
    validated = handout("validate", "h.yaml")
    assert validated.exit_code == 2
    assert problem_lines(validated.stdout) == problem_lines(built.stderr)
    assert validated.stdout.endswith("0 valid, 1 invalid\n")
    # batch refuses it the same way, and builds the rest
    batched = handout("batch", "h.yaml", "-o", "out/", "--quiet")
    assert batched.exit_code == 2 and said in batched.output


@pytest.mark.parametrize(
    ("fields", "said"), [c[1:] for c in REFUSED[1:]], ids=[c[0] for c in REFUSED[1:]]
)
def test_check_reports_what_build_refuses_as_findings_never_no_findings(
    fields: dict[str, object], said: str
) -> None:
    Path("h.yaml").write_text(content_yaml(**fields), encoding="utf-8")
    checked = handout("check", "h.yaml")
    assert checked.exit_code == 3
    found = [line for line in checked.stdout.splitlines() if said in line]
    assert len(found) == 1 and found[0].startswith("h.yaml:")
    assert "no findings" not in checked.stdout
    as_json = handout("check", "h.yaml", "--format", "json")
    kinds = [f["kind"] for f in json.loads(as_json.stdout)[0]["findings"]]
    assert "build-refusal" in kinds


def test_check_reports_a_placeholder_once_as_a_finding() -> None:
    Path("h.yaml").write_text(content_yaml(title="TODO: the title"), encoding="utf-8")
    checked = handout("check", "h.yaml")
    assert checked.exit_code == 3 and checked.stdout.count("placeholder") == 1


def test_a_file_that_builds_is_valid_and_a_draft_is_valid_with_draft() -> None:
    Path("ok.yaml").write_text(content_yaml(), encoding="utf-8")
    Path("todo.yaml").write_text(content_yaml(title="TODO: the title"), encoding="utf-8")
    assert handout("validate", "ok.yaml").stdout == "ok.yaml: valid\n1 valid, 0 invalid\n"
    assert handout("build", "todo.yaml", "--draft").exit_code == 0
    drafted = handout("validate", "todo.yaml", "ok.yaml", "--draft")
    assert drafted.exit_code == 0 and drafted.stdout.endswith("2 valid, 0 invalid\n")


def test_validate_checks_content_in_the_style_and_paper_build_would_use() -> None:
    # An ID that fits on A4 in the default style but not in large print on Letter.
    meta = {"id": "HANDOUT-" + "0123456789" * 5, "version": "1.0"}
    Path("h.yaml").write_text(content_yaml(meta=meta), encoding="utf-8")
    assert handout("build", "h.yaml").exit_code == 0
    assert handout("validate", "h.yaml").exit_code == 0
    built = handout("build", "h.yaml", "--style", "large-print")
    assert built.exit_code == 2 and "too long for the footer" in built.stderr
    validated = handout("validate", "h.yaml", "--with-style", "large-print")
    assert validated.exit_code == 2
    assert problem_lines(validated.stdout) == problem_lines(built.stderr)
    unknown = handout("validate", "h.yaml", "--with-style", "nope")
    assert unknown.exit_code == 2 and "nope: no style of that name" in unknown.stderr


def test_a_manifest_is_valid_only_when_each_handout_it_lists_builds_in_its_style() -> None:
    meta = {"id": "HANDOUT-" + "0123456789" * 5, "version": "1.0"}
    Path("h.yaml").write_text(content_yaml(meta=meta), encoding="utf-8")
    Path("run.yaml").write_text(
        yaml.safe_dump(
            {"jobs": [{"content": "h.yaml"}, {"content": "h.yaml", "style": "large-print"}]}
        ),
        encoding="utf-8",
    )
    batched = handout("batch", "--manifest", "run.yaml", "-o", "out/", "--quiet")
    assert batched.exit_code == 2 and "too long for the footer" in batched.output
    validated = handout("validate", "run.yaml")
    assert validated.exit_code == 2
    assert len(problem_lines(validated.stdout)) == 1
    assert (
        "h.yaml:" in validated.stdout and "meta.id: is too long for the footer" in validated.stdout
    )


def test_a_source_date_build_cannot_use_is_refused_by_validate_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    Path("h.yaml").write_text(content_yaml(), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    built = handout("build", "h.yaml")
    said = "SOURCE_DATE_EPOCH='yesterday' is not a date"
    assert built.exit_code == 2 and said in built.stderr
    validated = handout("validate", "h.yaml")
    assert validated.exit_code == 2 and said in validated.stdout
    assert validated.stdout.endswith("0 valid, 1 invalid\n")
