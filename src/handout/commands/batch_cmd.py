"""``handout batch``: its options, and the workers' fork server started first.

The fork server imports the code that builds a handout (half a second); it starts
before this command imports what reads the job list (``batch_run``), so that it does
that on one core while this process reads the job list, resolves the styles and
loads their fonts on the other.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import click

from .. import signals
from ..jobs import pool
from . import complete_style, paper_option

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
    "--resume",
    "resume_file",
    type=click.Path(path_type=Path),
    metavar="REPORT.json",
    help="Build only what this earlier report does not list as built (and unchanged on disk).",
)
@click.option(
    "--max-memory",
    "max_memory_text",
    default="1G",
    show_default=True,
    metavar="SIZE",
    help="Memory a worker may use (512M, 2G, none); a handout needing more fails alone.",
)
@click.option(
    "--force-jobs",
    is_flag=True,
    help="Start as many workers as --jobs says, even beyond the number of cores.",
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
    resume_file: Path | None,
    max_memory_text: str,
    force_jobs: bool,
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
    wanted_workers = _workers(workers, force_jobs)
    listed = None
    # A stopping signal, from the start on, is acted on once the job list is known
    # (``batch_run.run``), so that the report says what was not built; signals are held
    # back meanwhile as while this command was imported (see ``pool.start_early``).
    held = contextlib.ExitStack()
    held.enter_context(signals.deferred())
    try:
        signals.arm()
        if manifest_file is None and wanted_workers > 1:
            listed = _listed(paths)
            pool.start_early(min(wanted_workers, len(listed or ())))
        from . import batch_run
    except BaseException:
        held.close()  # a failure here is said as it is, and a signal acted on at once
        raise
    options = batch_run.Options(
        paths, manifest_file, style_name, paper, output, pack_file, duplex, shard_text,
        report_file, resume_file, max_memory_text, format_text, quiet, draft,
    )  # fmt: skip
    batch_run.run(options, wanted_workers, listed, start, held)


def _listed(paths: tuple[Path, ...]) -> list[Path] | None:
    """The content files ``paths`` name, or ``None`` when that is an error (said later,
    in its turn among the checks of ``batch_run``)."""
    from ..errors import HandoutError
    from ..model import inputs

    try:
        return inputs.expand(paths or [Path("content")])
    except HandoutError:
        return None


def _workers(asked: int | None, force: bool) -> int:
    """Workers to start: as asked, but not more than the cores unless forced."""
    cores = pool.default_workers()
    if asked is None:
        return cores
    if asked > cores and not force:
        click.echo(
            f"--jobs {asked}: this computer lets handout use {cores} core"
            f"{'s' if cores != 1 else ''}; starting {cores} workers "
            "(add --force-jobs to start more)",
            err=True,
        )
        return cores
    return asked
