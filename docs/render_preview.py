"""Render page 1 of the shipped handout to docs/images/page1.png for the README.

pip install -e '.[docs]' && python docs/render_preview.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2

from handout.jobs import build
from handout.model import style

REPO = Path(__file__).resolve().parents[1]
CONTENT = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"
IMAGE = REPO / "docs" / "images" / "page1.png"


def main() -> int:
    pdf_path = REPO / "output" / "muscle-atrophy-vs-muscle-denervation.pdf"
    build.build_one(CONTENT, style.resolve(None, (REPO / "styles",)), pdf_path)
    document = pypdfium2.PdfDocument(pdf_path)
    try:
        page = document[0]
        image = page.render(scale=110 / 72).to_pil()
        IMAGE.parent.mkdir(parents=True, exist_ok=True)
        image.convert("RGB").quantize(colors=64).save(IMAGE, optimize=True)
    finally:
        document.close()
    print(f"wrote {IMAGE.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
