"""Many handouts in one run: the job list, the workers' results, an exact account.

Every handout is built by ``build.prepare``, so a batch writes exactly the bytes
``handout build`` writes.  Styles are resolved, and their fonts loaded, once in the
parent before anything is written (a bad style stops the run there); each worker
receives them once when it starts and loads their fonts once.  ``pool`` runs the
workers: a dead one is replaced, and the handout it held is retried once.

Workers write each PDF to a temporary file; the parent renames it into place as
the result arrives, with the stopping signals held back for that moment, so the
results always say exactly which PDFs this run wrote (with their SHA-256).  On
SIGINT, SIGTERM or SIGHUP the parent stops every worker, deletes the temporary
files (``files.temporary`` names them ``.<name>.pdf.<random>.tmp``) and raises
``Interrupted`` with the results so far.
"""

from __future__ import annotations

import os
import re
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeVar

from .. import files, outputs, signals
from ..errors import EXIT_INTERRUPTED, HandoutError, UsageError
from ..model import formats as formats_
from ..model import style, yamlfile
from ..model.stylemodel import Style
from ..names import escape, resolved
from . import pool

T = TypeVar("T")

BUILT, FAILED, ERROR = "built", "failed", "error"
"""Result statuses: written; refused (bad input, cannot write); a bug in handout."""
_TEMP = re.compile(r"^\.(?P<name>.+)\.[a-z0-9_]{8}\.tmp$")
"""What ``tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp")`` in ``files.write_atomic`` makes."""


class Interrupted(HandoutError):
    """The run was stopped after cleaning up: by a signal (exit status 128 + the signal),
    or because no worker could be started (2)."""

    def __init__(
        self, message: str, results: Sequence[Result] = (), exit_code: int = EXIT_INTERRUPTED
    ) -> None:
        super().__init__(message)
        self.results = list(results)
        self.exit_code = exit_code


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
    sha256: str = ""
    """Of the PDF written (built only)."""
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
    # The fonts are loaded with ReportLab's font code alone: the layout code, which the
    # fork server imports meanwhile (``pool.start_early``), is not needed in this process.
    from ..pdf import fonts

    for s in sorted({t.style for t in tasks}):
        fonts.load_roles(styles[s])  # a font that cannot be used stops the run here
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
    keys = [(resolved(job.source), s) for job, s in zip(jobs, chosen, strict=True)]
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
                f"would write {escape(str(name))}, as {yamlfile.display_name(other.source)} does"
                + (f" ({other.where})" if other.where else "")
                + "; rename one of them (nothing was written)",
            )
        if name.is_dir():
            raise UsageError(
                escape(str(name)), "is a folder, where a PDF would go; rename or move it"
            )
        names.append(name)
    return names


def _label(s: Style) -> str:
    """The style's file name (or name) as it may appear in a file name."""
    raw = Path(s.source).stem if s.source else s.name
    return re.sub(r"[^A-Za-z0-9._]+", "-", raw).strip("-.") or "style"


def run(
    plan: Plan,
    workers: int,
    on_result: Callable[[Result], None],
    max_memory: int | None = None,
    todo: Sequence[int] | None = None,
) -> list[Result]:
    """Build every task, in ``workers`` processes (1: in this one); results in task order.

    ``on_result`` is called for each result, in task order.  Raises ``Interrupted``
    (with the results so far) on a stopping signal, after every worker has exited
    and no temporary file is left.  ``max_memory``: bytes of address space a worker
    may use (with ``workers`` > 1).  ``todo``: the indices of the tasks to build (all
    by default); the results are theirs.
    """
    order = range(len(plan.tasks)) if todo is None else todo
    tasks = [
        (i, str(t.source), t.style, str(t.output), plan.draft, t.formats)
        for i, t in ((i, plan.tasks[i]) for i in order)
    ]
    workers = max(1, min(workers, len(tasks)))
    account = _Account(plan, on_result, order)
    supervisor: pool.Pool | None = None
    try:
        with signals.polled() as wake:  # a signal is acted on between handouts
            if workers == 1:
                for task in tasks:
                    result, tmp, _ = _attempt(task, plan.styles, None)
                    account.record(result, tmp)
                    signals.check()
            else:
                setting = (_in_worker, plan.styles, os.getcwd(), dict(os.environ), max_memory)
                chunk = max(1, min(16, len(tasks) // (workers * 8)))
                supervisor = pool.Pool(workers, setting, chunk)
                _supervise(supervisor, tasks, account, wake)
                # closed here, where a signal is only noted: one that comes while the
                # workers exit ends the run as interrupted with every result it has
                supervisor.close()
                supervisor = None
    except (KeyboardInterrupt, HandoutError) as exc:  # a signal; workers that cannot start
        with signals.deferred():
            if supervisor is not None:
                supervisor.close()
            _remove_temporary_files([out for t in plan.tasks for out in written(t)])
            built = sum(r.status == BUILT for r in account.done.values())
            why = "Interrupted" if isinstance(exc, KeyboardInterrupt) else exc.message
            code = signals.exit_code(exc) if isinstance(exc, KeyboardInterrupt) else exc.exit_code
            raise Interrupted(
                f"{why}: {built} of {len(tasks)} handouts built; the PDFs written are "
                "complete and no partial file was left",
                account.results(),
                code,
            ) from None
    finally:
        if supervisor is not None:
            supervisor.close()
    return account.results()


class _Account:
    """The results so far: each PDF put in place as its result arrives, reported in task order."""

    def __init__(
        self, plan: Plan, on_result: Callable[[Result], None], order: Sequence[int]
    ) -> None:
        self.plan = plan
        self.on_result = on_result
        self.order = order
        self.done: dict[int, Result] = {}
        self.shown = 0

    def record(self, result: Result, made: Sequence[tuple[str, str]]) -> None:
        """Put the task's files (``(temporary, final)``) in place and report the result."""
        # Signals wait: a PDF renamed into place is always counted.
        with signals.deferred():
            for i, (tmp, final) in enumerate(made):
                try:
                    files.commit(Path(tmp), Path(final))
                except HandoutError as exc:
                    for left, _ in made[i + 1 :]:
                        Path(left).unlink(missing_ok=True)
                    result = result._replace(status=FAILED, pages=0, sha256="")
                    result = result._replace(message=exc.format_message())
                    break
            self.done[result.task] = result
            while self.shown < len(self.order) and self.order[self.shown] in self.done:
                self.on_result(self.done[self.order[self.shown]])
                self.shown += 1

    def results(self) -> list[Result]:
        return [self.done[i] for i in sorted(self.done)]


def _supervise(
    supervisor: pool.Pool, tasks: Sequence[pool.Task], account: _Account, wake: int | None
) -> None:
    """Run the tasks; a handout whose worker dies is retried once in a fresh worker."""
    retry: deque[int] = deque()
    lost: Counter[int] = Counter()
    for item in supervisor.run(tasks, retry, wake):
        if isinstance(item, pool.Lost):
            task = account.plan.tasks[item.task]
            held = [account.plan.tasks[i] for i in item.held]
            _remove_temporary_files([out for t in held for out in written(t)])
            lost[item.task] += 1
            if lost[item.task] < 2:
                retry.append(item.task)
                continue
            message = f"{yamlfile.display_name(task.source)}: {_death(item.exitcode)}"
            account.record(Result(item.task, FAILED, 0, 0.0, message), [])
        else:
            account.record(*item)


def _death(exitcode: int | None) -> str:
    """What happened to the worker building a handout, twice, and what to do."""
    advice = "; try it alone with handout build"
    if exitcode is not None and exitcode < 0:
        number = -exitcode
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        why = ", likely out of memory" if number == signal.SIGKILL else ""
        if number == signal.SIGSEGV:
            why = " (a crash)"
        return f"the worker building it was killed by signal {number} ({name}){why}{advice}"
    return f"the worker building it ended unexpectedly (exit status {exitcode}){advice}"


def written(task: Task) -> list[Path]:
    """The files a task writes: the PDF, and the HTML page next to where it goes."""
    return [task.output.with_suffix(".html") if f == "html" else task.output for f in task.formats]


def _in_worker(
    task: pool.Task, styles: Sequence[Style], max_memory: int | None
) -> tuple[tuple[Result, list[tuple[str, str]]], bool]:
    """``_attempt`` in a worker: its result for the parent, and whether to retire the worker."""
    result, made, out_of_memory = _attempt(task, styles, max_memory)
    return (result, made), out_of_memory


def _attempt(
    task: pool.Task, styles: Sequence[Style], max_memory: int | None
) -> tuple[Result, list[tuple[str, str]], bool]:
    """Build one task into temporary files: the result, each file with where it goes,
    and whether memory ran out."""
    index, source, style_index, output, draft, wanted = task
    start = time.perf_counter()

    def failed(message: str, status: str = FAILED) -> Result:
        return Result(index, status, 0, time.perf_counter() - start, message)

    from . import build  # loaded by then: by ``plan``, and by the fork server for workers

    try:
        _fault(source, max_memory)
        made = build.prepare(Path(source), styles[style_index], Path(output), draft, wanted)
    except HandoutError as exc:
        return failed(exc.format_message()), [], False
    except MemoryError:
        return failed(_memory_message(Path(source), max_memory)), [], True
    except OSError as exc:
        return failed(files.write_problem(Path(output), exc).message), [], False
    except Exception as exc:  # a bug: reported with the file, and the batch goes on
        message = (
            f"{yamlfile.display_name(Path(source))}: internal error "
            f"({type(exc).__name__}: {exc}); this is a bug in handout, please report it"
        )
        return failed(message, ERROR), [], False
    result = Result(index, BUILT, made.pages, made.seconds, "", made.sha256, made.tightened)
    return result, [(str(tmp), str(final)) for tmp, final in made.files], False


def _fault(source: str, max_memory: int | None) -> None:
    """For the fault tests only: ``HANDOUT_TEST_FAULT=STEM=SIGNAL`` (a number) or
    ``STEM=memory`` makes building the file STEM kill its worker with that signal, or
    ask for more memory than the worker may use; ``STEM=SIGNAL@FILE`` only while FILE
    does not exist (it is made first: the handout kills one worker, once)."""
    spec = os.environ.get("HANDOUT_TEST_FAULT")
    if not spec:
        return
    stem, _, what = spec.partition("=")
    what, _, once = what.partition("@")
    if Path(source).stem != stem:
        return
    if once:
        try:
            Path(once).touch(exist_ok=False)
        except FileExistsError:
            return
    if what == "memory":
        bytearray(max_memory or 1 << 44)
    else:
        os.kill(os.getpid(), int(what))


def _memory_message(source: Path, max_memory: int | None) -> str:
    name = yamlfile.display_name(source)
    if max_memory:
        return (
            f"{name}: building it needed more memory than a worker may use "
            f"(--max-memory {format_size(max_memory)}); is the handout unusually large? "
            "Split it, or raise --max-memory"
        )
    return f"{name}: the computer ran out of memory building it; is the handout unusually large?"


def format_size(size: int) -> str:
    """``1073741824`` -> ``1G``; ``536870912`` -> ``512M``."""
    for unit, factor in (("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)):
        if size % factor == 0:
            return f"{size // factor}{unit}"
    return str(size)


def parse_size(text: str) -> int | None:
    """``"1G"``, ``"512M"``, ``"1.5G"`` -> bytes; ``"none"`` or ``"0"`` -> no limit."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*", text.lower())
    if text.strip().lower() in ("none", "0", "unlimited"):
        return None
    if not match:
        raise UsageError(
            f"--max-memory {text}", "expected a size such as 512M or 2G, or none for no limit"
        )
    unit = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}[match[2]]
    size = int(float(match[1]) * unit)
    if size < MIN_MEMORY:
        raise UsageError(
            f"--max-memory {text}",
            f"a worker needs at least {format_size(MIN_MEMORY)} to start; give more, or none",
        )
    return size


MIN_MEMORY = 256 << 20
"""Address space below which a worker cannot even load its fonts."""


def _remove_temporary_files(outputs: Sequence[Path]) -> None:
    """Delete ``write_atomic`` temporary files of these outputs (left by stopped workers)."""
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
