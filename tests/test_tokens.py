"""``text.tokens``: which addresses and numbers a text holds, and where each may break."""

from __future__ import annotations

import pytest

from handout.pdf.bands import wrap
from handout.pdf.roles import break_addresses
from handout.text import tokens


def found(text: str) -> list[tuple[str, str, list[str]]]:
    return [(text[t.start : t.end], t.kind, t.pieces(text)) for t in tokens.protected(text)]


def test_a_url_breaks_after_a_slash_or_before_a_dot_question_mark_hash_or_hyphen() -> None:
    text = "See https://www.cdc.gov/flu/about-us/index.html?x=1#top."
    assert found(text) == [
        (
            "https://www.cdc.gov/flu/about-us/index.html?x=1#top",
            tokens.URL,
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
            tokens.URL,
            ["example", ".org/", "handouts/", "foot", "-012"],
        )
    ]
    assert found("Write to help.desk@clinic-a.example, or") == [
        ("help.desk@clinic-a.example", tokens.EMAIL, ["help", ".desk", "@clinic", "-a", ".example"])
    ]
    for phone in (
        "(555) 010-0199",
        "+1 555 010 0199",
        "555-010-0199",
        "020 7946 0958",
        "1-800-232-4636",  # the trunk prefix of a toll-free number is part of it
        "1 (800) 232-4636",
    ):
        assert found(f"Call {phone} today.") == [(phone, tokens.PHONE, [phone])]


@pytest.mark.parametrize(
    "text", ["e.g. this vs. that", "Reviewed 2026-11-01", "Version 1.2.3", "10 to 20 mg", "1,000"]
)
def test_ordinary_text_holds_none(text: str) -> None:
    assert tokens.protected(text) == []


def test_units_keep_a_phone_number_whole_and_cut_an_address_at_its_break_points() -> None:
    assert tokens.units("Call (555) 010-0199 or see cdc.gov/flu") == [
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
    (token,) = tokens.protected(text)
    lines = tokens.lines(token, text, width, 16)
    assert lines == ["https://www.cdc", ".gov/flu/about/", "index.html"]
    assert "".join(lines) == text


def test_break_addresses_adds_only_spaces_between_pieces_that_never_share_a_line() -> None:
    text = "Read example.org/handouts/foot-012 now"
    broken = break_addresses(text, width, 12)
    assert broken == "Read example.org/ handouts/ foot-012 now"
    assert break_addresses(text, width, 40) == text  # it fits: left alone
    phone = "Call (555) 010-0199"
    assert break_addresses(phone, width, 14) == phone  # it fits: left alone
    # Wider than the column: cut between its groups (at a space, else before a hyphen),
    # each piece glued.
    assert break_addresses(phone, width, 10) == "Call (555) 010-0199"
    assert break_addresses(phone, width, 5) == "Call (555) 010 -0199"
    assert break_addresses("Call +1 (555) 010-0199", width, 9) == "Call +1\u00a0(555) 010-0199"


def test_wrap_breaks_at_spaces_never_in_a_phone_number_and_keeps_punctuation() -> None:
    assert wrap("Call us at (555) 010-0199.", width, 16) == ["Call us at", "(555) 010-0199."]
    assert wrap("See (www.example.org/a/b/c).", width, 12) == [
        "See (www",
        ".example",
        ".org/a/b/c).",
    ]
