"""The title is never alone on page 1 (issue 21, point 14).

The summary box follows the title; when it is taller than the room left on page 1 it
is split there (its first part two lines or more) rather than moved to page 2.
"""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
from click.testing import CliRunner
from pdfcheck import content_yaml, outside_margins, overlapping_lines

from handout.cli import cli
from handout.model import style

SENTENCE = (
    "Muscle atrophy and muscle denervation are both conditions that result in the "
    "weakening and loss of muscle mass. "
)
TITLE = "Chronic Inflammatory Demyelinating Polyneuropathy vs. Guillain-Barre Syndrome"


def test_a_summary_taller_than_the_room_left_starts_under_the_title(tmp_path: Path) -> None:
    src = tmp_path / "h.yaml"
    summary = f"{SENTENCE * 5}\n\n{SENTENCE * 4}Last words of the summary."
    src.write_text(content_yaml(title=TITLE, subtitle="What it means for you", summary=summary))
    out = tmp_path / "h.pdf"
    result = CliRunner().invoke(cli, ["build", str(src), "--style", "large-print", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
    assert "Guillain-Barre" in pages[0]
    assert SENTENCE * 2 in pages[0] + " "  # the summary starts on page 1, under the title
    assert "Last words of the summary." in pages[1]  # and goes on on page 2
    assert outside_margins(data, style.resolve("large-print").page) == []
    assert overlapping_lines(data) == []
