"""A handout with placeholders left never reaches paper by mistake: build and batch
refuse it, and --draft prints it with DRAFT across every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pdfcheck import content_yaml, page_texts

from handout.cli import cli
from handout.jobs import build
from handout.model import content, labels, yamlfile
from handout.model.stylemodel import Style
from handout.pdf import layout, roles


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def handout(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


@pytest.fixture
def template() -> Path:
    assert handout("new", "Muscle Atrophy", "Muscle Denervation").exit_code == 0
    return Path("content/muscle-atrophy-vs-muscle-denervation.yaml")


def todo_lines(path: Path) -> set[int]:
    return {n for n, line in enumerate(path.read_text().splitlines(), 1) if "TODO:" in line}


def test_build_refuses_a_template_naming_the_line_of_each_placeholder(template: Path) -> None:
    result = handout("build", str(template))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    # summary, 6 rows of 2 cells, 7 sections' summary and body, an action, the two lists
    # of get_help, disclaimer, meta.id
    assert len(lines) == 1 + 6 * 2 + 7 * 2 + 1 + 2 + 1 + 1
    shown = set()
    for line in lines:
        match = re.match(
            rf"{re.escape(str(template))}:(\d+):\d+: \S+: still holds the placeholder", line
        )
        assert match, line
        assert line.endswith("; write the text, or build with --draft to proofread on paper")
        shown.add(int(match[1]))
    assert shown <= todo_lines(template) | {n - 1 for n in todo_lines(template)}
    assert not Path("output").exists()


def test_one_placeholder_left_is_named_with_its_line(tmp_path: Path) -> None:
    text = content_yaml(disclaimer="TODO: ask the clinic")
    Path("a.yaml").write_text(text)
    line = text.splitlines().index("disclaimer: 'TODO: ask the clinic'") + 1
    result = handout("build", "a.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        f'a.yaml:{line}:1: disclaimer: still holds the placeholder "TODO: ask the clinic"; '
        "write the text, or build with --draft to proofread on paper\n"
    )


def test_a_draft_is_built_with_draft_across_every_page(template: Path) -> None:
    result = handout("build", str(template), "--draft", "-o", "draft.pdf")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"draft\.pdf: \d+ pages?, \d+ ms, draft\n", result.stdout)
    pages = page_texts(Path("draft.pdf"))
    assert pages and all("DRAFT" in page for page in pages)


def test_a_finished_handout_carries_no_mark(tmp_path: Path) -> None:
    Path("a.yaml").write_text(content_yaml())
    assert handout("build", "a.yaml", "-o", "a.pdf").exit_code == 0
    assert not any("DRAFT" in page for page in page_texts(Path("a.pdf")))
    assert handout("build", "a.yaml", "--draft", "-o", "b.pdf").exit_code == 0
    assert all("DRAFT" in page for page in page_texts(Path("b.pdf")))


def test_the_mark_is_light_and_diagonal() -> None:
    handout_ = content.from_doc(yamlfile.parse(content_yaml(), "a.yaml"))
    calls: list[tuple[str, tuple[object, ...]]] = []

    class Canvas:
        def __getattr__(self, name: str) -> object:
            return lambda *args: calls.append((name, args))

    kit = roles.kit(Style())
    layout.draft_mark(Canvas(), kit, labels.resolve(handout_.language, Style()).draft)
    names = [name for name, _ in calls]
    fill = next(args[0] for name, args in calls if name == "setFillColor")
    assert fill.alpha == layout.DRAFT_ALPHA < 0.5 and fill.red == fill.green == fill.blue  # grey
    rotation = next(args[0] for name, args in calls if name == "rotate")
    assert 40 < float(rotation) < 60  # along the diagonal of a portrait page
    assert "drawString" in names and names[0] == "saveState" and names[-1] == "restoreState"


def test_batch_refuses_placeholders_and_reports_drafts(template: Path) -> None:
    Path("content/ok.yaml").write_text(content_yaml())
    result = handout("batch", "content", "-o", "out/", "-j", "1", "--report", "r.json")
    assert result.exit_code == 2
    assert "still holds the placeholder" in result.stderr
    report = json.loads(Path("r.json").read_text())
    assert report["draft"] is False
    assert [(h["input"], h["status"], h["draft"]) for h in report["handouts"]] == [
        (str(template), "failed", False),
        ("content/ok.yaml", "built", False),
    ]

    result = handout(
        "batch", "content", "-o", "drafts/", "-j", "1", "--draft", "--report", "d.json"
    )
    assert result.exit_code == 0, result.output
    assert "(drafts)" in result.stdout.splitlines()[-1]
    report = json.loads(Path("d.json").read_text())
    assert report["draft"] is True and all(h["draft"] for h in report["handouts"])
    for pdf in Path("drafts").iterdir():
        assert all("DRAFT" in page for page in page_texts(pdf))


def test_the_placeholder_check_is_cheap(shipped_content: Path) -> None:
    import time

    handout_ = content.load(shipped_content)
    start = time.perf_counter()
    for _ in range(100):
        assert content.placeholders(handout_) == []
    assert (time.perf_counter() - start) / 100 < 0.001  # well under a millisecond a build
    assert build.render(handout_, Style())[1] >= 1


def test_the_mark_is_in_the_handouts_language(monkeypatch: pytest.MonkeyPatch) -> None:
    table = {**labels._table(), "ru": {"draft": "ЧЕРНОВИК"}}
    monkeypatch.setattr(labels, "_table", lambda: table)
    labels.resolve.cache_clear()
    Path("ru.yaml").write_text(content_yaml(language="ru", title="Грипп и простуда"), "utf-8")
    try:
        assert handout("build", "ru.yaml", "--draft", "-o", "ru.pdf").exit_code == 0
    finally:
        labels.resolve.cache_clear()
    pages = page_texts(Path("ru.pdf"))
    assert all("ЧЕРНОВИК" in page and "DRAFT" not in page for page in pages)
