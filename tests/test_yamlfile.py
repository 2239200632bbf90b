"""Reading YAML: locations, limits, and every kind of hostile or damaged file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from handout.cli import cli
from handout.errors import InputError
from handout.model import yamlfile

Writer = Callable[[Path, str, "str | bytes"], Path]


def parse_error(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        yamlfile.parse(text, "f.yaml")
    return info.value


def validate(path: Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


# --- locations -------------------------------------------------------------------------


def test_every_value_and_key_has_its_line_and_column() -> None:
    doc = yamlfile.parse(
        "title: Cold\nitems:\n  - Cold\n  - Flu\nrows:\n  - {a: 1, b: [x, y]}\n", "f.yaml"
    )
    assert doc.data == {
        "title": "Cold",
        "items": ["Cold", "Flu"],
        "rows": [{"a": 1, "b": ["x", "y"]}],
    }
    assert doc.locations[("title",)] == (1, 1)
    assert doc.locations[("items", 1)] == (4, 5)
    assert doc.locations[("rows", 0, "b", 1)] == (6, 19)
    assert doc.where(("rows", 0, "missing", 3)) == (6, 5)
    assert doc.problem(("items", 1), "bad").__str__() == "f.yaml:4:5: items[1]: bad"


def test_format_path_writes_keys_and_indexes_as_messages_show_them() -> None:
    assert yamlfile.format_path(("comparison", 2, "values")) == "comparison[2].values"
    assert yamlfile.format_path(()) == ""


def test_display_name_is_relative_inside_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert yamlfile.display_name(tmp_path / "content" / "a.yaml") == str(Path("content/a.yaml"))
    outside = tmp_path.parent / "elsewhere.yaml"
    assert yamlfile.display_name(outside) == str(outside)


def test_dates_and_numbers_are_read_as_yaml_types_and_a_false_date_stays_text() -> None:
    doc = yamlfile.parse("a: 2026-11-01\nb: 1.0\nc: 2026-13-01\nd: yes\n", "f.yaml")
    assert str(doc.data["a"]) == "2026-11-01"
    assert doc.data["b"] == 1.0
    assert doc.data["c"] == "2026-13-01"
    assert doc.data["d"] is True


# --- accepted encodings and line endings -----------------------------------------------


def test_a_byte_order_mark_is_accepted(
    tmp_path: Path, write: Writer, shipped_content: Path
) -> None:
    path = write(tmp_path, "bom.yaml", b"\xef\xbb\xbf" + shipped_content.read_bytes())
    assert validate(path) == (0, f"{yamlfile.display_name(path)}: valid\n1 valid, 0 invalid\n")


def test_windows_line_endings_are_accepted_and_lines_still_count(
    tmp_path: Path, write: Writer, shipped_content: Path
) -> None:
    crlf = shipped_content.read_bytes().replace(b"\n", b"\r\n")
    assert validate(write(tmp_path, "crlf.yaml", crlf))[0] == 0
    doc = yamlfile.load(write(tmp_path, "b.yaml", b"a: 1\r\nb:\r\n  - x\r\n"))
    assert doc.locations[("b", 0)] == (3, 5)


# --- files that are not YAML text ------------------------------------------------------


def test_a_file_that_is_not_utf8_names_the_byte_and_its_line(tmp_path: Path, write: Writer) -> None:
    path = write(tmp_path, "latin1.yaml", "title: x\nsubtitle: Café\n".encode("latin-1"))
    code, out = validate(path)
    assert code == 2
    name = yamlfile.display_name(path)
    assert f"{name}:2:14: byte 0xE9 is not UTF-8; save the file as UTF-8" in out


def test_a_binary_file_is_refused(tmp_path: Path, write: Writer) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))
    code, out = validate(write(tmp_path, "logo.yaml", png))
    assert code == 2
    assert "this is a binary file, not a YAML text file" in out


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:  # sparse: costs no disk and no time
        f.truncate(yamlfile.MAX_BYTES + 1)

    def never(self: Path, *args: object, **kwargs: object) -> object:
        raise AssertionError("opened a file over the size limit")

    monkeypatch.setattr(Path, "open", never)
    with pytest.raises(InputError) as info:
        yamlfile.load(path)
    assert "file is 2.0 MB; the limit is 2 MB (a handout is a few kilobytes)" in (
        info.value.message
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_devices_pipes_and_sockets_are_refused_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Reading a device or a named pipe could last forever: refused at once.
    with pytest.raises(InputError) as info:
        yamlfile.load(Path("/dev/zero"))
    assert info.value.message == "/dev/zero: is a device, not a file; give a YAML file"
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="pipe.yaml: is a named pipe \\(FIFO\\), not a file"):
        yamlfile.load(fifo)
    # A socket's path may hold at most 107 bytes (103 on macOS), and a long $TMPDIR
    # makes tmp_path longer than that: bind it by a name relative to its folder.
    monkeypatch.chdir(tmp_path)
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind("sock.yaml")
        with pytest.raises(InputError, match="sock.yaml: is a socket, not a file"):
            yamlfile.load(tmp_path / "sock.yaml")


def test_missing_file_and_folder_are_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        yamlfile.load(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a folder, not a YAML file"):
        yamlfile.load(tmp_path)


# --- YAML that is not a handout's shape -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty; a handout needs title, items, summary, comparison and sections"),
        ("# only a comment\n", "the file is empty; a handout needs title, items"),
        (
            "- Cold\n- Flu\n",
            "1:1: expected a mapping of handout fields (title:, items:, ...) at "
            "the top of the file, found a list",
        ),
        (
            "Cold vs. Flu\n",
            "1:1: expected a mapping of handout fields (title:, items:, ...) at "
            "the top of the file, found text",
        ),
        (
            "title: Cold\n---\ntitle: Flu\n",
            "2:1: a handout file holds one YAML document; remove the second '---'",
        ),
    ],
    ids=["empty", "only-comment", "list-at-top", "scalar-at-top", "two-documents"],
)
def test_yaml_that_is_not_one_mapping_is_refused(
    tmp_path: Path, write: Writer, text: str, message: str
) -> None:
    code, out = validate(write(tmp_path, "x.yaml", text))
    assert code == 2
    assert message in out


# --- syntax errors ---------------------------------------------------------------------


def test_syntax_error_gives_line_column_and_shows_the_line() -> None:
    err = parse_error("title: Cold\nsubtitle: Cold: what to do\nitems: [a, b]\n")
    assert err.message == (
        "f.yaml:2:15: YAML syntax error: mapping values are not allowed in this context"
        ' (text holding ": " must be in quotes: subtitle: "Cold: what to do")\n'
        "    subtitle: Cold: what to do\n"
        "                  ^"
    )


@pytest.mark.parametrize(
    "text",
    ["title: x\nitems:\n\t- a\n", "summary: |\n\tSome text\n", "items:\n  - a\n\t- b\n"],
    ids=["list", "block-text", "after-a-list-item"],
)
def test_tab_indentation_is_named_as_the_problem(text: str) -> None:
    err = parse_error(text)
    assert "YAML syntax error" in err.message
    assert "(a tab: indent with spaces, not tabs)" in err.message
    assert err.problems[0].line == text.count("\n", 0, text.index("\t")) + 1


def test_a_quote_never_closed_points_at_its_opening() -> None:
    err = parse_error('title: "Cold vs. Flu\nitems: [Cold, Flu]\n')
    assert err.message == (
        "f.yaml:1:8: YAML syntax error: the quote opened here is never closed; "
        'add the closing quote\n    title: "Cold vs. Flu\n           ^'
    )


def test_a_quote_cut_off_by_a_document_marker_points_at_its_opening() -> None:
    err = parse_error('title: "Cold\n---\nitems: [a, b]\n')
    assert err.message.startswith("f.yaml:1:8: YAML syntax error: the quote opened here is never")


def test_a_bad_escape_in_a_closed_quote_is_not_called_an_unclosed_quote() -> None:
    err = parse_error('title: "Cold\n  and\\or flu"\n')
    assert err.message == (
        "f.yaml:2:6: YAML syntax error: while parsing a quoted scalar found unknown escape "
        "character (inside double quotes, write \\\\ for a backslash, or use single quotes)\n"
        '      and\\or flu"\n'
        "         ^"
    )


def test_a_quote_closed_only_by_a_later_quote_points_at_its_opening(
    shipped_content: Path,
) -> None:
    text = shipped_content.read_text("utf-8").replace(
        "subtitle: What's the Difference?", 'subtitle: "What is the Difference?'
    )
    err = parse_error(text)
    (problem,) = err.problems
    assert (problem.line, problem.column) == (4, 11)
    assert "the quote opened here runs on to line 137, where reading stopped" in problem.message
    assert "add the closing quote on this line" in problem.message
    assert 'subtitle: "What is the Difference?' in problem.message


def test_a_duplicate_key_is_reported_with_the_first_line() -> None:
    doc = yamlfile.parse("title: Cold\nitems: [a, b]\ntitle: Flu\n", "f.yaml")
    assert doc.data["title"] == "Cold"
    assert [str(p) for p in doc.problems] == [
        "f.yaml:3:1: title: duplicate key 'title' (first at line 1); keep only one"
    ]


def test_a_list_as_a_key_is_refused() -> None:
    err = parse_error("? [a, b]\n: c\n")
    assert "a key must be plain text, not a list or mapping" in err.message


# --- control characters ----------------------------------------------------------------


def test_raw_control_characters_are_refused_with_their_line_and_column() -> None:
    err = parse_error("title: Cold\nsubtitle: Mild\x07ish\x1b\n")
    assert [str(p) for p in err.problems] == [
        "f.yaml:2:15: contains the control character U+0007; delete it",
        "f.yaml:2:19: contains the control character U+001B; delete it",
    ]


def test_characters_yaml_reads_as_line_breaks_are_refused() -> None:
    err = parse_error("title: Cold\u2028Flu\nsubtitle: a\x85b\n")
    assert [str(p) for p in err.problems] == [
        "f.yaml:1:12: contains the character U+2028 (LINE SEPARATOR); delete it",
        "f.yaml:2:12: contains the control character U+0085; delete it",
    ]


def test_at_most_ten_refused_characters_are_listed() -> None:
    err = parse_error("a: " + "\x01" * 500)
    assert len(err.problems) == yamlfile.MAX_CHAR_PROBLEMS == 10


# --- attacks -----------------------------------------------------------------------------


def test_python_tags_are_refused_and_never_run(tmp_path: Path, write: Writer) -> None:
    marker = tmp_path / "ran"
    path = write(
        tmp_path,
        "evil.yaml",
        f"title: !!python/object/apply:os.system ['touch {marker}']\nitems: [a, b]\n",
    )
    code, out = validate(path)
    assert code == 2
    assert "1:8: the tag !!python/object/apply:os.system is not allowed" in out
    assert not marker.exists()


@pytest.mark.parametrize("tag", ["!!python/name:os.system", "!custom", "!!binary"])
def test_any_non_standard_tag_is_refused(tag: str) -> None:
    err = parse_error(f"title: {tag} abc\n")
    assert "is not allowed; handout files hold plain text and lists" in err.message


def test_billion_laughs_is_refused_without_expanding(tmp_path: Path, write: Writer) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    path = write(tmp_path, "laughs.yaml", "\n".join(lines) + "\n")
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            yamlfile.load(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "expands to more than 200,000 values (through aliases); refused as unsafe" in (
        info.value.message
    )
    assert peak < 20 * 1024 * 1024


STAR_HINT = 'text that starts with * or ** must be in quotes: "**Sudden** onset"'


@pytest.mark.parametrize(
    ("text", "where"),
    [("title: **Cold** vs. Flu\n", "1:9"), ("items:\n  - *Cold* or flu\n", "2:10")],
    ids=["bold", "italic"],
)
def test_emphasis_at_the_start_of_unquoted_text_asks_for_quotes(text: str, where: str) -> None:
    err = parse_error(text)
    assert err.message.startswith(f"f.yaml:{where}: YAML syntax error: while scanning an alias")
    assert f"({STAR_HINT})" in err.message


def test_an_unknown_alias_is_refused_with_the_same_hint() -> None:
    err = parse_error("items:\n  - *Cold\n")
    assert err.message == f"f.yaml:2:5: unknown alias *Cold ({STAR_HINT})"


def test_nesting_deeper_than_the_limit_is_refused() -> None:
    depth = yamlfile.MAX_DEPTH
    yamlfile.parse("[" * depth + "]" * depth, "f.yaml")
    err = parse_error("[" * (depth + 1) + "]" * (depth + 1))
    assert err.message.startswith(f"f.yaml:1:{depth + 1}: nested more than {depth} levels deep")


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, "a: " + "[" * 100_000, "- " * 100_000 + "x", "{a: " * 100_000],
    ids=["flow-lists", "flow-list-in-mapping", "block-lists", "flow-mappings"],
)
def test_very_deep_nesting_does_not_crash_the_interpreter(
    tmp_path: Path, write: Writer, text: str
) -> None:
    path = write(tmp_path, "deep.yaml", text + "\n")
    # In a child process: a crash (stack overflow) must fail this test, not end the run.
    proc = subprocess.run(
        [sys.executable, "-c", "from handout.cli import main; main()", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    assert f"nested more than {yamlfile.MAX_DEPTH} levels deep" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
