"""``handout styles``, ``handout styles show`` and style files in ``handout validate``."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from handout.cli import cli
from handout.model import style

Writer = Callable[[Path, str, "str | bytes"], Path]


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``handout ARGS`` from an empty ``tmp_path``; never a traceback."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(cli, list(args))
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        return result

    return invoke


def test_styles_lists_the_bundled_styles_with_description_and_file(
    run: Callable[..., Result],
) -> None:
    result = run("styles")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["NAME", "DESCRIPTION", "FILE"]
    assert [line.split()[0] for line in lines[1:]] == [
        "default",
        "example-clinic",
        "grayscale",
        "large-print",
    ]
    for name, description, path in style.available():
        line = next(x for x in lines if x.startswith(f"{name} "))
        assert description in line and line.endswith(f"{path} (bundled)")


def test_local_styles_come_first_and_hide_bundled_ones(
    run: Callable[..., Result], tmp_path: Path, write: Writer
) -> None:
    write(tmp_path, "styles/default.yaml", "description: Our house look\nextends: default\n")
    write(tmp_path, "styles/a-local.yml", "description: A local one\n")
    lines = run("styles").output.splitlines()[1:]
    assert lines[0].split()[:2] == ["a-local", "A"] and lines[0].endswith("styles/a-local.yml")
    assert lines[1].startswith("default ") and "Our house look" in lines[1]
    assert lines[1].endswith("styles/default.yaml (hides the bundled one)")
    assert sum(line.startswith("default ") for line in lines) == 1


def test_a_broken_local_style_is_still_listed(
    run: Callable[..., Result], tmp_path: Path, write: Writer
) -> None:
    write(tmp_path, "styles/broken.yaml", "description: [unclosed\n")
    result = run("styles")
    assert result.exit_code == 0
    assert "(unreadable: run handout validate styles/broken.yaml)" in result.output


@pytest.mark.parametrize("name", ["default", "large-print", "grayscale", "example-clinic"])
def test_styles_show_prints_a_style_that_resolves_to_the_same(
    run: Callable[..., Result], tmp_path: Path, name: str
) -> None:
    result = run("styles", "show", name)
    assert result.exit_code == 0, result.output
    printed = tmp_path / "printed.yaml"
    printed.write_text(result.output, encoding="utf-8")
    assert style.resolve(printed) == style.resolve(name)
    assert run("validate", str(printed)).exit_code == 0


def test_styles_show_takes_a_path_and_shows_it_merged(
    run: Callable[..., Result], tmp_path: Path, write: Writer
) -> None:
    write(tmp_path, "mine.yaml", "extends: large-print\ncolors: {primary: teal}\n")
    result = run("styles", "show", "mine.yaml")
    assert result.exit_code == 0, result.output
    assert "name: mine\n" in result.output
    assert "primary: '#008080'" in result.output and "header_background: '#008080'" in result.output
    assert "    size: 18pt\n" in result.output


def test_styles_show_of_an_unknown_style_exits_2(run: Callable[..., Result]) -> None:
    result = run("styles", "show", "large-prnt")
    assert result.exit_code == 2
    assert result.output.startswith("large-prnt: no style of that name (looked in styles/")
    assert "did you mean 'large-print'?" in result.output


def test_validate_tells_styles_from_content_and_reports_both(
    run: Callable[..., Result], tmp_path: Path, write: Writer, shipped_content: Path
) -> None:
    write(tmp_path, "styles/good.yaml", "extends: grayscale\nalign: justify\n")
    write(tmp_path, "styles/bad.yaml", "page:\n  margins: 9in\nfonts: {body: {size: 0}}\n")
    write(tmp_path, "content/a.yaml", shipped_content.read_text(encoding="utf-8"))
    result = run("validate", "styles", "content")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "styles/bad.yaml:2:3: page.margins: the left and right margins leave no room on the 8.5in "
        "(612pt) width of letter paper; at least 3in (216pt) is needed for the text",
        "styles/bad.yaml:2:3: page.margins: the top and bottom margins leave no room on the 11in "
        "(792pt) height of letter paper; at least 3in (216pt) is needed for the text",
        "styles/bad.yaml:3:16: fonts.body.size: a font size must be more than 0pt, found 0",
        "styles/good.yaml: valid",
        "content/a.yaml: valid",
        "2 valid, 1 invalid",
    ]


def test_validate_style_flag_checks_any_file_as_a_style(
    run: Callable[..., Result], tmp_path: Path, write: Writer
) -> None:
    write(tmp_path, "odd.yaml", "title: Not a style key\n")
    as_content = run("validate", "odd.yaml")
    assert "missing required key 'items'" in as_content.output
    as_style = run("validate", "--style", "odd.yaml")
    assert as_style.exit_code == 2
    assert as_style.output.startswith("odd.yaml:1:1: title: unknown key 'title'")


def test_validate_reports_the_parents_problems_in_the_parents_file(
    run: Callable[..., Result], tmp_path: Path, write: Writer
) -> None:
    write(tmp_path, "styles/parent.yaml", "# parent\ncolors:\n  text: '#GGG'\n")
    write(tmp_path, "styles/child.yaml", "extends: parent\nalign: left\n")
    result = run("validate", "styles/child.yaml")
    assert result.exit_code == 2
    assert result.output.startswith("styles/parent.yaml:3:3: colors.text: '#GGG' is not a colour")


@pytest.mark.skipif(
    os.environ.get("HANDOUT_SLOW") != "1", reason="installs the package; set HANDOUT_SLOW=1"
)
def test_an_installed_wheel_carries_the_bundled_styles(repo_root: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, str(repo_root)], check=True, capture_output=True, timeout=600)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    handout = str(venv / "bin" / "handout")

    listing = subprocess.run(
        [handout, "styles"], cwd=elsewhere, capture_output=True, text=True, check=True
    )
    site = next((venv / "lib").glob("python*/site-packages/handout/styles"))
    for name in ("default", "large-print", "grayscale", "example-clinic"):
        assert f"{site / name}.yaml (bundled)" in listing.stdout
    shown = subprocess.run(
        [handout, "styles", "show", "example-clinic"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert f"logo: {site / 'logos' / 'example-clinic.png'}" in shown.stdout
    assert not (site / "logos" / "example-clinic.png").is_symlink()
