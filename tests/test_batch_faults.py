"""Faults a batch must survive: dead workers, memory limits, signals, full disks, neighbours.

Every run here is a real ``handout batch`` process.  Each test checks what a
scheduler and a print room rely on: the exit status within a deadline, no
traceback, no temporary file, every PDF on disk readable, and a report whose
built list is exactly the PDFs on disk.  ``HANDOUT_SOAK=1`` repeats the random
ones many times.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from click.testing import CliRunner

from handout import names
from handout.cli import cli
from handout.errors import HandoutError
from handout.jobs import batch, pool

SOAK = os.environ.get("HANDOUT_SOAK") == "1"
ROUNDS = 40 if SOAK else 1
DEADLINE = 60.0
"""Seconds any run may take here, however loaded the machine."""


@pytest.fixture
def corpus(tmp_path: Path, shipped_content: Path) -> Path:
    """A working folder with ``content/``: 24 copies of the shipped handout."""
    content = tmp_path / "content"
    content.mkdir()
    for i in range(24):
        shutil.copy(shipped_content, content / f"h{i:02d}.yaml")
    return tmp_path


COMMAND = "import sys; sys.argv[0] = 'handout'; from handout.cli import main; main()"
"""What the ``handout`` script runs (its name matters: see ``handout/__init__.py``)."""


def start(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", COMMAND, "batch", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def finish(proc: subprocess.Popen[str]) -> tuple[int, str, str]:
    stdout, stderr = proc.communicate(timeout=DEADLINE)
    assert "Traceback" not in stderr, stderr
    assert "Traceback" not in stdout, stdout
    return proc.returncode, stdout, stderr


def check_folder(out: Path, report: Path | None) -> dict[str, object] | None:
    """No temporary file, every PDF readable, and the report's built list is the PDFs on disk."""
    assert not [p for p in out.parent.rglob("*.tmp")], list(out.parent.rglob("*.tmp"))
    pdfs = sorted(out.glob("*.pdf")) if out.is_dir() else []
    for pdf in pdfs:
        with pikepdf.open(io.BytesIO(pdf.read_bytes())) as doc:  # the name may not be UTF-8
            assert len(doc.pages) == 3
    if report is None:
        return None
    if not report.exists():
        assert not pdfs, "PDFs were written but no report"
        return None
    data: dict[str, object] = json.loads(report.read_text())
    built = sorted(h["output"] for h in data["handouts"] if h["status"] == "built")  # type: ignore[index, attr-defined]
    assert built == [names.escape(str(p.relative_to(report.parent))) for p in pdfs]
    for row in data["handouts"]:  # type: ignore[attr-defined]
        if row["status"] == "built":
            assert row["sha256"] == files_sha256(report.parent / names.restored(row["output"]))
    return data


def files_sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def workers_of(main: int) -> list[int]:
    """The worker processes of the batch ``main``: children of its fork server (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found = []
    for child in children.get(main, []):
        try:
            if b"forkserver" in Path(f"/proc/{child}/cmdline").read_bytes():
                found += children.get(child, [])
        except OSError:
            continue
    return found


def catching_signals(pid: int) -> bool:
    """Whether ``handout`` has set up its signal handling (Python's own start-up is done).

    A signal in the interpreter's first milliseconds, before it runs any of
    handout, is Python's own affair (it may print "Fatal Python error").
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True  # ended
    caught = int(status.split("SigCgt:")[1].split()[0], 16)
    return bool(caught >> (signal.SIGHUP - 1) & 1)


def wait_for(condition: object, seconds: float = DEADLINE) -> None:
    end = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < end, "timed out"
        time.sleep(0.01)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


@needs_proc
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGSEGV])
def test_a_worker_killed_at_random_is_replaced_and_nothing_is_lost(
    corpus: Path, sig: signal.Signals
) -> None:
    for _ in range(ROUNDS):
        shutil.rmtree(corpus / "out", ignore_errors=True)
        proc = start(corpus, "content", "-o", "out", "-j", "2", "--report", "r.json")
        wait_for(lambda p=proc: workers_of(p.pid) or p.poll() is not None)
        time.sleep(random.uniform(0, 0.1))  # the 24 handouts take about 0.2 s after that
        for pid in workers_of(proc.pid)[:1]:
            with contextlib.suppress(ProcessLookupError):  # it had just been stopped: done
                os.kill(pid, sig)
        code, stdout, _ = finish(proc)
        assert code == 0
        assert "24 built, 0 failed" in stdout
        report = check_folder(corpus / "out", corpus / "r.json")
        assert report is not None and report["status"] == "complete"


@needs_proc
def test_a_dead_fork_server_does_not_stall_the_run(corpus: Path) -> None:
    proc = start(corpus, "content", "-o", "out", "-j", "2", "--report", "r.json")
    wait_for(lambda: workers_of(proc.pid) or proc.poll() is not None)
    for child in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split():
        if b"forkserver" in Path(f"/proc/{child}/cmdline").read_bytes():
            os.kill(int(child), signal.SIGKILL)
    code, stdout, _ = finish(proc)
    assert code == 0, stdout
    report = check_folder(corpus / "out", corpus / "r.json")
    assert report is not None and report["status"] == "complete"


@pytest.mark.parametrize("stem", ["h05", "h23"])  # h23: the last, when the others are done
def test_a_handout_that_kills_its_worker_twice_fails_alone(corpus: Path, stem: str) -> None:
    proc = start(
        corpus, "content", "-o", "out", "-j", "2", "--report", "r.json",
        env={"HANDOUT_TEST_FAULT": f"{stem}=9"},
    )  # fmt: skip
    code, stdout, stderr = finish(proc)
    assert code == 2
    assert "23 built, 1 failed" in stdout
    assert (
        f"content/{stem}.yaml: the worker building it was killed by signal 9 (SIGKILL), likely "
        "out of memory; try it alone with handout build"
    ) in stderr
    report = check_folder(corpus / "out", corpus / "r.json")
    assert report is not None and report["status"] == "failed"
    failed = [h for h in report["handouts"] if h["status"] != "built"]  # type: ignore[attr-defined]
    assert [(h["input"], h["status"]) for h in failed] == [(f"content/{stem}.yaml", "failed")]


@pytest.mark.parametrize("stem", ["h00", "h23"])
def test_a_handout_whose_worker_died_once_is_built_by_a_fresh_one(corpus: Path, stem: str) -> None:
    marker = corpus / "killed-once"
    proc = start(
        corpus, "content", "-o", "out", "-j", "2", "--report", "r.json",
        env={"HANDOUT_TEST_FAULT": f"{stem}=11@{marker}"},
    )  # fmt: skip
    code, stdout, _ = finish(proc)
    assert marker.exists()  # the worker did crash
    assert code == 0
    assert "24 built, 0 failed" in stdout
    report = check_folder(corpus / "out", corpus / "r.json")
    assert report is not None and report["status"] == "complete"


def test_a_handout_over_the_memory_limit_fails_alone(corpus: Path) -> None:
    proc = start(
        corpus, "content", "-o", "out", "-j", "2", "--max-memory", "300M", "--report", "r.json",
        env={"HANDOUT_TEST_FAULT": "h07=memory"},
    )  # fmt: skip
    code, stdout, stderr = finish(proc)
    assert code == 2
    assert "23 built, 1 failed" in stdout
    assert (
        "content/h07.yaml: building it needed more memory than a worker may use (--max-memory 300M)"
    ) in stderr
    assert "bug" not in stderr
    check_folder(corpus / "out", corpus / "r.json")


def test_running_out_of_memory_in_one_process_is_not_called_a_bug(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus)
    monkeypatch.setenv("HANDOUT_TEST_FAULT", "h01=memory")
    result = CliRunner().invoke(cli, ["batch", "content", "-o", "out", "-j", "1"])
    assert result.exit_code == 2
    assert "content/h01.yaml: the computer ran out of memory building it" in result.stderr
    assert "bug" not in result.stderr


@needs_proc
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_a_stopping_signal_at_any_moment(corpus: Path, sig: signal.Signals) -> None:
    """Exit 128 + the signal, whole PDFs, an exact report, the older pack untouched."""
    older = b"%PDF-1.4 an older pack"
    for i in range(ROUNDS * 3):
        for leftover in ("out", "r.json"):
            shutil.rmtree(corpus / leftover, ignore_errors=True)
            (corpus / leftover).unlink(missing_ok=True)
        (corpus / "pack.pdf").write_bytes(older)
        args = ["content", "-o", "out", "-j", "2", "--report", "r.json", "--pack", "pack.pdf"]
        proc = start(corpus, *args)
        wait_for(lambda p=proc: catching_signals(p.pid))
        time.sleep(random.uniform(0, 0.3) if i % 3 == 0 else random.uniform(0.3, 2.5))
        proc.send_signal(sig)
        code, stdout, stderr = finish(proc)
        if code in (0, -sig):  # over before the signal came (or as Python shut down after it)
            assert "24 built, 0 failed" in stdout
            continue
        assert code == 128 + sig, stderr
        assert "Interrupted" in stderr
        report = check_folder(corpus / "out", corpus / "r.json")
        if report is not None:
            assert report["status"] == "interrupted"
            built = sum(h["status"] == "built" for h in report["handouts"])  # type: ignore[attr-defined]
            assert f": {built} of 24 handouts built" in stderr
        if "was written just before the stop" in stderr:  # the signal came as it finished
            assert (corpus / "pack.pdf").read_bytes().startswith(b"%PDF-1.7")
        else:
            assert (corpus / "pack.pdf").read_bytes() == older


SIGNAL_AFTER_THE_REPORT = """
import os, signal, sys
from handout.jobs import report

write = report.write

def write_then_signal(*args, **kwargs):  # a SIGTERM just after the report is written
    write(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGTERM)

report.write = write_then_signal
sys.argv[0] = "handout"
from handout.cli import main

main()
"""


def test_a_signal_after_the_report_is_written_does_not_contradict_it(corpus: Path) -> None:
    """The report says the run is complete: so does the exit status."""
    done = subprocess.run(
        [sys.executable, "-c", SIGNAL_AFTER_THE_REPORT, "batch", "content", "-o", "out"]
        + ["-j", "2", "--report", "r.json"],
        cwd=corpus,
        capture_output=True,
        text=True,
        timeout=DEADLINE,
    )
    report = check_folder(corpus / "out", corpus / "r.json")
    assert report is not None and report["status"] == "complete"
    assert done.returncode == 0, done.stderr
    assert "24 built, 0 failed" in done.stdout and "Interrupted" not in done.stderr


def test_an_interrupted_run_is_resumed_from_its_report(corpus: Path) -> None:
    proc = start(corpus, "content", "-o", "out", "-j", "2", "--report", "r.json")
    wait_for(
        lambda: (
            len(list((corpus / "out").glob("*.pdf"))) >= 3 if (corpus / "out").is_dir() else False
        )
    )
    proc.send_signal(signal.SIGTERM)
    code, _, _ = finish(proc)
    if code == 0:
        pytest.skip("the run ended before the signal")
    report = check_folder(corpus / "out", corpus / "r.json")
    assert report is not None
    done = {h["output"] for h in report["handouts"] if h["status"] == "built"}  # type: ignore[attr-defined]
    changed = corpus / sorted(done)[0]
    changed.write_bytes(changed.read_bytes() + b"\n% edited")  # no longer what the report says
    proc = start(
        corpus, "content", "-o", "out", "-j", "2", "--resume", "r.json", "--report", "r.json"
    )
    code, stdout, _ = finish(proc)
    assert code == 0
    assert f"{24 - len(done) + 1} built, {len(done) - 1} already built, 0 failed" in stdout
    assert changed.name in stdout  # built again
    report = check_folder(corpus / "out", corpus / "r.json")
    assert report is not None and report["status"] == "complete"


def test_two_batches_into_one_folder_each_pack_their_own_bytes(corpus: Path) -> None:
    styles = ("default", "large-print")
    runs = [
        start(corpus, "content", "-o", "out", "-j", "1", "--pack", f"{name}.pdf",
              "--report", f"{name}.json", "--style", name)
        for name in styles
    ]  # fmt: skip
    made: dict[str, set[str]] = {}
    for name, proc in zip(styles, runs, strict=True):
        code, _, stderr = finish(proc)
        report = json.loads((corpus / f"{name}.json").read_text())
        made[name] = {h["sha256"] for h in report["handouts"]}
        if code == 0:  # its pack holds its own handouts: every title in its own size
            assert report["status"] == "complete"
            with pdfplumber.open(corpus / f"{name}.pdf") as pack:
                assert len(pack.pages) == report["pack"]["pages"]
                starts = [page for page in pack.pages if "Page 1 of" in (page.extract_text() or "")]
                sizes = {round(max(c["size"] for c in page.chars)) for page in starts}
            assert len(starts) == 24
            assert sizes == {22 if name == "default" else 32}
        else:
            assert code == 2
            assert "changed on disk during this run" in stderr
            assert report["status"] == "failed"
            assert not (corpus / f"{name}.pdf").exists()
    for pdf in (corpus / "out").glob("*.pdf"):  # each the bytes of one run or the other
        assert files_sha256(pdf) in made["default"] | made["large-print"]


def mount_tmpfs(where: Path, options: str) -> bool:
    where.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True
    )
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> object:
    """A 300 KB file system (room for a few handouts), or None where none can be mounted."""
    disk = tmp_path / "disk"
    if not mount_tmpfs(disk, "size=300k"):
        yield None
        return
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_is_one_clear_line_per_handout(corpus: Path, small_disk: Path | None) -> None:
    if small_disk is None:
        pytest.skip("cannot mount a small file system here (the in-process test covers ENOSPC)")
    (small_disk / "out").mkdir()
    (small_disk / "out" / "older.pdf").write_bytes(b"%PDF older")
    proc = start(corpus, "content", "-o", str(small_disk / "out"), "-j", "2", "--report", "r.json")
    code, stdout, stderr = finish(proc)
    assert code == 2
    assert "cannot write: the disk is full; free some space" in stderr
    assert (small_disk / "out" / "older.pdf").read_bytes() == b"%PDF older"
    assert not list(small_disk.rglob(".*.tmp"))
    report = json.loads((corpus / "r.json").read_text())
    built = {h["output"] for h in report["handouts"] if h["status"] == "built"}
    assert {str(p.relative_to(corpus)) for p in (small_disk / "out").glob("h*.pdf")} == built
    assert report["status"] == "failed"

    # the pack and the report on a full disk: one line each, the older files intact
    (small_disk / "pack.pdf").write_bytes(b"%PDF older pack")
    filler = small_disk / "filler"
    with filler.open("wb") as f, contextlib.suppress(OSError):
        f.write(b"x" * 400_000)
    proc = start(corpus, "content", "-o", "out2", "-j", "2", "--pack", str(small_disk / "pack.pdf"),
                 "--report", str(small_disk / "r.json"))  # fmt: skip
    code, stdout, stderr = finish(proc)
    assert code == 2
    assert "disk/pack.pdf: cannot write: the disk is full; free some space" in stderr
    assert "disk/r.json: cannot write: the disk is full; free some space" in stderr
    assert (small_disk / "pack.pdf").read_bytes() == b"%PDF older pack"
    assert not list(small_disk.rglob(".*.tmp"))


def test_build_goes_on_after_a_full_disk(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, shipped_content: Path
) -> None:
    monkeypatch.chdir(corpus)
    real = os.fdopen
    calls = {"n": 0}

    class Full:
        def __init__(self, f: object) -> None:
            self.f = f

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *exc: object) -> None:
            self.f.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd: int, *args: object, **kwargs: object) -> object:
        calls["n"] += 1
        f = real(fd, *args, **kwargs)  # type: ignore[call-overload]
        return Full(f) if calls["n"] == 1 else f

    monkeypatch.setattr(os, "fdopen", fdopen)
    result = CliRunner().invoke(cli, ["build", "content/h00.yaml", "content/h01.yaml", "-o", "out"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "out/h00.pdf: cannot write: the disk is full; free some space (or choose another "
        "folder) and run again"
    )
    assert "out/h01.pdf: 3 pages" in result.stdout
    assert sorted(p.name for p in (corpus / "out").iterdir()) == ["h01.pdf"]


def test_an_unwritable_place_is_found_before_anything_is_built(
    corpus: Path, tmp_path: Path
) -> None:
    (corpus / "a-file").write_text("not a folder")
    proc = start(corpus, "content", "-o", "out", "--report", "a-file/r.json")
    code, _, stderr = finish(proc)
    assert code == 2
    assert "a-file: is a file, not a folder (--report)" in stderr
    assert not (corpus / "out").exists() or not list((corpus / "out").iterdir())
    readonly = tmp_path / "ro"
    if not mount_tmpfs(readonly, "ro,size=64k"):
        pytest.skip("cannot mount a read-only file system here")
    try:
        proc = start(corpus, "content", "-o", str(readonly / "out"))
        code, stdout, stderr = finish(proc)
        assert code == 2
        assert stderr.count("\n") == 1, stderr
        assert "cannot write: the disk is read-only" in stderr
        assert "nothing was built" in stderr
    finally:
        subprocess.run(["umount", "-l", str(readonly)], check=False)


def test_too_many_jobs_are_capped_unless_forced(corpus: Path) -> None:
    code, stdout, stderr = finish(start(corpus, "content", "-o", "out", "-j", "64", "-q"))
    assert code == 0
    cores = len(os.sched_getaffinity(0))
    assert f"--jobs 64: this computer lets handout use {cores} core" in stderr
    assert "add --force-jobs" in stderr
    code, _, stderr = finish(start(corpus, "content", "-o", "out", "-j", "3", "--force-jobs", "-q"))
    assert code == 0 and "--jobs" not in stderr


def test_an_empty_shard_writes_no_pack_and_says_the_older_one_stays(corpus: Path) -> None:
    (corpus / "pack.pdf").write_bytes(b"%PDF older")
    code, _, stderr = finish(
        start(corpus, "content/h00.yaml", "-o", "out", "--shard", "1/2", "--pack", "pack.pdf")
    )
    assert code == 0
    assert "pack.pdf: no pack written: this shard holds no handout" in stderr
    assert "the file there is an older one, left as it was" in stderr
    assert (corpus / "pack.pdf").read_bytes() == b"%PDF older"


def test_odd_file_names_stay_one_line_and_round_trip_in_the_report(corpus: Path) -> None:
    odd = [b"new\nline.yaml", b"caf\xe9.yaml"]
    for name in odd:
        shutil.copy(
            corpus / "content" / "h00.yaml", os.fsdecode(bytes(corpus / "content") + b"/" + name)
        )
    code, stdout, stderr = finish(
        start(corpus, "content", "-o", "out", "-j", "1", "--report", "r.json")
    )
    assert code == 0, stderr
    lines = stdout.splitlines()
    assert "out/new\\nline.pdf: 3 pages" in stdout
    assert any(line.startswith("out/caf\\xe9.pdf: 3 pages") for line in lines)
    report = json.loads((corpus / "r.json").read_bytes().decode("utf-8"))
    inputs = {names.unescape(h["input"]) for h in report["handouts"]}
    assert {b"content/" + n for n in odd} <= inputs
    check_folder(corpus / "out", corpus / "r.json")


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "pipe.yaml"],
        ["build", "pipe.yaml"],
        ["batch", "pipe.yaml"],
        ["batch", "--manifest", "pipe.yaml"],
        ["build", "content/h00.yaml", "--style", "./pipe.yaml"],
    ],
)
def test_a_named_pipe_as_any_input_is_refused_at_once(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.chdir(corpus)
    os.mkfifo(corpus / "pipe.yaml")  # reading it would wait for a writer forever
    result = CliRunner().invoke(cli, [*args, "-o", "out"] if args[0] != "validate" else args)
    assert result.exit_code == 2
    assert "pipe.yaml: is a named pipe (FIFO), not a file; give a YAML file" in result.output
    assert not (corpus / "out").exists()


def test_a_worker_that_cannot_start_stops_the_run_with_a_message(tmp_path: Path) -> None:
    setting = (batch._in_worker, (), str(tmp_path / "gone"), dict(os.environ), None)
    workers = pool.Pool(2, setting, 1)
    tasks = [(i, "x.yaml", 0, str(tmp_path / f"x{i}.pdf")) for i in range(4)]
    try:
        with pytest.raises(HandoutError, match="a worker process could not start: FileNotFound"):
            list(workers.run(tasks, deque()))
    finally:
        workers.close()
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_build_stops_like_batch(corpus: Path, sig: signal.Signals) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", COMMAND, "build", "content", "-o", "out"],
        cwd=corpus,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for(lambda: (corpus / "out").is_dir() or proc.poll() is not None)
    proc.send_signal(sig)
    code, _, stderr = finish(proc)
    assert code == 128 + sig
    assert stderr.strip() == f"Interrupted by {sig.name}."
    check_folder(corpus / "out", None)


def test_workers_that_cannot_start_end_the_run_with_a_report(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(corpus)

    def no_start(self: pool.Pool) -> pool.Worker:
        raise HandoutError("cannot start a worker process: out of process slots")

    monkeypatch.setattr(pool.Pool, "_start", no_start)
    result = CliRunner().invoke(cli, ["batch", "content", "-o", "out", "--report", "r.json"])
    assert result.exit_code == 2
    assert (
        "cannot start a worker process: out of process slots: 0 of 24 handouts built"
        in result.stderr
    )
    report = json.loads((corpus / "r.json").read_text())
    assert report["status"] == "failed"
    assert report["totals"]["not_started"] == 24


def test_a_stop_rebuilt_by_a_library_keeps_its_signal() -> None:
    from handout import signals

    stop = signals.Stopped(signal.SIGHUP)
    # ReportLab re-raises an exception as type(exc)(longer message) to say where it was.
    again = type(stop)(f"\nraised by class KeepTogether wrap\n {stop}")
    assert (again.name, again.exit_code) == ("SIGHUP", 129)
