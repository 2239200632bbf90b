"""What a person who clones the repository meets: the commands the docs give work there."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_script_the_docs_run_is_in_the_repository() -> None:
    # `sh PATH` in the README or docs/ runs from the repository's folder: PATH is there.
    seen = []
    for doc in DOCS:
        for path in re.findall(r"^sh (\S+)", doc.read_text(encoding="utf-8"), re.MULTILINE):
            seen.append(path)
            assert not path.startswith(".."), f"{doc.name}: {path} is outside the repository"
            assert (ROOT / path).is_file(), f"{doc.name}: {path} is not in the repository"
    assert "verapdf/setup.sh" in seen
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert '"$here/verapdf/setup.sh"' in run and "shared" not in run
    assert (ROOT / "verapdf" / "Vera.java").is_file()


@pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout"
)
def test_the_quick_starts_virtual_environment_is_ignored_by_git() -> None:
    done = subprocess.run(
        ["git", "-C", str(ROOT), "check-ignore", "-q", ".venv"],
        capture_output=True,
    )
    assert done.returncode == 0, ".gitignore does not list .venv (the README's Quick start)"
