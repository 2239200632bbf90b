"""Hostile and broken input through the real ``handout build``.

Whatever arrives, the command either writes a correct PDF or says what is wrong
(exit 2, naming the file and line), and never leaves a broken or temporary file
nor touches an older PDF.  Cases checked at the YAML or style level alone live in
test_yamlfile.py, test_content.py, test_validate_cmd.py and test_style.py; this
file runs each case end to end.
"""

from __future__ import annotations

import io
import re
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from click.testing import CliRunner, Result
from pdfcheck import boxes, content_yaml, page_texts, text
from pypdf import PdfReader

from handout.cli import cli
from handout.jobs.build import render
from handout.model import content, logo, yamlfile
from handout.model.stylemodel import Style
from handout.pdf import roles, table

OLDER = b"%PDF-1.4\n% an older handout that must survive\n"
MARKUP = '<b> & < > <font name="x"> &nbsp; &amp; </i>'


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from an empty folder, so that messages show short relative names."""
    monkeypatch.chdir(tmp_path)


def build(*args: str) -> Result:
    """``handout build ARGS``; a bug (any exception but an exit) fails the test."""
    result = CliRunner().invoke(cli, ["build", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.exception,
        result.output,
    )
    assert "Traceback" not in result.output
    return result


def write(name: str, body: str | bytes) -> Path:
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (hidden ones too) and its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def refused(result: Result, folder: Path, before: dict[str, bytes], *names: str) -> str:
    """Exit 2, every ``name`` in the message, and ``folder`` exactly as it was."""
    assert result.exit_code == 2, result.output
    for name in names:
        assert name in result.output, (name, result.output)
    assert snapshot(folder) == before
    assert not [p for p in Path.cwd().rglob(".*.tmp")]
    return result.output


def words_outside_margins(data: bytes, style: Style | None = None) -> list[Any]:
    m = (style or Style()).page
    out = []
    for _, width, height, objs in boxes(data):
        for o in objs:
            if (
                o["x0"] < m.margin_left - 0.01
                or o["x1"] > width - m.margin_right + 0.01
                or o["top"] < m.margin_top - 0.01
                or o["bottom"] > height - m.margin_bottom + 0.01
            ):
                out.append(o)
    return out


def squeezed(data: bytes) -> str:
    """The PDF's text without whitespace, nor the hyphens that break words at line ends."""
    reader = PdfReader(io.BytesIO(data))
    raw = "\n".join(page.extract_text() or "" for page in reader.pages)
    return "".join(re.sub(r"-\n", "", raw).split())


# --- text that ReportLab would take for markup ---------------------------------------------


def test_markup_prints_as_written_in_title_cell_heading_and_body() -> None:
    src = write(
        "markup.yaml",
        content_yaml(
            title=f"T {MARKUP}",
            comparison=[{"attribute": f"A {MARKUP}", "values": [f"V {MARKUP}", "plain"]}],
            sections=[{"heading": f"H {MARKUP}", "body": f"B {MARKUP}"}],
        ),
    )
    result = build(str(src), "-o", "out")
    assert result.exit_code == 0, result.output
    printed = text(Path("out/markup.pdf").read_bytes())
    for field in "TAVHB":
        assert f"{field} {MARKUP}" in printed, field
    with pikepdf.open("out/markup.pdf") as pdf:
        assert str(pdf.docinfo["/Title"]) == f"T {MARKUP}"


# --- text that breaks layout -------------------------------------------------------------


def test_a_500_character_word_wraps_inside_the_margins_everywhere() -> None:
    word = "".join(chr(97 + (i * 7 + i // 26) % 26) for i in range(500))  # never repeats
    src = write(
        "long.yaml",
        content_yaml(
            title=word,
            comparison=[{"attribute": "Name", "values": [word, "short"]}],
            sections=[{"heading": word, "summary": word, "body": f"Before {word} after."}],
        ),
    )
    result = build(str(src), "-o", "out")
    assert result.exit_code == 0, result.output
    data = Path("out/long.pdf").read_bytes()
    assert squeezed(data).count(word) >= 5  # title, cell, heading, key point, body
    assert words_outside_margins(data) == []


def test_a_20000_word_section_flows_over_many_pages() -> None:
    body = " ".join(f"w{i}" for i in range(20_000))
    src = write("big.yaml", content_yaml(sections=[{"heading": "Long", "body": body}]))
    result = build(str(src), "-o", "out")
    assert result.exit_code == 0, result.output
    data = Path("out/big.pdf").read_bytes()
    pages = page_texts(data)
    assert len(pages) > 20
    printed = set(" ".join(pages).split())
    assert all(f"w{i}" in printed for i in range(20_000))
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_a_500_row_table_and_a_3000_word_cell() -> None:
    rows = [{"attribute": f"Row {i}", "values": [f"a{i}", f"b{i}"]} for i in range(500)]
    tall = " ".join(f"c{i}" for i in range(3000))
    rows.append({"attribute": "Tall", "values": [tall, "short"]})
    src = write("rows.yaml", content_yaml(comparison=rows))
    result = build(str(src), "-o", "out")
    assert result.exit_code == 0, result.output
    data = Path("out/rows.pdf").read_bytes()
    printed = set(text(data).split())
    assert all({f"a{i}", f"b{i}"} <= printed for i in range(500))
    assert all(f"c{i}" in printed for i in range(3000))
    assert words_outside_margins(data) == []


@pytest.mark.parametrize("blank", ["", "   "])
def test_an_empty_optional_text_is_left_out(blank: str) -> None:
    src = write("opt.yaml", content_yaml(subtitle=blank, disclaimer=blank))
    result = build(str(src), "-o", "out")
    assert result.exit_code == 0, result.output
    printed = text(Path("out/opt.pdf").read_bytes())
    assert printed.startswith("Alpha vs. Beta Alpha and beta are two things.")


@pytest.mark.parametrize("field", ["title", "summary"])
def test_a_required_text_of_only_spaces_is_refused(field: str) -> None:
    write("out/opt.pdf", OLDER)
    src = write("opt.yaml", content_yaml(**{field: "   "}))
    before = snapshot(Path("out"))
    result = build(str(src), "-o", "out")
    refused(result, Path("out"), before, "opt.yaml:", f"{field}: is empty; write some text here")


def test_zero_width_and_combining_characters_print_as_one_letter() -> None:
    src = write(
        "accents.yaml",
        content_yaml(title="Cafe\u0301 a\u200bb", summary="Nin\u0303o, re\u0301sume\u0301."),
    )
    result = build(str(src), "-o", "out")
    assert result.exit_code == 0, result.output
    printed = text(Path("out/accents.pdf").read_bytes())
    assert "Café ab" in printed and "Niño, résumé." in printed


@pytest.mark.parametrize(
    ("body", "line", "char"),
    [
        # A raw control character, as pasted from a PDF.
        ("title: Alpha\x07 vs. Beta\n", "1:13", "U+0007"),
        # The same written as an escape in double quotes.
        ('title: "Alpha\\e vs. Beta"\n', "1:1: title", "U+001B"),
        ('title: "Alpha\\x85 vs. Beta"\n', "1:1: title", "U+0085"),
    ],
)
def test_control_characters_are_refused_with_code_and_line(body: str, line: str, char: str) -> None:
    write("out/ctl.pdf", OLDER)
    rest = content_yaml().split("\n", 1)[1]
    src = write("ctl.yaml", body + rest)
    before = snapshot(Path("out"))
    result = build(str(src), "-o", "out")
    refused(result, Path("out"), before, f"ctl.yaml:{line}", char)


@pytest.mark.parametrize(
    ("fields", "where", "chars", "kind"),
    [
        ({"title": "شلل العضلات"}, "rtl.yaml:1:1: title", "U+0634", "no font of this style"),
        (
            {"sections": [{"heading": "Causes", "body": "הסבר קצר"}]},
            "rtl.yaml:13:3: sections[0].body",
            "U+05D4",
            "no font of this style",
        ),
        (
            {"comparison": [{"attribute": "Cause", "values": ["肌肉萎缩", "x"]}]},
            "rtl.yaml:9:5: comparison[0].values[0]",
            "U+808C",
            "no font of this style can print",
        ),
    ],
)
def test_scripts_the_fonts_cannot_print_are_refused_and_nothing_is_written(
    fields: dict[str, Any], where: str, chars: str, kind: str
) -> None:
    write("out/rtl.pdf", OLDER)
    src = write("rtl.yaml", content_yaml(**fields))
    before = snapshot(Path("out"))
    result = build(str(src), "-o", "out")
    refused(result, Path("out"), before, where, chars, kind)


# --- styles ---------------------------------------------------------------------------------


def png(width: int, height: int, gray: bool = True) -> bytes:
    """A valid PNG compressed row by row, so that even a huge one never is in memory."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    channels, colour_type = (1, 0) if gray else (4, 6)
    z = zlib.compressobj(1)
    row = b"\x00" + b"\x80" * (width * channels)
    body = b"".join(z.compress(row) for _ in range(height)) + z.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    signature = b"\x89PNG\r\n\x1a\n"
    return signature + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("logo", "body", "words"),
    [
        ("logo.png", b"%PDF-1.7\n1 0 obj\n", "is a PDF, not a PNG or JPEG image"),
        ("logo.png", b"<!DOCTYPE html>\n<html></html>\n", "is a web page or SVG"),
        ("logo.png", None, "is a folder; name a PNG or JPEG file in it"),
    ],
)
def test_a_logo_that_is_no_image_is_refused_at_the_style_line(
    logo: str, body: bytes | None, words: str
) -> None:
    if body is None:
        Path("styles", logo).mkdir(parents=True)
    else:
        write(f"styles/{logo}", body)
    style = write("styles/s.yaml", f"# house look\nclinic:\n  logo: {logo}\n")
    src = write("a.yaml", content_yaml())
    write("out/a.pdf", OLDER)
    before = snapshot(Path("out"))
    result = build(str(src), "--style", str(style), "-o", "out")
    refused(result, Path("out"), before, "styles/s.yaml:3:3: clinic.logo:", words)


MEASURE = """
import resource, sys
from handout.model import content, logo, yamlfile
from handout.pdf import layout
from handout.jobs.build import render
from handout.cli import cli
try:
    cli.main(sys.argv[1:], prog_name="handout")
finally:
    # VmHWM, this process's own peak: ru_maxrss also counts the memory of the process
    # that started it (Linux keeps it across fork and exec), here the test runner's.
    try:
        with open("/proc/self/status") as fh:
            peak = int(fh.read().split("VmHWM:")[1].split()[0])
    except (OSError, IndexError):
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"PEAK_KB={peak}", file=sys.stderr)
"""


def measured(*args: str) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run ``handout ARGS`` in a fresh process; its result and peak memory in bytes."""
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, *args], capture_output=True, text=True, timeout=120
    )
    found = re.search(r"PEAK_KB=(\d+)", proc.stderr)
    assert found, proc.stderr
    return proc, int(found.group(1)) * 1024


def jpeg(width: int, height: int, progressive: bool = False) -> bytes:
    """A valid grey JPEG of any size in a bit or two per 8 x 8 block: every block is flat.

    Its Huffman tables hold one code each (DC difference 0, end of block), so the scan
    is all zero bits; a progressive one holds the DC scan only, which is valid.
    """

    def segment(marker: int, body: bytes) -> bytes:
        return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body

    one_code = bytes([1] + [0] * 15) + b"\x00"
    blocks = ((width + 7) // 8) * ((height + 7) // 8)
    if progressive:
        tables = segment(0xC4, b"\x00" + one_code)
        scan = segment(0xDA, b"\x01\x01\x00\x00\x00\x00") + bytes((blocks + 7) // 8)
    else:
        tables = segment(0xC4, b"\x00" + one_code + b"\x10" + one_code)
        scan = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + bytes((2 * blocks + 7) // 8)
    frame = struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"
    return (
        b"\xff\xd8"
        + segment(0xDB, b"\x00" + b"\x01" * 64)
        + segment(0xC2 if progressive else 0xC0, frame)
        + tables
        + scan
        + b"\xff\xd9"
    )


@pytest.mark.parametrize(
    ("name", "make", "kind"),
    [
        ("huge.png", partial(png, 20_000, 20_000), "PNG"),
        ("huge.jpg", partial(jpeg, 20_000, 20_000, progressive=True), "progressive JPEG"),
    ],
)
def test_a_20000_pixel_logo_decoded_whole_is_refused_in_bounded_memory(
    name: str, make: Callable[[], bytes], kind: str
) -> None:
    write(f"styles/{name}", make())
    style = write("styles/s.yaml", f"clinic:\n  name: Clinic\n  logo: {name}\n")
    src = write("a.yaml", content_yaml())
    write("out/a.pdf", OLDER)
    before = snapshot(Path("out"))
    proc, peak = measured("build", str(src), "--style", str(style), "-o", "out")
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    where = f"styles/s.yaml:3:3: clinic.logo: the logo styles/{name}"
    assert f"{where} is 20000 x 20000 pixels" in proc.stderr
    assert f"a {kind} logo may have at most 40 million pixels" in proc.stderr
    assert peak < 1024**3, peak
    assert snapshot(Path("out")) == before


def test_the_renderer_refuses_a_logo_that_grew_after_the_style_was_checked() -> None:
    path = write("late.jpg", jpeg(20_000, 20_000, progressive=True)).resolve()
    with pytest.raises(logo.LogoError, match="late.jpg: the logo is 20000 x 20000 pixels"):
        logo.size(path)


def logo_sizes(pdf_path: str) -> list[tuple[int, int]]:
    with pikepdf.open(pdf_path) as pdf:
        return [(int(i.Width), int(i.Height)) for i in pdf.pages[0].get_images().values()]


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("big.png", partial(png, 6000, 6000, gray=False)),  # 36 megapixels, decoded whole
        ("huge.jpg", partial(jpeg, 20_000, 20_000)),  # baseline: decoded at 1/8 scale
    ],
)
def test_a_large_logo_is_scaled_down_in_bounded_memory(
    name: str, make: Callable[[], bytes]
) -> None:
    write(f"styles/{name}", make())
    style = write("styles/s.yaml", f"clinic:\n  name: Clinic\n  logo: {name}\n")
    src = write("a.yaml", content_yaml())
    proc, peak = measured("build", str(src), "--style", str(style), "-o", "out")
    assert proc.returncode == 0, proc.stderr
    assert peak < 512 * 1024**2, peak
    sizes = logo_sizes("out/a.pdf")
    assert sizes and max(max(size) for size in sizes) <= 600


def test_a_fifty_deep_extends_chain_and_a_self_extending_style_are_refused() -> None:
    for i in range(50):
        write(f"styles/s{i}.yaml", f"extends: s{i + 1}.yaml\n" if i < 49 else "{}\n")
    write("styles/me.yaml", "# mine\nextends: me.yaml\n")
    src = write("a.yaml", content_yaml())
    for style, words in (
        ("styles/s0.yaml", "styles/s0.yaml:1:1: extends: the extends chain is more than 20"),
        ("styles/me.yaml", "styles/me.yaml:2:1: extends: a style cannot extend itself"),
    ):
        result = build(str(src), "--style", style, "-o", "out")
        refused(result, Path("out"), {}, words)


# --- files and folders --------------------------------------------------------------------


def test_an_output_folder_that_does_not_exist_is_created() -> None:
    src = write("a.yaml", content_yaml())
    result = build(str(src), "-o", "new/deeper/still")
    assert result.exit_code == 0, result.output
    assert text(Path("new/deeper/still/a.pdf").read_bytes()).startswith("Alpha vs. Beta")
    assert list(Path("new").rglob("*.tmp")) == []


@pytest.mark.parametrize(
    ("output", "words"),
    [
        ("blocker/a.pdf", "blocker: is a file, not a folder"),
        ("blocker/sub", "blocker: is a file, not a folder"),
        ("blocker/sub/a.pdf", "blocker: is a file, not a folder"),
        ("/proc/a.pdf", "/proc"),
        ("/proc/no-such-folder/", "/proc/no-such-folder"),
    ],
)
def test_an_output_path_that_cannot_be_written_is_a_clear_error(output: str, words: str) -> None:
    write("blocker", "a plain file\n")
    src = write("a.yaml", content_yaml())
    before = snapshot(Path("."))
    result = build(str(src), "-o", output)
    refused(result, Path("."), before, words)
    assert "cannot" in result.output or "is a file" in result.output


def test_an_output_path_that_is_an_existing_folder() -> None:
    src = write("a.yaml", content_yaml())
    # An existing folder is where the PDFs go, even one named like a PDF (the -o rule).
    Path("done.pdf").mkdir()
    assert build(str(src), "-o", "done.pdf").exit_code == 0
    assert [p.name for p in Path("done.pdf").iterdir()] == ["a.pdf"]
    Path("folder").mkdir()
    assert build(str(src), "-o", "folder").exit_code == 0
    assert [p.name for p in Path("folder").iterdir()] == ["a.pdf"]


def test_a_folder_in_the_way_of_a_pdf_is_refused_before_anything_is_written() -> None:
    one, two = write("a.yaml", content_yaml()), write("b.yaml", content_yaml())
    Path("out/b.pdf").mkdir(parents=True)
    result = build(str(one), str(two), "-o", "out")
    refused(result, Path("out"), {}, "out/b.pdf: is a folder")
    assert not Path("out/a.pdf").exists()


@pytest.mark.parametrize(
    ("make", "words"),
    [
        ("missing", "missing.yaml: no such file or folder"),
        ("notes", "notes: folder holds no .yaml or .yml files"),
    ],
)
def test_a_content_path_that_holds_no_content(make: str, words: str) -> None:
    if make == "notes":
        write("notes/readme.txt", "not a handout\n")
        name = "notes"
    else:
        name = "missing.yaml"
    result = build(name, "-o", "out")
    refused(result, Path("out"), {}, words)


def test_two_inputs_with_one_stem_are_refused_before_writing_either() -> None:
    write("out/x.pdf", OLDER)
    one = write("a/x.yaml", content_yaml())
    two = write("b/x.yml", content_yaml(title="Other"))
    before = snapshot(Path("out"))
    result = build(str(one), str(two), "-o", "out")
    refused(result, Path("out"), before, "b/x.yml: would write out/x.pdf, as a/x.yaml does")


def test_a_content_file_given_twice_is_built_once() -> None:
    src = write("a.yaml", content_yaml())
    result = build(str(src), "./a.yaml", str(src.resolve()), "-o", "out")
    assert result.exit_code == 0, result.output
    assert result.output.count("a.pdf:") == 1
    assert [p.name for p in Path("out").iterdir()] == ["a.pdf"]


def test_a_bad_file_among_good_ones_leaves_the_older_pdf_of_the_bad_one() -> None:
    write("out/bad.pdf", OLDER)
    good = write("good.yaml", content_yaml())
    bad = write("bad.yaml", content_yaml(summary="Pain 痛み"))
    result = build(str(good), str(bad), "-o", "out")
    assert result.exit_code == 2
    assert "bad.yaml:5:1: summary: no font of this style can print" in result.output
    assert Path("out/bad.pdf").read_bytes() == OLDER
    assert text(Path("out/good.pdf").read_bytes()).startswith("Alpha vs. Beta")
    assert sorted(p.name for p in Path("out").iterdir()) == ["bad.pdf", "good.pdf"]


LONG = "x" * 300  # longer than a file name may be


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        ([f"{LONG}.yaml"], f"{LONG}.yaml: cannot be used: File name too long"),
        (["a.yaml", "-o", LONG], f"{LONG}: cannot be used: File name too long"),
        (["a.yaml", "-o", f"{LONG}.pdf"], f"{LONG}.pdf: cannot be used: File name too long"),
        (["a.yaml", "--style", f"{LONG}.yaml"], f"{LONG}.yaml: cannot be used"),
        (["a.yaml", "--style", LONG], f"{LONG}.yaml: cannot be used"),
        (["a.yaml", "--style", "styles/logo.yaml"], f"styles/{LONG}.png: cannot be used"),
    ],
)
def test_a_name_the_system_refuses_to_look_up_is_an_error_not_a_crash(
    args: list[str], shown: str
) -> None:
    write("a.yaml", content_yaml())
    write("styles/logo.yaml", f"clinic:\n  logo: {LONG}.png\n")
    before = snapshot(Path("."))
    refused(build(*args), Path("."), before, shown)


@pytest.mark.parametrize(
    ("meta", "where"),
    [
        ({"id": "MSK-" + "0" * 150}, "meta.yaml:16:3: meta.id: is too long for the footer"),
        ({"id": "MSK-015", "version": "2." * 80}, "meta.yaml:17:3: meta.version: is too long"),
    ],
)
def test_an_id_or_version_too_long_for_the_footer_line_is_refused(
    meta: dict[str, str], where: str
) -> None:
    write("out/meta.pdf", OLDER)
    src = write("meta.yaml", content_yaml(meta=meta))
    before = snapshot(Path("out"))
    output = refused(build(str(src), "-o", "out"), Path("out"), before, where)
    assert re.search(r"it would be \d+pt wide, and the page leaves 504pt", output)


def test_a_footer_line_that_just_fits_stays_inside_the_margins() -> None:
    meta = {"id": "MSK-" + "0" * 40, "version": "2.1", "reviewed": "2026-04-30"}
    src = write("meta.yaml", content_yaml(meta=meta))
    assert build(str(src), "-o", "out").exit_code == 0
    data = Path("out/meta.pdf").read_bytes()
    assert f"MSK-{'0' * 40} · Version 2.1 · Reviewed 2026-04-30" in text(data)
    assert words_outside_margins(data) == []


def test_a_tall_row_after_a_short_one_does_not_repeat_the_header_mid_page() -> None:
    tall = " ".join(f"w{i}" for i in range(600))
    rows = [
        {"attribute": "Short", "values": ["a", "b"]},
        {"attribute": "Tall", "values": [tall, "short"]},
    ]
    src = write("t.yaml", content_yaml(items=["Firstitem", "Seconditem"], comparison=rows))
    assert build(str(src), "-o", "out").exit_code == 0
    pages = page_texts(Path("out/t.pdf").read_bytes())
    assert [p.count("Seconditem") for p in pages] == [1] * len(pages)
    assert all(f"w{i}" in " ".join(pages).split() for i in range(600))


@pytest.mark.parametrize(
    "word", ["well-" + "x" * 300, "https://example.org/" + "x" * 300, "ab" * 150 + "-cd"]
)
def test_a_hyphenated_word_or_a_link_wider_than_a_line_stays_inside_the_margins(
    word: str,
) -> None:
    rows = [{"attribute": "Link", "values": [word, "short"]}]
    body = f"See {word} here."
    src = write("w.yaml", content_yaml(comparison=rows, summary=body))
    assert build(str(src), "-o", "out").exit_code == 0
    data = Path("out/w.pdf").read_bytes()
    assert words_outside_margins(data) == []
    assert word.replace("-", "") in squeezed(data).replace("-", "")


def test_an_item_name_too_long_to_head_a_column_is_refused() -> None:
    write("out/i.pdf", OLDER)
    src = write("i.yaml", content_yaml(items=["Alpha", "B" * 500]))
    before = snapshot(Path("out"))
    output = refused(build(str(src), "-o", "out"), Path("out"), before, "i.yaml:4:3: items[1]")
    assert "is 500 characters long" in output and "keep it to 80" in output


def test_four_items_of_the_longest_name_fit_a_large_print_page() -> None:
    names = [("W" * 79) + c for c in "ABCD"]
    rows = [{"attribute": "W" * 80, "values": names}]
    src = write("i.yaml", content_yaml(items=names, comparison=rows))
    result = build(str(src), "--style", "large-print", "-o", "out")
    assert result.exit_code == 0, result.output
    assert all(name in squeezed(Path("out/i.pdf").read_bytes()) for name in names)


def words(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


@pytest.mark.parametrize("where", ["summary", "key point", "table row"])
def test_a_box_or_row_about_a_page_tall_is_split_not_a_crash(where: str) -> None:
    """ReportLab splits a box or row only where both pieces are 40pt or more: one a
    little taller than a page could neither fit nor split, and the build stopped."""
    k = roles.kit(Style())
    _, _, width, height = k.frame

    def doc(n: int) -> str:
        if where == "summary":
            return content_yaml(summary=words(n))
        if where == "key point":
            return content_yaml(sections=[{"heading": "H", "summary": words(n), "body": "b"}])
        return content_yaml(comparison=[{"attribute": "A", "values": [words(n), "x"]}])

    def tall(n: int) -> float:
        handout = content.from_doc(yamlfile.parse(doc(n), "t.yaml"))
        if where == "table row":
            return float(table.comparison_table(handout, k).wrap(width, 1e9)[1])
        return float(k.body.paragraph(words(n)).wrap(width - 20, 1e9)[1])

    near = [n for n in range(300, 2000, 5) if abs(tall(n) - height) < 45]
    assert len(near) >= 5
    for n in near:
        data, _ = render(content.from_doc(yamlfile.parse(doc(n), "t.yaml")), Style())
        assert f"w{n - 1}" in text(data).split()
