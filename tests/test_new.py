"""handout new: a content file from the standard template; and the shared YAML writer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from handout.authoring import template
from handout.cli import cli
from handout.errors import InputError
from handout.model import content, yamlfile

SLUG = "muscle-atrophy-vs-muscle-denervation"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert not isinstance(result.exception, AssertionError | TypeError), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_new_writes_a_valid_template_that_check_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = run("new", "Muscle Atrophy", "Muscle Denervation")
    assert code == 0
    path = Path("content") / f"{SLUG}.yaml"
    assert stdout.startswith(f"wrote {path}")
    handout = content.load(path)
    assert handout.title == "Muscle Atrophy vs. Muscle Denervation"
    assert handout.items == ("Muscle Atrophy", "Muscle Denervation")
    assert [s.heading for s in handout.sections] == list(template.STANDARD_SECTIONS)
    assert [r.attribute for r in handout.comparison] == list(template.STANDARD_ATTRIBUTES)
    assert all(s.summary for s in handout.sections)
    # valid as a draft; not valid to build until its placeholders are written
    assert run("validate", "--draft", str(path))[0] == 0
    code, said, _ = run("validate", str(path))
    # summary, 6 rows of 2 cells, 7 sections' summary and body, an action, the two lists
    # of get_help, disclaimer, meta.id
    assert code == 2 and said.count("still holds the placeholder") == 1 + 6 * 2 + 7 * 2 + 4 + 1

    code, report, _ = run("check", str(path), "--format", "json")
    assert code == 3
    found = json.loads(report)[0]["findings"]
    placeholders = {f["path"] for f in found if f["kind"] == "placeholder"}
    assert placeholders == {p for p, text in handout.texts() if "TODO:" in text}
    assert len(placeholders) == 1 + 6 * 2 + 7 * 2 + 1 + 2 + 1 + 1
    assert {"review-missing"} <= {f["kind"] for f in found}


@pytest.mark.parametrize("items", [["A", "B", "C"], ["Flu", "Cold", "COVID-19", "Allergy"]])
def test_three_and_four_items(items: list[str], tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    assert run("new", *items, "-o", str(out))[0] == 0
    handout = content.load(out)
    assert handout.items == tuple(items)
    assert all(len(r.values) == len(items) for r in handout.comparison)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["Flu"], "1 item given; a handout compares 2 to 4 items"),
        (["A", "B", "C", "D", "E"], "5 items given; a handout compares 2 to 4 items"),
        (["Flu", "flu"], "'flu' is given twice"),
        (["Flu", "  "], "an item name is empty"),
    ],
)
def test_wrong_items_are_refused(items: list[str], message: str, tmp_path: Path) -> None:
    code, _, stderr = run("new", *items, "-o", str(tmp_path / "x.yaml"))
    assert code == 2
    assert message in stderr
    assert not (tmp_path / "x.yaml").exists()


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "x.yaml"
    out.write_text("somebody's work")
    code, _, stderr = run("new", "A", "B", "-o", str(out))
    assert code == 2
    assert (
        stderr.strip() == f"{yamlfile.display_name(out)}: already exists; use --force to replace it"
    )
    assert out.read_text() == "somebody's work"
    assert run("new", "A", "B", "-o", str(out), "--force")[0] == 0
    assert content.load(out).items == ("A", "B")
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]  # no temporary file left


def test_a_folder_where_the_file_would_go_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a-vs-b.yaml").mkdir()
    code, _, stderr = run("new", "A", "B", "-o", str(tmp_path))
    assert code == 2 and "a-vs-b.yaml: is a folder" in stderr


def test_slug() -> None:
    assert template.slug("Muscle Atrophy vs. Muscle Denervation") == SLUG
    assert template.slug("Café au lait spots vs. Freckles") == "cafe-au-lait-spots-vs-freckles"
    assert template.slug("?!") == "handout"


@pytest.mark.parametrize(
    ("items", "language", "name"),
    [
        (("Cảm lạnh", "Cúm"), "vi", "cam-lanh-hay-cum"),
        (("感冒", "流感"), None, "ganmao-vs-liugan"),
        (("Γρίπη", "Κρυολόγημα"), "el", "gripi-i-kryologima"),
        (("ωmega", "ψ"), None, "omega-vs-ps"),
        (("نزلة البرد", "الإنفلونزا"), None, "nzlh-lbrd-vs-l-nflwnz"),
        (("Грипп", "Простуда"), "ru", "gripp-ili-prostuda"),
    ],
)
def test_new_names_the_file_in_ascii_whatever_the_script(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    items: tuple[str, str],
    language: str | None,
    name: str,
) -> None:
    # One rule for every script: transliterated to ASCII, lower case, '-' between words.
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = run("new", *items, *(["--language", language] if language else []))
    assert code == 0
    written = Path("content") / f"{name}.yaml"
    assert stdout.startswith(f"wrote {written}:")
    assert [p.name for p in Path("content").iterdir()] == [written.name]
    assert written.name.isascii()
    assert content.load(written).items == items  # the text itself is as written


def test_checked_refuses_what_would_not_validate() -> None:
    with pytest.raises(InputError, match="items"):
        template.checked("title: A\nitems: [A]\nsummary: s\ncomparison: []\nsections: []\n", "x")


# The writer ------------------------------------------------------------------------------

TRICKY = [
    "No",
    "yes",
    "null",
    "~",
    "1.0",
    "2026-01-01",
    "0x1F",
    "key: value",
    "ends with colon:",
    "# not a comment",
    "text # with hash",
    "- dash",
    "'quoted'",
    '"double"',
    "@at",
    "%percent",
    "&anchor",
    "*alias",
    "!tag",
    "[list]",
    "{map}",
    "a | pipe",
    "> folded",
    "back\\slash",
    "Ünïcödé",
]


def _draft(items: tuple[str, ...], cells: tuple[str, ...]) -> template.Draft:
    return template.Draft(
        title=" vs. ".join(items),
        items=items,
        summary=("First paragraph.", "Second " * 30 + "paragraph."),
        rows=(template.DraftRow("Attribute", cells, note="CHECK: a note"),),
        sections=(template.DraftSection("Heading", ("Body.",), summary="Key point."),),
        disclaimer="Disclaimer.",
        meta=(("id", "X-1"),),
    )


def test_every_tricky_text_reads_back_as_written() -> None:
    for text in TRICKY:
        draft = _draft(("Plain", text), (text, "plain"))
        handout = content.from_doc(yamlfile.parse(template.render(draft), "t.yaml"))
        assert handout.items == ("Plain", text)
        assert handout.comparison[0].values == ((text,), ("plain",))
        assert handout.summary == ("First paragraph.", "Second " * 30 + "paragraph.")
        assert handout.sections[0].summary == ("Key point.",)
        assert handout.meta.id == "X-1"


@given(
    st.text(
        alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
        min_size=1,
        max_size=40,
    ).map(lambda s: " ".join(s.split()))
)
def test_any_one_line_text_reads_back_as_written(text: str) -> None:
    if not text:
        return
    assert yaml.safe_load(f"key: {template._scalar(text)}") == {"key": text}


def test_rendering_is_deterministic_and_keeps_notes() -> None:
    draft = _draft(("A", "B"), ("x", "y"))
    first = template.render(draft)
    assert first == template.render(draft)
    assert "  # CHECK: a note\n  - attribute: Attribute\n" in first
