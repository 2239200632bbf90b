"""Command-line conventions, end to end: standard input and output, the one meaning
of ``-o``, file permissions, case-insensitive choices, help, version and completion."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fresh import START
from pdfcheck import content_yaml, page_texts, text
from pypdf import PdfReader

from handout.cli import COMMANDS, cli

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content" / "muscle-atrophy-vs-muscle-denervation.yaml"
ARTICLE = REPO / "tests" / "data" / "articles" / "kidney-three-way.txt"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def handout(
    *args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None
) -> Result:
    """``handout ARGS`` in this process; a bug (any exception but an exit) fails the test."""
    result = CliRunner().invoke(cli, list(args), input=stdin, env=env, prog_name="handout")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


def run(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """``handout ARGS`` as a real process (a real stdout, umask, terminal)."""
    script = "from handout.cli import main; main()"
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kwargs}
    return subprocess.run([sys.executable, "-c", script, *args], check=False, **streams)


# --- 1. standard input and standard output ---------------------------------------------


def test_a_dash_reads_the_content_from_standard_input() -> None:
    result = handout("build", "-", stdin=SHIPPED.read_bytes())
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("output/stdin.pdf: ")
    assert "Muscle Atrophy" in text(Path("output/stdin.pdf"))


def test_standard_input_is_named_stdin_in_messages() -> None:
    result = handout("build", "-", "-o", "x.pdf", stdin="title: [unclosed\n")
    assert result.exit_code == 2
    assert result.stderr.startswith("<stdin>:2:1: YAML syntax error")
    assert not Path("x.pdf").exists()


def test_dash_o_dash_writes_the_pdf_to_standard_output_and_messages_to_stderr() -> None:
    done = run("build", str(SHIPPED), "-o", "-")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"%PDF-") and done.stdout.rstrip().endswith(b"%%EOF")
    assert len(PdfReader(__import__("io").BytesIO(done.stdout)).pages) == 3
    assert done.stderr.decode().startswith("standard output: 3 pages")
    assert not Path("output").exists() and not Path("-").exists()


def test_a_pipe_through_stdin_and_stdout() -> None:
    done = run("build", "-", "-o", "-", input=SHIPPED.read_bytes())
    assert done.returncode == 0, done.stderr
    assert "Muscle Denervation" in text(done.stdout)


def test_dash_o_dash_takes_one_handout_only() -> None:
    Path("a.yaml").write_text(content_yaml())
    Path("b.yaml").write_text(content_yaml())
    done = run("build", "a.yaml", "b.yaml", "-o", "-")
    assert done.returncode == 2 and done.stdout == b""
    assert "-o -: writes standard output, but 2 handouts would be written" in done.stderr.decode()


def test_dash_o_dash_is_refused_on_a_terminal() -> None:
    leader, follower = os.openpty()
    try:
        done = run("build", str(SHIPPED), "-o", "-", stdout=follower, stderr=subprocess.PIPE)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    lines = done.stderr.decode().splitlines()
    assert lines == [
        "-o -: would print the PDF on this terminal; redirect it (> FILE.pdf) or give -o FILE.pdf"
    ]


# --- 2. one meaning of -o ----------------------------------------------------------------


def test_new_into_a_path_ending_in_a_slash_is_a_folder() -> None:
    result = handout("new", "Cold/Flu", "COVID-19", "-o", "some/dir/")
    assert result.exit_code == 0, result.output
    assert [p.name for p in Path("some/dir").iterdir()] == ["cold-flu-vs-covid-19.yaml"]


def test_new_into_an_existing_folder_writes_into_it() -> None:
    Path("drafts").mkdir()
    assert handout("new", "A", "B", "-o", "drafts").exit_code == 0
    assert [p.name for p in Path("drafts").iterdir()] == ["a-vs-b.yaml"]


def test_import_to_a_yaml_name_writes_that_file() -> None:
    result = handout("import", str(ARTICLE), "-o", "imp.yaml")
    assert result.exit_code == 0, result.output
    assert Path("imp.yaml").is_file()
    assert handout("validate", "imp.yaml").exit_code == 0


def test_several_outputs_in_one_file_are_refused() -> None:
    Path("a.yaml").write_text(content_yaml())
    Path("b.yaml").write_text(content_yaml())
    result = handout("build", "a.yaml", "b.yaml", "-o", "one.pdf")
    assert result.exit_code == 2
    assert "-o one.pdf: writes one file, but 2 handouts would be written" in result.stderr
    result = handout(
        "import", str(ARTICLE), str(ARTICLE.with_name("headache-doubtful-rows.txt")), "-o", "x.yaml"
    )
    assert result.exit_code == 2 and "writes one file, but 2 content files" in result.stderr
    result = handout("batch", "a.yaml", "-o", "all.pdf")
    assert result.exit_code == 2 and "--pack FILE for one PDF of them all" in result.stderr
    assert sorted(p.name for p in Path().iterdir()) == ["a.yaml", "b.yaml"]


def test_another_file_type_is_refused_as_a_slip() -> None:
    result = handout("new", "A", "B", "-o", "notes.pdf")
    assert result.exit_code == 2
    assert "notes.pdf: ends in .pdf, but this command writes .yaml files" in result.stderr
    assert not Path("notes.pdf").exists()


def test_build_into_a_folder_ending_in_a_slash() -> None:
    Path("a.yaml").write_text(content_yaml())
    assert handout("build", "a.yaml", "-o", "print/").exit_code == 0
    assert [p.name for p in Path("print").iterdir()] == ["a.pdf"]


# --- 3. permissions ----------------------------------------------------------------------


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_and_import_files_get_the_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o002)
    try:
        assert run("new", "A", "B").returncode == 0
        assert run("import", str(ARTICLE), "-o", "imported/").returncode == 0
        assert run("build", str(SHIPPED)).returncode == 0
    finally:
        os.umask(old)
    assert _mode(tmp_path / "content" / "a-vs-b.yaml") == 0o664
    [imported] = (tmp_path / "imported").iterdir()
    assert _mode(imported) == 0o664
    assert _mode(tmp_path / "output" / f"{SHIPPED.stem}.pdf") == 0o664


@pytest.mark.parametrize("mode", [0o444, 0o664, 0o600])
def test_a_rebuilt_pdf_keeps_its_permissions(mode: int) -> None:
    target = Path("x.pdf")
    target.write_bytes(b"%PDF-1.4 older\n")
    target.chmod(mode)
    assert handout("build", str(SHIPPED), "-o", "x.pdf").exit_code == 0
    assert target.read_bytes().startswith(b"%PDF-") and b"older" not in target.read_bytes()
    assert _mode(target) == mode


# --- 5. choices in any case --------------------------------------------------------------


def test_paper_and_format_are_case_insensitive() -> None:
    result = handout("build", str(SHIPPED), "--paper", "A4", "-o", "a4.pdf")
    assert result.exit_code == 0, result.output
    box = PdfReader("a4.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    Path("a.yaml").write_text(content_yaml())
    assert handout("batch", "a.yaml", "--paper", "Letter", "-o", "out/", "-j", "1").exit_code == 0
    result = handout("check", str(SHIPPED), "--format", "JSON")
    assert result.exit_code == 3 and result.stdout.lstrip().startswith("[")


# --- 6. a manifest runs from any folder ---------------------------------------------------


@pytest.fixture
def runs(tmp_path: Path) -> Path:
    """srv/runs/week.yaml naming a style that lives in srv/runs/styles/."""
    runs = tmp_path / "srv" / "runs"
    (runs / "styles").mkdir(parents=True)
    (runs / "styles" / "lakeside.yaml").write_text(
        "extends: default\nclinic:\n  name: Lakeside Family Clinic\n"
    )
    (runs / "content").mkdir()
    (runs / "content" / "a.yaml").write_text(content_yaml())
    (runs / "week.yaml").write_text("style: lakeside\njobs:\n  - content: content/a.yaml\n")
    (tmp_path / "elsewhere").mkdir()
    return runs


def test_a_manifest_finds_its_styles_beside_it_from_another_folder(
    runs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(runs.parents[1] / "elsewhere")
    result = handout("batch", "--manifest", str(runs / "week.yaml"), "-o", "out/", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "Lakeside Family Clinic" in text(Path("out/a.pdf"))
    assert handout("validate", str(runs / "week.yaml")).exit_code == 0


def test_a_style_in_the_manifests_folder_wins_over_the_current_folders(
    runs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = runs.parents[1] / "elsewhere"
    (elsewhere / "styles").mkdir()
    (elsewhere / "styles" / "lakeside.yaml").write_text("clinic:\n  name: Wrong Clinic\n")
    (elsewhere / "styles" / "only-here.yaml").write_text("clinic:\n  name: Here Clinic\n")
    monkeypatch.chdir(elsewhere)
    assert handout("batch", "-m", "../srv/runs/week.yaml", "-o", "out/", "-j", "1").exit_code == 0
    assert "Lakeside Family Clinic" in text(Path("out/a.pdf"))
    (runs / "week.yaml").write_text("style: only-here\njobs:\n  - content: content/a.yaml\n")
    assert handout("batch", "-m", "../srv/runs/week.yaml", "-o", "o2/", "-j", "1").exit_code == 0
    assert "Here Clinic" in text(Path("o2/a.pdf"))


def test_manifest_messages_name_files_as_typed(runs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (runs / "week.yaml").write_text(
        "style: lakside\njobs:\n  - content: content/b.yaml\n  - content: content/a\n"
    )
    monkeypatch.chdir(runs.parents[1])  # the manifest is inside the current folder
    typed = str(runs / "week.yaml")  # but typed as a full path
    result = handout("batch", "--manifest", typed, "-o", "out/")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{typed}:1:1: style: no style of that name (looked in {runs}/, ")
    assert lines[0].endswith("did you mean 'lakeside'?")
    assert lines[1] == (
        f"{typed}:3:5: jobs[0].content: no such file or folder: content/b.yaml "
        f"(paths are relative to the manifest's folder, {runs}/)"
    )
    assert lines[2].endswith(
        "no such file or folder: content/a (paths are relative to the "
        f"manifest's folder, {runs}/); did you mean content/a.yaml?"
    )


# --- 7. one typo, one line ------------------------------------------------------------------


def test_ten_typos_give_ten_lines() -> None:
    Path("t.yaml").write_text(
        "tilte: Flu vs. Cold\n"
        "itmes: [Flu, Cold]\n"
        "sumary: Two infections.\n"
        "comparison:\n"
        "  - atribute: Cause\n    values: [A virus, Another virus]\n"
        "  - attribute: Fever\n    valeus: [High, Low]\n"
        "sections:\n"
        "  - heding: Causes\n    body: Viruses.\n"
        "  - heading: Care\n    bdoy: Rest.\n    sumary: Rest.\n"
        "disclamer: Ask your doctor.\n"
        "meta:\n  reviwed: 2026-01-01\n"
    )
    result = handout("validate", "t.yaml")
    assert result.exit_code == 2
    lines = result.stdout.splitlines()[:-1]
    assert len(lines) == 10, lines
    assert (
        "t.yaml:13:5: sections[1].bdoy: unknown key 'bdoy'; did you mean 'body'? (body is required)"
        in lines
    )
    assert (
        "t.yaml:1:1: tilte: unknown key 'tilte'; did you mean 'title'? (title is required)" in lines
    )
    assert not [line for line in lines if "missing required key" in line]


# --- 8. encodings and a missing .yaml -------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16", "UTF-16 (little-endian)"),  # Notepad's "Unicode": with a byte-order mark
        ("utf-16-be", "UTF-16 (big-endian)"),
        ("utf-16-le", "UTF-16 (little-endian)"),
        ("utf-32", "UTF-32 (little-endian)"),
        ("utf-32-be", "UTF-32 (big-endian)"),
    ],
)
def test_utf16_and_utf32_files_are_named_with_how_to_save_as_utf8(encoding: str, name: str) -> None:
    Path("wide.yaml").write_bytes(content_yaml(title="Grippe vs. Erkältung").encode(encoding))
    result = handout("build", "wide.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        f"wide.yaml: this file is saved as {name}; save it as UTF-8 (in Notepad: File, "
        "Save As, Encoding: UTF-8; in other editors: Save As or Reopen with Encoding, UTF-8)\n"
    )


def test_a_path_missing_only_its_yaml_gets_a_hint(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "lakeside.yaml").write_text("extends: default\n")
    Path("flu.yaml").write_text(content_yaml())
    result = handout("build", "flu.yaml", "--style", "styles/lakeside")
    assert result.exit_code == 2
    assert (
        result.stderr == "styles/lakeside: no such style file; did you mean styles/lakeside.yaml?\n"
    )
    result = handout("build", "flu")
    assert result.stderr == "flu: no such file or folder; did you mean flu.yaml?\n"


# --- 9. version, help, completion, plurals -----------------------------------------------


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    from handout import __version__

    result = handout(flag)
    assert result.exit_code == 0 and result.stdout == f"handout, version {__version__}\n"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_command_is_the_commands_own_help_with_examples(name: str) -> None:
    via_help = handout("help", name)
    direct = handout(name, "--help")
    assert via_help.exit_code == direct.exit_code == 0
    assert via_help.stdout == direct.stdout
    assert "Example" in direct.stdout
    assert f"handout {name}" in direct.stdout.split("Example", 1)[1]


def test_help_of_a_subcommand_and_of_nothing() -> None:
    assert handout("help", "styles", "show").stdout == handout("styles", "show", "--help").stdout
    assert handout("help").stdout == handout("--help").stdout
    result = handout("help", "bulid")
    assert result.exit_code == 2
    assert "no command 'bulid' in handout; did you mean 'build'?" in result.stderr


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["buidl", "x.yaml"], "Error: No such command 'buidl'. Did you mean 'build'?"),
        (["valdate"], "Error: No such command 'valdate'. Did you mean 'validate'?"),
        (["styles", "shwo"], "Error: No such command 'shwo'. Did you mean 'show'?"),
        (["frobnicate"], "Error: No such command 'frobnicate'.\n"),
    ],
)
def test_a_mistyped_command_gets_a_suggestion(args: list[str], said: str) -> None:
    result = handout(*args)
    assert result.exit_code == 2 and said in result.stderr


def test_help_content_prints_the_content_format_shipped_in_the_package() -> None:
    from importlib import resources

    doc = (REPO / "docs" / "content-format.md").read_text("utf-8")
    packaged = resources.files("handout").joinpath("data", "content-format.md")
    assert packaged.read_text("utf-8") == doc  # one text: docs/ is a copy of the package's
    result = handout("help", "content")
    assert result.exit_code == 0 and result.stdout == doc


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish", "BASH"])
def test_completion_prints_the_script(shell: str) -> None:
    result = handout("completion", shell)
    assert result.exit_code == 0
    assert "_HANDOUT_COMPLETE" in result.stdout and "handout" in result.stdout
    if shell == "bash":
        assert "complete -o nosort -F _handout_completion handout" in result.stdout


def test_style_option_completes_the_style_names(tmp_path: Path) -> None:
    (tmp_path / "styles").mkdir()
    (tmp_path / "styles" / "lakeside.yaml").write_text("extends: default\n")
    env = {"_HANDOUT_COMPLETE": "bash_complete", "COMP_CWORD": "3"}
    env["COMP_WORDS"] = "handout build --style la"
    names = handout(env=env).stdout.split()
    assert "plain,lakeside" in names and "plain,large-print" in names
    env["COMP_WORDS"] = "handout batch --style gr"
    assert "plain,grayscale" in handout(env=env).stdout.split()


def test_the_pack_summary_counts_one_of_each_in_the_singular() -> None:
    Path("lib").mkdir()
    Path("lib/a.yaml").write_text(content_yaml())
    result = handout("batch", "lib", "-o", "out/", "--pack", "pack.pdf", "-j", "1")
    assert result.exit_code == 0, result.output
    assert "pack.pdf: 1 handout, 1 copy, 1 page\n" in result.stdout
    assert len(page_texts(Path("pack.pdf"))) == 1


def test_the_template_points_to_help_content_not_to_a_file() -> None:
    assert handout("new", "A", "B").exit_code == 0
    written = Path("content/a-vs-b.yaml").read_text("utf-8")
    assert "handout help content" in written and "docs/" not in written


def _after_main(args: list[str], then: str) -> str:
    """What a fresh Python prints running ``handout ARGS`` (its exit status after
    ``STATUS``), then the code ``then`` (which may ask ``fresh.START``'s ``LOADED`` and
    ``NEW``)."""
    script = (
        START + "import gc\nfrom handout.cli import main\n"
        f"sys.argv = ['handout', *{args!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    print('\\nSTATUS', exc.code)\n"
        f"{then}\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    return done.stdout


def _modules_loaded(*args: str) -> set[str]:
    told = _after_main(list(args), "print('\\nMODULES', ' '.join(NEW()))")
    return set(told.rsplit("MODULES", 1)[1].split())


def test_help_and_build_load_no_other_command() -> None:
    commands = {f"handout.commands.{name}_cmd" for name in COMMANDS}
    assert not _modules_loaded("--help") & commands
    loaded = _modules_loaded("build", str(SHIPPED), "-o", "x.pdf")
    assert Path("x.pdf").is_file()
    assert loaded & commands == {"handout.commands.build_cmd"}


def test_a_build_skips_the_start_up_work_of_features_it_does_not_use() -> None:
    """ReportLab's and PyYAML's patterns for what a handout never uses are not compiled,
    ReportLab is loaded without uharfbuzz, and Pillow and pyphen are not loaded for a
    handout without pictures or words too wide for a column (``handout.imports``): a
    quarter of a build.  Nor is ``importlib.resources`` (10 ms), which finds the fonts of
    other scripts."""
    printed = _after_main(
        ["build", str(SHIPPED), "-o", "x.pdf"],
        "import reportlab.platypus.paragraph as p, reportlab.lib.textsplit as t, yaml.reader as r\n"
        "import reportlab.pdfbase.ttfonts as tt\n"
        "for x in (p.uri_pat, t.rx, r.Reader.NON_PRINTABLE):\n"
        "    print('DEFERRED', type(x).__name__, x.compiled)\n"
        "print('SHAPING', tt.uharfbuzz, LOADED('uharfbuzz'))\n"
        "print('PILLOW', LOADED('PIL._imaging'))\n"
        "print('PYPHEN', p.pyphen, LOADED('pyphen'))\n"
        "print('RESOURCES', LOADED('importlib.resources'))",
    )
    assert "STATUS 0" in printed and len(page_texts(Path("x.pdf"))) == 3
    assert printed.count("DEFERRED DeferredPattern False") == 3
    assert "SHAPING None False" in printed and "PILLOW False" in printed
    assert "PYPHEN None False" in printed
    # the files of the fonts of other scripts are found only for a text in those scripts
    assert "RESOURCES False" in printed


WHILE_CLICK_READS = """
import os, signal, sys
import click
from handout.cli import main

read = click.Group.make_context

def make_context(self, *args, **kwargs):  # Ctrl-C while Click reads the command line
    os.kill(os.getpid(), signal.SIGINT)
    return read(self, *args, **kwargs)

click.Group.make_context = make_context
sys.argv = ["handout", "build", sys.argv[1], "-o", "x.pdf"]
main()
"""


def test_ctrl_c_while_click_reads_the_command_line_is_an_interruption(tmp_path: Path) -> None:
    """Not Click's own "Aborted!" with exit status 1 (a bug, by the exit statuses)."""
    done = subprocess.run(
        [sys.executable, "-c", WHILE_CLICK_READS, str(SHIPPED)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("Interrupted"), done.stderr
    assert "Aborted" not in done.stderr and not (tmp_path / "x.pdf").exists()


# --- 10. README ----------------------------------------------------------------------------


def test_quick_start_makes_a_virtual_environment_and_ci_runs_its_test_command() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    venv = "python3 -m venv .venv && . .venv/bin/activate"
    block = quick.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    assert venv in quick.split("```sh", 1)[0] or block[0] == venv
    commands = [line for line in block if line != venv]
    assert commands[0].startswith("pip install . && handout build content/")
    assert commands[1] == "pip install -e '.[test]' && pytest"
    ci = (REPO / ".ci" / "run").read_text("utf-8").splitlines()
    assert ci[-1] == commands[1]


def test_the_process_ends_without_collecting_what_it_made() -> None:
    """At the end of a command every object is frozen, so that Python's collections at
    exit skip them; the PDF is whole and the status stands."""
    printed = _after_main(
        ["build", str(SHIPPED), "-o", "x.pdf"], "print('FROZEN', gc.get_freeze_count())"
    )
    told = dict(line.split() for line in printed.splitlines() if line[:1].isupper())
    assert told["STATUS"] == "0" and int(told["FROZEN"]) > 10_000
    assert len(page_texts(Path("x.pdf"))) == 3
