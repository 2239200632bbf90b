"""Files on disk, written atomically.

Only complete data is written, to a temporary file in the target folder that is
then renamed over the target.  A failure at any point leaves no new file and an
older file at that path untouched, and becomes one ``HandoutError`` line that
says what to do (a full disk, a quota, a read-only or failing disk).  A new file
gets the permissions the umask gives any new file; a file that replaces another
keeps that file's permission bits (a read-only or group-writable PDF stays so when
it is rebuilt).
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from . import signals
from .errors import HandoutError
from .names import shown

_UMASK = os.umask(0)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK
"""What ``open()`` would have given the file (``mkstemp`` makes it private)."""

_ADVICE = {
    errno.ENOSPC: "the disk is full; free some space (or choose another folder) and run again",
    errno.EDQUOT: "your disk quota is used up; free some space (or choose another folder) "
    "and run again",
    errno.EROFS: "the disk is read-only; choose a folder you can write to",
    errno.EIO: "the disk reported an input/output error (a failing disk, or a network "
    "drive gone); check it, or choose another folder",
    errno.EACCES: "permission denied; choose a folder you can write to",
    errno.EPERM: "permission denied; choose a folder you can write to",
}


def write_problem(path: Path, exc: OSError) -> HandoutError:
    """One clear line for a file that could not be written."""
    advice = _ADVICE.get(exc.errno or 0) or (exc.strerror or str(exc))
    return HandoutError(f"{shown(path)}: cannot write: {advice}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A stop (Ctrl-C, SIGTERM) waits until the file is whole and in place
    (``signals.deferred``), and any other failure removes the temporary file: nothing is
    left half done."""
    write_atomic_chunks(path, (data,))


def write_atomic_chunks(path: Path, chunks: Iterable[bytes]) -> None:
    """``write_atomic`` of the bytes of ``chunks`` in turn, made as they are written."""
    tmp: Path | None = None
    with signals.deferred():
        try:
            with temporary(path) as (out, tmp):
                for chunk in chunks:
                    out.write(chunk)
            commit(tmp, path)
        except BaseException:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            raise


def write_temporary(path: Path, data: bytes) -> Path:
    """Write ``data`` to a new temporary file beside ``path``; ``commit`` puts it in place."""
    with temporary(path) as (out, tmp):
        out.write(data)
    return tmp


@contextmanager
def temporary(path: Path) -> Iterator[tuple[BinaryIO, Path]]:
    """An open temporary file beside ``path``, removed again if the block fails."""
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if exc.errno == errno.EEXIST or exc.errno == errno.ENOTDIR:
            raise HandoutError(f"{shown(folder)}: is a file, not a folder") from None
        raise write_problem(folder, exc) from None
    if path.is_dir():
        raise HandoutError(f"{shown(path)}: is a folder; give a file name")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise write_problem(folder, exc) from None
    try:
        tmp = Path(name)
        with os.fdopen(fd, "wb") as out:
            yield out, tmp
        os.chmod(tmp, _mode_for(path))
    except OSError as exc:
        Path(name).unlink(missing_ok=True)
        raise write_problem(path, exc) from None
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permission bits of the file at ``path`` if there is one, else a new file's."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return _FILE_MODE


def commit(tmp: Path, path: Path) -> None:
    """Rename a finished temporary file over ``path`` (removed again if that fails)."""
    try:
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise write_problem(path, exc) from None


def check_writable(path: Path, what: str) -> None:
    """Refuse a place nothing could be written to, before any work: make and remove a file there.

    ``path`` is a folder (``what`` is how the user named it, e.g. ``-o``) whose
    missing parts are created, as writing would create them.
    """
    try:
        path.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".handout-check.", suffix=".tmp", dir=path)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        if exc.errno in (errno.EEXIST, errno.ENOTDIR):
            raise HandoutError(f"{shown(path)}: is a file, not a folder ({what})") from None
        raise HandoutError(
            f"{write_problem(path, exc).message} ({what}; nothing was built)"
        ) from None


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
