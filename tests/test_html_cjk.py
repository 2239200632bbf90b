"""The HTML page of a Chinese, Japanese or Korean handout: under 150 KB for three printed
pages, its fonts cut to what each face prints and still covering every character.

The regular face is cut to the whole page, the bold face only to the text set in bold
(headings, the table's headers, the title, ``**bold**``): a character printed in bold
that the bold face lacks would be drawn by another font on the reader's phone.  Checked
twice: from the page's HTML (which elements hold bold text, read here independently of
the renderer), and in Chromium, which tells which font drew each element.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from handout.cli import cli

CJK = Path(__file__).parent / "data" / "cjk"
LANGUAGES = ("zh-Hans", "zh-Hant", "ja", "ko")
PAGES = {"zh-Hans": 2, "zh-Hant": 2, "ja": 3, "ko": 2}
"""Pages of each sample's PDF (Letter, ``default``): three, or two where fitting takes
the last page, under half full, back (``docs/printing.md``)."""
LIMIT = 150_000
"""Bytes: the issue's "under 150 KB" for a three-page Chinese handout."""
FACE = re.compile(
    r"@font-face\{font-family:\"(?P<family>[^\"]+)\";font-weight:(?P<weight>[^;]+);"
    r"font-style:(?P<style>[^;]+);.*?base64,(?P<data>[^)]+)\).*?unicode-range:(?P<range>[^}]+)\}"
)
BOLD_TAGS = ("h1", "h2", "th", "strong")
BOLD_CLASSES = ("item", "label", "clinic-name", "lead", "draft")
"""What the stylesheet sets in bold with the default style (``html/css.py``)."""
BOLD = " | ".join(
    [*(f".//{t}" for t in BOLD_TAGS)]
    + [f".//*[contains(concat(' ', @class, ' '), ' {c} ')]" for c in BOLD_CLASSES]
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each sample handout built as a user builds it: PDF and HTML page."""
    folder = tmp_path_factory.mktemp("cjk-html")
    sources = [str(CJK / f"{tag}.yaml") for tag in LANGUAGES]
    result = CliRunner().invoke(
        cli, ["build", *sources, "--format", "pdf,html", "-o", f"{folder}/"]
    )
    assert result.exit_code == 0, result.output
    return {tag: (folder / f"{tag}.pdf", folder / f"{tag}.html") for tag in LANGUAGES}


def ranges(text: str) -> set[int]:
    """``U+20-7E,U+B7`` as the code points it names."""
    out: set[int] = set()
    for part in text.split(","):
        low, _, high = part.strip().removeprefix("U+").partition("-")
        out.update(range(int(low, 16), int(high or low, 16) + 1))
    return out


def faces(page: str) -> list[dict[str, Any]]:
    """The page's ``@font-face`` rules: family, weight, style, the font, its range."""
    out = []
    for m in FACE.finditer(page):
        font = TTFont(io.BytesIO(base64.b64decode(m["data"])))
        cmap = set(font.getBestCmap())
        out.append({**m.groupdict(), "cmap": cmap, "range": ranges(m["range"])})
    return out


def printed(node: Any) -> set[int]:
    """The characters ``node``'s text prints (white space aside)."""
    return {ord(ch) for ch in node.text_content() if not ch.isspace()}


@pytest.mark.parametrize("tag", LANGUAGES)
def test_a_three_page_handouts_page_is_under_150_kb_and_its_fonts_cover_it(
    built: dict[str, tuple[Path, Path]], tag: str
) -> None:
    pdf, html = built[tag]
    assert len(PdfReader(pdf).pages) == PAGES[tag]
    size = html.stat().st_size
    assert size < LIMIT, f"{html.name}: {size} bytes"
    page = html.read_text(encoding="utf-8")
    found = faces(page)
    family = {"zh-Hans": "SC", "zh-Hant": "TC", "ja": "JP", "ko": "KR"}[tag]
    assert {f["family"] for f in found} == {f"Noto Sans {family}"}
    # Each face holds a glyph for every character its range claims.
    for face in found:
        assert face["range"] <= face["cmap"], face["weight"]
    regular = set().union(*(f["range"] for f in found if f["weight"] == "400"))
    bold = set().union(*(f["range"] for f in found if f["weight"] == "700"))
    body = lxml.html.fromstring(page).find("body")
    assert printed(body) <= regular
    in_bold = set().union(*(printed(e) for e in body.xpath(BOLD)))
    assert in_bold, "the page prints something in bold"
    assert in_bold <= bold, sorted(chr(c) for c in in_bold - bold)
    # The bold face is cut to what is bold, not to the whole page.
    assert len(bold) < len(regular) / 2


# --- in the browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    from browser import chromium

    with chromium() as d:
        yield d


def drawn_with(driver: Any) -> list[tuple[str, str, list[dict[str, Any]]]]:
    """For each text of the open page: the element holding it, its computed weight and
    the fonts Chromium drew it with (DevTools' ``CSS.getPlatformFontsForNode``)."""
    driver.execute_cdp_cmd("DOM.enable", {})
    driver.execute_cdp_cmd("CSS.enable", {})
    root = driver.execute_cdp_cmd("DOM.getDocument", {"depth": -1, "pierce": False})["root"]
    texts: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def walk(node: dict[str, Any]) -> None:
        for child in node.get("children", []):
            if child["nodeType"] == 3 and child["nodeValue"].strip():
                texts.append((node, child))
            walk(child)

    walk(root)
    out = []
    for parent, text in texts:
        if parent["localName"] in ("style", "title", "script"):
            continue
        fonts = driver.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": text["nodeId"]})
        computed = driver.execute_cdp_cmd(
            "CSS.getComputedStyleForNode", {"nodeId": parent["nodeId"]}
        )["computedStyle"]
        weight = next(p["value"] for p in computed if p["name"] == "font-weight")
        out.append((parent["localName"], weight, fonts["fonts"]))
    return out


@pytest.mark.parametrize("width", [1000, 320])
def test_the_browser_draws_every_character_with_the_embedded_face_of_its_weight(
    built: dict[str, tuple[Path, Path]], driver: Any, width: int
) -> None:
    from browser import open_page

    failures = []
    for tag in LANGUAGES:
        open_page(driver, built[tag][1], width)
        driver.execute_async_script("document.fonts.ready.then(arguments[0])")
        seen = drawn_with(driver)
        assert any(weight == "700" for _, weight, _ in seen)
        for element, weight, fonts in seen:
            want = "-Bold" if int(weight) >= 600 else "-Regular"
            for font in fonts:
                name = font.get("postScriptName") or font["familyName"]
                if not font["isCustomFont"] or not name.endswith(want):
                    failures.append(f"{tag} at {width}px: <{element}> weight {weight}: {font}")
    assert not failures, "\n".join(failures[:20])
