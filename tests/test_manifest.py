"""Manifest files: what a print run may say, and every problem reported with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from handout.cli import cli
from handout.errors import InputError
from handout.model import manifest

DATA = Path(__file__).parent / "data" / "batch"


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as err:
        manifest.load(path)
    return err.value.format_message().splitlines()


def test_the_fixture_manifest_reads_with_defaults_and_lines(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # paths are relative to the manifest, not the working folder
    run = manifest.load(DATA / "class.yaml")
    assert (run.style, run.paper, run.duplex) == ("default", "letter", True)
    got = [(e.content.name, e.copies, e.style, e.paper) for e in run.entries]
    assert got == [
        ("cold-vs-flu.yaml", 3, None, None),
        ("sprain-vs-strain.yaml", 2, None, None),
        ("cold-vs-flu.yaml", 1, "large-print", None),
        ("anemia-vs-iron-deficiency.yaml", 1, None, "a4"),
    ]
    assert all(e.content.is_file() for e in run.entries)
    assert [e.where.rsplit(":", 1)[1] for e in run.entries] == ["6", "8", "10", "12"]


def test_a_folder_job_means_each_of_its_handouts(tmp_path: Path, write) -> None:
    for name in ("b.yaml", "a.yml", "notes.txt"):
        write(tmp_path / "lib", name, "x")
    write(tmp_path, "run.yaml", "jobs:\n  - content: lib\n    copies: 2\n")
    entries = manifest.load(tmp_path / "run.yaml").entries
    assert [(e.content.name, e.copies) for e in entries] == [("a.yml", 2), ("b.yaml", 2)]


def test_a_style_path_is_relative_to_the_manifest(tmp_path: Path, write) -> None:
    write(tmp_path / "looks", "mine.yaml", "extends: default\n")
    write(tmp_path, "content.yaml", "x")
    write(tmp_path, "run.yaml", "style: looks/mine.yaml\njobs:\n  - content: content.yaml\n")
    run = manifest.load(tmp_path / "run.yaml")
    assert run.style is not None and Path(run.style) == tmp_path / "looks" / "mine.yaml"


def test_every_problem_is_reported_at_once_with_lines(
    tmp_path: Path, write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "ok.yaml", "x")
    path = write(
        tmp_path,
        "run.yaml",
        "dupelx: yes\n"
        "paper: leter\n"
        "jobs:\n"
        "  - content: ok.yaml\n"
        "    copeis: 3\n"
        "  - content: missing.yaml\n"
        "    copies: 0\n"
        "  - content: ok.yaml\n"
        "    copies: three\n"
        "    style: large-prnt\n"
        "  - copies: 2\n",
    )
    assert problems(Path(path.name)) == [
        "run.yaml:1:1: dupelx: unknown key 'dupelx'; did you mean 'duplex'?",
        "run.yaml:2:1: paper: unknown paper 'leter'; use a4, legal, letter; did you mean 'letter'?",
        "run.yaml:5:5: jobs[0].copeis: unknown key 'copeis'; did you mean 'copies'?",
        "run.yaml:6:5: jobs[1].content: no such file or folder: missing.yaml "
        "(paths are relative to the manifest's folder, ./)",
        "run.yaml:7:5: jobs[1].copies: 0 copies; give a number from 1 to 10,000",
        "run.yaml:9:5: jobs[2].copies: expected a whole number of copies, found text",
        "run.yaml:10:5: jobs[2].style: no style of that name (looked in ./, styles/ and the "
        f"bundled styles ({_bundled()}/)); `handout styles` lists them; "
        "did you mean 'large-print'?",
        "run.yaml:11:5: jobs[3]: missing required key 'content'",
    ]


def _bundled() -> str:
    from handout.model import style, yamlfile

    return yamlfile.display_name(style.bundled_dir())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "run.yaml: the file is empty; a manifest needs jobs: (see docs/batch.md)"),
        ("style: default\n", "run.yaml:1:1: missing required key 'jobs'"),
        ("jobs: []\n", "run.yaml:1:1: jobs: is empty; list at least one job (- content: FILE)"),
        (
            "jobs: content/\n",
            "run.yaml:1:1: jobs: expected a list of jobs (- content: ...), found text",
        ),
        (
            "duplex: 2\njobs:\n  - content: run.yaml\n",
            "run.yaml:1:1: duplex: expected yes or no, found a number",
        ),
        (
            "jobs:\n  - content: run.yaml\n    copies: true\n",
            "run.yaml:3:5: jobs[0].copies: expected a whole number of copies, found yes/no",
        ),
        (
            "jobs:\n  - content: empty\n",
            "run.yaml:2:5: jobs[0].content: folder holds no .yaml or .yml files",
        ),
    ],
)
def test_one_problem(
    tmp_path: Path, write, monkeypatch: pytest.MonkeyPatch, text: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    write(tmp_path, "run.yaml", text)
    assert problems(Path("run.yaml")) == [expected]


def test_batch_refuses_a_bad_manifest_before_writing(
    tmp_path: Path, write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "run.yaml", "jobs:\n  - content: nowhere.yaml\n")
    result = CliRunner().invoke(cli, ["batch", "--manifest", "run.yaml", "-o", "out"])
    assert result.exit_code == 2
    assert "run.yaml:2:5: jobs[0].content: no such file or folder" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
