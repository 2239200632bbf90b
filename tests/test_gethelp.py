"""The "When to get help" box and the "What you can do" checklist: content, style,
labels, the PDF and the HTML page, and what `check` says when they are missing."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
import yaml
from click.testing import CliRunner
from matrix import ACTING
from pdfcheck import Elem, content_yaml, page_texts, tagged

from handout.cli import cli
from handout.html import render
from handout.jobs import build
from handout.model import content, labels, style, yamlfile
from handout.model.stylemodel import Clinic, Style

HELP = {"emergency": ["Trouble breathing"], "call_us": ["A fever that lasts 3 days"]}


def load(text: str) -> content.Handout:
    return content.from_doc(yamlfile.parse(text, "h.yaml"))


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, AssertionError | TypeError), result.exception
    return result.exit_code, result.output


def text_of(data: bytes) -> str:
    return " ".join(" ".join(page_texts(data)).split())


def with_help(s: Style, **fields: object) -> Style:
    return replace(s, get_help=replace(s.get_help, **fields))


# --- content and style --------------------------------------------------------------------


def test_get_help_and_actions_are_read_and_checked(tmp_path: Path) -> None:
    doc = load(content_yaml(get_help=HELP, actions=["Rest.", "Drink  water."]))
    assert doc.get_help == content.GetHelp(("Trouble breathing",), ("A fever that lasts 3 days",))
    assert doc.actions == ("Rest.", "Drink water.")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        content_yaml(get_help={"emergncy": ["x"]}, actions="Rest.", check={"skip": ["nope"]})
    )
    code, out = run("validate", str(bad))
    assert code == 2
    assert "get_help.emergncy: unknown key 'emergncy'; did you mean 'emergency'?" in out
    assert "actions: expected a list, found text" in out
    assert "check.skip[0]: 'nope' is not a kind of check finding" in out
    empty = tmp_path / "empty.yaml"
    empty.write_text(content_yaml(get_help={"emergency": [], "call_us": None}))
    code, out = run("validate", str(empty))
    assert (code, "get_help: is empty" in out) == (2, True)


def test_the_style_sets_the_number_the_place_and_the_frame(tmp_path: Path) -> None:
    (tmp_path / "uk.yaml").write_text(
        "extends: default\nget_help:\n  emergency_number: '999'\n  place: after-table\n"
        "  after_section: Treatment\n  border: '#000000'\n"
    )
    s = style.resolve(tmp_path / "uk.yaml")
    assert (s.get_help.emergency_number, s.get_help.place) == ("999", "after-table")
    assert s.get_help.after_section == "Treatment"
    assert "emergency_number: '999'" in style.to_yaml(s)
    (tmp_path / "bad.yaml").write_text("get_help: {place: after-tabel}\n")
    code, out = run("validate", "--style", str(tmp_path / "bad.yaml"))
    assert code == 2 and "did you mean 'after-table'?" in out
    assert style.resolve("grayscale").get_help.border == "#000000"


def test_every_language_names_the_number_and_the_phone() -> None:
    table = yaml.safe_load(labels.DATA.read_text(encoding="utf-8"))
    keys = ("get_help", "emergency", "call_clinic", "call_phone", "call_doctor", "actions")
    for lang in labels.languages():
        for key in keys:
            assert table[lang].get(key), (lang, key)
            assert labels.placeholder_problem(key, table[lang][key]) is None, (lang, key)
        if lang != "en":
            assert table[lang]["get_help"] != table["en"]["get_help"], lang
    words = labels.resolve("es", Style())
    assert words.emergency.format(number="112").startswith("Llame al 112")
    assert words.call_us("Clínica Sol", "555 0100") == "Llame a Clínica Sol al 555 0100 si:"
    assert words.call_us(None, "555 0100") == "Llámenos al 555 0100 si:"
    assert words.call_us("Clínica Sol", None) == "Llame a su médico o clínica si:"


# --- the PDF ------------------------------------------------------------------------------


def test_the_headings_name_the_styles_number_and_the_clinics_phone() -> None:
    doc = content.load(ACTING)
    clinic = style.resolve("example-clinic")
    got = text_of(build.render(doc, with_help(clinic, emergency_number="112"))[0])
    assert "Call 112 or go to the emergency room if you have:" in got
    assert "Call Example Family Clinic at (555) 010-0100 if:" in got
    plain = text_of(build.render(doc, Style())[0])
    assert "Call 911 or go to the emergency room if you have:" in plain
    assert "Call your doctor or clinic if:" in plain
    phone_only = replace(Style(), clinic=Clinic(phone="555-0199"))
    assert "Call us at 555-0199 if:" in text_of(build.render(doc, phone_only)[0])


def box_pages(data: bytes, words: list[str]) -> set[int]:
    return {i for i, page in enumerate(page_texts(data), 1) for w in words if w in page}


def test_the_box_is_whole_on_one_page_and_framed_in_grey(conformance_pdfs: dict[str, Path]) -> None:
    doc = content.load(ACTING)
    assert doc.get_help is not None
    every = ["When to get help", *doc.get_help.emergency, *doc.get_help.call_us]
    for name in ("acting-grayscale-letter", "acting-large-print-a4", "acting-default-a4"):
        data = conformance_pdfs[name].read_bytes()
        assert len(box_pages(data, every)) == 1, name
    data = conformance_pdfs["acting-grayscale-letter"].read_bytes()
    (page,) = box_pages(data, every)
    with pdfplumber.open(conformance_pdfs["acting-grayscale-letter"]) as pdf:
        here = pdf.pages[page - 1]
        frame = [e for e in (*here.rects, *here.lines) if e["linewidth"] >= 3]
        assert len(frame) == 4  # stands out by a thick frame on four sides, not by colour
        assert max(e["x1"] for e in frame) - min(e["x0"] for e in frame) > 400
        colours = [c for p in pdf.pages for c in (*p.rects, *p.lines, *p.chars)]
        for c in colours:
            for key in ("stroking_color", "non_stroking_color"):
                value = c.get(key)  # DeviceGray: one number; no colour anywhere
                assert value is None or isinstance(value, int | float) or len(value) == 1, value


def test_the_box_and_the_checklist_in_the_structure_tree(conformance_pdfs: dict[str, Path]) -> None:
    found = tagged(conformance_pdfs["acting-example-clinic-letter"])
    sects = [e for e in found.root.kids if isinstance(e, Elem) and e.role == "Sect"]
    actions, box = sects[-2], sects[-1]
    assert [k.role for k in actions.kids if isinstance(k, Elem)] == ["H2", "L"]
    assert found.text(actions.kids[0]) == "What you can do"  # type: ignore[arg-type]
    assert [k.role for k in box.kids if isinstance(k, Elem)] == ["H2", "P", "L", "P", "L"]
    assert found.text(box.kids[0]) == "When to get help"  # type: ignore[arg-type]
    # before the disclaimer: the last element of the document
    assert [k.role for k in found.root.kids if isinstance(k, Elem)][-1] == "P"


def test_placement_is_the_styles_choice() -> None:
    doc = load(
        content_yaml(
            sections=[
                {"heading": "Causes", "body": "Viruses."},
                {"heading": "*Treatment*", "body": "Rest."},
                {"heading": "Outlook", "body": "Good."},
            ],
            get_help=HELP,
            disclaimer="Small print.",
        )
    )

    def order(s: Style) -> list[str]:
        got = text_of(build.render(doc, s)[0])
        marks = ["Alpha and beta", "One thing", "Viruses.", "Rest.", "Good.", "When to get"]
        return sorted(marks + ["Small print."], key=got.index)

    assert order(Style())[-2:] == ["When to get", "Small print."]
    assert order(with_help(Style(), place="after-summary"))[:2] == ["Alpha and beta", "When to get"]
    assert order(with_help(Style(), place="after-table"))[1:3] == ["One thing", "When to get"]
    named = with_help(Style(), after_section="treatment")
    assert order(named)[3:5] == ["Rest.", "When to get"]
    missing = with_help(Style(), after_section="Prevention", place="after-table")
    assert order(missing)[1:3] == ["One thing", "When to get"]  # no such section: place
    html = render.render(doc, named).decode()
    assert html.index("Rest.") < html.index('class="get-help"') < html.index("Good.")


# --- the HTML page ------------------------------------------------------------------------


def test_the_html_page_has_the_box_and_a_checklist_without_form_fields() -> None:
    doc = content.load(ACTING)
    page = render.render(doc, style.resolve("example-clinic")).decode()
    assert '<section class="get-help" aria-labelledby="get-help">' in page
    assert '<p class="lead">Call 911 or go to the emergency room if you have:</p>' in page
    # the clinic's number is a tel: link, as every phone number of the page
    assert 'Call Example Family Clinic at <a href="tel:5550100100">(555) 010-0100</a> if:' in page
    assert '<ul class="checklist"><li>Rest and drink plenty' in page
    assert "<input" not in page and "<form" not in page
    assert page.index('class="checklist"') < page.index('class="get-help"')


# --- check ----------------------------------------------------------------------------


def test_check_reports_a_handout_without_help_or_action_with_lines(tmp_path: Path) -> None:
    bare = tmp_path / "bare.yaml"
    bare.write_text(content_yaml(disclaimer="Small print.", meta={"id": "X-1"}))
    code, out = run("check", str(bare), "--format", "json", "--as-of", "2026-12-01")
    found = {f["kind"]: f for f in json.loads(out)[0]["findings"]}
    lines = bare.read_text().splitlines()
    assert lines[found["get-help-missing"]["line"] - 1].startswith("disclaimer:")
    assert lines[found["action-missing"]["line"] - 1].startswith("sections:")
    assert found["get-help-missing"]["path"] == "get_help"
    # a list in a section is an action; so is an actions list
    listed = tmp_path / "listed.yaml"
    listed.write_text(
        content_yaml(sections=[{"heading": "H", "summary": "K.", "body": "Do this:\n- Rest."}])
    )
    code, out = run("check", str(listed), "--format", "json")
    kinds = [f["kind"] for f in json.loads(out)[0]["findings"]]
    assert "action-missing" not in kinds and "get-help-missing" in kinds
    # the shipped examples: the second one has both
    code, out = run("check", str(ACTING), "--as-of", "2026-12-07")
    assert (code, "no findings" in out) == (0, True)


def test_a_clinic_can_switch_the_findings_off_per_file(tmp_path: Path) -> None:
    path = tmp_path / "skip.yaml"
    path.write_text(
        content_yaml(
            meta={"id": "X-1", "reviewed": "2026-11-01"},
            check={"skip": ["get-help-missing", "action-missing"]},
        )
    )
    code, out = run("check", str(path), "--as-of", "2026-12-01")
    assert "get_help" not in out and "no action" not in out
    assert code == 0, out


# --- the template ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es", "ru", "vi", "ar", "hi"])
def test_the_template_holds_the_box_and_actions_to_fill_in(tmp_path: Path, lang: str) -> None:
    path = tmp_path / f"{lang}.yaml"
    code, _ = run("new", "A", "B", "--language", lang, "-o", str(path))
    assert code == 0
    doc = content.load(path)
    assert doc.get_help is not None and doc.actions
    for text in (*doc.actions, *doc.get_help.emergency, *doc.get_help.call_us):
        assert text.startswith("TODO: ")
