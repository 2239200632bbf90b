"""The batch report: what a run did, job by job, written whatever happened; and resuming from it.

The report is written atomically at the end of every run that got as far as a job
list: complete, failed or interrupted.  Every handout is listed as ``built`` (with
the SHA-256 of its PDF), ``failed`` or ``error`` (with the message), or
``not started``.  File names are escaped as ``names.escape`` describes, so the JSON
holds only valid text and every name can be turned back into its bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import files
from ..errors import UsageError
from ..model import yamlfile
from .batch import BUILT, ERROR, FAILED, Plan, Result, written

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
    files.write_atomic(path, (json.dumps(content(facts), indent=2) + "\n").encode())


def content(facts: Facts) -> dict[str, Any]:
    plan = facts.plan
    by_task = {r.task: r for r in facts.results}
    handouts = []
    for i, task in enumerate(plan.tasks):
        used = plan.styles[task.style]
        r = by_task.get(i)
        row: dict[str, Any] = {
            "input": yamlfile.display_name(task.source),
            "output": yamlfile.display_name(written(task)[0]),
            "formats": list(task.formats),
            "files": [yamlfile.display_name(p) for p in written(task)],
            "style": used.name,
            "paper": used.page.size,
            "copies": task.copies,
            "pages": r.pages if r else 0,
            "tightened": bool(r and r.tightened),
            "status": NOT_STARTED if r is None else BUILT if r.status == RESUMED else r.status,
            "draft": plan.draft,
            "message": (r.message or None) if r else None,
            "time": round(r.seconds, 4) if r else 0,
        }
        if r is not None and r.status in (BUILT, RESUMED):
            row["sha256"] = r.sha256
            if r.status == RESUMED:
                row["resumed"] = True
        handouts.append(row)
    count = {s: sum(h["status"] == s for h in handouts) for s in (BUILT, FAILED, ERROR)}
    totals = {
        "handouts": len(handouts),
        **count,
        "not_started": sum(h["status"] == NOT_STARTED for h in handouts),
        "resumed": sum(r.status == RESUMED for r in facts.results),
        "pages": sum(h["pages"] for h in handouts),
        "tightened": sum(h["tightened"] for h in handouts),
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


def resumable(plan: Plan, path: Path) -> dict[int, Result]:
    """The tasks an earlier report lists as built whose PDF is still there, unchanged.

    A handout counts only when the report gives it the same output, style and
    paper, and the PDF on disk has the SHA-256 the report recorded.
    """
    name = yamlfile.display_name(path)
    try:
        data = json.loads(yamlfile.read_text(path))
        rows = {h["output"]: h for h in data["handouts"] if isinstance(h, dict)}
    except (ValueError, KeyError, TypeError):
        raise UsageError(name, "is not a report written by handout batch --report") from None
    earlier: dict[int, Result] = {}
    for i, task in enumerate(plan.tasks):
        first = written(task)[0]
        row = rows.get(yamlfile.display_name(first))
        used = plan.styles[task.style]
        if (
            row is None
            or row.get("status") != BUILT
            or not isinstance(row.get("sha256"), str)
            or (row.get("style"), row.get("paper")) != (used.name, used.page.size)
            or row.get("formats", ["pdf"]) != list(task.formats)
            or any(not p.is_file() for p in written(task))
        ):
            continue
        try:
            same = files.sha256_file(first) == row["sha256"]
        except OSError:
            same = False
        if same:
            earlier[i] = Result(i, RESUMED, int(row.get("pages") or 0), 0.0, "", row["sha256"])
    return earlier
