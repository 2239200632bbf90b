"""Handouts the HTML tests render, and helpers to read the pages they give."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import lxml.html
from pdfcheck import content_yaml

from handout.model import content, emphasis, yamlfile

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"
ACTING = REPO / "content" / "cold-vs-flu.yaml"
"""The second shipped handout: lists, a checklist and the "When to get help" box."""
STYLES = ("default", "large-print", "grayscale", "example-clinic")

LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis"

TEST_HANDOUTS: dict[str, str] = {
    # four items, long words and long rows: the hardest table for a 320 px screen
    "four-items": content_yaml(
        title="Sprain vs. Strain vs. Fracture vs. Dislocation",
        subtitle="What's the Difference?",
        items=["Sprain", "Strain", "Fracture", LONG_WORD],
        summary="Four injuries that **hurt** in *different* ways.\n\nSee a doctor if unsure.",
        comparison=[
            {"attribute": "What is hurt", "values": ["Ligament", "Muscle", "Bone", LONG_WORD]},
            {
                "attribute": "Electroencephalographically",
                "values": ["Swelling and bruising " * 4, "Cramps", "Deformity", "Out of place"],
            },
            {"attribute": "Healing", "values": ["Weeks", "Weeks", "Months", "Weeks"]},
        ],
        sections=[
            {"heading": "Causes", "summary": "Falls and twists.", "body": "Falls.\n\nTwists."},
            {"heading": "Treatment", "body": "Rest, ice, compression, elevation."},
        ],
        disclaimer="Not medical advice.",
        meta={"id": "INJ-004", "version": "2", "reviewed": "2026-03-01"},
    ),
    # markup that must print as written, emphasis, other scripts, a URL
    "markup-and-scripts": content_yaml(
        title="<b>Cold</b> & Flu",
        language="en-GB",
        items=["Cold <i>", "Flu & co"],
        summary='A "cold" is <script>alert(1)</script> mild; **rest** and *drink*; 5 < 6 & 7 > 3.',
        comparison=[
            {"attribute": "Ελληνικά", "values": ["Русский текст", "Tiếng Việt"]},
            {"attribute": "Signs ≥ 2", "values": ["→ rest", "✓ see a doctor"]},
        ],
        sections=[{"heading": "Causes & <em>", "summary": "*Viruses*.", "body": "&amp; stays."}],
        meta={"id": "GEN-002", "url": "https://example.org/h/cold?lang=en&v=2"},
    ),
}


TEST_HANDOUTS["links"] = content_yaml(
    summary="Read more at https://www.cdc.gov/flu/symptoms/index.html. Call (555) 010-0142.",
    comparison=[
        {"attribute": "More", "values": ["www.example.org/alpha", "help@example.org"]},
    ],
    sections=[
        {
            "heading": "Where to get help",
            "summary": "See https://example.org/help, or call 1-800-555-0199.",
            "body": "Write to help@example.org or visit https://example.org/a-very-long-"
            "address/that/runs/on/and/on/past/the/width/of/a/phone.",
        }
    ],
)
FIGURES = REPO / "tests" / "data" / "figures"
TEST_HANDOUTS["figures"] = content_yaml(
    sections=[
        {
            "heading": "What it looks like",
            "body": "The picture below shows it.",
            "figure": {
                "image": str(FIGURES / "photo.jpg"),
                "alt": "A red circle between a blue and a yellow rectangle.",
                "caption": "What it *looks* like.",
            },
        },
        {
            "heading": "More",
            "body": "Text.",
            "figure": {"image": str(FIGURES / "diagram.png"), "alt": ""},
        },
    ]
)
TEST_HANDOUTS["drawing"] = content_yaml(
    sections=[
        {
            "heading": "How to use an inhaler",
            "body": "Breathe out, then press once as you breathe in.",
            "figure": {
                "image": str(FIGURES / "drawing.svg"),
                "alt": "An arrow from the words Breathe in to a blue circle.",
                "caption": "Press as you *start* to breathe in.",
            },
        }
    ],
    comparison=[
        {"attribute": "Signs", "values": ["Often:\n- fever\n- aches", "- none\n\nRarely."]}
    ],
)


def handouts(tmp_path: Path) -> dict[str, content.Handout]:
    """The shipped handout and the test handouts above, loaded."""
    out = {"shipped": content.load(SHIPPED), "acting": content.load(ACTING)}
    for name, text in TEST_HANDOUTS.items():
        out[name] = content.from_doc(yamlfile.parse(text, f"{name}.yaml"))
    return out


def tree(data: bytes) -> Any:
    return lxml.html.document_fromstring(data)


def words(text: str) -> str:
    """Text as a reader sees it: emphasis markers gone, whitespace folded."""
    return " ".join(emphasis.plain(text).split())


def content_texts(handout: content.Handout) -> list[str]:
    """Every piece of content text the page must show, as shown."""
    out = []
    for path, text in handout.texts():
        if path == "meta.url":
            out.append(text.removeprefix("https://").rstrip("/"))  # the link shows it so
        elif path != "meta.source" and not path.endswith(".figure.alt"):  # said, not shown
            out.append(words(text))
    return out


def folded(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
