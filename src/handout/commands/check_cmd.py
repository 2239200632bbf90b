from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from ..authoring import check
from ..errors import EXIT_BAD_INPUT, EXIT_FINDINGS, HandoutError, InputError, Problem
from ..model import inputs, style
from ..model.content import Handout
from . import plural

EXAMPLES = """\b
Examples:
  handout check content/
  handout check content/flu-vs-cold.yaml --max-grade 6 --format json
"""


@click.command("check", epilog=EXAMPLES)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--max-grade",
    type=click.FloatRange(min=0),
    default=8.0,
    show_default=True,
    help="Highest reading grade allowed (Flesch-Kincaid in English; other languages' "
    "formulas turn it into a target on their own scale).",
)
@click.option(
    "--review-months",
    type=click.IntRange(min=1),
    default=24,
    show_default=True,
    help="A handout last reviewed longer ago than this is overdue.",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge review dates as of this day (YYYY-MM-DD) instead of today.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"], case_sensitive=False),
    default="text",
    show_default=True,
    help="json: the same report for scripts.",
)
def command(
    paths: tuple[Path, ...],
    max_grade: float,
    review_months: int,
    as_of: dt.datetime | None,
    fmt: str,
) -> None:
    """Report reading level, long sentences, structure and review dates of content files
    (a folder means its *.yaml and *.yml files).

    One line per finding (FILE:LINE: key: message), then a summary line per file with
    its reading level, measured with a formula made for the handout's language, or
    saying that reading level is not measured for that language (not a finding).
    Exit status 0 when all is within target, 3 when there are findings, 2 for invalid
    input.
    """
    targets = check.Targets(
        max_grade=max_grade,
        review_months=review_months,
        today=as_of.date() if as_of else dt.date.today(),
    )
    files = inputs.expand(paths)
    refuse = _build_refusal()
    reports = []
    for path in files:  # each file's report as soon as it is made (`| head` shows it at once)
        reports.append(check.check_path(path, targets, refuse))
        if fmt != "json":
            for line in reports[-1].lines(targets):
                click.echo(line)
    if fmt == "json":
        click.echo(json.dumps([r.as_json(targets) for r in reports], indent=2, ensure_ascii=False))
    elif len(reports) > 1:
        findings = sum(len(r.findings) for r in reports)
        invalid = sum(not r.valid for r in reports)
        click.echo(
            f"{len(reports)} files checked: {plural(findings, 'finding')}"
            + (f", {invalid} invalid" if invalid else "")
        )
    if any(not r.valid for r in reports):
        raise click.exceptions.Exit(EXIT_BAD_INPUT)
    if any(r.findings for r in reports):
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _build_refusal() -> check.Refusal:
    """What `build` would refuse in a handout in the default style, placeholders aside
    (`check` reports those itself): text no font prints, a footer too long, ..."""
    from ..jobs import build  # the fonts and measures of the PDF: loaded only here

    resolved = style.resolve(None)

    def refused(handout: Handout) -> list[Problem]:
        try:
            build.check(handout, resolved, draft=True)
        except InputError as exc:
            return list(exc.problems)
        except HandoutError as exc:  # a font of the style that cannot be used, say
            return [handout.problem("", exc.message)]
        return []

    return refused
