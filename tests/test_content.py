"""Content files: the model a valid file gives, and the message each mistake gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handout.errors import InputError, Problem
from handout.model import content, yamlfile

# A small valid handout.  Each broken case below changes one part of it; the line a
# problem must be reported at is marked in the changed text with "# <-".
BASE = """\
title: Cold vs. Flu
subtitle: What's the Difference?
items:
  - Cold
  - Flu
summary: |
  A cold is mild.

  The flu is worse.
comparison:
  - attribute: Onset
    values: [Gradual, Sudden]
  - attribute: Fever
    values: [Rare, Common]
  - attribute: Lasts
    values: [A week, Two weeks]
sections:
  - heading: Causes
    summary: Both are viruses.
    body: |
      Both are viruses. They spread by touch.
disclaimer: Ask your doctor.
meta:
  id: GEN-001
  version: 1.0
  reviewed: 2026-01-15
  source: Staff
"""


def load(text: str) -> content.Handout:
    return content.from_doc(yamlfile.parse(text, "f.yaml"))


def problems(text: str) -> list[Problem]:
    with pytest.raises(InputError) as info:
        load(text)
    return info.value.problems


def marked_line(text: str) -> int:
    (line,) = [n for n, s in enumerate(text.splitlines(), 1) if "# <-" in s]
    return line


def test_the_base_example_is_valid() -> None:
    handout = load(BASE)
    assert handout.title == "Cold vs. Flu"
    assert handout.items == ("Cold", "Flu")
    assert handout.summary == ("A cold is mild.", "The flu is worse.")
    assert handout.comparison[2] == content.Row("Lasts", (("A week",), ("Two weeks",)))
    assert handout.sections == (
        content.Section(
            "Causes", ("Both are viruses.",), ("Both are viruses. They spread by touch.",)
        ),
    )
    assert handout.disclaimer == "Ask your doctor."
    assert handout.meta == content.Meta("GEN-001", "1.0", dt.date(2026, 1, 15), "Staff")
    assert handout.language == "en"
    assert handout.source == "f.yaml"


def test_the_shipped_handout_is_valid(shipped_content: Path) -> None:
    handout = content.load(shipped_content)
    assert handout.title == "Muscle Atrophy vs. Muscle Denervation"
    assert handout.subtitle == "What's the Difference?"
    assert handout.items == ("Muscle Atrophy", "Muscle Denervation")
    assert len(handout.comparison) == 5
    assert all(len(row.values) == 2 for row in handout.comparison)
    assert [s.heading for s in handout.sections] == [
        "Introduction",
        "Causes",
        "Symptoms",
        "Diagnosis",
        "Treatment",
        "Prognosis",
        "Conclusion",
    ]
    assert all(s.summary for s in handout.sections)
    assert handout.meta.reviewed == dt.date(2026, 11, 1)


# (case id, text to replace in BASE, replacement with "# <-" on the reported line,
#  the problem's key path, a fragment of its message)
# fmt: off
BROKEN = [
    ("unknown-key", "summary: |", "summery: |  # <-",
     "summery", "unknown key 'summery'; did you mean 'summary'?"),
    ("unknown-key-no-match", "disclaimer:", "footnote: x  # <-\ndisclaimer:",
     "footnote", "unknown key 'footnote'; allowed here: title, subtitle, language, items"),
    ("yaml-syntax", "subtitle: What's the Difference?", "subtitle: Cold: what to do  # <-",
     "", "YAML syntax error: mapping values are not allowed in this context"),
    ("raw-control-character", "title: Cold vs. Flu", "title: Cold\x07 vs. Flu  # <-",
     "", "contains the control character U+0007; delete it"),
    ("number-for-text", "title: Cold vs. Flu", "title: 42  # <-",
     "title", "expected text, found a number (put it in quotes to use it as text)"),
    ("yes-for-text", "  - Flu", "  - No  # <-",
     "items[1]", "expected text, found yes/no (put it in quotes to use it as text)"),
    ("mapping-for-list", "items:\n  - Cold\n  - Flu", "items: {Cold: 1, Flu: 2}  # <-",
     "items", "expected a list, found a mapping (key: value pairs)"),
    ("list-for-text", "title: Cold vs. Flu", "title: [Cold, Flu]  # <-",
     "title", "expected text, found a list"),
    ("text-for-rows", "comparison:", "comparison: Onset  # <-\nignored:",
     "comparison", "expected a list of rows (- attribute: ...), found text"),
    ("text-for-row", "  - attribute: Onset\n    values: [Gradual, Sudden]", "  - Onset  # <-",
     "comparison[0]", "expected a row with attribute: and values:, found text"),
    ("mapping-for-sections", "sections:", "sections: {Causes: x}  # <-\nignored:",
     "sections", "expected a list of sections (- heading: ...), found a mapping"),
    ("empty-text", "title: Cold vs. Flu", 'title: ""  # <-',
     "title", "is empty; write some text here"),
    ("only-spaces", "title: Cold vs. Flu", 'title: "    "  # <-',
     "title", "is empty; write some text here"),
    ("nothing-for-text", "  - heading: Causes", "  - heading:  # <-",
     "sections[0].heading", "expected text, found nothing"),
    ("duplicate-item", "  - Flu", "  - COLD  # <-",
     "items[1]", "'COLD' is listed twice (also items[0])"),
    ("duplicate-key", "subtitle:", "title: Again  # <-\nsubtitle:",
     "title", "duplicate key 'title' (first at line 1); keep only one"),
    ("one-item", "items:\n  - Cold\n  - Flu", "items: [Cold]  # <-",
     "items", "1 item given; a handout compares 2 to 4 items"),
    ("five-items", "items:\n  - Cold\n  - Flu", "items: [A, B, C, D, E]  # <-",
     "items", "5 items given; a handout compares 2 to 4 items"),
    ("three-values", "    values: [A week, Two weeks]", "    values: [A week, Two, Three]  # <-",
     "comparison[2].values", "3 values given, but there are 2 items"),
    ("one-value", "    values: [Rare, Common]", "    values: [Rare]  # <-",
     "comparison[1].values", "1 value given, but there are 2 items"),
    ("missing-title", "title: Cold vs. Flu\nsubtitle:", "subtitle:  # <-",
     "", "missing required key 'title'"),
    ("missing-body", "  - heading: Causes\n    summary: Both are viruses.\n    body: |\n"
     "      Both are viruses. They spread by touch.\n",
     "  - heading: Causes  # <-\n    summary: Both are viruses.\n",
     "sections[0]", "missing required key 'body'"),
    ("missing-values", "  - attribute: Fever\n    values: [Rare, Common]",
     "  - attribute: Fever  # <-", "comparison[1]", "missing required key 'values'"),
    ("empty-comparison", "comparison:", "comparison: []  # <-\nignored:",
     "comparison", "is empty; give at least one row"),
    ("empty-sections", "sections:", "sections: []  # <-\nignored:",
     "sections", "is empty; give at least one section"),
    ("impossible-date", "  reviewed: 2026-01-15", "  reviewed: 2026-02-30  # <-",
     "meta.reviewed", "expected a date written as YYYY-MM-DD, found '2026-02-30' (day is out of"),
    ("words-for-date", "  reviewed: 2026-01-15", "  reviewed: last spring  # <-",
     "meta.reviewed", "expected a date written as YYYY-MM-DD, found 'last spring'"),
    ("bad-language", "items:", "language: English  # <-\nitems:",
     "language", "'English' is not a language tag; write e.g. en, es or en-US"),
    ("escaped-control-character", "title: Cold vs. Flu", 'title: "Cold\\a vs. Flu"  # <-',
     "title", "contains the control character U+0007; delete it"),
    ("escaped-line-separator", "  - Flu", '  - "Fl\\Lu"  # <-',
     "items[1]", "contains the character U+2028 (LINE SEPARATOR); delete it"),
    ("meta-not-mapping", "meta:\n  id: GEN-001", "meta: GEN-001  # <-\nignored:\n  id: x",
     "meta", "expected a mapping (key: value pairs), found text"),
    ("url-http", "  source: Staff", "  source: Staff\n  url: http://example.org/flu  # <-",
     "meta.url", "'http://example.org/flu' is not an https:// address; write the full address"),
    ("url-no-scheme", "  source: Staff", "  source: Staff\n  url: example.org/flu  # <-",
     "meta.url", "'example.org/flu' is not an https:// address"),
    ("url-no-host", "  source: Staff", "  source: Staff\n  url: https:///flu  # <-",
     "meta.url", "'https:///flu' is not an https:// address"),
    ("url-spaces", "  source: Staff", "  source: Staff\n  url: https://example.org/a b  # <-",
     "meta.url", "may not hold spaces or characters other than plain ASCII"),
    ("url-accent", "  source: Staff", "  source: Staff\n  url: https://example.org/café  # <-",
     "meta.url", "percent-encode them"),
    ("url-broken-host", "  source: Staff", "  source: Staff\n  url: https://[example.org  # <-",
     "meta.url", "is not a web address; check how it is written"),
    ("url-too-long", "  source: Staff",
     "  source: Staff\n  url: https://example.org/" + "a" * 120 + "  # <-",
     "meta.url", "is 140 characters long; keep it to 120"),
    ("url-number", "  source: Staff", "  source: Staff\n  url: 42  # <-",
     "meta.url", "expected text, found a number"),
]
# fmt: on


@pytest.mark.parametrize(
    ("old", "new", "path", "message"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN]
)
def test_each_mistake_is_reported_at_its_line(old: str, new: str, path: str, message: str) -> None:
    assert BASE.count(old) == 1, old
    text = BASE.replace(old, new)
    found = [p for p in problems(text) if message in p.message]
    assert found, f"no problem says {message!r}"
    assert [(p.path, p.line) for p in found] == [(path, marked_line(text))]


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    text = (
        BASE.replace("title: Cold vs. Flu", "title: 42")
        .replace("summary: |", "summery: |")
        .replace("  - Flu", "  - cold")
        .replace("[A week, Two weeks]", "[A week, Two, Three]")
        .replace("reviewed: 2026-01-15", "reviewed: 2026-13-01")
    )
    assert [str(p) for p in problems(text)] == [
        "f.yaml:1:1: title: expected text, found a number (put it in quotes to use it as text)",
        "f.yaml:5:5: items[1]: 'cold' is listed twice (also items[0])",
        "f.yaml:6:1: summery: unknown key 'summery'; did you mean 'summary'? (summary is required)",
        "f.yaml:16:5: comparison[2].values: 3 values given, but there are 2 items",
        "f.yaml:26:3: meta.reviewed: expected a date written as YYYY-MM-DD, "
        "found '2026-13-01' (month must be in 1..12)",
    ]


def test_an_https_address_is_kept_as_written() -> None:
    text = BASE.replace("  source: Staff", "  source: Staff\n  url: https://Example.org/h/flu?x=1")
    assert load(text).meta.url == "https://Example.org/h/flu?x=1"
    assert ("meta.url", "https://Example.org/h/flu?x=1") in load(text).texts()
    assert load(BASE).meta.url is None


def test_text_is_plain_markup_characters_are_kept_as_written() -> None:
    text = BASE.replace("title: Cold vs. Flu", 'title: "<b>Cold</b> & Flu < 3 days &amp;"')
    text = text.replace("  A cold is mild.", "  A cold is **mild**; a *lone * star and ** stay.")
    handout = load(text)
    assert handout.title == "<b>Cold</b> & Flu < 3 days &amp;"
    assert handout.summary[0] == "A cold is **mild**; a *lone * star and ** stay."


def test_invisible_characters_are_dropped_and_tabs_become_spaces() -> None:
    text = BASE.replace("title: Cold vs. Flu", 'title: "Co\u200bld\u00ad vs.\\tFlu"').replace(
        "  - Flu", "  - Flu\u2060"
    )
    handout = load(text)
    assert handout.title == "Cold vs. Flu"
    assert handout.items == ("Cold", "Flu")


def test_decomposed_accents_are_composed() -> None:
    handout = load(BASE.replace("  - Flu", "  - Cafe\u0301 flu"))
    assert handout.items[1] == "Caf\u00e9 flu"


def test_paragraphs_are_split_on_blank_lines_and_lines_joined() -> None:
    text = BASE.replace(
        "  A cold is mild.\n\n  The flu is worse.\n",
        "  A cold\n  is mild.\n   \n\n  The flu   is\n  worse.\n",
    )
    assert load(text).summary == ("A cold is mild.", "The flu   is worse.")


def test_optional_fields_may_be_left_out() -> None:
    text = "\n".join(
        line
        for line in BASE.splitlines()
        if not line.startswith(("subtitle:", "disclaimer:", "    summary:"))
    ).split("meta:")[0]
    handout = load(text)
    assert handout.subtitle is None
    assert handout.disclaimer is None
    assert handout.sections[0].summary == ()
    assert handout.meta == content.Meta()
    assert handout.language == "en"


def test_four_items_and_a_regional_language_are_accepted() -> None:
    text = (
        BASE.replace("  - Flu", "  - Flu\n  - Allergy\n  - Covid")
        .replace("[Gradual, Sudden]", "[a, b, c, d]")
        .replace("[Rare, Common]", "[a, b, c, d]")
        .replace("[A week, Two weeks]", "[a, b, c, d]")
        .replace("items:", "language: es-MX\nitems:")
    )
    handout = load(text)
    assert len(handout.items) == 4
    assert handout.language == "es-MX"


def test_texts_lists_every_piece_of_text_in_reading_order() -> None:
    fields = [f for f, _ in load(BASE).texts()]
    assert fields[:5] == ["title", "subtitle", "items[0]", "items[1]", "summary"]
    assert "comparison[2].values[1]" in fields
    assert fields.index("sections[0].heading") < fields.index("sections[0].summary")
    assert fields[-4:] == ["disclaimer", "meta.id", "meta.version", "meta.source"]


def test_texts_are_gathered_once_and_handed_out_as_a_new_list_each_time() -> None:
    handout = load(BASE)
    first = handout.texts()
    first.append(("made up", "by a caller"))
    again = handout.texts()
    assert again == first[:-1] and again is not first
    assert again == handout._gather()


def test_a_handout_can_name_the_line_of_any_field_for_later_stages() -> None:
    handout = load(BASE)
    assert str(handout.problem("comparison[1].values[0]", "too long")) == (
        "f.yaml:14:14: comparison[1].values[0]: too long"
    )
    assert handout.problem("sections[0].body", "x").line == 20


def test_one_line_fields_collapse_line_breaks_and_runs_of_spaces() -> None:
    text = (
        BASE.replace("title: Cold vs. Flu", 'title: "Cold\\n  vs.   Flu"')
        .replace("attribute: Onset", 'attribute: "How it\\n starts"')
        .replace("[Gradual, Sudden]", '["Slow,\\n  gradual", Sudden]')
        .replace("heading: Causes", 'heading: "What  causes\\n it"')
    )
    handout = load(text)
    assert handout.title == "Cold vs. Flu"
    assert handout.comparison[0] == content.Row("How it starts", (("Slow, gradual",), ("Sudden",)))
    assert handout.sections[0].heading == "What causes it"


def test_the_complete_example_in_the_docs_is_valid(repo_root: Path) -> None:
    doc = (repo_root / "docs" / "content-format.md").read_text("utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    handout = load(example)
    assert len(handout.summary) == 2
    assert handout.sections[1].summary == ()
    assert handout.meta.version == "1.2"
