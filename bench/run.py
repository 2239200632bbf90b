"""Run the benchmark: cold, warm, other tools, batch and pack; print a table, write JSON.

    python -m bench [--quick] [--out bench/results/latest.json]

Everything renders the same content: the shipped handout, and for the warm loop
and the batches variants of it with two words swapped in every paragraph
(``corpus.variant``), so no two renders are alike.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from typing import Any

from . import corpus, measure

RESULTS = corpus.REPO / "bench" / "results"
TARGETS = {
    "warm_median_ms": 10.0,
    "cold_build_s": 0.3,
    "batch_handouts_per_s": 150.0,
    "worker_memory_growth": 0.10,
    "pack_extra_s": 3.0,
}
RATIO_TARGETS = {
    "cold_vs_plain": (1.0, True),
    "warm_fit_off_vs_plain": (1.0, True),
    "tightened_vs_fit_off": (1.15, True),
    "batch_vs_plain": (1.0, False),
}
"""Ratios measured side by side in one run (issue #24): the value, and whether lower is better.

``cold_vs_plain``: ``handout build`` over the plain ReportLab script, whole processes (time);
``warm_fit_off_vs_plain``: a warm render with fitting off over plain ReportLab's (time);
``tightened_vs_fit_off``: a warm render as shipped (tightened on Letter) over fitting off;
``batch_vs_plain``: handouts a second of ``handout batch`` over the plain ReportLab pool's.
"""


@dataclass(frozen=True)
class Counts:
    cold_runs: int
    warmups: int
    renders: int
    batches: tuple[int, ...]
    jobs: int
    side_by_side: int = 300
    """Handouts in the batch every tool makes in turn (``side_by_side_batch``)."""
    side_runs: int = 3
    """Rounds of that batch (each tool once a round); the median rate counts."""

    @classmethod
    def for_mode(cls, quick: bool, jobs: int) -> Counts:
        if quick:
            return cls(1, 1, 5, (8, 16), jobs, side_by_side=12, side_runs=1)
        return cls(cold_runs=7, warmups=10, renders=200, batches=(1000, 10000), jobs=jobs)


@dataclass(frozen=True)
class Tool:
    key: str
    label: str
    module: str | None
    """``bench`` module with a ``python -m`` entry point; ``None`` for ``handout`` itself."""
    needs: str | None
    """Distribution that must be installed (the ``bench`` extra), if any."""


FIT_OFF = "handout_fit_off"
"""The warm loop's second ``handout`` entry: the default style with ``fit.enabled: false``."""

TOOLS = (
    Tool("handout", "handout", None, None),
    Tool("reportlab", "plain ReportLab", "bench.plain_reportlab", None),
    Tool("typst", "Typst", "bench.typst_doc", "typst"),
    Tool("weasyprint", "WeasyPrint", "bench.weasy_doc", "weasyprint"),
)


def version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def missing_reason(tool: Tool) -> str | None:
    """Why a tool cannot run here, or ``None``."""
    if tool.needs is None:
        return None
    if version(tool.needs) is None:
        return f"{tool.needs} is not installed (pip install -e '.[bench]')"
    try:
        __import__(tool.needs)
    except Exception as exc:  # e.g. WeasyPrint without the Pango library
        return f"{tool.needs} cannot load: {exc}".splitlines()[0]
    return None


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average_at_start": _load(),
    }


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def child_env() -> dict[str, str]:
    """The environment for timed processes: bytecode caches allowed, as on any install."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(
        x for x in (str(corpus.REPO), env.get("PYTHONPATH", "")) if x
    )
    return env


def handout_cmd() -> list[str]:
    """The installed ``handout`` command, as a user runs it."""
    script = Path(sys.executable).with_name("handout")
    if script.is_file():
        return [str(script)]
    found = shutil.which("handout")
    if found:
        return [found]
    return [sys.executable, "-c", "from handout.cli import main; main()"]


def cold(tools: list[Tool], counts: Counts, work: Path) -> dict[str, Any]:
    """Each tool as a whole process on the shipped handout; runs interleaved across tools."""
    env = child_env()
    src = str(corpus.SHIPPED)
    cmds = {}
    for tool in tools:
        out = str(work / f"cold-{tool.key}.pdf")
        if tool.module is None:
            cmds[tool.key] = [*handout_cmd(), "build", src, "-o", out]
        else:
            cmds[tool.key] = [sys.executable, "-m", tool.module, src, out]
    for cmd in cmds.values():  # warm-up: file cache and bytecode caches
        measure.run(cmd, env, corpus.REPO)
    times: dict[str, list[float]] = {k: [] for k in cmds}
    for _ in range(counts.cold_runs):
        for key, cmd in cmds.items():
            times[key].append(measure.run(cmd, env, corpus.REPO))
    return {k: measure.summary(v) for k, v in times.items()}


def renderers(tools: list[Tool]) -> dict[str, Callable[[Any], bytes]]:
    """One render function per tool, everything loaded once as a long-lived service would."""
    from handout.jobs import build
    from handout.model import style

    resolved = style.resolve(None)
    loose = replace(resolved, fit=replace(resolved.fit, enabled=False))
    out: dict[str, Callable[[Any], bytes]] = {
        "handout": lambda h: build.render(h, resolved)[0],
        FIT_OFF: lambda h: build.render(h, loose)[0],
    }
    for tool in tools:
        if tool.key == "reportlab":
            from . import plain_reportlab

            plain_reportlab.register_fonts()
            out["reportlab"] = plain_reportlab.render
        elif tool.key == "typst":
            from . import typst_doc

            out["typst"] = typst_doc.Renderer().render
        elif tool.key == "weasyprint":
            from . import weasy_doc

            out["weasyprint"] = weasy_doc.Renderer().render
    return out


def warm(tools: list[Tool], counts: Counts) -> dict[str, Any]:
    """Render inside this process, the tools taking turns on each variant.

    The order of the turns rotates from one variant to the next, so that every tool
    follows every other equally often: a render that comes right after WeasyPrint's
    finds the processor's caches full of WeasyPrint's data and meets the collection of
    its garbage.  In a fixed order, the first tool of every round paid for that
    (measured on the shipped handout: the tightened render, first, 1.20 times the
    untightened one, second; 0.99 times with the two swapped; 1.15 rotating).
    """
    render = renderers(tools)
    base = corpus.shipped()
    for i in range(counts.warmups):
        h = corpus.variant(base, 100_000 + i)
        for fn in render.values():
            fn(h)
    variants = [corpus.variant(base, 200_000 + i) for i in range(counts.renders)]
    times: dict[str, list[float]] = {k: [] for k in render}
    cpu: dict[str, list[float]] = {k: [] for k in render}
    sizes: dict[str, int] = {}
    keys = list(render)
    gc.collect()
    for i, h in enumerate(variants):
        turn = i % len(keys)
        for key in keys[turn:] + keys[:turn]:
            fn = render[key]
            start, start_cpu = time.perf_counter(), time.process_time()
            data = fn(h)
            times[key].append(time.perf_counter() - start)
            cpu[key].append(time.process_time() - start_cpu)
            if not data.startswith(b"%PDF"):
                raise RuntimeError(f"{key} did not produce a PDF")
            sizes[key] = len(data)
    result = {
        k: {
            **measure.summary(v),
            "cpu_median_ms": measure.summary(cpu[k])["median_ms"],
            "pdf_bytes": sizes[k],
        }
        for k, v in times.items()
    }
    base_ms = result["handout"]["median_ms"]
    for entry in result.values():
        entry["ratio_to_handout"] = round(entry["median_ms"] / base_ms, 2)
    return result


def _run_batch(
    folder: Path, out: Path, jobs: int, extra: list[str]
) -> tuple[float, float, dict[str, Any], float]:
    """One ``handout batch``: wall and CPU seconds, memory, and its own build time.

    The build time is what the command reports for building the handouts (its
    ``--report`` totals), without start-up, the pack, or the summary.
    """
    report = out.with_suffix(".report.json")
    cmd = [*handout_cmd(), "batch", str(folder), "-o", str(out), "--jobs", str(jobs)]
    cmd += ["--report", str(report), *extra]
    seconds, cpu, memory = measure.run_watched(cmd, child_env(), corpus.REPO)
    built = float(json.loads(report.read_text(encoding="utf-8"))["totals"]["time"])
    return seconds, cpu, memory, built


def batch(counts: Counts, work: Path) -> dict[str, Any]:
    """``handout batch`` of generated handouts with ``--jobs``; then ``--pack`` of the first."""
    runs: dict[str, Any] = {}
    for n in counts.batches:
        folder = work / f"corpus-{n}"
        corpus.write(folder, n)
        out = work / f"out-{n}"
        seconds, cpu, memory, built = _run_batch(folder, out, counts.jobs, [])
        pdfs = len(list(out.glob("*.pdf")))
        if pdfs < n:
            raise RuntimeError(f"batch of {n} wrote {pdfs} PDFs")
        runs[str(n)] = {
            "handouts": n,
            "seconds": round(seconds, 3),
            "build_seconds": round(built, 3),
            "handouts_per_s": round(n / seconds, 1),
            "cpu_seconds": round(cpu, 2),
            "cpu_ms_per_handout": round(cpu / n * 1000, 2),
            "memory": memory,
        }
        shutil.rmtree(out)
        if n != counts.batches[0]:
            shutil.rmtree(folder)
    first = counts.batches[0]
    plain = runs[str(first)]
    pack_file = work / f"pack-{first}.pdf"
    seconds, cpu, _, built = _run_batch(
        work / f"corpus-{first}", work / f"pack-{first}", counts.jobs, ["--pack", str(pack_file)]
    )
    # What the pack adds: the time outside building, compared with the same run without it
    # (the building itself varies from run to run by more than the pack takes).
    extra = (seconds - built) - (plain["seconds"] - plain["build_seconds"])
    return {
        "jobs": counts.jobs,
        "runs": runs,
        "pack": {
            "handouts": first,
            "seconds": round(seconds, 3),
            "extra_seconds": round(extra, 3),
            "extra_cpu_seconds": round(cpu - plain["cpu_seconds"], 2),
            "bytes": pack_file.stat().st_size,
        },
    }


def side_by_side_batch(tools: list[Tool], counts: Counts, work: Path) -> dict[str, Any]:
    """The same folder of handouts made by every tool in turn, ``counts.side_runs`` rounds.

    ``handout``: ``handout batch --jobs N --paper letter`` as a whole process, every PDF
    written (checked); the others: a pool of N processes rendering in memory
    (``bench.peerpool``), timed from the pool's start to its last PDF.  The folder holds
    variants of the shipped handout (``corpus.variant``): on Letter every one is
    tightened to fit, and none repeats another, so no cache helps.
    """
    n, jobs = counts.side_by_side, counts.jobs
    folder = work / f"side-{n}"
    corpus.write(folder, n)
    env = child_env()
    rates: dict[str, list[float]] = {t.key: [] for t in tools}
    for round_ in range(counts.side_runs):
        for tool in tools:
            if tool.module is None:
                out = work / f"side-out-{round_}"
                cmd = [*handout_cmd(), "batch", str(folder), "-o", str(out)]
                cmd += ["--jobs", str(jobs), "--paper", "letter", "-q"]
                seconds = measure.run(cmd, env, corpus.REPO)
                made = len(list(out.glob("*.pdf")))
                shutil.rmtree(out)
            else:
                cmd = [sys.executable, "-m", "bench.peerpool", tool.key, str(folder)]
                done = subprocess.run(
                    [*cmd, "--jobs", str(jobs)], env=env, cwd=corpus.REPO, capture_output=True
                )
                if done.returncode != 0:
                    raise RuntimeError(f"{' '.join(cmd)}: {done.stderr.decode()[-2000:]}")
                told = json.loads(done.stdout)
                seconds, made = told["seconds"], told["pdfs"]
            if made != n:
                raise RuntimeError(f"{tool.key} made {made} of {n} PDFs")
            rates[tool.key].append(n / seconds)
    shutil.rmtree(folder)
    return {
        "handouts": n,
        "jobs": jobs,
        "rounds": counts.side_runs,
        "per_s": {k: round(statistics.median(v), 1) for k, v in rates.items()},
        "all_per_s": {k: [round(x, 1) for x in v] for k, v in rates.items()},
    }


def ratios(result: dict[str, Any]) -> dict[str, float]:
    """The ratios of ``RATIO_TARGETS`` that this run measured."""
    out: dict[str, float] = {}
    cold, warm = result.get("cold", {}), result.get("warm", {})
    if "handout" in cold and "reportlab" in cold:
        out["cold_vs_plain"] = cold["handout"]["median_ms"] / cold["reportlab"]["median_ms"]
    if FIT_OFF in warm and "reportlab" in warm:
        out["warm_fit_off_vs_plain"] = warm[FIT_OFF]["median_ms"] / warm["reportlab"]["median_ms"]
    if FIT_OFF in warm and "handout" in warm:
        out["tightened_vs_fit_off"] = warm["handout"]["median_ms"] / warm[FIT_OFF]["median_ms"]
    side = result.get("side_by_side")
    if isinstance(side, dict) and {"handout", "reportlab"} <= set(side["per_s"]):
        out["batch_vs_plain"] = side["per_s"]["handout"] / side["per_s"]["reportlab"]
    return {k: round(v, 2) for k, v in out.items()}


def ratio_table(result: dict[str, Any]) -> str:
    """Handout, plain ReportLab, Typst and WeasyPrint side by side, with the ratios."""
    keys = [t.key for t in TOOLS]
    labels = {t.key: t.label for t in TOOLS}
    found = result.get("ratios", {})
    lines = [
        "| | " + " | ".join(labels[k] for k in keys) + " | handout : plain ReportLab | target |",
        "|---" * (len(keys) + 3) + "|",
    ]

    def cell(section: str, key: str, fmt: Callable[[dict[str, Any]], str]) -> str:
        entry = result.get(section, {}).get(key) if isinstance(result.get(section), dict) else None
        if entry:
            return fmt(entry)
        return "skipped" if key in result["skipped"] else "-"

    def ratio(name: str) -> tuple[str, str]:
        target, lower = RATIO_TARGETS[name]
        value = found.get(name)
        shown = "-" if value is None else f"{value:.2f}x"
        return shown, f"{'<=' if lower else '>='} {target:.2f}x"

    def row(name: str, cells: list[str], ratio_name: str) -> None:
        value, target = ratio(ratio_name)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {value} | {target} |")

    row(
        f"cold: build of the shipped handout, whole process (median of "
        f"{result['counts']['cold_runs']}), time",
        [cell("cold", k, _cold) for k in keys],
        "cold_vs_plain",
    )
    fit_off = [cell("warm", FIT_OFF if k == "handout" else k, _median) for k in keys]
    row("warm render, handout with fitting off, time (median)", fit_off, "warm_fit_off_vs_plain")
    shipped = [cell("warm", "handout", _median)] + ["-" for _ in keys[1:]]
    row(
        "warm render, as shipped (tightened on Letter) : fitting off",
        shipped,
        "tightened_vs_fit_off",
    )
    side = result.get("side_by_side")
    if isinstance(side, dict):
        rate = [
            f"{side['per_s'][k]:.0f} /s"
            if k in side["per_s"]
            else ("skipped" if k in result["skipped"] else "-")
            for k in keys
        ]
        row(
            f"batch: {side['handouts']} handouts on Letter, {side['jobs']} processes, handouts/s",
            rate,
            "batch_vs_plain",
        )
    return "\n".join(lines)


def _median(e: dict[str, Any]) -> str:
    return f"{e['median_ms']:.2f} ms"


def verdicts(result: dict[str, Any]) -> dict[str, Any]:
    """Each target with the measured figure and whether it is met."""
    out: dict[str, Any] = {}
    w = result["warm"].get("handout")
    if w:
        out["warm_median_ms"] = _verdict(w["median_ms"], TARGETS["warm_median_ms"], lower=True)
    c = result["cold"].get("handout")
    if c:
        cold_s = round(c["median_ms"] / 1000, 3)
        out["cold_build_s"] = _verdict(cold_s, TARGETS["cold_build_s"], lower=True)
    b = result.get("batch")
    if isinstance(b, dict) and "runs" in b:
        runs = list(b["runs"].values())
        slowest = min(r["handouts_per_s"] for r in runs)
        out["batch_handouts_per_s"] = _verdict(slowest, TARGETS["batch_handouts_per_s"])
        mems = [r["memory"]["largest_worker_peak_mb"] for r in runs]
        if len(mems) > 1 and all(mems):
            growth = mems[-1] / mems[0] - 1
            out["worker_memory_growth"] = _verdict(
                round(growth, 3), TARGETS["worker_memory_growth"], lower=True
            )
        out["pack_extra_s"] = _verdict(
            b["pack"]["extra_seconds"], TARGETS["pack_extra_s"], lower=True
        )
    for name, value in result.get("ratios", {}).items():
        target, lower = RATIO_TARGETS[name]
        out[name] = _verdict(value, target, lower=lower)
    return out


def _verdict(value: float, target: float, lower: bool = False) -> dict[str, Any]:
    met = value <= target if lower else value >= target
    return {"value": value, "target": target, "met": met}


def table(result: dict[str, Any]) -> str:
    """The figures as a Markdown table (also what docs/performance.md shows)."""
    labels = {t.key: t.label for t in TOOLS}
    keys = [t.key for t in TOOLS]
    lines = ["| | " + " | ".join(labels[k] for k in keys) + " |", "|---" * (len(keys) + 1) + "|"]

    def row(name: str, fn: Callable[[str], str]) -> None:
        lines.append(f"| {name} | " + " | ".join(fn(k) for k in keys) + " |")

    def cell(section: str, key: str, fmt: Callable[[dict[str, Any]], str]) -> str:
        entry = result[section].get(key)
        return fmt(entry) if entry else result["skipped"].get(key, "-")

    row("cold, whole process (median)", lambda k: cell("cold", k, _cold))
    row("warm render, median", lambda k: cell("warm", k, lambda e: f"{e['median_ms']:.2f} ms"))
    row("warm render, p90", lambda k: cell("warm", k, lambda e: f"{e['p90_ms']:.2f} ms"))
    row("warm render, CPU time (median)", lambda k: cell("warm", k, _cpu))
    row("warm, time / handout's", lambda k: cell("warm", k, lambda e: f"{e['ratio_to_handout']}x"))
    row("cold, time / handout's", lambda k: cell("cold", k, lambda e: _cold_ratio(result, e)))
    row("PDF size", lambda k: cell("warm", k, lambda e: f"{e['pdf_bytes'] / 1024:.0f} KiB"))
    out = "\n".join(lines)
    b = result.get("batch")
    if isinstance(b, dict) and "runs" in b:
        out += f"\n\n| `handout batch --jobs {b['jobs']}` | wall time | handouts/s | "
        out += "CPU per handout (all processes) | largest worker peak RSS | main process peak RSS |"
        out += "\n|---|---|---|---|---|---|\n"
        for r in b["runs"].values():
            m = r["memory"]
            out += (
                f"| {r['handouts']:,} handouts | {r['seconds']:.2f} s | {r['handouts_per_s']:.0f}"
                f" | {r['cpu_ms_per_handout']:.1f} ms | {_mb(m['largest_worker_peak_mb'])}"
                f" | {_mb(m['main_peak_mb'])} |\n"
            )
        p = b["pack"]
        out += (
            f"| `--pack` of {p['handouts']:,} | {p['seconds']:.2f} s "
            f"(+{p['extra_seconds']:.2f} s) | | +{p['extra_cpu_seconds']:.2f} CPU-s | "
            f"pack file: {p['bytes'] / 1048576:.1f} MiB | |"
        )
    elif b:
        out += f"\n\nbatch: {b}"
    return out


def _cpu(e: dict[str, Any]) -> str:
    return f"{e['cpu_median_ms']:.2f} ms"


def _cold(e: dict[str, Any]) -> str:
    return f"{e['median_ms'] / 1000:.3f} s"


def _cold_ratio(result: dict[str, Any], e: dict[str, Any]) -> str:
    return f"{e['median_ms'] / result['cold']['handout']['median_ms']:.2f}x"


def _mb(v: float | None) -> str:
    return "-" if v is None else f"{v:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny counts (a smoke run)")
    parser.add_argument("--out", type=Path, default=RESULTS / "latest.json", help="JSON file")
    parser.add_argument("--jobs", type=int, default=2, help="handout batch --jobs (default 2)")
    parser.add_argument("--no-batch", action="store_true", help="skip the batch and pack runs")
    args = parser.parse_args(argv)
    counts = Counts.for_mode(args.quick, args.jobs)
    measure.adopt_orphans()

    tools, skipped = [], {}
    for tool in TOOLS:
        reason = missing_reason(tool)
        if reason:
            skipped[tool.key] = f"skipped: {reason}"
        else:
            tools.append(tool)
    result: dict[str, Any] = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": machine(),
        "versions": {
            d: version(d)
            for d in ("handout", "reportlab", "rl_accel", "typst", "weasyprint", "click", "pyyaml")
        },
        "counts": {
            "cold_runs": counts.cold_runs,
            "warm_renders": counts.renders,
            "warmups": counts.warmups,
        },
        "skipped": skipped,
    }
    result["interference"] = {}

    def phase(name: str, fn: Callable[[], Any]) -> Any:
        """Run one phase, noting how much CPU other processes took meanwhile."""
        share, start = measure.CpuShare(), time.perf_counter()
        value = fn()
        wall = time.perf_counter() - start
        others = share.others()
        result["interference"][name] = {"wall_s": round(wall, 2), "other_processes_cpu_s": others}
        if others is not None and others > 0.05 * wall:
            print(
                f"note: other processes used {others:.1f} CPU-seconds during the {wall:.1f} s "
                f"of the {name} phase; figures are slower than on a quiet machine",
                file=sys.stderr,
            )
        return value

    with tempfile.TemporaryDirectory(prefix="handout-bench-") as tmp:
        work = Path(tmp)
        print(f"cold: {counts.cold_runs} runs of each tool ...", file=sys.stderr)
        result["cold"] = phase("cold", lambda: cold(tools, counts, work))
        print(f"warm: {counts.renders} renders of each tool ...", file=sys.stderr)
        result["warm"] = phase("warm", lambda: warm(tools, counts))
        if args.no_batch:
            result["batch"] = "skipped: --no-batch"
            result["side_by_side"] = "skipped: --no-batch"
        else:
            n = counts.side_by_side
            print(f"side by side: a batch of {n} by each tool ...", file=sys.stderr)
            result["side_by_side"] = phase(
                "side_by_side", lambda: side_by_side_batch(tools, counts, work)
            )
            print(f"batch: {', '.join(map(str, counts.batches))} handouts ...", file=sys.stderr)
            result["batch"] = phase("batch", lambda: batch(counts, work))
    result["machine"]["load_average_at_end"] = _load()
    result["ratios"] = ratios(result)
    result["targets"] = verdicts(result)
    result["ratio_table"] = ratio_table(result)
    result["table"] = table(result)
    print(result["ratio_table"], end="\n\n")
    print(result["table"])
    if args.quick:
        print("quick run: counts too small to judge the targets below", file=sys.stderr)
    for name, v in result["targets"].items():
        print(f"{name}: {v['value']} (target {v['target']}) {'met' if v['met'] else 'MISSED'}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0
