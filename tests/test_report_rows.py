"""The batch report is written a few rows at a time, and reads as one ``json.dumps``."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from handout.cli import cli
from handout.jobs import report

DATA = Path(__file__).parent / "data" / "batch"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def as_one_dump(path: Path) -> dict[str, object]:
    """The report, checked to be exactly what ``json.dumps(indent=2)`` of it writes."""
    text = path.read_text()
    data: dict[str, object] = json.loads(text)
    assert text == json.dumps(data, indent=2) + "\n"
    return data


@pytest.mark.parametrize("at_once", [1, 2, 256])
def test_a_report_written_in_pieces_is_one_dump(
    here: Path, monkeypatch: pytest.MonkeyPatch, at_once: int
) -> None:
    monkeypatch.setattr(report, "ROWS_AT_ONCE", at_once)
    result = CliRunner().invoke(
        cli, ["batch", "library", "-o", "out/", "--jobs", "1", "--report", "r.json"]
    )
    assert result.exit_code == 2  # library/ holds two bad files
    data = as_one_dump(here / "r.json")
    rows = data["handouts"]
    assert isinstance(rows, list) and len(rows) == 5
    assert [r["status"] for r in rows].count("built") == 3
    built = [r for r in rows if r["status"] == "built"]
    assert all(len(r["sha256"]) == 64 and r["inputs"]["paper"] for r in built)
    assert data["totals"] == {
        "handouts": 5,
        "built": 3,
        "failed": 2,
        "error": 0,
        "not_started": 0,
        "resumed": 0,
        "pages": sum(r["pages"] for r in rows),
        "tightened": sum(r["tightened"] for r in rows),
        "time": data["totals"]["time"],  # type: ignore[index]
    }


def test_a_report_of_no_handouts_is_one_dump(here: Path) -> None:
    result = CliRunner().invoke(
        cli, ["batch", "library", "-o", "out/", "--shard", "1/6", "--report", "r.json"]
    )
    assert result.exit_code == 0, result.output
    data = as_one_dump(here / "r.json")
    assert data["handouts"] == [] and data["status"] == "complete"
