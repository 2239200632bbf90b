"""File names as shown in messages and reports: one line each, never ambiguous.

A file name may hold any byte but ``/`` and NUL: a newline would split a log line,
and bytes that are not UTF-8 reach Python as lone surrogates (``\\udcXX``), which
JSON cannot carry.  ``escape`` writes them the way Python writes bytes:

- ``\\\\`` for a backslash; ``\\n``, ``\\r``, ``\\t``; ``\\xNN`` for any other control
  character (below 0x20, and 0x7F);
- ``\\uNNNN`` for the C1 control characters U+0080 to U+009F and for the
  invisible line and paragraph separators U+2028 and U+2029;
- ``\\xNN`` with NN 80 to FF for a byte that is not part of valid UTF-8.

Everything else is the name's own text.  ``unescape`` reverses it exactly, to the
name's bytes (``os.fsencode`` of the name Python saw).
"""

from __future__ import annotations

import functools
import os
import re
import stat
from pathlib import Path

_SIMPLE = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SPECIAL = re.compile(r"[\\\x00-\x1f\x7f\x80-\x9f\u2028\u2029\udc80-\udcff]")
_ESCAPE = re.compile(r"\\(\\|n|r|t|x[0-9a-f]{2}|u[0-9a-f]{4})")


def _one(match: re.Match[str]) -> str:
    char = match[0]
    if char in _SIMPLE:
        return _SIMPLE[char]
    code = ord(char)
    if code < 0x80:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def escape(text: str) -> str:
    """``text`` on one unambiguous line (see the module's description)."""
    return _SPECIAL.sub(_one, text)


def unescape(text: str) -> bytes:
    """The bytes of the name that ``escape`` wrote as ``text``."""
    out = bytearray()
    pos = 0
    for match in _ESCAPE.finditer(text):
        out += text[pos : match.start()].encode("utf-8")
        code = match[1]
        if code[0] == "x" and int(code[1:], 16) >= 0x80:
            out.append(int(code[1:], 16))
        elif code[0] in "xu":
            out += chr(int(code[1:], 16)).encode("utf-8")
        else:
            out += {"\\": b"\\", "n": b"\n", "r": b"\r", "t": b"\t"}[code]
        pos = match.end()
    out += text[pos:].encode("utf-8")
    return bytes(out)


def shown(path: Path) -> str:
    """The path as the user would type it (relative to the working folder if inside), escaped."""
    try:
        name = str(resolved(path).relative_to(_folder(os.getcwd())))
    except (ValueError, OSError):
        name = str(path)
    return escape(name)


def resolved(path: Path) -> Path:
    """``path.resolve()``, with the folder it is in resolved once per process: a batch
    names thousands of files in a few folders, each several times (messages, report)."""
    try:
        if path.name in ("", ".", "..") or path.is_symlink():
            return path.resolve()
    except OSError:
        return path.resolve()
    return _folder(os.path.join(os.getcwd(), path.parent)) / path.name


@functools.lru_cache(maxsize=1024)
def _folder(folder: str) -> Path:
    """``Path(folder).resolve()`` of an absolute ``folder``."""
    return Path(folder).resolve()


def restored(text: str) -> Path:
    """The path a report names as ``text``."""
    return Path(os.fsdecode(unescape(text)))


STDIN = Path("-")
"""A content argument ``-``: read standard input (shown as ``<stdin>``)."""
STDIN_NAME = "<stdin>"


def display_name(path: Path) -> str:
    """The path as the user would type it, relative to the working folder when inside it.

    Control characters and bytes that are not UTF-8 are escaped (``names.escape``),
    so that a message about the file stays one unambiguous line.
    """
    if path == STDIN:
        return STDIN_NAME
    return shown(path)


def special_kind(mode: int) -> str | None:
    """What a path is when it is neither a file nor a folder (reading it could block forever)."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return None
