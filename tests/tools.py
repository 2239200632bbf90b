"""External checkers the tests call: veraPDF, Ghostscript, Chromium.

Each may be missing on a developer's machine, and then the tests that need it skip;
under CI (``CI`` set, as ``.ci/run`` runs) a missing tool fails them instead, so a
green CI run always means the checks ran.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

VERAPDF = Path(os.environ.get("HANDOUT_VERAPDF", "/tmp/verapdf/vera.sh"))


def need(tool: str, present: bool) -> None:
    """Skip the calling test when ``tool`` is missing, or fail under CI."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is not installed; .ci/run installs it")
    pytest.skip(f"{tool} is not installed")


@dataclass
class Verdict:
    """veraPDF's verdict on one file: compliant, and the rules that failed."""

    compliant: bool
    failed: list[str] = field(default_factory=list)


_HEAD = re.compile(r"^== (?P<path>.+?)  profile=.*  compliant=(?P<ok>true|false)")


def verapdf(flavour: str, paths: list[Path]) -> dict[Path, Verdict]:
    """Validate ``paths`` against ``flavour`` (``ua1``, ``2u``, ...) in one JVM start.

    The failed rules are kept as veraPDF prints them (``FAIL 7.1-3 x145: ...``) so an
    assertion message shows what to fix.
    """
    need("veraPDF (sh verapdf/setup.sh)", VERAPDF.is_file())
    done = subprocess.run(
        [str(VERAPDF), flavour, *map(str, paths)], capture_output=True, text=True, timeout=600
    )
    verdicts: dict[Path, Verdict] = {}
    current: Verdict | None = None
    for line in done.stdout.splitlines():
        head = _HEAD.match(line)
        if head:
            current = Verdict(head["ok"] == "true")
            verdicts[Path(head["path"])] = current
        elif current is not None and line.strip().startswith("FAIL"):
            current.failed.append(line.strip())
    missing = [p for p in paths if Path(p) not in verdicts]
    assert not missing, f"veraPDF said nothing of {missing}: {done.stderr[-2000:]}"
    return verdicts


def ghostscript() -> str:
    """The ``gs`` command, or skip (fail under CI)."""
    gs = shutil.which("gs")
    need("Ghostscript (gs)", gs is not None)
    assert gs is not None
    return gs


# Text extractors: what a reader's tool reads back out of a PDF ------------------------


def poppler(pdf: Path) -> str:
    """The text of ``pdf`` as poppler's ``pdftotext`` reads it."""
    need("pdftotext (poppler-utils)", shutil.which("pdftotext") is not None)
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def mupdf(pdf: Path) -> str:
    """The text of ``pdf`` as MuPDF's ``mutool draw -F txt`` reads it."""
    need("mutool (mupdf-tools)", shutil.which("mutool") is not None)
    done = subprocess.run(
        ["mutool", "draw", "-q", "-F", "txt", "-o", "-", str(pdf)], capture_output=True
    )
    return done.stdout.decode("utf-8")


def pdfium(pdf: Path) -> str:
    """The text of ``pdf`` as pdfium (``pypdfium2``) reads it, page by page."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()
