"""``handout batch``: good and bad files, same bytes as build, manifests, packs, shards, Ctrl-C."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st
from pdfcheck import page_texts
from pypdf import PdfReader

from handout import names
from handout.cli import cli
from handout.errors import UsageError
from handout.jobs import batch, build

DATA = Path(__file__).parent / "data" / "batch"
GOOD = ("anemia-vs-iron-deficiency", "cold-vs-flu", "sprain-vs-strain")
BAD = ("broken-key", "broken-syntax")


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder holding a copy of the fixtures (library/ and class.yaml)."""
    shutil.copytree(DATA, tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def handout(*args: str, env: dict[str, str] | None = None) -> Result:
    result = CliRunner().invoke(cli, list(args), env=env)
    assert "Traceback" not in result.output, result.output
    return result


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def copies(source: Path, folder: Path, count: int) -> None:
    """``count`` copies of ``source`` in a new ``folder``, named in order (``h000.yaml``...)."""
    folder.mkdir()
    for i in range(count):
        shutil.copy(source, folder / f"h{i:03d}.yaml")


def test_good_files_are_built_and_bad_ones_reported(here: Path) -> None:
    result = handout("batch", "library", "-o", "out", "--report", "report.json", "--jobs", "1")
    assert result.exit_code == 2
    assert sorted(files(here / "out")) == [f"{g}.pdf" for g in GOOD]
    validate = handout("validate", *(f"library/{b}.yaml" for b in BAD)).stdout
    problems = [line for line in validate.splitlines() if ": valid" not in line][:-1]
    assert len(problems) >= 3
    for line in problems:  # every problem exactly as validate gives it
        assert line in result.stderr
    assert "did you mean 'summary'?" in result.stderr
    assert result.stdout.splitlines()[-1].startswith("3 built, 2 failed, ")
    assert "library/broken-key.yaml: failed (see below)" in result.stdout
    assert "out/sprain-vs-strain.pdf: 2 pages, " in result.stdout

    report = json.loads((here / "report.json").read_text())
    rows = {Path(h["input"]).stem: h for h in report["handouts"]}
    assert [Path(h["input"]).stem for h in report["handouts"]] == sorted(GOOD + BAD)
    for name in GOOD:
        row = rows[name]
        assert (row["status"], row["message"], row["copies"]) == ("built", None, 1)
        assert row["output"] == str(Path("out") / f"{name}.pdf")
        assert row["pages"] == len(PdfReader(here / row["output"]).pages)
        assert row["time"] > 0
    for name in BAD:
        row = rows[name]
        assert (row["status"], row["pages"]) == ("failed", 0)
        assert row["message"].startswith(f"{Path('library') / name}.yaml:")
        assert row["message"] in result.stderr
    totals = report["totals"]
    assert (totals["handouts"], totals["built"], totals["failed"], totals["error"]) == (5, 3, 2, 0)
    assert totals["pages"] == sum(r["pages"] for r in rows.values()) == 4
    assert report["pack"] is None


def test_jobs_1_and_jobs_2_write_the_bytes_build_writes(here: Path, shipped_content: Path) -> None:
    shutil.copy(shipped_content, here / "library")
    for bad in BAD:
        (here / "library" / f"{bad}.yaml").unlink()
    env = {"SOURCE_DATE_EPOCH": "1767225600"}  # reaches the workers, as it reaches build
    assert handout("build", "library", "-o", "by-build", env=env).exit_code == 0
    one = handout("batch", "library", "-o", "one", "-j", "1", env=env)
    two = handout("batch", "library", "-o", "two", "-j", "2", env=env)
    assert one.exit_code == two.exit_code == 0
    expected = files(here / "by-build")
    assert len(expected) == 4
    assert files(here / "one") == expected
    assert files(here / "two") == expected
    assert all(b"D:20260101" in data for data in expected.values())

    def order(result: Result) -> list[str]:
        """``name.pdf: N pages`` of each handout line, without folder and time."""
        return [Path(line.split(", ")[0]).name for line in result.stdout.splitlines()[:-1]]

    assert order(one) == order(two)
    assert [line.split(":")[0] for line in order(one)] == list(expected)


def test_a_manifest_with_copies_mixed_styles_and_a_duplex_pack(here: Path) -> None:
    result = handout(
        "batch", "-m", "class.yaml", "-o", "out", "--pack", "pack.pdf", "--report", "r.json"
    )
    assert result.exit_code == 0, result.output
    assert sorted(files(here / "out")) == [
        "anemia-vs-iron-deficiency.pdf",  # one style and paper: the name build gives it
        "cold-vs-flu--default-letter.pdf",  # printed in two styles: named apart
        "cold-vs-flu--large-print-letter.pdf",
        "sprain-vs-strain.pdf",
    ]
    out = here / "out"
    cold = page_texts(out / "cold-vs-flu--default-letter.pdf")
    large = page_texts(out / "cold-vs-flu--large-print-letter.pdf")
    sprain = page_texts(out / "sprain-vs-strain.pdf")
    anemia = page_texts(out / "anemia-vs-iron-deficiency.pdf")
    blank = [""]  # the manifest says duplex: yes
    expected = (cold + blank) * 3 + sprain * 2 + large + blank + anemia + blank
    assert page_texts(here / "pack.pdf") == expected
    title_sizes = [title_size(here / "pack.pdf", i) for i in (0, 2, 4, 10, 12)]
    assert title_sizes == [22, 22, 22, 32, 22]  # the large-print copy is where the job list says
    first_lines = [t.split(" What")[0] for t in page_texts(here / "pack.pdf") if t]
    assert first_lines[:3] == ["Cold vs. Flu"] * 3
    with PdfReader(here / "pack.pdf") as reader:
        assert reader.pages[-1].mediabox.width == pytest.approx(595.28, abs=0.01)  # A4 blank
    report = json.loads((here / "r.json").read_text())
    assert [(h["style"], h["paper"], h["copies"]) for h in report["handouts"]] == [
        ("default", "letter", 3),
        ("default", "letter", 2),
        ("large-print", "letter", 1),
        ("default", "a4", 1),
    ]
    assert report["pack"]["pages"] == len(expected)
    assert report["pack"]["blank_pages"] == 5
    assert "pack.pdf: 4 handouts, 7 copies, 14 pages (5 blank)" in result.stdout


def title_size(path: Path, page: int) -> float:
    with pdfplumber.open(path) as doc:
        return round(max(c["size"] for c in doc.pages[page].chars))


def test_the_same_job_twice_is_built_once_and_packed_twice(here: Path, write) -> None:
    write(
        here,
        "twice.yaml",
        "jobs:\n  - content: library/cold-vs-flu.yaml\n"
        "  - content: library/sprain-vs-strain.yaml\n"
        "  - content: library/cold-vs-flu.yaml\n    copies: 2\n",
    )
    result = handout("batch", "-m", "twice.yaml", "-o", "out", "-j", "1", "--pack", "p.pdf")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("cold-vs-flu.pdf: 1 page") == 1
    cold = page_texts(here / "out" / "cold-vs-flu.pdf")
    sprain = page_texts(here / "out" / "sprain-vs-strain.pdf")
    assert page_texts(here / "p.pdf") == cold + sprain + cold * 2


@pytest.mark.parametrize("size", [0, 1, 2, 7, 10, 31])
@pytest.mark.parametrize("n", [1, 2, 3, 4, 8, 40])
def test_shards_cover_the_job_list_exactly_once(size: int, n: int) -> None:
    items = list(range(size))
    slices = [batch.shard(items, k, n) for k in range(1, n + 1)]
    assert [x for s in slices for x in s] == items  # in order, each once
    assert max(map(len, slices)) - min(map(len, slices)) <= 1


def test_shards_together_build_what_one_run_builds(here: Path) -> None:
    assert handout("batch", "-m", "class.yaml", "-o", "whole", "-j", "1").exit_code == 0
    seen: list[str] = []
    for k in (1, 2, 3):
        result = handout(
            "batch", "-m", "class.yaml", "-o", "parts", "-j", "1", "--shard", f"{k}/3",
            "--report", f"r{k}.json",
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[-1].startswith(f"shard {k}/3: ")
        seen += [h["output"] for h in json.loads((here / f"r{k}.json").read_text())["handouts"]]
    assert sorted(Path(s).name for s in seen) == sorted(files(here / "whole"))
    assert files(here / "parts") == files(here / "whole")


def test_an_empty_shard_builds_nothing_and_succeeds(here: Path) -> None:
    result = handout("batch", "-m", "class.yaml", "-o", "out", "--shard", "1/9", "--pack", "p.pdf")
    assert result.exit_code == 0, result.output
    assert "shard 1/9: 0 built, 0 failed" in result.stdout
    assert "no pack written" in result.stderr
    assert not (here / "p.pdf").exists()


def test_quiet_prints_only_failures_and_the_summary(here: Path) -> None:
    result = handout("batch", "library", "-o", "out", "-j", "1", "--quiet")
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [result.stdout.splitlines()[-1]]
    assert result.stdout.startswith("3 built, 2 failed, ")
    assert "broken-key.yaml:4:1: summery: unknown key" in result.stderr


def test_a_bug_in_one_handout_is_reported_and_exits_1(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = build.prepare

    def flaky(source: Path, *args: object, **kwargs: object) -> build.Prepared:
        if source.name == "cold-vs-flu.yaml":
            raise ZeroDivisionError("oops")
        return real(source, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "prepare", flaky)
    result = handout("batch", "library", "-o", "out", "-j", "1", "--report", "r.json")
    assert result.exit_code == 1
    assert "cold-vs-flu.yaml: internal error (ZeroDivisionError: oops)" in result.stderr
    assert sorted(files(here / "out")) == ["anemia-vs-iron-deficiency.pdf", "sprain-vs-strain.pdf"]
    totals = json.loads((here / "r.json").read_text())["totals"]
    assert (totals["built"], totals["failed"], totals["error"]) == (2, 2, 1)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["library", "--duplex"], "--duplex: only shapes the print pack; add --pack FILE"),
        (["library", "-m", "class.yaml"], "give content paths or --manifest, not both"),
        (["library", "-o", "all.pdf"], "a batch writes a PDF per handout"),
        (["library", "--shard", "0/3"], "expected K/N with 1 <= K <= N"),
        (["library", "--shard", "4/3"], "expected K/N with 1 <= K <= N"),
        (["library", "--shard", "half"], "expected K/N with 1 <= K <= N"),
        (["library", "--pack", "out/cold-vs-flu.pdf"], "is also a handout's output"),
        (["library", "--report", "library"], "is a folder; --report takes a file name"),
        (["library", "--style", "large-prnt"], "did you mean 'large-print'?"),
    ],
)
def test_usage_errors_stop_before_anything_is_written(
    here: Path, args: list[str], message: str
) -> None:
    result = handout("batch", "-o", "out", *args) if "-o" not in args else handout("batch", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert not (here / "out").exists()
    assert not (here / "all.pdf").exists()


def test_two_sources_for_one_output_are_refused_before_writing(here: Path) -> None:
    (here / "other").mkdir()
    shutil.copy(here / "library" / "cold-vs-flu.yaml", here / "other")
    result = handout("batch", "library", "other", "-o", "out")
    assert result.exit_code == 2
    assert "would write out/cold-vs-flu.pdf, as library/cold-vs-flu.yaml does" in result.output
    assert not (here / "out").exists()


def test_an_interrupted_run_removes_what_killed_workers_left(here: Path) -> None:
    plan = batch.plan([batch.Job(here / "library" / f"{g}.yaml") for g in GOOD], here / "out")
    (here / "out").mkdir()
    orphan = here / "out" / ".sprain-vs-strain.pdf.k3x_9a2q.tmp"  # as write_atomic names them
    orphan.write_bytes(b"%PDF-half")
    unrelated = [here / "out" / ".notes.tmp", here / "out" / ".other.pdf.k3x_9a2q.tmp"]
    for path in unrelated:
        path.write_text("not ours")

    def stop(result: batch.Result) -> None:
        raise KeyboardInterrupt

    with pytest.raises(batch.Interrupted, match="1 of 3 handouts built") as err:
        batch.run(plan, 1, stop)
    assert err.value.exit_code == 130
    assert not orphan.exists()
    assert all(path.exists() for path in unrelated)
    assert (here / "out" / "anemia-vs-iron-deficiency.pdf").exists()


def test_ctrl_c_stops_cleanly_keeping_whole_pdfs(tmp_path: Path, shipped_content: Path) -> None:
    copies(shipped_content, tmp_path / "content", 200)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from handout.cli import main; main()"]
        + ["batch", "content", "-o", "out", "--jobs", "2"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while not (out.is_dir() and any(out.glob("*.pdf"))) and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert "Interrupted: " in stderr and "no partial file was left" in stderr
    assert "Traceback" not in stderr
    assert not list(out.glob(".*.tmp")) and not list(out.glob("*.tmp"))
    written = sorted(out.glob("*.pdf"))
    assert 0 < len(written) < 200, "the interrupt came too late to test anything"
    for pdf in written:
        assert len(PdfReader(pdf).pages) == 3


def _handout_has_started(pid: int) -> bool:
    """Whether ``handout`` runs its own code: it catches SIGTERM from the first line of its
    package on (``handout/__init__.py``); before that, Python itself is starting."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True  # already gone
    caught = int(next(ln.split()[1] for ln in status.splitlines() if ln.startswith("SigCgt")), 16)
    return bool(caught & (1 << (signal.SIGTERM - 1)))


def _session(session: int) -> list[tuple[str, bytes]]:
    """The state and command line of each process of ``session``."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if not proc.name.isdigit():
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) == session:
                found.append((fields[0], (proc / "cmdline").read_bytes()))
        except (OSError, IndexError, ValueError):
            continue
    return found


def _session_alive(session: int) -> bool:
    """Whether a process of ``session`` still runs (a zombie that no one reaps does not:
    in a container, the first process may reap no orphans)."""
    return any(state != "Z" for state, _ in _session(session))


def _fork_server_started(session: int) -> bool:
    """Whether the run's fork server (``multiprocessing.forkserver``) has started: it
    then imports its modules for half a second, and a Ctrl-C reaches it too."""
    return not _session_alive(session) or any(
        b"multiprocessing.forkserver" in cmdline for _, cmdline in _session(session)
    )


HOLD_FIRST = """
import sys
sys.argv[0] = "/usr/local/bin/handout"
before = set(sys.modules)
import _signal
import handout
print(sorted(set(sys.modules) - before - {"handout"}))
print(_signal.getsignal(_signal.SIGINT).__qualname__)
"""


STOPPED_AT = """
import os, signal, sys
import click
from handout.commands import batch_cmd
from handout.cli import main

when, sig = sys.argv[1], getattr(signal, sys.argv[2])
read, listed = click.Command.make_context, batch_cmd._listed

def make_context(self, *args, **kwargs):  # while Click reads batch's own options
    if when == "options" and self.name == "batch":
        os.kill(os.getpid(), sig)
    return read(self, *args, **kwargs)

def _listed(paths):  # while the batch finds its files, its workers not started
    if when == "listing":
        os.kill(os.getpid(), sig)
    return listed(paths)

click.Command.make_context, batch_cmd._listed = make_context, _listed
sys.argv = ["handout", "batch", *sys.argv[3:]]
main()
"""


@pytest.mark.parametrize(
    ("when", "sig"), [("options", "SIGTERM"), ("listing", "SIGINT"), ("options", "SIGHUP")]
)
def test_a_stop_before_the_batch_has_its_job_list_still_writes_the_report(
    tmp_path: Path, shipped_content: Path, when: str, sig: str
) -> None:
    """A scheduler's stop in the first tenth of a second: held back until the job list
    is known, then a run like any stopped one: its report says nothing was started."""
    copies(shipped_content, tmp_path / "content", 3)
    args = ["content", "-o", "out", "-j", "2", "--force-jobs", "--report", "r.json"]
    done = subprocess.run(
        [sys.executable, "-c", STOPPED_AT, when, sig, *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 128 + getattr(signal, sig), done.stderr
    assert done.stderr.splitlines()[-1] == "Interrupted: 0 of 3 handouts built", done.stderr
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert report["status"] == "interrupted"
    assert [h["status"] for h in report["handouts"]] == ["not started"] * 3
    assert not list((tmp_path / "out").glob("*.pdf"))


def test_a_stop_as_the_options_are_refused_is_a_stop_not_a_bug(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    done = subprocess.run(
        [sys.executable, "-c", STOPPED_AT, "options", "SIGTERM", "content", "--duplex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 143, done.stderr
    assert done.stderr.splitlines()[-1] == "Interrupted by SIGTERM.", done.stderr
    assert "Traceback" not in done.stderr and "bug" not in done.stderr


def test_the_command_holds_ctrl_c_before_it_imports_anything() -> None:
    # The first line of handout that runs installs the handler: nothing is imported
    # before it (a Ctrl-C while a module loads would otherwise print a traceback).
    out = subprocess.run(
        [sys.executable, "-c", HOLD_FIRST], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["[]", "_hold"], out


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
def test_ctrl_c_at_fixed_moments_after_launch_is_quiet_once_handout_runs(
    tmp_path: Path, shipped_content: Path
) -> None:
    # A terminal's Ctrl-C to the whole process group, 5 to 300 ms after the command is
    # started.  Once handout's first line has run, it is always "Interrupted", exit 130,
    # no traceback.  Before, Python itself is starting (and the console script imports
    # ``re``): whatever it prints names none of handout's files.
    copies(shipped_content, tmp_path / "content", 100)
    command = [str(Path(sys.executable).parent / "handout"), "batch", "content", "-o", "out"]
    started = 0
    for after in (0.005, 0.01, 0.02, 0.035, 0.05, 0.08, 0.3):
        proc = subprocess.Popen(
            command,
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        time.sleep(after)
        ours = _handout_has_started(proc.pid) and proc.poll() is None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=120)
        if ours:
            started += 1
            assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
            assert proc.returncode == 130, (after, stderr)
            assert stderr.splitlines()[-1].startswith("Interrupted"), stderr
        else:
            frames = [ln for ln in stderr.splitlines() if ln.strip().startswith("File ")]
            assert not [f for f in frames if "handout/" in f and "bin/handout" not in f], stderr
    assert started >= 2  # the later moments are handout's on any machine


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc")
@pytest.mark.parametrize(
    ("since", "after"),
    [("start", 0.0), ("start", 0.2), ("start", 0.5), ("start", 1.0)]
    + [("start", 0.005), ("start", 0.02), ("start", 0.05)]
    + [("fork server", 0.0), ("fork server", 0.05), ("fork server", 0.15)],
)
def test_ctrl_c_from_a_terminal_in_the_first_second_never_prints_a_traceback(
    tmp_path: Path, shipped_content: Path, since: str, after: float
) -> None:
    # A terminal's Ctrl-C goes to the whole process group: the fork server and the
    # workers too, while they start and import their modules.
    # more than a batch makes in the second the signal may wait
    copies(shipped_content, tmp_path / "content", 400)
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "handout"), "batch", "content", "-o", "out", "-j", "2"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    started = _handout_has_started if since == "start" else _fork_server_started
    deadline = time.monotonic() + 30
    while not started(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.002)
    time.sleep(after)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert proc.returncode == 130, stderr
    assert stderr.splitlines()[-1].startswith("Interrupted"), stderr
    out = tmp_path / "out"
    assert not out.is_dir() or not [p for p in out.iterdir() if p.suffix != ".pdf"]
    deadline = time.monotonic() + 30  # nothing of the run is left running (the fork server
    while _session_alive(proc.pid) and time.monotonic() < deadline:  # ends once loaded)
        time.sleep(0.05)
    assert not _session_alive(proc.pid), "a process of the run outlived it"


def test_a_terminal_gets_a_progress_bar_with_count_rate_and_time_left(
    tmp_path: Path, shipped_content: Path
) -> None:
    import os
    import pty

    copies(shipped_content, tmp_path / "content", 12)
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from handout.cli import main; main()"]
        + ["batch", "content", "-o", "out", "--jobs", "1"],
        cwd=tmp_path,
        stdout=follower,
        stderr=subprocess.PIPE,
    )
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closes when the command ends
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait(timeout=60) == 0
    os.close(leader)
    screen = seen.decode("utf-8", "replace")
    assert "Building" in screen
    assert "12/12" in screen and "handouts/s" in screen
    assert "12 built, 0 failed" in screen
    assert "h000.pdf" not in screen  # no line per handout on a terminal


@pytest.mark.parametrize(
    ("text", "size"),
    [("1G", 1 << 30), ("512M", 512 << 20), ("1.5g", 3 << 29), ("2GiB", 2 << 30), ("none", None)],
)
def test_memory_limits_are_read_as_people_write_them(text: str, size: int | None) -> None:
    assert batch.parse_size(text) == size


@pytest.mark.parametrize(
    ("text", "message"),
    [("lots", "expected a size such as 512M"), ("100M", "a worker needs at least 256M")],
)
def test_unusable_memory_limits_are_refused(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        batch.parse_size(text)


@given(st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\0" not in b))
def test_escaped_names_are_one_line_and_give_back_their_bytes(raw: bytes) -> None:
    shown = names.escape(os.fsdecode(raw))
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert json.loads(json.dumps(shown, ensure_ascii=False).encode("utf-8")) == shown
    assert names.unescape(shown) == raw
