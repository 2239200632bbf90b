"""`check` on Chinese and Japanese: sentences end at 。！？ and are measured in characters."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from handout.authoring import counting
from handout.cli import cli

LONG = (
    "流感通常起病急，会突然发高烧、全身酸痛、头痛和乏力，而且比普通感冒更容易引起肺炎、"
    "心肌炎、脑炎等严重并发症，老人、孩子、孕妇和有慢性病的人尤其需要注意并及时就医。"
)


def test_chinese_and_japanese_sentences_end_at_their_full_stops() -> None:
    text = "流感和感冒都是病毒感染。流感更重！要去医院吗？要。"
    assert counting.sentences(text, "zh-Hans") == [
        "流感和感冒都是病毒感染。",
        "流感更重！",
        "要去医院吗？",
        "要。",
    ]
    assert counting.sentences("「休んでください。」と言いました。", "ja") == [
        "「休んでください。」",
        "と言いました。",
    ]
    assert counting.characters("流感，更重！500 mg") == 9


def test_a_long_chinese_sentence_is_found_in_characters(tmp_path: Path) -> None:
    assert counting.characters(LONG) > 60
    src = tmp_path / "zh.yaml"
    src.write_text(
        "title: 流感还是普通感冒？\nlanguage: zh-Hans\nitems: [流感, 普通感冒]\n"
        f"summary: 流感和普通感冒都是病毒感染。{LONG}普通感冒较轻。\n"
        "comparison:\n  - attribute: 病因\n    values: [流感病毒, 鼻病毒]\n"
        "sections:\n  - heading: 症状\n    summary: 流感更重。\n    body: 发烧、咳嗽。\n"
        "actions: [多休息。]\nget_help:\n  emergency: [呼吸困难。]\n"
        "disclaimer: 本资料仅供参考。\nmeta: {id: FLU-1, reviewed: 2026-11-01}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", str(src)])
    assert result.exit_code == 3, result.output
    assert "long sentence" in result.output or "sentence of" in result.output
    assert (
        f"sentence of {counting.characters(LONG)} characters (aim for 60 or fewer)" in result.output
    )
    assert result.output.count("characters (aim for") == 1  # the short ones are not found
