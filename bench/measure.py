"""Timing and memory helpers: whole-process runs, percentiles, peak memory of a process tree."""

from __future__ import annotations

import math
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(q / 100 * len(ordered)) - 1, 0)]


def summary(seconds: Sequence[float]) -> dict[str, float | int]:
    """Median, p90, min and max in milliseconds, and the sample count."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "median_ms": round(statistics.median(ms), 3),
        "p90_ms": round(percentile(ms, 90), 3),
        "min_ms": round(min(ms), 3),
        "max_ms": round(max(ms), 3),
    }


def adopt_orphans() -> bool:
    """Have the processes a command leaves running when it exits (a batch's fork server,
    which has reaped its workers) handed to this process instead of to init, so that
    ``reap_orphans`` can wait for them and their CPU time reaches ``os.times``: without
    it, ``CpuShare`` counts a batch's workers as other people's work.  Linux only."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(36, 1, 0, 0, 0) == 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


def reap_orphans(timeout: float = 10.0) -> None:
    """Wait until the processes handed over by ``adopt_orphans`` have exited (a fork
    server ends as soon as its parent has); give up after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # none left
            return
        if pid == 0:
            time.sleep(0.005)


def run(cmd: Sequence[str], env: dict[str, str], cwd: Path) -> float:
    """Wall time of one whole process; raise with its output if it fails.  Processes it
    leaves running are waited for afterwards, outside the time (``reap_orphans``)."""
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    took = time.perf_counter() - start
    reap_orphans()
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(cmd)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
    return took


_UNREAPED = [0.0]
"""CPU seconds of watched processes that ``os.times`` never saw (workers of a forkserver)."""


class CpuShare:
    """CPU time the whole machine spent busy, less what this process and its children spent.

    On a shared machine, other people's work slows every figure; this says how much
    of it there was while the benchmark ran (``None`` where /proc/stat is missing).
    """

    def __init__(self) -> None:
        self.start = (_busy_seconds(), _own_seconds())

    def others(self) -> float | None:
        busy0, own0 = self.start
        busy1 = _busy_seconds()
        if busy0 is None or busy1 is None:
            return None
        return round(max(busy1 - busy0 - (_own_seconds() - own0), 0.0), 2)


def _busy_seconds() -> float | None:
    try:
        fields = (PROC / "stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return None
    ticks = [int(x) for x in fields]
    idle = ticks[3] + ticks[4]  # idle + iowait
    return (sum(ticks[:8]) - idle) / _TICK


def _own_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system + _UNREAPED[0]


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _processes() -> dict[int, tuple[int, float]]:
    """Every process: pid -> (parent pid, CPU seconds it used itself), from /proc/*/stat."""
    found: dict[int, tuple[int, float]] = {}
    for entry in os.scandir(PROC):
        if not entry.name.isdigit():
            continue
        try:
            stat = (PROC / entry.name / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        found[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK)
    return found


def _peak_kib(pid: int) -> int | None:
    """The process's peak resident set (VmHWM), in KiB."""
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


@dataclass
class TreeWatch:
    """Peak memory and CPU time of a process and of all its descendants, by polling /proc.

    Each process's own high-water mark (VmHWM) and CPU time are read every
    ``interval`` seconds (every 0.02 s in the first two) while it lives; the last
    reading before it exits counts.
    Workers started by a fork server are not children of the command, and their
    CPU time never reaches ``os.times``; this sees them.
    """

    root: int
    interval: float = 0.2
    peaks: dict[int, int] = field(default_factory=dict)
    cpu: dict[int, float] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    @staticmethod
    def available() -> bool:
        return (PROC / "self" / "status").is_file()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._poll, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()

    def _poll(self) -> None:
        start = time.perf_counter()
        while not self._stop.is_set():
            procs = _processes()
            kids: dict[int, list[int]] = {}
            for pid, (ppid, _) in procs.items():
                kids.setdefault(ppid, []).append(pid)
            todo = [self.root]
            while todo:
                pid = todo.pop()
                peak = _peak_kib(pid)
                if peak is not None:
                    self.peaks[pid] = max(peak, self.peaks.get(pid, 0))
                if pid in procs:
                    self.cpu[pid] = procs[pid][1]
                todo += kids.get(pid, [])
            # Often at first, to see workers of short runs; then rarely, to take little CPU.
            self._stop.wait(self.interval if time.perf_counter() - start > 2 else 0.02)

    def memory(self) -> dict[str, float | int | str | None]:
        workers = [kib for pid, kib in self.peaks.items() if pid != self.root]
        return {
            "method": "/proc VmHWM polling",
            "main_peak_mb": _mb(self.peaks.get(self.root)),
            "largest_worker_peak_mb": _mb(max(workers) if workers else None),
            "processes_seen": len(self.peaks),
        }


def _mb(kib: int | None) -> float | None:
    return None if kib is None else round(kib / 1024, 1)


def run_watched(
    cmd: Sequence[str], env: dict[str, str], cwd: Path
) -> tuple[float, float, dict[str, float | int | str | None]]:
    """Run ``cmd``; its wall time, and the CPU time and peak memory of it and its workers."""
    before = os.times()
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    watch = TreeWatch(proc.pid) if TreeWatch.available() else None
    if watch:
        watch.start()
    out, err = proc.communicate()
    took = time.perf_counter() - start
    if watch:
        watch.stop()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}:\n{out}\n{err}")
    reap_orphans()
    after = os.times()
    reaped = after.children_user + after.children_system
    reaped -= before.children_user + before.children_system
    if watch:
        cpu = max(reaped, sum(watch.cpu.values()))
        _UNREAPED[0] += cpu - reaped
        return took, cpu, watch.memory()
    # Without /proc: the largest process among all children so far (batch, workers, earlier runs).
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if sys.platform == "darwin":  # bytes there, KiB on Linux
        largest //= 1024
    memory: dict[str, float | int | str | None] = {
        "method": "getrusage(RUSAGE_CHILDREN).ru_maxrss (largest child so far)",
        "main_peak_mb": None,
        "largest_worker_peak_mb": _mb(largest),
        "processes_seen": 0,
    }
    return took, reaped, memory
