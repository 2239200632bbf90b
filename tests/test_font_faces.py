"""Fonts print what the style asks for, or the tool says why (issue 21, points 3 to 5).

A style may name a family's files per face; a face a role asks for and its family lacks
is one message naming the role and the style's line, in ``validate`` as in ``build``;
an installed family without an italic works where no italic is needed; a damaged font
file is refused like a broken logo.  Never a traceback, never a silent substitute.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import fontpkg
import pytest
import reportlab
from click.testing import CliRunner, Result
from fontpkg import _registry
from fontpkg._models import Family, FontFile
from pdfcheck import base_name, content_yaml, fonts, text

from handout.cli import cli
from handout.model import fontfile, installed

VERA = Path(reportlab.__file__).parent / "fonts"
RUSSIAN = content_yaml(
    title="Грипп или простуда",
    language="ru",
    items=["Грипп", "Простуда"],
    summary="Грипп и простуда — это разные болезни дыхательных путей.",
    comparison=[{"attribute": "Начало", "values": ["Внезапное", "Постепенное"]}],
    sections=[{"heading": "Причины", "summary": "Вирусы.", "body": "Оба вызваны вирусами."}],
)


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``handout ARGS`` in ``tmp_path``, which holds Vera's two faces and ``h.yaml``."""
    monkeypatch.chdir(tmp_path)
    for name in ("Vera.ttf", "VeraBd.ttf"):
        shutil.copy(VERA / name, tmp_path / name)
    (tmp_path / "h.yaml").write_text(content_yaml(), encoding="utf-8")

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(cli, list(args))
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        return result

    return invoke


def both(run: Callable[..., Result], style: str, content: str = "h.yaml") -> list[Result]:
    """``validate`` of the style, and ``build`` of ``content`` with it."""
    return [run("validate", style), run("build", content, "--style", style, "-o", "out/")]


def refused_as_damaged(run: Callable[..., Result], said: str) -> None:
    """``validate`` and ``build`` with style ``s.yaml`` both refuse it with ``said`` (the
    file, line, key and font named) and what to do, and no PDF is written."""
    for result in both(run, "s.yaml"):
        assert result.exit_code == 2, result.output
        assert said in result.output, result.output
        assert "copy it again" in result.output
    assert not Path("out").exists()


def test_a_single_font_file_lacks_bold_and_the_style_is_told_once(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    (tmp_path / "s.yaml").write_text("name: s\nfonts:\n  body:\n    family: Vera.ttf\n")
    for result in both(run, "s.yaml"):
        assert result.exit_code == 2, result.output
        lines = [ln for ln in result.output.splitlines() if "has no bold face" in ln]
        assert len(lines) == 1, result.output  # once, not per role or field
        assert lines[0].startswith("s.yaml:4:5: fonts.body.family: the font 'Vera' has no bold")
        assert "headings, the title" in lines[0] and "the table's header row" in lines[0]
    assert not (tmp_path / "out").exists()


def test_files_per_face_print_each_face_from_its_file(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    (tmp_path / "s.yaml").write_text(
        "name: s\nfonts:\n  body:\n    family: {regular: Vera.ttf, bold: VeraBd.ttf}\n"
    )
    checked, built = both(run, "s.yaml")
    assert checked.exit_code == 0 and built.exit_code == 0, checked.output + built.output
    data = (tmp_path / "out" / "h.pdf").read_bytes()
    names = {base_name(f) for f, _ in fonts(data)}
    assert {"BitstreamVeraSans-Roman", "BitstreamVeraSans-Bold"} <= names, names
    shown = run("styles", "show", "s.yaml").output
    assert "regular: " in shown and "VeraBd.ttf" in shown  # written back per face


def test_an_italic_the_family_lacks_is_refused_with_the_role_and_line(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    (tmp_path / "s.yaml").write_text(
        "name: s\nfonts:\n  body:\n    family: {regular: Vera.ttf, bold: VeraBd.ttf}\n"
        "  subtitle:\n    italic: true\n"
    )
    for result in both(run, "s.yaml"):
        assert result.exit_code == 2
        assert (
            "s.yaml:4:5: fonts.body.family: the font 'Vera' has no italic face, and the "
            "subtitle is set in italic" in result.output
        ), result.output
        assert "fonts.subtitle.italic to false" in result.output


def test_emphasis_in_a_face_the_family_lacks_names_the_content_line(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    (tmp_path / "s.yaml").write_text(
        "name: s\nfonts:\n  body:\n    family: {regular: Vera.ttf, bold: VeraBd.ttf}\n"
    )
    (tmp_path / "e.yaml").write_text(content_yaml(summary="Rest *at home* for a week."))
    result = run("build", "e.yaml", "--style", "s.yaml", "-o", "out/")
    assert result.exit_code == 2
    assert "e.yaml:5:1: summary: is set partly in italic" in result.output, result.output
    assert "'Vera' has no italic face" in result.output


def test_a_fallback_file_without_bold_is_named_when_a_handout_is_set_in_it(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    shutil.copy(fontpkg.path("Fira Sans", 400), tmp_path / "Fira.ttf")
    (tmp_path / "s.yaml").write_text("name: s\nfonts:\n  fallbacks: [Fira.ttf, Inter]\n")
    (tmp_path / "ru.yaml").write_text(RUSSIAN, encoding="utf-8")
    assert run("build", "h.yaml", "--style", "s.yaml", "-o", "out/").exit_code == 0  # English
    result = run("build", "ru.yaml", "--style", "s.yaml", "-o", "out/")
    assert result.exit_code == 2
    assert "s.yaml:3:15: fonts.fallbacks[0]: the font 'Fira' has no bold face" in result.output
    assert "this handout is set in 'Fira'" in result.output
    assert not (tmp_path / "out" / "ru.pdf").exists()


@pytest.fixture
def upright_only(monkeypatch: pytest.MonkeyPatch) -> str:
    """An installed family with a regular and a bold file and no italic (as Noto Sans
    Devanagari is installed by ``fontpkg-noto-sans-devanagari``)."""
    files = tuple(
        FontFile(path=fontpkg.path("Fira Sans", w), style="normal", weight=w, variable=False)
        for w in (400, 700)
    )
    fam = Family("Upright Sans", "upright-sans", "1", "OFL-1.1", files)
    monkeypatch.setattr(_registry, "_cache", {**fontpkg.families(), "upright-sans": fam})
    return fam.name


def test_an_installed_family_without_italic_works_where_no_italic_is_needed(
    tmp_path: Path, run: Callable[..., Result], upright_only: str
) -> None:
    assert fontfile.faces(upright_only) == {"regular", "bold"}
    (tmp_path / "s.yaml").write_text(f"name: s\nfonts:\n  body:\n    family: {upright_only}\n")
    checked, built = both(run, "s.yaml")
    assert checked.exit_code == 0 and built.exit_code == 0, checked.output + built.output
    assert "Alpha and beta are two things." in text((tmp_path / "out" / "h.pdf").read_bytes())
    (tmp_path / "i.yaml").write_text(
        f"name: i\nfonts:\n  body:\n    family: {upright_only}\n    italic: true\n"
    )
    for result in both(run, "i.yaml"):
        assert result.exit_code == 2
        assert "i.yaml:4:5: fonts.body.family: the font 'Upright Sans' has no italic face" in (
            result.output
        )
        assert "not installed" not in result.output


def test_noto_sans_devanagari_works_when_installed(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    if "noto-sans-devanagari" not in fontpkg.families():
        pytest.skip("pip install fontpkg-noto-sans-devanagari to run this")
    (tmp_path / "s.yaml").write_text("name: s\nfonts:\n  body:\n    family: Noto Sans Devanagari\n")
    checked, built = both(run, "s.yaml")
    assert checked.exit_code == 0 and built.exit_code == 0, checked.output + built.output


HEBREW_VF = "justmytype_intl_rtl/fonts/ofl/notosanshebrew/NotoSansHebrew[wdth,wght].ttf"
"""A small variable font (112 KB, weights 100 to 900, Thin by default) with Latin letters."""


def _variable_font(to: Path) -> None:
    import importlib.util

    spec = importlib.util.find_spec("justmytype_intl_rtl")
    assert spec is not None and spec.submodule_search_locations
    root = Path(next(iter(spec.submodule_search_locations))).parent
    shutil.copy(root / HEBREW_VF, to)


def _faces_of(data: bytes, text: str) -> set[str]:
    """The fonts (subset prefix left out) that draw the characters of ``text``."""
    import pdfplumber
    from pdfcheck import source

    with pdfplumber.open(source(data)) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    line = "".join(c["text"] for c in chars)
    start = line.index(text)
    return {base_name(c["fontname"]) for c in chars[start : start + len(text)]}


def test_a_variable_font_file_prints_a_real_regular_and_bold(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    # One file for every weight: ReportLab would draw its default (here Thin) for the
    # body text and for the bold title alike.  Each weight is its own instance.
    _variable_font(tmp_path / "Clinic.ttf")
    (tmp_path / "s.yaml").write_text("name: s\nfonts:\n  body: {family: Clinic.ttf}\n")
    built, said = [], []
    # A machine that prepares the faces, another, then the first again (prepared once).
    for cache in ("c1", "c2", "c1"):
        result = subprocess.run(
            [str(Path(sys.executable).parent / "handout"), "build", "h.yaml"]
            + ["--style", "s.yaml", "-o", f"{len(built)}.pdf"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={**os.environ, "XDG_CACHE_HOME": str(tmp_path / cache)},
        )
        assert result.returncode == 0, result.stderr
        said.append("Preparing the bold face of Noto Sans Hebrew" in result.stderr)
        built.append((tmp_path / f"{len(built)}.pdf").read_bytes())
    assert said == [True, True, False]
    assert built[0] == built[1] == built[2]  # the same faces, the same bytes, on any machine
    assert _faces_of(built[0], "Alpha vs. Beta") == {"NotoSansHebrew-Bold"}
    assert _faces_of(built[0], "Some body text.") == {"NotoSansHebrew-Regular"}


def test_an_installed_variable_family_prints_its_bold(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    # Inter comes as one variable file per style; its bold is its instance at 700.
    (tmp_path / "s.yaml").write_text("name: s\nfonts:\n  body: {family: Inter}\n")
    checked, built = both(run, "s.yaml")
    assert checked.exit_code == 0 and built.exit_code == 0, checked.output + built.output
    data = (tmp_path / "out" / "h.pdf").read_bytes()
    assert _faces_of(data, "Alpha vs. Beta") == {"Inter-Bold"}
    assert _faces_of(data, "Some body text.") == {"Inter-Regular"}


@pytest.mark.parametrize("keep", [20, 3000, 30000])
def test_a_font_file_cut_short_is_refused_like_a_broken_logo(
    tmp_path: Path, run: Callable[..., Result], keep: int
) -> None:
    (tmp_path / "Cut.ttf").write_bytes((VERA / "Vera.ttf").read_bytes()[:keep])
    (tmp_path / "s.yaml").write_text(
        "name: s\nfonts:\n  body:\n    family: {regular: Cut.ttf, bold: VeraBd.ttf}\n"
    )
    refused_as_damaged(
        run, "s.yaml:4:14: fonts.body.family.regular: the font file Cut.ttf is damaged"
    )


def _overwritten(data: bytes, tag: bytes) -> bytes:
    """``data`` (a font file) with its table ``tag`` overwritten by 0xFF bytes, as a
    damaged disk or a bad copy leaves it: the table directory itself reads."""
    from handout.model.fontfile import tables

    found = tables(data)
    assert found is not None and tag in found, tag
    offset, length = found[tag]
    return data[:offset] + b"\xff" * length + data[offset + length :]


@pytest.mark.parametrize("table", [b"cmap", b"head", b"hmtx", b"glyf", b"loca", b"name", b"post"])
def test_a_damaged_font_table_is_refused_with_the_style_line(
    tmp_path: Path, run: Callable[..., Result], table: bytes
) -> None:
    # Each of these once crashed the build (a traceback, exit 1), was refused without the
    # style's line, or printed a PDF without letters, while validate said "valid".
    damaged = _overwritten((VERA / "Vera.ttf").read_bytes(), table)
    (tmp_path / "Bad.ttf").write_bytes(damaged)
    (tmp_path / "s.yaml").write_text(
        "name: s\nfonts:\n  body:\n    family: {regular: Bad.ttf, bold: VeraBd.ttf}\n"
    )
    refused_as_damaged(run, "s.yaml:4:5: fonts.body.family: the font file Bad.ttf is damaged")


def test_the_style_schema_takes_files_per_face() -> None:
    import jsonschema

    from handout.model import editor

    check = jsonschema.Draft202012Validator(editor.schema("style"))
    faces = {"regular": "fonts/C-Regular.ttf", "bold": "fonts/C-Bold.ttf"}
    good = {"fonts": {"body": {"family": faces}, "fallbacks": [faces, "Inter"]}}
    assert not list(check.iter_errors(good))
    assert list(check.iter_errors({"fonts": {"body": {"family": {"bold": "b.ttf"}}}}))
    assert list(check.iter_errors({"fonts": {"body": {"family": {"regular": "a", "heavy": "b"}}}}))


# --- finding an installed family without fontpkg's registry (model.installed) -------------


@pytest.mark.parametrize("fam", sorted(fontpkg.families().values(), key=lambda f: f.slug))
def test_an_installed_family_is_found_in_its_package_as_fontpkg_finds_it(fam: Family) -> None:
    """Read from its package's metadata, every installed family has the name, the files
    and, for every weight and style a face is asked in, the file that fontpkg gives."""
    found = installed._from_package(fam.slug)
    assert found is not None, fam.slug
    assert found == installed._from_fontpkg(fam.name)
    assert found.name == fam.name
    assert [
        (f.path, f.style, f.weight, f.variable, f.wght_min, f.wght_max) for f in found.files
    ] == [(f.path, f.style, f.weight, f.variable, f.wght_min, f.wght_max) for f in fam.files]
    for style in fam.styles:
        for weight in (100, 400, 500, 700, 900):
            assert installed.path(found, weight, style) == fontpkg.path(
                fam.name, weight, style, nearest=True
            ), (style, weight)


def test_a_family_packaged_otherwise_is_asked_of_fontpkg(upright_only: str) -> None:
    found = installed.family(upright_only)
    assert found is not None and found.name == "Upright Sans"
    assert [f.weight for f in found.files] == [400, 700]
    assert installed.path(found, 700, "normal") == fontpkg.path("Fira Sans", 700)
    with pytest.raises(ValueError, match="no italic file"):
        installed.path(found, 400, "italic")
    assert installed.family("no such family") is None
    assert "Upright Sans" in installed.names()


def test_a_variable_font_file_gives_the_html_page_its_bold_too(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    # One @font-face spanning 400 to 700: the browser draws the bold title from the
    # file's weight axis, where a face of weight 400 alone would be thickened by the
    # browser (a "fake bold").
    _variable_font(tmp_path / "Clinic.ttf")
    (tmp_path / "s.yaml").write_text("name: s\nfonts:\n  body: {family: Clinic.ttf}\n")
    result = run("build", "h.yaml", "--style", "s.yaml", "--format", "html", "-o", "out/")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "h.html").read_text("utf-8")
    faces = re.findall(r'@font-face\{font-family:"Clinic";font-weight:([0-9 ]+);', page)
    assert faces and set(faces) == {"400 700"}, faces


@pytest.mark.parametrize("table", [b"gvar", b"HVAR", b"fvar"])
def test_a_variable_font_with_damaged_variations_is_refused_with_the_style_line(
    tmp_path: Path,
    run: Callable[..., Result],
    monkeypatch: pytest.MonkeyPatch,
    table: bytes,
) -> None:
    # Its weights are cut from its variation tables: once a traceback (exit 1).
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _variable_font(tmp_path / "Good.ttf")
    (tmp_path / "Bad.ttf").write_bytes(_overwritten((tmp_path / "Good.ttf").read_bytes(), table))
    (tmp_path / "s.yaml").write_text("name: s\nfonts:\n  body: {family: Bad.ttf}\n")
    refused_as_damaged(
        run, "s.yaml:3:10: fonts.body.family: the font file Bad.ttf is damaged: its "
    )
    assert not list((tmp_path / "cache").rglob("*.ttf"))  # nothing half cut is kept
