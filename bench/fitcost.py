"""What fitting costs a warm render: the shipped handout, rendered again and again.

    python -m bench.fitcost [--count 200]

Renders ``--count`` variants of the shipped handout (``bench.corpus``, each one
different) after 20 untimed ones, in three settings: ``default`` on Letter (where
it is tightened to fit), on A4 (where it needs no tightening) and on Letter with
``fit.enabled: false``, and the plain ReportLab script of the bench
(``bench.plain_reportlab``).  The settings take turns, render by render, so that
all meet the same machine; each renders variants of its own (no setting reuses
another's shaped footer line).  Prints the median wall time and the median CPU time
of a render, the pages, and each median CPU time against the untightened render
(``fit off``).  Run it with ``PYTHONPATH`` pointing at an older ``src/`` to time that
version (one without the ``fit`` key skips the third setting).
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


def measure(styles_: dict[str, Style], count: int) -> dict[str, tuple[float, float, set[int]]]:
    """Per setting (and ``plain ReportLab``): median wall and CPU seconds of a warm
    render, and the page counts seen; the settings take turns."""
    from . import plain_reportlab

    plain_reportlab.register_fonts()
    base = corpus.shipped()
    names = [*styles_, PLAIN]
    wall: dict[str, list[float]] = {n: [] for n in names}
    cpu: dict[str, list[float]] = {n: [] for n in names}
    pages: dict[str, set[int]] = {n: set() for n in names}
    for i in range(count + 20):
        for k, name in enumerate(names):
            h = corpus.variant(base, i + 100_000 * k)
            t0, c0 = time.perf_counter(), time.process_time()
            if name == PLAIN:
                plain_reportlab.render(h)
                n = 0
            else:
                _, n = build.render(h, styles_[name])
            if i >= 20:
                wall[name].append(time.perf_counter() - t0)
                cpu[name].append(time.process_time() - c0)
                pages[name].add(n)
    return {
        n: (statistics.median(wall[n]), statistics.median(cpu[n]), pages[n] - {0}) for n in names
    }


PLAIN = "plain ReportLab"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fitcost", description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args(argv)
    found = measure(settings(), args.count)
    off = found.get("letter, fit off", found["letter"])[1]
    print("| shipped handout, default | median | CPU (median) | CPU / fit off | pages |")
    print("|---|---|---|---|---|")
    for name, (wall, cpu, pages) in found.items():
        shown = "/".join(str(p) for p in sorted(pages)) or "-"
        print(
            f"| {name} | {wall * 1000:.2f} ms | {cpu * 1000:.2f} ms | {cpu / off:.2f}x | {shown} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
