"""Property: any content document either renders to a PDF that holds every word of
its text, or is refused with a ``HandoutError``; never another exception.

Documents are generated with arbitrary Unicode in every field (control characters,
markup, emphasis markers, right-to-left and CJK scripts, words too long for a line),
tables of any shape, and lists, mappings, numbers or nothing where text belongs.
Each is written out with ``yaml.safe_dump`` and goes the way a file goes: parsed,
validated, checked against the fonts and rendered with the default style.

A normal run tries a few dozen documents; for a long run set
``HANDOUT_FUZZ_EXAMPLES`` (e.g. ``HANDOUT_FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py``).
"""

from __future__ import annotations

import functools
import io
import os
import re
import string
import unicodedata
from typing import Any

import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from handout.errors import HandoutError
from handout.jobs import build
from handout.model import content, yamlfile
from handout.model.stylemodel import Style
from handout.pdf import qr, richtext, roles

EXAMPLES = int(os.environ.get("HANDOUT_FUZZ_EXAMPLES", "40"))
SEARCH = "HANDOUT_FUZZ_EXAMPLES" in os.environ
"""A long search draws new documents each run; the suite's own 40 are the same every
run, so that CI passes or fails on the code, not on the draw."""
STYLE = Style()

PRINTABLE = [
    "<", ">", "&", "<b>", "</b>", "<i>", '<font name="x">', "&nbsp;", "&amp;", "&#169;",
    "*", "**", "***", "*word*", "**word**", "_", "\\", ":", "- ", "# ", "'", '"', "{", "[",
    "e\u0301", "a\u200bb", "\u00a0", "\t", "\n", "\n\n", "  ",
    "Café", "Muskelatrophie", "мышца", "cơ bắp", "Ελληνικά", "µg ≥ 5 °C",
]  # fmt: skip
"""Fragments that have broken text handling elsewhere: markup, YAML and emphasis
characters, invisible and combining characters, accents and other scripts."""
UNPRINTABLE = ["مرحبا", "שלום", "肌肉", "日本語", "한국어", "\u2028", "\x07", "\x85", "\ufffe"]
"""Right-to-left text, scripts the bundled fonts lack, and control characters."""

_word = st.text(string.ascii_letters + string.digits, min_size=1, max_size=12)
_long = st.text(string.ascii_lowercase, min_size=40, max_size=600)


def _drawable() -> list[str]:
    """Every visible character some font of the default style has."""
    families = roles.kit(STYLE).body.chain.families
    codes = set().union(*(f.codepoints for f in families))
    hidden = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
    return sorted(chr(c) for c in codes if unicodedata.category(chr(c)) not in hidden)


_odd = st.text(st.sampled_from(_drawable()), min_size=1, max_size=6)
_any = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=6)
_gap = st.sampled_from([" ", " ", " ", "", "\n"])


def _text(*fragments: st.SearchStrategy[str], most: int = 14) -> st.SearchStrategy[str]:
    """A word, then up to ``most`` fragments, each followed by a space, nothing or a line break."""
    pieces = st.lists(st.tuples(st.one_of(*fragments), _gap), max_size=most)
    return st.tuples(_word, _gap, pieces).map(
        lambda t: t[0] + t[1] + "".join(f + g for f, g in t[2])
    )


printable = _text(_word, _word, _word, _word, st.sampled_from(PRINTABLE), _odd, _long)
"""Text mostly of words, with what the fonts can print mixed in."""
name = _text(_word, _word, st.sampled_from(PRINTABLE), _odd, most=3)
"""An item's name: short, as it heads a table column."""
anything = _text(_word, _word, st.sampled_from(PRINTABLE + UNPRINTABLE), _odd, _any, _long)
"""Text with any character at all but lone surrogates (which no file can hold)."""

_scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.dates())
misplaced = st.one_of(
    _scalar, st.lists(printable, max_size=2), st.dictionaries(_word, printable, max_size=2)
)
"""What a careless file holds where text belongs."""


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A content document: a third of them with any text and any value anywhere."""
    wild = draw(st.integers(0, 2)) == 0
    text = anything if wild else printable

    def field(strategy: st.SearchStrategy[Any] = text) -> st.SearchStrategy[Any]:
        """In a wild document, sometimes a value of the wrong kind."""
        return st.one_of(strategy, strategy, strategy, strategy, misplaced) if wild else strategy

    n = draw(st.integers(1, 4) if wild else st.integers(2, 4))
    items = draw(field(st.lists(text if wild else name, min_size=n, max_size=n)))
    counts = (
        st.one_of(st.just(n), st.just(n), st.just(n), st.integers(0, 5)) if wild else st.just(n)
    )
    values = counts.flatmap(lambda k: st.lists(field(), min_size=k, max_size=k))
    row = st.fixed_dictionaries({"attribute": field(), "values": field(values)})
    rows = draw(field(st.lists(row, min_size=0 if wild else 1, max_size=30)))
    section = st.fixed_dictionaries(
        {"heading": field(), "body": field()}, optional={"summary": field()}
    )
    doc = {
        "title": draw(field()),
        "items": items,
        "summary": draw(field()),
        "comparison": rows,
        "sections": draw(field(st.lists(section, min_size=1, max_size=4))),
    }
    optional = {
        "subtitle": field(),
        "disclaimer": field(),
        "language": st.sampled_from(["en", "es", "de-CH", *(["English", ""] if wild else [])]),
        "meta": st.fixed_dictionaries(
            {},
            optional={
                "id": field(),
                "version": field(),
                "reviewed": field() if wild else st.dates(),
                "source": field(),
                "url": field(
                    st.builds(
                        "https://example.org/".__add__,
                        st.text(string.ascii_letters + string.digits + "-_/?=&%.~", max_size=90),
                    )
                ),
            },
        ),
    }
    for key, strategy in optional.items():
        if draw(st.booleans()):
            doc[key] = draw(strategy)
    return doc


# Documents the fuzzer once found broken, kept as regressions.
SPLIT_ROW = {  # a split row printed "...rmasi- qindy...": a hyphen and a gap mid-word
    "title": "cYcSuskY5cQS asepwrjbbpxxmktjguqipuwanfxigbxpmlkengctsfxzm"
    "qekjepnvevgzfwjzvdcdorcozbzlmz",
    "subtitle": "7GEVZ3epf8gN bxyczsahszkcnqbqgojrpujwqwebenocjuvpcgrmlkewbqmeivubisdagu",
    "language": "es",
    "items": ["qZ1", "HoUC", "lRaUtbU5tlRC 2uCVSYSMnxT5"],
    "summary": "0",
    "comparison": [
        {
            "attribute": "EHkH14",
            "values": ["none", "95Llou89", "v 0 0 0 0 0 0 0 hFs4CCFvPwag 0 6y0YImcqhi7"],
        },
        {
            "attribute": "nfXTNmq",
            "values": [
                "ohimrQ5Kj6YU",
                "lzfjigpaxzxwnxqfzaknuwnvezzrqruoolbyyqzieaseluojwmigspgoczmvyjttdzoez"
                "vegnuzuqokcpeluzsaapryedrmasiqindyhxhdthnxhehndyfnhbyeanqrfwteicpuxf"
                "ielkgxykklkzzrwxjkziglagwampclnbmkmzhmzewbglmbojztriicovwwjuupgxkhyel"
                "ujqfriliybnwaowvfd plstbktpgxzbxccpwgkvlbpaplwitnwdzfkidbcphosrymchlj"
                "ibzntunecnnoxqpqrserkjwrpawoxvulyuzflohzbovrkrwyubdpbkltpueruincwnrru"
                "vjdgeixgpghnekcfobuxaopvckzkkvkmcnqbkog uayqqlgkhuvzvfhggukwvjcfrpmhg"
                "kjuomvkpglttvfrbgupg B9NDkpZUpFHG K19sRMcCvGtb",
                "gKv4",
            ],
        },
        {
            "attribute": "rihnuqslvmwureosdhxspgwxummgoixbpjnspjeihjqvxqtbzdcfyzlypxuntz",
            "values": ["a" * 40, "0", "0"],
        },
    ],
    "sections": [{"heading": "0", "body": "0"}],
}


def _letters(start: int) -> str:
    return "".join(chr(97 + (i * 7 + i // 26 + start) % 26) for i in range(90))


LONG_ITEM = {  # its column heading was taller than a page: ReportLab's LayoutError
    "title": "T",
    "items": [
        _letters(1)[:20],
        _letters(2)[:20],
        _letters(3)[:20],
        " ".join(map(_letters, range(8))),
    ],
    "summary": "S",
    "comparison": [{"attribute": "R", "values": ["a", "b", "c", "d"]}],
    "sections": [{"heading": "H", "body": "B"}],
}


def words(text: str) -> list[str]:
    """The words of ``text`` as printed: letters and digits, emphasis markers gone."""
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFC", richtext.plain(text)))


def printed_lines(data: bytes) -> list[str]:
    """Each line of the PDF's text without whitespace, nor a hyphen that broke a word."""
    reader = PdfReader(io.BytesIO(data))
    raw = "\n".join(page.extract_text() or "" for page in reader.pages)
    squeezed = ("".join(line.split()) for line in unicodedata.normalize("NFC", raw).splitlines())
    return [line.removesuffix("-") for line in squeezed if line]


def printed(word: str, lines: list[str], joined: str) -> bool:
    """Whether ``word`` is in the text, whole or broken over lines.

    A word longer than its table column is broken over lines, and a row taller than
    what is left of a page is split, so the rest of the word may come after the other
    cells of the row, the footer and the repeated header.  Broken, it is the end of
    its cell's line (other cells of the row may follow it on the printed line), then
    whole lines, then the start of a later line (other cells may come before it).
    """
    if word in joined:
        return True

    @functools.cache
    def rest(offset: int, after: int) -> bool:
        tail = word[offset:]
        for j in range(after + 1, len(lines)):
            line = lines[j]
            if tail in line or (tail.startswith(line) and rest(offset + len(line), j)):
                return True
        return False

    return any(
        word[:k] in line and rest(k, i)
        for i, line in enumerate(lines)
        for k in range(1, min(len(line), len(word) - 1) + 1)
    )


def check(doc: dict[str, Any]) -> None:
    source = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
    try:
        handout = content.from_doc(yamlfile.parse(source, "fuzz.yaml"))
        data, _ = build.render(handout, STYLE)
    except HandoutError as exc:
        event(f"refused ({type(exc).__name__})")
        for line in exc.format_message().splitlines():  # one line a problem, naming the file
            assert line.startswith("fuzz.yaml") or line.startswith("    "), line
        return
    event("rendered")
    lines = printed_lines(data)
    joined = "".join(lines)
    for path, value in handout.texts():
        if path == "meta.source":  # kept for the record, never printed
            continue
        if path == "meta.url":  # printed without https:// beside its QR code
            value = qr.short(value)
        for word in words(value):
            assert printed(word, lines, joined), (path, word, value)


@settings(
    max_examples=EXAMPLES,
    derandomize=not SEARCH,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(documents())
@example(SPLIT_ROW)
@example(LONG_ITEM)
@example(
    {
        "title": "<b> & &nbsp; **bold",
        "items": ["Café", "e\u0301t\u00e9"],
        "summary": "x" * 500,
        "comparison": [{"attribute": "*a*", "values": ["<font name='x'>", "y" * 300]}] * 30,
        "sections": [{"heading": "a\u200bb", "body": "Muskel " * 300}],
    }
)
def test_any_document_renders_in_full_or_is_refused(doc: dict[str, Any]) -> None:
    check(doc)
