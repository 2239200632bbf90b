"""The handouts every conformance check (PDF/UA, PDF/A) runs on, written once per session.

``write(folder)`` renders each case into ``folder`` and returns ``{case name: path}``:
the shipped handout in every bundled style on Letter and A4, four items, a long table
over several pages with rows split across pages, Greek, Cyrillic and Vietnamese text
(fallback fonts), a handout in Russian (its labels, one typeface), long words
hyphenated in narrow columns (also in a row split across pages), the "At a glance"
list, a QR code beside the title and in the footer, the clinic logo with and without
``logo_alt``, a draft (marked DRAFT across every page), pictures (a photo with alt
text and caption, a decorative drawing with transparency) and links (a web and an
e-mail address; the clinic's website in the header) in every bundled style on Letter
and A4, and the second shipped handout (lists in text and table cells, the "What
you can do" checklist and the "When to get help" box) in every bundled style on Letter
and A4, with a list long enough to run over pages (in a section, and in a table cell),
and in Russian with the box after the table, Chinese (Simplified and Traditional),
Japanese and Korean handouts in every bundled style on Letter and A4, and handouts in
Arabic, Farsi, Urdu, Hebrew, Hindi, Nepali, Bengali, Punjabi, Gujarati and Amharic in
every style (the Arabic one also with its mirrored list of key points and QR codes).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pdfcheck import content_yaml

from handout.jobs import build
from handout.model import content, style, yamlfile
from handout.model.content import Handout
from handout.model.stylemodel import Sections, Style

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"
ACTING = REPO / "content" / "cold-vs-flu.yaml"
STYLES = ("default", "large-print", "grayscale", "example-clinic")
PAPERS = ("letter", "a4")

CJK = REPO / "tests" / "data" / "cjk"
CJK_LANGUAGES = ("zh-Hans", "zh-Hant", "ja", "ko")
"""The sample handouts in tests/data/cjk, by file name."""

SCRIPT_LANGUAGES = ("ar", "fa", "ur", "he", "hi", "ne", "bn", "pa", "gu", "am")
FOUR_ITEMS = ["Muscle Atrophy", "Muscle Denervation", "Neuromuscular Disease", "Myopathy"]


def handout(yaml_text: str, name: str = "case.yaml") -> Handout:
    return content.from_doc(yamlfile.parse(yaml_text, name))


def long_table() -> str:
    """60 rows; every 12th is taller than a page, so rows split across pages."""
    rows = []
    for i in range(60):
        tall = i % 12 == 5
        first = " ".join(f"Alpha detail {i} part {j}." for j in range(160 if tall else 2))
        second = " ".join(f"Beta note {i} item {j}." for j in range(90 if tall else 1))
        rows.append({"attribute": f"Attribute {i:02d}", "values": [first, second]})
    return content_yaml(comparison=rows)


def scripts() -> str:
    """Greek, Cyrillic and Vietnamese, which Atkinson Hyperlegible cannot draw."""
    return content_yaml(
        title="Μυϊκή ατροφία и мышечная денервация",
        summary="Η μυϊκή ατροφία είναι απώλεια μυϊκής μάζας. Денервация мышцы — это потеря "
        "нервного питания. Teo cơ là sự mất khối cơ.",
        comparison=[
            {"attribute": "Αιτία", "values": ["Έλλειψη χρήσης", "Повреждение нерва"]},
            {"attribute": "Khởi phát", "values": ["Từ từ", "Đột ngột ≥ 2 ngày"]},
        ],
        sections=[
            {
                "heading": "Симптомы",
                "summary": "Слабость мышц и усталость.",
                "body": "Η αδυναμία είναι συχνή. Bệnh nhân có thể bị yếu cơ.",
            }
        ],
    )


def hyphenated(rows: int = 1) -> str:
    """Four narrow columns with long words that break at dictionary points."""
    words = "Electromyography neuromuscular hypersensitivity immunohistochemistry"
    return content_yaml(
        items=FOUR_ITEMS,
        comparison=[
            {
                "attribute": "Diagnosis",
                "values": [
                    "Physical examination",
                    "Electromyography studies",
                    "EMG",
                    " ".join([words] * rows),
                ],
            }
        ],
    )


def four_items() -> str:
    return content_yaml(
        items=FOUR_ITEMS,
        comparison=[
            {"attribute": "Cause", "values": ["Disuse", "Nerve injury", "Many", "Muscle"]},
            {"attribute": "Onset", "values": ["Gradual", "Sudden", "Varies", "Slow"]},
        ],
    )


def long_list(items: int = 70) -> str:
    """A section whose body is one bulleted list over several pages; every fifth item
    runs to four lines or more, so it may split (two lines at least on each page)."""
    lines = []
    for i in range(items):
        words = " ".join(f"word{j}" for j in range(60 if i % 5 == 2 else 6))
        lines.append(f"- Item {i:02d} *says* {words}.")
    return content_yaml(
        sections=[{"heading": "Steps", "summary": "Many steps.", "body": "\n".join(lines)}],
        actions=[f"Action {i}" for i in range(3)],
        get_help={"emergency": ["Trouble breathing"], "call_us": ["A fever"]},
    )


def cell_list(items: int = 80) -> str:
    """A table cell holding a list taller than a page: the row splits between items."""
    listing = "\n".join(f"- Sign number {i} that is described" for i in range(items))
    return content_yaml(comparison=[{"attribute": "Signs", "values": [listing, "Few"]}])


def russian_acting() -> Handout:
    """The Russian test handout with lists, actions and get_help."""
    base = content.load(REPO / "tests" / "data" / "languages" / "ru.yaml")
    return replace(
        base,
        actions=("Отдыхайте и пейте больше жидкости.", "Мойте руки."),
        get_help=content.GetHelp(("Трудно дышать",), ("Температура держится больше 3 дней",)),
    )


FIGURES = REPO / "tests" / "data" / "figures"


def figures() -> str:
    """A photo (JPEG, 2400 x 1600 pixels) with alt text and a caption, and a decorative
    drawing with transparency (PNG)."""
    return content_yaml(
        sections=[
            {
                "heading": "What it looks like",
                "summary": "A key point.",
                "body": "Some body text before the picture: see https://example.org/flu-shots"
                " or write to help@example.org, or call (555) 010-0142.",
                "figure": {
                    "image": str(FIGURES / "photo.jpg"),
                    "alt": "A red circle between a blue and a yellow rectangle.",
                    "caption": "The picture's *caption*, under it.",
                },
            },
            {
                "heading": "Treatment",
                "body": "More body text.",
                "figure": {"image": str(FIGURES / "diagram.png"), "alt": ""},
            },
        ],
    )


def drawing() -> str:
    """An SVG drawing (text, a gradient, transparency) with alt text and a caption."""
    return content_yaml(
        sections=[
            {
                "heading": "How to use an inhaler",
                "summary": "Press once as you breathe in.",
                "body": "Breathe out, then press once as you breathe in.",
                "figure": {
                    "image": str(FIGURES / "drawing.svg"),
                    "alt": "An arrow from the words Breathe in to a blue circle.",
                    "caption": "Press as you *start* to breathe in.",
                },
            }
        ]
    )


def write(folder: Path) -> dict[str, Path]:
    """Render every case into ``folder``; the path of each, by case name."""
    folder.mkdir(parents=True, exist_ok=True)
    shipped = content.load(SHIPPED)
    pictured = handout(figures())
    drawn = handout(drawing())
    clinic = style.resolve("example-clinic")
    large = style.resolve("large-print")
    cases: dict[str, tuple[Handout, Style]] = {}
    for name in STYLES:
        resolved = style.resolve(name)
        for paper in PAPERS:
            cases[f"shipped-{name}-{paper}"] = (shipped, resolved.with_paper(paper))
            cases[f"figures-{name}-{paper}"] = (pictured, resolved.with_paper(paper))
            cases[f"drawing-{name}-{paper}"] = (drawn, resolved.with_paper(paper))
    acting = content.load(ACTING)
    for name in STYLES:
        resolved = style.resolve(name)
        for paper in PAPERS:
            cases[f"acting-{name}-{paper}"] = (acting, resolved.with_paper(paper))
    cases["long-list"] = (handout(long_list()), Style())
    cases["cell-list"] = (handout(cell_list()), Style())
    after_table = replace(Style(), get_help=replace(Style().get_help, place="after-table"))
    cases["acting-russian"] = (russian_acting(), after_table)
    cases["four-items"] = (handout(four_items()), Style())
    cases["long-table"] = (handout(long_table()), Style())
    cases["scripts"] = (handout(scripts()), Style())
    cases["russian"] = (content.load(REPO / "tests" / "data" / "languages" / "ru.yaml"), Style())
    cases["hyphenated"] = (handout(hyphenated()), large)
    cases["hyphenated-split-row"] = (handout(hyphenated(rows=60)), large)
    cases["at-a-glance"] = (shipped, replace(Style(), sections=Sections(at_a_glance=True)))
    linked = handout(content_yaml(meta={"url": "https://example.org/handouts/msk-014"}))
    cases["qr-first-page"] = (linked, Style())
    cases["qr-footer"] = (linked, replace(Style(), qr=replace(Style().qr, place="footer")))
    cases["logo-no-alt"] = (shipped, replace(clinic, clinic=replace(clinic.clinic, logo_alt=None)))
    for lang in CJK_LANGUAGES:
        doc = content.load(CJK / f"{lang}.yaml")
        for name in STYLES:
            for paper in PAPERS:
                cases[f"cjk-{lang}-{name}-{paper}"] = (doc, style.resolve(name).with_paper(paper))
    # Arabic, Farsi, Urdu, Hebrew, Indic and Ethiopic handouts, shaped, in every style;
    # Arabic also with the list of key points and QR codes on its mirrored page.
    for tag in SCRIPT_LANGUAGES:
        written = content.load(REPO / "tests" / "data" / f"{tag}-cold-flu.yaml")
        for name in STYLES:
            cases[f"{tag}-{name}"] = (written, style.resolve(name))
    arabic = content.load(REPO / "tests" / "data" / "ar-cold-flu.yaml")
    linked_ar = replace(arabic, meta=replace(arabic.meta, url="https://example.org/ar/flu"))
    glance = replace(clinic, sections=replace(clinic.sections, at_a_glance=True))
    cases["ar-qr-glance"] = (linked_ar, glance)
    cases["ar-qr-footer"] = (linked_ar, replace(glance, qr=replace(glance.qr, place="footer")))
    paths = {}
    for name, (doc, chosen) in cases.items():
        paths[name] = _write(folder / f"{name}.pdf", build.render(doc, chosen)[0])
    paths["draft"] = _write(folder / "draft.pdf", build.render(shipped, clinic, draft=True)[0])
    return paths


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
