"""The one place YAML is read: safe, bounded, and with a line and column for every node.

PyYAML's composer recurses once per nesting level (in C, with the C loader), so a
deeply nested file can crash the interpreter.  We therefore read the *event* stream,
which libyaml produces iteratively, and build plain Python values from it ourselves,
enforcing limits on size, nesting depth and alias expansion as we go.  Tags other than
YAML's standard ones (``!!python/object``, ...) are refused, never constructed.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem

# How a file is named in messages lives in ``names``; callers reach it here, with the reading.
from ..names import STDIN as STDIN
from ..names import STDIN_NAME as STDIN_NAME
from ..names import display_name as display_name
from ..names import special_kind
from .yamllib import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's loader; the pure-Python one where PyYAML was built without libyaml."""

MAX_BYTES = 2 * 1024 * 1024
"""Largest file read at all; a handout is a few kilobytes."""
MAX_DEPTH = 40
"""Deepest nesting of mappings and lists; handout files need four levels."""
MAX_NODES = 200_000
"""Most values a file may hold once aliases are expanded ("billion laughs" guard)."""


PathKey = tuple[str | int, ...]
Location = tuple[int, int]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}
_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()


@dataclass
class YamlDoc:
    """Parsed data of one file with the location of every value and every key."""

    file: str
    data: Any
    locations: dict[PathKey, Location] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def where(self, path: PathKey) -> Location | None:
        """The location of ``path``, or of its nearest ancestor that has one."""
        while True:
            if path in self.locations:
                return self.locations[path]
            if not path:
                return None
            path = path[:-1]

    def problem(self, path: PathKey, message: str) -> Problem:
        loc = self.where(path)
        return Problem(
            self.file, loc[0] if loc else None, loc[1] if loc else None, format_path(path), message
        )


def format_path(path: PathKey) -> str:
    """``("comparison", 2, "values")`` -> ``comparison[2].values``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def read_text(path: Path, file: str | None = None) -> str:
    """Read a UTF-8 file (a byte-order mark is accepted) within the size limit."""
    file = file or display_name(path)
    if path == STDIN:
        return _read_stdin(file)
    try:
        if path.is_dir():
            raise file_error(file, "is a folder, not a YAML file")
        st = path.stat()
        kind = special_kind(st.st_mode)
        if kind:
            raise file_error(file, f"is {kind}, not a file; give a YAML file")
        size = st.st_size
        raw = b""
        if size <= MAX_BYTES:
            with path.open("rb") as f:  # bounded: a pipe or a device gives its size as 0
                raw = f.read(MAX_BYTES + 1)
        if size > MAX_BYTES or len(raw) > MAX_BYTES:
            limit = f"{MAX_BYTES // 1048576} MB"
            amount = f"{size / 1048576:.1f} MB" if size > MAX_BYTES else f"over {limit}"
            raise file_error(
                file, f"file is {amount}; the limit is {limit} (a handout is a few kilobytes)"
            )
    except FileNotFoundError:
        raise file_error(file, "file not found") from None
    except PermissionError:
        raise file_error(file, "cannot read: permission denied") from None
    except OSError as exc:
        raise file_error(file, f"cannot read: {exc.strerror}") from None
    return decode(raw, file)


def _read_stdin(file: str) -> str:
    raw = sys.stdin.buffer.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        limit = f"{MAX_BYTES // 1048576} MB"
        raise file_error(file, f"over {limit}; the limit is {limit} (a handout is a few kilobytes)")
    return decode(raw, file)


def file_error(file: str, message: str) -> InputError:
    """An error about a whole file rather than a place in it."""
    return InputError([Problem(file, None, None, "", message)])


def decode(raw: bytes, file: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    wide = wide_encoding(raw)
    if wide:
        raise file_error(
            file,
            f"this file is saved as {wide}; save it as UTF-8 (in Notepad: File, Save As, "
            "Encoding: UTF-8; in other editors: Save As or Reopen with Encoding, UTF-8)",
        )
    if b"\x00" in raw[:8192]:
        raise file_error(file, "this is a binary file, not a YAML text file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            [
                Problem(
                    file,
                    line,
                    col,
                    "",
                    f"byte 0x{raw[exc.start]:02X} is not UTF-8; save the file as UTF-8 "
                    "(in most editors: Save As, Encoding: UTF-8)",
                )
            ]
        ) from None


_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"),
    (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
    (b"\xff\xfe", "UTF-16 (little-endian)"),
    (b"\xfe\xff", "UTF-16 (big-endian)"),
)


def wide_encoding(raw: bytes) -> str | None:
    """``UTF-16 (little-endian)`` and the like when ``raw`` is UTF-16 or UTF-32 text.

    With a byte-order mark that says so; without one, told by where the zero bytes
    fall: mostly-ASCII text (YAML keys are) has a zero byte beside every character.
    """
    for bom, name in _BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:4096]
    if len(head) < 4 or b"\x00" not in head[:4]:
        return None
    n = len(head) // 4 * 4
    units = [head[i : i + 4] for i in range(0, n, 4)]
    for zeros, name in (
        ((1, 2, 3), "UTF-32 (little-endian)"),
        ((0, 1, 2), "UTF-32 (big-endian)"),
        ((1, 3), "UTF-16 (little-endian)"),
        ((0, 2), "UTF-16 (big-endian)"),
    ):
        fit = sum(all(u[z] == 0 for z in zeros) and u.count(0) == len(zeros) for u in units)
        if fit >= 0.9 * len(units):
            return name
    return None


def load(path: Path, file: str | None = None) -> YamlDoc:
    """Read and parse one YAML file; raise ``InputError`` for anything unreadable."""
    file = file or display_name(path)
    return parse(read_text(path, file), file)


def parse(text: str, file: str) -> YamlDoc:
    """Parse YAML text into a ``YamlDoc``; syntax errors raise ``InputError``."""
    refused = [_char_problem(file, text, m.start()) for m in REFUSED_CHARS.finditer(text)]
    if refused:
        raise InputError(refused[:MAX_CHAR_PROBLEMS])
    doc = YamlDoc(file, None)
    try:
        _Builder(doc).build(yaml.parse(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        raise InputError([_syntax_problem(file, text, exc)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml always gives a mark
        raise InputError([Problem(file, None, None, "", f"YAML error: {exc}")]) from None
    return doc


# Characters YAML refuses (control characters, U+FFFE, U+FFFF, lone surrogates) and
# those it reads as line breaks although editors do not (NEL, U+2028, U+2029): refused
# here with their line, so libyaml neither stops without a line nor miscounts lines.
# (Named one by one: the negated class of allowed characters means the same and takes
# seven times as long to compile, at every start.)
REFUSED_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)
SHOWN_WIDTH = 100
"""Most characters of the offending line shown under a syntax error."""
MAX_CHAR_PROBLEMS = 10
"""Most refused characters listed for one file; the rest show once these are gone."""


def _too_deep() -> str:
    return f"nested more than {MAX_DEPTH} levels deep; a handout file needs only a few"


def describe_char(char: str) -> str:
    """``the control character U+0007`` or ``the character U+2028 (LINE SEPARATOR)``."""
    kind = "control character" if unicodedata.category(char) == "Cc" else "character"
    name = unicodedata.name(char, "")
    return f"the {kind} U+{ord(char):04X}" + (f" ({name})" if name else "")


def _char_problem(file: str, text: str, index: int) -> Problem:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Problem(file, line, column, "", f"contains {describe_char(text[index])}; delete it")


def _syntax_problem(file: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    what = " ".join(s for s in (exc.context, exc.problem) if s)
    if mark is None:  # pragma: no cover
        return Problem(file, None, None, "", f"YAML syntax error: {what}")
    if "maximum nesting depth" in what:  # libyaml's own limit (PyYAML 6.0.4 and later)
        return Problem(file, mark.line + 1, mark.column + 1, "", _too_deep())
    lines = text.splitlines()
    if 0 <= mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
        what += " (a tab: indent with spaces, not tabs)"
    if exc.context == "while scanning an alias":
        what += f" ({_STAR_HINT})"
    if (exc.problem or "").startswith("mapping values are not allowed"):
        what += f" ({_colon_hint(lines[mark.line] if 0 <= mark.line < len(lines) else '')})"
    if exc.problem == "found unknown escape character":
        what += " (inside double quotes, write \\\\ for a backslash, or use single quotes)"
    ctx = exc.context_mark
    if ctx is not None and exc.problem in _UNCLOSED_QUOTE and "quoted" in (exc.context or ""):
        what = "the quote opened here is never closed; add the closing quote"
        mark = ctx
    else:
        opened = _quote_ending_on(text, mark.line)
        if opened is not None:
            what = (
                f"the quote opened here runs on to line {mark.line + 1}, where reading "
                f"stopped ({what}); add the closing quote on this line"
            )
            mark = opened
    shown = ""
    if 0 <= mark.line < len(lines):
        src = lines[mark.line].replace("\t", " ")
        start = max(0, mark.column - SHOWN_WIDTH // 2)  # a long line: show around the mark
        shown = f"\n    {src[start : start + SHOWN_WIDTH]}\n    {' ' * (mark.column - start)}^"
    return Problem(file, mark.line + 1, mark.column + 1, "", f"YAML syntax error: {what}{shown}")


_KEY_AND_TEXT = re.compile(
    r"^\s*(?P<dash>-\s+)?(?P<key>[^\s:#'\"\[{][^:#]*?):\s+(?P<rest>\S.*?)\s*$"
)
_KEY_WORD = re.compile(r"[a-z_][a-z0-9_]*")  # the keys of handout files: title, heading, ...
_SHOWN_HINT = 60  # a longer text is not repeated in the hint: the line is shown below


def _colon_hint(line: str) -> str:
    """The fix for the commonest slip, text holding ``: ``: quote it, shown on its line.

    ``text holding ": " must be in quotes: title: "Cold vs. Flu: What to Know"``;
    a list item of text (``- Cold: a virus: rest``) is quoted whole.
    """
    hint = 'text holding ": " must be in quotes'
    match = _KEY_AND_TEXT.match(line)
    if match is None or ":" not in match["rest"] and not match["dash"]:
        # not `key: text: more` (a line in the middle of a longer text, say)
        return f'{hint}: put the whole text in "double quotes"'
    if _KEY_WORD.fullmatch(match["key"]) and match["rest"][0] not in "'\"":
        lead, text = f"{match['key']}: ", match["rest"]
    elif match["dash"]:
        lead, text = "- ", line.split("-", 1)[1].strip()
    else:
        return f'{hint}: put the whole text in "double quotes"'
    if '"' in text and "'" not in text:
        quoted = f"'{text}'"
    else:
        quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if len(quoted) > _SHOWN_HINT:
        quoted = '"..."'
    return f"{hint}: {lead}{quoted}"


def _quote_ending_on(text: str, line: int) -> Any:
    """The start mark of a quoted value that runs on to ``line``, if there is one.

    An unclosed quote swallows the lines after it, so libyaml reports the error far
    below the real mistake; the quoted value it read shows where the mistake is.
    """
    opened = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.line > line:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.start_mark.line < token.end_mark.line == line
            ):
                opened = token.start_mark
    except yaml.YAMLError:
        pass
    return opened


_UNCLOSED_QUOTE = ("found unexpected end of stream", "found unexpected document indicator")
_STAR_HINT = 'text that starts with * or ** must be in quotes: "**Sudden** onset"'


class _Limit(Exception):
    def __init__(self, mark: Any, message: str) -> None:
        self.mark = mark
        self.message = message


class _Builder:
    """Turns a YAML event stream into Python values, iteratively and within limits."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0

    def build(self, events: Iterator[yaml.Event]) -> None:
        try:
            self._build(events)
        except _Limit as exc:
            loc = (exc.mark.line + 1, exc.mark.column + 1) if exc.mark else None
            raise InputError(
                [
                    Problem(
                        self.doc.file,
                        loc[0] if loc else None,
                        loc[1] if loc else None,
                        "",
                        exc.message,
                    )
                ]
            ) from None

    def _count(self, n: int, mark: Any) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise _Limit(
                mark,
                f"the file expands to more than {MAX_NODES:,} values (through aliases); "
                "refused as unsafe",
            )

    def _build(self, events: Iterator[Any]) -> None:
        # Each open container: [value, path, pending_key, anchor, size]
        stack: list[list[Any]] = []
        documents = 0
        root: Any = None
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Limit(
                        event.start_mark,
                        "a handout file holds one YAML document; remove the second '---'",
                    )
                continue
            if isinstance(
                event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)
            ):
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                value, _path, _key, anchor, size = stack.pop()
                if anchor:
                    self.anchors[anchor] = (value, size)
                self._attach(stack, value, size, event.start_mark)
                if not stack:
                    root = value
                continue

            path = self._child_path(stack)
            mark = event.start_mark
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in self.anchors:
                    raise _Limit(mark, f"unknown alias *{event.anchor} ({_STAR_HINT})")
                value, size = self.anchors[event.anchor]
                self._count(size, mark)
                self._record(path, mark)
                if self._attach(stack, value, size, mark) is None and not stack:
                    root = value
                continue

            tag = event.tag
            if tag and tag not in _STANDARD_TAGS and tag != "!":
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                raise _Limit(
                    mark,
                    f"the tag {shown} is not allowed; handout files hold plain text and lists",
                )
            self._count(1, mark)
            self._record(path, mark)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if len(stack) >= MAX_DEPTH:
                    raise _Limit(mark, _too_deep())
                container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
                stack.append([container, path, _NO_KEY, event.anchor, 1])
                continue
            value = self._scalar(event)
            if event.anchor:
                self.anchors[event.anchor] = (value, 1)
            if self._attach(stack, value, 1, mark) is None and not stack:
                root = value
        self.doc.data = root

    @staticmethod
    def _child_path(stack: list[list[Any]]) -> PathKey:
        if not stack:
            return ()
        container, path, key = stack[-1][0], stack[-1][1], stack[-1][2]
        if isinstance(container, list):
            return (*path, len(container))
        if key is _NO_KEY:
            return (*path, "<key>")
        return (*path, key)

    def _record(self, path: PathKey, mark: Any) -> None:
        if path and path[-1] == "<key>":
            return
        self.doc.locations.setdefault(path, (mark.line + 1, mark.column + 1))

    def _attach(self, stack: list[list[Any]], value: Any, size: int, mark: Any) -> Any:
        if not stack:
            return None
        top = stack[-1]
        top[4] += size
        container = top[0]
        if isinstance(container, list):
            container.append(value)
            return container
        if top[2] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise _Limit(mark, "a key must be plain text, not a list or mapping")
            key = value if isinstance(value, str) else str(value)
            path = (*top[1], key)
            if key in container:
                first = self.doc.locations.get(path)
                at = f" (first at line {first[0]})" if first else ""
                self.doc.problems.append(
                    Problem(
                        self.doc.file,
                        mark.line + 1,
                        mark.column + 1,
                        _fmt(path),
                        f"duplicate key '{key}'{at}; keep only one",
                    )
                )
                key = _Duplicate(key)
            else:
                self.doc.locations[path] = (mark.line + 1, mark.column + 1)
            top[2] = key
            return container
        key = top[2]
        if not isinstance(key, _Duplicate):
            container[key] = value
        top[2] = _NO_KEY
        return container

    def _scalar(self, event: Any) -> Any:
        explicit = bool(event.tag and event.tag != "!")
        if explicit:
            tag = event.tag
        else:
            tag = _resolver.resolve(yaml.ScalarNode, event.value, event.implicit)  # type: ignore[no-untyped-call]
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            # The tag's own constructor: ``construct_object`` would also remember every
            # node it built, which grows without bound over a batch.
            value = _constructor.yaml_constructors[tag](_constructor, node)
        except (yaml.constructor.ConstructorError, ValueError, KeyError) as exc:
            if not explicit:
                # Looks like a date but is not one (2026-13-01): keep the text and let
                # the schema report it at its key, alongside every other problem.
                return event.value
            message = f"cannot read the value {event.value!r}: {exc}"
            raise _Limit(event.start_mark, message) from None
        return value


class _Duplicate(str):
    """A repeated key: reported once, its value dropped."""


_NO_KEY = object()


def _fmt(path: PathKey) -> str:
    return format_path(path)
