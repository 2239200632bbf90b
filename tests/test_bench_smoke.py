"""The benchmark runs end to end with tiny counts and writes its JSON; its corpus is valid."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from fresh import START

from handout.model import content

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench import corpus, plain_reportlab  # noqa: E402


def test_variants_load_back_as_written_and_differ(tmp_path: Path) -> None:
    base = corpus.shipped()
    paths = corpus.write(tmp_path, 3)
    loaded = [content.load(p) for p in paths]
    for seed, h in enumerate(loaded):
        expected = corpus.variant(base, seed)
        for f in dataclasses.fields(h):
            if f.compare and f.name != "source":
                assert getattr(h, f.name) == getattr(expected, f.name), f.name
    assert len({h.sections[0].body for h in loaded}) == 3
    assert all(h.sections[0].body != base.sections[0].body for h in loaded)
    assert sorted(loaded[1].sections[0].body[0].split()) == sorted(base.sections[0].body[0].split())


def test_plain_reportlab_script_embeds_the_same_fonts(tmp_path: Path) -> None:
    import pikepdf

    out = tmp_path / "plain.pdf"
    cmd = [sys.executable, "-m", "bench.plain_reportlab", str(corpus.SHIPPED), str(out)]
    subprocess.run(cmd, cwd=REPO, check=True)
    with pikepdf.open(out) as pdf:
        fonts = {str(f.BaseFont) for p in pdf.pages for f in p.Resources.Font.values()}
        assert len(pdf.pages) >= 2
    assert fonts == {"/AAAAAA+AtkinsonHyperlegible-Regular", "/AAAAAA+AtkinsonHyperlegible-Bold"}
    assert plain_reportlab.md("a < b & **c**") == "a &lt; b &amp; <b>c</b>"


def test_quick_run_writes_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["machine"]["nproc"] >= 1
    for section in ("cold", "warm"):
        for tool in ("handout", "reportlab"):
            assert result[section][tool]["median_ms"] > 0, (section, tool)
    assert result["warm"]["handout"]["n"] == 5
    assert result["warm"]["reportlab"]["ratio_to_handout"] > 0
    for tool in ("typst", "weasyprint"):
        assert (tool in result["warm"]) != (tool in result["skipped"]), tool
    assert "warm_median_ms" in result["targets"]
    assert "| warm render, median |" in done.stdout
    runs = result["batch"]["runs"]
    assert [r["handouts"] for r in runs.values()] == [8, 16]
    assert all(r["handouts_per_s"] > 0 and r["cpu_seconds"] > 0 for r in runs.values())
    assert all(r["memory"]["main_peak_mb"] > 0 for r in runs.values())
    assert result["batch"]["pack"]["bytes"] > 0
    side = result["side_by_side"]
    assert side["handouts"] == 12 and side["per_s"]["handout"] > 0
    assert side["per_s"]["reportlab"] > 0
    assert set(result["ratios"]) == {
        "cold_vs_plain",
        "warm_fit_off_vs_plain",
        "tightened_vs_fit_off",
        "batch_vs_plain",
    }
    assert result["ratios"]["batch_vs_plain"] == pytest.approx(
        side["per_s"]["handout"] / side["per_s"]["reportlab"], abs=0.01
    )
    assert result["warm"]["handout_fit_off"]["median_ms"] > 0
    assert "| batch: 12 handouts on Letter, 2 processes, handouts/s |" in done.stdout
    assert "batch_vs_plain:" in done.stdout


def test_breaking_lines_once_per_width_changes_no_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The paragraph wrap cache (a speed-up) draws exactly what ReportLab alone draws,
    also where words too long for a table column are split or hyphenated."""
    from reportlab.platypus import Paragraph

    from handout.jobs import build
    from handout.model.stylemodel import Style
    from handout.pdf import roles

    wide = "a" * 40
    long_words = {
        "title": "0",
        "items": ["00", "000", "0000000", "0"],
        "summary": "0",
        "comparison": [
            {"attribute": "0", "values": ["0", "0", "0", "0"]},
            {
                "attribute": f"000000000 0 0 0 0 0 00 Muskelatrophie {wide} \u0124 {wide}",
                "values": [f"0 {wide}", "0", "0", "0"],
            },
        ],
        "sections": [{"heading": "0", "body": "0"}],
    }
    src = tmp_path / "long.yaml"
    src.write_text(yaml.safe_dump(long_words, allow_unicode=True), encoding="utf-8")
    handouts = [corpus.shipped(), content.load(src)]
    cached = [build.render(h, Style())[0] for h in handouts]
    monkeypatch.setattr(roles._Paragraph, "wrap", Paragraph.wrap)
    assert [build.render(h, Style())[0] for h in handouts] == cached


def test_build_imports_no_pdf_reader_and_no_other_command(tmp_path: Path) -> None:
    """Cold start: ``handout build`` loads only what building needs."""
    script = (
        START + "from handout.cli import main\n"
        f"sys.argv = ['handout', 'build', {str(corpus.SHIPPED)!r}, '-o', {str(tmp_path)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "print(' '.join(NEW()))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split("\n")[-2].split())
    assert "handout.pdf.layout" in loaded and (tmp_path / f"{corpus.SHIPPED.stem}.pdf").is_file()
    heavy = {"pikepdf", "pypdf", "pdfplumber", "pdfminer", "typst", "weasyprint"}
    # Nor what only other handouts or commands use: the QR code's library (no meta.url),
    # the HTML page's font tools, the schema checker, the line breaking of CJK and
    # right-to-left text, Pillow's image readers (no picture).
    # Nor fontpkg's registry, which reads every installed distribution's entry points
    # (``model.installed`` finds a family in its own package).  Nor fontTools: Latin
    # text and its punctuation need no lookup of their script (``scripts.plain``).
    heavy |= {"segno", "jsonschema", "brotli", "uniseg", "fontpkg", "fontTools"}
    assert not {m.split(".")[0] for m in loaded} & heavy
    # Nor the text engine, which English text never needs (its footer's middle dot
    # included: Latin text shares it with Chinese)
    later = {
        "handout.pdf.shaped",
        "uniseg",
        "click.shell_completion",
        "PIL.PngImagePlugin",
        "PIL.JpegImagePlugin",
        "handout.html",
        "importlib.metadata",
    }
    assert not later & loaded, later & loaded
    others = {
        "jobs.batch",
        "pdf.pack",
        "authoring.check",
        "authoring.readability",
        "authoring.importer",
        "authoring.template",
        "model.manifest",
    }
    assert not {f"handout.{m}" for m in others} & loaded


@pytest.mark.parametrize(
    ("module", "make"), [("bench.typst_doc", "markup"), ("bench.weasy_doc", "html")]
)
def test_the_other_tools_documents_hold_every_table_cell(module: str, make: str) -> None:
    """The documents the other tools render are made from handout's model without their
    engines, so a change to the model that breaks them shows here, where Typst and
    WeasyPrint are not installed: each holds a word of every table cell."""
    import importlib
    import re

    from handout.model.blocks import texts

    to_document = getattr(importlib.import_module(module), make)
    for path in sorted((REPO / "content").glob("*.yaml")):
        handout = content.load(path)
        document = to_document(handout)
        for row in handout.comparison:
            for cell in row.values:
                for piece in texts(cell):
                    word = max(re.findall(r"[A-Za-z]+", piece), key=len)
                    assert word in document, (path.name, piece)


def test_the_warm_turns_rotate_so_that_no_tool_always_follows_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bench import run

    order: list[str] = []

    def fake(key: str) -> Any:
        def render(h: Any) -> bytes:
            order.append(key)
            return b"%PDF-1.7"

        return render

    keys = ["handout", run.FIT_OFF, "reportlab", "typst"]
    monkeypatch.setattr(run, "renderers", lambda tools: {k: fake(k) for k in keys})
    counts = dataclasses.replace(run.Counts.for_mode(True, 1), warmups=0, renders=8)
    run.warm([], counts)
    rounds = [order[i : i + 4] for i in range(0, len(order), 4)]
    assert [r[0] for r in rounds] == keys + keys  # each first in turn
    follows = {(a, b) for r in rounds for a, b in zip(r, r[1:], strict=False)}
    assert ("typst", "handout") in follows and ("handout", run.FIT_OFF) in follows


ORPHAN = """
import os, time
if os.fork() == 0:  # outlives its parent, as a batch's fork server does
    end = time.process_time() + 0.3
    while time.process_time() < end:
        pass
"""


@pytest.mark.skipif(sys.platform != "linux", reason="a child subreaper is Linux's")
def test_the_cpu_time_of_a_process_a_command_leaves_running_is_counted_as_its_own() -> None:
    """A batch's workers are not the benchmark's children: without ``adopt_orphans`` their
    CPU time reads as other processes slowing the run down."""
    script = (
        "import os, sys\nfrom pathlib import Path\nfrom bench import measure\n"
        "adopted = measure.adopt_orphans()\nbefore = measure._own_seconds()\n"
        f"measure.run([sys.executable, '-c', {ORPHAN!r}], dict(os.environ), Path('.'))\n"
        "print(adopted, measure._own_seconds() - before)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True
    )
    adopted, seconds = done.stdout.split()
    assert adopted == "True" and float(seconds) >= 0.28, done.stdout
