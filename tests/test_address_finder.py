"""``text.addresses``, the one finder of web and e-mail addresses and phone numbers.

One table of cases says what each text holds, of what kind, what it links to and
where it may break; the same table is checked against the finder, the HTML page's
links, the PDF's link annotations and the PDF's line breaking, so that what becomes
a link and what is kept whole on a line can never disagree again.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import Counter
from pathlib import Path

import lxml.html
import pikepdf
import pytest
from click.testing import CliRunner
from pdfcheck import content_yaml

from handout.cli import cli
from handout.pdf.bands import wrap
from handout.pdf.roles import break_addresses
from handout.text import addresses
from handout.text.addresses import EMAIL, PHONE, WEB

Found = tuple[str, str, str | None, list[str]]
"""An address as written, its kind, its link (``None``: not a link) and its pieces."""

CASES: list[tuple[str, list[Found]]] = [
    (
        "Call 1-800-555-0199 now.",
        [("1-800-555-0199", PHONE, "tel:18005550199", ["1-800-555-0199"])],
    ),
    (
        "Call 1 (555) 010-0142, or",
        [("1 (555) 010-0142", PHONE, "tel:15550100142", ["1 (555) 010-0142"])],
    ),
    ("Call (555) 010-0142 now", [("(555) 010-0142", PHONE, "tel:5550100142", ["(555) 010-0142"])]),
    (
        "Ring +44 20 7946 0958.",
        [("+44 20 7946 0958", PHONE, "tel:+442079460958", ["+44 20 7946 0958"])],
    ),
    (
        "Appelez le 01 23 45 67 89.",
        [("01 23 45 67 89", PHONE, "tel:0123456789", ["01 23 45 67 89"])],
    ),
    (
        "See www.cdc.gov/flu.",
        [("www.cdc.gov/flu", WEB, "https://www.cdc.gov/flu", ["www", ".cdc", ".gov/", "flu"])],
    ),
    (
        "Read (see https://x.org/a_(b)).",
        [("https://x.org/a_(b)", WEB, "https://x.org/a_(b)", ["https://x", ".org/", "a_(b)"])],
    ),
    (
        "Read [https://x.org/a], then",
        [("https://x.org/a", WEB, "https://x.org/a", ["https://x", ".org/", "a"])],
    ),
    (
        'Read "https://x.org/q" now',
        [("https://x.org/q", WEB, "https://x.org/q", ["https://x", ".org/", "q"])],
    ),
    (
        "Read https://x.org/a?b=1#c!",
        [
            (
                "https://x.org/a?b=1#c",
                WEB,
                "https://x.org/a?b=1#c",
                ["https://x", ".org/", "a", "?b=1", "#c"],
            )
        ],
    ),
    ("Visit WWW.CDC.GOV.", [("WWW.CDC.GOV", WEB, "https://WWW.CDC.GOV", ["WWW", ".CDC", ".GOV"])]),
    (
        "Read cdc.gov/flu today",
        [("cdc.gov/flu", WEB, "https://cdc.gov/flu", ["cdc", ".gov/", "flu"])],
    ),
    (
        "Mail help.desk@clinic-a.example.",
        [
            (
                "help.desk@clinic-a.example",
                EMAIL,
                "mailto:help.desk@clinic-a.example",
                ["help", ".desk", "@clinic", "-a", ".example"],
            )
        ],
    ),
    (
        "Mail a.b+c@x-y.example.org, or",
        [
            (
                "a.b+c@x-y.example.org",
                EMAIL,
                "mailto:a.b+c@x-y.example.org",
                ["a", ".b+c", "@x", "-y", ".example", ".org"],
            )
        ],
    ),
    ("Go to example.org today", [("example.org", WEB, None, ["example", ".org"])]),
    (
        "Both cdc.gov/flu and 555-010-0142 and a@b.org",
        [
            ("cdc.gov/flu", WEB, "https://cdc.gov/flu", ["cdc", ".gov/", "flu"]),
            ("555-010-0142", PHONE, "tel:5550100142", ["555-010-0142"]),
            ("a@b.org", EMAIL, "mailto:a@b.org", ["a", "@b", ".org"]),
        ],
    ),
    ("Reviewed 2026-04-30 or 30.04.2026; ages 18-65; 911; 1.2.3; 10 mg; 1,000", []),
    ("A https:// alone, or http://localhost, or ftp://x.org/a", []),
    ("e.g. this vs. that, user@host, 10 to 20 mg", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_what_each_text_holds(text: str, expected: list[Found]) -> None:
    got = [(text[a.start : a.end], a.kind, a.target, a.pieces(text)) for a in addresses.find(text)]
    assert got == expected


def cuts(broken: str, shown: str) -> set[int]:
    """Where ``shown`` is cut (by a space or a new line) in ``broken``, as offsets into it."""
    m = re.search("[ \n]?".join(map(re.escape, shown)), broken)
    assert m, (shown, broken)
    out, offset = set(), 0
    for ch in m.group():
        if ch in " \n" and shown[offset] != ch:
            out.add(offset)
        else:
            offset += 1
    return out


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_a_line_breaks_an_address_only_where_the_finder_says(
    text: str, expected: list[Found]
) -> None:
    """In a column as narrow as the widest piece of the text, the paragraphs' and the
    bands' line breakers cut an address only between its pieces, a phone number never
    (one wider than the whole column only between its groups of digits)."""
    width = lambda s: float(len(s))  # noqa: E731
    room = float(
        max((len(p) for _, kind, _, ps in expected if kind != PHONE for p in ps), default=4)
    )
    broken = [break_addresses(text, width, room), "\n".join(wrap(text, width, room))]
    broken = [lines.replace("\u00a0", " ") for lines in broken]
    for shown, kind, _, pieces in expected:
        assert "".join(pieces) == shown
        may = set(itertools.accumulate(len(p) for p in pieces[:-1]))
        if kind == PHONE and len(shown) > room:  # wider than the column: between groups
            may = {i for i in range(1, len(shown)) if shown[i] in "-." or shown[i - 1] == ")"}
            if max(map(len, re.split(r"(?=[-.])|(?<=\))| ", shown))) > room:
                may = set(range(1, len(shown)))  # a group wider than the column: cut in it
        for lines in broken:
            assert cuts(lines, shown) <= may, (shown, lines)
        if kind != PHONE:
            assert cuts(broken[0], shown), "the column is too wide for this case"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """A handout with one paragraph per case, as PDF and HTML, built by the CLI."""
    tmp: Path = tmp_path_factory.mktemp("finder")
    body = "\n\n".join(text for text, _ in CASES)
    (tmp / "h.yaml").write_text(
        content_yaml(sections=[{"heading": "Addresses", "summary": "Links.", "body": body}]),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["build", str(tmp / "h.yaml"), "--format", "pdf,html", "-o", str(tmp)]
    )
    assert result.exit_code == 0, result.output
    return (tmp / "h.pdf").read_bytes(), (tmp / "h.html").read_bytes()


def test_the_html_page_links_what_the_finder_links(rendered: tuple[bytes, bytes]) -> None:
    page = lxml.html.document_fromstring(rendered[1])
    paragraphs = {" ".join(p.text_content().split()): p for p in page.iter("p")}
    for text, expected in CASES:
        para = paragraphs[text]
        got = [(a.text_content(), a.get("href")) for a in para.iter("a")]
        assert got == [(shown, target) for shown, _, target, _ in expected if target], text


def test_the_pdf_annotates_what_the_finder_links_on_the_web_or_by_e_mail(
    rendered: tuple[bytes, bytes],
) -> None:
    with pikepdf.open(io.BytesIO(rendered[0])) as pdf:
        uris = Counter(
            str(a.A.URI) for page in pdf.pages for a in page.get("/Annots", []) if "/A" in a
        )
    expected = Counter(
        target
        for _, found in CASES
        for _, kind, target, _ in found
        if target and kind in (WEB, EMAIL)
    )
    assert uris == expected


def found(text: str) -> list[tuple[str, str, list[str]]]:
    return [(text[t.start : t.end], t.kind, t.pieces(text)) for t in addresses.find(text)]


def test_a_url_breaks_after_a_slash_or_before_a_dot_question_mark_hash_or_hyphen() -> None:
    text = "See https://www.cdc.gov/flu/about-us/index.html?x=1#top."
    assert found(text) == [
        (
            "https://www.cdc.gov/flu/about-us/index.html?x=1#top",
            WEB,
            [
                "https://www",
                ".cdc",
                ".gov/",
                "flu/",
                "about",
                "-us/",
                "index",
                ".html",
                "?x=1",
                "#top",
            ],
        )
    ]


def test_bare_addresses_e_mail_and_phone_numbers() -> None:
    assert found("example.org/handouts/foot-012") == [
        (
            "example.org/handouts/foot-012",
            WEB,
            ["example", ".org/", "handouts/", "foot", "-012"],
        )
    ]
    assert found("Write to help.desk@clinic-a.example, or") == [
        ("help.desk@clinic-a.example", EMAIL, ["help", ".desk", "@clinic", "-a", ".example"])
    ]
    for phone in ("(555) 010-0199", "+1 555 010 0199", "555-010-0199", "020 7946 0958"):
        assert found(f"Call {phone} today.") == [(phone, PHONE, [phone])]


@pytest.mark.parametrize(
    "text", ["e.g. this vs. that", "Reviewed 2026-11-01", "Version 1.2.3", "10 to 20 mg", "1,000"]
)
def test_ordinary_text_holds_none(text: str) -> None:
    assert addresses.find(text) == []


def test_units_keep_a_phone_number_whole_and_cut_an_address_at_its_break_points() -> None:
    assert addresses.units("Call (555) 010-0199 or see cdc.gov/flu") == [
        "Call",
        "(555) 010-0199",
        "or",
        "see",
        "cdc",
        ".gov/",
        "flu",
    ]


def width(text: str) -> float:
    return float(len(text))


def test_lines_are_the_longest_runs_that_fit_and_join_to_the_address() -> None:
    text = "https://www.cdc.gov/flu/about/index.html"
    (token,) = addresses.find(text)
    lines = addresses.lines(token, text, width, 16)
    assert lines == ["https://www.cdc", ".gov/flu/about/", "index.html"]
    assert "".join(lines) == text


def test_break_addresses_adds_only_spaces_between_pieces_that_never_share_a_line() -> None:
    text = "Read example.org/handouts/foot-012 now"
    broken = break_addresses(text, width, 12)
    assert broken == "Read example.org/ handouts/ foot-012 now"
    assert break_addresses(text, width, 40) == text  # it fits: left alone
    phone = "Call (555) 010-0199"
    assert break_addresses(phone, width, 14) == phone  # it fits: left alone
    # Wider than the whole column: cut between its groups (at a space, else before a
    # hyphen, never inside a group of digits), each piece glued.
    assert break_addresses(phone, width, 10) == "Call (555) 010-0199"
    assert break_addresses(phone, width, 5) == "Call (555) 010 -0199"
    assert break_addresses("Call +1 (555) 010-0199", width, 9) == "Call +1\u00a0(555) 010-0199"
    assert break_addresses("or 1-800-232-4636", width, 9) == "or 1-800-232 -4636"


def test_wrap_breaks_at_spaces_never_in_a_phone_number_and_keeps_punctuation() -> None:
    assert wrap("Call us at (555) 010-0199.", width, 16) == ["Call us at", "(555) 010-0199."]
    assert wrap("See (www.example.org/a/b/c).", width, 12) == [
        "See (www",
        ".example",
        ".org/a/b/c).",
    ]


def test_the_address_beside_the_qr_code_is_a_link_in_the_pdf(tmp_path: Path) -> None:
    (tmp_path / "h.yaml").write_text(
        content_yaml(meta={"id": "GEN-1", "url": "https://example.org/h/gen1"}), encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "h.yaml"), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with pikepdf.open(tmp_path / "h.pdf") as pdf:
        uris = [str(a.A.URI) for a in pdf.pages[0].get("/Annots", [])]
    assert uris == ["https://example.org/h/gen1"]
