"""Sheets of paper a print run takes: 200 generated handouts in each bundled style.

    python -m bench.sheets [--count 200] [--paper letter] [--json FILE]

For every bundled style, renders ``--count`` handouts of realistic shape
(``bench.shapes``, seeds 0..count-1) with fitting off (``fit.enabled: false``)
and on, and prints a Markdown table: pages (one-sided sheets), two-sided sheets,
how many handouts were tightened and how many sheets that saved.  Run it with
``PYTHONPATH`` pointing at an older ``src/`` to count that version's sheets (a
version without the ``fit`` key gets one column).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from handout.jobs import build
from handout.model import style as styles
from handout.model.stylemodel import Style

from . import shapes

STYLES = ("default", "large-print", "grayscale", "example-clinic")


def count(style: Style, n: int) -> dict[str, Any]:
    """Pages and sheets of ``n`` generated handouts in ``style``, without and with fitting."""
    has_fit = any(f.name == "fit" for f in dataclasses.fields(Style))
    modes: dict[str, Style] = {"plain": style}
    if has_fit:
        modes = {
            "plain": dataclasses.replace(style, fit=dataclasses.replace(style.fit, enabled=False)),
            "fitted": style,
        }
    out: dict[str, Any] = {}
    for mode, used in modes.items():
        pages: list[int] = []
        tightened = 0
        for seed in range(n):
            h = shapes.handout(seed)
            if has_fit:
                done = build.render_fitted(h, used)
                pages.append(done.pages)
                tightened += done.tightened
            else:
                pages.append(build.render(h, used)[1])
        out[mode] = {
            "pages": sum(pages),
            "duplex_sheets": sum((p + 1) // 2 for p in pages),
            "tightened": tightened,
            "by_pages": {str(k): pages.count(k) for k in sorted(set(pages))},
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sheets", description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--paper", choices=("letter", "a4"), default="letter")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    results = {
        name: count(styles.resolve(name).with_paper(args.paper), args.count) for name in STYLES
    }
    print(f"{args.count} generated handouts a style, {args.paper}:\n")
    print(
        "| style | pages, fitting off | pages, fitting on | saved | tightened "
        "| two-sided sheets, off / on |"
    )
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        plain = r["plain"]
        fitted = r.get("fitted", plain)
        saved = plain["pages"] - fitted["pages"]
        print(
            f"| {name} | {plain['pages']} | {fitted['pages']} | {saved} "
            f"| {fitted['tightened']} of {args.count} "
            f"| {plain['duplex_sheets']} / {fitted['duplex_sheets']} |"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
