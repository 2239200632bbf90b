"""Chinese, Japanese and Korean handouts: the language picks the face, labels and
templates in the language, one clear message when fonts are missing.

The sample handouts in tests/data/cjk compare flu and the common cold in Simplified
and Traditional Chinese, Japanese and Korean, with a Latin drug name, "500 mg", a phone
number, a URL and (in Chinese and Japanese) a name with a character beyond the BMP.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pikepdf
import pytest
import yaml
from click.testing import CliRunner
from matrix import CJK, CJK_LANGUAGES

from handout.cli import cli
from handout.model import blocks, content, labels, schema
from handout.text import fontfiles

FACE = {"zh-Hans": "NotoSansSC", "zh-Hant": "NotoSansTC", "ja": "NotoSansJP", "ko": "NotoSansKR"}
PAGE_ONE = {
    "zh-Hans": "第 1 页，共",
    "zh-Hant": "第 1 頁，共",
    "ja": "ページ中 1 ページ",
    "ko": "쪽 중 1쪽",
}
KEY_POINT = {"zh-Hans": "要点", "zh-Hant": "重點", "ja": "ポイント", "ko": "핵심 내용"}
RARE = {"zh-Hans": "𬀩", "zh-Hant": "𡘙", "ja": "𠮷"}


@pytest.mark.parametrize(
    ("tag", "table"),
    [
        ("zh", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh-SG", "zh-Hans"),
        ("zh-Hans", "zh-Hans"),
        ("zh-hans-cn", "zh-Hans"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-MO", "zh-Hant"),
        ("zh-Hant", "zh-Hant"),
        ("zh-Hant-HK", "zh-Hant"),
        ("ja", "ja"),
        ("ja-JP", "ja"),
        ("ko", "ko"),
        ("ko-KR", "ko"),
    ],
)
def test_a_chinese_tag_finds_the_labels_and_face_of_its_script(tag: str, table: str) -> None:
    assert labels.known(tag) == table
    assert fontfiles.for_language(tag) == f"Noto Sans {FACE[table][-2:]}"


def test_other_languages_keep_the_styles_fonts() -> None:
    assert fontfiles.for_language("en") is None
    assert fontfiles.for_language("vi") is None


def test_every_word_handout_prints_is_given_in_each_cjk_language() -> None:
    english = yaml.safe_load(labels.DATA.read_text("utf-8"))["en"]
    for tag in CJK_LANGUAGES:
        words = yaml.safe_load(labels.DATA.read_text("utf-8"))[tag]
        wanted = [k for k, v in english.items() if v]  # the empty ones print nothing
        assert [k for k in wanted if k not in words] == [], tag
        for key, text in words.items():
            assert labels.placeholder_problem(key, text) is None, (tag, key)
            if key != "name":
                assert not text.isascii() or key == "page", (tag, key)  # translated


def _built(doc: Path, tmp_path: Path, *args: str) -> tuple[Path, str]:
    out = tmp_path / f"{doc.stem}.pdf"
    result = CliRunner().invoke(cli, ["build", str(doc), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    return out, text


def _fonts(pdf: Path) -> set[str]:
    with pikepdf.open(pdf) as doc:
        return {
            str(font.BaseFont).split("+", 1)[-1]
            for page in doc.pages
            for _, font in page.Resources.Font.items()
        }


@pytest.mark.parametrize("lang", CJK_LANGUAGES)
def test_a_sample_handout_prints_in_its_face_with_real_bold_and_its_labels(
    lang: str, tmp_path: Path
) -> None:
    pdf, text = _built(CJK / f"{lang}.yaml", tmp_path)
    face = FACE[lang]
    assert _fonts(pdf) == {f"{face}-Regular", f"{face}-Bold"}  # Latin and digits too
    assert PAGE_ONE[lang] in text
    assert KEY_POINT[lang] in text
    flat = " ".join(text.split())
    for piece in ("Oseltamivir", "500 mg", "(555) 010-0199", "https://example.org/"):
        assert piece in flat, piece
    if lang in RARE:  # beyond the BMP: read back as the character, not as garbage
        assert RARE[lang] in text
    with pikepdf.open(pdf) as doc:
        assert str(doc.Root.Lang) == content.load(CJK / f"{lang}.yaml").language
        assert len(doc.pages) == {"zh-Hans": 2, "zh-Hant": 2, "ja": 3, "ko": 2}[lang]  # fitted


def test_the_conformance_cases_have_cjk_labels_and_bold(
    conformance_pdfs: dict[str, Path],
) -> None:
    cases = {n: p for n, p in conformance_pdfs.items() if n.startswith("cjk-")}
    assert len(cases) == 4 * 4 * 2  # each language in every bundled style, Letter and A4
    for name, pdf in cases.items():
        lang = next(t for t in CJK_LANGUAGES if name.startswith(f"cjk-{t}-"))
        assert f"{FACE[lang]}-Bold" in _fonts(pdf), name
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
        assert PAGE_ONE[lang] in text.stdout, name


def test_emphasis_prints_upright_and_bold_in_the_bold_face(tmp_path: Path) -> None:
    doc = (CJK / "zh-Hans.yaml").read_text("utf-8")
    doc = doc.replace("  如果您出现呼吸困难", "  *请注意*：**如果您出现呼吸困难")
    doc = doc.replace("请马上联系诊所。\n", "请马上联系诊所。**\n", 1)
    src = tmp_path / "emphasis.yaml"
    src.write_text(doc, "utf-8")
    pdf, text = _built(src, tmp_path)
    assert "请注意：如果您出现呼吸困难" in text.replace("\n", "")
    assert _fonts(pdf) == {"NotoSansSC-Regular", "NotoSansSC-Bold"}  # no slanted face


def test_line_breaks_inside_cjk_paragraphs_add_no_space() -> None:
    block = "流感通常起病急，\n会突然发高烧。服用\nAspirin 以后\n两到\n三次\n\n감기는\n바이러스"
    assert schema.paragraphs(block) == (
        "流感通常起病急，会突然发高烧。服用 Aspirin 以后两到三次",
        "감기는 바이러스",  # Korean keeps its spaces
    )
    assert schema.one_line("两到\n  三次") == "两到三次"
    assert schema.one_line("两到  三次") == "两到 三次"  # a space the author typed stays


def test_line_breaks_in_paragraphs_and_list_items_add_no_space_between_cjk() -> None:
    found = blocks.blocks("流感，\n而且\n\n- 多休息，\n  多喝水\n- 감기는\n  바이러스\n\nA\nB")
    assert found == (
        "流感，而且",
        blocks.TextList(("多休息，多喝水", "감기는 바이러스")),
        "A B",
    )


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "ja"])
def test_the_samples_paragraphs_read_without_a_space_where_a_line_broke(
    lang: str, tmp_path: Path
) -> None:
    def spaced(text: str) -> list[str]:  # a space between two Chinese or Japanese characters
        return [
            m[0] for m in re.finditer(r"(\S) (\S)", text) if all(map(schema.unspaced, m[1] + m[2]))
        ]

    source = CJK / f"{lang}.yaml"
    typed = spaced(source.read_text("utf-8"))  # the author's own: "科 𠮷" in Japanese
    assert sorted(p for _, t in content.load(source).texts() for p in spaced(t)) == sorted(typed)
    _, text = _built(source, tmp_path)
    assert sorted(spaced(text.replace("\n", ""))) == sorted(typed)


def test_chinese_text_without_a_language_is_one_message_saying_what_to_set(
    tmp_path: Path,
) -> None:
    doc = (CJK / "zh-Hans.yaml").read_text("utf-8").replace("language: zh-Hans", "language: en")
    src = tmp_path / "flu.yaml"
    src.write_text(doc, "utf-8")
    result = CliRunner().invoke(cli, ["build", str(src), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{src}:1:1: title: no font of this style can print ")
    assert "set language: zh-Hans (Simplified Chinese), zh-Hant (Traditional Chinese)" in lines[0]
    assert len(lines[0]) < 700
    assert not (tmp_path / "x.pdf").exists()


def test_korean_without_a_language_is_told_to_set_ko(tmp_path: Path) -> None:
    doc = (CJK / "ko.yaml").read_text("utf-8").replace("language: ko", "language: en")
    src = tmp_path / "flu.yaml"
    src.write_text(doc, "utf-8")
    result = CliRunner().invoke(cli, ["build", str(src)])
    assert result.exit_code == 2
    assert "set language: ko (Korean)" in result.output
    assert len(result.output.strip().splitlines()) == 1


MISSING = textwrap.dedent(
    """
    import dataclasses, sys
    from handout.text import fontfiles
    sc = fontfiles.BUNDLED["Noto Sans SC"]
    fontfiles.BUNDLED["Noto Sans SC"] = dataclasses.replace(
        sc, package="handout_absent_pkg", distribution="handout-absent-pkg"
    )
    from handout.cli import main
    sys.argv = ["handout", "build", {src!r}, "-o", {out!r}]
    main()
    """
)


def test_without_the_cjk_extra_one_message_names_the_file_and_the_pip_command(
    tmp_path: Path,
) -> None:
    src, out = CJK / "zh-Hans.yaml", tmp_path / "x.pdf"
    code = MISSING.format(src=str(src), out=str(out))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    [line] = done.stderr.splitlines()
    assert line.endswith(
        "zh-Hans.yaml:3:1: language: Chinese (Simplified) text needs the Noto Sans SC fonts, "
        "which are not installed; install them with: pip install 'handout[cjk]'"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("tag", "written", "subtitle", "title"),
    [
        ("zh", "zh-Hans", "有什么区别？", "流感还是感冒"),
        ("zh-TW", "zh-Hant", "有什麼不同？", "流感還是感冒"),
        ("ja", "ja", "何が違うのでしょうか？", "流感と感冒"),
        ("ko", "ko", "무엇이 다를까요?", "流感 또는 感冒"),
    ],
)
def test_new_writes_a_template_in_the_language_that_validates(
    tag: str, written: str, subtitle: str, title: str, tmp_path: Path
) -> None:
    out = tmp_path / "new.yaml"
    result = CliRunner().invoke(cli, ["new", "--language", tag, "流感", "感冒", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load(out.read_text("utf-8"))
    assert (doc["language"], doc["subtitle"], doc["title"]) == (tag, subtitle, title)
    assert all(v.startswith("TODO: ") for row in doc["comparison"] for v in row["values"])
    if written.startswith("zh"):
        assert "流感和感冒" in doc["summary"]  # no spaces around "and" in Chinese
    result = CliRunner().invoke(cli, ["validate", "--draft", str(out)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["build", "--draft", str(out), "-o", str(tmp_path / "d.pdf")])
    assert result.exit_code == 0, result.output
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "d.pdf"), "-"], capture_output=True, text=True
    ).stdout
    draft = yaml.safe_load(labels.DATA.read_text("utf-8"))[written]["draft"]
    assert all(ch in text for ch in draft)  # drawn diagonally: read back a letter at a time
