"""The mirrored page of a right-to-left handout, measured from the PDF written.

Positions come from pdfplumber (words, images, lines): the comparison table's first
item is its rightmost column after the attributes, the key point's bar, the list's
bullets, the logo and the QR code are on the right, the footer mirrored, while the
structure tree keeps the logical order.  The handouts here are in Hebrew (``he``) but
written with Latin letters, so that the geometry is checked with any text engine.
"""

from __future__ import annotations

import dataclasses
import functools
import tempfile
from pathlib import Path
from typing import Any

import pdfplumber
from pdfcheck import source, tagged

from handout.jobs import build
from handout.model import content, style

LATIN = """\
title: Flu and Cold
subtitle: What is the difference?
language: {lang}
items: [Flu, Cold, Allergy]
summary: Flu and colds are infections caused by viruses. Flu starts suddenly.
comparison:
  - attribute: Cause
    values: [Influenza virus, Many viruses, Pollen]
  - attribute: Onset
    values: [Sudden, Slow, After contact]
sections:
  - heading: Symptoms
    summary: Fever and aches point to the flu.
    body: With the flu the temperature rises fast. With a cold it stays normal.
  - heading: Treatment
    summary: Rest and drink plenty.
    body: Antibiotics do not help against viruses.
disclaimer: This handout does not replace your doctor's advice.
meta:
  id: RES-102
  version: 1
  reviewed: 2026-11-15
  url: https://clinic.example/flu
"""


@functools.cache
def pdf(lang: str, qr_place: str = "first-page") -> bytes:
    """The handout above in ``lang``, in the example clinic's style with its list of key
    points, the QR code beside the title or in the footer."""
    path = Path(tempfile.mkdtemp()) / f"{lang}.yaml"
    path.write_text(LATIN.format(lang=lang), encoding="utf-8")
    handout = content.load(path)
    base = style.resolve("example-clinic")
    styled = dataclasses.replace(
        base,
        sections=dataclasses.replace(base.sections, at_a_glance=True),
        qr=dataclasses.replace(base.qr, place=qr_place),
    )
    return build.render(handout, styled)[0]


def page(data: bytes) -> tuple[Any, list[dict[str, Any]]]:
    """The first page and its words, less the bidi marks (no width) a right-to-left
    line carries (``pdf.readorder``)."""
    doc = pdfplumber.open(source(data))
    first = doc.pages[0]
    words = [{**w, "text": w["text"].translate(_MARKS)} for w in first.extract_words()]
    return first, [w for w in words if w["text"]]


_MARKS = str.maketrans("", "", "\u200e\u200f")


def word(words: list[dict[str, Any]], text: str, nth: int = 0) -> dict[str, Any]:
    """The ``nth`` word that is ``text`` (a sentence's point at its left or right aside:
    in a right-to-left paragraph the point of a Latin sentence is drawn at its left)."""
    return [w for w in words if w["text"].strip(".?") == text][nth]


def test_the_table_runs_from_the_right_with_the_attributes_at_the_right() -> None:
    first, words = page(pdf("he"))
    row = word(words, "Allergy")["top"]
    head = [w["text"] for w in sorted(words, key=lambda w: -w["x0"]) if w["top"] == row]
    assert head == ["Flu", "Cold", "Allergy"]  # read from the right: the first item first
    cause, influenza, pollen = (word(words, t) for t in ("Cause", "Influenza", "Pollen"))
    assert cause["x0"] > influenza["x0"] > pollen["x0"]
    right = first.width - style.resolve("example-clinic").page.margin_right
    assert cause["x1"] > right - 80  # the attribute column is the one at the right edge
    # Left to right the mirror of the English table.
    _, en = page(pdf("en"))
    assert word(en, "Cause")["x0"] < word(en, "Influenza")["x0"] < word(en, "Pollen")["x0"]


def test_the_structure_tree_keeps_the_logical_order() -> None:
    tree = tagged(pdf("he"))
    (table,) = tree.root.find("Table")
    rows = table.find("TR")

    def text(node: Any) -> str:  # the bidi marks (no width, read by no voice) left out
        return str(tree.text(node)).translate(_MARKS)

    assert text(rows[0]) == "Flu Cold Allergy"
    assert text(rows[1]) == "Cause Influenza virus Many viruses Pollen"
    assert text(table) == tagged(pdf("en")).text(tree_table(pdf("en")))


def tree_table(data: bytes) -> Any:
    return tagged(data).root.find("Table")[0]


def test_key_point_bars_and_bullets_are_on_the_right() -> None:
    first, words = page(pdf("he"))
    frame_right = first.width - style.resolve("example-clinic").page.margin_right
    bars = [ln for ln in first.lines if ln["linewidth"] > 2]
    assert bars and all(abs(b["x0"] - frame_right) < 2 for b in bars)
    bullets = [c for c in first.chars if c["text"] == "\u2022"]
    symptoms = word(words, "Symptoms:")
    assert len(bullets) == 2 and all(b["x0"] > symptoms["x1"] for b in bullets)
    en_first, _ = page(pdf("en"))
    en_bars = [ln for ln in en_first.lines if ln["linewidth"] > 2]
    margin = style.resolve("example-clinic").page.margin_left
    assert en_bars and all(abs(b["x0"] - margin) < 2 for b in en_bars)


def test_the_header_band_and_the_qr_code_are_mirrored() -> None:
    first, words = page(pdf("he"))
    s = style.resolve("example-clinic")
    left, right = s.page.margin_left, first.width - s.page.margin_right
    logo = min(first.images, key=lambda i: i["top"])
    assert abs(logo["x1"] - right) < 1
    name = word(words, "Example")
    assert name["x0"] > first.width / 2 and abs(word(words, "Clinic")["x1"] - (logo["x0"] - 10)) < 2
    # The QR code beside the title: at the left, the title block right of it.
    top = word(words, "Symptoms:")["top"]
    code = [r for r in first.rects if r["top"] < top and r["x1"] - r["x0"] < 20]  # modules
    title = word(words, "Flu")
    assert code and max(r["x1"] for r in code) < title["x0"]
    assert max(r["x1"] for r in code) < first.width / 2
    link = word(words, "clinic.example/flu")  # its words left of it, right-aligned
    assert left <= link["x0"] and link["x1"] < min(r["x0"] for r in code)


def test_the_footer_is_mirrored() -> None:
    first, words = page(pdf("he", "footer"))
    s = style.resolve("example-clinic")
    left, right = s.page.margin_left, first.width - s.page.margin_right
    ident = word(words, "RES-102")
    assert ident["x0"] > first.width / 2  # the ID line ends at the right
    questions = word(words, "Questions")
    assert questions["x0"] > first.width / 3
    footer = [r for r in first.rects if r["top"] > ident["top"] - 60 and r["x1"] - r["x0"] < 20]
    assert (
        footer and 0 <= min(r["x0"] for r in footer) - left < 12
    )  # the code at the left (quiet zone)
    en_first, en_words = page(pdf("en", "footer"))
    assert word(en_words, "RES-102")["x0"] - left < 2
    en_code = [r for r in en_first.rects if r["top"] > ident["top"] - 60 and r["x1"] - r["x0"] < 20]
    assert 0 <= right - max(r["x1"] for r in en_code) < 12


def test_text_is_right_aligned_and_numbers_keep_their_order() -> None:
    first, words = page(pdf("he"))
    s = style.resolve("example-clinic")
    right = first.width - s.page.margin_right
    row = word(words, "Cold")["top"]
    title = [w for w in words if w["top"] == row]
    assert abs(max(w["x1"] for w in title) - right) < 1  # the title ends at the right margin
    # The clinic's phone number and the review date read left to right, in their order.
    assert word(words, "(555)")["x1"] < word(words, "010-0100")["x0"]
    assert [w for w in words if w["text"] == "2026-11-15"]
