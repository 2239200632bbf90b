"""Turn the paths a user names into the list of YAML files to work on."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import UsageError
from ..names import STDIN, display_name, resolved, special_kind

YAML_SUFFIXES = (".yaml", ".yml")


def path_error(exc: OSError) -> UsageError:
    """A path the system will not even look at: a name too long, a folder one may not enter."""
    name = display_name(Path(exc.filename)) if exc.filename else "a path given"
    return UsageError(name, f"cannot be used: {exc.strerror or exc}")


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a folder means its ``*.yaml`` and ``*.yml`` files, sorted by name.

    ``-`` stands for standard input and is passed on as ``yamlfile.STDIN``, once.
    """
    try:
        return _expand(paths)
    except OSError as exc:
        raise path_error(exc) from None


def _expand(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path == STDIN:
            out.append(path)
        elif path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in YAML_SUFFIXES and p.is_file())
            if not found:
                raise UsageError(display_name(path), "folder holds no .yaml or .yml files")
            out.extend(found)
        elif path.exists():
            kind = special_kind(path.stat().st_mode)
            if kind:
                raise UsageError(display_name(path), f"is {kind}, not a file; give a YAML file")
            out.append(path)
        else:
            raise UsageError(display_name(path), "no such file or folder" + suffix_hint(path))
    seen: set[Path] = set()
    unique = []
    for path in out:
        key = path if path == STDIN else resolved(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def suffix_hint(path: Path, shown: str | None = None) -> str:
    """``; did you mean styles/lakeside.yaml?`` when only the suffix is missing, else ``""``.

    ``shown`` is the path as the user wrote it (by default, as ``display_name`` shows it).
    """
    if path.suffix.lower() in YAML_SUFFIXES:
        return ""
    for suffix in YAML_SUFFIXES:
        if Path(f"{path}{suffix}").is_file():
            return f"; did you mean {shown or display_name(path)}{suffix}?"
    return ""
