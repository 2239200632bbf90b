"""The HTML page in a real browser (headless Chromium): axe-core finds no WCAG 2.0/2.1 A
or AA violation, nothing needs sideways scrolling or is cut off on a 320 or 375 px wide
phone, the page makes no request, and it prints like the PDF."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from browser import axe_source, axe_violations, chromium, open_page, requests, resize, visible_texts
from htmlcheck import STYLES, content_texts, folded, handouts
from pdfcheck import content_yaml

from handout.html import render
from handout.jobs import build
from handout.model import content, style, yamlfile
from handout.model.stylemodel import Style

PHONES = (320, 375)
LANGUAGES = Path(__file__).parent / "data" / "languages"
CJK = Path(__file__).parent / "data" / "cjk"
CJK_PAGES = ("zh-Hans", "zh-Hant", "ja", "ko")
"""Three-page handouts in Chinese, Japanese and Korean (their pages have fonts of their own)."""


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with chromium() as d:
        yield d


@pytest.fixture(scope="module")
def pages(
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[tuple[str, str], tuple[Path, content.Handout]]:
    """Every test handout in every bundled style, written as HTML files."""
    folder = tmp_path_factory.mktemp("html")
    out = {}
    for name, handout in handouts(folder).items():
        for style_name in STYLES:
            path = folder / f"{name}--{style_name}.html"
            path.write_bytes(render.render(handout, style.resolve(style_name)))
            out[(name, style_name)] = (path, handout)
    others = [*sorted(LANGUAGES.glob("*.yaml")), *(CJK / f"{tag}.yaml" for tag in CJK_PAGES)]
    for source in others:  # other languages, as build makes them
        handout = content.load(source)
        path = folder / f"{source.stem}.html"
        path.write_bytes(build.render_formats(handout, Style(), ("html",))["html"][0])
        out[(source.stem, "default")] = (path, handout)
    return out


def test_every_page_passes_axe_fits_a_phone_and_requests_nothing(driver: Any, pages) -> None:
    source = axe_source()
    failures: list[str] = []
    for (name, style_name), (path, handout) in pages.items():
        where = f"{name} in {style_name}"
        open_page(driver, path)
        for v in axe_violations(driver, source):
            failures.append(f"{where}: axe {v['id']}: {v['help']} at {v['nodes'][:3]}")
        wanted = content_texts(handout)
        for width in PHONES:
            resize(driver, width)
            if width == PHONES[0]:  # the table as cards: axe again
                for v in axe_violations(driver, source):
                    failures.append(f"{where} at {width}px: axe {v['id']}: {v['help']}")
            inner, scroll = driver.execute_script(
                "return [window.innerWidth, document.documentElement.scrollWidth]"
            )
            if inner != width or scroll > width:
                failures.append(f"{where} at {width}px: {scroll}px wide in a {inner}px viewport")
            seen = visible_texts(driver)
            for text, off, clipped in seen:
                if off or clipped:
                    failures.append(f"{where} at {width}px: {text[:40]!r} is cut off")
            shown = folded("".join(t for t, _, _ in seen))
            failures += [
                f"{where} at {width}px: not shown: {t[:60]!r}" for t in wanted if t not in shown
            ]
        asked = [u for u in requests(driver) if u != path.as_uri() and not u.startswith("data:")]
        if asked:
            failures.append(f"{where}: requested {asked}")
    assert not failures, "\n".join(failures)


def test_on_a_phone_the_table_is_one_card_per_attribute_with_the_item_names(
    driver: Any, pages
) -> None:
    path, handout = pages[("four-items", "default")]
    open_page(driver, path, 320)
    cards = driver.execute_script(
        "return [...document.querySelectorAll('table.comparison tbody tr')].map(tr =>"
        " [getComputedStyle(tr).display, tr.getBoundingClientRect().width,"
        "  [...tr.querySelectorAll('.item')].map(e => getComputedStyle(e).display)])"
    )
    assert len(cards) == len(handout.comparison)
    for display, width, items in cards:
        assert display == "block" and width <= 320
        assert items == ["block"] * len(handout.items)  # each value under its item's name
    resize(driver, 1000)
    wide = driver.execute_script(
        "return [getComputedStyle(document.querySelector('table.comparison')).display,"
        " getComputedStyle(document.querySelector('.comparison .item')).display]"
    )
    assert wide == ["table", "none"]
    resize(driver, 320)
    tree = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    roles = [n["role"]["value"] for n in tree if not n.get("ignored") and "role" in n]
    assert roles.count("table") == 1
    assert roles.count("columnheader") == len(handout.items)
    assert roles.count("rowheader") == len(handout.comparison)
    assert roles.count("cell") >= len(handout.comparison) * len(handout.items)


def test_print_repeats_the_table_header_on_every_page(driver: Any, tmp_path: Path) -> None:
    rows = [
        {"attribute": f"Row {i}", "values": [f"Alpha {i} " * 6, f"Beta {i}"]} for i in range(60)
    ]
    handout = content.from_doc(yamlfile.parse(content_yaml(comparison=rows), "long.yaml"))
    path = tmp_path / "long.html"
    path.write_bytes(render.render(handout, style.resolve("default")))
    open_page(driver, path)
    printed = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})
    with pdfplumber.open(io.BytesIO(base64.b64decode(printed["data"]))) as pdf:
        pages = [(p.width, p.height, p.extract_text() or "") for p in pdf.pages]
    assert len(pages) >= 2
    assert all((round(w), round(h)) == (612, 792) for w, h, _ in pages)  # the style's Letter
    with_rows = [t for _, _, t in pages if "Row " in t]
    assert len(with_rows) >= 2
    assert all("Alpha Beta" in " ".join(t.split()) for t in with_rows)  # the header row, again
    assert "Row 59" in pages[-1][2] or any("Row 59" in t for t in with_rows)


def test_the_checks_catch_what_they_look_for(driver: Any, tmp_path: Path) -> None:
    """A page with a missing alt text, a clipped line, a too-wide box and a request."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>x</title>'
        '</head><body><main><h1>Bad</h1><img src="http://127.0.0.1:9/logo.png">'
        '<p style="width:50px;overflow:hidden;white-space:nowrap">A long line cut off here</p>'
        '<div style="width:600px">wide</div></main></body></html>',
        encoding="utf-8",
    )
    open_page(driver, bad, 320)
    assert "image-alt" in [v["id"] for v in axe_violations(driver, axe_source())]
    assert driver.execute_script("return document.documentElement.scrollWidth") > 320
    assert ("A long line cut off here", False, True) in visible_texts(driver)
    assert "http://127.0.0.1:9/logo.png" in requests(driver)
