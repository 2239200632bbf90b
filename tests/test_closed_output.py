"""A closed standard output (``handout ... | head -1``) is not a bug: listing commands
stop quietly with 141, as Unix tools do; ``batch`` goes on building and writes its report.
Through a real pipe, in a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

DATA = Path(__file__).parent / "data" / "batch" / "library"
HANDOUT = [sys.executable, "-c", "from handout.cli import main; main()"]


@pytest.fixture
def lib(tmp_path: Path, shipped_content: Path) -> Path:
    """lib/: 40 handouts, the first 20 with many findings (more than a pipe holds)."""
    (tmp_path / "lib").mkdir()
    for i in range(40):
        source = shipped_content if i < 20 else DATA / "cold-vs-flu.yaml"
        shutil.copy(source, tmp_path / "lib" / f"h{i:02}.yaml")
    return tmp_path


def head_1(cwd: Path, *args: str) -> tuple[int, str, str]:
    """``handout ARGS | head -1``: read one line, close the pipe, let the command go on."""
    proc = subprocess.Popen(
        [*HANDOUT, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline().decode()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    return proc.wait(timeout=300), first, stderr


@pytest.mark.parametrize("command", ["validate", "check"])
def test_a_listing_command_stops_quietly_when_its_reader_has_gone(lib: Path, command: str) -> None:
    code, first, stderr = head_1(lib, command, "lib/")
    assert first.startswith(str(Path("lib/h00.yaml")))
    assert stderr == ""  # no traceback, no "Exception ignored"
    assert code == 141


def test_batch_goes_on_building_and_writes_its_report(lib: Path) -> None:
    code, first, stderr = head_1(
        lib, "batch", "lib/", "-o", "out/", "--report", "r.json", "-j", "1"
    )
    assert first.startswith(str(Path("out/h00.pdf")) + ": 3 pages")
    assert stderr == ""
    assert code == 0
    report = json.loads((lib / "r.json").read_text())
    assert report["status"] == "complete" and report["totals"]["built"] == 40
    for i in range(40):
        assert len(PdfReader(lib / "out" / f"h{i:02}.pdf").pages) >= 1


def test_the_help_names_the_status_of_a_closed_output() -> None:
    # A user who sees 141 in a script looks it up in `handout --help`, with the others.
    shown = subprocess.run([*HANDOUT, "--help"], capture_output=True, text=True).stdout
    said = " ".join(shown.split())
    for status in ("0 success", "2 bad input", "3 findings", "130 interrupted", "141 its output"):
        assert status in said, said
