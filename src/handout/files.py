"""Files on disk, written atomically.

Only complete data is written, to a temporary file in the target folder that is
then renamed over the target.  A failure at any point leaves no new file and an
older file at that path untouched.  A new file gets the permissions the umask gives
any new file; a file that replaces another keeps that file's permission bits (a
read-only or group-writable PDF stays so when it is rebuilt).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from .errors import HandoutError

_UMASK = os.umask(0)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK
"""What ``open()`` would have given the file (``mkstemp`` makes it private)."""


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
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permission bits of the file at ``path`` if there is one, else a new file's."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return _FILE_MODE
