"""Command-line conventions, end to end: standard input and output, the one meaning
of ``-o``, file permissions, case-insensitive choices, help, version and completion."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pdfcheck import content_yaml

from handout.cli import cli

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"
ARTICLE = REPO / "tests" / "data" / "articles" / "kidney-three-way.txt"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def handout(
    *args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None
) -> Result:
    """``handout ARGS`` in this process; a bug (any exception but an exit) fails the test."""
    result = CliRunner().invoke(cli, list(args), input=stdin, env=env, prog_name="handout")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def run(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """``handout ARGS`` as a real process (a real stdout, umask, terminal)."""
    script = "from handout.cli import main; main()"
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run([sys.executable, "-c", script, *args], check=False, **streams)


# --- 3. permissions ----------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_and_import_files_get_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        assert run("new", "A", "B").returncode == 0
        assert run("import", str(ARTICLE), "-o", "imported/").returncode == 0
        assert run("build", str(SHIPPED)).returncode == 0
    finally:
        os.umask(old)
    assert _mode(tmp_path / "content" / "a-vs-b.yaml") == 0o664
    [imported] = (tmp_path / "imported").iterdir()
    assert _mode(imported) == 0o664
    assert _mode(tmp_path / "output" / f"{SHIPPED.stem}.pdf") == 0o664


@pytest.mark.parametrize("mode", [0o444, 0o664, 0o600])
def test_a_rebuilt_pdf_keeps_its_permissions(mode: int) -> None:
    target = Path("x.pdf")
    target.write_bytes(b"%PDF-1.4 older\n")
    target.chmod(mode)
    assert handout("build", str(SHIPPED), "-o", "x.pdf").exit_code == 0
    assert target.read_bytes().startswith(b"%PDF-") and b"older" not in target.read_bytes()
    assert _mode(target) == mode


# --- 7. one typo, one line ------------------------------------------------------------------


def test_ten_typos_give_ten_lines() -> None:
    Path("t.yaml").write_text(
        "tilte: Flu vs. Cold\n"
        "itmes: [Flu, Cold]\n"
        "sumary: Two infections.\n"
        "comparison:\n"
        "  - atribute: Cause\n    values: [A virus, Another virus]\n"
        "  - attribute: Fever\n    valeus: [High, Low]\n"
        "sections:\n"
        "  - heding: Causes\n    body: Viruses.\n"
        "  - heading: Care\n    bdoy: Rest.\n    sumary: Rest.\n"
        "disclamer: Ask your doctor.\n"
        "meta:\n  reviwed: 2026-01-01\n"
    )
    result = handout("validate", "t.yaml")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()[:-1]
    assert len(lines) == 10, lines
    assert (
        "t.yaml:13:5: sections[1].bdoy: unknown key 'bdoy'; did you mean 'body'? (body is required)"
        in lines
    )
    assert (
        "t.yaml:1:1: tilte: unknown key 'tilte'; did you mean 'title'? (title is required)" in lines
    )
    assert not [line for line in lines if "missing required key" in line]


# --- 8. encodings and a missing .yaml -------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16", "UTF-16 (little-endian)"),  # Notepad's "Unicode": with a byte-order mark
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-32", "UTF-32 (little-endian)"),
        ("utf-32-be", "UTF-32 (big-endian)"),
    ],
)
def test_utf16_and_utf32_files_are_named_with_how_to_save_as_utf8(encoding: str, name: str) -> None:
    Path("wide.yaml").write_bytes(content_yaml(title="Grippe vs. Erkältung").encode(encoding))
    result = handout("build", "wide.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        f"wide.yaml: this file is saved as {name}; save it as UTF-8 (in Notepad: File, "
        "Save As, Encoding: UTF-8; in other editors: Save As or Reopen with Encoding, UTF-8)\n"
    )


def test_a_path_missing_only_its_yaml_gets_a_hint(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "lakeside.yaml").write_text("extends: default\n")
    Path("flu.yaml").write_text(content_yaml())
    result = handout("build", "flu.yaml", "--style", "styles/lakeside")
    assert result.exit_code == 2
    assert (
        result.stderr == "styles/lakeside: no such style file; did you mean styles/lakeside.yaml?\n"
    )
    result = handout("build", "flu")
    assert result.stderr == "flu: no such file or folder; did you mean flu.yaml?\n"
