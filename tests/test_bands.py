"""The header band and the footer print the clinic's text whole (issue 21, points 1 and 16).

A name, contact line or footer text longer than a line wraps and its band grows, so the
text frame shrinks and nothing overlaps or leaves the margins; past two lines it is
refused by ``validate`` and ``build`` alike, naming the style key, its line and the room.
The page number sits on the id line's baseline.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
import yaml
from click.testing import CliRunner, Result
from pdfcheck import content_yaml, outside_margins, overlapping_lines, page_texts

from handout.cli import cli
from handout.model import style
from handout.model.stylemodel import Clinic, Footer
from handout.pdf import roles

NAME = "Riverside Community Health and Family Medicine Partners of the Greater Valley"
WEBSITE = "www.riverside-community-health-family-medicine.example/patients"
FOOTER = (
    "Questions? Call us at (555) 010-0199, Monday to Friday, 8 am to 6 pm, "
    "or write to help@riverside.example."
)


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run ``handout ARGS`` in ``tmp_path``, which holds a content file ``h.yaml``."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "h.yaml").write_text(
        content_yaml(meta={"id": "FLU-012", "version": "1.0"}), encoding="utf-8"
    )

    def invoke(*args: str) -> Result:
        result = CliRunner().invoke(cli, list(args))
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    return invoke


def write_style(tmp_path: Path, **groups: object) -> Path:
    path = tmp_path / "clinic.yaml"
    path.write_text(
        yaml.safe_dump({"name": "clinic", "extends": "large-print", **groups}), encoding="utf-8"
    )
    return path


def test_long_clinic_and_footer_text_prints_whole_in_large_print(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    write_style(
        tmp_path,
        clinic={"name": NAME, "phone": "(555) 010-0199", "website": WEBSITE},
        footer={"text": FOOTER},
    )
    assert run("validate", "clinic.yaml").exit_code == 0
    result = run("build", "h.yaml", "--style", "clinic.yaml", "-o", "h.pdf")
    assert result.exit_code == 0, result.output
    data = (tmp_path / "h.pdf").read_bytes()
    for page in page_texts(data):
        assert "\u2026" not in page
        for whole in (NAME, WEBSITE, FOOTER, "(555) 010-0199 \u00b7"):
            assert whole in page.replace("\u00a0", " "), page
    assert outside_margins(data, style.resolve("large-print").page) == []
    assert overlapping_lines(data) == []


def test_the_bands_grow_by_the_lines_they_wrap_to() -> None:
    plain = style.resolve("large-print")
    k = roles.kit(plain)
    long = replace(
        plain,
        clinic=Clinic(name=NAME, phone="(555) 010-0199", website=WEBSITE),
        footer=Footer(text=FOOTER),
    )
    wrapped = roles.kit(long)
    assert [bold for _, bold in wrapped.bands.header] == [True, True, False, False]
    assert len(wrapped.bands.footer) == 2 and " ".join(wrapped.bands.footer) == FOOTER
    line = plain.fonts.small.size * plain.fonts.small.leading
    assert wrapped.footer_h == pytest.approx(k.footer_h + line)
    assert wrapped.frame[3] < k.frame[3] - 2 * line  # the frame gives up what the bands take


def test_text_past_two_lines_is_refused_by_validate_and_build(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    write_style(tmp_path, clinic={"name": NAME}, footer={"text": FOOTER + " " + FOOTER})
    checked = run("validate", "clinic.yaml")
    built = run("build", "h.yaml", "--style", "clinic.yaml")
    for result in (checked, built):
        assert result.exit_code == 2, result.output
        assert (
            "clinic.yaml:5:3: footer.text: is too long for the footer: at 16pt it takes 4 lines "
            "of 497pt, and the footer holds 2" in result.output
        ), result.output
        assert "clinic.name" not in result.output  # two lines are fine
    assert not (tmp_path / "output").exists()


def test_an_unbreakable_piece_wider_than_the_header_names_the_room(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    write_style(tmp_path, clinic={"phone": "(555) 010-0199", "website": "w" * 60 + ".example"})
    result = run("validate", "clinic.yaml")
    assert result.exit_code == 2
    assert "clinic.yaml:3:3: clinic.website: 'wwww" in result.output
    assert "but the header leaves 497pt for it" in result.output


def baselines(data: bytes, *words: str) -> list[float]:
    """The baseline of the first word starting with each of ``words``, on the first page."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        found = pdf.pages[0].extract_words()
    return [next(w["bottom"] for w in found if w["text"].startswith(s)) for s in words]


@pytest.mark.parametrize("text", [None, "Questions? Call us at (555) 010-0199."])
def test_the_page_number_shares_the_id_lines_baseline(
    tmp_path: Path, run: Callable[..., Result], text: str | None
) -> None:
    write_style(tmp_path, footer={"text": text})
    assert run("build", "h.yaml", "--style", "clinic.yaml", "-o", "h.pdf").exit_code == 0
    data = (tmp_path / "h.pdf").read_bytes()
    page, meta = baselines(data, "Page", "FLU-012")
    assert page == pytest.approx(meta)
    if text:
        (above,) = baselines(data, "Questions?")
        assert above < meta - 10  # the footer text is the line above


def test_a_page_number_that_does_not_fit_beside_the_id_gets_a_line_above(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    meta = {"id": "FLU-" + "1" * 24, "version": "1.0", "reviewed": "2026-01-01"}
    (tmp_path / "h.yaml").write_text(content_yaml(meta=meta), encoding="utf-8")
    assert run("build", "h.yaml", "--style", "large-print", "-o", "h.pdf").exit_code == 0
    data = (tmp_path / "h.pdf").read_bytes()
    page, ident = baselines(data, "Page", "FLU-")
    line = 16 * 1.4
    assert page == pytest.approx(ident - line)
    assert outside_margins(data, style.resolve("large-print").page) == []
    assert overlapping_lines(data) == []
