"""``handout batch`` prepares the fonts cut on first use before its workers start: the
message shows once on the terminal, the workers find the faces ready.

Run with an empty cache folder of its own (``XDG_CACHE_HOME``), never the user's.  The
Hebrew and Bengali families are cut from variable fonts into the cache exactly as the
Chinese, Japanese and Korean ones are (``text.fontfiles``), in a second rather than
half a minute, so they stand in for them here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from handout.jobs import firstuse
from handout.text import fontfiles

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]


def _announced_before_the_first_pdf(stdout: str) -> list[str]:
    """The "Preparing the ..." lines a batch printed, each before its first PDF's line."""
    lines = stdout.splitlines()
    said = [n for n, line in enumerate(lines) if line.startswith("Preparing the")]
    first_built = min(n for n, line in enumerate(lines) if re.match(r"out/.+\.pdf: ", line))
    assert said and max(said) < first_built, stdout
    return [lines[n] for n in said]


def batch(folder: Path, cache: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``handout batch`` in ``folder``, as a user runs it, both streams in one, in order."""
    return subprocess.run(
        [sys.executable, "-c", "from handout.cli import main; main()", "batch", *args],
        cwd=folder,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )


def font_names(pdf: Path) -> set[str]:
    with pikepdf.open(pdf) as doc:
        return {
            str(font.BaseFont).split("+")[-1]
            for page in doc.pages
            for font in page.Resources.Font.values()
        }


def test_batch_prepares_each_family_once_in_the_parent_before_any_handout(
    tmp_path: Path,
) -> None:
    content = tmp_path / "content"
    content.mkdir()
    for i in (1, 2, 3):
        shutil.copy(DATA / "he-cold-flu.yaml", content / f"he-{i}.yaml")
    for i in (1, 2):
        shutil.copy(DATA / "bn-cold-flu.yaml", content / f"bn-{i}.yaml")
    shutil.copy(REPO / "content" / "cold-vs-flu.yaml", content / "en.yaml")
    cache = tmp_path / "cache"
    done = batch(tmp_path, cache, "content", "-o", "out/", "--jobs", "2", "--force-jobs")
    assert done.returncode == 0, done.stdout
    assert _announced_before_the_first_pdf(done.stdout) == [
        "Preparing the Hebrew fonts (first use only, about 5 s)...",
        "Preparing the Bengali fonts (first use only, about 5 s)...",
    ], done.stdout
    # Only what the handouts need was cut, into the folder given; the PDFs use it.
    folder = cache / "handout" / "fonts"
    cut = sorted(p.name for p in folder.glob("*.ttf"))
    assert [re.sub(r"-[\d.]+-p\d+\.ttf$", "", n) for n in cut] == [
        "NotoSansBengali-Bold",
        "NotoSansBengali-Regular",
        "NotoSansHebrew-Bold",
        "NotoSansHebrew-Regular",
    ]
    assert not list(folder.glob("*.tmp")) and not list(folder.glob(".*.tmp"))
    for i in (1, 2, 3):
        assert {"NotoSansHebrew-Regular", "NotoSansHebrew-Bold"} <= font_names(
            tmp_path / "out" / f"he-{i}.pdf"
        )
    assert "NotoSansBengali-Regular" in font_names(tmp_path / "out" / "bn-2.pdf")
    # Once prepared, a batch says nothing about fonts.
    again = batch(tmp_path, cache, "content", "-o", "again/", "--jobs", "2", "--force-jobs")
    assert again.returncode == 0, again.stdout
    assert "Preparing" not in again.stdout


HEBREW_VF = "justmytype_intl_rtl/fonts/ofl/notosanshebrew/NotoSansHebrew[wdth,wght].ttf"


def test_batch_cuts_a_style_s_variable_font_once_in_the_parent(tmp_path: Path) -> None:
    # A style set in a variable font file: its regular and bold are cut before the
    # workers start, said once on the terminal, rather than by a worker, unsaid.
    import importlib.util

    spec = importlib.util.find_spec("justmytype_intl_rtl")
    assert spec is not None and spec.submodule_search_locations
    root = Path(next(iter(spec.submodule_search_locations))).parent
    shutil.copy(root / HEBREW_VF, tmp_path / "Clinic.ttf")
    (tmp_path / "s.yaml").write_text("name: s\nfonts:\n  body: {family: Clinic.ttf}\n")
    content = tmp_path / "content"
    content.mkdir()
    for i in (1, 2, 3, 4):
        shutil.copy(REPO / "content" / "cold-vs-flu.yaml", content / f"en-{i}.yaml")
    cache = tmp_path / "cache"
    args = ("content", "-o", "out/", "--style", "s.yaml", "--jobs", "2", "--force-jobs")
    done = batch(tmp_path, cache, *args)
    assert done.returncode == 0, done.stdout
    assert _announced_before_the_first_pdf(done.stdout) == [
        "Preparing the regular face of Noto Sans Hebrew (first use only, about 5 s)...",
        "Preparing the bold face of Noto Sans Hebrew (first use only, about 5 s)...",
    ], done.stdout
    for i in (1, 2, 3, 4):
        assert {"NotoSansHebrew-Regular", "NotoSansHebrew-Bold"} <= font_names(
            tmp_path / "out" / f"en-{i}.pdf"
        )


def test_the_language_is_read_from_the_top_level_line_only_when_a_family_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    files = {
        "plain.yaml": "title: x\nlanguage: he\n",
        "quoted.yaml": "\"language\": 'zh-TW'  # Traditional\ntitle: x\n",
        "nested.yaml": "title: x\nmeta:\n  language: ja\n",
        "english.yaml": "title: x\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    sources = [tmp_path / n for n in files] + [tmp_path / "missing.yaml"]
    assert firstuse.needed(sources) == ["Noto Sans TC", "Noto Sans Hebrew"]
    # When every family is ready, no file is read at all.
    monkeypatch.setattr(fontfiles, "prepared", lambda name: True)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"read {self}"))
    assert firstuse.needed(sources) == []
