"""``handout batch``: the run, once ``batch_cmd`` has read the options and started the
workers' fork server."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .. import files, outputs, signals
from ..errors import EXIT_BAD_INPUT, EXIT_BUG, HandoutError, UsageError
from ..jobs import batch, firstuse, pool, report
from ..jobs.batch import BUILT, ERROR, FAILED, Plan, Result
from ..model import formats, inputs, manifest, yamlfile
from ..names import escape, resolved
from . import echo, plural

if TYPE_CHECKING:  # pikepdf is loaded only when a pack is asked for
    from ..pdf import pack


@dataclass(frozen=True)
class Options:
    """The options of ``handout batch`` as given on the command line (``batch_cmd``)."""

    paths: tuple[Path, ...]
    manifest_file: Path | None
    style_name: str | None
    paper: str | None
    output: str | None
    pack_file: Path | None
    duplex: bool
    shard_text: str | None
    report_file: Path | None
    resume_file: Path | None
    max_memory_text: str
    format_text: str | None
    quiet: bool
    draft: bool


def run(
    o: Options,
    wanted_workers: int,
    listed: list[Path] | None,
    start: float,
    held: AbstractContextManager[Any] | None = None,
) -> None:
    """``handout batch`` once its options are read (``batch_cmd``): ``wanted_workers``
    workers, ``listed`` the content files of its paths when already found, ``start`` the
    ``time.perf_counter()`` the command started at; ``held``, the block that holds
    stopping signals back since the command started, ends here."""
    stopped: batch.Interrupted | None = None
    prepared: list[_Setup] = []  # the setup, once the job list is known
    try:
        # a signal now, or held back since the start, is acted on once the job list is known
        with held or contextlib.nullcontext(), signals.deferred():
            prepared.append(_prepare(o, wanted_workers, listed))
        setup = prepared[0]
        # Fonts cut on first use are cut here, said once on the terminal; not by the workers.
        firstuse.prepare(setup.plan.tasks[i].source for i in setup.todo)
        made = _build(setup.plan, wanted_workers, o.quiet, setup.max_memory, setup.todo)
    except batch.Interrupted as exc:
        stopped, made = exc, exc.results
    except KeyboardInterrupt as exc:  # came with the job list or the fonts: nothing built
        if not prepared:  # as the options were refused: a stop, said as one
            raise
        setup = prepared[0]
        message = f"Interrupted: 0 of {len(setup.todo)} handouts built"
        stopped, made = batch.Interrupted(message, [], signals.exit_code(exc)), []
    plan, part = setup.plan, setup.part
    results = sorted([*setup.earlier.values(), *made], key=lambda r: r.task)
    for r in results:
        if r.status not in (BUILT, report.RESUMED):
            click.echo(r.message, err=True)
    packed: pack.Packed | str | None = None
    if o.pack_file is not None and stopped is None:
        try:
            with signals.polled():
                packed = _pack(plan, results, o.pack_file, o.duplex or setup.duplex)
        except KeyboardInterrupt as exc:  # a signal during the pack, or just after it
            built = sum(r.status == BUILT for r in made)
            done = packed is not None and not isinstance(packed, str)
            fate = (
                f"the pack {escape(str(o.pack_file))} was written just before the stop"
                if done
                else "no pack was written, an older one is untouched"
            )
            message = (
                f"Interrupted while writing the pack: {built} of {len(setup.todo)} handouts "
                f"built; {fate}"
            )
            stopped = batch.Interrupted(message, made, signals.exit_code(exc))
    seconds = time.perf_counter() - start
    unwritten = False
    with signals.deferred():
        if o.report_file is not None:
            signalled = stopped is not None and stopped.exit_code > 128
            aborted = stopped is not None and not signalled
            facts = report.Facts(plan, results, seconds, part, packed, signalled, aborted)
            try:
                report.write(o.report_file, facts)
            except HandoutError as exc:
                click.echo(exc.format_message(), err=True)
                unwritten = True
        if stopped is None:
            # The run is over, and its report says so: a stopping signal from here on is
            # let pass, so that the exit status says what the report says.
            signals.settle()
    if stopped is not None:
        raise stopped
    echo(_summary(plan, results, seconds, part))
    statuses = {r.status for r in results}
    if ERROR in statuses:
        raise click.exceptions.Exit(EXIT_BUG)
    if FAILED in statuses or isinstance(packed, str) or unwritten:
        raise click.exceptions.Exit(EXIT_BAD_INPUT)


def _prepare(o: Options, workers: int = 1, listed: list[Path] | None = None) -> _Setup:
    """Everything checked before building: the plan, the shard, what is left to build.

    With more than one worker and more than one handout, the workers' fork server
    starts as soon as the job list is known (``pool.start_early``), if ``batch_cmd``
    has not started it already.  ``listed``: the content files of the paths, when
    already found.
    """
    part = batch.parse_shard(o.shard_text) if o.shard_text else (1, 1)
    max_memory = batch.parse_size(o.max_memory_text)
    if o.duplex and o.pack_file is None:
        raise UsageError("--duplex", "only shapes the print pack; add --pack FILE")
    folder = _check_places(o.output, o.pack_file, o.report_file)
    try:
        wanted = formats.parse(o.format_text) if o.format_text is not None else None
    except ValueError as exc:
        raise UsageError(f"--format {o.format_text}", str(exc)) from None
    jobs, manifest_duplex, search_dirs = _jobs(
        o.paths, o.manifest_file, o.style_name, o.paper, wanted, listed
    )
    pool.start_early(min(workers, len(jobs)))
    plan = batch.plan(jobs, folder, part, search_dirs, o.draft)
    if o.pack_file is not None and resolved(o.pack_file) in {
        resolved(t.output) for t in plan.tasks
    }:
        raise UsageError(
            escape(str(o.pack_file)), "is also a handout's output; name the pack otherwise"
        )
    resumed = report.resumable(plan, o.resume_file) if o.resume_file is not None else None
    earlier = resumed.earlier if resumed else {}
    todo = [i for i in range(len(plan.tasks)) if i not in earlier]
    if resumed is not None and o.resume_file is not None:
        for i, why in resumed.again.items():  # said before building, whatever comes next
            click.echo(
                f"{yamlfile.display_name(plan.tasks[i].source)}: built again: {why} since "
                f"{yamlfile.display_name(o.resume_file)}",
                err=True,
            )
    _check_writable(folder if todo else None, o.pack_file, o.report_file)
    if o.pack_file is not None:
        from ..pdf import pack  # noqa: F401  (loaded here, where signals wait: see signals)
    return _Setup(plan, part, earlier, todo, manifest_duplex, max_memory)


@dataclass(frozen=True)
class _Setup:
    plan: Plan
    part: tuple[int, int]
    earlier: dict[int, Result]
    """Results taken over from ``--resume``."""
    todo: list[int]
    duplex: bool
    """The manifest asks for duplex."""
    max_memory: int | None


def _check_writable(output: Path | None, pack_file: Path | None, report_file: Path | None) -> None:
    """Refuse, before building anything, a place nothing could be written to."""
    for option, folder in (
        ("-o", output),
        ("--pack", pack_file.parent if pack_file else None),
        ("--report", report_file.parent if report_file else None),
    ):
        if folder is not None:
            files.check_writable(folder, option)


def _check_places(output: str | None, pack_file: Path | None, report_file: Path | None) -> Path:
    """The folder for the PDFs; refuse unusable destinations before anything is built."""
    out = outputs.target(output, (".pdf",), Path("output"))
    if out.path is None or not out.folder:
        raise UsageError(
            f"-o {out.given}",
            "names one file, but a batch writes a PDF per handout; give a folder "
            "(a path ending in /), or --pack FILE for one PDF of them all",
        )
    for option, path in (("--pack", pack_file), ("--report", report_file)):
        if path is not None and path.is_dir():
            raise UsageError(str(path), f"is a folder; {option} takes a file name")
    return out.path


def _jobs(
    paths: Sequence[Path],
    manifest_file: Path | None,
    style_name: str | None,
    paper: str | None,
    wanted: tuple[str, ...] | None,
    listed: list[Path] | None = None,
) -> tuple[list[batch.Job], bool, tuple[Path, ...]]:
    """The job list, whether the manifest asks for duplex, where style names are looked up."""
    if manifest_file is None:
        files = listed if listed is not None else inputs.expand(paths or [Path("content")])
        if yamlfile.STDIN in files:
            raise UsageError("-", "batch cannot read standard input; use handout build -")
        chosen = wanted or formats.DEFAULT
        jobs = [batch.Job(f, style_name, paper, formats=chosen) for f in files]
        return jobs, False, (Path("styles"),)
    if paths:
        raise UsageError(
            yamlfile.display_name(paths[0]),
            "give content paths or --manifest, not both (a manifest lists its own content)",
        )
    run = manifest.load(manifest_file)
    jobs = [
        batch.Job(
            e.content,
            e.style or style_name or run.style,
            e.paper or paper or run.paper,
            e.copies,
            e.where,
            e.formats or wanted or run.formats or formats.DEFAULT,
        )
        for e in run.entries
    ]
    return jobs, run.duplex, run.search_dirs


def _build(
    plan: Plan, workers: int, quiet: bool, max_memory: int | None, todo: Sequence[int]
) -> list[Result]:
    """Run the plan with a progress bar on a terminal, a line per handout otherwise."""
    if quiet:
        return batch.run(plan, workers, lambda r: None, max_memory, todo)
    if not sys.stdout.isatty():
        return batch.run(plan, workers, lambda r: echo(_line(plan, r)), max_memory, todo)
    start = time.perf_counter()

    def rate(result: Result | None) -> str | None:
        if result is None:
            return None
        return f"{bar.pos / max(time.perf_counter() - start, 1e-6):.0f} handouts/s"

    with click.progressbar(
        length=len(todo), label="Building", show_pos=True, show_eta=True, item_show_func=rate
    ) as bar:
        return batch.run(plan, workers, lambda r: bar.update(1, r), max_memory, todo)


def _line(plan: Plan, r: Result) -> str:
    task = plan.tasks[r.task]
    if r.status == BUILT:
        ms = f"{r.seconds * 1000:.0f} ms"
        draft = ", draft" if plan.draft else ""
        names = [yamlfile.display_name(p) for p in batch.written(task)]
        if "pdf" not in task.formats:
            return f"{names[0]}: {ms}{draft}"
        also = f" (and {names[1]})" if len(names) > 1 else ""
        tightened = ", tightened to fit" if r.tightened else ""
        return f"{names[0]}: {plural(r.pages, 'page')}{tightened}, {ms}{draft}{also}"
    what = "internal error" if r.status == ERROR else "failed"
    return f"{yamlfile.display_name(task.source)}: {what} (see below)"


def _pack(
    plan: Plan, results: Sequence[Result], pack_file: Path, duplex: bool
) -> pack.Packed | str | None:
    """The pack of this run's PDFs; a message (already shown) when it could not be written."""
    from ..pdf import pack

    made = {r.task: r for r in results if r.status in (BUILT, report.RESUMED)}
    parts = [
        pack.Part(plan.tasks[t].output, n, made[t].sha256)
        for t, n in plan.sequence
        if t in made and "pdf" in plan.tasks[t].formats
    ]
    left_out = sum(1 for t, _ in plan.sequence if t not in made)
    if not parts:
        why = "this shard holds no handout" if not plan.sequence else "no handout PDF was built"
        click.echo(
            f"{yamlfile.display_name(pack_file)}: no pack written: {why}"
            + (" (the file there is an older one, left as it was)" if pack_file.exists() else ""),
            err=True,
        )
        return None
    try:
        done = pack.write(pack_file, parts, duplex)
    except HandoutError as exc:
        click.echo(exc.format_message(), err=True)
        return exc.format_message()
    blank = f" ({done.blanks} blank)" if done.blanks else ""
    missing = f"; {left_out} failed left out" if left_out else ""
    echo(
        f"{yamlfile.display_name(done.path)}: {plural(done.handouts, 'handout')}, "
        f"{plural(done.copies, 'copy', 'copies')}, {plural(done.pages, 'page')}{blank}{missing}"
    )
    return done


def _summary(plan: Plan, results: Sequence[Result], seconds: float, part: tuple[int, int]) -> str:
    statuses = (BUILT, FAILED, ERROR, report.RESUMED)
    count = {s: sum(r.status == s for r in results) for s in statuses}
    earlier = f"{count[report.RESUMED]} already built, " if count[report.RESUMED] else ""
    text = f"{count[BUILT]} built, {earlier}{count[FAILED]} failed"
    if count[ERROR]:
        text += f", {plural(count[ERROR], 'internal error')}"
    text += f", {seconds:.1f} s" if seconds >= 1 else f", {seconds:.2f} s"
    if part != (1, 1):
        text = f"shard {part[0]}/{part[1]}: " + text
    return text + (" (drafts)" if plan.draft else "")
