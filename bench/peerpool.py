"""The other tools' batch: a pool of worker processes rendering content files in memory.

    python -m bench.peerpool reportlab|typst|weasyprint FOLDER --jobs 2

What anyone would write to print a folder of handouts with a plain library: a
``multiprocessing`` pool whose workers load the fonts once (the initializer), then
each reads a content file and renders it to PDF bytes, which are not written.  Prints
one line of JSON: the seconds from creating the pool to the last PDF, and how many
were made.  ``handout batch`` does more for the same handouts (every PDF written
atomically, a digest of each, a line per handout, a summary, a worker that dies
replaced): the comparison is what the user waits for, not the same work.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path

from handout.model import content

_render: Callable[[content.Handout], bytes] | None = None


def _start(tool: str) -> None:
    """A worker's initializer: the tool's fonts (and compiler) loaded once."""
    global _render
    if tool == "reportlab":
        from . import plain_reportlab

        plain_reportlab.register_fonts()
        _render = plain_reportlab.render
    elif tool == "typst":
        from . import typst_doc

        _render = typst_doc.Renderer().render
    elif tool == "weasyprint":
        from . import weasy_doc

        _render = weasy_doc.Renderer().render
    else:
        raise ValueError(f"unknown tool {tool}")


def _one(source: str) -> int:
    assert _render is not None
    data = _render(content.load(Path(source)))
    if not data.startswith(b"%PDF"):
        raise RuntimeError(f"{source}: not a PDF")
    return len(data)


def run(tool: str, sources: list[str], jobs: int) -> dict[str, float | int]:
    """Render every source in a pool of ``jobs`` processes; seconds and count."""
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(jobs, _start, (tool,)) as pool:
        sizes = pool.map(_one, sources, chunksize=max(1, len(sources) // (jobs * 8)))
    return {"seconds": time.perf_counter() - start, "pdfs": len(sizes)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.peerpool")
    parser.add_argument("tool", choices=("reportlab", "typst", "weasyprint"))
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    sources = sorted(str(p) for p in args.folder.glob("*.yaml"))
    print(json.dumps(run(args.tool, sources, args.jobs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
