"""Many handouts in one run: the job list, a pool of worker processes, the results.

Every handout is built by ``build.build_one``, so a batch writes exactly the bytes
``handout build`` writes.  Styles are resolved, and their fonts loaded, once in the
parent before anything is written (a bad style stops the run there); each worker
receives them once through the pool initializer and loads their fonts once.  A
task is then four small values, a result five, and tasks travel in chunks: the
workers write their PDFs themselves.  Workers fork from a lean fork server, not
from the parent, so their memory does not grow with the job list.

Interruption (SIGINT): workers ignore SIGINT, so only the parent stops; it
terminates the pool and deletes the temporary files that killed workers left
behind (``files.write_atomic`` names them ``.<name>.pdf.<random>.tmp``).  PDFs
already written are complete, and no partial one remains.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import re
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.pool import Pool
from pathlib import Path
from typing import NamedTuple, TypeVar

from .. import outputs
from ..errors import EXIT_INTERRUPTED, HandoutError, UsageError
from ..model import formats as formats_
from ..model import style, yamlfile
from ..model.stylemodel import Style
from ..pdf import roles
from . import build

T = TypeVar("T")

BUILT, FAILED, ERROR = "built", "failed", "error"
"""Result statuses: written; refused (bad input, cannot write); a bug in handout."""
_TEMP = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")
"""What ``tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp")`` in ``files.write_atomic`` makes."""


class Interrupted(HandoutError):
    """The run was stopped (SIGINT) after cleaning up; exit status 130."""

    exit_code = EXIT_INTERRUPTED


@dataclass(frozen=True)
class Job:
    """One line of a print run: a content file, its style and paper, how many copies."""

    source: Path
    style: str | None = None
    """A style name or path; ``None``: ``default``."""
    paper: str | None = None
    copies: int = 1
    where: str = ""
    """Where the job was asked for (``manifest.yaml:12``), for messages."""
    formats: tuple[str, ...] = formats_.DEFAULT
    """What to write: ``pdf``, ``html`` (next to where the PDF goes) or both."""


@dataclass(frozen=True)
class Task:
    """One PDF to write.  Jobs asking for the same source, style and paper share one."""

    source: Path
    output: Path
    style: int
    """Index into ``Plan.styles``."""
    copies: int
    formats: tuple[str, ...] = formats_.DEFAULT
    """Every format the jobs writing this output ask for."""


@dataclass(frozen=True)
class Plan:
    styles: tuple[Style, ...]
    tasks: tuple[Task, ...]
    sequence: tuple[tuple[int, int], ...]
    """``(task index, copies)`` of each job, in job order: what a print pack holds."""
    draft: bool = False
    """Build handouts with placeholders left, marked DRAFT (``build.render``)."""


class Result(NamedTuple):
    task: int
    """Index of the task in ``Plan.tasks``."""
    status: str
    pages: int
    seconds: float
    message: str
    tightened: bool = False
    """Set a little tighter than its style to end a page sooner."""


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/8"`` -> ``(2, 8)``; K counts from 1."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise UsageError(
            f"--shard {text}", "expected K/N with 1 <= K <= N, e.g. --shard 2/8 for the second of 8"
        )
    return int(match[1]), int(match[2])


def shard(items: Sequence[T], k: int, n: int) -> list[T]:
    """The K-th of N contiguous slices (sizes differ by at most one); together they are ``items``.

    Contiguous, so that the print packs of slices 1..N, printed in turn, are the
    pack of the whole run.
    """
    size = len(items)
    return list(items[(k - 1) * size // n : k * size // n])


def plan(
    jobs: Sequence[Job],
    out_dir: Path,
    part: tuple[int, int] = (1, 1),
    search_dirs: Sequence[Path] = (Path("styles"),),
    draft: bool = False,
) -> Plan:
    """Resolve styles, name every output, keep the slice ``part`` (K, N) of the jobs.

    Output names are chosen from the whole job list, so that every slice names a
    handout the same way: ``<stem>.pdf``, or ``<stem>--<style>-<paper>.pdf`` when
    one stem is printed in several styles or papers.  Two different sources that
    would still write one file are refused here, before anything is written.
    """
    styles: list[Style] = []
    index: dict[Style, int] = {}
    by_ref: dict[tuple[str | None, str | None], int] = {}
    chosen: list[int] = []
    for job in jobs:
        ref = (job.style, job.paper)
        if ref not in by_ref:
            resolved = style.resolve(job.style, search_dirs)
            if job.paper:
                resolved = resolved.with_paper(job.paper)
            if resolved not in index:
                index[resolved] = len(styles)
                styles.append(resolved)
            by_ref[ref] = index[resolved]
        chosen.append(by_ref[ref])
    outputs.target(f"{out_dir}/", (".pdf",), out_dir)  # refuses a file in the way, as build does
    names = _output_names(jobs, chosen, styles, out_dir)
    first: dict[Path, int] = {}  # output -> the first job in the slice that writes it
    copies: dict[Path, int] = {}
    wanted: dict[Path, set[str]] = {}
    selected = shard(range(len(jobs)), *part)
    for i in selected:
        first.setdefault(names[i], i)
        copies[names[i]] = copies.get(names[i], 0) + jobs[i].copies
        wanted.setdefault(names[i], set()).update(jobs[i].formats)
    tasks = [
        Task(
            jobs[i].source,
            out,
            chosen[i],
            copies[out],
            tuple(f for f in formats_.FORMATS if f in wanted[out]),
        )
        for out, i in first.items()
    ]
    task_of = {out: t for t, out in enumerate(first)}
    for s in sorted({t.style for t in tasks}):
        roles.kit(styles[s])  # load the fonts now: a missing one stops the run here
    return Plan(
        tuple(styles),
        tuple(tasks),
        tuple((task_of[names[i]], jobs[i].copies) for i in selected),
        draft,
    )


def _output_names(
    jobs: Sequence[Job], chosen: Sequence[int], styles: Sequence[Style], out_dir: Path
) -> list[Path]:
    variants: dict[str, set[tuple[Path, int]]] = {}
    keys = [(job.source.resolve(), s) for job, s in zip(jobs, chosen, strict=True)]
    for job, key in zip(jobs, keys, strict=True):
        variants.setdefault(job.source.stem, set()).add(key)
    names: list[Path] = []
    owner: dict[Path, tuple[tuple[Path, int], Job]] = {}
    for job, key in zip(jobs, keys, strict=True):
        stem = job.source.stem
        if len({s for _, s in variants[stem]}) > 1:
            s = styles[key[1]]
            stem += f"--{_label(s)}-{s.page.size}"
        name = out_dir / f"{stem}.pdf"
        first = owner.setdefault(name, (key, job))
        if first[0] != key:
            other = first[1]
            raise UsageError(
                yamlfile.display_name(job.source),
                f"would write {name}, as {yamlfile.display_name(other.source)} does"
                + (f" ({other.where})" if other.where else "")
                + "; rename one of them (nothing was written)",
            )
        if name.is_dir():
            raise UsageError(str(name), "is a folder, where a PDF would go; rename or move it")
        names.append(name)
    return names


def _label(s: Style) -> str:
    """The style's file name (or name) as it may appear in a file name."""
    raw = Path(s.source).stem if s.source else s.name
    return re.sub(r"[^A-Za-z0-9._]+", "-", raw).strip("-.") or "style"


def run(plan: Plan, workers: int, on_result: Callable[[Result], None]) -> list[Result]:
    """Build every task, in ``workers`` processes (1: in this one); results in task order.

    ``on_result`` is called as each result arrives, in order.  Raises
    ``Interrupted`` on SIGINT, after the pool is stopped and temporary files are gone.
    """
    results: list[Result] = []
    tasks = [
        (i, str(t.source), t.style, str(t.output), plan.draft, t.formats)
        for i, t in enumerate(plan.tasks)
    ]
    workers = max(1, min(workers, len(tasks)))
    pool: Pool | None = None
    try:
        if workers == 1:
            for task in tasks:
                results.append(_attempt(task, plan.styles))
                on_result(results[-1])
        else:
            setting = (plan.styles, os.getcwd(), dict(os.environ))
            pool = _context().Pool(workers, initializer=_init_worker, initargs=setting)
            chunk = max(1, min(16, len(tasks) // (workers * 8)))
            for result in pool.imap(_work, tasks, chunksize=chunk):
                results.append(result)
                on_result(result)
            pool.close()
            pool.join()
    except KeyboardInterrupt:
        if pool is not None:
            pool.terminate()
            pool.join()
        _remove_temporary_files([out for t in plan.tasks for out in written(t)])
        built = sum(r.status == BUILT for r in results)
        raise Interrupted(
            f"Interrupted: {built} of {len(tasks)} handouts built; the PDFs written are "
            "complete and no partial file was left"
        ) from None
    finally:
        if pool is not None:
            pool.terminate()
    return results


def written(task: Task) -> list[Path]:
    """The files a task writes: the PDF, and the HTML page next to where it goes."""
    return [task.output.with_suffix(".html") if f == "html" else task.output for f in task.formats]


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@functools.cache
def _context() -> multiprocessing.context.BaseContext:
    """Workers fork from a small server process that has imported ``handout.jobs.batch``.

    Not from this process: a forked worker would carry the parent's memory, which
    grows with the job list.  Spawned fresh where there is no fork server (Windows).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["handout.jobs.batch"])
    return ctx


_styles: tuple[Style, ...] = ()
"""The run's styles, in a worker process."""


def _init_worker(styles: tuple[Style, ...], cwd: str, environ: dict[str, str]) -> None:
    """Set up a worker as a copy of the parent: its folder, environment and styles.

    The fork server may have started before the parent changed folder or
    environment; relative paths, file names in messages and ``SOURCE_DATE_EPOCH``
    must mean what they mean in the parent.
    """
    global _styles
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(environ)
    _styles = styles
    for s in styles:
        roles.kit(s)


_Work = tuple[int, str, int, str, bool, tuple[str, ...]]
"""What a worker is sent: task index, source, style index, output, draft, formats."""


def _work(task: _Work) -> Result:
    return _attempt(task, _styles)


def _attempt(task: _Work, styles: Sequence[Style]) -> Result:
    index, source, style_index, output, draft, wanted = task
    start = time.perf_counter()
    try:
        built = build.build_one(
            Path(source), styles[style_index], Path(output), draft, formats=wanted
        )
    except HandoutError as exc:
        return Result(index, FAILED, 0, time.perf_counter() - start, exc.format_message())
    except OSError as exc:
        message = f"{output}: cannot write: {exc.strerror or exc}"
        return Result(index, FAILED, 0, time.perf_counter() - start, message)
    except Exception as exc:  # a bug: reported with the file, and the batch goes on
        message = (
            f"{yamlfile.display_name(Path(source))}: internal error "
            f"({type(exc).__name__}: {exc}); this is a bug in handout, please report it"
        )
        return Result(index, ERROR, 0, time.perf_counter() - start, message)
    return Result(index, BUILT, built.pages, built.seconds, "", built.tightened)


def _remove_temporary_files(outputs: Sequence[Path]) -> None:
    """Delete ``write_atomic`` temporary files of these outputs that killed workers left."""
    names: dict[Path, set[str]] = {}
    for out in outputs:
        names.setdefault(out.parent, set()).add(out.name)
    for folder, wanted in names.items():
        try:
            found = list(folder.glob(".*.tmp"))
        except OSError:
            continue
        for path in found:
            match = _TEMP.match(path.name)
            if match and match["name"] in wanted:
                path.unlink(missing_ok=True)
