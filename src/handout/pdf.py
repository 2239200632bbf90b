"""Flowables -> PDF bytes -> a file on disk, atomically.

Rendering happens in memory; only a complete PDF is written, to a temporary file
in the target folder that is then renamed over the target.  A failure at any
point leaves no new file and an older PDF at that path untouched.
"""

from __future__ import annotations

import functools
import io
import os
import tempfile
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from . import __version__, layout
from .content import Handout
from .errors import HandoutError
from .stylemodel import Style

_UMASK = os.umask(0)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK
"""What ``open()`` would have given the file (``mkstemp`` makes it private)."""

rl_config.shapeChecking = 0  # our shapes come from validated styles; skip the per-call checks
rl_config.useA85 = 0  # binary streams: 3% smaller files, and a pack need not re-encode them


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds each page until the end so the footer can say ``Page N of M``."""

    def __init__(self, *args: Any, decor: layout.Decor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._decor = decor
        self._held: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self._decor.draw(self, self._pageNumber, total)
            super().showPage()
        super().save()


def metadata(handout: Handout, style: Style) -> dict[str, Any]:
    return {
        "title": handout.title,
        "subject": "Patient handout comparing " + ", ".join(handout.items),
        "author": style.clinic.name or "",
        "keywords": ["patient handout", *handout.items],
        "creator": f"handout {__version__}",
        "producer": f"handout {__version__} (ReportLab)",
        "lang": handout.language,
        "displayDocTitle": True,
    }


def render(handout: Handout, style: Style) -> tuple[bytes, int]:
    """The PDF of one handout and its page count."""
    kit = layout.kit(style)
    story = layout.flowables(handout, style)
    decor = layout.Decor(handout, kit)
    x, y, w, h = kit.frame
    frame = Frame(
        x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body"
    )
    buf = io.BytesIO()
    page = style.page
    doc = BaseDocTemplate(
        buf,
        pagesize=(page.width, page.height),
        pageTemplates=[PageTemplate("page", [frame])],
        invariant=1,
        initialFontName=kit.body.chain.primary.regular,
        initialFontSize=kit.body.spec.size,
        **metadata(handout, style),
    )
    doc.build(story, canvasmaker=functools.partial(_NumberedCanvas, decor=decor))
    return buf.getvalue(), doc.page


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise HandoutError(f"{folder}: cannot create the output folder: {exc.strerror}") from None
    if path.is_dir():
        raise HandoutError(f"{path}: is a folder; give a file name ending .pdf")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise HandoutError(f"{folder}: cannot write here: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
