"""The HTML page of a right-to-left handout: ``dir="rtl"``, numbers, doses, phone numbers
and Latin words isolated as left to right, and a layout that mirrors (logical CSS), on a
phone too.  The browser shapes and orders the text itself."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser import axe_source, axe_violations, chromium, open_page, resize
from lxml import html as lxml_html

from handout.html import css, render
from handout.model import content
from handout.model.stylemodel import Style
from handout.text import isolates
from handout.text.isolates import ltr_runs

DATA = Path(__file__).parent / "data"


def page(tag: str, style: Style | None = None) -> str:
    return render.render(content.load(DATA / f"{tag}-cold-flu.yaml"), style or Style()).decode()


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        ("قد يصف الطبيب دواء Oseltamivir (Tamiflu) إذا بدأت به.", ["Oseltamivir (Tamiflu)"]),
        ("اتصل بنا على الرقم (555) 010-0199 إذا", ["(555) 010-0199"]),
        ("بجرعة 500 mg كل 6 ساعات، ولا", ["500 mg", "6"]),
        ("[اسأل الصيدلي عن جرعة الأطفال].", []),  # brackets around Arabic stay Arabic's
        ("ולא יותר מ-4 פעמים ביום", ["4"]),  # the hyphen joins the prefix to the number
        ("(Tamiflu).", ["(Tamiflu)"]),
        ("مثل MSK-015", ["MSK-015"]),
        ("فقط عربي", []),
    ],
)
def test_left_to_right_runs_keep_their_brackets_and_leave_the_sentences_punctuation(
    text: str, runs: list[str]
) -> None:
    assert [text[a:b] for a, b in ltr_runs(text)] == runs


@pytest.mark.parametrize("tag", ["ar", "fa", "ur", "he"])
def test_a_right_to_left_page_says_so_and_isolates_numbers_and_latin_words(tag: str) -> None:
    doc = page(tag)
    assert f'<html lang="{tag}" dir="rtl">' in doc
    isolated = re.findall(r'<span dir="ltr">([^<]*)</span>', doc)
    assert "(555) 010-0199" in isolated
    assert "500 mg" in isolated
    assert "Oseltamivir (Tamiflu)" in isolated
    assert "RES-1" in doc and any(s.startswith("RES-1") for s in isolated)  # the footer's ID
    assert re.search(r'<time datetime="2026-11-15" dir="ltr">', doc)
    # Every run is whole: no isolate ends inside a number or a word.
    tree = lxml_html.fromstring(doc.encode())
    for span in tree.iter("span"):
        if span.get("dir") == "ltr":
            assert span.text == span.text.strip() and span.text[-1] not in ".,،"


@pytest.mark.parametrize("tag", ["hi", "bn", "am"])
def test_a_left_to_right_page_has_no_direction_or_isolates(tag: str) -> None:
    doc = page(tag)
    assert f'<html lang="{tag}">' in doc and 'dir="' not in doc


def test_the_stylesheet_names_no_physical_side() -> None:
    sheet = css.stylesheet(Style())
    body = sheet.split("@media print")[0]
    assert not re.search(r"(margin|padding|border)-(left|right)|text-align:(left|right)", body)
    assert "border-inline-start" in sheet and "padding-inline-start" in sheet


# --- in the browser ---------------------------------------------------------------------

GEOMETRY = """
const main = document.querySelector('main').getBoundingClientRect();
const box = (sel) => document.querySelector(sel).getBoundingClientRect();
const aside = document.querySelector('.key-point');
const cs = getComputedStyle(aside);
const cells = [...document.querySelectorAll('thead tr > *')]
  .map(e => e.getBoundingClientRect().left);
const h1 = document.querySelector('h1');
const range = document.createRange(); range.selectNodeContents(h1);
const text = range.getBoundingClientRect();
const phone = [...document.querySelectorAll('span[dir=ltr]')]
  .find(e => e.textContent.startsWith('(555)'));
const pr = document.createRange();
const node = phone.firstChild;
pr.setStart(node, 0); pr.setEnd(node, 5);
const open = pr.getBoundingClientRect();
pr.setStart(node, node.length - 4); pr.setEnd(node, node.length);
const last = pr.getBoundingClientRect();
return {main: [main.left, main.right], title: [text.left, text.right],
        barRight: parseFloat(cs.borderRightWidth), barLeft: parseFloat(cs.borderLeftWidth),
        headerCells: cells, phone: [open.left, last.left]};
"""


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with chromium() as d:
        yield d


@pytest.mark.parametrize("tag", ["ar", "he"])
def test_the_page_mirrors_on_a_screen_and_a_phone_and_passes_axe(
    tag: str, driver: Any, tmp_path: Path
) -> None:
    path = tmp_path / f"{tag}.html"
    path.write_text(page(tag), encoding="utf-8")
    source = axe_source()
    open_page(driver, path)
    assert axe_violations(driver, source) == []
    for width in (1000, 320):
        resize(driver, width)
        got = driver.execute_script(GEOMETRY)
        left, right = got["main"]
        # The title starts at the right edge of the text column.
        assert abs(got["title"][1] - right) < 2, got
        # The key point's bar is on the right, none on the left.
        assert got["barRight"] > 0 and got["barLeft"] == 0, got
        # "(555) 010-0199" reads left to right: the bracket left of the last digits.
        assert got["phone"][0] < got["phone"][1], got
        if width == 1000:  # the table's first column (the attributes) is its rightmost
            cells = got["headerCells"]
            assert cells == sorted(cells, reverse=True), cells
    resize(driver, 320)
    assert axe_violations(driver, source) == []


@pytest.mark.parametrize(
    ("text", "breaks"),
    [
        ("بجرعة 500 mg كل", []),
        ("الرقم (555) 010-0199 إذا", []),
        ("دواء Oseltamivir (Tamiflu) إذا", []),
        ("Call us at the clinic today", ["us", "at", "the", "clinic", "today"]),
    ],
)
def test_a_left_to_right_run_breaks_only_between_two_words(text: str, breaks: list[str]) -> None:
    (span,) = isolates.protected(text)
    assert sorted(text[i:].split()[0] for i in span[2]) == sorted(breaks)


@pytest.mark.parametrize("tag", ["ar", "ur", "he", "hi", "bn", "pa", "am"])
def test_each_languages_page_as_build_makes_it_passes_axe_and_fits_a_phone(
    tag: str, driver: Any, tmp_path: Path
) -> None:
    from browser import visible_texts

    from handout.jobs import build

    handout = content.load(DATA / f"{tag}-cold-flu.yaml")
    page_bytes = build.render_formats(handout, Style(), ("html",))["html"][0]
    assert b"font/woff2" in page_bytes  # the language's own font, embedded
    path = tmp_path / f"{tag}.html"
    path.write_bytes(page_bytes)
    source = axe_source()
    open_page(driver, path, 320)
    assert axe_violations(driver, source) == []
    inner, scroll = driver.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]"
    )
    assert scroll <= inner == 320
    cut = [text for text, off, clipped in visible_texts(driver) if off or clipped]
    assert cut == []
    # The page's font for the script is the one embedded: the browser did not fall back.
    family = driver.execute_script(
        "return getComputedStyle(document.querySelector('main p')).fontFamily"
    )
    assert family.split(",")[0].strip('"').startswith(("IBM Plex Sans Arabic", "Noto Sans"))


@pytest.mark.parametrize("tag", ["ar", "ur", "hi"])
def test_building_a_shaped_page_prints_only_its_summary(tag: str, tmp_path: Path) -> None:
    """The fonts' tables the subsetter cannot cut are dropped without a word on the
    terminal (it announced Noto's ``meta`` table once per face).  A process of its own:
    pytest's log capture would hide what Python's logging prints there."""
    out = tmp_path / f"{tag}.html"
    args = ["build", str(DATA / f"{tag}-cold-flu.yaml"), "--format", "html", "-o", str(out)]
    code = f"import sys; from handout.cli import main; sys.argv[1:] = {args!r}; main()"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"{out}: ") and result.stdout.count("\n") == 1, result.stdout
