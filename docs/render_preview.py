"""Render the README's pictures of the shipped handouts: page 1 of the PDF
(docs/images/page1.png) and its HTML on a phone and on a desktop screen
(docs/images/phone.png, docs/images/desktop.png), the last two in headless Chromium;
and the pages of the second example, content/cold-vs-flu.yaml, in the example clinic's
style, that show its lists, its checklist and its "When to get help" box
(docs/images/cold-vs-flu-1.png, docs/images/cold-vs-flu-3.png), and docs/languages.md's
pages in Arabic and Hindi (docs/images/page-ar.png, docs/images/page-hi.png, page 1 of
tests/data/{ar,hi}-cold-flu.yaml in the example clinic's style).

pip install -e '.[docs,test]' && python docs/render_preview.py
(needs /usr/bin/chromium and /usr/bin/chromedriver: apt-get install chromium chromium-driver)
"""

from __future__ import annotations

import base64
import io
import shutil
import sys
import tempfile
from pathlib import Path

import pypdfium2
from PIL import Image

from handout.jobs import build
from handout.model import style

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"
ACTING = REPO / "content" / "cold-vs-flu.yaml"
ACTING_PAGES = (1, 3)
IMAGES = REPO / "docs" / "images"
SCREENS = {"phone": (375, 740, True), "desktop": (1024, 740, False)}
"""Name: CSS width and height of the viewport, and whether it is a phone."""
LANGUAGES = ("ar", "hi")
"""The sample handouts whose first page docs/languages.md shows."""


def main() -> int:
    out = REPO / "output" / f"{CONTENT.stem}.pdf"
    build.build_one(CONTENT, style.resolve(None, (REPO / "styles",)), out, formats=("pdf", "html"))
    IMAGES.mkdir(parents=True, exist_ok=True)
    _save(_page1(out), IMAGES / "page1.png")
    for name, image in _screens(out.with_suffix(".html")).items():
        _save(image, IMAGES / f"{name}.png")
    acting()
    languages()
    return 0


def acting() -> None:
    """The second example's pages, in the example clinic's style."""
    out = REPO / "output" / f"{ACTING.stem}.pdf"
    build.build_one(ACTING, style.resolve("example-clinic", (REPO / "styles",)), out)
    for number in ACTING_PAGES:
        _save(_page1(out, number - 1), IMAGES / f"{ACTING.stem}-{number}.png")


def languages() -> None:
    """Page 1 of the Arabic and Hindi samples, in the example clinic's style."""
    clinic = style.resolve("example-clinic", (REPO / "styles",))
    for tag in LANGUAGES:
        source = REPO / "tests" / "data" / f"{tag}-cold-flu.yaml"
        pdf = REPO / "output" / f"{source.stem}.pdf"
        build.build_one(source, clinic, pdf)
        _save(_page1(pdf, 0, 80), IMAGES / f"page-{tag}.png")


def _page1(pdf: Path, index: int = 0, dpi: int = 110) -> Image.Image:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return document[index].render(scale=dpi / 72).to_pil()
    finally:
        document.close()


def _screens(page: Path) -> dict[str, Image.Image]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="handout-preview-")
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    shots = {}
    try:
        for name, (width, height, mobile) in SCREENS.items():
            driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride",
                {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
            )
            driver.get(page.as_uri())
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {"format": "png"})
            shots[name] = Image.open(io.BytesIO(base64.b64decode(shot["data"])))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    return shots


def _save(image: Image.Image, path: Path) -> None:
    image.convert("RGB").quantize(colors=64).save(path, optimize=True)
    print(f"wrote {path.relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
