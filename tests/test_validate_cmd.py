"""``handout validate``: what it prints and the exit status for each kind of input."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from handout.cli import cli

Writer = Callable[[Path, str, "str | bytes"], Path]

INVALID = "title: Cold\nitems: [Cold]\nsummary: x\ncomparison: []\nsections: []\n"


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``handout validate ARGS`` from ``tmp_path``; never a traceback."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(cli, ["validate", *args])
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        return result

    return invoke


@pytest.fixture
def good(tmp_path: Path, shipped_content: Path) -> Path:
    return Path(shutil.copy(shipped_content, tmp_path / "good.yaml"))


def test_the_shipped_content_folder_is_valid(
    repo_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(repo_root)
    result = CliRunner().invoke(cli, ["validate", "content/"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{Path('content/cold-vs-flu.yaml')}: valid\n"
        f"{Path('content/muscle-atrophy-vs-muscle-denervation.yaml')}: valid\n2 valid, 0 invalid\n"
    )


def test_an_invalid_file_exits_2_with_every_problem(
    run: Callable[..., Result], tmp_path: Path, write: Writer
) -> None:
    write(tmp_path, "bad.yaml", INVALID)
    result = run("bad.yaml")
    assert result.exit_code == 2
    assert result.stdout == (
        "bad.yaml:2:1: items: 1 item given; a handout compares 2 to 4 items\n"
        "bad.yaml:4:1: comparison: is empty; give at least one row\n"
        "bad.yaml:5:1: sections: is empty; give at least one section\n"
        "0 valid, 1 invalid\n"
    )


def test_a_mix_of_valid_and_invalid_files_counts_both_and_exits_2(
    run: Callable[..., Result], tmp_path: Path, write: Writer, good: Path
) -> None:
    write(tmp_path, "bad.yaml", INVALID)
    result = run(".")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()
    assert lines[0].startswith("bad.yaml:2:1: items:")
    assert "good.yaml: valid" in lines
    assert lines[-1] == "1 valid, 1 invalid"


def test_a_folder_means_its_yaml_and_yml_files_only(
    run: Callable[..., Result], tmp_path: Path, write: Writer, good: Path
) -> None:
    shutil.copy(good, tmp_path / "also.yml")
    write(tmp_path, "notes.txt", "not yaml: [")
    write(tmp_path, "sub/deeper.yaml", INVALID)
    result = run(str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "2 valid, 0 invalid"


def test_a_file_named_twice_is_checked_once(run: Callable[..., Result], good: Path) -> None:
    result = run("good.yaml", "./good.yaml", ".")
    assert result.stdout == "good.yaml: valid\n1 valid, 0 invalid\n"


def test_a_missing_file_exits_2_naming_it(run: Callable[..., Result], good: Path) -> None:
    result = run("good.yaml", "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr == "nope.yaml: no such file or folder\n"


def test_a_folder_without_yaml_exits_2(run: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("empty")
    assert result.exit_code == 2
    assert result.stderr == "empty: folder holds no .yaml or .yml files\n"


def test_no_path_at_all_is_a_usage_error(run: Callable[..., Result]) -> None:
    result = run()
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.output


def test_an_unreadable_file_exits_2(
    run: Callable[..., Result], good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    # chmod 0 would not stop root, so the operating system's refusal is simulated.
    monkeypatch.setattr(Path, "open", denied)
    result = run("good.yaml")
    assert result.exit_code == 2
    assert result.stdout == "good.yaml: cannot read: permission denied\n0 valid, 1 invalid\n"


def test_a_file_that_cannot_be_read_as_text_exits_2(
    run: Callable[..., Result], tmp_path: Path, write: Writer
) -> None:
    write(tmp_path, "photo.yaml", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00")
    result = run("photo.yaml")
    assert result.exit_code == 2
    assert result.stdout == (
        "photo.yaml: this is a binary file, not a YAML text file\n0 valid, 1 invalid\n"
    )


def test_validate_checks_a_batch_manifest(tmp_path: Path, shipped_content: Path) -> None:
    good = tmp_path / "run.yaml"
    good.write_text(f"jobs:\n  - content: {shipped_content}\n    copies: 3\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(good)])
    assert result.exit_code == 0, result.output
    assert "run.yaml: valid" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"jobs:\n  - content: {shipped_content}\n    copys: 3\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 2
    expected = "bad.yaml:3:5: jobs[0].copys: unknown key 'copys'; did you mean 'copies'?"
    assert expected in result.output


@pytest.mark.parametrize(
    ("old", "new", "where", "hint"),
    [
        (
            "title: Muscle Atrophy vs. Muscle Denervation",
            "title: Common Cold vs. Flu in Children: What You Need to Know",
            "3:39",
            'title: "Common Cold vs. Flu in Children: What You Need to Know"',
        ),
        (
            "  - heading: Introduction",
            '  - heading: Muscle "wasting": what it is',
            "44:30",
            """heading: 'Muscle "wasting": what it is'""",
        ),
        (
            "      - Sudden",
            "      - Sudden: within days: or hours",
            "29:28",
            '- "Sudden: within days: or hours"',
        ),
        (
            "  - attribute: Onset",
            "  - attribute: Onset\n    and speed: of it: x",
            "27:21",
            'put the whole text in "double quotes"',
        ),
    ],
)
def test_a_colon_in_text_gets_the_quoted_line_as_its_fix(
    run: Callable[..., Result], good: Path, old: str, new: str, where: str, hint: str
) -> None:
    # The commonest slip: a title with ": " in it. The message says where, and the fix.
    text = good.read_text(encoding="utf-8")
    assert old in text
    good.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("good.yaml")
    assert result.exit_code == 2
    first, shown, mark = result.stdout.splitlines()[:3]
    assert first == (
        f"good.yaml:{where}: YAML syntax error: mapping values are not allowed in this context"
        f' (text holding ": " must be in quotes: {hint})'
    )
    assert shown == "    " + new.splitlines()[-1]
    assert mark.index("^") == 3 + int(where.split(":")[1])
