"""How ``handout batch`` starts: its fork server first, the parent without the layout code,
work shared out so that the workers finish together."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fresh import START

from handout import names
from handout.jobs import pool
from handout.model import style
from handout.pdf import fonts, roles

WATCH = """
from handout import names
from handout.jobs import pool

started = pool.start_early

def start_early(workers):
    seen.append([workers, [m for m in WATCHED if LOADED(m)]])
    started(workers)

seen = []
WATCHED = (
    "handout.commands.batch_run", "handout.model.style", "handout.model.stylemodel",
    "handout.jobs.batch", "yaml", "importlib.resources",
)
pool.start_early = start_early
sys.argv[0] = "handout"
from handout.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "early": seen,
                  "layout": LOADED("reportlab.platypus")}))
"""


def watched(cwd: Path, *args: str) -> dict[str, Any]:
    """``handout batch ARGS`` in ``cwd``: its exit status, the modules it had imported when
    it started the fork server (each call of ``pool.start_early``), and whether this
    process imported the layout code."""
    done = subprocess.run(
        [sys.executable, "-c", START + "import json\n" + WATCH, "batch", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    told: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return told


@pytest.fixture
def folder(tmp_path: Path, shipped_content: Path) -> Path:
    (tmp_path / "content").mkdir()
    for i in range(3):
        shutil.copy(shipped_content, tmp_path / "content" / f"h{i}.yaml")
    return tmp_path


def test_the_fork_server_starts_before_the_job_list_is_read(folder: Path) -> None:
    told = watched(folder, "content", "-o", "out/", "--jobs", "2", "--force-jobs", "-q")
    assert told["code"] == 0
    assert len(list((folder / "out").glob("*.pdf"))) == 3
    # first with the files the paths name (3, capped at the 2 workers), before the styles,
    # the batch's own modules, PyYAML and the finder of bundled fonts are imported
    assert told["early"][0] == [2, []]
    # the parent loads the fonts without ReportLab's layout code: the workers have it
    assert told["layout"] is False


def test_one_file_or_one_worker_starts_no_fork_server(folder: Path) -> None:
    one_file = watched(folder, "content/h0.yaml", "-o", "a/", "--jobs", "2", "--force-jobs")
    assert one_file["code"] == 0 and all(n <= 1 for n, _ in one_file["early"])
    one_worker = watched(folder, "content", "-o", "b/", "--jobs", "1")
    assert one_worker["code"] == 0 and all(n <= 1 for n, _ in one_worker["early"])


def test_a_missing_path_is_said_in_its_turn_with_the_fork_server_not_started(
    folder: Path,
) -> None:
    told = watched(folder, "nowhere", "-o", "out/", "--jobs", "2", "--force-jobs")
    assert told["code"] == 2
    assert all(n <= 1 for n, _ in told["early"])
    assert not (folder / "out").exists()


MIXED = """name: mixed
fonts:
  small: {family: Inter}
  heading: {family: Fira Sans}
  table: {family: Inter}
"""


@pytest.mark.parametrize("name", ["mixed", *(name for name, _, _ in style.available())])
def test_the_parent_loads_the_fonts_the_kit_draws_with_in_its_order(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if name == "mixed":  # a family of its own for some roles
        (tmp_path / "mixed.yaml").write_text(MIXED)
        name = str(tmp_path / "mixed.yaml")
    resolved = style.resolve(name)
    asked: list[str] = []
    load = fonts.family

    def family(fam: Any) -> fonts.Registered:
        asked.append(str(fam))
        return load(fam)

    monkeypatch.setattr(fonts, "family", family)
    monkeypatch.setattr(fonts, "chain", fonts.chain.__wrapped__)  # each asked, not cached
    fonts.load_roles(resolved)
    preflight = list(dict.fromkeys(asked))
    asked.clear()
    roles._kit.__wrapped__(resolved, roles.PLAIN, False, False)  # not from the cache
    assert preflight == list(dict.fromkeys(asked))
    if resolved.name == "mixed":
        assert preflight == ["Atkinson Hyperlegible", "Inter", "Fira Sans"]


def test_work_is_shared_out_in_smaller_pieces_as_the_queue_runs_out() -> None:
    shares = pool.Pool(2, (), 16)
    assert shares._share(300) == 16
    assert [shares._share(n) for n in (40, 12, 8, 3, 1)] == [10, 3, 2, 1, 1]


def test_a_path_is_resolved_as_path_resolve_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # names.resolved resolves the folder once: it must name what Path.resolve names
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "a.yaml").write_text("x")
    (tmp_path / "linked").symlink_to(real, target_is_directory=True)
    (real / "b.yaml").symlink_to(real / "sub" / "a.yaml")
    monkeypatch.chdir(tmp_path)
    cases = [
        "real/a.yaml", "linked/a.yaml", "real/b.yaml", "linked/b.yaml", "real/sub/../a.yaml",
        "linked/sub/..", "real/.", "missing/x.yaml", "a.yaml", ".", "..",
        str(real / "a.yaml"), str(tmp_path / "linked" / "b.yaml"),
    ]  # fmt: skip
    for case in cases:
        assert names.resolved(Path(case)) == Path(case).resolve(), case
    assert names.shown(Path("linked/a.yaml")) == "real/a.yaml"
    assert names.shown(Path("/")) == "/"


def frozen(task: pool.Task, styles: Any, max_memory: int | None) -> tuple[Any, bool]:
    """A worker's answer for ``test_a_worker_keeps_what_it_starts_with_out_of_the_collector``."""
    import gc

    return (gc.get_freeze_count(), len(gc.get_objects())), False


def test_a_worker_keeps_what_it_starts_with_out_of_the_collector(tmp_path: Path) -> None:
    from collections import deque

    workers = pool.Pool(1, (frozen, (), str(tmp_path), dict(os.environ), None), 1)
    try:
        (kept, collected), *_ = list(workers.run([(0, "x.yaml", 0, "x.pdf", False, ())], deque()))
    finally:
        workers.close()
    # every module the fork server imported is frozen; the collector sees only the few
    # objects made since
    assert kept > 20_000 and collected < kept / 10, (kept, collected)


RERUN = """
import sys
from pathlib import Path

if __name__ == "__mp_main__":  # how multiprocessing runs a main script again in a worker
    Path({marker!r}).touch()
else:
    from handout.cli import main

    sys.argv[0] = "handout"
    main()
"""


def test_the_workers_do_not_run_the_command_script_again(folder: Path) -> None:
    """A worker runs handout's own functions only: the script that started the batch
    (for ``handout``, one that loads Click and the command line) is not run in it."""
    marker = folder / "ran-in-a-worker"
    script = folder / "command.py"
    script.write_text(RERUN.format(marker=str(marker)))
    done = subprocess.run(
        [sys.executable, str(script), "batch", "content", "-o", "out/", "--jobs", "2"]
        + ["--force-jobs", "-q"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(list((folder / "out").glob("*.pdf"))) == 3
    assert not marker.exists()


class _Linked:
    """Two of these that point at each other: a cycle, as a handout's documents leave."""

    other: _Linked | None = None


_LEFT: list[Any] = []
"""In a worker of ``test_a_worker_collects_the_cycles_of_each_handout_when_it_is_done``:
a weak reference to the cycle each task left."""


def cyclic(task: pool.Task, styles: Any, max_memory: int | None) -> tuple[Any, bool]:
    """A worker's answer: whether the cycles of the tasks before are still there, and the
    collector's threshold; then leaves a cycle of its own."""
    import gc
    import weakref

    alive = [ref() is not None for ref in _LEFT]
    a, b = _Linked(), _Linked()
    a.other, b.other = b, a
    _LEFT.append(weakref.ref(a))
    return (alive, gc.get_threshold()[0]), False


def test_a_worker_collects_the_cycles_of_each_handout_when_it_is_done(tmp_path: Path) -> None:
    """The collector does not go through a handout's objects while it is made (a round
    every 700 new objects, by default), and the cycles it leaves are collected as soon
    as it is done, before the next handout."""
    from collections import deque

    workers = pool.Pool(1, (cyclic, (), str(tmp_path), dict(os.environ), None), 3)
    tasks = [(i, f"{i}.yaml", 0, f"{i}.pdf", False, ()) for i in range(3)]
    try:
        answers = list(workers.run(tasks, deque()))
    finally:
        workers.close()
    assert [alive for alive, _ in answers] == [[], [False], [False, False]]
    assert {threshold for _, threshold in answers} == {pool._YOUNG}


def test_the_fork_server_freezes_what_it_imported_and_nothing_else_does() -> None:
    """``jobs.preloaded``, the fork server's last import, freezes what it holds (so that it
    ends at once when the batch is done); imported anywhere else, it does nothing."""
    import gc
    import importlib
    from multiprocessing import forkserver

    from handout.jobs import preloaded

    pool._context()
    assert forkserver._forkserver._preload_modules[-1] == "handout.jobs.preloaded"
    frozen = gc.get_freeze_count()
    importlib.reload(preloaded)
    assert gc.get_freeze_count() == frozen
    as_fork_server = subprocess.run(
        [sys.executable, "-c", "from multiprocessing.forkserver import main\n"
         "import gc, handout.jobs.preloaded\nprint(gc.get_freeze_count())"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert int(as_fork_server.stdout) > 1000, as_fork_server.stderr
