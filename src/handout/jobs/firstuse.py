"""A batch's fonts that are prepared on first use, prepared before its workers start.

A handout in Chinese, Japanese, Korean, Hebrew, Hindi, Bengali or Amharic is set in a
family cut from a pip package into the user's cache folder the first time one is
built (``text.fontfiles``: seconds, and for a CJK face hundreds of MB).  In a batch
the workers would each find the faces missing: the first to need a family would cut
it without a word on the terminal, under the worker's memory limit, while the others
wait for it, or cut another family at the same time.  So the parent does it first:
it reads which languages the handouts to build are written in, prepares the families
they need that the cache lacks, each announced on the terminal once, and the workers
find them ready.

When every family is ready (every run after the first) no content file is read here.
The language is read from the file's top-level ``language:`` line, without parsing
the YAML (a batch may hold thousands of files); a file written otherwise, or one that
cannot be read, is left to its worker, which prepares what it needs as ``build``
does, and reports a problem with the file as usual.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import HandoutError
from ..text import fontfiles

_LANGUAGE = re.compile(rb"""^(["']?)language\1[ \t]*:[ \t]*(["']?)([A-Za-z0-9_-]+)\2""", re.M)


def needed(sources: Iterable[Path]) -> list[str]:
    """The bundled families that the handouts in ``sources`` are set in and that are not
    prepared yet, in the order of ``fontfiles.BUNDLED``."""
    missing = [name for name in fontfiles.BUNDLED if not fontfiles.prepared(name)]
    if not missing:
        return []
    tags: set[str] = set()
    for source in dict.fromkeys(sources):
        try:
            found = _LANGUAGE.search(source.read_bytes())
        except OSError:
            continue
        if found:
            tags.add(found[3].decode("ascii"))
    wanted = {fontfiles.for_language(tag) for tag in tags}
    return [name for name in missing if name in wanted]


def prepare(sources: Iterable[Path]) -> None:
    """Prepare the families ``needed`` by ``sources`` (each announced through
    ``fontfiles.announce``).  A family that cannot be prepared (its package not
    installed, a cache folder that cannot be written) is left: each handout that needs
    it fails with the message saying what to do, as in ``build``."""
    for name in needed(sources):
        try:
            fontfiles.face_files(name)
        except HandoutError:
            continue
