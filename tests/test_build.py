"""`handout build`: the PDFs it writes, opened and checked."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from pdfcheck import (
    STANDARD_14,
    base_name,
    boxes,
    content_yaml,
    fonts,
    overlapping_lines,
    page_texts,
    text,
)

from handout import files, outputs
from handout.cli import cli
from handout.errors import HandoutError, InputError
from handout.jobs import build
from handout.model import content, yamlfile
from handout.model.blocks import texts
from handout.model.stylemodel import Style
from handout.pdf import document

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"


@pytest.fixture(scope="module")
def shipped_pdf() -> bytes:
    data, _ = build.render(content.load(SHIPPED), Style())
    return data


def render_text(tmp_path: Path, yaml_text: str, style: Style | None = None) -> bytes:
    src = tmp_path / "h.yaml"
    src.write_text(yaml_text, encoding="utf-8")
    data, _ = build.render(content.load(src), style or Style())
    return data


def sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", paragraph) if s]


def test_every_sentence_of_the_content_is_in_the_pdf(shipped_pdf: bytes) -> None:
    handout = content.load(SHIPPED)
    footers = r" ?Page \d+ of \d+ MSK-014 · Version 1\.0 · Reviewed 2026-11-01"
    got = re.sub(footers, "", text(shipped_pdf))  # a sentence may run onto the next page
    expected = [handout.title, *handout.items, handout.disclaimer or ""]
    for p in handout.summary:
        expected += sentences(p)
    for row in handout.comparison:
        expected += [row.attribute, *(t for v in row.values for t in texts(v))]
    for sec in handout.sections:
        expected.append(sec.heading)
        for p in sec.body:
            expected += sentences(p)
    missing = [s for s in expected if " ".join(s.split()) not in got]
    assert not missing


def test_fonts_are_all_embedded_truetype(shipped_pdf: bytes) -> None:
    used = fonts(shipped_pdf)
    assert used, "no fonts found"
    assert all(embedded for _, embedded in used), used
    assert not {base_name(f) for f, _ in used} & STANDARD_14
    assert {base_name(f) for f, _ in used} >= {"AtkinsonHyperlegible-Regular"}


def test_nothing_is_drawn_outside_the_margins(shipped_pdf: bytes) -> None:
    m = Style().page
    for page, width, height, objs in boxes(shipped_pdf):
        assert (width, height) == (612, 792)
        for o in objs:
            assert o["x0"] >= m.margin_left - 0.01, (page, o)
            assert o["x1"] <= width - m.margin_right + 0.01, (page, o)
            assert o["top"] >= m.margin_top - 0.01, (page, o)
            assert o["bottom"] <= height - m.margin_bottom + 0.01, (page, o)


def test_no_two_lines_of_text_overlap(shipped_pdf: bytes) -> None:
    assert overlapping_lines(shipped_pdf) == []


def test_footer_says_page_n_of_m_and_meta(shipped_pdf: bytes) -> None:
    pages = page_texts(shipped_pdf)
    n = len(pages)
    assert n >= 2
    for i, page in enumerate(pages, 1):
        assert f"Page {i} of {n}" in page
        assert "MSK-014" in page and "Version 1.0" in page and "Reviewed 2026-11-01" in page


def test_metadata_language_and_title_display(shipped_pdf: bytes) -> None:
    with pikepdf.open(pdfcheck_bytes(shipped_pdf)) as doc:
        info = doc.docinfo
        assert str(info["/Title"]) == "Muscle Atrophy vs. Muscle Denervation"
        assert "Muscle Atrophy" in str(info["/Subject"])
        assert "Muscle Denervation" in str(info["/Keywords"])
        assert str(doc.Root.Lang) == "en"
        assert bool(doc.Root.ViewerPreferences.DisplayDocTitle) is True


def pdfcheck_bytes(data: bytes):  # noqa: ANN201 - a file-like for pikepdf
    import io

    return io.BytesIO(data)


def test_author_is_the_clinic_and_lang_follows_content(tmp_path: Path) -> None:
    from dataclasses import replace

    from handout.model.stylemodel import Clinic

    style = replace(Style(), clinic=Clinic(name="Riverside Family Clinic", phone="555"))
    data = render_text(tmp_path, content_yaml(language="es-MX"), style)
    with pikepdf.open(pdfcheck_bytes(data)) as doc:
        assert str(doc.docinfo["/Author"]) == "Riverside Family Clinic"
        assert str(doc.Root.Lang) == "es-MX"
    assert "Riverside Family Clinic" in text(data)


def test_same_input_gives_identical_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    build.build_one(SHIPPED, Style(), a)
    build.build_one(SHIPPED, Style(), b)
    assert a.read_bytes() == b.read_bytes()


def test_source_date_epoch_sets_the_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    data = render_text(tmp_path, content_yaml())
    with pikepdf.open(pdfcheck_bytes(data)) as doc:
        assert str(doc.docinfo["/CreationDate"]).startswith("D:20260101")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    data = render_text(tmp_path, content_yaml())
    with pikepdf.open(pdfcheck_bytes(data)) as doc:
        assert not str(doc.docinfo["/CreationDate"]).startswith("D:2026")


def test_a4_paper(tmp_path: Path) -> None:
    data = render_text(tmp_path, content_yaml(), Style().with_paper("a4"))
    for _, width, height, _ in boxes(data):
        assert (round(width, 2), round(height, 2)) == (595.28, 841.89)


def test_long_table_repeats_its_header_on_every_page(tmp_path: Path) -> None:
    rows = [
        {"attribute": f"Attribute {i:02d}", "values": [f"Alpha value {i} " * 3, f"Beta {i}"]}
        for i in range(60)
    ]
    data = render_text(tmp_path, content_yaml(comparison=rows))
    pages = page_texts(data)
    table_pages = [p for p in pages if re.search(r"Attribute \d\d", p)]
    assert len(table_pages) >= 2
    for page in table_pages:
        assert re.search(r"Alpha\s+Beta", page), page[:200]
    assert all(f"Attribute {i:02d}" in " ".join(pages) for i in range(60))


def test_huge_word_wraps_in_a_cell_and_tall_row_splits(tmp_path: Path) -> None:
    url = "https://example.org/" + "x" * 300
    tall = " ".join(["word"] * 3000)
    rows = [
        {"attribute": "Link", "values": [url, "short"]},
        {"attribute": "Tall", "values": [tall, "short"]},
    ]
    data = render_text(tmp_path, content_yaml(comparison=rows))
    assert len(page_texts(data)) >= 3
    assert "x" * 40 in text(data).replace(" ", "")
    m = Style().page
    for _, width, _, objs in boxes(data):
        assert all(o["x1"] <= width - m.margin_right + 0.01 for o in objs)


def test_markup_characters_print_as_written(tmp_path: Path) -> None:
    raw = 'Use < and > & <b> not closed, <font name="x"> and &nbsp; as typed'
    data = render_text(tmp_path, content_yaml(summary=raw))
    assert raw in text(data)


def test_bold_and_italic_markers(tmp_path: Path) -> None:
    data = render_text(tmp_path, content_yaml(summary="This is **very** important and *gentle*."))
    assert "This is very important and gentle." in text(data)
    names = {base_name(f) for f, _ in fonts(data)}
    assert {"AtkinsonHyperlegible-Bold", "AtkinsonHyperlegible-Italic"} <= names


def test_mixed_scripts_fall_back_and_extract(tmp_path: Path) -> None:
    line = "Muscle мышца cơ bắp Việt ≥ 5 → ± 2 °C µg ✓ done"
    data = render_text(tmp_path, content_yaml(summary=line))
    assert line in text(data)
    names = {base_name(f) for f, _ in fonts(data)}
    assert any(n.startswith("FiraSans") for n in names)
    assert all(e for _, e in fonts(data))


def test_missing_glyph_is_an_error_naming_characters(tmp_path: Path) -> None:
    src = tmp_path / "h.yaml"
    src.write_text(content_yaml(summary="Pain 痛み here"), encoding="utf-8")
    handout = content.load(src)
    with pytest.raises(InputError) as err:
        build.render(handout, Style())
    msg = err.value.format_message()
    assert "U+75DB" in msg and "summary" in msg and "h.yaml:5:1: summary" in msg


def test_right_to_left_text_no_font_has_is_refused_naming_its_letters(tmp_path: Path) -> None:
    src = tmp_path / "h.yaml"
    src.write_text(content_yaml(title="شلل العضلات"), encoding="utf-8")
    with pytest.raises(InputError, match="no font of this style can print .*'ش' U\\+0634"):
        build.render(content.load(src), Style())


def test_failed_render_leaves_older_pdf_untouched(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF-older")

    def broken(*args, **kwargs):
        raise RuntimeError("renderer failed half way")

    monkeypatch.setattr(document, "lay_out", broken)
    with pytest.raises(RuntimeError):
        build.build_one(SHIPPED, Style(), out)
    assert out.read_bytes() == b"%PDF-older"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_failed_write_leaves_no_temporary_file(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF-older")

    def broken_replace(a, b):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(HandoutError, match="out.pdf: cannot write: the disk is full; free some"):
        files.write_atomic(out, b"%PDF-new")
    assert out.read_bytes() == b"%PDF-older"
    assert [p.name for p in tmp_path.iterdir()] == ["out.pdf"]


def test_same_stem_twice_is_refused_before_writing(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    one = tmp_path / "a" / "x.yaml"
    two = tmp_path / "b" / "x.yaml"
    with pytest.raises(Exception, match="would write"):
        build.output_paths([one, two], outputs.target(str(tmp_path / "out"), (".pdf",), Path()))


# --- the command ---------------------------------------------------------------------------


def test_cli_builds_the_shipped_handout(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(SHIPPED), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "muscle-atrophy-vs-muscle-denervation.pdf"
    assert out.exists()
    assert re.search(
        r"muscle-atrophy-vs-muscle-denervation\.pdf: \d+ pages(, tightened to fit)?, \d+ ms",
        result.output,
    )
    assert "Muscle atrophy and muscle denervation" in text(out)


def test_cli_paper_a4(tmp_path: Path) -> None:
    out = tmp_path / "x.pdf"
    result = CliRunner().invoke(cli, ["build", str(SHIPPED), "--paper", "a4", "-o", str(out)])
    assert result.exit_code == 0, result.output
    _, width, height, _ = boxes(out)[0]
    assert (round(width, 2), round(height, 2)) == (595.28, 841.89)


def test_cli_bad_file_is_reported_and_good_ones_still_built(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nitems: [a, b]\nsummery: y\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text(content_yaml(), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(bad), str(good), "-o", str(out)])
    assert result.exit_code == 2
    assert "did you mean 'summary'?" in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["good.pdf"]


def test_cli_output_folder_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("x")
    result = CliRunner().invoke(cli, ["build", str(SHIPPED), "-o", str(blocker)])
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.output


def test_display_name_is_relative_to_cwd() -> None:
    assert yamlfile.display_name(SHIPPED.relative_to(REPO)) == str(SHIPPED.relative_to(REPO))


def test_at_a_glance_gathers_section_summaries(tmp_path: Path) -> None:
    from dataclasses import replace

    from handout.model.stylemodel import Sections

    style = replace(Style(), sections=Sections(at_a_glance=True))
    data, _ = build.render(content.load(SHIPPED), style)
    got = text(data)
    assert "At a glance" in got
    handout = content.load(SHIPPED)
    for sec in handout.sections:
        assert got.count(" ".join(" ".join(texts(sec.summary)).split())) >= 2, sec.heading
    assert "At a glance" not in text(build.render(content.load(SHIPPED), Style())[0])


@pytest.mark.parametrize("name", ["default", "large-print", "grayscale", "example-clinic"])
def test_bundled_styles_stay_inside_the_margins(name: str) -> None:
    from handout.model import style as style_mod

    resolved = style_mod.resolve(name)
    data, pages = build.render(content.load(SHIPPED), resolved)
    m = resolved.page
    seen = boxes(data)
    assert len(seen) == pages
    for page, width, height, objs in seen:
        assert (width, height) == (m.width, m.height)
        for o in objs:
            assert o["x0"] >= m.margin_left - 0.01, (name, page, o)
            assert o["x1"] <= width - m.margin_right + 0.01, (name, page, o)
            assert o["top"] >= m.margin_top - 0.01, (name, page, o)
            assert o["bottom"] <= height - m.margin_bottom + 0.01, (name, page, o)
    assert all(embedded for _, embedded in fonts(data))


def test_clinic_header_with_logo_on_every_page() -> None:
    from handout.model import style as style_mod

    resolved = style_mod.resolve("example-clinic")
    data, pages = build.render(content.load(SHIPPED), resolved)
    assert resolved.clinic.name and resolved.clinic.logo
    for i, page in enumerate(page_texts(data)):
        assert resolved.clinic.name in page, i
    images = [o for _, _, _, objs in boxes(data) for o in objs if o.get("object_type") == "image"]
    assert len(images) == pages


def test_narrow_columns_hyphenate_long_words_and_keep_short_ones(tmp_path: Path) -> None:
    from handout.model import style as style_mod

    doc = content_yaml(
        items=["Muscle Atrophy", "Muscle Denervation", "Neuromuscular Disease", "Myopathy"],
        comparison=[
            {
                "attribute": "Diagnosis",
                "values": ["Physical examination", "Electromyography studies", "EMG", "Biopsy"],
            }
        ],
    )
    data = render_text(tmp_path, doc, style_mod.resolve("large-print"))
    got = text(data)
    assert "Myopathy" in got and "Diagnosis" in got  # short words are never broken
    assert "Elec- tromyography" in got  # a long one breaks at a dictionary point, with a hyphen
    assert "Electromyography studies" in got.replace("- ", "")
    assert "Neuromuscular Disease" in got.replace("- ", "")


def test_a_heading_is_never_the_last_line_of_a_page(tmp_path: Path) -> None:
    sections = [
        {"heading": f"Heading number {i}", "body": "Some words here. " * (5 + (i * 7) % 40)}
        for i in range(24)
    ]
    data = render_text(tmp_path, content_yaml(sections=sections))
    size = Style().fonts.heading.size
    footer_top = Style().page.height - Style().page.margin_bottom - 40
    pages = boxes(data)
    assert len(pages) >= 3
    for page, _, _, objs in pages:
        chars = [o for o in objs if o.get("object_type") == "char" and o["text"].strip()]
        lines: dict[float, list[dict]] = {}
        for c in chars:
            if c["bottom"] < footer_top:
                lines.setdefault(round(c["bottom"]), []).append(c)
        last = lines[max(lines)]
        assert not all(abs(c["size"] - size) < 0.1 for c in last), f"heading alone, page {page}"


def test_a_style_may_name_a_font_file(tmp_path: Path) -> None:
    from dataclasses import replace

    import reportlab

    from handout.model.stylemodel import Fonts, FontSpec

    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    style = replace(Style(), fonts=replace(Fonts(), body=FontSpec(family=str(vera))))
    data = render_text(tmp_path, content_yaml(summary="Plain words in Vera."), style)
    assert "Plain words in Vera." in text(data)
    names = {base_name(f) for f, _ in fonts(data)}
    assert "BitstreamVeraSans-Roman" in names, names
    assert all(e for _, e in fonts(data))


def test_a_stop_between_writing_and_renaming_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SIGTERM lands as an exception wherever Python is: here, just before the rename."""
    from handout import files

    def stopped(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(files, "commit", stopped)
    with pytest.raises(KeyboardInterrupt):
        files.write_atomic(tmp_path / "h.pdf", b"%PDF-1.7")
    assert list(tmp_path.iterdir()) == []
