"""``handout.imports``: libraries loaded without start-up work for unused features,
and what they do unchanged."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from fresh import START
from matrix import figures
from pdfcheck import content_yaml, text

from handout import imports


def test_a_deferred_pattern_compiles_on_first_use_and_answers_as_the_pattern() -> None:
    with imports.patterns_on_first_use("(a", "x+") as made:
        first = re.compile("(a|b)+c", re.I)
        split = re.compile("x+").split  # a method taken before any use
        other = re.compile("[0-9]+")
    assert isinstance(other, re.Pattern) and re.compile is imports._compile
    assert [type(p) for p in made] == [imports.DeferredPattern] * 2
    assert not any(p.compiled for p in made)
    assert split("1xx2x3") == ["1", "2", "3"]
    assert made[1].compiled and not made[0].compiled
    found = first.match("ABac")
    assert found is not None and found.group(0) == "ABac" and found.group(1) == "a"
    assert first.pattern == "(a|b)+c" and first.flags & re.I and first.groups == 1
    assert first.sub("-", "xabcx") == "x-x"


def test_compile_is_restored_when_the_import_fails() -> None:
    with pytest.raises(ZeroDivisionError), imports.patterns_on_first_use("z"):
        1 / 0  # noqa: B018
    assert re.compile is imports._compile


def test_reportlabs_web_address_pattern_matches_as_when_compiled_at_import() -> None:
    """The pattern deferred in a build (``test_cli``) is ReportLab's own, with its flags."""
    import reportlab.platypus.paragraph as paragraph

    text, flags = paragraph.uri_pat.pattern, paragraph.uri_pat.flags
    deferred, eager = imports.DeferredPattern(text, flags), re.compile(text, flags)
    for uri in ("https://example.org/a/b/", "WWW.CDC.GOV/ncbddd", "ftp://1.2.3.4/x", "not a uri"):
        found, again = deferred.match(uri), eager.match(uri)
        assert (found and found.groups()) == (again and again.groups())
    assert deferred.match("https://example.org/") is not None


def test_without_makes_an_import_fail_only_inside() -> None:
    sys.modules.pop("colorsys", None)
    with imports.without("colorsys"), pytest.raises(ImportError):
        importlib.import_module("colorsys")
    assert importlib.import_module("colorsys").hls_to_rgb(0, 0.5, 0) == (0.5, 0.5, 0.5)
    with imports.without("colorsys"):  # loaded already: left alone
        assert importlib.import_module("colorsys") is sys.modules["colorsys"]
    assert "colorsys" in sys.modules


def built_after_loading_the_pdf_code(cwd: Path, module: str, style: str) -> None:
    """``handout build h.yaml --style STYLE -o x.pdf`` in a fresh Python in ``cwd``, after
    the PDF code is imported: ``module`` is not loaded by then, and the build succeeds."""
    script = (
        START + "import handout.pdf.layout\n"
        f"print('LOADED', LOADED({module!r}))\n"
        "from handout.cli import main\n"
        f"sys.argv = ['handout', 'build', 'h.yaml', '--style', {style!r}, '-o', 'x.pdf']\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    print('STATUS', exc.code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True)
    assert "LOADED False" in done.stdout and "STATUS 0" in done.stdout, done.stderr


def test_pictures_and_a_logo_are_drawn_with_pillow_loaded_on_first_use(tmp_path: Path) -> None:
    """ReportLab is imported with Pillow's image module loaded only when first used
    (``handout.pdf``): a handout with a photo, a drawing and a logo still has all three."""
    from PIL import Image

    (tmp_path / "h.yaml").write_text(figures(), "utf-8")
    Image.new("L", (123, 45), 90).save(tmp_path / "logo.png")
    (tmp_path / "s.yaml").write_text("name: s\nclinic:\n  name: A Clinic\n  logo: logo.png\n")
    built_after_loading_the_pdf_code(tmp_path, "PIL._imaging", "s.yaml")
    with pikepdf.open(tmp_path / "x.pdf") as pdf:
        sizes = {
            (int(x.Width), int(x.Height)) for page in pdf.pages for x in page.get_images().values()
        }
    assert {(123, 45), (600, 400)} < sizes and len(sizes) == 3  # the logo, drawing, photo


def test_a_word_too_wide_for_its_column_is_hyphenated_with_pyphen_loaded_when_needed(
    tmp_path: Path,
) -> None:
    """ReportLab is imported without pyphen (``pdf.platypus``): a word wider than a
    large-print column still breaks at a dictionary point, with pyphen loaded then."""
    values = ["Physical examination", "Electromyography studies", "EMG", "Biopsy"]
    doc = content_yaml(
        items=["Muscle Atrophy", "Muscle Denervation", "Neuromuscular Disease", "Myopathy"],
        comparison=[{"attribute": "Diagnosis", "values": values}],
    )
    (tmp_path / "h.yaml").write_text(doc, "utf-8")
    built_after_loading_the_pdf_code(tmp_path, "pyphen", "large-print")
    assert "Elec- tromyography" in text((tmp_path / "x.pdf").read_bytes())
