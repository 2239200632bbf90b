"""Chinese, Japanese and Korean handouts on the page: kinsoku at every line start and
end, Latin words and numbers whole, and the text read back by three extractors."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from tools import mupdf, pdfium, poppler

from handout.cli import cli
from handout.model import content
from handout.text import scripts

DATA = Path(__file__).parent / "data" / "cjk"
NO_START = set(
    "，。、：；！？）」』》〉】〕｝］…‥ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
    "゛゜ゝゞヽヾ々〻・"
)
NO_END = set("（「『《〈【〔｛［")


_BUILT: dict[tuple[str, str], Path] = {}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """Build the sample handout in a language and style, once per module."""

    def build(language: str, style: str) -> Path:
        if (language, style) not in _BUILT:
            out = tmp_path_factory.mktemp("cjk") / f"{language}-{style}.pdf"
            args = ["build", str(DATA / f"{language}.yaml"), "--style", style]
            result = CliRunner().invoke(cli, [*args, "-o", str(out)])
            assert result.exit_code == 0, result.output
            _BUILT[(language, style)] = out
        return _BUILT[(language, style)]

    return build


def lines(pdf: Path) -> list[list[dict[str, object]]]:
    """Every printed line of every page (a table row's cells are lines of their own):
    characters on one baseline, cut where a gap wider than two characters parts them."""
    out: list[list[dict[str, object]]] = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            rows: dict[float, list[dict[str, object]]] = {}
            for ch in page.chars:
                rows.setdefault(round(float(ch["bottom"]), 1), []).append(ch)
            for row in rows.values():
                row.sort(key=lambda c: float(c["x0"]))  # type: ignore[arg-type]
                line = [row[0]]
                for ch in row[1:]:
                    gap = float(ch["x0"]) - float(line[-1]["x1"])  # type: ignore[arg-type]
                    if gap > 2 * float(ch["size"]):  # type: ignore[arg-type]
                        out.append(line)
                        line = []
                    line.append(ch)
                out.append(line)
    return out


def text_of(line: list[dict[str, object]]) -> str:
    return "".join(str(c["text"]) for c in line).strip()


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant", "ja"])
@pytest.mark.parametrize("style", ["large-print", "default"])
def test_no_line_starts_or_ends_against_the_kinsoku_rules(  # type: ignore[no-untyped-def]
    built, language: str, style: str
) -> None:
    printed = [text_of(line) for line in lines(built(language, style))]
    printed = [t for t in printed if t]
    assert len(printed) > 60
    starts = [t for t in printed if t[0] in NO_START]
    ends = [t for t in printed if t[-1] in NO_END]
    assert not starts, starts
    assert not ends, ends


@pytest.mark.parametrize("language", ["zh-Hans", "ja", "ko"])
def test_latin_words_numbers_and_doses_are_never_split(built, language: str) -> None:  # type: ignore[no-untyped-def]
    printed = [text_of(line) for line in lines(built(language, "large-print"))]
    joined = "\n".join(printed)
    for word in ("Acetaminophen", "500 mg", "3000 mg", "(555) 010-0199"):
        assert any(word in t for t in printed), (word, joined)
    # a URL breaks only where it may (after "/", before ".?#-"), never with a hyphen:
    # its lines joined read it whole
    url = re.search(r"https://\S+/flu", (DATA / f"{language}.yaml").read_text()).group()  # type: ignore[union-attr]
    assert url in "".join(printed), joined


def normal(text: str) -> str:
    """NFC; white space dropped next to CJK characters (a line break inside a Chinese
    sentence is not a space) and after a "/" (a URL broken over two lines), elsewhere
    made single spaces."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(?<=[^\s/]/) (?=\w)", "", text)
    chars = list(text)
    keep = []
    for i, ch in enumerate(chars):
        if ch == " ":
            before = chars[i - 1] if i else ""
            after = chars[i + 1] if i + 1 < len(chars) else ""
            if (before and scripts.is_cjk(before)) or (after and scripts.is_cjk(after)):
                continue
        keep.append(ch)
    return "".join(keep)


def plumber(pdf: Path) -> str:
    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def paragraphs(language: str) -> list[str]:
    """The content's running text (summary, key points, bodies, disclaimer), plain."""
    from handout.pdf import richtext

    h = content.load(DATA / f"{language}.yaml")
    running = ("summary", "sections", "disclaimer")
    return [
        normal(richtext.plain(t))
        for path, t in h.texts()
        if path.startswith(running) and ".heading" not in path and ".figure" not in path
    ]


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant", "ja", "ko"])
@pytest.mark.parametrize("extract", [poppler, pdfium, plumber, mupdf])
def test_the_text_reads_back_as_written(built, language: str, extract) -> None:  # type: ignore[no-untyped-def]
    got = normal(extract(built(language, "default")))
    for para in paragraphs(language):
        assert para in got, (extract.__name__, para)


@pytest.mark.parametrize("extract", [poppler, pdfium, plumber, mupdf])
def test_a_character_beyond_the_basic_plane_reads_back(built, extract) -> None:  # type: ignore[no-untyped-def]
    assert "𠮷田" in extract(built("ja", "default"))
