"""The batch report: what a run did, job by job, written whatever happened; and resuming from it.

The report is written atomically at the end of every run that got as far as a job
list: complete, failed or interrupted.  Every handout is listed as ``built`` (with
the SHA-256 of its PDF), ``failed`` or ``error`` (with the message), or
``not started``.  File names are escaped as ``names.escape`` describes, so the JSON
holds only valid text and every name can be turned back into its bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import files
from ..errors import UsageError
from ..model import yamlfile
from . import digests
from .batch import BUILT, ERROR, FAILED, Plan, Result, Task, written

if TYPE_CHECKING:  # pikepdf is loaded only when a pack is asked for
    from ..pdf import pack

RESUMED = "resumed"
"""A result taken over from an earlier report (``--resume``): built then, unchanged since."""
NOT_STARTED = "not started"
COMPLETE, INTERRUPTED, FAILED_RUN = "complete", "interrupted", "failed"


@dataclass(frozen=True)
class Facts:
    plan: Plan
    results: Sequence[Result]
    seconds: float
    part: tuple[int, int]
    packed: pack.Packed | str | None
    interrupted: bool
    aborted: bool = False
    """Stopped for a reason other than a signal (no worker could start)."""


def status(facts: Facts) -> str:
    """``interrupted``, ``failed`` (a handout or the pack), or ``complete``."""
    if facts.interrupted:
        return INTERRUPTED
    failed = any(r.status in (FAILED, ERROR) for r in facts.results)
    if failed or facts.aborted or isinstance(facts.packed, str):
        return FAILED_RUN
    return COMPLETE


def write(path: Path, facts: Facts) -> None:
    """Write the report to ``path`` atomically (``HandoutError`` when the disk refuses)."""
    files.write_atomic_chunks(path, _chunks(facts))


ROWS_AT_ONCE = 256
"""Handouts turned into JSON and written at a time: a report of 10,000 handouts is
never held whole in memory, as rows or as text."""


def _chunks(facts: Facts) -> Iterator[bytes]:
    """The report as ``json.dumps(..., indent=2)`` writes it (with a newline), in pieces:
    everything but the handouts, then each handout's row, one at a time."""
    rows = _rows(facts)
    first = next(rows, None)
    skeleton = _content(facts, [] if first is None else [_ROWS])
    text = json.dumps(skeleton, indent=2) + "\n"
    if first is None:
        yield text.encode()
        return
    before, after = text.split(json.dumps(_ROWS))
    yield before.encode()
    batch = [first]
    for row in rows:
        if len(batch) == ROWS_AT_ONCE:
            yield (_rows_text(batch) + "," + _IN_LIST).encode()
            batch = []
        batch.append(row)
    yield _rows_text(batch).encode()
    yield after.encode()


_ROWS = "\x00rows\x00"
"""Where the handouts' rows go in the report's text."""
_IN_LIST = "\n" + " " * 4
"""A row's line break, where the report has it: in the list of handouts, two levels in."""


def _rows_text(rows: list[dict[str, Any]]) -> str:
    """Rows as ``json.dumps(report, indent=2)`` writes them inside its list of handouts."""
    return ("," + _IN_LIST).join(json.dumps(row, indent=2).replace("\n", _IN_LIST) for row in rows)


def _rows(facts: Facts) -> Iterator[dict[str, Any]]:
    """Each handout's row, in task order."""
    plan = facts.plan
    by_task = {r.task: r for r in facts.results}
    style_digests: dict[int, str] = {}
    for i, task in enumerate(plan.tasks):
        used = plan.styles[task.style]
        r = by_task.get(i)
        made = r is not None and r.status in (BUILT, RESUMED)
        row: dict[str, Any] = {
            "input": yamlfile.display_name(task.source),
            "output": yamlfile.display_name(written(task)[0]),
            "formats": list(task.formats),
            # what this run wrote (or found unchanged), and is there: none for a failure
            "files": [yamlfile.display_name(p) for p in written(task) if made and p.is_file()],
            "style": used.name,
            "paper": used.page.size,
            "copies": task.copies,
            "pages": r.pages if r else 0,
            "tightened": bool(r and r.tightened),
            "status": _status(r),
            "draft": plan.draft,
            "message": (r.message or None) if r else None,
            "time": round(r.seconds, 4) if r else 0,
        }
        if r is not None and r.status in (BUILT, RESUMED):
            row["sha256"] = r.sha256
            if r.status == RESUMED:
                row["resumed"] = True
            row["inputs"] = _inputs(plan, task, style_digests)
        yield row


def _status(r: Result | None) -> str:
    """A handout's status in the report (one taken over from ``--resume`` is built)."""
    return NOT_STARTED if r is None else BUILT if r.status == RESUMED else r.status


def _content(facts: Facts, handouts: list[Any]) -> dict[str, Any]:
    """The report, with ``handouts`` for its list of handouts (the totals count them all)."""
    plan = facts.plan
    by_task = {r.task: r for r in facts.results}
    made = [by_task.get(i) for i in range(len(plan.tasks))]
    statuses = [_status(r) for r in made]
    count = {s: statuses.count(s) for s in (BUILT, FAILED, ERROR)}
    totals = {
        "handouts": len(plan.tasks),
        **count,
        "not_started": statuses.count(NOT_STARTED),
        "resumed": sum(r.status == RESUMED for r in facts.results),
        "pages": sum(r.pages for r in made if r),
        "tightened": sum(bool(r and r.tightened) for r in made),
        "time": round(facts.seconds, 3),
    }
    return {
        "status": status(facts),
        "shard": f"{facts.part[0]}/{facts.part[1]}",
        "draft": plan.draft,
        "handouts": handouts,
        "totals": totals,
        "pack": _pack_info(facts.packed, facts.interrupted or facts.aborted),
    }


def _pack_info(packed: pack.Packed | str | None, interrupted: bool) -> dict[str, Any] | None:
    if isinstance(packed, str):
        return {"status": FAILED, "message": packed}
    if packed is None:
        return {"status": NOT_STARTED} if interrupted else None
    return {
        "file": yamlfile.display_name(packed.path),
        "status": BUILT,
        "handouts": packed.handouts,
        "copies": packed.copies,
        "pages": packed.pages,
        "blank_pages": packed.blanks,
        "bytes": packed.size,
    }


def _inputs(plan: Plan, task: Task, style_digests: dict[int, str]) -> dict[str, Any]:
    """A task's ``inputs`` (``digests.inputs``), each style's digest made once."""
    if task.style not in style_digests:
        style_digests[task.style] = digests.style_digest(plan.styles[task.style])
    used = plan.styles[task.style]
    return digests.inputs(
        task.source, style_digests[task.style], task.formats, used.page.size, plan.draft
    )


@dataclass(frozen=True)
class Resumed:
    """What ``--resume`` takes over from an earlier report, and what it builds again."""

    earlier: dict[int, Result]
    """Tasks built then whose files are there, unchanged, and made from the same inputs."""
    again: dict[int, str]
    """Tasks built then that are built again, with why (``digests.WHAT``)."""


def resumable(plan: Plan, path: Path) -> Resumed:
    """The tasks an earlier report lists as built whose files are still there, unchanged,
    and whose inputs (content, style with its logo and fonts, paper, formats, draft,
    version of ``handout``) are what they were; and why each other built one is not.
    """
    name = yamlfile.display_name(path)
    try:
        data = json.loads(yamlfile.read_text(path))
        rows = {h["output"]: h for h in data["handouts"] if isinstance(h, dict)}
    except (ValueError, KeyError, TypeError):
        raise UsageError(name, "is not a report written by handout batch --report") from None
    earlier: dict[int, Result] = {}
    again: dict[int, str] = {}
    style_digests: dict[int, str] = {}
    for i, task in enumerate(plan.tasks):
        first = written(task)[0]
        row = rows.get(yamlfile.display_name(first))
        if row is None or row.get("status") != BUILT or not isinstance(row.get("sha256"), str):
            continue
        why = digests.changed(row.get("inputs"), _inputs(plan, task, style_digests))
        if why is not None:
            again[i] = why
            continue
        if any(not p.is_file() for p in written(task)):
            again[i] = "a file it wrote is gone"
            continue
        try:
            same = files.sha256_file(first) == row["sha256"]
        except OSError:
            same = False
        if not same:
            again[i] = "its file was changed since"
            continue
        earlier[i] = Result(i, RESUMED, int(row.get("pages") or 0), 0.0, "", row["sha256"])
    return Resumed(earlier, again)
