from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .. import outputs
from ..errors import EXIT_BAD_INPUT, EXIT_BUG, HandoutError, UsageError
from ..files import write_atomic
from ..jobs import batch
from ..jobs.batch import BUILT, ERROR, FAILED, Plan, Result
from ..model import formats, inputs, manifest, yamlfile
from . import complete_style, paper_option, plural

if TYPE_CHECKING:  # pikepdf is loaded only when a pack is asked for
    from ..pdf import pack


EXAMPLES = """\b
Examples:
  handout batch content/ --style large-print -o print/
  handout batch --manifest runs/week.yaml --pack week.pdf --report week.json
"""


@click.command("batch", epilog=EXAMPLES)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--manifest",
    "-m",
    "manifest_file",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="A print run: content files, copies, styles and paper (see docs/batch.md).",
)
@click.option(
    "--style",
    "-s",
    "style_name",
    metavar="NAME|PATH",
    shell_complete=complete_style,
    help="Style of every handout (with a manifest: of jobs that name none).  [default: default]",
)
@paper_option("Paper size, overriding the style's (with a manifest: for jobs that name none).")
@click.option(
    "--jobs",
    "-j",
    "workers",
    type=click.IntRange(min=1),
    metavar="N",
    help="Worker processes; 1 builds in this process.  [default: number of cores]",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    metavar="DIR/",
    help="Folder for the PDFs.  [default: output/]",
)
@click.option(
    "--pack",
    "pack_file",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Also write one print-ready PDF of every handout in order, with its copies.",
)
@click.option(
    "--duplex",
    is_flag=True,
    help="In the pack, a blank page after each handout of odd page count.",
)
@click.option(
    "--shard",
    "shard_text",
    metavar="K/N",
    help="Build only the K-th of N equal slices of the job list (for Slurm, parallel...).",
)
@click.option(
    "--report",
    "report_file",
    type=click.Path(path_type=Path),
    metavar="FILE.json",
    help="Write every handout's result, and the totals, as JSON.",
)
@click.option(
    "--format",
    "format_text",
    metavar="pdf|html|pdf,html",
    help="What to write for each handout (with a manifest: for jobs that name none).  "
    "[default: pdf]",
)
@click.option("--quiet", "-q", is_flag=True, help="Print only failures and the summary.")
@click.option(
    "--draft",
    is_flag=True,
    help="Build handouts with TODO placeholders left, with DRAFT across every page.",
)
def command(
    paths: tuple[Path, ...],
    manifest_file: Path | None,
    style_name: str | None,
    paper: str | None,
    workers: int | None,
    output: str | None,
    pack_file: Path | None,
    duplex: bool,
    shard_text: str | None,
    report_file: Path | None,
    format_text: str | None,
    quiet: bool,
    draft: bool,
) -> None:
    """Build many handouts at once: PATHs (files or folders; default content/) or a manifest.

    Each handout becomes DIR/<stem>.pdf, the same file `handout build` writes.  A bad
    file is reported and the others are still built; at the end a summary and every
    problem.  Exit status 0 when all were built, 2 when any failed, 130 when
    interrupted (the PDFs already written stay, complete).
    """
    start = time.perf_counter()
    part = batch.parse_shard(shard_text) if shard_text else (1, 1)
    if duplex and pack_file is None:
        raise UsageError("--duplex", "only shapes the print pack; add --pack FILE")
    folder = _check_places(output, pack_file, report_file)
    try:
        wanted = formats.parse(format_text) if format_text is not None else None
    except ValueError as exc:
        raise UsageError(f"--format {format_text}", str(exc)) from None
    jobs, manifest_duplex, search_dirs = _jobs(paths, manifest_file, style_name, paper, wanted)
    plan = batch.plan(jobs, folder, part, search_dirs, draft)
    if pack_file is not None and pack_file.resolve() in {t.output.resolve() for t in plan.tasks}:
        raise UsageError(str(pack_file), "is also a handout's output; name the pack otherwise")
    results = _build(plan, workers or batch.default_workers(), quiet)
    seconds = time.perf_counter() - start
    for r in results:
        if r.status != BUILT:
            click.echo(r.message, err=True)
    packed: pack.Packed | str | None = None
    if pack_file is not None:
        packed = _pack(plan, results, pack_file, duplex or manifest_duplex)
    click.echo(_summary(plan, results, seconds, part))
    if report_file is not None:
        report = _report(plan, results, seconds, part, packed)
        write_atomic(report_file, (json.dumps(report, indent=2) + "\n").encode())
    statuses = {r.status for r in results}
    if ERROR in statuses:
        raise click.exceptions.Exit(EXIT_BUG)
    if FAILED in statuses or isinstance(packed, str):
        raise click.exceptions.Exit(EXIT_BAD_INPUT)


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
) -> tuple[list[batch.Job], bool, tuple[Path, ...]]:
    """The job list, whether the manifest asks for duplex, where style names are looked up."""
    if manifest_file is None:
        files = inputs.expand(paths or [Path("content")])
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


def _build(plan: Plan, workers: int, quiet: bool) -> list[Result]:
    """Run the plan with a progress bar on a terminal, a line per handout otherwise."""
    if quiet:
        return batch.run(plan, workers, lambda r: None)
    if not sys.stdout.isatty():
        return batch.run(plan, workers, lambda r: click.echo(_line(plan, r)))
    start = time.perf_counter()

    def rate(result: Result | None) -> str | None:
        if result is None:
            return None
        return f"{bar.pos / max(time.perf_counter() - start, 1e-6):.0f} handouts/s"

    with click.progressbar(
        length=len(plan.tasks), label="Building", show_pos=True, show_eta=True, item_show_func=rate
    ) as bar:
        return batch.run(plan, workers, lambda r: bar.update(1, r))


def _line(plan: Plan, r: Result) -> str:
    task = plan.tasks[r.task]
    if r.status == BUILT:
        ms = f"{r.seconds * 1000:.0f} ms"
        draft = ", draft" if plan.draft else ""
        names = [yamlfile.display_name(p) for p in batch.written(task)]
        if "pdf" not in task.formats:
            return f"{names[0]}: {ms}{draft}"
        also = f" (and {names[1]})" if len(names) > 1 else ""
        return f"{names[0]}: {plural(r.pages, 'page')}, {ms}{draft}{also}"
    what = "internal error" if r.status == ERROR else "failed"
    return f"{yamlfile.display_name(task.source)}: {what} (see below)"


def _pack(
    plan: Plan, results: Sequence[Result], pack_file: Path, duplex: bool
) -> pack.Packed | str | None:
    """The pack of the handouts built; a message (already shown) when writing it failed."""
    from ..pdf import pack

    built = {r.task for r in results if r.status == BUILT}
    parts = [
        pack.Part(plan.tasks[t].output, n)
        for t, n in plan.sequence
        if t in built and "pdf" in plan.tasks[t].formats
    ]
    left_out = sum(1 for t, _ in plan.sequence if t not in built)
    if not parts:
        click.echo(f"{pack_file}: no pack written: no handout PDF was built", err=True)
        return None
    try:
        done = pack.write(pack_file, parts, duplex)
    except HandoutError as exc:
        click.echo(exc.format_message(), err=True)
        return exc.format_message()
    blank = f" ({done.blanks} blank)" if done.blanks else ""
    missing = f"; {left_out} failed left out" if left_out else ""
    click.echo(
        f"{yamlfile.display_name(done.path)}: {plural(done.handouts, 'handout')}, "
        f"{plural(done.copies, 'copy', 'copies')}, {plural(done.pages, 'page')}{blank}{missing}"
    )
    return done


def _summary(plan: Plan, results: Sequence[Result], seconds: float, part: tuple[int, int]) -> str:
    count = {s: sum(r.status == s for r in results) for s in (BUILT, FAILED, ERROR)}
    text = f"{count[BUILT]} built, {count[FAILED]} failed"
    if count[ERROR]:
        text += f", {plural(count[ERROR], 'internal error')}"
    text += f", {seconds:.1f} s" if seconds >= 1 else f", {seconds:.2f} s"
    if part != (1, 1):
        text = f"shard {part[0]}/{part[1]}: " + text
    return text + (" (drafts)" if plan.draft else "")


def _report(
    plan: Plan,
    results: Sequence[Result],
    seconds: float,
    part: tuple[int, int],
    packed: pack.Packed | str | None,
) -> dict[str, Any]:
    handouts = []
    for r in results:
        task = plan.tasks[r.task]
        used = plan.styles[task.style]
        handouts.append(
            {
                "input": yamlfile.display_name(task.source),
                "output": yamlfile.display_name(batch.written(task)[0]),
                "formats": list(task.formats),
                "files": [yamlfile.display_name(p) for p in batch.written(task)],
                "style": used.name,
                "paper": used.page.size,
                "copies": task.copies,
                "pages": r.pages,
                "status": r.status,
                "draft": plan.draft,
                "message": r.message or None,
                "time": round(r.seconds, 4),
            }
        )
    totals = {
        "handouts": len(results),
        **{s: sum(r.status == s for r in results) for s in (BUILT, FAILED, ERROR)},
        "pages": sum(r.pages for r in results),
        "time": round(seconds, 3),
    }
    pack_info: dict[str, Any] | None = None
    if packed is not None and not isinstance(packed, str):
        pack_info = {
            "file": yamlfile.display_name(packed.path),
            "status": BUILT,
            "handouts": packed.handouts,
            "copies": packed.copies,
            "pages": packed.pages,
            "blank_pages": packed.blanks,
            "bytes": packed.size,
        }
    elif isinstance(packed, str):
        pack_info = {"status": FAILED, "message": packed}
    return {
        "shard": f"{part[0]}/{part[1]}",
        "draft": plan.draft,
        "handouts": handouts,
        "totals": totals,
        "pack": pack_info,
    }
