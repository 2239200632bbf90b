"""Fixtures shared by every test module: where the repository and its content are."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from tools import Verdict, verapdf

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"

Writer = Callable[[Path, str, "str | bytes"], Path]

# The Ctrl-C tests send SIGINT to the commands they start. A shell starts a job in the
# background (``pytest &``) with SIGINT ignored, and the commands would inherit that
# and, rightly, not stop: the suite's processes get Python's usual handling instead.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _write(directory: Path, name: str, text: str | bytes) -> Path:
    """Write ``text`` (exactly, no newline translation) to ``directory/name``."""
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


@pytest.fixture
def repo_root() -> Path:
    """The checkout's top folder (holds pyproject.toml, content/, src/)."""
    return REPO


@pytest.fixture
def shipped_content() -> Path:
    """The content file shipped with the project."""
    return SHIPPED


@pytest.fixture
def write() -> Writer:
    """``write(tmp_path, "a.yaml", text)`` writes a file and returns its path."""
    return _write


@pytest.fixture(scope="session")
def conformance_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The handouts the PDF/UA and PDF/A checks run on (``matrix.py``), by case name."""
    import matrix

    return matrix.write(tmp_path_factory.mktemp("conformance"))


@pytest.fixture(scope="session")
def verapdf_ua1(conformance_pdfs: dict[str, Path]) -> dict[Path, Verdict]:
    """veraPDF's PDF/UA-1 verdict on every conformance case, in one run."""
    return verapdf("ua1", list(conformance_pdfs.values()))


@pytest.fixture(scope="session")
def verapdf_2u(conformance_pdfs: dict[str, Path]) -> dict[Path, Verdict]:
    """veraPDF's PDF/A-2u verdict on every conformance case, in one run."""
    return verapdf("2u", list(conformance_pdfs.values()))
