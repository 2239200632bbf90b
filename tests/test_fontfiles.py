"""Families prepared from pip packages (``text.fontfiles``): real static instances with
names of their own, cut once into the cache folder, safely by two processes at once."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from handout.errors import HandoutError
from handout.pdf import fonts
from handout.text import fontfiles
from handout.text.fontfiles import Bundled, Instance

CJK = ("Noto Sans SC", "Noto Sans TC", "Noto Sans JP", "Noto Sans KR")
TEST = Bundled(
    name="Inter Cut",
    script="Test",
    package="fontpkg_inter",
    distribution="fontpkg-inter",
    extra="test",
    file="files/Inter[opsz,wght].ttf",
    instances=(Instance("Bold", 700, (("opsz", 14.0), ("wght", 700.0))),),
)
"""A small variable font (Inter, a default dependency) cut in a few seconds."""


def _cjk_installed() -> bool:
    try:
        fontfiles.source(fontfiles.BUNDLED["Noto Sans SC"])
    except fontfiles.NotInstalled:
        return False
    return True


needs_cjk = pytest.mark.skipif(not _cjk_installed(), reason="pip install -e '.[cjk]'")


@needs_cjk
@pytest.mark.parametrize("name", CJK)
def test_cjk_faces_are_real_regular_and_bold_instances(name: str) -> None:
    regular, bold, italic, bold_italic = fontfiles.face_files(name) or []
    assert (italic, bold_italic) == (regular, bold)  # no CJK italics: emphasis prints upright
    stem = name.replace(" ", "")
    for path, style, weight in ((regular, "Regular", 400), (bold, "Bold", 700)):
        with TTFont(path) as font:
            names = font["name"]
            assert names.getDebugName(6) == f"{stem}-{style}"
            assert (names.getDebugName(1), names.getDebugName(2)) == (name, style)
            assert font["OS/2"].usWeightClass == weight
            assert "fvar" not in font and "gvar" not in font  # static, not the Thin default
            assert "glyf" in font  # TrueType outlines: ReportLab embeds no CFF
            assert bool(font["head"].macStyle & 1) == (weight == 700)
    # The bold strokes are thicker: the same ideograph has more ink in its outline.
    with TTFont(regular) as r, TTFont(bold) as b:
        glyph = r.getBestCmap()[ord("永")]
        assert _area(b, glyph) > 1.2 * _area(r, glyph)


def _area(font: TTFont, glyph: str) -> float:
    from fontTools.pens.areaPen import AreaPen

    pen = AreaPen(font.getGlyphSet())
    font.getGlyphSet()[glyph].draw(pen)
    return abs(pen.value)


@needs_cjk
def test_a_bundled_family_registers_its_own_regular_and_bold_faces() -> None:
    fam = fonts.family("Noto Sans SC")
    assert fam.regular != fam.bold
    assert fam.italic == fam.regular and fam.bold_italic == fam.bold
    assert ord("感") in fam.codepoints
    assert "Noto Sans SC" in fonts.installed_families()


def _load(monkeypatch: pytest.MonkeyPatch, cache: Path) -> list[str]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    monkeypatch.setitem(fontfiles.BUNDLED, TEST.name, TEST)
    said: list[str] = []
    monkeypatch.setattr(fontfiles, "announce", lambda b: said.append(b.name))
    fontfiles.face_files.cache_clear()
    return said


def test_a_face_is_cut_once_into_the_cache_folder_and_then_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    said = _load(monkeypatch, tmp_path)
    files = fontfiles.face_files(TEST.name)
    assert said == ["Inter Cut"]
    name = f"InterCut-Bold-{_version()}-p{fontfiles._PREPARED}.ttf"
    assert files == [tmp_path / "handout" / "fonts" / name] * 4
    first = files[0].stat().st_mtime_ns
    with TTFont(files[0]) as font:
        assert font["name"].getDebugName(6) == "InterCut-Bold"
        assert font["OS/2"].usWeightClass == 700
        assert "fvar" not in font
        modified = font["head"].modified
    with TTFont(fontfiles.source(TEST), lazy=True) as source:
        assert modified == source["head"].modified  # the same face on every machine
    fontfiles.face_files.cache_clear()  # as a new process would
    assert fontfiles.face_files(TEST.name) == files
    assert said == ["Inter Cut"]  # not announced, not cut again
    assert files[0].stat().st_mtime_ns == first
    assert sorted(p.name for p in files[0].parent.iterdir()) == [
        ".InterCut.lock",
        files[0].name,
    ]  # no temporary file left


def _version() -> str:
    import importlib.metadata

    return importlib.metadata.version("fontpkg-inter")


def test_home_cache_when_no_xdg_cache_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert fontfiles.cache_dir() == tmp_path / ".cache" / "handout" / "fonts"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")  # the spec: absolute paths only
    assert fontfiles.cache_dir() == tmp_path / ".cache" / "handout" / "fonts"


PREPARE = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {tests!r})
    from test_fontfiles import TEST
    from handout.text import fontfiles
    fontfiles.BUNDLED[TEST.name] = TEST
    fontfiles.announce = lambda b: print("preparing", flush=True)
    print(fontfiles.face_files(TEST.name)[0])
    """
)


def test_two_processes_preparing_at_once_both_get_a_whole_face(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    code = PREPARE.format(tests=str(Path(__file__).parent))
    procs = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=120)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0]
    lines = [o.split() for o in outs]
    assert sorted(len(words) for words in lines) == [1, 2]  # one cut it, the other waited
    path = Path(lines[0][-1])
    assert path == Path(lines[1][-1])
    with TTFont(path) as font:
        assert font["name"].getDebugName(6) == "InterCut-Bold"
        assert font["maxp"].numGlyphs > 1000
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".tmp"] == []


def test_a_missing_package_names_the_pip_command(monkeypatch: pytest.MonkeyPatch) -> None:
    gone = Bundled(
        name="Gone Sans",
        script="Klingon",
        package="handout_no_such_font_package",
        distribution="no-such",
        extra="klingon",
        file="x.ttf",
        instances=TEST.instances,
    )
    monkeypatch.setitem(fontfiles.BUNDLED, gone.name, gone)
    fontfiles.face_files.cache_clear()
    with pytest.raises(fontfiles.NotInstalled) as info:
        fontfiles.face_files(gone.name)
    assert info.value.message == (
        "Klingon text needs the Gone Sans fonts, which are not installed; "
        "install them with: pip install 'handout[klingon]'"
    )


def test_a_cache_folder_that_cannot_be_written_is_one_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    _load(monkeypatch, blocker)
    with pytest.raises(HandoutError) as info:
        fontfiles.face_files(TEST.name)
    assert "cannot prepare the Inter Cut fonts" in info.value.message
    assert "XDG_CACHE_HOME" in info.value.message


def test_every_bundled_family_has_a_regular_and_a_bold() -> None:
    for bundled in fontfiles.BUNDLED.values():
        assert bundled.instance(400).weight == 400, bundled.name
        assert bundled.instance(700).weight == 700, bundled.name
        assert len({i.style for i in bundled.instances}) == len(bundled.instances)
