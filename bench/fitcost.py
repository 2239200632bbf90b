"""What fitting costs a warm render: the shipped handout, rendered again and again.

    python -m bench.fitcost [--count 200]

Renders ``--count`` variants of the shipped handout (``bench.corpus``, each one
different) after 20 untimed ones, in three settings: ``default`` on Letter (where
it is tightened to fit), on A4 (where it needs no tightening) and on Letter with
``fit.enabled: false``.  Prints the median wall time and the median CPU time of a
render, and the pages.  Run it with ``PYTHONPATH`` pointing at an older ``src/`` to
time that version (one without the ``fit`` key skips the third setting).
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time

from handout.jobs import build
from handout.model import style as styles
from handout.model.stylemodel import Style

from . import corpus


def settings() -> dict[str, Style]:
    default = styles.resolve("default")
    out = {"letter": default.with_paper("letter"), "a4": default.with_paper("a4")}
    if any(f.name == "fit" for f in dataclasses.fields(Style)):
        off = dataclasses.replace(default.fit, enabled=False)
        out["letter, fit off"] = dataclasses.replace(out["letter"], fit=off)
    return out


def measure(style: Style, count: int) -> tuple[float, float, set[int]]:
    """Median wall and CPU seconds of a warm render, and the page counts seen."""
    base = corpus.shipped()
    handouts = [corpus.variant(base, seed) for seed in range(count + 20)]
    for h in handouts[:20]:
        build.render(h, style)
    wall, cpu, pages = [], [], set()
    for h in handouts[20:]:
        t0, c0 = time.perf_counter(), time.process_time()
        _, n = build.render(h, style)
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        pages.add(n)
    return statistics.median(wall), statistics.median(cpu), pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fitcost", description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args(argv)
    print("| shipped handout, default | median | CPU (median) | pages |")
    print("|---|---|---|---|")
    for name, style in settings().items():
        wall, cpu, pages = measure(style, args.count)
        shown = "/".join(str(p) for p in sorted(pages))
        print(f"| {name} | {wall * 1000:.2f} ms | {cpu * 1000:.2f} ms | {shown} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
